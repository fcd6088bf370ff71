"""Hours in equal hours out for generated files in every form a duration is written: decimal hours
with a point or a comma, h:mm, h:mm:ss, minutes and seconds with their unit, "1h 30m 36s", bare
minutes with the unit given, and bare whole seconds beside From and To that show them; mapped to
targets that write seconds, hh:mm:ss and decimal hours."""

from __future__ import annotations

import csv
import datetime as dt
import io
import tempfile
from contextlib import redirect_stderr, redirect_stdout
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from unittest.mock import patch

from hypothesis import given
from hypothesis import strategies as st

from addin.cli.main import main
from addin.core.tally import hours_text

ROOT = Path(__file__).resolve().parent.parent
PEOPLE = ROOT / "examples" / "people.csv"
TARGETS = {
    "kimai-timesheet": ("Duration", ["--set", "email=a@x.com", "--set", "activity=Work"]),
    "toggl": ("Duration", ["--set", "email=a@x.com"]),
    "harvest": ("Hours", ["--lookup", f"people={PEOPLE}", "--set", "task=T"]),
}
FORMS = ("decimal", "h:mm", "h:mm:ss", "minutes", "seconds", "h m s")
# Multiples of 36 s (0.01 h) up to 12 h: every target here writes them exactly.
seconds = st.integers(min_value=1, max_value=1200).map(lambda k: k * 36)


def written(seconds: int, form: str, comma: bool) -> str:
    """The duration as a person or a tracker writes it."""
    def number(value: Fraction) -> str:
        text = format(Decimal(value.numerator) / Decimal(value.denominator), "f")
        return text.replace(".", ",") if comma else text
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if form == "decimal":
        return number(Fraction(seconds, 3600))
    if form == "h:mm" and secs == 0:
        return f"{hours}:{minutes:02d}"
    if form in ("h:mm", "h:mm:ss"):
        return f"{hours}:{minutes:02d}:{secs:02d}"
    if form == "minutes":
        return f"{number(Fraction(seconds, 60))} min"
    if form == "seconds":
        return f"{seconds}s"
    parts = [f"{v}{u}" for v, u in ((hours, "h"), (minutes, "m"), (secs, "s")) if v]
    return " ".join(parts)


def read_back(text: str) -> Fraction:
    """The target's duration text in seconds: whole seconds, hh:mm:ss or decimal hours."""
    if ":" in text:
        h, m, s = (int(p) for p in text.split(":"))
        return Fraction(h * 3600 + m * 60 + s)
    if "." in text:
        return Fraction(Decimal(text)) * 3600
    return Fraction(int(text))


files = st.fixed_dictionaries({
    "target": st.sampled_from(sorted(TARGETS)),
    "kind": st.sampled_from(["forms", "bare minutes", "bare seconds beside From and To"]),
    "comma": st.booleans(),
    "rows": st.lists(st.tuples(seconds, st.sampled_from(FORMS)), min_size=1, max_size=8),
})


def source_text(kind: str, comma: bool, rows: list[tuple[int, str]]) -> tuple[str, list[str]]:
    """The CSV text, and the settings it needs besides the target's."""
    buffer = io.StringIO()
    out = csv.writer(buffer, lineterminator="\r\n")
    with_times = kind == "bare seconds beside From and To"
    out.writerow(["Date", *(["From", "To"] if with_times else []), "Duration", "Client",
                  "Matter", "Timekeeper"])
    for index, (secs, form) in enumerate(rows):
        day = dt.date(2026, 1, 1) + dt.timedelta(days=index)
        if kind == "bare minutes":
            value = format(Decimal(secs) / 60, "f").replace(".", "," if comma else ".")
        elif with_times:
            value = str(secs)
        else:
            value = written(secs, form, comma)
        times = []
        if with_times:
            start = dt.datetime.combine(day, dt.time(9))
            times = [start.strftime("%H:%M:%S"),
                     (start + dt.timedelta(seconds=secs)).strftime("%H:%M:%S")]
        out.writerow([day.isoformat(), *times, value, "Acme", "Audit", "Maria Alvarez"])
    settings = ["--set", "duration_unit=min"] if kind == "bare minutes" else []
    return buffer.getvalue(), settings


@given(files)
def test_hours_in_equal_hours_out_in_every_unit_form(case):
    target, (duration_column, needs) = case["target"], TARGETS[case["target"]]
    text, settings = source_text(case["kind"], case["comma"], case["rows"])
    with tempfile.TemporaryDirectory() as folder:
        source, out = Path(folder) / "in.csv", Path(folder) / "out.csv"
        source.write_text(text, encoding="utf-8", newline="")
        stdout, stderr = io.StringIO(), io.StringIO()
        with redirect_stdout(stdout), redirect_stderr(stderr), patch("os.fsync"):
            code = main(["map", str(source), "-t", target, "-o", str(out), *needs, *settings])
        assert code == 0, stderr.getvalue()
        with out.open(encoding="utf-8", newline="") as handle:
            table = list(csv.DictReader(handle))
    expected = sum(secs for secs, _ in case["rows"])
    assert sum(read_back(row[duration_column]) for row in table) == expected
    hours = hours_text(Fraction(expected, 3600))
    assert f"; {hours} hours in, {hours} out;" in stdout.getvalue()
