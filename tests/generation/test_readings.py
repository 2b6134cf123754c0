"""Reading a description several ways: a batch of sequences in the numpy decoder, the
readings a slot model makes of one description, and decoding with the mean of their logits."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from strategy_lsp.generation.backends.embedded import shipped_models
from strategy_lsp.generation.runtime import DecoderConfig, DecoderWeights, Transformer
from strategy_lsp.generation.runtime.model import EmbeddedModel, ModelFormatError
from strategy_lsp.generation.runtime.slotted import ANSWER, UNKNOWN
from strategy_lsp.generation.settings import DEFAULT_MODELS, BackendName
from strategy_lsp.grammar.decoding import code_grammar

#: known words, a slot of each kind and two words no training style used ("acquire", "unload")
PROMPT = ("Go long MSFT from 2020-01-01: acquire it once RSI(14) is under 30 and the close is "
          "above its 50-day moving average; unload it when RSI is over 70. Keep a 5% stop "
          "loss and a 10% take profit, trade with 10,000 dollars, daily bars.")


def shipped_dir() -> Path:
    default = DEFAULT_MODELS[BackendName.EMBEDDED]
    return shipped_models()[default[next(iter(default))]]


def variant(root: Path, **config: object) -> EmbeddedModel:
    """The shipped model with ``config`` changed in its config.json."""
    path = root / "-".join(f"{k}{v}" for k, v in config.items())
    shutil.copytree(shipped_dir(), path)
    raw = json.loads((path / "config.json").read_text("utf-8"))
    (path / "config.json").write_text(json.dumps({**raw, **config}), "utf-8")
    return EmbeddedModel(path)


@pytest.fixture(scope="module")
def models(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("variants")


def test_a_batch_steps_as_each_of_its_sequences_alone() -> None:
    config = DecoderConfig(vocab_size=40, dim=32, n_layers=2, n_heads=4, ffn_dim=48,
                           max_seq_len=32, hint_dim=6)
    model = Transformer(config, DecoderWeights.random(config, seed=5, scale=0.3))
    rng = np.random.default_rng(0)
    prompts = rng.integers(0, 40, (3, 9))
    hints = rng.standard_normal((3, 9, 6)).astype(np.float32) * (rng.random((3, 9, 1)) < 0.3)
    batch = model.new_cache(batch=3)
    first = model.step(prompts, batch, hints)
    assert first.shape == (3, 9, 40)
    after = model.step(np.array([[4], [11], [4]]), batch)
    for row in range(3):
        alone = model.new_cache()
        np.testing.assert_allclose(first[row], model.step(list(prompts[row]), alone, hints[row]),
                                   atol=1e-5)
        np.testing.assert_allclose(after[row], model.step([[4, 11, 4][row]], alone), atol=1e-5)
    last = model.step(prompts, model.new_cache(batch=3), hints, last_only=True)
    assert last.shape == (3, 1, 40)
    np.testing.assert_allclose(last[:, 0], first[:, -1], atol=1e-6)


def test_the_first_reading_is_the_description_and_the_others_hide_known_words(
        models: Path) -> None:
    model = variant(models, readings=8)
    codec, hints = model.codec, model.hints
    assert codec is not None and hints is not None
    reading = codec.read(PROMPT)
    prompt_ids = codec.prompt_ids(reading)
    own_hints = hints.rows(codec.unknown_words(reading))
    assert own_hints is not None  # "acquire" and "unload"
    ids, rows = model._readings(codec, prompt_ids, own_hints)
    assert rows is not None and ids.shape == (8, len(prompt_ids)) == rows.shape[:2]
    assert list(ids[0]) == prompt_ids
    np.testing.assert_array_equal(rows[0], own_hints)

    unknown = codec.word_ids[UNKNOWN]
    hidden = ids != np.asarray(prompt_ids)
    assert (ids[hidden] == unknown).all()
    original = np.broadcast_to(np.asarray(prompt_ids), ids.shape)[hidden]
    words = {codec.words[i - codec.word_ids[UNKNOWN]] for i in original}
    # only words the model knows are hidden: never a slot, <unk> itself or the prompt's end
    assert words and not words & {UNKNOWN, ANSWER} and all(w in codec.word_ids for w in words)
    assert not set(original) & set(codec.slot_ids.values())
    # a hidden word keeps its own hint, as in training; other positions keep theirs
    np.testing.assert_allclose(rows[hidden], hints.vectors(
        [codec.words[i - codec.word_ids[UNKNOWN]] for i in original]), atol=1e-6)
    np.testing.assert_array_equal(rows[~hidden], np.broadcast_to(own_hints, rows.shape)[~hidden])
    # about one known word in ten (7 readings of the prompt's ~40 known words: ~28 hidden)
    known = sum(1 for i in prompt_ids if i in set(codec.word_ids.values()) - {unknown}) - 1
    assert 0.03 < hidden.sum() / (7 * known) < 0.2
    # the same description is read the same ways every time
    again, again_rows = model._readings(codec, prompt_ids, own_hints)
    np.testing.assert_array_equal(again, ids)
    np.testing.assert_array_equal(again_rows, rows)


def test_readings_that_hide_nothing_decode_as_one_reading(models: Path) -> None:
    one = EmbeddedModel(shipped_dir())
    same = variant(models, readings=3, reading_dropout=0.0)
    grammar = code_grammar(None)
    for prompt in (PROMPT, "Short TSLA when MACD crosses below its signal; cover after 5 days"):
        expected, got = one.generate(prompt, grammar, 256), same.generate(prompt, grammar, 256)
        assert got.text == expected.text
        assert [(c.start, c.end) for c in got.choices] == \
            [(c.start, c.end) for c in expected.choices]
        np.testing.assert_allclose([c.probability for c in got.choices],
                                   [c.probability for c in expected.choices], atol=1e-4)


def test_readings_decode_under_a_beam_search_too(models: Path) -> None:
    model = variant(models, readings=4, beams=2, retry_beams=0, named_coverage=False,
                    crossing_coverage=False, join_coverage=False)
    text = model.generate(PROMPT, code_grammar(None), 256).text
    assert text.startswith("Strategy(ticker='MSFT'") and "RSI('MSFT', length=14)" in text


@pytest.mark.parametrize(("setting", "value"), [("readings", 0), ("reading_dropout", 1.0),
                                                ("reading_dropout", -0.1)])
def test_impossible_reading_settings_are_refused(models: Path, setting: str,
                                                 value: float) -> None:
    with pytest.raises(ModelFormatError, match="readings must be 1 or more"):
        variant(models, **{setting: value})


def test_how_a_model_writes_a_short_is_read_from_its_config(models: Path) -> None:
    assert EmbeddedModel(shipped_dir()).short_sides == "entry"  # trained before generator 2
    assert variant(models, short_sides="library").short_sides == "library"
    with pytest.raises(ModelFormatError, match="short_sides is 'sell'"):
        variant(models, short_sides="sell")
