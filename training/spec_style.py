"""The "spec" style: a strategy written as a formal requirements document or rulebook.

Descriptions read like a compliance specification: lettered or roman-numbered clauses
("(a) Definitions", "ii. Entry Condition"), "shall" / "must" / "is required to", defined terms
('"the Instrument" means AAPL', 'Let "Series Alpha" denote the 14-period RSI'), conditions
stated as predicates ("if and only if", "provided that", "in the event that") and explicit
references between clauses ("subject to the Risk Parameters in clause (e)").

Clause labels are letters and roman numerals, never digits, so every number in the text is a
value of the code. Crossings always say "cross"; plain comparisons never do.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import dataclass, field

from strategy_lsp.grammar import CATALOG, Call, EnumValue, Value

from . import wording
from .style_writer import Writer
from .vocabulary import member_names, param_names, series_names

_LETTERS = ("a", "b", "c", "d", "e", "f", "g", "h")
_ROMAN = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii")
_DOUBLE = ("aa", "bb", "cc", "dd", "ee", "ff")
_TRIPLE = ("aaa", "bbb", "ccc")
_PRICES = ("CLOSE", "OPEN", "HIGH", "LOW", "VOLUME")
_CROSSES = {"CrossOverCondition", "CrossUnderCondition"}
_COMPARES = _CROSSES | {"GreaterThanCondition", "LessThanCondition"}

#: Families of defined terms for series: (article, core name) in order of definition.
_TERMS: tuple[tuple[tuple[str, str], ...], ...] = (
    tuple(("", f"Series {g}") for g in ("Alpha", "Beta", "Gamma", "Delta", "Epsilon", "Zeta")),
    tuple(("", f"Indicator {g}") for g in ("Alpha", "Beta", "Gamma", "Delta", "Epsilon",
                                           "Zeta")),
    (("the ", "Primary Series"), ("the ", "Reference Series"), ("the ", "Auxiliary Series"),
     ("the ", "Control Series"), ("the ", "Benchmark Series"), ("the ", "Supplementary Series")),
    tuple(("the ", f"{o} Measure") for o in ("First", "Second", "Third", "Fourth", "Fifth",
                                              "Sixth")),
)
_INSTRUMENT = ("Instrument", "Security", "Underlying", "Traded Asset", "Symbol")
_STRATEGY = ("the Strategy", "the System", "the Strategy", "the Trading System", "the Model")
_HEADINGS = {
    "defs": ("Definitions", "Defined Terms", "Interpretation", "Definitions and Interpretation"),
    "side": ("Position Type", "Direction of Trading", "Trading Side", "Scope and Direction"),
    "entry": ("Entry Condition", "Entry Rule", "Conditions of Entry", "Entry Condition"),
    "exit": ("Exit Condition", "Exit Rule", "Conditions of Exit", "Exit Condition"),
    "risk": ("Risk Parameters", "Risk Controls", "Risk Parameters", "Protective Orders"),
    "horizon": ("Backtest Horizon", "Test Horizon and Data", "Backtest Horizon", "Data Scope"),
    "money": ("Capital and Costs", "Capital, Sizing and Costs", "Account Parameters",
              "Financial Parameters"),
}
#: Our own words for parameters whose catalog names would blur the side ("long ROC length").
_PARAM_WORDS = {"long_roc_length": ("longer ROC length", "longer rate-of-change length"),
                "short_roc_length": ("shorter ROC length", "shorter rate-of-change length")}


def _num(value: Value | None) -> str:
    assert isinstance(value, int | float) and not isinstance(value, bool), value
    return wording.plain(value)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def _join(parts: list[str], word: str) -> str:
    if len(parts) == 1:
        return parts[0]
    return ", ".join(parts[:-1]) + f" {word} " + parts[-1]


@dataclass
class _Drafter(Writer):
    """Drafts one specification; per-description habits are drawn once at the start."""

    ticker: str = ""
    instrument: str = ""  # "the Instrument" when that term is defined, else ""
    system: str = "the Strategy"
    terms: dict[Call, str] = field(default_factory=dict)
    definitions: list[str] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)
    unit: str = "period"
    days: str = "days"
    quote: str = '"'
    labels: tuple[str, ...] = _LETTERS
    items: tuple[str, ...] = _ROMAN
    bracket: str = "({})"

    @property
    def side(self) -> str:
        position = self.strategy.args["position_type"]
        assert isinstance(position, EnumValue)
        return position.member

    def arg(self, name: str) -> Value | None:
        return self.strategy.args.get(name)

    def draw(self) -> None:
        ticker = self.strategy.args["ticker"]
        assert isinstance(ticker, str)
        self.ticker = ticker
        self.system = self.rng.choice(_STRATEGY)
        self.unit = self.pick("period", "period", "bar", "day")
        self.days = self.pick("days", "days", "days", "bars", "trading days", "sessions")
        self.quote = self.pick('"', '"', "'", "")
        if self.rng.random() < 0.5:
            self.labels, self.items = _ROMAN, _LETTERS
        self.bracket = self.pick("({})", "{}.", "{})", "({})")
        if self.rng.random() < 0.5:
            term = self.rng.choice(_INSTRUMENT)
            self.instrument = f"the {term}"
            self.definitions.append(self.pick(
                f"the {self.q(term)} means {self.ticker}",
                f"the {self.q(term)} means the ticker {self.ticker}",
                f"{self.ticker} is referred to herein as the {self.q(term)}",
                f"the term {self.q(term)} refers to {self.ticker}",
                f"the {self.q(term)} shall mean the symbol {self.ticker}"))
        if self.rng.random() < 0.45:
            self._define_series()

    def q(self, term: str) -> str:
        if self.quote == '"':
            return f'"{term}"'
        if self.quote == "'":
            return f"'{term}'"
        return term

    def label(self, index: int, items: bool = False) -> str:
        text = (self.items if items else self.labels)[index]
        return self.bracket.format(text) if not items else f"({text})"

    def owner(self, ticker: Value | None) -> str:
        if isinstance(ticker, str) and ticker != self.ticker:
            return ticker
        return self.instrument or self.ticker

    # --- defined terms ---------------------------------------------------------------

    def _define_series(self) -> None:
        family = self.rng.choice(_TERMS)
        found: list[Call] = []
        for call in self.strategy.walk():
            if call.spec.kind.value == "series" and call.name != "CONST" and \
                    call.name not in _PRICES and call not in found:
                found.append(call)
        for call, (article, core) in zip(found[:4], family, strict=False):
            text = self.series(call, defining=True)
            term = f"{article}{self.q(core)}"
            self.definitions.append(self.pick(
                f"let {term} denote {text}", f"{term} means {text}",
                f"{term} shall mean {text}", f"{text} is referred to herein as {term}",
                f"{term} refers to {text}"))
            self.terms[call] = f"{article}{core}"

    # --- series ------------------------------------------------------------------------

    def name(self, series: str) -> str:
        if series not in self.names:
            names = series_names(series)
            short = [n for n in names if n.isupper() and len(n) <= 6]
            self.names[series] = self.rng.choice([*names, *short])
        if self.rng.random() < 0.1:
            return self.rng.choice(series_names(series))
        return self.names[series]

    def series(self, call: Call, defining: bool = False) -> str:
        if call.name == "CONST":
            value = call.args["const_number"]
            assert isinstance(value, int | float)
            return self.level(value)
        if call in self.terms and not defining:
            return self.terms[call]
        owner = self.owner(call.args.get("ticker"))
        if call.name in _PRICES:
            noun = self.rng.choice([n for n in series_names(call.name)
                                    if not n.endswith("prices")]).removeprefix("the ")
            noun = noun.lower()
            return self.pick(f"the {noun} of {owner}", f"the {noun} of {owner}",
                             f"{owner}'s {noun}")
        stated = {k: v for k, v in call.args.items() if k != "ticker"}
        name = self.name(call.name)
        foreign = owner != (self.instrument or self.ticker)
        of = f" of {owner}" if foreign or self.rng.random() < 0.3 else ""
        if not stated:
            return f"the {name}{of}"
        if list(stated) == ["length"]:
            n = _num(stated["length"])
            word = self.rng.choice(param_names(call.name, "length"))
            return self.pick(f"the {n}-{self.unit} {name}{of}",
                             f"the {name}{of} with a {word} of {n}",
                             f"the {name}{of} ({word}: {n})",
                             f"the {name}{of} calculated over {n} {self.unit}s",
                             f"the {name}{of} ({word} {n})")
        parts = [self.param(call.name, k, v) for k, v in stated.items()]
        if self.rng.random() < 0.5:
            self.rng.shuffle(parts)
        return self.pick(f"the {name}{of} with {_join(parts, 'and')}",
                         f"the {name}{of} ({'; '.join(parts)})",
                         f"the {name}{of} having {_join(parts, 'and')}",
                         f"the {name}{of} (parameters: {'; '.join(parts)})")

    def param(self, owner: str, param: str, value: Value) -> str:
        words = self.rng.choice(_PARAM_WORDS.get(param) or param_names(owner, param))
        if isinstance(value, bool):
            on = "enabled" if value else "disabled"
            yes = "true" if value else "false"
            return self.pick(f"exponential moving average {on}", f"use EMA set to {yes}",
                             f"use of an exponential moving average {on}")
        if isinstance(value, EnumValue):
            # "HLCC/4" reads as a ticker followed by a number
            member = self.rng.choice([n for n in member_names(value.enum, value.member)
                                      if not re.search(r"[A-Z]/", n)])
            if param == "source":
                return self.pick(f"source {member}", f"source: {member}",
                                 f"computed on the {member}", f"input {member}")
            return self.pick(f"{words} {member}", f"{words}: {member}",
                             f"{words} equal to {member}")
        assert isinstance(value, int | float)
        n = _num(value)
        if param == "std_dev":
            return self.pick(f"{n} standard deviations", f"{words} of {n}", f"{words} = {n}")
        return self.pick(f"{words} {n}", f"{words} of {n}", f"{words} = {n}",
                         f"{'an' if words[0] in 'aeiouAEIO' else 'a'} {words} of {n}",
                         f"{words} equal to {n}")

    def level(self, value: float) -> str:
        if value < 0:
            text = self.pick(f"-{_num(-value)}", f"minus {_num(-value)}",
                             f"negative {_num(-value)}")
        else:
            text = _num(value)
        return self.pick(text, text, f"the level {text}", f"a value of {text}",
                         f"the constant {text}", f"the threshold {text}")

    # --- conditions --------------------------------------------------------------------

    def count(self, value: Value) -> str:
        assert isinstance(value, int) and not isinstance(value, bool)
        unit = self.days if value != 1 else self.days.removesuffix("s")
        return f"{wording.count(value, self.rng, 0.15)} {unit}"

    def predicate(self, cond: Call, depth: int = 0) -> str:
        """The condition as a predicate; groups are itemised with (i)/(a) and (aa)."""
        name = cond.name
        if name in ("AND", "OR"):
            return self.group(cond, depth)
        if name in _COMPARES:
            return self.compare(cond)
        if name in ("UptrendForXDaysCondition", "DowntrendForXDaysCondition"):
            s = self.series(self._call(cond, "series"))
            n = self.count(cond.args["number_of_days"])
            if name.startswith("Up"):
                return self.pick(f"{s} has risen for {n} consecutively",
                                 f"{s} has been in an uptrend for {n}",
                                 f"{s} has increased on each of the preceding {n}",
                                 f"an uptrend in {s} has persisted for {n}")
            return self.pick(f"{s} has fallen for {n} consecutively",
                             f"{s} has been in a downtrend for {n}",
                             f"{s} has decreased on each of the preceding {n}",
                             f"a downtrend in {s} has persisted for {n}")
        if name == "ChangeOfXPercentPerYDaysCondition":
            s = self.series(self._call(cond, "series"))
            n = self.count(cond.args["number_of_days"])
            pct = cond.args["percent"]
            assert isinstance(pct, int | float)
            p = wording.percent(abs(pct), self.rng)
            if pct > 0:
                return self.pick(f"{s} has risen by {p} over a window of {n}",
                                 f"the change in {s} over {n} is an increase of {p}",
                                 f"{s} increases by {p} within {n}")
            if pct < 0:
                return self.pick(f"{s} has fallen by {p} over a window of {n}",
                                 f"the change in {s} over {n} is a decrease of {p}",
                                 f"{s} decreases by {p} within {n}")
            return f"{s} changes by {p} over {n}"
        if name == "IntraIntervalChangeOfXPercentCondition":
            s = self.series(self._call(cond, "series"))
            pct = cond.args["percent"]
            assert isinstance(pct, int | float)
            p = wording.percent(abs(pct), self.rng)
            bar = self.pick("within a single bar", "within the same interval",
                            "intra-interval", "between the open and close of a single bar")
            way = "rises" if pct > 0 else "falls" if pct < 0 else "changes"
            return self.pick(f"{s} {way} by {p} {bar}",
                             f"the intra-interval change of {s} is {p}"
                             f" ({'upward' if pct > 0 else 'downward' if pct < 0 else 'flat'})"
                             if pct else f"{s} changes by {p} {bar}")
        if name == "AfterXDaysCondition":
            inner = self.predicate(self._call(cond, "condition"), depth)
            n = self.count(cond.args["number_of_days"])
            return self.pick(f"{n} have elapsed since the following was satisfied: {inner}",
                             f"the following condition was satisfied exactly {n} earlier: "
                             f"{inner}",
                             f"a delay of {n} has passed after the event that {inner}")
        if name in ("UptrendFibRetracementLevelCondition",
                    "DowntrendFibRetracementLevelCondition"):
            level = cond.args["fib_level"]
            assert isinstance(level, EnumValue)
            lv = self.rng.choice(member_names(level.enum, level.member))
            trend = "an uptrend" if name.startswith("Up") else "a downtrend"
            price = self.pick(f"the price of {self.owner(None)}", "the price")
            text = self.pick(f"{price} retraces to the {lv} Fibonacci retracement level "
                             f"during {trend}",
                             f"during {trend}, {price} reaches the {lv} Fibonacci retracement",
                             f"{price} touches the Fibonacci retracement level of {lv} "
                             f"within {trend}")
            length = cond.args.get("length")
            if length is not None:
                word = self.rng.choice(param_names(name, "length"))
                text += self.pick(f", the swing being measured over a {word} of "
                                  f"{_num(length)} {self.unit}s",
                                  f" (Fibonacci {word}: {_num(length)})")
            return text
        raise ValueError(f"no phrasing for {name}")

    @staticmethod
    def _call(cond: Call, key: str) -> Call:
        value = cond.args[key]
        assert isinstance(value, Call)
        return value

    def compare(self, cond: Call) -> str:
        a = self.series(self._call(cond, "first_series"))
        b = self.series(self._call(cond, "second_series"))
        verbs = {
            "CrossOverCondition": (f"{a} crosses above {b}", f"{a} crosses over {b}",
                                   f"{a} crosses from below to above {b}",
                                   f"an upward crossing of {b} by {a} occurs",
                                   f"{a} crosses upward through {b}"),
            "CrossUnderCondition": (f"{a} crosses below {b}", f"{a} crosses under {b}",
                                    f"{a} crosses from above to below {b}",
                                    f"a downward crossing of {b} by {a} occurs",
                                    f"{a} crosses downward through {b}"),
            "GreaterThanCondition": (f"{a} is greater than {b}", f"{a} exceeds {b}",
                                     f"{a} is strictly above {b}",
                                     f"the value of {a} is higher than {b}", f"{a} > {b}"),
            "LessThanCondition": (f"{a} is less than {b}", f"{a} is below {b}",
                                  f"{a} is strictly below {b}",
                                  f"the value of {a} is lower than {b}", f"{a} < {b}"),
        }[cond.name]
        return self.rng.choice(verbs)

    def group(self, cond: Call, depth: int) -> str:
        items = cond.args["conditions"]
        assert isinstance(items, tuple)
        every = cond.name == "AND"
        labels = self.items if depth == 0 else _DOUBLE if depth == 1 else _TRIPLE
        texts = [self.predicate(item, depth + 1) for item in items]
        tagged = [f"({labels[i]}) {t}" for i, t in enumerate(texts)]
        word = "and" if every else "or"
        body = "; ".join(tagged[:-1]) + f"; {word} " + tagged[-1]
        if every:
            head = self.pick("all of the following are satisfied:",
                             "each of the following holds:",
                             "the following conditions are jointly satisfied:",
                             "every condition below is met:")
        else:
            head = self.pick("any of the following is satisfied:",
                             "either of the following holds:" if len(items) == 2 else
                             "any of the following holds:",
                             "any of the following alternatives is satisfied:")
        text = f"{head} {body}"
        return f"[{text}]" if depth else text

    def connective(self) -> str:
        return self.pick("if and only if", "if and only if", "provided that",
                         "in the event that", "where", "on any bar on which", "when",
                         "whenever", "at such time as", "subject to the condition that")

    # --- actions by side ---------------------------------------------------------------

    def enter(self) -> str:
        i = self.owner(None)
        return {"LONG": self.pick(f"open a long position in {i}", f"buy {i} (long)",
                                  "enter a long position", f"go long {i}"),
                "SHORT": self.pick(f"open a short position in {i}", f"sell {i} short",
                                   "enter a short position", f"go short {i}"),
                "LONG_SHORT_COMBINED": self.pick(
                    f"open a long position in {i}, reversing any short position",
                    f"go long {i}", "enter long")}[self.side]

    def leave(self) -> str:
        return {"LONG": self.pick("close the long position", "sell and exit the long "
                                  "position", "liquidate the long position", "exit the long"),
                "SHORT": self.pick("close the short position", "cover the short position",
                                   "buy to cover", "exit the short"),
                "LONG_SHORT_COMBINED": self.pick(
                    "open a short position, reversing any long position", "go short",
                    "enter short", "reverse into a short position")}[self.side]

    def side_text(self) -> str:
        i = self.owner(None)
        s = self.system
        return {"LONG": self.pick(f"{_cap(s)} shall trade {i} on the long side only.",
                                  f"{_cap(s)} is a long-only strategy on {i}.",
                                  f"The permitted direction is long only. {_cap(s)} trades {i}."),
                "SHORT": self.pick(f"{_cap(s)} shall trade {i} on the short side only.",
                                   f"{_cap(s)} is a short-only strategy on {i}.",
                                   f"The permitted direction is short only. {_cap(s)} trades {i}."),
                "LONG_SHORT_COMBINED": self.pick(
                    f"{_cap(s)} shall trade {i} both long and short.",
                    f"{_cap(s)} is a combined long and short strategy on {i}.",
                    f"The permitted directions are long and short (combined). {_cap(s)} may "
                    f"hold {i} long or short.")}[self.side]

    def rule(self, which: str, ref: str) -> str:
        """One rule sentence for the entry ("buy") or exit ("sell") condition."""
        cond = self._cond("buy_condition" if which == "entry" else "sell_condition")
        action = self.enter() if which == "entry" else self.leave()
        modal = self.pick("shall", "shall", "must", "is required to")
        term = "Entry Condition" if which == "entry" else "Exit Condition"
        pred = self.predicate(cond)
        if ref and self.side != "LONG_SHORT_COMBINED":
            action += self.pick(f" opened under {ref}", f" entered pursuant to {ref}")
        if self.rng.random() < 0.35:
            return (f"The {self.q(term)} is satisfied {self.connective()} {pred}. "
                    f"{_cap(self.system)} {modal} {action} "
                    f"{self.pick('whenever', 'on each bar on which', 'if')} the {term} "
                    "is satisfied.")
        return self.pick(
            f"{_cap(self.system)} {modal} {action} {self.connective()} {pred}.",
            f"{_cap(self.connective())} {pred}, {self.system} {modal} {action}.")

    def _cond(self, key: str) -> Call:
        value = self.arg(key)
        assert isinstance(value, Call)
        return value

    # --- risk, horizon, money ------------------------------------------------------------

    def risk(self) -> list[str]:
        found: list[str] = []
        stop = self.arg("stop_loss")
        modal = self.pick("shall apply", "is required", "shall be in force", "must be set")
        if isinstance(stop, Call):
            pct = stop.args["percentage"]
            assert isinstance(pct, int | float)
            p = wording.percent(pct, self.rng)
            kind = stop.args.get("stop_loss_type")
            member = kind.member if isinstance(kind, EnumValue) else None
            if member == "TRAILING":
                found.append(self.pick(
                    f"A trailing stop loss of {p} {modal}, measured from the most favourable "
                    "price since entry.", f"A trailing stop of {p} {modal}.",
                    f"The stop loss shall be of the trailing type, set at {p}."))
            elif member == "NORMAL":
                how = self.rng.choice(member_names("StopLossType", "NORMAL"))
                found.append(self.pick(f"A {how} stop loss of {p} {modal}.",
                                       f"The stop loss shall be {how}, at {p} from entry.",
                                       f"Stop loss type: {how}; stop loss level: {p}."))
            else:
                found.append(self.pick(f"A stop loss of {p} {modal}.",
                                       f"The stop loss shall be {p} from the entry price.",
                                       f"Any position shall be closed upon a loss of {p}."))
        target = self.arg("take_profit")
        if isinstance(target, Call):
            pct = target.args["percentage"]
            assert isinstance(pct, int | float)
            p = wording.percent(pct, self.rng)
            found.append(self.pick(f"A take-profit of {p} {modal}.",
                                   f"The profit target shall be {p}.",
                                   f"Any position shall be closed upon reaching a gain of {p} "
                                   "(take profit)."))
        return found

    def horizon(self) -> list[str]:
        found: list[str] = []
        dates = [self._date(k) for k in ("start_date", "end_date")]
        start, end = (wording.date(d, self.rng) if d else None for d in dates)
        if start and end:
            found.append(self.pick(f"The Backtest Horizon shall commence on {start} and end "
                                   f"on {end}.", f"The backtest shall run from {start} to "
                                   f"{end}.", f"Backtest Horizon: from {start} through {end}."))
        elif start:
            found.append(self.pick(f"The Backtest Horizon shall commence on {start}.",
                                   f"The backtest shall start on {start}.",
                                   f"Start date of the backtest: {start}."))
        elif end:
            found.append(self.pick(f"The Backtest Horizon shall end on {end}.",
                                   f"The backtest shall end on {end}.",
                                   f"End date of the backtest: {end}."))
        period = self.arg("period")
        if isinstance(period, EnumValue):
            found.append(self.period(period.member))
        interval = self.arg("interval")
        if isinstance(interval, EnumValue):
            name = self.rng.choice(member_names("Interval", interval.member))
            found.append(self.pick(f"The data interval shall be {name}.",
                                   f"Data shall be sampled at the {name} interval.",
                                   f"Bar Interval: {name}.",
                                   f"Price data must use {name} bars."))
        return found

    def period(self, member: str) -> str:
        if member == "NOT_PASSED":
            return self.pick("No backtest period shall be passed (period: none).",
                             "The period parameter shall be none.")
        if member == "MAX":
            return self.pick("The backtest period shall be the maximum available history.",
                             "Backtest period: max (all history).")
        if member == "YEAR_TO_DATE":
            return self.pick("The backtest period shall be year to date.",
                             "Backtest period: ytd.")
        names = member_names("Period", member)
        spec = CATALOG.enum("Period")
        assert spec is not None
        code = spec.member(member)
        assert code is not None
        span = self.rng.choice(names)
        return self.pick(f"The backtest period shall be the most recent {span.removeprefix('a ')}"
                         f" of data.", f"Backtest period: {span} (period {code.value}).",
                         f"The Backtest Horizon is the period {code.value}, being {span}.")

    def _date(self, key: str) -> dt.date | None:
        call = self.arg(key)
        if not isinstance(call, Call):
            return None
        y, m, d = (call.args[k] for k in ("year", "month", "day"))
        assert isinstance(y, int) and isinstance(m, int) and isinstance(d, int)
        return dt.date(y, m, d)

    def cash(self, value: float) -> str:
        """A dollar amount that always names its currency ("2k" alone reads as a count)."""
        text = wording.money(value, self.rng)
        return text if any(c in text for c in ("$", "USD", "dollar")) else f"{text} USD"

    def money(self) -> list[str]:
        found: list[str] = []
        capital = self.arg("initial_capital")
        if isinstance(capital, int | float) and not isinstance(capital, bool):
            m = self.cash(capital)
            found.append(self.pick(f"The initial capital shall be {m}.",
                                   f"Initial Capital: {m}.",
                                   f"{_cap(self.system)} shall commence with capital of {m}."))
        size = self.arg("order_size")
        if isinstance(size, Call):
            value = size.args["value"]
            assert isinstance(value, int | float)
            if size.name == "Contracts":
                n = wording.number(value, self.rng, 0.1)
                unit = self.pick("contracts", "shares", "units")
                unit = unit[:-1] if value == 1 else unit
                found.append(self.pick(f"Each order shall be for {n} {unit}.",
                                       f"Order Size: {n} {unit} per trade.",
                                       f"The order size is fixed at {n} {unit}."))
            elif size.name == "USD":
                m = self.cash(value)
                found.append(self.pick(f"Each order shall have a value of {m}.",
                                       f"Order Size: {m} per trade (fixed cash amount).",
                                       f"The amount committed to each trade shall be {m}."))
            else:
                p = wording.percent(value, self.rng)
                found.append(self.pick(f"Each order shall be sized at {p} of equity.",
                                       f"Order Size: {p} of current equity per trade.",
                                       f"The position size shall equal {p} of account equity."))
        fee = self.arg("trade_commissions")
        if isinstance(fee, Call):
            value = fee.args["value"]
            assert isinstance(value, int | float)
            if fee.name == "MoneyCommissions" and value == 0:
                found.append(self.pick("No commission shall be charged.",
                                       "Trading shall be treated as commission-free.",
                                       "Commissions: zero dollars per trade."))
            elif fee.name == "MoneyCommissions":
                m = self.cash(value)
                found.append(self.pick(f"A flat commission of {m} per trade shall be charged.",
                                       f"Commissions: {m} per trade (fixed amount).",
                                       f"Each trade shall incur a fixed fee of {m}."))
            else:
                p = wording.percent(value, self.rng)
                found.append(self.pick(f"A commission of {p} of the trade value shall be "
                                       "charged.", f"Commissions: {p} per trade (percentage).",
                                       f"Each trade shall incur a commission rate of {p}."))
        return found

    # --- layouts -----------------------------------------------------------------------

    def definitions_text(self, lead: str = "") -> str:
        defs = self.definitions
        if len(defs) > 1 and self.rng.random() < 0.4:
            lead = lead or self.pick("In this specification: ", "For the purposes hereof: ")
            return lead + "; ".join(defs) + "."
        first = (lead + defs[0]) if lead else _cap(defs[0])
        return " ".join(d + "." for d in [first, *map(_cap, defs[1:])])

    def clauses(self) -> str:
        sections: list[tuple[str, str]] = []
        if self.definitions:
            sections.append(("defs", self.definitions_text()))
        sections.append(("side", self.side_text()))
        entry_at = len(sections)
        ref = f"{self.pick('clause', 'paragraph', 'section')} {self.label(entry_at)}"
        sections.append(("entry", self.rule("entry", "")))
        sections.append(("exit", self.rule("exit", ref if self.rng.random() < 0.5 else "")))
        risk = self.risk()
        if risk:
            if self.rng.random() < 0.4:
                risk[0] = f"Without prejudice to {ref}, " + risk[0][0].lower() + risk[0][1:]
            sections.append(("risk", " ".join(risk)))
        for key, parts in (("horizon", self.horizon()), ("money", self.money())):
            if parts:
                sections.append((key, " ".join(parts)))
        sep = self.pick("\n", "\n", " ", "\n\n")
        lines = []
        for i, (key, body) in enumerate(sections):
            heading = self.rng.choice(_HEADINGS[key])
            lines.append(self.pick(f"{self.label(i)} {heading}. {body}",
                                   f"{self.label(i)} {heading}: {body}",
                                   f"{self.label(i)} {body}"))
        title = self.pick("", "", f"Specification: {self.ticker} strategy.",
                          "Trading Rules.", "Strategy Requirements.")
        return sep.join(([title] if title else []) + lines)

    def statement(self) -> str:
        s = _cap(self.system)
        parts: list[str] = []
        if self.definitions:
            parts.append(self.definitions_text(self.pick(
                "For the purposes of this specification, ", "In this document, ", "")))
        parts.append(self.side_text())
        entry = self.predicate(self._cond("buy_condition"))
        exit_ = self.predicate(self._cond("sell_condition"))
        modal = self.pick("shall", "must")
        parts.append(f"{s} {modal} {self.enter()} {self.connective()} {entry} (the "
                     f"{self.q('Entry Condition')}).")
        parts.append(self.pick(
            f"{s} {modal} {self.leave()} {self.connective()} {exit_} (the "
            f"{self.q('Exit Condition')}).",
            f"Following satisfaction of the Entry Condition, {self.system} {modal} "
            f"{self.leave()} {self.connective()} {exit_}." if self.side != "LONG_SHORT_COMBINED"
            else f"{s} {modal} {self.leave()} {self.connective()} {exit_}."))
        rest = self.risk()
        if rest and self.rng.random() < 0.5:
            rest[0] = self.pick("Subject to the foregoing, ", "In addition, ",
                                "Notwithstanding the Exit Condition, ") + \
                rest[0][0].lower() + rest[0][1:]
        rest += self.horizon() + self.money()
        if self.rng.random() < 0.5:
            self.rng.shuffle(rest)
        return " ".join(parts + rest)

    def requirements(self) -> str:
        reqs = [self.side_text(), self.rule("entry", ""), self.rule("exit", "")]
        reqs += [" ".join(part) for part in (self.risk(), self.horizon(), self.money()) if part]
        head = self.pick("The following requirements apply.", "Requirements:",
                         f"{_cap(self.system)} shall comply with the following rules.", "")
        defs = [f"Definitions: {self.definitions_text()}"] if self.definitions else []
        sep = self.pick("\n", " ", "\n")
        body = [f"{self.label(i)} {r}" for i, r in enumerate(reqs)]
        return sep.join(([head] if head else []) + defs + body)


class SpecPhraser:
    """Formal requirements: lettered clauses, defined terms, "shall" and "if and only if"."""

    name = "spec"

    def describe(self, strategy: Call, rng: random.Random) -> str:
        drafter = _Drafter(strategy, rng)
        drafter.draw()
        layout = rng.choice(("clauses", "clauses", "statement", "requirements"))
        text: str = getattr(drafter, layout)()
        return text
