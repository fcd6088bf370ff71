"""Defined names of a workbook or sheet, stored as openpyxl defined names so saving keeps them."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from openpyxl.workbook.defined_name import DefinedName, DefinedNameDict
from openpyxl.worksheet.worksheet import Worksheet
from xlwings import base_classes

from ._cells import ExcelError, parse_address
from ._counting import Impl, NativeApi, counted, counted_property
from ._range import RangeImpl

if TYPE_CHECKING:
    from ._application import BookImpl


def check_name(name: str) -> None:
    if not re.fullmatch(r"[A-Za-z_\\][\w.\\]*", name) or re.fullmatch(r"[A-Za-z]{1,3}\d+", name):
        raise ExcelError(f"{name!r} is not a valid Excel name")


def definition_text(refers_to: str) -> str:
    """openpyxl stores a definition without Excel's "="; Excel takes other text as a string."""
    if refers_to.startswith("="):
        return refers_to[1:]
    return '"' + refers_to.replace('"', '""') + '"'


def scoped_name(worksheet: Worksheet | None, name: str) -> str:
    """Excel's full name of a defined name: sheet-scoped ones carry their sheet, "Data!Mark"."""
    if worksheet is None:
        return name
    title = worksheet.title
    if not re.fullmatch(r"[A-Za-z_][\w.]*", title):
        title = "'" + title.replace("'", "''") + "'"
    return f"{title}!{name}"


class NamesImpl(Impl, base_classes.Names):
    """Defined names, alphabetical like Excel's Names collection.

    A sheet's names are its sheet-scoped ones; a book's are its own plus every sheet's.
    """

    def __init__(self, book: BookImpl, worksheet: Worksheet | None = None) -> None:
        self._double, self._book, self._worksheet = book._double, book, worksheet

    def _names(self) -> list[NameImpl]:
        workbook = self._book._workbook
        scopes = [self._worksheet] if self._worksheet else [None, *workbook.worksheets]
        names = [
            NameImpl(self._book, scope, definition)
            for scope in scopes
            for definition in (scope or workbook).defined_names.values()
        ]
        return sorted(names, key=lambda name: name._full_name().lower())

    def _find(self, wanted: str) -> NameImpl | None:
        for name in self._names():
            short = name._definition.name if self._worksheet else None
            if wanted.lower() in (name._full_name().lower(), (short or "").lower()):
                return name
        return None

    @counted
    def __call__(self, name_or_index: str | int) -> NameImpl:
        if isinstance(name_or_index, int):
            if 1 <= name_or_index <= len(names := self._names()):
                return names[name_or_index - 1]
        elif (name := self._find(name_or_index)) is not None:
            return name
        raise ExcelError(f"no defined name {name_or_index!r}")

    @counted
    def contains(self, name_or_index: str | int) -> bool:
        if isinstance(name_or_index, int):
            return 1 <= name_or_index <= len(self._names())
        return self._find(name_or_index) is not None

    @counted
    def __len__(self) -> int:
        return len(self._names())

    @counted
    def add(self, name: str, refers_to: str) -> NameImpl:
        check_name(name)
        store = (self._worksheet or self._book._workbook).defined_names
        for existing in list(store):  # Excel redefines an existing name
            if existing.lower() == name.lower():
                del store[existing]
        definition = DefinedName(name, attr_text=definition_text(refers_to))
        store.add(definition)
        return NameImpl(self._book, self._worksheet, definition)


class NameApi(NativeApi):
    """COM's Name object; only Visible is emulated, for names users shouldn't see or edit."""

    emulated = ("Visible",)

    def __init__(self, name: NameImpl) -> None:
        super().__init__("Name")
        object.__setattr__(self, "_name", name)

    @property
    def Visible(self) -> bool:  # noqa: N802 - COM's spelling
        self._name._record("get api.Visible")
        return not self._name._definition.hidden

    @Visible.setter
    def Visible(self, value: bool) -> None:  # noqa: N802 - COM's spelling
        self._name._record("set api.Visible")
        self._name._definition.hidden = not value


class NameImpl(Impl, base_classes.Name):
    def __init__(
        self, book: BookImpl, worksheet: Worksheet | None, definition: DefinedName
    ) -> None:
        self._double, self._book, self._definition = book._double, book, definition
        self._worksheet = worksheet  # None for a workbook-scoped name

    def _store(self) -> DefinedNameDict:
        return (self._worksheet or self._book._workbook).defined_names

    def _full_name(self) -> str:
        return scoped_name(self._worksheet, self._definition.name)

    @counted_property
    def api(self) -> NameApi:
        return NameApi(self)

    @counted_property
    def name(self) -> str:
        return self._full_name()

    @name.setter
    def name(self, value: str) -> None:
        value = value.rsplit("!", 1)[-1]  # the scope stays; only the name part changes
        check_name(value)
        del self._store()[self._definition.name]
        self._definition.name = value
        self._store().add(self._definition)

    @counted_property
    def refers_to(self) -> str:
        return "=" + self._definition.attr_text

    @refers_to.setter
    def refers_to(self, value: str) -> None:
        self._definition.attr_text = definition_text(value)

    @counted_property
    def refers_to_range(self) -> RangeImpl:
        match = re.fullmatch(r"(?:'((?:[^']|'')+)'|([^'!]+))!(.+)", self._definition.attr_text)
        title = match and (match[1].replace("''", "'") if match[1] else match[2])
        sheet = title and self._book._sheet(title)
        if not sheet:
            raise ExcelError(f"name {self._definition.name!r} does not refer to a range")
        return RangeImpl(sheet, parse_address(match[3]))

    @counted
    def delete(self) -> None:
        del self._store()[self._definition.name]
