"""The "terse" style: trader's shorthand that still states every value of its code."""

from __future__ import annotations

import calendar
import random
import re

import pytest

from strategy_lsp.generation.runtime.reading import SLOT_COUNTS, number_text, read_description
from strategy_lsp.generation.runtime.slotted import known_capitals
from strategy_lsp.grammar import CATALOG, Call, EnumValue, Kind, render
from strategy_lsp.grammar.sampling import random_strategy
from strategy_lsp.training.dataset import Example, generate_examples
from strategy_lsp.training.phrasing import Phraser
from strategy_lsp.training.terse_style import NAMES, TersePhraser
from strategy_lsp.training.vocabulary import series_names

from .statements import stray_numbers, unstated_numbers

STYLE = TersePhraser()


@pytest.fixture(scope="module")
def examples() -> list[Example]:
    return list(generate_examples(400, seed=23, style=STYLE, typos=False))


@pytest.fixture(scope="module")
def fuzzed() -> list[tuple[Call, str]]:
    """Strategies drawn uniformly over the whole catalog, with their descriptions."""
    found = []
    for seed in range(1500):
        strategy = random_strategy(random.Random(seed))
        found.append((strategy, STYLE.describe(strategy, random.Random(f"terse{seed}"))))
    return found


def _all(examples: list[Example], fuzzed: list[tuple[Call, str]]) -> list[tuple[Call, str]]:
    return [(e.strategy, e.description) for e in examples] + fuzzed


def spelled_out(text: str) -> str:
    """The text as the shared checks read it: glued numbers apart ("rsi14" -> "rsi 14"),
    two-digit years in full ("'21" -> "2021", as the reader takes them) and basis points
    as percent ("10bps" -> "0.1%", as the reader does), a month and year as its first day."""
    text = re.sub(r"'(\d\d)\b", r"20\1", text)
    text = re.sub(r"\b(\d{1,2})-([a-z]{3})-(?=\d)", r"\1 \2 ", text)  # 4-mar-2021
    months = "|".join(m.lower() for m in calendar.month_abbr if m)
    text = re.sub(rf"(?<!\d )\b({months}) (?=\d{{4}})", r"\1 1 ", text)  # "mar 2021": the 1st
    text = re.sub(r"(?<![\d.])(\d+(?:\.\d+)?)\s?(?:bps|bp)\b",
                  lambda m: number_text(round(float(m.group(1)) / 100, 10)) + "%", text)
    glued = r"(?<=[a-z%+\-\[(])(?=\d)|(?<=\d)(?=[a-z]{2})|(?<=\d)(?=[a-jln-z]\b)"
    return re.sub(glued, " ", text)


def test_it_is_a_phraser_named_terse() -> None:
    assert isinstance(STYLE, Phraser)
    assert STYLE.name == "terse"


def test_every_number_of_the_code_is_stated(examples: list[Example],
                                            fuzzed: list[tuple[Call, str]]) -> None:
    problems = [(text, missing) for strategy, text in _all(examples, fuzzed)
                if (missing := unstated_numbers(strategy, spelled_out(text)))]
    assert not problems, problems[:3]


def test_no_number_is_stated_that_the_code_does_not_hold(
        examples: list[Example], fuzzed: list[tuple[Call, str]]) -> None:
    problems = [(text, stray) for strategy, text in _all(examples, fuzzed)
                if (stray := stray_numbers(strategy, spelled_out(text)))]
    assert not problems, problems[:3]


def test_a_changed_value_is_caught(examples: list[Example]) -> None:
    """The check above can fail: a strategy with another stop is not what the text says."""
    caught = 0
    for example in examples:
        stop = example.strategy.args.get("stop_loss")
        if not isinstance(stop, Call):
            continue
        changed = Call(name="StopLoss", args={**stop.args, "percentage": 4093})
        strategy = Call(name="Strategy", args={**example.strategy.args, "stop_loss": changed})
        assert unstated_numbers(strategy, spelled_out(example.description))
        caught += 1
    assert caught > 40


def test_every_catalog_class_is_described(fuzzed: list[tuple[Call, str]]) -> None:
    seen = {call.name for strategy, _ in fuzzed for call in strategy.walk()}
    wanted = {c.name for kind in (Kind.SERIES, Kind.CONDITION) for c in CATALOG.of_kind(kind)}
    assert wanted <= seen, wanted - seen
    for _, text in fuzzed:
        assert text and "{" not in text and "  " not in text, text


