"""The "form" style: terse, structured descriptions that still state every value.

What every style keeps (each value stated, read back, deterministic) is test_style_contract's;
these are form's own words and layouts."""

from __future__ import annotations

import random
import re

from strategy_lsp.grammar import CATALOG, Call, EnumValue
from strategy_lsp.training.form_style import FormPhraser
from strategy_lsp.training.vocabulary import member_names

from .style_contract import assert_sides, examples_of, fuzzed_of


def test_the_position_side_is_stated() -> None:
    assert_sides(((e.strategy, e.description) for e in examples_of("form")),
                 r"\b(long|buy|buys)\b",
                 r"\bshort",
                 ignore=("buy to cover",))


def _enum_leaves(call: Call) -> list[EnumValue]:
    return [v for inner in call.walk() for v in inner.args.values() if isinstance(v, EnumValue)]


def test_every_enum_member_is_named() -> None:
    for example in examples_of("form"):
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


def test_many_layouts_and_shapes() -> None:
    texts = [e.description for e in examples_of("form")]
    assert len(set(texts)) == len(texts)
    # the shape of a text: its punctuation and line structure, values and words masked
    shapes = {re.sub(r"[A-Za-z0-9$%^=.-]+", "w", t) for t in texts}
    assert len(shapes) > 0.9 * len(texts)
    assert sum("\n" in t for t in texts) > len(texts) / 3
    assert sum("\n" not in t for t in texts) > len(texts) / 10
    assert sum(t.startswith("| ") for t in texts) > 10  # tables
    assert sum(bool(re.search(r"^\s*(#|//)", t, re.M)) for t in texts) > 10  # comments


def test_another_tickers_series_is_named_with_its_ticker() -> None:
    """Form is excused from the contract's stricter check (see style_contract.EXCEPTIONS):
    a ticker may be glued after "=", but it is always written."""
    checked = 0
    for strategy, text in fuzzed_of("form"):
        own = strategy.args["ticker"]
        for call in strategy.walk():
            ticker = call.args.get("ticker")
            if call.name != "Strategy" and isinstance(ticker, str) and ticker != own:
                assert ticker in text, (ticker, text)
                checked += 1
    assert checked > 20
