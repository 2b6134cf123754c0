"""The retry's count of the indicators a description names (config.json's
"named_coverage"): which names count, and how an answer that leaves one out is decoded again."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from strategy_lsp.generation.runtime.model import (
    RETRY_STATEMENTS,
    EmbeddedModel,
    ModelFormatError,
    decoding_settings,
    family,
    named_families,
    written_families,
)
from strategy_lsp.grammar.decoding import code_grammar

from .test_partners import folder
from .test_readings import shipped_dir


@pytest.mark.parametrize(("text", "families"), [
    ("buy when the 50 EMA crosses the 200 moving average", {"EMA", "SMA"}),
    # the longest name wins: no simple moving average in an exponential or in MACD
    ("exponential moving average (20) over the moving average convergence divergence",
     {"EMA", "MACD"}),
    ("long when DI+ crosses above DI- while ADX > 25", {"DI", "ADX"}),
    ("the close touches the lower Bollinger band, out at the upper Bollinger band", {"BB"}),
    ("tenkan-sen crosses above kijun-sen", {"ICHIMOKU"}),
    ("Williams %R under -80 and rsi(14) below 30", {"WILLR", "RSI"}),
    # prices, volume, levels and everyday words name no indicator
    ("buy when the close is above the open and volume is high, sell at the 70 level", set()),
    ("the ultimate momentum play: buy the hammer of a mass sell-off", set()),
    # a name inside a longer word is no name
    ("the trixie dataset of rsiq", set()),
])
def test_the_indicator_families_a_description_names(text: str, families: set[str]) -> None:
    assert named_families(text) == families


def test_the_families_an_answer_writes() -> None:
    code = ("Strategy(ticker='A', buy_condition=CrossOverCondition(first_series=BB_UPPER('A'), "
            "second_series=MACD_SIGNAL('A')), sell_condition=LessThanCondition("
            "first_series=CLOSE('A'), second_series=CONST(3)))")
    assert written_families(code) >= {"BB", "MACD"}
    assert family("STOCH_PERCENT_K") == family("STOCH_PERCENT_D") == "STOCH"
    assert family("RSI") == "RSI"


@pytest.mark.parametrize("statement", RETRY_STATEMENTS)
def test_a_statement_count_needs_the_retry(tmp_path: Path, statement: str) -> None:
    """named_coverage, crossing_coverage and join_coverage each count for the retry only: a
    model folder that asks for one without it is refused."""
    assert getattr(decoding_settings({statement: True, "retry_beams": 4, "coverage": 2.0}),
                   statement)
    with pytest.raises(ValueError, match=f"{statement} needs retry_beams"):
        decoding_settings({statement: True})
    alone = {other: other == statement for other in RETRY_STATEMENTS}
    with pytest.raises(ModelFormatError, match=f"{statement} needs retry_beams"):
        EmbeddedModel(folder(tmp_path, "no-retry", retry_beams=0, **alone))


def hand_written(start: str) -> str:
    """The description of the first hand-written set (a development set) that begins so."""
    path = Path(__file__).resolve().parents[2] / "training" / "heldout" / "handwritten.jsonl"
    prompts = [str(json.loads(line)["prompt"]) for line in path.read_text("utf-8").splitlines()]
    return next(p for p in prompts if p.startswith(start))


def test_the_retry_writes_an_indicator_the_greedy_answer_left_out(tmp_path: Path) -> None:
    # "close has to be above the 200 sma": greedily, an uptrend of 200 days, with no SMA
    text = hand_written("DIS dip buy but only in an uptrend")
    plain = EmbeddedModel(folder(tmp_path, "unnamed", named_coverage=False))
    counting = EmbeddedModel(shipped_dir())  # the shipped decoding counts them
    assert counting.named_coverage
    grammar = code_grammar(None)
    before = plain.generate(text, grammar, 256).text
    after = counting.generate(text, grammar, 256).text
    assert named_families(text) - written_families(before) == {"SMA"}
    assert not named_families(text) - written_families(after)
    assert "GreaterThanCondition(first_series=CLOSE('DIS'), second_series=SMA('DIS', " \
        "length=200))" in after
    # a description whose answer writes every indicator it names is answered as before
    for prompt in ("Buy AAPL when RSI 14 crosses above 30, sell when it crosses below 70.",
                   "Short TSLA when MACD crosses below its signal; cover after 5 days"):
        assert counting.generate(prompt, grammar, 256).text == \
            plain.generate(prompt, grammar, 256).text
