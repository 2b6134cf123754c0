"""The journal style's own words; what every style keeps is test_style_contract's."""

from __future__ import annotations

import re

from strategy_lsp.grammar import Call, EnumValue
from strategy_lsp.training.journal_style import JournalPhraser

from .statements import words
from .style_contract import (
    assert_members_named,
    assert_periods_and_intervals,
    assert_sides,
    examples_of,
    fuzzed_of,
    pairs_of,
    rule_text,
)

STYLE = JournalPhraser()


def test_the_position_side_is_stated() -> None:
    assert_sides(pairs_of("journal"),
                 r"\b(long|buy)\b",
                 r"\bshort\b",
                 both=r"\b(long and short|both)\b")


# --- the journal style's own checks ---------------------------------------------------------

_CROSSING = re.compile(r"\b(cross(es|ed)?|breaks?|broke|cuts?|pops|popped|punch(es|ed)|"
                       r"slic(es|ed)|drops through|dropped through)\b")
_STATE = re.compile(r"(\b(is|was|sits|sat|stays|stayed|holds|held|trades|traded|reads|read)"
                    r"( still)? (above|over|below|under|higher|lower|greater|less)\b| [<>] )")


def test_crossings_read_differently_from_comparisons() -> None:
    for seed in range(150):
        for condition in ("CrossOverCondition", "CrossUnderCondition", "GreaterThanCondition",
                          "LessThanCondition"):
            text = rule_text(STYLE, condition, seed)
            crosses = condition.startswith("Cross")
            assert (_CROSSING.search(text) is not None) == crosses, (condition, text)
            assert (_STATE.search(text) is not None) != crosses, (condition, text)
            up = condition in ("CrossOverCondition", "GreaterThanCondition")
            said_up = re.search(r"\b(above|over|higher|greater|up through)\b|>", text)
            said_down = re.search(r"\b(below|under|lower|less|down through|drops through|"
                                  r"dropped through)\b|<", text)
            assert (said_up if up else said_down) is not None, (condition, text)


def test_stops_sizes_and_fees_read_differently() -> None:
    for strategy, text in fuzzed_of("journal"):
        lower = text.lower()
        stop = strategy.args.get("stop_loss")
        kind = stop.args.get("stop_loss_type") if isinstance(stop, Call) else None
        member = kind.member if isinstance(kind, EnumValue) else None
        assert ("trail" in lower) == (member == "TRAILING"), text
        normal = re.search(r"\b(fixed|normal|static|hard|regular)\b", lower)
        assert (normal is not None) == (member == "NORMAL"), text
        assert bool(re.search(r"stop|\bsl\b", lower)) == isinstance(stop, Call), text
        assert bool(re.search(r"profit|target|book(ed)? gains", lower)) == \
            ("take_profit" in strategy.args), text
        size = strategy.args.get("order_size")
        if isinstance(size, Call):
            kind_words = {"Contracts": r"\b(shares?|contracts?|units?)\b",
                          "USD": r"\$|dollar|usd",
                          "PercentOfEquity": r"(%|percent|pct|per cent) of (my |the )?"
                                             r"(equity|account)"}
            assert re.search(kind_words[size.name], lower), (size, text)
            others = [w for name, w in kind_words.items() if name != size.name]
            if size.name != "USD":  # capital or fees may name dollars elsewhere
                assert not re.search(others[0] if size.name == "PercentOfEquity"
                                     else others[1], lower), text
        fee = strategy.args.get("trade_commissions")
        if isinstance(fee, Call) and fee.name == "PercentageCommissions":
            assert re.search(r"(%|percent|pct|per cent) (commission|of each trade)", lower), text
        if isinstance(fee, Call) and fee.name == "MoneyCommissions":
            assert re.search(r"(\$|dollars?|usd)[\d.,k ]* (per|a) trade|(\$[\d.,]+|\d+ (usd|"
                             r"dollars?)) (per|a) trade|commission-free|zero fees|"
                             r"no commissions", lower), text
        if fee is None:
            assert not re.search(r"commission|fees", lower), text


def test_every_enum_member_is_named() -> None:
    assert_members_named(fuzzed_of("journal"),
                         {"TRAILING": ("trail",), "NORMAL": ("normal",)})


_PERIOD_WORDS = {"ONE_DAY": r"\b(1 day|1d)\b", "FIVE_DAYS": r"\b(5 days|5d)\b",
                 "ONE_MONTH": r"\b(1 month|1mo)\b",
                 "THREE_MONTHS": r"\b(3 months|3mo|quarter)\b",
                 "SIX_MONTHS": r"\b(6 months|6mo|half a year|half year)\b",
                 "ONE_YEAR": r"\b(1 year|year|1y)\b", "TWO_YEARS": r"\b(2 years|2y)\b",
                 "FIVE_YEARS": r"\b(5 years|5y)\b",
                 "TEN_YEARS": r"\b(10 years|10y|decade)\b",
                 "YEAR_TO_DATE": r"\b(ytd|year to date)\b", "MAX": r"\bmax\b|all history",
                 "NOT_PASSED": r"\bnone\b"}
