"""strategy-lsp-train finetune --scratch --reader slots: a model that reads descriptions as
words and value slots is trained, exported with its reading.json, and decodes in the runtime."""

from __future__ import annotations

import contextlib
import io
import json
import re
import shlex
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from strategy_lsp.generation.runtime.model import EmbeddedModel, OutOfTokens
from strategy_lsp.generation.runtime.slotted import READING_FILE, SlotCodec
from strategy_lsp.grammar import parse_expression
from strategy_lsp.grammar.decoding import code_grammar
from strategy_lsp.training.cli import build_parser, main
from strategy_lsp.training.dataset import generate_examples, write_dataset
from strategy_lsp.training.loss_curve import LossLog
from strategy_lsp.training.scratch import (
    IGNORE,
    ScratchError,
    ScratchSettings,
    batch_arrays,
    batch_indices,
    encode_slot_pairs,
    read_pairs,
    scratch_command,
    settings_from,
    train_scratch,
    word_dropout,
)

from .test_scratch import HAS_TORCH, needs_torch

SETTINGS = ScratchSettings(dim=32, layers=2, heads=4, vocab=300, max_seq_len=384, steps=24,
                           batch=8, lr=3e-3, warmup=5, checkpoint_every=12, eval_batches=2,
                           device="cpu", seed=3, task="whole", reader="slots",
                           length_buckets=True)


@dataclass(frozen=True)
class Trained:
    data: Path
    model: Path
    run: Path
    output: str


@contextlib.contextmanager
def one_torch_thread() -> Iterator[None]:
    """A tiny model trains fastest on one thread where other work shares the cores."""
    import torch

    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(threads)


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> Trained:
    if not HAS_TORCH:
        pytest.skip("needs torch")
    root = tmp_path_factory.mktemp("scratch-slots")
    write_dataset(root / "data", 40, seed=5)
    model = root / "model"
    command = scratch_command(root / "data", model, SETTINGS)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed), one_torch_thread():
        code = main(shlex.split(command)[1:])
    assert code == 0, printed.getvalue()
    return Trained(root / "data", model, root / "model-training", printed.getvalue())


# ---------------------------------------------------------------------------- settings


def test_the_reader_must_be_bytes_or_slots() -> None:
    with pytest.raises(ScratchError, match="reader must be bytes or slots"):
        ScratchSettings(reader="chars")  # type: ignore[arg-type]


def test_length_buckets_is_a_bare_flag_of_the_command() -> None:
    words = shlex.split(scratch_command(Path("data"), Path("out"), SETTINGS))
    at = words.index("--length-buckets")
    assert at == len(words) - 1 or words[at + 1].startswith("--")
    assert words[words.index("--reader") + 1] == "slots"
    assert "True" not in words and "False" not in words
    plain = shlex.split(scratch_command(Path("data"), Path("out"), ScratchSettings()))
    assert "--length-buckets" not in plain and "False" not in plain
    assert plain[plain.index("--reader") + 1] == "bytes"


@pytest.mark.parametrize("settings", [SETTINGS, ScratchSettings(),
                                      replace(SETTINGS, length_buckets=False, task="fields")])
def test_the_command_parses_back_to_the_same_settings(settings: ScratchSettings) -> None:
    args = build_parser().parse_args(
        shlex.split(scratch_command(Path("data"), Path("out"), settings))[1:])
    assert args.scratch and args.data == Path("data")
    assert settings_from(args, {}) == settings


# ---------------------------------------------------------------------------- batches


def test_a_length_bucketed_batch_is_a_run_of_the_sorted_order() -> None:
    lengths = np.random.default_rng(0).integers(10, 300, size=50)
    by_length = np.argsort(lengths, kind="stable")
    settings = ScratchSettings(batch=8, seed=4)
    starts = set()
    for step in range(1, 21):
        batch = batch_indices(50, settings, step, by_length)
        start = int(np.flatnonzero(by_length == batch[0])[0])
        assert batch.tolist() == by_length[start:start + 8].tolist()
        assert batch.tolist() == batch_indices(50, settings, step, by_length).tolist()
        starts.add(start)
    assert len(starts) > 5  # steps draw different runs
    other = [batch_indices(50, replace(settings, seed=5), step, by_length).tolist()
             for step in range(1, 21)]
    assert other != [batch_indices(50, settings, step, by_length).tolist()
                     for step in range(1, 21)]


def test_too_few_examples_for_a_run_are_drawn_at_random() -> None:
    settings = ScratchSettings(batch=8, seed=4)
    batch = batch_indices(5, settings, 1, np.arange(5)[::-1])
    assert len(batch) == 8 and set(batch.tolist()) <= set(range(5))
    assert batch.tolist() == batch_indices(5, settings, 1).tolist()


# ---------------------------------------------------------------------------- encoding


