"""Formatting rewrites only valid Strategy calls and keeps every other byte."""

from __future__ import annotations

from strategy_lsp.grammar.formatter import format_source

MESSY = """import os  # keep me   
from trading_strategy_tester import *

x   =   1
s = Strategy(position_type=PositionTypeEnum.LONG, ticker="AAPL", buy_condition=CrossOverCondition(RSI('AAPL'), CONST(30)), sell_condition=CrossUnderCondition(first_series=RSI('AAPL'), second_series=CONST(70)))
def f():
    return Strategy(ticker='AAPL', lenght=3)
"""  # noqa: E501,W291


def test_format_rewrites_valid_calls_and_keeps_other_text() -> None:
    result = format_source(MESSY)
    assert result.text.startswith("import os  # keep me   \nfrom trading_strategy_tester")
    assert "x   =   1\n" in result.text
    assert "s = Strategy(\n    ticker='AAPL',\n    position_type=PositionTypeEnum.LONG,\n" \
        in result.text
    assert result.text.endswith("    return Strategy(ticker='AAPL', lenght=3)\n")
    assert len(result.changed) == 1
    assert [reason for _, reason in result.skipped] == ["it has errors"]


def test_format_is_idempotent() -> None:
    once = format_source(MESSY).text
    again = format_source(once)
    assert again.text == once
    assert again.changed == []


def test_calls_with_comments_are_left_alone() -> None:
    text = ("s = Strategy(ticker='AAPL',  # Apple\n position_type=PositionTypeEnum.LONG, "
            "buy_condition=CrossOverCondition(first_series=RSI('AAPL'), second_series=CONST(1)),"
            " sell_condition=CrossOverCondition(first_series=RSI('AAPL'), "
            "second_series=CONST(2)))\n")
    result = format_source(text)
    assert result.text == text
    assert [reason for _, reason in result.skipped] == ["it contains comments"]


def test_indentation_of_the_call_is_kept() -> None:
    text = ("def make():\n    return Strategy(ticker='A', position_type=PositionTypeEnum.SHORT, "
            "buy_condition=LessThanCondition(first_series=CLOSE('A'), second_series=CONST(1)), "
            "sell_condition=GreaterThanCondition(first_series=CLOSE('A'), "
            "second_series=CONST(2)))\n")
    lines = format_source(text).text.split("\n")
    assert lines[1] == "    return Strategy("
    assert lines[2] == "        ticker='A',"
    assert lines[-2] == "    )"
