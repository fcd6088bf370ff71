"""Voice lines split into fields: CaseClock's recordings read "0.1 — email to client re next
steps — Jones file", one column holding duration, narrative and matter. The column is split
into virtual columns ("Entry (duration)", ...) that the profile reads like any other, so the
duration is read and checked as a duration column is.

A line is split at one kind of separator: em dashes (or horizontal bars) if it has any, else en
dashes (or figure dashes, minus signs), else hyphens (one or two) with a space each side; a
hyphen inside the narrative ("follow-up") never splits. A line with another number of
separators than the fields need is a row problem, never a guess.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from addin.convert.text import normalize_header
from addin.core import fixes
from addin.core.canonical import FIELDS
from addin.core.errors import UsageError
from addin.core.problems import Problem, Report

SEPARATORS = (re.compile(r"\s*[\u2014\u2015]\s*"), re.compile(r"\s*[\u2013\u2012\u2212]\s*"),
              re.compile(r"\s+--?\s+"))
# The duration forms a voice line starts with: 0.1, 0,25, 1:30.
DURATION = re.compile(r"\d+(?:[.,]\d+)?|\d+:\d{2}")
DETECT_ROWS = 200  # rows looked at to recognise a column of voice lines
VOICE_FIELDS = ("duration", "description", "matter")

Numbered = Iterable[tuple[int, Sequence[object]]]


def split_line(text: str, parts: int) -> list[str] | None:
    """The line's parts at its separators; None unless there are exactly `parts` of them."""
    found = _parts(text)
    return found if found is not None and len(found) == parts and all(found) else None


def why_unsplit(text: str, parts: int) -> str:
    """Why the line does not split into `parts` (split_line gave None)."""
    found = _parts(text)
    if found is None:
        return "no dash separates its parts"
    if not all(found):
        return "a part between its dashes is empty"
    return f"its dashes make {len(found)} parts, not {parts}"


def _parts(text: str) -> list[str] | None:
    """The line cut at its first kind of separator, None when it has none."""
    for separator in SEPARATORS:
        if separator.search(text):
            return [p.strip() for p in separator.split(text.strip())]
    return None


@dataclass(frozen=True)
class LineSplit:
    index: int  # the source column of the lines
    column: str  # its header
    fields: tuple[str, ...]
    width: int  # the source header's width: the parts go after it
    detected: bool = False  # recognised from the values, not asked for

    @property
    def names(self) -> list[str]:
        return [f"{self.column} ({name})" for name in self.fields]

    def header(self, header: Sequence[str]) -> list[str]:
        return [*header, *self.names]

    def assignment(self) -> tuple[tuple[str, str], ...]:
        """The virtual columns read as their fields, the column of lines left out."""
        return (*zip(self.names, self.fields, strict=True), (self.column, ""))

    def cells(self, cells: Sequence[object]) -> list[object]:
        """The row with the line's parts after it (empty when the line does not split)."""
        value = cells[self.index] if self.index < len(cells) else None
        parts = split_line(value, len(self.fields)) if isinstance(value, str) else None
        padding = [None] * (self.width - len(cells))  # a short row's missing cells are empty
        return [*cells, *padding, *([None] * len(self.fields) if parts is None else parts)]

    def rows(self, rows: Numbered, report: Report) -> Iterator[tuple[int, list[object]]]:
        """The rows split, each line that does not split reported on its row."""
        for number, cells in rows:
            value = cells[self.index] if self.index < len(cells) else None
            text = value.strip() if isinstance(value, str) else value
            if text and (not isinstance(text, str) or split_line(text, len(self.fields)) is None):
                why = (why_unsplit(text, len(self.fields)) if isinstance(text, str)
                       else "it is no text")
                report.add(Problem(number, self.column, "error", "unsplit-line",
                                   f"does not read as {self.form()} ({why}); write it so, with a"
                                   " dash between the parts, or correct the entry in the source",
                                   str(value)))
            yield number, self.cells(cells)

    def unsplit(self, cells: Sequence[object]) -> bool:
        """Whether the row's line is there but did not split (reported by `rows`): its parts'
        fields then failed, and the row is not told again that they are empty."""
        value = cells[self.index] if self.index < len(cells) else None
        parts = cells[self.width:self.width + len(self.fields)]
        return (value is not None and (not isinstance(value, str) or bool(value.strip()))
                and all(p is None for p in parts))

    def form(self) -> str:
        return " \u2014 ".join(name.upper() for name in self.fields)

    def asked(self) -> str:
        """The split as the user writes it: 'Entry=duration,description,matter'."""
        return f"{self.column}={','.join(self.fields)}"

    def note(self, channel: str) -> str:
        how = "recognised from its values" if self.detected else "as you asked"
        return (f"{self.column!r} holds voice lines ({self.form()}), {how}: read as"
                f" {', '.join(self.fields)}; to read it otherwise,"
                f" {'give' if self.detected else 'change'}"
                f" {fixes.split(self.asked()).render(channel)}")


