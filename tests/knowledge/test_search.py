"""Retrieval: exact lookup, and hybrid search that puts the right symbol first."""

from __future__ import annotations

import pytest

from strategy_lsp.knowledge import KnowledgeBase, SearchHit

from .helpers import load_queries

ACCEPTANCE = load_queries()[:5]


@pytest.mark.parametrize(("text", "expected"), ACCEPTANCE, ids=[q for q, _ in ACCEPTANCE])
def test_acceptance_queries_find_the_right_symbol_first(
        built_kb: KnowledgeBase, text: str, expected: set[str]) -> None:
    assert built_kb.search(text, 3)[0].entry.key in expected


def test_recall_at_3_on_the_benchmark_queries(built_kb: KnowledgeBase) -> None:
    queries = load_queries()
    found = [bool(expected & {h.entry.key for h in built_kb.search(text, 3)})
             for text, expected in queries]
    misses = [text for (text, _), hit in zip(queries, found, strict=True) if not hit]
    assert sum(found) / len(found) >= 0.9, misses


def test_hits_are_sorted_and_scored(built_kb: KnowledgeBase) -> None:
    hits = built_kb.search("moving average crossover", 5)
    assert len(hits) == 5
    assert all(isinstance(h, SearchHit) for h in hits)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert all(h.semantic is not None for h in hits)


def test_blank_query_returns_nothing(built_kb: KnowledgeBase) -> None:
    assert built_kb.search("   ", 5) == []
    assert built_kb.search("rsi", 0) == []


@pytest.mark.parametrize(("text", "key"), [
    ("RSI", "RSI"),
    ("SourceType.CLOSE", "SourceType.CLOSE"),
    ("Strategy.stop_loss", "Strategy.stop_loss"),
    ("rsi", "RSI"),
    ("Relative Strength Index", "RSI"),
    ("  KC_LOWER ", "KC_LOWER"),
])
def test_lookup_finds_symbols_and_exact_names(built_kb: KnowledgeBase, text: str,
                                              key: str) -> None:
    entry = built_kb.lookup(text)
    assert entry is not None and entry.key == key


def test_lookup_of_unknown_name_is_none(built_kb: KnowledgeBase) -> None:
    assert built_kb.lookup("NOT_AN_INDICATOR") is None
    assert built_kb.lookup("") is None


def test_module_level_functions_use_the_shipped_corpus() -> None:
    from strategy_lsp.knowledge import default_knowledge_base, lookup, retriever_for_prompts

    entry = lookup("MACD")
    assert entry is not None and entry.key == "MACD"
    docs = retriever_for_prompts(k=2, wait=False)("buy when RSI crosses below 30")
    assert len(docs) == 2 and docs[0].startswith("```python")
    default_knowledge_base().close()
