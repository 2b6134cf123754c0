"""Hover: docs of what is under the cursor, and plain English for a whole strategy.

Inside a Strategy call the exact symbol is looked up (no vector search). In a comment the
words around the cursor are searched in the knowledge base, lexically until the index is
ready, so a hover never waits for the index to build.
"""

from __future__ import annotations

import re

from lsprotocol import types

from strategy_lsp.grammar import CATALOG, Call, Span
from strategy_lsp.grammar import syntax as sx
from strategy_lsp.grammar.document import CheckedCall
from strategy_lsp.grammar.explain import explain
from strategy_lsp.knowledge import Entry, KnowledgeBase, render_hover

from ..documents import OpenDocument
from .comments import call_at
from .convert import lsp_range

_WORD = re.compile(r"[A-Za-z_%][A-Za-z0-9_%+-]*")
#: A comment hover shows a doc only when the search is at least this confident.
MIN_COMMENT_SCORE = 0.35


def _markdown(text: str, doc: OpenDocument | None = None,
              span: Span | None = None) -> types.Hover:
    contents = types.MarkupContent(kind=types.MarkupKind.Markdown, value=text)
    rng = lsp_range(doc, span) if doc is not None and span is not None else None
    return types.Hover(contents=contents, range=rng)


def _inside(span: Span, line: int, col: int) -> bool:
    return span.contains(line, col)


def symbol_at(node: sx.Expr, line: int, col: int) -> tuple[str, Span] | None:
    """The documented symbol under a position of a syntax tree, with its span."""
    if isinstance(node, sx.Call):
        if _inside(node.name_span, line, col):
            return node.name, node.name_span
        for keyword in node.keywords:
            if _inside(keyword.name_span, line, col):
                key = f"Strategy.{keyword.name}" if node.name == "Strategy" else node.name
                return key, keyword.name_span
            if _inside(keyword.value.span, line, col):
                return symbol_at(keyword.value, line, col)
        for arg in node.args:
            if _inside(arg.span, line, col):
                return symbol_at(arg, line, col)
    elif isinstance(node, sx.Attribute):
        if _inside(node.member_span, line, col):
            return f"{node.owner}.{node.member}", node.member_span
        if _inside(node.owner_span, line, col):
            return node.owner, node.owner_span
    return None


def hover(doc: OpenDocument, line: int, col: int, kb: KnowledgeBase) -> types.Hover | None:
    call = call_at(doc, line, col) if doc.analysable else None
    if call is not None and call.analysis.syntax is not None:
        rel_line, rel_col = call.to_call(line, col)
        found = symbol_at(call.analysis.syntax, rel_line, rel_col)
        if found is not None:
            key, span = found
            if key == "Strategy":
                return _strategy_hover(doc, call, kb)
            entry = kb.lookup(key)
            if entry is not None:
                return _markdown(render_hover(entry), doc, call.to_buffer(span))
        return None
    text = doc.line(line)
    word = _word_at(text, col)
    if word is None:
        return None
    start, _, name = word
    comment = text.find("#")
    if 0 <= comment < start:
        return _comment_hover(text[comment + 1:], name, kb)
    if CATALOG.get(name) or CATALOG.enum(name):
        entry = kb.lookup(name)
        if entry is not None:
            return _markdown(render_hover(entry))
    return None


def _strategy_hover(doc: OpenDocument, call: CheckedCall, kb: KnowledgeBase) -> types.Hover:
    model = call.validation.model
    if isinstance(model, Call):
        return _markdown("**What this strategy does**\n\n" + explain(model))
    problems = len(call.validation.errors)
    entry = kb.lookup("Strategy")
    text = render_hover(entry) if entry else ""
    return _markdown(f"This strategy has {problems} error{'s' if problems != 1 else ''}; fix "
                     f"them to see what it does.\n\n{text}")


def _word_at(text: str, col: int) -> tuple[int, int, str] | None:
    for match in _WORD.finditer(text):
        if match.start() <= col <= match.end():
            return match.start(), match.end(), match.group(0)
    return None


def _comment_hover(comment: str, word: str, kb: KnowledgeBase) -> types.Hover | None:
    if len(word) < 2 or word.isdigit():
        return None
    words = _WORD.findall(comment)
    lowered = [w.lower() for w in words]
    try:
        at = lowered.index(word.lower())
    except ValueError:
        return None
    # the word with its neighbours, so "relative strength index" finds RSI from "strength"
    window = " ".join(words[max(0, at - 2): at + 3])
    hits = kb.search(window, 3, wait=False)
    matching = [h for h in hits if _mentions(h.entry, word)]
    best = matching[0] if matching else None
    if best is None or best.score < MIN_COMMENT_SCORE:
        return None
    return _markdown(render_hover(best.entry))


def _mentions(entry: Entry, word: str) -> bool:
    low = word.lower()
    return any(low in name.lower() for name in (entry.key, entry.title, *entry.symbol.names))
