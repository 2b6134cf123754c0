"""The "report" style's own words; what every style keeps is test_style_contract's."""

from __future__ import annotations

import re

from strategy_lsp.grammar import Call, EnumValue
from strategy_lsp.training.vocabulary import member_names

from .statements import words
from .style_contract import assert_sides, examples_of


def test_the_position_side_is_stated_and_no_other() -> None:
    assert_sides(((e.strategy, e.description) for e in examples_of("report")),
                 r"\b(long|buy|buys)\b",
                 r"\bshort")


def test_stop_kinds_sizes_and_commissions_read_differently() -> None:
    for example in examples_of("report"):
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


def test_every_enum_member_is_named() -> None:
    for example in examples_of("report"):
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
                # "a normal stop" as the stops test reads it: the member's own name
                names += {"TRAILING": ["trails the price"], "NORMAL": ["normal"],
                          "YEAR_TO_DATE": ["year to date"], "MAX": ["all available", "max"],
                          "ONE_WEEK": ["1wk"], "ONE_MONTH": ["1mo"], "THREE_MONTHS": ["3mo"],
                          "FIVE_YEARS": ["5y"], "TWO_YEARS": ["2y"], "TEN_YEARS": ["10y"],
                          "ONE_YEAR": ["1y"], "SIX_MONTHS": ["6mo"]}.get(value.member, [])
                assert any(n in text for n in names), (str(value), example.description)


def test_the_style_writes_many_shapes() -> None:
    examples = examples_of("report")
    openings = {" ".join(e.description.split()[:3]) for e in examples}
    assert len(openings) > 60
    assert any("\n" in e.description for e in examples)  # headed sections
    assert any(e.description.startswith(("In this study", "In the present", "In what", "For the",
                                             "In the backtest"))
               for e in examples)
