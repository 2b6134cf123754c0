"""The syntax tree of strategy code: only the few shapes strategy code may take.

Every node carries its exact source span. Nothing here knows the catalog; the validator
gives the nodes their meaning.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .source import Span


@dataclass(slots=True)
class Number:
    span: Span
    value: int | float


@dataclass(slots=True)
class String:
    span: Span
    value: str


@dataclass(slots=True)
class Boolean:
    span: Span
    value: bool


@dataclass(slots=True)
class NoneValue:
    span: Span


@dataclass(slots=True)
class Name:
    """A bare identifier: a variable or an uncalled class name, never a valid value."""

    span: Span
    name: str


@dataclass(slots=True)
class Attribute:
    """``Owner.member``; valid only as an enum member such as ``SourceType.CLOSE``."""

    span: Span
    owner: str
    member: str
    owner_span: Span
    member_span: Span


@dataclass(slots=True)
class Keyword:
    span: Span
    name: str
    name_span: Span
    value: Expr


@dataclass(slots=True)
class Call:
    span: Span
    name: str
    name_span: Span
    args_span: Span  # from "(" to ")" inclusive
    args: list[Expr] = field(default_factory=list)
    keywords: list[Keyword] = field(default_factory=list)


@dataclass(slots=True)
class Invalid:
    """A construct that strategy code may not contain; the parser reported it."""

    span: Span
    reason: str


Expr = Number | String | Boolean | NoneValue | Name | Attribute | Call | Invalid
