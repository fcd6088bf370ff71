"""Kimai 2, Importer plugin, "Project" importer: what it accepts, from its source.

Sources:
- kevinpapst/ImportBundle `Importer/ProjectImporter.php`: chosen when `name`/`project` and
  `customer` columns exist and none of `exported`, `duration`, `user`; header names
  case-insensitive; `projectnumber` is cut to 10 characters with `mb_substr` (silently);
  `orderdate`, `startdate`, `enddate` are `Y-m-d`; projects are matched by name within their
  customer.
- kimai/kimai `src/Entity/Project.php` and `Customer.php`: names NotBlank, 2 to 150 characters,
  no `< > " =`.
- Shared Kimai rules (upload, limits, booleans): `kimai_common.py`.
"""

from __future__ import annotations

from . import kimai_common, records

PROJECT_NUMBER = 10


def check(data: bytes) -> list[str]:
    rows, broken = kimai_common.read(data)
    header = rows.header
    if not header:
        return broken
    name = kimai_common.column(header, "name", "project")
    customer = kimai_common.column(header, "customer")
    if name is None:
        broken.append("header: no 'name' (or 'project') column")
    if customer is None:
        broken.append("header: no 'customer' column")
    for other in ("exported", "duration", "user"):
        if kimai_common.column(header, other):
            broken.append(f"header: a {other!r} column makes Kimai read the file as timesheets")
    for found in (name, customer):
        if found:
            broken += records.each_cell(rows, [found], kimai_common.name_problem)
    number = kimai_common.column(header, "projectnumber")
    if number:
        broken += records.each_cell(rows, [number], lambda v: (
            f"{len(v)} characters; Kimai cuts a project number to {PROJECT_NUMBER}"
            if len(v) > PROJECT_NUMBER else None))
    for field in ("orderdate", "startdate", "enddate"):
        found = kimai_common.column(header, field)
        if found:
            broken += records.each_cell(rows, [found], lambda v: None if not v or
                                        records.is_date(v, "%Y-%m-%d") else f"{v!r} is not Y-m-d")
    visible = kimai_common.column(header, "visible")
    if visible:
        broken += records.each_cell(rows, [visible], lambda v: v and
                                    kimai_common.boolean_problem(v) or None)
    if name and customer:
        seen: dict[tuple[str, str], int] = {}
        for row_number, row in rows.rows:
            key = (row[name], row[customer])
            if key in seen:
                broken.append(f"row {row_number}: project {key[0]!r} of {key[1]!r} again "
                              f"(row {seen[key]})")
            seen.setdefault(key, row_number)
    return broken
