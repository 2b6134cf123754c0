"""The "esl" style: a strategy as a trader whose first language is not English writes it.

The grammar is a learner's but never ambiguous: articles dropped ("make buy when price cross
above SMA 50"), verbs without their "s" or in the wrong tense ("RSI crossed below 30"),
topic first ("Stop loss, I want 5 percent."), words translated literally ("take the profit
at 8%", "the commission is of 0.1 percent", "my deposit is 10000 dollars"), "if ... then"
rules and plural slips ("5 percents", "14 days RSI"). A crossing always says "cross", a
state always says "is/stay above" (or a sign), nested groups are always in brackets, and
every value the strategy holds is stated once in a form the reader takes.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from strategy_lsp.grammar import CATALOG, Call, EnumValue, Value

from . import wording
from .style_writer import StrategyWriter
from .vocabulary import member_names, param_names, series_names

_PRICES = ("CLOSE", "OPEN", "HIGH", "LOW")
_LOGIC = ("AND", "OR")
#: Abbreviations kept in capitals even by a writer who types indicators in lower case.
_KEEP_CASE = frozenset({"MOM", "MI", "UO", "DI+", "DI-", "+DI", "-DI", "%K", "%D", "%R",
                        "MA", "EMV", "BBP", "KST", "PVI", "PVT", "EOM"})
#: Short names that people glue to their length ("rsi14", "sma200").
_GLUE = frozenset({"rsi", "sma", "ema", "cci", "mfi", "roc", "atr", "adx", "cmo", "dpo", "obv",
                   "trix", "efi", "chop", "cmf"})
#: Our own words for parameters whose catalog name says "long" or "short" (the side words).
_PARAM_WORDS = {"long_roc_length": ("longer ROC length", "longer ROC period"),
                "short_roc_length": ("shorter ROC length", "shorter ROC period")}

_UP_CROSS = ("crosses above", "cross above", "crosses over", "cross over", "is crossing above",
             "crossed above", "make cross above", "makes a cross over", "cross up over",
             "is going to cross above", "do the cross above", "crosses upward over")
_DOWN_CROSS = ("crosses below", "cross below", "crosses under", "cross under",
               "is crossing below", "crossed below", "make cross below",
               "makes a cross under", "cross down under", "is going to cross below",
               "do the cross below", "crosses downward under")
_ABOVE = ("is above", "is more than", "is bigger than", "is higher than", "is over",
          "stays above", "stay above", "is higher of", "is upper than", "are above",
          "is staying above", "is more high than")
_BELOW = ("is below", "is less than", "is lower than", "is under", "stays below",
          "stay below", "is smaller than", "is lower of", "are below", "is staying below",
          "is less of")
_RELATIONS = {"CrossOverCondition": (_UP_CROSS, None), "CrossUnderCondition": (_DOWN_CROSS, None),
              "GreaterThanCondition": (_ABOVE, ">"), "LessThanCondition": (_BELOW, "<")}

_TRIGGERS = ("when", "when", "if", "in case", "in moment when", "every time when",
             "as soon as", "at the moment when")

#: Per side: (entry verbs, entry nouns, exit verbs, exit nouns).
_SIDES: dict[str, tuple[tuple[str, ...], ...]] = {
    "LONG": (("I buy", "make buy", "buy", "I enter long", "open long position", "go in long",
              "enter in long", "we buy", "do the buy"),
             ("buy", "entry", "long entry", "buying", "enter in long"),
             ("I sell", "make sell", "sell", "close position", "exit from position",
              "go out from trade", "close the trade", "we sell", "I exit"),
             ("sell", "exit", "closing", "selling", "go out")),
    "SHORT": (("I open short", "make short", "sell short", "enter short",
               "open short position", "go in short", "I go short", "enter in short"),
              ("short entry", "entry in short", "short", "open of short", "shorting"),
              ("I cover", "close short", "cover the short", "exit from short",
               "close position", "make cover", "I close the short", "go out from short"),
              ("cover", "exit", "closing of short", "exit from short", "covering")),
    "LONG_SHORT_COMBINED": (("go long", "open long", "make buy (long)", "I go in long",
                             "enter long"),
                            ("long entry", "long", "buy (long)", "going long"),
                            ("go short", "make short", "change to short",
                             "turn the position in short", "I go in short", "reverse to short"),
                            ("short", "short entry", "reverse to short", "going short")),
}
_SIDE_WORDS = {
    "LONG": ("long only", "only long", "long position", "long side", "only buy (long)",
             "long", "position long", "only long trades"),
    "SHORT": ("short only", "only short", "short position", "short side", "short selling",
              "short", "position short", "only short trades"),
    "LONG_SHORT_COMBINED": ("long and short", "both long and short", "long and also short",
                            "both side, long and short", "long + short (both)",
                            "both direction, long and short"),
}


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def _low(text: str) -> str:
    """Lower case at the front, but not "I" or an abbreviation."""
    if text.startswith("I ") or text[:2].isupper():
        return text
    return text[:1].lower() + text[1:]


def _whole(value: Value | None) -> int:
    assert isinstance(value, int) and not isinstance(value, bool), value
    return value


def _number(value: Value | None) -> float:
    assert isinstance(value, int | float) and not isinstance(value, bool), value
    return value


@dataclass
class _EslWriter(StrategyWriter):
    """One writer; the habits drawn in ``__post_init__`` hold for the whole text."""

    lower: bool = False
    glue: bool = False
    unit: str = "days"
    favourite: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.lower = self.rng.random() < 0.25
        self.glue = self.rng.random() < 0.3
        interval = self.strategy.args.get("interval")
        daily = not isinstance(interval, EnumValue) or interval.member == "ONE_DAY"
        self.unit = self.pick("days", "days", "bars", "candles") if daily else \
            self.pick("bars", "candles", "periods")

    # --- values ----------------------------------------------------------------------------

    def num(self, value: Value | None, words: float = 0.08) -> str:
        return wording.number(_number(value), self.rng, words)

    def pct(self, value: float) -> str:
        text = wording.plain(value)
        if float(value).is_integer() and 0 < value <= 20 and self.rng.random() < 0.1:
            return f"{wording.number_words(int(value))} percent"
        return self.pick(f"{text}%", f"{text}%", f"{text} %", f"{text} percent",
                         f"{text} percents", f"{text} per cent", f"{text} pct")

    def money(self, value: float) -> str:
        text, grouped = wording.plain(value), wording.grouped(value)
        return self.pick(wording.money(value, self.rng), wording.money(value, self.rng),
                         f"{grouped} $", f"{text} usd", f"{grouped} dollar",
                         f"{text} dollars", f"{grouped} USD")

    def count(self, value: Value | None) -> str:
        return wording.count(_whole(value), self.rng, 0.1)

    def days(self, value: Value | None) -> str:
        return f"{self.count(value)} {self.unit}"

    # --- series ----------------------------------------------------------------------------

    def name(self, series: str) -> str:
        if series in self.favourite and self.rng.random() < 0.8:
            return self.favourite[series]
        names = list(series_names(series))
        short = [n for n in names if n.replace(" ", "").isupper() and len(n) <= 6]
        chosen = self.rng.choice(names + short * 2)
        if self.lower and chosen not in _KEEP_CASE:
            chosen = chosen.lower()
        self.favourite.setdefault(series, chosen)
        return chosen

    def series(self, call: Call) -> str:
        stated = {k: v for k, v in call.args.items() if k != "ticker"}
        ticker = call.args.get("ticker")
        other = ticker if isinstance(ticker, str) and ticker != self.ticker else None
        if call.name == "CONST":
            return self.level(_number(call.args["const_number"]), False)
        if call.name in _PRICES and not stated:
            return self.price(call.name, other)
        if call.name == "VOLUME" and not stated:
            if other:
                return self.pick(f"volume of {other}", f"{other} volume")
            return self.pick("volume", "trading volume", "the volume", f"{self.ticker} volume")
        text = self.indicator(call.name, stated)
        if other:
            text = self.pick(f"{text} of {other}", f"{text} from {other}", f"{other} {text}",
                             f"{text} (on {other})")
        return text

    def price(self, name: str, other: str | None) -> str:
        t = other or self.ticker
        if name == "CLOSE":
            options = [f"{t} price", f"price of {t}", f"close price of {t}", f"{t} close"]
            if not other:
                options += ["price", "price", "close price", "closing price", t, "the price"]
            return self.pick(*options)
        word = {"OPEN": ("open price", "opening price", "candle open"),
                "HIGH": ("high price", "candle high", "the high"),
                "LOW": ("low price", "candle low", "the low")}[name]
        noun = self.rng.choice(word)
        return self.pick(f"{noun} of {other}", f"{other} {noun}") if other else noun

    def indicator(self, series: str, stated: dict[str, Value]) -> str:
        name = self.name(series)
        if not stated:
            return name
        if tuple(stated) == ("length",):
            n = self.count(stated["length"])
            key = name.lower()
            options = [f"{name} {n}", f"{name}({n})", f"{name} ({n})", f"{n} {self.unit} {name}",
                       f"{name} of {n} {self.unit}", f"{name} with period {n}",
                       f"{name} which period is {n}", f"{name} on {n} {self.unit}",
                       f"{name} (length {n})", f"{name} with length of {n}"]
            if self.glue and key in _GLUE and n.isdigit():
                options += [f"{key}{n}"] * 4 + ([f"{n}{key}"] * 2 if key in ("sma", "ema")
                                                else [])
            return self.rng.choice(options)
        parts = [self.param(series, k, v) for k, v in stated.items()]
        if len(parts) == 1:
            return self.pick(f"{name} with {parts[0]}", f"{name} ({parts[0]})",
                             f"{name} where {parts[0]}")
        listed = ", ".join(parts[:-1]) + " and " + parts[-1]
        return self.pick(f"{name} ({', '.join(parts)})", f"{name} with {listed}",
                         f"{name} [{', '.join(parts)}]", f"{name} of parameters {listed}")

    def param(self, series: str, param: str, value: Value) -> str:
        words = self.rng.choice(_PARAM_WORDS.get(param) or param_names(series, param))
        if isinstance(value, bool):
            yes, no = self.rng.choice((("yes", "no"), ("true", "false"), ("on", "off")))
            return self.pick(f"{words} {yes if value else no}", f"{words}: {yes if value else no}")
        if isinstance(value, EnumValue):
            member = self.rng.choice(member_names(value.enum, value.member))
            if param == "source":
                return self.pick(f"source {member}", f"{member} as source",
                                 f"{words} is {member}", f"input {member}")
            return self.pick(f"{words} {member}", f"{member} {words}", f"{words} is {member}")
        n = self.num(value)
        if param == "std_dev":
            return self.pick(f"{n} standard deviations", f"std dev {n}", f"{words} of {n}")
        return self.pick(f"{words} {n}", f"{words} is {n}", f"{words} = {n}", f"{words} of {n}")

    def level(self, value: float, price: bool) -> str:
        if value == 0:
            return self.pick("0", "zero", "zero line", "level 0", "the 0 line")
        text = self.num(value, 0.06)
        if price:
            plain = wording.plain(value)
            return self.pick(f"{plain} dollar", f"${plain}", plain, f"{plain} usd",
                             f"price level {plain}")
        return self.pick(text, text, f"level {text}", f"{text} level", f"the line of {text}",
                         f"value {text}", f"the level of {text}")

    # --- conditions ------------------------------------------------------------------------

    def clause(self, cond: Call, top: bool = True) -> str:
        """The condition as words after "when"; ``top`` is false inside a group."""
        name = cond.name
        if name in _LOGIC:
            return self.group(cond, nested=False)
        if name in _RELATIONS:
            return self.compare(cond, top)
        if name == "AfterXDaysCondition":
            return self.after(cond, top)
        series = cond.args.get("series")
        subject = self.series(series) if isinstance(series, Call) else ""
        if name in ("UptrendForXDaysCondition", "DowntrendForXDaysCondition"):
            d = self.days(cond.args["number_of_days"])
            if name.startswith("Up"):
                options = [f"{subject} go up {d} in row", f"{subject} goes up during {d}",
                           f"{subject} is in uptrend since {d}", f"{subject} make uptrend for {d}",
                           f"{subject} rising {d} continuously", f"uptrend of {subject} for {d}",
                           f"{subject} grow every bar during {d}"]
            else:
                options = [f"{subject} go down {d} in row", f"{subject} goes down during {d}",
                           f"{subject} is in downtrend since {d}",
                           f"{subject} make downtrend for {d}",
                           f"{subject} falling {d} continuously",
                           f"downtrend of {subject} for {d}",
                           f"{subject} fall every bar during {d}"]
            if not subject[:1].isdigit():
                way = "up" if name[0] == "U" else "down"
                options.append(f"during {d} {subject} is going {way}")
            return self.rng.choice(options)
        if name == "ChangeOfXPercentPerYDaysCondition":
            percent = _number(cond.args["percent"])
            d = self.days(cond.args["number_of_days"])
            p = self.pct(abs(percent))
            sign = "-" if percent < 0 else "+"
            signed = f"{sign}{wording.plain(abs(percent))}%"
            options = [f"{subject} make {signed} in {d}",
                       f"change of {subject} is {signed} for {d}"]
            if percent >= 0:
                options += [f"{subject} grow {p} in {d}", f"{subject} go up of {p} during {d}",
                            f"in {d} {subject} rise {p}",
                            f"{subject} increase by {p} in last {d}"]
            else:
                options += [f"{subject} fall {p} in {d}", f"{subject} go down of {p} during {d}",
                            f"in {d} {subject} drop {p}",
                            f"{subject} decrease by {p} in last {d}"]
            return self.rng.choice(options)
        if name == "IntraIntervalChangeOfXPercentCondition":
            percent = _number(cond.args["percent"])
            p = self.pct(abs(percent))
            bar = self.pick("inside one candle", "in one bar", "inside same bar",
                            "in the same candle", "during one candle")
            way = "down" if percent < 0 else "up"
            signed = f"{'-' if percent < 0 else '+'}{wording.plain(abs(percent))}%"
            return self.pick(f"{subject} move {p} {way} {bar}", f"{bar} {subject} go {way} {p}",
                             f"{subject} {'drop' if way == 'down' else 'jump'} {p} {bar}",
                             f"{subject} change {signed} {bar}")
        return self.fibonacci(cond)

    def compare(self, cond: Call, top: bool) -> str:
        first, second = cond.args["first_series"], cond.args["second_series"]
        assert isinstance(first, Call) and isinstance(second, Call)
        verbs, sign = _RELATIONS[cond.name]
        a = self.series(first)
        if second.name == "CONST":
            b = self.level(_number(second.args["const_number"]),
                           first.name in _PRICES and len(first.args) == 1)
        else:
            b = self.series(second)
        verb = self.rng.choice(verbs)
        roll = self.rng.random()
        if sign and roll < 0.12:
            return f"{a} {sign} {b}"
        if top and roll < 0.25:
            return self.pick(f"{a}, it {verb} {b}", f"for {a}: it {verb} {b}")
        return f"{a} {verb} {b}"

    def after(self, cond: Call, top: bool) -> str:
        inner = cond.args["condition"]
        assert isinstance(inner, Call)
        d = self.days(cond.args["number_of_days"])
        text = self.clause(inner, top=False)
        if inner.name in _LOGIC:
            text = f"({text})"
        options = [f"{d} after {text}", f"{d} after moment when {text}",
                   f"it pass {d} from when {text}", f"after {d} from moment {text}"]
        if top:
            options += [f"{text}, and after this I wait {d}", f"{text}, then wait {d}"]
        return self.rng.choice(options)

    def fibonacci(self, cond: Call) -> str:
        level = cond.args["fib_level"]
        assert isinstance(level, EnumValue)
        lv = self.rng.choice(member_names(level.enum, level.member))
        fib = self.pick("Fibonacci", "fibonacci", "fib", "Fibo")
        if cond.name.startswith("Uptrend"):
            text = self.pick(f"price come back to {lv} {fib} level in uptrend",
                             f"in uptrend price retrace to {fib} {lv}",
                             f"uptrend retracement touch {lv} level of {fib}",
                             f"price is pull back to {fib} {lv} when trend is up")
        else:
            text = self.pick(f"price come back up to {lv} {fib} level in downtrend",
                             f"in downtrend price retrace to {fib} {lv}",
                             f"downtrend retracement touch {lv} level of {fib}",
                             f"price bounce to {fib} {lv} when trend is down")
        if "length" in cond.args:
            n = self.count(cond.args["length"])
            text += self.pick(f" (lookback {n})", f" with swing length {n}",
                              f" using {n} {self.unit} for the swing", f" (length of {n})")
        return text

    def group(self, cond: Call, nested: bool) -> str:
        items = cond.args["conditions"]
        assert isinstance(items, tuple)
        both = cond.name == "AND"
        parts = []
        for item in items:
            if item.name in _LOGIC:
                inner = self.group(item, nested=True)
                parts.append(self.pick(f"({inner})", f"[{inner}]"))
            else:
                parts.append(self.clause(item, top=False))
        word = "and" if both else "or"
        if len(parts) == 2:
            a, b = parts
            if both:
                options = [f"{a} and {b}", f"{a} and also {b}", f"both {a} and {b}",
                           f"{a} and in same time {b}", f"{a} AND {b}"]
            else:
                options = [f"{a} or {b}", f"{a} or else {b}", f"{a} OR {b}",
                           f"one from these: {a} or {b}"]
            if nested:
                options = options[:2]
        else:
            head = ", ".join(parts[:-1])
            options = [f"{head} {word} {parts[-1]}"]
            if not nested:
                what = "all this" if both else "one of this"
                options += [f"{what}: {'; '.join(parts)}",
                            f"{'all together' if both else 'any from these'}: "
                            f"{'; '.join(parts)}"]
        return self.rng.choice(options)

    # --- rules -----------------------------------------------------------------------------

    def rule(self, exit_: bool) -> str:
        cond = self.strategy.args["sell_condition" if exit_ else "buy_condition"]
        assert isinstance(cond, Call)
        table = _SIDES[self.side]
        verb = self.rng.choice(table[2 if exit_ else 0])
        noun = self.rng.choice(table[3 if exit_ else 1])
        when = self.rng.choice(_TRIGGERS)
        c = self.clause(cond)
        return self.pick(f"{_cap(verb)} {when} {c}.", f"{_cap(when)} {c}, {_low(verb)}.",
                         f"If {c} then {_low(verb)}.", f"{_cap(noun)} condition: {c}.",
                         f"Condition for {noun}, {c}.", f"{_cap(noun)}: {when} {c}.",
                         f"For {noun} I want that {c}.", f"{_cap(verb)} only if {c}.",
                         f"{_cap(noun)} is when {c}.")

    # --- settings --------------------------------------------------------------------------

    def settings(self) -> list[str]:
        args = self.strategy.args
        out: list[str] = []
        stop = args.get("stop_loss")
        if isinstance(stop, Call):
            p = self.pct(_number(stop.args["percentage"]))
            kind = stop.args.get("stop_loss_type")
            if isinstance(kind, EnumValue):
                kw = self.rng.choice(member_names(kind.enum, kind.member))
                extra = [f"Stop loss {p} what move with price ({kw})"] \
                    if kind.member == "TRAILING" else []
                out.append(self.pick(f"Stop loss, I want {p} and {kw}", f"Stop loss {kw}, {p}",
                                     f"Put {kw} stop loss at {p}", f"{_cap(kw)} stop of {p}",
                                     f"Stop loss is {p}, type of stop is {kw}",
                                     f"SL {p} ({kw})", *extra))
            else:
                out.append(self.pick(f"Stop loss, I want {p}", f"Stop loss is {p}",
                                     f"Put stop loss at {p}", f"SL {p}", f"Stop loss on {p}",
                                     f"I use stop loss of {p}", f"For stop loss: {p}"))
        target = args.get("take_profit")
        if isinstance(target, Call):
            p = self.pct(_number(target.args["percentage"]))
            out.append(self.pick(f"Take the profit at {p}", f"Take profit, I want {p}",
                                 f"Take profit is {p}", f"TP {p}", f"Profit target of {p}",
                                 f"Close with profit when gain is {p}", f"I take profit on {p}"))
        dates = self.dates()
        if dates:
            out.append(dates)
        period = args.get("period")
        if isinstance(period, EnumValue):
            out.append(self.period(period.member))
        interval = args.get("interval")
        if isinstance(interval, EnumValue):
            names = member_names("Interval", interval.member)
            x = self.rng.choice(names)
            adjective = names[0] if names[0].endswith("ly") else f"{names[-1]}"
            out.append(self.pick(f"Timeframe is {x}", f"I use {adjective} candles",
                                 f"Candles of {x}", f"Interval {x}", f"Chart {adjective}",
                                 f"Interval of candles is {x}", f"Bars are {x}"))
        capital = args.get("initial_capital")
        if isinstance(capital, int | float) and not isinstance(capital, bool):
            m = self.money(capital)
            out.append(self.pick(f"Initial capital is {m}", f"Capital for start: {m}",
                                 f"I start with {m}", f"Money for begin is {m}",
                                 f"My deposit is {m}", f"Starting balance, {m}"))
        size = args.get("order_size")
        if isinstance(size, Call):
            out.append(self.order_size(size))
        fee = args.get("trade_commissions")
        if isinstance(fee, Call):
            out.append(self.commission(fee))
        return out

    def dates(self) -> str | None:
        start, end = (self.strategy.args.get(k) for k in ("start_date", "end_date"))
        a = self.date(start) if isinstance(start, Call) else None
        b = self.date(end) if isinstance(end, Call) else None
        if a and b:
            return self.pick(f"Test from {a} until {b}", f"Start date {a}, end date {b}",
                             f"Since {a} till {b}", f"Begin in {a} and finish in {b}",
                             f"Dates of test: from {a} to {b}", f"Backtest between {a} and {b}")
        if a:
            return self.pick(f"Start from {a}", f"Begin the test on {a}", f"Since {a}",
                             f"Start date is {a}", f"Data from {a}")
        if b:
            return self.pick(f"Until {b}", f"End date is {b}", f"Finish the test at {b}",
                             f"Till {b}", f"Data until {b}")
        return None

    def date(self, call: Call) -> str:
        day = dt.date(_whole(call.args["year"]), _whole(call.args["month"]),
                      _whole(call.args["day"]))
        return wording.date(day, self.rng)

    def period(self, member: str) -> str:
        if member == "NOT_PASSED":
            return self.pick("Period: none", "Period is none", "Period none")
        if member == "MAX":
            return self.pick("Use all history", "Period is max", "Period maximum (max)",
                             "Test on all history (max)", "History: all history")
        if member == "YEAR_TO_DATE":
            return self.pick("Period ytd", "Period is year to date", "History: ytd",
                             "Test from begin of this year (ytd)", "For period year to date")
        names = member_names("Period", member)
        spec = CATALOG.enum("Period")
        assert spec is not None
        found = spec.member(member)
        assert found is not None
        x = self.rng.choice([*names, found.value])
        return self.pick(f"Period is {x}", f"Test on last {x}", f"Use data of last {x}",
                         f"For period {x}", f"History: {x}", f"Period of test, {x}")

    def order_size(self, size: Call) -> str:
        value = _number(size.args["value"])
        if size.name == "Contracts":
            n = self.num(value, 0.1)
            unit = self.pick("shares", "contracts", "units", "pieces")
            options = [f"Every trade {n} {unit}", f"Quantity is {n} {unit} for each order",
                       f"Order size {n} {unit}", f"Each time {n} {unit}"]
            if self.side != "SHORT":
                options.append(f"I buy {n} {unit} each time")
            return self.rng.choice(options)
        if size.name == "USD":
            m = self.money(value)
            return self.pick(f"Every trade I put {m}", f"Order size is {m} for each trade",
                             f"Use {m} in each position", f"Amount for one trade: {m}")
        p = self.pct(value)
        return self.pick(f"{_cap(p)} of equity for each trade",
                         f"Each trade use {p} of my equity",
                         f"Position size is {p} of the account",
                         f"I invest {p} of equity every time")

    def commission(self, fee: Call) -> str:
        value = _number(fee.args["value"])
        if fee.name == "MoneyCommissions":
            if value == 0:
                return self.pick("No commission", "Commission is zero", "Without commission",
                                 "Commission free please")
            m = self.money(value)
            return self.pick(f"Commission is of {m} for each trade", f"Broker want {m} every trade",
                             f"Fee {m} per order", f"Commission {m} per trade")
        p = self.pct(value)
        return self.pick(f"The commission is of {p}", f"Commission, {p} from every trade",
                         f"Broker fee is {p} per trade", f"Commission {p} for each order")

    # --- layouts ---------------------------------------------------------------------------

    def opening(self) -> str:
        t, s = self.ticker, self.rng.choice(_SIDE_WORDS[self.side])
        return self.pick(f"Hello, I want to make strategy for {t}, {s}.",
                         f"Hi. Strategy is for {t} and position is {s}.",
                         f"I need backtest for {t} with {s}.",
                         f"Please make me strategy on {t}, {s}.", f"Ticker {t}, position type {s}.",
                         f"{t}, I trade {s}.", f"My idea is for {t}, {s}.",
                         f"Good day. I want test strategy on {t} ({s}).",
                         f"For {t} I want {s} strategy.", f"Asset: {t}. Direction: {s}.",
                         f"Dear team, I like to test {t}, {s}.")

    def closing(self) -> list[str]:
        return [self.pick("Thank you.", "Thanks in advance.", "Thank you very much for help.",
                          "Please tell me the result.", "Thank you, best regards.")] \
            if self.rng.random() < 0.45 else []

    def prose(self) -> str:
        rules = [self.rule(False), self.rule(True)]
        if self.rng.random() < 0.2:
            rules.reverse()
        rest = [f"{s}." for s in self.settings()]
        self.rng.shuffle(rest)
        cut = self.rng.randrange(len(rest) + 1) if self.rng.random() < 0.3 else 0
        body = rest[:cut] + rules[:1] + rest[cut:cut + 1] + rules[1:] + rest[cut + 1:] \
            if self.rng.random() < 0.3 else rules + rest
        return " ".join([self.opening(), *body, *self.closing()])

    def listed(self) -> str:
        entry_label = self.pick("When buy", "Entry", "Condition of entry", "Open")
        exit_label = self.pick("When sell", "Exit", "Condition of exit", "Close")
        if self.side == "SHORT":
            entry_label = self.pick("When short", "Entry short", "Open short")
            exit_label = self.pick("When cover", "Exit", "Close short")
        elif self.side == "LONG_SHORT_COMBINED":
            entry_label = self.pick("When long", "Go long", "Long entry")
            exit_label = self.pick("When short", "Go short", "Short entry")
        trig = self.pick("when ", "if ", "")
        lines = [self.pick(f"Ticker: {self.ticker}", f"Stock: {self.ticker}",
                           f"Symbol is {self.ticker}"),
                 f"{self.pick('Position', 'Direction', 'Side')}: "
                 f"{self.rng.choice(_SIDE_WORDS[self.side])}",
                 f"{entry_label}: {trig}{self.clause(self.cond('buy_condition'))}",
                 f"{exit_label}: {trig}{self.clause(self.cond('sell_condition'))}",
                 *self.settings()]
        sep = self.pick("\n", ". ", ";\n", "\n- ")
        return sep.join(lines) + ("." if sep.startswith(".") else "")

    def if_then(self) -> str:
        t = self.ticker
        entry_verb = {"LONG": "I buy", "SHORT": "I open short on",
                      "LONG_SHORT_COMBINED": "I go long on"}[self.side]
        first = f"If {self.clause(self.cond('buy_condition'))} then {entry_verb} {t}."
        rules = [first, self.rule(True)]
        head = self.pick(f"Strategy {self.rng.choice(_SIDE_WORDS[self.side])}.",
                         f"Position is {self.rng.choice(_SIDE_WORDS[self.side])}.")
        settings = self.settings()
        tail = []
        if settings:
            joined = "; ".join(_low(s) for s in settings)
            tail = [self.pick(f"Also: {joined}.", f"Other settings: {joined}.",
                              f"And {joined}.")] if self.rng.random() < 0.6 else \
                [f"{s}." for s in settings]
        return " ".join([head, *rules, *tail, *self.closing()])

    def question(self) -> str:
        s = self.rng.choice(_SIDE_WORDS[self.side])
        ask = self.pick(f"Can you make strategy for {self.ticker} ({s})?",
                        f"Is possible to test {s} strategy on {self.ticker}?",
                        f"Please, how I can backtest {self.ticker} with {s}?")
        rules = [self.rule(False), self.rule(True)]
        settings = [f"{x}." for x in self.settings()]
        self.rng.shuffle(settings)
        return " ".join([ask, self.pick("Idea is next.", "My rules:", "Rules are this:"),
                         *rules, *settings, *self.closing()])

    def cond(self, key: str) -> Call:
        value = self.strategy.args[key]
        assert isinstance(value, Call)
        return value


class EslPhraser:
    """Descriptions by traders who learnt English as a second language."""

    name = "esl"

    def describe(self, strategy: Call, rng: random.Random) -> str:
        writer = _EslWriter(strategy, rng)
        layout = rng.choice(("prose", "prose", "prose", "listed", "listed", "if_then",
                             "question"))
        text = getattr(writer, layout)()
        assert isinstance(text, str)
        return text
