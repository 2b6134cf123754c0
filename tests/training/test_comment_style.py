"""The comment style's own words; what every style keeps is test_style_contract's."""

from __future__ import annotations

import re

from strategy_lsp.grammar import Call, EnumValue
from strategy_lsp.training.comment_style import CommentPhraser

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

STYLE = CommentPhraser()
#: Coppock's parameters are called long/short ROC lengths; they say nothing of the side.
_ROC = (r"\b(long|short)_roc\b", r"\broc_(long|short)\b")


def test_the_position_side_is_stated() -> None:
    assert_sides(pairs_of("comment"), r"\b(longs?|buy)\b", r"\bshorts?\b",
                 both=r"long ?[/&+] ?short|long and short|both", ignore=_ROC)


def test_every_enum_member_is_named() -> None:
    assert_members_named(fuzzed_of("comment"),
                         {"CLOSE": ("close",), "OPEN": ("open",), "HIGH": ("high",),
                          "LOW": ("low",), "SMA": ("simple",), "EMA": ("exponential",),
                          "WMA": ("weighted",), "TRAILING": ("trail",)})


def test_every_line_is_a_comment() -> None:
    for _, text in pairs_of("comment"):
        lines = text.split("\n")
        assert all(re.match(r"##? \S", line) for line in lines), text
        assert "  " not in text and "{" not in text, text


# --- comment-specific checks --------------------------------------------------------------

_UP = r"\b(above|over|up|greater|higher)\b|crossover|cross_above|crossed_above|>"
_DOWN = r"\b(below|under|down|less|lower)\b|crossunder|cross_below|crossed_below|<"


def test_crossings_read_differently_from_comparisons() -> None:
    state = r"\b(is|stays|holds|sits) (above|below|over|under|greater|less|higher|lower)\b|" \
            r"(?<![-=])[<>]"
    for condition, text in assert_crossings_differ(STYLE, r"cross", state, 120):
        rising = condition in ("CrossOverCondition", "GreaterThanCondition")
        lower = text.lower().replace("->", " ")
        rules = re.findall(r"(?:\w+\()?(?:rsi|relative strength)[^\n;|]*?\b(?:30|thirty)\b",
                           lower)
        assert rules, text
        for rule in rules:
            assert (re.search(_UP, rule) is not None) == rising, (condition, text)
            assert (re.search(_DOWN, rule) is not None) != rising, (condition, text)


_PERCENT = r"[\d.]+ ?(%|pct|percent)"


def test_stops_sizes_and_fees_read_differently() -> None:
    for strategy, text in pairs_of("comment"):
        lower = text.lower()
        stop = strategy.args.get("stop_loss")
        kind = stop.args.get("stop_loss_type") if isinstance(stop, Call) else None
        member = kind.member if isinstance(kind, EnumValue) else None
        assert ("trail" in lower) == (member == "TRAILING"), text
        assert (re.search(r"\b(fixed|hard|static)\b", lower) is not None) == \
            (member == "NORMAL"), text
        size = strategy.args.get("order_size")
        name = size.name if isinstance(size, Call) else None
        assert (re.search(rf"{_PERCENT} of (equity|capital|account)", lower) is not None) == \
            (name == "PercentOfEquity"), text
        assert (re.search(r"\b(shares?|contracts?|units?)\b", lower) is not None) == \
            (name == "Contracts"), text
        if name == "USD":
            assert re.search(r"(\$|usd|dollars?)[^\n|;]*(per |/)(trade|position)|"
                             r"(size|notional)[^\n|;]*(\$|usd|dollar)", lower), text
        fee = strategy.args.get("trade_commissions")
        kind_of_fee = fee.name if isinstance(fee, Call) else None
        percent_fee = rf"(fees=|commission |comm |fee: ){_PERCENT}|{_PERCENT} commission"
        assert (re.search(percent_fee, lower) is not None) == \
            (kind_of_fee == "PercentageCommissions"), text
        if kind_of_fee == "MoneyCommissions":
            assert re.search(r"(fee|comm)[^\n|;]*(\$|usd|dollar)|(\$|usd|dollar)[^\n|;]*"
                             r"commission|no fees|commission free|zero commission|fees: none",
                             lower), text




def test_periods_and_intervals_are_named() -> None:
    pairs = pairs_of("comment")
    assert_periods_and_intervals(pairs, PERIOD_WORDS, INTERVAL_WORDS)
    for strategy, text in pairs:
        lower = text.lower()
        said = r"\b(interval|tf|timeframe)\b|\bbars: |(daily|weekly|monthly|quarterly|" \
               r"\b\d\w*) (bars|candles|chart)\b"
        if "interval" in strategy.args:
            assert re.search(said, lower), text
        if "period" not in strategy.args:
            spans = r"period[=:]? (\d+(d|mo|y)|ytd|max|none)\b|\bhistory: "
            assert not re.search(spans, lower), text


def test_groups_are_marked() -> None:
    """A group inside a group is always in brackets (or all()/any()), so the grouping can be
    read back."""
    assert_nested_groups_bracketed(fuzzed_of("comment"))


def test_it_reads_as_developer_comments() -> None:
    texts = [e.description for e in examples_of("comment")]
    share = len(texts)
    assert sum(bool(re.search(r"\bTODO\b", t, re.I)) for t in texts) > share * 0.2
    assert sum(bool(re.search(r"\b[a-z_]+ ?= ?\S", t)) for t in texts) > share * 0.4
    assert sum("->" in t for t in texts) > share * 0.2
    assert sum("\n" in t for t in texts) > share * 0.7
    assert sum(bool(re.search(r"\b[a-z]{3,5}_?\d{1,4}\b|\b\d{1,4}[a-z]{3}\b", t))
               for t in texts) > share * 0.1  # glued "rsi14", "200sma"
    assert len({re.sub(r"[\d$^]+", "0", t.split("\n")[0])[:18] for t in texts}) > 100
    assert_exit_sometimes_first(texts, r"\b(exit|sell|close|cover)\b", r"\b(entry|buy)\b", 0.05)


def test_many_shapes() -> None:
    """Enough different sentence shapes: the texts with values and names masked."""
    shapes = {re.sub(r"[A-Z0-9$^.%,=-]+", "_", t) for _, t in pairs_of("comment")}
    assert len(shapes) > len(pairs_of("comment")) * 0.95
