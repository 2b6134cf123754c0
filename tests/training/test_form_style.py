"""The "form" style: terse, structured descriptions that still state every value."""

from __future__ import annotations

import random
import re
from collections import Counter

import pytest

from strategy_lsp.generation.runtime.reading import number_text, read_description
from strategy_lsp.generation.runtime.slotted import known_capitals
from strategy_lsp.grammar import CATALOG, Call, EnumValue, Kind
from strategy_lsp.grammar.sampling import random_strategy
from strategy_lsp.training.dataset import Example, generate_examples
from strategy_lsp.training.form_style import GLUED, FormPhraser
from strategy_lsp.training.phrasing import Phraser
from strategy_lsp.training.vocabulary import member_names

from .statements import named_series, stray_numbers, unstated_numbers

SIZE = 500
_GLUED_AFTER = re.compile(rf"\b({'|'.join(GLUED)})(\d+)\b")
_GLUED_BEFORE = re.compile(rf"\b(\d+)({'|'.join(GLUED)})\b")


@pytest.fixture(scope="module")
def form_examples() -> list[Example]:
    return list(generate_examples(SIZE, 515, style=FormPhraser(), typos=False))


@pytest.fixture(scope="module")
def uniform() -> list[tuple[Call, str]]:
    """Strategies drawn uniformly over the catalog (every class, odd values, other tickers)."""
    style = FormPhraser()
    found = []
    for seed in range(1500):
        rng = random.Random(seed)
        strategy = random_strategy(rng)
        found.append((strategy, style.describe(strategy, rng)))
    return found


def unglued(text: str) -> str:
    """"rsi14" and "200sma" with a space, so that the shared checks see the number alone."""
    return _GLUED_BEFORE.sub(r"\1 \2", _GLUED_AFTER.sub(r"\1 \2", text))


def test_it_is_a_phraser_named_form() -> None:
    style = FormPhraser()
    assert isinstance(style, Phraser)
    assert style.name == "form"


def test_every_value_is_stated(form_examples: list[Example]) -> None:
    problems = [(e.description, missing) for e in form_examples
                if (missing := unstated_numbers(e.strategy, unglued(e.description)))]
    assert not problems, problems[:5]


def test_no_stray_numbers(form_examples: list[Example]) -> None:
    problems = [(e.description, stray) for e in form_examples
                if (stray := stray_numbers(e.strategy, unglued(e.description)))]
    assert not problems, problems[:5]


def test_every_indicator_is_named(form_examples: list[Example]) -> None:
    problems = [(e.description, missing) for e in form_examples
                if (missing := named_series(e.strategy, e.description))]
    assert not problems, problems[:5]


def test_a_changed_value_is_caught(form_examples: list[Example]) -> None:
    """The checks above can fail: a strategy with another stop is not what the text says."""
    caught = 0
    for example in form_examples:
        stop = example.strategy.args.get("stop_loss")
        if not isinstance(stop, Call):
            continue
        changed = Call(name="StopLoss", args={**stop.args, "percentage": 4093})
        strategy = Call(name="Strategy", args={**example.strategy.args, "stop_loss": changed})
        assert unstated_numbers(strategy, unglued(example.description)), example.description
        caught += 1
    assert caught > 50


def test_the_position_side_is_stated(form_examples: list[Example]) -> None:
    for example in form_examples:
        side = example.strategy.args["position_type"]
        assert isinstance(side, EnumValue)
        text = example.description.lower().replace("buy to cover", "")
        says_short = re.search(r"\bshort", text) is not None
        says_long = re.search(r"\b(long|buy|buys)\b", text) is not None
        expected = {"LONG": (True, False), "SHORT": (False, True),
                    "LONG_SHORT_COMBINED": (True, True)}[side.member]
        assert (says_long, says_short) == expected, example.description


def _enum_leaves(call: Call) -> list[EnumValue]:
    return [v for inner in call.walk() for v in inner.args.values() if isinstance(v, EnumValue)]


def test_every_enum_member_is_named(form_examples: list[Example]) -> None:
    for example in form_examples:
        text = example.description.lower().replace("_", " ")
        for leaf in _enum_leaves(example.strategy):
            if leaf.enum == "PositionTypeEnum":
                continue
            spec = CATALOG.enum(leaf.enum)
            assert spec is not None
            member = spec.member(leaf.member)
            assert member is not None
            names = [n.lower() for n in (member.value, *member_names(leaf.enum, leaf.member))]
            names += {"TRAILING": ["trail", "ts", "tsl"], "YEAR_TO_DATE": ["year-to-date"],
                      "MAX": ["full history"]}.get(leaf.member, [])
            assert any(re.search(rf"(?<!\w){re.escape(n)}(?!\w)", text) for n in names), (
                str(leaf), example.description)


