"""The dialog style's own words; what every style keeps is test_style_contract's."""

from __future__ import annotations

import re

from strategy_lsp.grammar import CATALOG, Call, EnumValue
from strategy_lsp.training.dialog_style import DialogPhraser
from strategy_lsp.training.vocabulary import member_names

from .statements import words
from .style_contract import (
    assert_crossings_differ,
    assert_members_named,
    assert_periods_and_intervals,
    assert_sides,
    examples_of,
    fuzzed_of,
    pairs_of,
)

STYLE = DialogPhraser()


def test_the_position_side_is_stated() -> None:
    assert_sides(pairs_of("dialog"),
                 r"\b(long|buy)\b",
                 r"\bshort\b",
                 both=r"\b(long and short|both)\b")


def test_crossings_read_differently_from_comparisons() -> None:
    assert_crossings_differ(
        STYLE, r"\b(cross|crosses|breaks|cuts|pops|drops through)\b",
        r"\b(is|stays|sits|reads) (above|over|below|under|higher|lower|"
        r"greater|less|trading)\b", 120)


def test_stops_sizes_and_fees_read_differently() -> None:
    for strategy, text in fuzzed_of("dialog"):
        lower = text.lower()
        stop = strategy.args.get("stop_loss")
        kind = stop.args.get("stop_loss_type") if isinstance(stop, Call) else None
        member = kind.member if isinstance(kind, EnumValue) else None
        assert ("trail" in lower) == (member == "TRAILING"), text
        assert (re.search(r"\b(fixed|normal)\b", lower) is not None) == (member == "NORMAL"), \
            text
        size = strategy.args.get("order_size")
        if isinstance(size, Call):
            kind_words = {"Contracts": r"\b(shares?|contracts?|units?)\b",
                          "USD": r"\$|dollar|usd|bucks",
                          "PercentOfEquity": r"(%|percent|pct|per cent) of (our |the )?"
                                             r"(equity|account)"}
            assert re.search(kind_words[size.name], lower), (size, text)
        fee = strategy.args.get("trade_commissions")
        if isinstance(fee, Call) and fee.name == "PercentageCommissions":
            assert re.search(r"(%|percent|pct|per cent) (commission|per trade in fees)|"
                             r"fees of|commission on", lower), text
        if isinstance(fee, Call) and fee.name == "MoneyCommissions":
            assert re.search(r"\$|dollar|usd|bucks|no fees|no commissions|zero fees|"
                             r"commission-free", lower), text


def test_every_enum_member_is_named() -> None:
    assert_members_named(fuzzed_of("dialog"),
                         {"TRAILING": ("trail",), "NORMAL": ("normal",), "EMA": ("ema",)})


_PERIOD_WORDS = {"ONE_DAY": r"\b(1|one|single) day|last day", "FIVE_DAYS": r"\b(5|five) days",
                 "ONE_MONTH": r"\b(1|one|a) month|last month",
                 "THREE_MONTHS": r"\b(3|three) months|quarter",
                 "SIX_MONTHS": r"\b(6|six) months|half a year",
                 "ONE_YEAR": r"\b(1|one|a) year|last year", "TWO_YEARS": r"\b(2|two) years",
                 "FIVE_YEARS": r"\b(5|five) years", "TEN_YEARS": r"\b(10|ten) years|decade",
                 "YEAR_TO_DATE": r"\b(ytd|year to date)\b", "MAX": r"\bmax\b|all (the )?history",
                 "NOT_PASSED": r"\bnone\b"}
_INTERVAL_WORDS = {"ONE_DAY": r"\b(daily|1d|day) (bars|candles|chart)",
                   "FIVE_DAYS": r"\b(5|five)(-day|d) (bars|candles)|bars of 5 days",
                   "ONE_WEEK": r"\b(weekly|1wk) (bars|candles|chart)",
                   "ONE_MONTH": r"\b(monthly|1mo) (bars|candles|chart)",
                   "THREE_MONTHS": r"\b(quarterly|3-month|three-month|3mo) (bars|candles|chart)"}


def test_periods_and_intervals_are_named() -> None:
    assert_periods_and_intervals(
        fuzzed_of("dialog"), _PERIOD_WORDS, _INTERVAL_WORDS,
        bars_unsaid=r"\b(daily|weekly|monthly|quarterly|1d|1wk|1mo|3mo) (bars|candles|chart)")


def test_every_enum_member_can_be_drawn() -> None:
    for enum in ("Period", "Interval", "SourceType", "SmoothingType", "StopLossType",
                 "FibonacciLevels", "PositionTypeEnum"):
        spec = CATALOG.enum(enum)
        assert spec is not None
        for member in spec.member_names:
            assert member_names(enum, member), (enum, member)


def test_it_reads_as_a_conversation() -> None:
    texts = [e.description for e in examples_of("dialog")]
    labelled = re.compile(r"(^|\n|\| )(A|B|Q|a|b|q|me|you|Sam|Alex|Jo|Kim|Dana|Pat|Lee|Chris|"
                          r"Robin|Mia|Tom|Ana|Nick|Ellen)(: | - |:  )")
    assert sum(bool(labelled.search(t)) for t in texts) > len(texts) * 0.5
    assert sum(bool(re.search(r"\? (-|--|—|->) ", t)) for t in texts) > len(texts) * 0.1
    assert sum(t.count("?") >= 2 for t in texts) > len(texts) * 0.8
    confirm = re.compile(r"\b(yes|yep|right|exactly|correct|agreed)\b", re.IGNORECASE)
    assert sum(bool(confirm.search(t)) for t in texts) > len(texts) * 0.5
    assert sum(bool(re.search(r"\b(let's say|how about|you know)\b", t, re.IGNORECASE))
               for t in texts) > len(texts) * 0.1
    spoken = re.compile(r"\b(" + "|".join(words(n) for n in range(2, 101)) + r")\b")
    assert sum(bool(spoken.search(t)) for t in texts) > len(texts) * 0.2
    assert any(re.search(r"\b[a-z]{2,4}\d{1,3}\b", t) for t in texts)  # glued "rsi14"
    assert len({" ".join(t.lower().split()[:4]) for t in texts}) > 150
