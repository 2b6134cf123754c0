"""The "pseudo" style: strategies as pseudo-code that still states every value, readably."""

from __future__ import annotations

import random
import re

import pytest

from strategy_lsp.generation.runtime.reading import number_text, read_description
from strategy_lsp.generation.runtime.slotted import known_capitals
from strategy_lsp.grammar import CATALOG, Call, EnumValue, Kind, render
from strategy_lsp.grammar.sampling import random_strategy
from strategy_lsp.training.dataset import Example, generate_examples
from strategy_lsp.training.phrasing import Phraser
from strategy_lsp.training.pseudo_style import (
    _FN,
    _KW,
    _LEVELS,
    _SMOOTHING,
    _SOURCES,
    PseudoPhraser,
)
from strategy_lsp.training.vocabulary import member_names

from .statements import stray_numbers, unstated_numbers

STYLE = PseudoPhraser()


@pytest.fixture(scope="module")
def examples() -> list[Example]:
    return list(generate_examples(400, seed=21, style=STYLE, typos=False))


@pytest.fixture(scope="module")
def fuzzed() -> list[tuple[Call, str]]:
    """Strategies drawn uniformly over the whole catalog (odd values, other tickers)."""
    found = []
    for seed in range(1500):
        strategy = random_strategy(random.Random(seed))
        found.append((strategy, STYLE.describe(strategy, random.Random(seed))))
    return found


def unglued(text: str) -> str:
    """"rsi14", "ema_20" with a space, so that the shared checks see the number alone."""
    return re.sub(r"(?<=[a-z_])(?=\d)", " ", text)


def test_it_is_a_phraser_named_pseudo() -> None:
    assert isinstance(STYLE, Phraser)
    assert STYLE.name == "pseudo"


def test_code_names_cover_the_catalog_and_never_name_two_classes() -> None:
    series = {c.name for c in CATALOG.of_kind(Kind.SERIES)} - {"CONST", "CLOSE", "OPEN", "HIGH",
                                                                 "LOW", "VOLUME"}
    assert series <= set(_FN)
    owners: dict[str, str] = {}
    for cls, names in _FN.items():
        for name in names:
            assert owners.setdefault(name, cls) == cls, name
    params = {p.name for c in CATALOG.of_kind(Kind.SERIES) for p in c.params}
    assert params - {"ticker", "const_number"} <= set(_KW)
    for words in _KW.values():  # "long"/"short" would blur the position side
        assert not any(re.search(r"long|short", w) for w in words), words


def test_every_number_of_the_code_is_stated(examples: list[Example]) -> None:
    problems = [(e.description, missing) for e in examples
                if (missing := unstated_numbers(e.strategy, unglued(e.description)))]
    assert not problems, problems[:3]


def test_no_number_is_stated_that_the_code_does_not_hold(examples: list[Example]) -> None:
    problems = [(e.description, stray) for e in examples
                if (stray := stray_numbers(e.strategy, unglued(e.description)))]
    assert not problems, problems[:3]


def test_the_whole_catalog_is_described_and_every_value_stated(
        fuzzed: list[tuple[Call, str]]) -> None:
    named = set()
    for strategy, text in fuzzed:
        plain = unglued(text)
        assert text and "{" not in text and "None)" not in text, text
        assert not unstated_numbers(strategy, plain), (text, unstated_numbers(strategy, plain))
        assert not stray_numbers(strategy, plain), (text, stray_numbers(strategy, plain))
        named |= {c.name for c in strategy.walk()}
    assert len(named) > 70  # series, conditions, sizes, commissions all came up


def _sides(text: str) -> tuple[bool, bool]:
    lowered = text.lower()
    return (re.search(r"(?<![a-z])(long|buy)", lowered) is not None,
            re.search(r"(?<![a-z])short", lowered) is not None)


def test_the_position_side_is_stated_and_no_other(fuzzed: list[tuple[Call, str]]) -> None:
    for strategy, text in fuzzed:
        side = strategy.args["position_type"]
        assert isinstance(side, EnumValue)
        expected = {"LONG": (True, False), "SHORT": (False, True),
                    "LONG_SHORT_COMBINED": (True, True)}[side.member]
        assert _sides(text) == expected, text


