"""Open documents: each a :class:`StrategyDocument` with its version, edited incrementally."""

from __future__ import annotations

import re
from dataclasses import dataclass

from lsprotocol import types

from strategy_lsp.grammar.document import StrategyDocument

from .positions import UTF16, from_units, to_units

#: Larger documents are kept but not analysed (a 10 MB file is not a strategy script).
MAX_ANALYSED_BYTES = 2_000_000


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_LONE_CR = re.compile("\r(?!\n)")


def clean_text(text: str) -> str:
    """Text the grammar can hold, of the same length in every position encoding: a lone
    surrogate (JSON can carry one) becomes U+FFFD, and a lone CR, which LSP counts as a line
    end, becomes LF."""
    if "\r" in text:
        text = _LONE_CR.sub("\n", text)
    return _LONE_SURROGATE.sub("\ufffd", text)


@dataclass
class OpenDocument:
    uri: str
    version: int
    document: StrategyDocument
    encoding: str = UTF16  # the position encoding negotiated with the client

    @property
    def text(self) -> str:
        return self.document.text

    @property
    def analysable(self) -> bool:
        return len(self.document.text) <= MAX_ANALYSED_BYTES

    def line(self, number: int) -> str:
        starts = self.document.lines.line_starts
        if number < 0 or number >= len(starts):
            return ""
        data = self.document.lines.data
        end = starts[number + 1] - 1 if number + 1 < len(starts) else len(data)
        return data[starts[number]:end].decode("utf-8", errors="replace").rstrip("\r")

    def line_count(self) -> int:
        return len(self.document.lines.line_starts)

    def to_point(self, position: types.Position) -> tuple[int, int]:
        """LSP position → (line, code-point column), clamped to the document."""
        last = self.line_count() - 1
        if position.line > last:  # past the end: the end of the document
            return last, len(self.line(last))
        line = max(0, position.line)
        return line, from_units(self.line(line), max(0, position.character), self.encoding)

    def to_position(self, line: int, column: int) -> types.Position:
        return types.Position(line=line,
                              character=to_units(self.line(line), column, self.encoding))

    def apply(self, change: types.TextDocumentContentChangeEvent) -> None:
        if isinstance(change, types.TextDocumentContentChangePartial):
            start = self.to_point(change.range.start)
            end = self.to_point(change.range.end)
            if end < start:
                start, end = end, start
            self.document.edit(start, end, clean_text(change.text))
        else:
            self.document.replace_all(clean_text(change.text))


class DocumentStore:
    def __init__(self) -> None:
        self._docs: dict[str, OpenDocument] = {}
        self.encoding = UTF16

    def open(self, uri: str, version: int, text: str) -> OpenDocument:
        doc = OpenDocument(uri, version, StrategyDocument(clean_text(text)), self.encoding)
        self._docs[uri] = doc
        return doc

    def change(self, uri: str, version: int,
               changes: list[types.TextDocumentContentChangeEvent]) -> OpenDocument | None:
        doc = self._docs.get(uri)
        if doc is None:
            return None
        for change in changes:
            doc.apply(change)
        doc.version = version
        return doc

    def close(self, uri: str) -> None:
        self._docs.pop(uri, None)

    def get(self, uri: str) -> OpenDocument | None:
        return self._docs.get(uri)
