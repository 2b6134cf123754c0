"""The novice style: a beginner, or someone whose English is a second language, explains a
strategy in everyday words.

Indicators are often said by what they are ("the average of the last 50 prices", "the RSI
indicator with 14 days"), relations in simple verbs ("goes higher than", "becomes smaller
than", "is still bigger than"), with loose grammar ("when RSI 14 go under 30 i buy AAPL"),
hedges ("I think", "I read that") and requests to the tool ("please make", "I want that you
test"). Every value the strategy holds is still stated once, and only those: a crossing is
always a movement verb ("goes", "passes", "jumps", "becomes"), a plain comparison a state
("is", "stays", "is still").
"""

from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import dataclass, field

from strategy_lsp.grammar import Call, EnumValue, Value
from strategy_lsp.grammar.tickers import COMPANIES

from . import wording
from .style_writer import StrategyWriter
from .vocabulary import member_names, param_names, series_names

PRICES = ("CLOSE", "OPEN", "HIGH", "LOW")
#: (third person, base form): a crossing is always a movement.
_CROSS_UP = (("goes higher than", "go higher than"), ("passes over", "pass over"),
             ("jumps over", "jump over"), ("crosses over", "cross over"),
             ("crosses above", "cross above"), ("goes over", "go over"),
             ("breaks above", "break above"), ("goes up through", "go up through"),
             ("becomes bigger than", "become bigger than"), ("gets above", "get above"),
             ("moves up over", "move up over"), ("comes up over", "come up over"))
_CROSS_DOWN = (("goes down under", "go down under"), ("becomes smaller than",
                                                      "become smaller than"),
               ("falls under", "fall under"), ("drops below", "drop below"),
               ("crosses under", "cross under"), ("crosses below", "cross below"),
               ("goes lower than", "go lower than"), ("passes under", "pass under"),
               ("breaks below", "break below"), ("gets under", "get under"),
               ("goes below", "go below"), ("comes down under", "come down under"))
_ABOVE = (("is higher than", "higher than"), ("is bigger than", "bigger than"),
          ("is more than", "more than"), ("is over", "over"), ("is above", "above"),
          ("is still bigger than", "still bigger than"), ("stays above", "stay above"),
          ("stays over", "stay over"), ("is still above", "still above"),
          ("remains above", "remain above"), ("is greater than", "greater than"))
_BELOW = (("is lower than", "lower than"), ("is smaller than", "smaller than"),
          ("is less than", "less than"), ("is under", "under"), ("is below", "below"),
          ("is still smaller than", "still smaller than"), ("stays under", "stay under"),
          ("stays below", "stay below"), ("is still under", "still under"),
          ("remains below", "remain below"), ("is lower then", "lower then"))
_RELATIONS = {"CrossOverCondition": _CROSS_UP, "CrossUnderCondition": _CROSS_DOWN,
              "GreaterThanCondition": _ABOVE, "LessThanCondition": _BELOW}
_EXPLAIN = {
    "CrossOverCondition": (" (I mean the moment it crosses up)", " (so it was under before)",
                           " - the cross, not only being over"),
    "CrossUnderCondition": (" (I mean the moment it crosses down)",
                            " (so it was over before)", " - the cross, not only being under"),
    "GreaterThanCondition": (" (not the cross, just it is over)", " (any time it is over)"),
    "LessThanCondition": (" (not the cross, just it is under)", " (any time it is under)"),
}
_BARS = {"ONE_DAY": ("day", "day", "day", "candle", "bar", "trading day"),
         "FIVE_DAYS": ("candle", "bar", "period"), "ONE_WEEK": ("week", "week", "candle", "bar"),
         "ONE_MONTH": ("month", "month", "candle", "bar"),
         "THREE_MONTHS": ("quarter", "candle", "bar")}
_SOURCES = {"CLOSE": ("closing prices", "close prices", "closes"),
            "OPEN": ("opening prices", "open prices", "opens"),
            "HIGH": ("high prices", "highs", "highest prices"),
            "LOW": ("low prices", "lows", "lowest prices")}
