"""What the workbook says about a run: the target chosen in the ribbon, and the settings sheet's
rows (the template's settings, and the date order, profile and sheet the command line takes as
options), each mistake said in Excel's words."""

from __future__ import annotations

import re
from typing import Any

from addin.core import fixes
from addin.core.canonical import LOOKUP_TABLES
from addin.core.cells import address
from addin.core.errors import UsageError
from addin.core.lookups import LookupTable, build_table
from addin.core.options import MapOptions
from addin.core.profiles import list_profiles
from addin.core.template import Template
from addin.core.units import SOURCE_SETTINGS
from addin.excel.alerts import ExpectedProblem
from addin.excel.sheet_io import read_used, refuse_cell_errors
from addin.files.registry import Warn, find_template, list_templates


def chosen_template(book: Any, warn: Warn | None = None) -> Template:
    template_id = chosen_template_id(book)
    if not template_id:
        raise ExpectedProblem("Choose a target in the Import Mapper tab first (the Target"
                                  " list), then try again.")
    return find_target(template_id, warn)


def find_target(template_id: str, warn: Warn | None = None) -> Template:
    """The template, or an alert in Excel's words (the core's message speaks of the CLI); each
    user template that does not load is passed to `warn`."""
    try:
        return find_template(template_id, warn)
    except UsageError:
        known = ", ".join(e.template.id for e in list_templates())
        raise ExpectedProblem(f"There is no target called {template_id!r}. Choose one in the"
                                  f" Target list of the Import Mapper tab (known: {known}).")\
            from None


def map_options(book: Any, template: Template) -> MapOptions:
    """The settings sheet's rows: the template's settings, and the choices the command line
    makes with options (date order, profile)."""
    rows = read_key_values(book, SETTINGS_SHEET) or {}
    settings = {k: v for k, v in rows.items()
                if k in template.settings or k in SOURCE_SETTINGS}
    return MapOptions(settings=settings, lookups=lookup_sheets(book), channel="excel",
                      profile=_profile_row(rows), date_order=date_order_row(rows))


def _profile_row(rows: dict[str, str]) -> str | None:
    wanted = rows.get(fixes.PROFILE_KEY) or None
    known = [p.id for p in list_profiles()]
    if wanted is not None and wanted not in known:
        raise ExpectedProblem(f"The row '{fixes.PROFILE_KEY}' on the sheet"
                                  f" '{SETTINGS_SHEET}' names {wanted!r}, which is no source"
                                  f" profile; write one of {', '.join(known)}, or delete the row"
                                  " to let Import Mapper choose.")
    return wanted


def date_order_row(rows: dict[str, str]) -> str | None:
    text = rows.get(fixes.DATE_ORDER_KEY)
    if not text:
        return None
    try:
        return fixes.parse_date_order(text)
    except ValueError as exc:
        raise ExpectedProblem(f"On the sheet '{SETTINGS_SHEET}': {exc}.") from None


TEMPLATE_NAME = "ImportMapper_Template"  # workbook name holding the chosen template id
SETTINGS_SHEET = fixes.SETTINGS_SHEET
LOOKUP_PREFIX = fixes.LOOKUP_SHEET_PREFIX


def chosen_template_id(book: Any) -> str | None:
    try:
        refers_to = book.names[TEMPLATE_NAME].refers_to
    except Exception:  # a missing name: KeyError here, a COM error on Windows
        return None
    match = re.fullmatch(r'="((?:[^"]|"")*)"', refers_to or "")
    return match.group(1).replace('""', '"') if match else None


def store_template_id(book: Any, template_id: str) -> None:
    book.names.add(TEMPLATE_NAME, '="' + template_id.replace('"', '""') + '"')


def read_key_values(book: Any, sheet_name: str) -> dict[str, str] | None:
    """A two-column sheet (settings, a lookup table) as a dict, or None when it does not exist."""
    if sheet_name not in [s.name for s in book.sheets]:
        return None
    values, top, left = read_used(book.sheets[sheet_name])
    refuse_cell_errors(values, top, left, f"Sheet {sheet_name!r}")
    table: dict[str, str] = {}
    rows: dict[str, int] = {}
    for row, line in enumerate(values[1:], start=top + 1):  # first row: column titles
        if len(line) >= 2 and line[0] is not None and line[1] is not None:
            key, value = _cell_text(line[0]), _cell_text(line[1])
            if table.get(key, value) != value:  # which one is meant is not ours to guess
                raise ExpectedProblem(
                    f"On the sheet {sheet_name!r}, {address(rows[key], left)} and"
                    f" {address(row, left)} both give {key!r} ({table[key]!r}, {value!r}); keep"
                    " one of the two rows, then try again.")
            table[key], rows[key] = value, row
    return table


def _cell_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def lookup_sheets(book: Any) -> dict[str, LookupTable]:
    """The workbook's lookup tables: sheets named 'Lookup people', 'Lookup matters', ..."""
    names = [s.name for s in book.sheets]
    tables: dict[str, LookupTable] = {}
    for table in LOOKUP_TABLES:
        sheet_name = LOOKUP_PREFIX + table
        if sheet_name in names:
            values, top, left = read_used(book.sheets[sheet_name])
            refuse_cell_errors(values, top, left, f"Sheet {sheet_name!r}")
            if values:
                rows = [(n, [_cell_text(v) if v is not None else None for v in line])
                        for n, line in enumerate(values[1:], start=top + 1)]
                tables[table] = build_table(table, values[0], rows, f"sheet {sheet_name!r}")
    return tables
