"""LSP columns count code units of the negotiated position encoding (UTF-16 unless the client
offers UTF-8 or UTF-32); the grammar counts code points. Convert per line."""

from __future__ import annotations

UTF16 = "utf-16"


def _units(char: str, encoding: str) -> int:
    if encoding == "utf-8":
        return len(char.encode("utf-8"))
    if encoding == "utf-32":
        return 1
    return 2 if ord(char) > 0xFFFF else 1


def to_units(line: str, column: int, encoding: str = UTF16) -> int:
    """Code-point column → column in the encoding's code units on ``line``."""
    prefix = line[:column]
    if prefix.isascii() or encoding == "utf-32":
        return len(prefix)
    return sum(_units(char, encoding) for char in prefix)


def from_units(line: str, column: int, encoding: str = UTF16) -> int:
    """Column in code units → code-point column on ``line`` (clamped to the line's end;
    a column inside a character lands on that character)."""
    if line.isascii() or encoding == "utf-32":
        return min(column, len(line))
    units = 0
    for index, char in enumerate(line):
        if units >= column:
            return index
        units += _units(char, encoding)
    return len(line)
