"""The "terse" style: trader's shorthand that still states every value of its code.

What every style keeps (each value stated, read back, deterministic) is test_style_contract's;
these are terse's own words."""

from __future__ import annotations

import random
import re

from strategy_lsp.grammar import Call, EnumValue, Kind
from strategy_lsp.grammar.sampling import random_strategy
from strategy_lsp.training.terse_style import NAMES, TersePhraser
from strategy_lsp.training.vocabulary import series_names

from .style_contract import examples_of, fuzzed_of, pairs_of

STYLE = TersePhraser()


def test_short_names_name_one_class_each() -> None:
    owner: dict[str, str] = {}
    for series, names in NAMES.items():
        for name in names:
            assert name == name.lower(), name
            assert owner.setdefault(name, series) == series, (name, series, owner[name])
    catalog = {n.lower(): c for c in NAMES for n in series_names(c)}
    for name, series in owner.items():
        assert catalog.get(name, series) == series, (name, series, catalog[name])


def test_every_indicator_is_named() -> None:
    for strategy, text in pairs_of("terse"):
        for call in strategy.walk():
            if call.spec.kind is Kind.SERIES and call.name != "CONST":
                names = NAMES[call.name] + (("sig",) if call.name == "MACD_SIGNAL" else ())
                assert any(n in text for n in names), (call.name, text)


def test_the_position_side_is_stated_and_no_other() -> None:
    for strategy, text in pairs_of("terse"):
        side = strategy.args["position_type"]
        assert isinstance(side, EnumValue)
        lower = text.lower()
        says_short = re.search(r"\b(short|shorts|shrt|l/s)\b", lower) is not None
        says_long = re.search(r"\b(long|longs|lng|buy|l/s)\b", lower) is not None
        expected = {"LONG": (True, False), "SHORT": (False, True),
                    "LONG_SHORT_COMBINED": (True, True)}[side.member]
        assert (says_long, says_short) == expected, text
        if side.member == "SHORT":
            assert re.search(r"\b(cover|cvr|exit|out)\b", lower), text


def test_crossings_read_differently_from_levels() -> None:
    crossing = re.compile(r"\bx|cross|↗|↘|b/[od]\b|breaks")
    for seed in range(300):
        strategy = random_strategy(random.Random(seed))
        for condition, crosses in (("CrossOverCondition", True), ("CrossUnderCondition", True),
                                   ("GreaterThanCondition", False),
                                   ("LessThanCondition", False)):
            rule = Call(name=condition, args={
                "first_series": Call(name="RSI", args={"ticker": strategy.args["ticker"]}),
                "second_series": Call(name="CONST", args={"const_number": 30})})
            simple = Call(name="Strategy", args={
                k: v for k, v in {**strategy.args, "buy_condition": rule,
                                  "sell_condition": rule}.items()
                if k in ("ticker", "position_type", "buy_condition", "sell_condition")})
            text = STYLE.describe(simple, random.Random(seed))
            assert (crossing.search(text) is not None) == crosses, (condition, text)


def test_stop_kinds_sizes_and_commissions_read_differently() -> None:
    for strategy, text in pairs_of("terse"):
        lower = text.lower()
        args = strategy.args
        stop = args.get("stop_loss")
        kind = stop.args.get("stop_loss_type") if isinstance(stop, Call) else None
        member = kind.member if isinstance(kind, EnumValue) else None
        assert (re.search(r"trail|\btsl\b", lower) is not None) == (member == "TRAILING"), text
        fixed = re.search(r"\b(fixed|hard|static|normal)\b", lower) is not None
        assert fixed == (member == "NORMAL"), text
        size = args.get("order_size")
        if isinstance(size, Call):
            marker = {"Contracts": r"\d (sh|shs|cts?|units?|contracts?)\b|qty \d",
                      "USD": r"(sz|notional) \$|\$[\d.,]+[km]?(/trade|/pos| per | a pop)",
                      "PercentOfEquity": r"% (of )?eq|pct (of )?eq"}[size.name]
            assert re.search(marker, lower), (size, text)
        fee = args.get("trade_commissions")
        if isinstance(fee, Call) and fee.args.get("value") != 0:
            marker = r"\$[\d.,]+[km]?(/tr)? ?(comm|fee)|(comm|fees) \$" if \
                fee.name == "MoneyCommissions" else r"(%|pct|bps?) ?(comm|fee)|(comm|fees)[ =]\d"
            assert re.search(marker, lower), (fee, text)


