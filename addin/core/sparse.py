"""Columns an importer would use to clear data: left out of the file when empty on every row.

Kimai's customer importer sets every column the file has, an empty cell as "nothing", so an empty
Email column would clear the e-mail of every existing customer the file names
(kevinpapst/ImportBundle Importer/CustomerImporter.php, mapEntryToCustomer). Such columns carry
`clears_when_empty = true`; the whole file must be seen before the header is written, so these
templates are held in memory (they are customer lists: one row per client).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from addin.core.convert_rows import MappedRow
from addin.core.problems import Problem
from addin.core.template import Template

ROWS_NAMED = 10  # rows listed in a warning before "and N more"


def holds_rows(template: Template) -> bool:
    """Whether the whole output must be seen before the header is written."""
    return any(c.clears_when_empty for c in template.columns)


def drop_empty_columns(template: Template, rows: Sequence[MappedRow]
                       ) -> tuple[Template, list[MappedRow], list[Problem]]:
    """The template and rows without the clearing columns that are empty on every row, and a
    warning for each clearing column that is empty on some rows only."""
    columns = template.columns
    clearing = [i for i, c in enumerate(columns) if c.clears_when_empty]
    empty = {i for i in clearing if not any(r.values[i] for r in rows)}
    notes = []
    for i in clearing:
        blank = [r.row for r in rows if not r.values[i]]
        if i in empty or not blank:
            continue
        shown = ", ".join(str(n) for n in blank[:ROWS_NAMED])
        more = f" and {len(blank) - ROWS_NAMED} more" if len(blank) > ROWS_NAMED else ""
        notes.append(Problem(
            None, columns[i].name, "warning", "clears-field",
            f"{columns[i].name} is empty on row{'s' if len(blank) > 1 else ''} {shown}{more}:"
            f" {template.target} clears the {columns[i].name} of an existing record of the same"
            " name for an empty cell. If those records exist there, map these rows on their own"
            " (the column is left out when it is empty on every row)"))
    if not empty:
        return template, list(rows), notes
    keep = [i for i in range(len(columns)) if i not in empty]
    kept = replace(template, columns=tuple(columns[i] for i in keep))
    return kept, [MappedRow(r.row, [r.values[i] for i in keep], [r.typed[i] for i in keep])
                  for r in rows], notes
