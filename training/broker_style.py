"""The broker style: a retail trader who writes English as a second language, or a broker's
support ticket that passes the request on.

Short imperative sentences, polite words, some unusual word order and small grammar slips
that stay easy to understand: "Please make strategy for AAPL. Buy when RSI 14 cross up 30.
Sell it when price is more than upper Bollinger band. Use stop loss of 5%. Money for start:
$10k. Thank you." Exit may come before entry, and the settings may sit between the rules.
Every value the code holds is stated, in forms the model's reader takes.
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
#: Abbreviations that read as other words when written in lower case.
_KEEP_CASE = frozenset({"MOM", "MI", "UO", "DI+", "DI-", "%K", "%D", "%R", "EMV", "MA"})
#: Abbreviations people glue to their length: "rsi14", "sma200".
_GLUE = frozenset({"RSI", "SMA", "EMA", "ATR", "CCI", "MFI", "ROC", "CMO", "ADX", "DPO", "EFI",
                   "TRIX", "CMF", "BBP", "CHOP", "WILLR"})
_BANNED = re.compile(r"\b(long|short|buy|sell|one)\b", re.IGNORECASE)
#: Own words for parameters whose catalog words would name a side ("long ROC length").
_PARAM_WORDS: dict[str, tuple[str, ...]] = {
    "long_roc_length": ("slow ROC length", "slow ROC period"),
    "short_roc_length": ("fast ROC length", "fast ROC period"),
    "std_dev": ("std dev", "standard deviation", "deviation", "stdev"),
    "multiplier": ("multiplier", "mult", "ATR multiplier"),
    "length": ("period", "length", "lookback", "period", "window"),
}
_GREETINGS = ("Hello.", "Hello,", "Hi.", "Hi team,", "Dear support,", "Good day.",
              "Dear sir or madam,", "Hello dear support team.", "Good afternoon.", "Greetings.")
_CLOSINGS = ("Thank you.", "Thanks in advance.", "Best regards.", "Thank you very much.",
             "Kind regards, Pedro.", "Thank you for help.", "Waiting for your answer.",
             "Regards, Olga.", "Thanks a lot!", "Please answer me soon. Thank you.",
             "With respect, Ahmed.", "Thank you, Li Wei.")


def _int(value: Value | None) -> int:
    assert isinstance(value, int) and not isinstance(value, bool), value
    return value


def _num(value: Value | None) -> float:
    assert isinstance(value, int | float) and not isinstance(value, bool), value
    return value


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def _sentence(text: str) -> str:
    text = _cap(text.strip())
    return text if text.endswith((".", "!", "?", ":")) else text + "."


def _low(text: str) -> str:
    """The first letter in lower case, unless the word is an abbreviation ("SL", "TP")."""
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def _is_abbreviation(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and len(name) <= 6


@dataclass
class _Broker(StrategyWriter):
    """Writes one description; habits (lower case, favourite names) last for all of it."""

    lower: bool = False
    favourite: dict[str, str] = field(default_factory=dict)

    # --- numbers ---------------------------------------------------------------------

    def count(self, n: int, words: float = 0.12) -> str:
        """A whole number; never in words at the start of a clause (it could merge)."""
        return wording.count(n, self.rng, words)

    def days(self, value: Value, words: float = 0.15) -> str:
        n = _int(value)
        unit = self.pick("day", "day", "day", "bar", "candle")
        return f"{self.count(n, words)} {unit}{'s' if n != 1 else ''}"

    def pct(self, value: float, fraction: bool = False, words: bool = True) -> str:
        """A percentage; ``words=False`` where it starts a clause (it could merge)."""
        if self.rng.random() < 0.1:
            return f"{wording.plain(value)} percents"
        text = wording.percent(value, self.rng, fraction=fraction)
        if not words and text[0].isalpha():
            return f"{wording.plain(value)}%"
        return text

    # --- names -----------------------------------------------------------------------

    def name(self, series: str) -> str:
        if series in self.favourite and self.rng.random() < 0.8:
            return self.favourite[series]
        names = [n for n in series_names(series) if not _BANNED.search(n)]
        abbreviations = [n for n in names if _is_abbreviation(n)]
        chosen = self.rng.choice(names + abbreviations * 2)
        if self.lower and chosen not in _KEEP_CASE:
            chosen = chosen.lower()
        self.favourite.setdefault(series, chosen)
        return chosen

    def member(self, value: EnumValue) -> str:
        return self.rng.choice(member_names(value.enum, value.member))

    def param_word(self, owner: str, param: str) -> str:
        if param in _PARAM_WORDS:
            return self.rng.choice(_PARAM_WORDS[param])
        return self.rng.choice([w for w in param_names(owner, param) if not _BANNED.search(w)])

    def param(self, owner: str, param: str, value: Value) -> str:
        word = self.param_word(owner, param)
        if isinstance(value, bool):
            if value:
                return self.pick("use exponential average: yes", "exponential MA = true",
                                 "with exponential average")
            return self.pick("use exponential average: no", "exponential MA = false",
                             "without exponential average (simple)")
        if isinstance(value, EnumValue):
            m = self.member(value)
            if param == "source":
                return self.pick(f"source {m}", f"on {m}", f"calculated by {m}",
                                 f"source is {m}", f"from {m}")
            return self.pick(f"{word} {m}", f"{word} is {m}", f"{m} as {word}")
        text = wording.number(_num(value), self.rng, 0.08)
        return self.pick(f"{word} {text}", f"{word} {text}", f"{word} is {text}",
                         f"{word} = {text}", f"{text} for {word}" if not text[0].isalpha()
                         else f"{word} {text}")

    def series(self, call: Call) -> str:
        stated = {k: v for k, v in call.args.items() if k != "ticker"}
        other = call.args.get("ticker")
        text = self._series(call, stated)
        if isinstance(other, str) and other != self.ticker:
            text = self.pick(f"{text} of {other}", f"{text} for {other}", f"{text} ({other})",
                             f"{other} {text}" if call.name in _PRICES else f"{text} on {other}")
        return text

    def _series(self, call: Call, stated: dict[str, Value]) -> str:
        cls = call.name
        if cls == "CLOSE":
            return self.pick("price", "the price", "close price", "closing price", "the close",
                             "price of close", "close")
        if cls in _PRICES:
            noun = self.rng.choice([n for n in series_names(cls) if not _BANNED.search(n)])
            return noun if noun.startswith("the ") else self.pick(noun, f"the {noun}")
        if cls == "VOLUME":
            return self.pick("volume", "the volume", "trading volume", "vol")
        if cls == "CONST":
            return self.pick("value ", "level ", "the number ") + wording.plain(
                _num(stated["const_number"]))
        if cls == "HAMMER":
            return self.pick("hammer candle", "hammer pattern", "the hammer candle")
        name = self.name(cls)
        if not stated:
            return self.pick(name, name, f"the {name}", name if name.endswith("indicator")
                             else f"{name} indicator")
        if list(stated) == ["length"]:
            return self._with_length(cls, name, _int(stated["length"]))
        parts = [self.param(cls, k, v) for k, v in stated.items()]
        joined = ", ".join(parts)
        listed = parts[0] if len(parts) == 1 else joined.rsplit(", ", 1)[0] + " and " + parts[-1]
        return self.pick(f"{name} ({joined})", f"{name} with {listed}",
                         f"{name} [{joined}]", f"{name} ({' / '.join(parts)})",
                         f"{name} where {listed}")

    def _with_length(self, cls: str, name: str, n: int) -> str:
        word = self.param_word(cls, "length")
        if name.upper() in _GLUE and self.rng.random() < 0.3:
            return f"{name.lower()}{n}"
        c = self.count(n, 0.1)
        return self.pick(f"{name} {n}", f"{name}({n})", f"{name} ({n})", f"{name} {word} {c}",
                         f"{name} with {word} {c}", f"{n} days {name}", f"{name} of {c} days",
                         f"{n}-day {name}", f"{name} ({word} {c})", f"{name}, {word} {c}",
                         f"{name} {n} {self.pick('days', 'bars', 'candles')}")

    def level(self, value: float, first: Call) -> str:
        if value < 0:
            return self.pick("-", "minus ") + wording.plain(-value)
        if first.name in _PRICES:
            text = wording.plain(value)
            return self.pick(f"${text}", text, f"{text} dollars", f"level {text}",
                             f"{text} USD")
        text = wording.number(value, self.rng, 0.1)
        return self.pick(text, text, f"level {text}", f"the {text} level", f"value {text}")

    # --- conditions ------------------------------------------------------------------

    def clause(self, cond: Call, depth: int = 0) -> str:
        name = cond.name
        if name in ("AND", "OR"):
            return self.group(cond, depth)
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
            return self.fib(cond)
        if name == "AfterXDaysCondition":
            return self.after(cond)
        raise ValueError(f"no broker phrasing for {name}")

    def group(self, cond: Call, depth: int) -> str:
        items = cond.args["conditions"]
        assert isinstance(items, tuple)
        parts = [self.clause(c, depth + 1) for c in items]
        both = cond.name == "AND"
        if depth > 0:
            if both:
                inner = self.pick(" and ".join(parts), "all of: " + "; ".join(parts),
                                  " AND ".join(parts), " & ".join(parts))
            else:
                inner = self.pick(" or ".join(parts), "any of: " + "; ".join(parts),
                                  " OR ".join(parts), " / ".join(parts))
            return self.pick(f"({inner})", f"({inner})", f"[{inner}]")
        head, tail = ", ".join(parts[:-1]), parts[-1]
        if both:
            options = [" and ".join(parts), "all of these: " + "; ".join(parts),
                       f"{head} and also {tail}", " AND ".join(parts),
                       "all together - " + " + ".join(parts)]
            if len(parts) == 2:
                options += [f"both {parts[0]} and {parts[1]}",
                            f"{parts[0]}, in same time {parts[1]}"]
        else:
            options = [" or ".join(parts), "any of these: " + "; ".join(parts),
                       f"{head} or maybe {tail}", " OR ".join(parts),
                       "it is enough any from: " + " / ".join(parts)]
            if len(parts) == 2:
                options += [f"either {parts[0]} or {parts[1]}"]
        return self.rng.choice(options)

    def compare(self, cond: Call) -> str:
        first, second = cond.args["first_series"], cond.args["second_series"]
        assert isinstance(first, Call) and isinstance(second, Call)
        a = self.series(first)
        b = self.level(_num(second.args["const_number"]), first) if second.name == "CONST" \
            else self.series(second)
        name = cond.name
        if name == "CrossOverCondition":
            return self.pick(f"{a} crosses above {b}", f"{a} cross up {b}",
                             f"{a} crosses over {b}", f"{a} breaks above {b}",
                             f"{a} cuts up through {b}", f"{a} makes cross up over {b}",
                             f"{a} is crossing {b} from below",
                             f"there is cross of {a} above {b}", f"{a} crosses {b} upward")
        if name == "CrossUnderCondition":
            return self.pick(f"{a} crosses below {b}", f"{a} cross down {b}",
                             f"{a} crosses under {b}", f"{a} breaks below {b}",
                             f"{a} cuts down through {b}", f"{a} makes cross down under {b}",
                             f"{a} is crossing {b} from above",
                             f"there is cross of {a} under {b}", f"{a} crosses {b} downward")
        if name == "GreaterThanCondition":
            return self.pick(f"{a} is above {b}", f"{a} is more than {b}",
                             f"{a} is bigger than {b}", f"{a} is higher than {b}",
                             f"{a} stays over {b}", f"{a} > {b}", f"{a} is over {b}",
                             f"{a} is more big than {b}")
        return self.pick(f"{a} is below {b}", f"{a} is less than {b}",
                         f"{a} is smaller than {b}", f"{a} is lower than {b}",
                         f"{a} stays under {b}", f"{a} < {b}", f"{a} is under {b}",
                         f"{a} is more small than {b}")

    def trend(self, cond: Call) -> str:
        series = cond.args["series"]
        assert isinstance(series, Call)
        s = self.series(series)
        n = _int(cond.args["number_of_days"])
        d = self.days(n)
        digits = f"{n}-day" if n != 1 else "1-day"
        if cond.name == "UptrendForXDaysCondition":
            return self.pick(f"{s} goes up {d} in a row", f"{s} is rising for {d}",
                             f"{s} has uptrend for {d}", f"uptrend of {s} during {d}",
                             f"there is a {digits} uptrend in {s}",
                             f"{n} days {s} is in uptrend" if n != 1 else f"{s} rises {d}",
                             f"{s} grows {d} continuously", f"{s} is in uptrend already {d}")
        return self.pick(f"{s} goes down {d} in a row", f"{s} is falling for {d}",
                         f"{s} has downtrend for {d}", f"downtrend of {s} during {d}",
                         f"there is a {digits} downtrend in {s}",
                         f"{n} days {s} is in downtrend" if n != 1 else f"{s} falls {d}",
                         f"{s} drops {d} continuously", f"{s} is in downtrend already {d}")

    def change(self, cond: Call) -> str:
        series = cond.args["series"]
        assert isinstance(series, Call)
        s = self.series(series)
        value = _num(cond.args["percent"])
        n = _int(cond.args["number_of_days"])
        d = self.days(n)
        p = self.pct(abs(value))
        lead = self.pct(abs(value), words=False)
        if value == 0 or self.rng.random() < 0.12:
            signed = ("+" if value > 0 else "-" if value < 0 else "") + wording.plain(abs(value))
            return self.pick(f"{s} changes {signed}% in {d}",
                             f"change of {s} for {d} is {signed}%",
                             f"{n} days change of {s} is {signed}%")
        if value > 0:
            return self.pick(f"{s} goes up {p} in {d}", f"{s} rises by {p} during {d}",
                             f"in {n} days {s} grows {p}", f"{s} grows {p} for {d}",
                             f"there is a {n}-day rise of {p} in {s}",
                             f"{lead} growth of {s} in {d}", f"{s} is up {p} after {d}")
        return self.pick(f"{s} goes down {p} in {d}", f"{s} falls by {p} during {d}",
                         f"in {n} days {s} drops {p}", f"{s} drops {p} for {d}",
                         f"there is a {n}-day fall of {p} in {s}",
                         f"{lead} drop of {s} in {d}", f"{s} is down {p} after {d}")

    def intra(self, cond: Call) -> str:
        series = cond.args["series"]
        assert isinstance(series, Call)
        s = self.series(series)
        value = _num(cond.args["percent"])
        bar = self.pick("inside a single candle", "in the same bar", "inside the candle",
                        "during the same candle", "intrabar", "in a single bar")
        if value == 0:
            return f"{s} changes 0% {bar}"
        p = self.pct(abs(value))
        if value > 0:
            return self.pick(f"{s} jumps {p} {bar}", f"{s} grows {p} {bar}",
                             f"{bar} {s} goes up {p}", f"{s} makes +{wording.plain(value)}% "
                             f"{bar}")
        return self.pick(f"{s} drops {p} {bar}", f"{s} falls {p} {bar}",
                         f"{bar} {s} goes down {p}", f"{s} makes -{wording.plain(-value)}% "
                         f"{bar}")

    def fib(self, cond: Call) -> str:
        level = cond.args["fib_level"]
        assert isinstance(level, EnumValue)
        lv = self.member(level)
        fib = self.pick("Fibonacci", "fibo", "Fib", "fibonacci")
        what = self.pick(f"{fib} level {lv}", f"the {lv} {fib} retracement",
                         f"{fib} retracement {lv}", f"{lv} level of {fib}")
        if cond.name.startswith("Uptrend"):
            text = self.pick(f"in uptrend price comes back to {what}",
                             f"price retrace to {what} in the uptrend",
                             f"{what} is touched in up trend",
                             f"price goes down to {what} while trend is up")
        else:
            text = self.pick(f"in downtrend price comes back up to {what}",
                             f"price retrace to {what} in the downtrend",
                             f"{what} is touched in down trend",
                             f"price goes up to {what} while trend is down")
        length = cond.args.get("length")
        if length is not None:
            c = self.count(_int(length))
            text += self.pick(f" (lookback {c})", f", swing length {c}",
                              f" with {c} days for the swing", f" (length is {c})")
        return text

    def after(self, cond: Call) -> str:
        inner = cond.args["condition"]
        assert isinstance(inner, Call)
        text = self.clause(inner, 1)
        if inner.name == "AfterXDaysCondition":  # "after (x, then wait 2 days)"
            text = f"({text})"
        n = _int(cond.args["number_of_days"])
        d = self.days(n, 0.0)
        later = self.days(n)
        return self.pick(f"{d} after {text}", f"{text}, but only {later} later",
                         f"{text}, then wait {later}", f"{d} have passed after {text}",
                         f"{text} (wait {later} after it)")

    # --- rules -----------------------------------------------------------------------

    def rule(self, key: str) -> str:
        cond = self.strategy.args[key]
        assert isinstance(cond, Call)
        c = self.clause(cond)
        if key == "buy_condition":
            verbs = {
                "LONG": ("Buy when {c}.", "Buy it when {c}.", "Please buy when {c}.",
                         "Open buy position when {c}.", "When {c}, then buy.",
                         "Buy signal: {c}.", "Condition for buy: {c}.", "If {c} - buy.",
                         "Enter in the market (buy) when {c}.", "You must buy if {c}.",
                         "Entry is when {c}, we buy."),
                "SHORT": ("Sell short when {c}.", "Open short position when {c}.",
                          "Make short when {c}.", "Short it when {c}.",
                          "When {c}, open short.", "Signal for short: {c}.",
                          "Enter short if {c}.", "If {c} - go short.",
                          "Please open the short when {c}."),
                "LONG_SHORT_COMBINED": ("Go long when {c}.", "Open long position when {c}.",
                                        "Long signal: {c}.", "When {c}, open long.",
                                        "Buy (long) if {c}.", "Condition for long: {c}."),
            }[self.side]
        else:
            verbs = {
                "LONG": ("Sell it when {c}.", "Sell when {c}.", "Close position when {c}.",
                         "Exit from the trade when {c}.", "When {c}, sell all.",
                         "If {c}, then close the position.", "Sell signal: {c}.",
                         "Condition for close: {c}.", "Take out the position if {c}.",
                         "Please sell when {c}."),
                "SHORT": ("Cover the short when {c}.", "Close short when {c}.",
                          "Exit short position if {c}.", "When {c}, close the short.",
                          "Cover signal: {c}.", "Condition for cover: {c}.",
                          "Close it when {c}.", "If {c} - exit from short."),
                "LONG_SHORT_COMBINED": ("Go short when {c}.", "Turn to short when {c}.",
                                        "Short signal: {c}.", "When {c}, reverse to short.",
                                        "Open short position if {c}.",
                                        "Condition for short: {c}."),
            }[self.side]
        return self.rng.choice(verbs).format(c=c)

    def side_text(self) -> str:
        return {
            "LONG": self.pick("Only long.", "Position is long.", "Only long trades please.",
                              "Long only.", "Direction: long.", "I want long position only."),
            "SHORT": self.pick("Only short.", "Position is short.", "Only short trades please.",
                               "Short only.", "Direction: short.", "I want short selling only."),
            "LONG_SHORT_COMBINED": self.pick(
                "Long and short both.", "Both sides, long and short.",
                "Direction: both (long and short).", "Please trade long and short.",
                "Both directions, long and short."),
        }[self.side]

    def opening(self) -> str:
        t = self.ticker
        return self.pick(f"Please make strategy for {t}.", f"I want to test strategy on {t}.",
                         f"Please create backtest for {t}.", f"I need strategy for {t}.",
                         f"Kindly make the strategy for {t}.", f"Stock is {t}.",
                         f"Symbol for test: {t}.", f"Can you make for me strategy on {t}?",
                         f"For {t} please make this strategy.", f"Instrument - {t}.",
                         f"I want to test {t} with my idea.")

    # --- settings --------------------------------------------------------------------

    def settings(self) -> list[str]:
        found = [self.stop(), self.target(), self.dates(), self.period(), self.interval(),
                 self.capital(), self.size(), self.fees()]
        return [s for s in found if s]

    def stop(self) -> str | None:
        stop = self.strategy.args.get("stop_loss")
        if not isinstance(stop, Call):
            return None
        p = self.pct(_num(stop.args["percentage"]))
        kind = stop.args.get("stop_loss_type")
        if kind is None:
            return self.pick(f"Use stop loss of {p}", f"Stop loss is {p}", f"SL = {p}",
                             f"Put stop loss {p}", f"Stop loss: {p}", f"Loss stop on {p}")
        assert isinstance(kind, EnumValue)
        if kind.member == "TRAILING":
            return self.pick(f"Use trailing stop {p}", f"Stop loss {p}, please make it trailing",
                             f"Trailing stop loss: {p}", f"Put trailing stop of {p}",
                             f"SL = {p} (trailing)")
        how = self.pick("fixed", "normal", "fixed")
        return self.pick(f"Use {how} stop loss {p}", f"Stop loss: {p}, {how} type",
                         f"Put {how} stop loss on {p}", f"SL = {p} ({how})")

    def target(self) -> str | None:
        target = self.strategy.args.get("take_profit")
        if not isinstance(target, Call):
            return None
        p = self.pct(_num(target.args["percentage"]))
        return self.pick(f"Take profit {p}", f"Take the profit at {p}", f"TP = {p}",
                         f"Profit target: {p}", f"Take profit is {p}",
                         f"Close with profit on {p}")

    def dates(self) -> str | None:
        start, end = (self.strategy.args.get(k) for k in ("start_date", "end_date"))
        a = self.day(start) if isinstance(start, Call) else None
        b = self.day(end) if isinstance(end, Call) else None
        if a and b:
            return self.pick(f"Test from {a} to {b}", f"Period of test: from {a} till {b}",
                             f"Start date {a}, end date {b}",
                             f"I want to test it from {a} until {b}",
                             f"Dates: {a} - {b}" if not a[0].isdigit() else f"Dates: {a} to {b}",
                             f"Begin the test on {a} and finish on {b}")
        if a:
            return self.pick(f"Start the test from {a}", f"Begin date: {a}",
                             f"Test from {a} until today", f"Start date is {a}")
        if b:
            return self.pick(f"Test until {b}", f"Finish date: {b}", f"End date is {b}",
                             f"Stop the test on {b}")
        return None

    def day(self, call: Call) -> str:
        y, m, d = (_int(call.args[k]) for k in ("year", "month", "day"))
        if self.rng.random() < 0.15:
            return self.pick(f"{y}.{m:02d}.{d:02d}", f"{d} of {wording.MONTHS[m - 1]} {y}")
        return wording.date(dt.date(y, m, d), self.rng)

    def period(self) -> str | None:
        period = self.strategy.args.get("period")
        if not isinstance(period, EnumValue):
            return None
        member = period.member
        if member == "NOT_PASSED":
            return self.pick("Period: none (use the dates)", "Period is none",
                             "No period, none, only dates")
        if member == "YEAR_TO_DATE":
            return self.pick("Test from begin of this year (year to date)", "Period: ytd",
                             "Use year to date period", "History: YTD")
        if member == "MAX":
            return self.pick("Use all history", "Period: max", "Take maximum data, all history",
                             "Test on all history please")
        spec = CATALOG.enum("Period")
        assert spec is not None
        value = spec.member(member)
        assert value is not None
        span = self.rng.choice(member_names("Period", member))
        last = span[2:] if span in ("a decade", "a quarter") else span  # "last decade"
        return self.pick(f"Use data for last {last}", f"Period: {value.value}",
                         f"Test on {span} of history", f"History for {span}",
                         f"Period of data is {span}", f"Take last {last} for test")

    def interval(self) -> str | None:
        interval = self.strategy.args.get("interval")
        if not isinstance(interval, EnumValue):
            return None
        names = member_names("Interval", interval.member)
        short = names[-1]
        spoken = next((n for n in names if " " in n), short)
        adjective = [n for n in names if n.endswith("ly")]
        options = [f"Timeframe: {short}", f"Candles of {spoken}", f"Use {short} candles",
                   f"Bars are {spoken} each", f"Interval is {short}"]
        if adjective:
            options += [f"Use {adjective[0]} candles", f"Chart is {adjective[0]}",
                        f"Please use {adjective[0]} bars"]
        return self.rng.choice(options)

    def capital(self) -> str | None:
        capital = self.strategy.args.get("initial_capital")
        if not isinstance(capital, int | float):
            return None
        m = wording.money(capital, self.rng)
        return self.pick(f"Money for start: {m}", f"Start money is {m}", f"My deposit is {m}",
                         f"I have {m} for this test", f"Initial capital {m}",
                         f"Begin capital - {m}", f"Capital on account: {m}")

    def size(self) -> str | None:
        size = self.strategy.args.get("order_size")
        if not isinstance(size, Call):
            return None
        value = _num(size.args["value"])
        if size.name == "Contracts":
            n = wording.number(value, self.rng, 0.1)
            unit = self.pick("shares", "contracts", "units", "pieces")
            return self.pick(f"Trade {n} {unit} each time", f"Each order is {n} {unit}",
                             f"Size of position: {n} {unit}", f"Every time use {n} {unit}",
                             f"Quantity {n} {unit} for every trade")
        if size.name == "USD":
            m = wording.money(value, self.rng)
            return self.pick(f"Each trade put {m}", f"Use {m} for every order",
                             f"Position size {m} money", f"Every time invest {m}",
                             f"Order amount: {m} in dollars")
        p = self.pct(value)
        return self.pick(f"Use {p} of my equity for every trade", f"Order size is {p} of equity",
                         f"Each time take {p} of the account", f"Position: {p} of equity",
                         f"Invest {p} of account for each order")

    def fees(self) -> str | None:
        fee = self.strategy.args.get("trade_commissions")
        if not isinstance(fee, Call):
            return None
        value = _num(fee.args["value"])
        if fee.name == "MoneyCommissions":
            if value == 0:
                return self.pick("No commission, my broker is free", "Without commission please",
                                 "Commission free", "Broker takes no commission")
            m = wording.money(value, self.rng)
            return self.pick(f"Commission {m} for each trade", f"Broker fee is {m} per trade",
                             f"Every trade costs {m} commission", f"Commission: {m} per order")
        p = self.pct(value)
        return self.pick(f"Commission {p} from every trade", f"Fee: {p} commission of trade value",
                         f"Broker takes {p} commission", f"Commission is {p} per trade")

    # --- layouts ---------------------------------------------------------------------

    def letter(self) -> str:
        """Greeting, request, rules with settings around them, thanks."""
        rules = [self.rule("buy_condition"), self.rule("sell_condition")]
        if self.rng.random() < 0.25:
            rules.reverse()
        extra = [_sentence(s) for s in self.settings()]
        self.rng.shuffle(extra)
        if extra and self.rng.random() < 0.35:
            cut = self.rng.randint(0, len(extra))
            body = [rules[0], *extra[:cut], rules[1], *extra[cut:]]
        elif extra and self.rng.random() < 0.4:
            joined = "; ".join(_low(s.rstrip(".")) for s in extra)
            body = [*rules, self.pick("Settings: ", "Other things: ", "Also: ",
                                      "Parameters - ") + joined + "."]
        else:
            body = [*rules, *extra]
        head = [self.opening(), self.side_text()]
        if self.rng.random() < 0.3:
            head.reverse()
        parts = ([self.rng.choice(_GREETINGS)] if self.rng.random() < 0.6 else []) + head
        parts += body
        if self.rng.random() < 0.65:
            parts.append(self.rng.choice(_CLOSINGS))
        sep = self.pick(" ", " ", " ", "\n")
        if parts[0].endswith(",") and sep == " ":
            parts[1] = _low(parts[1])  # "Hello, please make ..."
        return sep.join(parts)

    def ticket(self) -> str:
        """A support ticket: a few labelled lines written by the desk, then the client."""
        t = self.ticker
        lines = [self.pick(f"Subject: strategy test for {t}", f"Request: backtest {t}",
                           f"Client request - {t}", f"Ticket: new strategy, symbol {t}"),
                 self.pick("Client writes:", "Message of client:", "Text from customer:",
                           "Client asks:")]
        body = [self.side_text(), self.rule("buy_condition"), self.rule("sell_condition")]
        if self.rng.random() < 0.3:
            body[1], body[2] = body[2], body[1]
        body += [_sentence(s) for s in self.settings()]
        lines.append(" ".join(body))
        if self.rng.random() < 0.5:
            lines.append(self.pick("Please check and run it.", "Please help the client.",
                                   "Priority: usual.", "Status: open."))
        return self.pick("\n", " | ", " ").join(lines)

    def steps(self) -> str:
        """Step by step: First ..., Then ..., After that ..., Finally ..."""
        entry = self.rule("buy_condition")
        exit_ = self.rule("sell_condition")
        rest = self.settings()
        self.rng.shuffle(rest)
        order = [entry, exit_] if self.rng.random() < 0.8 else [exit_, entry]
        words = ["First,", self.pick("Then", "Second,", "Next,"),
                 self.pick("After that", "Also", "Next,"), self.pick("Also", "And", "Plus")]
        out = [self.opening(), self.side_text()]
        for i, text in enumerate(order):
            out.append(f"{words[i]} {_low(text)}")
        if rest:
            out.append(self.pick("Finally, ", "At the end: ", "Last: ", "Other: ")
                       + ", ".join(_low(r) for r in rest) + ".")
        if self.rng.random() < 0.5:
            out.append(self.rng.choice(_CLOSINGS))
        return " ".join(out)

    def short_note(self) -> str:
        """Very short lines, one thing each, as typed on a phone."""
        t = self.ticker
        lines = [self.pick(f"{t}.", f"Strategy {t}.", f"Test {t} please.", f"For {t}:"),
                 self.side_text(), self.rule("buy_condition"), self.rule("sell_condition")]
        rest = [_sentence(s) for s in self.settings()]
        lines += rest
        if self.rng.random() < 0.4:
            lines.append(self.pick("Thank you.", "Thanks.", "Please do it fast."))
        return self.pick("\n", " ", "\n- ").join(lines)


class BrokerPhraser:
    """Simple, polite, slightly unusual English of a retail client or a support ticket."""

    name = "broker"

    def describe(self, strategy: Call, rng: random.Random) -> str:
        writer = _Broker(strategy, rng, lower=rng.random() < 0.25)
        layout = rng.choice(("letter", "letter", "letter", "ticket", "steps", "short_note"))
        text = getattr(writer, layout)()
        assert isinstance(text, str)
        return re.sub(r"\b([Aa]) (?=8|1[18](?!\d)|eight|eleven)", r"\1n ", text)
