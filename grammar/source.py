"""Positions and spans in source text.

Lines and columns are 0-based and count code points; byte offsets index the UTF-8 text.
The language server converts columns to UTF-16 at its edge.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Span(BaseModel):
    """A half-open range of source text."""

    model_config = ConfigDict(frozen=True)

    start_line: int
    start_col: int
    end_line: int
    end_col: int
    start_byte: int = 0
    end_byte: int = 0

    def contains(self, line: int, col: int) -> bool:
        after_start = (line, col) >= (self.start_line, self.start_col)
        before_end = (line, col) <= (self.end_line, self.end_col)
        return after_start and before_end

    def shifted(self, lines: int, cols_on_first_line: int, nbytes: int) -> Span:
        """The span moved by a number of lines and bytes (used when reusing cached results)."""
        return Span(
            start_line=self.start_line + lines,
            start_col=self.start_col + (cols_on_first_line if self.start_line == 0 else 0),
            end_line=self.end_line + lines,
            end_col=self.end_col + (cols_on_first_line if self.end_line == 0 else 0),
            start_byte=self.start_byte + nbytes,
            end_byte=self.end_byte + nbytes,
        )


class LineIndex:
    """Maps byte offsets and tree-sitter points (row, byte column) to code-point columns."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        starts = [0]
        find = data.find
        pos = find(b"\n")
        while pos != -1:
            starts.append(pos + 1)
            pos = find(b"\n", pos + 1)
        self.line_starts = starts
        self._ascii = data.isascii()

    def column(self, row: int, byte_col: int) -> int:
        if self._ascii:
            return byte_col
        start = self.line_starts[row] if row < len(self.line_starts) else len(self.data)
        prefix = self.data[start : start + byte_col]
        return byte_col if prefix.isascii() else len(prefix.decode("utf-8", errors="replace"))

    def span(self, start: tuple[int, int], end: tuple[int, int], start_byte: int,
             end_byte: int) -> Span:
        return Span(
            start_line=start[0],
            start_col=self.column(start[0], start[1]),
            end_line=end[0],
            end_col=self.column(end[0], end[1]),
            start_byte=start_byte,
            end_byte=end_byte,
        )

    def point(self, offset: int) -> tuple[int, int]:
        """(row, byte column) of a byte offset."""
        lo, hi = 0, len(self.line_starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.line_starts[mid] <= offset:
                lo = mid
            else:
                hi = mid - 1
        return lo, offset - self.line_starts[lo]

    def span_of_bytes(self, start_byte: int, end_byte: int) -> Span:
        return self.span(self.point(start_byte), self.point(end_byte), start_byte, end_byte)
