"""The "terse" phrasing style: a strategy as a trader jots it in a code comment, Slack or a tweet.

No verbs where a symbol will do, heavy abbreviation ("lng", "shrt", "px", "stp", "tgt", "sz"),
lower case, glued or bracketed parameters ("ema20", "sma(50)", "bb20/2"), arrows, cashtags and
hashtags, several rules on one line. Every abbreviation names one thing only: a crossing
("x>", "xabove") never reads like a level held (">", "abv"), a trailing stop ("tsl", "trail")
never like a fixed one, equity sizing ("% eq") never like shares or dollars.

Values are written only in forms the model's reader takes in (see
:mod:`strategy_lsp.generation.runtime.reading`): digits, "$10k", "$1.5m", "10bps", ISO and
month-name dates ("mar 4 '21"). Everything but the ticker is lower case, so that no glued
name ("rsi14") is taken for a ticker.
"""

from __future__ import annotations

import datetime as dt
import random

from strategy_lsp.grammar import Call, EnumValue, Value

from .wording import MONTH_ABBREVIATIONS, grouped, plain

#: Short names per series class; each names that class only.
NAMES: dict[str, tuple[str, ...]] = {
    "ADX": ("adx",), "AROON_UP": ("aroon up", "aroon-up", "aroonup"),
    "AROON_DOWN": ("aroon dn", "aroon down", "aroondn"), "ATR": ("atr",),
    "BB_LOWER": ("bb lower", "lower bb", "bbl", "bb lo"),
    "BB_MIDDLE": ("bb mid", "bb basis", "bbm", "bb middle"),
    "BB_UPPER": ("bb upper", "upper bb", "bbu", "bb hi"),
    "BBP": ("bbp", "bull/bear pwr", "elder ray"), "HAMMER": ("hammer", "hammer candle"),
    "CCI": ("cci",), "CCI_SMOOTHENED": ("smoothed cci", "cci smoothened", "cci-smooth"),
    "CHAIKIN_OSC": ("chaikin osc", "chaikin oscillator"), "CHOP": ("chop", "choppiness"),
    "CMF": ("cmf",), "CMO": ("cmo",), "COPPOCK": ("coppock",),
    "DC_BASIS": ("dc basis", "donchian mid", "dc mid"),
    "DC_LOWER": ("dc lower", "donchian low", "dc lo"),
    "DC_UPPER": ("dc upper", "donchian high", "dc hi"),
    "DI_MINUS": ("di-", "-di", "di minus"), "DI_PLUS": ("di+", "+di", "di plus"),
    "DPO": ("dpo",), "EFI": ("efi", "force idx"), "EOM": ("eom", "emv"),
    "ICHIMOKU_BASE": ("kijun", "kijun-sen", "ichi base"),
    "ICHIMOKU_CONVERSION": ("tenkan", "tenkan-sen", "ichi conv"),
    "ICHIMOKU_LAGGING_SPAN": ("chikou", "lagging span", "ichi lag"),
    "ICHIMOKU_LEADING_SPAN_A": ("senkou a", "span a", "ichi span a"),
    "ICHIMOKU_LEADING_SPAN_B": ("senkou b", "span b", "ichi span b"),
    "KC_LOWER": ("kc lower", "keltner low", "kc lo"),
    "KC_UPPER": ("kc upper", "keltner high", "kc hi"),
    "KST": ("kst",), "KST_SIGNAL": ("kst signal", "kst sig"),
    "EMA": ("ema",), "SMA": ("sma", "ma"), "MACD": ("macd", "macd line"),
    "MACD_SIGNAL": ("macd signal", "macd sig"), "MASS_INDEX": ("mass index", "mass idx"),
    "MFI": ("mfi",), "MOMENTUM": ("mom", "momentum"), "OBV": ("obv",), "PVI": ("pvi",),
    "PVT": ("pvt",), "ROC": ("roc",), "RSI": ("rsi",), "TRIX": ("trix",),
    "STOCH_PERCENT_D": ("stoch %d", "%d", "stoch d"),
    "STOCH_PERCENT_K": ("stoch %k", "%k", "stoch k"),
    "UO": ("uo", "ult osc"), "WILLR": ("willr", "%r", "williams %r"),
    "CLOSE": ("px", "price", "close", "cls"), "OPEN": ("open", "opn"),
    "HIGH": ("high", "hi"), "LOW": ("low", "lo"), "VOLUME": ("vol", "volume"),
}
#: Names a length may be glued in front of: "200sma", "50ema".
_PREFIXED = frozenset({"sma", "ema", "ma", "rsi", "atr"})
#: Short labels per parameter (KST's numbered lengths are built below).
_LABELS: dict[str, tuple[str, ...]] = {
    "length": ("len", "n", "lb", "per"), "std_dev": ("sd", "std", "dev"),
    "multiplier": ("mult",), "offset": ("off", "offset", "shift"),
    "displacement": ("disp", "displ"), "fast_length": ("fast", "fast len"),
    "slow_length": ("slow", "slow len"), "middle_length": ("mid", "med"),
    "signal_length": ("sig", "signal"), "smoothing_length": ("sm len", "smooth len", "smoothing"),
    "smoothing_type": ("sm type", "smoothing", "smooth"), "ma_type": ("ma type", "ma"),
    "oscillator_ma_type": ("osc ma", "osc ma type"), "signal_ma_type": ("sig ma", "sig ma type"),
    "atr_length": ("atr", "atr len"), "divisor": ("div", "divisor"),
    "long_roc_length": ("slow roc", "roc slow"), "short_roc_length": ("fast roc", "roc fast"),
    "source": ("src", "src", "@"),
}
for _i, _letter in enumerate("abcd", start=1):
    _LABELS[f"roc_length_{_i}"] = (f"roc-{_letter}", f"roc {_letter}")
    _LABELS[f"sma_length_{_i}"] = (f"sma-{_letter}", f"sma {_letter}")
