"""The "paper" style: a strategy as the methodology section of a quant-research paper.

Formal, passive or first-person-plural prose: "We test a long-only rule on AAPL in which a
position is opened when ...", "the sample spans ...", "transaction costs of 0.1% are assumed".
Composite conditions are often enumerated ("(i) ...; (ii) ..."), nested groups are always
bracketed, and the data, sizing, cost and risk settings come in varied order, sometimes
between the entry and the exit rule. Only what the strategy holds is stated.
"""

from __future__ import annotations

import datetime as dt
import random
import re

from strategy_lsp.grammar import Call, EnumValue, Value

from . import wording
from .vocabulary import member_names, param_names, series_names

_PRICES = {"CLOSE": ("the closing price", "the close", "the price", "the close price"),
           "OPEN": ("the opening price", "the open", "the open price"),
           "HIGH": ("the high price", "the bar high", "the high"),
           "LOW": ("the low price", "the bar low", "the low")}
_VOLUME = ("trading volume", "the traded volume", "volume")
#: What one bar is called on each interval (lengths and day counts).
_UNITS = {"ONE_DAY": ("day", "trading day", "session"), "FIVE_DAYS": ("bar", "period"),
          "ONE_WEEK": ("week", "bar"), "ONE_MONTH": ("month", "bar"),
          "THREE_MONTHS": ("quarter", "bar")}
_FREQ = {"ONE_DAY": ("daily", "1d"), "FIVE_DAYS": ("5-day", "5d"), "ONE_WEEK": ("weekly", "1wk"),
         "ONE_MONTH": ("monthly", "1mo"), "THREE_MONTHS": ("quarterly", "3mo")}
#: Our own words for parameters whose shared names would say "long" or "short".
_OWN_PARAMS = {"long_roc_length": ("longer ROC length", "longer rate-of-change length"),
               "short_roc_length": ("shorter ROC length", "shorter rate-of-change length")}
_TUPLES = {"MACD": ("fast_length", "slow_length"), "BB_LOWER": ("length", "std_dev"),
           "BB_UPPER": ("length", "std_dev"), "BB_MIDDLE": ("length", "std_dev"),
           "STOCH_PERCENT_D": ("length", "smoothing_length")}
_CROSS_UP = ("crosses above", "crosses over", "crosses upward through", "rises through",
             "moves from below to above", "breaks above", "crosses back above")
_CROSS_DOWN = ("crosses below", "crosses under", "crosses downward through", "falls through",
               "moves from above to below", "breaks below", "crosses back below")
_ABOVE = ("exceeds", "is above", "is greater than", "lies above", "remains above",
          "is strictly greater than", "stands above", "is higher than")
_BELOW = ("is below", "is less than", "lies below", "remains below", "is strictly less than",
          "stands below", "is lower than")
_ROMAN = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix")
_LETTERS = ("a", "b", "c", "d", "e", "f", "g", "h", "j")
_ORDINALS = ("first", "second", "third", "fourth")
_AN = re.compile(r"\b([Aa]) (?=8|1[18](?!\d)|eight|eleven)")


def _int(value: Value | None) -> int:
    assert isinstance(value, int) and not isinstance(value, bool), value
    return value


