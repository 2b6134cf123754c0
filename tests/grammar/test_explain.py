"""The hover's summary of a whole Strategy says which rule opens the trade."""

from __future__ import annotations

from strategy_lsp.grammar.explain import explain
from strategy_lsp.training.evaluate import read_strategy

BUY = "CrossUnderCondition(first_series=RSI('TSLA', length=14), second_series=CONST(50))"
SELL = "CrossOverCondition(first_series=RSI('TSLA', length=14), second_series=CONST(70))"


def summary(position: str) -> str:
    return explain(read_strategy(
        f"Strategy(ticker='TSLA', position_type=PositionTypeEnum.{position}, "
        f"buy_condition={BUY}, sell_condition={SELL})"))


def test_a_short_is_explained_as_opened_by_its_sell_and_covered_by_its_buy() -> None:
    text = summary("SHORT")
    assert text.startswith("Trades **TSLA** short. Sells short when Relative Strength Index "
                           "(length 14) crosses above 70. Buys to cover when Relative Strength "
                           "Index (length 14) crosses below 50.")


def test_a_long_buys_then_sells() -> None:
    text = summary("LONG")
    assert text.startswith("Trades **TSLA** long. Buys when Relative Strength Index "
                           "(length 14) crosses below 50. Sells when")
