"""The "config" style: strategies pasted as JSON, YAML, TOML, INI, env lines, dicts or flags."""

from __future__ import annotations

import ast
import configparser
import json
import random
import re
import tomllib

import pytest
import yaml  # type: ignore[import-untyped, unused-ignore]

from strategy_lsp.generation.runtime.reading import number_text, read_description
from strategy_lsp.generation.runtime.slotted import known_capitals
from strategy_lsp.grammar import CATALOG, Call, EnumValue, Kind, render
from strategy_lsp.grammar.sampling import random_strategy
from strategy_lsp.training import config_style
from strategy_lsp.training.config_style import (
    ENUM_CODES,
    PARAM_CODES,
    SERIES_CODES,
    ConfigPhraser,
)
from strategy_lsp.training.dataset import Example, generate_examples
from strategy_lsp.training.phrasing import Phraser

from .statements import stray_numbers, unstated_numbers

STYLE = ConfigPhraser()


@pytest.fixture(scope="module")
def examples() -> list[Example]:
    return list(generate_examples(400, seed=33, style=STYLE, typos=False))


@pytest.fixture(scope="module")
def fuzzed() -> list[tuple[Call, str]]:
    """Strategies drawn uniformly over the whole catalog (odd values, other tickers)."""
    found = []
    for seed in range(1000):
        strategy = random_strategy(random.Random(seed))
        found.append((strategy, STYLE.describe(strategy, random.Random(seed))))
    return found


def unglued(text: str) -> str:
    """"rsi14", "sma_200" with a space, so that the shared checks see the number alone."""
    return re.sub(r"(?<=[a-z_])(?=\d)", " ", text)


def test_it_is_a_phraser_named_config() -> None:
    assert isinstance(STYLE, Phraser)
    assert STYLE.name == "config"


def test_code_names_cover_the_catalog_and_never_name_two_classes() -> None:
    series = {c.name for c in CATALOG.of_kind(Kind.SERIES)} - {"CONST"}
    assert series <= set(SERIES_CODES)
    owners: dict[str, str] = {}
    for cls, names in SERIES_CODES.items():
        for name in names:
            assert owners.setdefault(name.lower(), cls) == cls, name
    params = {p.name for c in CATALOG.of_kind(Kind.SERIES) for p in c.params}
    assert params - {"ticker", "const_number"} <= set(PARAM_CODES)
    for words in PARAM_CODES.values():  # "long"/"short" would blur the position side
        assert not any(re.search(r"long|short|\d", w) for w in words), words
    members = {m.name for e in ("SourceType", "SmoothingType")
               for m in CATALOG.enum(e).members}  # type: ignore[union-attr]
    assert members <= set(ENUM_CODES)


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
        assert text and "None)" not in text, text
        assert not unstated_numbers(strategy, plain), (text, unstated_numbers(strategy, plain))
        assert not stray_numbers(strategy, plain), (text, stray_numbers(strategy, plain))
        named |= {c.name for c in strategy.walk()}
    assert len(named) > 70  # series, conditions, sizes, commissions all came up


def _sides(text: str) -> tuple[bool, bool]:
    lowered = text.lower()
    return (re.search(r"long|buy", lowered) is not None,
            re.search(r"short", lowered) is not None)


def test_the_position_side_is_stated_and_no_other(fuzzed: list[tuple[Call, str]]) -> None:
    for strategy, text in fuzzed:
        side = strategy.args["position_type"]
        assert isinstance(side, EnumValue)
        expected = {"LONG": (True, False), "SHORT": (False, True),
                    "LONG_SHORT_COMBINED": (True, True)}[side.member]
        assert _sides(text) == expected, text


def test_stops_sizes_and_commissions_read_differently(fuzzed: list[tuple[Call, str]]) -> None:
    for strategy, description in fuzzed:
        text = description.lower()
        args = strategy.args
        stop = args.get("stop_loss")
        kind = stop.args.get("stop_loss_type") if isinstance(stop, Call) else None
        member = kind.member if isinstance(kind, EnumValue) else None
        said = re.sub(r"--no-[\w-]*trail\w*|trail\w*[\"']?\s*[:=]?\s*(false|no|off)\b", "",
                      text)  # "trailing: false" and "--no-trailing-stop" state a fixed stop
        assert ("trail" in said) == (member == "TRAILING"), description
        if isinstance(stop, Call) or "take_profit" in args:
            assert re.search(r"pct|percent|%", text), description
        size = args.get("order_size")
        if isinstance(size, Call):
            marker = {"Contracts": r"qty|share|contract|unit",
                      "USD": r"usd|cash|notional|\$|dollar",
                      "PercentOfEquity": r"equity"}[size.name]
            assert re.search(marker, text), description
        fee = args.get("trade_commissions")
        if isinstance(fee, Call):
            marker = r"usd|\$|cash|/trade|per.?trade|fixed|flat" \
                if fee.name == "MoneyCommissions" else r"%|pct|percent"
            assert re.search(marker, text), description


