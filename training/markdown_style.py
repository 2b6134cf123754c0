"""The markdown style: a strategy written up as a markdown note, README or checklist.

Headings (``#``, ``##``), bullet lists with nested bullets for AND/OR groups, bold labels
(``**Entry:**``), ``| pipe |`` tables, ``key: value`` lines, front matter, checkboxes and the
odd line of prose. The reader joins the lines with spaces, so grouping never rests on
indentation alone: every depth of a nested list has its own bullet mark ("-", "*", "+") and
groups written on one line are bracketed. Numbered lists use letters, never digits, so that
no number appears that the code does not hold.
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

_PRICES = ("CLOSE", "OPEN", "HIGH", "LOW")
_GROUPS = ("AND", "OR")
#: Abbreviations kept in their case when a writer types indicator names in lower case.
_KEEP = frozenset({"MOM", "MI", "UO", "MA", "DI+", "DI-", "AROON UP", "AROON DOWN"})
#: Indicators people glue to their length in lower case: "rsi14", "sma200".
_GLUE = {"RSI": "rsi", "SMA": "sma", "EMA": "ema", "CCI": "cci", "ATR": "atr", "ADX": "adx",
         "MFI": "mfi", "ROC": "roc", "CMO": "cmo", "DPO": "dpo", "TRIX": "trix",
         "CHOP": "chop", "CMF": "cmf", "EFI": "efi", "BBP": "bbp"}
#: Two-number forms charting tools show: "MACD(12, 26)", "BB upper (20, 2)".
_PAIRS = {"MACD": ("fast_length", "slow_length"), "BB_LOWER": ("length", "std_dev"),
          "BB_UPPER": ("length", "std_dev"), "BB_MIDDLE": ("length", "std_dev")}
#: Our own parameter words where the catalog's would blur the position side.
_PARAMS = {"long_roc_length": ("slow ROC length", "slower ROC length"),
           "short_roc_length": ("fast ROC length", "faster ROC length")}

_VERBS = {
    "CrossOverCondition": ("crosses above", "crosses over", "crosses up through", "cuts above",
                           "breaks above", "crosses back above", "crosses upward through"),
    "CrossUnderCondition": ("crosses below", "crosses under", "crosses down through",
                            "cuts below", "breaks below", "crosses back below",
                            "crosses downward through"),
    "GreaterThanCondition": ("is above", "is greater than", "exceeds", "stays above",
                             "sits above", "is higher than", "holds above", "reads above"),
    "LessThanCondition": ("is below", "is less than", "stays below", "sits below",
                          "is lower than", "holds below", "reads below", "is under"),
}
#: Verbless forms for list items and table cells: "rsi14 crossing above 30", "rsi14 > 30".
_BARE = {
    "CrossOverCondition": ("crossing above", "crossing over", "cross above"),
    "CrossUnderCondition": ("crossing below", "crossing under", "cross below"),
    "GreaterThanCondition": (">", ">", "above", "greater than", "higher than"),
    "LessThanCondition": ("<", "<", "below", "less than", "lower than"),
}
_AN = re.compile(r"\b([Aa]) (?=[*`]*(?:8|1[18](?!\d)|eight|eleven))")


def _whole(value: Value | None) -> int:
    assert isinstance(value, int) and not isinstance(value, bool), value
    return value


def _num(value: Value | None) -> float:
    assert isinstance(value, int | float) and not isinstance(value, bool), value
    return value


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


@dataclass
class _Note(Writer):
    """One write-up; the writer's habits are drawn once and kept for the whole note."""

    lower: bool = False
    ticks: bool = False  # `rsi(14)` in code spans
    glue: bool = False
    letters: bool = False  # a) b) c) for the first level of a rule's list
    bullets: tuple[str, ...] = ("-", "*", "+")
    favourite: dict[str, str] = field(default_factory=dict)
    ticker: str = ""
    side: str = ""  # a PositionTypeEnum member

    def __post_init__(self) -> None:
        ticker, side = self.strategy.args["ticker"], self.strategy.args["position_type"]
        assert isinstance(ticker, str) and isinstance(side, EnumValue)
        self.ticker, self.side = ticker, side.member

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    # --- values ------------------------------------------------------------------------

    def number(self, value: Value | None, words: float = 0.0) -> str:
        v = _num(value)
        if float(v).is_integer() and 0 <= v <= 20 and self.chance(words):
            return wording.number_words(int(v))
        return wording.plain(v) if v >= 0 else "-" + wording.plain(-v)

    def days(self, value: Value | None) -> tuple[str, str]:
        """("5 days", "5-day"): a count of bars as a noun and as an adjective."""
        n = _whole(value)
        text = self.number(n, 0.15)
        unit = self.pick("day", "day", "day", "bar", "session", "candle")
        return f"{text} {unit}{'s' if n != 1 else ''}", f"{text}-{unit}"

    def percent(self, value: float) -> str:
        return wording.percent(value, self.rng)

    # --- series --------------------------------------------------------------------------

    def name(self, series: str) -> str:
        if series in self.favourite and self.chance(0.85):
            return self.favourite[series]
        names = [n for n in series_names(series) if n not in ("AROON UP", "AROON DOWN")]
        short = [n for n in names if len(n) <= 6]
        chosen = self.rng.choice(names + short)
        if self.lower and chosen not in _KEEP:
            chosen = chosen.lower()
        self.favourite.setdefault(series, chosen)
        return chosen

    def series(self, call: Call) -> str:
        if call.name == "CONST":
            return self.level(call)
        args = {k: v for k, v in call.args.items() if k != "ticker"}
        other = call.args.get("ticker")
        other = other if isinstance(other, str) and other != self.ticker else None
        if call.name in _PRICES or call.name == "VOLUME":
            noun = self.rng.choice(series_names(call.name)) if call.name != "CLOSE" else \
                self.pick("price", "close", "closing price", "the close", "close price")
            if other:
                noun = self.pick(f"{other} {noun.removeprefix('the ')}", f"{noun} of {other}",
                                 f"{noun} ({other})")
            return f"`{noun}`" if self.ticks and self.chance(0.3) else noun
        source = args.pop("source", None)
        text = self.core(call.name, args)
        if isinstance(source, EnumValue):
            src = self.rng.choice(member_names("SourceType", source.member))
            text = self.pick(f"{text} on {src}", f"{text} of {src}", f"{text} (source: {src})",
                             f"{text} [source {src}]", f"{text} using {src}")
        if other:
            text = self.pick(f"{text} of {other}", f"{text} on {other}", f"{other} {text}")
        if self.ticks and self.chance(0.5):
            return f"`{text}`"
        return text

    def core(self, series: str, args: dict[str, Value]) -> str:
        name = self.name(series)
        if not args:
            return name
        if tuple(args) == ("length",):
            n = self.number(args["length"])
            word = self.rng.choice(param_names(series, "length"))
            glued = _GLUE.get(series)
            if glued and self.glue and self.chance(0.6):
                return f"{glued}{n}"
            return self.pick(f"{name}({n})", f"{name} ({n})", f"{name} {n}", f"{n}-period {name}",
                             f"{n}-bar {name}", f"{name} with {word} {n}", f"{name}({word}={n})",
                             f"{name} [{n}]", f"{name} ({word} {n})")
        pair = _PAIRS.get(series)
        if pair and set(args) == set(pair) and self.chance(0.5):
            a, b = (self.number(args[k]) for k in pair)
            return self.pick(f"{name}({a}, {b})", f"{name} ({a}, {b})", f"{name} {a}/{b}")
        parts = [self.param(series, k, v) for k, v in args.items()]
        self.rng.shuffle(parts)
        sep = self.pick(", ", "; ", ", ", " / ")
        return self.pick(f"{name} ({sep.join(parts)})", f"{name} [{sep.join(parts)}]",
                         f"{name}({sep.join(parts)})")

    def param(self, series: str, key: str, value: Value) -> str:
        word = self.rng.choice(_PARAMS.get(key) or param_names(series, key))
        if isinstance(value, bool):
            yes = self.pick("yes", "true", "on") if value else self.pick("no", "false", "off")
            return self.pick(f"use EMA: {yes}", f"EMA basis: {yes}",
                             f"exponential moving average: {yes}")
        if isinstance(value, EnumValue):
            member = self.rng.choice(member_names(value.enum, value.member))
            return self.pick(f"{word}: {member}", f"{word} {member}", f"{member} {word}")
        n = self.number(value)
        if key == "std_dev":
            return self.pick(f"{n} std dev", f"std dev {n}", f"{n} standard deviations",
                             f"{word} {n}")
        if key == "multiplier":
            return self.pick(f"multiplier {n}", f"{n}x multiplier", f"{word} {n}")
        eq = " = " if word[-1].isupper() else self.pick("=", " = ")
        return self.pick(f"{word} {n}", f"{word}{eq}{n}", f"{word}: {n}")

    # --- conditions ----------------------------------------------------------------------

    def clause(self, cond: Call, bare: bool = False) -> str:
        """One condition on one line; groups inside it are bracketed."""
        name = cond.name
        if name in _GROUPS:
            return self.inline_group(cond)
        if name in _VERBS:
            a = self.series(_call(cond.args["first_series"]))
            second = _call(cond.args["second_series"])
            b = self.series(second)
            if bare and self.chance(0.5):
                return f"{a} {self.rng.choice(_BARE[name])} {b}"
            return f"{a} {self.rng.choice(_VERBS[name])} {b}"
        a = self.series(_call(cond.args["series"])) if "series" in cond.args else ""
        if name in ("UptrendForXDaysCondition", "DowntrendForXDaysCondition"):
            d, adj = self.days(cond.args["number_of_days"])
            t = "up" if name.startswith("Up") else "down"
            verb = "rising" if t == "up" else "falling"
            art = "an" if t == "up" else "a"
            return self.pick(f"{a} {verb} for {d}", f"{a} in {art} {t}trend for {d}",
                             f"{a} {t} {d} in a row", f"{adj} {t}trend in {a}",
                             f"{t}trend in {a} lasting {d}", f"{a} trending {t} for {d}",
                             f"{a}: {t}trend, {d}", f"a {adj} {t}trend on {a}",
                             f"{d} of {t}trend in {a}")
        if name == "ChangeOfXPercentPerYDaysCondition":
            return self.change(a, _num(cond.args["percent"]), cond.args["number_of_days"])
        if name == "IntraIntervalChangeOfXPercentCondition":
            v = _num(cond.args["percent"])
            p = self.percent(abs(v))
            sign = ("+" if v >= 0 else "-") + wording.plain(abs(v)) + "%"
            bar = self.pick("within a single bar", "inside the same candle", "intrabar",
                            "intra-bar", "within the bar")
            up = v >= 0
            return self.pick(f"{a} {'rises' if up else 'falls'} {p} {bar}",
                             f"{a} moves {sign} {bar}",
                             f"{'an' if up else 'a'} {'intrabar jump' if up else 'intrabar drop'}"
                             f" of {p} in {a}",
                             f"{a} {'gains' if up else 'loses'} {p} {bar}",
                             f"intra-interval change of {sign} in {a}")
        if name == "AfterXDaysCondition":
            inner = _call(cond.args["condition"])
            text = self.clause(inner)
            if inner.name in (*_GROUPS, "AfterXDaysCondition"):
                text = self.pick(f"({text})", f"[{text}]")
            d, adj = self.days(cond.args["number_of_days"])
            return self.pick(f"{d} after {text}", f"{text}, then wait {d}",
                             f"{text} (delayed {d})", f"wait {d} after {text}",
                             f"{adj} delay after {text}", f"{text}, acted on {d} later",
                             f"delay {d}: {text}")
        return self.fibonacci(cond)

    def change(self, a: str, v: float, days: Value) -> str:
        d, adj = self.days(days)
        p = self.percent(abs(v))
        sign = ("+" if v >= 0 else "-") + wording.plain(abs(v)) + "%"
        if v >= 0:
            return self.pick(f"{a} up {p} over {d}", f"{a} gains {p} within {d}",
                             f"{a} rises {p} in {d}", f"a {p} rise in {a} over {d}",
                             f"{a} changes by {sign} over {d}", f"over {d}, {a} climbs {p}",
                             f"{adj} change in {a} of {sign}", f"{a}: {sign} in {d}",
                             f"{a} moves {p} higher within {d}")
        return self.pick(f"{a} down {p} over {d}", f"{a} loses {p} within {d}",
                         f"{a} falls {p} in {d}", f"a {p} drop in {a} over {d}",
                         f"{a} changes by {sign} over {d}", f"over {d}, {a} slides {p}",
                         f"{adj} change in {a} of {sign}", f"{a}: {sign} in {d}",
                         f"{a} moves {p} lower within {d}")

    def fibonacci(self, cond: Call) -> str:
        level = cond.args["fib_level"]
        assert isinstance(level, EnumValue)
        lvl = self.rng.choice(member_names("FibonacciLevels", level.member))
        fib = self.pick("Fibonacci", "fib", "Fib", "Fibonacci")
        what = self.pick(f"the {lvl} {fib} retracement", f"the {lvl} {fib} level",
                         f"{fib} {lvl}", f"the {fib} {lvl} level")
        if cond.name.startswith("Uptrend"):
            text = self.pick(f"price pulls back to {what} in an uptrend",
                             f"uptrend retracement to {what}",
                             f"in an uptrend, price retraces to {what}",
                             f"{what} touched during an uptrend")
        else:
            text = self.pick(f"price bounces up to {what} in a downtrend",
                             f"downtrend retracement to {what}",
                             f"in a downtrend, price retraces up to {what}",
                             f"{what} touched during a downtrend")
        if "length" in cond.args:
            n = self.number(cond.args["length"])
            text += self.pick(f" (swing lookback {n})", f", lookback {n}", f" over {n} bars",
                              f" [length {n}]")
        return text

    def level(self, const: Call) -> str:
        v = _num(const.args["const_number"])
        if v == 0:
            return self.pick("0", "zero", "the zero line", "0")
        n = self.number(v, 0.05)
        return self.pick(n, n, n, f"the {n} level", f"level {n}", f"the {n} line", f"**{n}**")

    def inline_group(self, cond: Call) -> str:
        items = cond.args["conditions"]
        assert isinstance(items, tuple)
        parts = []
        for item in items:
            text = self.clause(item)
            if item.name in _GROUPS or (item.name == "AfterXDaysCondition" and
                                        self.chance(0.5)):
                text = self.pick(f"({text})", f"[{text}]")
            parts.append(text)
        both = cond.name == "AND"
        word = "and" if both else "or"
        # "a, b and c" only where no member has a comma of its own
        listed = [", ".join(parts[:-1]) + f" {word} " + parts[-1]] \
            if not any("," in p for p in parts) else []
        if len(parts) == 2:
            listed.append(f"{'both' if both else 'either'} {parts[0]} {word} {parts[1]}")
        sep = self.pick("; ", "; ", " / ") if not both else "; "
        return self.rng.choice([f" {word} ".join(parts), f" {word.upper()} ".join(parts),
                                " & ".join(parts) if both else " or ".join(parts),
                                f"{'all' if both else 'any'} of: " + sep.join(parts),
                                f"**{'all' if both else 'any'}** of: " + sep.join(parts),
                                *listed])

    def header(self, cond: Call) -> str:
        if cond.name == "AND":
            return self.pick("all of:", "all of these:", "all must hold:", "every one of:",
                             "**all** of the following:", "all of the following:", "*all* of:")
        return self.pick("any of:", "any one of these:", "at least one of:",
                         "**any** of the following:", "one or more of:", "*any* of:")

    def block(self, cond: Call, depth: int, box: bool = False) -> list[str]:
        """The members of a group as list lines, one bullet mark per depth."""
        items = cond.args["conditions"]
        assert isinstance(items, tuple)
        mark = self.bullets[depth % len(self.bullets)]
        indent = "  " * depth
        tick = "[ ] " if box else ""
        joiner = self.pick("", "", " AND" if cond.name == "AND" else " OR",
                           " **and**" if cond.name == "AND" else " **or**")
        lines: list[str] = []
        for i, item in enumerate(items):
            tail = joiner if i < len(items) - 1 else ""
            if depth == 0 and self.letters:
                mark = "abcdef"[i] + ")"
            if item.name in _GROUPS and depth < 2 and self.chance(0.6):
                lines.append(f"{indent}{mark} {tick}{self.header(item)}")
                lines += self.block(item, depth + 1, box)
                if tail:
                    lines[-1] += tail
                continue
            text = self.clause(item, bare=True)
            if item.name in _GROUPS:
                text = self.pick(f"({text})", f"[{text}]")
            lines.append(f"{indent}{mark} {tick}{text}{tail}")
        return lines

    # --- the parts of the note -----------------------------------------------------------

    def side_phrase(self) -> str:
        return {"LONG": self.pick("long", "long only", "long-only", "longs only", "long side",
                                  "buy side"),
                "SHORT": self.pick("short", "short only", "short-only", "shorts only",
                                   "short side"),
                "LONG_SHORT_COMBINED": self.pick("long and short", "long/short", "both ways "
                                                 "(long and short)", "long + short, both sides",
                                                 "both directions")}[self.side]

    def labels(self) -> tuple[str, str]:
        if self.side == "LONG":
            return (self.pick("Entry", "Buy", "Buy when", "Long entry", "Go long", "Enter long",
                              "Entry (long)", "Buy signal", "Entry trigger", "Open long"),
                    self.pick("Exit", "Sell", "Sell when", "Close", "Exit long", "Sell signal",
                              "Close the position", "Exit trigger", "Take it off"))
        if self.side == "SHORT":
            return (self.pick("Short entry", "Sell short", "Short when", "Enter short",
                              "Open short", "Short signal", "Entry (short)", "Go short"),
                    self.pick("Cover", "Cover when", "Exit short", "Close short",
                              "Exit (cover)", "Cover signal", "Close the short"))
        return (self.pick("Long entry", "Go long", "Long when", "Buy (go long)", "Long signal"),
                self.pick("Short entry", "Go short", "Short when", "Flip short",
                          "Reverse to short", "Short signal"))

    def rule(self, key: str) -> Call:
        return _call(self.strategy.args[key])

    def settings(self) -> list[tuple[str, str]]:
        """Every top-level setting the code holds, as (label, value)."""
        s = self.strategy.args
        out: list[tuple[str, str]] = []
        stop = s.get("stop_loss")
        if isinstance(stop, Call):
            p = self.percent(_num(stop.args["percentage"]))
            kind = stop.args.get("stop_loss_type")
            label = self.pick("Stop loss", "Stop-loss", "Stop", "SL", "Max loss",
                              "Protective stop")
            if isinstance(kind, EnumValue) and kind.member == "TRAILING":
                if self.chance(0.3):
                    out.append((self.pick("Trailing stop", "Trailing SL", "Trailing stop-loss"), p))
                else:
                    out.append((label, self.pick(f"{p} trailing", f"trailing {p}",
                                                 f"{p} (trailing)", f"{p}, trailing")))
            elif isinstance(kind, EnumValue):
                how = self.rng.choice(member_names("StopLossType", kind.member))
                out.append((label, self.pick(f"{p} ({how})", f"{how} {p}", f"{p}, {how} stop")))
            else:
                out.append((label, p))
        target = s.get("take_profit")
        if isinstance(target, Call):
            v = _num(target.args["percentage"])
            out.append((self.pick("Take profit", "TP", "Target", "Profit target",
                                  "Take-profit"),
                        self.pick(self.percent(v), f"+{wording.plain(v)}%")))
        out += self.dates()
        period = s.get("period")
        if isinstance(period, EnumValue):
            names = list(member_names("Period", period.member))
            spec = CATALOG.enum("Period")
            member = spec.member(period.member) if spec else None
            if member is not None and period.member != "NOT_PASSED":
                names.append(member.value)
            if period.member == "MAX":
                names += ["maximum available", "full history"]
            out.append((self.pick("Period", "History", "Test period", "Data period"),
                        self.rng.choice(names)))
        interval = s.get("interval")
        if isinstance(interval, EnumValue):
            value = self.rng.choice(member_names("Interval", interval.member))
            value = value.replace(" ", "-").removesuffix("s") if " " in value else value
            out.append((self.pick("Interval", "Timeframe", "Bar size", "Chart"),
                        self.pick(f"{value} bars", f"{value} candles", f"{value} bars")))
        capital = s.get("initial_capital")
        if isinstance(capital, int | float) and not isinstance(capital, bool):
            out.append((self.pick("Initial capital", "Capital", "Starting equity",
                                  "Starting balance", "Account size", "Bankroll"),
                        wording.money(capital, self.rng)))
        size = s.get("order_size")
        if isinstance(size, Call):
            out.append(self.order_size(size))
        fee = s.get("trade_commissions")
        if isinstance(fee, Call):
            v = _num(fee.args["value"])
            label = self.pick("Commission", "Commissions", "Fees", "Trading fees", "Costs")
            if fee.name == "PercentageCommissions":
                p = self.percent(v)
                out.append((label, self.pick(p, f"{p} per trade", f"{p} of trade value")))
            elif v == 0:
                out.append((label, self.pick("none", "$0", "free (commission-free)", "no fees")))
            else:
                m = wording.money(v, self.rng)
                out.append((label, self.pick(m, f"{m} per trade", f"{m}/trade", f"{m} flat")))
        return out

    def order_size(self, size: Call) -> tuple[str, str]:
        v = _num(size.args["value"])
        label = self.pick("Order size", "Position size", "Size", "Sizing", "Per trade")
        if size.name == "Contracts":
            unit = self.pick("shares", "contracts", "units")
            unit = unit[:-1] if v == 1 else unit
            return self.pick(label, "Qty"), f"{self.number(v, 0.1)} {unit}"
        if size.name == "USD":
            m = wording.money(v, self.rng)
            return label, self.pick(m, f"{m} per trade", f"{m} each", f"{m} notional")
        p = self.percent(v)
        return label, self.pick(f"{p} of equity", f"{p} of the account", f"{p} of account equity")

    def dates(self) -> list[tuple[str, str]]:
        start, end = (_date(self.strategy.args.get(k)) for k in ("start_date", "end_date"))
        a = wording.date(start, self.rng) if start else ""
        b = wording.date(end, self.rng) if end else ""
        if start and end and self.chance(0.5):
            return [(self.pick("Dates", "Backtest window", "Date range", "Test range"),
                     self.pick(f"{a} to {b}", f"{a} -> {b}", f"{a} until {b}",
                               f"from {a} to {b}", f"{a} through {b}"))]
        out = []
        if start:
            out.append((self.pick("Start", "Start date", "From", "Begin"),
                        self.pick(a, a, f"{a} (to today)" if not end else a, f"{a} onward")))
        if end:
            out.append((self.pick("End", "End date", "Until", "To"), b))
        return out

    def ticker_text(self) -> str:
        t = self.ticker
        return self.pick(t, t, f"**{t}**", f"`{t}`", f"${t}" if t.isalpha() else t)

    def title(self, level: str) -> str:
        t, side = self.ticker_text(), self.side_phrase()
        return level + " " + self.pick(f"{t} {side}", f"{_cap(side)}: {t}", f"{t} ({side})",
                                       f"Strategy: {t}, {side}", f"{t} - {side} strategy",
                                       f"Trading plan for {t} ({side})", f"Backtest: {t} {side}",
                                       f"{t} notes - {side}")

    def prose(self) -> str:
        return self.pick("Backtest this please.", "Quick write-up.", "Rules as follows.",
                         "Notes for a backtest.", "Can you code this up?", "Setup:",
                         "Draft, open to tweaks.", "Here is the plan.")

    # --- rules written out -----------------------------------------------------------------

    def rule_lines(self, label: str, key: str, depth: int, style: str) -> list[str]:
        """A rule under its label: the label, then the condition on one line or as a list."""
        cond = self.rule(key)
        mark = self.bullets[depth % len(self.bullets)] if depth >= 0 else ""
        lead = f"{'  ' * max(depth, 0)}{mark} " if mark else ""
        lab = {"bold": f"**{label}:**", "plain": f"{label}:", "boldless": f"**{label}**"}[style]
        if cond.name in _GROUPS and self.chance(0.55):
            head = f"{lead}{lab} {self.header(cond)}" if self.chance(0.7) else \
                f"{lead}{lab} {self.pick('when', 'if')} {self.header(cond)}"
            return [head, *self.block(cond, depth + 1)]
        text = self.clause(cond, bare=self.chance(0.5))
        return [f"{lead}{lab} {self.pick('', '', 'when ', 'if ', 'once ')}{text}"]

    def settings_lines(self, form: str, depth: int) -> list[str]:
        mark = self.bullets[depth % len(self.bullets)]
        lines = []
        for key, value in self.settings():
            if self.chance(0.2):
                key = key.lower()
            lines.append({"bullet": f"{mark} **{key}:** {value}", "kv": f"{key}: {value}",
                          "plain": f"{mark} {key}: {value}", "dash": f"{mark} {key} - {value}",
                          "row": f"| {key} | {value} |",
                          "check": f"{mark} [x] {key}: {value}"}[form])
        return lines


