"""Cells whose value cannot be used, as every reader hands them over: a spreadsheet error
(`#N/A`, a formula never calculated), bytes that are not UTF-8 in a UTF-8 file, or text already
read in the wrong encoding ('MÃ¼ller'); each is read as empty and reported, never guessed."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from addin.core.header import column_name
from addin.core.problems import Problem, Report

# UTF-8 read as Windows-1252 and saved as UTF-8 again: 'Ã¼' for 'ü', 'â€™' for '’', 'Å¡' for 'š'.
MOJIBAKE = re.compile("[\u00c2\u00c3\u00c5\u00e2][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178"
                      "\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022"
                      "\u2026\u2030\u2039\u203a\u20ac\u2122]")


@dataclass(frozen=True)
class CellError:
    """A cell whose value cannot be used: an error such as #N/A, or a formula never calculated."""

    shown: str  # '#N/A', or the formula text
    formula: bool = False

    def message(self) -> str:
        if self.formula:
            return (f"the cell holds the formula {self.shown} but no saved result (the file was"
                    " not last saved by Excel); open it in Excel and save it, or paste the"
                    " values in place of the formulas")
        return (f"the cell shows {self.shown}, a spreadsheet error; fix the formula in the"
                " source, or type the value")


@dataclass(frozen=True)
class UndecodableCell:
    """A cell of a UTF-8 file holding bytes that are not UTF-8, or text already read in the wrong
    encoding ('MÃ¼ller'): read as empty, and reported."""

    shown: str  # the text, each odd byte written as \xNN
    meant: str = ""  # what misread text says when read right

    def message(self) -> str:
        if self.meant:
            return (f"the cell reads {self.shown!r}, which is {self.meant!r} read in the wrong"
                    " encoding at some point (pasted or imported from a file in another"
                    " encoding), so it is read as empty; retype the value in the source")
        return (f"the cell holds bytes that are not UTF-8 ({self.shown!r}) in a file that is"
                " otherwise UTF-8 (text pasted from another program?), so it is read as empty;"
                " retype the value, or save the file from Excel as 'CSV UTF-8'")


def misread(cell: str) -> UndecodableCell | None:
    """The cell as an error when its text is UTF-8 already read as Windows-1252 ('MÃ¼ller')."""
    if MOJIBAKE.search(cell):
        for wrong in ("cp1252", "latin-1"):
            try:
                meant = cell.encode(wrong).decode("utf-8")
            except UnicodeError:
                continue
            # Text that decodes to control characters was never UTF-8 read wrongly.
            if not any(unicodedata.category(ch) == "Cc" and ch not in "\t\r\n" for ch in meant):
                return UndecodableCell(cell, meant)
    return None


BAD_CELLS = (CellError, UndecodableCell)


def without_cell_errors(number: int, cells: Sequence[object], header: Sequence[str],
                        report: Report | None, read: Collection[int] | None = None) -> list[object]:
    """Row `number` with each error cell (a spreadsheet error, bytes that are not UTF-8) read as
    empty and, when `report` is given, reported naming its column and what the cell shows: an
    error, or a warning where nothing reads the column (`read`: the indexes read; None: all)."""
    clean: list[object] = []
    for index, cell in enumerate(cells):
        if isinstance(cell, BAD_CELLS):
            if report is not None:
                code = "cell-error" if isinstance(cell, CellError) else "bad-encoding"
                unread = read is not None and index not in read
                message = cell.message() + (
                    " (nothing reads this column, so nothing is lost)" if unread else "")
                report.add(Problem(number, column_name(header, index),
                                   "warning" if unread else "error", code, message,
                                   cell.shown))
            cell = None
        clean.append(cell)
    return clean
