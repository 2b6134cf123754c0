"""The novice style's own words; what every style keeps is test_style_contract's."""

from __future__ import annotations

import random
import re

from strategy_lsp.grammar import Call, EnumValue
from strategy_lsp.grammar.sampling import random_strategy
from strategy_lsp.training.novice_style import NovicePhraser
from strategy_lsp.training.vocabulary import member_names

from .statements import words
from .style_contract import assert_sides, examples_of, fuzzed_of, pairs_of

STYLE = NovicePhraser()


def test_the_position_side_is_stated() -> None:
    assert_sides(pairs_of("novice"),
                 r"\b(long|buy|buying)\b",
                 r"\bshort",
                 ignore=(r"\bbuy it back\b",))


def test_crossings_are_movements_and_comparisons_states() -> None:
    close = Call(name="CLOSE", args={"ticker": "AAPL"})
    level = Call(name="CONST", args={"const_number": 150})
    movement = re.compile(r"\b(goes|go|passes|pass|jumps|jump|crosses|cross|breaks|break|"
                          r"becomes|become|gets|get|moves|move|comes|come|falls|fall|drops|"
                          r"drop)\b")
    for name in ("CrossOverCondition", "CrossUnderCondition", "GreaterThanCondition",
                 "LessThanCondition"):
        condition = Call(name=name, args={"first_series": close, "second_series": level})
        for seed in range(60):
            strategy = random_strategy(random.Random(seed))
            args = dict(strategy.args, ticker="AAPL", buy_condition=condition,
                        sell_condition=condition)
            text = STYLE.describe(Call(name="Strategy", args=args), random.Random(seed))
            clause = text.lower().split("150")[0].rsplit("price", 1)[-1]
            assert bool(movement.search(clause)) == name.startswith("Cross"), (clause, text)


def test_stops_sizes_and_fees_read_differently() -> None:
    for strategy, text in fuzzed_of("novice"):
        lower = text.lower()
        stop = strategy.args.get("stop_loss")
        trailing = isinstance(stop, Call) and stop.args.get("stop_loss_type") == EnumValue(
            enum="StopLossType", member="TRAILING")
        assert ("trail" in lower) == trailing, text
        size = strategy.args.get("order_size")
        if isinstance(size, Call):
            kind = {"Contracts": r"share|contract|unit|piece", "USD": r"\$|dollar|usd",
                    "PercentOfEquity": r"(%|percent|pct|per cent) of (my|the|equity)"}
            assert re.search(kind[size.name], lower), (size, text)
        fee = strategy.args.get("trade_commissions")
        if isinstance(fee, Call) and fee.name == "PercentageCommissions":
            assert re.search(r"%|percent|pct|per cent", lower), text
        if isinstance(fee, Call) and fee.name == "MoneyCommissions":
            assert re.search(r"\$|dollar|usd|no fees|zero commission", lower), text


def test_every_enum_member_is_named() -> None:
    other = {"NOT_PASSED": ("none",), "YEAR_TO_DATE": ("ytd", "year to date"),
             "CLOSE": ("close price",), "OPEN": ("open price",), "HIGH": ("highest price",),
             "LOW": ("lowest price",)}
    for strategy, text in fuzzed_of("novice"):
        lower = text.lower()
        for call in strategy.walk():
            for value in call.args.values():
                if not isinstance(value, EnumValue) or value.enum == "PositionTypeEnum":
                    continue
                names = [n.lower() for n in member_names(value.enum, value.member)]
                names += [re.sub(r"^(\d+) ", lambda m: words(int(m.group(1))) + " ", n)
                          for n in names]
                names += other.get(value.member, ())
                assert any(n in lower for n in names), (str(value), text)


def test_the_style_varies() -> None:
    texts = [e.description for e in examples_of("novice")]
    assert len({" ".join(t.lower().split()[:3]) for t in texts}) > 60
    assert any("\n" in t for t in texts)
    assert any(t.endswith("?") for t in texts)
    assert any(re.search(r"\b[a-z]{2,5}\d{1,3}\b", t) for t in texts)  # glued "rsi14"
    assert any(re.search(r"\b(go|fall|drop|cross) (under|below|over|above)", t) for t in texts)
    assert any(re.search(r"\bI (think|read that)\b", t) for t in texts)
