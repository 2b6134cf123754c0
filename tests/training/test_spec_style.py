"""The "spec" style: a strategy as a formal rulebook that still states every value of its code."""

from __future__ import annotations

import random
import re

import pytest

from strategy_lsp.generation.runtime.reading import SLOT_COUNTS, number_text, read_description
from strategy_lsp.generation.runtime.slotted import known_capitals
from strategy_lsp.grammar import CATALOG, Call, EnumValue, Kind, render
from strategy_lsp.grammar.sampling import random_strategy
from strategy_lsp.training.dataset import Example, generate_examples
from strategy_lsp.training.phrasing import Phraser
from strategy_lsp.training.spec_style import SpecPhraser
from strategy_lsp.training.vocabulary import member_names, series_names

from .statements import stray_numbers, unstated_numbers

STYLE = SpecPhraser()


@pytest.fixture(scope="module")
def examples() -> list[Example]:
    return list(generate_examples(300, seed=31, style=STYLE, typos=False))


@pytest.fixture(scope="module")
def fuzzed() -> list[tuple[Call, str]]:
    """Strategies drawn uniformly over the whole catalog, with their descriptions."""
    found = []
    for seed in range(1000):
        strategy = random_strategy(random.Random(seed))
        found.append((strategy, STYLE.describe(strategy, random.Random(f"spec{seed}"))))
    return found


def _all(examples: list[Example], fuzzed: list[tuple[Call, str]]) -> list[tuple[Call, str]]:
    return [(e.strategy, e.description) for e in examples] + fuzzed


def test_it_is_a_phraser_named_spec() -> None:
    assert isinstance(STYLE, Phraser)
    assert STYLE.name == "spec"


def test_every_number_of_the_code_is_stated(examples: list[Example],
                                            fuzzed: list[tuple[Call, str]]) -> None:
    problems = [(text, missing) for strategy, text in _all(examples, fuzzed)
                if (missing := unstated_numbers(strategy, text))]
    assert not problems, problems[:3]


def test_no_number_is_stated_that_the_code_does_not_hold(
        examples: list[Example], fuzzed: list[tuple[Call, str]]) -> None:
    problems = [(text, stray) for strategy, text in _all(examples, fuzzed)
                if (stray := stray_numbers(strategy, text))]
    assert not problems, problems[:3]


def test_clause_labels_are_never_digits(examples: list[Example]) -> None:
    for example in examples:
        assert not re.search(r"\(\d+\)|^\d+\.|§ ?\d", example.description, re.M), \
            example.description


def test_a_changed_value_is_caught(examples: list[Example]) -> None:
    """The check above can fail: a strategy with another stop is not what the text says."""
    caught = 0
    for example in examples:
        stop = example.strategy.args.get("stop_loss")
        if not isinstance(stop, Call):
            continue
        changed = Call(name="StopLoss", args={**stop.args, "percentage": 4093})
        strategy = Call(name="Strategy", args={**example.strategy.args, "stop_loss": changed})
        assert unstated_numbers(strategy, example.description)
        caught += 1
    assert caught > 40


def test_every_catalog_class_is_described(fuzzed: list[tuple[Call, str]]) -> None:
    seen = {call.name for strategy, _ in fuzzed for call in strategy.walk()}
    wanted = {c.name for kind in (Kind.SERIES, Kind.CONDITION) for c in CATALOG.of_kind(kind)}
    assert wanted <= seen, wanted - seen
    for _, text in fuzzed:
        assert text and "{" not in text and "  " not in text, text


def test_every_indicator_is_named(examples: list[Example],
                                  fuzzed: list[tuple[Call, str]]) -> None:
    for strategy, text in _all(examples, fuzzed):
        lower = text.lower()
        for call in strategy.walk():
            if call.spec.kind is Kind.SERIES and call.name != "CONST":
                names = [n.lower() for n in series_names(call.name)]
                assert any(n in lower for n in names), (call.name, text)


def test_a_foreign_ticker_of_a_series_is_stated(fuzzed: list[tuple[Call, str]]) -> None:
    checked = 0
    for strategy, text in fuzzed:
        for call in strategy.walk():
            ticker = call.args.get("ticker")
            if call.name != "Strategy" and isinstance(ticker, str) and \
                    ticker != strategy.args["ticker"]:
                assert ticker in text, (ticker, text)
                checked += 1
    assert checked > 50


def test_the_position_side_is_stated_and_no_other(examples: list[Example],
                                                  fuzzed: list[tuple[Call, str]]) -> None:
    for strategy, text in _all(examples, fuzzed):
        side = strategy.args["position_type"]
        assert isinstance(side, EnumValue)
        lower = text.lower()
        says = (re.search(r"\blong\b", lower) is not None,
                re.search(r"\bshort\b", lower) is not None)
        expected = {"LONG": (True, False), "SHORT": (False, True),
                    "LONG_SHORT_COMBINED": (True, True)}[side.member]
        assert says == expected, text
        if side.member == "SHORT":
            assert re.search(r"\b(cover|close the short|exit the short)", lower), text


def test_crossings_read_differently_from_levels() -> None:
    for seed in range(300):
        strategy = random_strategy(random.Random(seed))
        for condition, crosses in (("CrossOverCondition", True), ("CrossUnderCondition", True),
                                   ("GreaterThanCondition", False),
                                   ("LessThanCondition", False)):
            rule = Call(name=condition, args={
                "first_series": Call(name="RSI", args={"ticker": strategy.args["ticker"]}),
                "second_series": Call(name="CONST", args={"const_number": 30})})
            simple = Call(name="Strategy", args={
                k: v for k, v in {**strategy.args, "buy_condition": rule,
                                  "sell_condition": rule}.items()
                if k in ("ticker", "position_type", "buy_condition", "sell_condition")})
            text = STYLE.describe(simple, random.Random(seed))
            assert ("cross" in text.lower()) == crosses, (condition, text)


