"""The journal style: a trader's diary entry about a system they ran or mean to run.

Each entry is written in one tense, drawn once: a look back ("I went long when RSI crossed
above 30, my stop sat 5% from entry"), a plan ("I'll get out once ..."), or a habit ("I cover
when ..."). The rules of the strategy read as the conditions a person acted on, in the same
tense; the settings (risk, money, dates, bars) are remarks mixed in between the rules, in any
order, over one to three paragraphs, with the odd aside that states nothing. Only what the
model holds is stated, and every value in a form the model's reader reads.
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
#: Lower-case abbreviations that may be glued to a length: "rsi14", "ema20".
_GLUE = {"RSI": "rsi", "SMA": "sma", "EMA": "ema", "CCI": "cci", "ATR": "atr", "ADX": "adx",
         "ROC": "roc", "MFI": "mfi", "CMF": "cmf", "CMO": "cmo", "DPO": "dpo", "EFI": "efi",
         "TRIX": "trix"}
#: Averages people also write with the length first: "200sma", "20ema".
_GLUE_BEFORE = {"SMA": "sma", "EMA": "ema"}
_TUPLES: dict[str, tuple[str, ...]] = {
    "MACD": ("fast_length", "slow_length"),
    "MACD_SIGNAL": ("fast_length", "slow_length", "signal_length"),
    "BB_LOWER": ("length", "std_dev"), "BB_UPPER": ("length", "std_dev"),
    "BB_MIDDLE": ("length", "std_dev"), "KC_LOWER": ("length", "multiplier"),
    "KC_UPPER": ("length", "multiplier"), "STOCH_PERCENT_D": ("length", "smoothing_length"),
    "UO": ("fast_length", "middle_length", "slow_length"),
    "CHAIKIN_OSC": ("fast_length", "slow_length"),
}
#: The Coppock curve's two ROC lengths, without the words that name a position side.
_OWN_PARAMS = {("COPPOCK", "long_roc_length"): ("longer ROC length", "slower ROC length"),
               ("COPPOCK", "short_roc_length"): ("shorter ROC length", "faster ROC length")}
_BARS: dict[str, tuple[str, ...]] = {
    "ONE_DAY": ("day", "day", "session", "bar"), "FIVE_DAYS": ("bar", "period"),
    "ONE_WEEK": ("week", "bar"), "ONE_MONTH": ("month", "bar"),
    "THREE_MONTHS": ("quarter", "bar"),
}

# --- verbs, by condition and tense ("now" is the present, "past" the look back) --------------

_VERBS: dict[tuple[str, str], tuple[str, ...]] = {
    ("CrossOverCondition", "now"): (
        "crosses above", "crosses over", "breaks above", "cuts up through", "pops above",
        "crosses back above", "punches up through", "breaks out above", "crosses up through"),
    ("CrossOverCondition", "past"): (
        "crossed above", "crossed over", "broke above", "cut up through", "popped above",
        "crossed back above", "punched up through", "broke out above", "crossed up through"),
    ("CrossUnderCondition", "now"): (
        "crosses below", "crosses under", "breaks below", "cuts down through", "drops through",
        "crosses back below", "slices down through", "breaks down through"),
    ("CrossUnderCondition", "past"): (
        "crossed below", "crossed under", "broke below", "cut down through", "dropped through",
        "crossed back below", "sliced down through", "broke down through"),
    ("GreaterThanCondition", "now"): (
        "is above", "is over", "sits above", "stays above", "holds above", "is higher than",
        "trades above", "reads above", "is still above", "is greater than"),
    ("GreaterThanCondition", "past"): (
        "was above", "was over", "sat above", "stayed above", "held above", "was higher than",
        "traded above", "read above", "was still above", "was greater than"),
    ("LessThanCondition", "now"): (
        "is below", "is under", "sits below", "stays below", "holds below", "is lower than",
        "trades below", "reads below", "is still below", "is less than"),
    ("LessThanCondition", "past"): (
        "was below", "was under", "sat below", "stayed below", "held below", "was lower than",
        "traded below", "read below", "was still below", "was less than"),
}

#: What "I" did, by side, rule ("in" is the buy condition) and tense of the entry.
_ACTS: dict[tuple[str, str, str], tuple[str, ...]] = {
    ("LONG", "in", "past"): ("I bought", "I went long", "I got long", "I bought in",
                             "I opened a long", "I stepped in and bought", "I'd buy",
                             "I entered long"),
    ("LONG", "in", "future"): ("I'll buy", "I'll go long", "I'm going to buy", "I'll get long",
                               "I'll open a long", "I plan to buy", "I'll step in and buy"),
    ("LONG", "in", "now"): ("I buy", "I go long", "I get long", "I open a long",
                            "my rule is to buy"),
    ("LONG", "out", "past"): ("I sold", "I got out", "I closed the position", "I exited",
                              "I sold out", "I closed the long", "I'd sell"),
    ("LONG", "out", "future"): ("I'll sell", "I'll get out", "I'll close the position",
                                "I'm out", "I'll exit", "I'll close the long"),
    ("LONG", "out", "now"): ("I sell", "I get out", "I exit", "I close the long"),
    ("SHORT", "in", "past"): ("I shorted it", "I went short", "I sold it short",
                              "I opened a short", "I got short", "I'd short it"),
    ("SHORT", "in", "future"): ("I'll short it", "I'll go short", "I'm going to sell it short",
                                "I'll open a short", "I'll get short"),
    ("SHORT", "in", "now"): ("I short it", "I go short", "I sell it short", "I open a short"),
    ("SHORT", "out", "past"): ("I covered", "I bought it back", "I closed the short",
                               "I covered the short", "I'd cover"),
    ("SHORT", "out", "future"): ("I'll cover", "I'll close the short", "I'll cover the short",
                                 "I'll take the short off"),
    ("SHORT", "out", "now"): ("I cover", "I close the short", "I cover the short"),
    ("LONG_SHORT_COMBINED", "in", "past"): ("I went long", "I flipped long", "I got long",
                                            "I bought (long side)"),
    ("LONG_SHORT_COMBINED", "in", "future"): ("I'll go long", "I'll flip long",
                                              "I'll get long"),
    ("LONG_SHORT_COMBINED", "in", "now"): ("I go long", "I flip long", "I get long"),
    ("LONG_SHORT_COMBINED", "out", "past"): ("I flipped short", "I reversed into a short",
                                             "I went short", "I switched to short"),
    ("LONG_SHORT_COMBINED", "out", "future"): ("I'll flip short", "I'll reverse to short",
                                               "I'll go short"),
    ("LONG_SHORT_COMBINED", "out", "now"): ("I flip short", "I go short", "I reverse to short"),
}

_LABELS: dict[tuple[str, str], tuple[str, ...]] = {
    ("LONG", "in"): ("Entry:", "Getting in:", "In:", "The entry -", "Entries:", "Buying:"),
    ("LONG", "out"): ("Exit:", "Getting out:", "Out:", "The exit -", "Exits:", "Selling:"),
    ("SHORT", "in"): ("Short entry:", "Shorting:", "Getting short:", "The short -",
                      "Entries:"),
    ("SHORT", "out"): ("Cover:", "Covering:", "Exit:", "Getting out:", "The cover -"),
    ("LONG_SHORT_COMBINED", "in"): ("Long side:", "Going long:", "The long -"),
    ("LONG_SHORT_COMBINED", "out"): ("Short side:", "Flipping short:", "The short -"),
}

_SIDES = {
    "LONG": (("long", "long only", "on the long side", "from the long side", "long-only"),
             ("long-only", "long")),
    "SHORT": (("short", "short only", "on the short side", "from the short side",
               "short-only"), ("short-only", "short")),
    "LONG_SHORT_COMBINED": (("long and short", "both ways, long and short", "from both sides",
                             "in both directions (long and short)"),
                            ("long and short", "two-way (long and short)", "both-sides")),
}

_HEADERS = {
    "past": ("Journal entry.", "Trading journal -", "Notes, late evening.", "Dear diary,",
             "Log:", "Post-mortem.", "Looking back:", "journal:"),
    "future": ("Journal entry.", "Game plan.", "Note to self:", "Plan for the next run:",
               "Dear diary,", "log -", "Tonight's notes."),
    "now": ("Journal entry.", "My rules, for the record:", "Note to self:", "Notebook:",
            "Trading journal -"),
}

_ASIDES = {
    "past": ("Not my best work.", "Lesson learned.", "Mixed feelings about it.",
             "Would do it again.", "Patience was the tough part.", "Nothing fancy."),
    "future": ("Let's see how it goes.", "Writing it down so I stick to it.",
               "No tinkering this time.", "Trying to stay disciplined.", "Keeping it simple."),
    "now": ("Boring, but it works.", "Works for me.", "Nothing fancy.",
            "I don't overthink it."),
}
_REMARKS = ("(kept it simple)", "(I know, I know)", "(still tweaking this)", "(as usual)",
            "(we'll see)", "(worth a retest)", "(note to self)", "(nothing clever)")

#: Remarks about the settings, by tense ("any" serves every tense that has no line of its own).
_SAY: dict[str, dict[str, tuple[str, ...]]] = {
    "trail": {"past": ("I trailed my stop {p} behind price.",),
              "future": ("I'll trail the stop {p} behind price.",),
              "now": ("I trail my stop {p} behind.",)},
    "sat": {"past": ("My stop sat {p} from entry.",), "future": ("My stop goes {p} from entry.",),
            "now": ("My stop sits {p} from entry.",)},
    "stop": {"past": ("I kept {x} on every trade.", "Risk-wise, I used {x}.",
                      "Every position had {x}."),
             "future": ("I'll use {x}.", "{x} goes on every trade.", "Risk: {x}."),
             "now": ("I always run {x}.", "Risk: {x}.")},
    "target": {"past": ("I took profits at {plus}.", "My target was {p}.",
                        "I booked gains at {p}.", "Profit target: {p}."),
               "future": ("I'll take profit at {plus}.", "Target: {p}.",
                          "I'll book gains at {p}.", "Take-profit goes at {p}."),
               "now": ("I take profit at {plus}.", "My target is {p}.")},
    "capital": {"past": ("I started the account with {m}.", "Starting capital was {m}.",
                         "The account began at {m}."),
                "future": ("I'll fund it with {m}.", "Starting capital: {m}.",
                           "I'm putting {m} in the account."),
                "now": ("The account starts at {m}.", "Starting capital: {m}.")},
    "units": {"past": ("I traded {n} {unit} at a time.", "Each entry was {n} {unit}.",
                       "Size was {n} {unit} per trade."),
              "future": ("I'll trade {n} {unit} per order.", "Size: {n} {unit} a trade."),
              "now": ("I trade {n} {unit} at a time.", "Size: {n} {unit} a trade.")},
    "dollars": {"past": ("I put {m} into each trade.", "Each position was {m}.",
                         "Size was {m} a trade."),
                "future": ("I'll commit {m} per trade.", "Each position gets {m}."),
                "now": ("I put {m} into each trade.", "Size: {m} per trade.")},
    "equity": {"past": ("I sized each trade at {p} of equity.",
                        "Each position took {p} of my equity.",
                        "Size was {p} of the account per trade."),
               "future": ("I'll size each trade at {p} of equity.",
                          "Each position gets {p} of my account."),
               "now": ("I size every trade at {p} of equity.", "Size: {p} of equity.")},
    "free": {"any": ("No commissions, the broker is commission-free.",
                     "Zero fees on this account.", "I paid no commissions.",
                     "Commission-free, thankfully.")},
    "fee": {"past": ("I paid {m} per trade in commissions.", "Commission was {m} a trade."),
            "future": ("Figure {m} per trade in fees.", "Commission will be {m} a trade."),
            "now": ("I pay {m} per trade in commissions.", "Fees: {m} a trade.")},
    "percent fee": {"past": ("Fees ran {p} of each trade.", "I paid a {p} commission per trade."),
                    "future": ("Figure a {p} commission per trade.",
                               "Fees will be {p} of each trade."),
                    "now": ("I pay a {p} commission per trade.", "Fees: {p} of each trade.")},
    "history": {"past": ("I backtested it {when}.", "The test ran {when}.",
                         "Data-wise, I ran it {when}."),
                "future": ("I'll test it {when}.", "Backtest: {when}.", "I plan to run it {when}."),
                "now": ("I test it {when}.", "Backtest: {when}.")},
}

_AN = re.compile(r"\b([Aa]) (?=8|1[18](?![\d.])|eight|eleven)")


def _whole(value: Value | None) -> int:
    assert isinstance(value, int) and not isinstance(value, bool), value
    return value


def _number(value: Value | None) -> float:
    assert isinstance(value, int | float) and not isinstance(value, bool), value
    return value


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


@dataclass
class _Entry(StrategyWriter):
    """One journal entry about one strategy."""

    tense: str  # past, future or now
    units: tuple[str, ...]
    favourite: dict[str, str] = field(default_factory=dict)

    @property
    def said(self) -> str:
        """The tense of the conditions: the look back says what happened, the rest 'now'."""
        return "past" if self.tense == "past" else "now"

    def count(self, n: int, words: float = 0.2) -> str:
        return wording.count(n, self.rng, words)

    def unit(self, n: int | None = None) -> str:
        unit = self.rng.choice(self.units)
        return unit + ("s" if n is not None and n != 1 else "")

    # --- series --------------------------------------------------------------------------

    def label(self, name: str) -> str:
        if name in self.favourite and self.rng.random() < 0.8:
            return self.favourite[name]
        chosen = self.rng.choice(series_names(name))
        self.favourite.setdefault(name, chosen)
        return chosen

    def series(self, call: Call) -> str:
        args = {k: v for k, v in call.args.items() if k != "ticker"}
        ticker = call.args.get("ticker")
        other = ticker if isinstance(ticker, str) and ticker != self.ticker else None
        if call.name == "CONST":  # a level on the left of a comparison too
            return self.level(_number(call.args["const_number"]), call)
        if call.name in _PRICES and not args:
            return self.price(call.name, other)
        if call.name == "VOLUME":
            if other:
                return self.pick(f"{other} volume", f"volume on {other}", f"{other}'s volume")
            return self.pick("volume", "trading volume", "the volume")
        source = args.pop("source", None)
        core = self.indicator(call.name, args)
        if isinstance(source, EnumValue):
            src = self.rng.choice(member_names("SourceType", source.member))
            core = self.pick(f"{core} on {src}", f"{core} computed from {src}",
                             f"{core} (source: {src})", f"{core} fed with {src}",
                             f"{core} using {src}")
        if other:
            return self.pick(f"{core} on {other}", f"{other}'s {core}", f"{core} ({other})",
                             f"the {core} of {other}")
        article = core[0].islower() and not re.match(r"[a-z]+\d", core)
        return f"the {core}" if article and self.rng.random() < 0.5 else core

    def price(self, name: str, other: str | None) -> str:
        t = other or self.ticker
        if name == "CLOSE":
            if other:
                return self.pick(other, f"{other}'s close", f"the {other} close",
                                 f"the close of {other}", f"{other} price")
            return self.pick("price", "the price", "the close", "the closing price", t,
                             f"{t} price", f"{t}'s close")
        noun = {"OPEN": ("open", "opening price", "open price"),
                "HIGH": ("high", "bar high", "high price"),
                "LOW": ("low", "bar low", "low price")}[name]
        word = self.rng.choice(noun)
        if other:
            return self.pick(f"{other}'s {word}", f"the {word} of {other}")
        return f"the {word}"

    def indicator(self, name: str, args: dict[str, Value]) -> str:
        label = self.label(name)
        if not args:
            return label
        if set(args) == {"length"}:
            return self.with_length(name, label, _whole(args["length"]))
        order = _TUPLES.get(name)
        if order and set(args) == set(order) and self.rng.random() < 0.5:
            values = [wording.plain(_number(args[k])) for k in order]
            sep = self.pick("/", ", ")
            return self.pick(f"{label}({sep.join(values)})", f"{label} ({sep.join(values)})",
                             f"{label} {'/'.join(values)}")
        parts = [self.param(name, key, value) for key, value in args.items()]
        self.rng.shuffle(parts)
        if len(parts) == 1:
            return self.pick(f"{label} ({parts[0]})", f"{label} with {parts[0]}")
        return self.pick(f"{label} ({', '.join(parts)})", f"{label} [{'; '.join(parts)}]",
                         f"{label} ({' / '.join(parts)})")

    def with_length(self, name: str, label: str, n: int) -> str:
        word = self.rng.choice(param_names(name, "length"))
        spoken = self.count(n)
        options = [f"{label}({n})", f"{label} ({n})", f"{label} {n}",
                   f"{spoken}-{self.unit()} {label}", f"{label} ({word} {n})",
                   f"{label} with a {n} {word}"]
        if n != 1:
            options.append(f"{label} over {spoken} {self.unit(n)}")
        if name in _GLUE:
            options += [f"{_GLUE[name]}{n}"] * 3
        if name in _GLUE_BEFORE:
            options += [f"{n}{_GLUE_BEFORE[name]}"] * 2
        return self.rng.choice(options)

    def param(self, series: str, param: str, value: Value) -> str:
        words = _OWN_PARAMS.get((series, param)) or param_names(series, param)
        word = self.rng.choice(words)
        if isinstance(value, bool):
            if value:
                return self.pick("EMA basis on", "use EMA: yes", "exponential MA switched on")
            return self.pick("EMA basis off", "use EMA: no", "exponential MA switched off")
        if isinstance(value, EnumValue):
            member = self.rng.choice(member_names(value.enum, value.member))
            return self.pick(f"{member} {word}", f"{word} {member}", f"{word}: {member}")
        text = wording.plain(_number(value))
        if param == "std_dev":
            return self.pick(f"{text} std devs", f"{text} standard deviations", f"{word} {text}")
        if param == "multiplier":
            return self.pick(f"{text}x multiplier", f"{word} {text}", f"{text}x ATR multiplier")
        return self.pick(f"{word} {text}", f"{word} of {text}", f"{word} = {text}",
                         f"{word}: {text}")

    def level(self, value: float, first: Call) -> str:
        if value == 0:
            return self.pick("zero", "0", "the zero line", "the 0 level")
        text = wording.plain(value)
        if first.name in _PRICES and value > 0:
            return self.pick(f"${text}", text, f"{text} dollars", f"the ${text} level")
        options = [text, text, f"the {text} level", f"the {text} line", f"a reading of {text}"]
        if float(value).is_integer() and 0 < value <= 100:
            spoken = wording.number_words(int(value))
            options += [f"the {spoken} line", f"the {spoken} mark"]
        return self.rng.choice(options)

    # --- conditions ----------------------------------------------------------------------

    def clause(self, call: Call, depth: int = 0) -> str:
        name = call.name
        past = self.said == "past"
        if name in ("AND", "OR"):
            return self.group(call, depth)
        if name in ("CrossOverCondition", "CrossUnderCondition", "GreaterThanCondition",
                    "LessThanCondition"):
            first, second = call.args["first_series"], call.args["second_series"]
            assert isinstance(first, Call) and isinstance(second, Call)
            a = self.series(first)
            b = self.level(_number(second.args["const_number"]), first) \
                if second.name == "CONST" else self.series(second)
            if name in ("GreaterThanCondition", "LessThanCondition") and \
                    self.rng.random() < 0.08:
                return f"{a} {'>' if name.startswith('Greater') else '<'} {b}"
            return f"{a} {self.rng.choice(_VERBS[(name, self.said)])} {b}"
        if name in ("UptrendForXDaysCondition", "DowntrendForXDaysCondition"):
            return self.trend(call, name.startswith("Up"), past)
        if name == "ChangeOfXPercentPerYDaysCondition":
            return self.change(call, past)
        if name == "IntraIntervalChangeOfXPercentCondition":
            return self.intra(call, past)
        if name in ("UptrendFibRetracementLevelCondition",
                    "DowntrendFibRetracementLevelCondition"):
            return self.fibonacci(call, name.startswith("Up"), past)
        if name == "AfterXDaysCondition":
            inner = call.args["condition"]
            assert isinstance(inner, Call)
            n = _whole(call.args["number_of_days"])
            days = f"{self.count(n)} {self.unit(n)}"
            text = self.clause(inner, depth + 1)
            have = "had" if past else ("has" if n == 1 else "have")
            return self.pick(f"{days} {have} passed since {text}",
                             f"{text}, with {days} gone by since",
                             f"it {'had' if past else 'has'} been {days} since {text}")
        raise ValueError(f"no journal wording for {name}")

    def group(self, call: Call, depth: int) -> str:
        items = call.args["conditions"]
        assert isinstance(items, tuple)
        parts = [self.clause(item, depth + 1) for item in items]
        every = call.name == "AND"
        head, last = ", ".join(parts[:-1]), parts[-1]
        if depth > 0:
            if len(parts) == 2:
                options = [f"both {head} and {last}", f"{head} and {last}"] if every else \
                    [f"either {head} or {last}", f"{head} or {last}"]
            else:
                options = [f"all of {head} and {last}"] if every else [
                    f"any of {head} or {last}", f"either {head} or {last}"]
            text = self.rng.choice(options)
            return self.pick(f"({text})", f"[{text}]", f"({text})")
        held = "held" if self.said == "past" else "hold"
        came = "came" if self.said == "past" else "comes"
        if every:
            options = [f"{head} and {last}", f"{head}, and also {last}",
                       f"all of these {held}: {'; '.join(parts)}",
                       f"all of: {'; '.join(parts)}",
                       "all of the following:\n- " + "\n- ".join(parts) + "\n"]
            if len(parts) == 2:
                options += [f"both {head} and {last}", f"both {head} and {last}"]
        else:
            options = [f"either {head} or {last}", f"{head} or {last}",
                       f"any of these: {'; '.join(parts)}",
                       f"whichever {came} first of {head} or {last}",
                       "any of the following:\n- " + "\n- ".join(parts) + "\n"]
            if len(parts) == 2:
                options += [f"either {head} or {last}", f"{head}, or else {last}"]
        return self.rng.choice(options)

    def days(self, value: Value) -> tuple[int, str]:
        n = _whole(value)
        return n, f"{self.count(n)} {self.unit(n)}"

    def trend(self, call: Call, up: bool, past: bool) -> str:
        series = call.args["series"]
        assert isinstance(series, Call)
        s = self.series(series)
        n, d = self.days(call.args["number_of_days"])
        spoken = self.count(n)
        way, trend = ("up", "uptrend") if up else ("down", "downtrend")
        an = "an" if up else "a"
        if past:
            rose = "rose" if up else "fell"
            had = "had risen" if up else "had fallen"
            options = [f"{s} {had} {d} in a row", f"{s} {rose} for {d} straight",
                       f"{s} had been in {an} {trend} for {d}", f"{s} had trended {way} for {d}",
                       f"there was a {spoken}-{self.unit()} {trend} in {s}",
                       f"{s} put in a {spoken}-{self.unit()} {trend}",
                       f"{s} went {way} {d} running"]
        else:
            rises = "rises" if up else "falls"
            has = "has risen" if up else "has fallen"
            options = [f"{s} {has} {d} in a row", f"{s} {rises} for {d} straight",
                       f"{s} has been in {an} {trend} for {d}", f"{s} has trended {way} for {d}",
                       f"there's a {spoken}-{self.unit()} {trend} in {s}",
                       f"{s} puts in a {spoken}-{self.unit()} {trend}",
                       f"{s} goes {way} {d} running"]
        return self.rng.choice(options)

    def change(self, call: Call, past: bool) -> str:
        series = call.args["series"]
        assert isinstance(series, Call)
        s = self.series(series)
        percent = _number(call.args["percent"])
        n, d = self.days(call.args["number_of_days"])
        spoken = self.count(n)
        p = wording.percent(abs(percent), self.rng)
        signed = ("+" if percent > 0 else "-") + wording.plain(abs(percent)) + "%"
        up = percent > 0
        if past:
            verb = self.pick("gained", "climbed", "rose") if up else self.pick(
                "lost", "dropped", "fell")
            move = "rise" if up else "drop"
            options = [f"{s} {verb} {p} over {d}", f"{s} was {'up' if up else 'down'} {p} "
                       f"in {d}", f"over {d}, {s} {verb} {p}",
                       f"there was a {p} {move} in {s} within {d}",
                       f"{s} made a {spoken}-{self.unit()} move of {signed}",
                       f"{s} changed by {signed} over {d}"]
        else:
            verb = self.pick("gains", "climbs", "rises") if up else self.pick(
                "loses", "drops", "falls")
            move = "rise" if up else "drop"
            options = [f"{s} {verb} {p} over {d}", f"{s} is {'up' if up else 'down'} {p} "
                       f"in {d}", f"over {d}, {s} {verb} {p}",
                       f"there's a {p} {move} in {s} within {d}",
                       f"{s} makes a {spoken}-{self.unit()} move of {signed}",
                       f"{s} changes by {signed} over {d}"]
        return self.rng.choice(options)

    def intra(self, call: Call, past: bool) -> str:
        series = call.args["series"]
        assert isinstance(series, Call)
        s = self.series(series)
        percent = _number(call.args["percent"])
        p = wording.percent(abs(percent), self.rng)
        bar = self.pick("inside a single bar", "within the same candle", "intrabar",
                        "inside a single candle", "within the bar")
        up = percent > 0
        if past:
            verb = self.pick("jumped", "popped") if up else self.pick("dropped", "sank")
        else:
            verb = self.pick("jumps", "pops") if up else self.pick("drops", "sinks")
        move = "jump" if up else "drop"
        there = "there was" if past else "there's"
        return self.pick(f"{s} {verb} {p} {bar}", f"{there} an intrabar {move} of {p} in {s}",
                         f"{s} {verb} {p} {bar}")

    def fibonacci(self, call: Call, up: bool, past: bool) -> str:
        level = call.args["fib_level"]
        assert isinstance(level, EnumValue)
        name = self.rng.choice(member_names("FibonacciLevels", level.member))
        fib = self.pick("fib", "Fibonacci", "fib retracement", "Fibonacci retracement")
        what = f"the {name} {fib} level"
        if up:
            verb = self.pick("pulled back to", "dipped to", "retraced to") if past else \
                self.pick("pulls back to", "dips to", "retraces to")
            trend = self.pick("in an uptrend", "during an uptrend", "while trending up")
        else:
            verb = self.pick("bounced up to", "rallied back to", "retraced up to") if past \
                else self.pick("bounces up to", "rallies back to", "retraces up to")
            trend = self.pick("in a downtrend", "during a downtrend", "while trending down")
        text = self.pick(f"price {verb} {what} {trend}", f"{trend}, price {verb} {what}")
        length = call.args.get("length")
        if length is not None:
            n = _whole(length)
            text += self.pick(f" (swing lookback {n})", f", measured over {self.count(n)} "
                              f"{self.unit(n)}", f" on a {self.count(n)}-{self.unit()} swing")
        return text

    def trigger(self, call: Call) -> str:
        if call.name == "AfterXDaysCondition" and self.rng.random() < 0.5:
            inner = call.args["condition"]
            assert isinstance(inner, Call)
            _, days = self.days(call.args["number_of_days"])
            return f"{days} after {self.clause(inner, 1)}"
        word = self.pick("when", "when", "once", "as soon as", "whenever", "the moment",
                         "any time")
        if self.tense != "past":
            word = self.pick(word, "if")
        return f"{word} {self.clause(call)}"

    # --- sentences -----------------------------------------------------------------------

    def rule(self, role: str) -> str:
        key = "buy_condition" if role == "in" else "sell_condition"
        condition = self.strategy.args[key]
        assert isinstance(condition, Call)
        act = self.rng.choice(_ACTS[(self.side, role, self.tense)])
        trigger = self.trigger(condition)
        if trigger.endswith("\n"):  # a list of conditions, one a line
            return _cap(f"{act} {trigger}").rstrip() + "."
        roll = self.rng.random()
        if roll < 0.3:
            return f"{_cap(trigger)}, {act}."
        if roll < 0.55:
            label = self.rng.choice(_LABELS[(self.side, role)])
            return f"{label} {act} {trigger}."
        return f"{_cap(act)} {trigger}."

    def symbol(self) -> str:
        t = self.ticker
        options = [t, t, t]
        if t.isalpha():
            options += [f"${t}", f"{t} stock"]
        return self.rng.choice(options)

    def opening(self) -> str:
        adverbs, adjectives = _SIDES[self.side]
        adv, adj, sym = self.rng.choice(adverbs), self.rng.choice(adjectives), self.symbol()
        if self.tense == "past":
            options = [f"Ran {sym} {adv} this time.", f"This was my {adj} system on {sym}.",
                       f"I traded {sym} {adv}.", f"Been running {sym} {adv} for a while.",
                       f"Quick recap of the {sym} system ({adv}).",
                       f"{sym}, {adv}. Here's how it went."]
        elif self.tense == "future":
            options = [f"Plan: trade {sym} {adv}.", f"Next up is a {adj} system on {sym}.",
                       f"I'm going to run {sym} {adv}.", f"New idea for {sym}, {adv}.",
                       f"Writing down the {sym} plan before I start: {adv}."]
        else:
            options = [f"My {sym} system, {adv}.", f"How I trade {sym}: {adv}.",
                       f"I run {sym} {adv}.", f"{sym} ({adv}), the way I trade it."]
        return self.rng.choice(options)

    def say(self, key: str, **values: str) -> str:
        """A remark about a setting, in the entry's tense, from :data:`_SAY`."""
        table = _SAY[key]
        return _cap(self.rng.choice(table.get(self.tense) or table["any"]).format(**values))

    def stop(self) -> str | None:
        stop = self.strategy.args.get("stop_loss")
        if not isinstance(stop, Call):
            return None
        p = wording.percent(_number(stop.args["percentage"]), self.rng)
        kind = stop.args.get("stop_loss_type")
        member = kind.member if isinstance(kind, EnumValue) else None
        if member == "TRAILING":
            if self.rng.random() < 0.35:
                return self.say("trail", p=p)
            noun = self.pick(f"a {p} trailing stop", f"a trailing stop {p} back",
                             f"a {p} trailing stop-loss", f"a trailing stop of {p}")
        elif member == "NORMAL":
            how = self.rng.choice((*member_names("StopLossType", "NORMAL"), "normal"))
            noun = self.pick(f"a {how} {p} stop", f"a {how} stop at {p}",
                             f"a {how} stop-loss of {p}", f"a {p} stop ({how})")
        else:
            if self.rng.random() < 0.3:
                return self.say("sat", p=p)
            noun = self.pick(f"a {p} stop", f"a {p} stop-loss", f"a stop at {p}",
                             f"a stop-loss of {p}", f"a {p} SL")
        return self.say("stop", x=noun)

    def target(self) -> str | None:
        target = self.strategy.args.get("take_profit")
        if not isinstance(target, Call):
            return None
        p = wording.percent(_number(target.args["percentage"]), self.rng)
        return self.say("target", p=p, plus=f"+{p}" if p[0].isdigit() else p)

    def capital(self) -> str | None:
        capital = self.strategy.args.get("initial_capital")
        if not isinstance(capital, int | float):
            return None
        return self.say("capital", m=wording.money(capital, self.rng))

    def size(self) -> str | None:
        size = self.strategy.args.get("order_size")
        if not isinstance(size, Call):
            return None
        value = _number(size.args["value"])
        if size.name == "Contracts":
            unit = self.pick("shares", "contracts", "units") if value != 1 else self.pick(
                "share", "contract", "unit")
            return self.say("units", n=wording.number(value, self.rng, 0.2), unit=unit)
        if size.name == "USD":
            return self.say("dollars", m=wording.money(value, self.rng))
        return self.say("equity", p=wording.percent(value, self.rng))

    def fees(self) -> str | None:
        fee = self.strategy.args.get("trade_commissions")
        if not isinstance(fee, Call):
            return None
        value = _number(fee.args["value"])
        if fee.name == "PercentageCommissions":
            return self.say("percent fee", p=wording.percent(value, self.rng))
        if value == 0:
            return self.say("free")
        return self.say("fee", m=wording.money(value, self.rng))

    def span(self) -> str | None:
        """When the test ran: dates or period, as an adverbial."""
        args = self.strategy.args
        parts: list[str] = []
        start, end = _date(args.get("start_date")), _date(args.get("end_date"))
        if start and end:
            a, b = wording.date(start, self.rng), wording.date(end, self.rng)
            parts.append(self.pick(f"from {a} to {b}", f"between {a} and {b}",
                                   f"from {a} through {b}", f"over {a} - {b}"))
        elif start:
            a = wording.date(start, self.rng)
            parts.append(self.pick(f"from {a} onward", f"starting {a}", f"since {a}",
                                   f"from {a} up to today"))
        elif end:
            b = wording.date(end, self.rng)
            parts.append(self.pick(f"up to {b}", f"until {b}", f"ending {b}",
                                   f"with data through {b}"))
        period = args.get("period")
        if isinstance(period, EnumValue):
            parts.append(self.period(period.member))
        return ", ".join(parts) if parts else None

    def period(self, member: str) -> str:
        if member == "NOT_PASSED":
            return self.pick("with the period set to none", "period: none",
                             "no preset period (none)")
        if member == "YEAR_TO_DATE":
            return self.pick("year to date", "over YTD", "on the year to date")
        if member == "MAX":
            return self.pick("over all history", "on max history", "with the max period")
        spec = CATALOG.enum("Period")
        assert spec is not None
        found = spec.member(member)
        assert found is not None
        span = self.rng.choice(member_names("Period", member))
        bare = span[2:] if span.startswith("a ") else span.replace("half a ", "half ")
        return self.pick(f"over the last {bare}", f"on {span} of data", f"for the past {bare}",
                         f"with a {found.value} period")

    def bars(self) -> str | None:
        interval = self.strategy.args.get("interval")
        if not isinstance(interval, EnumValue):
            return None
        names = member_names("Interval", interval.member)
        adjective = names[0] if names[0].endswith("ly") else None
        short = names[-1]
        hyphen = next(n for n in names if " " in n).replace(" ", "-").removesuffix("s")
        options = [f"on {hyphen} bars", f"on {short} bars", f"using {hyphen} candles"]
        if adjective:
            options += [f"on {adjective} candles", f"on the {adjective} chart",
                        f"on {adjective} bars"]
        return self.rng.choice(options)

    def history(self) -> str | None:
        span, bars = self.span(), self.bars()
        if not span and not bars:
            return None
        parts = [p for p in (bars, span) if p]
        if self.rng.random() < 0.5:
            parts.reverse()
        return self.say("history", when=" ".join(parts))

    # --- the entry -----------------------------------------------------------------------

    def write(self) -> str:
        rng = self.rng
        first, second = self.rule("in"), self.rule("out")
        rules = [first, second]
        if rng.random() < 0.25:
            rules.reverse()
            rules[0] = self.pick("Exit first, since that's what I got wrong before. ",
                                 "Starting with the exit. ", "") + rules[0]
        settings = [s for s in (self.stop(), self.target(), self.history(), self.capital(),
                                self.size(), self.fees()) if s]
        rng.shuffle(settings)
        sentences = [self.opening(), *rules]
        for text in settings:  # before, between or after the rules
            where = rng.choice((1, 2, 3, 3, 3))
            sentences.insert(min(where, len(sentences)), text)
        if rng.random() < 0.5:
            sentences.insert(rng.randrange(1, len(sentences) + 1),
                             rng.choice(_ASIDES[self.tense]))
        if rng.random() < 0.3:
            at = rng.randrange(len(sentences))
            if sentences[at].endswith("."):
                sentences[at] = sentences[at][:-1] + " " + rng.choice(_REMARKS) + "."
        if rng.random() < 0.4:
            sentences.insert(0, rng.choice(_HEADERS[self.tense]))
        cuts = sorted(rng.sample(range(1, len(sentences)), min(rng.choice((0, 1, 1, 2)),
                                                               len(sentences) - 1)))
        paragraphs = [sentences[a:b] for a, b in zip([0, *cuts], [*cuts, len(sentences)],
                                                       strict=True)]
        glue = rng.choice((" ", " ", "\n"))
        text = "\n\n".join(glue.join(p) for p in paragraphs)
        text = re.sub(r"\n +", "\n", text)
        return _AN.sub(lambda m: m.group(1) + "n ", text)


def _date(call: Value | None) -> dt.date | None:
    if not isinstance(call, Call):
        return None
    return dt.date(_whole(call.args["year"]), _whole(call.args["month"]),
                   _whole(call.args["day"]))


def _lower(text: str, keep: set[str]) -> str:
    """The whole entry in lower case, but for the tickers."""
    if not keep:
        return text.lower()
    pattern = "|".join(re.escape(t) for t in sorted(keep, key=len, reverse=True))
    pieces = re.split(f"({pattern})", text)
    return "".join(p if p in keep else p.lower() for p in pieces)


class JournalPhraser:
    """A trader's journal entry: first person, past, planned or habitual, with asides."""

    name = "journal"

    def describe(self, strategy: Call, rng: random.Random) -> str:
        interval = strategy.args.get("interval")
        member = interval.member if isinstance(interval, EnumValue) else "ONE_DAY"
        tense = rng.choice(("past", "past", "past", "future", "future", "now"))
        entry = _Entry(strategy, rng, tense, _BARS[member])
        text = entry.write()
        if rng.random() < 0.08:
            tickers = {v for c in strategy.walk() for v in c.args.values()
                       if isinstance(v, str)}
            text = _lower(text, tickers)
        return text
