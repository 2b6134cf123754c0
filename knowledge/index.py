"""The embedded chromadb index of the corpus, in the user's cache folder.

Layout under :func:`.cache.knowledge_dir`: ``index/`` is a chromadb ``PersistentClient``
folder holding one collection, ``kb-<key>``, where the key hashes the corpus, the embedding
and the index format. A build writes a fresh ``build-<id>/`` folder and swaps it in with a
rename, so readers never see half an index and two processes building at once do no harm.

The index is checked when opened, and rebuilt when it is missing (no folder, no
collection), stale (a collection for another key) or corrupt (chromadb fails, the metadata
or the count is wrong, or a probe query does not find its own passage).
"""

from __future__ import annotations

import hashlib
import logging
import shutil
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from .chunks import Chunk
from .embedding import Embedder

if TYPE_CHECKING:
    from chromadb.api import ClientAPI
    from chromadb.api.models.Collection import Collection

INDEX_FORMAT = 1
LIVE_FOLDER = "index"
BUILD_PREFIX = "build-"
OLD_PREFIX = "old-"
LEFTOVER_AGE_S = 3600.0
BATCH = 64

Progress = Callable[[int, int, str], None]
"""Called as ``progress(done, total, stage)`` while an index is built."""

log = logging.getLogger(__name__)


class IndexState(StrEnum):
    """What was found on disk."""

    READY = "ready"
    MISSING = "missing"
    STALE = "stale"
    CORRUPT = "corrupt"


class KnowledgeIndexError(RuntimeError):
    """The index could not be built or queried."""


def index_key(corpus_digest: str, embedder: Embedder) -> str:
    """The key of the collection for this corpus and this embedding."""
    text = f"{INDEX_FORMAT}\0{corpus_digest}\0{embedder.name}\0{embedder.digest}"
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def _chromadb() -> Any:
    # chromadb takes about two seconds to import; only the index needs it.
    import chromadb

    return chromadb


def _client(path: Path) -> ClientAPI:
    chromadb = _chromadb()
    from chromadb.config import Settings

    settings = Settings(anonymized_telemetry=False, allow_reset=False)
    client: ClientAPI = chromadb.PersistentClient(path=str(path), settings=settings)
    return client


def _close(client: ClientAPI) -> None:
    # Client.close() releases chromadb's per-folder system; ClientAPI does not declare it.
    close = getattr(client, "close", None)
    if callable(close):
        close()


