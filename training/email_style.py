"""The email style: a strategy as a note from a PM, a client or a colleague to the quant.

An email opens with a greeting and some context ("we've been watching NVDA lately"), asks for
the rules indirectly ("could we try going long when ...", "I'd like to see ...", "let's
assume ..."), sometimes as a few bullets, names indicators the way people say them in meetings
("the 50-day moving average", "RSI(14)"), and keeps risk and money in their own paragraph or a
P.S. before the sign-off. Every value the strategy holds is stated once, in a form the model's
reader reads; the email states no number the strategy does not hold.
"""

from __future__ import annotations

import datetime as dt
import random
import re

from strategy_lsp.grammar import Call, EnumValue, Value

from . import wording
from .vocabulary import member_names, param_names, series_names

_PRICES = ("CLOSE", "OPEN", "HIGH", "LOW")
_UNITS: dict[str, tuple[str, ...]] = {  # what one bar is called on each interval
    "ONE_DAY": ("day", "day", "session", "bar"),
    "FIVE_DAYS": ("bar", "period"),
    "ONE_WEEK": ("week", "week", "bar"),
    "ONE_MONTH": ("month", "month", "bar"),
    "THREE_MONTHS": ("quarter", "bar"),
}
#: Parameter words of our own where the catalog's would say "long" or "short" (side words).
_OWN_PARAMS = {"long_roc_length": ("slow ROC length", "slow ROC window"),
               "short_roc_length": ("fast ROC length", "fast ROC window")}
_NAMES = ("Sam", "Alex", "Priya", "Jonas", "Mei", "Tom", "Rachel", "Omar", "Lena", "Kate",
          "Marco", "Ines", "Daniel", "Hannah", "Ravi", "Chloe")
_REMARKS = ("(nothing fancy)", "(I know, it's a classic)", "(happy to tweak this later)",
            "(purely mechanical, no discretion)", "(this is the part I care about most)",
            "(as discussed)", "(bear with me here)", "(the way we talk about it on the desk)",
            "(no overrides)", "(keep it simple for now)")


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _join(parts: list[str], word: str = "and") -> str:
    if len(parts) == 1:
        return parts[0]
    return ", ".join(parts[:-1]) + f" {word} " + parts[-1]


def _num(value: Value) -> str:
    assert isinstance(value, int | float) and not isinstance(value, bool), value
    return wording.plain(value)


def _real(value: Value) -> float:
    assert isinstance(value, int | float) and not isinstance(value, bool), value
    return value


def _abbreviation(name: str) -> bool:
    return name.isalpha() and name.isupper() and len(name) <= 5


