"""The typed model of strategy code: catalog calls, enum members and plain values.

A :class:`Call` holds only the arguments the code states, under their parameter names and in
catalog order; :meth:`Call.get` falls back to the catalog default. Equality ignores spans, so
two strategies are equal when they mean the same thing wherever they were written.
"""

from __future__ import annotations

from typing import Any, Union

from pydantic import BaseModel, ConfigDict, Field

from .catalog import CATALOG
from .source import Span
from .spec import CallDefault, ClassSpec, DateDefault, EnumDefault


class Node(BaseModel):
    model_config = ConfigDict(frozen=True)

    span: Span | None = Field(default=None, exclude=True, repr=False)

    def key(self) -> Any:
        raise NotImplementedError

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Node) and type(other) is type(self) and self.key() == other.key()

    def __hash__(self) -> int:
        return hash(self.key())


class EnumValue(Node):
    """``SourceType.CLOSE``."""

    enum: str
    member: str

    def key(self) -> Any:
        return ("enum", self.enum, self.member)

    def __str__(self) -> str:
        return f"{self.enum}.{self.member}"


Value = Union[bool, int, float, str, EnumValue, "Call", tuple["Call", ...]]


class Call(Node):
    """A call to a catalog class, e.g. ``RSI('AAPL', length=14)`` or ``Strategy(...)``."""

    name: str
    args: dict[str, Value] = Field(default_factory=dict)

    @property
    def spec(self) -> ClassSpec:
        spec = CATALOG.get(self.name)
        if spec is None:
            raise KeyError(f"{self.name} is not a catalog class")
        return spec

    def get(self, name: str) -> Value | None:
        """The stated value of a parameter, else its catalog default (``None`` if it has none)."""
        if name in self.args:
            return self.args[name]
        param = self.spec.param(name)
        if param is None:
            raise KeyError(f"{self.name} has no parameter {name!r}")
        return default_value(param.default)

    def key(self) -> Any:
        return ("call", self.name, tuple((k, value_key(v)) for k, v in self.args.items()))

    def walk(self) -> list[Call]:
        """This call and every call nested in it, depth first."""
        found: list[Call] = [self]
        for value in self.args.values():
            if isinstance(value, Call):
                found.extend(value.walk())
            elif isinstance(value, tuple):
                for item in value:
                    found.extend(item.walk())
        return found


def value_key(value: Value) -> Any:
    if isinstance(value, Node):
        return value.key()
    if isinstance(value, tuple):
        return tuple(value_key(v) for v in value)
    # bool, int and float compare equal across types (1 == 1.0 == True); keep them apart
    return (type(value).__name__, value)


def default_value(default: object) -> Value | None:
    """The model value of a catalog default."""
    if isinstance(default, EnumDefault):
        return EnumValue(enum=default.enum, member=default.member)
    if isinstance(default, CallDefault):
        return Call(name=default.name, args=dict(default.args))
    if isinstance(default, DateDefault):
        if default.today:
            return None
        return Call(name="datetime", args={"year": default.year, "month": default.month,
                                           "day": default.day})
    if default is None or isinstance(default, bool | int | float | str):
        return default
    raise TypeError(f"unknown default {default!r}")


Call.model_rebuild()