def test_slot_examples_are_the_prompt_ids_then_the_answer_ids() -> None:
    pairs = [(e.prompt(None), e.completion(None)) for e in generate_examples(60, seed=8)]
    framed = [(SETTINGS.prompt_prefix + p + SETTINGS.prompt_suffix, c) for p, c in pairs]
    codec = SlotCodec.build(framed, 300)
    encoded, dropped = encode_slot_pairs(codec, pairs, SETTINGS)
    expected = []
    for prompt, code in framed:
        reading = codec.read(prompt)
        prompt_ids = codec.prompt_ids(reading)
        ids = prompt_ids + codec.answer_ids(code, reading)
        if len(ids) <= SETTINGS.max_seq_len:
            expected.append((ids, len(prompt_ids)))
    assert [(e.ids, e.prompt_length) for e in encoded] == expected
    assert dropped == len(pairs) - len(encoded)
    short, dropped_short = encode_slot_pairs(codec, pairs, replace(SETTINGS, max_seq_len=150))
    assert dropped_short > dropped and len(short) + dropped_short == len(pairs)
    assert all(len(e.ids) <= 150 for e in short)
    # the loss starts at the first answer id: the prompt, <code> included, is only read
    _, targets = batch_arrays(short[:1], pad=0)
    first = short[0].prompt_length
    assert (targets[0, :first - 1] == IGNORE).all()
    assert targets[0, first - 1] == short[0].ids[first]


def test_a_codec_built_or_grown_hands_over_its_readings_so_prompts_are_read_once() -> None:
    pairs = [(e.prompt(None), e.completion(None)) for e in generate_examples(60, seed=9)]
    framed = [(SETTINGS.prompt_prefix + p + SETTINGS.prompt_suffix, c) for p, c in pairs]
    codec, readings = SlotCodec.build_reading(framed[:30], 300)
    assert readings == [codec.read(p) for p, _ in framed[:30]]
    grown, more = codec.grown_reading(framed)
    assert more == [grown.read(p) for p, _ in framed]
    with_readings = encode_slot_pairs(grown, pairs, SETTINGS, more)
    assert with_readings == encode_slot_pairs(grown, pairs, SETTINGS)
    # validation needs only the first few that fit: it stops there
    few, dropped = encode_slot_pairs(grown, pairs, SETTINGS, more, keep=5)
    assert len(few) == 5 and few == with_readings[0][:5]
    assert len(few) + dropped < len(pairs)  # it stopped before the end


def test_word_dropout_hides_prompt_words_only_and_the_same_ones_per_step() -> None:
    from strategy_lsp.generation.runtime.slotted import ANSWER, UNKNOWN

    pairs = [(e.prompt(None), e.completion(None)) for e in generate_examples(80, seed=4)]
    codec = SlotCodec.build(pairs, 300)
    encoded, _ = encode_slot_pairs(codec, pairs, SETTINGS)
    inputs, _ = batch_arrays(encoded[:32], pad=codec.eos)
    assert word_dropout(codec, SETTINGS) is None  # off by default
    drop = word_dropout(codec, replace(SETTINGS, word_dropout=0.3))
    assert drop is not None
    first, again, other = inputs.copy(), inputs.copy(), inputs.copy()
    drop(first, 7)
    drop(again, 7)
    drop(other, 8)
    assert (first == again).all() and not (first == other).all()
    changed = first != inputs
    assert (first[changed] == codec.word_ids[UNKNOWN]).all()
    words = (inputs >= min(codec.word_ids.values())) & (inputs != codec.word_ids[ANSWER])
    assert not (changed & ~words).any()  # code, slots, <code> and padding stay
    share = changed.sum() / (words & (inputs != codec.word_ids[UNKNOWN])).sum()
    assert 0.2 < share < 0.4
    with pytest.raises(ScratchError, match="word_dropout"):
        replace(SETTINGS, word_dropout=1.0)


# ---------------------------------------------------------------------------- the trained model


@needs_torch
def test_the_model_folder_holds_the_reading_and_says_slots(trained: Trained) -> None:
    assert sorted(p.name for p in trained.model.iterdir()) == [
        "config.json", "model_card.md", READING_FILE, "tokenizer.json", "weights.npz"]
    config = json.loads((trained.model / "config.json").read_text())
    assert config["reader"] == "slots" and config["task"] == "whole"
    reading = (trained.model / READING_FILE).read_text()
    assert reading == (trained.run / READING_FILE).read_text()
    codec = SlotCodec.from_files((trained.model / "tokenizer.json").read_text(), reading)
    assert config["vocab_size"] == codec.vocab_size > codec.code_size
    card = (trained.model / "model_card.md").read_text()
    for fact in ("--reader slots", "--length-buckets", "--task whole", "value slots",
                 READING_FILE, "24 of 24"):
        assert fact in card, fact


