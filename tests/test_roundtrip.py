"""Round trips: the file a tracker template writes, read back with that tracker's own source
profile, gives the entries of the original export: same days, times and durations to the second,
the same texts byte for byte."""

import shutil
from pathlib import Path

import pytest
from clihelp import run
from mapping import template_from

from addin.core.options import MapOptions
from addin.core.pipeline import map_table
from addin.files.lookup import load_lookup
from addin.files.source import open_source

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "caseclock-export.csv"
PEOPLE = ROOT / "examples" / "people.csv"

# Every canonical field a tracker carries, written plainly; the settings fill what the target
# needs and the source lacks, the same way the target does.
CANONICAL = """
[template]
id = "canonical-dump"
name = "Canonical entries"
target = "the round-trip test"

[settings.project]
[settings.task]
[settings.activity]
[settings.day_start]
default = "09:00"

[[columns]]
name = "date"
source = "date"
type = "date"
format = "YYYY-MM-DD"

[[columns]]
name = "start"
derive = "start"
type = "datetime"
format = "YYYY-MM-DD HH:mm:ss"

[[columns]]
name = "end"
derive = "end"
type = "datetime"
format = "YYYY-MM-DD HH:mm:ss"

[[columns]]
name = "seconds"
source = "duration"
type = "duration"
unit = "seconds"

[[columns]]
name = "client"
source = "client"

[[columns]]
name = "matter"
source = "matter"
setting = "project"

[[columns]]
name = "activity"
source = ["activity", "activity_code"]
setting = "task"
default = "Legal work"

[[columns]]
name = "description"
source = "description"

[[columns]]
name = "timekeeper"
source = "timekeeper"

[[columns]]
name = "email"
source = "email"

[[columns]]
name = "first_name"
source = "first_name"

[[columns]]
name = "last_name"
source = "last_name"

[[columns]]
name = "billable"
source = "billable"
type = "boolean"

[[columns]]
name = "tags"
source = "tags"
"""
ENTRY = ["date", "start", "end", "seconds", "client", "matter", "activity", "description"]
CASES = [
    # (system, settings its template is given, canonical fields its import format carries)
    # A task needs a project, so the sample's blank matters are given one.
    ("clockify", {"project": "General matters"}, [*ENTRY, "email", "billable", "tags"]),
    # 12-hour times past noon, and a user whose preferences are day-first and 24-hour.
    ("clockify", {"project": "General matters", "day_start": "11:30"},
     [*ENTRY, "email", "billable", "tags"]),
    ("clockify", {"project": "General matters", "date_format": "DD/MM/YYYY",
                  "time_format": "HH:mm"}, [*ENTRY, "email", "billable", "tags"]),
    ("toggl", {"project": "General matters", "day_start": "11:30"},
     [*ENTRY, "timekeeper", "email", "billable", "tags"]),
    # Kimai's timesheet file read back by the profile for Kimai's files (whole seconds).
    ("kimai", {"project": "General matters", "activity": "Legal work", "day_start": "08:15"},
     [*ENTRY, "email"]),
    # Harvest has no times of day: both sides stack them from the same day start.
    ("harvest", {"project": "General matters", "task": "Legal work"},
     [*ENTRY, "first_name", "last_name", "timekeeper"]),
]


TEMPLATE_OF = {"kimai": "kimai-timesheet"}


def entries(path: Path, profile: str, settings: dict[str, str]) -> list[dict[str, str]]:
    """The canonical entries of a file read with a source profile, as text."""
    source = open_source(path)
    table = [cells for _, cells in source.source.rows()]
    options = MapOptions(settings=settings, profile=profile,
                         lookups={"people": load_lookup("people", PEOPLE)})
    result = map_table(template_from(CANONICAL), table, options, where=str(path))
    errors = [p for p in result.report if p.severity == "error"]
    assert errors == [], errors
    header = result.plan.template.header
    return [dict(zip(header, row.values, strict=True)) for row in result.rows]


@pytest.mark.parametrize(("system", "settings", "fields"), CASES,
                         ids=[f"{c[0]}-{'-'.join(c[1].values()) or 'default'}" for c in CASES])
def test_a_trackers_file_read_back_gives_the_original_entries(capsys, tmp_path, system,
                                                               settings, fields):
    sample = tmp_path / "caseclock-export.csv"
    shutil.copy(SAMPLE, sample)
    written = tmp_path / f"{system}.csv"
    sets = [arg for key, value in settings.items() for arg in ("--set", f"{key}={value}")]
    template = TEMPLATE_OF.get(system, system)
    result = run(capsys, "map", sample, "-t", template, "-o", written, "--lookup",
                 f"people={PEOPLE}", *sets)
    assert result.code == 0, result.err
    original = entries(sample, "caseclock", settings)
    read_back = entries(written, system, {})
    assert len(read_back) == len(original) == 34
    assert [{f: e[f] for f in fields} for e in read_back] == [
        {f: e[f] for f in fields} for e in original]
