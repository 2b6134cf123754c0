"""The email style's own words; what every style keeps is test_style_contract's."""

from __future__ import annotations

import random
import re

from strategy_lsp.generation.runtime.reading import number_text
from strategy_lsp.grammar import Call, EnumValue
from strategy_lsp.grammar.sampling import random_strategy
from strategy_lsp.training.email_style import EmailPhraser
from strategy_lsp.training.vocabulary import member_names

from .style_contract import assert_sides, examples_of, fuzzed_of, known_of, pairs_of, reader_slots

STYLE = EmailPhraser()


def test_the_position_side_is_stated() -> None:
    assert_sides(pairs_of("email"), r"\b(long|buy|buying)\b", r"\bshort")


def test_crossings_are_movements_and_comparisons_states() -> None:
    close = Call(name="CLOSE", args={"ticker": "AAPL"})
    level = Call(name="CONST", args={"const_number": 150})
    movement = re.compile(r"\b(crosses|breaks|pushes|moves|climbs|cuts|drops|slips|falls)\b")
    state = re.compile(r"\b(is|sits|stays)\b")
    for name in ("CrossOverCondition", "CrossUnderCondition", "GreaterThanCondition",
                 "LessThanCondition"):
        condition = Call(name=name, args={"first_series": close, "second_series": level})
        for seed in range(60):
            strategy = random_strategy(random.Random(seed))
            args = dict(strategy.args, ticker="AAPL", buy_condition=condition,
                        sell_condition=condition)
            text = STYLE.describe(Call(name="Strategy", args=args), random.Random(seed))
            clause = text.split("150")[0].rsplit("price", 1)[-1].rsplit("close", 1)[-1]
            crossing = name.startswith("Cross")
            assert bool(movement.search(clause)) == crossing, (clause, text)
            assert bool(state.search(clause)) != crossing, (clause, text)
            up = name in ("CrossOverCondition", "GreaterThanCondition")
            assert re.search(r"above|over|through|higher|greater|under|below|lower|less", clause)
            assert bool(re.search(r"above|over|higher|greater|\bup\b|climbs", clause)) == up, clause


def test_stops_sizes_and_fees_read_differently() -> None:
    for strategy, text in fuzzed_of("email"):
        lower = text.lower()
        stop = strategy.args.get("stop_loss")
        trailing = isinstance(stop, Call) and stop.args.get("stop_loss_type") == EnumValue(
            enum="StopLossType", member="TRAILING")
        assert ("trail" in lower) == trailing, text
        if isinstance(stop, Call) and stop.args.get("stop_loss_type") is not None and \
                not trailing:
            assert re.search(r"fixed|hard|static", lower), text
        size = strategy.args.get("order_size")
        if isinstance(size, Call):
            kind = {"Contracts": r"\b(shares?|contracts?|units?) (per|a|on)\b",
                    "USD": r"(\$|dollars|usd).{0,24}\b(per|a) (position|trade)",
                    "PercentOfEquity": r"(%|percent|pct|per cent) of (the account )?equity"}
            assert re.search(kind[size.name], lower), (size, text)
        fee = strategy.args.get("trade_commissions")
        if isinstance(fee, Call) and fee.name == "PercentageCommissions":
            assert re.search(r"(%|percent|pct|per cent) (commission|in commission|per)",
                             lower), text
        if isinstance(fee, Call) and fee.name == "MoneyCommissions":
            assert re.search(r"\$|dollar|usd|no fees|no commission|commission-free",
                             lower), text


def test_every_enum_member_is_named() -> None:
    other = {"NOT_PASSED": ("none",), "YEAR_TO_DATE": ("ytd", "year to date"),
             "CLOSE": ("close price",), "MAX": ("max", "all history"),
             "FIVE_DAYS": ("5-day bars", "5-day candles", "5d"),
             "ONE_YEAR": ("last year", "past year"), "TEN_YEARS": ("last decade", "past decade"),
             "THREE_MONTHS": ("last quarter", "past quarter")}
    for strategy, text in fuzzed_of("email"):
        lower = text.lower()
        for call in strategy.walk():
            for value in call.args.values():
                if not isinstance(value, EnumValue) or value.enum == "PositionTypeEnum":
                    continue
                names = [n.lower() for n in member_names(value.enum, value.member)]
                names += [n.replace("half a ", "half ") for n in names]
                names += other.get(value.member, ())
                assert any(n in lower for n in names), (str(value), text)


def test_the_reader_finds_no_number_the_code_does_not_hold() -> None:
    """Words like "one" or "two options" would be read as values the strategy lacks."""
    known = known_of("email")
    for strategy, text in pairs_of("email"):
        held = {number_text(abs(v)) for c in strategy.walk() for v in c.args.values()
                if isinstance(v, int | float) and not isinstance(v, bool)}
        for c in strategy.walk():  # enum members written with digits: "5-day bars", "61.8%"
            for v in c.args.values():
                if isinstance(v, EnumValue):
                    for name in member_names(v.enum, v.member):
                        held |= {number_text(float(d)) for d in re.findall(r"\d+(?:\.\d+)?",
                                                                           name)}
        read = {number for kind, number in reader_slots(text, known) if kind == "n"}
        assert read <= held, (read - held, text)


def test_it_reads_like_an_email() -> None:
    texts = [e.description for e in examples_of("email")]
    for text in texts:
        first, last = text.split("\n")[0], text.rstrip().split("\n")[-1]
        assert re.match(r"(Hi|Hello|Hey|Morning|Dear)\b.*,$", first), text
        assert "\n" in text
        assert re.search(r"\b(thanks|cheers|best|regards)\b|^- [A-Z]", text, re.M | re.I) or \
            last.startswith(("P.S.", "PS:")), text
    assert sum(bool(re.search(r"^P\.?S[.:]", t, re.M)) for t in texts) > 30
    assert sum(bool(re.search(r"^[-*•] ", t, re.M)) for t in texts) > 40
    assert sum("?" in t for t in texts) > 50
    assert sum(bool(re.search(r"\b(Could we|I'd like|Let's assume)\b", t)) for t in texts) > 100
    starts = {" ".join(p.split()[:4]) for t in texts for p in t.split("\n")[1:] if p}
    assert len(starts) > 150, len(starts)