def _call(value: Value | None) -> Call:
    assert isinstance(value, Call)
    return value


def _date(value: Value | None) -> dt.date | None:
    if not isinstance(value, Call):
        return None
    return dt.date(_whole(value.args["year"]), _whole(value.args["month"]),
                   _whole(value.args["day"]))


# --- layouts ---------------------------------------------------------------------------------

def _verbs(note: _Note) -> tuple[str, str]:
    """Entry and exit as sentence verbs, for the lines of prose."""
    if note.side == "LONG":
        return (note.pick("Buy", "Go long", "Enter long", "Open a long"),
                note.pick("Sell", "Exit", "Close the position", "Get out"))
    if note.side == "SHORT":
        return (note.pick("Short it", "Sell short", "Go short", "Open a short"),
                note.pick("Cover", "Exit the short", "Close the short"))
    return (note.pick("Go long", "Buy (go long)", "Open a long"),
            note.pick("Go short", "Flip to short", "Reverse to short"))


def _rules(note: _Note) -> list[tuple[str, str]]:
    """The two rules under their labels, the exit first now and then."""
    entry, exit_ = note.labels()
    pairs = [(entry, "buy_condition"), (exit_, "sell_condition")]
    return pairs[::-1] if note.chance(0.2) else pairs


def _table(note: _Note, rows: list[tuple[str, str]]) -> list[str]:
    head = note.rng.choice([("Setting", "Value"), ("Parameter", "Value"), ("Field", "Value"),
                            ("Key", "Setting"), ("What", "How"), ("Item", "Detail")])
    rule = note.pick("|---|---|", "| --- | --- |", "|:--|:--|", "|-----|-----|")
    return [f"| {head[0]} | {head[1]} |", rule, *(f"| {k} | {v} |" for k, v in rows)]


