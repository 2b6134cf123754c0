"""Rewrite every valid ``Strategy(...)`` call of a buffer in canonical form.

Only the calls change; every other byte stays as it was. A call is left alone, with the
reason, when it has errors, holds comments (rendering would drop them), or spells a date
as ``datetime.datetime`` (the canonical ``datetime`` would need another import).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .document import CheckedCall, StrategyDocument
from .model import Call
from .parser import parser
from .render import render
from .source import Span


@dataclass
class FormatResult:
    text: str
    changed: list[tuple[Span, str]] = field(default_factory=list)  # (span, its new text)
    skipped: list[tuple[Span, str]] = field(default_factory=list)


def _has_comment(text: str) -> bool:
    if "#" not in text:
        return False
    stack = [parser().parse(text.encode("utf-8")).root_node]
    while stack:
        node = stack.pop()
        if node.type == "comment":
            return True
        stack.extend(node.children)
    return False


def canonical_text(call: CheckedCall, line_text: str) -> str | None:
    """The canonical text of a checked call, or ``None`` if it has errors."""
    model = call.validation.model
    if not isinstance(model, Call):
        return None
    indent = line_text[: len(line_text) - len(line_text.lstrip())]
    callee = call.text[: call.text.index("(")].strip()
    return callee + render(model, indent=indent)[len("Strategy"):]


def format_document(document: StrategyDocument, lines: range | None = None) -> FormatResult:
    """Format the strategy calls of a document (only those starting in ``lines`` if given)."""
    text = document.text
    source_lines = text.split("\n")
    pieces: list[str] = []
    result = FormatResult(text=text)
    cursor = 0  # in characters
    for call in document.strategies():
        span = call.span
        if lines is not None and span.start_line not in lines:
            continue
        if call.validation.model is None:
            result.skipped.append((span, "it has errors"))
            continue
        if "datetime.datetime" in call.text:
            result.skipped.append((span, "it writes dates as datetime.datetime(...)"))
            continue
        if _has_comment(call.text):
            result.skipped.append((span, "it contains comments"))
            continue
        new = canonical_text(call, source_lines[span.start_line])
        if new is None or new == call.text:
            continue
        start = _char_offset(source_lines, span.start_line, span.start_col)
        pieces.append(text[cursor:start])
        pieces.append(new)
        cursor = start + len(call.text)
        result.changed.append((span, new))
    pieces.append(text[cursor:])
    result.text = "".join(pieces)
    return result


def format_source(text: str) -> FormatResult:
    """Format every strategy call of a Python source text."""
    return format_document(StrategyDocument(text))


def _char_offset(lines: list[str], line: int, col: int) -> int:
    return sum(len(s) + 1 for s in lines[:line]) + col
