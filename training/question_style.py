"""The question style: a strategy asked of an assistant as requests and questions.

"Can you backtest ... for me?", "What happens if I buy MSFT whenever ...?", "How would a
short on TSLA do if I ...?", "Could you set up a test where ...; also, could the stop trail
at 4%?". Every question asks about the one strategy the code holds: each value is stated
once, and nothing is offered as an alternative to it. Settings come as follow-up questions,
folded into the opening request, or between the entry and the exit.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import dataclass, field

from strategy_lsp.grammar import Call, EnumValue, Value

from . import wording
from .style_writer import StrategyWriter
from .vocabulary import member_names, param_names, series_names

_PRICES = ("CLOSE", "OPEN", "HIGH", "LOW", "VOLUME", "HAMMER")
#: Lower-case abbreviations that people glue to a length: "rsi14", "ema21", "200sma".
_GLUE = frozenset({"RSI", "SMA", "EMA", "ATR", "CCI", "ROC", "MFI", "ADX", "CMO", "TRIX"})
#: Names whose case carries meaning, never written in lower case.
_CASED = frozenset({"MI", "UO", "MOM", "DI+", "DI-", "+DI", "-DI", "%K", "%D", "%R", "MA"})
_CROSS_UP = ("crosses above", "crosses over", "crosses up through", "cuts up through",
             "breaks above", "crosses back above", "breaks up through")
_CROSS_DOWN = ("crosses below", "crosses under", "crosses down through", "cuts down through",
               "breaks below", "crosses back below", "breaks down through")
_ABOVE = ("is above", "is greater than", "is higher than", "stays above", "is over",
          "sits above", "remains above", "is still above")
_BELOW = ("is below", "is less than", "is lower than", "stays below", "is under",
          "sits below", "remains below", "is still below")
_TRIGGERS = ("when", "when", "whenever", "if", "once", "as soon as", "the moment", "any time")
_AN = re.compile(r"\b([Aa]) (?=8|1[18](?!\d)|eight|eleven|[aei]|o(?!ne)|u(?!ni|se)|"
                 r"RSI|EMA|ATR|MFI)")


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def _int(value: Value | None) -> int:
    assert isinstance(value, int) and not isinstance(value, bool), value
    return value


def _num(value: Value | None) -> float:
    assert isinstance(value, int | float) and not isinstance(value, bool), value
    return value


def _listed(parts: list[str], last: str = "and") -> str:
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} {last} {parts[-1]}"


@dataclass
class _Asker(StrategyWriter):
    """One person asking; their habits are drawn once per description."""

    lower: bool = False
    unit: str = "period"
    day: str = "day"
    favourite: dict[str, str] = field(default_factory=dict)

    # --- values ----------------------------------------------------------------------------

    def num(self, value: Value | None, words: float = 0.08) -> str:
        return wording.number(_num(value), self.rng, words)

    def pct(self, value: Value | None) -> str:
        return wording.percent(abs(_num(value)), self.rng)

    def days(self, value: Value | None) -> str:
        n = _int(value)
        unit = self.pick(self.day, self.day, "bar", "session" if self.day == "day" else "bar")
        return f"{wording.count(n, self.rng, 0.2)} {unit}{'' if n == 1 else 's'}"

    def member(self, value: EnumValue) -> str:
        name = self.rng.choice(member_names(value.enum, value.member))
        return name.lower() if value.enum == "SourceType" else name

    # --- series ----------------------------------------------------------------------------

    def name(self, series: str) -> str:
        names = series_names(series)
        if series in self.favourite and self.rng.random() < 0.8:
            chosen = self.favourite[series]
        else:
            names = tuple(n for n in names if " " not in n or not n.isupper())
            short = [n for n in names if n.isupper() and len(n) <= 6]
            chosen = self.rng.choice([*names, *short, *short])
            self.favourite.setdefault(series, chosen)
        if self.lower and chosen not in _CASED and not chosen.isupper():
            return chosen.lower()
        return chosen.lower() if self.lower and chosen in _GLUE else chosen

    def series(self, call: Call) -> str:
        args = dict(call.args)
        ticker = args.pop("ticker", None)
        other = ticker if isinstance(ticker, str) and ticker != self.ticker else None
        if call.name == "CONST":
            return self.pick("the level ", "a constant ", "") + self.num(args["const_number"])
        if call.name in _PRICES and not args:
            text = self.price(call.name, own=other is None)
        else:
            text = self.indicator(call.name, args)
        if other is None:
            return text
        bare = text.removeprefix("the ")
        return self.pick(f"{other}'s {bare}", f"the {bare} of {other}", f"{text} on {other}",
                         f"{text} (of {other})", f"{bare} for {other}")

    def price(self, name: str, own: bool) -> str:
        if name == "CLOSE":
            options = ["the close", "the closing price", "price", "the price", "the close price"]
            if own:
                options += [self.ticker, f"{self.ticker}'s close", "the stock"]
            return self.pick(*options)
        if name == "VOLUME":
            return self.pick("volume", "the volume", "trading volume", "vol")
        if name == "HAMMER":
            return self.pick("the hammer pattern", "a hammer candle", "the hammer signal",
                             "the Hammer Candlestick Pattern")
        noun = self.rng.choice(series_names(name)).lower()
        return noun if noun.startswith("the ") else f"the {noun}"

    def indicator(self, series: str, args: dict[str, Value]) -> str:
        source = args.pop("source", None)
        name = self.name(series)
        the = "" if name.replace(" ", "").isupper() or self.rng.random() < 0.4 else "the "
        if not args:
            core = f"{the}{name}"
        elif tuple(args) == ("length",):
            core = self.with_length(series, name, the, _int(args["length"]))
        else:
            parts = [self.param(series, k, v) for k, v in args.items()]
            core = self.pick(f"{name} ({', '.join(parts)})", f"{the}{name} with {_listed(parts)}",
                             f"{the}{name} set to {_listed(parts)}",
                             f"{name} [{'; '.join(parts)}]")
        if isinstance(source, EnumValue):
            src = self.member(source)
            core = self.pick(f"{core} on the {src}", f"{core} of {src}",
                             f"{core} (source: {src})", f"{core} computed from {src}",
                             f"{core} fed with {src}")
        return core

    def with_length(self, series: str, name: str, the: str, n: int) -> str:
        words = self.rng.choice(param_names(series, "length"))
        said = wording.count(n, self.rng, 0.1)
        options = [f"{name}({n})", f"{name} ({n})", f"{the}{said}-{self.unit} {name}",
                   f"{the}{name} with a {words} of {said}", f"{name} {n}",
                   f"{the}{name} over {said} {self.unit}s",
                   f"{the}{name} ({words} {n})"]
        if series in _GLUE and name.upper() == series:
            low = series.lower()
            options += [f"{low}{n}", f"{low}{n}"]
            if series in ("SMA", "EMA"):
                options.append(f"the {n}{low}")
        return self.rng.choice(options)

    def param(self, series: str, key: str, value: Value) -> str:
        words = self.rng.choice(param_names(series, key))
        if isinstance(value, bool):
            state = self.pick("on" if value else "off", "yes" if value else "no",
                              "true" if value else "false")
            return self.pick(f"{words} {state}", f"{words}: {state}")
        if isinstance(value, EnumValue):
            text = self.member(value)
            return self.pick(f"{words} {text}", f"{text} as the {words}", f"{words}: {text}")
        text = self.num(value)
        return self.pick(f"{words} {text}", f"{words} of {text}", f"{words}={text}",
                         f"{words} at {text}", f"{text} for the {words}")

    # --- conditions ------------------------------------------------------------------------

    def clause(self, cond: Call) -> str:
        name = cond.name
        if name in ("AND", "OR"):
            return self.group(cond, nested=False)
        if name in ("CrossOverCondition", "CrossUnderCondition", "GreaterThanCondition",
                    "LessThanCondition"):
            return self.compare(cond)
        if name in ("UptrendForXDaysCondition", "DowntrendForXDaysCondition"):
            return self.trend(cond)
        if name == "ChangeOfXPercentPerYDaysCondition":
            return self.change(cond)
        if name == "IntraIntervalChangeOfXPercentCondition":
            return self.intra(cond)
        if name.endswith("FibRetracementLevelCondition"):
            return self.fibonacci(cond)
        if name == "AfterXDaysCondition":
            inner = cond.args["condition"]
            assert isinstance(inner, Call)
            text = self.inner(inner)
            days = self.days(cond.args["number_of_days"])
            return self.pick(f"{days} have passed since {text}",
                             f"it has been {days} since {text}",
                             f"{days} have gone by after {text}")
        raise ValueError(f"no question wording for {name}")

    def inner(self, cond: Call) -> str:
        """A condition inside another: groups always bracketed, so the grouping reads back."""
        if cond.name in ("AND", "OR"):
            return self.group(cond, nested=True)
        if cond.name == "AfterXDaysCondition":
            return f"({self.clause(cond)})"
        return self.clause(cond)

    def group(self, cond: Call, nested: bool) -> str:
        items = cond.args["conditions"]
        assert isinstance(items, tuple)
        parts = [self.inner(i) for i in items]
        both = cond.name == "AND"
        if nested:
            word = "and" if both else "or"
            head = self.pick("both ", "", "") if both and len(parts) == 2 else \
                ("either " if not both and len(parts) == 2 else "")
            text = f"{head}{_listed(parts, word)}"
            if not both and self.rng.random() < 0.3:
                text = f"any of: {'; '.join(parts)}"
            if both and self.rng.random() < 0.3:
                text = f"all of: {'; '.join(parts)}"
            return self.pick(f"({text})", f"[{text}]", f"({text})")
        if both:
            options = [_listed(parts, "and"), f"all of these hold: {'; '.join(parts)}",
                       f"{'; '.join(parts[:-1])}; and also {parts[-1]}"]
            if len(parts) == 2:
                options += [f"both {parts[0]} and {parts[1]}", f"{parts[0]} while {parts[1]}",
                            f"{parts[0]}, provided {parts[1]}"]
        else:
            options = [_listed(parts, "or"), f"any of these happens: {'; '.join(parts)}",
                       f"{'; '.join(parts[:-1])}; or else {parts[-1]}"]
            if len(parts) == 2:
                options += [f"either {parts[0]} or {parts[1]}",
                            f"{parts[0]}, or alternatively {parts[1]}"]
        return self.rng.choice(options)

    def compare(self, cond: Call) -> str:
        first, second = cond.args["first_series"], cond.args["second_series"]
        assert isinstance(first, Call) and isinstance(second, Call)
        subject = self.series(first)
        if second.name == "CONST" and first.name in ("CLOSE", "OPEN", "HIGH", "LOW") and \
                _num(second.args["const_number"]) >= 0 and self.rng.random() < 0.4:
            obj = f"${wording.plain(_num(second.args['const_number']))}"
        else:
            obj = self.series(second)
        verbs = {"CrossOverCondition": _CROSS_UP, "CrossUnderCondition": _CROSS_DOWN,
                 "GreaterThanCondition": _ABOVE, "LessThanCondition": _BELOW}[cond.name]
        symbol = {"GreaterThanCondition": ">", "LessThanCondition": "<"}.get(cond.name)
        if symbol and self.rng.random() < 0.12:
            return f"{subject} {symbol} {obj}"
        return f"{subject} {self.rng.choice(verbs)} {obj}"

    def trend(self, cond: Call) -> str:
        series = cond.args["series"]
        assert isinstance(series, Call)
        s, d = self.series(series), self.days(cond.args["number_of_days"])
        if cond.name == "UptrendForXDaysCondition":
            return self.pick(f"{s} has been rising for {d} straight", f"{s} goes up {d} in a row",
                             f"{s} is in an uptrend for {d}", f"{s} has trended up for {d}",
                             f"{s} keeps climbing for {d} running",
                             f"there's an uptrend in {s} lasting {d}")
        return self.pick(f"{s} has been falling for {d} straight", f"{s} goes down {d} in a row",
                         f"{s} is in a downtrend for {d}", f"{s} has trended down for {d}",
                         f"{s} keeps sliding for {d} running",
                         f"there's a downtrend in {s} lasting {d}")

    def change(self, cond: Call) -> str:
        series = cond.args["series"]
        assert isinstance(series, Call)
        s, d = self.series(series), self.days(cond.args["number_of_days"])
        value = _num(cond.args["percent"])
        p = self.pct(value)
        if value == 0:
            return self.pick(f"{s} changes by {p} over {d}", f"{s} moves {p} within {d}")
        if value > 0:
            return self.pick(f"{s} rises {p} within {d}", f"{s} is up {p} over the last {d}",
                             f"{s} gains at least {p} in {d}",
                             f"there's a {p} rise in {s} over {d}",
                             f"within {d}, {s} climbs {p}",
                             f"{s} moves +{wording.plain(abs(value))}% across {d}")
        return self.pick(f"{s} falls {p} within {d}", f"{s} is down {p} over the last {d}",
                         f"{s} loses at least {p} in {d}", f"there's a {p} drop in {s} over {d}",
                         f"within {d}, {s} slides {p}",
                         f"{s} moves -{wording.plain(abs(value))}% across {d}")

    def intra(self, cond: Call) -> str:
        series = cond.args["series"]
        assert isinstance(series, Call)
        s = self.series(series)
        value = _num(cond.args["percent"])
        p = self.pct(value)
        bar = self.pick("within a single bar", "inside a single candle", "intrabar",
                        "in the same bar", "during a single bar", "intraday")
        way = "up" if value > 0 else "down" if value < 0 else "by"
        return self.pick(f"{s} moves {way} {p} {bar}", f"{bar}, {s} moves {way} {p}",
                         f"{s} swings {way} {p} {bar}")

    def fibonacci(self, cond: Call) -> str:
        level = cond.args["fib_level"]
        assert isinstance(level, EnumValue)
        fib = self.pick("Fibonacci", "fib", "Fib", "Fibonacci retracement")
        what = self.pick(f"the {self.member(level)} {fib} level",
                         f"the {fib} {self.member(level)} level",
                         f"the {self.member(level)} {fib} retracement")
        if cond.name.startswith("Uptrend"):
            text = self.pick(f"price pulls back to {what} in an uptrend",
                             f"an uptrend retraces to {what}",
                             f"during an uptrend, price dips to {what}")
        else:
            text = self.pick(f"price bounces up to {what} in a downtrend",
                             f"a downtrend retraces to {what}",
                             f"during a downtrend, price rallies to {what}")
        if "length" in cond.args:
            n = wording.count(_int(cond.args["length"]), self.rng, 0.1)
            text += self.pick(f" (swing lookback {n})", f" over a {n}-{self.unit} swing",
                              f", measuring the swing over {n} {self.unit}s")
        return text

    def when(self, cond: Call) -> str:
        if cond.name == "AfterXDaysCondition" and self.rng.random() < 0.5:
            inner = cond.args["condition"]
            assert isinstance(inner, Call)
            days = self.days(cond.args["number_of_days"])
            return self.pick(f"{days} after {self.inner(inner)}",
                             f"{days} after the point where {self.inner(inner)}")
        return f"{self.rng.choice(_TRIGGERS)} {self.clause(cond)}"

    def rule(self, key: str) -> str:
        cond = self.strategy.args[key]
        assert isinstance(cond, Call)
        return self.when(cond)

    # --- sides -----------------------------------------------------------------------------

    def symbol(self) -> str:
        t = self.ticker
        return self.pick(t, t, t, f"${t}", f"{t} shares") if t.isalpha() else t

    def enter(self, named: bool) -> str:
        s = f" {self.symbol()}" if named else ""
        if self.side == "SHORT":
            return self.pick(f"short{s}", f"go short{' on' + s if s else ''}",
                             f"sell{s} short", f"open a short{' in' + s if s else ''}",
                             f"put on a short{' in' + s if s else ''}")
        return self.pick(f"buy{s}", f"go long{s}", f"get long{s}",
                         f"open a long{' in' + s if s else ''}", f"buy into{s or ' it'}")

    def leave(self) -> str:
        if self.side == "SHORT":
            return self.pick("cover", "close the short", "cover it", "exit the short",
                             "get out of the short")
        if self.side == "LONG":
            return self.pick("sell", "sell it", "exit", "close it out", "get out",
                             "close the long")
        return self.pick("flip to short", "go short", "reverse into a short",
                         "switch to a short", "turn around and go short")

    def side_noun(self) -> str:
        return {"LONG": self.pick("long", "long position", "long-only strategy", "long trade"),
                "SHORT": self.pick("short", "short position", "short-only strategy",
                                   "short trade"),
                "LONG_SHORT_COMBINED": self.pick("long and short strategy",
                                                 "long/short system", "strategy trading both "
                                                 "directions (long and short)")}[self.side]

    # --- settings: (noun phrase, clause) pairs, or adverbials -------------------------------

    def stop(self) -> tuple[str, str] | None:
        stop = self.strategy.args.get("stop_loss")
        if not isinstance(stop, Call):
            return None
        p = self.pct(stop.args["percentage"])
        kind = stop.args.get("stop_loss_type")
        noun = self.pick("stop loss", "stop-loss", "stop", "stop loss")
        if not isinstance(kind, EnumValue):
            return (self.pick(f"a {p} {noun}", f"a {noun} at {p}", f"a {noun} of {p}"),
                    self.pick(f"the {noun} sits at {p}", f"I get stopped out {p} against me",
                              f"losses are cut at {p}"))
        if kind.member == "TRAILING":
            return (self.pick(f"a {p} trailing {noun}", f"a trailing {noun} of {p}",
                              f"a {noun} that trails by {p}"),
                    self.pick(f"the stop was trailing at {p}", f"the {noun} trails {p} behind",
                              f"I trail the stop by {p}"))
        how = self.member(kind)
        return (self.pick(f"a {how} {p} {noun}", f"a {how} {noun} at {p}",
                          f"a {p} {noun} ({how})"),
                self.pick(f"the {noun} is {how} at {p}", f"I use a {how} {noun} of {p}"))

    def target(self) -> tuple[str, str] | None:
        target = self.strategy.args.get("take_profit")
        if not isinstance(target, Call):
            return None
        p = self.pct(target.args["percentage"])
        return (self.pick(f"a {p} take profit", f"a profit target of {p}",
                          f"a take-profit at {p}", f"TP at {p}", f"a {p} profit target"),
                self.pick(f"I take profits at {p}", f"the target was {p}",
                          f"profits get booked at {p}", f"the take profit sits at {p}"))

    def date(self, key: str) -> dt.date | None:
        call = self.strategy.args.get(key)
        if not isinstance(call, Call):
            return None
        return dt.date(_int(call.args["year"]), _int(call.args["month"]), _int(call.args["day"]))

    def history(self) -> str | None:
        period = self.strategy.args.get("period")
        said = self.period(period.member) if isinstance(period, EnumValue) else None
        dates = self.dates()
        return " ".join(t for t in (said, dates) if t) or None

    def dates(self) -> str | None:
        start, end = self.date("start_date"), self.date("end_date")
        a = wording.date(start, self.rng) if start else None
        b = wording.date(end, self.rng) if end else None
        if a and b:
            return self.pick(f"from {a} to {b}", f"between {a} and {b}",
                             f"over {a} through {b}", f"starting {a} and ending {b}")
        if a:
            return self.pick(f"from {a} onward", f"starting on {a}", f"since {a}",
                             f"with a start date of {a}")
        if b:
            return self.pick(f"up to {b}", f"ending on {b}", f"with an end date of {b}",
                             f"through {b}")
        return None

    def period(self, member: str) -> str:
        if member == "NOT_PASSED":
            return self.pick("with the period set to none", "with period: none",
                             "with no period (none)")
        if member == "MAX":
            return self.pick("over max history", "on all history", "with the max period",
                             "using the max lookback")
        if member == "YEAR_TO_DATE":
            return self.pick("year to date", "over the year to date", "on a ytd period",
                             "for the ytd period")
        span = self.rng.choice(member_names("Period", member))
        bare = span.removeprefix("a ").replace("half a year", "half year")
        return self.pick(f"over the last {bare}", f"for the past {bare}",
                         f"on {span} of data", f"across {span} of history")

    def interval(self) -> str | None:
        interval = self.strategy.args.get("interval")
        if not isinstance(interval, EnumValue):
            return None
        names = member_names("Interval", interval.member)
        spoken = next((n for n in names if " " in n), names[0]).replace(" ", "-")
        spoken = spoken.removesuffix("s")
        options = [f"on {spoken} bars", f"with a {names[-1]} timeframe",
                   f"using {spoken} candles", f"on the {names[-1]} interval"]
        if names[0].endswith("ly"):
            options += [f"on {names[0]} bars", f"on the {names[0]} chart",
                        f"using {names[0]} candles"]
        return self.rng.choice(options)

    def money(self, value: Value | None) -> str:
        m = wording.money(_num(value), self.rng)
        return m if re.search(r"\$|dollar|USD", m) else f"{m} dollars"

    def capital(self) -> tuple[str, str] | None:
        value = self.strategy.args.get("initial_capital")
        if not isinstance(value, int | float):
            return None
        m = self.money(value)
        return (self.pick(f"{m} of starting capital", f"an initial capital of {m}",
                          f"a {m} account", f"a starting balance of {m}"),
                self.pick(f"I start with {m}", f"the account begins at {m}",
                          f"initial capital is {m}"))

    def size(self) -> tuple[str, str] | None:
        size = self.strategy.args.get("order_size")
        if not isinstance(size, Call):
            return None
        value = size.args["value"]
        if size.name == "Contracts":
            n = self.num(value, 0.15)
            unit = self.pick("shares", "contracts", "units")
            unit = unit[:-1] if value == 1 else unit
            return (self.pick(f"{n} {unit} per trade", f"{n} {unit} each time",
                              f"an order size of {n} {unit}"),
                    self.pick(f"every order is {n} {unit}", f"I trade {n} {unit} at a time"))
        if size.name == "USD":
            m = self.money(value)
            return (self.pick(f"{m} per trade", f"{m} in each position",
                              f"a flat {m} per order"),
                    self.pick(f"each trade is {m}", f"I put {m} into every trade"))
        p = self.pct(value)
        return (self.pick(f"{p} of equity per trade", f"{p} of the account on each trade",
                          f"positions sized at {p} of equity"),
                self.pick(f"each trade uses {p} of my equity",
                          f"I put {p} of equity into every position"))

    def fees(self) -> tuple[str, str] | None:
        fee = self.strategy.args.get("trade_commissions")
        if not isinstance(fee, Call):
            return None
        value = fee.args["value"]
        if fee.name == "MoneyCommissions":
            if value == 0:
                return (self.pick("no commissions", "zero fees", "commission-free fills"),
                        self.pick("there are no commissions", "trading is commission free"))
            m = self.money(value)
            return (self.pick(f"a {m} commission per trade", f"a flat fee of {m} per trade",
                              f"{m} in fees on every trade"),
                    self.pick(f"each trade costs {m} in commission",
                              f"commissions are {m} per trade"))
        p = self.pct(value)
        return (self.pick(f"a {p} commission per trade", f"fees of {p} per trade",
                          f"a commission rate of {p}"),
                self.pick(f"commissions are {p} of each trade", f"the broker takes {p} per trade"))

    # --- layouts ---------------------------------------------------------------------------

    def settings(self) -> tuple[list[tuple[str, str]], list[str]]:
        pairs = [p for p in (self.stop(), self.target(), self.capital(), self.size(),
                             self.fees()) if p]
        adverbs = [a for a in (self.history(), self.interval()) if a]
        self.rng.shuffle(pairs)
        return pairs, adverbs

    def follow_ups(self, pairs: list[tuple[str, str]], adverbs: list[str]) -> list[str]:
        """Settings as separate questions and requests, or bundled into one."""
        out: list[str] = []
        if adverbs:
            a = " ".join(adverbs)
            out.append(self.pick(f"Can you run it {a}?", f"Could the test be run {a}?",
                                 f"How does it look {a}?", f"Please test it {a}.",
                                 f"And can we do that {a}?"))
        if len(pairs) > 1 and self.rng.random() < 0.4:
            nouns = _listed([n for n, _ in pairs])
            out.append(self.pick(f"Can you use {nouns}?", f"Could you add {nouns}?",
                                 f"Settings: {nouns}, is that doable?",
                                 f"Would {nouns} work?"))
            pairs = []
        for index, (noun, clause) in enumerate(pairs):
            also = "also, " if index and self.rng.random() < 0.5 else ""
            out.append(_cap(self.pick(f"{also}can you put in {noun}?",
                                      f"{also}what if {clause}?",
                                      f"{also}could you use {noun}?",
                                      f"{also}add {noun}, please.",
                                      f"{also}assume {clause}.",
                                      f"{also}is {noun} possible?")))
        if out and self.rng.random() < 0.25:
            self.rng.shuffle(out)
        return out

    def opener(self, adverbs: list[str]) -> str:
        """The opening request, sometimes carrying the history and timeframe."""
        where = f" {' '.join(adverbs)}" if adverbs else ""
        t, kind = self.symbol(), self.side_noun()
        hello = self.pick("", "", "", "Hi! ", "Hey, quick one: ", "Hello there. ",
                          "Quick question: ", "Hi, ")
        return hello + self.pick(f"Can you backtest a {kind} on {t} for me{where}?",
                         f"Could you run a quick backtest of a {kind} on {t}{where}?",
                         f"Is there a way to test a {kind} in {t}{where}?",
                         f"Can I get a backtest of a {kind} on {t}{where}?",
                         f"Would you backtest a {kind} on {t}{where} for me?",
                         f"Any chance you could try a {kind} on {t}{where}?",
                         f"Could you test a {kind} in {t}{where}?",
                         f"Would you mind running a {kind} on {t}{where}?",
                         f"I'd like to try a {kind} on {t}{where}, can you help?",
                         f"Hey, can you set up a {kind} for {t}{where}?",
                         f"Can you check how a {kind} on {t} would do{where}?")

    def rules_as_sentences(self) -> list[str]:
        entry, exit_ = self.rule("buy_condition"), self.rule("sell_condition")
        first = _cap(self.pick(f"{self.enter(False)} {entry}.",
                               f"it should {self.enter(False)} {entry}.",
                               f"can it {self.enter(False)} {entry}?",
                               f"the idea is to {self.enter(False)} {entry}.",
                               f"I want to {self.enter(False)} {entry}.",
                               f"entry rule: {self.enter(False)} {entry}."))
        second = _cap(self.pick(f"then {self.leave()} {exit_}.",
                                f"and could it {self.leave()} {exit_}?",
                                f"I'd {self.leave()} {exit_}.",
                                f"for the exit, {self.leave()} {exit_}.",
                                f"when does it {self.leave()}? {exit_}.",
                                f"exit rule: {self.leave()} {exit_}."))
        if second.startswith("When does"):
            verb, _, rest = second.partition("? ")
            second = f"{verb}? {_cap(rest)}"
        if self.rng.random() < 0.2:
            second = _cap(self.pick(f"{self.leave()} {exit_}.",
                                    f"it should {self.leave()} {exit_}."))
            lowered = first if first.startswith("I ") else first[:1].lower() + first[1:]
            return [second, "And " + lowered]
        return [first, second]

    def ask_then_rules(self) -> str:
        pairs, adverbs = self.settings()
        inline = self.rng.random() < 0.5
        parts = [self.opener(adverbs if inline else [])]
        rules = self.rules_as_sentences()
        extra = self.follow_ups(pairs, [] if inline else adverbs)
        if extra and self.rng.random() < 0.3:
            parts += [rules[0], extra[0], rules[1], *extra[1:]]
        else:
            parts += [*rules, *extra]
        return " ".join(parts)

    def what_happens(self) -> str:
        pairs, adverbs = self.settings()
        entry, exit_ = self.rule("buy_condition"), self.rule("sell_condition")
        go, out = self.enter(True), self.leave()
        join = self.pick("; then I ", ", and then I ", "; I'd ", " and later ")
        buy = self.strategy.args["buy_condition"]
        if join == " and later " and isinstance(buy, Call) and buy.name in ("AND", "OR"):
            join = ", and then later I "
        start = self.pick("What happens if I", "What would happen if I",
                          "What kind of results do I get if I", "Do I make money if I",
                          "Would it be profitable if I", "Can you tell me what happens if I",
                          "What do the results look like if I", "Suppose I",
                          "What's the outcome if I")
        if ";" in entry:
            join = self.pick(". After that, I'd ", ". Later I'd ")
        tail = self.pick("?", "?", " - how does that do?")
        if start == "Suppose I":
            tail = self.pick(" - how would that go?", ". How does it do?")
        text = f"{start} {go} {entry}{join}{out} {exit_}{tail}"
        return " ".join([text, *self.follow_ups(pairs, adverbs)])

    def how_would(self) -> str:
        pairs, adverbs = self.settings()
        entry, exit_ = self.rule("buy_condition"), self.rule("sell_condition")
        where = f" {' '.join(adverbs)}" if adverbs and self.rng.random() < 0.6 else ""
        adverbs = adverbs if not where else []
        kind = self.side_noun()
        head = self.pick(f"How would a {kind} on {self.symbol()} do{where} if I",
                         f"How well does a {kind} in {self.symbol()} perform{where} if I",
                         f"How would {self.symbol()} work as a {kind}{where} if I",
                         f"How does a {kind} on {self.symbol()} hold up{where} if I",
                         f"How much would a {kind} in {self.symbol()} make{where} if I",
                         f"How good is a {kind} on {self.symbol()}{where} when I")
        text = f"{head} {self.enter(False)} {entry}, {self.pick('then', 'and later')} " \
               f"{self.leave()} {exit_}?"
        return " ".join([text, *self.follow_ups(pairs, adverbs)])

    def set_up(self) -> str:
        pairs, adverbs = self.settings()
        entry, exit_ = self.rule("buy_condition"), self.rule("sell_condition")
        where = f" {' '.join(adverbs)}" if adverbs else ""
        head = self.pick("Could you set up a test where I", "Can you build a backtest where I",
                         "Is it possible to test a setup where I",
                         "Can you simulate a case where I", "Could you code up a test where I",
                         "Would you run a backtest in which I", "Can we try a setup where I")
        then = self.pick(", and then I ", "; after that I ", " - and I ")
        if ";" in entry:
            then = ". After that, I "
        text = f"{head} {self.enter(True)} {entry}{then}{self.leave()} {exit_}{where}"
        extras = [self.pick(f"also, could you use {n}", f"also, what if {c}",
                            f"and can I have {n}") for n, c in pairs]
        return "; ".join([text, *extras]) + "?"

    def question_list(self) -> str:
        pairs, adverbs = self.settings()
        entry, exit_ = self.rule("buy_condition"), self.rule("sell_condition")
        head = self.pick(f"A few questions about a {self.side_noun()} on {self.symbol()}:",
                         f"Some asks for a {self.side_noun()} in {self.symbol()}:",
                         f"Backtest request ({self.side_noun()}, {self.symbol()}):",
                         f"Questions on a {self.side_noun()} for {self.symbol()}:",
                         f"Checking a {self.side_noun()} idea on {self.symbol()}:")
        lines = [f"can it {self.enter(False)} {entry}?", f"can it {self.leave()} {exit_}?"]
        if self.rng.random() < 0.25:
            lines.reverse()
        lines += [self.pick(f"can you use {n}?", f"what if {c}?") for n, c in pairs]
        lines += [f"can you run it {a}?" for a in adverbs]
        bullet = self.pick("\n- ", "\n* ", " - ", "\n")
        return head + "".join(f"{bullet}{_cap(line) if bullet != ' - ' else line}"
                              for line in lines)


_LAYOUTS = ("ask_then_rules", "ask_then_rules", "what_happens", "how_would", "set_up",
            "question_list")


class QuestionPhraser:
    """Requests and questions to an assistant that together pin down one strategy."""

    name = "question"

    def describe(self, strategy: Call, rng: random.Random) -> str:
        interval = strategy.args.get("interval")
        member = interval.member if isinstance(interval, EnumValue) else "ONE_DAY"
        day = {"ONE_WEEK": "week", "ONE_MONTH": "month", "THREE_MONTHS": "quarter"}.get(
            member, "day" if member == "ONE_DAY" else "bar")
        asker = _Asker(strategy, rng, lower=rng.random() < 0.2,
                       unit=rng.choice(("period", "bar", day)), day=day)
        text = getattr(asker, rng.choice(_LAYOUTS))()
        assert isinstance(text, str)
        return _AN.sub(lambda m: m.group(1) + "n ", text)
