"""The tweet style states every value of the code, in forms the model's reader reads."""

from __future__ import annotations

import itertools
import random
import re

import pytest

from strategy_lsp.generation.runtime.reading import SLOT_COUNTS, number_text, read_description
from strategy_lsp.generation.runtime.slotted import known_capitals
from strategy_lsp.grammar import CATALOG, Call, EnumValue, Kind, render
from strategy_lsp.grammar.sampling import random_strategy
from strategy_lsp.training.dataset import Example, generate_examples
from strategy_lsp.training.phrasing import Phraser
from strategy_lsp.training.tweet_style import _NAMES, TweetPhraser
from strategy_lsp.training.vocabulary import series_names

from .statements import named_series, stray_numbers, unstated_numbers

STYLE = TweetPhraser()


@pytest.fixture(scope="module")
def examples() -> list[Example]:
    return list(generate_examples(250, seed=23, style=STYLE, typos=False))


@pytest.fixture(scope="module")
def fuzzed() -> list[tuple[Call, str]]:
    """Uniform draws over the whole catalog, which reach every class and member."""
    pairs = []
    for seed in range(600):
        strategy = random_strategy(random.Random(seed))
        pairs.append((strategy, STYLE.describe(strategy, random.Random(f"tweet{seed}"))))
    return pairs


def _all(examples: list[Example], fuzzed: list[tuple[Call, str]]) -> list[tuple[Call, str]]:
    return [(e.strategy, e.description) for e in examples] + fuzzed


def _spaced(text: str) -> str:
    """Glued forms ("rsi14", "200sma", "2x") apart, as the shared checks spell them."""
    text = re.sub(r"(?<=[a-z])(?=\d)", " ", text)
    return re.sub(r"(?<=\d)(?=(?:sma|ema|ma)\b)", " ", text)


# --- the contract ------------------------------------------------------------------------


def test_it_is_a_phraser_named_tweet() -> None:
    assert isinstance(STYLE, Phraser)
    assert STYLE.name == "tweet"


def test_every_value_of_the_code_is_stated(examples: list[Example],
                                           fuzzed: list[tuple[Call, str]]) -> None:
    problems = [(text, missing) for strategy, text in _all(examples, fuzzed)
                if (missing := unstated_numbers(strategy, _spaced(text)))]
    assert not problems, problems[:5]


def test_no_number_the_code_does_not_hold(examples: list[Example],
                                         fuzzed: list[tuple[Call, str]]) -> None:
    problems = [(text, stray) for strategy, text in _all(examples, fuzzed)
                if (stray := stray_numbers(strategy, _spaced(text)))]
    assert not problems, problems[:5]


def test_a_changed_value_is_caught(examples: list[Example]) -> None:
    """The checks above can fail: a description of another strategy misses its values."""
    caught = sum(bool(unstated_numbers(a.strategy, _spaced(b.description)))
                 for a, b in itertools.pairwise(examples))
    assert caught > len(examples) * 0.8


def test_every_indicator_is_named(examples: list[Example],
                                  fuzzed: list[tuple[Call, str]]) -> None:
    problems = []
    for strategy, text in _all(examples, fuzzed):
        # the catalog's names, or one of the style's own short names ("stoch k", "kijun")
        missing = [cls for cls in named_series(strategy, text)
                   if not any(n in text.lower() for n in _NAMES[cls])]
        if missing:
            problems.append((text, missing))
    assert not problems, problems[:5]


def test_the_position_side_is_stated(examples: list[Example],
                                     fuzzed: list[tuple[Call, str]]) -> None:
    for strategy, text in _all(examples, fuzzed):
        side = strategy.args["position_type"]
        assert isinstance(side, EnumValue)
        lower = text.lower()
        says_short = re.search(r"\bshort(s|ing)?\b", lower) is not None
        says_long = re.search(r"\b(long|longs|buy|buying)\b", lower) is not None
        expected = {"LONG": (True, False), "SHORT": (False, True),
                    "LONG_SHORT_COMBINED": (True, True)}[side.member]
        assert (says_long, says_short) == expected, text


