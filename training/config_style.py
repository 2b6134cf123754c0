"""The "config" style: a strategy pasted as the configuration a developer would write.

One description is one config: a JSON object (nested or flat, pretty or on one line), a
TOML or INI file with sections, a YAML block, a Python dict literal, ``KEY=value`` lines of
an env file, or a command line of ``--flags``. Keys come in snake_case, camelCase,
kebab-case or SHOUTING_CASE, often abbreviated (``sl_pct``, ``tf``, ``qty``). The rules are
strings in a small expression language drawn per description: infix (``rsi(14) < 30``,
``sma(20) crosses above sma(50)``) or functions (``crossover(ema(9), ema(21))``,
``all(gt(close, kc_upper(20, 2)), ...)``), with or without a ``ta.`` namespace.

Every value is written in a form the model's reader picks up: plain digits, ``5%``,
``$10k``, ISO dates; a ticker is never glued to ``=``. Only what the model holds is stated.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
from dataclasses import dataclass

from strategy_lsp.grammar import CATALOG, Call, EnumValue, Value
from strategy_lsp.grammar.spec import EnumMemberSpec

from .wording import MONTH_ABBREVIATIONS, MONTHS, grouped, ordinal, plain

Key = tuple[str, ...]


@dataclass(frozen=True)
class _S:  # a string; an ``iso`` one is a TOML date literal, a ``ticker`` is never bare
    text: str
    iso: bool = False
    ticker: bool = False


@dataclass(frozen=True)
class _N:  # a number literal
    text: str


@dataclass(frozen=True)
class _B:
    value: bool


@dataclass(frozen=True)
class _Nil:  # JSON null, Python None
    pass


@dataclass(frozen=True)
class _L:  # a list of rule strings
    items: tuple[str, ...]


@dataclass
class _G:  # a nested object; a ``prefix`` one lends its key to its children when flattened
    items: list[tuple[Key, Node]]
    prefix: bool = True


Node = _S | _N | _B | _Nil | _L | _G

# --- the expression language: names ---------------------------------------------------

#: Function names of each series in rule strings; no name belongs to two classes.
SERIES_CODES: dict[str, tuple[str, ...]] = {
    "ADX": ("adx", "adx", "dmi_adx"), "AROON_UP": ("aroon_up", "aroon.up", "aroonUp"),
    "AROON_DOWN": ("aroon_down", "aroon.down", "aroonDown"), "ATR": ("atr",),
    "BB_LOWER": ("bb_lower", "bb.lower", "bbands.lower", "boll_lo"),
    "BB_MIDDLE": ("bb_mid", "bb.middle", "bbands.mid", "bb_basis"),
    "BB_UPPER": ("bb_upper", "bb.upper", "bbands.upper", "boll_up"),
    "BBP": ("bbp", "bull_bear_power", "elder_ray"), "HAMMER": ("hammer", "is_hammer"),
    "CCI": ("cci",), "CCI_SMOOTHENED": ("cci_smooth", "smoothed_cci", "cci.smoothed"),
    "CHAIKIN_OSC": ("chaikin_osc", "chaikin_oscillator"), "CHOP": ("chop", "choppiness"),
    "CMF": ("cmf", "chaikin_mf"), "CMO": ("cmo", "chande_mo"),
    "COPPOCK": ("coppock", "coppock_curve"),
    "DC_BASIS": ("dc_basis", "donchian.mid", "donchian_mid"),
    "DC_LOWER": ("dc_lower", "donchian.lower", "donchian_low"),
    "DC_UPPER": ("dc_upper", "donchian.upper", "donchian_high"),
    "DI_MINUS": ("di_minus", "minus_di", "dmi.minus"),
    "DI_PLUS": ("di_plus", "plus_di", "dmi.plus"), "DPO": ("dpo", "detrended"),
    "EFI": ("efi", "force_index"), "EOM": ("eom", "ease_of_movement"),
    "ICHIMOKU_BASE": ("kijun", "ichimoku.base", "kijun_sen"),
    "ICHIMOKU_CONVERSION": ("tenkan", "ichimoku.conversion", "tenkan_sen"),
    "ICHIMOKU_LAGGING_SPAN": ("chikou", "ichimoku.lagging", "chikou_span"),
    "ICHIMOKU_LEADING_SPAN_A": ("senkou_a", "ichimoku.span_a", "senkouA"),
    "ICHIMOKU_LEADING_SPAN_B": ("senkou_b", "ichimoku.span_b", "senkouB"),
    "KC_LOWER": ("kc_lower", "keltner.lower", "kc.lower"),
    "KC_UPPER": ("kc_upper", "keltner.upper", "kc.upper"),
    "KST": ("kst",), "KST_SIGNAL": ("kst_signal", "kst.signal"),
    "EMA": ("ema",), "SMA": ("sma", "ma"), "MACD": ("macd", "macd.line", "macd_line"),
    "MACD_SIGNAL": ("macd_signal", "macd.signal", "macdsignal"),
    "MASS_INDEX": ("mass_index", "massi"), "MFI": ("mfi",), "MOMENTUM": ("mom", "momentum"),
    "OBV": ("obv",), "PVI": ("pvi",), "PVT": ("pvt",), "ROC": ("roc",), "RSI": ("rsi",),
    "STOCH_PERCENT_D": ("stoch_d", "stoch.d", "stochD"),
    "STOCH_PERCENT_K": ("stoch_k", "stoch.k", "stochK"),
    "TRIX": ("trix",), "UO": ("uo", "ultimate_osc"),
    "WILLR": ("willr", "williams_r", "wpr"),
    "CLOSE": ("close", "close", "price"), "OPEN": ("open",), "HIGH": ("high",),
    "LOW": ("low",), "VOLUME": ("volume", "vol"),
}
#: Names that may also be written in capitals ("RSI(14)"): words every reader knows.
_CAPITALS = frozenset({"rsi", "sma", "ema", "macd", "atr", "adx", "cci", "mfi", "obv", "roc"})
PRICES = frozenset({"CLOSE", "OPEN", "HIGH", "LOW", "VOLUME"})

#: Keyword names of series parameters inside rule strings (never "long"/"short").
PARAM_CODES: dict[str, tuple[str, ...]] = {
    "length": ("length", "len", "period", "n", "window"),
    "source": ("src", "source", "input"),
    "smoothing_length": ("smoothing", "smooth", "smooth_len"),
    "smoothing_type": ("smoothing_type", "smooth_type", "smoother"),
    "ma_type": ("ma_type", "ma", "basis_ma"),
    "std_dev": ("std", "stdev", "std_dev", "dev"),
    "offset": ("offset", "shift"),
    "fast_length": ("fast", "fast_len", "fast_length"),
    "slow_length": ("slow", "slow_len", "slow_length"),
    "middle_length": ("mid", "middle", "middle_len"),
    "signal_length": ("signal", "signal_len", "sig"),
    "oscillator_ma_type": ("osc_ma", "oscillator_ma"),
    "signal_ma_type": ("signal_ma", "sig_ma"),
    "divisor": ("divisor", "div"),
    "ticker_": ("ticker", "symbol"),
    "displacement": ("displacement", "disp"),
    "multiplier": ("mult", "multiplier", "atr_mult"),
    "use_exp_ma": ("use_ema", "exp_ma", "ema_basis"),
    "atr_length": ("atr_len", "atr_length", "atr_period"),
    "long_roc_length": ("slow_roc", "roc_slow"),
    "short_roc_length": ("fast_roc", "roc_fast"),
    **{f"roc_length_{i}": (f"roc_{w}", f"{w}_roc") for i, w in
       enumerate(("first", "second", "third", "fourth"), 1)},
    **{f"sma_length_{i}": (f"sma_{w}", f"{w}_sma") for i, w in
       enumerate(("first", "second", "third", "fourth"), 1)},
}
#: Positional argument orders a reader knows: "macd(12, 26)", "bb.upper(20, 2)".
_POSITIONAL: dict[str, tuple[str, ...]] = {
    "MACD": ("fast_length", "slow_length"),
    "MACD_SIGNAL": ("fast_length", "slow_length", "signal_length"),
    "BB_LOWER": ("length", "std_dev"), "BB_UPPER": ("length", "std_dev"),
    "BB_MIDDLE": ("length", "std_dev"), "KC_LOWER": ("length", "multiplier"),
    "KC_UPPER": ("length", "multiplier"), "STOCH_PERCENT_D": ("length", "smoothing_length"),
    "UO": ("fast_length", "middle_length", "slow_length"),
}
ENUM_CODES: dict[str, tuple[str, ...]] = {
    "CLOSE": ("close",), "OPEN": ("open",), "HIGH": ("high",), "LOW": ("low",),
    "HLC3": ("hlc3", "typical"), "HL2": ("hl2", "median"), "OHLC4": ("ohlc4", "ohlc_avg"),
    "HLCC4": ("hlcc4", "weighted_close"), "VOLUME": ("volume",),
    "RMA": ("rma", "wilder"), "SMA": ("sma",), "EMA": ("ema",), "WMA": ("wma",),
}

# --- the expression language: one writer's dialect --------------------------------------


def _member(value: EnumValue) -> EnumMemberSpec:
    spec = CATALOG.enum(value.enum)
    member = spec.member(value.member) if spec else None
    assert member is not None, value
    return member


def _camel(word: str) -> str:
    head, *rest = word.split("_")
    return head + "".join(p[:1].upper() + p[1:] for p in rest)


class _Lang:
    """How one developer writes rule strings, drawn once per description."""

    def __init__(self, rng: random.Random, ticker: str, quote: str, camel: bool) -> None:
        # ``quote``: the quote character free inside the enclosing string
        self.rng, self.ticker, self.quote, self.camel = rng, ticker, quote, camel
        self.names: dict[str, str] = {}
        r = rng
        self.infix = r.random() < 0.6
        self.cross_fn = not self.infix or r.random() < 0.35
        self.ns = r.choice(("", "", "", "ta.", "ind."))
        self.upper = not self.ns and r.random() < 0.2
        self.glue = r.choice((0.0, 0.0, 0.3))
        if self.infix:
            logic = r.choice((("and", "or"), ("&&", "||"), ("AND", "OR"), ("&", "|")))
            self.words = {"gt": r.choice((">", ">", "gt")), "lt": r.choice(("<", "<", "lt")),
                          "xo": r.choice(("crosses above", "crosses_above", "cross_up",
                                          "crosses over")),
                          "xu": r.choice(("crosses below", "crosses_below", "cross_down",
                                          "crosses under")),
                          "and": logic[0], "or": logic[1]}
        else:
            logic = r.choice((("all", "any"), ("and", "or"), ("all_of", "any_of"),
                              ("AND", "OR")))
            self.words = {"gt": r.choice(("gt", "above", "greater")),
                          "lt": r.choice(("lt", "below", "less")), "and": logic[0],
                          "or": logic[1]}
        if self.cross_fn:
            self.words["xo"] = r.choice(("crossover", "cross_over", "crosses_above", "xup"))
            self.words["xu"] = r.choice(("crossunder", "cross_under", "crosses_below",
                                         "xdown"))
        self.words["unit"] = r.choice(("bars", "days", "candles", "bars"))

    def pick(self, *options: str) -> str:
        return self.rng.choice(options)

    def kw(self, param: str) -> str:
        word = self.rng.choice(PARAM_CODES[param])
        return _camel(word) if self.camel else word

    def units(self, n: int) -> str:
        unit = self.words["unit"]
        return f"{n} {unit[:-1] if n == 1 else unit}"

    # series

    def name(self, cls: str) -> str:
        if cls not in self.names:
            chosen = self.rng.choice(SERIES_CODES[cls])
            if self.upper and chosen in _CAPITALS:
                chosen = chosen.upper()
            self.names[cls] = chosen
        return self.names[cls]

    def value(self, value: Value) -> str:
        if isinstance(value, bool):
            return self.rng.choice(("true", "True", "yes") if value else ("false", "False", "no"))
        if isinstance(value, EnumValue):
            return self.rng.choice(ENUM_CODES[value.member])
        assert isinstance(value, int | float), value
        return plain(value)

    def series(self, call: Call) -> str:
        if call.name == "CONST":
            return self.operand(call)
        args = dict(call.args)
        other = args.pop("ticker", self.ticker)
        name = self.name(call.name)
        if call.name in PRICES and not args and other == self.ticker:
            return name  # a price needs no namespace: "close > sma(200)"
        name = self.ns + name
        keys = tuple(args)
        tail = f", {self.kw('ticker_')}={self.quote}{other}{self.quote}" \
            if other != self.ticker else ""
        if not keys:
            if not tail:
                return self.pick(name, name, f"{name}()")
            return f"{name}({tail[2:]})"
        if keys == ("length",):
            n = plain(args["length"])  # type: ignore[arg-type]
            if not tail and re.fullmatch(r"[a-z_]+", name) and self.rng.random() < self.glue:
                return self.pick(f"{name}{n}", f"{name}_{n}")
            return self.pick(f"{name}({n}{tail})", f"{name}({n}{tail})",
                             f"{name}({self.kw('length')}={n}{tail})")
        order = _POSITIONAL.get(call.name)
        if order and set(keys) == set(order) and self.rng.random() < 0.55:
            return f"{name}({', '.join(self.value(args[k]) for k in order)}{tail})"
        if set(keys) == {"source", "length"} and self.rng.random() < 0.4:
            return f"{name}({self.value(args['source'])}, {plain(args['length'])}{tail})"  # type: ignore[arg-type]
        parts = [f"{self.kw(k)}={self.value(v)}" for k, v in args.items()]
        return f"{name}({', '.join(parts)}{tail})"

    def operand(self, call: Call) -> str:
        if call.name == "CONST":
            value = call.args["const_number"]
            assert isinstance(value, int | float)
            return plain(value)
        return self.series(call)

    # conditions

    def rule(self, cond: Call, nested: bool = False) -> str:
        name, args, w = cond.name, cond.args, self.words
        if name in ("AND", "OR"):
            items = args["conditions"]
            assert isinstance(items, tuple)
            word = w["and" if name == "AND" else "or"]
            parts = [self.rule(c, nested=True) for c in items]
            if self.infix:
                text = f" {word} ".join(parts)
                return f"({text})" if nested else text
            return f"{word}({', '.join(parts)})"
        if name in ("CrossOverCondition", "CrossUnderCondition", "GreaterThanCondition",
                    "LessThanCondition"):
            a, b = args["first_series"], args["second_series"]
            assert isinstance(a, Call) and isinstance(b, Call)
            op = w[{"CrossOverCondition": "xo", "CrossUnderCondition": "xu",
                    "GreaterThanCondition": "gt", "LessThanCondition": "lt"}[name]]
            left, right = self.series(a), self.operand(b)
            cross = name.startswith("Cross")
            if (cross and self.cross_fn) or not self.infix:
                return f"{op}({left}, {right})"
            text = f"{left} {op} {right}"
            return f"({text})" if nested and self.rng.random() < 0.3 else text
        if name == "AfterXDaysCondition":
            inner = args["condition"]
            assert isinstance(inner, Call)
            n = args["number_of_days"]
            assert isinstance(n, int)
            body = self.rule(inner, nested=True)
            if self.infix and self.rng.random() < 0.5:
                body = body if body.startswith("(") else f"({body})"
                return self.pick(f"{body} then wait {self.units(n)}",
                                 f"{self.units(n)} after {body}")
            fn = self.pick("after", "delay", "delayed")
            return self.pick(f"{fn}({body}, {self.pick('days', 'bars', 'n')}={n})",
                             f"{fn}({body}, {n})")
        if name in ("UptrendFibRetracementLevelCondition",
                    "DowntrendFibRetracementLevelCondition"):
            return self._fib(cond)
        series = args["series"]
        assert isinstance(series, Call)
        s = self.series(series)
        if name in ("UptrendForXDaysCondition", "DowntrendForXDaysCondition"):
            n = args["number_of_days"]
            assert isinstance(n, int)
            up = name.startswith("Up")
            if self.infix and self.rng.random() < 0.5:
                return f"{s} {'rising' if up else 'falling'} for {self.units(n)}" if \
                    self.rng.random() < 0.6 else \
                    f"{s} {'up' if up else 'down'} {self.units(n)} in a row"
            fn = self.pick(*(("uptrend", "rising", "is_rising", "trend_up") if up else
                             ("downtrend", "falling", "is_falling", "trend_down")))
            return self.pick(f"{fn}({s}, {n})", f"{fn}({s}, {self.pick('days', 'bars')}={n})")
        pct = args["percent"]
        assert isinstance(pct, int | float)
        signed = ("+" if pct > 0 else "") + plain(pct)
        if name == "ChangeOfXPercentPerYDaysCondition":
            n = args["number_of_days"]
            assert isinstance(n, int)
            if self.infix and self.rng.random() < 0.5:
                return self.pick(f"{s} changes {signed}% over {self.units(n)}",
                                 f"{s} moves {signed}% in {self.units(n)}")
            fn = self.pick("pct_change", "change_pct", "percent_change", "chg_pct")
            return self.pick(
                f"{fn}({s}, {self.pick('pct', 'percent', 'by')}={plain(pct)}, "
                f"{self.pick('days', 'bars', 'over')}={n})",
                f"{fn}({s}, {signed}%, {self.pick('days', 'bars')}={n})")
        assert name == "IntraIntervalChangeOfXPercentCondition", name
        if self.infix and self.rng.random() < 0.5:
            return self.pick(f"{s} moves {signed}% within a bar",
                             f"{s} changes {signed}% intrabar",
                             f"{s} moves {signed}% inside a single candle")
        fn = self.pick("intrabar_change", "bar_change_pct", "candle_change", "intrabar_move")
        return self.pick(f"{fn}({s}, {signed}%)", f"{fn}({s}, pct={plain(pct)})")

    def _fib(self, cond: Call) -> str:
        level = cond.args["fib_level"]
        assert isinstance(level, EnumValue)
        lv = _member(level).value + self.pick("", "%")
        up = cond.name.startswith("Up")
        length = cond.args.get("length")
        extra = f", {self.pick('lookback', 'length', 'swing', 'len')}={length}" \
            if length is not None else ""
        if self.rng.random() < 0.4:
            trend = self.pick("up", "uptrend") if up else self.pick("down", "downtrend")
            return f"{self.pick('fib_retracement', 'fib', 'fibo')}(level={lv}, trend={trend}" \
                   f"{extra})"
        fn = self.pick(*(("fib_up", "uptrend_fib", "fib_retrace_up") if up else
                         ("fib_down", "downtrend_fib", "fib_retrace_down")))
        return self.pick(f"{fn}({lv}{extra})", f"{fn}(level={lv}{extra})")


# --- values -------------------------------------------------------------------------------


def _money(value: float, rng: random.Random, bare: bool) -> Node:
    """An amount of dollars: a number where the key says USD, else a string with $ or USD."""
    if bare and rng.random() < 0.6:
        return _N(plain(value))
    options = [f"${grouped(value)}", f"{plain(value)} USD", f"${plain(value)}",
               f"{grouped(value)} USD", f"USD {plain(value)}"]
    if float(value).is_integer() and value >= 1000 and value % 1000 == 0 and value < 1e6:
        options += [f"${plain(value / 1000)}k", f"{plain(value / 1000)}k USD"]
    if float(value).is_integer() and value >= 1e6 and value % 100_000 == 0:
        options += [f"${plain(value / 1e6)}M", f"{plain(value / 1e6)}M USD"]
    if bare:
        options.append(grouped(value))
    return _S(rng.choice(options))


def _pct(value: float, rng: random.Random, keyed: bool) -> Node:
    """A percentage: a number under a key that says pct, else a string with % or pct."""
    if keyed and rng.random() < 0.7:
        return _N(plain(value))
    return _S(rng.choice((f"{plain(value)}%", f"{plain(value)}%", f"{plain(value)} pct",
                          f"{plain(value)} percent")))


def _date(call: Value, rng: random.Random) -> _S:
    assert isinstance(call, Call)
    y, m, d = (call.args[k] for k in ("year", "month", "day"))
    assert isinstance(y, int) and isinstance(m, int) and isinstance(d, int)
    day = dt.date(y, m, d)
    iso = day.isoformat()
    if rng.random() < 0.7:
        return _S(iso, iso=True)
    month, abbr = MONTHS[m - 1], MONTH_ABBREVIATIONS[m - 1]
    options = [f"{y}/{m:02d}/{d:02d}", f"{month} {d}, {y}", f"{d} {abbr} {y}",
               f"{abbr} {ordinal(d)} {y}", f"{y}.{m:02d}.{d:02d}"]
    if d > 12:
        options += [f"{m:02d}/{d}/{y}", f"{d}.{m:02d}.{y}"]
    return _S(rng.choice(options))


def _k(rng: random.Random, *options: str) -> Key:
    """One key, written as space-separated words ("stop loss pct")."""
    return tuple(rng.choice(options).split())


# --- the config --------------------------------------------------------------------------

_FORMATS = ("json", "json", "json", "yaml", "toml", "ini", "python", "python", "env", "cli",
            "cli")
_NESTING = frozenset({"json", "yaml", "toml", "python"})


class _Builder:
    def __init__(self, strategy: Call, rng: random.Random, fmt: str) -> None:
        self.s, self.rng, self.fmt = strategy, rng, fmt
        ticker = strategy.args["ticker"]
        side = strategy.args["position_type"]
        assert isinstance(ticker, str) and isinstance(side, EnumValue)
        self.ticker, self.side = ticker, side.member
        self.lists = fmt in _NESTING
        self.nested = self.lists and rng.random() < 0.65
        self.camel = rng.random() < 0.3 and fmt not in ("env", "cli")
        quote = "'" if fmt in ("json", "toml", "env", "ini", "yaml") or rng.random() < 0.5 \
            else '"'
        self.outer = '"' if quote == "'" else "'"
        self.lang = _Lang(rng, ticker, quote, self.camel)

    def pick(self, *options: str) -> str:
        return self.rng.choice(options)

    def side_item(self) -> tuple[Key, Node]:
        key = _k(self.rng, "side", "direction", "position type", "position side", "bias",
                 "side", "trade direction")
        value = {"LONG": ("long", "long", "long_only", "long-only"),
                 "SHORT": ("short", "short", "short_only", "short-only"),
                 "LONG_SHORT_COMBINED": ("long_short", "long/short", "long-short",
                                         "long_and_short", "both (long and short)")}
        return key, _S(self.rng.choice(value[self.side]))

    def rule_keys(self) -> tuple[Key, Key]:
        r = self.rng
        if self.side == "LONG":
            return (_k(r, "entry", "entry rule", "buy when", "buy signal", "enter if",
                       "entry condition", "long entry", "buy"),
                    _k(r, "exit", "exit rule", "sell when", "sell signal", "exit if",
                       "exit condition", "close when", "sell"))
        if self.side == "SHORT":
            return (_k(r, "entry", "entry rule", "short when", "short entry", "sell short when",
                       "entry condition", "short signal"),
                    _k(r, "exit", "exit rule", "cover when", "cover if", "cover",
                       "exit condition", "cover signal"))
        return (_k(r, "long entry", "go long", "long when", "long signal", "enter long"),
                _k(r, "short entry", "go short", "short when", "short signal", "enter short"))

    def rule(self, cond: Value) -> Node:
        assert isinstance(cond, Call)
        items = cond.args.get("conditions")
        if self.lists and isinstance(items, tuple) and self.rng.random() < 0.35:
            mode = self.pick("all", "and") if cond.name == "AND" else self.pick("any", "or")
            return _G([(_k(self.rng, "mode", "match", "logic", "combine"), _S(mode)),
                       (_k(self.rng, "rules", "conditions", "when"),
                        _L(tuple(self.lang.rule(c, nested=True) for c in items)))])
        return _S(self.lang.rule(cond))

    def rules(self) -> list[tuple[Key, Node]]:
        entry_key, exit_key = self.rule_keys()
        pairs = [(entry_key, self.rule(self.s.args["buy_condition"])),
                 (exit_key, self.rule(self.s.args["sell_condition"]))]
        if self.rng.random() < 0.15:
            pairs.reverse()
        return pairs

    def stop(self) -> tuple[Key, Node] | None:
        stop = self.s.args.get("stop_loss")
        if not isinstance(stop, Call):
            return None
        value = stop.args["percentage"]
        assert isinstance(value, int | float)
        kind = stop.args.get("stop_loss_type")
        member = kind.member if isinstance(kind, EnumValue) else None
        r = self.rng
        if member and r.random() < 0.3:  # the key says which kind of stop
            word = "trailing" if member == "TRAILING" else self.pick("fixed", "hard", "static")
            pct = r.random() < 0.5
            return _k(r, f"{word} stop{' pct' if pct else ''}",
                      f"{word} sl{' pct' if pct else ''}"), _pct(value, r, pct)
        group = _k(r, "stop loss", "stop", "sl", "stoploss", "stop loss")
        if member is None and r.random() < 0.4:
            pct = r.random() < 0.6
            return group + (("pct",) if pct else ()), _pct(value, r, pct)
        items: list[tuple[Key, Node]] = []
        if r.random() < 0.7:
            items.append((_k(r, "pct", "percent", "percentage", "pct"), _pct(value, r, True)))
        else:
            items.append((_k(r, "value", "level", "distance"), _pct(value, r, False)))
        if member:
            if r.random() < 0.5:
                items.append(((self.pick("trailing", "trail"),), _B(member == "TRAILING")))
            else:
                names = ("trailing",) if member == "TRAILING" else ("fixed", "normal", "static")
                items.append((_k(r, "type", "kind", "mode"), _S(r.choice(names))))
            r.shuffle(items)
        return group, _G(items)

    def target(self) -> tuple[Key, Node] | None:
        target = self.s.args.get("take_profit")
        if not isinstance(target, Call):
            return None
        value = target.args["percentage"]
        assert isinstance(value, int | float)
        r = self.rng
        if r.random() < 0.3:
            return _k(r, "take profit", "tp", "target", "profit target"), \
                _G([(_k(r, "pct", "percent", "percentage"), _pct(value, r, True))])
        pct = r.random() < 0.5
        key = _k(r, "take profit", "tp", "profit target", "target") + (("pct",) if pct else ())
        return key, _pct(value, r, pct)

    def size(self) -> tuple[Key, Node] | None:
        size = self.s.args.get("order_size")
        if not isinstance(size, Call):
            return None
        value = size.args["value"]
        assert isinstance(value, int | float)
        r, name = self.rng, size.name
        if r.random() < 0.45:
            kinds = {"Contracts": ("contracts", "shares", "units", "qty"),
                     "USD": ("usd", "cash", "notional_usd", "fixed_usd", "dollars"),
                     "PercentOfEquity": ("percent_of_equity", "pct_equity", "equity_pct",
                                         "percent_equity")}[name]
            amount: Node = _N(plain(value)) if name != "USD" else _money(value, r, True)
            if name == "PercentOfEquity":
                amount = _pct(value, r, True)
            return _k(r, "order size", "sizing", "position size", "size", "order"), _G(
                [(_k(r, "type", "kind", "unit", "mode"), _S(r.choice(kinds))),
                 (_k(r, "value", "amount", "qty"), amount)])
        if name == "Contracts":
            key = _k(r, "qty", "shares", "contracts", "order qty", "units", "size contracts")
            return key, _N(plain(value)) if r.random() < 0.7 else \
                _S(f"{plain(value)} {self.pick('shares', 'contracts', 'units')}")
        if name == "USD":
            if r.random() < 0.5:
                return _k(r, "order usd", "notional usd", "trade amount usd", "cash per trade",
                          "size usd"), _money(value, r, True)
            return _k(r, "order size", "position size", "trade size"), _money(value, r, False)
        if r.random() < 0.6:
            return _k(r, "pct of equity", "equity pct", "order pct equity",
                      "size pct equity"), _pct(value, r, True)
        return _k(r, "order size", "position size", "size"), _S(
            f"{plain(value)}% {self.pick('of equity', 'equity', 'of account equity')}")

    def fees(self) -> tuple[Key, Node] | None:
        fee = self.s.args.get("trade_commissions")
        if not isinstance(fee, Call):
            return None
        value = fee.args["value"]
        assert isinstance(value, int | float)
        r = self.rng
        money = fee.name == "MoneyCommissions"
        if r.random() < 0.35:
            kind = self.pick("fixed", "flat", "per_trade", "usd") if money else \
                self.pick("percent", "pct", "percentage")
            amount = _money(value, r, True) if money else _pct(value, r, True)
            return _k(r, "commission", "fees", "commissions", "fee"), _G(
                [(_k(r, "type", "kind", "model"), _S(kind)),
                 (_k(r, "value", "amount", "rate"), amount)])
        if money:
            if r.random() < 0.6:
                return _k(r, "commission usd", "fee per trade usd", "commission cash",
                          "fees usd", "commission per trade usd"), _money(value, r, True)
            money_text = _money(value, r, False)
            assert isinstance(money_text, _S)
            return _k(r, "commission", "fees", "fee"), _S(
                money_text.text + self.pick("", " per trade", "/trade"))
        pct = r.random() < 0.6
        key = _k(r, "commission", "fee", "fees") + ((self.pick("pct", "percent"),) if pct
                                                    else ())
        return key, _pct(value, r, pct)

    def data(self) -> list[tuple[Key, Node]]:
        r, a = self.rng, self.s.args
        items: list[tuple[Key, Node]] = []
        for name, keys in (("start_date", ("start", "start date", "from", "begin", "date from")),
                           ("end_date", ("end", "end date", "to", "until", "date to"))):
            if name in a:
                items.append((_k(r, *keys), _date(a[name], r)))
        period = a.get("period")
        if isinstance(period, EnumValue):
            key = _k(r, "period", "history", "data period", "lookback period", "history period")
            if period.member == "NOT_PASSED":
                node: Node = _Nil() if self.fmt in ("json", "python", "yaml") and \
                    r.random() < 0.5 else _S(self.pick("none", "not_passed", "not passed"))
            else:
                member = _member(period)
                node = _S(r.choice((member.value, member.value, *member.names)))
            items.append((key, node))
        interval = a.get("interval")
        if isinstance(interval, EnumValue):
            member = _member(interval)
            items.append((_k(r, "interval", "timeframe", "tf", "bar size", "resolution"),
                          _S(r.choice((member.value, *member.names)))))
        return items

    def money(self) -> list[tuple[Key, Node]]:
        items = [i for i in (self.size(), self.fees()) if i]
        capital = self.s.args.get("initial_capital")
        if isinstance(capital, int | float):
            key = _k(self.rng, "initial capital", "capital", "starting balance", "initial cash",
                     "start capital", "cash", "init capital", "bankroll")
            items.insert(0, (key, _money(capital, self.rng, True)))
        return items

    def build(self) -> list[tuple[Key, Node]]:
        r = self.rng
        head = [(_k(r, "ticker", "symbol", "sym", "instrument", "asset", "ticker"),
                 _S(self.ticker, ticker=True)), self.side_item()]
        if r.random() < 0.2:
            head.reverse()
        rules = self.rules()
        risk = [i for i in (self.stop(), self.target()) if i]
        data, money = self.data(), self.money()
        blocks: list[list[tuple[Key, Node]]] = []
        for items, wrappers in ((rules, ("rules", "signals", "logic", "conditions")),
                                (risk, ("risk", "risk management", "protection")),
                                (data, ("data", "backtest", "market", "feed")),
                                (money, ("account", "portfolio", "execution", "broker"))):
            if not items:
                continue
            if self.nested and len(items) > 1 and r.random() < 0.5:
                blocks.append([(_k(r, *wrappers), _G(items, prefix=False))])
            else:
                blocks.append(items)
        first, rest = blocks[0], blocks[1:]
        r.shuffle(rest)
        if r.random() < 0.5:
            head += first
        else:
            rest.insert(r.randrange(len(rest) + 1), first)
        top = head + [item for block in rest for item in block]
        if self.nested and r.random() < 0.25:
            top = [(_k(r, "strategy", "backtest", "config"), _G(top, prefix=False))]
        return top


# --- rendering ---------------------------------------------------------------------------


def _key(parts: Key, case: str) -> str:
    if case == "camel":
        return parts[0] + "".join(p.capitalize() for p in parts[1:])
    if case == "kebab":
        return "-".join(parts)
    if case == "upper":
        return "_".join(parts).upper()
    return "_".join(parts)


def _flatten(items: list[tuple[Key, Node]], prefix: Key = ()) -> list[tuple[Key, Node]]:
    flat: list[tuple[Key, Node]] = []
    for key, node in items:
        if isinstance(node, _G):
            flat += _flatten(node.items, prefix + key if node.prefix else prefix)
        else:
            flat.append((prefix + key, node))
    return flat


_SIMPLE = re.compile(r"[\w.%$/+-]+")


class _Render:
    def __init__(self, rng: random.Random, case: str, quote: str) -> None:
        self.rng, self.case, self.q = rng, case, quote

    def key(self, parts: Key) -> str:
        return _key(parts, self.case)

    def quoted(self, text: str) -> str:
        return json.dumps(text) if self.q == '"' else f"'{text}'"

    def json_value(self, node: Node, indent: str, step: str, python: bool) -> str:
        if isinstance(node, _S):
            return self.quoted(node.text)
        if isinstance(node, _N):
            return node.text
        if isinstance(node, _B):
            return ("True" if node.value else "False") if python else \
                ("true" if node.value else "false")
        if isinstance(node, _Nil):
            return "None" if python else "null"
        if isinstance(node, _L):
            return "[" + ", ".join(self.quoted(t) for t in node.items) + "]"
        return self.json_object(node.items, indent, step, python)

    def json_object(self, items: list[tuple[Key, Node]], indent: str, step: str,
                    python: bool) -> str:
        inner = indent + step
        parts = [f"{self.quoted(self.key(k))}: {self.json_value(v, inner, step, python)}"
                 for k, v in items]
        if not step:
            return "{" + ", ".join(parts) + "}"
        return "{\n" + ",\n".join(inner + p for p in parts) + "\n" + indent + "}"

    def scalar(self, node: Node, fmt: str) -> str:
        """A value in a line-based format (YAML, TOML, INI, env, CLI)."""
        if isinstance(node, _B):
            if fmt in ("ini", "yaml"):
                return self.rng.choice(("true", "yes", "on") if node.value else
                                       ("false", "no", "off"))
            return "true" if node.value else "false"
        if isinstance(node, _N):
            return node.text
        if isinstance(node, _Nil):
            return self.rng.choice(("null", "~")) if fmt == "yaml" else "none"
        if isinstance(node, _L):
            return "[" + ", ".join(self.quoted(t) for t in node.items) + "]"
        assert isinstance(node, _S)
        if fmt == "ini" or (fmt == "yaml" and _SIMPLE.fullmatch(node.text) and
                            node.text[0] not in "%-"):
            return node.text
        if fmt == "toml" and node.iso:
            return node.text
        if fmt in ("env", "cli") and _SIMPLE.fullmatch(node.text) and not node.ticker:
            return node.text
        return self.quoted(node.text)

    def yaml(self, items: list[tuple[Key, Node]], indent: str = "") -> list[str]:
        lines = []
        for key, node in items:
            if isinstance(node, _G):
                lines.append(f"{indent}{self.key(key)}:")
                lines += self.yaml(node.items, indent + "  ")
            elif isinstance(node, _L) and self.rng.random() < 0.6:
                lines.append(f"{indent}{self.key(key)}:")
                lines += [f"{indent}  - {self.quoted(t)}" for t in node.items]
            else:
                lines.append(f"{indent}{self.key(key)}: {self.scalar(node, 'yaml')}")
        return lines

    def toml(self, items: list[tuple[Key, Node]], table: str = "") -> list[str]:
        lines = [f"{self.key(k)} = {self.scalar(v, 'toml')}" for k, v in items
                 if not isinstance(v, _G)]
        if table and lines:
            lines.insert(0, f"[{table}]")
        for key, node in items:
            if isinstance(node, _G):
                name = f"{table}.{self.key(key)}" if table else self.key(key)
                if lines:
                    lines.append("")
                lines += self.toml(node.items, name) or [f"[{name}]"]
        return lines


class ConfigPhraser:
    """A strategy as a config file, env lines, a dict literal or a command line."""

    name = "config"

    def describe(self, strategy: Call, rng: random.Random) -> str:
        fmt = rng.choice(_FORMATS)
        builder = _Builder(strategy, rng, fmt)
        items = builder.build()
        case = rng.choice(("snake", "snake", "camel", "kebab"))
        if builder.camel:
            case = "camel"
        elif case == "camel":
            case = "snake"
        render = _Render(rng, case, builder.outer)
        if fmt in ("json", "python"):
            step = rng.choice(("  ", "    ", "  ", ""))
            if not builder.nested and rng.random() < 0.5:
                items = _flatten(items)
            text = render.json_object(items, "", step, fmt == "python")
            if fmt == "python":
                text = rng.choice(("", "", "config = ", "params = ", "STRATEGY_CONFIG = ",
                                   "settings = ", "strategy = dict(**")) + text
                text += ")" if text.startswith("strategy = dict") else ""
        elif fmt == "yaml":
            text = "\n".join(render.yaml(items))
        elif fmt == "toml":
            text = "\n".join(render.toml(items))
        elif fmt == "ini":
            render.case = rng.choice(("snake", "snake", "kebab"))
            text = self._ini(items, render, rng)
        elif fmt == "env":
            render.case = "upper"
            prefix = rng.choice(("BT_", "STRAT_", "STRATEGY_", "ALGO_", "BACKTEST_"))
            export = rng.choice(("", "", "export "))
            text = "\n".join(f"{export}{prefix}{render.key(k)}={render.scalar(v, 'env')}"
                             for k, v in _flatten(items))
        else:
            render.case = rng.choice(("kebab", "kebab", "snake"))
            text = self._cli(items, render, rng)
        return self._frame(text, fmt, rng)

    @staticmethod
    def _ini(items: list[tuple[Key, Node]], render: _Render, rng: random.Random) -> str:
        sep = rng.choice((" = ", ": ", " = "))
        loose = [(k, v) for k, v in items if not isinstance(v, _G)]
        head = rng.choice(("strategy", "general", "main", "backtest", "settings"))
        lines = [f"[{head}]"] + [f"{render.key(k)}{sep}{render.scalar(v, 'ini')}"
                                 for k, v in loose]
        for key, node in items:
            if isinstance(node, _G):
                lines += ["", f"[{render.key(key)}]"]
                lines += [f"{render.key(k)}{sep}{render.scalar(v, 'ini')}"
                          for k, v in _flatten(node.items)]
        return "\n".join(lines)

    @staticmethod
    def _cli(items: list[tuple[Key, Node]], render: _Render, rng: random.Random) -> str:
        program = rng.choice(("python backtest.py", "./backtest", "bt run", "strategy-tester",
                              "python -m backtester", "poetry run backtest"))
        glued = rng.random() < 0.3
        flags = []
        for key, node in _flatten(items):
            name = "--" + render.key(key)
            if isinstance(node, _B) and rng.random() < 0.6:
                flags.append(name if node.value else f"--no-{name[2:]}")
                continue
            value = render.scalar(node, "cli")
            if glued and isinstance(node, _S) and node.ticker:
                value = render.quoted(node.text)
            flags.append(f"{name}={value}" if glued else f"{name} {value}")
        joiner = rng.choice((" ", " ", " \\\n  "))
        return joiner.join([program, *flags])

    @staticmethod
    def _frame(text: str, fmt: str, rng: random.Random) -> str:
        roll = rng.random()
        if roll < 0.15 and fmt not in ("cli", "env"):
            lang = {"python": "python", "ini": "ini", "toml": "toml", "yaml": "yaml"}.get(
                fmt, "json")
            return f"```{lang}\n{text}\n```"
        if roll < 0.3:
            lead = rng.choice(("Here's my config:", "Backtest this config:",
                               "Strategy settings:", "Run this:", "my setup ->",
                               "Config for the backtest:"))
            return f"{lead}\n{text}"
        if roll < 0.4 and fmt in ("yaml", "toml", "ini", "env"):
            return rng.choice(("# strategy config", "# backtest settings",
                               "# generated config")) + "\n" + text
        return text
