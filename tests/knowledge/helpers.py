"""Helpers of the knowledge tests: altered corpora and the benchmark queries."""

from __future__ import annotations

import tomllib
from pathlib import Path

from strategy_lsp.knowledge.corpus import Corpus, build_corpus, read_doc_texts

QUERIES = Path(__file__).with_name("queries.toml")


def corpus_with(changes: dict[str, str | None]) -> Corpus:
    """The shipped doc texts with some files replaced (a text) or removed (None)."""
    texts: dict[str, str] = dict(read_doc_texts())
    for path, text in changes.items():
        if text is None:
            texts.pop(path)
        else:
            texts[path] = text
    return build_corpus(texts)


def shipped_text(path: str) -> str:
    """The text of one shipped doc file, by its path under docs/."""
    return read_doc_texts()[path]


def load_queries(kind: str | None = None) -> list[tuple[str, set[str]]]:
    """(query, accepted symbols) pairs of queries.toml."""
    data = tomllib.loads(QUERIES.read_text(encoding="utf-8"))
    return [(q["text"], set(q["expect"])) for q in data["query"]
            if kind is None or q.get("kind") == kind]
