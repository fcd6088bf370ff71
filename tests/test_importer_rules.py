"""Every file we write with exit 0 passes its target's independent reader (tests/importer_rules):
the golden files, every real export mapped to every target, and generated entries.

Every rule issue 12 found broken is fixed, so KNOWN_VIOLATIONS is empty. A defect found later
and not yet fixed gets an entry naming its rule and the cases that show it: those cases are
strict expected failures, pytest reports them as XPASS(strict) once the fix lands, and the entry
is then deleted."""

from __future__ import annotations

import functools
import re
import tempfile
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from target_runs import EXPORTS, SETTINGS, TARGETS, map_file, reader

GOLDEN = Path(__file__).resolve().parent / "golden"
GOLDEN_TARGETS = {path.name: re.sub(r"-from-.*", "", path.stem)
                  for path in sorted(GOLDEN.iterdir())}
SOURCES = sorted(EXPORTS.glob("*/*.csv"))


@dataclass(frozen=True)
class Known:
    rule: str  # what the importer requires, with its issue 12 item
    pattern: str  # a regular expression found in the reader's message
    cases: frozenset[str]  # the cases below that break it today


def cases(*names: str) -> frozenset[str]:
    return frozenset(names)


# One place for every rule today's output breaks, keyed by (target, issue item or a short
# name). Delete an entry when its fix is merged: its cases must then pass.
KNOWN_VIOLATIONS: dict[tuple[str, int | str], Known] = {}


class KnownViolation(Exception):
    """The file breaks only rules KNOWN_VIOLATIONS already names."""


def known_patterns(target: str) -> list[str]:
    return [known.pattern for (t, _), known in KNOWN_VIOLATIONS.items() if t == target]


def split_known(target: str, violations: list[str]) -> tuple[list[str], list[str]]:
    patterns = known_patterns(target)
    known = [v for v in violations if any(re.search(p, v) for p in patterns)]
    return [v for v in violations if v not in known], known


def assert_accepted(target: str, data: bytes) -> None:
    """No violation but the known ones; those raise KnownViolation for the strict xfail."""
    unknown, known = split_known(target, reader(target)(data))
    assert unknown == []
    if known:
        raise KnownViolation(known)


def case(case_id: str, target: str, *values: object) -> object:
    rules = [known.rule for (t, _), known in KNOWN_VIOLATIONS.items()
             if t == target and case_id in known.cases]
    marks = [pytest.mark.xfail(strict=True, raises=KnownViolation,
                               reason="; ".join(rules))] if rules else []
    return pytest.param(*values, id=f"{case_id}->{target}", marks=marks)


# --- golden files ------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "target"), [
    case(f"golden/{name}", target, name, target) for name, target in GOLDEN_TARGETS.items()])
def test_every_golden_file_passes_its_targets_reader(name, target):
    assert_accepted(target, (GOLDEN / name).read_bytes())


# --- real exports to every target --------------------------------------------------------------

