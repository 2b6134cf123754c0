"""Every catalog symbol the knowledge base documents, read off the grammar's catalog.

A symbol is a class (``RSI``), an enum (``SourceType``), an enum member (``SourceType.CLOSE``)
or a parameter of ``Strategy`` (``Strategy.stop_loss``). The catalog stays the single source
of truth: names, summaries, types, defaults and ranges all come from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from strategy_lsp.grammar import CATALOG, Catalog, ClassSpec, EnumSpec, ParamSpec
from strategy_lsp.grammar.spec import EnumMemberSpec


class SymbolKind(StrEnum):
    """What a documented symbol is."""

    CLASS = "class"
    ENUM = "enum"
    MEMBER = "member"
    PARAMETER = "parameter"  # a parameter of Strategy


@dataclass(frozen=True)
class Symbol:
    """One documented name, with the catalog spec it stands for."""

    key: str
    kind: SymbolKind
    title: str
    summary: str
    names: tuple[str, ...]
    category: str
    cls: ClassSpec | None = None
    enum: EnumSpec | None = None
    member: EnumMemberSpec | None = None
    param: ParamSpec | None = None

    @property
    def params(self) -> tuple[ParamSpec, ...]:
        """The constructor parameters this symbol's doc must describe (classes only)."""
        return self.cls.params if self.cls is not None else ()


def _class_symbol(spec: ClassSpec) -> Symbol:
    # Conditions and trade classes have phrases ("crosses over") as names; their class name
    # reads better as a title than a lower-case phrase does.
    formal = spec.names[0] if spec.names else ""
    title = formal if formal[:1].isupper() else spec.name
    return Symbol(spec.key, SymbolKind.CLASS, title, spec.summary, spec.names,
                  spec.category or spec.kind.value, cls=spec)


def _enum_symbols(spec: EnumSpec) -> list[Symbol]:
    symbols = [Symbol(spec.key, SymbolKind.ENUM, spec.name, spec.summary, spec.names, "enum",
                      enum=spec)]
    for member in spec.members:
        symbols.append(Symbol(f"{spec.name}.{member.name}", SymbolKind.MEMBER,
                              f"{spec.name}.{member.name}", member.summary, member.names,
                              "enum member", enum=spec, member=member))
    return symbols


def _strategy_parameter(strategy: ClassSpec, param: ParamSpec) -> Symbol:
    return Symbol(f"{strategy.name}.{param.name}", SymbolKind.PARAMETER,
                  f"{strategy.name}.{param.name}", param.summary, param.names,
                  "strategy parameter", cls=None, param=param)


def catalog_symbols(catalog: Catalog = CATALOG) -> dict[str, Symbol]:
    """Every symbol of ``catalog`` by key, classes first, in catalog order."""
    symbols: dict[str, Symbol] = {}
    for spec in catalog.classes:
        symbols[spec.key] = _class_symbol(spec)
    for enum in catalog.enums:
        for symbol in _enum_symbols(enum):
            symbols[symbol.key] = symbol
    strategy = catalog.strategy
    for param in strategy.params:
        symbol = _strategy_parameter(strategy, param)
        symbols[symbol.key] = symbol
    return symbols
