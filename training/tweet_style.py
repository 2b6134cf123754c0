"""The tweet style: a strategy idea as a trader posts it on social media or a chat channel.

Compact and mostly lower case: a cashtag (``$AAPL``) or a bare ticker, short clauses with
labels ("in:", "out:", "cover when"), arrows (``->``, ``=>``) and comparison symbols,
glued indicator names ("rsi14", "200sma"), trader shorthand ("sl", "tp", "acct", "tf",
"w/"), fillers ("nfa", "thoughts?"), one line or several. Nested groups always sit in
brackets, so grouping reads back from the text. Only what the code holds is stated, in
spellings the model's reader reads (digits, "$10k", "5%", dates with a full year).
"""

from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import dataclass, field

from strategy_lsp.grammar import CATALOG, Call, EnumValue, Kind, Value

from . import wording
from .style_writer import Writer
from .vocabulary import series_names

_PRICES = ("CLOSE", "OPEN", "HIGH", "LOW")
#: Lower-case names that read as ordinary words, or are too vague on their own in a tweet.
_AVOID = frozenset({"mom", "mi", "mom indicator", "mass", "price", "close", "open", "high",
                    "low", "the close", "the open", "the high", "the low", "elder bull/bear power",
                    "vol", "volume", "volume-weighted rsi"})
#: Short names people type that the catalog does not list (checked unique below).
_OWN_NAMES: dict[str, tuple[str, ...]] = {
    "STOCH_PERCENT_K": ("stoch k", "stoch %k"), "STOCH_PERCENT_D": ("stoch d", "stoch %d"),
    "WILLR": ("willr", "will %r"), "BB_UPPER": ("upper bb", "bb top"),
    "BB_LOWER": ("lower bb", "bb bottom"), "BB_MIDDLE": ("bb mid", "bb basis"),
    "KC_UPPER": ("kc upper", "keltner top"), "KC_LOWER": ("kc lower", "keltner bottom"),
    "DC_UPPER": ("dc upper", "donchian top"), "DC_LOWER": ("dc lower", "donchian bottom"),
    "ICHIMOKU_LEADING_SPAN_A": ("senkou a",), "ICHIMOKU_LEADING_SPAN_B": ("senkou b",),
    "ICHIMOKU_BASE": ("kijun",), "ICHIMOKU_CONVERSION": ("tenkan",),
    "ICHIMOKU_LAGGING_SPAN": ("chikou",), "CHAIKIN_OSC": ("chaikin osc",),
    "MACD_SIGNAL": ("macd signal", "macd sig"), "KST_SIGNAL": ("kst signal", "kst sig"),
}
#: Names glued to a length as prefix: "200sma", "21ema".
_PREFIX_GLUE = frozenset({"sma", "ema", "ma"})
#: Parameter tuples as charting tools print them, in this order.
_TUPLES: dict[str, tuple[str, ...]] = {
    "MACD": ("fast_length", "slow_length"),
    "MACD_SIGNAL": ("fast_length", "slow_length", "signal_length"),
    "BB_LOWER": ("length", "std_dev"), "BB_UPPER": ("length", "std_dev"),
    "BB_MIDDLE": ("length", "std_dev"), "KC_LOWER": ("length", "multiplier"),
    "KC_UPPER": ("length", "multiplier"), "STOCH_PERCENT_D": ("length", "smoothing_length"),
    "UO": ("fast_length", "middle_length", "slow_length"),
}
_KEYS: dict[str, tuple[str, ...]] = {
    "length": ("len", "length", "lookback", "lb"), "std_dev": ("std", "sd", "stdev", "dev"),
    "multiplier": ("mult", "multiplier"), "atr_length": ("atr len", "atr length"),
    "offset": ("offset", "shift"), "displacement": ("displacement", "disp"),
    "smoothing_length": ("smooth len", "smoothing len", "smoothing length"),
    "fast_length": ("fast", "fast len"), "slow_length": ("slow", "slow len"),
    "middle_length": ("mid", "middle len"), "signal_length": ("signal", "signal len"),
    "long_roc_length": ("longer roc", "longer roc len"),
    "short_roc_length": ("shorter roc", "shorter roc len"),
    "divisor": ("divisor", "div"), "smoothing_type": ("smoothing", "smoothing type"),
    "ma_type": ("ma type", "avg type"), "oscillator_ma_type": ("osc ma", "osc ma type"),
    "signal_ma_type": ("signal ma", "signal ma type"),
}
#: The KST's four ROC and four SMA lengths: "first roc 10", "third sma len 10".
for _i, _word in enumerate(("first", "second", "third", "fourth"), start=1):
    _KEYS[f"roc_length_{_i}"] = (f"{_word} roc", f"{_word} roc len")
    _KEYS[f"sma_length_{_i}"] = (f"{_word} sma", f"{_word} sma len")
