"""The paper style's own words; what every style keeps is test_style_contract's."""

from __future__ import annotations

import random
import re

from strategy_lsp.grammar import Call, EnumValue
from strategy_lsp.training.paper_style import PaperPhraser

from .style_contract import (
    assert_members_named,
    assert_periods_and_intervals,
    assert_sides,
    examples_of,
    fuzzed_of,
    pairs_of,
)

STYLE = PaperPhraser()


def test_the_position_side_is_stated() -> None:
    assert_sides(pairs_of("paper"),
                 r"\b(long|buy|bought)\b",
                 r"\bshort\b",
                 both=r"\b(long and short|both)\b")


# --- what this style must tell apart ------------------------------------------------------


def _rule_text(condition: str, seed: int) -> str:
    rule = Call(name=condition, args={
        "first_series": Call(name="RSI", args={"ticker": "AAPL"}),
        "second_series": Call(name="CONST", args={"const_number": 30})})
    side = random.Random(seed).choice(("LONG", "SHORT", "LONG_SHORT_COMBINED"))
    simple = Call(name="Strategy", args={
        "ticker": "AAPL", "position_type": EnumValue(enum="PositionTypeEnum", member=side),
        "buy_condition": rule, "sell_condition": rule})
    return STYLE.describe(simple, random.Random(seed))


def test_crossings_read_differently_from_comparisons() -> None:
    crossing = re.compile(r"\bcross(es)?\b|\b(breaks|rises through|falls through|moves from)\b")
    state = re.compile(r"\b(exceeds|(is|lies|remains|stands) (strictly )?(above|below|greater|"
                       r"less|higher|lower))\b| [<>] ")
    up_words = re.compile(r"\b(above|over|upward|from below|greater|higher|exceeds)\b| > ")
    down_words = re.compile(r"\b(below|under|downward|from above|less|lower)\b| < ")
    for seed in range(150):
        for condition in ("CrossOverCondition", "CrossUnderCondition", "GreaterThanCondition",
                          "LessThanCondition"):
            text = _rule_text(condition, seed)
            crosses = condition.startswith("Cross")
            assert (crossing.search(text) is not None) == crosses, (condition, text)
            assert (state.search(text) is not None) != crosses, (condition, text)
            up = condition in ("CrossOverCondition", "GreaterThanCondition")
            # "crosses 30 from below", "moves from below to above": said of an upward move
            where = re.sub(r"from above( to below)?", "downward",
                           re.sub(r"from below( to above)?", "upward", text))
            assert (up_words.search(where) is not None) == up, (condition, text)
            assert (down_words.search(where) is not None) != up, (condition, text)


def test_stops_sizes_and_fees_read_differently() -> None:
    for strategy, text in fuzzed_of("paper"):
        lower = text.lower()
        stop = strategy.args.get("stop_loss")
        kind = stop.args.get("stop_loss_type") if isinstance(stop, Call) else None
        member = kind.member if isinstance(kind, EnumValue) else None
        assert ("trail" in lower) == (member == "TRAILING"), text
        fixed = r"\b(fixed|normal|static) (\(fixed\) |[\d.]+ ?(%|percent|per cent) )?stop"
        assert (re.search(fixed, lower) is not None) == (member == "NORMAL"), text
        size = strategy.args.get("order_size")
        if isinstance(size, Call):
            pattern = {"Contracts": r"\b[\d.]+ (shares?|contracts?|units?)\b",
                       "USD": r"(notional of|dollar size of|sized at|invest) [^;]{0,30}"
                              r"(\$|usd|dollar)",
                       "PercentOfEquity": r"(%|percent|per cent) of (current |portfolio |"
                                          r"account )?equity"}[size.name]
            assert re.search(pattern, lower), (size, text)
        fee = strategy.args.get("trade_commissions")
        if isinstance(fee, Call) and fee.name == "PercentageCommissions":
            assert re.search(r"(%|percent|per cent|basis points) (per trade|of the traded)",
                             lower), text
        if isinstance(fee, Call) and fee.name == "MoneyCommissions":
            assert re.search(r"(\$|dollars?|usd|[\d.,]+k?)( per trade| per transaction|\.)|"
                             r"no commissions|commission-free", lower), text


def test_every_enum_member_is_named() -> None:
    assert_members_named(fuzzed_of("paper"),
                         {"TRAILING": ("trail",), "NORMAL": ("normal",)})