def _sections(note: _Note) -> list[str]:
    top = note.pick("#", "##", "#")
    sub = note.pick("##", "###", "bold") if top == "#" else note.pick("###", "bold")

    def heading(text: str) -> str:
        return f"**{text}**" if sub == "bold" else f"{sub} {text}"

    lines = [note.title(top)]
    if note.chance(0.3):
        lines.append(note.prose())
    body: list[list[str]] = []
    for label, key in _rules(note):
        cond = note.rule(key)
        part = [heading(label)]
        if cond.name in _GROUPS and note.chance(0.7):
            part.append(_cap(note.header(cond)))
            part += note.block(cond, 0)
        else:
            text = note.clause(cond, bare=True)
            plain = "`" not in text and "*" not in text and cond.name in _VERBS
            part.append(note.pick(text, f"{note.bullets[0]} {text}", f"When {text}.",
                                  f"`{text}`" if plain else text))
        body.append(part)
    settings = note.settings()
    if settings:
        name = note.pick("Settings", "Risk & sizing", "Backtest settings", "Parameters",
                         "Config", "Risk / money", "Other settings")
        part = [heading(name)]
        if note.chance(0.35):
            part += _table(note, settings)
        else:
            form = note.pick("bullet", "kv", "plain", "dash")
            part += note.settings_lines(form, 0)
        body.insert(note.rng.choice((0, len(body), len(body))), part)
    return lines + [line for part in body for line in part]


