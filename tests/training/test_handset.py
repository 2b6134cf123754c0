"""The checker of hand-written test sets (strategy_lsp.training.handset)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from strategy_lsp.training.handset import check_file, main, problems, shipped_reader

READ = shipped_reader()

RSI_CODE = ("Strategy(ticker='AAPL', position_type=PositionTypeEnum.LONG, "
            "buy_condition=CrossOverCondition(first_series=RSI('AAPL', length=14), "
            "second_series=CONST(30)), sell_condition=CrossUnderCondition("
            "first_series=RSI('AAPL', length=14), second_series=CONST(70)){extra})")


def code(extra: str = "") -> str:
    return RSI_CODE.format(extra=extra)


def test_a_description_that_states_exactly_the_code_s_values_passes() -> None:
    text = "Buy AAPL when RSI 14 crosses above 30, sell when it crosses below 70. 5% stop."
    assert problems(text, code(", stop_loss=StopLoss(percentage=5)"), READ) == ([], [])


def test_a_value_the_description_does_not_state_is_a_problem() -> None:
    text = "Buy AAPL when RSI 14 crosses above 30, sell when it crosses below 70."
    found, notes = problems(text, code(", stop_loss=StopLoss(percentage=5)"), READ)
    assert found == ["the code's number 5 is not stated in the description (read: 14, 30, 70)"]
    assert notes == []


def test_a_ticker_and_a_date_only_in_the_code_are_problems() -> None:
    text = "Buy MSFT when RSI 14 crosses above 30, sell when it crosses below 70."
    found, _ = problems(text, code(", start_date=datetime(2020, 1, 2)"), READ)
    assert any("ticker 'AAPL'" in f for f in found)
    assert "the code's date (2020, 1, 2) is not read from the description" in found


def test_a_reference_that_does_not_validate_is_a_problem() -> None:
    found, notes = problems("Buy AAPL on RSI 14 over 30", "Strategy(ticker='AAPL', stop=1)",
                            READ)
    assert len(found) == 1 and found[0].startswith("the reference does not validate")
    assert notes == []


def test_a_stated_value_the_code_leaves_out_is_a_note_not_a_problem() -> None:
    text = "Buy AAPL when RSI 14 crosses above 30, sell when it crosses below 70, 8% stop."
    found, notes = problems(text, code(), READ)
    assert found == []
    assert notes == ["the description's number 8 is not written in the code"]


@pytest.mark.parametrize(("words", "extra"), [
    ("over the past 2 years", ", period=Period.TWO_YEARS"),
    ("on 1 day bars", ", interval=Interval.ONE_DAY"),
])
def test_a_number_written_as_an_enum_member_is_written(words: str, extra: str) -> None:
    text = f"Buy AAPL when RSI 14 crosses above 30, sell when it crosses below 70, {words}."
    assert problems(text, code(extra), READ) == ([], [])


def test_a_fibonacci_level_counts_as_its_fraction_and_a_fall_as_its_size() -> None:
    text = "Long AAPL on a bounce off the 0.618 level in an uptrend; exit after a 3% drop in 2 days"
    fib = ("Strategy(ticker='AAPL', position_type=PositionTypeEnum.LONG, "
           "buy_condition=UptrendFibRetracementLevelCondition("
           "fib_level=FibonacciLevels.LEVEL_61_8), sell_condition="
           "ChangeOfXPercentPerYDaysCondition(series=CLOSE('AAPL'), percent=-3, "
           "number_of_days=2))")
    assert problems(text, fib, READ) == ([], [])


def test_a_file_reports_lines_duplicates_and_bad_json(tmp_path: Path) -> None:
    good = {"prompt": "Buy AAPL when RSI 14 crosses above 30, sell when it crosses below 70.",
            "completion": code()}
    bad = {"prompt": "Buy AAPL when RSI 14 crosses above 30, sell below 70, 5% stop.",
           "completion": code(", stop_loss=StopLoss(percentage=6)")}
    path = tmp_path / "set.jsonl"
    path.write_text("\n".join([json.dumps(good), json.dumps(bad), json.dumps(good), "{"]) + "\n")
    found, notes = check_file(path, READ)
    assert [f.split(": ")[0] for f in found] == [f"{path}:2", f"{path}:3", f"{path}:4"]
    assert "the code's number 6 is not stated" in found[0]
    assert "the same description as line 1" in found[1]
    assert "not a {prompt, completion} line" in found[2]
    assert notes == [f"{path}:2: note: the description's number 5 is not written in the code"]
    assert main([str(path)]) == 1


def test_a_clean_file_exits_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "set.jsonl"
    path.write_text(json.dumps({
        "prompt": "Buy AAPL when RSI 14 crosses above 30, sell when it crosses below 70.",
        "completion": code()}) + "\n")
    assert main([str(path)]) == 0
    assert "1 cases, 0 problems, 0 notes" in capsys.readouterr().err


@pytest.mark.parametrize(("name", "writers"), [
    ("handwritten.jsonl", {1, 2, 3, 4}),
    ("handwritten-2.jsonl", {"w5", "w6", "w7", "w8"}),
    ("handwritten-3.jsonl", {"w9", "w10", "w11", "w12"}),
])
def test_the_committed_hand_written_sets_have_no_problem_and_no_note(
        name: str, writers: set[object]) -> None:
    path = Path(__file__).resolve().parents[2] / "training" / "heldout" / name
    found, notes = check_file(path, READ)
    assert found == [] and notes == []
    cases = [json.loads(line) for line in path.read_text("utf-8").splitlines()]
    assert len(cases) >= 200
    assert {c["writer"] for c in cases} == writers


@pytest.mark.parametrize("text", [
    "Buy $aapl when RSI 14 crosses above 30, sell when it crosses below 70.",
    "ticker: aapl. buy when rsi 14 crosses above 30, sell when it crosses below 70",
    "Buy Apple when RSI 14 crosses above 30, sell when it crosses below 70.",
])
def test_a_ticker_the_shipped_model_reads_in_lower_case_or_by_name_is_stated(
        text: str) -> None:
    assert problems(text, code(), READ) == ([], [])


def test_a_lower_case_word_that_is_not_a_ticker_does_not_state_one() -> None:
    text = "buy when rsi 14 crosses above 30, sell when it crosses below 70"
    found, _ = problems(text, code(), READ)
    assert any("ticker 'AAPL' is not read" in f for f in found)