def test_crossings_and_comparisons_read_differently() -> None:
    """A crossing always says "x", "cross" or "crosses"; a plain comparison never does."""
    style = FormPhraser()
    close = Call(name="CLOSE", args={"ticker": "KO"})
    sma = Call(name="SMA", args={"ticker": "KO", "length": 50})
    for name in ("CrossOverCondition", "CrossUnderCondition", "GreaterThanCondition",
                 "LessThanCondition"):
        condition = Call(name=name, args={"first_series": close, "second_series": sma})
        rsi = Call(name="RSI", args={"ticker": "KO", "length": 14})
        other = Call(name="LessThanCondition", args={
            "first_series": rsi, "second_series": Call(name="CONST", args={"const_number": 30})})
        strategy = Call(name="Strategy", args={
            "ticker": "KO", "position_type": EnumValue(enum="PositionTypeEnum", member="LONG"),
            "buy_condition": condition, "sell_condition": other})
        for seed in range(60):
            text = style.describe(strategy, random.Random(seed))
            entry = next(line for line in re.split(r"\n|;|\|", text) if "50" in line)
            crossing = re.search(r"x[<>]|xover|xunder|cross", entry) is not None
            assert crossing == name.startswith("Cross"), (name, text)


def test_the_same_seed_gives_the_same_text() -> None:
    style = FormPhraser()
    for seed in range(30):
        strategy = random_strategy(random.Random(seed))
        first = style.describe(strategy, random.Random(seed))
        assert first == style.describe(strategy, random.Random(seed))


def test_many_layouts_and_shapes(form_examples: list[Example]) -> None:
    texts = [e.description for e in form_examples]
    assert len(set(texts)) == len(texts)
    # the shape of a text: its punctuation and line structure, values and words masked
    shapes = {re.sub(r"[A-Za-z0-9$%^=.-]+", "w", t) for t in texts}
    assert len(shapes) > 0.9 * len(texts)
    assert sum("\n" in t for t in texts) > SIZE / 3
    assert sum("\n" not in t for t in texts) > SIZE / 10
    assert sum(t.startswith("| ") for t in texts) > 10  # tables
    assert sum(bool(re.search(r"^\s*(#|//)", t, re.M)) for t in texts) > 10  # comments


def test_the_reader_finds_every_value(form_examples: list[Example]) -> None:
    pairs = [(e.description, e.code) for e in form_examples]
    known = known_capitals(pairs)
    missed = []
    for example in form_examples:
        slots = {s.text for s in read_description(example.description, known).slots}
        wanted = {example.ticker}
        for call in example.strategy.walk():
            if call.name == "datetime":
                wanted.add(", ".join(str(call.args[k]) for k in ("year", "month", "day")))
                continue
            wanted |= {number_text(abs(v)) for v in call.args.values()
                       if isinstance(v, int | float) and not isinstance(v, bool)}
        if len(wanted) > 16:  # more values than the reader has slots
            continue
        if wanted - slots:
            missed.append((example.description, wanted - slots))
    assert not missed, missed[:5]


def test_every_catalog_class_is_described(uniform: list[tuple[Call, str]]) -> None:
    seen: Counter[str] = Counter()
    problems = []
    for strategy, text in uniform:
        seen.update(c.name for c in strategy.walk())
        if missing := unstated_numbers(strategy, unglued(text)):
            problems.append((text, missing))
        if stray := stray_numbers(strategy, unglued(text)):
            problems.append((text, stray))
    assert not problems, problems[:5]
    everything = {c.name for kind in Kind for c in CATALOG.of_kind(kind)}
    assert everything - set(seen) == set()


def test_another_tickers_series_is_named_with_its_ticker(
        uniform: list[tuple[Call, str]]) -> None:
    checked = 0
    for strategy, text in uniform:
        own = strategy.args["ticker"]
        for call in strategy.walk():
            ticker = call.args.get("ticker")
            if call.name != "Strategy" and isinstance(ticker, str) and ticker != own:
                assert ticker in text, (ticker, text)
                checked += 1
    assert checked > 20
