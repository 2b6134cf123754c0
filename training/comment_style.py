"""The comment style: a strategy as a Python developer sketches it in comments above the code.

Every line starts with ``#``: a header ("# strategy: AAPL (long only)"), the rules in
developer shorthand ("# entry -> rsi14 crosses below 30", "# if close > sma(len=200): buy"),
``key=value`` fragments in lower case ("# sl=5% (trailing), tp=10%"), ``TODO:`` and
``NOTE:`` lines written as full sentences, bullets for the parts of a rule, and glued
indicator names ("rsi14", "200sma"). Settings come in any order, sometimes between the
rules; the exit may come first. Only what the strategy holds is stated.
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

#: All-caps abbreviations common enough to keep their case; other names go lower case.
_SAFE_CAPS = frozenset({"RSI", "SMA", "EMA", "MACD", "BB", "ATR", "ADX", "CCI", "MFI", "OBV",
                        "ROC"})
_PRICES = {"CLOSE": ("close", "close", "price", "the close", "closing price", "close price"),
           "OPEN": ("open", "the open", "opening price", "open price"),
           "HIGH": ("high", "the high", "bar high", "high price"),
           "LOW": ("low", "the low", "bar low", "low price")}
#: Moving averages read well with the length glued in front: "200sma", "21ema".
_LENGTH_FIRST = frozenset({"SMA", "EMA"})
#: Short keys for parameters, as a developer types them: "len=14", "std=2".
_KEYS: dict[str, tuple[str, ...]] = {
    "length": ("len", "len", "length", "period", "n", "lookback", "window"),
    "smoothing_length": ("smooth_len", "smoothing_length", "smooth_n"),
    "source": ("src", "src", "source", "input"), "ma_type": ("ma", "ma_type", "matype"),
    "std_dev": ("std", "stdev", "std_dev", "dev"), "offset": ("offset", "shift"),
    "fast_length": ("fast", "fast_len"), "slow_length": ("slow", "slow_len"),
    "middle_length": ("mid", "middle", "mid_len"), "divisor": ("divisor", "div"),
    "signal_length": ("signal", "sig", "signal_len"),
    "smoothing_type": ("smoothing_type", "smooth_type", "ma"),
    "long_roc_length": ("long_roc", "roc_long"), "short_roc_length": ("short_roc", "roc_short"),
    "displacement": ("disp", "displacement", "shift"),
    "multiplier": ("mult", "multiplier", "atr_mult"),
    "use_exp_ma": ("use_ema", "exp_ma", "ema_basis"),
    "atr_length": ("atr_len", "atr_length", "atr_period"),
    "oscillator_ma_type": ("osc_ma", "oscillator_ma", "osc_ma_type"),
    "signal_ma_type": ("signal_ma", "sig_ma", "signal_ma_type")}
for _i, _nth in enumerate(("first", "second", "third", "fourth"), start=1):
    _KEYS[f"roc_length_{_i}"] = (f"roc_{_nth}", f"{_nth}_roc")
    _KEYS[f"sma_length_{_i}"] = (f"sma_{_nth}", f"{_nth}_sma")
_SOURCES = {"CLOSE": ("close", "closes"), "OPEN": ("open", "opens"), "HIGH": ("high", "highs"),
            "LOW": ("low", "lows"), "HLC3": ("hlc3", "typical price"),
            "HL2": ("hl2", "median price"), "OHLC4": ("ohlc4",),
            "HLCC4": ("hlcc4", "weighted close"), "VOLUME": ("volume",)}
_SMOOTHING = {"RMA": ("rma", "wilder"), "SMA": ("sma", "simple"), "EMA": ("ema", "exponential"),
              "WMA": ("wma", "weighted")}
_BOOLS = (("true", "false"), ("yes", "no"), ("on", "off"), ("True", "False"))

_CROSS_UP = ("crosses above", "crosses above", "crosses over", "crosses up through",
             "crossing above", "cross above")
_CROSS_DOWN = ("crosses below", "crosses below", "crosses under", "crosses down through",
               "crossing below", "cross below")
_ABOVE = (">", ">", ">", "is above", "is over", "stays above", "is greater than",
          "is higher than", "holds above", "sits above")
_BELOW = ("<", "<", "<", "is below", "is under", "stays below", "is less than",
          "is lower than", "holds below", "sits below")
_CROSS_CALLS = {"CrossOverCondition": ("crossover", "cross_above", "crossed_above"),
                "CrossUnderCondition": ("crossunder", "cross_below", "crossed_below")}
_DAY_UNITS = ("days", "days", "bars", "sessions", "candles")

#: Per side: the labels of the entry and exit rules, and the actions after an arrow.
_ENTRY_LABELS = {"LONG": ("entry", "entry (long)", "long entry", "buy", "go long",
                          "enter long", "open long", "buy signal", "long"),
                 "SHORT": ("entry", "entry (short)", "short entry", "short", "sell short",
                           "go short", "open short", "short signal"),
                 "LONG_SHORT_COMBINED": ("long", "go long", "long entry", "long signal",
                                         "open long")}
_EXIT_LABELS = {"LONG": ("exit", "sell", "close", "close long", "exit long", "sell signal",
                         "flat"),
                "SHORT": ("exit", "cover", "close short", "cover short", "exit short", "flat"),
                "LONG_SHORT_COMBINED": ("short", "go short", "flip short", "short entry",
                                        "short signal")}
_ENTRY_ACTIONS = {"LONG": ("buy", "go long", "enter long", "long"),
                  "SHORT": ("short", "sell short", "go short", "enter short"),
                  "LONG_SHORT_COMBINED": ("go long", "long", "buy (long)")}
_EXIT_ACTIONS = {"LONG": ("sell", "exit", "close long", "flat"),
                 "SHORT": ("cover", "exit", "close short", "flat"),
                 "LONG_SHORT_COMBINED": ("go short", "short", "flip short")}
_SIDES = {"LONG": ("long", "long", "long only", "long-only", "longs only"),
          "SHORT": ("short", "short", "short only", "short-only", "shorts only"),
          "LONG_SHORT_COMBINED": ("long/short", "long & short", "long + short",
                                  "both sides (long and short)", "long and short")}


def _whole(value: Value | None) -> int:
    assert isinstance(value, int) and not isinstance(value, bool), value
    return value


def _number(value: Value | None) -> float:
    assert isinstance(value, int | float) and not isinstance(value, bool), value
    return value


def _shown(name: str) -> str:
    """A catalog name as typed in a comment: all-caps words other than the common
    abbreviations go lower case ("Stochastic %K" -> "stochastic %k")."""
    tokens = re.findall(r"[A-Za-z0-9]+", name)
    if any(t.isupper() and t not in _SAFE_CAPS for t in tokens):
        return name.lower()
    return name


def _glued(series: str) -> tuple[str, ...]:
    """Lower-case abbreviations a length can be glued to: "rsi" for "rsi14"."""
    return tuple(n.lower() for n in series_names(series)
                 if re.fullmatch(r"[A-Z]{3,5}", n))


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


@dataclass
class _CommentWriter(StrategyWriter):
    lower: bool = False
    favourite: dict[str, str] = field(default_factory=dict)

    # --- values ----------------------------------------------------------------------

    def count(self, n: int) -> str:
        return wording.count(n, self.rng, 0.04)

    def num(self, value: float) -> str:
        return wording.number(value, self.rng, 0.03)

    def pct(self, value: float) -> str:
        v = wording.plain(value)
        return self.pick(f"{v}%", f"{v}%", f"{v}%", f"{v}%", f"{v} pct", f"{v}pct",
                         f"{v} percent")

    def money(self, value: float) -> str:
        for _ in range(20):
            text = wording.money(value, self.rng)
            if re.search(r"\$|USD|dollar", text):
                return text
        return f"${wording.grouped(value)}"

    def days(self, value: Value) -> str:
        n = _whole(value)
        unit = self.rng.choice(_DAY_UNITS)
        return f"{self.count(n)} {unit[:-1] if n == 1 else unit}"

    # --- series ----------------------------------------------------------------------

    def name(self, series: str) -> str:
        if series in self.favourite and self.rng.random() < 0.8:
            return self.favourite[series]
        names = series_names(series)
        short = [n for n in names if re.fullmatch(r"[A-Z%+\-]{2,6}", n)]
        chosen = _shown(self.rng.choice([*names, *short, *short]))
        if self.lower or self.rng.random() < 0.25:
            chosen = chosen.lower()
        self.favourite.setdefault(series, chosen)
        return chosen

    def series(self, call: Call) -> str:
        stated = {k: v for k, v in call.args.items() if k != "ticker"}
        ticker = call.args.get("ticker")
        if call.name == "CONST":
            value = self.num(_number(call.args["const_number"]))
            return self.pick(f"level {value}", f"const {value}", f"the {value} level")
        if call.name in _PRICES and not stated:
            core = self.rng.choice(_PRICES[call.name])
        elif call.name == "VOLUME":
            core = self.pick("volume", "vol", "volume", "traded volume")
        else:
            core = self.core(call.name, stated)
        if isinstance(ticker, str) and ticker != self.ticker:
            core = self.pick(f"{core} on {ticker}", f"{ticker} {core}", f"{core} ({ticker})",
                             f"{core} of {ticker}")
        return core

    def value(self, param: str, value: Value) -> str:
        if isinstance(value, bool):
            yes, no = self.rng.choice(_BOOLS)
            return yes if value else no
        if isinstance(value, EnumValue):
            table = _SOURCES if value.enum == "SourceType" else _SMOOTHING
            return self.rng.choice(table[value.member])
        if isinstance(value, int):
            return self.count(value)
        return self.num(_number(value))

    def core(self, series: str, stated: dict[str, Value]) -> str:
        name = self.name(series)
        if not stated:
            return name
        source = stated.get("source")
        if source is not None and len(stated) > 1 and self.rng.random() < 0.4:
            rest = {k: v for k, v in stated.items() if k != "source"}
            src = self.value("source", source)
            return self.pick(f"{self.core(series, rest)} on {src}",
                             f"{self.core(series, rest)} of {src}",
                             f"{self.core(series, rest)} (src={src})")
        if set(stated) == {"length"}:
            n = _whole(stated["length"])
            s = str(n)
            options = [f"{name}({s})", f"{name} {s}", f"{name}(len={s})", f"{name} len={s}",
                       f"{name}(n={s})", f"{self.count(n)}-period {name}", f"{s}-bar {name}",
                       f"{name} ({s})"]
            glue = _glued(series)
            if glue:
                g = self.rng.choice(glue)
                options += [f"{g}{s}", f"{g}{s}", f"{g}_{s}", f"{g}{s}"]
                if series in _LENGTH_FIRST:
                    options += [f"{s}{g}", f"{s}{g}"]
            return self.rng.choice(options)
        if set(stated) == {"source"}:
            src = self.value("source", stated["source"])
            return self.pick(f"{name} of {src}", f"{name}(src={src})", f"{name} on {src}",
                             f"{name} [source={src}]")
        items = list(stated.items())
        if self.rng.random() < 0.3:
            self.rng.shuffle(items)
        sep = self.pick("=", "=", "=", ": ")
        pairs = [(self.rng.choice(_KEYS[k]), self.value(k, v)) for k, v in items]
        kv = [f"{k}{sep}{v}" for k, v in pairs]
        spaced = ", ".join(f"{k} {v}" for k, v in pairs)
        return self.pick(f"{name}({', '.join(kv)})", f"{name}({','.join(kv)})",
                         f"{name} [{', '.join(kv)}]", f"{name} w/ {spaced}",
                         f"{name}({', '.join(kv)})", f"{name} ({spaced})")

    # --- conditions ------------------------------------------------------------------

    def cond(self, c: Call, nested: bool = False) -> str:
        if c.name in ("AND", "OR"):
            return self.group(c, nested)
        if c.name == "AfterXDaysCondition":
            return f"({self.after(c)})" if nested else self.after(c)
        kind = re.sub(r"^(Up|Down)trend(?=For|Fib)|Cross(Over|Under)|(Greater|Less)Than", "",
                      c.name)
        writers = {"Condition": self.relation, "ForXDaysCondition": self.trend,
                   "ChangeOfXPercentPerYDaysCondition": self.change,
                   "IntraIntervalChangeOfXPercentCondition": self.intra,
                   "FibRetracementLevelCondition": self.fib}
        return writers[kind](c)

    def part(self, c: Call) -> str:
        """A member of a group: groups and delays inside a group are always bracketed."""
        text = self.cond(c, nested=True)
        if c.name in ("AND", "OR") and not text.startswith(("(", "[", "all(", "any(")):
            return f"({text})"
        return text

    def parts(self, c: Call) -> list[str]:
        items = c.args["conditions"]
        assert isinstance(items, tuple)
        return [self.part(item) for item in items]

    def group(self, c: Call, nested: bool) -> str:
        both = c.name == "AND"
        parts = self.parts(c)
        if nested:
            fn = "all" if both else "any"
            word = self.pick(" and ", " AND ", " & ", " && ") if both else \
                self.pick(" or ", " OR ", " | ", " || ")
            return self.pick(f"({word.join(parts)})", f"[{word.join(parts)}]",
                             f"{fn}({', '.join(parts)})", f"({word.join(parts)})")
        if both:
            return self.pick(" and ".join(parts), " AND ".join(parts), " & ".join(parts),
                             " && ".join(parts), f"all of: {'; '.join(parts)}",
                             f"all({', '.join(parts)})", " and ".join(parts),
                             f"both {parts[0]} and {parts[1]}" if len(parts) == 2
                             else " and ".join(parts))
        return self.pick(" or ".join(parts), " OR ".join(parts), " | ".join(parts),
                         " || ".join(parts), f"any of: {'; '.join(parts)}",
                         f"any({', '.join(parts)})", " or ".join(parts),
                         f"either {parts[0]} or {parts[1]}" if len(parts) == 2
                         else " or ".join(parts))

    def relation(self, c: Call) -> str:
        first, second = c.args["first_series"], c.args["second_series"]
        assert isinstance(first, Call) and isinstance(second, Call)
        a = self.series(first)
        b = self.value_of(second)
        name = c.name
        if name in _CROSS_CALLS and self.rng.random() < 0.25:
            return f"{self.rng.choice(_CROSS_CALLS[name])}({a}, {b})"
        verb = self.rng.choice({"CrossOverCondition": _CROSS_UP,
                                "CrossUnderCondition": _CROSS_DOWN,
                                "GreaterThanCondition": _ABOVE,
                                "LessThanCondition": _BELOW}[name])
        return f"{a} {verb} {b}"

    def value_of(self, call: Call) -> str:
        """The right side of a relation: a plain number for a level."""
        if call.name != "CONST":
            return self.series(call)
        value = _number(call.args["const_number"])
        if value == 0 and self.rng.random() < 0.3:
            return self.pick("zero", "the zero line", "0 line")
        return self.num(value)

    def trend(self, c: Call) -> str:
        series = c.args["series"]
        assert isinstance(series, Call)
        s, d = self.series(series), self.days(c.args["number_of_days"])
        if c.name == "UptrendForXDaysCondition":
            return self.pick(f"{s} rising {d} in a row", f"{s} up {d} straight",
                             f"uptrend on {s} for {d}", f"{s} in an uptrend for {d}",
                             f"{s} trending up ({d})", f"{d} of uptrend in {s}",
                             f"{s} has gone up for {d}")
        return self.pick(f"{s} falling {d} in a row", f"{s} down {d} straight",
                         f"downtrend on {s} for {d}", f"{s} in a downtrend for {d}",
                         f"{s} trending down ({d})", f"{d} of downtrend in {s}",
                         f"{s} has gone down for {d}")

    def change(self, c: Call) -> str:
        series = c.args["series"]
        assert isinstance(series, Call)
        s, d = self.series(series), self.days(c.args["number_of_days"])
        percent = _number(c.args["percent"])
        p = self.pct(abs(percent))
        if percent == 0:
            return self.pick(f"{s} changes {p} over {d}", f"{d} change of {s} = {p}")
        sign = "+" if percent > 0 else "-"
        if percent > 0:
            return self.pick(f"{s} up {p} over {d}", f"{s} gains {p} within {d}",
                             f"{s} {sign}{p} in {d}", f"over {d}: {s} {sign}{p}",
                             f"{d} change of {s} = {sign}{p}", f"{s} rallies {p} in {d}",
                             f"within {d} {s} rises {p}")
        return self.pick(f"{s} down {p} over {d}", f"{s} loses {p} within {d}",
                         f"{s} {sign}{p} in {d}", f"over {d}: {s} {sign}{p}",
                         f"{d} change of {s} = {sign}{p}", f"{s} drops {p} in {d}",
                         f"within {d} {s} falls {p}")

    def intra(self, c: Call) -> str:
        series = c.args["series"]
        assert isinstance(series, Call)
        s = self.series(series)
        percent = _number(c.args["percent"])
        p = self.pct(abs(percent))
        bar = self.pick("intrabar", "within a single bar", "inside the same candle",
                        "intra-bar", "within the bar")
        if percent == 0:
            return f"{s} changes {p} {bar}"
        noun = self.pick("intrabar", "intra-bar", "single-bar", "in-bar")
        if percent > 0:
            return self.pick(f"{s} up {p} {bar}", f"{s} jumps {p} {bar}",
                             f"{noun} move of {s} +{p}", f"{s} +{p} ({bar})")
        return self.pick(f"{s} down {p} {bar}", f"{s} drops {p} {bar}",
                         f"{noun} move of {s} -{p}", f"{s} -{p} ({bar})")

    def fib(self, c: Call) -> str:
        level = c.args["fib_level"]
        assert isinstance(level, EnumValue)
        lvl = self.rng.choice(member_names("FibonacciLevels", level.member))
        fib = self.pick("fib", "fib", "Fibonacci", "fibo")
        if c.name == "UptrendFibRetracementLevelCondition":
            text = self.pick(f"price retraces to the {lvl} {fib} level (uptrend)",
                             f"uptrend pullback to {lvl} {fib}",
                             f"{fib} retracement {lvl} in an uptrend",
                             f"in uptrend: price hits {lvl} {fib} retrace")
        else:
            text = self.pick(f"price retraces up to the {lvl} {fib} level (downtrend)",
                             f"downtrend bounce to {lvl} {fib}",
                             f"{fib} retracement {lvl} in a downtrend",
                             f"in downtrend: price hits {lvl} {fib} retrace")
        length = c.args.get("length")
        if length is not None:
            n = self.count(_whole(length))
            text += self.pick(f" (lookback={n})", f", swing len {n}", f" [len={n}]",
                              f" over {n} bars")
        return text

    def after(self, c: Call) -> str:
        inner = c.args["condition"]
        assert isinstance(inner, Call)
        d = self.days(c.args["number_of_days"])
        text = self.part(inner) if inner.name in ("AND", "OR") else self.cond(inner)
        return self.pick(f"{d} after {text}", f"{text}, then wait {d}", f"{text} -> wait {d}",
                         f"delay({text}, {d})", f"{text} (delayed {d})", f"{text}, {d} later")

    # --- settings --------------------------------------------------------------------

    def side_word(self) -> str:
        return self.rng.choice(_SIDES[self.side])

    def symbol(self) -> str:
        t = self.ticker
        return self.pick(t, t, t, f"${t}" if t.isalpha() else t)

    def header(self) -> str:
        t, s = self.symbol(), self.side_word()
        return self.pick(f"strategy: {t} ({s})", f"{t} {s}", f"{s} {t}",
                         f"strategy: {s} {t}", f"setup for {t}, {s}", f"{t} - {s} strat",
                         f"backtest: {t}, {s}", f"TODO: {s} strategy on {t}",
                         f"idea: trade {t} {s}", f"--- {t} ({s}) ---", f"## {t} / {s}",
                         f"strategy: {t}", f"ticker: {t}")

    def stop(self) -> str | None:
        stop = self.strategy.args.get("stop_loss")
        if not isinstance(stop, Call):
            return None
        p = self.pct(_number(stop.args["percentage"]))
        kind = stop.args.get("stop_loss_type")
        if kind is None:
            return self.pick(f"sl={p}", f"sl {p}", f"stop {p}", f"stop loss {p}",
                             f"stop_loss={p}", f"stop @ {p}", f"{p} stop")
        assert isinstance(kind, EnumValue)
        if kind.member == "TRAILING":
            return self.pick(f"sl={p} (trailing)", f"trailing stop {p}", f"trail {p}",
                             f"stop {p}, trailing", f"sl {p} trail", f"{p} trailing sl",
                             f"stop_type=trailing, sl={p}")
        k = self.pick("fixed", "hard", "static", "fixed")
        return self.pick(f"sl={p} ({k})", f"{k} stop {p}", f"stop {p}, {k}",
                         f"{p} {k} sl", f"stop_type={k}, sl={p}")

    def target(self) -> str | None:
        tp = self.strategy.args.get("take_profit")
        if not isinstance(tp, Call):
            return None
        p = self.pct(_number(tp.args["percentage"]))
        return self.pick(f"tp={p}", f"tp {p}", f"take profit {p}", f"target +{p}",
                         f"take_profit={p}", f"profit target {p}", f"tp @ {p}")

    def date(self, key: str) -> str | None:
        call = self.strategy.args.get(key)
        if not isinstance(call, Call):
            return None
        day = dt.date(_whole(call.args["year"]), _whole(call.args["month"]),
                      _whole(call.args["day"]))
        if self.rng.random() < 0.4:
            return day.isoformat()
        return wording.date(day, self.rng)

    def dates(self) -> str | None:
        a, b = self.date("start_date"), self.date("end_date")
        if a and b:
            return self.pick(f"from {a} to {b}", f"dates: {a} -> {b}", f"start {a}, end {b}",
                             f"bt window {a} to {b}", f"start_date = {a}, end_date = {b}",
                             f"between {a} and {b}")
        if a:
            return self.pick(f"from {a}", f"since {a}", f"start = {a}", f"start_date: {a}",
                             f"data from {a} onward")
        if b:
            return self.pick(f"until {b}", f"end = {b}", f"up to {b}", f"end_date: {b}",
                             f"data until {b}")
        return None

    def period(self) -> str | None:
        period = self.strategy.args.get("period")
        if not isinstance(period, EnumValue):
            return None
        member = period.member
        if member == "NOT_PASSED":
            return self.pick("period=none", "period: none", "no period (none)")
        spec = CATALOG.enum("Period")
        assert spec is not None
        found = spec.member(member)
        assert found is not None
        code = found.value
        name = self.rng.choice(member_names("Period", member))
        return self.pick(f"period={code}", f"period {code}", f"period: {name}",
                         f"history: {name}", f"over {name} of data", f"lookback period {code}")

    def interval(self) -> str | None:
        interval = self.strategy.args.get("interval")
        if not isinstance(interval, EnumValue):
            return None
        names = member_names("Interval", interval.member)
        code = names[-1]
        spoken = next(n for n in names if " " in n)
        options = [f"interval={code}", f"tf={code}", f"timeframe: {code}", f"on {code} bars",
                   f"bars: {spoken}", f"{code} candles", f"interval {spoken}"]
        if names[0].endswith("ly"):
            options += [f"{names[0]} bars", f"{names[0]} candles", f"tf: {names[0]}",
                        f"{names[0]} chart"]
        return self.rng.choice(options)

    def capital(self) -> str | None:
        value = self.strategy.args.get("initial_capital")
        if value is None:
            return None
        m = self.money(_number(value))
        return self.pick(f"capital={m}", f"initial capital {m}", f"cash: {m}",
                         f"start with {m}", f"init_cash = {m}", f"starting equity {m}",
                         f"account size {m}")

    def size(self) -> str | None:
        size = self.strategy.args.get("order_size")
        if not isinstance(size, Call):
            return None
        value = _number(size.args["value"])
        if size.name == "Contracts":
            n = self.num(value)
            unit = self.pick("shares", "contracts", "units", "shares")
            unit = unit[:-1] if value == 1 else unit
            return self.pick(f"size={n} {unit}", f"qty {n} {unit}", f"{n} {unit} per trade",
                             f"{n} {unit}/trade", f"order size: {n} {unit}",
                             f"qty={n} ({unit})")
        if size.name == "USD":
            m = self.money(value)
            return self.pick(f"size={m} per trade", f"{m} per trade", f"{m}/trade",
                             f"order size {m}", f"notional {m} per position",
                             f"size: {m} (cash)")
        p = self.pct(value)
        return self.pick(f"size={p} of equity", f"{p} of equity per trade",
                         f"{p} of equity/trade", f"order size {p} of capital",
                         f"{p} of account per position", f"allocate {p} of equity")

    def fees(self) -> str | None:
        fee = self.strategy.args.get("trade_commissions")
        if not isinstance(fee, Call):
            return None
        value = _number(fee.args["value"])
        if fee.name == "MoneyCommissions":
            if value == 0:
                return self.pick("no fees", "commission free", "zero commission",
                                 "fees: none", "$0 commission")
            m = self.money(value)
            return self.pick(f"fees={m}/trade", f"commission {m} per trade",
                             f"{m} per trade commission", f"comm: {m} flat",
                             f"flat fee {m} per trade")
        p = self.pct(value)
        return self.pick(f"fees={p}", f"commission {p} per trade", f"{p} commission",
                         f"comm {p} of trade value", f"fee: {p} per trade")

    def settings(self) -> list[str]:
        found = [s for s in (self.stop(), self.target(), self.dates(), self.period(),
                             self.interval(), self.capital(), self.size(), self.fees()) if s]
        self.rng.shuffle(found)
        return found

    # --- rules and layouts -----------------------------------------------------------

    def rule(self, key: str) -> Call:
        value = self.strategy.args[key]
        assert isinstance(value, Call)
        return value

    def rule_lines(self, key: str) -> list[str]:
        entry = key == "buy_condition"
        c = self.rule(key)
        label = self.rng.choice((_ENTRY_LABELS if entry else _EXIT_LABELS)[self.side])
        action = self.rng.choice((_ENTRY_ACTIONS if entry else _EXIT_ACTIONS)[self.side])
        if c.name in ("AND", "OR") and self.rng.random() < 0.25:
            head = self.pick("all of", "all", "every one of") if c.name == "AND" else \
                self.pick("any of", "any", "one of")
            bullet = self.pick("- ", "* ", "- ")
            first = self.pick(f"{label} when {head}:", f"{label} ({head}):",
                              f"{label} if {head}:")
            return [first, *(f"{bullet}{p}" for p in self.parts(c))]
        text = self.cond(c)
        return [self.pick(f"{label}: {text}", f"{label} when {text}", f"{label} if {text}",
                          f"{text} -> {action}", f"if {text}: {action}",
                          f"{label} -> {text}", f"{label}: {text}")]

    def block(self) -> list[str]:
        rules = [self.rule_lines("buy_condition"), self.rule_lines("sell_condition")]
        if self.rng.random() < 0.2:
            rules.reverse()
        lines = [self.header()]
        if not any(w in lines[0] for w in ("long", "short")):
            lines.append(self.pick(f"side={self.side_word()}", f"side: {self.side_word()}",
                                   f"direction: {self.side_word()}"))
        settings = self.settings()
        groups: list[str] = []
        while settings:
            take = self.rng.randint(1, 3)
            sep = self.pick(", ", ", ", " | ", "; ")
            groups.append(sep.join(settings[:take]))
            settings = settings[take:]
        groups = [self.pick(g, g, f"NOTE: {g}", f"TODO: {g}", f"cfg: {g}") for g in groups]
        middle = [g for g in groups if self.rng.random() < 0.2]
        after = [g for g in groups if g not in middle]
        lines += rules[0] + middle + rules[1] + after
        return lines

    def sentence_rule(self, key: str) -> str:
        entry = key == "buy_condition"
        text = self.cond(self.rule(key))
        t = self.symbol()
        when = self.pick("when", "when", "if", "once", "as soon as")
        if entry:
            verb = {"LONG": self.pick(f"buy {t}", f"go long {t}", f"open a long on {t}"),
                    "SHORT": self.pick(f"short {t}", f"sell {t} short", f"go short on {t}"),
                    "LONG_SHORT_COMBINED": self.pick(f"go long {t}", f"buy {t} (long side)")
                    }[self.side]
        else:
            verb = {"LONG": self.pick("sell", "exit the position", "close it", "get out"),
                    "SHORT": self.pick("cover", "close the short", "exit the short"),
                    "LONG_SHORT_COMBINED": self.pick("flip to short", "go short",
                                                     "reverse into a short")}[self.side]
        return f"{verb} {when} {text}"

    def todo(self) -> list[str]:
        tag = self.pick("TODO: ", "TODO: ", "todo: ", "TODO ", "NOTE: ", "")
        lines = [f"{tag}{_cap(self.sentence_rule('buy_condition'))}."]
        exit_line = f"{_cap(self.sentence_rule('sell_condition'))}."
        lines.append(self.pick(exit_line, f"then: {exit_line}", f"{tag}{exit_line}"))
        if self.side == "LONG_SHORT_COMBINED":
            lines.insert(0, self.pick("strategy: long and short.", "trade both sides.",
                                      "long/short, always in the market."))
        for s in self.settings():
            verb = self.pick("add ", "set ", "use ", "", "")
            lines.append(self.pick(f"TODO: {verb}{s}", f"{s}", f"NOTE: {s}", f"- {verb}{s}"))
        return lines

    def oneliner(self) -> list[str]:
        t, side = self.symbol(), self.side_word()
        entry, exit_ = self.cond(self.rule("buy_condition")), self.cond(self.rule("sell_condition"))
        a = self.rng.choice(_ENTRY_ACTIONS[self.side])
        b = self.rng.choice(_EXIT_ACTIONS[self.side])
        body = self.pick(f"{a} on {entry}; {b} on {exit_}", f"{entry} -> {a}, {exit_} -> {b}",
                         f"{a}: {entry} / {b}: {exit_}", f"{a} if {entry}, {b} if {exit_}")
        head = self.pick(f"{t} {side}: ", f"{side} {t}: ", f"strategy ({t}, {side}): ")
        settings = self.settings()
        tail = self.pick(" | ", "; ", " -- ", ". ").join(settings)
        if len(settings) > 3 and self.rng.random() < 0.6:
            return [head + body, tail]
        return [head + body + (self.pick(" | ", "; ", ". ") + tail if tail else "")]

    def keyvalue(self) -> list[str]:
        eq = self.pick(" = ", ": ", " = ")
        head = self.pick("strategy:", "config:", "params:", "--- strategy ---")
        lines = [f"ticker{eq}{self.ticker}", f"side{eq}{self.side_word()}"]
        keys = {"LONG": (("entry", "buy"), ("exit", "sell")),
                "SHORT": (("entry", "short"), ("exit", "cover")),
                "LONG_SHORT_COMBINED": (("long", "long_when"), ("short", "short_when"))}
        (e1, e2), (x1, x2) = keys[self.side]
        rules = [f"{self.pick(e1, e2)}{eq}{self.cond(self.rule('buy_condition'))}",
                 f"{self.pick(x1, x2)}{eq}{self.cond(self.rule('sell_condition'))}"]
        if self.rng.random() < 0.2:
            rules.reverse()
        if self.rng.random() < 0.3:
            lines.reverse()
        return [head, *lines, *rules, *self.settings()]

    def write(self) -> str:
        self.lower = self.rng.random() < 0.2
        layout = self.rng.choice((self.block, self.block, self.block, self.todo,
                                  self.oneliner, self.keyvalue))
        lines = layout()
        prefix = self.pick("# ", "# ", "# ", "## ")
        capital = self.rng.random() < 0.3
        out = []
        for line in lines:
            line = _cap(line) if capital else line
            out.append(line if line.startswith("#") else f"{prefix}{line}")
        return "\n".join(out)


class CommentPhraser:
    """A strategy as a developer's comments above the code (``# entry -> rsi14 < 30``)."""

    @property
    def name(self) -> str:
        return "comment"

    def describe(self, strategy: Call, rng: random.Random) -> str:
        return _CommentWriter(strategy, rng).write()
