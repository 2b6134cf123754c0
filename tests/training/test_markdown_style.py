"""The markdown style's own words; what every style keeps is test_style_contract's."""

from __future__ import annotations

import random
import re

from strategy_lsp.grammar import Call, EnumValue
from strategy_lsp.training.markdown_style import MarkdownPhraser

from .style_contract import (
    assert_members_named,
    assert_periods_and_intervals,
    assert_sides,
    examples_of,
    fuzzed_of,
    pairs_of,
    rule_text,
)

STYLE = MarkdownPhraser()


def test_the_position_side_is_stated() -> None:
    # the reader splits "long_entry" too
    assert_sides(((s, t.replace("_", " ")) for s, t in pairs_of("markdown")),
                 r"\b(longs?|buy)\b",
                 r"\bshorts?\b",
                 both=r"\b(long and short|long/short|long \+ short|both)\b")


def test_crossings_read_differently_from_comparisons() -> None:
    crossing = re.compile(r"\b(cross|crosses|crossing|breaks|cuts)\b")
    state = re.compile(r"[<>]|\b(is|stays|sits|reads|holds) (above|below|under|higher|lower|"
                       r"greater|less)\b|\b(above|below|exceeds|greater than|less than)\b")
    for seed in range(120):
        for condition in ("CrossOverCondition", "CrossUnderCondition", "GreaterThanCondition",
                          "LessThanCondition"):
            text = rule_text(STYLE, condition, seed)
            crosses = condition.startswith("Cross")
            assert (crossing.search(text) is not None) == crosses, (condition, text)
            if not crosses:
                assert state.search(text), (condition, text)
            up = condition in ("CrossOverCondition", "GreaterThanCondition")
            down_words = re.search(r"\b(below|under|lower|less|down|downward)\b|<",
                                   text) is not None
            assert down_words != up, (condition, text)


def test_stops_sizes_and_fees_read_differently() -> None:
    for strategy, text in fuzzed_of("markdown"):
        lower = text.lower()
        stop = strategy.args.get("stop_loss")
        kind = stop.args.get("stop_loss_type") if isinstance(stop, Call) else None
        member = kind.member if isinstance(kind, EnumValue) else None
        assert ("trail" in lower) == (member == "TRAILING"), text
        normal = re.search(r"\b(fixed|static|hard|regular)\b", lower) is not None
        assert normal == (member == "NORMAL"), text
        size = strategy.args.get("order_size")
        if isinstance(size, Call):
            kind_words = {"Contracts": r"\b(shares?|contracts?|units?)\b",
                          "USD": r"\$|dollar|usd",
                          "PercentOfEquity": r"(%|percent|pct|per cent) of (the )?"
                                             r"(account|equity|account equity)\b"}
            assert re.search(kind_words[size.name], lower), (size, text)
        fee = strategy.args.get("trade_commissions")
        if isinstance(fee, Call):
            pattern = r"(commissions?|fees|costs)\W{1,8}([\w.,-]+ ?){1,2}" \
                r"(%|percent|pct|per cent)" if fee.name == "PercentageCommissions" else \
                r"(commissions?|fees|costs)\W{1,8}(\$|usd|none|free|no fees|" \
                r"[\w.,]+ (dollars?|usd))"
            assert re.search(pattern, lower), (fee, text)


def test_every_enum_member_is_named() -> None:
    assert_members_named(fuzzed_of("markdown"), {})


_PERIOD_WORDS = {"ONE_DAY": r"\b1 ?d(ay)?\b", "FIVE_DAYS": r"\b5 ?d(ays)?\b",
                 "ONE_MONTH": r"\b1 ?mo(nth)?\b", "THREE_MONTHS": r"\b3 ?mo(nths)?\b|quarter",
                 "SIX_MONTHS": r"\b6 ?mo(nths)?\b|half a year",
                 "ONE_YEAR": r"\b(1|a) ?y(ear)?\b", "TWO_YEARS": r"\b2 ?y(ears)?\b",
                 "FIVE_YEARS": r"\b5 ?y(ears)?\b", "TEN_YEARS": r"\b10 ?y(ears)?\b|decade",
                 "YEAR_TO_DATE": r"\b(ytd|year to date)\b",
                 "MAX": r"\bmax(imum)?\b|all history|full history", "NOT_PASSED": r"\bnone\b"}
