"""The shipped static embedding: small, offline, torch-free, and meaningful."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from strategy_lsp.knowledge import EmbeddingError, default_embedding, load_static_embedding
from strategy_lsp.knowledge.embedding import ARTEFACT_FOLDER, default_embedding_identity

ARTEFACT = Path(__file__).resolve().parents[2] / "knowledge" / ARTEFACT_FOLDER


def test_artefact_is_small() -> None:
    size = sum(f.stat().st_size for f in ARTEFACT.iterdir())
    assert size < 6 * 1024 * 1024


def test_vectors_are_unit_length_and_deterministic() -> None:
    embedding = default_embedding()
    first = embedding.encode(["relative strength index", "trailing stop loss"])
    assert first.dtype == np.float32
    assert np.allclose(np.linalg.norm(first, axis=1), 1.0, atol=1e-5)
    assert np.array_equal(first, embedding.encode(["relative strength index",
                                                   "trailing stop loss"]))


def test_related_texts_are_closer_than_unrelated_ones() -> None:
    query, related, unrelated = default_embedding().encode(
        ["the stock is overbought", "momentum oscillator showing overbought prices",
         "a fixed commission fee per trade"])
    assert query @ related > query @ unrelated


def test_empty_text_gives_a_zero_vector() -> None:
    vectors = default_embedding().encode(["", "   "])
    assert not vectors.any()
    assert default_embedding().encode([]).shape == (0, default_embedding().dim)


def test_embedding_runs_without_torch() -> None:
    code = ("import sys; from strategy_lsp.knowledge import default_embedding; "
            "default_embedding().encode(['hello']); "
            "assert 'torch' not in sys.modules and 'model2vec' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)


def test_damaged_artefact_raises_a_clear_error(tmp_path: Path) -> None:
    for item in ARTEFACT.iterdir():
        (tmp_path / item.name).write_bytes(item.read_bytes())
    (tmp_path / "vectors.npz").write_bytes(b"not an archive")
    with pytest.raises(EmbeddingError, match="cannot load the embedding artefact"):
        load_static_embedding(tmp_path)


def test_digest_identifies_the_artefact() -> None:
    assert default_embedding().digest == load_static_embedding(ARTEFACT).digest
    assert len(default_embedding().digest) == 64


def test_the_identity_is_known_without_loading_the_vectors() -> None:
    embedding = default_embedding()
    assert default_embedding_identity() == (embedding.name, embedding.digest)