class ChromaIndex:
    """One corpus' passages in one chromadb collection; thread-safe."""

    def __init__(self, folder: Path, key: str, chunks: Sequence[Chunk], embedder: Embedder):
        self.folder = folder
        self.live = folder / LIVE_FOLDER
        self.key = key
        self.collection_name = f"kb-{key}"
        self.chunks = list(chunks)
        self.embedder = embedder
        self._lock = threading.RLock()
        self._client: ClientAPI | None = None
        self._collection: Collection | None = None

    # --- opening and checking ----------------------------------------------------------

    def _function(self) -> Any:
        from .chroma_function import OfflineEmbeddingFunction

        return OfflineEmbeddingFunction(self.embedder)

    def _check(self, collection: Collection) -> None:
        meta = collection.metadata or {}
        if meta.get("key") != self.key or meta.get("complete") is not True:
            raise KnowledgeIndexError("collection metadata does not match")
        if collection.count() != len(self.chunks):
            raise KnowledgeIndexError("collection has the wrong number of passages")
        if not self.chunks:
            return
        probe = self.chunks[len(self.chunks) // 2]
        vector = self.embedder.encode([probe.text])
        found = collection.query(query_embeddings=vector, n_results=1, include=["distances"])
        if found["ids"][0][:1] != [probe.id]:
            raise KnowledgeIndexError("probe query did not find its own passage")

    def _open(self) -> IndexState:
        if not self.live.is_dir() or not any(self.live.iterdir()):
            return IndexState.MISSING
        try:
            client = _client(self.live)
        except Exception as error:  # chromadb raises many types for a damaged folder
            log.info("knowledge index unreadable: %s", error)
            return IndexState.CORRUPT
        try:
            names = [c.name for c in client.list_collections()]
            if self.collection_name not in names:
                _close(client)
                return IndexState.STALE if names else IndexState.MISSING
            collection = client.get_collection(self.collection_name,
                                               embedding_function=self._function())
            self._check(collection)
        except Exception as error:
            log.info("knowledge index damaged: %s", error)
            _close(client)
            return IndexState.CORRUPT
        self._client, self._collection = client, collection
        return IndexState.READY

    def state(self) -> IndexState:
        """Inspect the index on disk (opening it when it is ready); builds nothing."""
        with self._lock:
            if self._collection is not None:
                return IndexState.READY
            return self._open()

    @property
    def is_open(self) -> bool:
        return self._collection is not None

    # --- building ----------------------------------------------------------------------

    def ensure(self, progress: Progress | None = None) -> IndexState:
        """Open the index, building it first when missing, stale or corrupt.

        Returns the state that was found before any rebuild.
        """
        with self._lock:
            found = self.state()
            if found is not IndexState.READY:
                log.info("knowledge index %s; building it", found.value)
                self.rebuild(progress)
            return found

    def rebuild(self, progress: Progress | None = None) -> None:
        """Build the index from scratch and swap it in."""
        with self._lock:
            self.close()
            self.folder.mkdir(parents=True, exist_ok=True)
            self._remove_leftovers()
            build = self.folder / f"{BUILD_PREFIX}{uuid.uuid4().hex}"
            try:
                self._write(build, progress or (lambda done, total, stage: None))
                self._swap(build)
            except OSError:
                raise
            except Exception as error:  # chromadb's own errors, for callers to catch as ours
                raise KnowledgeIndexError(f"building the index failed: {error}") from error
            finally:
                shutil.rmtree(build, ignore_errors=True)
            if self._open() is not IndexState.READY:
                raise KnowledgeIndexError(f"the index built in {self.live} does not check out")

    def _write(self, path: Path, progress: Progress) -> None:
        client = _client(path)
        try:
            metadata: dict[str, str | int | float | bool] = {
                "key": self.key, "complete": False, "passages": len(self.chunks),
                "embedding": self.embedder.name, "format": INDEX_FORMAT}
            collection = client.create_collection(
                self.collection_name, embedding_function=self._function(),
                configuration={"hnsw": {"space": "cosine"}}, metadata=metadata)
            total = 2 * len(self.chunks)
            vectors = self._embed(progress, total)
            for start in range(0, len(self.chunks), BATCH):
                batch = self.chunks[start:start + BATCH]
                collection.add(ids=[c.id for c in batch],
                               embeddings=vectors[start:start + BATCH],
                               documents=[c.text for c in batch],
                               metadatas=[{"symbol": c.symbol, "field": c.field} for c in batch])
                progress(len(self.chunks) + start + len(batch), total, "indexing")
            collection.modify(metadata={**metadata, "complete": True})
        finally:
            _close(client)

    def _embed(self, progress: Progress, total: int) -> npt.NDArray[np.float32]:
        rows = []
        for start in range(0, len(self.chunks), BATCH):
            batch = self.chunks[start:start + BATCH]
            rows.append(self.embedder.encode([c.text for c in batch]))
            progress(start + len(batch), total, "embedding")
        return np.concatenate(rows) if rows else np.zeros((0, 1), dtype=np.float32)

    def _swap(self, build: Path) -> None:
        old = self.folder / f"{OLD_PREFIX}{uuid.uuid4().hex}"
        if self.live.exists():
            self.live.rename(old)
        try:
            build.rename(self.live)
        except OSError:  # another process swapped its own build in first; keep theirs
            log.info("knowledge index was built by another process meanwhile")
        shutil.rmtree(old, ignore_errors=True)

    def _remove_leftovers(self) -> None:
        now = time.time()
        for path in self.folder.iterdir():
            try:
                aged = now - path.stat().st_mtime > LEFTOVER_AGE_S
            except OSError:  # removed by another process meanwhile
                continue
            if path.name.startswith(OLD_PREFIX) or (path.name.startswith(BUILD_PREFIX) and aged):
                shutil.rmtree(path, ignore_errors=True)

    # --- querying ----------------------------------------------------------------------

    def query(self, vectors: npt.NDArray[np.float32], n: int) -> list[list[tuple[str, float]]]:
        """For each query vector, the ``n`` nearest passages as (id, cosine similarity)."""
        with self._lock:
            if self._collection is None:
                raise KnowledgeIndexError("the index is not open; call ensure() first")
            count = min(n, len(self.chunks))
            if count == 0:
                return [[] for _ in range(len(vectors))]
            found = self._collection.query(query_embeddings=vectors, n_results=count,
                                           include=["distances"])
        distances = found["distances"] or []
        return [[(i, 1.0 - float(d)) for i, d in zip(ids, dists, strict=True)]
                for ids, dists in zip(found["ids"], distances, strict=True)]

    def close(self) -> None:
        """Release chromadb's handles (a later call reopens)."""
        with self._lock:
            if self._client is not None:
                _close(self._client)
            self._client, self._collection = None, None
