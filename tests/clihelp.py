"""Run the command line in-process and capture exactly what it prints."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from addin.cli.main import main


@dataclass
class Result:
    code: int
    out: str
    err: str


def run(capsys: pytest.CaptureFixture[str], *args: object) -> Result:
    code = main([str(a) for a in args])
    captured = capsys.readouterr()
    return Result(code, captured.out, captured.err)
