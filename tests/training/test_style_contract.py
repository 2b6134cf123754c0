"""The contract every registered phrasing style keeps, one test per check and style.

Each style is checked on its examples (strategies as the dataset draws them) and on uniform
draws over the whole catalog; see ``style_contract`` for the samples, the helpers and the
few checks a style does not keep (:data:`~.style_contract.EXCEPTIONS`, with the reason).
A style registered later is checked here without a line of its own.
"""

from __future__ import annotations

import itertools
import random
import re

import pytest
from _pytest.mark import ParameterSet

from strategy_lsp.grammar import CATALOG, Call, Kind
from strategy_lsp.grammar.sampling import random_strategy
from strategy_lsp.training.dataset import generate_examples
from strategy_lsp.training.phrasing import Phraser, phraser, phraser_names
from strategy_lsp.training.strategies import TICKERS

from .statements import named_series, stray_numbers, unstated_numbers
from .style_contract import (
    EXCEPTIONS,
    SEED,
    SERIES_SPELLINGS,
    assert_read,
    examples_of,
    fuzzed_of,
    known_of,
    pairs_of,
    read_tickers,
    tickers_of,
    unglue,
    unread_tickers,
    with_first_number,
)


def styles(check: str) -> list[ParameterSet]:
    """Every registered style, the check a strict xfail for those EXCEPTIONS excuse."""
    excused = EXCEPTIONS.get(check, {})
    return [pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=excused[name]))
            if name in excused else pytest.param(name) for name in phraser_names()]


def test_every_exception_names_a_check_and_a_registered_style() -> None:
    for check, excused in EXCEPTIONS.items():
        assert callable(globals().get(f"test_{check}")), check
        assert set(excused) <= set(phraser_names()), (check, set(excused))


@pytest.mark.parametrize("name", styles("it_is_a_phraser_under_its_name"))
def test_it_is_a_phraser_under_its_name(name: str) -> None:
    style = phraser(name)
    assert isinstance(style, Phraser)
    assert style.name == name


@pytest.mark.parametrize("name", styles("every_number_of_the_code_is_stated"))
def test_every_number_of_the_code_is_stated(name: str) -> None:
    problems = [(text, missing) for strategy, text in pairs_of(name)
                if (missing := unstated_numbers(strategy, unglue(text)))]
    assert not problems, problems[:3]


@pytest.mark.parametrize("name", styles("no_number_is_stated_that_the_code_does_not_hold"))
def test_no_number_is_stated_that_the_code_does_not_hold(name: str) -> None:
    problems = [(text, stray) for strategy, text in pairs_of(name)
                if (stray := stray_numbers(strategy, unglue(text)))]
    assert not problems, problems[:3]


@pytest.mark.parametrize("name", styles("a_changed_value_is_caught"))
def test_a_changed_value_is_caught(name: str) -> None:
    """The checks above can fail: the text of a strategy does not state another's values."""
    examples = examples_of(name)
    stops = mutated = 0
    for example in examples:
        text = unglue(example.description)
        stop = example.strategy.args.get("stop_loss")
        if isinstance(stop, Call):
            changed = Call(name="StopLoss", args={**stop.args, "percentage": 4093})
            other = Call(name="Strategy", args={**example.strategy.args, "stop_loss": changed})
            assert unstated_numbers(other, text), example.description
            stops += 1
        other_number = with_first_number(example.strategy, 4093)
        if other_number is not None:
            assert unstated_numbers(other_number, text), example.description
            # and a number only the text states is caught the other way round
            assert stray_numbers(other_number, unglue(example.description + " Use 8111 shares."))
            mutated += 1
    assert stops > len(examples) // 4 and mutated > len(examples) * 2 // 3
    caught = sum(bool(unstated_numbers(a.strategy, unglue(b.description)))
                 for a, b in itertools.pairwise(examples))
    assert caught > len(examples) * 0.8


@pytest.mark.parametrize("name", styles("every_indicator_is_named"))
def test_every_indicator_is_named(name: str) -> None:
    def said(text: str) -> str:
        for pattern, name_of_it in SERIES_SPELLINGS.get(name, ()):
            text = re.sub(pattern, name_of_it, text)
        return text

    problems = [(text, missing) for strategy, text in pairs_of(name)
                if (missing := named_series(strategy, said(text)))]
    assert not problems, problems[:3]