#: Parameter tuples written bare, in this order, when a call states exactly these.
_TUPLES: dict[str, tuple[str, ...]] = {
    "MACD": ("fast_length", "slow_length"),
    "MACD_SIGNAL": ("fast_length", "slow_length", "signal_length"),
    "BB_LOWER": ("length", "std_dev"), "BB_UPPER": ("length", "std_dev"),
    "BB_MIDDLE": ("length", "std_dev"), "STOCH_PERCENT_D": ("length", "smoothing_length"),
    "UO": ("fast_length", "middle_length", "slow_length"),
    "CHAIKIN_OSC": ("fast_length", "slow_length"),
}
_SOURCES = {"CLOSE": ("close", "cls"), "OPEN": ("open", "opn"), "HIGH": ("high", "hi"),
            "LOW": ("low", "lo"), "HLC3": ("hlc3", "typical"), "HL2": ("hl2", "median"),
            "OHLC4": ("ohlc4",), "HLCC4": ("hlcc4", "wtd close"), "VOLUME": ("vol", "volume")}
_SMOOTHING = {"RMA": ("rma", "wilder"), "SMA": ("sma",), "EMA": ("ema",), "WMA": ("wma",)}
_FIB = {"LEVEL_0": ("0", "0%"), "LEVEL_23_6": ("23.6", "23.6%"),
        "LEVEL_38_2": ("38.2", "38.2%"), "LEVEL_50": ("50", "50%"),
        "LEVEL_61_8": ("61.8", "61.8%", "golden"), "LEVEL_100": ("100", "100%")}

_OPS: dict[str, tuple[str, ...]] = {
    "CrossOverCondition": ("x>", "x>", "xabove", "xabv", "crosses above", "x↑", "xover",
                           "↗", "crosses up thru", "cross>"),
    "CrossUnderCondition": ("x<", "x<", "xbelow", "xblw", "crosses below", "x↓", "xunder",
                            "↘", "crosses dn thru", "cross<"),
    "GreaterThanCondition": (">", ">", ">", "abv", "above", "gt", "stays abv", "holding >"),
    "LessThanCondition": ("<", "<", "<", "blw", "below", "lt", "under", "stays blw"),
}
_SYMBOLIC = frozenset({">", "<"})
#: Price crossing a level or line, as a trader says it of the chart.
_BREAKS = {"CrossOverCondition": ("b/o above", "breaks out above"),
           "CrossUnderCondition": ("b/d below", "breaks down below")}

