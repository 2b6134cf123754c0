"""Plain English for a strategy model, from the catalog's names: what the hover on
``Strategy(`` shows, so a reader can check that the code says what they meant."""

from __future__ import annotations

from .catalog import CATALOG
from .model import Call, EnumValue, Value

_COMPARISONS = {
    "CrossOverCondition": "{a} crosses above {b}",
    "CrossUnderCondition": "{a} crosses below {b}",
    "GreaterThanCondition": "{a} is above {b}",
    "LessThanCondition": "{a} is below {b}",
}


def _number(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def series(call: Call, ticker: str | None) -> str:
    """``RSI('AAPL', length=20)`` → "the Relative Strength Index (length 20)"."""
    spec = call.spec
    if spec.name == "CONST":
        return _number(call.args.get("const_number"))
    name = spec.names[0] if spec.names else spec.name
    details = [f"{k.replace('_', ' ')} {describe(v)}" for k, v in call.args.items()
               if k != "ticker"]
    other = call.args.get("ticker")
    if isinstance(other, str) and other != ticker:
        details.insert(0, f"of {other}")
    return f"{name}" + (f" ({', '.join(details)})" if details else "")


def condition(call: Call, ticker: str | None) -> str:
    args = call.args
    name = call.name
    if name in _COMPARISONS:
        return _COMPARISONS[name].format(a=_series_or(args.get("first_series"), ticker),
                                         b=_series_or(args.get("second_series"), ticker))
    if name in ("AND", "OR"):
        parts = [condition(c, ticker) for c in args.get("conditions", ())  # type: ignore[union-attr]
                 if isinstance(c, Call)]
        joiner = " and " if name == "AND" else " or "
        return "(" + joiner.join(parts) + ")" if len(parts) > 1 else "".join(parts)
    days = args.get("number_of_days")
    subject = _series_or(args.get("series"), ticker)
    if name == "UptrendForXDaysCondition":
        return f"{subject} has risen for {days} days"
    if name == "DowntrendForXDaysCondition":
        return f"{subject} has fallen for {days} days"
    if name == "ChangeOfXPercentPerYDaysCondition":
        return f"{subject} changes by {_number(args.get('percent'))}% within {days} days"
    if name == "IntraIntervalChangeOfXPercentCondition":
        return f"{subject} changes by {_number(args.get('percent'))}% within one bar"
    if name == "AfterXDaysCondition":
        inner = args.get("condition")
        inner_text = condition(inner, ticker) if isinstance(inner, Call) else "?"
        return f"{days} days after {inner_text}"
    if name in ("UptrendFibRetracementLevelCondition", "DowntrendFibRetracementLevelCondition"):
        trend = "an uptrend" if name.startswith("Up") else "a downtrend"
        level = args.get("fib_level")
        level_text = _enum_value(level) if isinstance(level, EnumValue) else "?"
        return f"price in {trend} retraces to the {level_text}% Fibonacci level"
    return call.spec.summary


def _enum_value(value: EnumValue) -> str:
    spec = CATALOG.enum(value.enum)
    member = spec.member(value.member) if spec else None
    return member.value if member else value.member


def _series_or(value: Value | None, ticker: str | None) -> str:
    return series(value, ticker) if isinstance(value, Call) else "?"


def describe(value: Value | None) -> str:
    if isinstance(value, EnumValue):
        member = CATALOG.enum(value.enum)
        spec = member.member(value.member) if member else None
        return spec.names[0] if spec and spec.names else value.member.lower()
    if isinstance(value, Call):
        if value.name == "datetime":
            year, month, day = (value.args[k] for k in ("year", "month", "day"))
            return f"{year}-{month:02}-{day:02}"
        return series(value, None)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return _number(value)


def explain(strategy: Call) -> str:
    """A few sentences that say what a Strategy does."""
    ticker = strategy.args.get("ticker")
    ticker_text = ticker if isinstance(ticker, str) else None
    position = strategy.get("position_type")
    side = {"LONG": "long", "SHORT": "short",
            "LONG_SHORT_COMBINED": "long and short"}.get(
        position.member if isinstance(position, EnumValue) else "", "?")
    lines = [f"Trades **{ticker_text}** {side}."]
    # the library's buy and sell orders: a short opens on its sell and covers on its buy
    verbs = (("sell_condition", "Sells short"), ("buy_condition", "Buys to cover")) \
        if side == "short" else (("buy_condition", "Buys"), ("sell_condition", "Sells"))
    for key, verb in verbs:
        value = strategy.args.get(key)
        if isinstance(value, Call):
            lines.append(f"{verb} when {condition(value, ticker_text)}.")
    stop = strategy.args.get("stop_loss")
    if isinstance(stop, Call):
        kind = stop.get("stop_loss_type")
        trailing = isinstance(kind, EnumValue) and kind.member == "TRAILING"
        lines.append(f"{'Trailing stop' if trailing else 'Stop loss'} at "
                     f"{_number(stop.args.get('percentage'))}%.")
    take = strategy.args.get("take_profit")
    if isinstance(take, Call):
        lines.append(f"Takes profit at {_number(take.args.get('percentage'))}%.")
    lines.append(_window(strategy))
    capital = strategy.get("initial_capital")
    size = strategy.get("order_size")
    fees = strategy.get("trade_commissions")
    money = f"Starts with {_number(capital)}"
    if isinstance(size, Call):
        unit = {"Contracts": " contracts", "USD": " dollars",
                "PercentOfEquity": "% of equity"}[size.name]
        money += f", trading {_number(size.args.get('value'))}{unit} a time"
    if isinstance(fees, Call):
        fee = _number(fees.args.get("value"))
        money += f", paying {'$' + fee if fees.name == 'MoneyCommissions' else fee + '%'} " \
                 "per trade"
    lines.append(money + ".")
    return " ".join(lines)


def _window(strategy: Call) -> str:
    interval = describe(strategy.get("interval"))
    period = strategy.get("period")
    if isinstance(period, EnumValue) and period.member != "NOT_PASSED":
        return f"Tests {describe(period)} of {interval} bars."
    start = strategy.get("start_date")
    end = strategy.args.get("end_date")
    until = describe(end) if end is not None else "today"
    return f"Tests {interval} bars from {describe(start)} to {until}."