def _bullets(note: _Note) -> list[str]:
    style = note.pick("bold", "plain", "bold")
    lines = []
    if note.chance(0.7):
        lines.append(note.title(note.pick("#", "##", "###")))
        items: list[list[str]] = []
    else:
        mark = note.bullets[0]
        key = note.pick("Ticker", "Symbol", "Instrument", "Asset")
        side = note.pick("Side", "Direction", "Position", "Bias")
        items = [[f"{mark} **{key}:** {note.ticker_text()}" if style == "bold"
                  else f"{mark} {key}: {note.ticker_text()}"],
                 [f"{mark} **{side}:** {note.side_phrase()}" if style == "bold"
                  else f"{mark} {side}: {note.side_phrase()}"]]
    rules = [note.rule_lines(label, key, 0, style) for label, key in _rules(note)]
    settings = [[line] for line in note.settings_lines("bullet" if style == "bold" else
                                                       note.pick("plain", "dash"), 0)]
    if note.chance(0.6):
        body = rules + settings
    else:  # settings mixed in between the rules
        body = rules[:]
        for line in settings:
            body.insert(note.rng.randrange(len(body) + 1), line)
    return lines + [line for part in items + body for line in part]


def _tabled(note: _Note) -> list[str]:
    lines = [note.title(note.pick("#", "##"))]
    rows: list[tuple[str, str]] = []
    if note.chance(0.5):
        rows = [(label, note.clause(note.rule(key), bare=True)) for label, key in _rules(note)]
    else:
        for label, key in _rules(note):
            lines += note.rule_lines(label, key, 0, note.pick("bold", "plain"))
    rows += note.settings()
    if rows:
        if note.chance(0.3):
            lines.append(note.pick("Settings:", "**Parameters**", "## Settings", "### Config"))
        lines += _table(note, rows)
    return lines


