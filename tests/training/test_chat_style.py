"""The chat style's own words; what every style keeps is test_style_contract's."""

from __future__ import annotations

import re

from strategy_lsp.grammar import CATALOG, Call, EnumValue
from strategy_lsp.training.vocabulary import member_names

from .style_contract import assert_sides, examples_of, fuzzed_of, pairs_of


def test_the_position_side_is_stated() -> None:
    assert_sides(pairs_of("chat"),
                 r"\b(long|longs|buy|buys|buying)\b",
                 r"\bshort",
                 ignore=("buy it back", "buy back", "buying it back"))


def _enum_leaves(call: Call) -> list[EnumValue]:
    return [v for inner in call.walk() for v in inner.args.values()
            if isinstance(v, EnumValue) and v.enum != "PositionTypeEnum"]


def test_every_enum_member_is_named() -> None:
    other = {"YEAR_TO_DATE": ("ytd",), "MAX": ("max", "all the history"),
             "NOT_PASSED": ("no preset period", "period: none", "no lookback period set"),
             "TRAILING": ("trail the stop",)}
    for strategy, text in fuzzed_of("chat"):
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


def test_stops_say_trailing_only_when_they_trail() -> None:
    for strategy, text in fuzzed_of("chat"):
        stop = strategy.args.get("stop_loss")
        trailing = isinstance(stop, Call) and stop.args.get("stop_loss_type") == EnumValue(
            enum="StopLossType", member="TRAILING")
        says = re.search(r"\btrail", text.lower().replace("not trailing", "")) is not None
        assert says == trailing, text


def test_the_style_varies() -> None:
    chat_examples = examples_of("chat")
    texts = [e.description for e in chat_examples]
    openings = {" ".join(t.lower().split()[:2]) for t in texts}
    assert len(openings) > 40
    lower = sum(e.description.replace(e.ticker, "") == e.description.replace(e.ticker, "").lower()
                for e in chat_examples)
    assert lower > len(texts) // 4  # often all lower case
    assert any(re.search(r"\b[a-z]{2,4}\d{1,3}\b|\b\d{1,3}[a-z]{2,4}\b", t) for t in texts)
    assert any("?" in t for t in texts)