def test_the_same_seed_gives_the_same_text() -> None:
    for seed in range(30):
        strategy = random_strategy(random.Random(seed))
        first = STYLE.describe(strategy, random.Random(f"x{seed}"))
        assert first == STYLE.describe(strategy, random.Random(f"x{seed}"))
    strategy = random_strategy(random.Random(5))
    assert len({STYLE.describe(strategy, random.Random(s)) for s in range(20)}) > 15


def test_every_catalog_class_is_described(fuzzed: list[tuple[Call, str]]) -> None:
    seen = {call.name for strategy, _ in fuzzed for call in strategy.walk()}
    wanted = {c.name for kind in (Kind.SERIES, Kind.CONDITION) for c in CATALOG.of_kind(kind)}
    assert wanted <= seen, wanted - seen


def test_many_strategies_are_described_without_error() -> None:
    for seed in range(600, 1600):
        strategy = random_strategy(random.Random(seed))
        assert STYLE.describe(strategy, random.Random(seed))


def _assert_read(strategy: Call, text: str, known: set[str]) -> None:
    reading = read_description(text, known)
    slots = {(s.name[1], s.text) for s in reading.slots}
    tickers = {v for c in strategy.walk() for v in c.args.values() if isinstance(v, str)}
    found = {t for kind, t in slots if kind == "t"}
    if len(tickers) <= SLOT_COUNTS["t"]:
        assert found == tickers, (tickers, found, text)
    for call in strategy.walk():
        if call.name == "datetime":
            date = ", ".join(str(call.args[k]) for k in ("year", "month", "day"))
            assert ("d", date) in slots, (date, text)
    if sum(kind == "n" for kind, _ in slots) >= SLOT_COUNTS["n"]:
        return  # more numbers than the model has slots: the rest stay words
    for call in strategy.walk():
        if call.name == "datetime" or (call.name == "MoneyCommissions"
                                       and call.args.get("value") == 0):
            continue
        for value in call.args.values():
            if isinstance(value, int | float) and not isinstance(value, bool):
                assert ("n", number_text(abs(value))) in slots, (value, slots, text)


def test_the_reader_finds_every_ticker_date_and_number(examples: list[Example],
                                                       fuzzed: list[tuple[Call, str]]) -> None:
    pairs = [(text, render(strategy, inline=True)) for strategy, text in _all(examples, fuzzed)]
    # the model folder lists the catalog's capitalised names, seen over a whole dataset
    known = known_capitals(pairs) | {n for c in _NAMES for n in series_names(c)
                                     if re.fullmatch(r"[A-Z]{2,5}", n)}
    for strategy, text in _all(examples, fuzzed):
        _assert_read(strategy, text, known)


# --- style-specific checks ---------------------------------------------------------------


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


def test_stops_sizes_and_fees_read_differently(fuzzed: list[tuple[Call, str]]) -> None:
    for strategy, text in fuzzed:
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


def test_periods_and_intervals_are_named(fuzzed: list[tuple[Call, str]]) -> None:
    for strategy, text in fuzzed:
        lower = text.lower()
        period = strategy.args.get("period")
        if isinstance(period, EnumValue) and period.member == "NOT_PASSED":
            assert re.search(r"period[:=]? ?none|no period", lower), text
        interval = strategy.args.get("interval")
        if isinstance(interval, EnumValue):
            assert re.search(r"candles|bars|chart|\btf\b|timeframe|interval|on the \w+ly",
                             lower), text


def test_nested_groups_are_bracketed(fuzzed: list[tuple[Call, str]]) -> None:
    for strategy, text in fuzzed:
        nested = any(call.name in ("AND", "OR") and any(
            c.name in ("AND", "OR") for c in call.args["conditions"])  # type: ignore[union-attr]
                     for call in strategy.walk())
        if nested:
            assert "(" in text or "[" in text, text


def test_it_reads_like_a_post(examples: list[Example]) -> None:
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