def _checklist(note: _Note) -> list[str]:
    mark = note.bullets[0]
    lines = [note.title(note.pick("#", "##"))]
    for label, key in _rules(note):
        cond = note.rule(key)
        lines.append(note.pick(f"## {label} checklist", f"**{label}**", f"### {label}",
                               f"{label}:"))
        if cond.name in _GROUPS:
            lines.append(_cap(note.header(cond)))
            lines += note.block(cond, 0, box=True)
        else:
            lines.append(f"{mark} [ ] {note.clause(cond, bare=True)}")
    settings = note.settings_lines("check", 0)
    if settings:
        lines.append(note.pick("## Settings", "**Also**", "Other boxes:", "### Risk and money"))
        lines += settings
    return lines


def _oneline(note: _Note) -> list[str]:
    t, side = note.ticker_text(), note.side_phrase()
    head = note.pick(f"**{note.ticker}** {side}", f"{t} ({side})", f"# {t} {side}", f"{t}, {side}")
    parts = [f"{note.pick('**' + label + ':**', label + ':')} {note.clause(note.rule(key))}"
             for label, key in _rules(note)]
    rest = [note.pick(f"{k}: {v}", f"{k} {v}", f"**{k}** {v}") for k, v in note.settings()]
    note.rng.shuffle(rest)
    if note.chance(0.3) and rest:
        parts.insert(1, rest.pop())
    sep = note.pick(" - ", " | ", " // ", " - ")
    return [sep.join([head, *parts, *rest])]


