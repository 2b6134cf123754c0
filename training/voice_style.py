"""The voice style: a strategy dictated to a voice assistant and transcribed as spoken.

Run-on sentences with little punctuation, fillers ("okay so", "um", "and then"), numbers
often spoken as words ("fifty day moving average", "twenty one"), self-corrections that only
restate a word ("sell, I mean exit"), and the settings dropped in wherever the speaker
remembers them. Decimals, dates and tickers stay in the forms a transcriber writes and the
model's reader reads (``1.5 percent``, ``march 3rd 2019``, ``AAPL``); no two spoken numbers
ever stand side by side, so the reader cannot merge them.
"""

from __future__ import annotations

import calendar
import random
import re
from dataclasses import dataclass, field

from strategy_lsp.grammar import Call, EnumValue, Value

from . import wording
from .vocabulary import member_names, param_names, series_names

_PRICES = ("CLOSE", "OPEN", "HIGH", "LOW")
#: Abbreviations that stay in capitals: in lower case they read as other words.
_KEEP_CASE = frozenset({"MI", "MOM", "MA", "UO"})
#: What one bar is called on each interval ("a fifty day average", "a ten week average").
_UNITS = {"ONE_DAY": ("day", "day", "day", "session"), "FIVE_DAYS": ("bar", "period"),
          "ONE_WEEK": ("week", "week", "bar"), "ONE_MONTH": ("month", "bar"),
          "THREE_MONTHS": ("quarter", "bar")}
#: Parameter lists said as bare numbers, the way charting tools show them.
_TUPLES = {"MACD": ("fast_length", "slow_length"),
           "MACD_SIGNAL": ("fast_length", "slow_length", "signal_length"),
           "BB_LOWER": ("length", "std_dev"), "BB_UPPER": ("length", "std_dev"),
           "BB_MIDDLE": ("length", "std_dev"), "KC_LOWER": ("length", "multiplier"),
           "KC_UPPER": ("length", "multiplier"), "STOCH_PERCENT_D": ("length", "smoothing_length"),
           "UO": ("fast_length", "middle_length", "slow_length"),
           "CHAIKIN_OSC": ("fast_length", "slow_length")}
#: Our own words for the two Coppock lengths ("long"/"short" would blur the trade side).
_COPPOCK = {"long_roc_length": ("longer ROC length", "longer rate of change length"),
            "short_roc_length": ("shorter ROC length", "shorter rate of change length")}
_CROSS_UP = ("crosses above", "crosses over", "crosses up through", "crosses back above",
             "crosses up over", "breaks above", "cuts up through", "crosses above")
_CROSS_DOWN = ("crosses below", "crosses under", "crosses down through", "crosses back below",
               "crosses down under", "breaks below", "cuts down through", "crosses below")
_ABOVE = ("is above", "is over", "is greater than", "is higher than", "stays above",
          "is sitting above", "is trading above", "is still above", "reads above", "is above")
_BELOW = ("is below", "is under", "is less than", "is lower than", "stays below",
          "is sitting below", "is trading below", "is still below", "reads below", "is below")
_FILLERS = ("um", "uh", "um", "like", "you know", "I guess", "basically", "uh", "hmm")
_FIXES = ("sorry", "I mean", "no wait", "or rather", "I mean like", "sorry I mean")
_ENTRY = {"LONG": ("buy", "go long", "get in", "buy it", "open a long", "enter long", "go long",
                   "buy TICKER", "we buy"),
          "SHORT": ("short it", "go short", "sell short", "open a short", "enter short",
                    "short TICKER", "we short"),
          "LONG_SHORT_COMBINED": ("go long", "get long", "open a long", "flip long", "be long")}
_EXIT = {"LONG": ("sell", "sell it", "get out", "close it out", "exit", "close the position",
                  "dump it"),
         "SHORT": ("cover", "cover it", "close the short", "get out of the short",
                   "exit the short"),
         "LONG_SHORT_COMBINED": ("go short", "flip short", "reverse to short", "get short")}
_HOW = {"LONG": ("long", "long only", "on the long side", "going long"),
        "SHORT": ("short", "short only", "on the short side", "going short"),
        "LONG_SHORT_COMBINED": ("long and short", "both ways long and short", "both directions",
                                "long and short both")}
