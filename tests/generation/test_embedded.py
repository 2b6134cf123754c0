"""The embedded backend: the numpy decoder, grammar-masked decoding, loading and faults."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import numpy as np
import pytest

from strategy_lsp.generation import (
    BackendFailed,
    CompletionRequest,
    InvalidOutput,
    Message,
    ModelNotFound,
)
from strategy_lsp.generation.backend import OutputFormat
from strategy_lsp.generation.backends.embedded import EmbeddedBackend
from strategy_lsp.generation.engine import Generator
from strategy_lsp.generation.output import read_output
from strategy_lsp.generation.runtime import DecoderConfig, DecoderWeights, Transformer
from strategy_lsp.generation.runtime.model import Cancelled, EmbeddedModel
from strategy_lsp.generation.settings import BackendName, GenerationSettings, Mode
from strategy_lsp.grammar import parse_expression, validate_strategy
from strategy_lsp.grammar.decoding import code_grammar

from .embedded_model import make_tiny_model


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_tiny_model(tmp_path_factory.mktemp("models") / "tiny")


def test_cached_decoding_gives_the_same_logits_as_a_full_pass() -> None:
    config = DecoderConfig(vocab_size=40, dim=32, n_layers=2, n_heads=4, ffn_dim=48,
                           max_seq_len=32, tie_embeddings=False)
    model = Transformer(config, DecoderWeights.random(config, seed=3, scale=0.3))
    tokens = [1, 7, 3, 9, 9, 2, 5]
    full = model.step(tokens, model.new_cache())
    cache = model.new_cache()
    parts = [model.step(tokens[:4], cache)] + [model.step([t], cache) for t in tokens[4:]]
    np.testing.assert_allclose(np.vstack(parts), full, atol=1e-5)
    assert cache.length == len(tokens)


def test_more_positions_than_trained_are_squeezed_into_the_trained_range() -> None:
    config = DecoderConfig(vocab_size=40, dim=32, n_layers=2, n_heads=4, ffn_dim=48,
                           max_seq_len=8)
    model = Transformer(config, DecoderWeights.random(config, seed=3, scale=0.3))
    tokens = [1, 7, 3, 9, 9, 2, 5, 4, 8, 6, 1, 2]
    with pytest.raises(ValueError, match="longer than its 8 positions"):
        model.step(tokens, model.new_cache())
    stretched = model.new_cache(16)
    full = model.step(tokens, stretched)
    assert np.isfinite(full).all() and stretched.length == 12
    # position 2i of 16 turns the rotary angles as far as position i of the model's 8
    cos, sin = model._rotations(16)
    native_cos, native_sin = model._rotations(8)
    np.testing.assert_allclose(cos[::2], native_cos, atol=1e-6)
    np.testing.assert_allclose(sin[::2], native_sin, atol=1e-6)
    # a squeezed sequence still decodes step by step as it reads in one pass
    cache = model.new_cache(16)
    parts = [model.step(tokens[:9], cache)] + [model.step([t], cache) for t in tokens[9:]]
    np.testing.assert_allclose(np.vstack(parts), full, atol=1e-5)
    # the first tokens of a squeezed sequence sit at other angles than at the model's own
    assert not np.allclose(full[:4], model.step(tokens[:4], model.new_cache()), atol=1e-4)
    with pytest.raises(ValueError, match="longer than its 16 positions"):
        model.step(tokens[:5], stretched)


def test_missing_weights_are_reported_by_name() -> None:
    config = DecoderConfig(vocab_size=10, dim=8, n_layers=1, n_heads=2, ffn_dim=8)
    weights = DecoderWeights.random(config)
    del weights["layers.0.wq"]
    with pytest.raises(ValueError, match=r"layers\.0\.wq"):
        Transformer(config, weights)


@pytest.mark.parametrize("parameter", ["position_type", "stop_loss", "interval", "order_size",
                                       "trade_commissions", "start_date", "buy_condition",
                                       None])
def test_masked_decoding_writes_code_the_grammar_accepts(tiny: Path,
                                                         parameter: str | None) -> None:
    model = EmbeddedModel(tiny)
    generated = model.generate("Buy AAPL when RSI is below 30", code_grammar(parameter), 4000)
    expr, problems = parse_expression(generated.text)
    assert expr is not None and problems == [], generated.text
    validation = read_output(generated.text, parameter, "AAPL", OutputFormat.CODE)
    # the mask guarantees the shape; only catalog ranges may still need the validator
    assert all(d.code in ("out-of-range", "ticker-mismatch", "invalid-date", "future-date",
                          "end-before-start", "period-and-dates", "invalid-ticker",
                          "single-condition")
               for d in validation.diagnostics), [d.message for d in validation.diagnostics]


def test_a_byte_model_keeps_its_decisions_and_not_the_forced_tokens(tiny: Path) -> None:
    model = EmbeddedModel(tiny)
    generated = model.generate("Buy AAPL when RSI is below 30", code_grammar("stop_loss"), 4000)
    text = generated.text
    assert generated.choices, text
    assert len(generated.choices) < generated.completion_tokens  # "StopLoss(" etc. forced
    starts = [c.start for c in generated.choices]
    assert starts == sorted(starts)
    for choice in generated.choices:
        assert 0 <= choice.start < choice.end <= len(text) and 0 < choice.probability <= 1


def test_a_tiny_budget_fails_clearly_instead_of_returning_partial_code(tiny: Path) -> None:
    backend = EmbeddedBackend({"tiny": tiny})
    request = CompletionRequest(model="tiny", messages=(Message("user", "Buy AAPL"),),
                                output=OutputFormat.CODE, grammar=code_grammar(None),
                                max_tokens=3)
    with pytest.raises(BackendFailed, match="not complete after 3 tokens"):
        asyncio.run(backend.complete(request))


def test_cancel_event_stops_generation(tiny: Path) -> None:
    model = EmbeddedModel(tiny)
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        model.generate("Buy AAPL", code_grammar(None), 4000, cancel)
    # the model is usable again afterwards
    assert model.generate("Buy AAPL", code_grammar("interval"), 50).text.startswith("Interval.")


async def test_unknown_embedded_model_says_which_ones_exist(tiny: Path) -> None:
    backend = EmbeddedBackend({"tiny": tiny})
    with pytest.raises(ModelNotFound, match="shipped with this install: tiny"):
        await backend.ensure_model("huge")


async def test_a_model_can_be_named_by_its_path(tiny: Path) -> None:
    backend = EmbeddedBackend({})
    await backend.ensure_model(str(tiny))


async def test_embedded_backend_refuses_json_requests(tiny: Path) -> None:
    backend = EmbeddedBackend({"tiny": tiny})
    request = CompletionRequest(model="tiny", messages=(Message("user", "x"),),
                                output=OutputFormat.JSON)
    with pytest.raises(BackendFailed, match="writes code under a grammar"):
        await backend.complete(request)


@pytest.mark.parametrize("mode", [Mode.WHOLE, Mode.FIELDS])
async def test_generator_on_the_embedded_backend_never_returns_invalid_code(
        tiny: Path, mode: Mode) -> None:
    """A random model writes nonsense; what comes back must still validate, or nothing does."""
    settings = GenerationSettings(mode=mode, model_small="tiny", model_large="tiny")
    generator = Generator(settings,
                          backends={BackendName.EMBEDDED: EmbeddedBackend({"tiny": tiny})})
    try:
        result = await generator.generate("Buy AAPL when RSI drops below 30, sell above 70.")
    except InvalidOutput as error:
        assert "does not validate" in str(error) or "invalid" in str(error)
    else:
        expr, problems = parse_expression(result.code)
        assert expr is not None
        assert validate_strategy(expr, problems).ok
    finally:
        await generator.aclose()


async def test_install_without_an_embedded_model_points_to_the_server_backends() -> None:
    with pytest.raises(ModelNotFound, match=r"ships no embedded model yet.*backend to ollama"):
        await EmbeddedBackend({}).ensure_model("strategy-tiny")
