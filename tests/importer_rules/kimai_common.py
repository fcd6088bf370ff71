"""Rules every Kimai importer shares (upload, names), stated from Kimai's sources:

- kevinpapst/ImportBundle `Importer/ImporterService.php`: CSV with a header row
  (League\\Csv `setHeaderOffset(0)`), delimiter `,` or `;` as chosen in `Form/ImportForm.php`,
  `MAX_ROWS` 5000 and `MAX_FILESIZE` 4096 KiB (CHANGELOG 2.14.0).
- kevinpapst/ImportBundle `Importer/ImporterHelper.php`: booleans true/yes/on/1, anything else
  false (CHANGELOG 2.1.3).
- kimai/kimai `src/Entity/Customer.php`, `Project.php`, `Activity.php`: names NotBlank, 2 to 150
  characters, without `<`, `>`, `"` or `=` (checked only when an entity is saved, after earlier
  rows were saved); `src/Entity/User.php`: a user identifier without `/`.
"""

from __future__ import annotations

from . import records

MAX_ROWS = 5000
MAX_BYTES = 4096 * 1024
TRUE = {"true", "yes", "on", "1"}
FALSE = {"false", "no", "off", "0"}
NAME_FORBIDDEN = set('<>"=')


def read(data: bytes) -> tuple[records.Rows, list[str]]:
    """The rows of a Kimai import CSV (UTF-8, no BOM, `,` or `;`), with the upload's limits."""
    broken = []
    if len(data) > MAX_BYTES:
        broken.append(f"the file has {len(data)} bytes, more than Kimai's {MAX_BYTES}")
    first = data.split(b"\n", 1)[0]
    delimiter = ";" if b";" in first and b"," not in first else ","
    rows, problems = records.read_csv(data, delimiter=delimiter)
    broken += problems
    if len(rows.rows) > MAX_ROWS:
        broken.append(f"{len(rows.rows)} rows, more than Kimai's {MAX_ROWS}")
    return rows, broken


def name_problem(value: str) -> str | None:
    """What Kimai's entity validation says about a customer, project or activity name."""
    if value == "":
        return "empty"
    if not 2 <= len(value) <= 150:
        return f"{len(value)} characters; Kimai takes 2 to 150"
    bad = sorted(set(value) & NAME_FORBIDDEN)
    if bad:
        return f"contains {' '.join(bad)}, which Kimai refuses in a name"
    return None


def boolean_problem(value: str) -> str | None:
    if value.strip().lower() in TRUE | FALSE:
        return None
    return f"{value!r} is not a Kimai boolean (true/yes/on/1 or false/no/off/0); read as false"


def column(header: list[str], *aliases: str) -> str | None:
    """The file's header cell that Kimai's case-insensitive alias table maps to this field."""
    for name in header:
        if name.strip().lower() in aliases:
            return name
    return None
