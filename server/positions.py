"""LSP positions count UTF-16 code units; the grammar counts code points. Convert per line."""

from __future__ import annotations


def to_utf16(line: str, column: int) -> int:
    """Code-point column → UTF-16 column on ``line``."""
    prefix = line[:column]
    if prefix.isascii():
        return len(prefix)
    return len(prefix.encode("utf-16-le")) // 2


def from_utf16(line: str, column: int) -> int:
    """UTF-16 column → code-point column on ``line`` (clamped to the line's end)."""
    if line.isascii():
        return min(column, len(line))
    units = 0
    for index, char in enumerate(line):
        if units >= column:
            return index
        units += 2 if ord(char) > 0xFFFF else 1
    return len(line)
