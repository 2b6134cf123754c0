"""The distillation script's pure parts (distilling itself needs torch, not installed here)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest

from strategy_lsp.knowledge.distill import corpus_vocabulary, main, quantize, write_artefact
from strategy_lsp.knowledge.embedding import load_static_embedding


def test_int8_quantization_keeps_vectors_close() -> None:
    vectors = np.random.default_rng(0).normal(size=(50, 16)).astype(np.float32)
    arrays = quantize(vectors, "int8")
    assert arrays["vectors"].dtype == np.int8
    restored = arrays["vectors"].astype(np.float32) * arrays["scales"].astype(np.float32)[:, None]
    assert np.abs(restored - vectors).max() < 0.05
    assert quantize(vectors, "float16")["vectors"].dtype == np.float16


def test_written_artefact_loads_as_an_embedding(tmp_path: Path) -> None:
    shipped = Path(__file__).resolve().parents[2] / "knowledge" / "static_model"
    tokenizer = (shipped / "tokenizer.json").read_text(encoding="utf-8")
    size = load_static_embedding(shipped).vectors.shape[0]
    vectors = np.random.default_rng(1).normal(size=(size, 8)).astype(np.float32)
    write_artefact(tmp_path, quantize(vectors, "int8"), tokenizer, {"name": "test"})
    embedding = load_static_embedding(tmp_path)
    assert embedding.name == "test" and embedding.dim == 8
    assert embedding.encode(["keltner channel"]).shape == (1, 8)


def test_corpus_vocabulary_has_domain_words() -> None:
    words = corpus_vocabulary()
    assert {"keltner", "bollinger", "ichimoku"} <= set(words)


@pytest.mark.skipif(importlib.util.find_spec("model2vec") is not None,
                    reason="model2vec is installed: distilling would run for real")
def test_distill_without_its_tools_fails_cleanly(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--out", str(tmp_path)]) == 1
    assert "install torch==2.13.0" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []
