"""Leaf metrics on hand-made strategies whose answers are known."""

from __future__ import annotations

import itertools

import pytest

from strategy_lsp.grammar import Call, EnumValue, render
from strategy_lsp.training.evaluate import read_strategy
from strategy_lsp.training.metrics import Counts, compare, field_of, leaves, match_children

BUY = "CrossUnderCondition(first_series=RSI('AAPL'), second_series=CONST(30))"
TREND = "GreaterThanCondition(first_series=CLOSE('AAPL'), second_series=SMA('AAPL', length=200))"
SELL = "CrossOverCondition(first_series=RSI('AAPL'), second_series=CONST(70))"
STOP = "StopLoss(percentage=5, stop_loss_type=StopLossType.TRAILING)"


def strategy(buy: str = f"AND({BUY}, {TREND})", sell: str = SELL, **extra: str) -> Call:
    args = ", ".join(f"{k}={v}" for k, v in extra.items())
    return read_strategy(f"Strategy(ticker='AAPL', position_type=PositionTypeEnum.LONG, "
                         f"buy_condition={buy}, sell_condition={sell}"
                         f"{', ' + args if args else ''})")


REFERENCE = strategy(stop_loss=STOP, initial_capital="10000")
#: ticker, position type, 9 + 4 condition leaves, 2 stop loss, take profit, 3 start date,
#: end date, interval, period, capital, order size, commissions
LEAVES = 27


def test_paths_name_fields_classes_keywords_and_positions() -> None:
    found = leaves(REFERENCE)
    assert len(found) == LEAVES
    assert found["buy_condition.AND.conditions[0].CrossUnderCondition.first_series.RSI.length"] \
        == 14
    assert found["buy_condition.AND.conditions[1].GreaterThanCondition.second_series.SMA"
                 ".length"] == 200
    assert found["stop_loss.StopLoss.stop_loss_type"] == EnumValue(enum="StopLossType",
                                                                   member="TRAILING")
    assert found["take_profit"] is None and found["end_date"] is None
    assert found["order_size.Contracts.value"] == 1
    assert {field_of(p) for p in found} == set(REFERENCE.spec.param_names)


def test_identical_strategy_scores_every_leaf() -> None:
    result = compare(REFERENCE, strategy(stop_loss=STOP, initial_capital="10000"))
    assert result.identical
    assert result.counts == Counts(LEAVES, LEAVES, LEAVES)
    assert (result.counts.recall, result.counts.precision, result.counts.f1) == (1, 1, 1)
    assert not result.wrong and not result.missing and not result.extra


def test_one_wrong_rsi_length_is_one_wrong_leaf() -> None:
    wrong_buy = BUY.replace("RSI('AAPL')", "RSI('AAPL', length=21)")
    result = compare(REFERENCE, strategy(buy=f"AND({wrong_buy}, {TREND})", stop_loss=STOP,
                                         initial_capital="10000"))
    assert result.wrong == ("buy_condition.AND.conditions[0].CrossUnderCondition.first_series"
                            ".RSI.length",)
    assert result.counts == Counts(LEAVES, LEAVES, LEAVES - 1)
    assert result.counts.recall == pytest.approx((LEAVES - 1) / LEAVES)
    assert not result.identical
    assert result.by_field()["buy_condition"] == Counts(9, 9, 8)
    assert result.by_field()["sell_condition"] == Counts(4, 4, 4)


def test_swapped_and_children_are_correct_and_identical_but_not_the_same_text() -> None:
    swapped = strategy(buy=f"AND({TREND}, {BUY})", stop_loss=STOP, initial_capital="10000")
    result = compare(REFERENCE, swapped)
    assert result.identical and result.counts.correct == LEAVES
    assert render(swapped, inline=True) != render(REFERENCE, inline=True)


def test_missing_stop_loss_loses_its_leaves_and_adds_a_none() -> None:
    result = compare(REFERENCE, strategy(initial_capital="10000"))
    assert set(result.missing) == {"stop_loss.StopLoss.percentage",
                                   "stop_loss.StopLoss.stop_loss_type"}
    assert result.extra == ("stop_loss",)
    assert result.counts == Counts(LEAVES, LEAVES - 1, LEAVES - 2)
    assert result.by_field()["stop_loss"] == Counts(2, 1, 0)
    assert result.counts.precision == pytest.approx((LEAVES - 2) / (LEAVES - 1))


