"""The "config" style: strategies pasted as JSON, YAML, TOML, INI, env lines, dicts or flags.

What every style keeps (each value stated, read back, deterministic) is test_style_contract's;
these are config's own names and formats."""

from __future__ import annotations

import ast
import configparser
import json
import random
import re
import tomllib

import pytest
import yaml  # type: ignore[import-untyped, unused-ignore]

from strategy_lsp.grammar import CATALOG, Call, EnumValue, Kind
from strategy_lsp.grammar.sampling import random_strategy
from strategy_lsp.training import config_style
from strategy_lsp.training.config_style import (
    ENUM_CODES,
    PARAM_CODES,
    SERIES_CODES,
    ConfigPhraser,
)

from .style_contract import examples_of, fuzzed_of

STYLE = ConfigPhraser()


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


def _sides(text: str) -> tuple[bool, bool]:
    lowered = text.lower()
    return (re.search(r"long|buy", lowered) is not None,
            re.search(r"short", lowered) is not None)


def test_the_position_side_is_stated_and_no_other() -> None:
    for strategy, text in fuzzed_of("config"):
        side = strategy.args["position_type"]
        assert isinstance(side, EnumValue)
        expected = {"LONG": (True, False), "SHORT": (False, True),
                    "LONG_SHORT_COMBINED": (True, True)}[side.member]
        assert _sides(text) == expected, text


def test_stops_sizes_and_commissions_read_differently() -> None:
    for strategy, description in fuzzed_of("config"):
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


def test_every_enum_member_is_named() -> None:
    for strategy, text in fuzzed_of("config"):
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


def test_the_style_writes_every_format_and_many_shapes() -> None:
    texts = [e.description for e in examples_of("config")]
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
