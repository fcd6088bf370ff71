"""The problem report as CSV: row,column,severity,code,message,value (UTF-8 with BOM for Excel)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from addin.core.problems import Problem
from addin.core.template import Dialect
from addin.files.csv_writer import write_csv

REPORT_HEADER = ["row", "column", "severity", "code", "message", "value"]
REPORT_DIALECT = Dialect(delimiter=",", encoding="utf-8", bom=True, line_ending="\r\n")


def report_rows(problems: Iterable[Problem]) -> list[list[str]]:
    return [["" if p.row is None else str(p.row), p.column, p.severity, p.code, p.message,
             p.value] for p in problems]


def write_report(path: Path, problems: Iterable[Problem]) -> None:
    write_csv(path, REPORT_HEADER, report_rows(problems), REPORT_DIALECT)