_INTERVAL_WORDS = {"ONE_DAY": r"\b(daily|1-day|1d) (bars|candles)",
                   "FIVE_DAYS": r"\b(5-day|5d) (bars|candles)",
                   "ONE_WEEK": r"\b(weekly|1-week|1wk) (bars|candles)",
                   "ONE_MONTH": r"\b(monthly|1-month|1mo) (bars|candles)",
                   "THREE_MONTHS": r"\b(quarterly|3-month|3mo) (bars|candles)"}


def test_periods_and_intervals_are_named() -> None:
    assert_periods_and_intervals(
        fuzzed_of("markdown"), _PERIOD_WORDS, _INTERVAL_WORDS,
        bars_unsaid=r"(daily|weekly|monthly|quarterly|1d|1wk|1mo|3mo|5d|-day|-week|-month) "
                    r"(bars|candles)")


# --- what makes it markdown ---------------------------------------------------------------

def test_it_reads_as_markdown() -> None:
    texts = [e.description for e in examples_of("markdown")]
    share = {
        "heading": r"(^|\n|\s)#{1,3} \S",
        "bullet": r"(^|\n)\s*[-*+] \S",
        "bold label": r"\*\*[A-Za-z][^*\n]*:?\*\*",
        "table": r"\| *:?-{3,} *\|",
        "checkbox": r"\[[ x]\] ",
        "key: value line": r"(^|\n)[a-z_ ]+: \S",
        "one line": r"^[^\n]*$",
    }
    for what, pattern in share.items():
        hits = sum(re.search(pattern, t) is not None for t in texts)
        assert hits > len(texts) * 0.05, (what, hits)
    assert len({" ".join(t.split()[:3]) for t in texts}) > 120


def test_no_list_is_numbered_with_digits() -> None:
    for _, text in pairs_of("markdown"):
        assert not re.search(r"(^|\n)\s*\d+[.)] ", text), text


def test_nested_lists_keep_one_mark_per_depth() -> None:
    """Joined into one line, indentation is lost; the bullet mark still tells the depth."""
    nested = 0
    for _, text in pairs_of("markdown"):
        marks: dict[int, set[str]] = {}
        for indent, mark in re.findall(r"(?m)^( *)([-*+]) ", text):
            marks.setdefault(len(indent), set()).add(mark)
        assert all(len(m) == 1 for m in marks.values()), text
        used = [next(iter(m)) for m in marks.values()]
        assert len(used) == len(set(used)), text
        nested += len(marks) > 1
    assert nested > 50


def _group(name: str, *items: Call) -> Call:
    return Call(name=name, args={"conditions": items})


def _enclosed(text: str, first: int, last: int, other: int) -> bool:
    """Whether one bracket holds ``first`` and ``last`` and closes before ``other``."""
    stack: list[int] = []
    for i, char in enumerate(text):
        if char in "([":
            stack.append(i)
        elif char in ")]" and stack:
            opening = stack.pop()
            if opening < first and last <= i < other:
                return True
    return False


def test_groups_stay_recoverable_on_one_line() -> None:
    """AND(OR(a, b), c): the OR is bracketed or listed under its own mark, never flattened."""
    def leaf(length: int) -> Call:
        return Call(name="GreaterThanCondition", args={
            "first_series": Call(name="RSI", args={"ticker": "AAPL", "length": length}),
            "second_series": Call(name="CONST", args={"const_number": 50})})

    rule = _group("AND", _group("OR", leaf(11), leaf(12)), leaf(13))
    strategy = Call(name="Strategy", args={
        "ticker": "AAPL", "position_type": EnumValue(enum="PositionTypeEnum", member="LONG"),
        "buy_condition": rule, "sell_condition": leaf(14)})
    for seed in range(200):
        text = STYLE.describe(strategy, random.Random(seed))
        flat = " ".join(text.split())
        start = re.search(r"11\b", flat)
        end = re.search(r"12\b", flat)
        assert start and end, text
        between = flat[start.end():end.start()]
        inner_mark = re.search(r"(?<![*\w])[-*+] ", between)
        bracketed = _enclosed(flat, start.start(), end.end(), flat.index("13"))
        # the two OR members sit in one bracket, or under a list mark of their own depth
        assert bracketed or (inner_mark and not re.search(r"13\b", between)), text