@needs_torch
def test_training_the_slot_model_lowers_the_loss(trained: Trained) -> None:
    losses = LossLog.load(trained.run / "losses.json")
    assert len(losses.train) == 24 and len(losses.val) == 2
    first = np.mean([v for _, v in losses.train[:3]])
    last = np.mean([v for _, v in losses.train[-3:]])
    assert last < first - 0.5


@needs_torch
def test_the_runtime_loads_the_slot_model_and_writes_code_or_runs_out(trained: Trained) -> None:
    model = EmbeddedModel(trained.model)
    assert model.codec is not None and model.task == "whole"
    for prompt, _ in read_pairs(trained.data, "test", "whole")[:2]:
        try:
            generated = model.generate(prompt, code_grammar(None), 200)
        except OutOfTokens as error:  # an untrained model may wander
            assert "not complete after" in str(error)
            continue
        expression, problems = parse_expression(generated.text)
        assert expression is not None and problems == [], generated.text


@needs_torch
def test_a_grammar_that_allows_only_the_descriptions_values_gets_them(trained: Trained) -> None:
    model = EmbeddedModel(trained.model)
    assert model.codec is not None
    for prompt, code in read_pairs(trained.data, "test", "whole"):
        ticker = re.search(r"ticker='([^']*)'", code)
        assert ticker is not None
        generated = model.generate(prompt, code_grammar("ticker", ticker=ticker.group(1)), 40)
        assert generated.text == repr(ticker.group(1))
        assert generated.prompt_tokens == len(model.codec.prompt_ids(
            model.codec.read(prompt + "\n")))
    prompt = "Buy MSFT from the 3rd of March 2019 with $1.5M"
    assert {s.text for s in model.codec.read(prompt).slots} == {"MSFT", "2019, 3, 3",
                                                                 "1500000"}
    for grammar, value in (('start: "datetime(2019, 3, 3)"', "datetime(2019, 3, 3)"),
                           ('start: "CONST(1500000)"', "CONST(1500000)")):
        assert model.generate(prompt, grammar, 40).text == value


@needs_torch
def test_an_interrupted_slot_run_resumes_with_its_reading(trained: Trained,
                                                          tmp_path: Path) -> None:
    model = tmp_path / "model"

    def stop_at_17(step: int, loss: float) -> None:
        if step == 17:
            raise KeyboardInterrupt

    with one_torch_thread():
        with pytest.raises(KeyboardInterrupt):
            train_scratch(trained.data, model, SETTINGS, log=lambda _: None,
                          on_step=stop_at_17)
        result = train_scratch(trained.data, model, SETTINGS, resume=True,
                               log=lambda _: None)
    assert result.steps == 24
    assert (model / READING_FILE).read_text() == (trained.model / READING_FILE).read_text()
    with np.load(model / "weights.npz") as resumed, \
            np.load(trained.model / "weights.npz") as straight:
        for name in straight.files:
            np.testing.assert_array_equal(resumed[name], straight[name], err_msg=name)


@needs_torch
def test_resume_refuses_another_reader(trained: Trained) -> None:
    with pytest.raises(ScratchError, match="reader 'slots' -> 'bytes'"):
        train_scratch(trained.data, trained.model, replace(SETTINGS, reader="bytes"),
                      resume=True, log=lambda _: None)


def _with_new_words(source: Path, target: Path) -> None:
    """A copy of a dataset whose prompts also use words the source never did."""
    for split in ("train", "valid", "test"):
        lines = (source / "whole" / f"{split}.jsonl").read_text().splitlines()
        rows = [json.loads(line) for line in lines]
        for row in rows:
            row["prompt"] = "zorblax wibbly plan, " + row["prompt"]
        (target / "whole").mkdir(parents=True, exist_ok=True)
        (target / "whole" / f"{split}.jsonl").write_text(
            "".join(json.dumps(r) + "\n" for r in rows))


