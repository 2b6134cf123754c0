"""Lexical retrieval: word tokens, BM25 scoring, and a hashing embedding as a baseline.

Words are lower-cased, identifiers are split (``KC_LOWER`` → ``kc lower``,
``CrossOverCondition`` → ``cross over condition``) and a light suffix rule folds plurals
and verb forms (``crosses`` → ``cross``), which is enough for short technical names.
"""

from __future__ import annotations

import itertools
import math
import re
import zlib
from collections import Counter
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_WORD = re.compile(r"[a-z0-9]+(?:\.[0-9]+)?")


def _stem(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("ses", "xes", "shes", "ches")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def tokens(text: str) -> list[str]:
    """Search tokens of ``text``: split identifiers, lower case, light stemming."""
    spaced = _CAMEL.sub(" ", text).replace("_", " ")
    return [_stem(w) for w in _WORD.findall(spaced.lower())]


class BM25:
    """Okapi BM25 over a small, fixed set of documents, each a list of tokens."""

    def __init__(self, documents: Sequence[Sequence[str]], k1: float = 1.2, b: float = 0.75):
        self.k1, self.b = k1, b
        self.counts = [Counter(doc) for doc in documents]
        self.lengths = np.array([len(doc) for doc in documents], dtype=np.float64)
        self.average = float(self.lengths.mean()) if len(documents) else 0.0
        frequency: Counter[str] = Counter()
        for counts in self.counts:
            frequency.update(counts.keys())
        n = len(documents)
        self.idf = {t: math.log(1 + (n - f + 0.5) / (f + 0.5)) for t, f in frequency.items()}

    def scores(self, query: Sequence[str]) -> npt.NDArray[np.float64]:
        """One score per document; 0 where no query token occurs."""
        out = np.zeros(len(self.counts), dtype=np.float64)
        if not self.average:
            return out
        norm = self.k1 * (1 - self.b + self.b * self.lengths / self.average)
        for term in set(query):
            idf = self.idf.get(term)
            if idf is None:
                continue
            tf = np.array([c.get(term, 0) for c in self.counts], dtype=np.float64)
            out += idf * tf * (self.k1 + 1) / (tf + norm)
        return out


class HashingEmbedding:
    """Word and word-pair features hashed into a fixed vector: lexical, no semantics.

    The baseline the static embedding is measured against; needs nothing but numpy.
    """

    name = "hashing"

    def __init__(self, dim: int = 1024) -> None:
        self.dim = dim
        self.digest = f"hashing-{dim}"

    def encode(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            words = tokens(text)
            for feature in (*words, *(f"{a} {b}" for a, b in itertools.pairwise(words))):
                code = zlib.crc32(feature.encode())
                out[row, code % self.dim] += 1.0 if code & 0x80000000 else -1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return (out / np.where(norms == 0, 1, norms)).astype(np.float32)
