"""The `Mapping` sheet: each canonical field beside the column of the source sheet it reads, in a
cell with a drop-down of the sheet's column titles, as Edit mapping (or Apply template, when a
field the target needs has no column) lays it out, and read back as the user left it.

Layout (one block written in one call, whatever the number of fields or columns):
  B1 the source sheet's name; A2 what to do;
  row 4 the titles; from row 5 one row per field: field, meaning, the target's columns that need
  it, the column read (the drop-down, column D), the suggested column, how sure, why;
  column I from row 5: "(nothing)" and the source sheet's column titles, the drop-down's list
  (through a workbook name, so Excel's 255-character limit of a typed list never applies).
The sheet records the header it was made for in that list: a mapping made for one header row is
used for every sheet with the same column titles, never for another.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from addin.convert.text import normalize_header
from addin.core.canonical import FIELDS
from addin.core.cells import address, column_letter
from addin.core.mapping_view import FieldRow, header_key
from addin.core.template import Template
from addin.excel import sheet_io as xio
from addin.excel.alerts import ExpectedProblem
from addin.excel.own_sheets import output_sheet

MAPPING_SHEET = "Mapping"
MAPPING_MARK = "ImportMapper_Mapping"  # sheet-scoped name marking the add-in's Mapping sheet
LIST_NAME = "ImportMapper_MappingColumns"  # the drop-down's list of column titles
NOTHING = "(nothing)"
TITLE_ROW, FIRST_ROW = 4, 5
CHOICE_COLUMN, LIST_COLUMN = 4, 9  # D: the drop-down; I: its list
TITLES = ["Field", "Meaning", "Needed by {target}", "Column read", "Suggested column",
          "How sure", "Why"]


@dataclass(frozen=True)
class MappingChoices:
    """What the Mapping sheet says: the sheet it was made for, the header it lists, and each
    field's column (title; "" for nothing)."""
    source: str
    key: tuple[str, ...]
    chosen: dict[str, str]


def is_mapping_sheet(sheet: Any) -> bool:
    return any(n.name.endswith(MAPPING_MARK) for n in sheet.names)


def find_mapping_sheet(book: Any) -> Any | None:
    return next((s for s in book.sheets if is_mapping_sheet(s)), None)


def write_mapping_sheet(book: Any, source: Any, template: Template, rows: Sequence[FieldRow],
                        header: Sequence[str]) -> Any:
    """A fresh Mapping sheet (an earlier one of ours replaced) after `source`."""
    titles = [h for h in header if h.strip()]
    sheet = output_sheet(book, MAPPING_SHEET, after=source)
    sheet.names.add(MAPPING_MARK, "=TRUE")
    height = max(FIRST_ROW + len(rows), FIRST_ROW + len(titles) + 1)
    block: list[list[object]] = [[None] * LIST_COLUMN for _ in range(height - 1)]
    block[0][:2] = ["Mapping for the sheet", source.name]
    block[1][0] = (f"Choose in column D the column of {source.name} each field reads"
                   f" ({NOTHING} for none), then click Apply template. The workbook keeps the"
                   " choice for every sheet with these column titles.")
    block[TITLE_ROW - 1][:len(TITLES)] = [t.format(target=template.target) for t in TITLES]
    block[TITLE_ROW - 1][LIST_COLUMN - 1] = f"Columns of {source.name}"
    for line, row in zip(block[FIRST_ROW - 1:], rows, strict=False):
        line[:len(TITLES)] = [row.field, row.meaning, ", ".join(row.needed_by),
                              row.current or NOTHING, row.suggested,
                              row.sureness, row.why]
    for line, title in zip(block[FIRST_ROW - 1:], [NOTHING, *titles], strict=False):
        line[LIST_COLUMN - 1] = title
    # Every text as text: a title such as "007", "1:30" or "=x" stays what the sheet shows.
    xio.write_block(sheet.range("A1"), [[xio.literal(v) for v in line] for line in block])
    last_title = FIRST_ROW + len(titles)
    listed = column_letter(LIST_COLUMN)
    quoted = sheet.name.replace("'", "''")
    name = book.names.add(LIST_NAME, f"='{quoted}'!${listed}${FIRST_ROW}:${listed}${last_title}")
    choice = column_letter(CHOICE_COLUMN)
    choices = sheet.range(f"{choice}{FIRST_ROW}:{choice}{FIRST_ROW + len(rows) - 1}")
    choices.data_validation.set_list(name)
    return sheet


def mapping_source(sheet: Any) -> str:
    """The name of the sheet a Mapping sheet was made for."""
    return _text(sheet.range("B1").value)


def read_mapping_sheet(sheet: Any, header: Sequence[str], source: str,
                       relist: bool = False) -> MappingChoices | None:
    """The choices on a Mapping sheet for the sheet `source` whose header row is `header`: made
    for these column titles, or for this very sheet before its titles changed; else None. A
    column it names that the sheet does not have (typed or pasted over the drop-down, or a
    title since changed) is refused, naming the cell; so is a sheet no longer laid out as Edit
    mapping made it. With `relist` (Edit mapping making it again) those two give None."""
    values, top, left = xio.read_used(sheet)
    if (top, left) != (1, 1) or len(values) < FIRST_ROW or (
            _text(values[TITLE_ROW - 1][0]) != TITLES[0]):
        if relist:
            return None
        # Its choices cannot be read: never dropped or replaced without a word.
        raise ExpectedProblem(f"The sheet {sheet.name} is no longer laid out as Edit mapping made"
                              " it (rows or columns deleted or moved), so its choices cannot be"
                              " read. Undo the change (Ctrl+Z), or click Edit mapping to make it"
                              " again and choose the columns anew.")
    lines = [list(line) + [None] * (LIST_COLUMN - len(line)) for line in values]
    listed = [_text(line[LIST_COLUMN - 1]) for line in lines[FIRST_ROW - 1:]]
    titles = [t for t in listed if t][1:]  # the first is "(nothing)"
    key = header_key(header)
    if header_key(titles) == key:
        gone = f"which is no column of {source}. Pick one from the cell's list"
    elif _text(lines[0][1]) == source:
        if relist:
            return None  # its titles changed: Edit mapping lists them again
        titles = [h for h in header if h.strip()]
        gone = (f"which {source} no longer has. Click Edit mapping to list its columns again,"
                " choose")
    else:
        return None
    by_key = {normalize_header(t): t for t in titles}
    chosen: dict[str, str] = {}
    taken: dict[str, str] = {}
    for number, line in enumerate(lines[FIRST_ROW - 1:], start=FIRST_ROW):
        name, column = _text(line[0]), _text(line[CHOICE_COLUMN - 1])
        if name not in FIELDS:
            continue
        cell = f"On the sheet {sheet.name}, cell {address(number, CHOICE_COLUMN)}"
        if not column or column == NOTHING:
            chosen[name] = ""
            continue
        title = by_key.get(normalize_header(column))
        if title is None:
            raise ExpectedProblem(
                f"{cell} (field {name}) names {column!r}, {gone} ({NOTHING} for none), then"
                " click Apply template again.")
        if normalize_header(title) in taken:
            raise ExpectedProblem(
                f"{cell} (field {name}) names {title!r}, as the row of"
                f" {taken[normalize_header(title)]} does: a column is read as one field. Pick"
                f" another column for one of them ({NOTHING} for none), then click Apply"
                " template again.")
        taken[normalize_header(title)] = name
        chosen[name] = title
    return MappingChoices(source, key, chosen)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