@needs_torch
def test_resuming_with_grown_words_keeps_every_old_id_and_reads_the_new_words(
        trained: Trained, tmp_path: Path) -> None:
    import shutil

    run = tmp_path / "run"
    shutil.copytree(trained.run, run)
    data = tmp_path / "data"
    _with_new_words(trained.data, data)
    old = SlotCodec.from_files((run / "tokenizer.json").read_text(),
                               (run / READING_FILE).read_text())
    logged: list[str] = []
    with one_torch_thread():
        result = train_scratch(data, tmp_path / "model", replace(SETTINGS, steps=30),
                               resume=True, run_dir=run, grow_words=True, log=logged.append)
    assert result.steps == 30
    grown = SlotCodec.from_files((run / "tokenizer.json").read_text(),
                                 (run / READING_FILE).read_text())
    assert grown.words[:len(old.words)] == old.words
    assert {"zorblax", "wibbly", "plan"} <= set(grown.words[len(old.words):])
    assert any(f"to {grown.vocab_size} ids" in line for line in logged), logged
    assert (tmp_path / "model" / READING_FILE).read_text() == (run / READING_FILE).read_text()
    config = json.loads((tmp_path / "model" / "config.json").read_text())
    assert config["vocab_size"] == grown.vocab_size
    model = EmbeddedModel(tmp_path / "model")
    assert model.codec is not None
    reading = model.codec.read("zorblax wibbly plan, buy MSFT")
    assert model.codec.word_ids["zorblax"] in model.codec.prompt_ids(reading)
    # and the grown run resumes again like any other, without growing a second time
    with one_torch_thread():
        again = train_scratch(data, tmp_path / "model", replace(SETTINGS, steps=32),
                              resume=True, run_dir=run, log=lambda _: None)
    assert again.steps == 32


@needs_torch
def test_grown_embeddings_start_as_the_unknown_word_with_no_momentum() -> None:
    import torch

    from strategy_lsp.training.scratch import _grow_embeddings

    embed = torch.arange(12, dtype=torch.float32).reshape(4, 3)
    moment = torch.ones(4, 3)
    state: dict[str, Any] = {"model": {"embed": embed}, "optimizer": {"state": {
        0: {"exp_avg": moment, "exp_avg_sq": moment * 2, "step": torch.tensor(5.0)},
        1: {"exp_avg": torch.ones(3), "exp_avg_sq": torch.ones(3)}}}}
    _grow_embeddings(torch, state, unknown=1, vocab_size=6)
    grown = state["model"]["embed"]
    assert grown.shape == (6, 3)
    assert torch.equal(grown[:4], embed)
    assert torch.equal(grown[4], embed[1]) and torch.equal(grown[5], embed[1])
    first = state["optimizer"]["state"][0]
    assert torch.equal(first["exp_avg"][4:], torch.zeros(2, 3))
    assert torch.equal(first["exp_avg_sq"][:4], moment * 2)
    assert state["optimizer"]["state"][1]["exp_avg"].shape == (3,)  # a norm is left alone
    with pytest.raises(ScratchError, match="only 3"):
        _grow_embeddings(torch, state, unknown=1, vocab_size=3)


@needs_torch
def test_growing_words_needs_a_run_to_resume(trained: Trained, tmp_path: Path) -> None:
    with pytest.raises(ScratchError, match="--grow-words continues"):
        train_scratch(trained.data, tmp_path / "model", SETTINGS, grow_words=True,
                      log=lambda _: None)


@needs_torch
def test_a_run_stopped_at_a_step_resumes_to_the_weights_of_a_straight_run(
        trained: Trained, tmp_path: Path) -> None:
    model = tmp_path / "model"
    with one_torch_thread():
        stopped = train_scratch(trained.data, model, SETTINGS, stop_at=17, log=lambda _: None)
        assert stopped.steps == 17
        assert json.loads((model / "config.json").read_text())["vocab_size"] > 0
        with pytest.raises(ScratchError, match="at step 17 already"):
            train_scratch(trained.data, model, SETTINGS, resume=True, stop_at=12,
                          log=lambda _: None)
        result = train_scratch(trained.data, model, SETTINGS, resume=True, log=lambda _: None)
    assert result.steps == 24
    with np.load(model / "weights.npz") as resumed, \
            np.load(trained.model / "weights.npz") as straight:
        for name in straight.files:
            np.testing.assert_array_equal(resumed[name], straight[name], err_msg=name)


@needs_torch
def test_a_compacted_checkpoint_keeps_the_weights_and_still_resumes(trained: Trained,
                                                                     tmp_path: Path) -> None:
    import shutil

    import torch

    from strategy_lsp.training.scratch import compact_checkpoint

    run = tmp_path / "run"
    shutil.copytree(trained.run, run)
    path = max((run / "checkpoints").iterdir())
    before = torch.load(path, map_location="cpu", weights_only=True)
    size = compact_checkpoint(path)
    after = torch.load(path, map_location="cpu", weights_only=True)
    assert size == path.stat().st_size < (trained.run / "checkpoints" / path.name).stat().st_size
    for name, value in before["model"].items():
        assert torch.equal(after["model"][name], value), name
    moments = [m for m in after["optimizer"]["state"].values() if "exp_avg" in m]
    assert moments and all(m["exp_avg"].dtype == m["exp_avg_sq"].dtype == torch.bfloat16
                           for m in moments)
    with one_torch_thread():
        result = train_scratch(trained.data, tmp_path / "model", replace(SETTINGS, steps=26),
                               resume=True, run_dir=run, log=lambda _: None)
    assert result.steps == 26