#: Parameter words of this style, besides the catalog's (never "long"/"short": sides).
_PARAMS = {"long_roc_length": ("bigger ROC length", "ROC length (the bigger)"),
           "short_roc_length": ("smaller ROC length", "ROC length (the smaller)"),
           "std_dev": ("standard deviations", "std dev", "deviation"),
           "offset": ("offset", "shift"), "multiplier": ("multiplier", "ATR multiplier"),
           "atr_length": ("ATR length", "days for ATR"), "divisor": ("divisor",),
           "smoothing_length": ("smoothing length", "smoothing")}
_ASKS = ("Please make a backtest for this strategy.", "I want that you test this strategy.",
         "Can you please test my strategy?", "Please make this strategy for me.",
         "Help me to test this idea please.", "Please do a backtest of this.",
         "I want to see if this strategy make money, please test it.",
         "Can you make the code for my strategy?", "please backtest this for me.",
         "I need a backtest for my idea.")
_HELLOS = ("Hello,", "Hi!", "Hello.", "Hi,", "Good day.", "hello")
_INTROS = ("I am new in trading.", "I am beginner in trading.", "Sorry for my English.",
           "I read about this strategy on internet.", "My friend told me about this idea.",
           "I learn trading since few months.", "I saw this strategy on youtube.",
           "I am not expert, so maybe it is simple.")
_CLOSINGS = ("Thank you!", "Thanks a lot.", "I hope it make money.", "Is it good idea?",
             "What do you think?", "thank you very much", "Thanks!")
_HEDGES = ("I think ", "I read that ", "my idea is: ", "I believe ", "maybe ", "so ")


