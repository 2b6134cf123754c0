"""Where the cursor is, in terms of calls and keywords, read from the text before it.

While the user types, the call around the cursor is usually incomplete, so instead of a
syntax tree this scans the text backwards: the open calls around the cursor (innermost
last), and whether the cursor sits where a keyword name, a value or an enum member goes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

#: How far back the scan looks; a Strategy call is never this long.
LOOKBACK = 20_000

_IDENT_TAIL = re.compile(r"[A-Za-z_][A-Za-z0-9_]*$")
_ATTRIBUTE_TAIL = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)\.([A-Za-z_0-9]*)$")
_TOKENS = re.compile(
    r"(?:([A-Za-z_][A-Za-z0-9_]*)\s*)?\(|[)\[\]{}]|([A-Za-z_][A-Za-z0-9_]*)\s*=(?!=)")
_KEYWORD_BEFORE = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)\s*=\s*$")


@dataclass
class OpenCall:
    name: str
    keywords: list[str] = field(default_factory=list)  # keywords already written in it


@dataclass
class CursorContext:
    calls: list[OpenCall]  # outermost first
    slot: str  # "keyword" (a keyword or a positional value may go here), "value", "attribute"
    prefix: str  # the partial word before the cursor
    keyword: str | None = None  # for "value": the keyword being given
    owner: str | None = None  # for "attribute": the name before the dot

    @property
    def innermost(self) -> OpenCall | None:
        return self.calls[-1] if self.calls else None

    def inside(self, name: str) -> bool:
        return any(c.name == name for c in self.calls)


def _strip_strings_and_comments(text: str) -> str:
    """Replace string contents and comments with spaces (keeps offsets), line by line."""
    out = []
    quote: str | None = None
    i = 0
    n = len(text)
    while i < n:
        char = text[i]
        if quote:
            if char == "\\" and i + 1 < n:
                out.append("  ")
                i += 2
                continue
            if text.startswith(quote, i):
                out.append(quote)
                i += len(quote)
                quote = None
                continue
            out.append("\n" if char == "\n" else " ")
            i += 1
            continue
        if char == "#":
            end = text.find("\n", i)
            end = n if end == -1 else end
            out.append(" " * (end - i))
            i = end
            continue
        if char in "'\"":
            quote = char * 3 if text.startswith(char * 3, i) else char
            out.append(quote)
            i += len(quote)
            continue
        out.append(char)
        i += 1
    return "".join(out)


def cursor_context(before: str) -> CursorContext | None:
    """The context at the end of ``before`` (the text up to the cursor), or ``None`` when the
    cursor is inside a string or a comment."""
    before = before[-LOOKBACK:]
    clean = _strip_strings_and_comments(before)
    if len(clean) != len(before) or (before and clean[-1] == " " and before[-1] != " "):
        return None  # the cursor is inside a string or a comment
    stack: list[tuple[int, str]] = []  # (offset of "(", callee)
    keywords: dict[int, list[str]] = {}
    # one pass: an opening parenthesis with its callee, a closing bracket, or "name="
    for match in _TOKENS.finditer(clean):
        token = match.group(0)
        if token.endswith("("):
            stack.append((match.end() - 1, match.group(1) or ""))
        elif token in "[{":
            stack.append((match.start(), token))
        elif token in ")]}":
            if stack:
                stack.pop()
        elif stack:
            keywords.setdefault(stack[-1][0], []).append(match.group(2))
    calls = [OpenCall(name, keywords.get(offset, [])) for offset, name in stack
             if name not in ("[", "{")]
    if not stack or stack[-1][1] in ("[", "{", ""):
        calls = [c for c in calls if c.name]
        if not stack or stack[-1][1] in ("[", "{"):
            return None
    attribute = _ATTRIBUTE_TAIL.search(clean)
    if attribute:
        return CursorContext(calls, "attribute", attribute.group(2), owner=attribute.group(1))
    word = _IDENT_TAIL.search(clean)
    prefix = word.group(0) if word else ""
    head = clean[: len(clean) - len(prefix)]
    keyword = _KEYWORD_BEFORE.search(head)
    if not calls:
        return None
    if keyword:
        innermost = calls[-1]
        if innermost.keywords and innermost.keywords[-1] == keyword.group(1):
            innermost.keywords.pop()  # the keyword being written is not "already given"
        return CursorContext(calls, "value", prefix, keyword=keyword.group(1))
    if head.rstrip().endswith(("(", ",")):
        return CursorContext(calls, "keyword", prefix)
    return None
