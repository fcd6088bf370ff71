"""Pure operations on a block of cell values, for the ribbon's in-place buttons.

The Excel shell reads a selection in one call, calls one of these, and writes the result back
in one call. Nothing here knows about Excel objects; cells are addressed (row, column), 1-based.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from addin.convert.date_order import DateOrderVote
from addin.convert.dates import parse_date
from addin.convert.durations import parse_duration, to_unit
from addin.convert.numbers import DecimalSepVote
from addin.core.cells import address
from addin.core.problems import ConversionError, Problem

Block = list[list[object]]
NUMBERISH = re.compile(r"^\s*[+-]?\d[\d.,\s]*\s*$")


@dataclass
class BlockResult:
    values: Block  # same shape as the input; unchanged cells keep their value
    changed: list[tuple[int, int]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    note: str = ""


def _empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _is_header(value: object, row: int) -> bool:
    """A text in the first row of the sheet that is not data: a column title."""
    return row == 1 and isinstance(value, str)


def hours_to(values: Sequence[Sequence[object]], unit: str, top: int, left: int) -> BlockResult:
    """Durations (decimal hours, 0,25, 1:30, 90 min, time cells) as minutes or seconds, exactly.

    A column title in row 1 is left alone; what cannot be read is reported and left unchanged.
    """
    vote = DecimalSepVote()
    for line in values:
        for value in line:
            if isinstance(value, str) and NUMBERISH.match(value):
                vote.add(value)
    out: Block = [list(line) for line in values]
    result = BlockResult(out)
    for i, line in enumerate(values):
        for j, value in enumerate(line):
            row, col = top + i, left + j
            if _empty(value) or (_is_header(value, row) and not NUMBERISH.match(str(value))):
                continue
            try:
                seconds = parse_duration(value, vote.decision, "hours")
                converted = to_unit(seconds, unit)
            except ConversionError as exc:
                result.problems.append(Problem(row, address(row, col), "error", exc.code,
                                               exc.message, str(value)))
                continue
            out[i][j] = converted
            result.changed.append((row, col))
    result.note = f"{len(result.changed)} cells converted from hours to {unit}"
    return result


def reformat_dates(values: Sequence[Sequence[object]], top: int, left: int,
                   order: str | None = None, words: tuple[str, str] | None = None
                   ) -> BlockResult:
    """Dates as real dates (the shell applies the number format), one day/month order per column.

    Each column of the block is decided on its own, from its values; `order` is used only when
    every value of a column fits both orders. Ambiguous or unreadable cells are reported.
    """
    out: Block = [list(line) for line in values]
    result = BlockResult(out)
    width = max((len(line) for line in values), default=0)
    for j in range(width):
        cells = [(top + i, line[j]) for i, line in enumerate(values) if j < len(line)]
        data = [(r, v) for r, v in cells if not _empty(v) and not (
            _is_header(v, r) and not any(ch.isdigit() for ch in str(v)))]
        vote = DateOrderVote()
        for _, value in data:
            vote.add(value)
        chosen, reason = vote.decide(order, *(words or ()))
        if vote.day_first and vote.month_first or (chosen is None and vote.either):
            for r, value in data:
                result.problems.append(Problem(r, address(r, left + j), "error",
                                               "ambiguous-date", reason, str(value)))
            continue
        for r, value in data:
            try:
                date = parse_date(value, chosen)
            except ConversionError as exc:
                result.problems.append(Problem(r, address(r, left + j), "error", exc.code,
                                               exc.message, str(value)))
                continue
            out[r - top][j] = dt.datetime(date.year, date.month, date.day)
            result.changed.append((r, left + j))
    result.note = f"{len(result.changed)} cells now dates"
    return result


EXCEL_TOKENS = [("YYYY", "yyyy"), ("YY", "yy"), ("MMMM", "mmmm"), ("MMM", "mmm"), ("MM", "mm"),
                ("M", "m"), ("DD", "dd"), ("D", "d"), ("HH", "hh"), ("H", "h"), ("hh", "hh"),
                ("h", "h"), ("mm", "mm"), ("ss", "ss"), ("A", "AM/PM")]


def excel_number_format(pattern: str) -> str:
    """A template's date/time pattern as an Excel number format (English codes)."""
    if "%" in pattern:
        strftime = {"%Y": "yyyy", "%y": "yy", "%m": "mm", "%d": "dd", "%H": "hh", "%I": "hh",
                     "%M": "mm", "%S": "ss", "%p": "AM/PM", "%b": "mmm", "%B": "mmmm"}
        for code, excel in strftime.items():
            pattern = pattern.replace(code, excel)
        return pattern
    out = ""
    i = 0
    while i < len(pattern):
        for token, excel in EXCEL_TOKENS:
            if pattern.startswith(token, i):
                out += excel
                i += len(token)
                break
        else:
            ch = pattern[i]
            out += ch if not ch.isalpha() else f"\\{ch}"
            i += 1
    return out


def pattern_of_number_format(number_format: str | None) -> str | None:
    """A date-only Excel number format as a template's date pattern (`m/d/yyyy` is M/D/YYYY),
    or None for anything else (a time, a text format, General, a mixed range)."""
    text = re.sub(r"\[[^\]]*\]|;.*$", "", number_format or "")  # [$-409] locale, ;@ section
    text = text.replace("\\", "").replace('"', "")
    if not text or re.search(r"[^ymdYMD\s/.,-]", text) or not {"y", "m", "d"} <= set(text.lower()):
        return None
    return text.upper()


ELAPSED = "[h]"  # a pattern of hours past a day (Excel's [h]:mm), which no date pattern writes


def time_pattern_of_number_format(number_format: str | None) -> str | None:
    """A time-only Excel number format as a template's time pattern (`h:mm AM/PM` is h:mm A,
    `hh:mm:ss` is HH:mm:ss, `[h]:mm` elapsed hours [h]:mm), or None for anything else."""
    text = re.sub(r"\[\$[^\]]*\]|;.*$", "", number_format or "").replace("\\", "")
    text = text.replace('"', "").strip().lower()
    elapsed = text.startswith("[h")
    text = re.sub(r"^\[(h+)\]", r"\1", text)
    twelve = re.search(r"\s*(am/pm|a/p)$", text)
    if twelve:
        text = text[:twelve.start()]
    found = re.fullmatch(r"(h{1,2}):mm(:ss)?", text)
    if not found or (elapsed and twelve):
        return None
    seconds = found.group(2) or ""
    if elapsed:
        return f"{ELAPSED}:mm{seconds}"
    hour = found.group(1) if twelve else found.group(1).upper()
    return f"{hour}:mm{seconds}" + (" A" if twelve else "")


def shown_pattern_of_number_format(number_format: str | None) -> str | None:
    """The pattern a date, time or date-and-time cell is shown in (`m/d/yyyy h:mm` is
    M/D/YYYY H:mm), or None when the format is none of them."""
    date, _, time = (number_format or "").strip().partition(" ")
    if time:
        date_pattern, time_pattern = (pattern_of_number_format(date),
                                      time_pattern_of_number_format(time))
        if date_pattern and time_pattern and ELAPSED not in time_pattern:
            return f"{date_pattern} {time_pattern}"
    return pattern_of_number_format(number_format) or time_pattern_of_number_format(
        number_format)


def decimal_to_cell(value: Decimal) -> int | float:
    """What Excel stores: an int when whole, else the nearest float."""
    return int(value) if value == value.to_integral_value() else float(value)