def _num(value: Value | None) -> float:
    assert isinstance(value, int | float) and not isinstance(value, bool), value
    return value


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _abbreviation(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and " " not in name


class _Paper:
    """One methodology section; every choice comes from ``rng``."""

    def __init__(self, strategy: Call, rng: random.Random) -> None:
        self.s = strategy
        self.rng = rng
        ticker = strategy.args["ticker"]
        assert isinstance(ticker, str)
        self.ticker = ticker
        side = strategy.args["position_type"]
        assert isinstance(side, EnumValue)
        self.side = side.member
        interval = strategy.args.get("interval")
        self.interval = interval.member if isinstance(interval, EnumValue) else None
        self.units = _UNITS.get(self.interval or "ONE_DAY", ("bar", "period"))
        self.unit = rng.choice((*self.units, "period", "bar"))
        self.named: dict[str, str] = {}
        self.lists = rng.choice((_ROMAN, _ROMAN, _LETTERS))

    def pick(self, *options: str) -> str:
        return self.rng.choice(options)

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    # --- numbers -------------------------------------------------------------------------

    def pct(self, value: float, words: bool = True) -> str:
        text = wording.plain(abs(value))
        if words and float(value).is_integer() and 0 < abs(value) <= 20 and self.chance(0.1):
            return f"{wording.number_words(int(abs(value)))} percent"
        return self.pick(f"{text}%", f"{text}%", f"{text} percent", f"{text} per cent")

    def count(self, n: int, words: float = 0.15) -> str:
        return wording.number_words(n) if n <= 30 and self.chance(words) else str(n)

    def span(self, n: int, unit: str | None = None, words: float = 0.15) -> str:
        unit = unit or self.rng.choice(self.units)
        plural = unit + ("s" if n != 1 else "")
        return f"{self.count(n, words)} {plural}"

    # --- series --------------------------------------------------------------------------

    def name(self, cls: str) -> str:
        if cls in self.named and self.chance(0.85):
            return self.named[cls]
        names = [n for n in series_names(cls) if not (n.isupper() and " " in n)]
        short = [n for n in names if _abbreviation(n)]
        chosen = self.rng.choice(names + short)
        if short and names[0] != short[0] and cls not in self.named and self.chance(0.3):
            chosen = f"{names[0]} ({short[0]})"  # formal first mention
        self.named.setdefault(cls, short[0] if short and "(" in chosen else chosen)
        return chosen

    def series(self, call: Call) -> str:
        stated = {k: v for k, v in call.args.items() if k != "ticker"}
        other = call.args.get("ticker")
        if call.name == "CONST":
            return self.level(call, call)
        if call.name in _PRICES and not stated:
            text = self.rng.choice(_PRICES[call.name])
            if other == self.ticker and call.name == "CLOSE" and self.chance(0.2):
                text = self.pick(f"the closing price of {self.ticker}", f"{self.ticker}'s close")
        elif call.name == "VOLUME":
            text = self.rng.choice(_VOLUME)
        else:
            text = self.indicator(call.name, stated)
        if isinstance(other, str) and other != self.ticker:
            text = self.pick(f"{text} of {other}", f"{text} computed on {other}",
                             f"{text} ({other})")
        return text

    def indicator(self, cls: str, stated: dict[str, Value]) -> str:
        name = self.name(cls)
        the = "" if _abbreviation(name) and self.chance(0.5) else "the "
        if not stated:
            return f"{the}{name}"
        keys = tuple(stated)
        if keys == ("length",) and "(" not in name:
            n = _int(stated["length"])
            unit = self.unit
            compact = f"{name}({n})" if _abbreviation(name) else f"the {name} ({n})"
            adj = unit.replace(" ", "-")
            return self.pick(f"the {self.count(n)}-{adj} {name}", compact,
                             f"the {name} computed over {self.span(n, unit)}",
                             f"the {name} with a look-back window of {self.span(n, unit)}",
                             f"{the}{name} (length {n})", f"a {n}-{adj} {name}",
                             f"{the}{name} of length {n}")
        order = _TUPLES.get(cls)
        if order and set(keys) == set(order) and "(" not in name and self.chance(0.4):
            values = [wording.plain(_num(stated[k])) for k in order]
            return f"{name}({', '.join(values)})"
        parts = [self.param(cls, k, v) for k, v in stated.items()]
        if len(parts) == 1:
            listed = parts[0]
        else:
            listed = ", ".join(parts[:-1]) + self.pick(" and ", ", and ") + parts[-1]
        if "(" in name:
            return self.pick(f"the {name} with {listed}", f"the {name} parameterised by {listed}")
        return self.pick(f"{the}{name} with {listed}", f"{the}{name} ({'; '.join(parts)})",
                         f"{the}{name} parameterised by {listed}")

    def param(self, cls: str, key: str, value: Value) -> str:
        words = self.rng.choice(_OWN_PARAMS.get(key) or param_names(cls, key))
        if isinstance(value, bool):
            if value:
                return self.pick("an exponential moving average as centre line",
                                 "the exponential moving average switched on", "use EMA = true")
            return self.pick("a non-exponential (simple) centre line",
                             "the exponential moving average switched off", "use EMA = false")
        if isinstance(value, EnumValue):
            names = [n for n in member_names(value.enum, value.member)
                     if not re.search(r"\d", n)] or list(member_names(value.enum, value.member))
            member = self.rng.choice(names)
            if key == "source":
                return self.pick(f"the {member} as input", f"source = {member}",
                                 f"computed on the {member}", f"input series: {member}")
            if key in ("smoothing_type",) and self.chance(0.5):
                return f"{member} smoothing"
            return self.pick(f"{words} {member}", f"{words} = {member}", f"{member} as {words}")
        text = wording.plain(_num(value))
        if key == "std_dev":
            return self.pick(f"{text} standard deviations", f"a band width of {text} standard "
                             "deviations", f"{words} of {text}")
        if key == "offset":
            return self.pick(f"an offset of {text}", f"{words} = {text}", f"a shift of {text}")
        return self.pick(f"{words} {text}", f"a {words} of {text}", f"{words} = {text}")

    # --- conditions -------------------------------------------------------------------------

    def clause(self, cond: Call) -> str:
        name = cond.name
        if name in ("AND", "OR"):
            return self.group(cond, top=True)
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
        raise ValueError(f"no phrasing for {name}")

    def part(self, cond: Call) -> str:
        """A member of a group: nested groups are always bracketed."""
        if cond.name not in ("AND", "OR"):
            return self.clause(cond)
        return self.group(cond, top=False)

    def group(self, cond: Call, top: bool) -> str:
        items = cond.args["conditions"]
        assert isinstance(items, tuple)
        both = cond.name == "AND"
        parts = [self.part(c) for c in items]
        word = "and" if both else "or"
        if not top:
            inner = ", ".join(parts[:-1]) + f" {word} {parts[-1]}"
            lead = ("both " if len(parts) == 2 else "all of ") if both else "either "
            listed = "; ".join(parts)
            head = "all of" if both else "any of"
            return self.pick(f"({inner})", f"[{inner}]", f"({lead}{inner})",
                             f"[{lead}{inner}]", f"({head}: {listed})")
        if len(parts) == 2:
            a, b = parts
            if both:
                return self.pick(f"{a} and {b}", f"both {a} and {b}", f"{a}, and {b}",
                                 f"{a} and, simultaneously, {b}", f"{a}, provided that {b}")
            return self.pick(f"{a} or {b}", f"either {a} or {b}", f"{a}, or alternatively {b}")
        head = ", ".join(parts[:-1])
        return f"{head}, {word} {parts[-1]}" if self.chance(0.5) else \
            f"{head} {word} {parts[-1]}"

    def enumerated(self, cond: Call) -> str:
        """A top-level group as a numbered list: "all of the following hold: (i) ...; (ii) ..."."""
        items = cond.args["conditions"]
        assert isinstance(items, tuple)
        both = cond.name == "AND"
        parts = [self.part(c) for c in items]
        if self.chance(0.2):
            marks = [f"{o}ly, " for o in _ORDINALS[:len(parts)]]
        else:
            fmt = self.pick("({})", "({})", "{})")
            marks = [fmt.format(m) + " " for m in self.lists[:len(parts)]]
        word = "and" if both else "or"
        body = "; ".join(f"{m}{p}" for m, p in zip(marks[:-1], parts[:-1], strict=True))
        body += f"; {word} {marks[-1]}{parts[-1]}"
        if both:
            head = self.pick("all of the following conditions hold",
                             "the following conditions are jointly satisfied",
                             "each of the following criteria is met",
                             "the following conditions hold simultaneously")
        else:
            head = self.pick("any of the following conditions holds",
                             "at least a single condition below is satisfied",
                             "any of the following criteria is met",
                             "any of the listed conditions is satisfied")
        return f"{head}: {body}"

    def compare(self, cond: Call) -> str:
        first, second = cond.args["first_series"], cond.args["second_series"]
        assert isinstance(first, Call) and isinstance(second, Call)
        subject = self.series(first)
        obj = self.level(second, first) if second.name == "CONST" else self.series(second)
        name = cond.name
        if name == "CrossOverCondition":
            if self.chance(0.15):
                return f"{subject} crosses {obj} from below"
            return f"{subject} {self.rng.choice(_CROSS_UP)} {obj}"
        if name == "CrossUnderCondition":
            if self.chance(0.15):
                return f"{subject} crosses {obj} from above"
            return f"{subject} {self.rng.choice(_CROSS_DOWN)} {obj}"
        up = name == "GreaterThanCondition"
        if self.chance(0.1):
            return f"{subject} {'>' if up else '<'} {obj}"
        return f"{subject} {self.rng.choice(_ABOVE if up else _BELOW)} {obj}"

    def level(self, const: Call, first: Call) -> str:
        value = _num(const.args["const_number"])
        text = wording.plain(value)
        if value == 0:
            return self.pick("zero", "0", "the zero line", "a level of zero")
        if first.name in _PRICES:
            return self.pick(f"${text}", text, f"a price of {text}", f"the {text} price level")
        if float(value).is_integer() and 0 < value <= 100 and self.chance(0.12):
            text = wording.number_words(int(value))
        return self.pick(text, text, f"a level of {text}", f"the threshold {text}",
                         f"the value {text}", f"the {text} level")

    def _subject(self, cond: Call) -> str:
        series = cond.args["series"]
        assert isinstance(series, Call)
        return self.series(series)

    def trend(self, cond: Call) -> str:
        x, n = self._subject(cond), _int(cond.args["number_of_days"])
        unit = self.rng.choice(self.units)
        days, adj = self.span(n, unit), f"{self.count(n)}-{unit.replace(' ', '-')}"
        up = cond.name == "UptrendForXDaysCondition"
        moved, grew, trend, way = ("risen", "increased", "uptrend", "upward") if up else \
            ("fallen", "decreased", "downtrend", "downward")
        return self.pick(f"{x} has {moved} for {days} in succession",
                         f"{x} has {grew} over {days} consecutively",
                         f"{x} exhibits a{'n' if up else ''} {trend} lasting {days}",
                         f"{x} is in a {adj} {trend}", f"a {adj} {trend} is observed in {x}",
                         f"over the preceding {days}, {x} has trended {way}")

    def change(self, cond: Call) -> str:
        x, p, n = self._subject(cond), _num(cond.args["percent"]), _int(cond.args["number_of_days"])
        unit = self.rng.choice(self.units)
        days, size = self.span(n, unit), self.pct(p)
        adj = f"{self.count(n)}-{unit.replace(' ', '-')}"
        if self.chance(0.15):
            signed = ("+" if p > 0 else "-") + wording.plain(abs(p)) + "%"
            return self.pick(f"the {adj} change in {x} equals {signed}",
                             f"{x} changes by {signed} over {days}")
        moved, grew, gain, rise, worth = ("risen", "increases", "gain", "rise", "appreciates") \
            if p > 0 else ("fallen", "decreases", "loss", "decline", "depreciates")
        return self.pick(f"{x} has {moved} by {size} over the preceding {days}",
                         f"over a {adj} horizon, {x} {grew} by {size}",
                         f"{x} records a {gain} of {size} within {days}",
                         f"a {adj} {rise} of {size} in {x} is observed",
                         f"{x} {worth} by {size} in {days}")

    def intra(self, cond: Call) -> str:
        x, p = self._subject(cond), _num(cond.args["percent"])
        size = self.pct(p)
        bar = self.pick("within a single bar", "within the same interval",
                        "inside a single candle", "from the open to the close of the same bar")
        moves, gain, way = ("rises", "gain", "up") if p > 0 else ("falls", "loss", "down")
        return self.pick(f"{x} {moves} by {size} {bar}",
                         f"an intra-interval {gain} of {size} in {x} occurs",
                         f"{x} moves {way} by {size} {bar}")

    def fib(self, cond: Call) -> str:
        level = cond.args["fib_level"]
        assert isinstance(level, EnumValue)
        lv = self.rng.choice(member_names(level.enum, level.member))
        fib = self.pick("Fibonacci retracement level", "Fibonacci level", "Fibonacci retracement")
        what = f"the {lv} {fib}"
        if cond.name.startswith("Uptrend"):
            text = self.pick(f"the price retraces to {what} during an uptrend",
                             f"within an uptrend, the price pulls back to {what}",
                             f"an uptrend retraces to {what}")
        else:
            text = self.pick(f"the price rebounds to {what} during a downtrend",
                             f"within a downtrend, the price retraces upward to {what}",
                             f"a downtrend retraces to {what}")
        if "length" in cond.args:
            n = _int(cond.args["length"])
            text += self.pick(f" (swing look-back of {n} bars)",
                              f", the swing being measured over {n} bars",
                              f", with a look-back length of {n}")
        return text

    def after(self, cond: Call) -> str:
        inner = cond.args["condition"]
        assert isinstance(inner, Call)
        n = _int(cond.args["number_of_days"])
        days = self.span(n, words=0)  # may open a clause: "thirty and five" would merge
        body = self.part(inner)
        return self.pick(f"{days} have elapsed since {body}" if n != 1 else
                         f"{days} has elapsed since {body}",
                         f"{body}, with the signal lagged by {days}",
                         f"{body}, the signal being acted upon {days} later",
                         f"{body}, evaluated with a delay of {days}")

    # --- rules ---------------------------------------------------------------------------

    def trigger(self, cond: Call) -> str:
        if cond.name in ("AND", "OR") and self.chance(0.45):
            return f"{self.pick('if', 'when', 'whenever')} {self.enumerated(cond)}"
        word = self.pick("when", "when", "whenever", "if", "as soon as",
                         "on the first bar on which", "at the close of any bar on which")
        return f"{word} {self.clause(cond)}"

    def entry_verb(self) -> str:
        t = self.ticker
        if self.side == "SHORT":
            return self.pick("a short position is opened", "the asset is sold short",
                             f"we sell {t} short", "a short position is initiated",
                             "short entries are triggered", f"we short {t}",
                             f"{t} is sold short")
        return self.pick("a long position is opened", "a long position is initiated",
                         f"we buy {t}", "the asset is bought", "long entries are triggered",
                         "we enter long", f"{t} is bought")

    def exit_verb(self) -> str:
        if self.side == "LONG":
            return self.pick("the position is closed", "positions are liquidated",
                             "the asset is sold", "the long position is unwound", "we exit",
                             "the holding is sold", "positions are closed")
        if self.side == "SHORT":
            return self.pick("the short position is covered", "positions are closed",
                             "the borrowed shares are repurchased", "we cover the short",
                             "the position is closed out", "the short is covered")
        return self.pick("a short position is opened", "the position is reversed to short",
                         "we go short", "the asset is sold short", "short entries are triggered")

    def rule(self, key: str) -> str:
        cond = self.s.args[key]
        assert isinstance(cond, Call)
        verb = self.entry_verb() if key == "buy_condition" else self.exit_verb()
        trig = self.trigger(cond)
        if not trig.startswith(("if", "when", "whenever")) or ": " in trig or ", " in trig \
                or self.chance(0.6):
            return f"{_cap(verb)} {trig}."
        return f"{_cap(trig)}, {verb}."

    def label(self, key: str) -> str:
        entry = key == "buy_condition"
        if self.side == "SHORT":
            return self.pick("Short-entry rule", "Short-sale trigger", "Entry rule") if entry \
                else self.pick("Covering rule", "Cover condition", "Exit rule")
        if self.side == "LONG":
            return self.pick("Entry rule", "Entry signal", "Opening rule", "Buy rule") if entry \
                else self.pick("Exit rule", "Exit condition", "Closing rule", "Liquidation rule")
        return self.pick("Long signal", "Long-entry rule") if entry \
            else self.pick("Short signal", "Short-entry rule")

    def labelled_rule(self, key: str) -> str:
        cond = self.s.args[key]
        assert isinstance(cond, Call)
        body = self.enumerated(cond) if cond.name in ("AND", "OR") and self.chance(0.5) \
            else self.clause(cond)
        lead = self.pick("the signal fires when ", "", "a position is taken when ",
                         "triggered if ") if key == "buy_condition" else \
            self.pick("", "the signal fires when ", "triggered if ")
        return f"{self.label(key)}: {lead}{body}."

    # --- setting -------------------------------------------------------------------------

    def side_adj(self) -> str:
        return {"LONG": self.pick("long-only", "long-only", "long-side", "purely long"),
                "SHORT": self.pick("short-only", "short-selling", "short-side", "purely short"),
                "LONG_SHORT_COMBINED": self.pick("long and short", "two-sided (long and short)",
                                                 "bidirectional (both long and short)",
                                                 "long/short (both sides)")}[self.side]

    def opening(self) -> str:
        t, a = self.ticker, self.side_adj()
        return self.pick(f"We test a {a} rule on {t}", f"We study a {a} timing rule for {t}",
                         f"We evaluate a {a} trading strategy for {t}",
                         f"This section describes a {a} technical rule applied to {t}",
                         f"We consider a {a} rule-based strategy on the {t} series",
                         f"In this study, we backtest a {a} strategy on {t}",
                         f"The strategy studied here is a {a} rule traded on {t}",
                         f"Our analysis concerns a {a} strategy on {t}",
                         f"Consider a {a} technical trading rule on {t}",
                         f"We investigate the performance of a {a} rule applied to {t}",
                         f"Following the technical-analysis literature, we test a {a} rule on {t}",
                         f"Our test asset is {t}, traded with a {a} rule",
                         f"We implement a {a} strategy in {t}")

    def setting(self) -> list[str]:
        found = [s for s in (self.sample(), self.period(), self.frequency(), self.capital(),
                             self.size(), self.costs(), self.risk()) if s]
        self.rng.shuffle(found)
        return found

    def _date(self, key: str) -> str | None:
        call = self.s.args.get(key)
        if not isinstance(call, Call):
            return None
        day = dt.date(_int(call.args["year"]), _int(call.args["month"]), _int(call.args["day"]))
        return wording.date(day, self.rng)

    def sample(self) -> str | None:
        a, b = self._date("start_date"), self._date("end_date")
        if a and b:
            return self.pick(f"The sample spans {a} to {b}.",
                             f"Our sample covers the period from {a} through {b}.",
                             f"The backtest is run from {a} to {b}.",
                             f"The evaluation window starts on {a} and ends on {b}.",
                             f"Data are taken between {a} and {b}.")
        if a:
            return self.pick(f"The sample begins on {a}.",
                             f"Data start on {a} and extend to the most recent observation.",
                             f"The backtest starts on {a}.", f"The sample starts {a}.",
                             f"Observations from {a} onward are used.")
        if b:
            return self.pick(f"The sample ends on {b}.", f"Observations up to {b} are used.",
                             f"The test window closes on {b}.", f"The backtest ends {b}.")
        return None

    def period(self) -> str | None:
        value = self.s.args.get("period")
        if not isinstance(value, EnumValue):
            return None
        m = value.member
        if m == "NOT_PASSED":
            return self.pick("No look-back period is passed (period: none).",
                             "The period parameter is set to none.")
        if m == "MAX":
            what = self.pick("the maximum available history", "all history", "the max period")
        elif m == "YEAR_TO_DATE":
            what = self.pick("the year to date", "a year-to-date (ytd) window")
        else:
            names = list(member_names("Period", m))
            amount, _, unit = names[0].partition(" ")
            if self.chance(0.3):
                names.append(f"{wording.number_words(int(amount))} {unit}")
            what = "the last " + self.rng.choice(names).removeprefix("a ").replace(
                "half a ", "half ")
        return self.pick(f"Historical data covering {what} are used.",
                         f"The backtest period is {what}.",
                         f"The look-back period is set to {what}.",
                         f"We restrict attention to {what}.")

    def frequency(self) -> str | None:
        if self.interval is None:
            return None
        adj, short = _FREQ[self.interval]
        return self.pick(f"{_cap(adj)} bars are used.", f"The data frequency is {adj} ({short}).",
                         f"The rule is evaluated on {adj} bars.",
                         f"All signals are computed from {adj} candles.",
                         f"Prices are sampled at a {adj} frequency, i.e. {adj} bars.",
                         f"The bar interval is {short} ({adj} bars).")

    def capital(self) -> str | None:
        value = self.s.args.get("initial_capital")
        if not isinstance(value, int | float):
            return None
        m = wording.money(value, self.rng)
        return self.pick(f"The initial capital is set to {m}.",
                         f"Each backtest starts with {m} of capital.",
                         f"An initial endowment of {m} is assumed.",
                         f"Portfolio value is initialised at {m}.",
                         f"We assume a starting capital of {m}.")

    def size(self) -> str | None:
        call = self.s.args.get("order_size")
        if not isinstance(call, Call):
            return None
        v = _num(call.args["value"])
        if call.name == "Contracts":
            n = wording.plain(v)
            unit = self.pick("shares", "contracts", "units")
            unit = unit[:-1] if v == 1 else unit
            return self.pick(f"Each trade is of a fixed quantity of {n} {unit}.",
                             f"Positions are sized at {n} {unit} per trade.",
                             f"A constant order size of {n} {unit} is used.",
                             f"We trade {n} {unit} per signal.")
        if call.name == "USD":
            m = wording.money(v, self.rng)
            return self.pick(f"A notional of {m} is allocated to each trade.",
                             f"Each position has a fixed dollar size of {m}.",
                             f"Orders are sized at {m} per trade.",
                             f"We invest {m} in every position.")
        p = self.pct(v)
        return self.pick(f"Each position is sized at {p} of current equity.",
                         f"A fraction of {p} of portfolio equity is committed to each trade.",
                         f"Orders are sized as {p} of equity.",
                         f"We allocate {p} of account equity per position.")

    def costs(self) -> str | None:
        call = self.s.args.get("trade_commissions")
        if not isinstance(call, Call):
            return None
        v = _num(call.args["value"])
        if call.name == "MoneyCommissions":
            if v == 0:
                return self.pick("Transaction costs are set to zero (no commissions).",
                                 "Trades are assumed to be commission-free.",
                                 "We assume no commissions, i.e. $0 per trade.")
            m = wording.money(v, self.rng)
            return self.pick(f"A fixed commission of {m} per trade is charged.",
                             f"Transaction costs of {m} per trade are assumed.",
                             f"Each trade incurs a flat fee of {m}.",
                             f"We deduct a commission of {m} per transaction.")
        p = self.pct(v, words=False)
        bps = round(v * 100, 6)
        if wording.plain(round(float(wording.plain(bps)) / 100, 10)) == wording.plain(v) \
                and self.chance(0.25):
            p = f"{wording.plain(bps)} basis points"
        return self.pick(f"Proportional transaction costs of {p} per trade are assumed.",
                         f"A commission of {p} of the traded value is charged.",
                         f"Transaction costs of {p} per trade are deducted.",
                         f"We assume a percentage commission of {p} per trade.")

    def risk(self) -> str | None:
        parts: list[str] = []
        stop = self.s.args.get("stop_loss")
        if isinstance(stop, Call):
            p = self.pct(_num(stop.args["percentage"]))
            kind = stop.args.get("stop_loss_type")
            member = kind.member if isinstance(kind, EnumValue) else None
            if member == "TRAILING":
                parts.append(self.pick(f"a trailing stop of {p}", f"a {p} trailing stop-loss",
                                       f"a stop that trails the price at a distance of {p}"))
            elif member == "NORMAL":
                parts.append(self.pick(f"a fixed stop-loss of {p}", f"a static {p} stop",
                                       f"a normal (fixed) stop-loss at {p}"))
            else:
                parts.append(self.pick(f"a stop-loss of {p}", f"a {p} stop-loss",
                                       f"a protective stop placed {p} from the entry price"))
        target = self.s.args.get("take_profit")
        if isinstance(target, Call):
            p = self.pct(_num(target.args["percentage"]))
            parts.append(self.pick(f"a take-profit of {p}", f"a profit target of {p}",
                                   f"a {p} take-profit level"))
        if not parts:
            return None
        if self.chance(0.5):
            parts.reverse()
        joined = " and ".join(parts)
        return self.pick(f"Risk is controlled by {joined}.", f"We impose {joined}.",
                         f"In addition, {joined} {'is' if len(parts) == 1 else 'are'} applied.",
                         f"Each position is subject to {joined}.")

    # --- layouts -------------------------------------------------------------------------

    def prose(self) -> str:
        opening = self.opening()
        entry, exit_ = self.rule("buy_condition"), self.rule("sell_condition")
        settings = self.setting()
        if self.chance(0.4):
            cond = self.s.args["buy_condition"]
            assert isinstance(cond, Call)
            kind = "short" if self.side == "SHORT" else "long"
            verb = self.pick(f"a {kind} position is opened", f"{kind} positions are entered",
                             f"a {kind} trade is initiated")
            if self.side != "LONG_SHORT_COMBINED" and self.chance(0.5):
                verb = self.pick("a position is opened", "a trade is initiated")
            entry = f"{opening}, in which {verb} {self.trigger(cond)}."
            opening = ""
        else:
            opening += "."
        rules = [entry, exit_]
        if self.chance(0.2):
            rules.reverse()
        middle = [settings.pop()] if settings and self.chance(0.3) else []
        body = [rules[0], *middle, rules[1]]
        head = [opening] if opening else []
        if opening and settings and self.chance(0.3):
            head.append(settings.pop())
        if settings and self.chance(0.2):
            head.insert(0, settings.pop())  # the data first: "The sample spans ... We test ..."
        if self.chance(0.12):
            head.insert(0, self.pick("Methodology.", "Empirical design.", "Method.",
                                     "Research design."))
        return " ".join(head + body + settings)

    def sections(self) -> str:
        heads = [self.pick("Trading rule.", "Signal construction.", "Strategy."),
                 self.pick("Data.", "Data and sample.", "Sample."),
                 self.pick("Portfolio construction.", "Implementation.", "Execution and costs.")]
        rules = [self.opening() + ".", self.labelled_rule("buy_condition"),
                 self.labelled_rule("sell_condition")]
        data = [s for s in (self.sample(), self.period(), self.frequency()) if s]
        money = [s for s in (self.capital(), self.size(), self.costs(), self.risk()) if s]
        blocks = [(heads[0], rules), (heads[1], data), (heads[2], money)]
        sep = self.pick("\n", " ", "\n\n")
        out = [f"{h} {' '.join(lines)}" for h, lines in blocks if lines]
        if self.chance(0.2):
            out = [out[0], *reversed(out[1:])]
        return sep.join(out)

    def definition(self) -> str:
        lists, self.lists = self.lists, _LETTERS if self.lists is _ROMAN else _ROMAN
        items = [self.labelled_rule("buy_condition").rstrip("."),
                 self.labelled_rule("sell_condition").rstrip(".")]
        if self.chance(0.2):
            items.reverse()
        intro = self.pick("Formally, the rule is defined as follows:",
                          "The rule is specified by the following components:",
                          "The strategy consists of the following elements:")
        extra = [s.rstrip(".") for s in self.setting()]
        marks = [f"({m})" for m in lists] if len(items + extra) <= len(lists) else None
        every = items + extra
        if marks is None:
            listed = "; ".join(every)
        else:
            listed = "; ".join(f"{m} {x}" for m, x in zip(marks, every, strict=False))
        return f"{self.opening()}. {intro} {listed}."

    def write(self) -> str:
        layout = self.pick("prose", "prose", "prose", "sections", "definition")
        text: str = getattr(self, layout)()
        return _AN.sub(lambda m: m.group(1) + "n ", text)


class PaperPhraser:
    """Methodology-section prose: passive voice, "we", enumerated conditions."""

    name = "paper"

    def describe(self, strategy: Call, rng: random.Random) -> str:
        return _Paper(strategy, rng).write()