def parse_split(text: str, header: Sequence[str]) -> LineSplit:
    """'Entry=duration,description,matter' -> the split of the column Entry."""
    column, sep, names = text.rpartition("=")
    fields = tuple(n.strip().lower() for n in names.split(",") if n.strip())
    if not sep or not column.strip() or len(fields) < 2:
        raise UsageError(f"split {text!r}: write COLUMN=field,field[,field], e.g."
                         " Entry=duration,description,matter")
    for name in fields:
        if name not in FIELDS:
            raise UsageError(f"split {text!r}: {name!r} is not a field (see 'importmap fields')")
        if fields.count(name) > 1:
            raise UsageError(f"split {text!r}: {name} is named twice; name each field once")
    keys = [normalize_header(h) for h in header]
    key = normalize_header(column)
    if key not in keys:
        names = ", ".join(repr(h) for h in header if h.strip())
        raise UsageError(f"split {text!r}: the source has no column {column.strip()!r}; its"
                         f" columns: {names}")
    return LineSplit(keys.index(key), header[keys.index(key)], fields, len(header))


def near_lines(header: Sequence[str], rows: Iterable[Sequence[object]],
               unread: Sequence[int]) -> tuple[LineSplit, int, int] | None:
    """A column nothing reads whose values are voice lines in two at least and half at least,
    but not all (so `detect` does not split it): the split it would take, the lines that fit
    it and the values looked at."""
    for index in unread:
        values = _texts(rows, index)
        for count in (3, 2):
            fits = sum(1 for v in values if (p := split_line(v, count)) is not None
                       and DURATION.fullmatch(p[0]))
            if fits >= 2 and 2 * fits >= len(values):
                return (LineSplit(index, header[index], VOICE_FIELDS[:count], len(header)), fits,
                        len(values))
    return None


def detect(header: Sequence[str], rows: Iterable[Sequence[object]],
           unread: Sequence[int]) -> LineSplit | None:
    """A column nothing reads whose every value (two at least) is a voice line starting with a
    duration: split as duration, narrative and matter (or duration and narrative)."""
    sample = [list(cells) for _, cells in zip(range(DETECT_ROWS), rows, strict=False)]
    for index in unread:
        values = _texts(sample, index)
        if len(values) < 2:
            continue
        for count in (3, 2):
            split = [split_line(v, count) for v in values]
            if all(p is not None and DURATION.fullmatch(p[0]) for p in split):
                return LineSplit(index, header[index], VOICE_FIELDS[:count], len(header),
                                 detected=True)
    return None


def _texts(rows: Iterable[Sequence[object]], index: int) -> list[str]:
    """The column's text values, trimmed, blanks left out."""
    return [v.strip() for c in rows if index < len(c)
            for v in (c[index],) if isinstance(v, str) and v.strip()]
