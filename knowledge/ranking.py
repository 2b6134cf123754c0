"""Hybrid ranking: lexical BM25 over names and prose, semantic similarity, exact-name boost.

Pure functions over arrays with one score per entry, so the search and the benchmark rank
the same way whatever the semantic scores come from.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .chunks import body_text, names_text
from .corpus import Entry
from .lexical import BM25, tokens

Scores = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Weights:
    """How the parts of a hybrid score add up."""

    semantic: float = 0.5
    lexical: float = 0.5
    exact: float = 0.5  # added when the query is exactly a name of the entry
    body: float = 0.7  # weight of the prose in the lexical score (names weigh 1)


DEFAULT_WEIGHTS = Weights()


def _normalise(name: str) -> str:
    return " ".join(tokens(name))


class LexicalScorer:
    """BM25 over each entry's names and over its prose, plus exact-name matches."""

    def __init__(self, entries: Sequence[Entry], weights: Weights = DEFAULT_WEIGHTS) -> None:
        self.weights = weights
        self.names = BM25([tokens(names_text(e)) for e in entries])
        self.body = BM25([tokens(body_text(e)) for e in entries])
        self.exact_names: dict[str, list[int]] = {}
        for row, entry in enumerate(entries):
            for name in {entry.key, entry.title, *entry.aliases}:
                self.exact_names.setdefault(_normalise(name), []).append(row)
        self.size = len(entries)

    def scores(self, text: str) -> Scores:
        """Lexical score per entry, scaled so the best is 1 (all 0 when nothing matches)."""
        query = tokens(text)
        raw = self.names.scores(query) + self.weights.body * self.body.scores(query)
        top = raw.max() if raw.size else 0.0
        return raw / top if top > 0 else raw

    def exact(self, text: str) -> Scores:
        """1 for entries one of whose names is exactly the query, else 0."""
        out = np.zeros(self.size, dtype=np.float64)
        out[self.exact_names.get(_normalise(text), [])] = 1.0
        return out


def best_per_entry(hits: Iterable[tuple[str, float]], keys: Sequence[str]) -> Scores:
    """Per entry, the best similarity among its passages (``symbol#part`` ids); entries with
    no passage among the hits get the lowest similarity seen."""
    position = {key: row for row, key in enumerate(keys)}
    out = np.full(len(keys), np.nan, dtype=np.float64)
    for chunk_id, similarity in hits:
        row = position.get(chunk_id.split("#", 1)[0])
        if row is not None and (np.isnan(out[row]) or similarity > out[row]):
            out[row] = similarity
    floor = np.nanmin(out) if np.isfinite(out).any() else 0.0
    return np.where(np.isnan(out), floor, out)


def fuse(lexical: Scores, semantic: Scores | None, exact: Scores, weights: Weights) -> Scores:
    """The hybrid score; without semantic scores, lexical and exact alone.

    Cosine similarities are used as they are rather than rescaled per query, so a query
    the embedding understands poorly does not get a confident-looking semantic ranking
    (measured: better recall than min-max scaling on the benchmark queries).
    """
    score = weights.lexical * lexical + weights.exact * exact
    if semantic is not None:
        score = score + weights.semantic * semantic
    return score