@functools.cache
def written(path: Path, target: str) -> tuple[int, str, bytes | None]:
    """(exit code, stderr, the file written or None) of mapping an export to a target, once."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "out.csv"
        code, err = map_file(path, target, out)
        return code, err, out.read_bytes() if out.exists() else None


@pytest.mark.parametrize(("path", "target"), [
    case(f"export/{p.parent.name}/{p.name}", target, p, target)
    for p in SOURCES for target in TARGETS])
def test_a_real_export_written_with_exit_0_passes_the_targets_reader(path, target):
    code, err, data = written(path, target)
    assert code in (0, 1), err
    if code == 1:
        assert data is None and "error" in err
        return
    assert data is not None
    assert_accepted(target, data)


def test_most_exports_map_to_most_targets():
    """The property above is not vacuous: most of the export x target pairs are written."""
    codes = [written(path, target)[0] for path in SOURCES for target in TARGETS]
    assert codes.count(0) >= len(codes) // 2


# --- issue 12 items, one small input each ------------------------------------------------------

HEADER = "Date,Hours,Client,Matter,Matter ID,Description,Timekeeper,Email,Rate,Activity\n"
ENTRY = ("2026-11-02,1.5,Acme Holdings,Acme v. Brightline Logistics,2002-006,Draft motion,"
         "Marcus O'Neil,marcus.oneil@harbourlaw.example,320,Drafting\n")


def entries(*rows: str) -> str:
    return HEADER + "".join(rows)


ITEM_CASES = [
    ("item/task-without-project-solidtime", "solidtime",
     entries(ENTRY.replace("Acme v. Brightline Logistics", "")),
     {k: v for k, v in SETTINGS["solidtime"].items() if k != "project"}),
    ("item/task-without-project-toggl", "toggl",
     entries(ENTRY.replace("Acme v. Brightline Logistics", "")), {}),
    ("item/task-without-project-clockify", "clockify",
     entries(ENTRY.replace("Acme v. Brightline Logistics", "")), {}),
    ("item/kimai-project-number", "kimai-project",
     entries(ENTRY.replace("2002-006", "2026-LIT-000042")), None),
    ("item/kimai-name-rules", "kimai-timesheet",
     entries(ENTRY.replace("Acme Holdings", "A").replace("Drafting", "Draft <urgent>")), None),
    ("item/kimai-user-slash", "kimai-timesheet", entries(ENTRY).replace(
        "Timekeeper", "User").replace("Marcus O'Neil", "ann/lee"), None),
    ("item/kimai-customer-name", "kimai-customer", "Client,Client ID\nA,2002\n", None),
    ("item/kimai-project-name", "kimai-project",
     entries(ENTRY.replace("Acme v. Brightline Logistics", "Acme =Brightline")), None),
    ("item/juris-rate-1200", "juris", entries(ENTRY.replace(",320,", ",1200,")), None),
    ("item/kimai-5001-rows", "kimai-timesheet",
     entries(*[ENTRY.replace("2026-11-02", (date(2010, 1, 1) + timedelta(days=n)).isoformat())
               for n in range(5001)]), None),
    ("item/kimai-over-4-mib", "kimai-timesheet", entries(*[ENTRY.replace(
        "2026-11-02", (date(2020, 1, 1) + timedelta(days=n)).isoformat()).replace(
        "Draft motion", "d" * 4300) for n in range(1000)]), None),
    ("item/clockify-over-10-mb", "clockify", entries(*[ENTRY.replace(
        "2026-11-02", (date(2000, 1, 1) + timedelta(days=n)).isoformat()).replace(
        "Draft motion", "d" * 2990) for n in range(3600)]), None),
    ("item/tabs3-rate-limit", "tabs3",
     entries(ENTRY.replace(",320,", ",12000,").replace("2002-006", "2002.006")), None),
    ("item/solidtime-description-limit", "solidtime",
     entries(ENTRY.replace("Draft motion", "x" * 5001)), None),
    ("item/kimai-customer-limits", "kimai-customer",
     "Organization;Country;E-mail\nAcme Holdings;US;" + "a" * 70 + "@harbourlaw.example\n",
     None),
]


# A user name no people table holds: the row's own User and Email are used.
NO_TABLES = {"item/kimai-user-slash"}


@pytest.mark.parametrize(("text", "target", "chosen", "tables"), [
    case(case_id, target, text, target, chosen, case_id not in NO_TABLES)
    for case_id, target, text, chosen in ITEM_CASES])
def test_a_file_written_for_an_issue_12_item_passes_the_targets_reader(
        tmp_path, text, target, chosen, tables):
    source = tmp_path / "entries.csv"
    source.write_text(text, encoding="utf-8")
    out = tmp_path / "out.csv"
    code, err = map_file(source, target, out, settings=chosen, tables=tables)
    assert code in (0, 1), err
    if code == 0:
        assert_accepted(target, out.read_bytes())


@pytest.mark.parametrize(("classification", "hours"), [
    case("item/ledes-classification", "ledes-1998b", "SENIOR", "1.5"),
    case("item/ledes-zero-hours", "ledes-1998b", "ASSOC", "0")])
def test_a_ledes_invoice_written_with_exit_0_passes_the_ledes_reader(
        tmp_path, classification, hours):
    people = tmp_path / "people.csv"
    people.write_text("timekeeper,timekeeper_id,first_name,last_name,timekeeper_class\n"
                      f"Marcus O'Neil,MO,Marcus,O'Neil,{classification}\n", encoding="utf-8")
    source = tmp_path / "entries.csv"
    source.write_text(entries(ENTRY.replace(",1.5,", f",{hours},")).replace(
        "Matter ID", "Matter ID,Client ID").replace("2002-006", "2002-006,2002"),
        encoding="utf-8")
    out = tmp_path / "invoice.txt"
    code, err = map_file(source, "ledes-1998b", out, "--lookup", f"people={people}")
    assert code in (0, 1), err
    if code == 0:
        assert_accepted("ledes-1998b", out.read_bytes())


def test_every_known_violation_names_cases_that_exist():
    ids = {f"golden/{n}" for n in GOLDEN_TARGETS} | {c for c, *_ in ITEM_CASES} | {
        f"export/{p.parent.name}/{p.name}" for p in SOURCES} | {
        "item/ledes-classification", "item/ledes-zero-hours"}
    assert {c for known in KNOWN_VIOLATIONS.values() for c in known.cases} - ids == set()


# --- generated entries -------------------------------------------------------------------------

PEOPLE = ["Marcus O'Neil", "José Núñez", "Jürgen Weiß", "Priya Raman", "Zoë Ångström"]
MATTERS = [("Acme Holdings", "Acme v. Brightline Logistics"),
           ("Björk & Söner AB", "Björk Liefervertrag"),
           ("Harbour Law LLP", "Kanzleiorganisation"),
           ("O'Brien Family Trust", "Trust administration")]
TEXT = st.text(alphabet=st.sampled_from(list("abcXYZ 09,.;:'\"|/<>=&-éßü–\n\t")), max_size=30)


@st.composite
def time_entries(draw: st.DrawFn) -> str:
    """A small export: names from the firm's tables or anything, durations as decimals or
    h:mm, sometimes start times, tags, billable flags and amounts (hours x rate to the cent,
    or any other)."""
    lines = ["Date,Hours,Client,Matter,Description,Timekeeper,Rate,Activity,Billable,Start,Tags,"
             "Amount"]
    for _ in range(draw(st.integers(1, 4))):
        client, matter = draw(st.sampled_from(MATTERS) | st.tuples(TEXT, TEXT))
        day = draw(st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31)))
        minutes = draw(st.integers(1, 600))
        hours = draw(st.sampled_from([f"{minutes // 60}:{minutes % 60:02d}",
                                      f"{minutes * 10 // 60 / 10}"]))
        start = draw(st.sampled_from(["", "08:00", "13:45", "23:30"]))
        rate = draw(st.sampled_from(["", "95", "320", "450.50", "1200"]))
        exact = (Decimal(minutes) / 60 if ":" in hours else Decimal(hours)) * Decimal(rate or 0)
        cells = [day.isoformat(), hours, client, draw(st.sampled_from([matter] * 3 + [""])),
                 draw(TEXT.filter(bool)), draw(st.sampled_from(PEOPLE)), rate,
                 draw(st.sampled_from(["", "Drafting", "A104", "Research"])),
                 draw(st.sampled_from(["", "Yes", "No"])), start,
                 draw(st.sampled_from(["", "Discovery", "Discovery, Motions"])),
                 draw(st.sampled_from(["", f"{exact:.2f}", "350.00"]))]
        lines.append(",".join('"' + c.replace('"', '""') + '"' for c in cells))
    return "\n".join(lines) + "\n"


# Each example runs the whole command line: half the profile's count keeps the ci run short.
@settings(max_examples=max(1, settings().max_examples // 2),
          suppress_health_check=[HealthCheck.too_slow])
@given(text=time_entries(), target=st.sampled_from(TARGETS))
def test_whatever_is_written_with_exit_0_passes_the_targets_reader(text, target):
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "entries.csv"
        source.write_text(text, encoding="utf-8")
        out = Path(folder) / "out.csv"
        code, err = map_file(source, target, out)
        assert code in (0, 1), err
        if code == 0:
            unknown, _ = split_known(target, reader(target)(out.read_bytes()))
            assert unknown == []