def test_stops_sizes_and_commissions_read_differently(fuzzed: list[tuple[Call, str]]) -> None:
    for strategy, description in fuzzed:
        text = description.lower().replace("strategy.fixed", "")
        args = strategy.args
        stop = args.get("stop_loss")
        kind = stop.args.get("stop_loss_type") if isinstance(stop, Call) else None
        member = kind.member if isinstance(kind, EnumValue) else None
        assert ("trail" in text) == (member == "TRAILING"), description
        said = re.search(r"fixed|normal|static|hard", text) is not None
        assert said == (member == "NORMAL"), description
        size = args.get("order_size")
        if isinstance(size, Call):
            marker = {"Contracts": r"qty|share|contract|unit|strategy\.fixed",
                      "USD": r"usd|cash|notional|\$|dollar",
                      "PercentOfEquity": r"equity"}[size.name]
            assert re.search(marker, description.lower()), description
        fee = args.get("trade_commissions")
        if isinstance(fee, Call):
            marker = r"per trade|per_trade|cash_per_order|commission_cash" \
                if fee.name == "MoneyCommissions" else r"%|pct|percent|rate"
            assert re.search(marker, text), description


def _forms(value: EnumValue) -> list[str]:
    spec = CATALOG.enum(value.enum)
    assert spec is not None
    member = spec.member(value.member)
    assert member is not None
    forms = [member.value, *member_names(value.enum, value.member)]
    forms += {"SourceType": _SOURCES, "SmoothingType": _SMOOTHING}.get(value.enum, {}).get(
        value.member, ())
    if value.enum == "FibonacciLevels":
        forms.append(_LEVELS[value.member])
    if value.member == "NOT_PASSED":
        forms.append("none")
    return [f.lower() for f in forms]


def test_every_enum_member_is_named(fuzzed: list[tuple[Call, str]]) -> None:
    for strategy, text in fuzzed:
        lowered = text.lower()
        for call in strategy.walk():
            for value in call.args.values():
                if isinstance(value, EnumValue) and value.enum not in (
                        "PositionTypeEnum", "StopLossType"):
                    assert any(f in lowered for f in _forms(value)), (str(value), text)


def _assert_read(strategy: Call, text: str, known: set[str]) -> None:
    """The reader finds the ticker, every date and every number of ``strategy`` in ``text``."""
    slots = {(s.name[1], s.text) for s in read_description(text, known).slots}
    ticker = strategy.args["ticker"]
    assert ("t", ticker) in slots, text
    numbers: set[str] = set()
    for call in strategy.walk():
        if call.name == "datetime":
            date = ", ".join(str(call.args[k]) for k in ("year", "month", "day"))
            assert ("d", date) in slots, (date, text)
            continue
        if call.name == "MoneyCommissions" and call.args.get("value") == 0:
            continue
        for value in call.args.values():
            if isinstance(value, int | float) and not isinstance(value, bool):
                numbers.add(number_text(abs(value)))
    if sum(kind == "n" for kind, _ in slots) < 16:  # past 16 numbers values stay words
        missing = {n for n in numbers if ("n", n) not in slots}
        assert not missing, (missing, text)


def test_the_reader_finds_every_ticker_date_and_number(examples: list[Example]) -> None:
    known = known_capitals((e.description, e.code) for e in examples)
    for example in examples:
        _assert_read(example.strategy, example.description, known)


def test_the_reader_finds_every_value_across_the_catalog(
        fuzzed: list[tuple[Call, str]]) -> None:
    known = known_capitals((text, render(strategy, inline=True)) for strategy, text in fuzzed)
    for strategy, text in fuzzed[:800]:
        _assert_read(strategy, text, known)


def test_the_same_seed_gives_the_same_text() -> None:
    strategy = random_strategy(random.Random(5))
    first = STYLE.describe(strategy, random.Random(9))
    assert STYLE.describe(strategy, random.Random(9)) == first
    others = {STYLE.describe(strategy, random.Random(seed)) for seed in range(20)}
    assert len(others) > 15


def test_the_style_writes_every_dialect_and_many_shapes(examples: list[Example]) -> None:
    texts = [e.description for e in examples]
    assert any(t.startswith("strategy(") or "strategy.entry" in t for t in texts)  # pine
    assert any(re.search(r"^if .*:", t, re.MULTILINE) for t in texts)  # python
    assert any("=AND(" in t or "=OR(" in t or "=CROSS" in t for t in texts)  # formulas
    assert any(t.startswith("SELECT") for t in texts)  # sql
    assert any(" when " in t for t in texts)  # English with code
    shapes = {re.sub(r"[\d.]+", "N", t.split("\n")[0])[:30] for t in texts}
    assert len(shapes) > 150
