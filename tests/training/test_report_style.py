"""The "report" style states every value of its strategy, in forms the model's reader takes in."""

from __future__ import annotations

import random
import re

import pytest

from strategy_lsp.generation.runtime.reading import number_text, read_description
from strategy_lsp.generation.runtime.slotted import known_capitals
from strategy_lsp.grammar import Call, EnumValue, render
from strategy_lsp.grammar.sampling import random_strategy
from strategy_lsp.training.dataset import Example, generate_examples
from strategy_lsp.training.phrasing import Phraser
from strategy_lsp.training.report_style import ReportPhraser
from strategy_lsp.training.vocabulary import member_names

from .statements import named_series, stray_numbers, unstated_numbers, words

STYLE = ReportPhraser()


@pytest.fixture(scope="module")
def examples() -> list[Example]:
    return list(generate_examples(400, seed=11, style=STYLE, typos=False))


@pytest.fixture(scope="module")
def fuzzed() -> list[tuple[Call, str]]:
    """Strategies drawn uniformly over the whole catalog, with their descriptions."""
    found = []
    for seed in range(1500):
        strategy = random_strategy(random.Random(seed))
        found.append((strategy, STYLE.describe(strategy, random.Random(seed))))
    return found


def test_it_is_a_phraser_named_report() -> None:
    assert isinstance(STYLE, Phraser)
    assert STYLE.name == "report"


def test_every_number_of_the_code_is_stated(examples: list[Example]) -> None:
    problems = [(e.description, missing) for e in examples
                if (missing := unstated_numbers(e.strategy, e.description))]
    assert not problems, problems[:3]


def test_no_number_is_stated_that_the_code_does_not_hold(examples: list[Example]) -> None:
    problems = [(e.description, stray) for e in examples
                if (stray := stray_numbers(e.strategy, e.description))]
    assert not problems, problems[:3]


def test_the_whole_catalog_is_described_and_every_value_stated(
        fuzzed: list[tuple[Call, str]]) -> None:
    named = set()
    for strategy, text in fuzzed:
        assert text and "{" not in text and "  " not in text.replace("\n\n", ""), text
        assert not unstated_numbers(strategy, text), (text, unstated_numbers(strategy, text))
        assert not stray_numbers(strategy, text), (text, stray_numbers(strategy, text))
        named |= {c.name for c in strategy.walk()}
    assert len(named) > 70  # series, conditions, sizes, commissions all came up


def test_every_indicator_is_named(examples: list[Example]) -> None:
    problems = [(e.description, missing) for e in examples
                if (missing := named_series(e.strategy, e.description))]
    assert not problems, problems[:3]


def test_the_position_side_is_stated_and_no_other(examples: list[Example]) -> None:
    for example in examples:
        side = example.strategy.args["position_type"]
        assert isinstance(side, EnumValue)
        text = example.description.lower()
        says_short = re.search(r"\bshort", text) is not None
        says_long = re.search(r"\b(long|buy|buys)\b", text) is not None
        expected = {"LONG": (True, False), "SHORT": (False, True),
                    "LONG_SHORT_COMBINED": (True, True)}[side.member]
        assert (says_long, says_short) == expected, example.description


def test_stop_kinds_sizes_and_commissions_read_differently(examples: list[Example]) -> None:
    for example in examples:
        text = example.description.lower()
        args = example.strategy.args
        stop = args.get("stop_loss")
        if isinstance(stop, Call):
            kind = stop.args.get("stop_loss_type")
            trailing = isinstance(kind, EnumValue) and kind.member == "TRAILING"
            assert ("trail" in text) == trailing, example.description
            fixed = isinstance(kind, EnumValue) and kind.member == "NORMAL"
            said = re.search(r"\b(fixed|normal)\W+(static\W+)?stop", text) is not None
            assert said == fixed, example.description
        size = args.get("order_size")
        if isinstance(size, Call):
            marker = {"Contracts": r"contract|share|unit", "USD": r"amount|notional|placed for",
                      "PercentOfEquity": r"equity"}[size.name]
            assert re.search(marker, text), example.description
        fee = args.get("trade_commissions")
        if isinstance(fee, Call) and fee.args.get("value") != 0:
            money = fee.name == "MoneyCommissions"
            assert ("per trade" in text or "on each trade" in text) if money else \
                re.search(r"percent|per cent|%|pct", text), example.description


def test_every_enum_member_is_named(examples: list[Example]) -> None:
    for example in examples:
        text = example.description.lower().replace("-", " ")
        for call in example.strategy.walk():
            for value in call.args.values():
                if not isinstance(value, EnumValue) or value.enum in (
                        "PositionTypeEnum", "SmoothingType"):
                    continue
                names = [n.lower().replace("-", " ") for n in
                         member_names(value.enum, value.member)]
                names += [n[2:] for n in names if n.startswith("a ")]
                names += [n.replace("half a ", "half ") for n in names]
                names += [n.removesuffix("s") for n in names]
                names += [re.sub(r"^(\d+) ", lambda m: words(int(m.group(1))) + " ", n)
                          for n in names]
                names += {"TRAILING": ["trails the price"], "YEAR_TO_DATE": ["year to date"],
                          "MAX": ["all available", "max"],
                          "ONE_WEEK": ["1wk"], "ONE_MONTH": ["1mo"], "THREE_MONTHS": ["3mo"],
                          "FIVE_YEARS": ["5y"], "TWO_YEARS": ["2y"], "TEN_YEARS": ["10y"],
                          "ONE_YEAR": ["1y"], "SIX_MONTHS": ["6mo"]}.get(value.member, [])
                assert any(n in text for n in names), (str(value), example.description)


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
    full = sum(kind == "n" for kind, _ in slots) >= 16
    if not full:  # the reader has 16 number slots; past them values stay words
        missing = {n for n in numbers if ("n", n) not in slots}
        assert not missing, (missing, text)


def test_the_reader_finds_every_ticker_date_and_number(examples: list[Example]) -> None:
    known = known_capitals((e.description, e.code) for e in examples)
    for example in examples:
        _assert_read(example.strategy, example.description, known)


def test_the_reader_finds_every_value_across_the_catalog(
        fuzzed: list[tuple[Call, str]]) -> None:
    known = known_capitals((text, render(strategy, inline=True)) for strategy, text in fuzzed)
    for strategy, text in fuzzed[:600]:
        _assert_read(strategy, text, known)


def test_the_same_seed_gives_the_same_text() -> None:
    strategy = random_strategy(random.Random(5))
    first = STYLE.describe(strategy, random.Random(9))
    assert STYLE.describe(strategy, random.Random(9)) == first
    others = {STYLE.describe(strategy, random.Random(seed)) for seed in range(20)}
    assert len(others) > 15


def test_the_style_writes_many_shapes(examples: list[Example]) -> None:
    openings = {" ".join(e.description.split()[:3]) for e in examples}
    assert len(openings) > 60
    assert any("\n" in e.description for e in examples)  # headed sections
    assert any(e.description.startswith(("In this study", "In the present", "In what", "For the",
                                             "In the backtest"))
               for e in examples)