#: Position side words; a short side never says "long" or "buy", and the other way round.
_SIDES = {
    "LONG": ("lng", "long", "long only", "longs", "long-only"),
    "SHORT": ("shrt", "short", "short only", "shorts", "short-only"),
    "LONG_SHORT_COMBINED": ("l/s", "long/short", "lng/shrt", "long+short", "long & short",
                            "both ways (long & short)"),
}
#: Entry and exit wordings per side; ``{c}`` is the condition. The first of each pair of
#: lists says the side itself, so that the side may go unsaid elsewhere.
_RULES: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "LONG": (("buy {c}", "lng {c}", "long {c}", "buy if {c}", "buy on {c}", "{c} → buy",
              "{c} -> lng", "{c} = buy"),
             ("in: {c}", "entry: {c}", "enter {c}", "{c} → in"),
             ("sell {c}", "exit {c}", "out {c}", "out: {c}", "exit: {c}", "sell if {c}",
              "{c} → sell", "{c} -> out", "close on {c}", "flat on {c}", "{c} = exit")),
    "SHORT": (("shrt {c}", "short {c}", "short if {c}", "sell short {c}", "{c} → shrt",
               "{c} -> short", "shrt on {c}"),
              ("in: {c}", "entry: {c}", "enter {c}", "{c} → in"),
              ("cover {c}", "cvr {c}", "cover if {c}", "out: {c}", "exit {c}", "{c} → cover",
               "{c} -> cvr", "exit: {c}", "cvr on {c}")),
    "LONG_SHORT_COMBINED": (("lng {c}", "long {c}", "buy {c}", "long if {c}", "{c} → lng",
                             "lng: {c}", "long on {c}"), (),
                            ("shrt {c}", "short {c}", "flip shrt {c}", "rev to short {c}",
                             "{c} → shrt", "short if {c}", "shrt: {c}", "flip short on {c}")),
}

_PERIODS: dict[str, tuple[str, ...]] = {
    "ONE_DAY": ("1d", "1 day"), "FIVE_DAYS": ("5d", "5 days"), "ONE_MONTH": ("1mo", "1 mo"),
    "THREE_MONTHS": ("3mo", "3 mos", "qtr"), "SIX_MONTHS": ("6mo", "6 mos", "half yr"),
    "ONE_YEAR": ("1y", "1yr", "yr"), "TWO_YEARS": ("2y", "2yrs", "2 yrs"),
    "FIVE_YEARS": ("5y", "5yrs", "5 yrs"), "TEN_YEARS": ("10y", "10yrs", "10 yrs", "decade"),
    "YEAR_TO_DATE": ("ytd",), "MAX": ("max", "max hist", "all hist"),
}
_INTERVALS: dict[str, tuple[str, ...]] = {
    "ONE_DAY": ("1d", "daily", "dly"), "FIVE_DAYS": ("5d", "5-day"),
    "ONE_WEEK": ("1wk", "weekly", "wkly"), "ONE_MONTH": ("1mo", "monthly", "mthly"),
    "THREE_MONTHS": ("3mo", "quarterly", "qtrly"),
}
_TAGS = ("#algo", "#backtest", "#trading", "#systematic", "#quant", "#ta")


def _num(value: Value) -> float:
    assert isinstance(value, int | float) and not isinstance(value, bool), value
    return float(value)


def _date(call: Value | None) -> dt.date | None:
    if not isinstance(call, Call):
        return None
    year, month, day = (int(_num(call.args[k])) for k in ("year", "month", "day"))
    return dt.date(year, month, day)