def _capital_first(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def _whole(value: Value | None) -> int:
    assert isinstance(value, int) and not isinstance(value, bool), value
    return value


def _number(value: Value | None) -> float:
    assert isinstance(value, int | float) and not isinstance(value, bool), value
    return value


def _abbreviation(name: str) -> bool:
    return name.isalpha() and name.isupper() and len(name) <= 5


@dataclass
class _Writer(StrategyWriter):
    """One novice's habits for one description, and the words drawn from them."""

    broken: bool = False  # "RSI go under 30", "price higher than the SMA"
    lower_names: bool = False
    glue: bool = False  # "rsi14", "sma50"
    unit: str = "day"
    bars: tuple[str, ...] = _BARS["ONE_DAY"]
    names: dict[str, str] = field(default_factory=dict)

    def count(self, n: int, words: float = 0.08) -> str:
        return wording.count(n, self.rng, words)

    def num(self, value: float, words: float = 0.06) -> str:
        if value < 0:
            return self.pick("-", "minus ") + self.num(-value, 0)
        if float(value).is_integer() and 0 <= value <= 100 and self.rng.random() < words:
            return wording.number_words(int(value))
        return wording.plain(value)

    def percent(self, value: float) -> str:
        text = wording.plain(value)
        return self.pick(wording.percent(value, self.rng), f"{text}%", f"{text} %",
                         f"{text} percent")

    def money(self, value: float) -> str:
        options = [wording.money(value, self.rng), wording.money(value, self.rng),
                   f"{wording.grouped(value)}$", f"{wording.plain(value)} dollar",
                   f"{wording.grouped(value)} usd"]
        return self.rng.choice(options)

    def date(self, day: dt.date) -> str:
        month = wording.MONTHS[day.month - 1]
        options = [wording.date(day, self.rng), wording.date(day, self.rng),
                   f"{day.day} {month.lower()} {day.year}", f"{month} {day.day} {day.year}",
                   f"{wording.ordinal(day.day)} {month} {day.year}",
                   f"{day.day}.{day.month}.{day.year}", f"{day.year}-{day.month:02d}-{day.day:02d}"]
        return self.rng.choice(options)

    def days(self, value: Value, lead: bool = False) -> str:
        """A count of bars; ``lead``: it opens a clause, so digits (a number word after
        "thirty and" would be read as one number with it)."""
        n = _whole(value)
        unit = self.rng.choice(self.bars)
        return f"{self.count(n, 0 if lead else 0.15)} {unit}{'s' if n != 1 else ''}"

    def verb(self, third: str, base: str) -> str:
        return base if self.broken and self.rng.random() < 0.7 else third

    # --- the traded thing ----------------------------------------------------------------

    def symbol(self) -> str:
        t = self.ticker
        company = COMPANIES.get(t)
        options = [t, t, t, f"{t} stock" if t.isalpha() else t, f"the {t}"]
        if company:
            options += [f"{company} stock {t}", f"{company} ({t})", f"{t} ({company})"]
        if t.isalpha():
            options += [f"${t}", f"{t} shares"]
        return self.rng.choice(options)

    # --- series --------------------------------------------------------------------------

    def name(self, series: str) -> str:
        names = list(series_names(series))
        names += [n for n in names if _abbreviation(n)] * 2  # people abbreviate
        chosen = self.names.setdefault(series, self.rng.choice(names))
        if self.rng.random() < 0.2:
            chosen = self.rng.choice(names)
        keep = chosen.startswith("%") or chosen in ("MOM", "MI", "UO")
        return chosen.lower() if self.lower_names and not keep else chosen

    def series(self, call: Call) -> str:
        """A series with every argument its call states."""
        stated = {k: v for k, v in call.args.items() if k != "ticker"}
        other = call.args.get("ticker")
        text = self._series(call, stated)
        if isinstance(other, str) and other != self.ticker:
            text += self.pick(f" of {other}", f" from {other}", f" (on {other})",
                              f" for {other}")
        return text

    def _series(self, call: Call, stated: dict[str, Value]) -> str:
        name = call.name
        if name == "CONST":
            value = _number(stated["const_number"])
            return self.pick(f"the number {self.num(value)}", f"the level {self.num(value)}",
                             f"the value {self.num(value)}")
        if name in PRICES and not stated:
            return self._price(name)
        if name == "VOLUME":
            return self.pick("the volume", "volume", "the trading volume",
                             "the volume (how many shares are traded)")
        source = stated.pop("source", None)
        if name in ("SMA", "EMA") and set(stated) == {"length"} and self.rng.random() < 0.45:
            return self._average(name, _whole(stated["length"]), source)
        core = self._core(name, stated)
        if source is None:
            return core
        assert isinstance(source, EnumValue)
        src = self.rng.choice(_SOURCES.get(source.member, ())
                              + member_names("SourceType", source.member))
        return self.pick(f"{core} on the {src}", f"{core} made from {src}",
                         f"{core} (source {src})", f"{core} calculated with {src}")

    def _price(self, name: str) -> str:
        if name == "CLOSE":
            return self.pick("the price", "price", "the close price", "the closing price",
                             f"{self.ticker} price", "the stock price", "close price")
        word = {"OPEN": "open", "HIGH": "high", "LOW": "low"}[name]
        extra = {"OPEN": "the opening price", "HIGH": "the highest price of the candle",
                 "LOW": "the lowest price of the candle"}[name]
        return self.pick(f"the {word} price", f"{word} price", extra)

    def _average(self, name: str, length: int, source: Value | None) -> str:
        n = self.count(length)
        unit = self.unit + ("s" if length != 1 else "")
        if source is not None:
            assert isinstance(source, EnumValue)
            what = self.rng.choice(_SOURCES.get(source.member, ())
                                   + member_names("SourceType", source.member))
            what = f"{what} (source)"
        else:
            what = self.pick("prices", f"{unit} of price", "prices")
        if name == "SMA":
            return self.pick(f"the average of the last {n} {what}",
                             f"the simple average of {n} {what}",
                             f"the normal average price of the last {n} {what}")
        return self.pick(f"the exponential average of the last {n} {what}",
                         f"the exponential average (EMA) of {n} {what}",
                         f"the average of the last {n} {what}, but exponential (EMA)")

    def _core(self, series: str, stated: dict[str, Value]) -> str:
        name = self.name(series)
        the = "" if _abbreviation(name) and self.rng.random() < 0.6 else "the "
        if name.lower().endswith("indicator"):
            the = "the "
        elif self.rng.random() < 0.25:
            name += " indicator"
        if not stated:
            return self.pick(f"{the}{name}", f"{the}{name}", name)
        if set(stated) == {"length"}:
            return self._with_length(name, _whole(stated["length"]), the)
        parts = [self._param(series, key, value) for key, value in stated.items()]
        if len(parts) == 1:
            listed = parts[0]
        else:
            listed = ", ".join(parts[:-1]) + self.pick(" and ", ", ", " and also ") + parts[-1]
        return self.pick(f"{the}{name} with {listed}", f"{the}{name} ({', '.join(parts)})",
                         f"{the}{name}, {listed},", f"{name} ({' / '.join(parts)})",
                         f"{the}{name} where I put {listed}")

    def _with_length(self, name: str, length: int, the: str) -> str:
        n = self.count(length)
        unit = self.unit + ("s" if length != 1 else "")
        word = self.rng.choice(param_names("RSI", "length"))
        options = [f"{the}{name} with {n} {unit}", f"{name} {length}",
                   f"{the}{name} of {n} {unit}", f"{the}{name} ({length})",
                   f"{the}{name} with {word} {n}", f"{the}{length} {unit} {name}",
                   f"{name} {length} {unit}", f"{the}{name} ({word} = {length})",
                   f"{the}{name} that looks {n} {unit} back"]
        if self.glue and name.isalpha() and len(name) <= 5:
            options += [f"{name.lower()}{length}"] * 3
        return self.rng.choice(options)

    def _param(self, series: str, key: str, value: Value) -> str:
        words = self.rng.choice(_PARAMS.get(key, ()) or param_names(series, key))
        if isinstance(value, bool):
            if value:
                return self.pick("use EMA: yes", "with the exponential moving average inside",
                                 "exponential moving average on")
            return self.pick("use EMA: no", "not with exponential moving average (simple)",
                             "exponential moving average off")
        if isinstance(value, EnumValue):
            member = self.rng.choice(member_names(value.enum, value.member))
            if value.enum == "SourceType":
                return self.pick(f"source {member}", f"on {member}")
            return self.pick(f"{words} {member}", f"{words}: {member}", f"{member} as {words}")
        text = self.num(_number(value))
        if key == "std_dev":
            return self.pick(f"{text} standard deviations", f"{words} {text}")
        if key == "offset":
            return self.pick(f"{words} {text}", f"shifted by {text} bars", f"{words} of {text}")
        return self.pick(f"{words} {text}", f"{words} {text}", f"{words} = {text}",
                         f"{words} of {text}")

    # --- conditions ----------------------------------------------------------------------

    def clause(self, condition: Call) -> str:
        name = condition.name
        args = condition.args
        if name in ("AND", "OR"):
            return self._logical(condition, nested=False)
        if name in _RELATIONS:
            return self._compare(condition)
        if name in ("UptrendForXDaysCondition", "DowntrendForXDaysCondition"):
            subject = self.series(_call(args["series"]))
            days = self.days(args["number_of_days"])
            if name.startswith("Up"):
                return self.pick(
                    f"{subject} {self.verb('goes', 'go')} up {days} in a row",
                    f"{subject} {self.verb('is', 'is')} going up for {days} (uptrend)",
                    f"{subject} {self.verb('rises', 'rise')} every {self.unit} for {days}",
                    f"{subject} {self.verb('has', 'have')} an uptrend of {days}",
                    f"{subject} only {self.verb('goes', 'go')} up for {days}")
            return self.pick(
                f"{subject} {self.verb('goes', 'go')} down {days} in a row",
                f"{subject} {self.verb('is', 'is')} going down for {days} (downtrend)",
                f"{subject} {self.verb('falls', 'fall')} every {self.unit} for {days}",
                f"{subject} {self.verb('has', 'have')} a downtrend of {days}",
                f"{subject} only {self.verb('goes', 'go')} down for {days}")
        if name == "ChangeOfXPercentPerYDaysCondition":
            subject = self.series(_call(args["series"]))
            change = _number(args["percent"])
            days = self.days(args["number_of_days"])
            p = self.percent(abs(change))
            if change > 0:
                return self.pick(f"{subject} {self.verb('goes', 'go')} up {p} in {days}",
                                 f"{subject} {self.verb('grows', 'grow')} {p} in {days}",
                                 f"in {days} {subject} {self.verb('gains', 'gain')} {p}",
                                 f"{subject} {self.verb('is', 'is')} up {p} after {days}")
            if change < 0:
                return self.pick(f"{subject} {self.verb('goes', 'go')} down {p} in {days}",
                                 f"{subject} {self.verb('loses', 'lose')} {p} in {days}",
                                 f"in {days} {subject} {self.verb('drops', 'drop')} {p}",
                                 f"{subject} {self.verb('is', 'is')} down {p} after {days}")
            return f"{subject} {self.verb('changes', 'change')} {p} in {days}"
        if name == "IntraIntervalChangeOfXPercentCondition":
            subject = self.series(_call(args["series"]))
            change = _number(args["percent"])
            p = self.percent(abs(change))
            inside = self.pick("inside one candle", "in the same candle", "inside one bar",
                               "during only one bar")
            move = "up" if change > 0 else "down" if change < 0 else "by"
            return self.pick(f"{subject} {self.verb('moves', 'move')} {move} {p} {inside}",
                             f"{inside} {subject} {self.verb('goes', 'go')} {move} {p}")
        if name in ("UptrendFibRetracementLevelCondition",
                    "DowntrendFibRetracementLevelCondition"):
            return self._fibonacci(condition)
        if name == "AfterXDaysCondition":
            inner = self.clause(_call(args["condition"]))
            days = self.days(args["number_of_days"], lead=True)
            return self.pick(f"{days} passed after {inner}", f"{inner}, and then {days} later",
                             f"{inner} (but I wait {days} after it)")
        raise ValueError(f"no novice words for {name}")

    def trigger(self, condition: Call) -> str:
        if condition.name == "AfterXDaysCondition" and self.rng.random() < 0.5:
            inner = self.clause(_call(condition.args["condition"]))
            days = self.days(condition.args["number_of_days"], lead=True)
            return self.pick(f"{days} after {inner}", f"{days} after the moment {inner}")
        word = self.pick("when", "when", "when", "if", "at the moment", "as soon as",
                         "every time")
        return f"{word} {self.clause(condition)}"

    def _compare(self, condition: Call) -> str:
        first, second = _call(condition.args["first_series"]), _call(condition.args[
            "second_series"])
        third, base = self.rng.choice(_RELATIONS[condition.name])
        verb = self.verb(third, base)
        subject = self.series(first)
        if second.name == "CONST":
            value = _number(second.args["const_number"])
            if first.name in PRICES and not (set(first.args) - {"ticker"}) and value >= 0:
                obj = self.pick(f"{self.num(value, 0)} dollars", f"${self.num(value, 0)}",
                                self.num(value, 0))
            else:
                obj = self.pick(self.num(value), self.num(value), f"the level {self.num(value)}",
                                f"{self.num(value)} line")
        else:
            obj = self.series(second)
        text = f"{subject} {verb} {obj}"
        if self.rng.random() < 0.12:
            text += self.rng.choice(_EXPLAIN[condition.name])
        return text

    def _fibonacci(self, condition: Call) -> str:
        level = condition.args["fib_level"]
        assert isinstance(level, EnumValue)
        lvl = self.rng.choice(member_names(level.enum, level.member))
        fib = self.pick("Fibonacci", "fibonacci", "fibo", "Fib")
        if condition.name.startswith("Uptrend"):
            text = self.pick(f"in an uptrend the price comes back down to the {lvl} {fib} level",
                             f"the price goes up (uptrend) and then back to {fib} {lvl}",
                             f"there is an uptrend and price touches the {lvl} {fib} "
                             "retracement")
        else:
            text = self.pick(f"in a downtrend the price comes back up to the {lvl} {fib} level",
                             f"the price goes down (downtrend) and then back to {fib} {lvl}",
                             f"there is a downtrend and price touches the {lvl} {fib} "
                             "retracement")
        length = condition.args.get("length")
        if length is not None:
            n = self.count(_whole(length))
            text += self.pick(f" (it looks {n} {self.unit}s back for the trend)",
                              f", with length {n}", f" - lookback {n}")
        return text

    def _logical(self, condition: Call, nested: bool) -> str:
        items = condition.args["conditions"]
        assert isinstance(items, tuple)
        both = condition.name == "AND"
        parts = [f"({self._logical(item, nested=True)})" if item.name in ("AND", "OR")
                 else self.clause(item) for item in items]
        if nested:
            word = " and " if both else " or "
            return ("both " if both and len(parts) == 2 else "") + word.join(parts)
        if both:
            if len(parts) == 2:
                a, b = parts
                return self.pick(f"{a} and {b}", f"{a} and also {b}", f"both {a} and {b}",
                                 f"{a}, and in the same time {b}", f"{a} and {b} together")
            return self.pick(", ".join(parts[:-1]) + " and " + parts[-1],
                             "all these are true: " + "; ".join(parts),
                             " and ".join(parts))
        if len(parts) == 2:
            a, b = parts
            return self.pick(f"{a} or {b}", f"{a}, or maybe {b}", f"either {a} or {b}",
                             f"{a} or if {b}")
        return self.pick(", ".join(parts[:-1]) + " or " + parts[-1],
                         "any of these is true: " + "; ".join(parts), " or ".join(parts))

    # --- the rest of the strategy --------------------------------------------------------

    def rules(self) -> list[str]:
        entry = self.trigger(_call(self.strategy.args["buy_condition"]))
        exit_ = self.trigger(_call(self.strategy.args["sell_condition"]))
        s = self.symbol()
        i = self.pick("I", "I", "i", "we")
        if self.side == "LONG":
            enter = self.pick(f"{i} buy {s}", f"{i} buy {s}", f"{i} go long on {s}",
                              f"buy {s}", f"{i} want to buy {s}", f"{i} open a long on {s}",
                              f"{i} buy the {s} (long)")
            leave = self.pick(f"{i} sell", "sell it", f"{i} sell everything",
                              f"{i} close the trade", f"{i} get out", f"{i} sell the {s}",
                              f"{i} close the long")
        elif self.side == "SHORT":
            enter = self.pick(f"{i} sell {s} short", f"{i} short {s}", f"{i} go short on {s}",
                              f"{i} open a short position on {s}", f"short {s}",
                              f"{i} make a short on {s}", f"{i} want to short {s}")
            leave = self.pick(f"{i} buy it back", f"{i} close the short", f"{i} cover",
                              f"{i} exit the short", "close the short",
                              f"{i} get out of the short")
        else:
            enter = self.pick(f"{i} go long on {s}", f"{i} buy {s} (long)", f"long {s}",
                              f"{i} open a long on {s}", f"{i} buy {s} and be long")
            leave = self.pick(f"{i} go short", f"{i} turn to short", f"{i} switch to short",
                              f"{i} sell and go short", "go short", f"{i} open a short")
        hedge = self.pick(*_HEDGES) if self.rng.random() < 0.25 else ""
        # after "when a; b; c" the verb needs a comma to close the list
        glue = ", " if _call(self.strategy.args["buy_condition"]).name in ("AND", "OR") \
            else self.pick(", ", " ")
        first = self.rng.choice((f"{hedge}{entry}, {enter}", f"{hedge}{enter} {entry}",
                                 f"{hedge}{entry}{glue}{enter}"))
        if first.startswith(("if ", "when ")) and self.rng.random() < 0.4:
            first = first.replace(f", {enter}", f", then {enter}", 1)
        glue = ", " if _call(self.strategy.args["sell_condition"]).name in ("AND", "OR") \
            else self.pick(", ", " ")
        second = self.rng.choice((f"{exit_}, {leave}", f"{leave} {exit_}",
                                  f"and {leave} {exit_}", f"{exit_}{glue}{leave}",
                                  f"after that {leave} {exit_}"))
        return [first, second]

    def side_note(self) -> str | None:
        if self.side == "LONG_SHORT_COMBINED":
            return self.pick("it is long and short both", "both sides, long and short",
                             "I want long and short positions", "long and short together")
        if self.rng.random() < 0.6:
            return None
        if self.side == "LONG":
            return self.pick("only long", "only long positions", "just buying, long only")
        return self.pick("only short", "only short positions", "short only please")

    def stop(self) -> str | None:
        stop = self.strategy.args.get("stop_loss")
        if not isinstance(stop, Call):
            return None
        p = self.percent(_number(stop.args["percentage"]))
        kind = stop.args.get("stop_loss_type")
        sl = self.pick("stop loss", "stop loss", "stoploss", "stop-loss", "stop")
        if kind is None:
            return self.pick(f"{sl} {p}", f"{sl} at {p}", f"put a {sl} of {p}",
                             f"if I lose {p} I want to stop ({sl})",
                             f"I don't want to lose more than {p}, so {sl}")
        assert isinstance(kind, EnumValue)
        if kind.member == "TRAILING":
            return self.pick(f"trailing {sl} {p}", f"a {sl} that follows the price, {p} "
                             "(trailing)", f"{sl} {p} but trailing", f"trailing {sl} of {p}")
        how = self.rng.choice(member_names("StopLossType", "NORMAL"))
        return self.pick(f"a {how} {sl} {p}", f"{how} {sl} of {p}, it does not move",
                         f"{sl} {p} ({how})", f"{sl} {p}, {how} one")

    def target(self) -> str | None:
        target = self.strategy.args.get("take_profit")
        if not isinstance(target, Call):
            return None
        p = self.percent(_number(target.args["percentage"]))
        return self.pick(f"take profit {p}", f"take profit at {p}",
                         f"I close with profit when I make {p} (take profit)",
                         f"profit target {p}", f"when I win {p} I take the profit")

    def history(self) -> str | None:
        period = self.strategy.args.get("period")
        parts: list[str] = []
        if isinstance(period, EnumValue):
            parts.append(self._period(period.member))
        start = _date(self.strategy.args.get("start_date"))
        end = _date(self.strategy.args.get("end_date"))
        if start and end:
            a, b = self.date(start), self.date(end)
            parts.append(self.pick(f"test from {a} to {b}", f"from {a} until {b} please",
                                   f"the dates are {a} to {b}", f"start {a} and finish {b}"))
        elif start:
            a = self.date(start)
            parts.append(self.pick(f"start the test from {a}", f"begin at {a}",
                                   f"from {a} until today", f"start date {a}"))
        elif end:
            b = self.date(end)
            parts.append(self.pick(f"test until {b}", f"stop the test at {b}",
                                   f"end date {b}", f"finish at {b}"))
        return ", ".join(parts) if parts else None

    def _period(self, member: str) -> str:
        if member == "NOT_PASSED":
            return self.pick("period: none", "no period (none)", "I don't give a period (none)")
        if member == "YEAR_TO_DATE":
            return self.pick("from start of this year until now (ytd)", "year to date",
                             "only ytd")
        if member == "MAX":
            return self.pick("with all history (max)", "as much data as possible (max period)",
                             "period max")
        span = self.rng.choice(member_names("Period", member))
        return self.pick(f"test it on the last {span}", f"for {span} of data",
                         f"use {span} of history", f"period {span}")

    def interval(self) -> str | None:
        interval = self.strategy.args.get("interval")
        if not isinstance(interval, EnumValue):
            return None
        names = member_names("Interval", interval.member)
        spoken = next((n for n in names if " " in n), names[0])
        options = [f"{spoken} candles", f"every candle is {spoken}", f"timeframe {names[-1]}",
                   f"the chart with {spoken} bars"]
        if names[0].endswith("ly"):
            options += [f"{names[0]} candles", f"use the {names[0]} chart"] * 2
        return self.rng.choice(options)

    def capital(self) -> str | None:
        value = self.strategy.args.get("initial_capital")
        if not isinstance(value, int | float):
            return None
        m = self.money(value)
        return self.pick(f"I have {m} to start", f"start money {m}", f"my capital is {m}",
                         f"begin with {m} in the account", f"initial capital {m}")

    def size(self) -> str | None:
        size = self.strategy.args.get("order_size")
        if not isinstance(size, Call):
            return None
        value = _number(size.args["value"])
        if size.name == "Contracts":
            n = self.num(value, 0.1)
            unit = self.pick("shares", "contracts", "units", "pieces")
            unit = unit[:-1] if value == 1 else unit
            return self.pick(f"{n} {unit} every time", f"each trade {n} {unit}",
                             f"trade size {n} {unit}", f"I trade {n} {unit}")
        if size.name == "USD":
            m = self.money(value)
            return self.pick(f"{m} for each trade", f"every trade I put {m}",
                             f"each position {m}", f"use {m} money per trade")
        p = self.percent(value)
        return self.pick(f"{p} of my money every trade", f"{p} of the account for each trade",
                         f"{p} of equity each time", f"{p} of my capital in each trade")

    def fees(self) -> str | None:
        fee = self.strategy.args.get("trade_commissions")
        if not isinstance(fee, Call):
            return None
        value = _number(fee.args["value"])
        if fee.name == "MoneyCommissions":
            if value == 0:
                return self.pick("no fees", "zero commission", "the broker is free, no fees")
            m = self.money(value)
            return self.pick(f"the broker takes {m} for every trade",
                             f"commission {m} per trade", f"fee is {m} each trade (fixed money)")
        p = self.percent(value)
        return self.pick(f"the commission is {p} of the trade", f"fees {p} per trade",
                         f"broker takes {p} from each trade")

    def extras(self) -> list[str]:
        found = [self.side_note(), self.stop(), self.target(), self.history(), self.interval(),
                 self.capital(), self.size(), self.fees()]
        extras = [e for e in found if e]
        self.rng.shuffle(extras)
        return extras


def _call(value: Value | None) -> Call:
    assert isinstance(value, Call), value
    return value


def _date(value: Value | None) -> dt.date | None:
    if not isinstance(value, Call):
        return None
    return dt.date(_whole(value.args["year"]), _whole(value.args["month"]),
                   _whole(value.args["day"]))


def _tickers(strategy: Call) -> list[str]:
    found = {v for c in strategy.walk() for v in c.args.values() if isinstance(v, str)}
    return sorted(found, key=len, reverse=True)


def _lower_keeping(text: str, tickers: list[str]) -> str:
    """All lower case except the ticker symbols (the reader needs their capitals)."""
    pattern = "|".join(re.escape(t) for t in tickers)
    pieces = re.split(rf"((?<![\w^.=-])(?:{pattern})(?![\w^=-]))", text)
    return "".join(p if i % 2 else p.lower() for i, p in enumerate(pieces))


class NovicePhraser:
    """A beginner's or second-language speaker's description, in their own words."""

    name = "novice"

    def describe(self, strategy: Call, rng: random.Random) -> str:
        interval = strategy.args.get("interval")
        member = interval.member if isinstance(interval, EnumValue) else "ONE_DAY"
        bars = _BARS.get(member, ("bar", "candle"))
        writer = _Writer(strategy=strategy, rng=rng, broken=rng.random() < 0.35,
                         lower_names=rng.random() < 0.2, glue=rng.random() < 0.3,
                         unit=rng.choice([b for b in bars if b != "trading day"]), bars=bars)
        layout = rng.choice((self._story, self._story, self._story, self._runon, self._lines,
                             self._question))
        text = re.sub(r",\s*,", ",", layout(writer, rng))
        if rng.random() < 0.12:
            text = _lower_keeping(text, _tickers(strategy))
        return text

    def _story(self, w: _Writer, rng: random.Random) -> str:
        head = [w.pick(*_HELLOS)] if rng.random() < 0.3 else []
        if rng.random() < 0.4:
            head.append(w.pick(*_INTROS))
        if rng.random() < 0.6:
            head.append(w.pick(*_ASKS))
        sentences = [_capital_first(r) + "." for r in w.rules()]
        if rng.random() < 0.15:
            sentences.reverse()
        extras = w.extras()
        if extras and rng.random() < 0.5:
            sentences.append(_capital_first(w.pick("Also ", "And ", "Other things: ", "")
                                            + ", ".join(extras)) + ".")
        else:
            sentences += [_capital_first(e) + "." for e in extras]
        tail = [w.pick(*_CLOSINGS)] if rng.random() < 0.25 else []
        if head and rng.random() < 0.3 and not tail:
            head, tail = head[:-1], head[-1:]
        return " ".join(head + sentences + tail)

    def _runon(self, w: _Writer, rng: random.Random) -> str:
        ask = w.pick("please make strategy for me", "i want that you test this",
                     "please test this", "my strategy is like this", "so the idea is")
        parts = w.rules() + w.extras()
        joined = ", ".join(parts) if rng.random() < 0.6 else " and ".join(parts)
        return _capital_first(f"{ask}: {joined}") + w.pick(".", "", " thanks", "!")

    def _lines(self, w: _Writer, rng: random.Random) -> str:
        bullet = w.pick("- ", "* ", "", "-> ")
        head = w.pick("My strategy:", "Strategy idea", "please test this:",
                      "Here is my strategy", "my plan for trading")
        lines = [bullet + _capital_first(r) for r in (*w.rules(), *w.extras())]
        return "\n".join([head, *lines])

    def _question(self, w: _Writer, rng: random.Random) -> str:
        ask = w.pick("Can you test if this work", "Is it possible to backtest this",
                     "Could you check this strategy for me", "Can you make this")
        body = ", ".join(w.rules())
        extras = w.extras()
        text = f"{ask}: {body}?"
        if extras:
            text += " " + _capital_first(w.pick("Settings: ", "Also ", "") + "; ".join(extras)
                                         ) + "."
        return text
