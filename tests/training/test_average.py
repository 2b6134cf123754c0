"""``strategy-lsp-train average``: a model folder whose weights are the mean of several of one
run, checked on copies of the shipped model's folder."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from strategy_lsp.generation.backends.embedded import shipped_models
from strategy_lsp.generation.runtime.model import EmbeddedModel
from strategy_lsp.generation.runtime.transformer import DecoderConfig, DecoderWeights
from strategy_lsp.generation.settings import DEFAULT_MODELS, BackendName
from strategy_lsp.grammar.decoding import code_grammar
from strategy_lsp.training.average import AverageError, average_models, mean_weights
from strategy_lsp.training.cli import main

DESCRIPTION = "Long AAPL: buy when RSI(14) crosses below 30, sell when it crosses above 70."


@pytest.fixture(scope="module")
def shipped() -> Path:
    default = DEFAULT_MODELS[BackendName.EMBEDDED]
    return shipped_models()[default[next(iter(default))]]


def _copy(shipped: Path, folder: Path, seed: int | None = None) -> Path:
    """A copy of the shipped folder; with ``seed``, random weights of the same shapes."""
    shutil.copytree(shipped, folder)
    if seed is not None:
        config = DecoderConfig.load(folder / "config.json")
        DecoderWeights.random(config, seed=seed, scale=0.5).save(folder / "weights.npz")
    return folder


def test_the_mean_of_a_model_and_its_copy_is_that_model(shipped: Path, tmp_path: Path) -> None:
    a, b = _copy(shipped, tmp_path / "a"), _copy(shipped, tmp_path / "b")
    result = average_models([a, b], tmp_path / "mean")
    with np.load(shipped / "weights.npz") as before, np.load(result.out / "weights.npz") as after:
        assert before.files == after.files
        for name in before.files:
            assert after[name].dtype == np.float16
            assert np.array_equal(before[name], after[name]), name
    grammar = code_grammar(None)
    assert EmbeddedModel(result.out).generate(DESCRIPTION, grammar, 256).text == \
        EmbeddedModel(shipped).generate(DESCRIPTION, grammar, 256).text


def test_the_mean_is_element_wise_and_the_folder_keeps_the_sources_files(
        shipped: Path, tmp_path: Path) -> None:
    sources = [_copy(shipped, tmp_path / f"s{seed}", seed=seed) for seed in (1, 2, 3)]
    out = tmp_path / "soup"
    result = average_models(sources, out, command="strategy-lsp-train average ...")
    loaded = [DecoderWeights.load(s / "weights.npz") for s in sources]
    mean = DecoderWeights.load(out / "weights.npz")
    for name, array in mean.items():
        expected = (sum(w[name].astype(np.float64) for w in loaded) / 3).astype(np.float16)
        assert np.array_equal(array.astype(np.float16), expected), name
    assert result.parameters == sum(a.size for a in mean.values())
    for name in ("config.json", "tokenizer.json", "reading.json"):
        assert (out / name).read_bytes() == (shipped / name).read_bytes()
    card = (out / "model_card.md").read_text("utf-8")
    assert "element-wise mean of 3 model folders" in card
    assert "strategy-lsp-train average ..." in card
    for number, source in enumerate(sources, 1):
        assert f"## Source {number}: `{source}`" in card
    # each source's own card is kept, its headings one level down
    assert card.count("\n### ") >= 3 and "finetune --scratch" in card
    EmbeddedModel(out)  # a folder the runtime loads


def test_sources_of_another_vocabulary_are_refused(shipped: Path, tmp_path: Path) -> None:
    a, b = _copy(shipped, tmp_path / "a"), _copy(shipped, tmp_path / "b")
    reading = json.loads((b / "reading.json").read_text("utf-8"))
    reading["words"] = reading["words"][:-1]
    (b / "reading.json").write_text(json.dumps(reading), "utf-8")
    with pytest.raises(AverageError, match=r"reading\.json differs"):
        average_models([a, b], tmp_path / "out")
    assert not (tmp_path / "out").exists()  # nothing written


def test_weights_of_other_shapes_or_names_are_refused(shipped: Path, tmp_path: Path) -> None:
    a, b = _copy(shipped, tmp_path / "a"), _copy(shipped, tmp_path / "b")
    weights = DecoderWeights.load(b / "weights.npz")
    weights["norm"] = np.ones(weights["norm"].size + 1, np.float32)
    weights.save(b / "weights.npz")
    with pytest.raises(AverageError, match=r"norm is \(129,\)"):
        mean_weights([a, b])
    del weights["word_hint"]
    weights.save(b / "weights.npz")
    with pytest.raises(AverageError, match="word_hint"):
        mean_weights([a, b])


@pytest.mark.parametrize("case", ["one source", "twice", "out is a source", "no weights",
                                  "not a model"])
def test_impossible_requests_are_refused_with_a_reason(shipped: Path, tmp_path: Path,
                                                       case: str) -> None:
    a, b = _copy(shipped, tmp_path / "a"), _copy(shipped, tmp_path / "b")
    sources, out, reason = {
        "one source": ([a], tmp_path / "out", "at least two"),
        "twice": ([a, tmp_path / "b" / ".." / "a"], tmp_path / "out", "named twice"),
        "out is a source": ([a, b], b, "is one of the sources"),
        "no weights": ([a, b], tmp_path / "out", "has no weights.npz"),
        "not a model": ([a, tmp_path], tmp_path / "out", "has no config.json"),
    }[case]
    if case == "no weights":
        (b / "weights.npz").unlink()
    with pytest.raises(AverageError, match=reason):
        average_models(sources, out)


def test_the_command_writes_the_folder_or_says_why_not(
        shipped: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a, b = _copy(shipped, tmp_path / "a"), _copy(shipped, tmp_path / "b")
    out = tmp_path / "mean"
    assert main(["average", "--out", str(out), str(a), str(b)]) == 0
    assert f"wrote {out}: the mean of 2 models" in capsys.readouterr().out
    assert f"`strategy-lsp-train average --out {out} {a} {b}`" in \
        (out / "model_card.md").read_text("utf-8")
    assert main(["average", "--out", str(tmp_path / "other"), str(a)]) == 1
    assert "strategy-lsp-train average: averaging needs at least two" in capsys.readouterr().err


@pytest.mark.parametrize(("beams", "coverage", "retry"), [
    ("3", "1.5", "0"),  # a beam search for every description (the shipped retry turned off)
    ("1", "2", "4"),    # greedy, with the shipped retry
])
def test_the_decoding_settings_are_written_into_the_new_folder(
        shipped: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], beams: str,
        coverage: str, retry: str) -> None:
    a, b = _copy(shipped, tmp_path / "a"), _copy(shipped, tmp_path / "b")
    out = tmp_path / "mean"
    assert main(["average", "--out", str(out), "--beams", beams, "--coverage", coverage,
                 "--retry-beams", retry, str(a), str(b)]) == 0
    expected = (int(beams), float(coverage), int(retry))
    config = json.loads((out / "config.json").read_text("utf-8"))
    source = json.loads((a / "config.json").read_text("utf-8"))
    decoding = ("beams", "coverage", "retry_beams", "named_coverage", "crossing_coverage",
                "join_coverage")
    assert tuple(config[k] for k in decoding[:3]) == expected
    # what the shipped folder counts in its retry it counts here too; no retry, no count
    for statement in decoding[3:]:
        assert config.get(statement, False) is (retry != "0" and source.get(statement, False))
    assert {k: v for k, v in config.items() if k not in decoding} == \
        {k: v for k, v in source.items() if k not in decoding}
    model = EmbeddedModel(out)
    assert (model.beams, model.coverage, model.retry_beams) == expected
    assert f"--beams={beams} --coverage={float(coverage)} --retry-beams={retry}" in \
        (out / "model_card.md").read_text("utf-8")
    for flag, value in (("--beams", "0"), ("--coverage", "-1"), ("--coverage", "nan"),
                        ("--retry-beams", "-1"), ("--retry-beams", "two")):
        with pytest.raises(SystemExit):
            main(["average", "--out", str(tmp_path / "x"), flag, value, str(a), str(b)])
        assert "must be" in capsys.readouterr().err


@pytest.mark.parametrize("statement", ["named_coverage", "crossing_coverage", "join_coverage"])
def test_a_statement_count_is_written_into_the_new_folder_with_the_retry(
        shipped: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        statement: str) -> None:
    a, b = _copy(shipped, tmp_path / "a"), _copy(shipped, tmp_path / "b")
    out = tmp_path / "mean"
    flag = "--" + statement.replace("_", "-")
    assert main(["average", "--out", str(out), "--retry-beams", "4", "--coverage", "2",
                 flag, str(a), str(b)]) == 0
    assert json.loads((out / "config.json").read_text("utf-8"))[statement] is True
    assert getattr(EmbeddedModel(out), statement)
    assert f"--coverage=2.0 --retry-beams=4 {flag} " in \
        (out / "model_card.md").read_text("utf-8")
    assert main(["average", "--out", str(tmp_path / "bad"), "--retry-beams", "0",
                 flag, str(a), str(b)]) == 1
    assert f"{statement} needs retry_beams" in capsys.readouterr().err
    assert not (tmp_path / "bad").exists()


@pytest.mark.parametrize("flags", [["--retry-beams", "4", "--coverage", "0"],
                                   ["--retry-beams", "4", "--coverage", "2", "--beams", "3"]])
def test_a_retry_without_a_coverage_loss_or_after_a_beam_search_is_refused_before_writing(
        shipped: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        flags: list[str]) -> None:
    a, b = _copy(shipped, tmp_path / "a"), _copy(shipped, tmp_path / "b")
    refused = tmp_path / "refused"
    assert main(["average", "--out", str(refused), *flags, str(a), str(b)]) == 1
    assert "decoding settings do not go together: retry_beams must be 2 or more" in \
        capsys.readouterr().err
    assert not refused.exists()


def test_the_documented_command_writes_the_shipped_folder_from_its_two_stages(
        shipped: Path, tmp_path: Path) -> None:
    """training/README.md and the model card: the shipped weights and decoding are the mean
    of the two committed stage weights, written with ``--beams 1 --coverage 2
    --retry-beams 4 --named-coverage --crossing-coverage --join-coverage``."""
    run = Path(__file__).resolve().parents[2] / "training" / "runs" / "strategy-tiny"
    decoding = ("beams", "coverage", "retry_beams", "named_coverage", "crossing_coverage",
                "join_coverage")
    stages = []
    for stage in (12, 13):
        folder = _copy(shipped, tmp_path / f"stage-{stage}")
        config = json.loads((folder / "config.json").read_text("utf-8"))
        # a stage's folder, as finetune --scratch writes it, holds no decoding settings
        (folder / "config.json").write_text(json.dumps(
            {k: v for k, v in config.items() if k not in decoding}), "utf-8")
        shutil.copyfile(run / f"stage-{stage}-weights.npz", folder / "weights.npz")
        stages.append(str(folder))
    out = tmp_path / "strategy-tiny"
    assert main(["average", "--out", str(out), "--beams", "1", "--coverage", "2",
                 "--retry-beams", "4", "--named-coverage", "--crossing-coverage",
                 "--join-coverage",
                 *stages]) == 0
    assert json.loads((out / "config.json").read_text("utf-8")) == \
        json.loads((shipped / "config.json").read_text("utf-8"))
    ours, theirs = DecoderWeights.load(out / "weights.npz"), \
        DecoderWeights.load(shipped / "weights.npz")
    assert ours.keys() == theirs.keys()
    for name in ours:
        assert np.array_equal(ours[name], theirs[name]), name


def _grow(folder: Path, words: int, ids: int | None = None) -> list[str]:
    """Make ``folder`` look like a stage that went on with --grow-words: ``words`` new prompt
    words after the old ones and as many new embedding rows (``ids`` to make them disagree)."""
    reading = json.loads((folder / "reading.json").read_text("utf-8"))
    new = [f"zzword{i}" for i in range(words)]
    reading["words"] += new
    reading["known_upper"] = [*reading["known_upper"], "ZZCORP"]
    (folder / "reading.json").write_text(json.dumps(reading), "utf-8")
    config = json.loads((folder / "config.json").read_text("utf-8"))
    config["vocab_size"] += words if ids is None else ids
    (folder / "config.json").write_text(json.dumps(config), "utf-8")
    weights = DecoderWeights.load(folder / "weights.npz")
    extra = np.full((words if ids is None else ids, weights["embed"].shape[1]), 0.25, np.float32)
    weights["embed"] = np.concatenate([weights["embed"], extra])
    weights.save(folder / "weights.npz")
    return new


def test_a_stage_with_grown_words_averages_with_the_stages_it_grew_from(
        shipped: Path, tmp_path: Path) -> None:
    a, b = _copy(shipped, tmp_path / "a", seed=1), _copy(shipped, tmp_path / "b", seed=2)
    new = _grow(b, 3)
    out = tmp_path / "out"
    average_models([a, b], out)
    wa, wb = DecoderWeights.load(a / "weights.npz"), DecoderWeights.load(b / "weights.npz")
    mean = DecoderWeights.load(out / "weights.npz")
    rows = len(wa["embed"])
    assert mean["embed"].shape == wb["embed"].shape
    np.testing.assert_allclose(mean["embed"][:rows],
                               ((wa["embed"].astype(np.float64) + wb["embed"][:rows]) / 2)
                               .astype(np.float16), rtol=0, atol=1e-3)
    np.testing.assert_array_equal(mean["embed"][rows:], wb["embed"][rows:])  # b's alone
    np.testing.assert_allclose(mean["norm"], (wa["norm"] + wb["norm"]) / 2, atol=1e-3)
    # the folder reads with the grown vocabulary, whichever order the sources come in
    assert json.loads((out / "reading.json").read_text("utf-8"))["words"][-3:] == new
    assert (out / "config.json").read_bytes() == (b / "config.json").read_bytes()
    average_models([b, a], tmp_path / "out2")
    assert (tmp_path / "out2" / "weights.npz").read_bytes() == (out / "weights.npz").read_bytes()
    EmbeddedModel(out)


@pytest.mark.parametrize("case", ["ids and words disagree", "words reordered",
                                  "known words lost", "another setting"])
def test_a_vocabulary_that_did_not_grow_from_the_others_is_refused(
        shipped: Path, tmp_path: Path, case: str) -> None:
    a, b = _copy(shipped, tmp_path / "a"), _copy(shipped, tmp_path / "b")
    _grow(b, 3, ids=4 if case == "ids and words disagree" else None)
    reading = json.loads((b / "reading.json").read_text("utf-8"))
    config = json.loads((b / "config.json").read_text("utf-8"))
    if case == "words reordered":
        reading["words"][0], reading["words"][1] = reading["words"][1], reading["words"][0]
    if case == "known words lost":
        reading["known_upper"] = reading["known_upper"][1:]
    if case == "another setting":
        config["dim"] += 1
    (b / "reading.json").write_text(json.dumps(reading), "utf-8")
    (b / "config.json").write_text(json.dumps(config), "utf-8")
    with pytest.raises(AverageError, match="differs from"):
        average_models([a, b], tmp_path / "out")
    assert not (tmp_path / "out").exists()
