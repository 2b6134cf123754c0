"""Our offline embedding as a chromadb ``EmbeddingFunction``.

Passing it to chromadb keeps its default function (which downloads a model on first use)
out of the way, and lets anyone query the collection with plain ``query_texts``.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from chromadb import Documents, EmbeddingFunction, Embeddings

from .embedding import Embedder, default_embedding

FUNCTION_NAME = "strategy-lsp-static"


class OfflineEmbeddingFunction(EmbeddingFunction[Documents]):
    """chromadb adapter around an :class:`~.embedding.Embedder`."""

    def __init__(self, embedder: Embedder | None = None) -> None:
        self.embedder: Embedder = embedder if embedder is not None else default_embedding()

    def __call__(self, input: Documents) -> Embeddings:
        vectors = self.embedder.encode(list(input))
        return [np.asarray(row, dtype=np.float32) for row in vectors]

    @staticmethod
    def name() -> str:
        return FUNCTION_NAME

    def get_config(self) -> dict[str, Any]:
        return {"embedding": self.embedder.name, "digest": self.embedder.digest}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> OfflineEmbeddingFunction:
        return OfflineEmbeddingFunction()

    def default_space(self) -> str:  # type: ignore[override]
        return "cosine"
