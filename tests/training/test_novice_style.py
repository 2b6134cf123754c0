"""The novice style states every value of the code, in forms the model's reader reads."""

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
from strategy_lsp.training.novice_style import NovicePhraser
from strategy_lsp.training.phrasing import Phraser
from strategy_lsp.training.vocabulary import member_names

from .statements import named_series, stray_numbers, unstated_numbers, words

STYLE = NovicePhraser()


@pytest.fixture(scope="module")
def examples() -> list[Example]:
    return list(generate_examples(300, seed=11, style=STYLE, typos=False))


@pytest.fixture(scope="module")
def fuzzed() -> list[tuple[Call, str]]:
    """Uniform draws over the whole catalog, which reach every class and member."""
    pairs = []
    for seed in range(1200):
        rng = random.Random(seed)
        strategy = random_strategy(rng)
        pairs.append((strategy, STYLE.describe(strategy, rng)))
    return pairs


def _all(examples: list[Example], fuzzed: list[tuple[Call, str]]) -> list[tuple[Call, str]]:
    return [(e.strategy, e.description) for e in examples] + fuzzed


def _spaced(text: str) -> str:
    """Glued forms ("rsi14") apart, as the shared checks spell them."""
    return re.sub(r"(?<=[a-z])(?=\d)", " ", text)


def test_it_is_a_phraser_named_novice() -> None:
    assert isinstance(STYLE, Phraser)
    assert STYLE.name == "novice"


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
    # "the average of the last 50 prices" names the SMA by what it is; an exponential one says so
    def said(text: str) -> str:
        return re.sub(r"\b(the|normal) average (price )?of", "simple average", text)

    problems = [(text, missing) for strategy, text in _all(examples, fuzzed)
                if (missing := named_series(strategy, said(text)))]
    assert not problems, problems[:5]


def test_the_position_side_is_stated(examples: list[Example],
                                     fuzzed: list[tuple[Call, str]]) -> None:
    for strategy, text in _all(examples, fuzzed):
        side = strategy.args["position_type"]
        assert isinstance(side, EnumValue)
        lower = text.lower()
        says_short = re.search(r"\bshort", lower) is not None
        lower = re.sub(r"\bbuy it back\b", "", lower)
        says_long = re.search(r"\b(long|buy|buying)\b", lower) is not None
        expected = {"LONG": (True, False), "SHORT": (False, True),
                    "LONG_SHORT_COMBINED": (True, True)}[side.member]
        assert (says_long, says_short) == expected, text


def test_crossings_are_movements_and_comparisons_states() -> None:
    close = Call(name="CLOSE", args={"ticker": "AAPL"})
    level = Call(name="CONST", args={"const_number": 150})
    movement = re.compile(r"\b(goes|go|passes|pass|jumps|jump|crosses|cross|breaks|break|"
                          r"becomes|become|gets|get|moves|move|comes|come|falls|fall|drops|"
                          r"drop)\b")
    for name in ("CrossOverCondition", "CrossUnderCondition", "GreaterThanCondition",
                 "LessThanCondition"):
        condition = Call(name=name, args={"first_series": close, "second_series": level})
        for seed in range(60):
            strategy = random_strategy(random.Random(seed))
            args = dict(strategy.args, ticker="AAPL", buy_condition=condition,
                        sell_condition=condition)
            text = STYLE.describe(Call(name="Strategy", args=args), random.Random(seed))
            clause = text.lower().split("150")[0].rsplit("price", 1)[-1]
            assert bool(movement.search(clause)) == name.startswith("Cross"), (clause, text)


def test_stops_sizes_and_fees_read_differently(fuzzed: list[tuple[Call, str]]) -> None:
    for strategy, text in fuzzed:
        lower = text.lower()
        stop = strategy.args.get("stop_loss")
        trailing = isinstance(stop, Call) and stop.args.get("stop_loss_type") == EnumValue(
            enum="StopLossType", member="TRAILING")
        assert ("trail" in lower) == trailing, text
        size = strategy.args.get("order_size")
        if isinstance(size, Call):
            kind = {"Contracts": r"share|contract|unit|piece", "USD": r"\$|dollar|usd",
                    "PercentOfEquity": r"(%|percent|pct|per cent) of (my|the|equity)"}
            assert re.search(kind[size.name], lower), (size, text)
        fee = strategy.args.get("trade_commissions")
        if isinstance(fee, Call) and fee.name == "PercentageCommissions":
            assert re.search(r"%|percent|pct|per cent", lower), text
        if isinstance(fee, Call) and fee.name == "MoneyCommissions":
            assert re.search(r"\$|dollar|usd|no fees|zero commission", lower), text


def test_every_enum_member_is_named(fuzzed: list[tuple[Call, str]]) -> None:
    other = {"NOT_PASSED": ("none",), "YEAR_TO_DATE": ("ytd", "year to date"),
             "CLOSE": ("close price",), "OPEN": ("open price",), "HIGH": ("highest price",),
             "LOW": ("lowest price",)}
    for strategy, text in fuzzed:
        lower = text.lower()
        for call in strategy.walk():
            for value in call.args.values():
                if not isinstance(value, EnumValue) or value.enum == "PositionTypeEnum":
                    continue
                names = [n.lower() for n in member_names(value.enum, value.member)]
                names += [re.sub(r"^(\d+) ", lambda m: words(int(m.group(1))) + " ", n)
                          for n in names]
                names += other.get(value.member, ())
                assert any(n in lower for n in names), (str(value), text)


def test_a_series_on_another_ticker_names_it(fuzzed: list[tuple[Call, str]]) -> None:
    for strategy, text in fuzzed:
        tickers = {v for c in strategy.walk() for v in c.args.values() if isinstance(v, str)}
        for ticker in tickers:
            assert re.search(rf"(?<![\w^.=-]){re.escape(ticker)}(?![\w^=-])", text), (
                ticker, text)


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


def test_the_reader_finds_every_ticker_date_and_number(examples: list[Example],
                                                       fuzzed: list[tuple[Call, str]]) -> None:
    pairs = [(text, render(strategy, inline=True)) for strategy, text in _all(examples, fuzzed)]
    known = known_capitals(pairs)
    for strategy, text in _all(examples, fuzzed):
        _assert_read(strategy, text, known)


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


def test_the_style_varies(examples: list[Example]) -> None:
    texts = [e.description for e in examples]
    assert len({" ".join(t.lower().split()[:3]) for t in texts}) > 60
    assert any("\n" in t for t in texts)
    assert any(t.endswith("?") for t in texts)
    assert any(re.search(r"\b[a-z]{2,5}\d{1,3}\b", t) for t in texts)  # glued "rsi14"
    assert any(re.search(r"\b(go|fall|drop|cross) (under|below|over|above)", t) for t in texts)
    assert any(re.search(r"\bI (think|read that)\b", t) for t in texts)