#: Period members: how many of what, and what "the last ..." may call it instead.
_SPANS: dict[str, tuple[int, str] | tuple[int, str, str]] = {
    "ONE_DAY": (1, "day", "day"), "FIVE_DAYS": (5, "day"), "ONE_MONTH": (1, "month", "month"),
    "THREE_MONTHS": (3, "month", "quarter"), "SIX_MONTHS": (6, "month", "half year"),
    "ONE_YEAR": (1, "year", "year"), "TWO_YEARS": (2, "year"), "FIVE_YEARS": (5, "year"),
    "TEN_YEARS": (10, "year", "decade")}
#: "a" before a number said with a vowel sound: "an eight day", "an 11 period".
_AN = re.compile(r"\b([Aa]) (?=\x01?(?:eight|eleven|8|11\b|18\b))")


def _whole(value: Value | None) -> int:
    assert isinstance(value, int) and not isinstance(value, bool), value
    return value


def _call(owner: Call, key: str) -> Call:
    value = owner.args[key]
    assert isinstance(value, Call)
    return value


def _deep(call: Call) -> bool:
    """A group holding a group."""
    items = call.args.get("conditions")
    return isinstance(items, tuple) and any(i.name in ("AND", "OR") for i in items)


def _num(value: Value | None) -> float:
    assert isinstance(value, int | float) and not isinstance(value, bool), value
    return value


_digits, _ordinal = wording.plain, wording.ordinal