def test_every_enum_member_is_named(fuzzed: list[tuple[Call, str]]) -> None:
    for strategy, text in fuzzed:
        lowered = text.lower()
        for call in strategy.walk():
            for value in call.args.values():
                if isinstance(value, EnumValue) and value.enum in ENUM_CODES.keys() | {
                        "SourceType", "SmoothingType"}:
                    assert any(f in lowered for f in ENUM_CODES[value.member]), (value, text)
                elif isinstance(value, EnumValue) and value.enum in ("Period", "Interval"):
                    spec = CATALOG.enum(value.enum)
                    assert spec is not None
                    member = spec.member(value.member)
                    assert member is not None
                    forms = [member.value, *member.names, "none", "null", "~", "not passed"]
                    assert any(f.lower() in lowered for f in forms), (value, text)


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
    for strategy, text in fuzzed[:600]:
        _assert_read(strategy, text, known)


def test_the_same_seed_gives_the_same_text() -> None:
    strategy = random_strategy(random.Random(5))
    first = STYLE.describe(strategy, random.Random(9))
    assert STYLE.describe(strategy, random.Random(9)) == first
    others = {STYLE.describe(strategy, random.Random(seed)) for seed in range(20)}
    assert len(others) > 15


def _body(text: str) -> str:
    """The config without the line or code fence a paste may come with."""
    lines = text.split("\n")
    if lines[0].endswith(":") or lines[0].endswith("->") or lines[0].startswith("# "):
        lines = lines[1:]
    if lines[0].startswith("```"):
        lines = lines[1:-1]
    return "\n".join(lines)


@pytest.mark.parametrize("fmt", ["json", "toml", "yaml", "python", "ini"])
def test_configs_are_valid_in_their_format(fmt: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A developer's paste parses: JSON, TOML, YAML, INI and Python are all well formed."""
    monkeypatch.setattr(config_style, "_FORMATS", (fmt,))
    for seed in range(150):
        strategy = random_strategy(random.Random(seed))
        text = _body(STYLE.describe(strategy, random.Random(seed)))
        if fmt == "json":
            assert isinstance(json.loads(text), dict), text
        elif fmt == "toml":
            assert tomllib.loads(text), text
        elif fmt == "yaml":
            assert isinstance(yaml.safe_load(text), dict), text
        elif fmt == "ini":
            parser = configparser.ConfigParser(interpolation=None)
            parser.read_string(text)
            assert parser.sections(), text
        else:
            ast.parse(text)


def test_the_style_writes_every_format_and_many_shapes(examples: list[Example]) -> None:
    texts = [e.description for e in examples]
    assert any(re.search(r"^\{\s*\"", t, re.MULTILINE) for t in texts)  # JSON
    assert any(re.search(r"^\[\w+\]$", t, re.MULTILINE) for t in texts)  # TOML / INI section
    assert any(re.search(r"^[a-z_-]+:( |$)", t, re.MULTILINE) for t in texts)  # YAML
    assert any(re.search(r"^(export )?[A-Z]+_[A-Z_]+=", t, re.MULTILINE) for t in texts)  # env
    assert any(re.search(r" --[a-z-]+[ =]", t) for t in texts)  # command line
    assert any("{'" in t for t in texts)  # Python dict
    assert any(re.search(r"\"[a-z]+[A-Z]\w*\":", t) for t in texts)  # camelCase keys
    assert any(re.search(r"\"[a-z]+-[a-z-]+\":", t) for t in texts)  # kebab-case keys
    for pattern in (r"\w\(\d+\) [<>] -?\d", r"cross\w*\(", r" crosses (above|below|over|under) ",
                    r"true|false|True|False"):
        assert any(re.search(pattern, t) for t in texts), pattern
    shapes = {re.sub(r"[\d.]+", "N", t)[:40] for t in texts}
    assert len(shapes) > 150
