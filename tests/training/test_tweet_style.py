"""The tweet style's own words; what every style keeps is test_style_contract's."""

from __future__ import annotations

import random
import re

from strategy_lsp.grammar import Call, EnumValue
from strategy_lsp.training.tweet_style import _NAMES, TweetPhraser
from strategy_lsp.training.vocabulary import series_names

from .statements import named_series
from .style_contract import (
    assert_sides,
    examples_of,
    fuzzed_of,
    known_of,
    pairs_of,
    read_tickers,
    tickers_of,
)

STYLE = TweetPhraser()


def test_every_indicator_is_named() -> None:
    """The contract's check (excused for tweet): the catalog's names, or one of the style's
    own short names ("stoch k", "kijun")."""
    problems = []
    for strategy, text in pairs_of("tweet"):
        missing = [cls for cls in named_series(strategy, text)
                   if not any(n in text.lower() for n in _NAMES[cls])]
        if missing:
            problems.append((text, missing))
    assert not problems, problems[:5]


def test_the_reader_takes_no_word_for_a_ticker() -> None:
    """The contract's check (excused for tweet), with the catalog's capitalised short names
    ("TRIX") known as the model folder of a whole dataset knows them."""
    known = known_of("tweet") | {n for c in _NAMES for n in series_names(c)
                                 if re.fullmatch(r"[A-Z]{2,5}", n)}
    problems = [(found - tickers_of(strategy), text) for strategy, text in pairs_of("tweet")
                if not (found := read_tickers(text, known)) <= tickers_of(strategy)]
    assert not problems, problems[:3]


def test_the_position_side_is_stated() -> None:
    assert_sides(pairs_of("tweet"), r"\b(long|longs|buy|buying)\b", r"\bshort(s|ing)?\b")


def test_indicator_names_belong_to_one_class() -> None:
    owners: dict[str, set[str]] = {}
    for cls in _NAMES:
        for name in (*_NAMES[cls], *(n.lower() for n in series_names(cls))):
            owners.setdefault(name.lower(), set()).add(cls)
    for cls, names in _NAMES.items():
        if cls in ("CONST", "VOLUME", "CLOSE", "OPEN", "HIGH", "LOW"):
            continue
        assert names, cls
        for name in names:
            assert owners[name] == {cls}, (name, owners[name])


def _rule_text(condition: str, seed: int) -> str:
    rule = Call(name=condition, args={
        "first_series": Call(name="RSI", args={"ticker": "AAPL"}),
        "second_series": Call(name="CONST", args={"const_number": 30})})
    simple = Call(name="Strategy", args={
        "ticker": "AAPL", "position_type": EnumValue(enum="PositionTypeEnum", member="LONG"),
        "buy_condition": rule, "sell_condition": rule})
    return STYLE.describe(simple, random.Random(seed))


def test_crossings_read_differently_from_comparisons() -> None:
    crossing = re.compile(r"\b(cross|crosses|crossing|breaks|pops|reclaims|loses)\b")
    for seed in range(150):
        for condition in ("CrossOverCondition", "CrossUnderCondition", "GreaterThanCondition",
                          "LessThanCondition"):
            text = _rule_text(condition, seed)
            assert (crossing.search(text) is not None) == condition.startswith("Cross"), (
                condition, text)


def test_stops_sizes_and_fees_read_differently() -> None:
    for strategy, text in fuzzed_of("tweet"):
        lower = text.lower()
        stop = strategy.args.get("stop_loss")
        kind = stop.args.get("stop_loss_type") if isinstance(stop, Call) else None
        member = kind.member if isinstance(kind, EnumValue) else None
        assert ("trail" in lower) == (member == "TRAILING"), text
        assert (re.search(r"\b(fixed|normal|hard|static)\b", lower) is not None) == (
            member == "NORMAL"), text
        size = strategy.args.get("order_size")
        if isinstance(size, Call):
            kind_words = {"Contracts": r"\b(shares?|contracts?|units?)\b",
                          "USD": r"\$|dollar|usd",
                          "PercentOfEquity": r"(%|percent|pct) (of )?(the )?"
                                             r"(equity|account|acct|capital)"}
            assert re.search(kind_words[size.name], lower), (size, text)
        fee = strategy.args.get("trade_commissions")
        if isinstance(fee, Call):
            if fee.name == "PercentageCommissions":
                assert re.search(r"(%|percent|pct) (comm|commission|commish|fees|trading)|"
                                 r"fees (\d|\.)|comm: \d", lower), text
            else:
                assert re.search(r"\$|dollar|usd|no fees|zero fees|commission free|"
                                 r"0 commission", lower), text


def test_periods_and_intervals_are_named() -> None:
    for strategy, text in fuzzed_of("tweet"):
        lower = text.lower()
        period = strategy.args.get("period")
        if isinstance(period, EnumValue) and period.member == "NOT_PASSED":
            assert re.search(r"period[:=]? ?none|no period", lower), text
        interval = strategy.args.get("interval")
        if isinstance(interval, EnumValue):
            assert re.search(r"candles|bars|chart|\btf\b|timeframe|interval|on the \w+ly",
                             lower), text


def test_nested_groups_are_bracketed() -> None:
    for strategy, text in fuzzed_of("tweet"):
        nested = any(call.name in ("AND", "OR") and any(
            c.name in ("AND", "OR") for c in call.args["conditions"])  # type: ignore[union-attr]
                     for call in strategy.walk())
        if nested:
            assert "(" in text or "[" in text, text


def test_it_reads_like_a_post() -> None:
    examples = examples_of("tweet")
    texts = [e.description for e in examples]
    tickers = [e.strategy.args["ticker"] for e in examples]
    assert sum(f"${t}" in x for t, x in zip(tickers, texts, strict=True)) > len(texts) * 0.4
    assert sum(x == x.lower() or x[1:] == x[1:].lower() or "$" in x
               for x in texts) > len(texts) * 0.5
    assert sum(bool(re.search(r"->|=>| > | < ", x)) for x in texts) > len(texts) * 0.4
    assert sum(bool(re.search(r"\b[a-z]{2,5}\d{1,3}\b|\b\d{1,3}(sma|ema|ma)\b", x))
               for x in texts) > len(texts) * 0.1
    assert sum("\n" in x for x in texts) > len(texts) * 0.1
    assert sum(bool(re.search(r"\b(sl|tp|acct|tf|w/|nfa|dyor|lmk|bt|qty)\b", x))
               for x in texts) > len(texts) * 0.3
    assert len({" ".join(x.lower().split()[:4]) for x in texts}) > 150
