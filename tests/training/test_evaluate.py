"""Evaluation end to end: a dataset written by training.dataset, generated through the real
Generator by backends that answer with the reference (perfect, corrupted, failing), the
report's figures, and the CLI writing JSON, a table and PNGs."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from strategy_lsp.generation.engine import GenerationResult, Generator, PartResult, Progress
from strategy_lsp.generation.settings import BackendName, GenerationSettings, Mode, PromptStyle
from strategy_lsp.grammar import EnumValue, render
from strategy_lsp.training import cli_evaluate
from strategy_lsp.training.cli import main
from strategy_lsp.training.dataset import FIELDS, write_dataset
from strategy_lsp.training.evaluate import (
    DataError,
    evaluate_cases,
    evaluate_cases_async,
    read_cases,
    read_strategy,
)
from strategy_lsp.training.metrics import leaves
from strategy_lsp.training.report import Case, Report, percentile
from strategy_lsp.training.table import format_report

from ..generation.loopback import closed_port
from ..generation.scripted import ScriptedBackend
from .reference_answers import ReferenceOpenAI, reference_answers, reference_backend

SIZE = 20
SEED = 7
FLIP = {"LONG": "SHORT", "SHORT": "LONG", "LONG_SHORT_COMBINED": "LONG"}


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("evaluate")
    write_dataset(root, SIZE, SEED, fractions=(0, 0, 1))  # every example in the test split
    return root


@pytest.fixture(scope="module")
def answers(dataset: Path) -> dict[str, str]:
    return reference_answers(dataset)


@pytest.fixture(scope="module")
def cases(dataset: Path) -> list[Case]:
    return read_cases(dataset / "whole" / "test.jsonl")


def generator(backend: ScriptedBackend, mode: Mode = Mode.WHOLE) -> Generator:
    settings = GenerationSettings(backend=BackendName.OLLAMA, mode=mode,
                                  prompt_style=PromptStyle.FINE_TUNED,
                                  fallback_to_embedded=False)
    return Generator(settings, backends={BackendName.OLLAMA: backend})


def flip_position(code: str) -> str:
    """The same strategy trading the other side: exactly one leaf changes."""
    model = read_strategy(code)
    side = model.args["position_type"]
    assert isinstance(side, EnumValue)
    flipped = EnumValue(enum="PositionTypeEnum", member=FLIP[side.member])
    return render(model.model_copy(update={"args": {**model.args, "position_type": flipped}}),
                  inline=True)


def corrupted(cases: list[Case]) -> set[str]:
    """Every second description."""
    return {c.description for c in cases[::2]}


def reference_leaves(cases: list[Case]) -> int:
    return sum(len(leaves(c.reference)) for c in cases)


def test_read_cases_reads_the_whole_test_split(dataset: Path, cases: list[Case]) -> None:
    assert len(cases) == SIZE
    assert [c.line for c in cases[:3]] == [1, 2, 3]
    assert len(read_cases(dataset / "whole" / "test.jsonl", limit=5)) == 5


def test_read_cases_refuses_a_per_field_file(dataset: Path) -> None:
    with pytest.raises(DataError, match=r"stop_loss/test.jsonl:1: the completion is not"):
        read_cases(dataset / "fields" / "stop_loss" / "test.jsonl")


@pytest.mark.parametrize("mode", [Mode.WHOLE, Mode.FIELDS])
def test_reference_answers_score_full_marks(cases: list[Case], answers: dict[str, str],
                                            mode: Mode) -> None:
    report = evaluate_cases(cases, generator(reference_backend(answers), mode))
    summary = report.summary()
    strategy = summary.strategy
    assert (strategy.cases, strategy.valid, strategy.identical) == (SIZE, SIZE, SIZE)
    assert strategy.counts.reference == strategy.counts.correct == reference_leaves(cases)
    assert strategy.counts.recall == strategy.counts.precision == strategy.counts.f1 == 1
    assert strategy.stated.recall == 1
    assert summary.failures == {}
    assert summary.conditions.identical == SIZE and summary.conditions.counts.recall == 1
    assert all(s.counts.recall == 1 and s.identical == SIZE for s in summary.fields.values())
    if mode is Mode.WHOLE:
        assert summary.identical_text == SIZE
        assert list(summary.parts) == ["strategy"]
    else:
        assert list(summary.parts) == list(FIELDS)
    assert all(p.timing.count == SIZE for p in summary.parts.values())
    assert summary.latency.count == SIZE and summary.latency.median is not None
    assert report.run["mode"] == mode.value and report.run["models"]["large"] == "llama3.2:3b"


@pytest.mark.parametrize("mode", [Mode.WHOLE, Mode.FIELDS])
def test_one_corrupted_leaf_shows_as_the_exact_fraction(cases: list[Case],
                                                        answers: dict[str, str],
                                                        mode: Mode) -> None:
    bad = corrupted(cases)

    def rewrite(prompt: str, reference: str) -> str:
        description = prompt.removeprefix("position_type: ")
        if description not in bad:
            return reference
        if prompt == description:  # whole strategy
            return flip_position(reference)
        if prompt.startswith("position_type: "):
            member = reference.split(".")[1]
            return f"PositionTypeEnum.{FLIP[member]}"
        return reference

    report = evaluate_cases(cases, generator(reference_backend(answers, rewrite), mode))
    summary = report.summary()
    total = reference_leaves(cases)
    counts = summary.strategy.counts
    assert summary.strategy.valid == SIZE
    assert summary.strategy.identical == SIZE - len(bad)
    assert (counts.reference, counts.generated, counts.correct) == (total, total,
                                                                    total - len(bad))
    assert counts.recall == pytest.approx(1 - len(bad) / total)
    position = summary.fields["position_type"]
    assert position.counts.recall == position.identical_rate == pytest.approx(0.5)
    assert all(s.counts.recall == 1 for n, s in summary.fields.items() if n != "position_type")
    wrong = [case["wrong"] for case in report.to_json()["cases"] if case["wrong"]]
    assert len(wrong) == len(bad)
    assert all(w[0]["path"] == "position_type" for w in wrong)


def test_a_failed_case_is_invalid_and_counted_by_kind(cases: list[Case],
                                                      answers: dict[str, str]) -> None:
    broken = cases[3]

    def rewrite(prompt: str, reference: str) -> str:
        return "Strategy(" if prompt == broken.description else reference

    report = evaluate_cases(cases, generator(reference_backend(answers, rewrite)))
    summary = report.summary()
    assert summary.strategy.valid == SIZE - 1
    assert summary.failures == {"InvalidOutput": 1}
    assert summary.strategy.counts.recall == 1  # over valid outputs, as the original
    total = reference_leaves(cases)
    assert summary.strategy.counts_all.recall == pytest.approx(
        1 - len(leaves(broken.reference)) / total)
    case = report.to_json()["cases"][3]
    assert case["valid"] is False and case["failure"]["kind"] == "InvalidOutput"
    assert case["generated"] is None


async def test_fields_mode_failure_keeps_the_fields_that_were_valid(
        cases: list[Case], answers: dict[str, str]) -> None:
    broken = cases[5]

    def rewrite(prompt: str, reference: str) -> str:
        return "StopLoss(" if prompt == f"stop_loss: {broken.description}" else reference

    backend = reference_backend(answers, rewrite)
    report = await evaluate_cases_async(cases, generator(backend, Mode.FIELDS))
    summary = report.summary()
    assert summary.strategy.valid == SIZE - 1
    assert summary.fields["stop_loss"].valid == SIZE - 1
    assert all(s.valid == SIZE for n, s in summary.fields.items() if n != "stop_loss")
    assert summary.conditions.valid == SIZE
    assert report.to_json()["cases"][5]["invalid_fields"] == ["stop_loss"]


async def test_validity_is_measured_not_trusted(cases: list[Case]) -> None:
    class Careless(Generator):
        """Returns a strategy that does not validate, as the engine never should."""

        async def generate(self, description: str, mode: Mode | None = None,
                           on_progress: Progress | None = None) -> GenerationResult:
            reference = next(c.reference for c in cases if c.description == description)
            broken = reference.model_copy(update={"args": {**reference.args,
                                                           "initial_capital": -5}})
            return GenerationResult(description=description, strategy=broken,
                                    mode=Mode.WHOLE, parts=[], seconds=0.0)

    report = await evaluate_cases_async(cases[:2], Careless())
    assert report.summary().failures == {"DoesNotValidate": 2}
    assert report.summary().strategy.valid == 0


async def test_the_report_measures_how_well_doubts_point_at_mistakes(cases: list[Case]) -> None:
    # (wrong position?, the model's confidence) for four cases: right and sure, right but
    # unsure of a condition, wrong and unsure of that very parameter, wrong and sure
    plan = [(False, {}), (False, {"buy_condition": 0.5}), (True, {"position_type": 0.3}),
            (True, {"position_type": 0.9})]
    by_description = {c.description: (c, *plan[i]) for i, c in enumerate(cases[:4])}

    class Unsure(Generator):
        async def generate(self, description: str, mode: Mode | None = None,
                           on_progress: Progress | None = None) -> GenerationResult:
            case, wrong, confidence = by_description[description]
            strategy = read_strategy(flip_position(render(case.reference, inline=True))) \
                if wrong else case.reference
            part = PartResult(parameter=None, value=strategy, model="m", backend="embedded",
                              seconds=0.0, attempts=1, confidence=confidence)
            return GenerationResult(description=description, strategy=strategy,
                                    mode=Mode.WHOLE, parts=[part], seconds=0.0)

    report = await evaluate_cases_async(cases[:4], Unsure())
    doubts = report.to_json()["summary"]["doubts"]
    assert (doubts["cases"], doubts["flagged"], doubts["wrong"], doubts["wrong_flagged"]) == \
        (4, 2, 2, 1)
    assert (doubts["parameters_flagged"], doubts["parameters_flagged_wrong"],
            doubts["parameters_wrong"], doubts["parameters_wrong_flagged"]) == (2, 1, 2, 1)
    assert doubts["wrong_caught_rate"] == doubts["flagged_wrong_rate"] == 0.5
    assert [case["unsure"] for case in report.to_json()["cases"]] == [
        [], ["buy_condition"], ["position_type"], []]
    assert ("unsure (a decision under 70%): 2 of 4 valid strategies, 1 of them wrong; 1 of the "
            "2 wrong ones flagged; 1 of 2 flagged parameters wrong, 1 of 2 wrong parameters "
            "flagged.") in format_report(report)


def test_percentile_interpolates_like_numpy() -> None:
    values = [1.0, 2.0, 3.0, 4.0]
    assert percentile(values, 50) == 2.5
    assert percentile(values, 95) == pytest.approx(3.85)
    assert percentile([7.0], 95) == 7.0


def test_report_json_has_the_original_figures_beside_ours() -> None:
    data = Report(results=[]).to_json()
    rows = {(r["model"], r["scope"]): r for r in data["original"]}
    assert rows[("Llama 3.2 3B fine-tuned", "whole strategy")]["correct_parameters"] == \
        [0.956, 0.956]
    assert rows[("Llama 3.2 1B fine-tuned", "per field")]["identical"] == [0.135, 1.0]


# --- the CLI --------------------------------------------------------------------------


@pytest.fixture
def reference_server(answers: dict[str, str]) -> Iterator[ReferenceOpenAI]:
    server = ReferenceOpenAI(answers).start()
    yield server
    server.stop()


def evaluate_argv(dataset: Path, url: str, out: Path, *extra: str) -> list[str]:
    return ["evaluate", "--data", str(dataset / "whole" / "test.jsonl"), "--backend", "openai",
            "--host", url, "--prompt-style", "fine-tuned", "--model-small", "reference",
            "--model-large", "reference", "--out", str(out), "--quiet", *extra]


def test_cli_writes_the_report_the_table_and_the_charts(
        dataset: Path, reference_server: ReferenceOpenAI, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("matplotlib")
    out = tmp_path / "reports" / "report.json"
    assert main(evaluate_argv(dataset, reference_server.url, out, "--limit", "8",
                              "--plots", str(tmp_path / "plots"))) == 0
    data = json.loads(out.read_text("utf-8"))
    assert data["run"]["backend"] == "openai" and data["run"]["limit"] == 8
    assert data["summary"]["cases"] == 8 and data["summary"]["valid_rate"] == 1.0
    assert data["summary"]["parameters"]["recall"] == 1.0
    assert len(data["cases"]) == 8
    printed = capsys.readouterr().out
    assert "original: Llama 3.2 3B fine-tuned, whole strategy" in printed
    assert "88.5%" in printed and "99.9–100.0%" in printed
    assert "ours: whole strategy" in printed and "buy_condition" in printed
    for name in ("fields.png", "original.png", "latency.png"):
        assert (tmp_path / "plots" / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_cli_without_matplotlib_says_how_to_install_it(
        dataset: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(cli_evaluate, "plots_available", lambda: False)
    out = tmp_path / "report.json"
    assert main(evaluate_argv(dataset, "http://127.0.0.1:9", out, "--plots",
                              str(tmp_path / "plots"))) == 2
    assert "pip install 'strategy-lsp[train]'" in capsys.readouterr().err
    assert not out.exists()


def test_cli_reports_an_unreachable_backend_instead_of_zero_percent(
        dataset: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sock, port = closed_port()
    try:
        code = main(evaluate_argv(dataset, f"http://127.0.0.1:{port}", tmp_path / "r.json"))
    finally:
        sock.close()
    assert code == 1
    assert "127.0.0.1" in capsys.readouterr().err
    assert not (tmp_path / "r.json").exists()


def test_cli_reports_a_bad_test_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "test.jsonl"
    data.write_text('{"prompt": "Buy AAPL", "completion": "RSI(\'AAPL\')"}\n', "utf-8")
    assert main(["evaluate", "--data", str(data), "--out", str(tmp_path / "r.json")]) == 2
    assert "test.jsonl:1" in capsys.readouterr().err
