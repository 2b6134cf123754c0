"""Comment blocks: the descriptions that strategies are generated from."""

from __future__ import annotations

from dataclasses import dataclass

from strategy_lsp.grammar.document import CheckedCall

from ..documents import OpenDocument


@dataclass(frozen=True)
class CommentBlock:
    start_line: int
    end_line: int  # inclusive
    indent: str
    text: str  # the comment text, without "#", joined with spaces


def _comment_text(line: str) -> str | None:
    stripped = line.lstrip()
    if not stripped.startswith("#"):
        return None
    return stripped.lstrip("#").strip()


def comment_block(doc: OpenDocument, line: int) -> CommentBlock | None:
    """The run of whole-line comments that contains ``line``."""
    if _comment_text(doc.line(line)) is None:
        return None
    start = line
    while start > 0 and _comment_text(doc.line(start - 1)) is not None:
        start -= 1
    end = line
    while end + 1 < doc.line_count() and _comment_text(doc.line(end + 1)) is not None:
        end += 1
    texts = [_comment_text(doc.line(n)) or "" for n in range(start, end + 1)]
    first = doc.line(start)
    indent = first[: len(first) - len(first.lstrip())]
    return CommentBlock(start, end, indent, " ".join(t for t in texts if t))


def description_of(doc: OpenDocument, call: CheckedCall) -> CommentBlock | None:
    """The comment block right above the statement that holds a Strategy call (one blank
    line between them is allowed)."""
    line = call.span.start_line - 1
    if line >= 0 and not doc.line(line).strip():
        line -= 1
    if line < 0:
        return None
    return comment_block(doc, line)


def call_at(doc: OpenDocument, line: int, column: int) -> CheckedCall | None:
    """The Strategy call that contains a position."""
    for call in doc.document.strategies():
        if call.span.contains(line, column):
            return call
    return None
