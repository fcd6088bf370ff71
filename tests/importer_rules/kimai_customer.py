"""Kimai 2, Importer plugin, "Customer" importer: what it accepts, from its source.

Sources:
- kevinpapst/ImportBundle `Importer/CustomerImporter.php` (`mapEntryToCustomer`): chosen when a
  `name`/`customer` column exists and no `project` column; header names case-insensitive; an
  empty `country` cell sets the country to null; since 2.19 a customer with the same name is
  updated (so a second row of the same name overwrites the first).
- kimai/kimai `src/Entity/Customer.php`: name NotBlank, 2 to 150 characters, no `< > " =`;
  country NotBlank (two-letter ISO code); number 50, email 75 (and a valid address), vat id
  50, contact 100 characters. The import is all-or-nothing: one bad row and nothing is saved.
- Shared Kimai rules (upload, limits, booleans): `kimai_common.py`.
Not verifiable from the file: that importing empty Email/Tax/Contact/Address/Description over an
existing customer wipes its values.
"""

from __future__ import annotations

import re

from . import kimai_common, records

LIMITS = {"number": 50, "account": 50, "customernumber": 50, "customer_number": 50,
          "email": 75, "tax": 50, "contact": 100}
COUNTRY = re.compile(r"[A-Z]{2}")


def check(data: bytes) -> list[str]:
    rows, broken = kimai_common.read(data)
    header = rows.header
    if not header:
        return broken
    name = kimai_common.column(header, "name", "customer")
    if name is None:
        broken.append("header: no 'name' (or 'customer') column")
    if kimai_common.column(header, "project") is not None:
        broken.append("header: a 'project' column makes Kimai read the file as projects")
    country = kimai_common.column(header, "country")
    if country is None:
        broken.append("header: no 'country' column; Kimai requires a country")
    else:
        broken += records.each_cell(rows, [country], lambda v: "empty; Kimai requires a "
                                    "country" if v == "" else None if COUNTRY.fullmatch(v)
                                    else f"{v!r} is not a two-letter ISO country code")
    if name:
        broken += records.each_cell(rows, [name], kimai_common.name_problem)
        seen: dict[str, int] = {}
        for number, row in rows.rows:
            if row[name] in seen:
                broken.append(f"row {number}, {name}: {row[name]!r} again (row "
                              f"{seen[row[name]]}); Kimai updates the first with the second")
            seen.setdefault(row[name], number)
    for field, limit in LIMITS.items():
        found = kimai_common.column(header, field)
        if found:
            broken += records.max_length(rows, {found: limit})
    email = kimai_common.column(header, "email")
    if email:
        broken += records.each_cell(rows, [email], lambda v: None if not v or
                                    records.is_email(v) else f"{v!r} is not an e-mail address")
    visible = kimai_common.column(header, "visible")
    if visible:
        broken += records.each_cell(rows, [visible], lambda v: v and
                                    kimai_common.boolean_problem(v) or None)
    return broken
