"""Strategies that look like the ones traders write, for the dataset.

:mod:`strategy_lsp.grammar.sampling` draws uniformly over the catalog, which is right for
fuzzing and wrong for training: nobody buys when the Mass Index crosses under a Keltner band
of length 4,231. Here conditions are mostly oscillators against their usual levels (RSI
against 30 and 70), price against moving averages and bands, and crossovers of two averages,
with some trend, percent-change, Fibonacci and delayed conditions, joined by AND/OR in twos
and threes. Lengths, levels, stops, sizes and dates come from the ranges people use.

A model holds only what its description will state: an indicator's length is in the model
only when the text will mention it, and otherwise the catalog default applies.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Sequence
from contextvars import ContextVar
from dataclasses import dataclass

from strategy_lsp.grammar import (
    CATALOG,
    Call,
    EnumValue,
    ParamSpec,
    Value,
    ValueType,
    parse_expression,
    render,
    validate_strategy,
)
from strategy_lsp.grammar.model import default_value
from strategy_lsp.grammar.spec import Kind
from strategy_lsp.grammar.tickers import TICKERS


@dataclass(frozen=True)
class Oscillator:
    """A bounded indicator with the levels traders compare it with."""

    name: str
    low: tuple[float, ...]  # oversold / weak levels
    high: tuple[float, ...]  # overbought / strong levels
    lengths: tuple[int, ...] = ()
    weight: float = 1.0


OSCILLATORS = (
    Oscillator("RSI", (20, 25, 30, 30, 30, 35, 40), (60, 65, 70, 70, 70, 75, 80),
               (2, 5, 7, 9, 14, 14, 14, 21, 28), 6),
    Oscillator("STOCH_PERCENT_K", (10, 20, 20, 25), (75, 80, 80, 90), (5, 9, 14, 21), 2),
    Oscillator("STOCH_PERCENT_D", (10, 20, 20, 25), (75, 80, 80, 90), (5, 9, 14, 21), 1.5),
    Oscillator("WILLR", (-80, -80, -85, -90), (-10, -20, -20, -15), (10, 14, 21), 1.5),
    Oscillator("CCI", (-200, -100, -100, -150), (100, 100, 150, 200), (14, 20, 30), 1.5),
    Oscillator("CCI_SMOOTHENED", (-100, -150), (100, 150), (14, 20), 0.4),
    Oscillator("MFI", (10, 20, 20, 30), (70, 80, 80, 90), (10, 14, 20), 1.2),
    Oscillator("CMO", (-50, -40, -30), (30, 40, 50), (9, 14, 20), 0.8),
    Oscillator("ADX", (15, 20, 20), (25, 25, 30, 40), (7, 14, 20), 1.2),
    Oscillator("ROC", (-10, -5, -2, 0), (0, 2, 5, 10), (9, 10, 12, 20, 25), 1),
    Oscillator("MOMENTUM", (0,), (0,), (10, 12, 20), 0.6),
    Oscillator("UO", (25, 30, 30), (70, 70, 75), (), 0.6),
    Oscillator("CHOP", (38.2, 40), (61.8, 60), (14, 20), 0.5),
    Oscillator("AROON_UP", (30, 50), (70, 90, 100), (14, 25), 0.6),
    Oscillator("AROON_DOWN", (30, 50), (70, 90, 100), (14, 25), 0.6),
    Oscillator("DI_PLUS", (15, 20), (25, 30), (14,), 0.5),
    Oscillator("DI_MINUS", (15, 20), (25, 30), (14,), 0.5),
    Oscillator("CMF", (-0.2, -0.1, -0.05, 0), (0, 0.05, 0.1, 0.2), (20, 21), 0.6),
    Oscillator("MACD", (0,), (0,), (), 1),
    Oscillator("TRIX", (0,), (0,), (9, 15, 18), 0.4),
    Oscillator("KST", (0,), (0,), (), 0.3),
    Oscillator("COPPOCK", (0,), (0,), (10,), 0.3),
    Oscillator("DPO", (0,), (0,), (14, 20), 0.3),
    Oscillator("BBP", (0,), (0,), (13,), 0.4),
    Oscillator("EFI", (0,), (0,), (13, 2), 0.4),
    Oscillator("EOM", (0,), (0,), (14,), 0.3),
    Oscillator("CHAIKIN_OSC", (0,), (0,), (), 0.4),
    Oscillator("MASS_INDEX", (26.5,), (27,), (9, 25), 0.2),
    Oscillator("HAMMER", (0,), (0,), (), 0.2),
)

_OSCILLATOR = {o.name: o for o in OSCILLATORS}

#: Series that price is compared with, with the lengths people give them.
OVERLAYS: dict[str, tuple[int, ...]] = {
    "SMA": (5, 10, 20, 20, 30, 50, 50, 100, 150, 200, 200),
    "EMA": (8, 9, 12, 20, 21, 26, 34, 50, 55, 89, 100, 200),
    "BB_LOWER": (20, 20, 10, 50),
    "BB_UPPER": (20, 20, 10, 50),
    "BB_MIDDLE": (20, 50),
    "KC_LOWER": (20, 10),
    "KC_UPPER": (20, 10),
    "DC_LOWER": (20, 55, 10),
    "DC_UPPER": (20, 55, 10),
    "DC_BASIS": (20,),
    "ICHIMOKU_BASE": (26,),
    "ICHIMOKU_CONVERSION": (9,),
    "ICHIMOKU_LEADING_SPAN_A": (),
    "ICHIMOKU_LEADING_SPAN_B": (52,),
    "ICHIMOKU_LAGGING_SPAN": (),
}
_OVERLAY_WEIGHTS = {"SMA": 6, "EMA": 5, "BB_LOWER": 2, "BB_UPPER": 2, "BB_MIDDLE": 0.6,
                    "KC_LOWER": 0.8, "KC_UPPER": 0.8, "DC_LOWER": 0.8, "DC_UPPER": 0.8,
                    "DC_BASIS": 0.3, "ICHIMOKU_BASE": 0.4, "ICHIMOKU_CONVERSION": 0.3,
                    "ICHIMOKU_LEADING_SPAN_A": 0.3, "ICHIMOKU_LEADING_SPAN_B": 0.3,
                    "ICHIMOKU_LAGGING_SPAN": 0.3}

#: Moving-average pairs people cross (fast, slow).
AVERAGE_PAIRS = ((5, 20), (9, 21), (10, 30), (10, 50), (12, 26), (20, 50), (20, 100),
                 (50, 100), (50, 200), (50, 200), (50, 200), (100, 200), (8, 21), (13, 48))

PRICES = ("CLOSE", "CLOSE", "CLOSE", "CLOSE", "CLOSE", "CLOSE", "HIGH", "LOW", "OPEN")
_OPPOSITE = {"CrossOverCondition": "CrossUnderCondition",
             "CrossUnderCondition": "CrossOverCondition",
             "GreaterThanCondition": "LessThanCondition",
             "LessThanCondition": "GreaterThanCondition"}
_BAND_PARAMS = {"BB": "std_dev", "KC": "multiplier"}
SOURCES = ("CLOSE", "OPEN", "HIGH", "LOW", "HLC3", "HL2", "OHLC4", "HLCC4")


#: The dataset generator version being drawn for (:data:`strategy_lsp.training.dataset.
#: GENERATOR_VERSION`); set by :func:`sample_strategy` for the draws below it, so that an older
#: version's datasets, and the models trained on them, can be written again exactly.
_GENERATOR: ContextVar[int] = ContextVar("generator", default=4)


def _since(version: int) -> bool:
    """Whether the draw being made is for generator ``version`` or later."""
    return _GENERATOR.get() >= version


def _pick(rng: random.Random, weighted: dict[str, float]) -> str:
    names = list(weighted)
    return rng.choices(names, weights=[weighted[n] for n in names])[0]


def series(name: str, ticker: str, **args: Value) -> Call:
    """A series call; the ticker always first, as the catalog orders it."""
    spec = CATALOG.get(name)
    assert spec is not None
    given = {"ticker": ticker, **args}
    return Call(name=name, args={p.name: given[p.name] for p in spec.params if p.name in given})


def const(value: float) -> Call:
    return Call(name="CONST", args={"const_number": value})


def compare(condition: str, first: Call, second: Call) -> Call:
    return Call(name=condition, args={"first_series": first, "second_series": second})


# --- leaves ---------------------------------------------------------------------------


def _with_length(rng: random.Random, name: str, ticker: str, lengths: Sequence[int],
                 stated: float = 0.6, args: dict[str, Value] | None = None) -> Call:
    """The series, with a length (one the text will state) with probability ``stated``."""
    given = dict(args or {})
    if lengths and rng.random() < stated:
        given["length"] = rng.choice(lengths)
    return series(name, ticker, **given)


def oscillator_series(rng: random.Random, oscillator: Oscillator, ticker: str) -> Call:
    args: dict[str, Value] = {}
    name = oscillator.name
    if name == "MACD" and rng.random() < 0.25:
        fast, slow = rng.choice(((12, 26), (8, 21), (5, 35), (12, 26)))
        args.update(fast_length=fast, slow_length=slow)
    elif name == "UO" and rng.random() < 0.15:
        args.update(fast_length=7, middle_length=14, slow_length=28)
    elif name == "STOCH_PERCENT_D" and rng.random() < 0.2:
        args.update(length=rng.choice(oscillator.lengths), smoothing_length=3)
    elif name in ("RSI", "CMO", "ROC", "MOMENTUM") and rng.random() < 0.06:
        args["source"] = EnumValue(enum="SourceType", member=rng.choice(SOURCES))
    if oscillator.lengths and "length" not in args and "fast_length" not in args:
        return _with_length(rng, name, ticker, oscillator.lengths, args=args)
    return series(name, ticker, **args)


def threshold(rng: random.Random, ticker: str, bullish: bool) -> Call:
    """An oscillator against one of its usual levels: RSI(14) crosses below 30."""
    oscillator = _OSCILLATOR[_pick(rng, {o.name: o.weight for o in OSCILLATORS})]
    first = oscillator_series(rng, oscillator, ticker)
    return _level_condition(rng, first, oscillator, bullish)


def _level_condition(rng: random.Random, first: Call, oscillator: Oscillator,
                     bullish: bool) -> Call:
    # Mean reversion buys weakness (below the low level) and sells strength; a few go the
    # other way (momentum), as real strategies do.
    oversold = bullish if rng.random() < 0.85 else not bullish
    level = rng.choice(oscillator.low if oversold else oscillator.high)
    if oversold:
        condition = rng.choice(("CrossUnderCondition", "LessThanCondition", "CrossUnderCondition",
                                "CrossOverCondition"))
    else:
        condition = rng.choice(("CrossOverCondition", "GreaterThanCondition", "CrossOverCondition",
                                "CrossUnderCondition"))
    return compare(condition, first, const(level))


def overlay_series(rng: random.Random, name: str, ticker: str) -> Call:
    args: dict[str, Value] = {}
    family = name.split("_")[0]
    if family in _BAND_PARAMS and rng.random() < 0.25:
        args[_BAND_PARAMS[family]] = rng.choice((2, 2.5, 3, 1.5) if family == "BB" else (1, 2, 3))
    if name in ("SMA", "EMA") and rng.random() < 0.04:
        args["source"] = EnumValue(enum="SourceType", member=rng.choice(SOURCES[1:]))
    stated = 0.92 if name in ("SMA", "EMA") else 0.5
    return _with_length(rng, name, ticker, OVERLAYS[name], stated, args)


def price_against_overlay(rng: random.Random, ticker: str, bullish: bool) -> Call:
    """Price against a moving average, band or channel: close crosses above SMA(200)."""
    name = _pick(rng, _OVERLAY_WEIGHTS if _since(3) else
                 {k: w for k, w in _OVERLAY_WEIGHTS.items() if k != "ICHIMOKU_LAGGING_SPAN"})
    price = series(rng.choice(PRICES), ticker)
    overlay = overlay_series(rng, name, ticker)
    if name.endswith("LOWER"):
        up = not bullish if rng.random() < 0.8 else bullish  # buy the dip under the band
    elif name.endswith("UPPER"):
        up = not bullish if rng.random() < 0.6 else bullish
    else:
        up = bullish if rng.random() < 0.85 else not bullish
    if up:
        condition = rng.choice(("CrossOverCondition", "GreaterThanCondition"))
    else:
        condition = rng.choice(("CrossUnderCondition", "LessThanCondition"))
    if rng.random() < 0.1:  # written the other way round: "the SMA is below price"
        return compare(_OPPOSITE[condition], overlay, price)
    return compare(condition, price, overlay)


def price_against_level(rng: random.Random, ticker: str, bullish: bool) -> Call:
    """Price against a fixed price: close crosses above 150."""
    level = rng.choice((5, 10, 20, 25, 50, 75, 100, 120, 150, 200, 250, 300, 400, 500, 1000))
    condition = rng.choice(("CrossOverCondition", "GreaterThanCondition") if bullish
                           else ("CrossUnderCondition", "LessThanCondition"))
    return compare(condition, series("CLOSE", ticker), const(level))


def crossover(rng: random.Random, ticker: str, bullish: bool) -> Call:
    """Two lines crossing: SMA(50) over SMA(200), MACD over its signal, %K over %D ..."""
    kind = _pick(rng, {"averages": 6, "macd": 3, "stochastic": 1.2, "di": 0.8,
                       "kst": 0.4 if _since(3) else 0.3,
                       "aroon": 0.5, "ichimoku": 0.4, "volume": 0.5})
    if kind == "averages":
        fast, slow = rng.choice(AVERAGE_PAIRS)
        fast_name, slow_name = rng.choice((("SMA", "SMA"), ("SMA", "SMA"), ("EMA", "EMA"),
                                           ("EMA", "EMA"), ("EMA", "SMA")))
        first = series(fast_name, ticker, length=fast)
        second = series(slow_name, ticker, length=slow)
    elif kind == "macd":
        args: dict[str, Value] = {}
        signal: dict[str, Value] = {}
        if rng.random() < 0.3:
            fast, slow = rng.choice(((12, 26), (8, 21), (5, 35)))
            args = {"fast_length": fast, "slow_length": slow}
            signal = {**args, "signal_length": rng.choice((9, 9, 5, 7))}
        first, second = series("MACD", ticker, **args), series("MACD_SIGNAL", ticker, **signal)
    elif kind == "stochastic":
        length = rng.choice((5, 9, 14, 14, 21))
        stated = rng.random() < 0.5
        first = series("STOCH_PERCENT_K", ticker, **({"length": length} if stated else {}))
        second = series("STOCH_PERCENT_D", ticker, **({"length": length} if stated else {}))
    elif kind == "di":
        first, second = series("DI_PLUS", ticker), series("DI_MINUS", ticker)
    elif kind == "kst":
        signal_length = {"signal_length": rng.choice((9, 9, 5, 12))} \
            if _since(3) and rng.random() < 0.3 else {}
        first, second = series("KST", ticker), series("KST_SIGNAL", ticker, **signal_length)
    elif kind == "aroon":
        first, second = series("AROON_UP", ticker), series("AROON_DOWN", ticker)
    elif kind == "ichimoku":
        first, second = series("ICHIMOKU_CONVERSION", ticker), series("ICHIMOKU_BASE", ticker)
    else:  # volume above its average
        first = series("VOLUME", ticker)
        second = series("SMA", ticker, source=EnumValue(enum="SourceType", member="VOLUME"),
                        length=rng.choice((10, 20, 20, 50)))
        bullish = True
    if kind == "volume":
        condition = rng.choice(("GreaterThanCondition", "CrossOverCondition"))
    elif bullish:
        condition = rng.choice(("CrossOverCondition", "CrossOverCondition",
                                "GreaterThanCondition"))
    else:
        condition = rng.choice(("CrossUnderCondition", "CrossUnderCondition",
                                "LessThanCondition"))
    return compare(condition, first, second)


def _trend_series(rng: random.Random, ticker: str) -> Call:
    name = _pick(rng, {"CLOSE": 6, "RSI": 1, "OBV": 1, "VOLUME": 0.6, "SMA": 0.8, "EMA": 0.6,
                       "ADX": 0.4, "MACD": 0.4, "HIGH": 0.4, "LOW": 0.4,
                       **({"ATR": 0.35, "PVI": 0.3, "PVT": 0.3} if _since(3) else {})})
    if name in ("SMA", "EMA"):
        return series(name, ticker, length=rng.choice(OVERLAYS[name]))
    if name in ("RSI", "ADX"):
        return _with_length(rng, name, ticker, _OSCILLATOR[name].lengths, 0.4)
    if name == "ATR":
        return _with_length(rng, name, ticker, (10, 14, 14, 20), 0.5)
    return series(name, ticker)


def trend(rng: random.Random, ticker: str, bullish: bool) -> Call:
    """A series rising or falling for some days in a row."""
    up = bullish if rng.random() < 0.8 else not bullish
    name = "UptrendForXDaysCondition" if up else "DowntrendForXDaysCondition"
    days = rng.choice((2, 3, 3, 4, 5, 5, 6, 7, 10))
    return Call(name=name, args={"series": _trend_series(rng, ticker), "number_of_days": days})


def percent_change(rng: random.Random, ticker: str, bullish: bool) -> Call:
    """A move of some percent over some days, or within one bar."""
    up = bullish if rng.random() < 0.6 else not bullish
    size = rng.choice((1, 1.5, 2, 2, 3, 3, 4, 5, 5, 7, 8, 10, 10, 12, 15, 20, 25))
    value = size if up else -size
    source = series("CLOSE", ticker) if rng.random() < 0.85 else series(
        rng.choice(("VOLUME", "OBV", "HIGH", "LOW")), ticker)
    if rng.random() < 0.3:
        return Call(name="IntraIntervalChangeOfXPercentCondition",
                    args={"series": source, "percent": min(size, 8) * (1 if up else -1)})
    days = rng.choice((1, 2, 3, 5, 5, 7, 10, 10, 14, 20, 30, 60))
    return Call(name="ChangeOfXPercentPerYDaysCondition",
                args={"series": source, "percent": value, "number_of_days": days})


def fibonacci(rng: random.Random, ticker: str, bullish: bool) -> Call:
    """A retracement to a Fibonacci level within a trend."""
    up = bullish if rng.random() < 0.8 else not bullish
    name = "UptrendFibRetracementLevelCondition" if up else "DowntrendFibRetracementLevelCondition"
    level = rng.choice(("LEVEL_23_6", "LEVEL_38_2", "LEVEL_38_2", "LEVEL_50", "LEVEL_61_8",
                        "LEVEL_61_8", "LEVEL_61_8", "LEVEL_0", "LEVEL_100"))
    args: dict[str, Value] = {"fib_level": EnumValue(enum="FibonacciLevels", member=level)}
    if rng.random() < 0.45:
        args["length"] = rng.choice((10, 14, 20, 20, 30, 50, 60, 100))
    return Call(name=name, args=args)


def after_days(rng: random.Random, ticker: str, bullish: bool) -> Call:
    """A simple condition whose signal is acted on some days later."""
    inner = simple_condition(rng, ticker, bullish, delayed=False)
    return Call(name="AfterXDaysCondition",
                args={"condition": inner, "number_of_days": rng.choice((1, 2, 3, 3, 5, 5, 7, 10))})


_LEAVES: dict[str, tuple[float, Callable[[random.Random, str, bool], Call]]] = {
    "threshold": (46, threshold),
    "overlay": (20, price_against_overlay),
    "crossover": (16, crossover),
    "level": (2, price_against_level),
    "trend": (6, trend),
    "change": (6, percent_change),
    "fibonacci": (4, fibonacci),
}


def simple_condition(rng: random.Random, ticker: str, bullish: bool,
                     delayed: bool = True) -> Call:
    """One condition that is not AND/OR; with ``delayed``, sometimes an AfterXDays one."""
    if delayed and rng.random() < 0.05:
        return after_days(rng, ticker, bullish)
    kind = _pick(rng, {k: w for k, (w, _) in _LEAVES.items()})
    return _LEAVES[kind][1](rng, ticker, bullish)


def condition(rng: random.Random, ticker: str, bullish: bool) -> Call:
    """A buy or sell condition: one leaf, or AND/OR of 2-3, one level nested at most."""
    roll = rng.random()
    if roll < 0.58:
        return simple_condition(rng, ticker, bullish)
    return _combination(rng, ticker, bullish, "AND" if roll < 0.84 else "OR", nest=True)


def _combination(rng: random.Random, ticker: str, bullish: bool, operator: str,
                 nest: bool) -> Call:
    size = 2 if rng.random() < 0.75 else 3
    children: list[Call] = []
    nested = nest and rng.random() < 0.22
    while len(children) < size:
        if nested and len(children) == size - 1:
            inner = "OR" if operator == "AND" else "AND"
            child = _combination(rng, ticker, bullish, inner, nest=False)
        else:
            child = simple_condition(rng, ticker, bullish, delayed=False)
        if child not in children:
            children.append(child)
    if nested and rng.random() < 0.5:
        children.insert(0, children.pop())
    return Call(name=operator, args={"conditions": tuple(children)})


def mirror(rng: random.Random, condition: Call) -> Call | None:
    """The exit that undoes an entry on the same series (RSI < 30 -> RSI > 70), if any."""
    if condition.name not in _OPPOSITE:
        return None
    first = condition.args["first_series"]
    second = condition.args["second_series"]
    assert isinstance(first, Call) and isinstance(second, Call)
    if second.name == "CONST" and first.name in _OSCILLATOR:
        oscillator = _OSCILLATOR[first.name]
        level = second.args["const_number"]
        second = const(rng.choice(oscillator.high if level in oscillator.low else oscillator.low))
    return compare(_OPPOSITE[condition.name], first, second)


# --- the strategy ---------------------------------------------------------------------


def _date(rng: random.Random, low: dt.date, high: dt.date) -> dt.date:
    if rng.random() < 0.35:
        return dt.date(rng.randint(low.year, high.year - 1) if high.year > low.year
                       else low.year, 1, 1)
    span = (high - low).days
    return low + dt.timedelta(days=rng.randint(0, span))


def _datetime(day: dt.date) -> Call:
    return Call(name="datetime", args={"year": day.year, "month": day.month, "day": day.day})


def _history(rng: random.Random) -> dict[str, Value]:
    """Dates or a period (never both), or neither."""
    roll = rng.random()
    if roll < 0.4:
        return {}
    if roll < 0.63:
        member = rng.choice(("ONE_YEAR", "TWO_YEARS", "TWO_YEARS", "FIVE_YEARS", "FIVE_YEARS",
                             "TEN_YEARS", "THREE_MONTHS", "SIX_MONTHS", "ONE_MONTH",
                             "YEAR_TO_DATE", "MAX", "MAX"))
        return {"period": EnumValue(enum="Period", member=member)}
    start = _date(rng, dt.date(2000, 1, 1), dt.date(2023, 6, 30))
    if roll < 0.8:
        return {"start_date": _datetime(start)}
    if roll < 0.83:
        return {"end_date": _datetime(_date(rng, dt.date(2024, 1, 2), dt.date(2024, 12, 31)))}
    end = start + dt.timedelta(days=rng.randint(90, 365 * 8))
    end = min(end, dt.date(2024, 12, 31))
    if rng.random() < 0.3:
        end = dt.date(end.year, 12, 31)
    return {"start_date": _datetime(start), "end_date": _datetime(end)}


def _money(rng: random.Random) -> int | float:
    return rng.choice((1000, 2000, 2500, 5000, 5000, 10_000, 10_000, 10_000, 15_000, 20_000,
                       25_000, 50_000, 50_000, 75_000, 100_000, 100_000, 250_000, 500_000,
                       1_000_000, 1_500_000, 2_000_000, 7500, 3000, 12_000))


def _order_size(rng: random.Random) -> Call:
    kind = rng.choices(("Contracts", "USD", "PercentOfEquity"), weights=(4, 3, 3))[0]
    value: int | float
    if kind == "Contracts":
        value = rng.choice((1, 1, 2, 5, 10, 10, 20, 25, 50, 100, 100, 200, 500, 1000))
    elif kind == "USD":
        value = rng.choice((500, 1000, 1000, 2000, 2500, 5000, 5000, 10_000, 20_000, 1500))
    else:
        value = rng.choice((1, 2, 5, 10, 10, 20, 25, 25, 33, 50, 50, 100, 100, 2.5, 12.5))
    return Call(name=kind, args={"value": value})


def _commissions(rng: random.Random) -> Call:
    if rng.random() < 0.5:
        value: int | float = rng.choice((0, 1, 1, 2, 5, 4.95, 0.5, 10, 9.99, 3))
        return Call(name="MoneyCommissions", args={"value": value})
    value = rng.choice((0.1, 0.1, 0.05, 0.2, 0.25, 0.5, 1, 0.01, 0.15, 0.075))
    return Call(name="PercentageCommissions", args={"value": value})


def _interval(rng: random.Random) -> EnumValue:
    member = rng.choices(("ONE_DAY", "ONE_WEEK", "ONE_MONTH", "FIVE_DAYS", "THREE_MONTHS"),
                         weights=(6, 3, 1.5, 0.5, 0.4))[0]
    return EnumValue(enum="Interval", member=member)


def sample_strategy(rng: random.Random, generator: int | None = None) -> Call:
    """A realistic Strategy; every argument it holds is one its description must state.

    ``generator`` is the dataset generator version to draw for (the latest by default):
    before 3, none of ATR, PVI, PVT, the Ichimoku lagging span or the rare parameters
    below; before 4, a rare parameter is always a number (since, also a source or an MA
    type). The same ``rng`` state and version always give the same strategy.
    """
    token = _GENERATOR.set(_GENERATOR.get() if generator is None else generator)
    try:
        return _sample_strategy(rng)
    finally:
        _GENERATOR.reset(token)


def _sample_strategy(rng: random.Random) -> Call:
    ticker = rng.choice(TICKERS)
    position = rng.choices(("LONG", "SHORT", "LONG_SHORT_COMBINED"), weights=(6, 2, 2))[0]
    # A long enters on bullish signals; a short enters on bearish ones.
    entry_bullish = position != "SHORT"
    buy = condition(rng, ticker, entry_bullish)
    sell = mirror(rng, buy) if rng.random() < 0.45 else None
    if sell is None or sell == buy:
        sell = condition(rng, ticker, not entry_bullish)
    while sell == buy:
        sell = condition(rng, ticker, not entry_bullish)
    args: dict[str, Value] = {
        "ticker": ticker,
        "position_type": EnumValue(enum="PositionTypeEnum", member=position),
        "buy_condition": buy,
        "sell_condition": sell,
    }
    if rng.random() < 0.38:
        stop: dict[str, Value] = {"percentage": rng.choice(
            (1, 2, 2, 3, 3, 4, 5, 5, 5, 6, 7, 8, 10, 10, 12, 15, 20, 1.5, 2.5, 7.5))}
        roll = rng.random()
        if roll < 0.4:
            stop["stop_loss_type"] = EnumValue(enum="StopLossType", member="TRAILING")
        elif roll < 0.5:
            stop["stop_loss_type"] = EnumValue(enum="StopLossType", member="NORMAL")
        args["stop_loss"] = Call(name="StopLoss", args=stop)
    if rng.random() < 0.3:
        args["take_profit"] = Call(name="TakeProfit", args={"percentage": rng.choice(
            (2, 3, 5, 5, 8, 10, 10, 12, 15, 20, 20, 25, 30, 40, 50, 7.5, 100))})
    args.update(_history(rng))
    if rng.random() < 0.25:
        args["interval"] = _interval(rng)
    if rng.random() < 0.3:
        args["initial_capital"] = _money(rng)
    if rng.random() < 0.28:
        args["order_size"] = _order_size(rng)
    if rng.random() < 0.22:
        args["trade_commissions"] = _commissions(rng)
    ordered = {p.name: args[p.name] for p in CATALOG.strategy.params if p.name in args}
    strategy = Call(name="Strategy", args=ordered)
    if _since(3) and rng.random() < RARE_PARAMETER:
        strategy = with_rare_parameter(rng, strategy)
    return strategy


# --- the rest of the catalog ------------------------------------------------------------

#: Share of strategies in which one series also states a number the builders above leave at
#: its default (a Keltner channel's ATR length, KST's ROC lengths, an offset, a displacement),
#: so that the data holds every numeric parameter of the catalog's series. (Enum and boolean
#: parameters, such as a Bollinger band's moving-average type, are not drawn this way: not
#: every style names them yet. Nor are the MACD signal's own lengths, which the styles
#: state through the MACD's.)
RARE_PARAMETER = 0.12
_RARE_TYPES = (ValueType.INT, ValueType.NUMBER)
#: Since generator 4 the parameter may also be an enum member: a source, an MA type. (Not a
#: switch such as Keltner's use_exp_ma: several styles have no words for one.)
_RARE_TYPES_4 = (*_RARE_TYPES, ValueType.ENUM)
_RARE_SKIPPED = frozenset({"MACD_SIGNAL"})
#: Values people give such parameters, tried in a random order; the first one the catalog
#: allows that is not the default is taken.
_USUAL_INTS = (2, 3, 5, 7, 9, 10, 12, 14, 20, 21, 25, 26, 30, 50)
_USUAL_OFFSETS = (1, 2, 3, 5, 10, -1, -2)
_USUAL_NUMBERS = (0.5, 1, 1.5, 2, 2.5, 3, 4)


def _rare_value(rng: random.Random, param: ParamSpec) -> Value | None:
    """A value for ``param`` other than its default, or ``None`` if none is usual."""
    default = default_value(param.default)
    if param.type is ValueType.ENUM:
        spec = CATALOG.enum(param.enum or "")
        members = [EnumValue(enum=spec.name, member=m.name) for m in spec.members] if spec else []
        members = [m for m in members if m != default]
        return rng.choice(members) if members else None
    usual = _USUAL_OFFSETS if "offset" in param.name else \
        _USUAL_INTS if param.type is ValueType.INT else _USUAL_NUMBERS
    for value in rng.sample(usual, len(usual)):
        if value != default and (param.range is None or param.range.contains(value)):
            return value
    return None


def _replace(value: Value, old: Call, new: Call) -> Value:
    """``value`` with the call ``old`` (by identity) replaced by ``new``."""
    if value is old:
        return new
    if isinstance(value, tuple):  # the conditions of AND / OR
        return tuple(c for item in value if isinstance(c := _replace(item, old, new), Call))
    if isinstance(value, Call):
        return value.model_copy(update={"args": {k: _replace(v, old, new)
                                                 for k, v in value.args.items()}})
    return value


def with_rare_parameter(rng: random.Random, strategy: Call) -> Call:
    """``strategy`` with one of its series stating one parameter more: one it leaves at its
    default, drawn from the catalog. The strategy as it was where no series has such a
    parameter, or where the new value would not validate."""
    calls = [call for side in ("buy_condition", "sell_condition")
             if isinstance(condition := strategy.args[side], Call) for call in condition.walk()
             if call.spec.kind is Kind.SERIES and call.name not in _RARE_SKIPPED]
    types = _RARE_TYPES_4 if _since(4) else _RARE_TYPES
    open_ = {id(call): [p for p in call.spec.params if p.type in types
                        and p.name not in call.args and not p.required] for call in calls}
    calls = [call for call in calls if open_[id(call)]]
    if not calls:
        return strategy
    call = rng.choice(calls)  # the series first, so a series with many parameters is no likelier
    param = rng.choice(open_[id(call)])
    value = _rare_value(rng, param)
    if value is None:
        return strategy
    given = {**call.args, param.name: value}
    new = call.model_copy(update={"args": {p.name: given[p.name] for p in call.spec.params
                                           if p.name in given}})
    changed = _replace(strategy, call, new)
    assert isinstance(changed, Call)
    expr, problems = parse_expression(render(changed, inline=True))
    checked = validate_strategy(expr, problems) if expr is not None else None
    return changed if checked is not None and not checked.diagnostics else strategy
