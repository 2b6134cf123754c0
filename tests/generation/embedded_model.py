"""A tiny random model directory for the embedded runtime, built in a few seconds."""

from __future__ import annotations

import json
import random
from dataclasses import asdict
from pathlib import Path

from strategy_lsp.generation.runtime import DecoderConfig, DecoderWeights
from strategy_lsp.grammar import render
from strategy_lsp.grammar.decoding import train_code_tokenizer
from strategy_lsp.grammar.sampling import random_strategy


def make_tiny_model(path: Path, *, dim: int = 32, layers: int = 2, seed: int = 0,
                    vocab: int = 512) -> Path:
    rng = random.Random(seed)
    texts = [render(random_strategy(rng), inline=True) for _ in range(300)]
    texts += ["Buy AAPL when the RSI drops below 30 and sell above 70."] * 5
    tokenizer = train_code_tokenizer(texts, vocab)
    vocab_size = len(json.loads(tokenizer)["model"]["vocab"]) + 1
    config = DecoderConfig(vocab_size=vocab_size, dim=dim, n_layers=layers, n_heads=4,
                           ffn_dim=dim * 2, max_seq_len=2048)
    path.mkdir(parents=True, exist_ok=True)
    (path / "config.json").write_text(json.dumps({**asdict(config), "prompt_suffix": "\n"}))
    (path / "tokenizer.json").write_text(tokenizer)
    DecoderWeights.random(config, seed=seed, scale=0.5).save(path / "weights.npz")
    return path
