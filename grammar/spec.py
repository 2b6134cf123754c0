"""The vocabulary the catalog is written in: parameter types, parameters, classes, enums.

These are plain frozen dataclasses so that the catalog reads as data and every other
part of the package (parser, validator, renderer, schemas, docs, dataset) can walk it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Kind(StrEnum):
    """What role a class plays inside a Strategy."""

    SERIES = "series"
    CONDITION = "condition"
    STOP_LOSS = "stop_loss"
    TAKE_PROFIT = "take_profit"
    ORDER_SIZE = "order_size"
    COMMISSIONS = "commissions"
    DATE = "date"
    STRATEGY = "strategy"


class ValueType(StrEnum):
    """The type a parameter accepts, as the library's signature declares it."""

    TICKER = "ticker"  # a non-empty string naming a market symbol
    INT = "int"
    NUMBER = "number"  # int or float
    BOOL = "bool"
    ENUM = "enum"  # a member of ParamSpec.enum
    SERIES = "series"
    CONDITION = "condition"
    STOP_LOSS = "stop_loss"
    TAKE_PROFIT = "take_profit"
    ORDER_SIZE = "order_size"
    COMMISSIONS = "commissions"
    DATE = "date"


#: Value types whose values are calls to catalog classes of the same kind.
CALL_TYPES: dict[ValueType, Kind] = {
    ValueType.SERIES: Kind.SERIES,
    ValueType.CONDITION: Kind.CONDITION,
    ValueType.STOP_LOSS: Kind.STOP_LOSS,
    ValueType.TAKE_PROFIT: Kind.TAKE_PROFIT,
    ValueType.ORDER_SIZE: Kind.ORDER_SIZE,
    ValueType.COMMISSIONS: Kind.COMMISSIONS,
    ValueType.DATE: Kind.DATE,
}


@dataclass(frozen=True)
class EnumDefault:
    """A default that is an enum member, e.g. ``SourceType.CLOSE``."""

    enum: str
    member: str

    def __str__(self) -> str:
        return f"{self.enum}.{self.member}"


@dataclass(frozen=True)
class CallDefault:
    """A default that is itself a call, e.g. ``Contracts(1)``."""

    name: str
    args: tuple[tuple[str, object], ...] = ()


@dataclass(frozen=True)
class DateDefault:
    """A date default; ``today`` marks the library's ``datetime.today()``."""

    year: int = 0
    month: int = 0
    day: int = 0
    today: bool = False


Default = int | float | bool | str | EnumDefault | CallDefault | DateDefault | None


@dataclass(frozen=True)
class Range:
    """Valid numeric range. ``None`` bounds are open; ``*_inclusive`` say which side holds."""

    minimum: float | None = None
    maximum: float | None = None
    min_inclusive: bool = True
    max_inclusive: bool = True

    def contains(self, value: float) -> bool:
        if self.minimum is not None and (
            value < self.minimum or (value == self.minimum and not self.min_inclusive)
        ):
            return False
        return not (
            self.maximum is not None
            and (value > self.maximum or (value == self.maximum and not self.max_inclusive))
        )

    def describe(self) -> str:
        parts = []
        if self.minimum is not None:
            parts.append(f"{'≥' if self.min_inclusive else '>'} {_num(self.minimum)}")
        if self.maximum is not None:
            parts.append(f"{'≤' if self.max_inclusive else '<'} {_num(self.maximum)}")
        return " and ".join(parts) if parts else "any value"


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


@dataclass(frozen=True)
class ParamSpec:
    """One constructor parameter of a catalog class."""

    name: str
    type: ValueType
    default: Default = None
    required: bool = False
    enum: str | None = None  # for ValueType.ENUM
    range: Range | None = None
    positional: bool = False  # rendered without its keyword in canonical code
    variadic: bool = False  # ``*conditions`` of AND / OR
    summary: str = ""
    names: tuple[str, ...] = ()  # natural-language names ("length", "period", "lookback")

    @property
    def has_default(self) -> bool:
        return not self.required


@dataclass(frozen=True)
class ClassSpec:
    """A class a Strategy can contain, with its exact constructor signature."""

    name: str
    kind: Kind
    params: tuple[ParamSpec, ...]
    module: str  # where the library exports it, for import statements
    summary: str
    names: tuple[str, ...] = ()  # natural-language names, most formal first
    category: str = ""
    doc_key: str = ""

    def param(self, name: str) -> ParamSpec | None:
        for p in self.params:
            if p.name == name:
                return p
        return None

    @property
    def param_names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.params)

    @property
    def key(self) -> str:
        return self.doc_key or self.name


@dataclass(frozen=True)
class EnumSpec:
    """An enum of the library, with each member's value and natural-language names."""

    name: str
    members: tuple[EnumMemberSpec, ...]
    module: str
    summary: str
    names: tuple[str, ...] = ()

    def member(self, name: str) -> EnumMemberSpec | None:
        for m in self.members:
            if m.name == name:
                return m
        return None

    @property
    def member_names(self) -> tuple[str, ...]:
        return tuple(m.name for m in self.members)

    @property
    def key(self) -> str:
        return self.name


@dataclass(frozen=True)
class EnumMemberSpec:
    name: str
    value: str
    summary: str = ""
    names: tuple[str, ...] = field(default=())