@pytest.mark.parametrize("name", styles("every_ticker_is_named"))
def test_every_ticker_is_named(name: str) -> None:
    """Each ticker of the code stands as a word of its own, as the reader takes tickers (not
    "X" in "EURUSD=X"), and no capitalised word of the text is another of the dataset's."""
    for strategy, text in pairs_of(name):
        tickers = tickers_of(strategy)
        for ticker in tickers:
            assert re.search(rf"(?<![\w^.=-]){re.escape(ticker)}(?![\w^=-])", text), (
                ticker, text)
        capitals = set(re.findall(r"(?<![\w^$.=-])[A-Z][A-Z0-9]*(?![\w^=-])", text))
        assert not (capitals - tickers) & set(TICKERS), (capitals - tickers, text)


@pytest.mark.parametrize("name", styles("the_reader_finds_every_date_and_number"))
def test_the_reader_finds_every_date_and_number(name: str) -> None:
    """Of every example, and of all but a few fuzzed draws with more numbers than the reader
    has slots (see ``assert_read``)."""
    known = known_of(name)
    read = [assert_read(strategy, text, known) for strategy, text in pairs_of(name)]
    examples = len(examples_of(name))
    assert all(read[:examples])
    assert read[examples:].count(False) < len(read[examples:]) / 20


@pytest.mark.parametrize("name", styles("the_reader_finds_every_ticker"))
def test_the_reader_finds_every_ticker(name: str) -> None:
    known = known_of(name)
    problems = [(missing, text) for strategy, text in pairs_of(name)
                if (missing := unread_tickers(strategy, text, known))]
    assert not problems, problems[:3]


@pytest.mark.parametrize("name", styles("the_reader_takes_no_word_for_a_ticker"))
def test_the_reader_takes_no_word_for_a_ticker(name: str) -> None:
    known = known_of(name)
    problems = [(found - tickers_of(strategy), text) for strategy, text in pairs_of(name)
                if not (found := read_tickers(text, known)) <= tickers_of(strategy)]
    assert not problems, problems[:3]


@pytest.mark.parametrize("name", styles("the_reader_finds_the_traded_ticker"))
def test_the_reader_finds_the_traded_ticker(name: str) -> None:
    known = known_of(name)
    problems = [text for strategy, text in pairs_of(name)
                if strategy.args["ticker"] not in read_tickers(text, known)]
    assert not problems, problems[:3]


@pytest.mark.parametrize("name", styles("every_catalog_class_is_described"))
def test_every_catalog_class_is_described(name: str) -> None:
    """The uniform draws reach every class of the catalog, and series on other tickers; each
    gets a text with no template field left in it."""
    fuzzed = fuzzed_of(name)
    seen = {call.name for strategy, _ in fuzzed for call in strategy.walk()}
    everything = {c.name for kind in Kind for c in CATALOG.of_kind(kind)}
    assert everything <= seen, everything - seen
    foreign = sum(ticker != strategy.args["ticker"] for strategy, _ in fuzzed
                  for ticker in tickers_of(strategy))
    assert foreign > len(fuzzed) // 5
    for _, text in pairs_of(name):
        assert text.strip() and "None)" not in text, text
        assert not re.search(r"\{[a-z_]*\}", text), text


@pytest.mark.parametrize("name", styles("no_text_has_braces"))
def test_no_text_has_braces(name: str) -> None:
    problems = [text for _, text in pairs_of(name) if "{" in text or "}" in text]
    assert not problems, problems[:3]


@pytest.mark.parametrize("name", styles("no_text_has_double_spaces"))
def test_no_text_has_double_spaces(name: str) -> None:
    problems = [text for _, text in pairs_of(name) if "  " in text]
    assert not problems, problems[:3]


@pytest.mark.parametrize("name", styles("the_same_seed_gives_the_same_text"))
def test_the_same_seed_gives_the_same_text(name: str) -> None:
    style = phraser(name)
    for seed in range(30):
        strategy = random_strategy(random.Random(seed))
        first = style.describe(strategy, random.Random(f"again{seed}"))
        assert style.describe(strategy, random.Random(f"again{seed}")) == first
    strategy = random_strategy(random.Random(5))
    assert len({style.describe(strategy, random.Random(s)) for s in range(20)}) > 15
    again = generate_examples(50, SEED, style=style, typos=False)
    assert [e.description for e in again] == [e.description for e in examples_of(name)[:50]]