_INTERVAL_WORDS = {"ONE_DAY": r"\b(daily|1-day|1d) (bars|candles|chart)",
                   "FIVE_DAYS": r"\b(5-day|5d) (bars|candles)",
                   "ONE_WEEK": r"\b(weekly|1-week|1wk) (bars|candles|chart)",
                   "ONE_MONTH": r"\b(monthly|1-month|1mo) (bars|candles|chart)",
                   "THREE_MONTHS": r"\b(quarterly|3-month|3mo) (bars|candles|chart)"}


def test_periods_and_intervals_are_named() -> None:
    assert_periods_and_intervals(
        fuzzed_of("journal"), _PERIOD_WORDS, _INTERVAL_WORDS,
        bars_unsaid=r"\b(daily|weekly|monthly|quarterly|1d|1wk|1mo|3mo|5d|\d-(day|week|month)) "
                    r"(bars|candles|chart)",
        spans_unsaid=r"\bnone\b|over the last|for the past|of data\b|all history|max history|"
                     r"year to date|\bytd\b|max period")


def test_nested_groups_are_bracketed() -> None:
    """A group inside a group is always closed, so its extent can be read back."""
    checked = 0
    for strategy, text in fuzzed_of("journal"):
        nested = sum(call.name in ("AND", "OR") for key in ("buy_condition", "sell_condition")
                     for top in [strategy.args[key]] if isinstance(top, Call)
                     for call in top.walk() if call is not top)
        if nested:
            checked += 1
            assert text.count("(") + text.count("[") >= nested, text
    assert checked > 20


def test_it_reads_as_a_journal() -> None:
    texts = [e.description for e in examples_of("journal")]
    first_person = re.compile(r"\b(I|I'll|I'd|I'm|my)\b", re.IGNORECASE)
    assert all(first_person.search(t) for t in texts)
    future = re.compile(r"\bI'll\b|\bI'm going to\b|\bI plan to\b", re.IGNORECASE)
    past = re.compile(r"\bI (bought|sold|went|got|covered|shorted|flipped|closed|opened|"
                      r"exited|traded|kept|paid|backtested|started|put|sized|took|booked|"
                      r"trailed|entered|stepped|reversed|switched)\b", re.IGNORECASE)
    said_future = sum(bool(future.search(t)) for t in texts)
    said_past = sum(bool(past.search(t)) for t in texts)
    assert said_future > len(texts) * 0.2 and said_past > len(texts) * 0.3
    # one entry keeps one tense: a plan never says what its conditions did
    for t in texts:
        if future.search(t):
            assert not re.search(r"\b(crossed|was above|was below|sat above|sat below)\b", t), t
    assert sum("\n\n" in t for t in texts) > len(texts) * 0.3  # paragraphs
    assert sum(bool(re.search(r"\([a-z][^()\d]*\)\.", t)) for t in texts) > 10  # asides
    assert any(re.search(r"\b[a-z]{3,4}\d{1,3}\b", t) for t in texts)  # glued "rsi14"
    assert any(re.search(r"\b\d{1,3}(sma|ema)\b", t) for t in texts)  # "200sma"
    spoken = re.compile(r"\b(" + "|".join(words(n) for n in range(2, 101)) + r")\b")
    assert sum(bool(spoken.search(t)) for t in texts) > len(texts) * 0.15
    assert len({" ".join(t.lower().split()[:4]) for t in texts}) > 150


def test_exits_come_first_sometimes() -> None:
    examples = examples_of("journal")
    firsts = 0
    for example in examples:
        text = example.description
        entry = re.search(r"\bI('ll|'d| am going to| plan to)? ?(bought|buy|go long|went long|"
                          r"get long|got long|shorted|short it|go short|went short|get short|"
                          r"got short|open a (long|short)|opened a (long|short)|sold it short|"
                          r"sell it short|entered|stepped|flip long|flipped long)", text)
        exit_ = re.search(r"\bI('ll|'d|'m)? ?(sold|sell|got out|get out|closed|close|exited|"
                          r"exit|covered|cover|bought it back|out\b|take the short|"
                          r"flip short|flipped short|reverse|reversed|switched|go short|"
                          r"went short)", text)
        if entry and exit_ and exit_.start() < entry.start():
            firsts += 1
    assert firsts > len(examples) * 0.1

