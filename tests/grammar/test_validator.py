"""Each mistake a user can make gets a diagnostic with a range, a message and a repair."""

from __future__ import annotations

import datetime as dt

import pytest

from strategy_lsp.grammar import Call, Severity, parse_expression, render, validate_strategy
from strategy_lsp.grammar.validator import Validation, validate_parameter

BUY = "CrossOverCondition(first_series=RSI('AAPL', length=14), second_series=CONST(30))"
SELL = "CrossUnderCondition(first_series=RSI('AAPL'), second_series=CONST(70))"


def strategy(**overrides: str) -> str:
    args = {"ticker": "'AAPL'", "position_type": "PositionTypeEnum.LONG",
            "buy_condition": BUY, "sell_condition": SELL, **overrides}
    return "Strategy(" + ", ".join(f"{k}={v}" for k, v in args.items() if v) + ")"


def check(code: str) -> Validation:
    expr, problems = parse_expression(code)
    assert expr is not None
    return validate_strategy(expr, problems, today=dt.date(2026, 11, 25))


def only(validation: Validation, code: str) -> None:
    assert [d.code for d in validation.diagnostics] == [code], \
        [d.message for d in validation.diagnostics]


def test_valid_strategy_has_no_diagnostics() -> None:
    validation = check(strategy())
    assert validation.diagnostics == []
    assert validation.model == validation.repaired


@pytest.mark.parametrize(("code", "expected", "fixed_text"), [
    (strategy(buy_condition=BUY.replace("length", "lenght")), "unknown-keyword", "length"),
    (strategy(buy_condition=BUY.replace("RSI", "RSX", 1)), "unknown-class", "RSI"),
    (strategy(buy_condition=BUY.replace("CONST(30)", "CONST('30')")), "wrong-type", "30"),
    (strategy(buy_condition=BUY.replace("CONST(30)", "30")), "wrong-type", "CONST(30)"),
    (strategy(buy_condition=BUY.replace("length=14", "length=-3")), "out-of-range", "14"),
    (strategy(buy_condition=BUY.replace("length=14", "length=14.0")), "wrong-type", "14"),
    (strategy(buy_condition=BUY.replace("RSI('AAPL', ", "RSI(")), "missing-argument", "'AAPL', "),
    (strategy(position_type="PositionTypeEnum.LONGG"), "unknown-enum-member",
     "PositionTypeEnum.LONG"),
    (strategy(position_type="'short'"), "wrong-type", "PositionTypeEnum.SHORT"),
    (strategy(interval="Period.ONE_DAY"), "unknown-enum-member", "Interval.ONE_DAY"),
    (strategy(start_date="'2021-03-04'"), "wrong-type", "datetime(2021, 3, 4)"),
    (strategy(stop_loss="5"), "wrong-type", "StopLoss(percentage=5)"),
    (strategy(buy_condition="CrossOverCondition(first_series=RSI('MSFT'), second_series=CONST(1))"),
     "ticker-mismatch", "'AAPL'"),
])
def test_mistake_is_reported_with_a_repair(code: str, expected: str, fixed_text: str) -> None:
    validation = check(code)
    only(validation, expected)
    diagnostic = validation.diagnostics[0]
    assert diagnostic.repair is not None
    assert [e.text for e in diagnostic.repair.edits] == [fixed_text]
    # applying the repair's edit to the text gives code that validates cleanly
    edit = diagnostic.repair.edits[0]
    start, end = edit.span.start_byte, edit.span.end_byte
    data = code.encode()
    fixed = (data[:start] + edit.text.encode() + data[end:]).decode()
    assert check(fixed).diagnostics == []
    assert isinstance(validation.repaired, Call)
    assert check(render(validation.repaired)).diagnostics == []


