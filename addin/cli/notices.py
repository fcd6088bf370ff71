"""Warning lines on stderr, shared by the commands."""

from __future__ import annotations

import sys


def print_warning(message: str) -> None:
    print(f"warning: {message}", file=sys.stderr)