def test_groups_are_itemised_and_joined_by_their_logic(fuzzed: list[tuple[Call, str]]) -> None:
    for strategy, text in fuzzed:
        names = {c.name for c in strategy.walk()}
        if "AND" in names:
            assert re.search(r"all of|each of|jointly|every condition", text), text
        if "OR" in names:
            assert re.search(r"any of|either of|alternatives", text), text


def test_stop_kinds_sizes_and_commissions_read_differently(
        examples: list[Example], fuzzed: list[tuple[Call, str]]) -> None:
    for strategy, text in _all(examples, fuzzed):
        lower = text.lower()
        args = strategy.args
        stop = args.get("stop_loss")
        kind = stop.args.get("stop_loss_type") if isinstance(stop, Call) else None
        member = kind.member if isinstance(kind, EnumValue) else None
        assert ("trailing" in lower) == (member == "TRAILING"), text
        fixed = re.search(r"\b(fixed|hard|static|regular) stop|stop loss shall be (fixed|hard|"
                          r"static|regular)|stop loss type", lower) is not None
        assert fixed == (member == "NORMAL"), text
        size = args.get("order_size")
        if isinstance(size, Call):
            marker = {"Contracts": r"\b(contracts?|shares?|units?)\b",
                      "USD": r"(value of|amount committed to each trade shall be|order size:)"
                             r"[^\n]{0,30}(\$|usd|dollars)",
                      "PercentOfEquity": r"(%|percent|per cent|pct) of (current |account )?"
                                         r"equity"}[size.name]
            assert re.search(marker, lower), (size, text)
        fee = args.get("trade_commissions")
        if isinstance(fee, Call):
            marker = (r"commission-free|no commission|zero dollars" if fee.args["value"] == 0
                      else r"flat commission|fixed amount|fixed fee") \
                if fee.name == "MoneyCommissions" else r"commission (rate )?of|\(percentage\)"
            assert re.search(marker, lower), (fee, text)


def test_every_enum_member_is_named(fuzzed: list[tuple[Call, str]]) -> None:
    for strategy, text in fuzzed:
        for call in strategy.walk():
            for value in call.args.values():
                if isinstance(value, EnumValue) and value.enum not in ("PositionTypeEnum",
                                                                       "StopLossType"):
                    names = [n.removeprefix("a ")
                             for n in member_names(value.enum, value.member)]
                    assert any(n in text for n in names), (str(value), text)


def _assert_read(strategy: Call, text: str, known: set[str]) -> bool:
    """The reader finds every ticker, date and number of ``strategy`` in ``text``; False when
    the text has more numbers than the reader has slots (the rest stay words)."""
    slots = {(s.name[1], s.text) for s in read_description(text, known).slots}
    tickers = {v for c in strategy.walk() for v in c.args.values() if isinstance(v, str)}
    found = {t for kind, t in slots if kind == "t"}
    assert found <= tickers and (found == tickers or len(found) == SLOT_COUNTS["t"]), \
        (tickers, found, text)
    for call in strategy.walk():
        if call.name == "datetime":
            date = ", ".join(str(call.args[k]) for k in ("year", "month", "day"))
            assert ("d", date) in slots, (date, text)
    if sum(kind == "n" for kind, _ in slots) >= SLOT_COUNTS["n"]:
        return False
    for call in strategy.walk():
        if call.name == "datetime" or (call.name == "MoneyCommissions"
                                       and call.args.get("value") == 0):
            continue
        for value in call.args.values():
            if isinstance(value, int | float) and not isinstance(value, bool):
                assert ("n", number_text(abs(value))) in slots, (value, text)
    return True


def test_the_reader_finds_every_ticker_date_and_number(
        examples: list[Example], fuzzed: list[tuple[Call, str]]) -> None:
    """Capitalised names (ATR, HLC3) are known from a dataset as large as the real one."""
    known = known_capitals([(e.description, e.code) for e in examples]
                           + [(text, render(strategy, inline=True)) for strategy, text in fuzzed])
    assert all(_assert_read(e.strategy, e.description, known) for e in examples)


def test_the_reader_finds_every_value_across_the_catalog(
        fuzzed: list[tuple[Call, str]]) -> None:
    known = known_capitals((text, render(strategy, inline=True)) for strategy, text in fuzzed)
    read = sum(_assert_read(strategy, text, known) for strategy, text in fuzzed[:600])
    assert read > 450


def test_the_same_seed_gives_the_same_text() -> None:
    for seed in range(30):
        strategy = random_strategy(random.Random(seed))
        first = STYLE.describe(strategy, random.Random(f"again{seed}"))
        assert STYLE.describe(strategy, random.Random(f"again{seed}")) == first
    strategy = random_strategy(random.Random(5))
    assert len({STYLE.describe(strategy, random.Random(s)) for s in range(20)}) > 15


def test_the_style_reads_as_a_specification(examples: list[Example]) -> None:
    texts = [e.description for e in examples]
    assert all(re.search(r"\b(shall|must|is required to)\b", t) for t in texts)
    assert sum(bool(re.search(r"\((?:[a-h]|i{1,3}|iv|vi{0,3})\)|^[a-h]\.|^[iv]+\.", t, re.M))
               for t in texts) > len(texts) * 0.5
    assert sum("if and only if" in t.lower() for t in texts) > 50
    assert sum(bool(re.search(r"\b(denote|means|referred to herein)\b", t))
               for t in texts) > 100
    assert sum(bool(re.search(r"(clause|paragraph|section) \(?[a-hiv]+\b", t))
               for t in texts) > 30
    assert len({" ".join(t.split()[:4]) for t in texts}) > 100