def _is_acronym(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and len(name) <= 6


@dataclass
class _Speaker:
    """One person dictating one strategy: habits drawn once, wording drawn per phrase."""

    strategy: Call
    rng: random.Random
    ticker: str = ""
    words: float = 0.5  # how often a whole number is spoken as words
    hyphen: str = " "  # "twenty one" or "twenty-one"
    acronyms: bool = True  # "RSI" or "rsi"
    chatty: float = 0.3  # how often fillers and restatements come up
    units: tuple[str, ...] = ("day",)
    favourite: dict[str, str] = field(default_factory=dict)
    last_subject: Call | None = None

    def pick(self, *options: str) -> str:
        return self.rng.choice(options)

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def filler(self) -> str:
        """Nothing, or a hesitation word with its leading space."""
        return f" {self.pick(*_FILLERS)}" if self.chance(self.chatty * 0.5) else ""

    @property
    def side(self) -> str:
        position = self.strategy.args["position_type"]
        assert isinstance(position, EnumValue)
        return position.member

    # --- numbers ---------------------------------------------------------------------

    def spoken(self, n: int) -> str:
        """A whole number from 0 to 999,999 as a speaker says it, between markers that
        :func:`_settle` removes once it has kept two spoken numbers from touching."""
        return f"\x01{self._words(n)}\x02"

    def _words(self, n: int) -> str:
        text = wording.number_words(n).replace("-", self.hyphen)
        if not self.chance(0.4):
            return text
        # "one hundred and twenty", never "five hundred and thousand"
        return re.sub(r"hundred (?!thousand)", "hundred and ", text)

    def number(self, value: float, words: float | None = None) -> str:
        """Digits or spoken words; decimals always as digits (a transcriber writes 2.5)."""
        if value < 0:
            sign = self.pick("minus ", "negative ", "-")
            text = self.number(-value, words)
            return ("minus " if sign == "-" and not text[0].isdigit() else sign) + text
        p = self.words if words is None else words
        if float(value).is_integer() and value < 1_000_000 and self.chance(p):
            return self.spoken(int(value))
        if float(value).is_integer() and value >= 10_000 and self.chance(0.3):
            return f"{int(value):,}"
        return _digits(value)

    def percent(self, value: float) -> str:
        text = self.number(value, self.words if value <= 100 else 0)
        return text + self.pick(" percent", " percent", "%", " per cent") if \
            text[0].isdigit() else text + " percent"

    def money(self, value: float) -> str:
        v = float(value)
        if not v.is_integer():
            return self.pick(f"{v:,.2f} dollars", f"${v:,.2f}", f"{_digits(v)} dollars",
                             f"{_digits(v)} bucks")
        n = int(v)
        options = [f"{self.number(n)} dollars", f"${n:,}", f"{self.number(n)} bucks",
                   f"{n} dollars"]
        if n >= 1000 and n % 100 == 0 and n < 1_000_000:
            k = _digits(n / 1000)
            options += [f"{k}k", f"{k} grand", f"{k} thousand dollars", f"${k}k"]
        if n >= 1_000_000 and n % 100_000 == 0:
            m = _digits(n / 1_000_000)
            options += [f"{m} million dollars", f"${m} million", f"{m} million bucks"]
            if n == 1_000_000:
                options.append("a million dollars")
        return self.rng.choice(options)

    def count(self, n: int, unit: str) -> str:
        return f"{self.number(n)} {unit}{'' if n == 1 else 's'}"

    def date(self, call: Value | None) -> str:
        assert isinstance(call, Call)
        y, m, d = (_whole(call.args[k]) for k in ("year", "month", "day"))
        month = calendar.month_name[m]
        month = month.lower() if self.chance(0.6) else month
        options = [f"{month} {_ordinal(d)} {y}", f"{month} {d} {y}", f"{month} {d}, {y}",
                   f"the {_ordinal(d)} of {month} {y}", f"{d} {month} {y}",
                   f"{month} the {_ordinal(d)} {y}", f"{month} {_ordinal(d)}, {y}"]
        if self.chance(0.1):
            options = [f"{y}-{m:02d}-{d:02d}"]
        if (m, d) == (1, 1):
            options += [f"the start of {y}", f"the beginning of {y}"]
        if (m, d) == (12, 31):
            options += [f"the end of {y}", f"the end of {y}"]
        return self.rng.choice(options)

    # --- series ----------------------------------------------------------------------

    def name(self, series: str) -> str:
        if series in self.favourite and self.chance(0.8):
            return self.favourite[series]
        names = [n for n in series_names(series) if not set(n) & set("%+-/(.'")]
        pool = names + [n for n in names if _is_acronym(n)] * 2
        chosen = self.rng.choice(pool)
        if chosen in _KEEP_CASE:
            pass
        elif _is_acronym(chosen) and " " not in chosen:
            chosen = chosen if self.acronyms else chosen.lower()
        else:
            chosen = chosen.lower()
        self.favourite.setdefault(series, chosen)
        return chosen

    def series(self, call: Call, subject: bool = False) -> str:
        """A series with every argument its call holds, in spoken words."""
        text = self._series(call, subject)
        owner = call.args.get("ticker")
        if isinstance(owner, str) and owner != self.ticker:
            if text.startswith("the "):
                text = text[4:]
            text = self.pick(f"{owner}'s {text}", f"the {text} on {owner}",
                             f"the {text} of {owner}", f"{text} for {owner}")
        return text

    def _series(self, call: Call, subject: bool) -> str:
        stated = {k: v for k, v in call.args.items() if k != "ticker"}
        owner = call.args.get("ticker")
        own = not isinstance(owner, str) or owner == self.ticker
        if call.name == "CLOSE":
            options = ["price", "the price", "the close", "the closing price", "close price"]
            if subject and own:
                options += [self.ticker, f"{self.ticker} price", "the stock"]
            return self.pick(*options)
        if call.name in _PRICES:
            low = call.name.lower()
            return self.pick(f"the {low}", f"the {low} price", f"the {low} of the bar")
        if call.name == "CONST":
            said = self.number(_num(call.args["const_number"]))
            return self.pick(f"the {said} level", f"the {said} line", f"a flat {said}")
        if call.name == "VOLUME":
            return self.pick("volume", "the volume", "trading volume")
        name = self.name(call.name)
        if self.chance(self.chatty * 0.15):  # says the name twice, the second time in full
            other = self.name(call.name) if self.chance(0.3) else \
                self.rng.choice(series_names(call.name)).lower()
            if other != name and not set(other) & set("%+-/(.'"):
                name = f"{name}, {self.pick(*_FIXES)}, the {other}"
        if not stated:
            return self.pick(f"the {name}", name)
        if tuple(stated) == ("length",):
            return self._length(name, _whole(stated["length"]))
        order = _TUPLES.get(call.name)
        if order and set(stated) == set(order) and self.chance(0.45):
            values = [_digits(_num(stated[k])) for k in order]
            sep = self.pick(" ", ", ", "/")
            return self.pick(f"the {name} {sep.join(values)}", f"{name} {sep.join(values)}",
                             f"{sep.join(values)} {name}")
        parts = [self._param(call.name, k, v) for k, v in stated.items()]
        if len(parts) == 1:
            listed = parts[0]
        else:
            listed = ", ".join(parts[:-1]) + self.pick(" and ", ", and ", " and then ") + \
                parts[-1]
        return self.pick(f"the {name} with {listed}", f"{name} with {listed}",
                         f"the {name} using {listed}", f"{name} using {listed}",
                         f"the {name}, {listed},")

    def _length(self, name: str, n: int) -> str:
        unit = self.rng.choice(self.units)
        said = self.number(n)
        word = self.rng.choice(param_names("RSI", "length"))
        plural = "" if n == 1 else "s"
        return self.pick(f"the {said} {unit} {name}", f"a {said} {unit} {name}",
                         f"{said} {unit} {name}", f"the {name} {said}", f"{name} {said}",
                         f"the {name} with a {word} of {said}", f"{name} {word} {said}",
                         f"the {name} over {said} {unit}{plural}",
                         f"the {name} set to {said} {unit}{plural}", f"the {said} period {name}")

    def _param(self, owner: str, param: str, value: Value) -> str:
        words = self.rng.choice(_COPPOCK.get(param) or param_names(owner, param))
        if isinstance(value, bool):
            state = self.pick("on", "turned on", "set to true") if value else \
                self.pick("off", "turned off", "set to false")
            return f"{words} {state}"
        if isinstance(value, EnumValue):
            member = self.rng.choice([n for n in member_names(value.enum, value.member)
                                      if not any(c.isdigit() for c in n)] or
                                     list(member_names(value.enum, value.member)))
            if param == "source":
                return self.pick(f"source {member}", f"the source set to {member}",
                                 f"the {member} as the source", f"input {member}")
            return self.pick(f"{words} {member}", f"{words} set to {member}",
                             f"the {words} being {member}")
        said = self.number(_num(value))
        if param == "std_dev":
            return self.pick(f"{said} standard deviations", f"std dev {said}",
                             f"a deviation multiplier of {said}")
        return self.pick(f"{words} {said}", f"{words} of {said}", f"a {words} of {said}",
                         f"the {words} at {said}", f"{words} set to {said}")

    # --- conditions ------------------------------------------------------------------

    def clause(self, cond: Call, nested: bool = False) -> str:
        name = cond.name
        if name in ("AND", "OR"):
            return self._group(cond, nested)
        if name in ("CrossOverCondition", "CrossUnderCondition", "GreaterThanCondition",
                    "LessThanCondition"):
            return self._compare(cond)
        self.last_subject = None
        if name in ("UptrendForXDaysCondition", "DowntrendForXDaysCondition"):
            return self._trend(cond, name.startswith("Up"))
        if name == "ChangeOfXPercentPerYDaysCondition":
            return self._change(cond)
        if name == "IntraIntervalChangeOfXPercentCondition":
            return self._intra(cond)
        if name.endswith("FibRetracementLevelCondition"):
            return self._fib(cond, name.startswith("Up"))
        if name == "AfterXDaysCondition":
            inner = _call(cond, "condition")
            days = self.count(_whole(cond.args["number_of_days"]), self.rng.choice(self.units))
            text = self.clause(inner, nested=True)
            if inner.name in ("AND", "OR"):
                text = f"({text})"
            if nested:  # inside a group, the delay says first which rule it belongs to
                return self.pick(f"{days} after {text}", f"({text}, then wait {days})")
            return self.pick(f"{text} and then {days} later", f"{text}, then wait {days}",
                             f"{days} after {text}", f"{text} but only {days} after that",
                             f"{text}, and then after {days}")
        raise ValueError(f"no phrasing for {name}")

    def _group(self, cond: Call, nested: bool) -> str:
        items = cond.args["conditions"]
        assert isinstance(items, tuple)
        both = cond.name == "AND"
        deep = _deep(cond)
        parts = []
        for index, item in enumerate(items):
            text = self.clause(item, nested=True)
            grouped = item.name in ("AND", "OR")
            if grouped and (index < len(items) - 1 or self.chance(0.5) or _deep(item)):
                text = self.pick(f"({text})", f"({text})", f"open bracket {text} close bracket")
            parts.append(text)
        word = "and" if both else "or"
        if len(parts) == 2 and not deep:
            a, b = parts
            if nested:
                return f"both {a} and {b}" if both else f"either {a} or {b}"
            if both:
                return self.pick(f"{a} and {b}", f"both {a} and also {b}", f"{a} and also {b}",
                                 f"{a} and at the same time {b}", f"{a} plus {b}")
            return self.pick(f"{a} or {b}", f"either {a} or {b}", f"{a} or else {b}",
                             f"either {a} or otherwise {b}")
        sep = "; " if deep else ", " if nested else self.pick(", ", "; ")
        listed = sep.join(parts[:-1]) + f"{sep.rstrip()} {word} " + parts[-1]
        if both:
            opts = [f"all of these: {listed}", f"all of {listed}", f"each of {listed}"]
            if not nested and not deep:
                opts += [f"all of the following: first {parts[0]}, second {parts[1]}"
                         + "".join(f", and then also {p}" for p in parts[2:]),
                         f"all of these at once {sep.join(parts)}"]
        else:
            opts = [f"any of these: {listed}", f"any of {listed}", f"either {listed}"]
            if not nested:
                opts.append(f"any of the following: {sep.join(parts)}")
        return self.rng.choice(opts)

    def _subject(self, first: Call) -> str:
        if first == self.last_subject and self.chance(0.4):
            return "it"
        return self.series(first, subject=True)

    def _compare(self, cond: Call) -> str:
        first, second = _call(cond, "first_series"), _call(cond, "second_series")
        subject = self._subject(first)
        verb = self.rng.choice({"CrossOverCondition": _CROSS_UP,
                                "CrossUnderCondition": _CROSS_DOWN,
                                "GreaterThanCondition": _ABOVE,
                                "LessThanCondition": _BELOW}[cond.name])
        if second.name == "CONST":
            value = _num(second.args["const_number"])
            said = self.number(value)
            if first.name in _PRICES and value > 0:
                obj = self.pick(f"{said} dollars", said, f"{said} bucks", f"the {said} level")
            elif value == 0 and self.chance(0.5):
                zero = self.spoken(0)
                obj = self.pick(zero, f"the {zero} line", f"the {zero} level")
            else:
                obj = self.pick(said, said, f"the {said} level", f"the {said} line",
                                f"a reading of {said}", f"level {said}")
        else:
            obj = self.series(second)
        self.last_subject = first
        if cond.name.startswith("Cross") and self.chance(0.12):
            noun = "above" if cond.name == "CrossOverCondition" else "below"
            return f"{subject} does a cross {noun} {obj}"
        return f"{subject}{self.filler()} {verb} {obj}"

    def _trend(self, cond: Call, up: bool) -> str:
        s = self.series(_call(cond, "series"), subject=True)
        n = _whole(cond.args["number_of_days"])
        unit = self.rng.choice(self.units)
        days, said, way = self.count(n, unit), self.number(n), "up" if up else "down"
        trend, moves = ("an uptrend", "rises") if up else ("a downtrend", "falls")
        return self.pick(f"{s} has been going {way} for {days} in a row",
                         f"{s} is in {trend} for {days}", f"{s} {moves} {days} straight",
                         f"{s} has gone {way} {days} running",
                         f"we get {days} straight of {s} going {way}",
                         f"there's a {said} {unit} {way}trend in {s}",
                         f"{s} has been trending {way} for the last {days}")

    def _change(self, cond: Call) -> str:
        s = self.series(_call(cond, "series"), subject=True)
        value = _num(cond.args["percent"])
        n = _whole(cond.args["number_of_days"])
        unit = self.rng.choice(self.units)
        days, said, size = self.count(n, unit), self.number(n), self.percent(abs(value))
        if value == 0:
            return self.pick(f"{s} changes by {size} over {days}", f"{s} moves {size} in {days}")
        up = value > 0
        rise = self.pick("rises", "climbs", "gains", "goes up") if up else \
            self.pick("falls", "drops", "loses", "goes down")
        move = self.pick("rise", "gain", "jump") if up else self.pick("drop", "fall", "decline")
        way = "up" if up else "down"
        return self.pick(f"{s} {rise} {size} over {days}", f"{s} {rise} {size} within {days}",
                         f"{s} is {way} {size} over the last {days}",
                         f"there's a {size} {move} in {s} over {days}",
                         f"over a {said} {unit} stretch {s} {rise} {size}",
                         f"in the space of {days} {s} {rise} at least {size}",
                         f"{s} is {way} {size} on a {said} {unit} basis")

    def _intra(self, cond: Call) -> str:
        s = self.series(_call(cond, "series"), subject=True)
        value = _num(cond.args["percent"])
        size = self.percent(abs(value))
        bar = self.pick("within a single bar", "inside the same candle", "intrabar",
                        "during the bar", "within the same candle", "inside a single bar")
        if value == 0:
            return f"{s} changes {size} {bar}"
        jumps, way, rises = ("jumps", "up", "rises") if value > 0 else ("drops", "down", "falls")
        return self.pick(f"{s} {jumps} {size} {bar}", f"{s} moves {way} {size} {bar}",
                         f"{bar} {s} {rises} {size}")

    def _fib(self, cond: Call, up: bool) -> str:
        level = cond.args["fib_level"]
        assert isinstance(level, EnumValue)
        name = self.rng.choice(member_names(level.enum, level.member))
        if name.endswith("%") and self.chance(0.5):  # "61.8 percent", "fifty percent"
            name = self.percent(float(name[:-1])) if "." not in name else f"{name[:-1]} percent"
        fib = self.pick("fib", "fibonacci", "Fibonacci", "fib retracement")
        what = self.pick(f"the {name} {fib} level", f"the {name} {fib}", f"the {name} retracement")
        if up:
            text = self.pick(f"price pulls back to {what} in an uptrend",
                             f"in an uptrend price retraces to {what}",
                             f"price dips to {what} while it's trending up")
        else:
            text = self.pick(f"price bounces back up to {what} in a downtrend",
                             f"in a downtrend price retraces up to {what}",
                             f"price rallies to {what} while it's trending down")
        length = cond.args.get("length")
        if length is not None:
            said = self.number(_whole(length))
            text += self.pick(f" with a lookback of {said}", f" using a {said} bar swing",
                              f", swing length {said},")
        return text

    def trigger(self, cond: Call) -> str:
        word = self.pick("when", "when", "whenever", "once", "if", "as soon as", "the moment",
                         "any time")
        return f"{word}{self.filler()} {self.clause(cond)}"

    # --- the parts of a dictation ----------------------------------------------------

    def entry(self) -> str:
        verb = self.pick(*_ENTRY[self.side]).replace("TICKER", self.ticker)
        if self.chance(self.chatty * 0.2) and self.side == "LONG":
            verb = f"{verb}, {self.pick(*_FIXES)}, {self.pick('enter', 'get in', 'go long')}"
        return f"{verb} {self.trigger(_call(self.strategy, 'buy_condition'))}"

    def exit(self) -> str:
        verb = self.pick(*_EXIT[self.side])
        if self.chance(self.chatty * 0.2) and self.side != "LONG_SHORT_COMBINED":
            verb = f"{verb}, {self.pick(*_FIXES)}, {self.pick('exit', 'get out')}"
        return f"{verb} {self.trigger(_call(self.strategy, 'sell_condition'))}"

    def opening(self) -> str:
        t, how = self.ticker, self.pick(*_HOW[self.side])
        return self.pick(f"this is for {t} {how}", f"ticker is {t} and it's {how}",
                         f"{t} {how}", f"a strategy on {t} {how}", f"we're trading {t} {how}",
                         f"the symbol is {t}, {how}", f"I want to trade {t} {how}")

    def settings(self) -> list[str]:
        args = self.strategy.args
        out: list[str] = []
        stop = args.get("stop_loss")
        if isinstance(stop, Call):
            p = self.percent(_num(stop.args["percentage"]))
            kind = stop.args.get("stop_loss_type")
            if isinstance(kind, EnumValue) and kind.member == "TRAILING":
                out.append(self.pick(f"a trailing stop of{self.filler()} {p}",
                                     f"trail the stop by {p}", f"use a {p} trailing stop",
                                     f"put a trailing stop loss at {p}",
                                     f"stop loss {p} and make it trailing"))
            else:
                how = "" if not isinstance(kind, EnumValue) else self.rng.choice(
                    [*member_names("StopLossType", kind.member), "normal"]) + " "
                out.append(self.pick(f"a {how}stop loss of{self.filler()} {p}",
                                     f"put a {how}stop at {p}", f"use a {p} {how}stop",
                                     f"stop loss {how}at {p}" if how else f"stop loss at {p}",
                                     f"cut it at {p} with a {how}stop"))
        target = args.get("take_profit")
        if isinstance(target, Call):
            p = self.percent(_num(target.args["percentage"]))
            out.append(self.pick(f"take profit at {p}", f"a profit target of {p}",
                                 f"take profits at{self.filler()} {p}",
                                 f"a take profit of {p}", f"book the profit at {p} up"))
        out += self.history()
        interval = args.get("interval")
        if isinstance(interval, EnumValue):
            out.append(self.interval(interval.member))
        capital = args.get("initial_capital")
        if capital is not None:
            m = self.money(_num(capital))
            out.append(self.pick(f"start with {m}", f"starting capital {m}",
                                 f"initial capital of {m}", f"the account starts at {m}",
                                 f"we've got {m} to start"))
        size = args.get("order_size")
        if isinstance(size, Call):
            out.append(self.size(size))
        fee = args.get("trade_commissions")
        if isinstance(fee, Call):
            out.append(self.fees(fee))
        return out

    def history(self) -> list[str]:
        args = self.strategy.args
        out: list[str] = []
        start, end = args.get("start_date"), args.get("end_date")
        if start is not None and end is not None:
            a, b = self.date(start), self.date(end)
            out.append(self.pick(f"backtest from {a} to {b}", f"from {a} through {b}",
                                 f"run it between {a} and {b}", f"starting {a} and ending {b}",
                                 f"test it {a} to {b}"))
        elif start is not None:
            a = self.date(start)
            out.append(self.pick(f"start the backtest on {a}", f"starting from {a}",
                                 f"start date {a}", f"from {a} onwards", f"since {a}"))
        elif end is not None:
            b = self.date(end)
            out.append(self.pick(f"end the backtest on {b}", f"up until {b}", f"end date {b}",
                                 f"stop the test at {b}"))
        period = args.get("period")
        if isinstance(period, EnumValue):
            out.append(self.period(period.member))
        return out

    def period(self, member: str) -> str:
        if member == "NOT_PASSED":
            return self.pick("period none", "leave the period as none", "and the period is none",
                             "no period, set it to none")
        if member == "YEAR_TO_DATE":
            return self.pick("year to date", "just do year to date", "ytd", "over the ytd")
        if member == "MAX":
            return self.pick("use max history", "all the history there is", "the max period",
                             "over all history")
        amount, unit, *names = _SPANS[member]
        span = self.count(amount, unit)
        last = self.rng.choice(names) if names and self.chance(0.6) else span
        return self.pick(f"over the last {last}", f"{span} of data", f"a {span} period",
                         f"the past {last}", f"with {span} of history", f"just the last {last}")

    def interval(self, member: str) -> str:
        bar = self.pick("candles", "bars", "chart")
        one, three, five = self.spoken(1), self.spoken(3), self.spoken(5)
        names = {"ONE_DAY": ("daily", f"{one} day"), "FIVE_DAYS": (f"{five} day", "5 day"),
                 "ONE_WEEK": ("weekly", f"{one} week"), "ONE_MONTH": ("monthly", f"{one} month"),
                 "THREE_MONTHS": ("quarterly", f"{three} month", "3 month")}[member]
        name = self.pick(*names)
        return self.pick(f"on {name} {bar}", f"using the {name} {bar}", f"{name} {bar}",
                         f"let's do {name} {bar}", f"on the {name} {bar}")

    def size(self, size: Call) -> str:
        value = _num(size.args["value"])
        if size.name == "Contracts":
            unit = self.pick("shares", "contracts", "units")[:-1 if value == 1 else None]
            n = self.number(value)
            return self.pick(f"{n} {unit} per trade", f"trade {n} {unit} at a time",
                             f"order size of {n} {unit}", f"do {n} {unit} each time")
        if size.name == "USD":
            m = self.money(value)
            return self.pick(f"{m} per trade", f"put {m} into each trade",
                             f"each position is {m}", f"order size of {m}")
        p = self.percent(value)
        return self.pick(f"{p} of equity per trade", f"use {p} of the account each trade",
                         f"size it at {p} of my equity", f"each trade gets {p} of equity")

    def fees(self, fee: Call) -> str:
        value = _num(fee.args["value"])
        if fee.name == "MoneyCommissions":
            if value == 0:
                return self.pick("no commissions", f"{self.spoken(0)} commission",
                                 "commission free", "no fees at all")
            m = self.money(value)
            return self.pick(f"{m} commission per trade", f"commissions are {m} a trade",
                             f"fees of {m} per trade", f"figure {m} in fees each trade")
        bps = round(value * 100, 6)
        p = f"{int(bps)} basis points" if float(bps).is_integer() and 0 < bps < 100 and \
            self.chance(0.25) else self.percent(value)
        return self.pick(f"{p} commission", f"commissions of {p}", f"fees are {p} per trade",
                         f"a {p} commission on every trade", f"{p} in fees")


_OPENERS = ("okay so", "ok so", "so um", "alright so", "okay um", "right so", "so", "hey",
            "okay", "um okay so", "alright", "so basically", "new strategy", "note to self")
_JOINS = (" and then ", " and ", " um and ", " and uh ", ", ", " so ", ". ", " oh and ",
          " also ", " uh ", " and um ", ". and ", " then ", ". oh and also ")
_CLOSERS = ("", "", "", "", " that's it", " thanks", " and that's about it", " yeah",
            " I think that's everything", " okay that's all", " end of note")


def _settle(text: str) -> str:
    """Drops the number markers; two spoken numbers that would read as one get a comma."""
    text = _AN.sub(lambda m: m.group(1) + "n ", text)
    text = _TOUCHING.sub(lambda m: "\x02, and \x01" if "and" in m.group(0) else "\x02, \x01",
                         text)
    return text.replace("\x01", "").replace("\x02", "")


_TOUCHING = re.compile(r"\x02(?:\s+and\s+|[\s-]+)\x01")


class VoicePhraser:
    """A strategy dictated out loud and transcribed, fillers and all."""

    name = "voice"

    def describe(self, strategy: Call, rng: random.Random) -> str:
        ticker = strategy.args["ticker"]
        assert isinstance(ticker, str)
        interval = strategy.args.get("interval")
        units = (*_UNITS[interval.member if isinstance(interval, EnumValue) else "ONE_DAY"],
                 "bar", "period")
        speaker = _Speaker(strategy, rng, ticker=ticker, words=rng.choice((0.3, 0.6, 0.85)),
                           hyphen=rng.choice((" ", " ", "-")), acronyms=rng.random() < 0.6,
                           chatty=rng.choice((0.1, 0.3, 0.6)),
                           units=units if rng.random() < 0.2 else (rng.choice(units),))
        exit_first = rng.random() < 0.25
        rules = [speaker.exit(), speaker.entry()] if exit_first else \
            [speaker.entry(), speaker.exit()]
        if exit_first:
            rules[0] = rng.choice(("the exit is ", "first the exit, ", "for the exit ",
                                   "let me do the exit first ")) + rules[0]
            rules[1] = rng.choice(("and the entry is ", "for the entry ", "entry wise ",
                                   "and to get in ")) + rules[1]
        elif rng.random() < 0.3:
            rules[0] = rng.choice(("entry is ", "for the entry ", "to get in ")) + rules[0]
            rules[1] = rng.choice(("exit is ", "for the exit ", "to get out ",
                                   "and then the exit ")) + rules[1]
        # the side is said in the rules unless a rule starts with a bare verb
        said = " ".join(rules)
        needs_side = not re.search(r"\b(long|short|buy)\b", said, re.IGNORECASE) or \
            speaker.side == "LONG_SHORT_COMBINED"
        head = speaker.opening() if needs_side or rng.random() < 0.6 else ""
        if not head and not re.search(rf"(?<![\w^$.=-]){re.escape(ticker)}(?![\w^=-])", said):
            head = speaker.opening()
        settings = speaker.settings()
        rng.shuffle(settings)
        # the settings go before, between or after the rules
        cut_a = rng.randint(0, min(1, len(settings)))
        cut_b = rng.randint(cut_a, len(settings))
        chunks = [*settings[:cut_a], head, rules[0], *settings[cut_a:cut_b], rules[1],
                  *settings[cut_b:]]
        chunks = [c for c in chunks if c]
        text = chunks[0]
        for chunk in chunks[1:]:
            join = rng.choice(_JOINS)
            text += join + (chunk[4:] if join.endswith("and ") and chunk.startswith("and ")
                            else chunk)
        text = _settle(text)
        if rng.random() < 0.1 * (1 + speaker.chatty * 3):
            text = rng.choice(("the strategy is um, actually wait let me start over. ",
                               "okay hold on. ", "um let me think. ", "wait is it recording. ",
                               "okay here goes. ")) + text
        if rng.random() < 0.85:
            text = f"{rng.choice(_OPENERS)}{rng.choice((' ', ', ', ' '))}{text}"
        text += rng.choice(_CLOSERS)
        if rng.random() < 0.4:  # the transcriber capitalises sentences and ends with a stop
            text = ". ".join(s[:1].upper() + s[1:] for s in text.split(". ")) + "."
        return text.replace(" ,", ",").replace(",,", ",").replace(", ,", ",")