def test_extra_take_profit_costs_the_reference_none() -> None:
    result = compare(REFERENCE, strategy(stop_loss=STOP, initial_capital="10000",
                                         take_profit="TakeProfit(percentage=10)"))
    assert result.missing == ("take_profit",)
    assert result.extra == ("take_profit.TakeProfit.percentage",)
    assert result.counts == Counts(LEAVES, LEAVES, LEAVES - 1)
    assert result.counts.f1 == pytest.approx((LEAVES - 1) / LEAVES)


def test_defaults_filled_equal_the_same_values_written_out() -> None:
    short = strategy(stop_loss=STOP, initial_capital="10000")
    explicit = strategy(
        buy=f"AND({BUY.replace('RSI(', 'RSI(source=SourceType.CLOSE, length=14, ticker=')}, "
            f"{TREND})",
        stop_loss=STOP, initial_capital="10000", interval="Interval.ONE_DAY",
        order_size="Contracts(1)", start_date="datetime(2024, 1, 1)", take_profit="None")
    assert leaves(short) == leaves(explicit)
    assert compare(short, explicit).identical
    assert render(short, inline=True) != render(explicit, inline=True)
    assert len(leaves(explicit, defaults=False)) > len(leaves(short, defaults=False))
    assert set(leaves(short, defaults=False)) <= set(leaves(short))


def test_numbers_compare_by_value_and_booleans_only_with_booleans() -> None:
    assert compare(strategy(stop_loss="StopLoss(percentage=5)"),
                   strategy(stop_loss="StopLoss(percentage=5.0)")).identical
    kc = "GreaterThanCondition(first_series=CLOSE('AAPL'), second_series=KC_UPPER('AAPL', " \
         "use_exp_ma={}))"
    one = Call(name="KC_UPPER", args={"ticker": "AAPL", "use_exp_ma": 1})
    assert not compare(Call(name="KC_UPPER", args={"ticker": "AAPL"}), one).identical
    assert not compare(strategy(buy=kc.format("True")), strategy(buy=kc.format("False"))) \
        .identical


def test_missing_and_child_is_matched_to_the_right_partner() -> None:
    third = "LessThanCondition(first_series=RSI('AAPL', length=2), second_series=CONST(10))"
    reference = strategy(buy=f"AND({BUY}, {TREND}, {third})")
    result = compare(reference, strategy(buy=f"AND({third}, {BUY})"))
    assert not result.wrong and not result.extra
    assert {field_of(p) for p in result.missing} == {"buy_condition"}
    assert all(".conditions[1].GreaterThanCondition" in p for p in result.missing)


def test_children_pair_by_most_correct_leaves_not_by_position() -> None:
    near_trend = TREND.replace("length=200", "length=100")
    reference = [read_strategy(f"Strategy(ticker='AAPL', position_type=PositionTypeEnum.LONG, "
                               f"buy_condition={c}, sell_condition={SELL})").args["buy_condition"]
                 for c in (BUY, TREND)]
    generated = [read_strategy(f"Strategy(ticker='AAPL', position_type=PositionTypeEnum.LONG, "
                               f"buy_condition={c}, sell_condition={SELL})").args["buy_condition"]
                 for c in (near_trend, BUY, SELL)]
    assert all(isinstance(c, Call) for c in (*reference, *generated))
    labels = match_children(reference, generated)  # type: ignore[arg-type]
    assert labels == [1, 0, 2]  # the near trend pairs with the trend; the extra gets a new label


def test_many_children_in_any_order_still_match() -> None:
    levels = [f"LessThanCondition(first_series=RSI('AAPL'), second_series=CONST({n}))"
              for n in range(10, 130, 10)]
    reference = strategy(buy=f"OR({', '.join(levels)})")
    shuffled = [levels[i] for i in (5, 11, 0, 3, 9, 1, 7, 2, 10, 4, 8, 6)]
    assert compare(reference, strategy(buy=f"OR({', '.join(shuffled)})")).identical


def test_nested_conditions_are_matched_at_every_level() -> None:
    inner = f"OR({BUY}, {TREND})"
    reference = strategy(buy=f"AND({inner}, {SELL})")
    for order in itertools.permutations((BUY, TREND)):
        generated = strategy(buy=f"AND({SELL}, OR({', '.join(order)}))")
        assert compare(reference, generated).identical


def test_a_different_class_gets_none_of_its_leaves() -> None:
    result = compare(REFERENCE, strategy(buy=f"AND({BUY.replace('RSI(', 'CCI(')}, {TREND})",
                                         stop_loss=STOP, initial_capital="10000"))
    assert result.by_field()["buy_condition"].correct == 9 - 3
    assert len(result.missing) == 3 and len(result.extra) == 3