_MEMBER_WORDS = {
    ("Period", "ONE_DAY"): ("1d", "1 day"), ("Period", "FIVE_DAYS"): ("5d", "5 days"),
    ("Period", "ONE_MONTH"): ("1mo", "1 mo"), ("Period", "THREE_MONTHS"): ("3mo", "3 mos", "qtr"),
    ("Period", "SIX_MONTHS"): ("6mo", "6 mos", "half yr"),
    ("Period", "ONE_YEAR"): ("1y", "yr"), ("Period", "TWO_YEARS"): ("2y", "2 yrs"),
    ("Period", "FIVE_YEARS"): ("5y", "5 yrs"), ("Period", "TEN_YEARS"): ("10y", "10 yrs", "decade"),
    ("Period", "YEAR_TO_DATE"): ("ytd",), ("Period", "MAX"): ("max", "all hist"),
    ("Period", "NOT_PASSED"): ("none", "no period"),
    ("Interval", "ONE_DAY"): ("1d", "daily", "dly"), ("Interval", "FIVE_DAYS"): ("5d", "5-day"),
    ("Interval", "ONE_WEEK"): ("1wk", "weekly", "wkly"),
    ("Interval", "ONE_MONTH"): ("1mo", "monthly", "mthly"),
    ("Interval", "THREE_MONTHS"): ("3mo", "quarterly", "qtrly"),
    ("SourceType", "CLOSE"): ("close", "cls"), ("SourceType", "OPEN"): ("open", "opn"),
    ("SourceType", "HIGH"): ("high", "hi"), ("SourceType", "LOW"): ("low", "lo"),
    ("SourceType", "HLC3"): ("hlc3", "typical"), ("SourceType", "HL2"): ("hl2", "median"),
    ("SourceType", "OHLC4"): ("ohlc4",), ("SourceType", "HLCC4"): ("hlcc4", "wtd close"),
    ("SourceType", "VOLUME"): ("vol",),
    ("SmoothingType", "RMA"): ("rma", "wilder"), ("SmoothingType", "SMA"): ("sma",),
    ("SmoothingType", "EMA"): ("ema",), ("SmoothingType", "WMA"): ("wma",),
}
_FIB_LEVELS = {"LEVEL_0": "0", "LEVEL_23_6": "23.6", "LEVEL_38_2": "38.2", "LEVEL_50": "50",
               "LEVEL_61_8": "61.8", "LEVEL_100": "100"}


def test_every_enum_member_is_named() -> None:
    for strategy, text in fuzzed_of("terse"):
        for call in strategy.walk():
            for value in call.args.values():
                if isinstance(value, EnumValue) and value.enum == "FibonacciLevels":
                    level = re.escape(_FIB_LEVELS[value.member])
                    said = rf"\b(fibo?|retr) {level}(%|\b)" + (
                        "|golden" if value.member == "LEVEL_61_8" else "")
                    assert re.search(said, text), (str(value), text)
                if isinstance(value, EnumValue) and (value.enum, value.member) in _MEMBER_WORDS:
                    words = _MEMBER_WORDS[(value.enum, value.member)]
                    assert any(w in text for w in words), (str(value), text)


def test_the_style_is_terse_and_varied() -> None:
    examples = examples_of("terse")
    texts = [e.description for e in examples]
    assert len({" ".join(t.split()[:2]) for t in texts}) > 100
    assert sum(t.replace(e.ticker, "") == t.replace(e.ticker, "").lower()
               for t, e in zip(texts, examples, strict=True)) > len(texts) * 0.9
    assert sum(bool(re.search(r"\b[a-z]{2,4}\d{1,3}\b", t)) for t in texts) > 50  # rsi14
    assert any("\n" in t for t in texts) and any("$" + e.ticker in e.description
                                                 for e in examples)
    assert sum(len(t) for t in texts) / len(texts) < 200
