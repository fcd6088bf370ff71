"""The export corpus in tests/fixtures/exports is consistent: every CSV is documented, spelled as
documented, and has one expected entry per data row with canonical keys only."""

import csv
import io
import json
import re
from pathlib import Path

import pytest

EXPORTS = Path(__file__).parent / "fixtures" / "exports"
README = EXPORTS / "README.md"
BOM = b"\xef\xbb\xbf"

TIME_ENTRY_KEYS = {
    "date", "start", "end_date", "end", "duration_seconds", "client", "matter", "activity",
    "activity_code", "description", "timekeeper", "first_name", "last_name", "user_name", "email",
    "rate", "amount", "currency", "billable", "tags", "entry_id",
}
CUSTOMER_KEYS = {"client", "client_id", "email", "country", "tax_id", "note", "contact", "address"}


def documented_headers() -> dict[str, tuple[str, str, str]]:
    """{file: (encoding, line ending, first line)} from the README's Headers block."""
    block = README.read_text(encoding="utf-8").split("## Headers", 1)[1]
    lines = re.search(r"```\n(.*?)\n```", block, re.S).group(1).splitlines()
    described, headers = (line.split() for line in lines[::2]), lines[1::2]
    return {name: (encoding, eol, header)
            for (name, encoding, eol), header in zip(described, headers, strict=True)}


def csv_files() -> list[str]:
    return sorted(str(path.relative_to(EXPORTS)) for path in EXPORTS.glob("*/*.csv"))


def delimiter_of(header_line: str) -> str:
    return ";" if ";" in header_line else ","


def read_records(name: str) -> list[list[str]]:
    text = (EXPORTS / name).read_bytes().decode("utf-8-sig")
    delimiter = delimiter_of(text.splitlines()[0])
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def expected_entries(name: str) -> list[dict]:
    return json.loads((EXPORTS / name).with_suffix(".expected.json").read_text(encoding="utf-8"))


def test_every_export_is_documented_and_every_documented_file_exists():
    assert sorted(documented_headers()) == csv_files()


def test_every_export_is_listed_with_its_source_in_the_readme():
    readme = README.read_text(encoding="utf-8")
    missing = [name for name in csv_files() if f"- `{name}`: " not in readme]
    assert missing == []


def test_every_expected_file_belongs_to_an_export():
    orphans = [str(path.relative_to(EXPORTS)) for path in EXPORTS.glob("*/*.expected.json")
               if not path.with_name(path.name.replace(".expected.json", ".csv")).exists()]
    assert orphans == []


@pytest.mark.parametrize("name", csv_files())
def test_header_is_spelled_as_documented(name):
    encoding, eol, header = documented_headers()[name]
    raw = (EXPORTS / name).read_bytes()
    first_line = raw.removeprefix(BOM).split(b"\n", 1)[0]
    written = (raw.startswith(BOM), first_line.endswith(b"\r"), first_line.rstrip(b"\r").decode())
    assert written == (encoding == "utf-8-sig", eol == "CRLF", header)


@pytest.mark.parametrize("name", csv_files())
def test_every_data_row_has_as_many_cells_as_the_header(name):
    header, *rows = read_records(name)
    assert [len(row) for row in rows] == [len(header)] * len(rows)


@pytest.mark.parametrize("name", csv_files())
def test_expected_values_have_one_entry_per_data_row(name):
    assert len(expected_entries(name)) == len(read_records(name)) - 1


@pytest.mark.parametrize("name", csv_files())
def test_expected_values_use_canonical_keys_and_types(name):
    allowed = CUSTOMER_KEYS if name.startswith("grandtotal/") else TIME_ENTRY_KEYS
    for entry in expected_entries(name):
        assert set(entry) <= allowed
        assert isinstance(entry.get("duration_seconds", 0), int)
        assert entry.get("billable") in (True, False, None)
        assert all(isinstance(value, str) or value is None
                   for key, value in entry.items() if key not in ("duration_seconds", "billable"))
