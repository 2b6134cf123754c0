"""The email style states every value of the code, in forms the model's reader reads."""

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
from strategy_lsp.training.email_style import EmailPhraser
from strategy_lsp.training.phrasing import Phraser
from strategy_lsp.training.vocabulary import member_names

from .statements import named_series, stray_numbers, unstated_numbers

STYLE = EmailPhraser()


@pytest.fixture(scope="module")
def examples() -> list[Example]:
    return list(generate_examples(250, seed=13, style=STYLE, typos=False))


@pytest.fixture(scope="module")
def fuzzed() -> list[tuple[Call, str]]:
    """Uniform draws over the whole catalog, which reach every class and member."""
    pairs = []
    for seed in range(800):
        rng = random.Random(seed)
        strategy = random_strategy(rng)
        pairs.append((strategy, STYLE.describe(strategy, rng)))
    return pairs


def _all(examples: list[Example], fuzzed: list[tuple[Call, str]]) -> list[tuple[Call, str]]:
    return [(e.strategy, e.description) for e in examples] + fuzzed


def _spaced(text: str) -> str:
    """Glued forms ("rsi14") apart, as the shared checks spell them."""
    return re.sub(r"(?<=[a-z])(?=\d)", " ", text)


def test_it_is_a_phraser_named_email() -> None:
    assert isinstance(STYLE, Phraser)
    assert STYLE.name == "email"


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
    problems = [(text, missing) for strategy, text in _all(examples, fuzzed)
                if (missing := named_series(strategy, text))]
    assert not problems, problems[:5]


def test_the_position_side_is_stated(examples: list[Example],
                                     fuzzed: list[tuple[Call, str]]) -> None:
    for strategy, text in _all(examples, fuzzed):
        side = strategy.args["position_type"]
        assert isinstance(side, EnumValue)
        lower = text.lower()
        says_short = re.search(r"\bshort", lower) is not None
        says_long = re.search(r"\b(long|buy|buying)\b", lower) is not None
        expected = {"LONG": (True, False), "SHORT": (False, True),
                    "LONG_SHORT_COMBINED": (True, True)}[side.member]
        assert (says_long, says_short) == expected, text


def test_crossings_are_movements_and_comparisons_states() -> None:
    close = Call(name="CLOSE", args={"ticker": "AAPL"})
    level = Call(name="CONST", args={"const_number": 150})
    movement = re.compile(r"\b(crosses|breaks|pushes|moves|climbs|cuts|drops|slips|falls)\b")
    state = re.compile(r"\b(is|sits|stays)\b")
    for name in ("CrossOverCondition", "CrossUnderCondition", "GreaterThanCondition",
                 "LessThanCondition"):
        condition = Call(name=name, args={"first_series": close, "second_series": level})
        for seed in range(60):
            strategy = random_strategy(random.Random(seed))
            args = dict(strategy.args, ticker="AAPL", buy_condition=condition,
                        sell_condition=condition)
            text = STYLE.describe(Call(name="Strategy", args=args), random.Random(seed))
            clause = text.split("150")[0].rsplit("price", 1)[-1].rsplit("close", 1)[-1]
            crossing = name.startswith("Cross")
            assert bool(movement.search(clause)) == crossing, (clause, text)
            assert bool(state.search(clause)) != crossing, (clause, text)
            up = name in ("CrossOverCondition", "GreaterThanCondition")
            assert re.search(r"above|over|through|higher|greater|under|below|lower|less", clause)
            assert bool(re.search(r"above|over|higher|greater|\bup\b|climbs", clause)) == up, clause


def test_stops_sizes_and_fees_read_differently(fuzzed: list[tuple[Call, str]]) -> None:
    for strategy, text in fuzzed:
        lower = text.lower()
        stop = strategy.args.get("stop_loss")
        trailing = isinstance(stop, Call) and stop.args.get("stop_loss_type") == EnumValue(
            enum="StopLossType", member="TRAILING")
        assert ("trail" in lower) == trailing, text
        if isinstance(stop, Call) and stop.args.get("stop_loss_type") is not None and \
                not trailing:
            assert re.search(r"fixed|hard|static", lower), text
        size = strategy.args.get("order_size")
        if isinstance(size, Call):
            kind = {"Contracts": r"\b(shares?|contracts?|units?) (per|a|on)\b",
                    "USD": r"(\$|dollars|usd).{0,24}\b(per|a) (position|trade)",
                    "PercentOfEquity": r"(%|percent|pct|per cent) of (the account )?equity"}
            assert re.search(kind[size.name], lower), (size, text)
        fee = strategy.args.get("trade_commissions")
        if isinstance(fee, Call) and fee.name == "PercentageCommissions":
            assert re.search(r"(%|percent|pct|per cent) (commission|in commission|per)",
                             lower), text
        if isinstance(fee, Call) and fee.name == "MoneyCommissions":
            assert re.search(r"\$|dollar|usd|no fees|no commission|commission-free",
                             lower), text


