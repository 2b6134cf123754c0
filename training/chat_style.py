"""The "chat" phrasing style: a strategy as someone types it into a chat box.

Casual messages to an assistant or a colleague: mostly lower case, questions ("could you
test ...", "what happens if i ..."), run-on sentences joined with "and then", shorthand
(pls, w/, thx), the intent said before the rules, sometimes the exit before the entry, and
values said late ("... with a stop, say 3%"). Indicators are often glued to their length
("rsi14", "200sma"), always in lower case so that the reader never takes them for a ticker.
Every argument of the strategy is stated, and nothing else.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import dataclass, field

from strategy_lsp.grammar import CATALOG, Call, EnumValue, Value

from . import wording
from .style_writer import StrategyWriter
from .vocabulary import member_names, param_names, series_names

_PRICES = ("CLOSE", "OPEN", "HIGH", "LOW")
_COMPARISONS = ("CrossOverCondition", "CrossUnderCondition", "GreaterThanCondition",
                "LessThanCondition")
#: Abbreviations that read as other words once glued or lowered.
_NO_GLUE = frozenset({"MI", "UO", "MOM"})
_VERBS: dict[str, tuple[str, ...]] = {
    "CrossOverCondition": ("crosses above", "crosses over", "crosses up through", "breaks above",
                           "pops above", "cuts up through", "crosses back above",
                           "crosses up over"),
    "CrossUnderCondition": ("crosses below", "crosses under", "breaks below", "drops through",
                            "cuts down through", "crosses back below", "falls through",
                            "crosses down under"),
    "GreaterThanCondition": ("is above", "is over", "is higher than", "is greater than",
                             "sits above", "is trading above", "is north of", "is > "),
    "LessThanCondition": ("is below", "is under", "is lower than", "is less than",
                          "sits below", "is trading below", "is south of", "is < "),
}
#: Tuple forms charting tools use, parameters in this order.
_TUPLES: dict[str, tuple[str, ...]] = {
    "MACD": ("fast_length", "slow_length"),
    "MACD_SIGNAL": ("fast_length", "slow_length", "signal_length"),
    "BB_LOWER": ("length", "std_dev"), "BB_UPPER": ("length", "std_dev"),
    "BB_MIDDLE": ("length", "std_dev"),
    "KC_LOWER": ("length", "multiplier"), "KC_UPPER": ("length", "multiplier"),
    "STOCH_PERCENT_D": ("length", "smoothing_length"),
    "UO": ("fast_length", "middle_length", "slow_length"),
}
#: Our own words for parameters whose catalog words say "long" or "short".
_OWN_PARAMS = {"long_roc_length": ("slow roc length", "slow ROC len"),
               "short_roc_length": ("fast roc length", "fast ROC len")}
_BARS = {"ONE_DAY": ("days", "bars", "sessions", "candles"), "ONE_WEEK": ("weeks", "bars"),
         "ONE_MONTH": ("months", "bars"), "FIVE_DAYS": ("bars", "candles"),
         "THREE_MONTHS": ("quarters", "bars")}


def _whole(value: Value | None) -> int:
    assert isinstance(value, int) and not isinstance(value, bool), value
    return value


def _num(value: Value | None) -> float:
    assert isinstance(value, int | float) and not isinstance(value, bool), value
    return value


def _date(value: Value | None) -> dt.date | None:
    if not isinstance(value, Call):
        return None
    return dt.date(_whole(value.args["year"]), _whole(value.args["month"]),
                   _whole(value.args["day"]))


@dataclass
class _Chat(StrategyWriter):
    """One chat message being written; the habits are drawn once per message."""

    caps: bool = False  # indicator abbreviations in capitals ("RSI"), else lower case
    glue: float = 0.4  # how often a lone length is glued on ("rsi14")
    bars: tuple[str, ...] = ("days", "bars")
    favourite: dict[str, str] = field(default_factory=dict)

    def symbol(self) -> str:
        t = self.ticker
        return self.pick(t, t, t, f"${t}" if t.isalpha() else t, f"{t} stock" if
                         t.isalpha() else t)

    # --- numbers, in forms the reader reads (and that survive lower case) -------------

    def n(self, value: float, words: float = 0.06) -> str:
        return wording.number(value, self.rng, words)

    def pct(self, value: float) -> str:
        text = wording.plain(abs(value))
        if float(value).is_integer() and 0 < value <= 20 and self.rng.random() < 0.08:
            return f"{wording.number_words(int(value))} percent"
        return self.pick(f"{text}%", f"{text}%", f"{text}%", f"{text} pct", f"{text} percent")

    def money(self, value: float) -> str:
        g, p = wording.grouped(value), wording.plain(value)
        options = [f"${g}", f"${p}", f"{g} dollars", f"${g}", f"{g} bucks"]
        if float(value).is_integer() and value >= 1000 and value % 100 == 0:
            if value < 1_000_000:
                k = wording.plain(value / 1000)
                options += [f"${k}k", f"{k}k", f"${k}k", f"{k}k dollars"]
                if value % 1000 == 0:
                    options.append(f"{k} grand")
            elif value % 100_000 == 0:
                m = wording.plain(value / 1_000_000)
                options += [f"${m}m", f"${m} million", f"{m} million dollars"]
        return self.rng.choice(options)

    def days(self, value: Value) -> str:
        count = _whole(value)
        unit = self.rng.choice(self.bars)
        return f"{self.n(count, 0.2)} {unit[:-1] if count == 1 else unit}"

    # --- series ---------------------------------------------------------------------

    def name(self, series: str) -> str:
        if series in self.favourite and self.rng.random() < 0.8:
            return self.favourite[series]
        names = [n for n in series_names(series) if not n.lower().startswith("the ")]
        abbreviations = [n for n in names if re.fullmatch(r"[A-Z%+\-]{2,5}", n)]
        chosen = self.rng.choice(names + abbreviations * 3)
        if not self.caps and chosen.upper() not in _NO_GLUE:
            chosen = chosen.lower()
        self.favourite.setdefault(series, chosen)
        return chosen

    def series(self, call: Call, subject: bool = False) -> str:
        stated = {k: v for k, v in call.args.items() if k != "ticker"}
        other = call.args.get("ticker")
        text = self._series(call, stated, subject and other == self.ticker)
        if isinstance(other, str) and other != self.ticker:
            text = self.pick(f"{other}'s {text}", f"{text} of {other}", f"{text} ({other})")
        return text

    def _series(self, call: Call, stated: dict[str, Value], subject: bool) -> str:
        if call.name == "CONST":
            return self.level(_num(stated["const_number"]), price=False)
        if call.name == "CLOSE" and not stated:
            options = ["price", "the close", "close", "the closing price", "the price"]
            return self.pick(*options, self.ticker, f"{self.ticker} price") if subject \
                else self.pick(*options)
        if call.name in _PRICES and not stated:
            word = call.name.lower()
            return self.pick(f"the {word}", f"the bar {word}", f"the candle {word}",
                             f"the {word} price")
        if call.name == "VOLUME":
            return self.pick("volume", "vol", "the volume", "traded volume")
        source = stated.pop("source", None)
        name = self.name(call.name)
        if not stated:
            core = name
        elif tuple(stated) == ("length",):
            core = self._length(name, _whole(stated["length"]))
        else:
            core = self._params(call.name, name, stated)
        if source is not None:
            assert isinstance(source, EnumValue)
            src = self.source(source)
            core = self.pick(f"{core} on {src}", f"{core} of the {src}", f"{core} using {src}",
                             f"{core} (src {src})", f"{core} calculated on {src}")
        return core

    def source(self, value: EnumValue) -> str:
        names = member_names("SourceType", value.member)
        chosen = self.rng.choice(names)
        return chosen.lower() if any(c.isdigit() for c in chosen) or not self.caps else chosen

    def _length(self, name: str, length: int) -> str:
        glued = re.fullmatch(r"[A-Za-z]{2,5}", name) and name.upper() not in _NO_GLUE
        if glued and self.rng.random() < self.glue:
            low = name.lower()
            return self.pick(f"{low}{length}", f"{length}{low}", f"{low}{length}",
                             f"{low}({length})")
        unit = self.rng.choice(self.bars)[:-1]
        words = self.pick("length", "len", "period", "lookback")
        n = self.n(length)
        return self.pick(f"{name}({length})", f"{name} {length}", f"{n}-{unit} {name}",
                         f"{n} {unit} {name}", f"{name} w/ {words} {n}",
                         f"{name} ({words} {length})", f"{name} on a {n} {unit} lookback",
                         f"the {n}-period {name}")

    def _params(self, series: str, name: str, stated: dict[str, Value]) -> str:
        order = _TUPLES.get(series)
        if order and set(stated) == set(order) and self.rng.random() < 0.5:
            values = [wording.plain(_num(stated[k])) for k in order]
            sep = self.pick(", ", ", ", "/")
            return self.pick(f"{name}({sep.join(values)})", f"{name} {sep.join(values)}")
        parts = [self._param(series, k, v) for k, v in stated.items()]
        listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
        return self.pick(f"{name} ({', '.join(parts)})", f"{name} w/ {listed}",
                         f"{name} with {listed}", f"{name} [{', '.join(parts)}]")

    def _param(self, series: str, param: str, value: Value) -> str:
        if isinstance(value, bool):
            assert param == "use_exp_ma"
            return self.pick("ema basis", "exp ma on", "using the ema") if value else \
                self.pick("sma basis (no ema)", "exp ma off", "simple ma instead of ema")
        words = self.rng.choice(_OWN_PARAMS.get(param) or param_names(series, param))
        if not self.caps:
            words = words.lower()
        if isinstance(value, EnumValue):
            member = self.rng.choice(member_names(value.enum, value.member))
            member = member if self.caps else member.lower()
            return self.pick(f"{words} {member}", f"{words}: {member}", f"{words}={member}")
        text = self.n(_num(value), 0.04)
        if param == "std_dev":
            return self.pick(f"{text} std devs", f"{text} standard deviations",
                             f"stdev {text}", f"{words} {text}")
        if param == "multiplier":
            return self.pick(f"{words} {text}", f"{wording.plain(_num(value))}x atr mult",
                             f"mult {text}")
        return self.pick(f"{words} {text}", f"{words}={text}", f"{words} of {text}")

    def level(self, value: float, price: bool) -> str:
        text = self.n(value, 0.05)
        if price:
            digits = wording.plain(value)
            return self.pick(f"${digits}", digits, f"{digits} bucks", f"the ${digits} mark")
        if value == 0:
            return self.pick("zero", "0", "the zero line", "0")
        return self.pick(text, text, text, f"the {text} level", f"the {text} line")

    # --- conditions ----------------------------------------------------------------

    def clause(self, condition: Call, last: Call | None = None) -> str:
        name = condition.name
        if name in ("AND", "OR"):
            return self.logical(condition, nested=False)
        if name in _COMPARISONS:
            return self.comparison(condition, last)
        if name in ("UptrendForXDaysCondition", "DowntrendForXDaysCondition"):
            return self.trend(condition)
        if name == "ChangeOfXPercentPerYDaysCondition":
            return self.change(condition)
        if name == "IntraIntervalChangeOfXPercentCondition":
            return self.intra(condition)
        if name in ("UptrendFibRetracementLevelCondition",
                    "DowntrendFibRetracementLevelCondition"):
            return self.fibonacci(condition)
        if name == "AfterXDaysCondition":
            inner = condition.args["condition"]
            assert isinstance(inner, Call)
            text = self.inner(inner)
            d = self.days(condition.args["number_of_days"])
            return self.pick(f"{text}, {d} later", f"{text} (delayed {d})",
                             f"{text}, then wait {d}", f"{d} after {text}")
        raise ValueError(f"no chat phrasing for {name}")

    def inner(self, condition: Call) -> str:
        text = self.clause(condition)
        return f"({text})" if condition.name in ("AND", "OR") else text

    def trigger(self, condition: Call, last: Call | None = None) -> str:
        if condition.name == "AfterXDaysCondition" and self.rng.random() < 0.5:
            inner = condition.args["condition"]
            assert isinstance(inner, Call)
            d = self.days(condition.args["number_of_days"])
            text = self.inner(inner)
            return self.pick(f"{d} after {text}", f"{self.when()} {text} but wait {d} first",
                             f"{d} after the moment {text}")
        return f"{self.when()} {self.clause(condition, last)}"

    def when(self) -> str:
        return self.pick("when", "when", "once", "as soon as", "whenever", "if", "the moment")

    def logical(self, condition: Call, nested: bool) -> str:
        items = condition.args["conditions"]
        assert isinstance(items, tuple)
        both = condition.name == "AND"
        parts = [f"({self.logical(c, True)})" if c.name in ("AND", "OR") else self.clause(c)
                 for c in items]
        if len(parts) == 2:
            a, b = parts
            if both:
                options = [f"{a} and {b}", f"{a} and also {b}", f"both {a} and {b}",
                           f"{a} + {b}", f"{a} while {b}"]
            else:
                options = [f"{a} or {b}", f"either {a} or {b}", f"{a}, or {b}",
                           f"{a} or else {b}"]
            if nested:
                options = [f"{a} and {b}" if both else f"{a} or {b}",
                           f"both {a} and {b}" if both else f"either {a} or {b}"]
        else:
            head = ", ".join(parts[:-1])
            if both:
                options = [f"{head} and {parts[-1]}", f"all of: {'; '.join(parts)}",
                           f"{' + '.join(parts)}"]
            else:
                options = [f"{head} or {parts[-1]}", f"any of: {'; '.join(parts)}",
                           f"either {head} or {parts[-1]}"]
            if nested:
                options = options[:1]
        return self.rng.choice(options)

    def comparison(self, condition: Call, last: Call | None) -> str:
        first, second = condition.args["first_series"], condition.args["second_series"]
        assert isinstance(first, Call) and isinstance(second, Call)
        if first == last and first.name != "CONST" and self.rng.random() < 0.5:
            subject = "it"
        else:
            subject = self.series(first, subject=True)
        if second.name == "CONST":
            price = first.name in _PRICES and set(first.args) == {"ticker"}
            obj = self.level(_num(second.args["const_number"]), price)
        else:
            obj = self.series(second)
        verb = self.rng.choice(_VERBS[condition.name])
        if subject == "it":
            verb = verb.replace("is ", "it's ", 1) if verb.startswith("is ") else verb
            return f"{verb} {obj}" if verb.startswith("it's") else f"it {verb} {obj}"
        return f"{subject} {verb.rstrip()} {obj}"

    def trend(self, condition: Call) -> str:
        series = condition.args["series"]
        assert isinstance(series, Call)
        s = self.series(series, subject=True)
        d = self.days(condition.args["number_of_days"])
        if condition.name == "UptrendForXDaysCondition":
            return self.pick(f"{s} has been going up {d} in a row", f"{s} rises {d} straight",
                             f"{s} is in an uptrend for {d}", f"{s} climbs for {d} running",
                             f"{s} has gone up {d} straight")
        return self.pick(f"{s} has been going down {d} in a row", f"{s} falls {d} straight",
                         f"{s} is in a downtrend for {d}", f"{s} slides for {d} running",
                         f"{s} has gone down {d} straight")

    def change(self, condition: Call) -> str:
        series = condition.args["series"]
        assert isinstance(series, Call)
        s = self.series(series, subject=True)
        percent = _num(condition.args["percent"])
        p, d = self.pct(percent), self.days(condition.args["number_of_days"])
        if percent >= 0:
            return self.pick(f"{s} is up {p} over {d}", f"{s} gains {p} within {d}",
                             f"{s} rallies {p} in {d}", f"{s} climbs {p} over the last {d}")
        return self.pick(f"{s} is down {p} over {d}", f"{s} loses {p} within {d}",
                         f"{s} drops {p} in {d}", f"{s} sheds {p} over the last {d}")

    def intra(self, condition: Call) -> str:
        series = condition.args["series"]
        assert isinstance(series, Call)
        s = self.series(series, subject=True)
        percent = _num(condition.args["percent"])
        p = self.pct(percent)
        bar = self.pick("within a single bar", "inside the same candle", "intrabar",
                        "within a single candle", "in the same bar")
        if percent >= 0:
            return self.pick(f"{s} jumps {p} {bar}", f"{s} moves up {p} {bar}",
                             f"{s} spikes up {p} {bar}")
        return self.pick(f"{s} drops {p} {bar}", f"{s} moves down {p} {bar}",
                         f"{s} tanks {p} {bar}")

    def fibonacci(self, condition: Call) -> str:
        level = condition.args["fib_level"]
        assert isinstance(level, EnumValue)
        name = self.rng.choice(member_names("FibonacciLevels", level.member))
        fib = self.pick("fib", "fibonacci", "fib retracement", "fibo")
        what = self.pick(f"the {name} {fib}", f"the {name} {fib} level", f"{name} {fib}")
        if condition.name == "UptrendFibRetracementLevelCondition":
            text = self.pick(f"price pulls back to {what} in an uptrend",
                             f"an uptrend retraces to {what}",
                             f"price dips to {what} while trending up")
        else:
            text = self.pick(f"price bounces up to {what} in a downtrend",
                             f"a downtrend retraces up to {what}",
                             f"price pops back to {what} while trending down")
        length = condition.args.get("length")
        if length is not None:
            n = self.n(_whole(length))
            text += self.pick(f" (swing lookback {n})", f" w/ a lookback of {n}",
                              f", fib lookback {n}")
        return text

    # --- entry and exit -------------------------------------------------------------

    def _cond(self, key: str) -> Call:
        value = self.strategy.args[key]
        assert isinstance(value, Call)
        return value

    def _first(self, condition: Call) -> Call | None:
        if condition.name in _COMPARISONS:
            first = condition.args["first_series"]
            return first if isinstance(first, Call) else None
        return None

    def entry_verb(self, mood: str, with_symbol: bool) -> str:
        s = f" {self.symbol()}" if with_symbol else ""
        table = {
            "LONG": {"do": (f"buy{s}", f"go long{s}", f"get long{s}", f"buy{s}"),
                     "ing": (f"buying{s}", f"going long{s}", f"getting long{s}"),
                     "i": (f"i buy{s}", f"i go long{s}", f"i get long{s}")},
            "SHORT": {"do": (f"short{s}", f"go short{s}", f"sell{s} short", f"get short{s}"),
                      "ing": (f"shorting{s}", f"going short{s}", f"selling{s} short"),
                      "i": (f"i short{s}", f"i go short{s}", f"i sell{s} short")},
            "LONG_SHORT_COMBINED": {"do": (f"go long{s}", f"buy{s} (long)", f"get long{s}"),
                                    "ing": (f"going long{s}", f"buying{s} (long)"),
                                    "i": (f"i go long{s}", f"i buy{s} (long side)")},
        }
        return self.rng.choice(table[self.side][mood])

    def exit_verb(self, mood: str) -> str:
        table = {
            "LONG": {"do": ("sell", "exit", "close it", "get out", "dump it", "take it off"),
                     "ing": ("selling", "exiting", "closing it", "getting out"),
                     "i": ("i sell", "i exit", "i close it", "i get out")},
            "SHORT": {"do": ("cover", "buy it back", "close the short", "exit"),
                      "ing": ("covering", "buying it back", "closing the short"),
                      "i": ("i cover", "i buy back", "i close the short")},
            "LONG_SHORT_COMBINED": {"do": ("flip short", "go short", "reverse to short"),
                                    "ing": ("flipping short", "going short"),
                                    "i": ("i flip short", "i go short", "i reverse short")},
        }
        return self.rng.choice(table[self.side][mood])

    def entry(self, mood: str, with_symbol: bool) -> str:
        return f"{self.entry_verb(mood, with_symbol)} {self.trigger(self._cond('buy_condition'))}"

    def exit(self, mood: str) -> str:
        last = self._first(self._cond("buy_condition"))
        return f"{self.exit_verb(mood)} {self.trigger(self._cond('sell_condition'), last)}"

    def side_words(self) -> str:
        return {"LONG": self.pick("long only", "long", "longs only", "long side"),
                "SHORT": self.pick("short only", "short", "shorts only", "short side"),
                "LONG_SHORT_COMBINED": self.pick("long and short", "long/short", "both ways, "
                                                 "long + short", "long & short")}[self.side]

    # --- the rest --------------------------------------------------------------------

    def stop(self) -> str | None:
        stop = self.strategy.args.get("stop_loss")
        if not isinstance(stop, Call):
            return None
        p = self.pct(_num(stop.args["percentage"]))
        kind = stop.args.get("stop_loss_type")
        noun = self.pick("stop", "stop loss", "sl", "stop-loss")
        if isinstance(kind, EnumValue) and kind.member == "TRAILING":
            return self.pick(f"trailing {noun} {p}", f"a {p} trailing {noun}",
                             f"trail the stop by {p}", f"a trailing {noun}, say {p}",
                             f"trailing {noun} at {p}")
        if isinstance(kind, EnumValue):
            how = self.rng.choice(member_names("StopLossType", kind.member))
            return self.pick(f"{how} {noun} {p}", f"a {how} {noun} at {p}",
                             f"a {how} {noun}, say {p}", f"{noun} {p} ({how}, not trailing)")
        return self.pick(f"{noun} {p}", f"a {p} {noun}", f"{noun} at {p}",
                         f"a {noun}, say {p}", f"cut it at -{p}" if p[0].isdigit() else
                         f"{noun} at {p}", f"a {noun} too, make it {p}")

    def target(self) -> str | None:
        target = self.strategy.args.get("take_profit")
        if not isinstance(target, Call):
            return None
        p = self.pct(_num(target.args["percentage"]))
        return self.pick(f"tp {p}", f"take profit at {p}", f"a {p} profit target",
                         f"take profits at +{p}" if p[0].isdigit() else f"tp at {p}",
                         f"a take profit, say {p}", f"target {p}")

    def history(self) -> str | None:
        period = self.strategy.args.get("period")
        start = _date(self.strategy.args.get("start_date"))
        end = _date(self.strategy.args.get("end_date"))
        pieces = []
        if start and end:
            a, b = wording.date(start, self.rng), wording.date(end, self.rng)
            pieces.append(self.pick(f"from {a} to {b}", f"between {a} and {b}",
                                    f"{a} through {b}", f"from {a} till {b}"))
        elif start:
            a = wording.date(start, self.rng)
            pieces.append(self.pick(f"from {a}", f"starting {a}", f"since {a}",
                                    f"from {a} to now"))
        elif end:
            b = wording.date(end, self.rng)
            pieces.append(self.pick(f"up to {b}", f"until {b}", f"ending {b}", f"thru {b}"))
        if isinstance(period, EnumValue):
            pieces.append(self.period(period.member))
        return ", ".join(pieces) if pieces else None

    def period(self, member: str) -> str:
        if member == "NOT_PASSED":
            return self.pick("no preset period", "period: none", "no lookback period set")
        if member == "YEAR_TO_DATE":
            return self.pick("ytd", "year to date", "just ytd")
        if member == "MAX":
            return self.pick("max history", "all the history there is", "period max",
                             "on max data")
        spec = CATALOG.enum("Period")
        assert spec is not None
        short = spec.member(member).value  # type: ignore[union-attr]
        span = self.rng.choice(member_names("Period", member))
        bare = span[2:] if span.startswith("a ") else span.replace("half a ", "half ")
        return self.pick(f"last {bare}", f"over the past {bare}", f"{span} of data",
                         f"period {short}", f"a {short} lookback period", f"past {bare}")

    def interval(self) -> str | None:
        interval = self.strategy.args.get("interval")
        if not isinstance(interval, EnumValue):
            return None
        names = member_names("Interval", interval.member)
        short = names[-1]
        spoken = next((n for n in names if " " in n), short).replace(" ", "-").rstrip("s")
        options = [f"{short} candles", f"{short} bars", f"on the {short} chart",
                   f"{spoken} candles", f"interval {short}"]
        if names[0].endswith("ly"):
            options += [f"{names[0]} candles", f"{names[0]} bars", f"on the {names[0]}"]
        return self.rng.choice(options)

    def capital(self) -> str | None:
        value = self.strategy.args.get("initial_capital")
        if not isinstance(value, int | float) or isinstance(value, bool):
            return None
        m = self.money(value)
        return self.pick(f"start w/ {m}", f"{m} starting capital", f"account size {m}",
                         f"starting cash, say {m}", f"initial capital {m}",
                         f"a {m} account")

    def size(self) -> str | None:
        size = self.strategy.args.get("order_size")
        if not isinstance(size, Call):
            return None
        value = _num(size.args["value"])
        if size.name == "Contracts":
            n = self.n(value, 0.1)
            unit = self.pick("shares", "contracts", "units")
            unit = unit[:-1] if value == 1 else unit
            return self.pick(f"{n} {unit} per trade", f"{n} {unit} a trade",
                             f"size {n} {unit}", f"trade {n} {unit} at a time")
        if size.name == "USD":
            m = self.money(value)
            return self.pick(f"{m} per trade", f"{m} a trade", f"{m} per position",
                             f"put {m} in each trade", f"fixed {m} per trade")
        p = self.pct(value)
        return self.pick(f"{p} of equity per trade", f"{p} of the account each trade",
                         f"size = {p} of equity", f"use {p} of equity per position")

    def fees(self) -> str | None:
        fee = self.strategy.args.get("trade_commissions")
        if not isinstance(fee, Call):
            return None
        value = _num(fee.args["value"])
        if fee.name == "MoneyCommissions":
            if value == 0:
                return self.pick("no commissions", "zero fees", "commission free", "$0 fees")
            m = self.money(value)
            return self.pick(f"{m} commission per trade", f"fees {m} a trade",
                             f"{m}/trade in fees", f"flat {m} fee per trade")
        p = self.pct(value)
        return self.pick(f"{p} commission", f"fees {p} per trade", f"{p} fee on each trade",
                         f"commission of {p} per trade")

    def extras(self) -> list[str]:
        parts = [p for p in (self.stop(), self.target(), self.history(), self.interval(),
                             self.capital(), self.size(), self.fees()) if p]
        self.rng.shuffle(parts)
        return parts


def _tail(writer: _Chat, joiner: str = ", ") -> str:
    parts = writer.extras()
    if not parts:
        return ""
    if len(parts) > 1 and writer.rng.random() < 0.5:
        return joiner.join(parts[:-1]) + " and " + parts[-1]
    return joiner.join(parts)


def _ask(w: _Chat) -> str:
    opener = w.pick("could you test", "can you backtest", "can u test", "could you run",
                    "mind testing", "would you backtest")
    tail = _tail(w)
    join = w.pick(" and then ", ", and then ", ", then ")
    text = f"{opener} {w.entry('ing', True)}{join}{w.exit('ing')}"
    if tail:
        text += w.pick(f"? {tail}", f", with {tail}?", f"? oh and {tail}", f"? use {tail} pls")
    else:
        text += "?"
    return text


def _whatif(w: _Chat) -> str:
    tail = _tail(w)
    text = w.pick("what happens if ", "what if ", "how would it do if ") + \
        f"{w.entry('i', True)} and {w.exit('i')}?"
    if tail:
        text += w.pick(f" {tail}.", f" assume {tail}.", f" settings: {tail}.",
                       f" ({tail})")
    return text


def _runon(w: _Chat) -> str:
    head = w.pick(f"ok so {w.symbol()}, {w.side_words()}", f"{w.symbol()} {w.side_words()}",
                  f"so for {w.symbol()} ({w.side_words()})", f"thinking {w.symbol()}, "
                  f"{w.side_words()}")
    body = f"{w.entry('do', False)} and then {w.exit('do')}"
    tail = _tail(w)
    text = f"{head}: {body}" if w.rng.random() < 0.5 else f"{head} - {body}"
    if tail:
        text += w.pick(f", {tail}", f". {tail}", f" - {tail}")
    return text + w.pick("", " thx", " pls", ". thanks!", "", " ty")


def _intent(w: _Chat) -> str:
    s, side = w.symbol(), w.side_words()
    intro = w.pick(f"got an idea for {s} i want to check ({side})",
                   f"trying to put together a simple {side} system on {s}",
                   f"quick backtest request for {s}, {side}",
                   f"working on a {side} setup for {s}",
                   f"want to sanity check a {side} idea on {s}")
    rules = w.pick(f"{w.entry('do', False)}, {w.exit('do')}",
                   f"{w.entry('do', False)} and then {w.exit('do')}",
                   f"entry: {w.entry('do', False)}; exit: {w.exit('do')}")
    lead = w.pick("the rules: ", "rules are ", "basically ", "idea is ", "")
    tail = _tail(w)
    text = f"{intro}. {lead}{rules}."
    if tail:
        text += w.pick(f" {tail}.", f" also {tail}.", f" oh and {tail}.")
    return text


def _exit_first(w: _Chat) -> str:
    exit_text = w.exit("do")
    entry_text = w.entry("do", False)
    head = w.pick(f"{w.symbol()}, {w.side_words()}.", f"this is for {w.symbol()} "
                  f"({w.side_words()}).", f"{w.side_words()} on {w.symbol()}.")
    body = w.pick(f"{exit_text} - that's the exit. entry: {entry_text}.",
                  f"exit first: {exit_text}. and the entry, {entry_text}.",
                  f"{exit_text}, and for the entry {entry_text}.")
    tail = _tail(w)
    parts = [body, head] if w.rng.random() < 0.5 else [head, body]
    if tail:
        parts.append(w.pick(f"{tail}.", f"w/ {tail}.", f"plus {tail}."))
    return " ".join(parts)


def _lines(w: _Chat) -> str:
    lines = [w.pick(f"{w.symbol()} {w.side_words()}", f"{w.side_words()} {w.symbol()}")]
    entry, exit_ = w.entry("do", False), w.exit("do")
    lines += [entry, exit_] if w.rng.random() < 0.75 else [exit_, entry]
    tail = _tail(w)
    if tail:
        lines.append(tail)
    return w.pick("\n", "\n", " / ", " // ").join(lines)


_LAYOUTS = (_ask, _ask, _whatif, _runon, _runon, _intent, _intent, _exit_first, _lines)


def _casing(text: str, ticker: str, mode: str) -> str:
    if mode == "lower":
        return text
    text = re.sub(r"\bi\b", "I", text)
    if mode == "first":
        return text[:1].upper() + text[1:]
    return re.sub(r"(^|[.?!]\s+|\n)([a-z])", lambda m: m.group(1) + m.group(2).upper(), text)


class ChatPhraser:
    """Casual chat messages: questions, run-ons, intent first, shorthand, lower case."""

    name = "chat"

    def describe(self, strategy: Call, rng: random.Random) -> str:
        interval = strategy.args.get("interval")
        member = interval.member if isinstance(interval, EnumValue) else "ONE_DAY"
        writer = _Chat(strategy, rng, caps=rng.random() < 0.3, glue=rng.choice((0.2, 0.5, 0.8)),
                       bars=_BARS.get(member, ("bars", "candles")))
        text = rng.choice(_LAYOUTS)(writer)
        text = re.sub(r" {2,}", " ", text)
        text = re.sub(r"\b([Aa]) (?=8|1[18](?!\d)|eight|eleven)", r"\1n ", text)
        return _casing(text, writer.ticker, rng.choice(("lower", "lower", "first", "sentences")))
