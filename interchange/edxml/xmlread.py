"""Lenient reading of edXML elements: by local name, any prefix, typed values with notes.

Real traffic varies: prefixes or none, ``Business`` for the standard's ``Bussiness``, dates in
three forms, empty or missing elements, extra elements. The reader takes what it can, ignores
what it does not know, and records a note (a ``Violation`` with the element's path) for every
value it had to drop, so the strict validator can report it.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime

from lxml import etree

from .dates import parse_date, parse_timestamp
from .violation import Violation

_MISSPELT = "Bussiness"
_VARIANT = "Business"


def local_name(element: etree._Element) -> str:
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    name = tag.rpartition("}")[2].rpartition(":")[2]  # ":" for prefixes left undeclared (recovery mode)
    if name.startswith(_VARIANT):
        name = _MISSPELT + name[len(_VARIANT) :]
    return name


def _join(path: str, name: str) -> str:
    return f"{path}/{name}" if path else name


class Node:
    """An element with its path, children found by (standard-spelt) local name."""

    __slots__ = ("element", "path", "reader")

    def __init__(self, element: etree._Element, path: str, reader: Reader) -> None:
        self.element = element
        self.path = path
        self.reader = reader

    def each(self, name: str) -> Iterator[Node]:
        """Repeatable children, always indexed in their paths (To[1], To[2], …)."""
        found = [child for child in self.element if local_name(child) == name]
        for index, child in enumerate(found, 1):
            yield Node(child, _join(self.path, f"{name}[{index}]"), self.reader)

    def child(self, name: str) -> Node | None:
        for candidate in self.element:
            if local_name(candidate) == name:
                if isinstance(candidate.tag, str) and _VARIANT in candidate.tag.rpartition("}")[2]:
                    self.reader.note(
                        _join(self.path, name),
                        f"element spelt {_VARIANT!r}; the standard spells it {_MISSPELT!r}",
                    )
                return Node(candidate, _join(self.path, name), self.reader)
        return None

    @property
    def value(self) -> str:
        return (self.element.text or "").strip()

    def text(self, name: str) -> str | None:
        found = self.child(name)
        return found.value if found is not None else None

    def texts(self, name: str) -> tuple[str, ...]:
        return tuple(node.value for node in self.each(name))

    def integer(self, name: str) -> int | None:
        raw = self.text(name)
        if not raw:
            return None
        try:
            return int(raw)
        except ValueError:
            self.reader.note(_join(self.path, name), f"{raw!r} is not a whole number; ignored")
            return None

    def boolean(self, name: str) -> bool | None:
        raw = self.text(name)
        if not raw:
            return None
        lowered = raw.lower()
        if lowered in ("true", "1"):
            return True
        if lowered in ("false", "0"):
            return False
        self.reader.note(_join(self.path, name), f"{raw!r} is not true or false; ignored")
        return None

    def date(self, name: str) -> date | None:
        raw = self.text(name)
        value = parse_date(raw)
        if raw and value is None:
            self.reader.note(_join(self.path, name), f"{raw!r} is not a date (expected yyyy/MM/dd); ignored")
        return value

    def timestamp(self, name: str) -> datetime | None:
        raw = self.text(name)
        value = parse_timestamp(raw)
        if raw and value is None:
            self.reader.note(
                _join(self.path, name), f"{raw!r} is not a timestamp (expected yyyy/MM/dd HH:mm:ss); ignored"
            )
        return value


class Reader:
    """Collects the notes of one parse."""

    def __init__(self) -> None:
        self.notes: list[Violation] = []

    def note(self, path: str, message: str) -> None:
        self.notes.append(Violation(path=path, message=message))

    def node(self, element: etree._Element, path: str) -> Node:
        return Node(element, path, self)
