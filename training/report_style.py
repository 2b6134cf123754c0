"""The "report" phrasing style: a strategy as an analyst or a textbook would write it up.

Formal, complete prose: long sentences in the passive voice ("a long position is opened
whenever ..."), conditions described as events ("on an upward crossing of the 50-period
simple moving average through the 200-period one"), indicators with their full names and
every stated parameter named ("a Relative Strength Index with a look-back length of 14,
computed on the closing price"), short notes on rationale ("to capture momentum"), and the
parts (instrument, entry, exit, risk, sample window, capital and costs) in varied order:
running prose, a report with headed sections, or a one-paragraph abstract. Only what the
strategy holds is stated, and every value is written in a form the model's reader takes in.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import dataclass, field

from strategy_lsp.grammar import CATALOG, Call, EnumValue, Value

from . import wording
from .style_writer import StrategyWriter
from .vocabulary import member_names, series_names

_PRICES = {"CLOSE": ("the closing price", "the close", "the closing level"),
           "OPEN": ("the opening price", "the open", "the opening level"),
           "HIGH": ("the high of the bar", "the high price", "the bar's high"),
           "LOW": ("the low of the bar", "the low price", "the bar's low")}
_SOURCES = {"CLOSE": ("the closing price", "closing prices", "the close"),
            "OPEN": ("the opening price", "opening prices", "the open"),
            "HIGH": ("the high price", "bar highs", "the highs"),
            "LOW": ("the low price", "bar lows", "the lows"),
            "HLC3": ("the typical price (HLC3)", "HLC3", "the typical price"),
            "HL2": ("the median price (HL2)", "HL2", "the median price"),
            "OHLC4": ("the average price (OHLC4)", "OHLC4"),
            "HLCC4": ("the weighted close (HLCC4)", "HLCC4", "the weighted close"),
            "VOLUME": ("the traded volume", "volume")}
_SMOOTHING = {"RMA": ("Wilder's (RMA)", "RMA", "Wilder"), "SMA": ("simple (SMA)", "SMA"),
              "EMA": ("exponential (EMA)", "EMA"), "WMA": ("weighted (WMA)", "WMA")}
#: What one bar is called, by interval: "a 14-session RSI" on daily data, "14-week" on weekly.
_BARS = {None: ("session", "trading day", "day", "bar", "period"),
         "ONE_DAY": ("session", "trading day", "day", "bar", "period"),
         "FIVE_DAYS": ("bar", "period"), "ONE_WEEK": ("week", "bar", "period"),
         "ONE_MONTH": ("month", "bar", "period"), "THREE_MONTHS": ("quarter", "bar", "period")}
_ORDINALS = {"1": "first", "2": "second", "3": "third", "4": "fourth"}
_CROSS = {"CrossOverCondition", "CrossUnderCondition"}
_UP = {"CrossOverCondition", "GreaterThanCondition"}
_AN = re.compile(r"\b([Aa]) (?=8|1[18](?!\d)|eight|eleven|ATR|RSI|EMA|SMA|MFI|OBV|"
                 r"HLC|HL2|OHLC|unrealised|initial|upward|intrabar|offset|oscillator|"
                 r"ascending|advance|additional|exponential|increase|average|Ichimoku|"
                 r"Elder|Aroon|Ease|ultimate|Ultimate|untouched)")


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _whole(value: Value | None) -> int:
    assert isinstance(value, int) and not isinstance(value, bool), value
    return value


def _number(value: Value | None) -> float:
    assert isinstance(value, int | float) and not isinstance(value, bool), value
    return value


def _formal_names(cls: str) -> tuple[str, ...]:
    """Catalog names fit for formal prose: no lower-case slang, no "stoch" shorthand."""
    names = series_names(cls)
    keep = [n for n in names if not n.startswith(("stoch ", "macd", "rsi", "cci", "obv"))
            and "." not in n and " avg" not in n and "simple MA" not in n
            and n not in ("upper band", "lower band", "middle band", "BB mid")
            and not (n.islower() and any(m.lower() == n and m != n for m in names))]
    return tuple(keep) or names


@dataclass
class _Report(StrategyWriter):
    units: tuple[str, ...] = field(default_factory=tuple)
    words: float = 0.2  # how often a small whole number is written out

    def arg(self, name: str) -> Value | None:
        return self.strategy.args.get(name)

    # --- numbers --------------------------------------------------------------------

    def num(self, value: Value | None, words: bool = True) -> str:
        v = _number(value)
        if v < 0:
            return self.pick("-", "-", "minus ", "negative ") + self.num(-v, words=False)
        return wording.number(v, self.rng, self.words if words else 0)

    def bars(self, n: int) -> str:
        unit = self.rng.choice(self.units)
        return f"{self.num(n)} {unit}{'s' if n != 1 else ''}"

    def unit(self) -> str:
        return self.rng.choice([u for u in self.units if u != "trading day"])

    # --- series -----------------------------------------------------------------------

    def label(self, cls: str) -> str:
        names = _formal_names(cls)
        roll = self.rng.random()
        if roll < 0.45:
            return names[0]
        abbreviations = [n for n in names if n.isupper() and len(n) <= 6]
        if roll < 0.6 and abbreviations and names[0] != abbreviations[0]:
            return f"{names[0]} ({abbreviations[0]})"
        return self.rng.choice(names)

    def series(self, call: Call) -> str:
        """The series as a noun phrase naming every parameter its call states."""
        args = dict(call.args)
        ticker = args.pop("ticker", None)
        other = f" of {ticker}" if isinstance(ticker, str) and ticker != self.ticker else ""
        name = call.name
        if name == "CONST":
            value = self.num(args["const_number"])
            return self.pick(f"a constant level of {value}", f"the fixed value {value}",
                             f"a constant series equal to {value}")
        if name in _PRICES and not args:
            return self.rng.choice(_PRICES[name]) + other
        if name == "VOLUME":
            return self.pick("the trading volume", "traded volume", "the volume traded") + other
        if name == "HAMMER":
            return self.pick("the Hammer Candlestick Pattern indicator",
                             "the hammer candle signal") + other
        label = self.label(name)
        length = args.pop("length", None)
        source = args.pop("source", None)
        head, tail = f"the {label}", []
        if length is not None:
            n = _whole(length)
            if self.rng.random() < 0.55:
                head = f"the {self.num(n)}-{self.unit()} {label}"
            else:
                tail.append(self.pick(f"a length of {self.num(n)}",
                                      f"a look-back window of {self.bars(n)}",
                                      f"a calculation period of {self.num(n)}",
                                      f"a lookback length of {self.bars(n)}"))
        head += other
        if source is not None:
            assert isinstance(source, EnumValue)
            src = self.rng.choice(_SOURCES[source.member])
            head += self.pick(f" of {src}", f" computed on {src}", f" applied to {src}",
                              f" calculated from {src}")
        tail += [self.param(name, key, value) for key, value in args.items()]
        if not tail:
            return head
        listed = tail[0] if len(tail) == 1 else ", ".join(tail[:-1]) + " and " + tail[-1]
        return self.pick(f"{head} with {listed}", f"{head}, taken with {listed},",
                         f"{head} (with {listed})", f"{head}, parameterised with {listed},")

    def param(self, owner: str, key: str, value: Value) -> str:
        """One parameter as a noun phrase that follows "with"."""
        if isinstance(value, bool):
            state = "enabled" if value else "disabled"
            return self.pick(f"the exponential moving average option {state}",
                             f"the use-EMA setting {state}")
        if isinstance(value, EnumValue):
            what = self.rng.choice(_SMOOTHING.get(value.member, (value.member,)))
            kind = {"ma_type": "moving average type",
                    "smoothing_type": "smoothing type",
                    "oscillator_ma_type": "oscillator moving average type",
                    "signal_ma_type": "signal moving average type"}.get(key, key)
            return self.pick(f"the {kind} set to {what}", f"{what} as the {kind}")
        v = self.num(value)
        if key == "std_dev":
            return self.pick(f"a width of {v} standard deviations",
                             f"a standard deviation multiplier of {v}",
                             f"a band width of {v} standard deviations")
        if key == "offset":
            return self.pick(f"an offset of {v} bars", f"an offset of {v}",
                             f"a shift (offset) of {v} bars")
        if key == "multiplier":
            return self.pick(f"an ATR multiplier of {v}", f"a band multiplier of {v}")
        if key == "displacement":
            return self.pick(f"a displacement of {v} periods", f"a forward displacement of {v}")
        if key == "long_roc_length":
            return f"a longer rate-of-change length of {v}"
        if key == "short_roc_length":
            return f"a quicker rate-of-change length of {v}"
        match = re.fullmatch(r"(roc|sma)_length_(\d)", key)
        if match:
            kind = "rate-of-change" if match.group(1) == "roc" else "SMA smoothing"
            return f"a {_ORDINALS[match.group(2)]} {kind} length of {v}"
        words = {"fast_length": "fast length", "slow_length": "slow length",
                 "middle_length": "middle length", "signal_length": "signal length",
                 "smoothing_length": "smoothing length", "atr_length": "ATR length",
                 "divisor": "divisor"}.get(key, key.replace("_", " "))
        return self.pick(f"a {words} of {v}", f"a {words} of {v}", f"{words} {v}")

    def level(self, second: Call, first: Call) -> str:
        if second.name != "CONST":
            return self.series(second)
        value = _number(second.args["const_number"])
        if first.name in _PRICES and value >= 0:
            text = wording.plain(value)
            return self.pick(f"${text}", f"a price of {text}", f"the {text} price level",
                             f"{text} dollars")
        v = self.num(value)
        if value == 0:
            return self.pick("zero", "the zero line", "the zero level", "0")
        return self.pick(v, v, f"the {v} level", f"a level of {v}", f"a threshold of {v}",
                         f"a reading of {v}")

    # --- conditions ----------------------------------------------------------------------

    def clause(self, cond: Call) -> str:
        """A finite clause: "the 14-period RSI crosses below 30"."""
        name = cond.name
        if name in ("AND", "OR"):
            return self.logical(cond)
        if name in _CROSS or name in ("GreaterThanCondition", "LessThanCondition"):
            first, second = cond.args["first_series"], cond.args["second_series"]
            assert isinstance(first, Call) and isinstance(second, Call)
            subject = self.series(first)
            if first.name == "CLOSE" and len(first.args) == 1 and \
                    first.args.get("ticker") == self.ticker and self.rng.random() < 0.25:
                subject = self.ticker
            verb = {"CrossOverCondition": ("crosses above", "crosses over", "crosses upward "
                                           "through", "breaks upward through"),
                    "CrossUnderCondition": ("crosses below", "crosses under",
                                            "crosses downward through", "breaks down through"),
                    "GreaterThanCondition": ("is above", "trades above", "stands above",
                                             "is greater than", "exceeds", "remains above"),
                    "LessThanCondition": ("is below", "trades below", "stands below",
                                          "is less than", "remains below", "is lower than"),
                    }[name]
            return f"{subject} {self.rng.choice(verb)} {self.level(second, first)}"
        if name in ("UptrendForXDaysCondition", "DowntrendForXDaysCondition"):
            subject = self.series(self.call(cond, "series"))
            days = self.bars(_whole(cond.args["number_of_days"]))
            if name.startswith("Up"):
                return self.pick(f"{subject} has risen for {days} in succession",
                                 f"{subject} has been in an uptrend for {days}",
                                 f"{subject} has advanced over {days} without interruption",
                                 f"{subject} has moved higher for {days} consecutively")
            return self.pick(f"{subject} has fallen for {days} in succession",
                             f"{subject} has been in a downtrend for {days}",
                             f"{subject} has declined over {days} without interruption",
                             f"{subject} has moved lower for {days} consecutively")
        if name == "ChangeOfXPercentPerYDaysCondition":
            subject = self.series(self.call(cond, "series"))
            percent = _number(cond.args["percent"])
            size = wording.percent(abs(percent), self.rng)
            days = self.bars(_whole(cond.args["number_of_days"]))
            if percent >= 0:
                return self.pick(f"{subject} has gained {size} over a span of {days}",
                                 f"{subject} has risen by {size} within {days}",
                                 f"{subject} records an increase of {size} over {days}")
            return self.pick(f"{subject} has lost {size} over a span of {days}",
                             f"{subject} has fallen by {size} within {days}",
                             f"{subject} records a decrease of {size} over {days}")
        if name == "IntraIntervalChangeOfXPercentCondition":
            subject = self.series(self.call(cond, "series"))
            percent = _number(cond.args["percent"])
            size = wording.percent(abs(percent), self.rng)
            bar = self.pick("within a single bar", "within the same bar",
                            "inside a single interval", "over the course of a single bar")
            move = self.pick("rises by", "moves up by", "gains") if percent >= 0 else \
                self.pick("falls by", "moves down by", "loses")
            return f"{subject} {move} {size} {bar}"
        if name in ("UptrendFibRetracementLevelCondition",
                    "DowntrendFibRetracementLevelCondition"):
            return self.fibonacci(cond)
        if name == "AfterXDaysCondition":
            inner = self.clause(self.call(cond, "condition"))
            days = self.bars(_whole(cond.args["number_of_days"]))
            return self.pick(f"a delay of {days} has passed since {inner}",
                             f"{inner}, the signal being acted upon {days} later",
                             f"a waiting period of {days} has elapsed after {inner}")
        raise ValueError(f"no report phrasing for {name}")

    def call(self, cond: Call, key: str) -> Call:
        value = cond.args[key]
        assert isinstance(value, Call)
        return value

    def fibonacci(self, cond: Call) -> str:
        level = cond.args["fib_level"]
        assert isinstance(level, EnumValue)
        names = member_names("FibonacciLevels", level.member)
        what = self.pick(f"the {names[0]} Fibonacci retracement level",
                         f"the {names[0]} retracement level", f"the {names[0]} Fibonacci level")
        if cond.name.startswith("Up"):
            text = self.pick(f"price retraces to {what} within an uptrend",
                             f"an uptrend pulls back to {what}",
                             f"during an uptrend, price falls back to {what}")
        else:
            text = self.pick(f"price retraces up to {what} within a downtrend",
                             f"a downtrend rebounds to {what}",
                             f"during a downtrend, price recovers to {what}")
        length = cond.args.get("length")
        if length is not None:
            n = self.num(_whole(length))
            text += self.pick(f", the swing being measured over {n} bars",
                              f" (the trend being assessed over a length of {n})",
                              f", with a look-back length of {n} for the swing")
        return text

    def event(self, cond: Call) -> str | None:
        """A noun phrase for an event: "a downward crossing of X through Y"."""
        name = cond.name
        if name in _CROSS:
            first, second = cond.args["first_series"], cond.args["second_series"]
            assert isinstance(first, Call) and isinstance(second, Call)
            a, b = self.series(first), self.level(second, first)
            if name == "CrossOverCondition":
                return self.pick(f"a bullish crossover of {a} over {b}",
                                 f"an upward crossing of {a} through {b}",
                                 f"the crossing of {a} above {b}")
            return self.pick(f"a bearish crossover of {a} below {b}",
                             f"a downward crossing of {a} through {b}",
                             f"the crossing of {a} below {b}")
        if name in ("UptrendForXDaysCondition", "DowntrendForXDaysCondition"):
            subject = self.series(self.call(cond, "series"))
            n = _whole(cond.args["number_of_days"])
            unit = self.unit()
            way = "rise" if name.startswith("Up") else "decline"
            return self.pick(f"a {way} in {subject} lasting {self.num(n)} consecutive "
                             f"{unit}{'s' if n != 1 else ''}",
                             f"a run of {self.num(n)} consecutive {unit}{'s' if n != 1 else ''}"
                             f" of {way} in {subject}")
        return None

    def trigger(self, cond: Call) -> str:
        """The condition after a verb: "whenever ...", "on a bullish crossover of ..."."""
        event = self.event(cond)
        if event is not None and self.rng.random() < 0.45:
            return f"{self.pick('on', 'upon', 'following', 'at the occurrence of')} {event}"
        if cond.name == "AfterXDaysCondition" and self.rng.random() < 0.6:
            inner = self.call(cond, "condition")
            days = self.bars(_whole(cond.args["number_of_days"]))
            inner_event = self.event(inner)
            if inner_event is not None and self.rng.random() < 0.5:
                return f"{days} after {inner_event}"
            return self.pick(f"{days} after the point at which {self.clause(inner)}",
                             f"with a delay of {days} once {self.clause(inner)}")
        if cond.name in ("GreaterThanCondition", "LessThanCondition") and \
                self.rng.random() < 0.3:
            return f"on any bar on which {self.clause(cond)}"
        word = self.pick("when", "whenever", "once", "as soon as", "at the point at which",
                         "in the event that", "if", "at such time as")
        return f"{word} {self.clause(cond)}"

    def logical(self, cond: Call, nested: bool = False) -> str:
        items = cond.args["conditions"]
        assert isinstance(items, tuple)
        both = cond.name == "AND"
        groups = any(i.name in ("AND", "OR") for i in items)
        parts = [self.logical(i, nested=True) if i.name in ("AND", "OR") else self.clause(i)
                 for i in items]
        if nested:
            head = ", ".join(parts[:-1])
            if both:
                return f"both {head} and {parts[-1]}" if len(parts) == 2 else \
                    f"all of {head} and {parts[-1]}"
            return f"either {head} or {parts[-1]}"
        if groups or (len(parts) == 3 and self.rng.random() < 0.5):
            marks = ("(i)", "(ii)", "(iii)")
            listed = "; ".join(f"{m} {p}" for m, p in zip(marks, parts, strict=False))
            lead = self.pick("each of the following holds:", "all of the following are "
                             "satisfied:") if both else self.pick(
                "any of the following occurs:", "at least a single condition among the "
                "following is met:")
            return f"{lead} {listed}"
        head = ", ".join(parts[:-1])
        if both:
            return self.pick(f"{head} and {parts[-1]}", f"{head} and, at the same time, "
                             f"{parts[-1]}", f"{head}, provided that {parts[-1]}" if
                             len(parts) == 2 else f"{head}, and {parts[-1]}",
                             f"{head} while {parts[-1]}" if len(parts) == 2 else
                             f"{head} and {parts[-1]}")
        return self.pick(f"either {head} or {parts[-1]}", f"{head} or, alternatively, "
                         f"{parts[-1]}", f"{head} or {parts[-1]}")

    # --- the parts ------------------------------------------------------------------------

    def side_phrase(self) -> str:
        t = self.ticker
        return {
            "LONG": self.pick(f"a long-only strategy on {t}", f"a strategy that buys {t} and "
                              "holds long positions only", f"a long-side strategy in {t}",
                              f"a rule set that takes long positions in {t}"),
            "SHORT": self.pick(f"a short-only strategy on {t}", f"a strategy that sells {t} "
                               "short", f"a short-side strategy in {t}",
                               f"a rule set that takes short positions in {t}"),
            "LONG_SHORT_COMBINED": self.pick(
                f"a long and short strategy on {t}", f"a strategy that trades {t} in both "
                "directions, long and short", f"a combined long/short rule set for {t}",
                f"a strategy taking both long and short positions in {t}"),
        }[self.side]

    def intro(self) -> str:
        s = self.side_phrase()
        return self.pick(f"This report describes {s}.", f"The subject of this note is {s}.",
                         f"What follows is a formal specification of {s}.",
                         f"The rules below define {s}.", f"Under consideration here is {s}.",
                         f"The present analysis concerns {s}.", f"Set out below is {s}.",
                         f"This section documents {s}.", f"We examine {s}.",
                         f"The strategy studied here is {s}.",
                         f"Described in this note is {s}.")

    def entry(self) -> str:
        cond = self.strategy.args["buy_condition"]
        assert isinstance(cond, Call)
        t = self.trigger(cond)
        tk = self.ticker
        if self.side == "SHORT":
            options = [f"A short position is opened {t}", f"{tk} is sold short {t}",
                       f"Short positions are initiated {t}", f"Entry into a short position "
                       f"takes place {t}", f"{_cap(t)}, a short sale of {tk} is executed"]
        else:
            options = [f"A long position is opened {t}", f"{tk} is bought {t}",
                       f"Long positions are initiated {t}", f"Entry into a long position "
                       f"takes place {t}", f"{_cap(t)}, a long position in {tk} is "
                       "established"]
        text = self.rng.choice(options)
        if cond.name not in ("AND", "OR") and self.rng.random() < 0.3:
            text += self.pick(", the intention being to capture momentum",
                              ", so as to participate in the anticipated move",
                              ", with the aim of exploiting a change in market direction",
                              ", in order to act on the signal without delay")
        if cond.name == "AND" and self.rng.random() < 0.3:
            text += "; the additional requirements serve as a filter"
        return text + "."

    def exit(self) -> str:
        cond = self.strategy.args["sell_condition"]
        assert isinstance(cond, Call)
        t = self.trigger(cond)
        if self.side == "LONG":
            options = [f"The position is closed {t}", f"The long position is liquidated {t}",
                       f"Positions are exited {t}", f"{_cap(t)}, the holding is sold",
                       f"An exit is triggered {t}"]
        elif self.side == "SHORT":
            options = [f"The short position is covered {t}", f"The position is closed {t}",
                       f"Exits are taken {t}", f"{_cap(t)}, the short position is covered"]
        else:
            options = [f"A short position is established {t}, any open long position being "
                       "reversed", f"The strategy reverses into a short position {t}",
                       f"{_cap(t)}, the book is turned short",
                       f"Short positions are initiated {t}"]
        text = self.rng.choice(options)
        if cond.name not in ("AND", "OR") and self.rng.random() < 0.2:
            text += self.pick(", which limits exposure once the original signal has faded",
                              ", so that the holding period remains contained")
        return text + "."

    def stop(self) -> str | None:
        stop = self.arg("stop_loss")
        if not isinstance(stop, Call):
            return None
        p = wording.percent(_number(stop.args["percentage"]), self.rng)
        kind = stop.args.get("stop_loss_type")
        if kind is None:
            return self.pick(f"a stop loss of {p}", f"a stop-loss order placed {p} away "
                             "from the entry price", f"a protective stop at {p}")
        assert isinstance(kind, EnumValue)
        if kind.member == "TRAILING":
            return self.pick(f"a trailing stop loss of {p}", f"a stop loss of {p} that trails "
                             "the price", f"a trailing stop set {p} behind the most favourable "
                             "price reached")
        how = self.pick("fixed", "normal (static)", "fixed, static", "normal")
        return self.pick(f"a {how} stop loss of {p}", f"a {how} stop placed at {p} from entry")

    def target(self) -> str | None:
        target = self.arg("take_profit")
        if not isinstance(target, Call):
            return None
        p = wording.percent(_number(target.args["percentage"]), self.rng)
        return self.pick(f"a take-profit level of {p}", f"a profit target of {p}",
                         f"a take-profit order at a gain of {p}")

    def risk(self) -> str | None:
        parts = [p for p in (self.stop(), self.target()) if p]
        if not parts:
            return None
        if len(parts) == 2 and self.rng.random() < 0.5:
            parts.reverse()
        joined = " and ".join(parts)
        return self.pick(f"Risk is managed by means of {joined}.",
                         f"Every position is subject to {joined}.",
                         f"{_cap(joined)} {'are' if len(parts) > 1 else 'is'} applied to "
                         "each trade.", f"As a risk control, {joined} "
                         f"{'are' if len(parts) > 1 else 'is'} in force.")

    def window(self) -> str | None:
        period = self.arg("period")
        start, end = self.date("start_date"), self.date("end_date")
        parts = []
        if start and end:
            parts.append(self.pick(f"from {start} to {end}", f"between {start} and {end}",
                                   f"from {start} through {end}"))
        elif start:
            parts.append(self.pick(f"from {start} onwards", f"beginning on {start}",
                                   f"from {start} up to the present"))
        elif end:
            parts.append(self.pick(f"up to {end}", f"ending on {end}",
                                   f"with data up to and including {end}"))
        if isinstance(period, EnumValue):
            parts.append(self.period(period.member))
        return ", ".join(parts) if parts else None

    def date(self, key: str) -> str | None:
        call = self.arg(key)
        if not isinstance(call, Call):
            return None
        day = dt.date(_whole(call.args["year"]), _whole(call.args["month"]),
                      _whole(call.args["day"]))
        return wording.date(day, self.rng)

    def period(self, member: str) -> str:
        if member == "NOT_PASSED":
            return self.pick("with the period parameter left at none",
                             "with no preset period (period: none)")
        if member == "YEAR_TO_DATE":
            return self.pick("over the year to date", "for the year-to-date period")
        if member == "MAX":
            return self.pick("over all available history", "over the maximum history "
                             "available (period max)")
        spec = CATALOG.enum("Period")
        assert spec is not None
        found = spec.member(member)
        assert found is not None
        span = self.rng.choice(member_names("Period", member))
        amount, _, unit = span.partition(" ")
        if amount.isdigit() and self.rng.random() < 0.3:
            span = f"{wording.number_words(int(amount))} {unit}"
        bare = span[2:] if span.startswith("a ") else span.replace("half a ", "half ")
        return self.pick(f"over the most recent {bare}", f"over a period of {span}",
                         f"with the period set to {found.value}",
                         f"over the last {bare} of history")

    def interval(self) -> str | None:
        interval = self.arg("interval")
        if not isinstance(interval, EnumValue):
            return None
        names = member_names("Interval", interval.member)
        short = names[-1]
        spoken = next((n for n in names if " " in n), short)
        options = [f"at a bar interval of {short}", f"on {spoken.replace(' ', '-')} bars",
                   f"with the interval set to {short}"]
        if names[0].endswith("ly"):
            options += [f"on {names[0]} bars", f"using {names[0]} data"]
        return self.rng.choice(options)

    def sample(self) -> str | None:
        window, interval = self.window(), self.interval()
        if not window and not interval:
            return None
        if window and interval:
            return self.pick(f"The backtest is conducted {window}, {interval}.",
                             f"Historical data {interval} are used, {window}.",
                             f"The evaluation sample runs {window}; prices are sampled "
                             f"{interval}.")
        text = window or interval
        return self.pick(f"The backtest is conducted {text}.", f"The evaluation covers "
                         f"the sample {text}.", f"Performance is assessed {text}.")

    def money(self) -> list[str]:
        found: list[str] = []
        capital = self.arg("initial_capital")
        if capital is not None:
            m = wording.money(_number(capital), self.rng)
            found.append(self.pick(f"An initial capital of {m} is assumed.",
                                   f"The account is funded with {m} at inception.",
                                   f"Starting equity is set at {m}."))
        size = self.arg("order_size")
        if isinstance(size, Call):
            value = _number(size.args["value"])
            if size.name == "Contracts":
                unit = self.pick("contracts", "shares", "units")
                unit = unit[:-1] if value == 1 else unit
                n = self.num(value)
                found.append(self.pick(f"Each order is for a fixed quantity of {n} {unit}.",
                                       f"Orders are sized at {n} {unit} apiece.",
                                       f"A quantity of {n} {unit} is traded per order."))
            elif size.name == "USD":
                m = wording.money(value, self.rng)
                found.append(self.pick(f"Each position is sized at a fixed amount of {m}.",
                                       f"A notional of {m} is committed to every trade.",
                                       f"Orders are placed for {m} each."))
            else:
                p = wording.percent(value, self.rng)
                found.append(self.pick(f"Each position is sized at {p} of current equity.",
                                       f"A fraction of {p} of account equity is allocated "
                                       "to every trade.", f"Orders are sized as {p} of "
                                       "equity."))
        fee = self.arg("trade_commissions")
        if isinstance(fee, Call):
            value = _number(fee.args["value"])
            if fee.name == "MoneyCommissions" and value == 0:
                found.append(self.pick("No commission is charged on trades.",
                                       "Execution is assumed to be commission-free."))
            elif fee.name == "MoneyCommissions":
                m = wording.money(value, self.rng)
                found.append(self.pick(f"A flat commission of {m} is charged per trade.",
                                       f"A fixed fee of {m} is deducted on each trade.",
                                       f"Transaction costs are modelled as {m} per trade."))
            else:
                p = wording.percent(value, self.rng)
                found.append(self.pick(f"A commission of {p} of the traded value is charged.",
                                       f"Transaction costs are modelled as a percentage "
                                       f"commission of {p} per trade.",
                                       f"Each trade incurs a proportional fee of {p}."))
        self.rng.shuffle(found)
        return found

    # --- layouts --------------------------------------------------------------------------

    def prose(self) -> str:
        rules = [self.entry(), self.exit()]
        rest = [s for s in (self.risk(), self.sample()) if s] + self.money()
        self.rng.shuffle(rest)
        if rest and self.rng.random() < 0.35:  # the sample window or the risk first
            return " ".join([rest[0], self.intro(), *rules, *rest[1:]])
        return " ".join([self.intro(), *rules, *rest])

    def sections(self) -> str:
        sep = self.pick("\n", " ", "\n\n")
        colon = self.pick(": ", ". ", " - ")
        heads = [(self.pick("Instrument and direction", "Scope", "Overview"), self.intro()),
                 (self.pick("Entry rule", "Entry", "Signal for entry"), self.entry()),
                 (self.pick("Exit rule", "Exit", "Signal for exit"), self.exit())]
        risk, sample, money = self.risk(), self.sample(), self.money()
        tail = []
        if risk:
            tail.append((self.pick("Risk management", "Risk controls"), risk))
        if sample:
            tail.append((self.pick("Sample", "Backtest window", "Data"), sample))
        if money:
            tail.append((self.pick("Capital and costs", "Position sizing and costs"),
                         " ".join(money)))
        self.rng.shuffle(tail)
        return sep.join(f"{h}{colon}{text}" for h, text in heads + tail)

    def abstract(self) -> str:
        window = self.window()
        interval = self.interval()
        lead = self.pick("In this study", "In the present note", "In what follows",
                         "For the purposes of this analysis", "In the backtest reported here")
        where = " ".join(p for p in (window, interval) if p)
        opening = f"{lead}, {self.side_phrase()} is evaluated" + (f" {where}" if where else "")
        body = [f"{opening}.", self.entry(), self.exit()]
        risk = self.risk()
        if risk:
            body.append(risk)
        return " ".join(body + self.money())


class ReportPhraser:
    """Formal, complete prose as an analyst, a quant researcher or a textbook writes it."""

    name = "report"

    def describe(self, strategy: Call, rng: random.Random) -> str:
        interval = strategy.args.get("interval")
        member = interval.member if isinstance(interval, EnumValue) else None
        report = _Report(strategy, rng, _BARS.get(member, ("bar", "period")),
                         words=rng.choice((0.0, 0.15, 0.3)))
        layout = rng.choice(("prose", "prose", "prose", "sections", "abstract"))
        text: str = getattr(report, layout)()
        text = re.sub(r",(?=[,.;:)])", "", text)  # "the RSI, taken with ...," closes early
        return _AN.sub(lambda m: m.group(1) + "n ", text)