class _Note:
    """One note about one strategy; the writer's habits are drawn once in ``__init__``."""

    def __init__(self, strategy: Call, rng: random.Random) -> None:
        self.strategy = strategy
        self.rng = rng
        ticker = strategy.args["ticker"]
        assert isinstance(ticker, str)
        self.ticker = ticker
        side = strategy.args["position_type"]
        assert isinstance(side, EnumValue)
        self.side = side.member
        self.glue = rng.random() < 0.6  # "rsi14" rather than "rsi(14)"
        self.tight = rng.random() < 0.35  # "rsi14<30" rather than "rsi14 < 30"
        self.favourite: dict[str, str] = {}
        self.day = rng.choice(("d", "d", " days", " bars", "d", " sessions"))

    def pick(self, *options: str) -> str:
        return self.rng.choice(options)

    # --- values ----------------------------------------------------------------------

    def pct(self, value: float) -> str:
        return plain(abs(value)) + self.pick("%", "%", "%", " pct", "pct", "%")

    def money(self, value: float, dollar: bool = True) -> str:
        v = abs(value)
        options = [f"${grouped(v)}", f"${plain(v)}"]
        if v.is_integer() and 1000 <= v < 1_000_000 and v % 100 == 0:
            k = plain(v / 1000)
            options += [f"${k}k", f"${k}k", f"${k}K"] + ([f"{k}k"] if not dollar else [])
        if v.is_integer() and v >= 1_000_000 and v % 100_000 == 0:
            m = plain(v / 1_000_000)
            options += [f"${m}m", f"${m}M"] + ([f"{m}M"] if not dollar else [])
        if not dollar:
            options.append(plain(v))
        return self.rng.choice(options)

    def date(self, day: dt.date) -> str:
        y, m, d = day.year, day.month, day.day
        mon = MONTH_ABBREVIATIONS[m - 1].lower()
        options = [f"{y}-{m:02d}-{d:02d}", f"{y}-{m:02d}-{d:02d}", f"{y}/{m:02d}/{d:02d}",
                   f"{y}.{m:02d}.{d:02d}", f"{y}-{m}-{d}", f"{mon} {d} '{y % 100:02d}",
                   f"{d} {mon} '{y % 100:02d}", f"{mon} {d} {y}", f"{d}-{mon}-{y}",
                   f"{d} {mon} {y}"]
        if d > 12 or d == m:
            options += [f"{m}/{d}/{y}", f"{m:02d}/{d:02d}/{y}"]
        if d > 12:
            options.append(f"{d}.{m:02d}.{y}")
        if d == 1:
            options += [f"{mon} {y}", f"{mon} '{y % 100:02d}"]
        if (m, d) == (1, 1):
            options.append(f"start of {y}")
        if (m, d) == (12, 31):
            options.append(f"end of {y}")
        return self.rng.choice(options)

    def enum(self, value: Value) -> str:
        assert isinstance(value, EnumValue), value
        table = {"SourceType": _SOURCES, "SmoothingType": _SMOOTHING}[value.enum]
        return self.rng.choice(table[value.member])

    # --- series ----------------------------------------------------------------------

    def name(self, series: str) -> str:
        if series not in self.favourite or self.rng.random() < 0.2:
            self.favourite[series] = self.rng.choice(NAMES[series])
        return self.favourite[series]

    def series(self, call: Call) -> str:
        if call.name == "CONST":
            return plain(_num(call.args["const_number"]))
        stated = {k: v for k, v in call.args.items() if k != "ticker"}
        core = self._core(call.name, stated)
        other = call.args.get("ticker")
        if isinstance(other, str) and other != self.ticker:
            core = self.pick(f"{other} {core}", f"{core} on {other}", f"{other}:{core}",
                             f"{core}[{other}]")
        return core

    def _core(self, series: str, stated: dict[str, Value]) -> str:
        name = self.name(series)
        if not stated:
            return name
        alnum = name.isalnum()
        source = stated.pop("source", None)
        src = self.enum(source) if source is not None else ""
        keys = tuple(stated)
        if keys == ("length",):
            n = plain(_num(stated["length"]))
            forms = [f"{name}({n})", f"{name}[{n}]"]
            if name[-1].isalpha():
                forms.append(f"{name} {n}")
            if alnum:
                forms += [f"{name}{n}"] * (4 if self.glue else 1)
                if name in _PREFIXED:
                    forms.append(f"{n}{name}")
            text = self.rng.choice(forms)
            if src:
                text = self.pick(f"{text} @{src}", f"{text} src {src}", f"{text}({src})",
                                 f"{text} of {src}")
            return text
        order = _TUPLES.get(series)
        if order and set(keys) == set(order) and not src and self.rng.random() < 0.7:
            numbers = "/".join(plain(_num(stated[k])) for k in order)
            return self.pick(f"{name}({numbers})", f"{name} {numbers}",
                             f"{name}{numbers}" if alnum else f"{name} ({numbers})")
        parts = [self._param(series, k, v) for k, v in stated.items()]
        kst = [f"{kind}_length_{i}" for kind in ("roc", "sma") for i in range(1, 5)]
        if series.startswith("KST") and all(k in stated for k in kst):
            rocs = "/".join(plain(_num(stated[k])) for k in kst[:4])
            smas = "/".join(plain(_num(stated[k])) for k in kst[4:])
            rest = [p for k, p in zip(stated, parts, strict=True) if k not in kst]
            parts = [f"roc {rocs}", f"sma {smas}", *rest]
        if src:
            parts.insert(self.rng.randrange(len(parts) + 1), self.pick(
                f"src {src}", f"@{src}", f"src={src}"))
        sep = self.pick(", ", "; ", ", ")
        return self.pick(f"{name}({sep.join(parts)})", f"{name}[{sep.join(parts)}]",
                         f"{name} ({sep.join(parts)})")

    def _param(self, series: str, key: str, value: Value) -> str:
        if key == "use_exp_ma":
            return self.pick("ema basis", "exp ma", "ema-based") if value is True else \
                self.pick("sma basis", "no exp ma", "sma-based")
        label = self.rng.choice(_LABELS[key])
        text = self.enum(value) if isinstance(value, EnumValue) else plain(_num(value))
        if key == "multiplier":
            return self.pick(f"mult {text}", f"{text}x", f"mult={text}", f"{text}x atr")
        if key == "std_dev" and self.rng.random() < 0.3:
            return f"{text}sd"
        return self.pick(f"{label} {text}", f"{label}={text}", f"{label} {text}")

    # --- conditions ------------------------------------------------------------------

    def cond(self, call: Call, nested: bool = False) -> str:
        name = call.name
        if name in ("AND", "OR"):
            items = call.args["conditions"]
            assert isinstance(items, tuple)
            joiner = self.pick(" & ", " & ", " and ", " + ", " && ") if name == "AND" else \
                self.pick(" or ", " or ", " | ", " || ")
            text = joiner.join(self.cond(item, nested=True) for item in items)
            if nested or self.rng.random() < 0.15:
                return f"({text})"
            return text
        if name == "AfterXDaysCondition":
            inner = call.args["condition"]
            assert isinstance(inner, Call)
            clause = self.cond(inner, nested=True)
            n = self.days(call.args["number_of_days"])
            text = self.pick(f"{clause}, +{n} later", f"{n} after {clause}",
                             f"{clause} then wait {n}", f"{clause} (delay {n})",
                             f"{clause} → {n} delay", f"{n} post {clause}",
                             f"{clause}, wait {n}")
            return f"({text})" if nested else text
        if name in _OPS:
            return self._compare(call)
        if name in ("UptrendForXDaysCondition", "DowntrendForXDaysCondition"):
            series = call.args["series"]
            assert isinstance(series, Call)
            s, n = self.series(series), self.days(call.args["number_of_days"])
            if name.startswith("Up"):
                return self.pick(f"{s} up {n} in a row", f"{s} ↑ {n} straight",
                                 f"{s} rising {n}", f"{s} uptrend {n}", f"{n} uptrend in {s}",
                                 f"{s} climbing {n} running")
            return self.pick(f"{s} dn {n} in a row", f"{s} ↓ {n} straight",
                             f"{s} falling {n}", f"{s} downtrend {n}", f"{n} downtrend in {s}",
                             f"{s} sliding {n} running")
        if name == "ChangeOfXPercentPerYDaysCondition":
            series = call.args["series"]
            assert isinstance(series, Call)
            s, n = self.series(series), self.days(call.args["number_of_days"])
            value = _num(call.args["percent"])
            p = self.pct(value)
            if value == 0:
                return self.pick(f"{s} chg {p} in {n}", f"{s} chg {p} / {n}")
            if value > 0:
                return self.pick(f"{s} +{p} in {n}", f"{s} up {p} / {n}",
                                 f"{s} chg +{p} over {n}", f"{s} gains {p} in {n}",
                                 f"{s} +{p}/{n}")
            return self.pick(f"{s} -{p} in {n}", f"{s} dn {p} / {n}", f"{s} chg -{p} over {n}",
                             f"{s} drops {p} in {n}", f"{s} -{p}/{n}")
        if name == "IntraIntervalChangeOfXPercentCondition":
            series = call.args["series"]
            assert isinstance(series, Call)
            s, value = self.series(series), _num(call.args["percent"])
            p = self.pct(value)
            bar = self.pick("intrabar", "in-bar", "within bar", "same bar", "intra-candle")
            if value == 0:
                return self.pick(f"{s} {bar} chg {p}", f"{s} chg {p} {bar}")
            sign, word = ("+", "up") if value > 0 else ("-", "dn")
            return self.pick(f"{s} {sign}{p} {bar}", f"{s} {bar} move {sign}{p}",
                             f"{s} {word} {p} {bar}", f"{bar} {s} {sign}{p}")
        if name in ("UptrendFibRetracementLevelCondition",
                    "DowntrendFibRetracementLevelCondition"):
            level = call.args["fib_level"]
            assert isinstance(level, EnumValue)
            lv = self.rng.choice(_FIB[level.member])
            fib = self.pick("fib", "fib", "fibo")
            if name.startswith("Up"):
                text = self.pick(f"{fib} {lv} retrace in uptrend",
                                 f"uptrend pullback to {fib} {lv}", f"↑trend {fib} {lv}",
                                 f"{fib} {lv} (uptrend)",
                                 f"uptrend {fib} retr {lv}")
            else:
                text = self.pick(f"{fib} {lv} retrace in downtrend",
                                 f"downtrend bounce to {fib} {lv}", f"↓trend {fib} {lv}",
                                 f"{fib} {lv} (downtrend)", f"downtrend {fib} retr {lv}")
            length = call.args.get("length")
            if length is not None:
                n = plain(_num(length))
                text += self.pick(f" lb {n}", f" swing {n}", f" ({n} bar swing)", f" lb={n}")
            return text
        raise ValueError(f"no terse phrasing for {name}")

    def days(self, value: Value) -> str:
        n = int(_num(value))
        unit = self.day
        if n == 1 and unit.endswith("s"):
            unit = unit[:-1]
        return f"{n}{unit}"

    def _compare(self, call: Call) -> str:
        first, second = call.args["first_series"], call.args["second_series"]
        assert isinstance(first, Call) and isinstance(second, Call)
        a = self.series(first)
        if first.name == "MACD" and second.name == "MACD_SIGNAL" and \
                dict(first.args) == dict(second.args) and self.rng.random() < 0.6:
            b = self.pick("sig", "signal", "its signal", "sig line")
        else:
            b = self.series(second)
            if second.name == "CONST" and first.name == "CLOSE" and self.rng.random() < 0.3 \
                    and not b.startswith("-"):
                b = f"${b}"
        plain_price = first.name == "CLOSE" and set(first.args) <= {"ticker"} and \
            first.args.get("ticker") == self.ticker
        if plain_price and call.name in _BREAKS and self.rng.random() < 0.3:
            op = self.rng.choice(_BREAKS[call.name])
        else:
            op = self.rng.choice(_OPS[call.name])
        if op in _SYMBOLIC and self.tight:
            return f"{a}{op}{b}"
        if op.startswith("x") and len(op) == 2 and self.tight:
            return f"{a} {op}{b}"
        return f"{a} {op} {b}"

    # --- the other parameters --------------------------------------------------------

    def risk(self) -> list[str]:
        stop, target = self.strategy.args.get("stop_loss"), self.strategy.args.get("take_profit")
        kind = ""
        if isinstance(stop, Call):
            member = stop.args.get("stop_loss_type")
            kind = member.member if isinstance(member, EnumValue) else "ABSENT"
        if isinstance(stop, Call) and isinstance(target, Call) and self.rng.random() < 0.25:
            s = self.pct(_num(stop.args["percentage"]))
            t = self.pct(_num(target.args["percentage"]))
            label = {"ABSENT": "sl/tp", "NORMAL": "fixed sl/tp", "TRAILING": "tsl/tp"}[kind]
            return [self.pick(f"{label} {s}/{t}", f"{label} {s} / {t}")]
        found = []
        if isinstance(stop, Call):
            p = self.pct(_num(stop.args["percentage"]))
            found.append({
                "ABSENT": (f"stp {p}", f"sl {p}", f"stop {p}", f"{p} stop", f"-{p} stp",
                           f"stop @ {p}", f"sl={p}"),
                "NORMAL": (f"fixed stp {p}", f"hard sl {p}", f"fixed sl {p}", f"{p} hard stop",
                           f"static stop {p}", f"sl {p} (fixed)", f"normal stp {p}"),
                "TRAILING": (f"trail stp {p}", f"tsl {p}", f"trailing sl {p}", f"{p} trail",
                             f"trail {p}", f"{p} trailing stp", f"tsl={p}"),
            }[kind][self.rng.randrange(7)])
        if isinstance(target, Call):
            p = self.pct(_num(target.args["percentage"]))
            found.append(self.pick(f"tp {p}", f"tgt {p}", f"tgt +{p}", f"target {p}",
                                   f"+{p} tp", f"take profit {p}", f"tp@{p}", f"tp={p}"))
        return found

    def history(self) -> list[str]:
        found = []
        start = _date(self.strategy.args.get("start_date"))
        end = _date(self.strategy.args.get("end_date"))
        if start and end:
            a, b = self.date(start), self.date(end)
            found.append(self.pick(f"{a} → {b}", f"{a} -> {b}", f"{a} to {b}", f"{a} thru {b}",
                                   f"from {a} to {b}", f"{a} - {b}", f"bt {a} → {b}",
                                   f"dates {a} – {b}"))
        elif start:
            a = self.date(start)
            edge = a.startswith(("start", "end"))
            found.append(self.pick(f"from {a}", f"since {a}", f"{a} → now", f"bt from {a}",
                                   f"from {a}" if edge else f"start {a}",
                                   f"since {a}" if edge else f"{a}+"))
        elif end:
            b = self.date(end)
            edge = b.startswith(("start", "end"))
            found.append(self.pick(f"until {b}", f"til {b}", f"thru {b}", f"→ {b}", f"to {b}",
                                   f"until {b}" if edge else f"end {b}", f"data up to {b}"))
        period = self.strategy.args.get("period")
        if isinstance(period, EnumValue):
            if period.member == "NOT_PASSED":
                found.append(self.pick("period none", "prd: none", "no period set",
                                       "period=none"))
            else:
                x = self.rng.choice(_PERIODS[period.member])
                found.append(self.pick(f"last {x}", f"lookback {x}", f"{x} hist", f"prd {x}",
                                       f"period {x}", f"{x} data", f"over {x}"))
        interval = self.strategy.args.get("interval")
        if isinstance(interval, EnumValue):
            x = self.rng.choice(_INTERVALS[interval.member])
            found.append(self.pick(f"tf {x}", f"{x} bars", f"{x} candles", f"tf={x}",
                                   f"on {x}", f"{x} chart"))
        return found

    def money_terms(self) -> list[str]:
        found = []
        args = self.strategy.args
        capital = args.get("initial_capital")
        if capital is not None:
            m = self.money(_num(capital), dollar=False)
            found.append(self.pick(f"cap {m}", f"acct {m}", f"{m} acct", f"bal {m}",
                                   f"init {m}", f"capital {m}", f"{m} cap", f"bankroll {m}"))
        size = args.get("order_size")
        if isinstance(size, Call):
            value = _num(size.args["value"])
            if size.name == "Contracts":
                n, many = plain(value), "" if value == 1 else "s"
                found.append(self.pick(f"{n} sh", f"{n} sh{many}", f"qty {n}", f"sz {n} sh",
                                       f"{n} ct{many}", f"{n} unit{many}",
                                       f"{n} contract{many}", f"sz {n} unit{many}"))
            elif size.name == "USD":
                m = self.money(value)
                found.append(self.pick(f"sz {m}", f"{m}/trade", f"{m} per pos", f"{m} a pop",
                                       f"notional {m}", f"{m} per trade", f"{m}/pos"))
            else:
                p = self.pct(value)
                found.append(self.pick(f"{p} eq", f"sz {p} eq", f"{p} of eq", f"{p} equity",
                                       f"{p} of equity/trade", f"alloc {p} eq"))
        fee = args.get("trade_commissions")
        if isinstance(fee, Call):
            value = _num(fee.args["value"])
            if fee.name == "MoneyCommissions":
                if value == 0:
                    found.append(self.pick("no comm", "comm 0", "$0 comm", "0 fees",
                                           "comm-free", "$0 fees"))
                else:
                    m = self.money(value)
                    found.append(self.pick(f"comm {m}", f"{m} comm", f"fees {m}/trade",
                                           f"{m}/tr comm", f"comm {m} flat", f"{m} fee/trade"))
            else:
                p = self.pct(value)
                bps = round(value * 100, 8)
                if value < 5 and float(bps).is_integer() and self.rng.random() < 0.35:
                    p = f"{plain(bps)}{self.pick('bps', ' bps', 'bp')}"
                found.append(self.pick(f"comm {p}", f"{p} comm", f"fees {p}", f"{p} fee",
                                       f"comm={p}"))
        return found

    # --- layouts ---------------------------------------------------------------------

    def symbol(self) -> str:
        t = self.ticker
        if t.isalpha():
            return self.pick(t, t, f"${t}", f"${t}", f"#{t}")
        return t

    def rules(self, side_said: bool) -> list[str]:
        said, neutral, exits = _RULES[self.side]
        entries = said + neutral if side_said else said
        buy = self.strategy.args["buy_condition"]
        sell = self.strategy.args["sell_condition"]
        assert isinstance(buy, Call) and isinstance(sell, Call)
        entry = self.rng.choice(entries).replace("{c}", self.cond(buy))
        exit_ = self.rng.choice(exits).replace("{c}", self.cond(sell))
        return [exit_, entry] if self.rng.random() < 0.15 else [entry, exit_]

    def write(self) -> str:
        side_said = self.rng.random() < 0.75 or self.side == "LONG_SHORT_COMBINED"
        side = self.rng.choice(_SIDES[self.side])
        s = self.symbol()
        if side_said:
            head = self.pick(f"{s} {side}", f"{side} {s}", f"{s} ({side})", f"{s}: {side}",
                             f"{s} {side}", f"{s} | {side}")
        else:
            head = s
        rules = self.rules(side_said)
        extras = self.risk() + self.history() + self.money_terms()
        self.rng.shuffle(extras)
        layout = self.rng.choice(("line", "line", "line", "comment", "slack", "tweet", "arrow"))
        sep = self.pick(", ", "; ", " / ", " | ", ", ", "; ")
        if layout == "slack":
            lines = [head, *rules]
            if extras:
                lines.append(sep.join(extras))
            bullet = self.pick("", "- ", "• ", "> ")
            return "\n".join(bullet + line for line in lines)
        if layout == "arrow":
            body = " | ".join([head, *rules, *extras])
            return body
        if layout == "tweet":
            tags = self.rng.sample(_TAGS, self.rng.randint(0, 2))
            text = sep.join([*rules, *extras])
            if s.startswith(("$", "#")) or not side_said:
                lead = self.pick(f"{head}: ", f"{head} ", f"{head} 👀 ")
            else:
                lead = f"{head}: "
            return " ".join([lead + text, *tags]).strip()
        colon = self.pick(": ", " - ", " — ", " :: ", ": ")
        text = head + colon + sep.join(rules + extras)
        if layout == "comment":
            text = self.pick("# ", "// ", "-- ", "#: ") + text
        return text


class TersePhraser:
    """Trader's shorthand: fragments, abbreviations, symbols, one line or a few."""

    name = "terse"

    def describe(self, strategy: Call, rng: random.Random) -> str:
        return _Note(strategy, rng).write()