def test_every_enum_member_is_named(fuzzed: list[tuple[Call, str]]) -> None:
    other = {"NOT_PASSED": ("none",), "YEAR_TO_DATE": ("ytd", "year to date"),
             "CLOSE": ("close price",), "MAX": ("max", "all history"),
             "FIVE_DAYS": ("5-day bars", "5-day candles", "5d"),
             "ONE_YEAR": ("last year", "past year"), "TEN_YEARS": ("last decade", "past decade"),
             "THREE_MONTHS": ("last quarter", "past quarter")}
    for strategy, text in fuzzed:
        lower = text.lower()
        for call in strategy.walk():
            for value in call.args.values():
                if not isinstance(value, EnumValue) or value.enum == "PositionTypeEnum":
                    continue
                names = [n.lower() for n in member_names(value.enum, value.member)]
                names += [n.replace("half a ", "half ") for n in names]
                names += other.get(value.member, ())
                assert any(n in lower for n in names), (str(value), text)


def test_a_series_on_another_ticker_names_it(fuzzed: list[tuple[Call, str]]) -> None:
    for strategy, text in fuzzed:
        tickers = {v for c in strategy.walk() for v in c.args.values() if isinstance(v, str)}
        for ticker in tickers:
            assert re.search(rf"(?<![\w^.=-]){re.escape(ticker)}(?![\w^=-])", text), (
                ticker, text)


@pytest.fixture(scope="module")
def known(examples: list[Example], fuzzed: list[tuple[Call, str]]) -> set[str]:
    pairs = [(text, render(strategy, inline=True)) for strategy, text in _all(examples, fuzzed)]
    return known_capitals(pairs)


def _assert_read(strategy: Call, text: str, known: set[str]) -> None:
    reading = read_description(text, known)
    slots = {(s.name[1], s.text) for s in reading.slots}
    tickers = {v for c in strategy.walk() for v in c.args.values() if isinstance(v, str)}
    found = {t for kind, t in slots if kind == "t"}
    if len(tickers) <= SLOT_COUNTS["t"]:
        assert found == tickers, (tickers, found, text)
    if sum(kind == "n" for kind, _ in slots) >= SLOT_COUNTS["n"]:
        return  # more numbers than the model has slots: the rest stay words
    for call in strategy.walk():
        if call.name == "datetime":
            date = ", ".join(str(call.args[k]) for k in ("year", "month", "day"))
            assert ("d", date) in slots, (date, text)
            continue
        if call.name == "MoneyCommissions" and call.args.get("value") == 0:
            continue  # "no fees"
        for value in call.args.values():
            if isinstance(value, int | float) and not isinstance(value, bool):
                assert ("n", number_text(abs(value))) in slots, (value, slots, text)


def test_the_reader_finds_every_ticker_date_and_number(
        examples: list[Example], fuzzed: list[tuple[Call, str]], known: set[str]) -> None:
    for strategy, text in _all(examples, fuzzed):
        _assert_read(strategy, text, known)


def test_the_reader_finds_no_number_the_code_does_not_hold(
        examples: list[Example], fuzzed: list[tuple[Call, str]], known: set[str]) -> None:
    """Words like "one" or "two options" would be read as values the strategy lacks."""
    for strategy, text in _all(examples, fuzzed):
        held = {number_text(abs(v)) for c in strategy.walk() for v in c.args.values()
                if isinstance(v, int | float) and not isinstance(v, bool)}
        for c in strategy.walk():  # enum members written with digits: "5-day bars", "61.8%"
            for v in c.args.values():
                if isinstance(v, EnumValue):
                    for name in member_names(v.enum, v.member):
                        held |= {number_text(float(d)) for d in re.findall(r"\d+(?:\.\d+)?",
                                                                           name)}
        read = {s.text for s in read_description(text, known).slots if s.name[1] == "n"}
        assert read <= held, (read - held, text)


def test_every_catalog_class_is_described(fuzzed: list[tuple[Call, str]]) -> None:
    seen = {call.name for strategy, _ in fuzzed for call in strategy.walk()}
    wanted = {c.name for kind in (Kind.SERIES, Kind.CONDITION) for c in CATALOG.of_kind(kind)}
    assert wanted <= seen, wanted - seen


def test_the_same_seed_gives_the_same_text() -> None:
    for seed in range(30):
        strategy = random_strategy(random.Random(seed))
        first = STYLE.describe(strategy, random.Random(f"x{seed}"))
        assert first == STYLE.describe(strategy, random.Random(f"x{seed}"))
    strategy = random_strategy(random.Random(5))
    assert len({STYLE.describe(strategy, random.Random(s)) for s in range(20)}) > 15


def test_it_reads_like_an_email(examples: list[Example]) -> None:
    texts = [e.description for e in examples]
    for text in texts:
        first, last = text.split("\n")[0], text.rstrip().split("\n")[-1]
        assert re.match(r"(Hi|Hello|Hey|Morning|Dear)\b.*,$", first), text
        assert "\n" in text
        assert re.search(r"\b(thanks|cheers|best|regards)\b|^- [A-Z]", text, re.M | re.I) or \
            last.startswith(("P.S.", "PS:")), text
    assert sum(bool(re.search(r"^P\.?S[.:]", t, re.M)) for t in texts) > 30
    assert sum(bool(re.search(r"^[-*•] ", t, re.M)) for t in texts) > 40
    assert sum("?" in t for t in texts) > 50
    assert sum(bool(re.search(r"\b(Could we|I'd like|Let's assume)\b", t)) for t in texts) > 100
    starts = {" ".join(p.split()[:4]) for t in texts for p in t.split("\n")[1:] if p}
    assert len(starts) > 150, len(starts)