@pytest.mark.parametrize(("code", "expected", "words"), [
    ("Strategy(ticker='AAPL', position_type=PositionTypeEnum.LONG)", "missing-argument",
     "buy_condition, sell_condition"),
    (strategy(stop_loss="StopLoss(percentage=150)"), "out-of-range", "≤ 100"),
    (strategy(order_size="PercentOfEquity(0)"), "out-of-range", "> 0"),
    (strategy(trade_commissions="PercentageCommissions(101)"), "out-of-range", "≤ 100"),
    (strategy(start_date="datetime(2021, 2, 30)"), "invalid-date", "28 days"),
    (strategy(start_date="datetime(2022, 1, 1)", end_date="datetime(2021, 1, 1)"),
     "end-before-start", "before"),
    (strategy(ticker="'   '"), "invalid-ticker", "not a ticker"),
    (strategy(buy_condition=SELL.replace("CrossUnderCondition", "RSI")), "wrong-type",
     "a condition"),
    (strategy(buy_condition="CrossOverCondition(RSI('AAPL'), CONST(1), CONST(2))"),
     "too-many-arguments", "at most 2"),
    (strategy(buy_condition="CrossOverCondition(first_series=RSI('AAPL'), "
                            "first_series=RSI('AAPL'), second_series=CONST(2))"),
     "duplicate-argument", "more than once"),
    (strategy(buy_condition="AND()"), "missing-argument", "at least one"),
    (strategy(ticker="ticker"), "not-allowed", "variable"),
    (strategy(buy_condition="CrossOverCondition(first_series=RSI, second_series=CONST(1))"),
     "not-allowed", "must be called"),
    (strategy(buy_condition=BUY.replace("length=14", "flavour=14")), "unknown-keyword",
     "It takes: ticker, source, length"),
    # a bare number where a series goes is wrapped in CONST, but no CONST holds 1e999
    (strategy(buy_condition=BUY.replace("CONST(30)", "1e999")), "out-of-range",
     "finite numbers"),
])
def test_error_without_repair_is_reported(code: str, expected: str, words: str) -> None:
    validation = check(code)
    assert expected in [d.code for d in validation.errors], \
        [d.message for d in validation.diagnostics]
    diagnostic = next(d for d in validation.errors if d.code == expected)
    assert words in diagnostic.message
    assert validation.model is None
    text = code.encode()[diagnostic.span.start_byte:diagnostic.span.end_byte]
    assert text  # the range points at real text


def test_period_with_dates_is_a_warning() -> None:
    validation = check(strategy(period="Period.ONE_YEAR", start_date="datetime(2020, 1, 1)"))
    only(validation, "period-and-dates")
    assert validation.diagnostics[0].severity is Severity.WARNING
    assert validation.ok


def test_future_date_is_a_warning() -> None:
    validation = check(strategy(end_date="datetime(2030, 1, 1)"))
    only(validation, "future-date")
    assert validation.ok


def test_every_mistake_in_one_call_is_reported_at_once() -> None:
    code = strategy(buy_condition="CrossOverCondition(first_series=RSX('AAPL', lenght=0), "
                                  "second_series='30')")
    codes = sorted(d.code for d in check(code).diagnostics)
    assert codes == ["out-of-range", "unknown-class", "unknown-keyword", "wrong-type"]


def test_repaired_model_applies_every_repair_and_reports_them() -> None:
    code = strategy(buy_condition="CrossOverCondition(first_series=RSI(lenght=20), "
                                  "second_series=30)", stop_loss="StopLoss(percentage=5, "
                                  "stop_loss_type=StopLossType.TRAILNG)")
    validation = check(code)
    assert validation.model is None
    assert len(validation.diagnostics) == 4
    assert all(d.repair is not None for d in validation.diagnostics)
    assert isinstance(validation.repaired, Call)
    assert render(validation.repaired, inline=True) == (
        "Strategy(ticker='AAPL', position_type=PositionTypeEnum.LONG, "
        "buy_condition=CrossOverCondition(first_series=RSI('AAPL', length=20), "
        "second_series=CONST(30)), sell_condition=" + SELL + ", stop_loss=StopLoss("
        "percentage=5, stop_loss_type=StopLossType.TRAILING))")


def test_parameter_value_is_checked_on_its_own() -> None:
    code = "StopLoss(percentage=5, stop_loss_type=StopLossType.TRAILING)"
    expr, problems = parse_expression(code)
    assert expr is not None
    validation = validate_parameter(expr, "stop_loss", problems)
    assert validation.ok
    assert render(validation.model) == \
        "StopLoss(percentage=5, stop_loss_type=StopLossType.TRAILING)"  # type: ignore[arg-type]
    expr, problems = parse_expression("TakeProfit(percentage=5)")
    assert expr is not None
    assert not validate_parameter(expr, "stop_loss", problems).ok
