"""Reading time spent, every way people write it: decimal hours (0.1, 0,25), h:mm and h:mm:ss,
units (90 min, 1h 30m), ISO 8601 (PT1H30M) and Excel time cells, into an exact ``Decimal``
number of seconds (0.1 h is 360 s)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from fractions import Fraction

from addin.convert.clocktime import ClockTime
from addin.convert.exact import exact_decimal, scaled, tidy
from addin.convert.excel_serials import COM_DAY_0, is_com_time
from addin.convert.memo import value_memo
from addin.convert.numbers import parse_number
from addin.core.problems import ConversionError

UNIT_SECONDS = {"hours": 3600, "minutes": 60, "seconds": 1, "days": 86400}
_HINT = "write decimal hours (1.5), h:mm (1:30), h:mm:ss (1:30:00) or a unit (90 min, 1h 30m)"
_NUMERIC = re.compile(r"[+\-\u2212]?[0-9.,' \u00a0\u202f]+")
_CLOCK = re.compile(r"(\d+):(\d{1,2})(?::(\d{1,2})(?:[.,](\d+))?)?")
_PART = re.compile(
    r"(?P<sep>\s*(?:,|\band\b)\s*|\s*)(?P<num>\d+(?:[.,]\d+)?|[.,]\d+)"
    r"\s*(?:(?P<unit>[a-z]+)\.?)?",
    re.IGNORECASE,
)
# ISO 8601 time spent (PT1H30M, P1DT2H), as exports born from JSON APIs write it. Years and
# months have no fixed length in seconds, so they are not read.
_ISO = re.compile(r"P(?:(?P<d>\d+)D)?(?:T(?=\d)(?:(?P<h>\d+(?:[.,]\d+)?)H)?"
                  r"(?:(?P<m>\d+(?:[.,]\d+)?)M)?(?:(?P<s>\d+(?:[.,]\d+)?)S)?)?", re.IGNORECASE)
_ISO_SECONDS = {"d": 86400, "h": 3600, "m": 60, "s": 1}
# A duration's unit as sheets write it, in a value ("2 Std.", "45 Minuten") or a header
# ("Temps (en heures)"): English, and the words of French, German, Spanish, Italian, Dutch and
# Portuguese sheets.
UNIT_WORDS = {
    "hours": frozenset({"h", "hr", "hrs", "hour", "hours", "std", "stunde", "stunden", "heure",
                        "heures", "hora", "horas", "ora", "ore", "uur", "uren"}),
    "minutes": frozenset({"min", "mins", "minute", "minutes", "minuten", "minuto", "minutos",
                          "minuti"}),
    "seconds": frozenset({"s", "sec", "secs", "second", "seconds", "sekunde", "sekunden",
                          "seconde", "secondes", "segundo", "segundos", "secondo", "secondi",
                          "seconden", "sek", "seg"}),
}
# Short forms read only after a number ("90 m", "15 mn", Dutch "1u30") or alone in brackets
# ("Temps (mn)"): among a header's words they could mean anything.
SHORT_UNITS = {"m": "minutes", "mn": "minutes", "u": "hours"}
_AFTER_A_NUMBER = {word: UNIT_SECONDS[unit] for word, unit in SHORT_UNITS.items()}
_UNIT_WORDS = {word: UNIT_SECONDS[unit] for unit, words in UNIT_WORDS.items()
               for word in words} | _AFTER_A_NUMBER


def _bad(value: object, why: str, hint: bool = True) -> ConversionError:
    message = f"'{value}' is not a duration: {why}"
    return ConversionError("bad-duration", f"{message}; {_HINT}" if hint else message)


def decimal_seconds(f: Fraction) -> Decimal:
    d = exact_decimal(f)
    if d is None:  # callers only multiply decimals by whole numbers, so this cannot happen
        raise AssertionError(f"{f} has no exact decimal form")
    return tidy(d)


def _number_seconds(number: Decimal, unit: str, from_float: bool) -> Decimal:
    seconds = Fraction(number) * UNIT_SECONDS[unit]
    if from_float and unit == "days":
        # Excel stores times as binary floats (1/24 is 0.041666666666666664); its clock
        # resolution is one millisecond, so that is the precision the float really carries.
        return tidy(scaled(round(seconds * 1000), 3))  # round() on a Fraction: half-even
    return decimal_seconds(seconds)


def _check_unit(unit: str) -> None:
    if unit not in UNIT_SECONDS:
        raise ValueError(f"unknown duration unit {unit!r}; use hours, minutes, seconds or days")


@value_memo
def parse_duration(
    value: object, decimal_sep: str | None = ".", bare_number_unit: str = "hours"
) -> Decimal:
    """Read ``value`` as a number of seconds; plain numbers are in ``bare_number_unit``."""
    _check_unit(bare_number_unit)
    if isinstance(value, bool):
        raise _bad(value, "it is a yes/no value")
    if is_com_time(value):  # a time cell read from Excel: 1899-12-30 01:30 is 1.5 h
        value = value - COM_DAY_0
    elif isinstance(value, dt.datetime | dt.date):
        raise _bad(value, "it is a date; the cell should hold time spent")
    if isinstance(value, ClockTime):
        raise _bad(value.shown(), "the cell is a time of day (its format shows AM/PM), not time"
                   " spent; type the hours (2.5) or format the cells as [h]:mm", hint=False)
    if isinstance(value, dt.time):
        seconds = value.hour * 3600 + value.minute * 60 + value.second
        return tidy(scaled(seconds * 10**6 + value.microsecond, 6))
    if isinstance(value, dt.timedelta):
        if value < dt.timedelta(0):
            raise _bad(value, "durations cannot be negative")
        whole = value.days * 86400 + value.seconds
        return tidy(scaled(whole * 10**6 + value.microseconds, 6))
    if isinstance(value, int | float | Decimal):
        return _bare_number(value, value, decimal_sep, bare_number_unit)
    if not isinstance(value, str):
        raise _bad(value, "it is not text or a number")
    text = value.strip()
    if not text:
        raise ConversionError("bad-duration", f"the cell is empty; {_HINT}")
    if _NUMERIC.fullmatch(text):
        return _bare_number(value, text, decimal_sep, bare_number_unit)
    if text[0] in "-\u2212":
        raise _bad(value, "durations cannot be negative")
    clock = _CLOCK.fullmatch(text)
    if clock:
        return _clock_seconds(value, clock)
    iso = _ISO.fullmatch(text)
    if iso and any(iso.groupdict().values()):
        return decimal_seconds(sum((Fraction(part.replace(",", ".")) * _ISO_SECONDS[key]
                                   for key, part in iso.groupdict().items() if part),
                                  Fraction(0)))
    return _unit_seconds(value, text, decimal_sep)


def _bare_number(original: object, number: object, decimal_sep: str | None, unit: str) -> Decimal:
    try:
        parsed = parse_number(number, decimal_sep)
    except ConversionError as exc:
        if exc.code == "ambiguous-number":
            raise
        other = {".": ",", ",": "."}.get(decimal_sep or "")
        hint = (
            f" (this column's decimal separator is '{decimal_sep}'; if the column uses "
            f"'{other}', set its decimal separator to '{other}')"
            if other
            else ""
        )
        raise _bad(original, f"it is not a number of {unit}{hint}") from None
    if parsed < 0:
        raise _bad(original, "durations cannot be negative")
    return _number_seconds(parsed, unit, from_float=isinstance(number, float))


def _clock_seconds(value: object, clock: re.Match[str]) -> Decimal:
    hours, minutes, secs, frac = clock.groups()
    if len(minutes) != 2:
        raise _bad(
            value, f"minutes need two digits; write {hours}:0{minutes} or {hours}:{minutes}0", False
        )
    if int(minutes) > 59:
        total = int(hours) * 60 + int(minutes)
        raise _bad(
            value,
            f"minutes must be 0-59; write {total // 60}:{total % 60:02d} for {total} minutes, "
            f"or {hours}.{minutes} for decimal hours",
            False,
        )
    seconds = Fraction(int(hours) * 3600 + int(minutes) * 60)
    if secs is not None:
        if len(secs) != 2:
            raise _bad(value, "seconds need two digits")
        if int(secs) > 59:
            raise _bad(value, "seconds must be 0-59")
        seconds += int(secs)
        if frac is not None:
            seconds += Fraction(int(frac), 10 ** len(frac))
    return decimal_seconds(seconds)


def _unit_seconds(value: object, text: str, decimal_sep: str | None) -> Decimal:
    pos, total, last_size = 0, Fraction(0), None
    while pos < len(text):
        part = _PART.match(text, pos)
        if not part or (pos == 0 and part.group("sep").strip()):
            raise _bad(value, "it is not a form this add-in knows")
        pos = part.end()
        word = (part.group("unit") or "").lower()
        try:
            number = parse_number(part.group("num"), decimal_sep)
        except ConversionError as exc:
            if exc.code == "ambiguous-number":
                raise
            raise _bad(value, f"'{part.group('num')}' is not a number") from None
        if not word:
            # "1h30": a bare number after hours is minutes, written like the mm in h:mm.
            if last_size != 3600 or pos != len(text) or not part.group("num").isdigit():
                raise _bad(value, "each number needs a unit (h, min, s)")
            if number > 59:
                raise _bad(value, "minutes after hours must be 0-59")
            size = 60
        elif word in _UNIT_WORDS:
            size = _UNIT_WORDS[word]
        else:
            raise _bad(value, f"'{part.group('unit')}' is not a unit; use h, min or s")
        if last_size is not None and size >= last_size:
            raise _bad(value, "write hours, then minutes, then seconds, each once")
        total += Fraction(number) * size
        last_size = size
    return decimal_seconds(total)
