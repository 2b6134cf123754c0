"""The "form" phrasing style: a strategy written down as a filled-in form or spec sheet.

Terse, structured text: ``key: value`` fields with many key names, in varied orders; bullet,
lettered and markdown lists; markdown tables; one-line pipe or semicolon specs; code-comment
and ``key = value`` config lines; rule lines with arrows ("RSI(14) x< 30 => BUY"). Conditions
are written in math-like notation ("close > SMA(200) & RSI(14) crosses < 30"), indicator
parameters in parentheses ("BB(20, 2)"), as ``key=value`` pairs ("CCI(len=20, src=hlc3)") or
glued ("rsi14", "200sma"). Every argument the strategy holds is stated, and nothing else.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import dataclass, field

from strategy_lsp.grammar import CATALOG, Call, EnumValue, Value

from . import wording
from .style_writer import Writer
from .vocabulary import member_names, series_names

_PRICES = {"CLOSE": ("close", "close", "price", "Close", "closing price", "close price"),
           "OPEN": ("open", "Open", "open price", "opening price"),
           "HIGH": ("high", "High", "bar high", "high price"),
           "LOW": ("low", "Low", "bar low", "low price"),
           "VOLUME": ("volume", "vol", "Volume", "volume")}
#: Indicators also written glued to their length, lower case: "rsi14", "200sma".
GLUED = ("rsi", "sma", "ema", "cci", "mfi", "atr", "cmo", "adx", "trix", "dpo")
_OWN_NAMES: dict[str, tuple[str, ...]] = {
    "STOCH_PERCENT_K": ("Stoch %K",), "STOCH_PERCENT_D": ("Stoch %D",),
    "WILLR": ("W%R",), "ICHIMOKU_BASE": ("Kijun",), "ICHIMOKU_CONVERSION": ("Tenkan",),
}
#: Parameter tuples written by position, in this order: "BB(20, 2)", "MACD signal(12, 26, 9)".
_TUPLES: dict[str, tuple[str, ...]] = {
    "BB_LOWER": ("length", "std_dev"), "BB_UPPER": ("length", "std_dev"),
    "BB_MIDDLE": ("length", "std_dev"), "KC_LOWER": ("length", "multiplier"),
    "KC_UPPER": ("length", "multiplier"), "MACD": ("fast_length", "slow_length"),
    "MACD_SIGNAL": ("fast_length", "slow_length", "signal_length"),
    "STOCH_PERCENT_D": ("length", "smoothing_length"),
    "CHAIKIN_OSC": ("fast_length", "slow_length"),
    "UO": ("fast_length", "middle_length", "slow_length"),
}
_ORDER = ("first", "second", "third", "fourth")
_KEYS: dict[str, tuple[str, ...]] = {
    "length": ("len", "length", "n", "period", "lookback"),
    "std_dev": ("std", "stdev", "dev", "std_dev", "sigma"),
    "multiplier": ("mult", "multiplier", "atr_mult"),
    "source": ("src", "source", "input"),
    "offset": ("offset", "shift"),
    "ma_type": ("ma", "ma_type", "ma type"),
    "smoothing_type": ("smoothing type", "smooth_ma", "smoothing_type"),
    "smoothing_length": ("smoothing len", "smooth", "smooth_len"),
    "fast_length": ("fast", "fast len", "fast_length"),
    "slow_length": ("slow", "slow len", "slow_length"),
    "middle_length": ("mid", "middle", "mid len"),
    "signal_length": ("signal", "sig", "signal len"),
    "atr_length": ("atr len", "atr_length", "ATR period"),
    "use_exp_ma": ("ema basis", "use ema", "exp ma"),
    "divisor": ("divisor", "div"),
    "displacement": ("disp", "displacement"),
    "long_roc_length": ("slow ROC len", "ROC len (slow)"),
    "short_roc_length": ("fast ROC len", "ROC len (fast)"),
    "oscillator_ma_type": ("osc ma", "oscillator ma", "osc_ma_type"),
    "signal_ma_type": ("signal ma", "sig ma", "signal_ma_type"),
}
_CROSS_UP = ("x>", "crosses >", "crosses above", "crosses over", "xover", "crosses up thru")
_CROSS_DOWN = ("x<", "crosses <", "crosses below", "crosses under", "xunder",
               "crosses down thru")
_ABOVE = (">", ">", ">", "above", "is above", "gt", "is >", "higher than")
_BELOW = ("<", "<", "<", "below", "is below", "lt", "is <", "lower than", "under")

_KEY_NAMES = {
    "ticker": ("Symbol", "Instrument", "Ticker", "Sym", "Asset", "Market", "Underlying",
               "symbol", "Security"),
    "side": ("Side", "Direction", "Position", "Bias", "Dir.", "Mode", "side", "position_type"),
    "stop": ("SL", "Stop", "Stop loss", "Stop-loss", "stop_loss", "Risk (SL)", "Max loss"),
    "trail": ("Trailing stop", "TS", "Trail stop", "TSL", "trailing_stop"),
    "target": ("TP", "Target", "Take profit", "Profit target", "take_profit", "Take-profit"),
    "window": ("Window", "Dates", "Range", "Test period", "Backtest", "Date range"),
    "start": ("Start", "From", "Since", "Start date", "start_date"),
    "end": ("End", "Until", "To", "End date", "end_date"),
    "period": ("Period", "Lookback", "History", "period", "Data"),
    "bars": ("Bars", "TF", "Timeframe", "Interval", "Candles", "Resolution", "interval"),
    "capital": ("Capital", "Initial capital", "Init. capital", "Equity", "Starting equity",
                "Start balance", "Bankroll", "Account size", "initial_capital"),
    "size": ("Sizing", "Size", "Order size", "Position size", "order_size", "Per trade"),
    "costs": ("Costs", "Comm.", "Commission", "Fees", "Fee", "comm", "Trading costs"),
}
_ENTRY_KEYS = {
    "LONG": ("Entry", "Entry rule", "Buy", "Buy when", "Enter long", "Long entry", "Buy if",
             "Entry (long)", "In", "entry_rule", "BUY"),
    "SHORT": ("Short entry", "Entry (short)", "Sell short", "Short when", "Short if",
              "Enter short", "SHORT", "short_entry", "Entry"),
    "LONG_SHORT_COMBINED": ("Long entry", "Go long", "Long when", "Long if", "Buy / long",
                            "LONG", "long_entry", "Enter long"),
}
_EXIT_KEYS = {
    "LONG": ("Exit", "Exit rule", "Sell", "Sell when", "Out", "Exit if", "exit_rule",
             "SELL", "Close long"),
    "SHORT": ("Cover", "Cover when", "Exit", "Exit rule", "Buy to cover", "Close short",
              "Exit (cover)", "exit_rule", "COVER"),
    "LONG_SHORT_COMBINED": ("Short entry", "Go short", "Short when", "Short if", "Flip short",
                            "SHORT", "short_entry", "Reverse to short"),
}
_VERBS = {  # rule lines: (entry verbs, exit verbs)
    "LONG": (("buy", "BUY", "go long", "enter long", "long", "open long"),
             ("sell", "SELL", "exit", "close", "flat", "exit long", "close long")),
    "SHORT": (("short", "SHORT", "sell short", "go short", "enter short", "open short"),
              ("cover", "COVER", "buy to cover", "exit", "close short", "exit short")),
    "LONG_SHORT_COMBINED": (("long", "LONG", "go long", "buy (long)", "enter long"),
                            ("short", "SHORT", "go short", "flip short", "reverse to short")),
}
_SIDES = {
    "LONG": ("long", "long", "long only", "long-only", "LONG", "Long", "long side only"),
    "SHORT": ("short", "short", "short only", "short-only", "SHORT", "Short", "short side only"),
    "LONG_SHORT_COMBINED": ("long/short", "long & short", "long + short", "LONG/SHORT",
                            "both (long & short)", "long-short", "long and short",
                            "both ways: long and short"),
}
_HEADERS = ("Strategy", "## Strategy spec", "# {t} strategy", "Backtest config:", "SPEC",
            "---", "Strategy form", "=== {t} ===", "### {t}", "[strategy]", "Setup:")
_BULLETS = ("", "", "- ", "- ", "* ", "• ", "+ ", "> ", "letters", "roman")
_ROMAN = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii",
          "xiv", "xv")
_LAYOUTS = ("fields", "fields", "fields", "fields", "table", "oneline", "oneline", "oneline",
            "code", "config", "rules", "rules", "yaml")


def _whole(value: Value | None) -> int:
    assert isinstance(value, int) and not isinstance(value, bool), value
    return value


def _number(value: Value | None) -> float:
    assert isinstance(value, int | float) and not isinstance(value, bool), value
    return value


def _join(key: str, eq: str, value: str) -> str:
    """``key=value``; after a capital ("SL", "TP") with spaces, which the reader needs:
    "TP=20" would read as one ticker-like symbol."""
    return f"{key} = {value}" if eq == "=" and key[-1:].isupper() else f"{key}{eq}{value}"


def _signed(sign: str, amount: str) -> str:
    """"+5%"; a spelled-out amount ("five percent") keeps no sign glued to it."""
    return sign + amount if amount[:1].isdigit() else amount


def _snake(key: str) -> str:
    """A key as a config name: "Entry rule (all of)" -> "entry_rule_all_of"."""
    return "_".join(re.findall(r"[a-z0-9]+", key.lower()))


def _abbreviation(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and len(name) <= 6


@dataclass
class _Form(Writer):
    """Writes one description; the habits are drawn once and kept throughout."""

    ticker: str
    symbols: bool = True  # ">" rather than "above"
    params: str = "paren"  # paren | kv | space | unit | glued
    no_pipe: bool = False  # "|" separates fields, so never means OR
    and_word: str = " & "
    or_word: str = " | "
    favourite: dict[str, str] = field(default_factory=dict)

    def arg(self, name: str) -> Value | None:
        return self.strategy.args.get(name)

    @property
    def side(self) -> str:
        value = self.arg("position_type")
        assert isinstance(value, EnumValue)
        return value.member

    def draw_habits(self, no_pipe: bool) -> None:
        self.no_pipe = no_pipe
        self.symbols = self.rng.random() < 0.65
        self.params = self.rng.choice(("paren", "paren", "paren", "kv", "space", "unit", "glued"))
        self.and_word = self.pick(" & ", " & ", " and ", " AND ", " && ")
        ors = (" or ", " OR ") if no_pipe else (" | ", " or ", " OR ", " || ")
        self.or_word = self.pick(*ors)

    # --- values ----------------------------------------------------------------------

    def num(self, value: float, words: float = 0.03) -> str:
        return wording.number(value, self.rng, words)

    def pct(self, value: float, words: bool = True) -> str:
        text = wording.plain(value)
        if words and float(value).is_integer() and 0 < value <= 20 and self.rng.random() < 0.04:
            return f"{wording.number_words(int(value))} percent"
        return self.pick(f"{text}%", f"{text}%", f"{text}%", f"{text} %", f"{text} pct",
                         f"{text} percent")

    def money(self, value: float) -> str:
        text = wording.money(value, self.rng)
        if not any(mark in text for mark in ("$", "USD", "dollar")):
            text += " USD"
        if self.rng.random() < 0.15:
            text = self.pick(f"{wording.grouped(value)} USD", f"USD {wording.plain(value)}",
                             f"{wording.grouped(value)} (ccy USD)")
        return text

    def date(self, call: Value | None) -> str:
        assert isinstance(call, Call)
        day = dt.date(_whole(call.args["year"]), _whole(call.args["month"]),
                      _whole(call.args["day"]))
        if self.rng.random() < 0.45:
            return self.pick(day.isoformat(), day.strftime("%Y/%m/%d"),
                             day.strftime("%Y.%m.%d"), day.isoformat())
        return wording.date(day, self.rng)

    def days(self, value: Value | None) -> str:
        n = _whole(value)
        unit = self.pick("days", "bars", "days", "sessions", "candles")
        return f"{wording.count(n, self.rng, 0.04)} {unit[:-1] if n == 1 else unit}"

    # --- series ----------------------------------------------------------------------

    def name(self, series: str) -> str:
        if series in self.favourite and self.rng.random() < 0.85:
            return self.favourite[series]
        names = list(series_names(series)) + list(_OWN_NAMES.get(series, ()))
        short = [n for n in names if _abbreviation(n)]
        chosen = self.rng.choice(names + short * 3)
        self.favourite.setdefault(series, chosen)
        return chosen

    def series(self, call: Value | None, subject: Call | None = None) -> str:
        assert isinstance(call, Call)
        args = dict(call.args)
        ticker = args.pop("ticker", self.ticker)
        other = ticker if ticker != self.ticker else None
        if call.name == "CONST":
            return self.level(_number(args["const_number"]), subject)
        if call.name in _PRICES:
            base = self.rng.choice(_PRICES[call.name])
            if other or self.rng.random() < 0.08:
                return self.pick(f"{ticker} {base}", f"{ticker}:{base}", f"{base} of {ticker}")
            return base
        base = self.indicator(call.name, args)
        if other:
            return self.pick(f"{base} of {other}", f"{other} {base}", f"{base} on {other}",
                             f"{other}:{base}")
        return base

    def level(self, value: float, subject: Call | None) -> str:
        text = self.num(value)
        if subject is not None and subject.name in ("CLOSE", "OPEN", "HIGH", "LOW") \
                and value > 0 and self.rng.random() < 0.35:
            return f"${wording.plain(value)}"
        return text

    def param_value(self, value: Value) -> str:
        if isinstance(value, bool):
            return self.pick("yes", "true", "on") if value else self.pick("no", "false", "off")
        if isinstance(value, EnumValue):
            spec = CATALOG.enum(value.enum)
            assert spec is not None
            member = spec.member(value.member)
            assert member is not None
            options = [member.value.lower() if value.enum == "SourceType" else member.value]
            options += [n for n in member_names(value.enum, value.member) if " " not in n]
            return self.rng.choice(options)
        return wording.plain(_number(value))

    def key(self, param: str) -> str:
        if param.startswith(("roc_length_", "sma_length_")):
            kind, which = param[:3].upper(), _ORDER[int(param[-1]) - 1]
            return self.pick(f"{which} {kind} len", f"{kind} len ({which})")
        return self.rng.choice(_KEYS.get(param, (param.replace("_", " "),)))

    def indicator(self, series: str, args: dict[str, Value]) -> str:
        label = self.name(series)
        if not args:
            return label
        style = self.params if self.rng.random() < 0.8 else self.pick("paren", "kv")
        if tuple(args) == ("length",):
            n = wording.plain(_whole(args["length"]))
            glue = label.lower() if label.lower() in GLUED else None
            if style == "glued" and glue:
                return self.pick(f"{glue}{n}", f"{n}{glue}", f"{glue}{n}")
            if style == "unit":
                return self.pick(f"{n}-bar {label}", f"{n}-period {label}", f"{label} {n}-bar")
            if style == "space":
                return f"{label} {n}"
            if style == "kv":
                return f"{label}({self.key('length')}={n})"
            return self.pick(f"{label}({n})", f"{label}({n})", f"{label} ({n})", f"{label}[{n}]")
        order = _TUPLES.get(series)
        if order and set(args) == set(order) and style != "kv" and self.rng.random() < 0.7:
            return f"{label}({', '.join(self.param_value(args[k]) for k in order)})"
        if set(args) == {"length", "source"} and style != "kv" and self.rng.random() < 0.7:
            n, src = wording.plain(_whole(args["length"])), self.param_value(args["source"])
            return self.pick(f"{label}({src}, {n})", f"{label}({n}) on {src}",
                             f"{label}({n}, src={src})")
        items = list(args.items())
        if self.rng.random() < 0.25:
            self.rng.shuffle(items)
        sep = self.pick("=", "=", ": ", " ")
        inner = ", ".join(f"{self.key(k)}{sep}{self.param_value(v)}" for k, v in items)
        return self.pick(f"{label}({inner})", f"{label}({inner})", f"{label}[{inner}]",
                         f"{label} {{{inner}}}")

    # --- conditions ------------------------------------------------------------------

    def condition(self, call: Value | None) -> str:
        assert isinstance(call, Call)
        name = call.name
        if name in ("AND", "OR"):
            items = call.args["conditions"]
            assert isinstance(items, tuple)
            joiner = self.and_word if name == "AND" else self.or_word
            return joiner.join(self.part(c) for c in items)
        if name in ("CrossOverCondition", "CrossUnderCondition", "GreaterThanCondition",
                    "LessThanCondition"):
            return self.comparison(call)
        if name in ("UptrendForXDaysCondition", "DowntrendForXDaysCondition"):
            s, d = self.series(call.args["series"]), self.days(call.args["number_of_days"])
            if name.startswith("Up"):
                return self.pick(f"{s} rising {d}", f"{s} up {d} in a row",
                                 f"uptrend({s}, {d})", f"{s}: uptrend for {d}",
                                 f"{s} higher {d} straight", f"{s} rising for {d} in a row")
            return self.pick(f"{s} falling {d}", f"{s} down {d} in a row",
                             f"downtrend({s}, {d})", f"{s}: downtrend for {d}",
                             f"{s} lower {d} straight", f"{s} falling for {d} in a row")
        if name == "ChangeOfXPercentPerYDaysCondition":
            return self.change(call)
        if name == "IntraIntervalChangeOfXPercentCondition":
            percent = _number(call.args["percent"])
            s, p = self.series(call.args["series"]), self.pct(abs(percent), words=False)
            sign, verb = ("+", "rises") if percent >= 0 else ("-", "drops")
            return self.pick(f"{s} {sign}{p} intrabar", f"{s} {verb} {p} within a single bar",
                             f"intrabar chg({s}) = {sign}{p}", f"{s} {verb} {p} in the same candle",
                             f"{s} moves {sign}{p} inside the bar")
        if name in ("UptrendFibRetracementLevelCondition",
                    "DowntrendFibRetracementLevelCondition"):
            return self.fibonacci(call)
        if name == "AfterXDaysCondition":
            inner = call.args["condition"]
            assert isinstance(inner, Call)
            c, d = self.part(inner), self.days(call.args["number_of_days"])
            return self.pick(f"{c}, then wait {d}", f"{d} after {c}", f"{c} (act {d} later)",
                             f"delay {d}: {c}", f"{c} (+{d} delay)", f"{c}, {d} later")
        raise ValueError(f"no form phrasing for {name}")

    def part(self, call: Call) -> str:
        """A condition inside another one: groups and delays are bracketed."""
        text = self.condition(call)
        return f"({text})" if call.name in ("AND", "OR", "AfterXDaysCondition") else text

    def comparison(self, call: Call) -> str:
        first, second = call.args["first_series"], call.args["second_series"]
        assert isinstance(first, Call)
        a, b = self.series(first), self.series(second, subject=first)
        name = call.name
        if self.rng.random() < 0.1 and name.startswith("Cross"):
            fn = self.pick("crossover", "cross_above") if name == "CrossOverCondition" \
                else self.pick("crossunder", "cross_below")
            return f"{fn}({a}, {b})"
        if name == "CrossOverCondition":
            verb = self.pick(*(_CROSS_UP[:2] if self.symbols else _CROSS_UP[2:]))
        elif name == "CrossUnderCondition":
            verb = self.pick(*(_CROSS_DOWN[:2] if self.symbols else _CROSS_DOWN[2:]))
        elif name == "GreaterThanCondition":
            verb = ">" if self.symbols and self.rng.random() < 0.85 else self.pick(*_ABOVE)
        else:
            verb = "<" if self.symbols and self.rng.random() < 0.85 else self.pick(*_BELOW)
        return f"{a} {verb} {b}"

    def change(self, call: Call) -> str:
        percent = _number(call.args["percent"])
        s, p = self.series(call.args["series"]), self.pct(abs(percent), words=False)
        d = self.days(call.args["number_of_days"])
        if percent >= 0:
            return self.pick(f"{s} +{p} in {d}", f"{s} up {p} over {d}",
                             f"{s} rises {p} within {d}", f"chg({s}, {d}) = +{p}",
                             f"{s} change over {d}: +{p}", f"{s} gains {p} / {d}")
        return self.pick(f"{s} -{p} in {d}", f"{s} down {p} over {d}",
                         f"{s} falls {p} within {d}", f"chg({s}, {d}) = -{p}",
                         f"{s} change over {d}: -{p}", f"{s} loses {p} / {d}")

    def fibonacci(self, call: Call) -> str:
        level = call.args["fib_level"]
        assert isinstance(level, EnumValue)
        lv = self.rng.choice(member_names(level.enum, level.member))
        fib = self.pick("fib", "Fib", "Fibonacci", "fibo")
        if call.name.startswith("Uptrend"):
            text = self.pick(f"uptrend {fib} retrace to {lv}", f"{fib} {lv} retracement (uptrend)",
                             f"price pulls back to {fib} {lv} in uptrend",
                             f"{fib} {lv} level hit, trend up", f"{fib}_retrace(up, {lv})")
        else:
            text = self.pick(f"downtrend {fib} retrace to {lv}",
                             f"{fib} {lv} retracement (downtrend)",
                             f"price bounces to {fib} {lv} in downtrend",
                             f"{fib} {lv} level hit, trend down", f"{fib}_retrace(down, {lv})")
        if "length" in call.args:
            n = wording.plain(_whole(call.args["length"]))
            text += self.pick(f" (len={n})", f", lookback {n}", f" [swing len {n}]",
                              f", lookback={n}")
        return text

    def listed(self, call: Value | None) -> tuple[str, list[str]] | None:
        """A top-level AND/OR as a heading word and its items, for list layouts."""
        if not isinstance(call, Call) or call.name not in ("AND", "OR") \
                or self.rng.random() < 0.4:
            return None
        items = call.args["conditions"]
        assert isinstance(items, tuple)
        head = self.pick("all of", "ALL", "all must hold", "every one of") if call.name == "AND" \
            else self.pick("any of", "ANY", "one of", "either of")
        return head, [self.condition(c) for c in items]

    # --- fields: (key, value) and a bare phrase --------------------------------------

    def fields(self) -> list[tuple[str, str, str, str]]:
        """(kind, key, value, bare phrase) for everything besides ticker and rules."""
        found: list[tuple[str, str, str, str]] = []
        k = self.label
        stop = self.arg("stop_loss")
        if isinstance(stop, Call):
            p = self.pct(_number(stop.args["percentage"]))
            kind = stop.args.get("stop_loss_type")
            if kind is None:
                found.append(("risk", k("stop"), self.pick(p, p, _signed("-", p),
                                                           f"{p} from entry"),
                              self.pick(f"SL {p}", f"SL: {p}", f"{p} SL", f"stop {p}",
                                        f"stop-loss {p}", f"SL @ {p}")))
            else:
                assert isinstance(kind, EnumValue)
                if kind.member == "TRAILING":
                    key = k("stop") if self.rng.random() < 0.5 else k("trail")
                    value = p if key in _KEY_NAMES["trail"] else self.pick(
                        f"{p} trailing", f"{p} (trailing)", f"trailing {p}", f"{p}, trail")
                    found.append(("risk", key, value, self.pick(
                        f"TS {p}", f"trailing SL {p}", f"trail {p}", f"SL {p} (trailing)",
                        f"{p} trailing stop", f"TSL {p}")))
                else:
                    how = self.rng.choice(("normal", *member_names("StopLossType", "NORMAL")))
                    found.append(("risk", k("stop"), self.pick(
                        f"{p} ({how})", f"{how} {p}", f"{p}, type={how}"), self.pick(
                        f"{how} SL {p}", f"SL {p} ({how})", f"{how} stop {p}")))
        target = self.arg("take_profit")
        if isinstance(target, Call):
            p = self.pct(_number(target.args["percentage"]))
            found.append(("risk", k("target"), self.pick(p, p, _signed("+", p), f"{p} from entry"),
                          self.pick(f"TP {p}", f"TP: {p}", f"{p} TP", f"target {_signed('+', p)}",
                                    f"take-profit {p}", f"TP @ {p}")))
        found += self.history()
        interval = self.arg("interval")
        if isinstance(interval, EnumValue):
            names = member_names("Interval", interval.member)
            spec = CATALOG.enum("Interval")
            assert spec is not None
            member = spec.member(interval.member)
            assert member is not None
            short, word = member.value, self.rng.choice(names)
            found.append(("data", k("bars"), self.pick(short, word, f"{word} bars"), self.pick(
                f"{short} bars", f"TF {short}", f"{word} bars", f"{word} candles",
                f"interval={short}", f"bars: {word}")))
        capital = self.arg("initial_capital")
        if isinstance(capital, int | float) and not isinstance(capital, bool):
            m = self.money(capital)
            found.append(("money", k("capital"), m, self.pick(
                f"capital {m}", f"{m} capital", f"equity {m}", f"{m} account",
                f"init. cap. {m}", f"start equity {m}")))
        found += self.sizing()
        return found

    def label(self, kind: str) -> str:
        return self.rng.choice(_KEY_NAMES[kind])

    def history(self) -> list[tuple[str, str, str, str]]:
        k = self.label
        found: list[tuple[str, str, str, str]] = []
        period = self.arg("period")
        if isinstance(period, EnumValue):
            spec = CATALOG.enum("Period")
            assert spec is not None
            member = spec.member(period.member)
            assert member is not None
            names = [member.value, *member_names("Period", period.member)]
            if period.member == "MAX":
                names += ["full history", "MAX"]
            elif period.member == "YEAR_TO_DATE":
                names += ["YTD", "year-to-date"]
            elif period.member == "NOT_PASSED":
                names = ["none", "not passed", "not_passed"]
            span = self.rng.choice(names)
            bare = [f"period {span}", f"period={member.value}", f"history: {span}"]
            if span[0].isdigit():
                bare += [f"last {span}", f"past {span}", f"lookback {span}"]
            found.append(("data", k("period"), span, self.rng.choice(bare)))
        start, end = self.arg("start_date"), self.arg("end_date")
        if start is not None and end is not None:
            a, b = self.date(start), self.date(end)
            if self.rng.random() < 0.35:
                found += [("data", k("start"), a, f"start {a}"), ("data", k("end"), b, f"end {b}")]
            else:
                span = self.pick(f"{a} -> {b}", f"{a} to {b}", f"{a} .. {b}", f"{a} – {b}",
                                 f"{a} => {b}", f"from {a} to {b}", f"{a} through {b}")
                found.append(("data", k("window"), span, self.pick(
                    f"from {a} to {b}", f"{a} -> {b}", f"dates {a} .. {b}", f"window {span}")))
        elif start is not None:
            a = self.date(start)
            if self.rng.random() < 0.6:
                found.append(("data", k("start"), a, self.pick(f"from {a}", f"since {a}",
                                                               f"start {a}", f"{a} -> present")))
            else:
                found.append(("data", k("window"), self.pick(
                    f"{a} -> now", f"{a} -> today", f"since {a}", f"{a} onward"), f"from {a}"))
        elif end is not None:
            b = self.date(end)
            found.append(("data", k("end"), b, self.pick(f"until {b}", f"end {b}",
                                                         f"through {b}", f"up to {b}")))
        return found

    def sizing(self) -> list[tuple[str, str, str, str]]:
        k = self.label
        found: list[tuple[str, str, str, str]] = []
        size = self.arg("order_size")
        if isinstance(size, Call):
            value = _number(size.args["value"])
            if size.name == "Contracts":
                n = self.num(value)
                unit = self.pick("shares", "contracts", "units", "shares")
                unit = unit[:-1] if value == 1 else unit
                key = self.pick(k("size"), "Qty", "Quantity")
                val = n if key in ("Qty", "Quantity") and self.rng.random() < 0.5 else \
                    self.pick(f"{n} {unit}", f"{n} {unit}/trade", f"{n} {unit} per order",
                              f"fixed {n} {unit}")
                found.append(("money", key, val, self.pick(
                    f"qty {n}", f"{n} {unit}/trade", f"size {n} {unit}", f"{n} {unit} each")))
            elif size.name == "USD":
                m = self.money(value)
                key = self.pick(k("size"), "Notional")
                found.append(("money", key, self.pick(
                    f"{m} per trade", f"{m}/trade", f"fixed {m}", f"{m} per position",
                    m if key == "Notional" else f"{m} notional"), self.pick(
                    f"{m}/trade", f"size {m} per trade", f"notional {m}", f"{m} per position")))
            else:
                p = self.pct(value)
                found.append(("money", self.pick(k("size"), "Allocation", "Alloc"), self.pick(
                    f"{p} of equity", f"{p} PoE", f"{p} of capital", f"{p} of equity",
                    f"PoE {p}", f"{p} of account"), self.pick(
                    f"size {p} PoE", f"{p} of equity/trade", f"alloc {p} of equity",
                    f"PoE {p}", f"{p} of capital per trade")))
        fee = self.arg("trade_commissions")
        if isinstance(fee, Call):
            value = _number(fee.args["value"])
            if fee.name == "MoneyCommissions":
                m = self.pick("$0", "0 USD", "$0 (free)") if value == 0 else self.money(value)
                val = self.pick(m, f"{m}/trade", f"{m} per trade", f"{m} flat", f"{m} per order")
                bare = self.pick(f"comm. {m}/trade", f"fees {m} per trade", f"{m} comm.",
                                 f"commission {m} flat")
            else:
                p = self.pct(value)
                val = self.pick(p, f"{p} per trade", f"{p} of value", f"{p} of notional")
                bare = self.pick(f"comm. {p}", f"fees {p} per trade", f"{p} comm.",
                                 f"commission {p} of notional")
            found.append(("money", k("costs"), val, bare))
        return found

    # --- layouts ---------------------------------------------------------------------

    def head(self) -> tuple[str, str]:
        t = self.ticker
        shown = f"${t}" if t.isalpha() and self.rng.random() < 0.15 else t
        return shown, self.rng.choice(_SIDES[self.side])

    def rules(self) -> tuple[tuple[str, str], tuple[str, str]]:
        """(key, condition) for the entry and the exit."""
        entry = (self.rng.choice(_ENTRY_KEYS[self.side]), self.condition(self.arg("buy_condition")))
        exit_ = (self.rng.choice(_EXIT_KEYS[self.side]), self.condition(self.arg("sell_condition")))
        return entry, exit_

    def line_items(self, lists: bool) -> list[tuple[str, str | list[str]]]:
        """(key, value or sub-list) lines: ticker, side, rules and the other fields."""
        shown, side = self.head()
        top: list[tuple[str, str | list[str]]] = [
            (self.rng.choice(_KEY_NAMES["ticker"]), shown),
            (self.rng.choice(_KEY_NAMES["side"]), side)]
        if self.rng.random() < 0.3:
            top.reverse()
        rules: list[tuple[str, str | list[str]]] = []
        for key_map, arg in ((_ENTRY_KEYS, "buy_condition"), (_EXIT_KEYS, "sell_condition")):
            key = self.rng.choice(key_map[self.side])
            grouped = self.listed(self.arg(arg)) if lists else None
            if grouped:
                head = f"{key}, {grouped[0]}" if key.endswith(")") else f"{key} ({grouped[0]})"
                rules.append((head, grouped[1]))
            else:
                rules.append((key, self.condition(self.arg(arg))))
        if self.rng.random() < 0.15:
            rules.reverse()
        rest: list[tuple[str, str | list[str]]] = [(key, value) for _, key, value, _ in
                                                    self.fields()]
        self.rng.shuffle(rest)
        if self.rng.random() < 0.25:
            return top + rest + rules
        return top + rules + rest

    def fields_layout(self, prefix: str | None = None, config: bool = False) -> str:
        bullet = prefix if prefix is not None else self.rng.choice(_BULLETS)
        fmt = "{k} = {v}" if config else self.pick(
            "{k}: {v}", "{k}: {v}", "{k}: {v}", "{k} = {v}", "**{k}:** {v}", "{k} -> {v}",
            "[{k}] {v}", "{k} — {v}", "pad", "{k}: `{v}`")
        case = "snake" if config else self.pick("as is", "as is", "as is", "upper", "lower")
        lines: list[str] = []
        header = self.rng.random() < 0.35
        if header:
            lines.append(self.rng.choice(_HEADERS).format(t=self.ticker))
        for index, (key, value) in enumerate(self.line_items(lists=True)):
            key = key.upper() if case == "upper" else key.lower() if case == "lower" else \
                _snake(key) if case == "snake" else key
            mark = {"letters": f"{chr(97 + index)}) ", "roman": f"({_ROMAN[index]}) "}.get(
                bullet, bullet)
            if isinstance(value, list):
                lines.append(f"{mark}{key}:")
                sub = self.pick("  - ", "    * ", "  • ", "   ", "  -- ")
                if bullet.startswith(("#", "//")):
                    sub = bullet + sub.lstrip(" ")
                lines += [f"{sub}{item}" for item in value]
                continue
            if fmt == "pad":
                text = f"{key + ':':<15}{value}"
            elif "`" in fmt and self.rng.random() < 0.6:
                text = f"{key}: {value}"
            else:
                text = fmt.format(k=key, v=value)
            lines.append(mark + text)
        return "\n".join(lines)

    def table(self) -> str:
        head = self.pick("| Field | Value |", "| Param | Setting |", "| Key | Value |",
                         "| Item | Spec |")
        rows = [f"| {k} | {v} |" for k, v in self.line_items(lists=False) if isinstance(v, str)]
        return "\n".join([head, "|---|---|", *rows])

    def oneline(self, sep: str) -> str:
        shown, side = self.head()
        head = self.pick(f"{shown} {side}", f"{side} {shown}", f"{shown} ({side})",
                         f"{shown}, {side}", f"{shown} [{side}]")
        (ek, ec), (xk, xc) = self.rules()
        eq = self.pick(": ", ": ", "=", " ")
        rules = [_join(ek, eq, ec), _join(xk, eq, xc)]
        if self.rng.random() < 0.15:
            rules.reverse()
        rest = [bare if self.rng.random() < 0.6 else _join(key, eq, value)
                for _, key, value, bare in self.fields()]
        self.rng.shuffle(rest)
        parts = [head, *rules, *rest]
        if self.rng.random() < 0.2 and rest:
            parts = [head, *rest, *rules]
        return sep.join(parts)

    def rules_layout(self) -> str:
        shown, side = self.head()
        head = self.pick(f"{shown}, {side}", f"{shown} ({side})", f"{side.upper()} {shown}",
                         f"{shown} / {side}", f"[{shown}] {side}", f"{shown} {side}:")
        entry_verbs, exit_verbs = _VERBS[self.side]
        form = self.pick("{c} => {v}", "{c} -> {v}", "if {c}: {v}", "IF {c} THEN {v}",
                         "{v} if {c}", "{v} when {c}", "{v}: {c}", "when {c} -> {v}")
        lines = [form.format(c=self.condition(self.arg(arg)), v=self.rng.choice(verbs))
                 for arg, verbs in (("buy_condition", entry_verbs),
                                    ("sell_condition", exit_verbs))]
        if self.rng.random() < 0.12:
            lines.reverse()
        bare = [b for _, _, _, b in self.fields()]
        self.rng.shuffle(bare)
        joiner = self.pick("\n", "; ", "\n")
        tail = [self.pick(", ", " | " if self.no_pipe else ", ", "; ").join(bare)] if bare else []
        if bare and self.rng.random() < 0.4:
            tail = bare
        return joiner.join([head, *lines, *tail])

    def yaml(self) -> str:
        lines = [f"{self.pick('strategy', self.ticker)}:"] if self.rng.random() < 0.3 else []
        ind = "  " if lines else ""
        for key, value in self.line_items(lists=True):
            key = _snake(key)
            if isinstance(value, list):
                lines.append(f"{ind}{key}:")
                lines += [f"{ind}  - {item}" for item in value]
            else:
                lines.append(f"{ind}{key}: {value}")
        return "\n".join(lines)

    def write(self) -> str:
        layout = self.rng.choice(_LAYOUTS)
        sep = self.pick(" | ", " | ", "; ", "; ", " / ", " · ", " || ")
        self.draw_habits(no_pipe=layout == "table" or (layout in ("oneline", "rules")
                                                       and "|" in sep) or self.rng.random() < 0.3)
        if layout == "fields":
            return self.fields_layout()
        if layout == "code":
            return self.fields_layout(self.pick("# ", "// ", "#  "))
        if layout == "config":
            return self.fields_layout("", config=True)
        if layout == "table":
            return self.table()
        if layout == "oneline":
            return self.oneline(sep)
        if layout == "rules":
            return self.rules_layout()
        return self.yaml()


class FormPhraser:
    """Structured, terse, form-like descriptions: fields, lists, tables, specs, rules."""

    name = "form"

    def describe(self, strategy: Call, rng: random.Random) -> str:
        ticker = strategy.args["ticker"]
        assert isinstance(ticker, str)
        return _Form(strategy, rng, ticker).write()
