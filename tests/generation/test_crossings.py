"""The crossings a description states one way (config.json's "crossing_coverage"): which
wordings count, which do not, and how the retry turns a crossing the greedy answer wrote the
other way."""

from __future__ import annotations

from pathlib import Path

import pytest

from strategy_lsp.generation.runtime.crossings import (
    Crossing,
    self_comparisons,
    stated_crossings,
    turnable_crossings,
    unwritten_crossings,
    written_crossings,
)
from strategy_lsp.generation.runtime.model import (
    EmbeddedModel,
    Statements,
)
from strategy_lsp.grammar.decoding import code_grammar

from .test_partners import folder

OVER, UNDER = "over", "under"


@pytest.mark.parametrize(("text", "stated"), [
    # a series word, then a crossing verb and a direction
    ("buy when RSI crosses above 30", [(OVER, "RSI")]),
    ("exit once the cci cuts down through -100", [(UNDER, "CCI")]),
    ("rsi14 crossing back up through 50", [(OVER, "RSI")]),
    ("MFI 14 line crossing from below to above 20", [(OVER, "MFI")]),
    ("the plus line DI+ of 14 days crosses above DI-", [(OVER, "DI_PLUS")]),
    ("px x-under the 20 EMA", [(UNDER, "CLOSE")]),
    ("the closing print x-over its 50 sma", [(OVER, "CLOSE")]),
    ("DI- crosses back above DI+", [(OVER, "DI_MINUS")]),
    # a price's longer names are one mention: "the low price" is not "the low", then "price"
    ("if the low price moves from above to below the EMA", [(UNDER, "LOW")]),
    ("the daily high crosses above the upper band", [(OVER, "HIGH")]),
    # a spelling the catalog lacks is not read as the shorter name inside it
    ("the smoothed commodity channel index moves from below to above 150",
     [(OVER, "CCI_SMOOTHENED")]),
    # a crossing noun, then the series
    ("go long on an upside cross of CCI through 100", [(OVER, "CCI")]),
    ("flat on a bearish cross of the MACD", [(UNDER, "MACD")]),
    # lengths in parentheses between the series and its verb
    ("when Williams %R (14) crosses above -80", [(OVER, "WILLR")]),
    # one description, both ways, in order
    ("an upside cross of RSI through 30; RSI crosses down through 70",
     [(OVER, "RSI"), (UNDER, "RSI")]),
])
def test_a_crossing_stated_one_way(text: str, stated: list[tuple[str, str]]) -> None:
    assert stated_crossings(text) == tuple(Crossing(*c) for c in stated)


@pytest.mark.parametrize("text", [
    # a comparison states no crossing: the answer may rightly write GreaterThan
    "buy when RSI is above 70, sell when it is below 30",
    "close over the 200 sma",
    # a move that crosses nothing: "down" says which way, not through what
    "the closing price moves down eight percent inside a single bar",
    "the price breaks up and keeps going",
    # a crossing with no direction
    "when the MACD crosses its signal",
    # the clause ends before the direction does
    "RSI crosses, and the price goes up",
    # a series' input is not a series of its own
    "RSI applied to typical price above 60",
    # "+DI-14" is DI+ with a length, not DI-; and nothing crosses here
    "+DI-14 is strong",
    # a word the catalog does not know as a series
    "the trend crosses above its mean",
])
def test_wording_that_states_no_crossing(text: str) -> None:
    assert stated_crossings(text) == ()


def test_the_source_of_a_series_is_not_read_as_price() -> None:
    assert stated_crossings("RSI on hlcc4 crossing up through 40") == (Crossing(OVER, "RSI"),)


CODE = ("Strategy(ticker='A', buy_condition=CrossOverCondition(first_series=RSI('A', "
        "length=14), second_series=CONST(30)), sell_condition=CrossOverCondition("
        "first_series=CCI('A'), second_series=CONST(100)))")


