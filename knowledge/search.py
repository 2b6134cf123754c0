"""The knowledge base: exact ``lookup`` from the corpus in memory, hybrid ``search`` over
the chromadb index.

``lookup`` never touches the index, so hover works while the index is still being built.
``search`` opens the index (building it when needed) unless told not to wait, in which case
it answers from the lexical scores alone and lets the build run in the background.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .cache import knowledge_dir
from .chunks import corpus_chunks
from .corpus import Corpus, Entry, load_corpus
from .embedding import Embedder, default_embedding
from .index import ChromaIndex, IndexState, KnowledgeIndexError, Progress, index_key
from .lexical import tokens
from .ranking import DEFAULT_WEIGHTS, LexicalScorer, Weights, best_per_entry, fuse
from .render import render_hover

#: How many nearest passages a search asks the index for: all of them (the corpus has a few
#: hundred), so every entry gets its true best similarity.
PASSAGES = 1000

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SearchHit:
    """One search result: the entry and its scores (semantic is None for lexical-only)."""

    entry: Entry
    score: float
    lexical: float
    semantic: float | None


class KnowledgeBase:
    """The docs corpus with its index. Thread-safe; cheap to create (nothing is built).

    Keep one per cache folder in a process (:func:`default_knowledge_base` is that one):
    chromadb shares one client per folder inside a process, so a second knowledge base that
    rebuilds the folder under an open first one would leave the first with stale handles.
    """

    def __init__(self, corpus: Corpus | None = None, *, embedder: Embedder | None = None,
                 folder: Path | None = None, weights: Weights = DEFAULT_WEIGHTS) -> None:
        self.corpus = corpus if corpus is not None else load_corpus()
        self._embedder = embedder
        self._folder = folder
        self.weights = weights
        self._entries = list(self.corpus)
        self._keys = [e.key for e in self._entries]
        self._by_lower = {e.key.lower(): e for e in self._entries}
        self._by_alias: dict[str, Entry] = {}
        for entry in self._entries:
            for alias in entry.aliases:
                self._by_alias.setdefault(" ".join(tokens(alias)), entry)
        self._lexical = LexicalScorer(self._entries, weights)
        self._index: ChromaIndex | None = None
        self._lock = threading.Lock()
        self._build_thread: threading.Thread | None = None
        self._build_error: BaseException | None = None

    # --- lookup ------------------------------------------------------------------------

    def lookup(self, symbol: str) -> Entry | None:
        """The entry for an exact symbol (``RSI``, ``SourceType.CLOSE``, ``Strategy.ticker``).

        Falls back to a case-insensitive symbol and then to an exact natural-language name
        ("Relative Strength Index"). Never uses the index.
        """
        text = symbol.strip()
        entry = self.corpus.get(text) or self._by_lower.get(text.lower())
        if entry is None and text:
            entry = self._by_alias.get(" ".join(tokens(text)))
        return entry

    # --- the index ---------------------------------------------------------------------

    @property
    def embedder(self) -> Embedder:
        embedder = self._embedder
        if embedder is None:
            embedder = self._embedder = default_embedding()
        return embedder

    @property
    def index(self) -> ChromaIndex:
        with self._lock:
            if self._index is None:
                folder = self._folder if self._folder is not None else knowledge_dir()
                key = index_key(self.corpus.digest, self.embedder)
                self._index = ChromaIndex(folder, key, corpus_chunks(self._entries),
                                          self.embedder)
            return self._index

    @property
    def ready(self) -> bool:
        """Whether the index is open and checked, so ``search`` will not wait."""
        return self._index is not None and self._index.is_open

    @property
    def building(self) -> bool:
        """Whether a background build is running."""
        thread = self._build_thread
        return thread is not None and thread.is_alive()

    @property
    def build_error(self) -> BaseException | None:
        """The error of the last background build, if it failed."""
        return self._build_error

    def index_state(self) -> IndexState:
        """Inspect the index on disk; builds nothing."""
        return self.index.state()

    def build(self, progress: Progress | None = None, *, force: bool = False) -> IndexState:
        """Make the index ready, building it when needed (or always, with ``force``).

        Returns the state found before building.
        """
        if force:
            found = self.index.state()
            self.index.rebuild(progress)
            return found
        return self.index.ensure(progress)

    def build_in_background(self, progress: Progress | None = None) -> threading.Thread:
        """Start :meth:`build` in a daemon thread (or return the one already running)."""
        with self._lock:
            if self._build_thread is not None and self._build_thread.is_alive():
                return self._build_thread
            self._build_error = None
            thread = threading.Thread(target=self._background, args=(progress,),
                                      name="knowledge-index-build", daemon=True)
            self._build_thread = thread
        thread.start()
        return thread

    def _background(self, progress: Progress | None) -> None:
        try:
            self.build(progress)
        except Exception as error:  # reported through build_error; the thread must not die loud
            log.warning("building the knowledge index failed: %s", error)
            self._build_error = error

    # --- search ------------------------------------------------------------------------

    def search(self, text: str, k: int = 5, *, wait: bool = True) -> list[SearchHit]:
        """The ``k`` entries that best answer ``text``, best first.

        With ``wait=False`` and no index ready yet, the answer is lexical only and the index
        is built in the background for the next call.
        """
        if not text.strip() or k <= 0:
            return []
        lexical = self._lexical.scores(text)
        exact = self._lexical.exact(text)
        semantic = None
        if wait or self.ready:
            semantic = best_per_entry(self._semantic_hits(text), self._keys)
        else:
            self.build_in_background()
        scores = fuse(lexical, semantic, exact, self.weights)
        order = sorted(range(len(self._entries)), key=lambda row: -scores[row])[:k]
        return [SearchHit(self._entries[row], float(scores[row]), float(lexical[row]),
                          None if semantic is None else float(semantic[row])) for row in order]

    def _semantic_hits(self, text: str) -> list[tuple[str, float]]:
        vector = self.embedder.encode([text])
        index = self.index
        try:
            index.ensure()
            return index.query(vector, PASSAGES)[0]
        except KnowledgeIndexError:
            raise
        except Exception as error:  # the index broke while open: rebuild once, then retry
            log.warning("knowledge index failed (%s); rebuilding it", error)
            index.rebuild()
            return index.query(vector, PASSAGES)[0]

    def close(self) -> None:
        """Release the index (waits for a background build to finish first)."""
        thread = self._build_thread
        if thread is not None:
            thread.join()
        if self._index is not None:
            self._index.close()


@cache
def default_knowledge_base() -> KnowledgeBase:
    """The process-wide knowledge base over the shipped corpus."""
    return KnowledgeBase()


def lookup(symbol: str) -> Entry | None:
    """Exact lookup in the shipped corpus; see :meth:`KnowledgeBase.lookup`."""
    return default_knowledge_base().lookup(symbol)


def search(text: str, k: int = 5, *, wait: bool = True) -> list[SearchHit]:
    """Hybrid search in the shipped corpus; see :meth:`KnowledgeBase.search`."""
    return default_knowledge_base().search(text, k, wait=wait)


def retriever_for_prompts(k: int = 4, *, wait: bool = True) -> Callable[[str], list[str]]:
    """A function from a strategy description to the docs (hover Markdown) worth showing a
    model, best first: the RAG retriever of the generation layer."""
    kb = default_knowledge_base()

    def retrieve(description: str) -> list[str]:
        return [render_hover(hit.entry) for hit in kb.search(description, k, wait=wait)]

    return retrieve
