"""The plain style's words for series and conditions.

A :class:`Voice` is one writer: it fixes, for a whole description, the habits a person keeps
(abbreviations or full names, symbols or words, "14-day" or "(14)") and draws the rest per
phrase. :meth:`Voice.series` names a series with exactly the parameters its call states;
:meth:`Voice.clause` writes a condition as a clause ("RSI(14) crosses below 30"), and
:meth:`Voice.trigger` puts it after a verb ("when RSI(14) crosses below 30").
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from strategy_lsp.grammar import Call, EnumValue, Value

from . import wording
from .vocabulary import comparison_verbs, member_names, param_names, series_names

PRICE_SERIES = ("CLOSE", "OPEN", "HIGH", "LOW")
#: What one bar is called on each interval: "14-day RSI" on daily bars, "14-week" on weekly.
_BAR_WORDS: dict[str, tuple[str, ...]] = {
    "ONE_DAY": ("day", "day", "day", "bar", "session", "trading day"),
    "FIVE_DAYS": ("bar", "period"),
    "ONE_WEEK": ("week", "week", "bar"),
    "ONE_MONTH": ("month", "month", "bar"),
    "THREE_MONTHS": ("quarter", "bar"),
}
#: Abbreviations that read as other words in lower case ("mom", "mi").
_KEEP_CASE = frozenset({"MOM", "MI", "UO", "DI+", "DI-", "+DI", "-DI", "%K", "%D", "%R"})
_SYMBOLS = {"GreaterThanCondition": ">", "LessThanCondition": "<"}
_UP = {"CrossOverCondition", "GreaterThanCondition"}
_CROSSES = {"CrossOverCondition", "CrossUnderCondition"}
#: Parameter tuples written the way charting tools show them: "MACD(12, 26)", "BB (20, 2)".
_TUPLES: dict[str, tuple[str, ...]] = {
    "MACD": ("fast_length", "slow_length"),
    "MACD_SIGNAL": ("fast_length", "slow_length", "signal_length"),
    "BB_LOWER": ("length", "std_dev"),
    "BB_UPPER": ("length", "std_dev"),
    "BB_MIDDLE": ("length", "std_dev"),
    "KC_LOWER": ("length", "multiplier"),
    "KC_UPPER": ("length", "multiplier"),
    "STOCH_PERCENT_D": ("length", "smoothing_length"),
    "UO": ("fast_length", "middle_length", "slow_length"),
}


def whole(value: Value | None) -> int:
    """A whole-number argument (lengths, days), checked."""
    assert isinstance(value, int) and not isinstance(value, bool), value
    return value


def _is_abbreviation(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and len(name) <= 6


@dataclass
class Voice:
    """One writer's habits, drawn once per description."""

    rng: random.Random
    ticker: str
    terse: bool = False  # symbols and parentheses: "RSI(14) < 30"
    lower: bool = False  # writes indicator names in lower case
    unit: str = "day"  # "14-day RSI", "14-bar RSI", "14-period RSI"
    bars: tuple[str, ...] = _BAR_WORDS["ONE_DAY"]  # what counted bars are called
    favourite: dict[str, str] = field(default_factory=dict)
    last_subject: Call | None = None  # what "it" refers to

    @classmethod
    def draw(cls, rng: random.Random, ticker: str, terse: bool,
             interval: str | None = None) -> Voice:
        """A writer; ``interval`` (an Interval member) decides what "one bar" is called."""
        bar = _BAR_WORDS.get(interval or "ONE_DAY", ("bar", "period"))
        return cls(rng=rng, ticker=ticker, terse=terse, lower=rng.random() < 0.15,
                   unit=rng.choice([*(w for w in bar if w not in ("session", "trading day")),
                                    "period", "bar", "period"]), bars=bar)

    # --- names -------------------------------------------------------------------------

    def pick(self, *options: str) -> str:
        return self.rng.choice(options)

    def name(self, series: str) -> str:
        """The writer's name for a series class; the same one most of the time."""
        names = series_names(series)
        if series in self.favourite and self.rng.random() < 0.85:
            chosen = self.favourite[series]
        else:
            abbreviations = [n for n in names if _is_abbreviation(n)]
            pool = list(names) + abbreviations * 2  # people abbreviate more often than not
            chosen = self.rng.choice(pool)
            self.favourite.setdefault(series, chosen)
        if self.lower and chosen not in _KEEP_CASE:
            return chosen.lower()
        return chosen

    def member(self, value: EnumValue) -> str:
        return self.rng.choice(member_names(value.enum, value.member))

    def count(self, n: int, words: float = 0.1) -> str:
        return wording.count(n, self.rng, 0 if self.terse else words)

    def value(self, value: Value, digits: bool = False) -> str:
        if isinstance(value, EnumValue):
            return self.member(value)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise TypeError(f"cannot phrase {value!r}")
        return wording.plain(value) if digits else wording.number(value, self.rng,
                                                                  0 if self.terse else 0.08)

    # --- series ------------------------------------------------------------------------

    def series(self, call: Call, subject: bool = False) -> str:
        """A series with every parameter its call states, and no other."""
        stated = {k: v for k, v in call.args.items() if k != "ticker"}
        if call.name in PRICE_SERIES and not stated:
            return self._price(call.name, subject)
        if call.name == "CONST":  # a constant where a series stands: "the level 30"
            text = self.value(call.args["const_number"])
            return self.pick(f"the level {text}", f"a constant {text}", f"the {text} line")
        if call.name == "VOLUME":
            return self.pick("volume", "volume", "trading volume", "the volume",
                             f"{self.ticker}'s volume", "vol")
        source = stated.pop("source", None)
        core = self._series_core(call.name, stated)
        if source is not None:
            assert isinstance(source, EnumValue)
            src = self.member(source)
            core = self.pick(f"{core} of the {src}", f"{core} on {src}", f"{core} of {src}",
                             f"{core} computed on the {src}", f"{core} (source: {src})",
                             f"{core} using {src}")
        return core

    def _price(self, name: str, subject: bool) -> str:
        if name == "CLOSE":
            options = ["price", "the price", "the close", "the closing price", "close",
                       "the close price", f"{self.ticker}'s close"]
            if subject:
                options += [self.ticker, f"{self.ticker} price", "the share price", "the stock"]
            return self.pick(*options)
        noun = self.rng.choice(series_names(name))
        return noun if noun.startswith("the ") else self.pick(f"the {noun}", noun)

    def _series_core(self, series: str, stated: dict[str, Value]) -> str:
        name = self.name(series)
        article = "" if _is_abbreviation(name) and self.rng.random() < 0.6 else "the "
        if not stated:
            return f"{article}{name}" if self.rng.random() < 0.4 else name
        keys = tuple(stated)
        if keys == ("length",):
            return self._with_length(name, whole(stated["length"]), article)
        tuple_order = _TUPLES.get(series)
        if tuple_order and set(keys) == set(tuple_order) and self.rng.random() < 0.6:
            numbers = [self.value(stated[k], digits=True) for k in tuple_order]
            sep = self.pick(", ", ",", "/")
            return self.pick(f"{name}({sep.join(numbers)})", f"{name} ({sep.join(numbers)})",
                             f"{name} {'/'.join(numbers)}")
        parts = [self._param(series, k, v) for k, v in stated.items()]
        listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
        return self.pick(f"{name} ({', '.join(parts)})", f"{article}{name} with {listed}",
                         f"{name} [{', '.join(parts)}]")

    def _param(self, series: str, param: str, value: Value) -> str:
        words = self.rng.choice(param_names(series, param))
        if isinstance(value, bool):  # a switch: "use EMA: no"
            yes, no = self.rng.choice((("yes", "no"), ("on", "off"), ("true", "false")))
            return self.pick(f"{words}: {yes if value else no}", f"{words} {yes if value else no}")
        text = self.value(value)
        if param == "std_dev":
            return self.pick(f"{text} standard deviations", f"{words} {text}",
                             f"{text} std dev")
        if param == "multiplier":
            digits = self.value(value, digits=True)
            return self.pick(f"{words} {text}", f"a {digits}x ATR multiplier", f"{words} of {text}")
        if isinstance(value, EnumValue):
            return self.pick(f"{text} {words}", f"{words} {text}", f"{words}: {text}")
        return self.pick(f"{words} {text}", f"{words} of {text}", f"{words} = {text}",
                         f"{words} {text}")

    def _with_length(self, name: str, length: int, article: str) -> str:
        unit = self.unit
        words = self.rng.choice([w for w in param_names("RSI", "length") if w != unit])
        n = self.count(length)
        if self.terse:
            return self.pick(f"{name}({length})", f"{name}({length})", f"{name} {length}",
                             f"{name}({words}={length})", f"{length}-{unit} {name}")
        return self.pick(
            f"{name}({length})", f"{name} ({length})", f"the {n}-{unit} {name}",
            f"a {n}-{unit} {name}",
            f"{n} {unit} {name}", f"{article}{name} with a {words} of {n}",
            f"{article}{name} over {n} {unit}s" if length != 1 else f"{name}({length})",
            f"{article}{name} ({words} {length})", f"{name} {length}",
            f"{article}{name} with a {n}-{unit} {words}",
            f"{name}(length={length})", f"{article}{name} using {n} {unit}s")

    # --- conditions --------------------------------------------------------------------

    def clause(self, condition: Call) -> str:
        """The condition as a clause that can follow "when"."""
        name = condition.name
        if name in ("AND", "OR"):
            return self._logical(condition, nested=False)
        if name in _SYMBOLS or name in _CROSSES:
            return self._comparison(condition)
        self.last_subject = None
        if name in ("UptrendForXDaysCondition", "DowntrendForXDaysCondition"):
            return self._trend(condition)
        if name == "ChangeOfXPercentPerYDaysCondition":
            return self._change(condition)
        if name == "IntraIntervalChangeOfXPercentCondition":
            return self._intra(condition)
        if name in ("UptrendFibRetracementLevelCondition",
                    "DowntrendFibRetracementLevelCondition"):
            return self._fibonacci(condition)
        if name == "AfterXDaysCondition":
            return self._after(condition)
        raise ValueError(f"no phrasing for {name}")

    def trigger(self, condition: Call) -> str:
        """The condition after a verb: "when ...", "once ...", "3 days after ..."."""
        if condition.name == "AfterXDaysCondition" and self.rng.random() < 0.6:
            inner = condition.args["condition"]
            assert isinstance(inner, Call)
            days = self._days(condition.args["number_of_days"])
            clause = self.clause(inner)
            return self.pick(f"{days} after {clause}", f"{days} after {clause}",
                             f"{self.pick('when', 'once')} {clause}, but only {days} later",
                             f"{days} after the moment {clause}")
        word = self.pick("when", "when", "when", "if", "once", "as soon as", "whenever")
        return f"{word} {self.clause(condition)}"

    def _days(self, value: Value) -> str:
        n = whole(value)
        unit = self.rng.choice(self.bars)
        return f"{self.count(n, 0.25)} {unit}{'s' if n != 1 else ''}"

    def _logical(self, condition: Call, nested: bool) -> str:
        items = condition.args["conditions"]
        assert isinstance(items, tuple)
        both = condition.name == "AND"
        parts = []
        for index, item in enumerate(items):
            if item.name not in ("AND", "OR"):
                parts.append(self.clause(item))
                continue
            text = self._logical(item, nested=True)
            # "either a or b and c" would read two ways; a group that is not last is closed
            last = index == len(items) - 1
            parts.append(text if last and not self.terse else f"({text})")
        if self.terse:
            joiner = self.pick(" & ", " and ", " AND ") if both else self.pick(" or ", " OR ",
                                                                              " | ")
            return joiner.join(parts)
        if len(parts) == 2:
            a, b = parts
            if nested:
                options = [f"both {a} and {b}"] if both else [f"either {a} or {b}"]
            elif both:
                options = [f"{a} and {b}", f"{a} and {b}", f"both {a} and {b}",
                           f"{a}, and also {b}", f"{a} while {b}", f"{a}, provided that {b}",
                           f"{a} as long as {b}"]
            else:
                options = [f"{a} or {b}", f"either {a} or {b}", f"either {a} or {b}",
                           f"{a}, or else {b}", f"{a} or alternatively {b}"]
        else:
            head, last_part = ", ".join(parts[:-1]), parts[-1]
            if nested:
                options = [f"all of {head} and {last_part}"] if both else [
                    f"either {head} or {last_part}", f"any of {head} or {last_part}"]
            elif both:
                options = [f"{head} and {last_part}", f"{head}, and {last_part}",
                           f"all of: {'; '.join(parts)}", f"all of {head} and {last_part}"]
            else:
                options = [f"{head} or {last_part}", f"any of: {'; '.join(parts)}",
                           f"either {head} or {last_part}", f"any one of {head} or {last_part}"]
        return self.rng.choice(options)

    def _comparison(self, condition: Call) -> str:
        first, second = condition.args["first_series"], condition.args["second_series"]
        assert isinstance(first, Call) and isinstance(second, Call)
        name = condition.name
        subject = self._subject(first)
        special = self._pair(name, first, second, subject)
        if special is not None:
            self.last_subject = first
            return special
        obj = self._object(second, first)
        self.last_subject = first
        if self.terse and name in _SYMBOLS and self.rng.random() < 0.6:
            return f"{subject} {_SYMBOLS[name]} {obj}"
        if first.name == "CLOSE" and not (set(first.args) - {"ticker"}) and subject in (
                self.ticker, "price", "the price") and self.rng.random() < 0.4:
            verb = {"CrossOverCondition": self.pick("breaks above", "closes above",
                                                    "crosses above", "breaks out above"),
                    "CrossUnderCondition": self.pick("breaks below", "closes below",
                                                     "breaks down below", "crosses below"),
                    "GreaterThanCondition": self.pick("trades above", "is above", "is over"),
                    "LessThanCondition": self.pick("trades below", "is below", "is under"),
                    }[name]
            return f"{subject} {verb} {obj}"
        verb = self.rng.choice(comparison_verbs(name))
        return f"{subject} {verb} {obj}"

    def _subject(self, first: Call) -> str:
        if first == self.last_subject and not self.terse and self.rng.random() < 0.45:
            return "it"
        return self.series(first, subject=True)

    def _object(self, second: Call, first: Call) -> str:
        if second.name == "CONST":
            value = second.args["const_number"]
            assert isinstance(value, int | float)
            return self._level(value, first)
        text = self.series(second)
        if first.name in PRICE_SERIES and second.name not in PRICE_SERIES and \
                text.startswith("the ") and self.rng.random() < 0.3:
            return "its " + text[4:]
        return text

    def _level(self, value: float, first: Call) -> str:
        if value == 0 and not self.terse:
            return self.pick("zero", "0", "the zero line", "0", "the zero level")
        if first.name in PRICE_SERIES:
            text = wording.plain(value)
            return self.pick(f"${text}", text, f"{text} dollars", f"the ${text} level")
        text = self.value(value)
        if self.terse:
            return text
        return self.pick(text, text, text, f"the {text} level", f"level {text}",
                         f"a reading of {text}", f"the {text} line")

    def _pair(self, name: str, first: Call, second: Call, subject: str) -> str | None:
        """Pairs with a usual wording: MACD and its signal line, two averages of one kind."""
        up = name in _UP
        cross = name in _CROSSES
        if first.name == "MACD" and second.name == "MACD_SIGNAL" and \
                set(first.args) <= set(second.args) and \
                all(second.args[k] == v for k, v in first.args.items()):
            extra = second.args.get("signal_length")
            signal = "signal line" if extra is None else self.pick(
                f"{self.count(whole(extra))}-{self.unit} signal line",
                f"signal line ({self.count(whole(extra))})")
            if cross:
                verb = self.pick("crosses above", "crosses over", "crosses up through") if up \
                    else self.pick("crosses below", "crosses under", "crosses down through")
            else:
                verb = self.pick("is above", "stays above") if up else self.pick("is below",
                                                                                "stays below")
            return f"{subject} {verb} {self.pick('its', 'the')} {signal}"
        stated_first = set(first.args) - {"ticker"}
        stated_second = set(second.args) - {"ticker"}
        if first.name == second.name and stated_first == stated_second == {"length"} \
                and not self.terse and self.rng.random() < 0.35:
            verb = self.rng.choice(comparison_verbs(name))
            length = self.count(whole(second.args["length"]))
            return f"{subject} {verb} the {length}-{self.unit} one" if self.rng.random() < 0.4 \
                else f"{subject} {verb} the {length}-{self.unit}"
        return None

    def _trend(self, condition: Call) -> str:
        series = condition.args["series"]
        assert isinstance(series, Call)
        subject = self.series(series, subject=True)
        days = self._days(condition.args["number_of_days"])
        if condition.name == "UptrendForXDaysCondition":
            return self.pick(f"{subject} has risen for {days} in a row",
                             f"{subject} has gone up for {days} straight",
                             f"{subject} rises {days} in a row",
                             f"{subject} is in an uptrend for {days}",
                             f"{subject} has been rising for {days}",
                             f"{subject} goes up for {days} running",
                             f"{subject} trends up for {days}")
        return self.pick(f"{subject} has fallen for {days} in a row",
                         f"{subject} has gone down for {days} straight",
                         f"{subject} falls {days} in a row",
                         f"{subject} is in a downtrend for {days}",
                         f"{subject} has been declining for {days}",
                         f"{subject} drops for {days} running",
                         f"{subject} trends down for {days}")

    def _change(self, condition: Call) -> str:
        series = condition.args["series"]
        percent = condition.args["percent"]
        assert isinstance(series, Call) and isinstance(percent, int | float)
        subject = self.series(series, subject=True)
        days = self._days(condition.args["number_of_days"])
        size = wording.percent(abs(percent), self.rng)
        if self.rng.random() < 0.12:
            signed = ("+" if percent > 0 else "-") + wording.plain(abs(percent)) + "%"
            return self.pick(f"{subject} changes by {signed} over {days}",
                             f"{subject} moves {signed} within {days}")
        if percent > 0:
            return self.pick(f"{subject} rises {size} within {days}",
                             f"{subject} gains at least {size} over {days}",
                             f"{subject} is up {size} over the last {days}",
                             f"{subject} climbs by {size} in {days}",
                             f"{subject} increases {size} over {days}")
        return self.pick(f"{subject} falls {size} within {days}",
                         f"{subject} drops at least {size} over {days}",
                         f"{subject} is down {size} over the last {days}",
                         f"{subject} declines by {size} in {days}",
                         f"{subject} loses {size} over {days}")

    def _intra(self, condition: Call) -> str:
        series = condition.args["series"]
        percent = condition.args["percent"]
        assert isinstance(series, Call) and isinstance(percent, int | float)
        subject = self.series(series, subject=True)
        size = wording.percent(abs(percent), self.rng)
        bar = self.pick("within a single bar", "within one candle", "inside one bar",
                        "intrabar", "within the same bar", "in one candle")
        if percent > 0:
            return self.pick(f"{subject} rises {size} {bar}", f"{subject} jumps {size} {bar}",
                             f"{subject} moves up {size} {bar}")
        return self.pick(f"{subject} falls {size} {bar}", f"{subject} drops {size} {bar}",
                         f"{subject} moves down {size} {bar}")

    def _fibonacci(self, condition: Call) -> str:
        level = condition.args["fib_level"]
        assert isinstance(level, EnumValue)
        name = self.member(level)
        fib = self.pick("Fibonacci", "Fibonacci", "fib", "Fib")
        what = self.pick(f"the {name} {fib} retracement level", f"the {name} {fib} level",
                         f"the {name} {fib} retracement", f"the {name} retracement")
        if condition.name == "UptrendFibRetracementLevelCondition":
            text = self.pick(f"price retraces to {what} in an uptrend",
                             f"an uptrend pulls back to {what}",
                             f"price dips to {what} during an uptrend",
                             f"price touches {what} while trending up")
        else:
            text = self.pick(f"price retraces up to {what} in a downtrend",
                             f"a downtrend bounces back to {what}",
                             f"price rallies to {what} during a downtrend",
                             f"price touches {what} while trending down")
        length = condition.args.get("length")
        if length is not None:
            n = self.count(whole(length))
            text += self.pick(f" (swing lookback {n})", f" measured over {n} {self.unit}s",
                              f" using a {n}-{self.unit} swing", f" with a lookback of {n}")
        return text

    def _after(self, condition: Call) -> str:
        inner = condition.args["condition"]
        assert isinstance(inner, Call)
        days = self._days(condition.args["number_of_days"])
        clause = self.clause(inner)
        return self.pick(f"{clause}, {days} later", f"{clause}, then wait {days}",
                         f"{clause} (acting {days} later)")

