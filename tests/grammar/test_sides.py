"""Which condition opens a trade: the library's buy and sell, whatever the position."""

from __future__ import annotations

import random

import pytest

from strategy_lsp.grammar import render
from strategy_lsp.grammar.sides import (
    entry_keyword,
    is_short,
    swap_short_sides,
    swap_short_sides_code,
)
from strategy_lsp.training.evaluate import read_strategy
from strategy_lsp.training.strategies import sample_strategy

ENTRY = "CrossOverCondition(first_series=RSI('TSLA', length=14), second_series=CONST(70))"
EXIT = "CrossUnderCondition(first_series=RSI('TSLA', length=14), second_series=CONST(50))"


def strategy(position: str, buy: str = ENTRY, sell: str = EXIT, extra: str = "") -> str:
    return (f"Strategy(ticker='TSLA', position_type=PositionTypeEnum.{position}, "
            f"buy_condition={buy}, sell_condition={sell}{extra})")


def test_a_short_s_conditions_change_places_and_nothing_else_moves() -> None:
    code = strategy("SHORT", extra=", stop_loss=StopLoss(percentage=5)")
    swapped, done = swap_short_sides_code(code)
    assert done
    assert swapped == strategy("SHORT", EXIT, ENTRY, ", stop_loss=StopLoss(percentage=5)")
    assert swap_short_sides_code(swapped) == (code, True)  # its own inverse


def test_the_text_swap_and_the_model_swap_agree_on_sampled_strategies() -> None:
    shorts = 0
    for seed in range(200):
        model = sample_strategy(random.Random(seed))
        code = render(model, inline=True)
        swapped, done = swap_short_sides_code(code)
        assert done == is_short(model)
        assert swapped == render(swap_short_sides(model), inline=True)
        assert read_strategy(swapped) == swap_short_sides(model)
        shorts += done
    assert 20 < shorts < 80  # the sampler draws about one short in five


@pytest.mark.parametrize("position", ["LONG", "LONG_SHORT_COMBINED"])
def test_other_positions_keep_their_sides(position: str) -> None:
    code = strategy(position)
    assert swap_short_sides_code(code) == (code, False)
    assert swap_short_sides(read_strategy(code)) == read_strategy(code)


def test_code_that_does_not_parse_or_lacks_a_condition_is_left_alone() -> None:
    for code in ("Strategy(ticker='TSLA', position_type=PositionTypeEnum.SHORT, buy_con",
                 f"Strategy(ticker='TSLA', position_type=PositionTypeEnum.SHORT, "
                 f"buy_condition={ENTRY})", "RSI('TSLA')"):
        assert swap_short_sides_code(code) == (code, False)


def test_the_keyword_order_stays_the_catalog_s_when_keywords_were_written_out_of_order() -> None:
    code = ("Strategy(sell_condition=" + EXIT + ", ticker='TSLA', buy_condition=" + ENTRY +
            ", position_type=PositionTypeEnum.SHORT)")
    swapped = swap_short_sides(read_strategy(code))
    assert list(swapped.args) == ["ticker", "position_type", "buy_condition", "sell_condition"]
    assert render(swapped.args["sell_condition"], inline=True) == ENTRY


def test_the_entry_keyword() -> None:
    assert entry_keyword("SHORT") == "sell_condition"
    assert entry_keyword("LONG") == entry_keyword("LONG_SHORT_COMBINED") == "buy_condition"
