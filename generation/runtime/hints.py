"""Word hints: what a word the model never learned looks like.

A slot-reading model (:mod:`.slotted`) has an id for each word of its training prompts; any
other word reaches it as ``<unk>``, whatever it was. A model trained with hints is told more:
the static vector of the word itself, from the sentence embedding that ships in the package
for the knowledge base (:mod:`strategy_lsp.knowledge.embedding`, distilled from MiniLM, so it
knows English words that no training style used). The model's ``word_hint`` matrix turns that
vector into an addition to ``<unk>``'s embedding, and "purchase" reaches the model as "a word
I do not know, which looks like buying".

The model learns to read hints through word dropout: a prompt word hidden as ``<unk>`` in
training keeps its own hint, so the model learns what the hints of words it knows mean, and
reads those of new words the same way. Words it knows get no hint, so a hint never changes
how it reads a description made of words it knows.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from .transformer import Array

if TYPE_CHECKING:
    from strategy_lsp.knowledge.embedding import StaticEmbedding

    from .slotted import SlotCodec

#: config.json's record of the embedding a model's hints were trained with.
HINT_EMBEDDING_KEY = "hint_embedding"
#: Hints remembered at most (a long-running server sees ever new words).
CACHE_SIZE = 4096


def hintable(word: str) -> bool:
    """Whether a prompt word gets a hint: words of letters; not slots, numbers or marks."""
    return word.isascii() and word.isalpha()


class WordHints:
    """The static vector of each word, from the packaged embedding (or ``embedding``).

    The packaged embedding is loaded at the first word that needs a hint: most descriptions
    have none, and a one-shot ``strategy-lsp generate`` then never pays for it. Its identity
    (name and digest) is known at once, from the files alone.
    """

    def __init__(self, embedding: StaticEmbedding | None = None) -> None:
        self._embedding = embedding
        self._cache: dict[str, Array] = {}

    @property
    def embedding(self) -> StaticEmbedding:
        if self._embedding is None:
            from strategy_lsp.knowledge.embedding import default_embedding

            self._embedding = default_embedding()
        return self._embedding

    @property
    def loaded(self) -> bool:
        """Whether the embedding's vectors are in memory yet."""
        return self._embedding is not None

    @property
    def dim(self) -> int:
        return self.embedding.dim

    @property
    def identity(self) -> str:
        """Name and content digest of the embedding: a model's hints only mean anything
        with the embedding it was trained with."""
        if self._embedding is None:
            from strategy_lsp.knowledge.embedding import default_embedding_identity

            name, digest = default_embedding_identity()
        else:
            name, digest = self._embedding.name, self._embedding.digest
        return f"{name}@{digest[:16]}"

    def vectors(self, words: Sequence[str]) -> Array:
        """One unit row per word (zero for a word the embedding cannot read)."""
        missing = [w for w in dict.fromkeys(words) if w not in self._cache]
        if missing:
            if len(self._cache) + len(missing) > CACHE_SIZE:
                self._cache.clear()
            self._cache.update(zip(missing, self.embedding.encode(missing), strict=True))
        out = np.zeros((len(words), self.dim), np.float32)
        for row, word in enumerate(words):
            out[row] = self._cache[word]
        return out

    def rows(self, words: Sequence[str | None]) -> Array | None:
        """A row per position: the hint of each word given, zero for None; None when no
        position has a word (the model then reads exactly as without hints)."""
        present = [(i, w) for i, w in enumerate(words) if w is not None]
        if not present:
            return None
        out = np.zeros((len(words), self.dim), np.float32)
        out[[i for i, _ in present]] = self.vectors([w for _, w in present])
        return out

    def table(self, codec: SlotCodec) -> Array:
        """For training: a row per id of ``codec``, the hint of each hintable prompt word
        (``<unk>`` itself and every other id: zero)."""
        out = np.zeros((codec.vocab_size, self.dim), np.float32)
        words = [(i, w) for w, i in codec.word_ids.items() if hintable(w)]
        out[[i for i, _ in words]] = self.embedding.encode([w for _, w in words])
        return out