def test_the_crossings_an_answer_writes() -> None:
    assert written_crossings(CODE) == {Crossing(OVER, "RSI"), Crossing(OVER, "CCI")}
    stated = (Crossing(OVER, "RSI"), Crossing(UNDER, "CCI"), Crossing(UNDER, "MFI"))
    assert unwritten_crossings(stated, CODE) == 2
    # only a crossing written the other way can be turned; MFI is not written at all
    offset = CODE.index("Over", CODE.index("sell_condition"))
    assert turnable_crossings(stated, CODE) == [(offset, UNDER)]
    assert turnable_crossings((Crossing(OVER, "RSI"),), CODE) == []


def test_a_series_stated_crossing_both_ways_is_never_turned() -> None:
    # buy on the close crossing above the EMA, sell on it crossing back below; the answer
    # writes both as crossing over: turning the buy would count as writing both
    code = ("Strategy(ticker='A', buy_condition=CrossOverCondition(first_series=CLOSE('A'), "
            "second_series=EMA('A', length=50)), sell_condition=CrossOverCondition("
            "first_series=CLOSE('A'), second_series=EMA('A', length=50)))")
    stated = stated_crossings("buy when the close crosses above the 50 EMA, sell when the "
                              "close crosses back below it")
    assert stated == (Crossing(OVER, "CLOSE"), Crossing(UNDER, "CLOSE"))
    assert unwritten_crossings(stated, code) == 1
    assert turnable_crossings(stated, code) == []


def test_a_condition_that_compares_a_series_with_itself() -> None:
    same = "CrossOverCondition(first_series=DI_MINUS('A'), second_series=DI_MINUS('A'))"
    other = ("CrossOverCondition(first_series=SMA('A', length=50), second_series=SMA('A', "
             "length=200))")
    assert self_comparisons(f"AND({same}, {other})") == 1
    assert self_comparisons(other) == 0
    # it counts as left out only where crossings are stated
    assert Statements(frozenset(), (Crossing(OVER, "DI_MINUS"),)).left_out(same) == 1
    assert Statements(frozenset({"DI"})).left_out(same) == 0


def test_statements_count_families_and_crossings_left_out() -> None:
    statements = Statements(frozenset({"RSI", "MACD"}), (Crossing(UNDER, "CCI"),))
    assert statements
    assert not Statements()
    assert statements.left_out(CODE) == 2  # no MACD, and CCI crosses over


# a description of the desk style (never trained on), from a development sample
KO = ("KO long only | in: the close < senkou B + the close -5% in 14 bars | flat: 100/200 EMA "
      "bear cross | stop -6% | 5K USD/trade | max")


def test_the_retry_turns_a_crossing_the_greedy_answer_wrote_the_other_way(
        tmp_path: Path) -> None:
    grammar = code_grammar(None)
    plain = EmbeddedModel(folder(tmp_path, "plain", crossing_coverage=False))
    turning = EmbeddedModel(folder(tmp_path, "turning", crossing_coverage=True))
    ema = "first_series=EMA('KO', length=100), second_series=EMA('KO', length=200))"
    before = plain.generate(KO, grammar, 256).text
    after = turning.generate(KO, grammar, 256).text
    assert stated_crossings(KO) == (Crossing(UNDER, "EMA"),)
    # greedily, "bear cross" is read as the EMAs crossing over; turned, under: the rest of
    # the answer is the model's own and the same
    assert f"sell_condition=CrossOverCondition({ema}" in before
    assert after == before.replace(f"CrossOverCondition({ema}", f"CrossUnderCondition({ema}")
    # a description that states no crossing one way is answered as before
    for prompt in ("Buy AAPL when RSI 14 is below 30, sell when it is above 70.",
                   "Short TSLA when MACD crosses its signal; cover after 5 days"):
        assert turning.generate(prompt, grammar, 256).text == \
            plain.generate(prompt, grammar, 256).text
