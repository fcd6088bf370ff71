"""What the workbook says about a run: the target chosen in the ribbon, and the settings sheet's
rows (the template's settings, and the date order, profile and sheet the command line takes as
options), each mistake said in Excel's words."""

from __future__ import annotations

from typing import Any

from addin.core import fixes
from addin.core.errors import UsageError
from addin.core.mapper import MapOptions
from addin.core.profiles import list_profiles
from addin.core.template import Template
from addin.core.units import SOURCE_SETTINGS
from addin.excel import sheet_io as xio
from addin.files.registry import Warn, find_template, list_templates


def chosen_template(book: Any, warn: Warn | None = None) -> Template:
    template_id = xio.chosen_template_id(book)
    if not template_id:
        raise xio.ExpectedProblem("Choose a target in the Import Mapper tab first (the Target"
                                  " list), then try again.")
    return find_target(template_id, warn)


def find_target(template_id: str, warn: Warn | None = None) -> Template:
    """The template, or an alert in Excel's words (the core's message speaks of the CLI); each
    user template that does not load is passed to `warn`."""
    try:
        return find_template(template_id, warn)
    except UsageError:
        known = ", ".join(e.template.id for e in list_templates())
        raise xio.ExpectedProblem(f"There is no target called {template_id!r}. Choose one in the"
                                  f" Target list of the Import Mapper tab (known: {known}).")\
            from None


def map_options(book: Any, template: Template) -> MapOptions:
    """The settings sheet's rows: the template's settings, and the choices the command line
    makes with options (date order, profile)."""
    rows = xio.read_key_values(book, xio.SETTINGS_SHEET) or {}
    settings = {k: v for k, v in rows.items()
                if k in template.settings or k in SOURCE_SETTINGS}
    return MapOptions(settings=settings, lookups=xio.lookup_sheets(book), channel="excel",
                      profile=_profile_row(rows), date_order=date_order_row(rows))


def _profile_row(rows: dict[str, str]) -> str | None:
    wanted = rows.get(fixes.PROFILE_KEY) or None
    known = [p.id for p in list_profiles()]
    if wanted is not None and wanted not in known:
        raise xio.ExpectedProblem(f"The row '{fixes.PROFILE_KEY}' on the sheet"
                                  f" '{xio.SETTINGS_SHEET}' names {wanted!r}, which is no source"
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
        raise xio.ExpectedProblem(f"On the sheet '{xio.SETTINGS_SHEET}': {exc}.") from None
