"""Random but valid strategy models, drawn from the catalog.

Used by round-trip tests and fuzzing, and as the structural half of the training dataset.
Every draw is determined by the ``random.Random`` it is given.
"""

from __future__ import annotations

import random

from .catalog import CATALOG
from .model import Call, EnumValue, Value
from .spec import CALL_TYPES, ClassSpec, Kind, ParamSpec, ValueType

TICKERS = ("AAPL", "MSFT", "TSLA", "NVDA", "AMZN", "GOOGL", "META", "SPY", "QQQ", "BTC-USD",
           "EURUSD=X", "^GSPC", "BRK-B", "NFLX", "AMD", "KO")


def _number(param: ParamSpec, rng: random.Random) -> int | float:
    low = param.range.minimum if param.range and param.range.minimum is not None else 0
    high = param.range.maximum if param.range and param.range.maximum is not None else low + 200
    high = min(high, low + 200)
    while True:
        if param.type is ValueType.INT or rng.random() < 0.5:
            value: int | float = rng.randint(int(low), int(high))
        else:
            value = round(rng.uniform(low, high), rng.choice((1, 2)))
        if param.range is None or param.range.contains(value):
            return value


def random_value(param: ParamSpec, rng: random.Random, ticker: str, depth: int) -> Value:
    kind = param.type
    if param.variadic:
        count = rng.randint(2, 3)
        return tuple(random_call(Kind.CONDITION, rng, ticker, depth) for _ in range(count))
    if kind is ValueType.TICKER:
        return ticker if rng.random() < 0.9 else rng.choice(TICKERS)
    if kind is ValueType.BOOL:
        return rng.random() < 0.5
    if kind is ValueType.ENUM:
        assert param.enum is not None
        spec = CATALOG.enum(param.enum)
        assert spec is not None
        return EnumValue(enum=spec.name, member=rng.choice(spec.member_names))
    if kind in (ValueType.INT, ValueType.NUMBER):
        return _number(param, rng)
    return random_call(CALL_TYPES[kind], rng, ticker, depth)


def random_call(kind: Kind, rng: random.Random, ticker: str, depth: int = 0) -> Call:
    """A random valid call of a kind; conditions nest at most ``3 - depth`` levels deeper."""
    choices = [c for c in CATALOG.of_kind(kind) if depth < 3 or not _nests(c)]
    spec = rng.choice(choices)
    if kind is Kind.DATE:
        return Call(name="datetime", args={"year": rng.randint(2000, 2024),
                                           "month": rng.randint(1, 12), "day": rng.randint(1, 28)})
    return Call(name=spec.name, args=_arguments(spec, rng, ticker, depth))


def _nests(spec: ClassSpec) -> bool:
    return any(p.type is ValueType.CONDITION for p in spec.params)


def _arguments(spec: ClassSpec, rng: random.Random, ticker: str, depth: int) -> dict[str, Value]:
    args: dict[str, Value] = {}
    for param in spec.params:
        if param.required or rng.random() < 0.4:
            args[param.name] = random_value(param, rng, ticker, depth + 1)
    return args


def random_strategy(rng: random.Random) -> Call:
    """A random Strategy whose dates, if any, are in order and in the past."""
    ticker = rng.choice(TICKERS)
    args = _arguments(CATALOG.strategy, rng, ticker, 0)
    args["ticker"] = ticker
    start, end = args.get("start_date"), args.get("end_date")
    if isinstance(start, Call) and isinstance(end, Call):
        if _date(end) < _date(start):
            args["start_date"], args["end_date"] = end, start
        elif _date(end) == _date(start):
            del args["end_date"]
    if "period" in args and ("start_date" in args or "end_date" in args):
        args["period"] = EnumValue(enum="Period", member="NOT_PASSED")
    ordered = {p.name: args[p.name] for p in CATALOG.strategy.params if p.name in args}
    return Call(name="Strategy", args=ordered)


def _date(call: Call) -> tuple[int, int, int]:
    return (int(call.args["year"]), int(call.args["month"]),  # type: ignore[arg-type]
            int(call.args["day"]))  # type: ignore[arg-type]
