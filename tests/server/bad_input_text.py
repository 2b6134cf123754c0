"""The client's side of a document: LSP positions in the negotiated encoding.

Bad-input tests keep their own copy of each document, edit it the way an editor does and
compare what the server reports against it. Positions count UTF-16 code units unless the
server announced another ``positionEncoding`` (utf-8 bytes, utf-32 code points). Lines end
at ``\\n`` only: the documents built here contain no lone ``\\r``.
"""

from __future__ import annotations

from lsprotocol import types

UTF16 = "utf-16"


def _units(text: str, encoding: str) -> int:
    # "surrogatepass": a lone surrogate (which JSON can carry) counts as one UTF-16 unit
    if encoding == "utf-8":
        return len(text.encode("utf-8", "surrogatepass"))
    if encoding == "utf-32":
        return len(text)
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def to_column(line: str, index: int, encoding: str = UTF16) -> int:
    """Code-point index on a line → LSP character in ``encoding``."""
    return _units(line[:index], encoding)


def from_column(line: str, character: int, encoding: str = UTF16) -> int:
    """LSP character → code-point index on a line, clamped to the line's end (as LSP says a
    character past the end of a line means the end of the line)."""
    units = 0
    for index, char in enumerate(line):
        if units >= character:
            return index
        units += _units(char, encoding)
    return len(line)


def position_at(text: str, index: int, encoding: str = UTF16) -> types.Position:
    """The LSP position of a code-point offset."""
    line = text.count("\n", 0, index)
    start = text.rfind("\n", 0, index) + 1
    end = text.find("\n", start)
    line_text = text[start:] if end == -1 else text[start:end]
    return types.Position(line=line, character=to_column(line_text, index - start, encoding))


def position(text: str, needle: str, shift: int = 0, encoding: str = UTF16,
             occurrence: int = 0) -> types.Position:
    """Where ``needle`` (its ``occurrence``-th match, from 0), moved ``shift`` code points
    right, starts."""
    index = -1
    for _ in range(occurrence + 1):
        index = text.index(needle, index + 1)
    return position_at(text, index + shift, encoding)


def offset(text: str, pos: types.Position, encoding: str = UTF16) -> int:
    """Code-point offset of an LSP position; a line past the end means the end of the text."""
    lines = text.split("\n")
    if pos.line >= len(lines):
        return len(text)
    start = sum(len(line) + 1 for line in lines[: pos.line])
    return start + from_column(lines[pos.line], pos.character, encoding)


def text_in(text: str, rng: types.Range, encoding: str = UTF16) -> str:
    return text[offset(text, rng.start, encoding): offset(text, rng.end, encoding)]


def apply_edit(text: str, rng: types.Range, new_text: str, encoding: str = UTF16) -> str:
    """The text after replacing ``rng`` (start before end) with ``new_text``."""
    start, end = offset(text, rng.start, encoding), offset(text, rng.end, encoding)
    return text[:start] + new_text + text[end:]


def apply_edits(text: str, edits: list[types.TextEdit], encoding: str = UTF16) -> str:
    """All edits of one answer: their ranges refer to the text before any of them."""
    ordered = sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character),
                     reverse=True)
    for edit in ordered:
        text = apply_edit(text, edit.range, edit.new_text, encoding)
    return text


def end_position(text: str, encoding: str = UTF16) -> types.Position:
    lines = text.split("\n")
    return types.Position(line=len(lines) - 1, character=_units(lines[-1], encoding))
