"""The docs corpus: our doc files joined with the catalog, one :class:`Entry` per symbol.

Doc files live in the package (``docs/<group>/<symbol>.md``) so they ship in the wheel.
Loading is pure and cheap (no index, no embedding), which is all ``lookup`` needs.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable

from .docfile import DocFile, DocFileError, Section, parse_doc
from .symbols import Symbol, SymbolKind, catalog_symbols

DOCS_PACKAGE = "strategy_lsp.knowledge"
DOCS_FOLDER = "docs"


class CorpusError(ValueError):
    """The doc files cannot be joined with the catalog (unknown or duplicate symbol)."""


@dataclass(frozen=True)
class Entry:
    """Everything the knowledge base knows about one symbol."""

    symbol: Symbol
    doc: DocFile | None

    @property
    def key(self) -> str:
        return self.symbol.key

    @property
    def kind(self) -> SymbolKind:
        return self.symbol.kind

    @property
    def title(self) -> str:
        return self.symbol.title

    @property
    def summary(self) -> str:
        return self.symbol.summary

    @property
    def intro(self) -> str:
        return self.doc.intro if self.doc else ""

    @property
    def sections(self) -> tuple[Section, ...]:
        return self.doc.sections if self.doc else ()

    @property
    def examples(self) -> tuple[str, ...]:
        return self.doc.examples if self.doc else ()

    @property
    def see_also(self) -> tuple[str, ...]:
        return self.doc.see_also if self.doc else ()

    @property
    def aliases(self) -> tuple[str, ...]:
        """Natural-language names: the catalog's first, then the doc's own additions."""
        extra = self.doc.aliases if self.doc else ()
        seen: dict[str, str] = {}
        for name in (*self.symbol.names, *extra):
            seen.setdefault(name.lower(), name)
        return tuple(seen.values())

    def note(self, parameter: str) -> str:
        """The doc's note on a constructor parameter ('' when it has none)."""
        if self.doc is None:
            return ""
        return dict(self.doc.parameters).get(parameter, "")


@dataclass(frozen=True)
class Corpus:
    """All entries, keyed by symbol, in catalog order."""

    entries: Mapping[str, Entry]
    digest: str
    undocumented: tuple[str, ...] = field(default=())

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries.values())

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, key: str) -> Entry | None:
        return self.entries.get(key)


def _doc_files(folder: Traversable, prefix: str = "") -> Iterator[tuple[str, str]]:
    for item in sorted(folder.iterdir(), key=lambda t: t.name):
        path = f"{prefix}{item.name}"
        if item.is_dir():
            yield from _doc_files(item, f"{path}/")
        elif item.name.endswith(".md"):
            yield path, item.read_text(encoding="utf-8")


def corpus_digest(texts: Mapping[str, str], symbols: Mapping[str, Symbol]) -> str:
    """A hash of the doc files and of the catalog facts an entry shows."""
    digest = hashlib.sha256()
    for path in sorted(texts):
        digest.update(f"{path}\0{texts[path]}\0".encode())
    for key, symbol in symbols.items():
        digest.update(f"{key}\0{symbol.title}\0{symbol.summary}\0{symbol.names}\0".encode())
    return digest.hexdigest()


def build_corpus(texts: Mapping[str, str], symbols: Mapping[str, Symbol] | None = None) -> Corpus:
    """Join doc texts (path to Markdown) with the catalog symbols."""
    symbols = catalog_symbols() if symbols is None else symbols
    docs: dict[str, DocFile] = {}
    for path, text in texts.items():
        doc = parse_doc(path, text)
        if doc.symbol not in symbols:
            raise CorpusError(f"{path}: {doc.symbol!r} is not a catalog symbol")
        if doc.symbol in docs:
            raise CorpusError(f"{path}: {doc.symbol!r} is already documented in "
                              f"{docs[doc.symbol].path}")
        docs[doc.symbol] = doc
    entries = {key: Entry(symbol, docs.get(key)) for key, symbol in symbols.items()}
    missing = tuple(key for key in symbols if key not in docs)
    return Corpus(entries, corpus_digest(texts, symbols), missing)


def read_doc_texts(folder: Traversable | None = None) -> dict[str, str]:
    """The Markdown of every doc file shipped in the package, by relative path."""
    root = folder if folder is not None else files(DOCS_PACKAGE).joinpath(DOCS_FOLDER)
    return dict(_doc_files(root))


@cache
def load_corpus() -> Corpus:
    """The shipped corpus (parsed once per process)."""
    return build_corpus(read_doc_texts())


__all__ = ["Corpus", "CorpusError", "DocFileError", "Entry", "build_corpus", "load_corpus",
           "read_doc_texts"]
