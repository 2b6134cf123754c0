"""The dialog style: a strategy worked out by two people talking, written as a transcript.

One speaker asks ("what do we trade?", "and the exit?"), the other answers; sometimes the
planner volunteers a rule, the other restates it in other words ("so once the 14-day RSI
drops through thirty, we're in?") and gets a confirmation ("exactly"), or the asker proposes
a value ("how about a 5% stop?") and the planner agrees. Speakers carry labels ("A:", "Sam:",
"Q:"), or the questions and answers run on one line with dashes ("what do we trade? - TSLA").

Every value is said once as the final value: no speaker ever proposes a value that is then
changed, so each number of the text is a number of the code.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from strategy_lsp.grammar import Call, EnumValue, Value

from . import wording
from .style_writer import Writer
from .vocabulary import member_names, param_names, series_names

#: (who, text): 0 is the one asking, 1 the one who has the strategy in mind.
Turn = tuple[int, str]
Say = Callable[[], str]

_LABELS = (("A", "B"), ("Q", "A"), ("me", "Sam"), ("Sam", "me"), ("Alex", "Jo"),
           ("Kim", "Dana"), ("you", "me"), ("Pat", "Lee"), ("Chris", "Robin"), ("a", "b"),
           ("q", "a"), ("Mia", "Tom"), ("me", "Ana"), ("Nick", "Ellen"))
_CONFIRM = ("yes", "yep", "right", "exactly", "correct", "that's right", "yes, exactly",
            "right, that's it", "correct, yes", "yeah", "you got it", "exactly that",
            "mm-hm, right", "yes, that's it")
_ACK = ("ok", "got it", "okay", "makes sense", "fine", "good", "noted", "sure", "alright",
        "ok, noted", "cool")
_FILLERS = ("well, ", "so, ", "hmm, ", "I'd say ", "let's say ", "I think ", "you know, ",
            "ok so ", "um, ", "I guess ")
_RESTATE = ("so {x}?", "{x}, right?", "ok so {x}?", "just to be clear: {x}?", "you mean {x}?",
            "in other words, {x}?", "so basically {x}?", "let me repeat that: {x}?",
            "if I follow you, {x}?", "so {x}, yes?")
_PROPOSE = ("how about {x}?", "what about {x}?", "let's say {x}?", "should we do {x}?",
            "maybe {x}?", "I'd go with {x}, ok?")
_AGREE = ("sounds good", "yes, let's do that", "fine by me", "agreed", "sure, {x} it is",
          "ok, {x}", "yes", "deal", "works for me", "exactly, {x}")
_OPENERS = ("notes from our call:", "how the chat went:", "we talked it through:",
            "transcript:", "call notes -", "from the whiteboard session:", "(chat log)")
_CLOSERS = ((0, "ok, let's backtest it."), (1, "that's it."), (0, "sounds like a plan."),
            (0, "great, run it."), (1, "that's everything."), (0, "perfect, I'll code it up."),
            (1, "that's the whole thing."), (0, "alright, send it to the backtester."))

#: Lowercase glued forms ("rsi14"), for series whose only stated parameter is the length.
_GLUED = {"RSI": "rsi", "SMA": "sma", "EMA": "ema", "ATR": "atr", "CCI": "cci", "MFI": "mfi",
          "ADX": "adx", "ROC": "roc", "CMF": "cmf", "CMO": "cmo", "DPO": "dpo", "TRIX": "trix"}
#: Parameter names the catalog words with "long"/"short", which would blur the side.
_OWN_PARAMS = {"long_roc_length": ("longer ROC length", "slow ROC length"),
               "short_roc_length": ("shorter ROC length", "fast ROC length"),
               "use_exp_ma": ("exponential basis", "EMA basis")}
_PRICE = {"CLOSE": ("the price", "price", "the close", "the closing price", "the share price",
                    "close"),
          "OPEN": ("the open", "the opening price", "open price", "the open price"),
          "HIGH": ("the high", "the bar's high", "the high price", "high price"),
          "LOW": ("the low", "the bar's low", "the low price", "low price"),
          "VOLUME": ("volume", "the volume", "trading volume", "traded volume")}
_VERBS = {
    "CrossOverCondition": ("crosses above", "crosses over", "crosses up through",
                           "breaks up through", "cuts up through", "crosses back above",
                           "crosses from below to above", "pops up through"),
    "CrossUnderCondition": ("crosses below", "crosses under", "crosses down through",
                            "breaks down through", "cuts down through", "crosses back below",
                            "crosses from above to below", "drops through"),
    "GreaterThanCondition": ("is above", "is over", "is higher than", "is greater than",
                             "stays above", "sits above", "reads above", "is trading above"),
    "LessThanCondition": ("is below", "is under", "is lower than", "is less than",
                          "stays below", "sits below", "reads below", "is trading below"),
}
_TRIGGERS = ("when", "when", "once", "as soon as", "if", "whenever", "the moment")
_DAYS = ("days", "days", "bars", "sessions", "candles")
_INTERVALS = {
    "ONE_DAY": ("daily bars", "daily candles", "the daily chart", "1d bars", "day bars"),
    "FIVE_DAYS": ("5-day bars", "five-day candles", "5d bars", "bars of 5 days each"),
    "ONE_WEEK": ("weekly bars", "weekly candles", "the weekly chart", "1wk bars"),
    "ONE_MONTH": ("monthly bars", "monthly candles", "the monthly chart", "1mo bars"),
    "THREE_MONTHS": ("quarterly bars", "quarterly candles", "3-month bars",
                     "three-month candles", "3mo bars"),
}
_PERIODS = {
    "ONE_DAY": ("the last day", "1 day of history", "a single day of data"),
    "FIVE_DAYS": ("the last 5 days", "five days of data", "5 days of history"),
    "ONE_MONTH": ("the last month", "1 month of data", "a month of history"),
    "THREE_MONTHS": ("the last 3 months", "a quarter of data", "three months of history"),
    "SIX_MONTHS": ("the last 6 months", "half a year of data", "six months of history"),
    "ONE_YEAR": ("the last year", "a year of data", "1 year of history", "one year of data"),
    "TWO_YEARS": ("the last 2 years", "two years of data", "2 years of history"),
    "FIVE_YEARS": ("the last 5 years", "five years of history", "5 years of data"),
    "TEN_YEARS": ("the last 10 years", "a decade of data", "ten years of history"),
    "YEAR_TO_DATE": ("year to date", "ytd", "the year so far, year to date"),
    "MAX": ("max history", "all the history there is", "the max period", "all history"),
    "NOT_PASSED": ("period none", "no preset period, none", "none as the period"),
}
_KNOWN_ARGS = frozenset({"ticker", "position_type", "buy_condition", "sell_condition",
                         "stop_loss", "take_profit", "start_date", "end_date", "interval",
                         "period", "initial_capital", "order_size", "trade_commissions"})


def _whole(value: Value | None) -> int:
    assert isinstance(value, int) and not isinstance(value, bool), value
    return value


def _number(value: Value | None) -> float:
    assert isinstance(value, int | float) and not isinstance(value, bool), value
    return value


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


@dataclass
class _Talk(Writer):
    """One conversation about one strategy; habits are drawn once per conversation."""

    ticker: str
    side: str  # a PositionTypeEnum member
    spoken: float = 0.2  # share of small whole numbers said as words
    lower: bool = False  # writes indicator names in lower case
    favourite: dict[str, str] = field(default_factory=dict)

    # --- values ------------------------------------------------------------------------

    def num(self, value: float) -> str:
        """A number as digits, or a small whole number sometimes as words."""
        if value < 0:
            return self.pick("-", "minus ", "negative ") + wording.plain(-value)
        if float(value).is_integer() and value <= 100 and self.rng.random() < self.spoken:
            return wording.number_words(int(value))
        return wording.plain(value)

    def pct(self, value: float) -> str:
        if float(value).is_integer() and 0 <= value <= 100 and \
                self.rng.random() < self.spoken * 0.7:
            return f"{wording.number_words(int(value))} percent"
        text = wording.plain(value)
        return self.pick(f"{text}%", f"{text}%", f"{text} percent", f"{text} pct",
                         f"{text} per cent")

    def money(self, value: float) -> str:
        if float(value).is_integer() and self.rng.random() < 0.15:
            return f"{wording.grouped(value)} bucks"
        return wording.money(value, self.rng)

    def days(self, value: Value) -> str:
        n = _whole(value)
        unit = self.rng.choice(_DAYS)
        return f"{self.num(n)} {unit if n != 1 else unit[:-1]}"

    def date(self, value: Value | None) -> str:
        assert isinstance(value, Call)
        day = dt.date(_whole(value.args["year"]), _whole(value.args["month"]),
                      _whole(value.args["day"]))
        if self.rng.random() < 0.15:
            return f"{wording.MONTHS[day.month - 1]} the {wording.ordinal(day.day)}, {day.year}"
        return wording.date(day, self.rng)

    # --- series ------------------------------------------------------------------------

    def name(self, series: str) -> str:
        names = series_names(series)
        if series in self.favourite and self.rng.random() < 0.6:
            chosen = self.favourite[series]
        else:
            short = [n for n in names if n.isupper() and len(n) <= 5]
            chosen = self.rng.choice(list(names) + short * 2)
            self.favourite.setdefault(series, chosen)
        return chosen.lower() if self.lower and "%" not in chosen else chosen

    def series(self, call: Call) -> str:
        """A series with every parameter its call states, and nothing else."""
        if call.name == "CONST":
            return self.pick("the level {v}", "the constant {v}", "the {v} line").format(
                v=self.num(_number(call.args["const_number"])))
        ticker = call.args.get("ticker", self.ticker)
        assert isinstance(ticker, str)
        other = ticker != self.ticker
        stated = {k: v for k, v in call.args.items() if k != "ticker"}
        if call.name in _PRICE:
            noun = self.rng.choice(_PRICE[call.name])
            if call.name == "CLOSE" and not other and self.rng.random() < 0.2:
                return ticker
            if other:
                bare = noun.removeprefix("the ")
                return self.pick(f"{ticker}'s {bare}", f"the {bare} of {ticker}",
                                 f"{ticker} {bare}")
            return noun
        core = self._with_params(call.name, stated)
        if other:
            return self.pick(f"{core} on {ticker}", f"{core} of {ticker}",
                             f"{core} for {ticker}")
        return core

    def _with_params(self, series: str, stated: dict[str, Value]) -> str:
        name = self.name(series)
        if not stated:
            return self.pick(name, name, f"the {name}")
        if tuple(stated) == ("length",):
            n = _whole(stated["length"])
            said = self.num(n)
            unit = self.pick("day", "bar", "period")
            word = self.rng.choice([w for w in param_names(series, "length") if w != unit])
            options = [f"{name} {said}", f"{name}({n})", f"{name} ({said})",
                       f"the {said}-{unit} {name}", f"{name} with {word} {said}",
                       f"{name} on a {said}-{unit} {word}", f"{name}, {word} {said}"]
            if series in _GLUED:
                options += [f"{_GLUED[series]}{n}"] * 3
            return self.rng.choice(options)
        value_first = self.rng.random() < 0.3
        parts = [self._param(series, k, v, value_first) for k, v in stated.items()]
        if len(parts) == 1:
            listed = parts[0]
        else:
            listed = self.pick(", ".join(parts[:-1]) + " and " + parts[-1], ", ".join(parts),
                               " / ".join(parts))
        return self.pick(f"{name} with {listed}", f"{name} ({listed})", f"{name} [{listed}]",
                         f"the {name} using {listed}")

    def _param(self, series: str, param: str, value: Value, value_first: bool) -> str:
        words = self.rng.choice(_OWN_PARAMS.get(param) or param_names(series, param))
        if isinstance(value, bool):
            if value:
                return self.pick("on an EMA basis", "with the exponential basis on",
                                 "EMA basis: yes")
            return self.pick("not on an EMA basis", "with the exponential basis off",
                             "EMA basis: no")
        if isinstance(value, EnumValue):
            member = self.rng.choice(member_names(value.enum, value.member))
            return self.pick(f"{words} {member}", f"{words}: {member}",
                             f"{member} as the {words}")
        said = self.num(_number(value))
        if value_first:
            return self.pick(f"{said} {words}", f"{said} for the {words}")
        return self.pick(f"{words} {said}", f"{words} of {said}", f"{words} = {said}",
                         f"{words} set to {said}")

    def level(self, value: float, first: Call) -> str:
        said = self.num(value)
        if first.name in ("CLOSE", "OPEN", "HIGH", "LOW") and value > 0:
            text = wording.plain(value)
            return self.pick(f"${text}", f"{text} dollars", said, f"the ${text} mark")
        if value == 0:
            return self.pick("zero", "0", "the zero line")
        return self.pick(said, said, f"the {said} level", f"level {said}", f"a reading of {said}",
                         f"the {said} line")

    # --- conditions --------------------------------------------------------------------

    def clause(self, condition: Call, nested: bool = False) -> str:
        name = condition.name
        args = condition.args
        if name in ("AND", "OR"):
            return self._logical(condition, nested)
        if name in _VERBS:
            first, second = args["first_series"], args["second_series"]
            assert isinstance(first, Call) and isinstance(second, Call)
            subject = self.series(first)
            if second.name == "CONST" and first.name != "CONST":
                obj = self.level(_number(second.args["const_number"]), first)
            else:
                obj = self.series(second)
            return f"{subject} {self.rng.choice(_VERBS[name])} {obj}"
        if name == "AfterXDaysCondition":
            inner = args["condition"]
            assert isinstance(inner, Call)
            text = self.clause(inner, nested=True)
            days = self.days(args["number_of_days"])
            return self.pick(f"{days} after {text}", f"{text}, then wait {days}",
                             f"{text} - but only {days} later", f"{days} have passed since {text}")
        if name in ("UptrendFibRetracementLevelCondition",
                    "DowntrendFibRetracementLevelCondition"):
            return self._fibonacci(condition)
        series = args["series"]
        assert isinstance(series, Call)
        subject = self.series(series)
        if name in ("UptrendForXDaysCondition", "DowntrendForXDaysCondition"):
            days = self.days(args["number_of_days"])
            if name.startswith("Up"):
                return self.pick(f"{subject} has been rising for {days} straight",
                                 f"{subject} goes up {days} in a row",
                                 f"{subject} is in an uptrend for {days}",
                                 f"{subject} trends up for {days}",
                                 f"{subject} climbs {days} running")
            return self.pick(f"{subject} has been falling for {days} straight",
                             f"{subject} goes down {days} in a row",
                             f"{subject} is in a downtrend for {days}",
                             f"{subject} trends down for {days}",
                             f"{subject} slides {days} running")
        percent = _number(args["percent"])
        size = self.pct(abs(percent))
        if name == "ChangeOfXPercentPerYDaysCondition":
            days = self.days(args["number_of_days"])
            if percent > 0:
                return self.pick(f"{subject} is up {size} over {days}",
                                 f"{subject} gains {size} in {days}",
                                 f"{subject} climbs {size} within {days}",
                                 f"{subject} rises by {size} over the last {days}")
            if percent < 0:
                return self.pick(f"{subject} is down {size} over {days}",
                                 f"{subject} loses {size} in {days}",
                                 f"{subject} drops {size} within {days}",
                                 f"{subject} falls by {size} over the last {days}")
            return f"{subject} changes by {size} over {days}"
        bar = self.pick("inside a single bar", "within the same candle", "intrabar",
                        "in a single candle", "within a bar")
        if percent > 0:
            return self.pick(f"{subject} moves up {size} {bar}", f"{subject} jumps {size} {bar}",
                             f"{subject} rises {size} {bar}")
        if percent < 0:
            return self.pick(f"{subject} moves down {size} {bar}",
                             f"{subject} drops {size} {bar}", f"{subject} sinks {size} {bar}")
        return f"{subject} changes by {size} {bar}"

    def _fibonacci(self, condition: Call) -> str:
        level = condition.args["fib_level"]
        assert isinstance(level, EnumValue)
        said = self.rng.choice(member_names(level.enum, level.member))
        fib = self.pick("fib", "Fibonacci", "fibo", "Fib")
        what = self.pick(f"the {said} {fib} level", f"the {said} {fib} retracement",
                         f"the {said} {fib} retracement level")
        if condition.name.startswith("Uptrend"):
            text = self.pick(f"in an uptrend, price pulls back to {what}",
                             f"price retraces down to {what} during an uptrend",
                             f"an uptrend dips back to {what}")
        else:
            text = self.pick(f"in a downtrend, price bounces up to {what}",
                             f"price retraces up to {what} during a downtrend",
                             f"a downtrend rallies back to {what}")
        length = condition.args.get("length")
        if length is not None:
            n = self.num(_whole(length))
            text += self.pick(f" (swing lookback {n})", f", measuring the swing over {n} bars",
                              f", with a lookback of {n}")
        return text

    def _logical(self, condition: Call, nested: bool) -> str:
        items = condition.args["conditions"]
        assert isinstance(items, tuple)
        parts = [self.clause(item, nested=True) for item in items]
        both = condition.name == "AND"
        if nested:
            joiner = " and " if both else " or "
            inner = joiner.join(parts)
            return self.pick(f"({inner})", f"({'both' if both else 'either'} {inner})") \
                if len(parts) == 2 else f"({inner})"
        head, last = ", ".join(parts[:-1]), parts[-1]
        if both:
            return self.pick(f"{head} and {last}", f"both {head} and {last}" if len(parts) == 2
                             else f"all of {head} and {last}", f"{head}, and also {last}",
                             f"{head} and at the same time {last}")
        return self.pick(f"{head} or {last}", f"either {head} or {last}",
                         f"{head}, or else {last}", f"whichever comes first: {head} or {last}")

    def trigger(self, condition: Call) -> str:
        return f"{self.rng.choice(_TRIGGERS)} {self.clause(condition)}"

    # --- the rules as things people say --------------------------------------------------

    def rule_verb(self, exit_: bool) -> str:
        if self.side == "LONG_SHORT_COMBINED":
            return self.pick("go short", "flip to short", "reverse to short", "switch to short") \
                if exit_ else self.pick("go long", "get in long", "open a long", "buy long")
        if self.side == "SHORT":
            return self.pick("cover", "close the short", "exit", "get out", "cover it") \
                if exit_ else self.pick("short it", "go short", "sell short", "open a short")
        return self.pick("sell", "get out", "exit", "close it", "sell it") if exit_ \
            else self.pick("buy", "go long", "get in", "buy it", "open a long")

    def rule(self, key: str) -> list[Turn]:
        condition = self.strategy.args[key]
        assert isinstance(condition, Call)
        exit_ = key == "sell_condition"
        question = self._rule_question(exit_)
        items = condition.args.get("conditions")
        if condition.name in ("AND", "OR") and isinstance(items, tuple) and \
                self.rng.random() < 0.3:
            return self._split_rule(condition.name == "AND", items, exit_, question)
        return self.exchange(question,
                             lambda: f"{self.rule_verb(exit_)} {self.trigger(condition)}",
                             lambda: self.trigger(condition))

    def _rule_question(self, exit_: bool) -> str:
        if self.side == "LONG_SHORT_COMBINED":
            return self.pick("and when do we flip to short?", "when do we go short?",
                             "what makes us reverse?") if exit_ else \
                self.pick("when do we go long?", "what gets us in long?", "the long entry?")
        if exit_:
            return self.pick("and the exit?", "when do we get out?", "what closes it?",
                             "how do we exit?", "and when are we out?", "exit signal?")
        return self.pick("what's the entry?", "when do we get in?", "and the entry signal?",
                         "what triggers the entry?", "how do we get in?", "entry?")

    def _split_rule(self, both: bool, items: tuple[Call, ...], exit_: bool,
                    question: str) -> list[Turn]:
        """A combined rule told over several turns: "anything else?" - "it also needs ..."."""
        first = f"{self.rule_verb(exit_)} {self.trigger(items[0])}"
        turns: list[Turn] = [(0, question), (1, first)] if self.rng.random() < 0.6 \
            else [(1, first)]
        turns.append((0, self.pick("anything else?", "just that?", "is that the only rule?",
                                   "that alone?", "any other condition?")))
        rest = [self.clause(item, nested=True) for item in items[1:]]
        if both:
            tail = ", and ".join(rest)
            turns.append((1, self.pick(f"it also needs {tail}", f"{tail} has to hold as well",
                                       f"plus {tail}, all at the same time",
                                       f"also {tail} - all of them together")))
        else:
            tail = ", or ".join(rest)
            turns.append((1, self.pick(f"or {tail} - either is enough on its own",
                                       f"alternatively {tail}, any of them works",
                                       f"or else {tail}, whichever happens first")))
        if self.rng.random() < 0.4:
            turns.append((0, self.pick("so all of those together?", "so every one of them?")
                          if both else self.pick("so any one of those?",
                                                 "so a single one is enough?")))
            turns.append((1, self.rng.choice(_CONFIRM)))
        return turns

    # --- the other parameters -------------------------------------------------------------

    def side_words(self, phrase: bool = False) -> str:
        if phrase:
            return {"LONG": self.pick("long only", "long", "on the long side only"),
                    "SHORT": self.pick("short only", "short", "on the short side only"),
                    "LONG_SHORT_COMBINED": self.pick("long and short", "both ways, long and short",
                                                     "in both directions, long and short")
                    }[self.side]
        return {"LONG": self.pick("long only", "long", "just long", "only long trades",
                                  "the long side only", "we only buy, long only"),
                "SHORT": self.pick("short only", "short", "just short", "only short trades",
                                   "the short side only", "we only sell short"),
                "LONG_SHORT_COMBINED": self.pick("long and short", "both long and short",
                                                 "both ways, long and short",
                                                 "long/short, both directions",
                                                 "both directions, long and short")}[self.side]

    def symbol(self) -> str:
        t = self.ticker
        return self.pick(t, t, t, f"${t}" if t.isalpha() else t, f"ticker {t}")

    def opening(self) -> list[Turn]:
        if self.rng.random() < 0.35:
            def both() -> str:
                return self.pick(f"{self.symbol()}, {self.side_words()}",
                                 f"{self.side_words()} on {self.symbol()}",
                                 f"we trade {self.symbol()}, {self.side_words()}")
            return self.exchange(self.pick("what are we trading, and which way?",
                                           "what's the setup?", "ticker and direction?"), both,
                                 both)
        turns = self.exchange(self.pick("what do we trade?", "which ticker?", "what symbol?",
                                        "what are we trading?", "which market?"),
                              lambda: self.pick(f"let's trade {self.symbol()}",
                                                f"{self.symbol()} it is",
                                                f"we're on {self.symbol()}",
                                                f"the ticker is {self.ticker}",
                                                f"how about {self.symbol()}, you know"),
                              self.symbol)
        return turns + self.exchange(self.pick("which direction?", "which side?",
                                               "what side are we taking?", "direction?",
                                               "and the direction?"),
                                     lambda: self.pick("we trade it {x}", "we go {x}",
                                                       "direction: {x}", "it's {x}").format(
                                         x=self.side_words(phrase=True)),
                                     self.side_words)

    def topics(self) -> list[list[Turn]]:
        args = self.strategy.args
        unknown = set(args) - _KNOWN_ARGS
        if unknown:
            raise ValueError(f"no phrasing for {sorted(unknown)}")
        found: list[list[Turn]] = []
        stop = args.get("stop_loss")
        if isinstance(stop, Call):
            p, kind = _number(stop.args["percentage"]), stop.args.get("stop_loss_type")
            member = kind.member if isinstance(kind, EnumValue) else None

            def stop_words() -> str:
                s = self.pct(p)
                if member == "TRAILING":
                    return self.pick(f"a {s} trailing stop", f"a trailing stop of {s}",
                                     f"a {s} trailing stop loss", f"a stop that trails by {s}")
                if member == "NORMAL":
                    return self.pick(f"a fixed {s} stop", f"a normal {s} stop loss",
                                     f"a regular fixed stop at {s}", f"a {s} fixed stop loss")
                return self.pick(f"a {s} stop loss", f"a {s} stop", f"a stop loss at {s}",
                                 f"a stop {s} away", f"stop loss {s}")

            found.append(self.exchange(self.pick("any stop?", "what about a stop loss?",
                                                 "stop loss?", "how do we cap the loss?"),
                                       lambda: self.pick("we use {x}", "put in {x}", "{x}",
                                                         "I want {x}").format(x=stop_words()),
                                       stop_words, propose=stop_words))
        target = args.get("take_profit")
        if isinstance(target, Call):
            t = _number(target.args["percentage"])

            def target_words() -> str:
                s = self.pct(t)
                return self.pick(f"take profit at {s}", f"a {s} profit target",
                                 f"a {s} take profit", f"a target of {s}",
                                 f"a take-profit of {s}")

            found.append(self.exchange(self.pick("take profit?", "any profit target?",
                                                 "where do we take profits?", "and a target?"),
                                       lambda: self.pick("{x}", "we set {x}", "let's do {x}",
                                                         "I want {x}").format(x=target_words()),
                                       target_words, propose=target_words))
        found += self._history()
        interval = args.get("interval")
        if isinstance(interval, EnumValue):
            bars = _INTERVALS[interval.member]
            found.append(self.exchange(
                self.pick("what timeframe?", "which bars?", "what candles?", "bar size?"),
                lambda: self.pick("we run it on {x}", "use {x}", "{x}").format(
                    x=self.rng.choice(bars)), lambda: self.rng.choice(bars),
                propose=lambda: self.rng.choice(bars)))
        found += self._money()
        return found

    def _history(self) -> list[list[Turn]]:
        args = self.strategy.args
        found: list[list[Turn]] = []
        period = args.get("period")
        if isinstance(period, EnumValue):
            spans = _PERIODS[period.member]
            found.append(self.exchange(
                self.pick("how much history?", "how much data do we test on?", "how far back?"),
                lambda: self.pick("backtest on {x}", "test it on {x}", "{x}").format(
                    x=self.rng.choice(spans)), lambda: self.rng.choice(spans)))
        start, end = args.get("start_date"), args.get("end_date")
        if start is None and end is None:
            return found

        def dates() -> str:
            if start is not None and end is not None:
                a, b = self.date(start), self.date(end)
                return self.pick(f"from {a} to {b}", f"{a} through {b}",
                                 f"start {a}, end {b}", f"between {a} and {b}")
            if start is not None:
                a = self.date(start)
                return self.pick(f"from {a} onwards", f"start date {a}", f"starting on {a}",
                                 f"from {a} up to today")
            b = self.date(end)
            return self.pick(f"up to {b}", f"end date {b}", f"ending on {b}",
                             f"everything until {b}")

        found.append(self.exchange(self.pick("what dates?", "which time range?",
                                             "what window do we backtest?", "dates?"),
                                   lambda: self.pick("backtest {x}", "run it {x}", "{x}")
                                   .format(x=dates()), dates))
        return found

    def _money(self) -> list[list[Turn]]:
        args = self.strategy.args
        found: list[list[Turn]] = []
        capital = args.get("initial_capital")
        if capital is not None:
            c = _number(capital)

            def capital_words() -> str:
                m = self.money(c)
                return self.pick(f"{m}", f"a {m} account", f"starting capital of {m}",
                                 f"{m} to start")

            found.append(self.exchange(self.pick("starting capital?", "how much do we start "
                                                 "with?", "account size?"),
                                       lambda: self.pick("we start with {x}", "{x}",
                                                         "the account has {x}").format(
                                           x=self.money(c)),
                                       capital_words, propose=capital_words))
        size = args.get("order_size")
        if isinstance(size, Call):
            v = _number(size.args["value"])

            def size_words() -> str:
                if size.name == "Contracts":
                    n = self.num(v)
                    unit = self.pick("shares", "contracts", "units")
                    unit = unit[:-1] if v == 1 else unit
                    return self.pick(f"{n} {unit} a trade", f"{n} {unit} per trade",
                                     f"{n} {unit} each time", f"always {n} {unit} per order")
                if size.name == "USD":
                    m = self.money(v)
                    return self.pick(f"{m} per trade", f"{m} a trade", f"{m} per position",
                                     f"{m} into each trade")
                p = self.pct(v)
                return self.pick(f"{p} of equity per trade", f"{p} of the account each trade",
                                 f"{p} of equity", f"{p} of our equity on each position")

            found.append(self.exchange(self.pick("how big is each trade?", "position size?",
                                                 "order size?", "how much goes into a trade?"),
                                       size_words, size_words, propose=size_words))
        fee = args.get("trade_commissions")
        if isinstance(fee, Call):
            f = _number(fee.args["value"])

            def fee_words() -> str:
                if fee.name == "PercentageCommissions":
                    p = self.pct(f)
                    return self.pick(f"{p} commission", f"{p} per trade in fees",
                                     f"fees of {p} per trade", f"a {p} commission on every trade")
                if f == 0:
                    return self.pick("no commissions", "zero fees", "commission-free",
                                     "no fees at all")
                m = self.money(f)
                return self.pick(f"{m} per trade in fees", f"{m} commission per trade",
                                 f"a flat {m} fee per trade", f"{m} a trade for commissions")

            found.append(self.exchange(self.pick("commissions?", "what do we pay in fees?",
                                                 "any fees?", "and trading costs?"),
                                       fee_words, fee_words, propose=fee_words))
        return found

    # --- turns ---------------------------------------------------------------------------

    def exchange(self, question: str, say: Say, short: Say,
                 propose: Say | None = None) -> list[Turn]:
        """One topic as a few turns; every value is said as it stays."""
        form = self.rng.random()
        filler = self.rng.choice(_FILLERS) if self.rng.random() < 0.15 else ""
        if propose is not None and form < 0.15:
            x = propose()
            agree = self.rng.choice(_AGREE)
            return [(0, self.rng.choice(_PROPOSE).format(x=x)),
                    (1, agree.format(x=x) if "{x}" in agree else agree)]
        if form < 0.55:
            turns: list[Turn] = [(0, question), (1, filler + short())]
        elif form < 0.75:
            turns = [(1, filler + say())]
        else:
            turns = [(0, question), (1, filler + say())]
        roll = self.rng.random()
        if roll < 0.25:
            turns += [(0, self.rng.choice(_RESTATE).format(x=short())),
                      (1, self.rng.choice(_CONFIRM))]
        elif roll < 0.4:
            turns.append((0, self.rng.choice(_ACK)))
        return turns


def _render(turns: list[Turn], rng: random.Random) -> str:
    """The turns as a labelled transcript, or as questions and answers joined by dashes."""
    capital = rng.random() < 0.5
    stop = rng.choice((".", ".", ""))
    dashes = rng.random() < 0.25
    sep = rng.choice(("\n", " ", "\n", " / ") if dashes else ("\n", "\n", "\n", " ", " | "))
    if sep == " " and dashes:
        stop = "."

    def line(text: str) -> str:
        text = _cap(text) if capital else text
        return text if text.endswith(("?", ".", ":", "-", ",")) else text + stop

    if dashes:  # "what do we trade? - TSLA"
        dash = rng.choice((" - ", " -- ", " — ", " -> "))
        lines: list[str] = []
        i = 0
        while i < len(turns):
            who, text = turns[i]
            if text.endswith("?") and i + 1 < len(turns) and turns[i + 1][0] != who:
                answer = line(turns[i + 1][1])
                lines.append(line(text) + dash + (answer if stop else answer.rstrip(".,")))
                i += 2
            else:
                lines.append(line(text))
                i += 1
        return sep.join(lines)
    labels = rng.choice(_LABELS)
    if rng.random() < 0.5:
        labels = (labels[1], labels[0]) if labels != ("Q", "A") and labels != ("q", "a") \
            else labels
    colon = rng.choice((": ", ": ", " - ", ":  "))
    return sep.join(f"{labels[who]}{colon}{line(text)}" for who, text in turns)


class DialogPhraser:
    """A strategy as a conversation between two people working it out."""

    @property
    def name(self) -> str:
        return "dialog"

    def describe(self, strategy: Call, rng: random.Random) -> str:
        ticker, side = strategy.args["ticker"], strategy.args["position_type"]
        assert isinstance(ticker, str) and isinstance(side, EnumValue)
        talk = _Talk(strategy=strategy, rng=rng, ticker=ticker, side=side.member,
                     spoken=rng.choice((0.0, 0.15, 0.3, 0.5)), lower=rng.random() < 0.3)
        opening = talk.opening()
        rules = [talk.rule("buy_condition"), talk.rule("sell_condition")]
        if rng.random() < 0.2:
            rules.reverse()
        rest = talk.topics()
        rng.shuffle(rest)
        blocks = [opening, *rules, *rest]
        if rng.random() < 0.25:  # the rules first, then what and which way
            blocks = [*rules, opening, *rest]
        turns = [turn for block in blocks for turn in block]
        if rng.random() < 0.3:
            turns.append(rng.choice(_CLOSERS))
        text = _render(turns, rng)
        if rng.random() < 0.12:
            text = rng.choice(_OPENERS) + rng.choice(("\n", " ")) + text
        return text
