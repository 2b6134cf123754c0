"""A Python buffer kept with an incremental tree-sitter tree and checked strategy calls.

The buffer's tree only locates the ``Strategy(...)`` calls. Each call is then read and
validated on its own text, so its results are relative to the call's start and can be
cached by that text: after an edit only the calls whose text changed are checked again,
wherever they moved. :class:`CheckedCall` shifts results back to buffer coordinates.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import tree_sitter as ts

from . import syntax as sx
from .diagnostics import Diagnostic, Edit, Repair
from .parser import parse_expression, parser, strategy_call_nodes
from .source import LineIndex, Span
from .validator import Validation, validate_strategy


@dataclass(frozen=True, slots=True)
class CallAnalysis:
    """A call read and validated on its own text (spans relative to the call's start)."""

    syntax: sx.Expr | None
    validation: Validation


@dataclass(frozen=True, slots=True)
class CheckedCall:
    """One ``Strategy(...)`` call of a buffer and what the validator found in it."""

    span: Span  # in buffer coordinates
    text: str
    analysis: CallAnalysis

    @property
    def validation(self) -> Validation:
        return self.analysis.validation

    def to_buffer(self, span: Span) -> Span:
        """A span relative to the call, moved to buffer coordinates."""
        return span.shifted(self.span.start_line, self.span.start_col, self.span.start_byte)

    def to_call(self, line: int, col: int) -> tuple[int, int]:
        """A buffer position in the call's own coordinates."""
        rel_line = line - self.span.start_line
        return rel_line, col - self.span.start_col if rel_line == 0 else col

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return [self._shift(d) for d in self.validation.diagnostics]

    def _shift(self, diagnostic: Diagnostic) -> Diagnostic:
        repair = diagnostic.repair
        if repair is not None:
            repair = Repair(description=repair.description,
                            edits=tuple(Edit(span=self.to_buffer(e.span), text=e.text)
                                        for e in repair.edits))
        return diagnostic.model_copy(update={"span": self.to_buffer(diagnostic.span),
                                             "repair": repair})


def analyse_call(text: str, today: dt.date | None = None) -> CallAnalysis:
    """Read and validate the text of one ``Strategy(...)`` call."""
    expr, problems = parse_expression(text)
    if expr is None:
        return CallAnalysis(None, Validation(model=None, repaired=None, diagnostics=problems))
    return CallAnalysis(expr, validate_strategy(expr, problems, today=today))


class StrategyDocument:
    """A buffer, its incremental tree and its checked strategy calls."""

    def __init__(self, text: str) -> None:
        self._parser = parser()
        self._cache: dict[str, CallAnalysis] = {}
        self._set(text, None)

    @property
    def text(self) -> str:
        return self._text

    @property
    def tree(self) -> ts.Tree:
        return self._tree

    @property
    def lines(self) -> LineIndex:
        return self._index

    def _set(self, text: str, old_tree: ts.Tree | None) -> None:
        self._text = text
        self._data = text.encode("utf-8")
        self._index = LineIndex(self._data)
        self._tree = self._parser.parse(self._data, old_tree) if old_tree else \
            self._parser.parse(self._data)
        self._calls: list[CheckedCall] | None = None

    def replace_all(self, text: str) -> None:
        self._set(text, None)

    def offset(self, line: int, col: int) -> int:
        """Byte offset of a (line, code-point column) position, clamped to the buffer."""
        starts = self._index.line_starts
        if line >= len(starts):
            return len(self._data)
        start = starts[line]
        end = starts[line + 1] - 1 if line + 1 < len(starts) else len(self._data)
        prefix = self._data[start:end]
        if prefix.isascii():
            return start + min(col, len(prefix))
        return start + len(prefix.decode("utf-8", errors="replace")[:col].encode("utf-8"))

    def edit(self, start: tuple[int, int], end: tuple[int, int], new_text: str) -> None:
        """Replace the text between two (line, code-point column) positions, incrementally."""
        start_byte, end_byte = self.offset(*start), self.offset(*end)
        start_point, old_end_point = self._index.point(start_byte), self._index.point(end_byte)
        inserted = new_text.encode("utf-8")
        data = self._data[:start_byte] + inserted + self._data[end_byte:]
        new_end_byte = start_byte + len(inserted)
        self._tree.edit(start_byte=start_byte, old_end_byte=end_byte, new_end_byte=new_end_byte,
                        start_point=start_point, old_end_point=old_end_point,
                        new_end_point=_point_after(start_point, inserted))
        self._set(data.decode("utf-8"), self._tree)

    def strategies(self, today: dt.date | None = None) -> list[CheckedCall]:
        """Every ``Strategy(...)`` call, checked; unchanged calls come from the cache."""
        if self._calls is not None:
            return self._calls
        cache, fresh = self._cache, dict[str, CallAnalysis]()
        calls = []
        for node in strategy_call_nodes(self._tree):
            text = self._data[node.start_byte:node.end_byte].decode("utf-8", errors="replace")
            analysis = cache.get(text) or fresh.get(text) or analyse_call(text, today)
            fresh[text] = analysis
            span = self._index.span(node.start_point, node.end_point, node.start_byte,
                                    node.end_byte)
            calls.append(CheckedCall(span=span, text=text, analysis=analysis))
        self._cache = fresh
        self._calls = calls
        return calls

    def diagnostics(self) -> list[Diagnostic]:
        return [d for call in self.strategies() for d in call.diagnostics]


def _point_after(start: tuple[int, int], inserted: bytes) -> tuple[int, int]:
    newlines = inserted.count(b"\n")
    if not newlines:
        return start[0], start[1] + len(inserted)
    return start[0] + newlines, len(inserted) - inserted.rfind(b"\n") - 1
