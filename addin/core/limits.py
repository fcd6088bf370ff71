"""The most rows and bytes a target's importer takes in one file (`max_rows`, `max_bytes`).

Kimai's importer refuses more than 5,000 rows or 4,096 KB (kevinpapst/ImportBundle
Importer/ImporterService.php MAX_ROWS, MAX_FILESIZE), Tabs3 9,999 records, Clockify 10 MB: a
file over the limit is an error before it is written, never a file the importer turns away.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from addin.core.problems import Problem
from addin.core.records import format_record, python_encoding
from addin.core.template import Template


def record_bytes(values: Sequence[str], template: Template) -> int:
    """Bytes one output record takes in the target's encoding (an unencodable character is
    reported elsewhere; here it counts as one byte)."""
    text = format_record(values, template.dialect)
    return len(text.encode(python_encoding(template.dialect).replace("-sig", ""),
                           errors="replace"))


def limit_problems(template: Template, rows: int, size: int,
                   how_to_split: Callable[[int], str], where: str = "") -> list[Problem]:
    """An error for each limit of the template that `rows` data rows of `size` bytes exceed.

    `how_to_split(n)` says, in the user's channel, how to write files of at most n rows."""
    problems = []
    part = f" ({where})" if where else ""
    if template.max_rows is not None and rows > template.max_rows:
        problems.append(Problem(
            None, "file", "error", "too-many",
            f"{template.target} takes at most {template.max_rows:,} rows in one file; this"
            f" file{part} has {rows:,}. {how_to_split(template.max_rows)}"))
    if template.max_bytes is not None and size > template.max_bytes:
        fits = max(1, rows * template.max_bytes // size - 1) if rows else 1
        problems.append(Problem(
            None, "file", "error", "too-many",
            f"{template.target} takes files of at most {template.max_bytes:,} bytes; this"
            f" file{part} has {size:,}. {how_to_split(fits)}"))
    return problems
