"""Each vendor's export (tests/fixtures/exports) is recognised by its own profile, without being
told, and read into exactly the canonical entries its expected.json lists."""

import json
from decimal import Decimal
from pathlib import Path

import pytest
from mapping import column, map_with, template_from

from addin.core.options import MapOptions
from addin.core.pipeline import convert, prepare
from addin.core.plan import plan_mapping
from addin.core.problems import Report
from addin.files.source import open_source

EXPORTS = Path(__file__).parent / "fixtures" / "exports"
TEXT = ["client", "matter", "activity", "activity_code", "description", "timekeeper", "first_name",
        "last_name", "user_name", "email", "tags", "entry_id"]
# Warnings the data deserves: a date column read in the order the profile states, a number
# column mixing "0.25" and "0,25" (as CaseClock writes under a European locale).
DESERVED = {"date-order", "ambiguous-number",
            "utc-offset"}  # Jira's +0000 times, read with no time zone given
DUMP = "\n".join([
    '[template]\nid = "dump"\nname = "Canonical entries"\ntarget = "test"\n',
    '[[columns]]\nname = "date"\nsource = "date"\ntype = "date"\nformat = "YYYY-MM-DD"\n',
    '[[columns]]\nname = "start"\nsource = "start"\ntype = "time"\nformat = "HH:mm:ss"\n',
    '[[columns]]\nname = "end_date"\nsource = "end"\ntype = "date"\nformat = "YYYY-MM-DD"\n',
    '[[columns]]\nname = "end"\nsource = "end"\ntype = "time"\nformat = "HH:mm:ss"\n',
    '[[columns]]\nname = "duration_seconds"\nsource = "duration"\ntype = "duration"\n'
    'unit = "seconds"\n',
    '[[columns]]\nname = "rate"\nsource = "rate"\ntype = "number"\n',
    '[[columns]]\nname = "amount"\nsource = "amount"\ntype = "number"\n',
    '[[columns]]\nname = "fixed_rate"\nsource = "fixed_rate"\ntype = "number"\n',
    '[[columns]]\nname = "billable"\nsource = "billable"\ntype = "boolean"\n',
    *(f'[[columns]]\nname = "{name}"\nsource = "{name}"\n' for name in TEXT),
])
CUSTOMERS = "\n".join([
    '[template]\nid = "customers"\nname = "Customers"\ntarget = "test"\n',
    *(f'[[columns]]\nname = "{key}"\nsource = "{field}"\n' for key, field in (
        ("client", "client"), ("client_id", "client_id"), ("email", "client_email"),
        ("country", "client_country"), ("tax_id", "client_tax_id"), ("note", "client_note"),
        ("contact", "client_contact"), ("address", "client_address"))),
])
FILES = sorted(EXPORTS.glob("*/*.csv"))


def read(path: Path):
    template = template_from(CUSTOMERS if path.parent.name == "grandtotal" else DUMP)
    source = open_source(path)
    plan = plan_mapping(template, source.header, MapOptions(), source.header_row)
    prepared = prepare(plan, source.data_cells())
    report = Report()
    rows = [dict(zip(template.header, r.values, strict=True))
            for r in convert(prepared, source.data_rows(), report)]
    return plan, rows, report


def same(expected: object, got: str, key: str) -> bool:
    if expected is None:
        return got == ""
    if isinstance(expected, bool):
        return got == ("true" if expected else "false")
    if key in ("rate", "amount"):
        return got != "" and Decimal(got) == Decimal(str(expected))
    return got == str(expected)


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_an_export_is_recognised_by_its_own_profile(path):
    plan, _, _ = read(path)
    assert plan.choice.profile.id == path.parent.name


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_an_export_reads_into_the_expected_entries(path):
    _, rows, report = read(path)
    expected = json.loads(path.with_name(path.stem + ".expected.json").read_text("utf-8"))
    assert len(rows) == len(expected)
    differences = [(n, key, want, row[key]) for n, (want_row, row) in
                   enumerate(zip(expected, rows, strict=True), start=1)
                   for key, want in want_row.items()
                   if key in row and not same(want, row[key], key)]
    assert differences == []
    assert [p.line() for p in report if p.code not in DESERVED] == []


def test_a_tempo_worklog_export_reads_its_description_and_person() -> None:
    # Tempo's "Export to Excel" header (mmarekpohl/timesheet, src/test/resources/in/in.csv).
    header = ["Issue Key", "Issue summary", "Hours", "Work date", "Username", "Full name",
              "Project Name", "Work Description"]
    row = ["LAW-12", "Draft SPA", "1.5", "2016-8-1 14:33", "anna", "Anna Müller", "Acme deal",
           "Reviewed the SPA draft"]
    result = map_with("toggl", [header, row], settings={"email": "a@x.com"})
    assert result.report.errors == []
    assert column(result, "Description") == ["Reviewed the SPA draft"]
    assert column(result, "User") == ["Anna Müller"]
    assert column(result, "Start time") == ["14:33:00"]
