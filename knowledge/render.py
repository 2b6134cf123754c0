"""Entries as Markdown: a concise hover and a long form.

Types, defaults and valid ranges are rendered from the catalog every time, so the docs can
never disagree with the grammar about them.
"""

from __future__ import annotations

import re

from strategy_lsp.grammar import CATALOG, ParamSpec, ValueType
from strategy_lsp.grammar.spec import CALL_TYPES, CallDefault, DateDefault, EnumDefault

from .corpus import Entry
from .symbols import SymbolKind

_TYPE_NAMES: dict[ValueType, str] = {
    ValueType.TICKER: "str",
    ValueType.INT: "int",
    ValueType.NUMBER: "float",
    ValueType.BOOL: "bool",
    ValueType.SERIES: "TradingSeries",
    ValueType.CONDITION: "Condition",
    ValueType.STOP_LOSS: "StopLoss",
    ValueType.TAKE_PROFIT: "TakeProfit",
    ValueType.ORDER_SIZE: "OrderSize",
    ValueType.COMMISSIONS: "TradeCommissions",
    ValueType.DATE: "datetime",
}
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z`(])")
READING_SECTIONS = ("Reading it", "How it works")


def type_name(param: ParamSpec) -> str:
    """The parameter's type as a Python annotation (``int``, ``SourceType``, ``Condition``)."""
    if param.type is ValueType.ENUM and param.enum:
        return param.enum
    name = _TYPE_NAMES[param.type]
    return f"{name} | None" if param.default is None and not param.required else name


def format_default(param: ParamSpec) -> str:
    """The default as code (``14``, ``SourceType.CLOSE``, ``Contracts(1)``)."""
    default = param.default
    if isinstance(default, EnumDefault):
        return str(default)
    if isinstance(default, DateDefault):
        if default.today:
            return "datetime.today()"
        return f"datetime({default.year}, {default.month}, {default.day})"
    if isinstance(default, CallDefault):
        spec = CATALOG.get(default.name)
        parts = []
        for name, value in default.args:
            inner = spec.param(name) if spec else None
            text = repr(value)
            parts.append(text if inner is not None and inner.positional else f"{name}={text}")
        return f"{default.name}({', '.join(parts)})"
    return repr(default)


def format_parameter(param: ParamSpec) -> str:
    """``name: type = default`` as in a signature."""
    star = "*" if param.variadic else ""
    text = f"{star}{param.name}: {type_name(param)}"
    return text if param.required else f"{text} = {format_default(param)}"


def signature(entry: Entry) -> str:
    """The entry's signature as Python code."""
    symbol = entry.symbol
    if symbol.kind is SymbolKind.CLASS and symbol.cls is not None:
        return f"{symbol.cls.name}({', '.join(format_parameter(p) for p in symbol.cls.params)})"
    if symbol.kind is SymbolKind.ENUM:
        return f"class {symbol.key}(Enum)"
    if symbol.kind is SymbolKind.MEMBER and symbol.member is not None:
        return f"{symbol.key} = {symbol.member.value!r}"
    assert symbol.param is not None
    return f"{CATALOG.strategy.name}(..., {format_parameter(symbol.param)}, ...)"


def parameter_line(param: ParamSpec, note: str = "", *, summary: bool = True) -> str:
    """One Markdown bullet: name, type, default or 'required', valid range, summary, note."""
    facts = [f"*{type_name(param)}*"]
    facts.append("required" if param.required else f"default `{format_default(param)}`")
    if param.range is not None:
        facts.append(param.range.describe())
    text = " ".join(part for part in (param.summary if summary else "", note) if part)
    return f"- `{param.name}` ({', '.join(facts)}): {text}".rstrip(": ")


def headline(entry: Entry) -> str:
    """The title in bold, then the one-line summary (without repeating the title)."""
    summary = entry.summary
    if summary.lower().startswith(entry.title.lower()):
        summary = summary[len(entry.title):].lstrip(" :,")
    return f"**{entry.title}**: {summary}" if summary else f"**{entry.title}**"


def _first_sentences(text: str, count: int) -> str:
    flat = " ".join(text.split())
    return " ".join(_SENTENCE_END.split(flat)[:count])


def _accepted_values(param: ParamSpec) -> str:
    if param.type is ValueType.ENUM and param.enum:
        enum = CATALOG.enum(param.enum)
        members = enum.member_names if enum else ()
        return ", ".join(f"`{param.enum}.{m}`" for m in members)
    kind = CALL_TYPES.get(param.type)
    if kind is None:
        return ""
    return ", ".join(f"`{c.name}(...)`" for c in CATALOG.of_kind(kind))


def _details(entry: Entry, *, notes: bool) -> list[str]:
    symbol = entry.symbol
    if symbol.kind is SymbolKind.CLASS:
        return [parameter_line(p, entry.note(p.name) if notes else "") for p in symbol.params]
    if symbol.kind is SymbolKind.ENUM and symbol.enum is not None:
        return [f"- `{m.name}` (`{m.value!r}`): {m.summary}" for m in symbol.enum.members]
    if symbol.kind is SymbolKind.PARAMETER and symbol.param is not None:
        lines = [parameter_line(symbol.param, summary=False)]
        accepted = _accepted_values(symbol.param)
        if accepted:
            lines.append(f"- accepts: {accepted}")
        return lines
    return []


def _code(text: str) -> str:
    return f"```python\n{text}\n```"


def render_hover(entry: Entry) -> str:
    """Concise Markdown for an LSP hover: signature, summary, key reading, parameters, example."""
    parts = [_code(signature(entry)), headline(entry)]
    reading = next((s.text for s in entry.sections if s.title in READING_SECTIONS), "")
    lead = _first_sentences(reading, 2) if reading else _first_sentences(entry.intro, 2)
    if lead and entry.symbol.kind is not SymbolKind.ENUM:
        parts.append(lead)
    details = _details(entry, notes=False)
    if details:
        parts.append("\n".join(details))
    if entry.examples:
        parts.append(_code(entry.examples[0]))
    return "\n\n".join(parts)


def _import_line(entry: Entry) -> str:
    symbol = entry.symbol
    if symbol.cls is not None:
        return f"from {symbol.cls.module} import {symbol.cls.name}"
    if symbol.enum is not None:
        return f"from {symbol.enum.module} import {symbol.enum.name}"
    return ""


def render_long(entry: Entry) -> str:
    """The full entry as Markdown: every section, annotated parameters, all examples."""
    parts = [f"# {entry.title} (`{entry.key}`)", entry.summary, _code(signature(entry))]
    if entry.intro:
        parts.append(entry.intro)
    parts.extend(f"## {section.title}\n\n{section.text}" for section in entry.sections)
    details = _details(entry, notes=True)
    if details:
        heading = {SymbolKind.ENUM: "Members", SymbolKind.PARAMETER: "Value"}.get(entry.kind,
                                                                                 "Parameters")
        parts.append(f"## {heading}\n\n" + "\n".join(details))
    if entry.examples:
        title = "Example" if len(entry.examples) == 1 else "Examples"
        parts.append(f"## {title}\n\n" + "\n\n".join(_code(e) for e in entry.examples))
    imports = _import_line(entry)
    if imports:
        parts.append(f"Import: `{imports}`")
    if entry.aliases:
        parts.append("Also called: " + ", ".join(entry.aliases))
    if entry.see_also:
        parts.append("See also: " + ", ".join(f"`{s}`" for s in entry.see_also))
    return "\n\n".join(parts)
