"""The esl style's own words; what every style keeps is test_style_contract's."""

from __future__ import annotations

import random
import re

from strategy_lsp.grammar import Call, EnumValue
from strategy_lsp.grammar.sampling import random_strategy
from strategy_lsp.training.esl_style import EslPhraser

from .statements import stray_numbers, unstated_numbers
from .style_contract import (
    INTERVAL_WORDS,
    PERIOD_WORDS,
    assert_crossings_differ,
    assert_members_named,
    assert_nested_groups_bracketed,
    assert_periods_and_intervals,
    assert_sides,
    examples_of,
    fuzzed_of,
    pairs_of,
    unglue,
)

STYLE = EslPhraser()


def test_the_position_side_is_stated() -> None:
    assert_sides(pairs_of("esl"), r"\b(long|buy|buying)\b", r"\bshort\b",
                 both=r"\blong (and|\+) (also )?short\b")


def test_every_enum_member_is_named() -> None:
    assert_members_named(fuzzed_of("esl"), {})


def test_values_are_stated_without_the_registry() -> None:
    """The same checks as the contract, on the class itself (before it is registered)."""
    for seed in range(300):
        strategy = random_strategy(random.Random(seed))
        text = STYLE.describe(strategy, random.Random(f"esl{seed}"))
        assert not unstated_numbers(strategy, unglue(text)), text
        assert not stray_numbers(strategy, unglue(text)), text
        assert text == STYLE.describe(strategy, random.Random(f"esl{seed}"))


# --- esl-specific checks -------------------------------------------------------------------

_UP = re.compile(r"\b(above|over|more|bigger|higher|upper|upward)\b|>")
_DOWN = re.compile(r"\b(below|under|less|lower|smaller|downward)\b|<")


def test_crossings_read_differently_from_comparisons() -> None:
    for condition, text in assert_crossings_differ(
            STYLE, r"\bcross(es|ed|ing)?\b",
            r"\b(is|are|stay|stays|is staying) (above|over|below|under|more|less|bigger|"
            r"smaller|higher|lower|upper)\b|[<>]", 120):
        rising = condition in ("CrossOverCondition", "GreaterThanCondition")
        rules = re.findall(r"(?:rsi|relative strength)[^.;\n]*?(?:30|thirty)", text,
                           re.IGNORECASE)
        assert rules, text
        for rule in rules:
            assert (_UP.search(rule) is not None) == rising, (condition, text)
            assert (_DOWN.search(rule) is not None) != rising, (condition, text)


def test_stops_sizes_and_fees_read_differently() -> None:
    for strategy, text in pairs_of("esl"):
        lower = text.lower()
        stop = strategy.args.get("stop_loss")
        kind = stop.args.get("stop_loss_type") if isinstance(stop, Call) else None
        member = kind.member if isinstance(kind, EnumValue) else None
        assert ("trail" in lower) == (member == "TRAILING"), text
        assert (re.search(r"\b(fixed|static|hard|regular)\b", lower) is not None) == \
            (member == "NORMAL"), text
        assert (re.search(r"\b(stop loss|sl|stop)\b", lower) is not None) == \
            isinstance(stop, Call), text
        assert (re.search(r"\b(take|tp|profit target|with profit)\b", lower) is not None) == \
            ("take_profit" in strategy.args), text
        size = strategy.args.get("order_size")
        if isinstance(size, Call):
            kind_words = {"Contracts": r"\d (shares|contracts|units|pieces)\b|"
                                       r"\b[a-z-]+ (shares|contracts|units|pieces)\b",
                          "USD": r"(\$|dollars?|usd)[^\n]{0,10} (each|every|one) (trade|position)|"
                                 r"(trade|size is|put|trade:) [^\n]{0,20}(\$|dollar|usd)",
                          "PercentOfEquity": r"(%|percents?|pct|per cent) of (my |the )?"
                                             r"(equity|account)"}
            assert re.search(kind_words[size.name], lower), (size, text)
        else:
            assert not re.search(r"\bof (my |the )?(equity|account)\b", lower), text
        fee = strategy.args.get("trade_commissions")
        if isinstance(fee, Call) and fee.name == "PercentageCommissions":
            assert re.search(r"(commission|fee)\D{0,20}[\d.,]+ ?(%|percents?|pct|per cent)",
                             lower), text
        if isinstance(fee, Call) and fee.name == "MoneyCommissions":
            assert re.search(r"(commission|fee|broker want)[^\n]{0,25}(\$|dollar|usd)|"
                             r"no commission|without commission|commission (is zero|free)",
                             lower), text
        if fee is None:
            assert not re.search(r"\b(commission|fee)\b", lower), text


_PERIOD_WORDS = {**PERIOD_WORDS, "NOT_PASSED": r"\bperiod:? (is )?none\b"}


def test_periods_and_intervals_are_named() -> None:
    pairs = pairs_of("esl")
    assert_periods_and_intervals(pairs, _PERIOD_WORDS, INTERVAL_WORDS)
    for strategy, text in pairs:
        lower = text.lower()
        said = r"\b(timeframe|candles of|chart (daily|weekly|monthly|quarterly|\w+)|interval|" \
               r"bars are|use \w+ candles)\b"
        assert (re.search(said, lower) is not None) == ("interval" in strategy.args), text
        spans = r"\b(period( is| of test,?)?:?|test on last|data of last|history:) " \
                r"(\d+ ?(d|days?|mo|months?|y|years?)\b|a year|half a year|a quarter|a decade|" \
                r"ytd|year to date|max|all history|maximum|none)|" \
                r"\b(use|test on) all history\b|\btest from begin of this year\b"
        assert (re.search(spans, lower) is not None) == ("period" in strategy.args), text


def test_groups_are_marked() -> None:
    """A group inside a group is always in brackets, so the grouping can be read back."""
    pairs = fuzzed_of("esl")
    assert_nested_groups_bracketed(pairs)
    for strategy, text in pairs:
        ors = sum(c.name == "OR" for c in strategy.walk())
        if ors:
            assert re.search(r"\bor\b|one from these|one of this|any from these", text,
                             re.IGNORECASE), text


def test_it_reads_as_a_learner_writes() -> None:
    texts = [e.description for e in examples_of("esl")]
    learner = re.compile(
        r"\bmake (buy|sell|short|cover)\b|\bis of\b|\btake the profit\b|, I want\b|"
        r"\b(cross|go|make|grow|fall|move|pass|come|touch|stay) (above|below|over|under|up|"
        r"down|cross|back|from|to|\+|-|\d)|\bpercents\b|\bin row\b|\bfor begin\b|"
        r"\bgo (in|out)\b|\bIs possible\b|\bwhat move\b|\bthen (I|make|close|sell|buy)\b",
        re.IGNORECASE)
    assert sum(bool(learner.search(t)) for t in texts) > len(texts) * 0.8
    topic = re.compile(r"^(Stop loss|Take profit|Commission), ", re.MULTILINE)
    assert any(topic.search(t) or re.search(r"\. (Stop loss|Take profit|Commission), ", t)
               for t in texts)
    assert sum(bool(re.search(r"\bIf .+ then\b", t)) for t in texts) > len(texts) * 0.15
    assert any(re.search(r"\b[a-z]{3,5}\d{1,3}\b", t) for t in texts)  # glued "rsi14"
    assert len({" ".join(t.split()[:4]) for t in texts}) > 120
    assert len({re.sub(r"[\d,.$%]+", "#", t.split(".")[0]) for t in texts}) > 150

