"""One doc file of the corpus: TOML front matter between ``+++`` lines, then Markdown.

The Markdown has an intro, then ``## `` sections. Two sections have a fixed shape:

* ``## Parameters``: one bullet per parameter, ``- `name`: optional note``, with any
  continuation lines indented. Types, defaults and ranges are never written here; they are
  rendered from the catalog.
* ``## Example`` (or ``## Examples``): fenced ``python`` blocks, each one example expression.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass

FENCE = "+++"
_PARAM = re.compile(r"^- `(?P<name>[A-Za-z_][A-Za-z0-9_]*)`(?::\s*(?P<note>.*))?$")
_CODE = re.compile(r"^```python\n(?P<code>.*?)\n```$", re.MULTILINE | re.DOTALL)
PARAMETERS = "Parameters"
EXAMPLE_TITLES = ("Example", "Examples")


class DocFileError(ValueError):
    """A doc file that does not follow the corpus format."""

    def __init__(self, path: str, message: str) -> None:
        self.path = path
        super().__init__(f"{path}: {message}")


@dataclass(frozen=True)
class Section:
    """A ``## `` section of a doc: its heading and its Markdown text."""

    title: str
    text: str


@dataclass(frozen=True)
class DocFile:
    """A parsed doc file."""

    path: str
    symbol: str
    aliases: tuple[str, ...]
    see_also: tuple[str, ...]
    intro: str
    sections: tuple[Section, ...]
    parameters: tuple[tuple[str, str], ...]  # (name, note) in written order
    examples: tuple[str, ...]


def _front_matter(path: str, text: str) -> tuple[dict[str, object], str]:
    lines = text.split("\n")
    if not lines or lines[0].strip() != FENCE:
        raise DocFileError(path, f"must start with a '{FENCE}' front matter line")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == FENCE)
    except StopIteration:
        raise DocFileError(path, f"front matter is not closed by '{FENCE}'") from None
    try:
        data = tomllib.loads("\n".join(lines[1:end]))
    except tomllib.TOMLDecodeError as error:
        raise DocFileError(path, f"front matter is not valid TOML: {error}") from None
    return data, "\n".join(lines[end + 1:])


def _strings(path: str, data: dict[str, object], key: str) -> tuple[str, ...]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise DocFileError(path, f"front matter '{key}' must be a list of strings")
    return tuple(value)


def _split_sections(body: str) -> tuple[str, list[Section]]:
    intro: list[str] = []
    sections: list[tuple[str, list[str]]] = []
    in_code = False
    for line in body.split("\n"):
        if line.startswith("```"):
            in_code = not in_code
        if not in_code and line.startswith("## "):
            sections.append((line[3:].strip(), []))
        elif sections:
            sections[-1][1].append(line)
        else:
            intro.append(line)
    return "\n".join(intro).strip(), [Section(t, "\n".join(ls).strip()) for t, ls in sections]


def _parameters(path: str, text: str) -> tuple[tuple[str, str], ...]:
    found: list[tuple[str, list[str]]] = []
    for line in text.split("\n"):
        match = _PARAM.match(line)
        if match:
            found.append((match["name"], [match["note"] or ""]))
        elif line.startswith("  ") and found:
            found[-1][1].append(line.strip())
        elif line.strip():
            raise DocFileError(path, f"unexpected line in Parameters: {line!r}")
    return tuple((name, " ".join(p for p in parts if p)) for name, parts in found)


def parse_doc(path: str, text: str) -> DocFile:
    """Parse the text of the doc file at ``path`` (used in error messages)."""
    data, body = _front_matter(path, text.replace("\r\n", "\n"))
    symbol = data.get("symbol")
    if not isinstance(symbol, str) or not symbol:
        raise DocFileError(path, "front matter needs a 'symbol' string")
    unknown = set(data) - {"symbol", "aliases", "see_also"}
    if unknown:
        raise DocFileError(path, f"unknown front matter keys: {', '.join(sorted(unknown))}")
    intro, sections = _split_sections(body)
    parameters: tuple[tuple[str, str], ...] = ()
    examples: list[str] = []
    kept: list[Section] = []
    for section in sections:
        if section.title == PARAMETERS:
            parameters = _parameters(path, section.text)
        elif section.title in EXAMPLE_TITLES:
            examples.extend(m["code"].strip() for m in _CODE.finditer(section.text))
        else:
            kept.append(section)
    return DocFile(path, symbol, _strings(path, data, "aliases"), _strings(path, data, "see_also"),
                   intro, tuple(kept), parameters, tuple(examples))
