"""The chat style states every value of the code, in forms the model's reader reads."""

from __future__ import annotations

import random
import re

import pytest

from strategy_lsp.generation.runtime.reading import SLOT_COUNTS, number_text, read_description
from strategy_lsp.grammar import CATALOG, Call, EnumValue, Kind
from strategy_lsp.grammar.sampling import random_strategy
from strategy_lsp.training.chat_style import ChatPhraser
from strategy_lsp.training.dataset import Example, generate_examples
from strategy_lsp.training.strategies import TICKERS
from strategy_lsp.training.vocabulary import member_names

from .statements import named_series, stray_numbers, unstated_numbers

STYLE = ChatPhraser()


@pytest.fixture(scope="module")
def chat_examples() -> list[Example]:
    return list(generate_examples(400, seed=11, style=STYLE, typos=False))


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
    """Glued forms ("rsi14", "200sma", "10 grand") apart, as the shared checks spell them."""
    text = re.sub(r"(?<=[a-z])(?=\d)|(?<=\d)(?=[a-z]{2})", " ", text)
    return re.sub(r"(\d) grand\b", r"\1k", text)


def test_name_and_protocol() -> None:
    from strategy_lsp.training.phrasing import Phraser

    assert STYLE.name == "chat"
    assert isinstance(STYLE, Phraser)


def test_every_value_of_the_code_is_stated(chat_examples: list[Example],
                                           fuzzed: list[tuple[Call, str]]) -> None:
    problems = [(text, missing) for strategy, text in _all(chat_examples, fuzzed)
                if (missing := unstated_numbers(strategy, _spaced(text)))]
    assert not problems, problems[:5]


def test_no_number_the_code_does_not_hold(chat_examples: list[Example],
                                         fuzzed: list[tuple[Call, str]]) -> None:
    problems = [(text, stray) for strategy, text in _all(chat_examples, fuzzed)
                if (stray := stray_numbers(strategy, _spaced(text)))]
    assert not problems, problems[:5]


def test_every_indicator_is_named(chat_examples: list[Example],
                                  fuzzed: list[tuple[Call, str]]) -> None:
    problems = [(text, missing) for strategy, text in _all(chat_examples, fuzzed)
                if (missing := named_series(strategy, text))]
    assert not problems, problems[:5]


def test_the_position_side_is_stated(chat_examples: list[Example],
                                     fuzzed: list[tuple[Call, str]]) -> None:
    for strategy, text in _all(chat_examples, fuzzed):
        side = strategy.args["position_type"]
        assert isinstance(side, EnumValue)
        lower = text.lower()
        says_short = re.search(r"\bshort", lower) is not None
        for phrase in ("buy it back", "buy back", "buying it back"):
            lower = lower.replace(phrase, "")
        says_long = re.search(r"\b(long|longs|buy|buys|buying)\b", lower) is not None
        expected = {"LONG": (True, False), "SHORT": (False, True),
                    "LONG_SHORT_COMBINED": (True, True)}[side.member]
        assert (says_long, says_short) == expected, text


def _enum_leaves(call: Call) -> list[EnumValue]:
    return [v for inner in call.walk() for v in inner.args.values()
            if isinstance(v, EnumValue) and v.enum != "PositionTypeEnum"]


def test_every_enum_member_is_named(fuzzed: list[tuple[Call, str]]) -> None:
    other = {"YEAR_TO_DATE": ("ytd",), "MAX": ("max", "all the history"),
             "NOT_PASSED": ("no preset period", "period: none", "no lookback period set"),
             "TRAILING": ("trail the stop",)}
    for strategy, text in fuzzed:
        lower = text.lower()
        for leaf in _enum_leaves(strategy):
            names = [n.lower() for n in member_names(leaf.enum, leaf.member)]
            names += [n.removeprefix("a ").replace("half a ", "half ") for n in names]
            names += [n.replace(" ", "-").removesuffix("s") for n in names]
            names += list(other.get(leaf.member, ()))
            spec = CATALOG.enum(leaf.enum)
            assert spec is not None
            member = spec.member(leaf.member)
            assert member is not None
            names.append(str(member.value).lower())
            assert any(n in lower for n in names), (str(leaf), text)


def test_stops_say_trailing_only_when_they_trail(fuzzed: list[tuple[Call, str]]) -> None:
    for strategy, text in fuzzed:
        stop = strategy.args.get("stop_loss")
        trailing = isinstance(stop, Call) and stop.args.get("stop_loss_type") == EnumValue(
            enum="StopLossType", member="TRAILING")
        says = re.search(r"\btrail", text.lower().replace("not trailing", "")) is not None
        assert says == trailing, text


def _uppercase_words(text: str, tickers: set[str]) -> set[str]:
    words = set(re.findall(r"(?<![\w^$.=-])[A-Z][A-Z0-9]*(?![\w^=-])", text))
    return {w for w in words if w not in tickers}


def test_the_reader_finds_every_value_and_ticker(chat_examples: list[Example],
                                                fuzzed: list[tuple[Call, str]]) -> None:
    skipped = 0
    for strategy, text in _all(chat_examples, fuzzed):
        tickers = {v for c in strategy.walk() for v in c.args.values()
                   if isinstance(v, str)}
        # capitalised words of the style (RSI, SMA) are the model folder's known words
        known = _uppercase_words(text, tickers)
        assert not known & set(TICKERS), (known, text)
        reading = read_description(text, known_upper=known)
        slots = {s.text for s in reading.slots}
        found = {s.text for s in reading.slots if s.name.startswith("<t")}
        if len(tickers) <= SLOT_COUNTS["t"]:
            assert found == tickers, (tickers, found, text)
        else:
            assert found <= tickers, (tickers, found, text)
        if sum(s.name.startswith("<n") for s in reading.slots) >= SLOT_COUNTS["n"]:
            skipped += 1
            continue  # more numbers than the model has slots: read as words past the last
        for call in strategy.walk():
            if call.name == "datetime":
                y, m, d = (call.args[k] for k in ("year", "month", "day"))
                assert f"{y}, {m}, {d}" in slots, (call, text)
                continue
            if call.name == "MoneyCommissions" and call.args["value"] == 0:
                continue  # "no commissions"
            for value in call.args.values():
                if isinstance(value, int | float) and not isinstance(value, bool):
                    assert number_text(abs(value)) in slots, (value, slots, text)
    assert skipped < len(fuzzed) // 10


def test_every_catalog_class_is_described(fuzzed: list[tuple[Call, str]]) -> None:
    seen = {call.name for strategy, _ in fuzzed for call in strategy.walk()}
    wanted = {c.name for kind in (Kind.SERIES, Kind.CONDITION) for c in CATALOG.of_kind(kind)}
    assert wanted <= seen, wanted - seen


def test_same_seed_same_text() -> None:
    for seed in range(30):
        strategy = random_strategy(random.Random(seed))
        first = STYLE.describe(strategy, random.Random(f"x{seed}"))
        assert first == STYLE.describe(strategy, random.Random(f"x{seed}"))


def test_the_style_varies(chat_examples: list[Example]) -> None:
    texts = [e.description for e in chat_examples]
    openings = {" ".join(t.lower().split()[:2]) for t in texts}
    assert len(openings) > 40
    lower = sum(e.description.replace(e.ticker, "") == e.description.replace(e.ticker, "").lower()
                for e in chat_examples)
    assert lower > len(texts) // 4  # often all lower case
    assert any(re.search(r"\b[a-z]{2,4}\d{1,3}\b|\b\d{1,3}[a-z]{2,4}\b", t) for t in texts)
    assert any("?" in t for t in texts)
