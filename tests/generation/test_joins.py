"""Joining conditions otherwise in the retry (config.json's "join_coverage"): where an
answer may be decoded again with another join, and what that does to a clause the greedy
answer left out."""

from __future__ import annotations

from pathlib import Path

from strategy_lsp.generation.runtime.joins import join_defects, join_turns
from strategy_lsp.generation.runtime.model import (
    EmbeddedModel,
)
from strategy_lsp.grammar import parse_expression
from strategy_lsp.grammar.decoding import code_grammar

from .test_partners import folder

RSI = "CrossOverCondition(first_series=RSI('A'), second_series=CONST(30))"
CCI = "CrossUnderCondition(first_series=CCI('A'), second_series=CONST(100))"
MFI = "LessThanCondition(first_series=MFI('A'), second_series=CONST(20))"


def strategy(buy: str, sell: str) -> str:
    return (f"Strategy(ticker='A', position_type=PositionTypeEnum.LONG, buy_condition={buy}, "
            f"sell_condition={sell})")


def test_joins_no_dataset_answer_makes() -> None:
    assert join_defects(strategy(f"OR({RSI}, OR({CCI}, {MFI}))", RSI)) == 1
    assert join_defects(strategy(f"AND({RSI}, AND({CCI}, {MFI}))",
                                          f"OR({RSI}, OR({CCI}, {MFI}))")) == 2
    # the other operator inside, or the same one further down, is how the dataset writes
    assert join_defects(strategy(f"AND({RSI}, OR({CCI}, {MFI}))", RSI)) == 0
    assert join_defects(strategy(
        f"OR({RSI}, AND({CCI}, OR({MFI}, {RSI})))", RSI)) == 0
    # a quoted "OR(" is a ticker's text, not a call
    assert join_defects("OR(A('OR('), B())") == 0
    # the same clause twice among an operator's children
    assert join_defects(strategy(f"AND({RSI}, {RSI})", f"OR({CCI}, {MFI}, {CCI}, {CCI})")) == 3
    assert join_defects(strategy(RSI, RSI)) == 0  # both sides alike is no join


def test_where_an_answer_may_be_joined_otherwise() -> None:
    code = strategy(RSI, f"OR({CCI}, OR({MFI}, {RSI}))")
    buy = code.index("buy_condition=") + len("buy_condition=")
    sell = code.index("sell_condition=") + len("sell_condition=")
    # a side of one clause may take a second; an OR inside an OR may have been an AND
    assert join_turns(code) == [(buy, "AND("), (sell, "AND(")]
    nested_and = strategy(f"AND({RSI}, AND({CCI}, {MFI}))", f"AND({CCI}, {MFI})")
    assert join_turns(nested_and) == [(nested_and.index("AND("), "OR(")]
    # sides joined as the dataset joins them give no place
    assert join_turns(strategy(f"AND({RSI}, {CCI})", f"OR({MFI}, AND({RSI}, {CCI}))")) == []
    # every place lies where the code has a condition's name
    for offset, _ in join_turns(code):
        assert code[offset:].startswith(("CrossOverCondition(", "OR("))


# a description of the desk style (never trained on), from a development sample: greedily
# the model writes only the buy side's first clause
DIS = ("Thinking of trading $DIS both ways: get long on Aroon Down (len 25) cutting up "
       "through the 50 mark, together with smoothed CCI crossing down through the -150 mark. "
       "flip short upon five consecutive falling sessions in adx (n=14). details: a 3% "
       "stop-loss, starting with $50K, 2006/08/27 through 2012/01/17, 5bps per ticket in fees "
       "thx")

GOOGL = ("Underlying: GOOGL. Bias: buy side only. Entry trigger: close cutting up through the "
         "26 ema. Signal to close: a downside cross of close through the 26 ema. Backtest "
         "range: 2y.")


def test_the_retry_writes_the_clause_the_greedy_answer_left_out(tmp_path: Path) -> None:
    grammar = code_grammar(None)
    plain = EmbeddedModel(folder(tmp_path, "plain", join_coverage=False))
    joining = EmbeddedModel(folder(tmp_path, "joining", join_coverage=True))
    aroon = ("CrossOverCondition(first_series=AROON_DOWN('DIS', length=25), "
             "second_series=CONST(50))")
    cci = "CrossUnderCondition(first_series=CCI_SMOOTHENED('DIS'), second_series=CONST(-150))"
    before = plain.generate(DIS, grammar, 256).text
    after = joining.generate(DIS, grammar, 256).text
    assert f"buy_condition={aroon}, sell_condition=" in before
    assert cci not in before
    assert f"buy_condition=AND({aroon}, {cci}), sell_condition=" in after
    expression, problems = parse_expression(after)  # what it keeps is complete code
    assert expression is not None and not problems
    # a description whose greedy answer leaves nothing out is answered as before; so is one
    # whose answer leaves only a number unused ("2y" is the period, not a second clause
    # with an EMA of length 2, which a forced AND( here would write)
    for prompt in (GOOGL,"Buy AAPL when RSI 14 is below 30, sell when it is above 70.",
                   "Short TSLA when MACD crosses its signal; cover after 5 days"):
        assert joining.generate(prompt, grammar, 256).text == \
            plain.generate(prompt, grammar, 256).text
