"""Which column of a sheet each field reads, as the user chooses it in Excel: the Edit mapping
button, and what Apply template does with the choice.

Design: the `Mapping` sheet (addin/excel/mapping_sheet.py) lists each field with the column it
reads, and records the sheet and the header row it was made for (its list of column titles).
Apply template, on a sheet with that header, on that sheet after a title changed (a choice naming
a title it no longer has is refused) or on the Mapping sheet itself, turns the choices into column
assignments, exactly what `--map "COLUMN=field"` / `"COLUMN="` give the command line, over the
profile's own reading, and keeps them in the workbook filed by the header row
(addin/excel/kept_mappings.py); a later sheet with the same column titles is mapped with them
even once the Mapping sheet is gone, and one with other titles is not. When a column the target
needs is read from nothing, only a column could give it (no settings row, no lookup table), and
a column of the sheet is read by nothing, Apply template makes
the Mapping sheet instead of mapping, once: the Mapping sheet made, that header has a mapping,
and the next Apply maps and reports as always.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from addin.core.errors import UsageError
from addin.core.header import find_header
from addin.core.mapping_view import assignments, field_rows, header_key, only_a_column_gives
from addin.core.options import MapOptions
from addin.core.pipeline import TablePlan, plan_table
from addin.core.template import Template
from addin.excel import sheet_io as xio
from addin.excel.alerts import TITLE, ExpectedProblem
from addin.excel.kept_mappings import Assignments, keep_mapping, kept_mapping
from addin.excel.mapping_sheet import (
    find_mapping_sheet,
    is_mapping_sheet,
    mapping_source,
    read_mapping_sheet,
    write_mapping_sheet,
)
from addin.excel.own_sheets import is_ours
from addin.excel.workbook_settings import chosen_template, map_options

Table = Sequence[Sequence[object]]


def source_sheet(book: Any) -> Any:
    """The sheet a button maps: the active one, or the one the active Mapping sheet is for."""
    sheet = book.sheets.active
    if not is_mapping_sheet(sheet):
        return sheet
    name = mapping_source(sheet)
    if name not in [s.name for s in book.sheets]:
        raise ExpectedProblem(f"The sheet {name!r} this Mapping sheet was made for is no longer"
                              " in the workbook. Select the sheet with your time entries, then"
                              " click Edit mapping.")
    return book.sheets[name]


def edit_mapping(book: Any) -> str:
    """The Edit mapping button: the Mapping sheet of the active sheet, showing the mapping kept
    for its header row (or the one being edited), active."""
    template = chosen_template(book)
    source = source_sheet(book)
    if is_ours(source):
        raise ExpectedProblem("The active sheet is Import Mapper's own. Select the sheet with"
                              " your time entries, then click Edit mapping.")
    book.app.status_bar = f"{TITLE}: reading {source.name}..."
    values, top, _ = xio.read_used(source)
    if not values:
        raise ExpectedProblem(f"The sheet {source.name} is empty.")
    table = xio.as_excel_shows(values)
    options = map_options(book, template)
    header, baseline = _baseline(template, table, top, options, source)
    assigned = _chosen(book, source, header, baseline, keep=False)
    sheet = _show(book, source, template, header, table, top, options, baseline, assigned or [])
    sheet.activate()
    return f"choose the columns on {sheet.name}, then click Apply template"


def plan_with_mapping(book: Any, source: Any, template: Template, table: Table, top: int,
                      options: MapOptions) -> tuple[TablePlan | None, str]:
    """Apply template's plan, with the mapping made for the sheet's header row, and what the
    closing alert says of it; None when the Mapping sheet was made for the user instead."""
    header, baseline = _baseline(template, table, top, options, source)
    assigned = _chosen(book, source, header, baseline, keep=True)
    if assigned is None:
        plan = baseline.plan
        missing = only_a_column_gives(plan)
        unread = any(p.code == "unclaimed-column" for p in plan.problems)
        if plan.fields and missing and unread:
            # Nothing is mapped: every row would lack the field, and the choice on the Mapping
            # sheet changes what every row reads; the next Apply maps and reports as always.
            sheet = _show(book, source, template, header, table, top, options, baseline, [])
            sheet.activate()
            book.app.alert(
                f"{template.target} needs {', '.join(missing)}, and no column of"
                f" {source.name} is read for {'it' if len(missing) == 1 else 'them'}, while"
                f" some of its columns are not read. The sheet {sheet.name} lists each field"
                " with the column it reads and a suggestion: in column D, choose the column of"
                " each field the target needs, then click Apply template again. Nothing was"
                " mapped yet.", TITLE)
            return None, ""
        return baseline, ""
    if not assigned:
        return baseline, ""
    planned = _plan(template, table, top, replace(options, assign=tuple(assigned)), source)
    said = ", ".join(f"{c!r} as {f}" if f else f"{c!r} left out" for c, f in assigned)
    return planned, (f" Columns read as the mapping kept in this workbook for these column"
                     f" titles says (Edit mapping shows it): {said}.")


def _baseline(template: Template, table: Table, top: int, options: MapOptions,
              source: Any) -> tuple[list[str], TablePlan]:
    """The sheet's header row and the profile's own reading of it (no assignment)."""
    header, _ = find_header(enumerate(table, start=top), f"sheet {source.name}")
    return header, _plan(template, table, top, options, source)


def _plan(template: Template, table: Table, top: int, options: MapOptions,
          source: Any) -> TablePlan:
    try:
        return plan_table(template, table, options, f"sheet {source.name}", top)
    except UsageError as exc:
        if not options.assign:
            raise
        # A kept mapping names a column of the header it is filed by, so this is not expected;
        # said in Excel's words all the same (the core speaks of --map).
        raise ExpectedProblem(f"The mapping kept for the column titles of {source.name} cannot"
                              f" be used ({str(exc).split(': ', 1)[-1]}). Click Edit mapping,"
                              " choose the columns again, then click Apply template.") from None


def _chosen(book: Any, source: Any, header: Sequence[str], baseline: TablePlan,
            keep: bool) -> Assignments | None:
    """The assignments made for this header row: the Mapping sheet's when it was made for it
    or for this sheet (kept in the workbook when `keep`), else those the workbook keeps; None
    when neither."""
    key = header_key(header)
    sheet = find_mapping_sheet(book)
    if sheet is not None:
        choices = read_mapping_sheet(sheet, header, source.name, relist=not keep)
        if choices is not None:
            assigned = assignments(header, baseline.plan, choices.chosen)
            if keep:
                keep_mapping(book, key, assigned)
            return assigned
    return kept_mapping(book, key)


def _show(book: Any, source: Any, template: Template, header: Sequence[str], table: Table,
          top: int, options: MapOptions, baseline: TablePlan, assigned: Assignments) -> Any:
    """The Mapping sheet for `source`, the column read by each field with `assigned`."""
    plan = (_plan(template, table, top, replace(options, assign=tuple(assigned)), source)
            if assigned else baseline)
    rows = field_rows(template, header, plan.plan, baseline.plan)
    return write_mapping_sheet(book, source, template, rows, header)