_PERIOD_WORDS = {"ONE_DAY": r"\b(1|one) day", "FIVE_DAYS": r"\b(5|five) days",
                 "ONE_MONTH": r"\b(1|one) month|last month",
                 "THREE_MONTHS": r"\b(3|three) months|quarter",
                 "SIX_MONTHS": r"\b(6|six) months|half year",
                 "ONE_YEAR": r"\b(1|one) year|last year", "TWO_YEARS": r"\b(2|two) years",
                 "FIVE_YEARS": r"\b(5|five) years", "TEN_YEARS": r"\b(10|ten) years|decade",
                 "YEAR_TO_DATE": r"\b(ytd|year to date)\b",
                 "MAX": r"\bmax(imum)?\b|all history", "NOT_PASSED": r"\bnone\b"}
_INTERVAL_WORDS = {"ONE_DAY": r"\bdaily\b", "FIVE_DAYS": r"\b5-day (bars|candles|frequency)|\b5d\b",
                   "ONE_WEEK": r"\bweekly\b", "ONE_MONTH": r"\bmonthly\b",
                   "THREE_MONTHS": r"\bquarterly\b"}


def test_periods_and_intervals_are_named() -> None:
    assert_periods_and_intervals(fuzzed_of("paper"), _PERIOD_WORDS, _INTERVAL_WORDS,
                                 bars_unsaid=r"\b(daily|weekly|monthly|quarterly)\b")


def _bracketed(text: str) -> list[str]:
    """Every balanced (...) or [...] span of the text, list marks such as "ii) " left out."""
    text = re.sub(r"(?<![(\w])[ivx]+\) |(?<![(\w])[a-j]\) ", "", text)
    spans, stack = [], []
    for index, char in enumerate(text):
        if char in "([":
            stack.append(index)
        elif char in ")]":
            assert stack, text
            spans.append(text[stack.pop() + 1:index])
    assert not stack, text
    return spans


def test_nested_groups_are_bracketed() -> None:
    """AND(a, OR(b, c)): b and c sit together in brackets that a stays out of."""
    def compare(name: str, first: Call, value: int) -> Call:
        return Call(name=name, args={"first_series": first,
                                     "second_series": Call(name="CONST",
                                                           args={"const_number": value})})
    cross = compare("CrossOverCondition", Call(name="CLOSE", args={"ticker": "KO"}), 55)
    inner = Call(name="OR", args={"conditions": (
        cross,
        compare("GreaterThanCondition", Call(name="VOLUME", args={"ticker": "KO"}), 1000))})
    rule = Call(name="AND", args={"conditions": (
        compare("GreaterThanCondition", Call(name="RSI", args={"ticker": "KO"}), 70), inner)})
    for seed in range(60):
        side = random.Random(seed).choice(("LONG", "SHORT", "LONG_SHORT_COMBINED"))
        strategy = Call(name="Strategy", args={
            "ticker": "KO", "position_type": EnumValue(enum="PositionTypeEnum", member=side),
            "buy_condition": rule, "sell_condition": cross})
        text = STYLE.describe(strategy, random.Random(seed))
        assert any("55" in span and "1000" in span and "70" not in span
                   for span in _bracketed(text)), text


def test_brackets_balance() -> None:
    for _, text in fuzzed_of("paper"):
        _bracketed(text)


# --- the register -----------------------------------------------------------------------


def test_it_reads_as_a_methodology_section() -> None:
    texts = [e.description for e in examples_of("paper")]
    we = re.compile(r"\b(we|our|this study|this section)\b", re.IGNORECASE)
    assert sum(bool(we.search(t)) for t in texts) > len(texts) * 0.8
    passive = re.compile(r"\b(is|are) (opened|initiated|closed|covered|liquidated|charged|"
                         r"assumed|used|sold|bought|applied|deducted|triggered|unwound|"
                         r"repurchased|allocated|sized|set|run|taken|imposed)\b")
    assert sum(bool(passive.search(t)) for t in texts) > len(texts) * 0.8
    enumerated = re.compile(r"\((i|ii|a|b)\)|\b(i|ii|a|b)\) |\bfirstly, ")
    assert sum(bool(enumerated.search(t)) for t in texts) > len(texts) * 0.1
    assert sum(bool(re.search(r"\bsample\b", t)) for t in texts) > len(texts) * 0.05
    assert len({" ".join(t.split()[:5]) for t in texts}) > 60
    assert len({t for t in texts}) == len(texts)