class _Email:
    """Writes one email; draws every choice from ``rng``."""

    def __init__(self, strategy: Call, rng: random.Random) -> None:
        self.strategy = strategy
        self.rng = rng
        ticker = strategy.args["ticker"]
        assert isinstance(ticker, str)
        self.ticker = ticker
        side = strategy.args["position_type"]
        assert isinstance(side, EnumValue)
        self.side = side.member
        interval = strategy.args.get("interval")
        self.interval = interval.member if isinstance(interval, EnumValue) else "ONE_DAY"
        self.unit = rng.choice(_UNITS[self.interval])
        self.favourite: dict[str, str] = {}
        self.addressee = ""
        self.meeting = rng.random() < 0.7  # prefers the short names said in meetings

    def pick(self, *options: str) -> str:
        return self.rng.choice(options)

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    # --- values --------------------------------------------------------------------------

    def count(self, n: Value) -> str:
        """A count of bars or days; words only for small ones (always after a preposition)."""
        assert isinstance(n, int) and not isinstance(n, bool)
        if 2 <= n <= 20 and self.chance(0.2):
            return wording.number_words(n)
        return str(n)

    def bars(self, n: Value) -> str:
        assert isinstance(n, int)
        unit = self.rng.choice(_UNITS[self.interval])
        return f"{self.count(n)} {unit}{'s' if n != 1 else ''}"

    def level(self, value: Value, price: bool) -> str:
        assert isinstance(value, int | float) and not isinstance(value, bool)
        text = wording.plain(abs(value))
        if value < 0:
            return self.pick(f"-{text}", f"minus {text}", f"a reading of -{text}")
        if value == 0 and not price:
            return self.pick("zero", "0", "the zero line")
        if price:
            return self.pick(f"${text}", f"${text}", text, f"the ${text} mark", f"{text} dollars")
        return self.pick(text, text, f"the {text} level", f"a reading of {text}",
                         f"the {text} line")

    # --- series ---------------------------------------------------------------------------

    def name(self, series: str) -> str:
        if series in self.favourite and self.chance(0.8):
            return self.favourite[series]
        names = list(series_names(series))
        if self.meeting:
            names = [n for n in names if len(n) <= 16] or names
        chosen = self.rng.choice(names)
        self.favourite.setdefault(series, chosen)
        return chosen

    def series(self, call: Call) -> str:
        """A series with every parameter its call states (and the ticker if another one)."""
        owner = call.args.get("ticker")
        other = owner if isinstance(owner, str) and owner != self.ticker else None
        if call.name == "CONST":
            value = _real(call.args["const_number"])
            text = wording.plain(abs(value)) if value >= 0 else f"-{wording.plain(-value)}"
            return self.pick(f"a flat line at {text}", f"the constant {text}",
                             f"the fixed level {text}")
        stated = {k: v for k, v in call.args.items() if k != "ticker"}
        if call.name in _PRICES and not stated:
            return self._price(call.name, other)
        if call.name == "VOLUME":
            if other:
                return self.pick(f"{other}'s volume", f"the volume in {other}",
                                 f"trading volume on {other}")
            return self.pick("volume", "trading volume", "the volume")
        core = self._indicator(call.name, stated)
        if other:
            bare = core[4:] if core.startswith("the ") else core
            core = self.pick(f"{other}'s {bare}", f"{core} of {other}", f"{core} on {other}",
                             f"{core} (computed on {other})")
        return core

    def _price(self, name: str, other: str | None) -> str:
        if name == "CLOSE":
            if other:
                return self.pick(f"{other}'s close", f"the closing price of {other}",
                                 f"{other}'s price", f"the close on {other}")
            return self.pick("the price", "price", "the close", "the closing price",
                             f"{self.ticker}'s close", f"the {self.ticker} price")
        word = {"OPEN": ("open", "opening price", "open price"),
                "HIGH": ("high", "high price", "bar high"),
                "LOW": ("low", "low price", "bar low")}[name]
        noun = self.rng.choice(word)
        if other:
            return self.pick(f"{other}'s {noun}", f"the {noun} of {other}")
        return f"the {noun}"

    def _indicator(self, series: str, stated: dict[str, Value]) -> str:
        name = self.name(series)
        the = "" if _abbreviation(name) and self.chance(0.5) else "the "
        if not stated:
            return f"{the}{name}"
        if tuple(stated) == ("length",):
            n = stated["length"]
            assert isinstance(n, int)
            unit = self.unit
            options = [f"the {n}-{unit} {name}", f"a {n}-{unit} {name}", f"{name}({n})",
                       f"{name} ({n})", f"{the}{name} with a {n}-{unit} lookback",
                       f"{the}{name} over {n} {unit}s", f"{name} {n}",
                       f"{the}{name} (length {n})", f"the {self.count(n)}-{unit} {name}"]
            if _abbreviation(name):
                options.append(f"{name.lower()}{n}")
            return self.pick(*options)
        parts = [self._param(series, key, value) for key, value in stated.items()]
        return self.pick(f"{name} ({', '.join(parts)})", f"{the}{name} with {_join(parts)}",
                         f"{the}{name} ({'; '.join(parts)})",
                         f"{the}{name}, set to {_join(parts)},")

    def _param(self, series: str, key: str, value: Value) -> str:
        words = self.rng.choice(_OWN_PARAMS.get(key) or param_names(series, key))
        if isinstance(value, bool):
            if value:
                return self.pick("an exponential centre line", "use EMA switched on",
                                 "EMA centre line on")
            return self.pick("a simple (non-exponential) centre line", "use EMA switched off",
                             "EMA centre line off")
        if isinstance(value, EnumValue):
            names = [n for n in member_names(value.enum, value.member)
                     if not any(c.isdigit() for c in n)] or ["none"]
            member = self.rng.choice(names)
            if key == "source":
                return self.pick(f"source {member}", f"computed on the {member}",
                                 f"{member} as the input")
            return self.pick(f"{words} {member}", f"{words}: {member}", f"{member} for {words}")
        text = _num(value)
        if key == "std_dev":
            return self.pick(f"{text} standard deviations", f"std dev {text}",
                             f"a {text} std dev width")
        if key == "multiplier":
            return self.pick(f"multiplier {text}", f"a {text}x ATR multiplier",
                             f"ATR multiplier of {text}")
        return self.pick(f"{words} {text}", f"{words} of {text}", f"{words} set to {text}",
                         f"{words} = {text}")

    # --- conditions -----------------------------------------------------------------------

    def clause(self, c: Call) -> str:
        name = c.name
        if name in ("AND", "OR"):
            return self._group(c)
        if name in ("CrossOverCondition", "CrossUnderCondition", "GreaterThanCondition",
                    "LessThanCondition"):
            return self._compare(c)
        if name in ("UptrendForXDaysCondition", "DowntrendForXDaysCondition"):
            return self._trend(c)
        if name == "ChangeOfXPercentPerYDaysCondition":
            return self._change(c)
        if name == "IntraIntervalChangeOfXPercentCondition":
            return self._intra(c)
        if name.endswith("FibRetracementLevelCondition"):
            return self._fib(c)
        if name == "AfterXDaysCondition":
            inner = c.args["condition"]
            assert isinstance(inner, Call)
            days = self.bars(c.args["number_of_days"])
            text = self.clause(inner)
            return self.pick(f"{text}, acting {days} later", f"{text} (but wait {days} first)",
                             f"{text}, with a delay of {days}",
                             f"{days} have passed since {text}")
        raise ValueError(f"no email wording for {name}")

    def _group(self, c: Call) -> str:
        items = c.args["conditions"]
        assert isinstance(items, tuple)
        parts = [f"({self.clause(i)})" if i.name in ("AND", "OR") else self.clause(i)
                 for i in items]
        if c.name == "AND":
            options = [_join(parts), f"both {parts[0]} and {parts[1]}" if len(parts) == 2
                       else f"all of these hold: {'; '.join(parts)}",
                       f"{_join(parts)} (all at the same time)",
                       f"{', '.join(parts[:-1])}, and also {parts[-1]}"]
        else:
            options = [_join(parts, "or"), f"either {_join(parts, 'or')}",
                       f"any of these happens: {'; '.join(parts)}",
                       f"{_join(parts, 'or')} (whichever comes first)"]
        return self.rng.choice(options)

    def _compare(self, c: Call) -> str:
        first, second = c.args["first_series"], c.args["second_series"]
        assert isinstance(first, Call) and isinstance(second, Call)
        subject = self.series(first)
        if second.name == "CONST":
            obj = self.level(second.args["const_number"], first.name in _PRICES)
        else:
            obj = self.series(second)
        verb = {
            "CrossOverCondition": ("crosses above", "crosses over", "breaks above",
                                   "pushes up through", "moves up through", "climbs through",
                                   "cuts up through"),
            "CrossUnderCondition": ("crosses below", "crosses under", "breaks below",
                                    "drops through", "slips down through", "falls through",
                                    "cuts down through"),
            "GreaterThanCondition": ("is above", "is above", "sits above", "is trading above",
                                     "is higher than", "is greater than", "stays above"),
            "LessThanCondition": ("is below", "is below", "sits below", "is trading below",
                                  "is lower than", "is less than", "stays under"),
        }[c.name]
        return f"{subject} {self.rng.choice(verb)} {obj}"

    def _trend(self, c: Call) -> str:
        series = c.args["series"]
        assert isinstance(series, Call)
        s, days = self.series(series), self.bars(c.args["number_of_days"])
        if c.name.startswith("Uptrend"):
            return self.pick(f"{s} has been rising for {days} straight",
                             f"{s} has trended higher for {days} in a row",
                             f"{s} is in an uptrend for {days}",
                             f"{s} has gone up for {days} running",
                             f"{s} has climbed for {days} without a break")
        return self.pick(f"{s} has been falling for {days} straight",
                         f"{s} has trended lower for {days} in a row",
                         f"{s} is in a downtrend for {days}",
                         f"{s} has gone down for {days} running",
                         f"{s} has slid for {days} without a break")

    def _change(self, c: Call) -> str:
        series, pct = c.args["series"], c.args["percent"]
        assert isinstance(series, Call) and isinstance(pct, int | float)
        s, days = self.series(series), self.bars(c.args["number_of_days"])
        p = wording.percent(abs(pct), self.rng)
        if pct >= 0:
            return self.pick(f"{s} is up {p} over {days}", f"{s} has gained {p} within {days}",
                             f"{s} rallies {p} over a span of {days}",
                             f"{s} rises by {p} over {days}")
        return self.pick(f"{s} is down {p} over {days}", f"{s} has lost {p} within {days}",
                         f"{s} sells off {p} over a span of {days}",
                         f"{s} falls by {p} over {days}")

    def _intra(self, c: Call) -> str:
        series, pct = c.args["series"], c.args["percent"]
        assert isinstance(series, Call) and isinstance(pct, int | float)
        s = self.series(series)
        p = wording.percent(abs(pct), self.rng)
        bar = self.pick("within a single bar", "inside the same bar", "intrabar",
                        "from open to close of a single candle", "within the bar")
        if pct >= 0:
            return self.pick(f"{s} jumps {p} {bar}", f"{s} moves up {p} {bar}",
                             f"{s} rises {p} {bar}")
        return self.pick(f"{s} drops {p} {bar}", f"{s} moves down {p} {bar}",
                         f"{s} falls {p} {bar}")

    def _fib(self, c: Call) -> str:
        level = c.args["fib_level"]
        assert isinstance(level, EnumValue)
        lvl = self.rng.choice(member_names(level.enum, level.member))
        what = self.pick(f"the {lvl} Fibonacci retracement", f"the {lvl} Fib level",
                         f"the {lvl} Fibonacci level", f"the {lvl} fib retracement")
        if c.name.startswith("Uptrend"):
            text = self.pick(f"price pulls back to {what} in an uptrend",
                             f"an uptrend retraces to {what}",
                             f"price dips to {what} while trending up")
        else:
            text = self.pick(f"price bounces up to {what} in a downtrend",
                             f"a downtrend retraces up to {what}",
                             f"price rallies to {what} while trending down")
        if "length" in c.args:
            n = c.args["length"]
            words = self.rng.choice(param_names(c.name, "length"))
            text += self.pick(f" (swing {words} {n})", f", measured over {n} {self.unit}s",
                              f" with a {words} of {n}")
        return text

    def trigger(self, c: Call) -> str:
        return f"{self.pick('when', 'when', 'once', 'as soon as', 'whenever', 'if')} " \
               f"{self.clause(c)}"

    # --- rules ----------------------------------------------------------------------------

    def side_line(self) -> str:
        t = self.ticker
        return {
            "LONG": self.pick(f"I'd run {t} long only.", "Long side only, please.",
                              f"We'd only ever be long {t} here.",
                              "This is strictly a long idea."),
            "SHORT": self.pick(f"I'd run {t} as a short only.", "Short side only, please.",
                               f"We'd only ever be short {t} here.",
                               "This is strictly a short idea."),
            "LONG_SHORT_COMBINED": self.pick(
                "It should trade both ways, long and short.",
                f"I'd like it to flip between long and short {t}.",
                "Both directions please (long and short).",
                "Think of it as a long/short setup that is always in the market, flipping sides."),
        }[self.side]

    def condition(self, key: str) -> Call:
        value = self.strategy.args[key]
        assert isinstance(value, Call)
        return value

    def entry_verb(self) -> str:
        t = self.ticker
        return self.rng.choice({
            "LONG": ("go long", f"buy {t}", "get long", "buy", f"open a long in {t}"),
            "SHORT": ("go short", f"short {t}", f"sell {t} short", "open a short",
                      f"put on a short in {t}"),
            "LONG_SHORT_COMBINED": ("go long", f"buy {t} (go long)", "get long",
                                    f"open a long in {t}"),
        }[self.side])

    def entry(self) -> tuple[str, bool]:
        """The entry as an indirect request, and whether it is a question."""
        v, when = self.entry_verb(), self.trigger(self.condition("buy_condition"))
        ing = {"go": "going", "get": "getting", "buy": "buying", "open": "opening",
               "short": "shorting", "sell": "selling", "put": "putting"}
        head, _, rest = v.partition(" ")
        gerund = f"{ing[head]} {rest}".strip()
        form = self.rng.randrange(7)
        if form == 0:
            return f"Could we try {gerund} {when}", True
        if form == 1:
            return f"I'd like to see us {v} {when}", False
        if form == 2:
            return f"Let's assume we {v} {when}", False
        if form == 3:
            return f"The idea is to {v} {when}", False
        if form == 4:
            return f"Would it be possible to {v} {when}", True
        if form == 5:
            return f"What I have in mind is {gerund} {when}", False
        return f"My thinking: {v} {when}", False

    def exit_verb(self) -> str:
        return self.rng.choice({
            "LONG": ("sell", "close it out", "exit the position", "take it off", "get out",
                     "sell the position"),
            "SHORT": ("cover", "close the short", "exit the short", "take the short off",
                      "cover the position"),
            "LONG_SHORT_COMBINED": ("flip to a short", "reverse into a short",
                                    "go short (closing the long)", "switch to short"),
        }[self.side])

    def rules(self) -> list[str]:
        """Entry and exit as one or two paragraphs, or as a few bullets."""
        if self.chance(0.3):
            lead = self.pick("Roughly:", "The rules as I see them:", "In bullet form:",
                             "Rules:", "Here is what I have in mind:")
            label = self.rng.choice({
                "LONG": (("Entry", "Exit"), ("Buy", "Sell"), ("Get in", "Get out")),
                "SHORT": (("Entry (short)", "Cover"), ("Short", "Cover"),
                          ("Short entry", "Exit")),
                "LONG_SHORT_COMBINED": (("Long entry", "Short entry"),
                                        ("Go long", "Flip short")),
            }[self.side])
            bullet = self.pick("- ", "* ", "• ")
            entry = self.trigger(self.condition("buy_condition"))
            exit_ = self.trigger(self.condition("sell_condition"))
            if self.chance(0.5):
                entry = f"{self.entry_verb()} {entry}"
                exit_ = f"{self.exit_verb()} {exit_}"
            return ["\n".join([lead, f"{bullet}{label[0]}: {entry}",
                               f"{bullet}{label[1]}: {exit_}"])]
        entry, question = self.entry()
        exit_ = f"{self.exit_verb()} {self.trigger(self.condition('sell_condition'))}"
        mark = "?" if question else "."
        then = self.pick("Then", "After that, we'd", "On the way out, let's",
                         "For the exit, I'd", "And", "We would then")
        second = f"{then} {exit_}."
        remark = f" {self.rng.choice(_REMARKS)}" if self.chance(0.25) else ""
        if self.chance(0.5):
            return [f"{entry}{mark}{remark} {second}"]
        return [f"{entry}{mark}{remark}", second]

    # --- risk, money and data --------------------------------------------------------------

    def stop(self) -> str | None:
        stop = self.strategy.args.get("stop_loss")
        if not isinstance(stop, Call):
            return None
        p = wording.percent(_real(stop.args["percentage"]), self.rng)
        kind = stop.args.get("stop_loss_type")
        if kind is None:
            return self.pick(f"a {p} stop loss", f"a stop-loss at {p}", f"a {p} stop",
                             f"a stop {p} away from entry")
        assert isinstance(kind, EnumValue)
        if kind.member == "TRAILING":
            return self.pick(f"a {p} trailing stop", f"a trailing stop-loss of {p}",
                             f"a stop trailing {p} behind price", f"a trailing {p} stop")
        return self.pick(f"a fixed {p} stop loss", f"a hard stop at {p}", f"a static {p} stop",
                         f"a normal (fixed) stop-loss of {p}")

    def target(self) -> str | None:
        tp = self.strategy.args.get("take_profit")
        if not isinstance(tp, Call):
            return None
        p = wording.percent(_real(tp.args["percentage"]), self.rng)
        return self.pick(f"a {p} take profit", f"take profit at {p}",
                         f"a profit target of {p}", f"a {p} profit target")

    def money(self) -> list[str]:
        items: list[str] = []
        capital = self.strategy.args.get("initial_capital")
        if isinstance(capital, int | float) and not isinstance(capital, bool):
            m = wording.money(capital, self.rng)
            items.append(self.pick(f"{m} of starting capital", f"an initial account of {m}",
                                   f"a starting balance of {m}", f"{m} to start with"))
        size = self.strategy.args.get("order_size")
        if isinstance(size, Call):
            value = size.args["value"]
            if size.name == "Contracts":
                assert isinstance(value, int | float)
                unit = self.pick("shares", "contracts", "units")
                unit = unit[:-1] if value == 1 else unit
                n = _num(value)
                items.append(self.pick(f"{n} {unit} per trade", f"a fixed {n} {unit} a trade",
                                       f"{n} {unit} on every order"))
            elif size.name == "USD":
                m = wording.money(_real(value), self.rng)
                items.append(self.pick(f"{m} per position", f"{m} notional per trade",
                                       f"a fixed {m} a trade"))
            else:
                p = wording.percent(_real(value), self.rng)
                items.append(self.pick(f"{p} of equity per trade",
                                       f"position size at {p} of equity",
                                       f"{p} of the account equity on each trade"))
        fee = self.strategy.args.get("trade_commissions")
        if isinstance(fee, Call):
            value = fee.args["value"]
            if fee.name == "MoneyCommissions" and value == 0:
                items.append(self.pick("no commissions", "commission-free trading",
                                       "no fees at all"))
            elif fee.name == "MoneyCommissions":
                m = wording.money(_real(value), self.rng)
                items.append(self.pick(f"{m} commission per trade", f"a flat {m} fee per trade",
                                       f"{m} per trade in commissions"))
            else:
                p = wording.percent(_real(value), self.rng)
                items.append(self.pick(f"{p} commission per trade", f"fees of {p} per trade",
                                       f"{p} in commissions on each trade"))
        self.rng.shuffle(items)
        return items

    def _date(self, key: str) -> str | None:
        call = self.strategy.args.get(key)
        if not isinstance(call, Call):
            return None
        y, m, d = (call.args[k] for k in ("year", "month", "day"))
        assert isinstance(y, int) and isinstance(m, int) and isinstance(d, int)
        return wording.date(dt.date(y, m, d), self.rng)

    def window(self) -> str | None:
        parts: list[str] = []
        start, end = self._date("start_date"), self._date("end_date")
        if start and end:
            parts.append(self.pick(f"from {start} to {end}", f"between {start} and {end}",
                                   f"from {start} through {end}"))
        elif start:
            parts.append(self.pick(f"from {start} onwards", f"starting {start}",
                                   f"from {start} to today"))
        elif end:
            parts.append(self.pick(f"up to {end}", f"ending {end}", f"through {end}"))
        period = self.strategy.args.get("period")
        if isinstance(period, EnumValue):
            parts.append(self._period(period.member, bool(parts)))
        interval = self.strategy.args.get("interval")
        if isinstance(interval, EnumValue):
            names = member_names("Interval", interval.member)
            adjective = names[0] if names[0].endswith("ly") else None
            short = names[-1]
            options = [f"with a {short} interval", f"on {short} candles"]
            if adjective:
                options += [f"on {adjective} bars", f"on the {adjective} chart",
                            f"using {adjective} candles", f"on {adjective} data"]
            else:
                options += ["on 5-day bars", "using 5-day candles"]
            parts.insert(self.rng.randrange(len(parts) + 1), self.rng.choice(options))
        if not parts:
            return None
        lead = self.pick("Could you run it", "I'd like to see it", "Let's test it",
                         "Please backtest it", "Ideally we'd look at it")
        text = f"{lead} {' '.join(parts)}"
        return text + ("?" if lead.startswith("Could") else ".")

    def _period(self, member: str, dated: bool) -> str:
        if member == "NOT_PASSED":
            return "(period: none, just the dates)" if dated else "with the period set to none"
        if member == "YEAR_TO_DATE":
            return self.pick("year to date", "over YTD", "over the year to date")
        if member == "MAX":
            return self.pick("over all history", "on max history", "over the max period")
        span = self.rng.choice(member_names("Period", member))
        bare = span[2:] if span.startswith("a ") else span.replace("half a ", "half ")
        return self.pick(f"over the last {bare}", f"on the past {bare} of data",
                         f"using {span} of history")

    def risk_and_money(self) -> str | None:
        risk = [r for r in (self.stop(), self.target()) if r]
        money = self.money()
        sentences: list[str] = []
        if risk:
            lead = self.pick("On the risk side, I'd want", "Risk-wise, let's use",
                             "For risk, could we put on", "Please include",
                             "I'd also like")
            sentences.append(f"{lead} {_join(risk)}{'?' if 'could' in lead else '.'}")
        if money:
            lead = self.pick("Assume", "For sizing, assume", "Money-wise:", "Let's assume",
                             "On the money side, assume")
            sentences.append(f"{lead} {_join(money)}.")
        if not sentences:
            return None
        if self.chance(0.2):
            self.rng.shuffle(sentences)
        return " ".join(sentences)

    # --- the email ------------------------------------------------------------------------

    def greeting(self) -> str:
        who = self.rng.choice(_NAMES)
        self.addressee = who
        return self.pick(f"Hi {who},", f"Hello {who},", f"Hey {who},", "Hi team,",
                         "Hello all,", f"Morning {who},", "Hi there,", f"Dear {who},")

    def context(self) -> str:
        t = self.ticker
        opener = self.pick(
            f"We've been watching {t} lately and I think there's a trade in it.",
            f"{t} keeps coming up in our morning meeting, so I'd like to put some numbers "
            "behind an idea.",
            f"A client asked whether a simple rules-based approach on {t} would have held up.",
            f"Following up on our chat about {t}.",
            f"I've had {t} on my screen a lot recently and want to test a hunch.",
            f"Quick request on {t} before the next investment committee.",
            f"Our PM asked me to get a backtest going on {t}.",
            f"Something I'd like your help with: a systematic take on {t}.",
            f"The team has been debating {t} and I'd rather settle it with data.",
            f"A client of ours keeps asking about {t}, so let's see what the data says.",
            f"As promised, here is the {t} idea I mentioned.",
            f"Could you take a look at an idea on {t} for me?",
            f"I'm putting together a note on {t} and need a backtest to go with it.",
            f"Risk asked us to sanity-check a rule set on {t}.",
            f"There has been a lot of noise around {t}, and I want to know if a simple "
            "system would have caught the moves.")
        parts = [opener, self.side_line()]
        if self.chance(0.25):
            parts.reverse()
        if self.chance(0.3):
            parts.insert(0, self.pick("Hope you're well.", "Hope all is good on your end.",
                                      "Hope things are calm on your side.",
                                      "Thanks again for the help last time."))
        return " ".join(parts)

    def closing(self) -> str:
        return self.pick("Let me know what the results look like.",
                         "No rush, whenever you get a chance.",
                         "Shout if anything is unclear.",
                         "Happy to walk through it on a call.",
                         "Thanks for looking into this!", "Curious what you find.")

    def signoff(self) -> str:
        who = self.rng.choice([n for n in _NAMES if n != self.addressee])
        word = self.pick("Thanks,", "Cheers,", "Best,", "Regards,", "Many thanks,",
                         "Thanks in advance,", "Best regards,")
        return self.pick(f"{word}\n{who}", f"{word} {who}", f"- {who}")

    def write(self) -> str:
        paragraphs = [self.greeting(), self.context()]
        rules = self.rules()
        data = self.window()
        extra = self.risk_and_money()
        if data and not rules[-1].count("\n") and self.chance(0.4):
            rules[-1] += f" {data}"
            data = None
        paragraphs += rules
        if data:
            paragraphs.append(data)
        postscript = extra is not None and self.chance(0.3)
        if extra and not postscript:
            paragraphs.append(extra)
        if self.chance(0.8):
            paragraphs.append(self.closing())
        paragraphs.append(self.signoff())
        if extra and postscript:
            paragraphs.append(f"{self.pick('P.S.', 'PS:', 'P.S.')} {extra}")
        sep = "\n\n" if self.chance(0.85) else "\n"
        text = sep.join(paragraphs)
        return re.sub(r"\b([Aa]) (?=8|1[18](?!\d)|eight|eleven)", r"\1n ", text)


class EmailPhraser:
    """A PM's, a client's or a colleague's email to the quant who runs the backtest."""

    name = "email"

    def describe(self, strategy: Call, rng: random.Random) -> str:
        return _Email(strategy, rng).write()