_SOURCES = {"CLOSE": ("close", "closes"), "OPEN": ("open", "opens"), "HIGH": ("high", "highs"),
            "LOW": ("low", "lows"), "HLC3": ("hlc3", "typical price"),
            "HL2": ("hl2", "median price"), "OHLC4": ("ohlc4",),
            "HLCC4": ("hlcc4", "weighted close"), "VOLUME": ("volume",)}
_SMOOTHING = {"RMA": ("rma", "wilder"), "SMA": ("sma",), "EMA": ("ema",), "WMA": ("wma",)}
_FIB = {"LEVEL_0": ("0%", "0"), "LEVEL_23_6": ("23.6%", "23.6"), "LEVEL_38_2": ("38.2%", "38.2"),
        "LEVEL_50": ("50%", "50"), "LEVEL_61_8": ("61.8%", "61.8", "golden ratio"),
        "LEVEL_100": ("100%", "100")}
_PERIODS = {"ONE_DAY": ("1d", "1 day"), "FIVE_DAYS": ("5d", "5 days"),
            "ONE_MONTH": ("1mo", "1 month"), "THREE_MONTHS": ("3mo", "3 months", "quarter"),
            "SIX_MONTHS": ("6mo", "6 months", "half year"), "ONE_YEAR": ("1y", "1 year", "year"),
            "TWO_YEARS": ("2y", "2 years"), "FIVE_YEARS": ("5y", "5 years"),
            "TEN_YEARS": ("10y", "10 years", "decade")}
_INTERVALS = {"ONE_DAY": ("daily", "1d"), "FIVE_DAYS": ("5-day", "5d"),
              "ONE_WEEK": ("weekly", "1wk"), "ONE_MONTH": ("monthly", "1mo"),
              "THREE_MONTHS": ("quarterly", "3mo")}
_VERBS = {
    "CrossOverCondition": ("crosses above", "crosses over", "crosses up thru", "crossing above",
                           "breaks above", "pops above", "reclaims", "crosses >",
                           "crosses up through", "crosses back above"),
    "CrossUnderCondition": ("crosses below", "crosses under", "crosses down thru", "crossing below",
                            "breaks below", "loses", "crosses <", "crosses down through",
                            "crosses back below", "breaks down thru"),
    "GreaterThanCondition": (">", ">", ">", "above", "over", "is above", "holding above",
                             "sitting above", "stays above", "north of", "higher than", "is >"),
    "LessThanCondition": ("<", "<", "<", "below", "under", "is below", "holding below",
                          "sitting under", "stays under", "south of", "lower than", "is <"),
}
_AN = re.compile(r"\b([Aa]) (?=8|1[18](?!\d)|eight|eleven)")


def _build_names() -> dict[str, tuple[str, ...]]:
    """Each series class's names as typed in a tweet, none shared with another class."""
    classes = [c.name for c in CATALOG.of_kind(Kind.SERIES)]
    pools = {c: [n.lower() for n in (*series_names(c), *_OWN_NAMES.get(c, ()))
                 if "/" not in n] for c in classes}
    owners: dict[str, set[str]] = {}
    for cls, names in pools.items():
        for n in names:
            owners.setdefault(n, set()).add(cls)
    return {c: tuple(dict.fromkeys(n for n in names if n not in _AVOID and len(owners[n]) == 1))
            for c, names in pools.items()}


_NAMES = _build_names()
#: Catalog abbreviations a writer with caps lock habits keeps in capitals (never glued).
_CAPS = {c: tuple(n for n in series_names(c) if re.fullmatch(r"[A-Z]{2,5}", n)
                  and n not in ("MOM", "MI")) for c in _NAMES}


def _num(value: Value) -> str:
    assert isinstance(value, int | float) and not isinstance(value, bool), value
    return wording.plain(value)


def _whole(value: Value) -> int:
    assert isinstance(value, int) and not isinstance(value, bool), value
    return value


