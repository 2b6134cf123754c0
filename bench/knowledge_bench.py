"""Benchmark of the knowledge base: build time, lookup and search latency, and recall.

Recall@1 and @3 are measured on the query set in tests/knowledge/queries.toml for the shipped
static embedding (through the real chromadb index) against lexical and hashing baselines::

    python bench/knowledge_bench.py [--builds 3] [--embedding DIR ...]

``--embedding`` adds other distilled artefacts (folders written by knowledge/distill.py) to
the recall table, ranked in memory exactly as the index would rank them.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from strategy_lsp.knowledge.chunks import corpus_chunks
from strategy_lsp.knowledge.corpus import load_corpus
from strategy_lsp.knowledge.embedding import Embedder, default_embedding, load_static_embedding
from strategy_lsp.knowledge.lexical import HashingEmbedding
from strategy_lsp.knowledge.ranking import LexicalScorer, Weights, best_per_entry, fuse
from strategy_lsp.knowledge.search import KnowledgeBase

QUERIES = Path(__file__).resolve().parent.parent / "tests" / "knowledge" / "queries.toml"
Ranker = Callable[[str], list[str]]


def load_queries(path: Path = QUERIES, kind: str | None = None) -> list[tuple[str, set[str]]]:
    """(text, accepted symbols) pairs; ``kind="paraphrase"`` keeps only the paraphrases."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return [(q["text"], set(q["expect"])) for q in data["query"]
            if kind is None or q.get("kind") == kind]


def recall(ranker: Ranker, queries: Sequence[tuple[str, set[str]]]) -> tuple[float, float]:
    at1 = at3 = 0
    for text, expected in queries:
        ranked = ranker(text)
        at1 += bool(expected & set(ranked[:1]))
        at3 += bool(expected & set(ranked[:3]))
    return at1 / len(queries), at3 / len(queries)


def in_memory_ranker(embedder: Embedder | None, lexical: bool, weights: Weights) -> Ranker:
    """Rank every entry in memory: semantic (best passage), lexical, or both fused."""
    entries = list(load_corpus())
    keys = [e.key for e in entries]
    scorer = LexicalScorer(entries, weights)
    chunks = corpus_chunks(entries)
    matrix = embedder.encode([c.text for c in chunks]) if embedder is not None else None

    def rank(text: str) -> list[str]:
        semantic = None
        if embedder is not None and matrix is not None:
            similarities = matrix @ embedder.encode([text])[0]
            semantic = best_per_entry(((c.id, float(s)) for c, s in zip(chunks, similarities,
                                                                         strict=True)), keys)
        if lexical:
            scores = fuse(scorer.scores(text), semantic, scorer.exact(text), weights)
        else:
            assert semantic is not None
            scores = semantic
        return [keys[i] for i in np.argsort(-scores, kind="stable")[:3]]

    return rank


def median_ms(samples: Sequence[float]) -> float:
    return statistics.median(samples) * 1000


def timings(builds: int, queries: Sequence[tuple[str, set[str]]]) -> dict[str, float]:
    corpus = load_corpus()
    build_times: list[float] = []
    with tempfile.TemporaryDirectory() as folder:
        kb = KnowledgeBase(corpus, folder=Path(folder))
        start = time.perf_counter()
        kb.index.ensure()  # the first build also pays chromadb's import
        first = time.perf_counter() - start
        for _ in range(builds):
            start = time.perf_counter()
            kb.build(force=True)
            build_times.append(time.perf_counter() - start)
        symbols = [e.key for e in corpus]
        lookups = []
        for _ in range(20):
            start = time.perf_counter()
            for symbol in symbols:
                kb.lookup(symbol)
            lookups.append((time.perf_counter() - start) / len(symbols))
        searches = []
        for _ in range(3):
            for text, _expected in queries:
                start = time.perf_counter()
                kb.search(text, 5)
                searches.append(time.perf_counter() - start)
        kb.close()
    return {"first_build_s": first, "build_s": statistics.median(build_times),
            "lookup_ms": median_ms(lookups),
            "search_ms": median_ms(searches)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="knowledge base benchmark")
    parser.add_argument("--builds", type=int, default=3, help="index builds to time")
    parser.add_argument("--embedding", type=Path, action="append", default=[],
                        help="another distilled artefact folder to compare")
    args = parser.parse_args(argv)
    queries = load_queries()
    paraphrases = load_queries(kind="paraphrase")
    weights = Weights()
    shipped = default_embedding()

    print(f"corpus: {len(load_corpus())} entries, {len(corpus_chunks(load_corpus()))} passages; "
          f"{len(queries)} queries; embedding {shipped.name} ({shipped.dim} dims)")
    times = timings(args.builds, queries)
    print(f"first build (with chromadb import): {times['first_build_s']:.2f} s   "
          f"median rebuild: {times['build_s']:.2f} s")
    print(f"median lookup: {times['lookup_ms'] * 1000:.2f} µs   "
          f"median search (chromadb, hybrid, k=5): {times['search_ms']:.2f} ms")

    with tempfile.TemporaryDirectory() as folder:
        kb = KnowledgeBase(folder=Path(folder))
        rows: list[tuple[str, Ranker]] = [
            ("chosen: static + BM25 via chromadb",
             lambda text: [h.entry.key for h in kb.search(text, 3)]),
            ("BM25 only (baseline)", in_memory_ranker(None, True, weights)),
            ("hashing only (baseline)", in_memory_ranker(HashingEmbedding(), False, weights)),
            ("hashing + BM25 (baseline)", in_memory_ranker(HashingEmbedding(), True, weights)),
            (f"static only ({shipped.name})", in_memory_ranker(shipped, False, weights)),
        ]
        for path in args.embedding:
            other = load_static_embedding(path)
            rows.append((f"static only ({other.name})", in_memory_ranker(other, False, weights)))
            rows.append((f"static + BM25 ({other.name})", in_memory_ranker(other, True, weights)))
        print(f"{'':<52} {'all ' + str(len(queries)) + ' queries':>17}   "
              f"{str(len(paraphrases)) + ' paraphrases':>17}")
        print(f"{'method':<52} {'recall@1':>8} {'@3':>8}   {'recall@1':>8} {'@3':>8}")
        for name, ranker in rows:
            at1, at3 = recall(ranker, queries)
            p1, p3 = recall(ranker, paraphrases)
            print(f"{name:<52} {at1:8.3f} {at3:8.3f}   {p1:8.3f} {p3:8.3f}")
        kb.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
