"""The "pseudo" style: strategies as pseudo-code that still states every value, readably.

What every style keeps (each value stated, read back, deterministic) is test_style_contract's;
these are pseudo's own names and dialects."""

from __future__ import annotations

import re

from strategy_lsp.grammar import CATALOG, Call, EnumValue, Kind
from strategy_lsp.training.pseudo_style import _FN, _KW, _LEVELS, _SMOOTHING, _SOURCES
from strategy_lsp.training.vocabulary import member_names

from .style_contract import examples_of, fuzzed_of


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


def _sides(text: str) -> tuple[bool, bool]:
    lowered = text.lower()
    return (re.search(r"(?<![a-z])(long|buy)", lowered) is not None,
            re.search(r"(?<![a-z])short", lowered) is not None)


def test_the_position_side_is_stated_and_no_other() -> None:
    for strategy, text in fuzzed_of("pseudo"):
        side = strategy.args["position_type"]
        assert isinstance(side, EnumValue)
        expected = {"LONG": (True, False), "SHORT": (False, True),
                    "LONG_SHORT_COMBINED": (True, True)}[side.member]
        assert _sides(text) == expected, text


def test_stops_sizes_and_commissions_read_differently() -> None:
    for strategy, description in fuzzed_of("pseudo"):
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


def test_every_enum_member_is_named() -> None:
    for strategy, text in fuzzed_of("pseudo"):
        lowered = text.lower()
        for call in strategy.walk():
            for value in call.args.values():
                if isinstance(value, EnumValue) and value.enum not in (
                        "PositionTypeEnum", "StopLossType"):
                    assert any(f in lowered for f in _forms(value)), (str(value), text)


def test_the_style_writes_every_dialect_and_many_shapes() -> None:
    texts = [e.description for e in examples_of("pseudo")]
    assert any(t.startswith("strategy(") or "strategy.entry" in t for t in texts)  # pine
    assert any(re.search(r"^if .*:", t, re.MULTILINE) for t in texts)  # python
    assert any("=AND(" in t or "=OR(" in t or "=CROSS" in t for t in texts)  # formulas
    assert any(t.startswith("SELECT") for t in texts)  # sql
    assert any(" when " in t for t in texts)  # English with code
    shapes = {re.sub(r"[\d.]+", "N", t.split("\n")[0])[:30] for t in texts}
    assert len(shapes) > 150
