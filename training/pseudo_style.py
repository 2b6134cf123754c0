"""The "pseudo" style: a strategy sketched as pseudo-code, the way traders jot rules down.

One description is written in one dialect, drawn per description: Python-like lines
(``if rsi(close, 14) < 30: buy()``), Pine-Script-like lines (``ta.crossover(ta.ema(close, 20),
ta.ema(close, 50))``, ``strategy.entry``), spreadsheet formulas (``=AND(RSI(14) < 30, ...)``),
SQL-ish ``WHERE`` clauses, or English mixed with code fragments. Indicators may first be bound
to variables (``fast_ma = ema(close, 20)``) and used by name; settings come as assignments,
keyword arguments, comments after ``#`` or ``--``, or table rows.

Every value the strategy holds is written, in forms the model's reader takes in: numbers as
digits (``10000``, ``10,000``, ``10k``), percentages with ``%``, dates as ``2021-03-04`` or
spelled out, never ``datetime(...)``. A positional argument is used only where it cannot be
mistaken (a source then a length); everything else is a keyword argument.
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

_DIALECTS = ("py", "py", "py", "pine", "pine", "sheet", "sql", "mixed", "mixed", "mixed")
_PRICE = ("CLOSE", "OPEN", "HIGH", "LOW", "VOLUME")

#: Code names of each series class: lower case, each names one class only.
_FN: dict[str, tuple[str, ...]] = {
    "ADX": ("adx",), "AROON_UP": ("aroon_up", "aroonup", "aroon.up"),
    "AROON_DOWN": ("aroon_down", "aroondown", "aroon.down"), "ATR": ("atr",),
    "BB_LOWER": ("bb_lower", "bb.lower", "lower_bb", "bollinger_lower", "bb_lo"),
    "BB_MIDDLE": ("bb_middle", "bb.basis", "bb_mid", "bollinger_mid", "bb_basis"),
    "BB_UPPER": ("bb_upper", "bb.upper", "upper_bb", "bollinger_upper", "bb_up"),
    "BBP": ("bbp", "bull_bear_power", "elder_ray"),
    "HAMMER": ("hammer", "is_hammer", "hammer_candle"), "CCI": ("cci",),
    "CCI_SMOOTHENED": ("cci_smooth", "smoothed_cci", "cci_smoothened"),
    "CHAIKIN_OSC": ("chaikin_osc", "chaikin_oscillator"), "CHOP": ("chop", "choppiness"),
    "CMF": ("cmf", "chaikin_money_flow"), "CMO": ("cmo", "chande_mo"),
    "COPPOCK": ("coppock", "coppock_curve"),
    "DC_BASIS": ("dc_basis", "donchian_mid", "donchian.basis"),
    "DC_LOWER": ("dc_lower", "donchian_low", "donchian.lower"),
    "DC_UPPER": ("dc_upper", "donchian_high", "donchian.upper"),
    "DI_MINUS": ("di_minus", "minus_di", "dmi.minus"),
    "DI_PLUS": ("di_plus", "plus_di", "dmi.plus"),
    "DPO": ("dpo",), "EFI": ("efi", "force_index"), "EOM": ("eom", "ease_of_movement", "emv"),
    "ICHIMOKU_BASE": ("kijun", "ichimoku_base", "kijun_sen"),
    "ICHIMOKU_CONVERSION": ("tenkan", "ichimoku_conversion", "tenkan_sen"),
    "ICHIMOKU_LAGGING_SPAN": ("chikou", "ichimoku_lagging", "lagging_span"),
    "ICHIMOKU_LEADING_SPAN_A": ("senkou_a", "span_a", "leading_span_a"),
    "ICHIMOKU_LEADING_SPAN_B": ("senkou_b", "span_b", "leading_span_b"),
    "KC_LOWER": ("kc_lower", "keltner_lower", "keltner.lower"),
    "KC_UPPER": ("kc_upper", "keltner_upper", "keltner.upper"),
    "KST": ("kst",), "KST_SIGNAL": ("kst_signal", "kst.signal"),
    "EMA": ("ema",), "SMA": ("sma", "sma", "ma"),
    "MACD": ("macd", "macd_line", "macd.line"), "MACD_SIGNAL": ("macd_signal", "macd.signal"),
    "MASS_INDEX": ("mass_index", "massi"), "MFI": ("mfi", "money_flow_index"),
    "MOMENTUM": ("mom", "momentum"), "OBV": ("obv",), "PVI": ("pvi",), "PVT": ("pvt",),
    "ROC": ("roc", "rate_of_change"), "RSI": ("rsi",),
    "STOCH_PERCENT_D": ("stoch_d", "stoch.d", "stoch_pct_d", "percent_d"),
    "STOCH_PERCENT_K": ("stoch_k", "stoch.k", "stoch_pct_k", "percent_k"),
    "TRIX": ("trix",), "UO": ("uo", "ultimate_osc", "ultimate_oscillator"),
    "WILLR": ("willr", "williams_r", "wpr"),
}
_ORD = ("first", "second", "third", "fourth")
#: Keyword names of each parameter; none says "long" or "short" (those name the side).
_KW: dict[str, tuple[str, ...]] = {
    "length": ("length", "len", "period", "n", "window", "lookback"),
    "source": ("src", "source"), "offset": ("offset", "shift"),
    "displacement": ("displacement", "disp", "shift"), "divisor": ("divisor", "div"),
    "smoothing_length": ("smoothing_length", "smooth_len", "smoothing_period"),
    "smoothing_type": ("smoothing_type", "smoothing", "smooth_type"),
    "ma_type": ("ma_type", "matype", "ma_kind"),
    "std_dev": ("std", "stdev", "std_dev", "dev"),
    "multiplier": ("mult", "multiplier", "atr_mult"),
    "use_exp_ma": ("use_ema", "exp_ma", "use_exp_ma"),
    "atr_length": ("atr_length", "atr_len", "atr_period"),
    "fast_length": ("fast", "fast_len", "fast_length", "fastlen"),
    "slow_length": ("slow", "slow_len", "slow_length", "slowlen"),
    "middle_length": ("mid", "middle", "mid_len", "middle_length"),
    "signal_length": ("signal", "signal_len", "sig_len", "signal_length"),
    "long_roc_length": ("slow_roc", "roc_slow", "slow_roc_len"),
    "short_roc_length": ("fast_roc", "roc_fast", "fast_roc_len"),
    "oscillator_ma_type": ("osc_ma_type", "oscillator_ma", "osc_matype"),
    "signal_ma_type": ("signal_ma_type", "sig_ma", "signal_matype"),
    **{f"roc_length_{i + 1}": (f"roc_{o}", f"{o}_roc", f"roc_len_{o}") for i, o in enumerate(_ORD)},
    **{f"sma_length_{i + 1}": (f"sma_{o}", f"{o}_sma", f"sma_len_{o}") for i, o in enumerate(_ORD)},
}
_SOURCES: dict[str, tuple[str, ...]] = {
    "CLOSE": ("close",), "OPEN": ("open",), "HIGH": ("high",), "LOW": ("low",),
    "HLC3": ("hlc3", "typical_price", "typical_price"), "HL2": ("hl2", "median_price"),
    "OHLC4": ("ohlc4", "average_price"), "HLCC4": ("hlcc4", "weighted_close"),
    "VOLUME": ("volume",),
}
_SMOOTHING: dict[str, tuple[str, ...]] = {
    "RMA": ("rma", "wilder"), "SMA": ("sma", "simple"), "EMA": ("ema", "exponential"),
    "WMA": ("wma", "weighted"),
}
_LEVELS = {"LEVEL_0": "0", "LEVEL_23_6": "23.6", "LEVEL_38_2": "38.2", "LEVEL_50": "50",
           "LEVEL_61_8": "61.8", "LEVEL_100": "100"}
#: An operator or word between two operands: "a > b" needs brackets before "&".
_INFIX = re.compile(r"\s(?:[<>]=?|and|or|AND|OR|&&?|\|\|?|crosses|cuts|x-\w+|is|above|below|"
                    r"stays|rising|falling|up|down|jumps|moves|rises|drops|falls|then|bars)\s")
_STOP_WORDS = {"NORMAL": ("fixed", "normal", "static", "hard"), "TRAILING": ("trailing",)}


def _num(value: Value) -> float:
    assert isinstance(value, int | float) and not isinstance(value, bool), value
    return value


def _plain(value: Value) -> str:
    return wording.plain(_num(value))


def _date(value: Value | None) -> dt.date | None:
    if not isinstance(value, Call):
        return None
    y, m, d = (int(_num(value.args[k])) for k in ("year", "month", "day"))
    return dt.date(y, m, d)


def _sheet_names(cls: str) -> tuple[str, ...]:
    """Upper-case names that the reader cannot take for a ticker: RSI, BB_LOWER."""
    names = {n.upper() for n in series_names(cls)}
    found = tuple(n.upper() for n in _FN[cls] if "." not in n and ("_" in n or n.upper() in names))
    return found or (_FN[cls][0].upper() + "_X",)


@dataclass
class _Sketch(StrategyWriter):
    dialect: str
    favourite: dict[str, str] = field(default_factory=dict)
    variables: list[tuple[Call, str]] = field(default_factory=list)
    ops: tuple[str, str] = (" and ", " or ")
    kw_sep: str = "="

    def arg(self, name: str) -> Value | None:
        return self.strategy.args.get(name)

    # --- values ----------------------------------------------------------------------

    def pct(self, value: Value, sign: bool = False) -> str:
        text = _plain(abs(_num(value)))
        if _num(value) < 0:
            text = "-" + text
        elif sign and self.rng.random() < 0.4:
            text = "+" + text
        return text + self.pick("%", "%", "%", " %")

    def money(self, value: Value) -> str:
        v = _num(value)
        if self.dialect == "mixed" and self.rng.random() < 0.6:
            return wording.money(v, self.rng)
        options = [wording.plain(v), wording.plain(v), wording.grouped(v), f"${wording.grouped(v)}"]
        if float(v).is_integer() and v >= 1000 and v % 100 == 0 and v < 1_000_000:
            options.append(f"{wording.plain(v / 1000)}k")
        return self.rng.choice(options)

    def when(self, value: Value | None) -> str:
        day = _date(value)
        assert day is not None
        if self.dialect == "mixed" and self.rng.random() < 0.5:
            return wording.date(day, self.rng)
        iso = day.isoformat()
        text = self.rng.choice([iso, iso, iso, iso.replace("-", "/"), wording.date(day, self.rng)])
        quote = "'" if self.dialect == "sql" else self.pick('"', '"', "'", "")
        return f"{quote}{text}{quote}" if self.dialect != "mixed" else text

    def enum(self, value: EnumValue) -> str:
        if value.enum == "SourceType":
            text = self.rng.choice(_SOURCES[value.member])
            return text if self.rng.random() < 0.7 else f'"{text}"'
        if value.enum == "SmoothingType":
            return f'"{self.rng.choice(_SMOOTHING[value.member])}"'
        raise ValueError(f"no code form for {value}")

    def value(self, value: Value) -> str:
        if isinstance(value, bool):
            text = "True" if value else "False"
            return text if self.dialect == "py" else text.lower()
        if isinstance(value, EnumValue):
            return self.enum(value)
        return _plain(value)

    # --- series ----------------------------------------------------------------------

    def fn(self, cls: str) -> str:
        if cls not in self.favourite:
            if self.dialect == "sheet":
                name = self.rng.choice(_sheet_names(cls))
            elif self.dialect == "pine":
                name = "ta." + self.rng.choice([n for n in _FN[cls] if "." not in n])
            else:
                name = self.rng.choice(_FN[cls])
                if self.dialect == "py" and "." not in name and self.rng.random() < 0.2:
                    name = self.pick("ta.", "ind.", "talib_") + name
            self.favourite[cls] = name
        return self.favourite[cls]

    def other_ticker(self, call: Call) -> str | None:
        ticker = call.args.get("ticker")
        return ticker if isinstance(ticker, str) and ticker != self.ticker else None

    def series(self, call: Call) -> str:
        if call.name == "CONST":
            return _plain(call.args["const_number"])
        for known, name in self.variables:
            if known == call:
                return name
        return self.call_text(call)

    def call_text(self, call: Call) -> str:
        stated = {k: v for k, v in call.args.items() if k != "ticker"}
        other = self.other_ticker(call)
        if call.name in _PRICE and not stated:
            word = call.name.lower()
            if call.name == "CLOSE" and self.rng.random() < 0.15 and not other:
                word = "price"
            if self.dialect == "py" and self.rng.random() < 0.2:
                word = self.pick(f"df.{word}", f'df["{word}"]', f"data.{word}")
            if other:
                return self.pick(f'{word}("{other}")', f'security("{other}", {word})')
            return word
        fn = self.fn(call.name)
        keys = set(stated)
        parts: list[str] = [f'{self.pick("ticker", "symbol")}{self.kw_sep}"{other}"'] if other \
            else []
        if keys == {"length"} and not other and self.dialect in ("py", "mixed", "sql") and \
                fn.isalpha() and self.rng.random() < 0.15:
            length = _plain(stated["length"])
            return self.pick(f"{fn}{length}", f"{fn}_{length}")
        if keys and keys <= {"source", "length"} and self.rng.random() < 0.65:
            for key in ("source", "length"):
                if key in stated:
                    parts.append(self.value(stated[key]))
        else:
            items = list(stated.items())
            if self.rng.random() < 0.3:
                self.rng.shuffle(items)
            parts += [f"{self.rng.choice(_KW[k])}{self.kw_sep}{self.value(v)}" for k, v in items]
        if not parts and self.dialect != "sheet" and self.rng.random() < 0.4:
            return fn
        return f"{fn}({', '.join(parts)})"

    def bind(self) -> list[str]:
        """Variables for the indicators, the way scripts name them first: ``fast = ema(20)``."""
        seen: list[Call] = []
        for name in ("buy_condition", "sell_condition"):
            cond = self.arg(name)
            assert isinstance(cond, Call)
            for call in cond.walk():
                if call.spec.kind.value == "series" and call.name not in ("CONST", *_PRICE) \
                        and call not in seen:
                    seen.append(call)
        lines: list[str] = []
        used: set[str] = set()
        for call in seen:
            text = self.call_text(call)
            base = self.fn(call.name).lower()
            for prefix in ("ta.", "ind.", "talib_"):
                base = base.removeprefix(prefix)
            base = base.replace(".", "_")
            length = call.args.get("length")
            same = [c for c in seen if c.name == call.name]
            options = [base, f"{base}_val", f"my_{base}"]
            if isinstance(length, int) and not isinstance(length, bool):
                options += [f"{base}{length}", f"{base}_{length}"]
            if len(same) == 2 and isinstance(length, int):
                other = same[1 if same[0] == call else 0].args.get("length")
                if isinstance(other, int) and other != length:
                    role = "fast" if length < other else "slow"
                    options += [f"{role}_{base}", f"{base}_{role}", role]
            var = next((n for n in self.rng.sample(options, len(options)) if n not in used),
                        None)
            if var is None or var in ("close", "open", "high", "low", "volume"):
                continue
            used.add(var)
            op = {"pine": self.pick(" = ", " := "), "sql": " AS "}.get(self.dialect, " = ")
            line = f"{text}{op}{var}" if op == " AS " else f"{var}{op}{text}"
            lines.append(line)
            self.variables.append((call, var))
        return lines

    # --- conditions ------------------------------------------------------------------

    def cond(self, call: Call) -> str:
        name = call.name
        d = self.dialect
        if name in ("AND", "OR"):
            return self.logic(call)
        if name in ("GreaterThanCondition", "LessThanCondition"):
            a, b = self.pair(call)
            up = name == "GreaterThanCondition"
            if d == "mixed" and self.rng.random() < 0.4:
                verb = self.pick("is above", "above", "is over", "stays above") if up else \
                    self.pick("is below", "below", "is under", "stays below")
                return f"{a} {verb} {b}"
            op = (">" if up else "<") + ("=" if self.rng.random() < 0.1 else "")
            return f"{a} {op} {b}"
        if name in ("CrossOverCondition", "CrossUnderCondition"):
            a, b = self.pair(call)
            up = name == "CrossOverCondition"
            word = "above" if up else "below"
            over = "over" if up else "under"
            options = {
                "py": [f"cross{over}({a}, {b})", f"cross_{word}({a}, {b})",
                       f"crossed_{word}({a}, {b})", f"crosses_{word}({a}, {b})"]
                + ([f"{a}.crosses_{word}({b})"] if not a[0].isdigit() else []),
                "pine": [f"ta.cross{over}({a}, {b})", f"ta.cross{over}({a}, {b})",
                         f"cross{over}({a}, {b})"],
                "sheet": [f"CROSS{over.upper()}({a}, {b})", f"CROSS_{word.upper()}({a}, {b})"],
                "sql": [f"crosses_{word}({a}, {b})", f"{a} crosses {word} {b}",
                        f"cross{over}({a}, {b})"],
                "mixed": [f"{a} crosses {word} {b}", f"{a} crosses {over} {b}",
                          f"cross{over}({a}, {b})", f"{a} cuts {word} {b}",
                          f"ta.cross{over}({a}, {b})", f"{a} x-{over} {b}"],
            }[d]
            return self.rng.choice(options)
        if name in ("UptrendForXDaysCondition", "DowntrendForXDaysCondition"):
            s = self.series(self.sub(call, "series"))
            n = _plain(call.args["number_of_days"])
            up = name.startswith("Up")
            r, t = ("rising", "up") if up else ("falling", "down")
            options = {
                "py": [f"{r}({s}, {n})", f"{t}trend({s}, days={n})", f"is_{r}({s}, bars={n})",
                       f"{r}_for({s}, {n})"],
                "pine": [f"ta.{r}({s}, {n})"],
                "sheet": [f"{r.upper()}_FOR({s}, {n})", f"{t.upper()}TREND_DAYS({s}, {n})"],
                "sql": [f"{r}_days({s}) >= {n}", f"{t}trend({s}, {n})"],
                "mixed": [f"{s} {r} for {n} bars", f"{s} {t} {n} days in a row",
                          f"{r}({s}, {n})", f"{s} in a{'n' if up else ''} {t}trend for {n} days"],
            }[d]
            return self.rng.choice(options)
        if name == "ChangeOfXPercentPerYDaysCondition":
            s = self.series(self.sub(call, "series"))
            n = _plain(call.args["number_of_days"])
            up = _num(call.args["percent"]) > 0
            op = self.pick(">=", ">") if up else self.pick("<=", "<")
            p = self.pct(call.args["percent"], sign=True)
            fn = {"sheet": "PCT_CHANGE"}.get(d, self.pick("pct_change", "change_pct", "pct_chg"))
            kw = self.pick(f"{n}", f"days={n}", f"periods={n}", f"bars={n}")
            if d == "mixed" and self.rng.random() < 0.5:
                size = self.pct(abs(_num(call.args["percent"])))
                return f"{s} {'up' if up else 'down'} {size} " + \
                    self.pick(f"in {n} days", f"over {n} bars", f"within {n} days")
            return f"{fn}({s}, {kw}) {op} {p}"
        if name == "IntraIntervalChangeOfXPercentCondition":
            s = self.series(self.sub(call, "series"))
            up = _num(call.args["percent"]) > 0
            p = self.pct(call.args["percent"], sign=True)
            op = self.pick(">=", ">") if up else self.pick("<=", "<")
            if d == "mixed" and self.rng.random() < 0.5:
                size = self.pct(abs(_num(call.args["percent"])))
                verb = self.pick("jumps", "moves up", "rises") if up else \
                    self.pick("drops", "moves down", "falls")
                return f"{s} {verb} {size} " + self.pick("intrabar", "within one bar",
                                                         "inside a single candle")
            fn = "INTRABAR_CHANGE" if d == "sheet" else self.pick(
                "intrabar_change", "bar_change_pct", "intrabar_pct")
            return f"{fn}({s}) {op} {p}"
        if name in ("UptrendFibRetracementLevelCondition",
                    "DowntrendFibRetracementLevelCondition"):
            up = name.startswith("Up")
            level = call.args["fib_level"]
            assert isinstance(level, EnumValue)
            lvl = _LEVELS[level.member] + self.pick("%", "%", "")
            t = "up" if up else "down"
            length = call.args.get("length")
            extra = f", {self.pick('lookback', 'length', 'swing_len')}={_plain(length)}" \
                if length is not None else ""
            if d == "mixed" and self.rng.random() < 0.5:
                tail = f" (lookback {_plain(length)} bars)" if length is not None else ""
                return f"price retraces to the {lvl} fib level in a{'n' if up else ''} " \
                       f"{t}trend{tail}"
            fn = "FIB_" + t.upper() + "TREND" if d == "sheet" else self.pick(
                f"fib_retrace_{t}", f"{t}trend_fib", f"fib_{t}")
            if self.rng.random() < 0.3 and d != "sheet":
                return f'fib_touch(level={lvl}, trend="{t}"{extra})'
            return f"{fn}({lvl}{extra})"
        if name == "AfterXDaysCondition":
            inner = self.cond(self.sub(call, "condition"))
            n = _plain(call.args["number_of_days"])
            options = {
                "py": [f"delay({inner}, {n})", f"after({inner}, days={n})",
                       f"({inner}).shift({n})"],
                "pine": [f"({inner})[{n}]", f"delay({inner}, {n})"],
                "sheet": [f"DELAY_BARS({inner}, {n})", f"AFTER_DAYS({inner}, {n})"],
                "sql": [f"lag({inner}, {n})", f"delayed({inner}, days => {n})"],
                "mixed": [f"{n} bars after ({inner})", f"({inner}), then wait {n} days",
                          f"delay({inner}, {n})"],
            }[d]
            return self.rng.choice(options)
        raise ValueError(f"no pseudo-code for {name}")

    def sub(self, call: Call, name: str) -> Call:
        value = call.args[name]
        assert isinstance(value, Call)
        return value

    def pair(self, call: Call) -> tuple[str, str]:
        return self.series(self.sub(call, "first_series")), \
            self.series(self.sub(call, "second_series"))

    def logic(self, call: Call) -> str:
        items = call.args["conditions"]
        assert isinstance(items, tuple)
        both = call.name == "AND"
        if self.dialect == "sheet":
            return f"{'AND' if both else 'OR'}({', '.join(self.cond(c) for c in items)})"
        if self.dialect == "py" and self.rng.random() < 0.12:
            inner = ", ".join(self.cond(c) for c in items)
            return f"{'all' if both else 'any'}([{inner}])"
        op = self.ops[0] if both else self.ops[1]
        parts = []
        bitwise = op.strip() in ("&", "|")
        for c in items:
            text = self.cond(c)
            if (c.name in ("AND", "OR") and not text.endswith("])")) or (
                    bitwise and _INFIX.search(text)):
                text = f"({text})"
            parts.append(text)
        return op.join(parts)

    # --- settings --------------------------------------------------------------------

    def stop(self) -> str | None:
        stop = self.arg("stop_loss")
        if not isinstance(stop, Call):
            return None
        p = self.pct(stop.args["percentage"])
        kind = stop.args.get("stop_loss_type")
        member = kind.member if isinstance(kind, EnumValue) else None
        d = self.dialect
        if member == "TRAILING":
            options = [f"trailing_stop = {p}", f"trail_pct = {_plain(stop.args['percentage'])}",
                       f"stop_loss = {p}  {self.comment()} trailing", f"stop = trailing({p})"]
            if d == "pine":
                options += [f'strategy.exit("trail", trail_percent = {p})']
            if d == "mixed":
                options += [f"trailing stop {p}", f"sl {p} (trailing)", f"trail the stop {p}"]
            return self.rng.choice(options)
        if member == "NORMAL":
            w = self.rng.choice(_STOP_WORDS["NORMAL"])
            options = [f'stop_loss = {p}; stop_type = "{w}"', f"{w}_stop = {p}",
                       f"stop = {w}({p})", f"sl = {p}  {self.comment()} {w} stop"]
            if d == "mixed":
                options += [f"{w} stop {p}", f"sl {p} ({w})"]
            return self.rng.choice(options)
        options = [f"stop_loss = {p}", f"sl = {p}", f"sl_pct = {_plain(stop.args['percentage'])}",
                   f"stop = -{p}" if not p.startswith("-") else f"stop = {p}"]
        if d == "pine":
            options += [f'strategy.exit("sl", stop_pct = {p})']
        if d == "mixed":
            options += [f"stop {p}", f"sl {p}", f"stop-loss at {p}"]
        return self.rng.choice(options)

    def target(self) -> str | None:
        tp = self.arg("take_profit")
        if not isinstance(tp, Call):
            return None
        p = self.pct(tp.args["percentage"])
        options = [f"take_profit = {p}", f"tp = {p}", f"tp_pct = {_plain(tp.args['percentage'])}",
                   f"target = +{p}" if not p.startswith("-") else f"target = {p}"]
        if self.dialect == "pine":
            options += [f'strategy.exit("tp", profit_pct = {p})', f"limit = +{p}"]
        if self.dialect == "mixed":
            options += [f"tp {p}", f"take profit at {p}", f"target {p}"]
        return self.rng.choice(options)

    def comment(self) -> str:
        return {"pine": "//", "sql": "--", "sheet": "'"}.get(self.dialect, "#")

    def history(self) -> list[str]:
        lines = []
        start, end = self.arg("start_date"), self.arg("end_date")
        d = self.dialect
        if isinstance(start, Call) and isinstance(end, Call) and self.rng.random() < 0.4:
            a, b = self.when(start), self.when(end)
            lines.append(self.rng.choice({
                "sql": [f"date BETWEEN {a} AND {b}"],
                "pine": [f"in_range = time >= timestamp({a}) and time <= timestamp({b})",
                         f"date_range = ({a}, {b})"],
                "mixed": [f"dates {a} -> {b}", f"from {a} to {b}", f"backtest {a} .. {b}"],
            }.get(d, [f"dates = ({a}, {b})", f'start, end = {a}, {b}',
                      f"window = {a} to {b}"])))
        else:
            if isinstance(start, Call):
                a = self.when(start)
                lines.append(self.rng.choice({
                    "sql": [f"date >= {a}"], "pine": [f"start = timestamp({a})",
                                                       f"from_date = {a}"],
                    "mixed": [f"from {a}", f"start {a}", f"since {a}"],
                }.get(d, [f"start = {a}", f"start_date = {a}", f"from_date = {a}"])))
            if isinstance(end, Call):
                b = self.when(end)
                lines.append(self.rng.choice({
                    "sql": [f"date <= {b}"], "pine": [f"end = timestamp({b})", f"to_date = {b}"],
                    "mixed": [f"until {b}", f"end {b}", f"to {b}"],
                }.get(d, [f"end = {b}", f"end_date = {b}", f"to_date = {b}"])))
        period = self.arg("period")
        if isinstance(period, EnumValue):
            spec = CATALOG.enum("Period")
            assert spec is not None
            member = spec.member(period.member)
            assert member is not None
            text = self.rng.choice([member.value, member.value,
                                    *member_names("Period", period.member)])
            if period.member == "NOT_PASSED":
                text = self.pick("none", "None", "not_passed")
            q = "'" if d == "sql" else self.pick('"', "")
            key = self.pick("period", "period", "lookback", "history")
            lines.append(f"{key} = {q}{text}{q}" if d != "mixed" else
                         self.pick(f"period {text}", f"history: {text}", f"lookback {text}"))
        return lines

    def timeframe(self) -> str | None:
        interval = self.arg("interval")
        if not isinstance(interval, EnumValue):
            return None
        names = member_names("Interval", interval.member)
        text = self.rng.choice([names[-1], names[-1], *names])
        if self.dialect == "mixed":
            return self.pick(f"on {text} bars", f"tf {text}", f"timeframe {text}",
                             f"{text} candles")
        q = "'" if self.dialect == "sql" else self.pick('"', "")
        return f"{self.pick('interval', 'timeframe', 'tf', 'bars')} = {q}{text}{q}"

    def capital(self) -> str | None:
        value = self.arg("initial_capital")
        if value is None:
            return None
        m = self.money(value)
        if self.dialect == "mixed":
            return self.pick(f"capital {m}", f"start with {m}", f"{m} account",
                             f"initial capital {m}")
        return f"{self.pick('initial_capital', 'capital', 'cash', 'starting_equity')} = {m}"

    def size(self) -> str | None:
        size = self.arg("order_size")
        if not isinstance(size, Call):
            return None
        v = _plain(size.args["value"])
        if size.name == "Contracts":
            options = [f"qty = {v}", f"shares = {v}", f"contracts = {v}",
                       f"order_size = {v}  {self.comment()} {self.pick('shares', 'contracts')}",
                       f"size = {v} {self.pick('shares', 'contracts', 'units')}"]
            if self.dialect == "mixed":
                options += [f"{v} shares per trade", f"trade {v} contracts",
                            f"size: {v} units"]
        elif size.name == "USD":
            m = self.money(size.args["value"])
            if not any(mark in m for mark in ("$", "USD", "dollar")):
                m = f"${m}"
            options = [f"order_usd = {m}", f"notional = {m}", f"cash_per_trade = {m}",
                       f"size = ${v}  {self.comment()} per trade", f"position_usd = {v}"]
            if self.dialect == "mixed":
                options += [f"{m} per trade", f"put {m} in each trade", f"notional {m}"]
        else:
            p = self.pct(size.args["value"])
            options = [f"size = {p} of equity", f"pct_of_equity = {v}",
                       f"position_size = {p}  {self.comment()} of equity",
                       f"equity_pct = {v}"]
            if self.dialect == "mixed":
                options += [f"{p} of equity per trade", f"size {p} equity"]
        return self.rng.choice(options)

    def fees(self) -> str | None:
        fee = self.arg("trade_commissions")
        if not isinstance(fee, Call):
            return None
        v = _plain(fee.args["value"])
        if fee.name == "MoneyCommissions":
            options = [f"commission = ${v}  {self.comment()} per trade", f"fee_per_trade = {v}",
                       f"commission_cash = {v}", f"fees = ${v} per trade"]
            if self.dialect == "mixed":
                options += [f"${v} per trade commission", f"fees {v} USD per trade"]
        else:
            p = self.pct(fee.args["value"])
            options = [f"commission = {p}", f"commission_pct = {v}", f"fee_rate = {p}",
                       f"fees = {p}  {self.comment()} of trade value"]
            if self.dialect == "mixed":
                options += [f"{p} commission", f"fees {p} per trade"]
        return self.rng.choice(options)

    def pine_declaration(self) -> tuple[str, set[str]]:
        """``strategy("AAPL", initial_capital=..., default_qty_type=...)``, with what it says."""
        parts = [f'"{self.ticker} {self.pick("sketch", "strategy", "system", "test")}"']
        said: set[str] = set()
        capital = self.arg("initial_capital")
        if capital is not None and self.rng.random() < 0.8:
            parts.append(f"initial_capital={_plain(capital)}")
            said.add("capital")
        size = self.arg("order_size")
        if isinstance(size, Call) and self.rng.random() < 0.8:
            kind = {"Contracts": "fixed", "USD": "cash",
                    "PercentOfEquity": "percent_of_equity"}[size.name]
            parts.append(f"default_qty_type=strategy.{kind}, "
                         f"default_qty_value={_plain(size.args['value'])}")
            said.add("size")
        fee = self.arg("trade_commissions")
        if isinstance(fee, Call) and self.rng.random() < 0.8:
            kind = "cash_per_order" if fee.name == "MoneyCommissions" else "percent"
            parts.append(f"commission_type=strategy.commission.{kind}, "
                         f"commission_value={_plain(fee.args['value'])}")
            said.add("fees")
        return f"strategy({', '.join(parts)})", said

    def settings(self, skip: frozenset[str] | set[str] = frozenset()) -> list[str]:
        found = [("stop", self.stop()), ("target", self.target()), ("tf", self.timeframe()),
                 ("capital", self.capital()), ("size", self.size()), ("fees", self.fees())]
        lines = [t for k, t in found if t and k not in skip] + self.history()
        self.rng.shuffle(lines)
        return lines

    # --- sides -----------------------------------------------------------------------

    def side_text(self) -> str:
        return {"LONG": self.pick("long", "long_only", "long only", "longs only"),
                "SHORT": self.pick("short", "short_only", "short only", "shorts only"),
                "LONG_SHORT_COMBINED": self.pick("long_short", "long+short", "long & short",
                                                 "both (long and short)", "long/short"),
                }[self.side]

    def actions(self) -> tuple[str, str]:
        """What the entry and the exit rule do, as code calls."""
        side = self.side
        if self.dialect == "pine":
            if side == "LONG":
                return ('strategy.entry("Long", strategy.long)',
                        self.pick('strategy.close("Long")', "strategy.close_all()"))
            if side == "SHORT":
                return ('strategy.entry("Short", strategy.short)',
                        self.pick('strategy.close("Short")', "strategy.close_all()"))
            return ('strategy.entry("Long", strategy.long)',
                    'strategy.entry("Short", strategy.short)')
        if side == "LONG":
            return (self.pick("buy()", "enter_long()", "go_long()", "buy"),
                    self.pick("sell()", "exit_long()", "close_position()", "sell"))
        if side == "SHORT":
            return (self.pick("sell_short()", "enter_short()", "go_short()", "short()"),
                    self.pick("cover()", "exit_short()", "cover_short()", "close_short()"))
        return (self.pick("go_long()", "enter_long()", "long()"),
                self.pick("go_short()", "reverse_to_short()", "enter_short()"))

    def rule_names(self) -> tuple[str, str]:
        return {"LONG": (self.pick("long_entry", "buy_signal", "entry"),
                         self.pick("long_exit", "sell_signal", "exit")),
                "SHORT": (self.pick("short_entry", "short_signal", "entry"),
                          self.pick("cover_signal", "short_exit", "exit")),
                "LONG_SHORT_COMBINED": (self.pick("go_long", "long_signal", "long_cond"),
                                        self.pick("go_short", "short_signal", "short_cond")),
                }[self.side]

    # --- layouts ---------------------------------------------------------------------

    def entry_exit(self) -> tuple[str, str]:
        entry = self.cond(self.sub(self.strategy, "buy_condition"))
        exit_ = self.cond(self.sub(self.strategy, "sell_condition"))
        return entry, exit_

    def script(self) -> str:
        """Python or Pine lines."""
        pine = self.dialect == "pine"
        c = self.comment()
        lines: list[str] = []
        skip: set[str] = set()
        if pine and self.rng.random() < 0.7:
            declaration, skip = self.pine_declaration()
            lines.append(declaration)
            lines.append(f"{c} side: {self.side_text()}")
        else:
            t = self.ticker
            lines.append(self.pick(f'symbol = "{t}"', f'ticker = "{t}"', f"{c} {t}, "
                                   f"{self.side_text()}", f'data = load("{t}")'))
            if not lines[0].startswith(c):
                lines.append(self.pick(f'side = "{self.side_text()}"',
                                       f"{c} {self.side_text()}",
                                       f'direction = "{self.side_text()}"'))
        if self.rng.random() < 0.5:
            lines += self.bind()
        entry, exit_ = self.entry_exit()
        go, leave = self.actions()
        names = self.rule_names()
        if self.rng.random() < 0.5:
            lines += [f"{names[0]} = {entry}", f"{names[1]} = {exit_}"]
            entry, exit_ = names
        colon = "" if pine else ":"
        for cond, act in ((entry, go), (exit_, leave)):
            lines.append(self.pick(f"if {cond}{colon}\n    {act}", f"if {cond}{colon} {act}")
                         if not pine else self.pick(f"if {cond}\n    {act}",
                                                    f"if ({cond})\n    {act}"))
        rest = self.settings(skip)
        if rest and self.rng.random() < 0.3:
            lines.append(f"{c} " + "; ".join(rest))
        else:
            lines += rest
        return "\n".join(lines)

    def sheet(self) -> str:
        sep = self.pick(" | ", ": ", "\t")
        entry, exit_ = self.entry_exit()
        labels = {"LONG": ("Buy", "Sell"), "SHORT": ("Short", "Cover"),
                  "LONG_SHORT_COMBINED": ("Long", "Short")}[self.side]
        rows = [f"{self.pick('Ticker', 'Symbol')}{sep}{self.ticker}",
                f"{self.pick('Side', 'Direction')}{sep}{self.side_text()}",
                f"{labels[0]}{sep}={entry}", f"{labels[1]}{sep}={exit_}"]
        if self.rng.random() < 0.3:
            rows[2] = f'Signal{sep}=IF({entry}, "{labels[0].lower()}", ' \
                      f'IF({exit_}, "{labels[1].lower()}", ""))'
            rows.pop()
        for line in self.settings():
            key, _, value = line.partition(" = ")
            rows.append(f"{key}{sep}{value}" if value else line)
        return "\n".join(rows)

    def sql(self) -> str:
        entry, exit_ = self.entry_exit()
        where = [f"symbol = '{self.ticker}'"] + [h for h in self.history()]
        head = f"SELECT * FROM {self.pick('bars', 'prices', 'candles', 'ohlc')}\n" \
               f"WHERE {' AND '.join(where)}"
        verbs = {"LONG": ("buy", "sell"), "SHORT": ("short", "cover"),
                 "LONG_SHORT_COMBINED": ("go long", "go short")}[self.side]
        rules = [f"-- side: {self.side_text()}",
                 f"-- {verbs[0]} WHERE {entry}", f"-- {verbs[1]} WHERE {exit_}"]
        if self.rng.random() < 0.4:
            select = self.pick("SELECT {} AS action WHERE", "select {} as action where")
            rules[1:] = [f"{select.format(repr(verbs[0]))} {entry}",
                         f"{select.format(repr(verbs[1]))} {exit_}"]
        found = [self.stop(), self.target(), self.timeframe(), self.capital(), self.size(),
                 self.fees()]
        extra = [t for t in found if t]
        if extra:
            rules.append(self.pick("SET ", "-- ") + ", ".join(extra))
        return "\n".join([head, *rules])

    def mixed(self) -> str:
        entry, exit_ = self.entry_exit()
        t, s = self.ticker, self.side_text()
        verbs = {"LONG": (self.pick("buy", "go long", "long"),
                          self.pick("sell", "exit", "close the long")),
                 "SHORT": (self.pick("short", "go short", "sell short"),
                           self.pick("cover", "exit", "close the short")),
                 "LONG_SHORT_COMBINED": (self.pick("go long", "long"),
                                         self.pick("go short", "flip short"))}[self.side]
        head = self.pick(f"{t} ({s}).", f"{t}, {s}:", f"Trade {t} {s}.", f"{s} {t} -")
        quote = self.pick("", "", "`")
        rules = [f"{verbs[0]} when {quote}{entry}{quote}", f"{verbs[1]} when {quote}{exit_}{quote}"]
        if self.rng.random() < 0.3:
            rules = [f"{verbs[0]} if {quote}{entry}{quote}", f"{verbs[1]} on {quote}{exit_}{quote}"]
        body = self.pick("; ", ". ", "\n")
        rest = self.settings()
        tail = self.pick(", ", "; ", " | ")
        text = f"{head} {body.join(rules)}"
        if rest:
            text += self.pick(". ", "\n", " -- ") + tail.join(rest)
        return text


class PseudoPhraser:
    """Strategies as pseudo-code: Python, Pine, formulas, SQL or English with code in it."""

    name = "pseudo"

    def describe(self, strategy: Call, rng: random.Random) -> str:
        dialect = rng.choice(_DIALECTS)
        sketch = _Sketch(strategy, rng, dialect)
        if dialect == "py":
            sketch.ops = rng.choice([(" and ", " or "), (" and ", " or "), (" & ", " | ")])
        elif dialect == "sql":
            sketch.ops = rng.choice([(" AND ", " OR "), (" and ", " or ")])
        elif dialect == "mixed":
            sketch.ops = rng.choice([(" and ", " or "), (" && ", " || "), (" AND ", " OR ")])
        sketch.kw_sep = rng.choice(["=", "=", " = "]) if dialect != "sql" else "="
        if dialect in ("py", "pine"):
            return sketch.script()
        return getattr(sketch, dialect)()  # type: ignore[no-any-return]
