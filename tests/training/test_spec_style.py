"""The "spec" style: a strategy as a formal rulebook that still states every value of its code.

What every style keeps (each value stated, read back, deterministic) is test_style_contract's;
these are spec's own words, and its stricter naming of indicators."""

from __future__ import annotations

import random
import re

from strategy_lsp.grammar import Call, EnumValue, Kind
from strategy_lsp.grammar.sampling import random_strategy
from strategy_lsp.training.spec_style import SpecPhraser
from strategy_lsp.training.vocabulary import member_names, series_names

from .style_contract import examples_of, fuzzed_of, pairs_of

STYLE = SpecPhraser()


def test_clause_labels_are_never_digits() -> None:
    for example in examples_of("spec"):
        assert not re.search(r"\(\d+\)|^\d+\.|§ ?\d", example.description, re.M), \
            example.description


def test_every_indicator_is_named() -> None:
    """Stricter than the contract's: the prices (close, open, volume) are named too."""
    for strategy, text in pairs_of("spec"):
        lower = text.lower()
        for call in strategy.walk():
            if call.spec.kind is Kind.SERIES and call.name != "CONST":
                names = [n.lower() for n in series_names(call.name)]
                assert any(n in lower for n in names), (call.name, text)


def test_the_position_side_is_stated_and_no_other() -> None:
    for strategy, text in pairs_of("spec"):
        side = strategy.args["position_type"]
        assert isinstance(side, EnumValue)
        lower = text.lower()
        says = (re.search(r"\blong\b", lower) is not None,
                re.search(r"\bshort\b", lower) is not None)
        expected = {"LONG": (True, False), "SHORT": (False, True),
                    "LONG_SHORT_COMBINED": (True, True)}[side.member]
        assert says == expected, text
        if side.member == "SHORT":
            assert re.search(r"\b(cover|close the short|exit the short)", lower), text


def test_crossings_read_differently_from_levels() -> None:
    for seed in range(300):
        strategy = random_strategy(random.Random(seed))
        for condition, crosses in (("CrossOverCondition", True), ("CrossUnderCondition", True),
                                   ("GreaterThanCondition", False),
                                   ("LessThanCondition", False)):
            rule = Call(name=condition, args={
                "first_series": Call(name="RSI", args={"ticker": strategy.args["ticker"]}),
                "second_series": Call(name="CONST", args={"const_number": 30})})
            simple = Call(name="Strategy", args={
                k: v for k, v in {**strategy.args, "buy_condition": rule,
                                  "sell_condition": rule}.items()
                if k in ("ticker", "position_type", "buy_condition", "sell_condition")})
            text = STYLE.describe(simple, random.Random(seed))
            assert ("cross" in text.lower()) == crosses, (condition, text)


def test_groups_are_itemised_and_joined_by_their_logic() -> None:
    for strategy, text in fuzzed_of("spec"):
        names = {c.name for c in strategy.walk()}
        if "AND" in names:
            assert re.search(r"all of|each of|jointly|every condition", text), text
        if "OR" in names:
            assert re.search(r"any of|either of|alternatives", text), text


def test_stop_kinds_sizes_and_commissions_read_differently() -> None:
    for strategy, text in pairs_of("spec"):
        lower = text.lower()
        args = strategy.args
        stop = args.get("stop_loss")
        kind = stop.args.get("stop_loss_type") if isinstance(stop, Call) else None
        member = kind.member if isinstance(kind, EnumValue) else None
        assert ("trailing" in lower) == (member == "TRAILING"), text
        fixed = re.search(r"\b(fixed|hard|static|regular) stop|stop loss shall be (fixed|hard|"
                          r"static|regular)|stop loss type", lower) is not None
        assert fixed == (member == "NORMAL"), text
        size = args.get("order_size")
        if isinstance(size, Call):
            marker = {"Contracts": r"\b(contracts?|shares?|units?)\b",
                      "USD": r"(value of|amount committed to each trade shall be|order size:)"
                             r"[^\n]{0,30}(\$|usd|dollars)",
                      "PercentOfEquity": r"(%|percent|per cent|pct) of (current |account )?"
                                         r"equity"}[size.name]
            assert re.search(marker, lower), (size, text)
        fee = args.get("trade_commissions")
        if isinstance(fee, Call):
            marker = (r"commission-free|no commission|zero dollars" if fee.args["value"] == 0
                      else r"flat commission|fixed amount|fixed fee") \
                if fee.name == "MoneyCommissions" else r"commission (rate )?of|\(percentage\)"
            assert re.search(marker, lower), (fee, text)


def test_every_enum_member_is_named() -> None:
    for strategy, text in fuzzed_of("spec"):
        for call in strategy.walk():
            for value in call.args.values():
                if isinstance(value, EnumValue) and value.enum not in ("PositionTypeEnum",
                                                                       "StopLossType"):
                    names = [n.removeprefix("a ")
                             for n in member_names(value.enum, value.member)]
                    assert any(n in text for n in names), (str(value), text)


def test_the_style_reads_as_a_specification() -> None:
    texts = [e.description for e in examples_of("spec")]
    assert all(re.search(r"\b(shall|must|is required to)\b", t) for t in texts)
    assert sum(bool(re.search(r"\((?:[a-h]|i{1,3}|iv|vi{0,3})\)|^[a-h]\.|^[iv]+\.", t, re.M))
               for t in texts) > len(texts) * 0.5
    assert sum("if and only if" in t.lower() for t in texts) > 50
    assert sum(bool(re.search(r"\b(denote|means|referred to herein)\b", t))
               for t in texts) > 100
    assert sum(bool(re.search(r"(clause|paragraph|section) \(?[a-hiv]+\b", t))
               for t in texts) > 30
    assert len({" ".join(t.split()[:4]) for t in texts}) > 100