def _front_matter(note: _Note) -> list[str]:
    snake = note.chance(0.5)

    def key(text: str) -> str:
        text = text.lower()
        return text.replace(" ", "_").replace("-", "_") if snake else text

    fence = note.chance(0.6)
    lines = ["---"] if fence else []
    lines += [f"{key(note.pick('Ticker', 'Symbol'))}: {note.ticker}",
              f"{key(note.pick('Side', 'Direction', 'Position'))}: {note.side_phrase()}"]
    rules: list[list[str]] = []
    for label, k in _rules(note):
        cond = note.rule(k)
        name = key(label)
        if cond.name in _GROUPS and note.chance(0.5):
            rules.append([f"{name} ({note.header(cond).rstrip(':').replace('*', '')}):",
                          *note.block(cond, 1)])
        else:
            rules.append([f"{name}: {note.clause(cond)}"])
    settings = [[f"{key(k)}: {v}"] for k, v in note.settings()]
    body = rules + settings
    if note.chance(0.4):
        body = settings + rules
    lines += [line for part in body for line in part]
    if fence:
        lines.append("---")
    if note.chance(0.4):
        lines.append(note.prose())
    return lines


def _readme(note: _Note) -> list[str]:
    t = note.ticker_text()
    lines = [note.pick(f"# {t} strategy", f"# Readme: {t}", f"## {t} idea",
                       f"# {t} setup")]
    go, leave = _verbs(note)
    side = note.side_phrase()
    entry = note.clause(note.rule("buy_condition"))
    exit_ = note.clause(note.rule("sell_condition"))
    opener = note.pick(f"Side: {side}.", f"Runs {side}.", f"This one is {side}.",
                       f"Position: {side}.")
    rule_text = note.pick(f"{go} when {entry}. {leave} when {exit_}.",
                          f"{leave} when {exit_}; {go.lower()} when {entry}.",
                          f"{go} if {entry}, and {leave.lower()} if {exit_}.")
    lines.append(f"{opener} {rule_text}")
    settings = note.settings()
    if settings:
        lines.append(note.pick("## Settings", "## Backtest", "### Parameters", "**Settings**"))
        if note.chance(0.5):
            lines += _table(note, settings)
        else:
            lines += note.settings_lines(note.pick("bullet", "plain", "dash"), 0)
    return lines


_LAYOUTS = ((_sections, 3), (_bullets, 3), (_tabled, 2), (_checklist, 1), (_oneline, 2),
            (_front_matter, 2), (_readme, 2))


class MarkdownPhraser:
    """A strategy as a markdown note: headings, lists, tables and key: value lines."""

    name = "markdown"

    def describe(self, strategy: Call, rng: random.Random) -> str:
        bullets = ["-", "*", "+"]
        rng.shuffle(bullets)
        note = _Note(strategy, rng, lower=rng.random() < 0.25, ticks=rng.random() < 0.2,
                     glue=rng.random() < 0.35, letters=rng.random() < 0.15,
                     bullets=tuple(bullets))
        layout = rng.choices([f for f, _ in _LAYOUTS], weights=[w for _, w in _LAYOUTS])[0]
        lines = layout(note)
        text = "\n".join(lines) if rng.random() < 0.85 else " ".join(lines)
        return _AN.sub(lambda m: m.group(1) + "n ", text)
