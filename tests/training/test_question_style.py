"""The question style's own words; what every style keeps is test_style_contract's."""

from __future__ import annotations

import random
import re

from strategy_lsp.grammar import Call, EnumValue
from strategy_lsp.grammar.sampling import random_strategy
from strategy_lsp.training.question_style import QuestionPhraser

from .style_contract import (
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

STYLE = QuestionPhraser()
#: Coppock's parameters are called "long/short ROC length" whatever side is traded.
_ROC_LENGTHS = (r"\b(long|short) roc length",)


def test_the_position_side_is_stated() -> None:
    assert_sides(pairs_of("question"), r"\b(long|buy|buying)\b", r"\bshort\b",
                 both=r"\b(long and short|long/short|flip|reverse|switch|turn around|"
                      r"go short)\b",
                 ignore=_ROC_LENGTHS)


def test_every_enum_member_is_named() -> None:
    assert_members_named(fuzzed_of("question"),
                         {"TRAILING": ("trail",), "NORMAL": ("normal",), "EMA": ("ema",)})


def test_crossings_read_differently_from_comparisons() -> None:
    up = re.compile(r"\b(above|over|up|greater|higher)\b|>")
    down = re.compile(r"\b(below|under|down|less|lower)\b|<")
    for condition, text in assert_crossings_differ(
            STYLE, r"\b(cross\w*|breaks|cuts)\b",
            r"\b(is|stays|sits|remains|still) (above|over|below|under|greater|less|higher|"
            r"lower)\b|[<>]", 120):
        rising = condition in ("CrossOverCondition", "GreaterThanCondition")
        rules = re.findall(r"(?:rsi|relative strength)[^.?;]*?(?:30|thirty)", text,
                           re.IGNORECASE)
        assert rules, text
        for rule in rules:
            assert (up.search(rule) is not None) == rising, text
            assert (down.search(rule) is not None) != rising, text


def test_stops_sizes_and_fees_read_differently() -> None:
    for strategy, text in pairs_of("question"):
        lower = text.lower()
        stop = strategy.args.get("stop_loss")
        kind = stop.args.get("stop_loss_type") if isinstance(stop, Call) else None
        member = kind.member if isinstance(kind, EnumValue) else None
        assert ("trail" in lower) == (member == "TRAILING"), text
        assert (re.search(r"\b(fixed|static|hard|regular|normal)\b", lower) is not None) == \
            (member == "NORMAL"), text
        size = strategy.args.get("order_size")
        if isinstance(size, Call):
            kind_words = {"Contracts": r"\b(shares?|contracts?|units?)\b",
                          "USD": r"\$|dollar|usd",
                          "PercentOfEquity": r"(%|percent|pct|per cent) of (my |the )?"
                                             r"(equity|account)"}
            assert re.search(kind_words[size.name], lower), (size, text)
        fee = strategy.args.get("trade_commissions")
        if isinstance(fee, Call) and fee.name == "PercentageCommissions":
            assert re.search(r"(%|percent|pct|per cent) (commission|of each trade|per trade)|"
                             r"commission rate of", lower), text
        if isinstance(fee, Call) and fee.name == "MoneyCommissions":
            assert re.search(r"\$|dollar|usd|no commissions|zero fees|commission.free",
                             lower), text


_PERIOD_WORDS = {"ONE_DAY": r"\b1 day\b", "FIVE_DAYS": r"\b5 days\b",
                 "ONE_MONTH": r"\b1 month\b", "THREE_MONTHS": r"\b3 months\b|quarter",
                 "SIX_MONTHS": r"\b6 months\b|half (a )?year",
                 "ONE_YEAR": r"\b1 year\b|a year|(last|past) year",
                 "TWO_YEARS": r"\b2 years\b", "FIVE_YEARS": r"\b5 years\b",
                 "TEN_YEARS": r"\b10 years\b|decade", "YEAR_TO_DATE": r"\b(ytd|year to date)\b",
                 "MAX": r"\bmax\b|all history", "NOT_PASSED": r"\bnone\b"}
_INTERVAL_WORDS = {"ONE_DAY": r"\bdaily\b|\b1d\b|1-day", "FIVE_DAYS": r"\b5d\b|5-day",
                   "ONE_WEEK": r"\bweekly\b|\b1wk\b|1-week",
                   "ONE_MONTH": r"\bmonthly\b|\b1mo\b|1-month",
                   "THREE_MONTHS": r"\bquarterly\b|\b3mo\b|3-month"}


def test_periods_and_intervals_are_named() -> None:
    assert_periods_and_intervals(pairs_of("question"), _PERIOD_WORDS, _INTERVAL_WORDS,
                                 bars_unsaid=r"\b(timeframe|candles|chart|interval)\b")


def test_groups_are_marked() -> None:
    """A group inside a group is always in brackets, so the grouping can be read back."""
    assert_nested_groups_bracketed(pairs_of("question"))


def test_it_reads_as_questions_to_an_assistant() -> None:
    texts = [e.description for e in examples_of("question")]
    assert all("?" in t for t in texts)
    starts = re.compile(r"^(Can|Could|Would|What|How|Is|Suppose|Hey|Hi|Hello|Quick|Any|Do|"
                        r"I'd|A few|Some|Backtest|Questions|Checking)\b")
    assert all(starts.search(t) for t in texts), [t for t in texts if not starts.search(t)][:3]
    for opening in ("Can you", "Could you", "What", "How ", "Suppose", "Hi"):
        assert sum(t.startswith(opening) for t in texts) > len(texts) * 0.01, opening
    assert sum("what if" in t.lower() for t in texts) > len(texts) * 0.1
    assert len({" ".join(t.split()[:4]) for t in texts}) > 80
    assert any(re.search(r"\b(rsi|sma|ema|atr|cci|roc|mfi|adx|cmo|trix)\d{1,3}\b", t)
               for t in texts)  # glued "rsi14"
    lines = [t for t in texts if "\n" in t]
    assert len(lines) > len(texts) * 0.05  # lists of questions
    assert_exit_sometimes_first(texts, r"\b(sell|exit|close it out|get out)\b", r"\bbuy", 0.05)


def test_every_catalog_draw_is_described_the_same_way_twice() -> None:
    for seed in range(600):
        strategy = random_strategy(random.Random(seed))
        text = STYLE.describe(strategy, random.Random(seed))
        assert text == STYLE.describe(strategy, random.Random(seed))
        assert "  " not in text and "{" not in text and ",." not in text, text
