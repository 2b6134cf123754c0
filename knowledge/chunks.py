"""The searchable text of an entry, cut into short passages for embedding.

A static embedding averages token vectors, so one long text blurs into its most common
words. Each entry is therefore indexed as several short passages: its names, its intro, and
each section. The entry's score is the best of its passages.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .corpus import Entry


@dataclass(frozen=True)
class Chunk:
    """One indexed passage of one entry."""

    id: str
    symbol: str
    field: str  # "names", "intro" or a section title
    text: str


def names_text(entry: Entry) -> str:
    """The entry's identifiers and natural-language names, for lexical name matching."""
    return " ".join((entry.key, entry.title, *entry.aliases))


def body_text(entry: Entry) -> str:
    """The entry's prose, for lexical matching on content."""
    return " ".join((entry.summary, entry.intro, *(s.text for s in entry.sections)))


def entry_chunks(entry: Entry) -> list[Chunk]:
    """The passages of one entry, the names passage first."""
    names = ", ".join(dict.fromkeys((entry.title, *entry.aliases)))
    chunks = [Chunk(f"{entry.key}#names", entry.key, "names", f"{names}. {entry.summary}")]
    if entry.intro:
        chunks.append(Chunk(f"{entry.key}#intro", entry.key, "intro",
                            f"{entry.title}. {' '.join(entry.intro.split())}"))
    for number, section in enumerate(entry.sections):
        chunks.append(Chunk(f"{entry.key}#s{number}", entry.key, section.title,
                            f"{entry.title}, {section.title.lower()}: "
                            f"{' '.join(section.text.split())}"))
    return chunks


def corpus_chunks(entries: Iterable[Entry]) -> list[Chunk]:
    """Every passage of every entry, in corpus order."""
    return [chunk for entry in entries for chunk in entry_chunks(entry)]