def test_short_names_name_one_class_each() -> None:
    owner: dict[str, str] = {}
    for series, names in NAMES.items():
        for name in names:
            assert name == name.lower(), name
            assert owner.setdefault(name, series) == series, (name, series, owner[name])
    catalog = {n.lower(): c for c in NAMES for n in series_names(c)}
    for name, series in owner.items():
        assert catalog.get(name, series) == series, (name, series, catalog[name])


def test_every_indicator_is_named(examples: list[Example],
                                  fuzzed: list[tuple[Call, str]]) -> None:
    for strategy, text in _all(examples, fuzzed):
        for call in strategy.walk():
            if call.spec.kind is Kind.SERIES and call.name != "CONST":
                names = NAMES[call.name] + (("sig",) if call.name == "MACD_SIGNAL" else ())
                assert any(n in text for n in names), (call.name, text)


def test_the_position_side_is_stated_and_no_other(examples: list[Example],
                                                  fuzzed: list[tuple[Call, str]]) -> None:
    for strategy, text in _all(examples, fuzzed):
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


def test_stop_kinds_sizes_and_commissions_read_differently(
        examples: list[Example], fuzzed: list[tuple[Call, str]]) -> None:
    for strategy, text in _all(examples, fuzzed):
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


def test_every_enum_member_is_named(fuzzed: list[tuple[Call, str]]) -> None:
    for strategy, text in fuzzed:
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


def _assert_read(strategy: Call, text: str, known: set[str]) -> bool:
    """The reader finds every ticker, date and number of ``strategy`` in ``text``; False when
    the text has more numbers than the reader has slots (the rest stay words)."""
    slots = {(s.name[1], s.text) for s in read_description(text, known).slots}
    tickers = {v for c in strategy.walk() for v in c.args.values() if isinstance(v, str)}
    found = {t for kind, t in slots if kind == "t"}
    assert found <= tickers and (found == tickers or len(found) == SLOT_COUNTS["t"]), \
        (tickers, found, text)
    for call in strategy.walk():
        if call.name == "datetime":
            date = ", ".join(str(call.args[k]) for k in ("year", "month", "day"))
            assert ("d", date) in slots, (date, text)
    if sum(kind == "n" for kind, _ in slots) >= SLOT_COUNTS["n"]:
        return False
    for call in strategy.walk():
        if call.name == "datetime" or (call.name == "MoneyCommissions"
                                       and call.args.get("value") == 0):
            continue
        for value in call.args.values():
            if isinstance(value, int | float) and not isinstance(value, bool):
                assert ("n", number_text(abs(value))) in slots, (value, text)
    return True


def test_the_reader_finds_every_ticker_date_and_number(examples: list[Example]) -> None:
    known = known_capitals((e.description, e.code) for e in examples)
    assert all(_assert_read(e.strategy, e.description, known) for e in examples)


def test_the_reader_finds_every_value_across_the_catalog(
        fuzzed: list[tuple[Call, str]]) -> None:
    known = known_capitals((text, render(strategy, inline=True)) for strategy, text in fuzzed)
    read = sum(_assert_read(strategy, text, known) for strategy, text in fuzzed[:700])
    assert read > 600


def test_the_same_seed_gives_the_same_text() -> None:
    for seed in range(30):
        strategy = random_strategy(random.Random(seed))
        first = STYLE.describe(strategy, random.Random(f"again{seed}"))
        assert STYLE.describe(strategy, random.Random(f"again{seed}")) == first
    strategy = random_strategy(random.Random(5))
    assert len({STYLE.describe(strategy, random.Random(s)) for s in range(20)}) > 15


def test_the_style_is_terse_and_varied(examples: list[Example]) -> None:
    texts = [e.description for e in examples]
    assert len({" ".join(t.split()[:2]) for t in texts}) > 100
    assert sum(t.replace(e.ticker, "") == t.replace(e.ticker, "").lower()
               for t, e in zip(texts, examples, strict=True)) > len(texts) * 0.9
    assert sum(bool(re.search(r"\b[a-z]{2,4}\d{1,3}\b", t)) for t in texts) > 50  # rsi14
    assert any("\n" in t for t in texts) and any("$" + e.ticker in e.description
                                                 for e in examples)
    assert sum(len(t) for t in texts) / len(texts) < 200
