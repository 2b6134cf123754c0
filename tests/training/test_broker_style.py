"""The broker style's own words; what every style keeps is test_style_contract's."""

from __future__ import annotations

import re

from strategy_lsp.grammar import Call, EnumValue
from strategy_lsp.training.broker_style import BrokerPhraser

from .style_contract import (
    INTERVAL_WORDS,
    PERIOD_WORDS,
    assert_crossings_differ,
    assert_exit_sometimes_first,
    assert_members_named,
    assert_nested_groups_bracketed,
    assert_periods_and_intervals,
    assert_sides,
    examples_of,
    fuzzed_of,
    pairs_of,
)

STYLE = BrokerPhraser()


def test_the_position_side_is_stated() -> None:
    assert_sides(pairs_of("broker"),
                 r"\b(long|buy)\b",
                 r"\bshort\b",
                 both=r"\b(long and short|both)\b")


def test_every_enum_member_is_named() -> None:
    assert_members_named(fuzzed_of("broker"),
                         {"TRAILING": ("trail",), "NORMAL": ("normal",), "EMA": ("ema",)})


# --- broker-specific checks ---------------------------------------------------------------

def test_crossings_read_differently_from_comparisons() -> None:
    up = re.compile(r"(?<!from )\b(above|over|up|upward|more(?! small)|bigger|higher)\b|"
                    r"from below|>")
    for condition, text in assert_crossings_differ(
            STYLE, r"\b(cross|crosses|crossing|breaks|cuts)\b",
            r"\b(is|stays) (above|over|below|under|more|less|bigger|smaller|"
            r"higher|lower)\b|[<>]", 120):
        rising = condition in ("CrossOverCondition", "GreaterThanCondition")
        rules = re.findall(r"(?:rsi|relative strength)[^.]*?(?:30|thirty)(?: \w+){0,3}",
                           text, re.IGNORECASE)
        assert rules and all((up.search(r) is not None) == rising for r in rules), text


def test_stops_sizes_and_fees_read_differently() -> None:
    for strategy, text in fuzzed_of("broker"):
        lower = text.lower()
        stop = strategy.args.get("stop_loss")
        kind = stop.args.get("stop_loss_type") if isinstance(stop, Call) else None
        member = kind.member if isinstance(kind, EnumValue) else None
        assert ("trail" in lower) == (member == "TRAILING"), text
        assert (re.search(r"\b(fixed|normal)\b", lower) is not None) == (member == "NORMAL"), \
            text
        size = strategy.args.get("order_size")
        if isinstance(size, Call):
            kind_words = {"Contracts": r"\b(shares|contracts|units|pieces)\b",
                          "USD": r"\$|dollar|usd",
                          "PercentOfEquity": r"(%|percents?|pct|per cent) of (my |the )?"
                                             r"(equity|account)"}
            assert re.search(kind_words[size.name], lower), (size, text)
        fee = strategy.args.get("trade_commissions")
        if isinstance(fee, Call) and fee.name == "PercentageCommissions":
            assert re.search(r"(%|percents?|pct|per cent) (commission|from every|per trade)",
                             lower), text
        if isinstance(fee, Call) and fee.name == "MoneyCommissions":
            assert re.search(r"\$|dollar|usd|no commission|without commission|"
                             r"commission free", lower), text




def test_periods_and_intervals_are_named() -> None:
    pairs = fuzzed_of("broker")
    assert_periods_and_intervals(pairs, PERIOD_WORDS, INTERVAL_WORDS)
    for strategy, text in pairs:
        lower = text.lower()
        said = r"\b(timeframe|candles of|chart is|interval is|bars are)\b"
        assert (re.search(said, lower) is not None) == ("interval" in strategy.args) or \
            re.search(r"(daily|weekly|monthly|quarterly|\d\w*) (candles|bars)", lower), text


def test_groups_are_marked() -> None:
    """A group inside a group is always in brackets, so the grouping can be read back."""
    assert_nested_groups_bracketed(fuzzed_of("broker"))


def test_it_reads_as_a_polite_client() -> None:
    texts = [e.description for e in examples_of("broker")]
    polite = re.compile(r"\b(please|kindly|thank|thanks|regards|dear|hello|hi)\b",
                        re.IGNORECASE)
    assert sum(bool(polite.search(t)) for t in texts) > len(texts) * 0.6
    request = re.compile(r"\b(make|create|test|need|want)\b.{0,30}\bstrategy\b|"
                         r"\bI want to test\b|\bmoney for start\b", re.IGNORECASE)
    assert sum(bool(request.search(t)) for t in texts) > len(texts) * 0.3
    imperative = re.compile(r"(^|[.:\n] ?)(Buy|Sell|Use|Put|Take|Close|Open|Cover|Go|Make|"
                            r"Trade|Test|Start|Please|Kindly|Enter|Exit|Short|Invest)\b")
    assert sum(bool(imperative.search(t)) for t in texts) > len(texts) * 0.7
    assert any(re.search(r"\b[a-z]{3,5}\d{1,4}\b", t) for t in texts)  # glued "rsi14"
    assert len({" ".join(t.split()[:4]) for t in texts}) > 120
    assert_exit_sometimes_first(texts, r"\bsell\b", r"\bbuy\b", 0.1)
