"""Round-trip accounting: every impl member that would cross into Excel records a Call."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from . import ExcelDouble


class Call(NamedTuple):
    """One round trip to Excel, e.g. ``Call("Range", "set color")``."""

    kind: str  # App, Books, Book, Sheets, Sheet, Range, Names, Name, ConditionalFormat(s)
    operation: str  # "get <property>", "set <property>" or "call <method>"


class counted_property(property):  # noqa: N801 - used like the builtin `property`
    """A property whose every get and set is one round trip to Excel."""

    def __get__(self, obj: Any, objtype: type | None = None) -> Any:
        if obj is not None:
            obj._record(f"get {self.fget.__name__}")
        return super().__get__(obj, objtype)

    def __set__(self, obj: Any, value: Any) -> None:
        obj._record(f"set {self.fget.__name__}")
        super().__set__(obj, value)


def counted(method: Callable) -> Callable:
    """A method whose every call is one round trip to Excel."""

    @functools.wraps(method)
    def counted_method(self: Impl, *args: Any, **kwargs: Any) -> Any:
        self._record(f"call {method.__name__}")
        return method(self, *args, **kwargs)

    return counted_method


class NativeApi:
    """Stands in for the COM object behind `.api`: truthy, and loud on any use."""

    emulated: tuple[str, ...] = ()

    def __init__(self, owner: str) -> None:
        object.__setattr__(self, "_owner", owner)

    def __getattr__(self, attribute: str) -> Any:
        raise NotImplementedError(f"{self._owner}.api.{attribute} is not emulated")

    def __setattr__(self, attribute: str, value: Any) -> None:
        if attribute not in self.emulated:
            raise NotImplementedError(f"{self._owner}.api.{attribute} is not emulated")
        object.__setattr__(self, attribute, value)


class Impl:
    """Base of the objects that stand for COM objects (xlwings calls them impls).

    Subclasses list it before the xlwings base class, so its members win, and keep
    their state in underscore attributes so that internal use is never counted.
    """

    _double: ExcelDouble

    def _record(self, operation: str) -> None:
        self._double._record(Call(type(self).__name__.removesuffix("Impl"), operation))

    @counted_property
    def api(self) -> NativeApi:
        return NativeApi(type(self).__name__.removesuffix("Impl"))