@dataclass
class _Tweet(Writer):
    ticker: str
    side: str  # a PositionTypeEnum member
    caps: bool = False
    cashtag: float = 0.7
    unit: tuple[str, ...] = ("days", "bars")
    favourite: dict[str, str] = field(default_factory=dict)

    def tag(self, ticker: str | None = None) -> str:
        t = ticker or self.ticker
        cashable = re.fullmatch(r"[A-Z][A-Z.\-=]*", t) is not None
        return f"${t}" if cashable and self.rng.random() < self.cashtag else t

    def pct(self, value: float) -> str:
        return _num(value) + self.pick("%", "%", "%", " pct", " percent", "%")

    def money(self, value: float) -> str:
        m = wording.money(value, self.rng)
        if "M" in m and not m.startswith("$"):
            return m  # "1.5m" without a dollar sign reads as minutes
        return m.lower() if "USD" not in m or self.rng.random() < 0.5 else m

    def days(self, value: Value) -> str:
        n = _whole(value)
        unit = self.rng.choice(self.unit)
        count = wording.count(n, self.rng, 0.08)
        return f"{count} {unit[:-1] if n == 1 else unit}"

    # --- series ------------------------------------------------------------------------

    def name(self, cls: str) -> str:
        if cls in self.favourite and self.rng.random() < 0.85:
            return self.favourite[cls]
        caps = _CAPS.get(cls, ())
        if self.caps and caps and self.rng.random() < 0.7:
            chosen = self.rng.choice(caps)
        else:
            names = _NAMES[cls]
            short = [n for n in names if len(n) <= 12]
            chosen = self.rng.choice(short * 3 + list(names) if short else names)
        self.favourite.setdefault(cls, chosen)
        return chosen

    def series(self, call: Call, subject: bool = False) -> str:
        if call.name == "CONST":
            return self._level(call.args["const_number"], call)
        stated = {k: v for k, v in call.args.items() if k != "ticker"}
        ticker = call.args.get("ticker")
        other = ticker if isinstance(ticker, str) and ticker != self.ticker else None
        if call.name in _PRICES or call.name == "VOLUME":
            return self._price(call.name, other, subject)
        source = stated.pop("source", None)
        core = self._core(call.name, stated)
        if isinstance(source, EnumValue):
            src = self.rng.choice(_SOURCES[source.member])
            core = self.pick(f"{core} on {src}", f"{core} src={src}", f"{core} (src {src})",
                             f"{core} of {src}", f"{core} [{src}]")
        if other:
            tag = self.tag(other)
            core = self.pick(f"{tag} {core}", f"{core} on {tag}", f"{tag}'s {core}",
                             f"{core} of {tag}")
        return core

    def _price(self, cls: str, other: str | None, subject: bool) -> str:
        words = {"CLOSE": ("close", "price", "px", "closing price"),
                 "OPEN": ("open", "opening price", "the open"),
                 "HIGH": ("high", "the high", "bar high"), "LOW": ("low", "the low", "bar low"),
                 "VOLUME": ("volume", "vol", "volume")}[cls]
        word = self.rng.choice(words)
        if other:
            tag = self.tag(other)
            if cls == "CLOSE" and subject and self.rng.random() < 0.4:
                return tag
            word = word.removeprefix("the ")
            return self.pick(f"{tag} {word}", f"{tag}'s {word}")
        if cls == "CLOSE" and subject and self.rng.random() < 0.35:
            return self.pick(self.tag(), f"{self.tag()} price", f"{self.tag()} close")
        return word

    def _core(self, cls: str, stated: dict[str, Value]) -> str:
        name = self.name(cls)
        if not stated:
            return name
        if tuple(stated) == ("length",):
            n = _num(stated["length"])
            options = [f"{name}({n})", f"{name} ({n})", f"{name} {n}", f"{n}-period {name}",
                       f"{n}-bar {name}", f"{name}(len={n})", f"{name} len {n}"]
            if re.fullmatch(r"[a-z]{2,5}", name):
                options += [f"{name}{n}", f"{name}{n}", f"{name}{n}"]
            if name in _PREFIX_GLUE:
                options += [f"{n}{name}", f"{n}{name}", f"{n} {name}"]
            return self.rng.choice(options)
        order = _TUPLES.get(cls)
        if order and set(stated) == set(order) and self.rng.random() < 0.6:
            nums = [_num(stated[k]) for k in order]
            return self.pick(f"{name}({', '.join(nums)})", f"{name}({'/'.join(nums)})",
                             f"{name} {'/'.join(nums)}", f"{name} ({', '.join(nums)})")
        keys = list(stated)
        if self.rng.random() < 0.3:
            self.rng.shuffle(keys)
        eq = self.rng.random() < 0.3
        parts = [self._param(k, stated[k], eq) for k in keys]
        return self.pick(f"{name}({', '.join(parts)})", f"{name} [{' / '.join(parts)}]",
                         f"{name} w/ {', '.join(parts)}", f"{name} ({', '.join(parts)})")

    def _param(self, key: str, value: Value, eq: bool) -> str:
        if key == "use_exp_ma":
            assert isinstance(value, bool)
            return self.pick("exp ma on", "use exp ma: yes", "exp ma=true") if value else \
                self.pick("exp ma off", "use exp ma: no", "exp ma=false")
        word = self.rng.choice(_KEYS[key])
        if isinstance(value, EnumValue):
            v = self.rng.choice(_SMOOTHING[value.member])
            return f"{word}={v}" if eq else self.pick(f"{word} {v}", f"{v} {word}")
        n = _num(value)
        if eq:
            return f"{word}={n}"
        if key == "std_dev":
            return self.pick(f"{n} sd", f"{n} std", f"{word} {n}")
        if key == "multiplier":
            return self.pick(f"{n}x mult", f"{word} {n}")
        return f"{word} {n}"

    # --- conditions --------------------------------------------------------------------

    def rule(self, cond: Call, nested: bool = False) -> str:
        name = cond.name
        if name in ("AND", "OR"):
            text = self._group(cond, nested)
            return self.pick(f"({text})", f"[{text}]", f"({text})") if nested else text
        if name in _VERBS:
            return self._compare(cond)
        if name in ("UptrendForXDaysCondition", "DowntrendForXDaysCondition"):
            return self._trend(cond, name.startswith("Up"))
        if name == "ChangeOfXPercentPerYDaysCondition":
            return self._change(cond)
        if name == "IntraIntervalChangeOfXPercentCondition":
            return self._intra(cond)
        if name.endswith("FibRetracementLevelCondition"):
            return self._fib(cond, name.startswith("Up"))
        if name == "AfterXDaysCondition":
            return self._after(cond)
        raise ValueError(f"no tweet wording for {name}")

    def _group(self, cond: Call, nested: bool) -> str:
        items = cond.args["conditions"]
        assert isinstance(items, tuple)
        parts = [self.rule(c, nested=True) for c in items]
        both = cond.name == "AND"
        joiner = self.pick(" & ", " and ", " + ", " AND ", " && ") if both else \
            self.pick(" or ", " OR ", " || ", " or ")
        options = [joiner.join(parts)] * 3
        if len(parts) == 2:
            a, b = parts
            options.append(f"both {a} and {b}" if both else f"either {a} or {b}")
        else:
            head = ", ".join(parts[:-1])
            options.append(f"{head} {'and' if both else 'or'} {parts[-1]}")
        if not nested:
            label = self.pick("all of", "all of these", "all true") if both else \
                self.pick("any of", "any one of", "one of")
            options.append(f"{label}: {'; '.join(parts)}")
        return self.rng.choice(options)

    def _level(self, value: Value, first: Call) -> str:
        assert isinstance(value, int | float)
        text = _num(value)
        if value == 0:
            return self.pick("0", "zero", "the 0 line", "0")
        if first.name in _PRICES and value > 0:
            return self.pick(f"${text}", text, f"${text}")
        return self.pick(text, text, text, f"the {text} line", f"lvl {text}", f"the {text} level")

    def _compare(self, cond: Call) -> str:
        first, second = cond.args["first_series"], cond.args["second_series"]
        assert isinstance(first, Call) and isinstance(second, Call)
        a = self.series(first, subject=True)
        b = self._level(second.args["const_number"], first) if second.name == "CONST" \
            else self.series(second)
        verb = self.rng.choice(_VERBS[cond.name])
        return f"{a} {verb} {b}"

    def _trend(self, cond: Call, up: bool) -> str:
        series = cond.args["series"]
        assert isinstance(series, Call)
        s = self.series(series, subject=True)
        d = self.days(cond.args["number_of_days"])
        n = _whole(cond.args["number_of_days"])
        unit = self.rng.choice(self.unit)[:-1]
        if up:
            return self.pick(f"{s} up {d} straight", f"{s} rising {d} in a row",
                             f"{s} in a {n}-{unit} uptrend", f"{s} trending up for {d}",
                             f"{n} straight {unit}s of {s} rising" if n > 1 else
                             f"{s} rising for {d}", f"{n}-{unit} uptrend in {s}",
                             f"{s} climbing {d} in a row")
        return self.pick(f"{s} down {d} straight", f"{s} falling {d} in a row",
                         f"{s} in a {n}-{unit} downtrend", f"{s} trending down for {d}",
                         f"{n} straight {unit}s of {s} falling" if n > 1 else
                         f"{s} falling for {d}", f"{n}-{unit} downtrend in {s}",
                         f"{s} sliding {d} in a row", f"{s} bleeding for {d} straight")

    def _change(self, cond: Call) -> str:
        series, percent = cond.args["series"], cond.args["percent"]
        assert isinstance(series, Call) and isinstance(percent, int | float)
        s = self.series(series, subject=True)
        d = self.days(cond.args["number_of_days"])
        n = _whole(cond.args["number_of_days"])
        unit = self.rng.choice(self.unit)[:-1]
        size = self.pct(abs(percent))
        sign = "+" if percent > 0 else "-" if percent < 0 else ""
        signed = f"{sign}{size}"
        options = [f"{s} {signed} in {d}", f"{s} {signed} over {d}",
                   f"{n}-{unit} change in {s} of {signed}", f"{signed} move in {s} within {d}"]
        if percent > 0:
            options += [f"{s} up {size} in {d}", f"{s} rallies {size} over {d}",
                        f"a {size} pop in {s} within {d}", f"{s} gains {size} in {d}"]
        elif percent < 0:
            options += [f"{s} down {size} in {d}", f"{s} drops {size} over {d}",
                        f"a {size} dump in {s} within {d}", f"{s} loses {size} in {d}"]
        return self.rng.choice(options)

    def _intra(self, cond: Call) -> str:
        series, percent = cond.args["series"], cond.args["percent"]
        assert isinstance(series, Call) and isinstance(percent, int | float)
        s = self.series(series, subject=True)
        size = self.pct(abs(percent))
        sign = "+" if percent > 0 else "-" if percent < 0 else ""
        bar = self.pick("intrabar", "in a single candle", "within the bar", "inside the candle",
                        "within a single bar", "intra-candle")
        options = [f"{s} {sign}{size} {bar}", f"{sign}{size} {bar} on {s}",
                   f"{bar} move of {sign}{size} in {s}"]
        if percent > 0:
            options += [f"{s} jumps {size} {bar}", f"{s} up {size} {bar}"]
        elif percent < 0:
            options += [f"{s} tanks {size} {bar}", f"{s} down {size} {bar}"]
        return self.rng.choice(options)

    def _fib(self, cond: Call, up: bool) -> str:
        level = cond.args["fib_level"]
        assert isinstance(level, EnumValue)
        lvl = self.rng.choice(_FIB[level.member])
        fib = self.pick("fib", "fibo", "fibonacci")
        if up:
            text = self.pick(f"pullback to the {lvl} {fib} in an uptrend",
                             f"uptrend {fib} retrace to {lvl}",
                             f"{lvl} {fib} retracement (uptrend)",
                             f"dip to {lvl} {fib} while trending up")
        else:
            text = self.pick(f"bounce to the {lvl} {fib} in a downtrend",
                             f"downtrend {fib} retrace to {lvl}",
                             f"{lvl} {fib} retracement (downtrend)",
                             f"rally to {lvl} {fib} while trending down")
        length = cond.args.get("length")
        if length is not None:
            n = _num(length)
            text += self.pick(f", swing lookback {n}", f" (lookback {n})", f" w/ {n}-bar swing",
                              f" [fib len {n}]")
        return text

    def _after(self, cond: Call) -> str:
        inner = cond.args["condition"]
        assert isinstance(inner, Call)
        c = self.rule(inner, nested=True)
        d = self.days(cond.args["number_of_days"])
        n = _whole(cond.args["number_of_days"])
        unit = self.rng.choice(self.unit)[:-1]
        return self.pick(f"{d} after {c}", f"{c}, then wait {d}", f"{c} + {n}-{unit} delay",
                         f"{c} (delay {d})", f"wait {d} after {c}", f"{c}, {d} later",
                         f"{n}-{unit} delay after {c}")

    # --- labels ----------------------------------------------------------------------

    def entry(self, sided: bool) -> str:
        c = self.rule(self._cond("buy_condition"))
        if self.side == "LONG":
            forms = [f"buy: {c}", f"buy when {c}", f"long when {c}", f"long entry: {c}",
                     f"{c} -> buy", f"buy signal: {c}", f"long if {c}", f"buying when {c}",
                     f"go long if {c}", f"{c} => long"]
        elif self.side == "SHORT":
            forms = [f"short: {c}", f"short when {c}", f"short entry: {c}", f"{c} -> short",
                     f"shorting when {c}", f"sell short if {c}", f"short signal: {c}",
                     f"{c} => short"]
        else:
            forms = [f"long: {c}", f"long when {c}", f"go long if {c}", f"longs: {c}",
                     f"{c} -> long", f"long entry: {c}"]
        if sided:
            forms += [f"entry: {c}", f"in: {c}", f"entry -> {c}", f"trigger: {c}",
                      f"get in when {c}", f"{c} -> in", f"entry when {c}"]
        return self.rng.choice(forms)

    def exit(self) -> str:
        c = self.rule(self._cond("sell_condition"))
        common = [f"out: {c}", f"exit: {c}", f"exit when {c}", f"close when {c}",
                  f"exit -> {c}", f"{c} -> out"]
        if self.side == "LONG":
            forms = [*common, f"sell: {c}", f"sell when {c}", f"{c} -> sell", f"dump when {c}",
                     f"get out when {c}", f"sell if {c}"]
        elif self.side == "SHORT":
            forms = [*common, f"cover: {c}", f"cover when {c}", f"cover if {c}",
                     f"{c} -> cover", f"take it off when {c}"]
        else:
            forms = [f"short: {c}", f"short when {c}", f"flip short when {c}",
                     f"reverse to short if {c}", f"{c} -> short", f"shorts: {c}",
                     f"flip short: {c}"]
        return self.rng.choice(forms)

    def _cond(self, key: str) -> Call:
        value = self.strategy.args[key]
        assert isinstance(value, Call)
        return value

    def head(self) -> tuple[str, bool]:
        """The ticker with (flag True) or without the side."""
        t = self.tag()
        if self.rng.random() < 0.2:
            return self.pick(t, f"{t}:", f"{t} setup", f"watching {t}", f"{t} idea"), False
        side = {"LONG": ("long", "long only", "long setup", "long idea", "bullish long"),
                "SHORT": ("short", "short only", "short setup", "short idea", "bearish short"),
                "LONG_SHORT_COMBINED": ("long/short", "long & short", "long and short",
                                        "both ways (long + short)", "long + short")
                }[self.side]
        word = self.rng.choice(side)
        return self.pick(f"{t} {word}", f"{word} {t}", f"{t} - {word}", f"{word}: {t}",
                         f"{t} ({word})"), True

    # --- settings ----------------------------------------------------------------------

    def settings(self) -> list[str]:
        out: list[str] = []
        args = self.strategy.args
        stop, target = args.get("stop_loss"), args.get("take_profit")
        risk = [r for r in (self._stop(stop), self._target(target)) if r]
        if isinstance(stop, Call) and isinstance(target, Call) and "stop_loss_type" not in \
                stop.args and self.rng.random() < 0.2:
            risk = [f"sl/tp {self.pct(_p(stop))}/{self.pct(_p(target))}"]
        if len(risk) == 2 and self.rng.random() < 0.5:
            risk = [self.pick(", ", " / ", " + ").join(risk)]
        out += risk
        out += [x for x in (self._dates(), self._period(), self._interval(), self._capital(),
                            self._size(), self._fees()) if x]
        self.rng.shuffle(out)
        return out

    def _stop(self, stop: Value | None) -> str | None:
        if not isinstance(stop, Call):
            return None
        p = self.pct(_p(stop))
        kind = stop.args.get("stop_loss_type")
        if kind is None:
            return self.pick(f"sl {p}", f"sl: {p}", f"stop {p}", f"{p} stop", f"sl @ {p}",
                             f"stop loss {p}", f"{p} sl", f"stop at -{p}")
        assert isinstance(kind, EnumValue)
        if kind.member == "TRAILING":
            return self.pick(f"{p} trailing stop", f"trail {p}", f"trailing sl {p}",
                             f"trail stop @ {p}", f"trailing stop: {p}", f"tsl (trailing) {p}")
        return self.pick(f"fixed sl {p}", f"hard stop {p}", f"{p} fixed stop", f"normal stop {p}",
                         f"sl {p} (fixed)", f"static stop @ {p}")

    def _target(self, target: Value | None) -> str | None:
        if not isinstance(target, Call):
            return None
        p = self.pct(_p(target))
        return self.pick(f"tp {p}", f"tp: {p}", f"tp @ {p}", f"target +{p}", f"{p} tp",
                         f"take profit {p}", f"profit target {p}", f"tgt {p}", f"pt {p}")

    def _date(self, key: str) -> str | None:
        d = self.strategy.args.get(key)
        if not isinstance(d, Call):
            return None
        day = dt.date(_whole(d.args["year"]), _whole(d.args["month"]), _whole(d.args["day"]))
        text = wording.date(day, self.rng)
        return text.lower() if self.rng.random() < 0.5 else text

    def _dates(self) -> str | None:
        a, b = self._date("start_date"), self._date("end_date")
        if a and b:
            return self.pick(f"{a} -> {b}", f"{a} to {b}", f"from {a} thru {b}",
                             f"bt {a} -> {b}", f"dates: {a} to {b}", f"window {a} - {b}")
        if a:
            return self.pick(f"from {a}", f"since {a}", f"start {a}", f"{a} -> now",
                             f"start date {a}", f"{a} onward", f"bt from {a}")
        if b:
            return self.pick(f"until {b}", f"thru {b}", f"end {b}", f"data up to {b}",
                             f"till {b}", f"end date {b}", f"bt ending {b}")
        return None

    def _period(self) -> str | None:
        period = self.strategy.args.get("period")
        if not isinstance(period, EnumValue):
            return None
        m = period.member
        if m == "NOT_PASSED":
            return self.pick("period: none", "period=none", "no period (none)", "period none")
        if m == "YEAR_TO_DATE":
            return self.pick("ytd", "period ytd", "ytd only", "year to date")
        if m == "MAX":
            return self.pick("max history", "period max", "all history", "max data",
                             "full history (max)")
        short, *spoken = _PERIODS[m]
        say = self.rng.choice(spoken)
        return self.pick(f"{short} lookback", f"lookback {short}", f"period {short}",
                         f"last {say}", f"past {say}", f"{short} of data", f"{short} history",
                         f"{say} of data" if say[0].isdigit() else f"last {say}")

    def _interval(self) -> str | None:
        interval = self.strategy.args.get("interval")
        if not isinstance(interval, EnumValue):
            return None
        adj, short = _INTERVALS[interval.member]
        options = [f"{adj} candles", f"{adj} bars", f"tf {short}", f"{short} candles",
                   f"{short} tf", f"timeframe: {short}", f"interval {short}", f"{short} bars"]
        if adj.endswith("ly"):
            options += [f"{adj} chart", f"on the {adj}", f"{adj} tf"]
        return self.rng.choice(options)

    def _capital(self) -> str | None:
        cap = self.strategy.args.get("initial_capital")
        if not isinstance(cap, int | float):
            return None
        m = self.money(cap)
        return self.pick(f"{m} acct", f"{m} account", f"starting cap {m}", f"capital {m}",
                         f"start w/ {m}", f"bankroll {m}", f"{m} starting balance",
                         f"init capital: {m}")

    def _size(self) -> str | None:
        size = self.strategy.args.get("order_size")
        if not isinstance(size, Call):
            return None
        value = size.args["value"]
        assert isinstance(value, int | float)
        if size.name == "Contracts":
            n = _num(value)
            unit = self.pick("shares", "contracts", "units")
            unit = unit[:-1] if value == 1 else unit
            return self.pick(f"{n} {unit} per trade", f"qty {n} {unit}", f"size: {n} {unit}",
                             f"{n} {unit} per entry", f"{n} {unit}/trade",
                             f"trading {n} {unit} at a time", f"position size {n} {unit}")
        if size.name == "USD":
            m = self.money(value)
            if not re.search(r"\$|usd|dollar", m, re.IGNORECASE):
                m = f"${m}"  # "1k" alone could be a share count
            return self.pick(f"{m} per position", f"size {m}/trade", f"{m} position size",
                             f"{m} per entry", f"sizing: {m} each trade",
                             f"put {m} in each trade", f"position size {m}")
        p = self.pct(value)
        return self.pick(f"{p} of equity per trade", f"{p} equity/trade", f"size {p} of acct",
                         f"{p} of the account per position", f"sizing: {p} of equity",
                         f"{p} of capital each entry", f"position = {p} of equity")

    def _fees(self) -> str | None:
        fee = self.strategy.args.get("trade_commissions")
        if not isinstance(fee, Call):
            return None
        value = fee.args["value"]
        assert isinstance(value, int | float)
        if fee.name == "MoneyCommissions":
            if value == 0:
                return self.pick("no fees", "zero fees", "commission free", "$0 comms",
                                 "0 commission")
            m = self.money(value)
            return self.pick(f"{m} commission per trade", f"comm {m}/trade",
                             f"{m} fees per trade", f"fees: {m} a trade",
                             f"{m} commish per trade", f"{m} per trade in fees")
        p = self.pct(value)
        return self.pick(f"{p} comm", f"{p} commission", f"fees {p}", f"{p} fees per trade",
                         f"comm: {p} per trade", f"{p} commish", f"{p} trading fees")

    # --- layouts ---------------------------------------------------------------------

    def rules(self, sided: bool) -> list[str]:
        entry, exit_ = self.entry(sided), self.exit()
        return [exit_, entry] if self.rng.random() < 0.2 else [entry, exit_]

    def oneliner(self) -> str:
        head, sided = self.head()
        sep = self.pick(" | ", ". ", " // ", " | ")
        rules = self.rules(sided)
        rest = self.settings()
        if rest and self.rng.random() < 0.3:  # a setting between the rules
            rules.insert(1, rest.pop())
        tail = self.pick(", ", sep).join(rest) if rest else ""
        body = sep.join([*rules, tail] if tail else rules)
        return f"{head}{self.pick(': ', sep, ' -> ')}{body}" if not head.endswith(":") \
            else f"{head} {body}"

    def lines(self) -> str:
        head, sided = self.head()
        bullet = self.pick("-> ", "- ", "> ", "=> ", "* ", "")
        rest = self.settings()
        rows = self.rules(sided)
        if rest and self.rng.random() < 0.5:
            grouped = self.pick(", ", " | ", " / ").join(rest)
            rows.append(grouped)
        else:
            rows += rest
        return head + "\n" + "\n".join(bullet + r for r in rows)

    def casual(self) -> str:
        t = self.tag()
        entry_c = self.rule(self._cond("buy_condition"))
        exit_c = self.rule(self._cond("sell_condition"))
        if self.side == "LONG":
            first = self.pick(f"gonna long {t} when {entry_c}", f"buying {t} if {entry_c}",
                              f"long {t} if {entry_c}", f"i'd buy {t} when {entry_c}")
            second = self.pick(f"out when {exit_c}", f"sell when {exit_c}",
                               f"exit if {exit_c}", f"dump it when {exit_c}")
        elif self.side == "SHORT":
            first = self.pick(f"gonna short {t} when {entry_c}", f"shorting {t} if {entry_c}",
                              f"short {t} if {entry_c}", f"i'd short {t} when {entry_c}")
            second = self.pick(f"cover when {exit_c}", f"out when {exit_c}",
                               f"cover if {exit_c}", f"take it off when {exit_c}")
        else:
            first = self.pick(f"trading {t} both ways: long when {entry_c}",
                              f"{t} long and short, long if {entry_c}",
                              f"long/short {t}: go long when {entry_c}")
            second = self.pick(f"flip short when {exit_c}", f"short when {exit_c}",
                               f"reverse to short if {exit_c}")
        body = f"{first}{self.pick('. ', ', ', '; ', ' -> ')}{second}"
        rest = self.settings()
        if rest:
            body += self.pick(". ", " | ", ". ") + self.pick(", ", " / ", ". ").join(rest)
        return body

    def compose(self) -> str:
        layout = self.rng.choice((self.oneliner, self.oneliner, self.lines, self.casual))
        text = layout()
        intro = self.pick("", "", "", "", "idea: ", "new setup: ", "testing this: ",
                          "quick one: ", "strat idea: ", "backtest request: ", "ok so ",
                          "anyone tried this? ")
        outro = self.pick("", "", "", "", " nfa", " dyor", " thoughts?", " lmk", " #trading",
                          " #algotrading", " #backtest", " imo", " wdyt?")
        text = intro + text + outro
        if self.rng.random() < 0.15:
            text = text[:1].upper() + text[1:]
        return _AN.sub(lambda m: m.group(1) + "n ", text)


def _p(call: Call) -> float:
    value = call.args["percentage"]
    assert isinstance(value, int | float)
    return value


class TweetPhraser:
    """A strategy as a compact social-media or chat post: cashtags, symbols, shorthand."""

    name = "tweet"

    def describe(self, strategy: Call, rng: random.Random) -> str:
        interval = strategy.args.get("interval")
        member = interval.member if isinstance(interval, EnumValue) else "ONE_DAY"
        unit = {"ONE_DAY": ("days", "days", "bars", "sessions", "candles")}.get(
            member, ("bars", "candles"))
        ticker, side = strategy.args["ticker"], strategy.args["position_type"]
        assert isinstance(ticker, str) and isinstance(side, EnumValue)
        tweet = _Tweet(strategy, rng, ticker, side.member, caps=rng.random() < 0.2,
                       cashtag=rng.choice((0.0, 0.6, 0.9, 1.0)), unit=unit)
        return tweet.compose()
