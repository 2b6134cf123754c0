"""Word hints: a slot model told what an unknown word looks like (its packaged static vector).

A hint model must read a description of known words exactly as before, learn hints only from
the words word dropout hid, run in numpy as torch runs it, and refuse hints that another
embedding would give."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from strategy_lsp.generation.runtime import DecoderConfig, DecoderWeights
from strategy_lsp.generation.runtime.hints import HINT_EMBEDDING_KEY, WordHints, hintable
from strategy_lsp.generation.runtime.model import EmbeddedModel, ModelFormatError
from strategy_lsp.generation.runtime.slotted import ANSWER, SLOTS, UNKNOWN, SlotCodec
from strategy_lsp.grammar import parse_expression
from strategy_lsp.grammar.decoding import code_grammar
from strategy_lsp.training.dataset import generate_examples
from strategy_lsp.training.scratch import (
    ScratchError,
    ScratchSettings,
    hidden_word_hints,
    train_scratch,
)

from .test_scratch import needs_torch
from .test_scratch_slots import SETTINGS, Trained, one_torch_thread, trained  # noqa: F401

HINTED = replace(SETTINGS, steps=32, word_dropout=0.3, word_hints=True)
#: "purchase" and "acquire" are in no training style; "buy" is in every one
PROMPT = "Purchase AAPL when the RSI falls below 30 and acquire more above 70"


@pytest.fixture(scope="module")
def codec() -> SlotCodec:
    pairs = [(e.prompt(None), e.completion(None)) for e in generate_examples(80, seed=4)]
    return SlotCodec.build(pairs, 300)


@pytest.fixture(scope="module")
def hinted(trained: Trained, tmp_path_factory: pytest.TempPathFactory  # noqa: F811
           ) -> tuple[Path, Path, list[str]]:
    """The slot model of test_scratch_slots, resumed with hints for 8 steps."""
    root = tmp_path_factory.mktemp("hinted")
    run = root / "run"
    shutil.copytree(trained.run, run)
    logged: list[str] = []
    with one_torch_thread():
        result = train_scratch(trained.data, root / "model", HINTED, resume=True, run_dir=run,
                               log=logged.append)
    assert result.steps == 32
    return root / "model", run, logged


def test_hints_need_the_slot_reader_and_word_dropout() -> None:
    with pytest.raises(ScratchError, match="word dropout above 0"):
        replace(SETTINGS, word_hints=True)
    with pytest.raises(ScratchError, match="slots reader"):
        ScratchSettings(word_hints=True, word_dropout=0.1)
    assert SETTINGS.decoder_config(99, 128).hint_dim == 0  # hints off: no hint matrix
    assert HINTED.decoder_config(99, 128).hint_dim == 128


def test_the_table_holds_the_vectors_of_prompt_words_only(codec: SlotCodec) -> None:
    hints = WordHints()
    table = hints.table(codec)
    assert table.shape == (codec.vocab_size, hints.dim)
    norms = np.linalg.norm(table, axis=1)
    for word, i in codec.word_ids.items():
        assert (abs(norms[i] - 1) < 1e-4) if hintable(word) else norms[i] == 0, word
    assert not norms[:codec.code_size + len(SLOTS)].any()  # code tokens and slots: none
    assert norms[codec.word_ids[UNKNOWN]] == norms[codec.word_ids[ANSWER]] == 0
    np.testing.assert_allclose(table[codec.word_ids["buy"]], hints.vectors(["buy"])[0])
    # a word's hint resembles its neighbours' more than an unrelated word's
    purchase, buying, percent = hints.vectors(["purchase", "buying", "percent"])
    assert float(purchase @ buying) > float(purchase @ percent) + 0.2


def test_only_words_read_as_unknown_are_hinted(codec: SlotCodec) -> None:
    reading = codec.read(PROMPT + ", bellow 5%")  # "bellow" is respelt as "below"
    ids = codec.prompt_ids(reading)
    words = codec.unknown_words(reading)
    assert len(words) == len(ids) and words[-1] is None  # <code> ends the prompt
    unknown = codec.word_ids[UNKNOWN]
    hinted = {w for w in words if w is not None}
    assert {"purchase", "acquire"} <= hinted
    assert hinted == {w for w in reading.words if w.isalpha() and w not in codec.word_ids} \
        - {"bellow"}
    for word, i in zip(words, ids, strict=True):
        assert (word is not None) == (i == unknown)
    assert codec.unknown_words(codec.read("buy AAPL when the RSI falls below 30")) == \
        [None] * len(codec.prompt_ids(codec.read("buy AAPL when the RSI falls below 30")))


def test_a_hidden_word_keeps_its_hint_and_nothing_else_gets_one() -> None:
    table = np.arange(12, dtype=np.float32).reshape(6, 2) + 1
    original = np.array([[1, 2, 3], [4, 5, 0]])
    hidden = np.array([[True, False, True], [False, False, True]])
    rows = hidden_word_hints(table, original, hidden)
    assert rows.shape == (2, 3, 2) and rows.dtype == np.float32
    np.testing.assert_array_equal(rows[0, 0], table[1])
    np.testing.assert_array_equal(rows[0, 2], table[3])
    np.testing.assert_array_equal(rows[1, 2], table[0])
    assert not rows[0, 1].any() and not rows[1, :2].any()


@needs_torch
def test_added_hints_start_unread_and_keep_every_other_moment(trained: Trained) -> None:  # noqa: F811
    import torch

    from strategy_lsp.training.scratch import _add_parameters, _optimizer
    from strategy_lsp.training.torch_decoder import TorchDecoder

    state = torch.load(trained.run / "checkpoints/step-0000024.pt", weights_only=True)
    vocab = state["model"]["embed"].shape[0]
    plain = TorchDecoder(SETTINGS.decoder_config(vocab))
    plain.load_state_dict(state["model"])
    model = TorchDecoder(HINTED.decoder_config(vocab, 128), seed=9)
    optimizer = _optimizer(torch, model, HINTED)
    old_moments = state["optimizer"]["state"]
    _add_parameters(state, model, optimizer)
    model.load_state_dict(state["model"])
    optimizer.load_state_dict(state["optimizer"])
    generator = torch.Generator().manual_seed(0)
    ids = torch.randint(0, vocab, (2, 20), generator=generator)
    hints = torch.randn(2, 20, 128, generator=generator)
    with torch.no_grad():
        torch.testing.assert_close(model(ids, hints), plain(ids), atol=1e-6, rtol=1e-6)
    parameters = dict(model.named_parameters())
    assert not parameters["word_hint"].any() and not optimizer.state[parameters["word_hint"]]
    torch.testing.assert_close(optimizer.state[parameters["embed"]]["exp_avg"],
                               old_moments[0]["exp_avg"])


@needs_torch
def test_a_resumed_run_learns_hints_and_exports_them(hinted: tuple[Path, Path, list[str]]
                                                     ) -> None:
    model_dir, _, logged = hinted
    assert any("word hints added" in line for line in logged), logged
    config = json.loads((model_dir / "config.json").read_text())
    assert config["hint_dim"] == WordHints().dim
    assert config[HINT_EMBEDDING_KEY] == WordHints().identity
    weights = DecoderWeights.load(model_dir / "weights.npz")
    assert weights["word_hint"].shape == (config["hint_dim"], config["dim"])
    assert np.abs(weights["word_hint"]).max() > 0  # trained, no longer the zero it started as
    assert "word hints (128-wide" in (model_dir / "model_card.md").read_text()


@needs_torch
def test_the_runtime_reads_hints_as_torch_does_and_only_for_unknown_words(
        hinted: tuple[Path, Path, list[str]]) -> None:
    import torch

    from strategy_lsp.training.torch_decoder import TorchDecoder

    model_dir, _, _ = hinted
    model = EmbeddedModel(model_dir)
    assert model.codec is not None and model.hints is not None
    reading = model.codec.read(PROMPT)
    ids = model.codec.prompt_ids(reading)
    unknown = model.codec.unknown_words(reading)
    rows = model.hints.rows(unknown)
    assert rows is not None and {"purchase", "acquire"} <= set(unknown)
    np.testing.assert_array_equal(np.abs(rows).sum(axis=1) > 0, [w is not None for w in unknown])
    runtime = model.transformer.step(ids, model.transformer.new_cache(), rows)
    unhinted = model.transformer.step(ids, model.transformer.new_cache())
    exported = TorchDecoder.from_weights(DecoderConfig.load(model_dir / "config.json"),
                                         DecoderWeights.load(model_dir / "weights.npz"))
    with torch.no_grad():
        reference = exported(torch.tensor([ids]), torch.from_numpy(rows)[None])[0].numpy()
    assert np.abs(runtime - reference).max() < 1e-4 * max(1.0, np.abs(reference).max())
    first = [w is not None for w in model.codec.unknown_words(reading)].index(True)
    np.testing.assert_array_equal(runtime[:first], unhinted[:first])
    assert np.abs(runtime[first:] - unhinted[first:]).max() > 0
    known = model.codec.read("buy AAPL when the RSI falls below 30")
    assert model.hints.rows(model.codec.unknown_words(known)) is None
    try:
        generated = model.generate(PROMPT, code_grammar(None), 200)
    except Exception as error:  # an 8-step model may wander; it must not fail otherwise
        assert "not complete after" in str(error)
    else:
        expression, problems = parse_expression(generated.text)
        assert expression is not None and problems == [], generated.text


@needs_torch
def test_hints_from_another_embedding_are_refused(hinted: tuple[Path, Path, list[str]],
                                                  tmp_path: Path) -> None:
    model_dir, _, _ = hinted
    copy = tmp_path / "model"
    shutil.copytree(model_dir, copy)
    config = json.loads((copy / "config.json").read_text())
    config[HINT_EMBEDDING_KEY] = "some-other-embedding@0123456789abcdef"
    (copy / "config.json").write_text(json.dumps(config))
    with pytest.raises(ModelFormatError, match="some-other-embedding"):
        EmbeddedModel(copy)


@needs_torch
def test_a_hint_checkpoint_resumes_only_with_hints(hinted: tuple[Path, Path, list[str]],
                                                   trained: Trained,  # noqa: F811
                                                   tmp_path: Path) -> None:
    _, run, _ = hinted
    copy = tmp_path / "run"
    shutil.copytree(run, copy)
    with pytest.raises(ScratchError, match="give --word-hints"):
        train_scratch(trained.data, tmp_path / "model", replace(SETTINGS, steps=34),
                      resume=True, run_dir=copy, log=lambda _: None)
    with one_torch_thread():
        again = train_scratch(trained.data, tmp_path / "model", replace(HINTED, steps=34),
                              resume=True, run_dir=copy, log=lambda _: None)
    assert again.steps == 34
