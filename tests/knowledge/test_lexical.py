"""Tokens, BM25 and the hashing baseline."""

from __future__ import annotations

import numpy as np

from strategy_lsp.knowledge.lexical import BM25, HashingEmbedding, tokens


def test_tokens_split_identifiers_and_fold_plurals() -> None:
    assert tokens("KC_LOWER") == ["kc", "lower"]
    assert tokens("CrossOverCondition") == ["cross", "over", "condition"]
    assert tokens("Bollinger Bands crosses") == ["bollinger", "band", "cross"]
    assert tokens("61.8% level") == ["61.8", "level"]


def test_bm25_prefers_the_document_with_the_rare_word() -> None:
    bm25 = BM25([["price", "average"], ["price", "keltner", "channel"], ["price"]])
    scores = bm25.scores(["keltner", "price"])
    assert int(np.argmax(scores)) == 1
    assert bm25.scores(["unknown"]).tolist() == [0.0, 0.0, 0.0]


def test_hashing_embedding_matches_shared_words_only() -> None:
    a, b, c = HashingEmbedding().encode(["keltner channel", "keltner channel upper",
                                         "relative strength"])
    assert a @ b > 0.5
    assert abs(float(a @ c)) < 0.3
