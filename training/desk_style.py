"""The "desk" phrasing style: a strategy as a trading desk would write it down.

Held out: written apart from the plain style (its own layouts, words, indicator names and
spellings of numbers and dates) and never trained on. A dataset in this style is a test set
for how well a model trained on plain descriptions reads text it has never seen.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import dataclass, field

from strategy_lsp.grammar import CATALOG, Call, EnumValue, Value

from .wording import MONTH_ABBREVIATIONS, MONTHS, number_words

# --- names ----------------------------------------------------------------------------

#: Desk shorthand per series; the first spelling is the one glued to a length ("rsi14").
_SHORTHAND: dict[str, tuple[str, ...]] = {
    "RSI": ("rsi", "RSI"), "SMA": ("sma", "SMA"), "EMA": ("ema", "EMA"),
    "MACD": ("macd", "MACD"), "MACD_SIGNAL": ("macd sig", "MACD signal"),
    "STOCH_PERCENT_K": ("stoch %K", "%K"), "STOCH_PERCENT_D": ("stoch %D", "%D"),
    "WILLR": ("willr", "W%R", "%R"), "CCI": ("cci", "CCI"), "CCI_SMOOTHENED": ("smoothed CCI",),
    "MFI": ("mfi", "MFI"), "CMO": ("cmo", "CMO"), "ADX": ("adx", "ADX"), "ROC": ("roc", "ROC"),
    "MOMENTUM": ("mom", "MOM"), "UO": ("uo", "UO", "ult osc"), "CHOP": ("chop", "CHOP"),
    "AROON_UP": ("aroon up", "AroonUp"), "AROON_DOWN": ("aroon dn", "AroonDn"),
    "DI_PLUS": ("+DI", "DI+"), "DI_MINUS": ("-DI", "DI-"), "CMF": ("cmf", "CMF"),
    "TRIX": ("trix", "TRIX"), "KST": ("kst", "KST"), "KST_SIGNAL": ("kst sig", "KST signal"),
    "COPPOCK": ("coppock",), "DPO": ("dpo", "DPO"), "BBP": ("bbp", "BBP"),
    "EFI": ("efi", "EFI", "force idx"), "EOM": ("eom", "EOM", "EMV"),
    "CHAIKIN_OSC": ("chaikin osc",), "MASS_INDEX": ("mass idx",), "HAMMER": ("hammer",),
    "BB_LOWER": ("BB lower", "lower BB", "BBL"), "BB_UPPER": ("BB upper", "upper BB", "BBU"),
    "BB_MIDDLE": ("BB mid", "BBM"), "KC_LOWER": ("KC lower", "lower KC"),
    "KC_UPPER": ("KC upper", "upper KC"), "DC_LOWER": ("DC lower", "Donchian low"),
    "DC_UPPER": ("DC upper", "Donchian high"), "DC_BASIS": ("DC mid", "DC basis"),
    "ICHIMOKU_BASE": ("kijun",), "ICHIMOKU_CONVERSION": ("tenkan",),
    "ICHIMOKU_LEADING_SPAN_A": ("senkou A",), "ICHIMOKU_LEADING_SPAN_B": ("senkou B",),
    "ICHIMOKU_LAGGING_SPAN": ("chikou",), "OBV": ("obv", "OBV"), "PVI": ("pvi", "PVI"),
    "PVT": ("pvt", "PVT"), "ATR": ("atr", "ATR"),
}
#: Catalog names that name two things, or nothing, when they stand alone.
_AMBIGUOUS = frozenset({"true range", "Chaikin", "money flow", "signal line", "mass",
                        "ultimate", "directional movement index strength", "daily high",
                        "daily low", "MI", "price", "close", "open", "high", "low", "vol",
                        "constant", "level", "threshold", "line"})
_PRICES: dict[str, tuple[str, ...]] = {
    "CLOSE": ("px", "close", "the close", "the closing print", "price"),
    "OPEN": ("open", "the open", "the opening print"),
    "HIGH": ("hi", "the high", "the bar's high"),
    "LOW": ("lo", "the low", "the bar's low"),
    "VOLUME": ("vol", "volume", "the volume"),
}


def indicator_names(series: str) -> tuple[str, ...]:
    """Every name this style may use for a series class: shorthand, then catalog names."""
    if series in _PRICES:
        return _PRICES[series]
    spec = CATALOG.get(series)
    catalog = tuple(n for n in (spec.names if spec else ()) if n not in _AMBIGUOUS)
    names = _SHORTHAND.get(series, ()) + catalog
    return names or (series.replace("_", " ").lower(),)


#: Enum members as this style writes them (codes first, then phrases that follow "on").
INTERVAL_WORDS: dict[str, tuple[str, ...]] = {
    "ONE_DAY": ("1D", "D1", "daily", "the dailies", "end-of-day bars", "1D candles"),
    "FIVE_DAYS": ("5D", "5-day", "five-day bars", "5D candles"),
    "ONE_WEEK": ("1W", "W1", "weekly", "the weeklies", "1W candles", "the W1 chart"),
    "ONE_MONTH": ("1MO", "MN", "monthly", "the monthlies", "1-month candles"),
    "THREE_MONTHS": ("3MO", "quarterly", "3-month candles", "the quarterly chart"),
}
_INTERVAL_CODES = 3  # how many of each entry above are codes

PERIOD_WORDS: dict[str, tuple[str, ...]] = {
    "ONE_DAY": ("1d", "a single day"),
    "FIVE_DAYS": ("5d", "the past five days"),
    "ONE_MONTH": ("1mo", "the past month"),
    "THREE_MONTHS": ("3mo", "the past three months", "a trailing 3 months"),
    "SIX_MONTHS": ("6mo", "the past six months", "a trailing 6 months"),
    "ONE_YEAR": ("1y", "the past year", "a trailing 12 months"),
    "TWO_YEARS": ("2y", "the past two years", "a trailing 2 yrs"),
    "FIVE_YEARS": ("5y", "the past five years", "a trailing 5 yrs"),
    "TEN_YEARS": ("10y", "the past decade", "a trailing 10 yrs"),
    "YEAR_TO_DATE": ("YTD", "this year so far", "year-to-date"),
    "MAX": ("max", "the entire history", "every bar there is"),
    "NOT_PASSED": ("period not passed", "no preset period"),
}

SOURCE_WORDS: dict[str, tuple[str, ...]] = {
    "CLOSE": ("closes",), "OPEN": ("opens",), "HIGH": ("highs",), "LOW": ("lows",),
    "HLC3": ("hlc3", "typical price"), "HL2": ("hl2", "median price"),
    "OHLC4": ("ohlc4", "OHLC average"), "HLCC4": ("hlcc4", "weighted close"),
    "VOLUME": ("volume",),
}

FIB_WORDS: dict[str, tuple[str, ...]] = {
    "LEVEL_0": ("0%", "0.0"), "LEVEL_23_6": ("23.6%", "0.236"),
    "LEVEL_38_2": ("38.2%", "0.382"), "LEVEL_50": ("50%", "0.5"),
    "LEVEL_61_8": ("61.8%", "0.618"), "LEVEL_100": ("100%", "1.0"),
}

_SMOOTHING_WORDS: dict[str, tuple[str, ...]] = {
    "RMA": ("Wilder", "RMA"), "SMA": ("simple", "SMA"), "EMA": ("exponential", "EMA"),
    "WMA": ("weighted", "WMA"),
}

#: Parameters that read as a tuple after the name: "macd(12,26,9)", "BB lower(20,2.5)".
_TUPLES: dict[str, tuple[str, ...]] = {
    "MACD": ("fast_length", "slow_length"),
    "MACD_SIGNAL": ("fast_length", "slow_length", "signal_length"),
    "UO": ("fast_length", "middle_length", "slow_length"),
    "STOCH_PERCENT_D": ("length", "smoothing_length"),
    **{band: ("length", "std_dev") for band in ("BB_LOWER", "BB_UPPER", "BB_MIDDLE")},
    **{band: ("length", "multiplier") for band in ("KC_LOWER", "KC_UPPER")},
}
_PARAM_WORDS = {"length": "len", "fast_length": "fast", "slow_length": "slow",
                "signal_length": "signal", "middle_length": "mid",
                "smoothing_length": "smoothing", "std_dev": "sd", "multiplier": "ATR mult",
                "offset": "shift", "atr_length": "ATR len", "ma_type": "MA type",
                "smoothing_type": "smoothing", "use_exp_ma": "EMA basis"}

#: What one bar is called, per interval.
_UNITS = {"ONE_DAY": ("session", "day", "bar", "candle"), "FIVE_DAYS": ("bar", "candle"),
          "ONE_WEEK": ("week", "bar", "candle"), "ONE_MONTH": ("month", "bar"),
          "THREE_MONTHS": ("quarter", "bar")}

_CROSS_UP, _CROSS_DOWN = "CrossOverCondition", "CrossUnderCondition"
_ABOVE, _BELOW = "GreaterThanCondition", "LessThanCondition"
_RELATIONS: dict[str, dict[str, tuple[str, ...]]] = {
    "sym": {_CROSS_UP: ("x-over", "xover", "crosses up thru"),
            _CROSS_DOWN: ("x-under", "xunder", "crosses down thru"),
            _ABOVE: (">", ">", "above"), _BELOW: ("<", "<", "under")},
    "verb": {_CROSS_UP: ("crosses up through", "cuts up through",
                         "crosses from below to above", "pierces up through"),
             _CROSS_DOWN: ("crosses down through", "cuts down through",
                           "crosses from above to below", "pierces down through"),
             _ABOVE: ("is north of", "is running above", "is greater than", "is sitting over"),
             _BELOW: ("is south of", "is running below", "is less than", "is sitting under")},
    "noun": {_CROSS_UP: ("crossing up through", "cutting up through",
                         "crossing from below to above"),
             _CROSS_DOWN: ("crossing down through", "cutting down through",
                           "crossing from above to below"),
             _ABOVE: ("north of", "running above", "being greater than"),
             _BELOW: ("south of", "running below", "being less than")},
}

# --- numbers and dates ------------------------------------------------------------------


def _digits(value: float) -> str:
    """Shortest exact decimal."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _ordinal(n: int) -> str:
    tail = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{tail}"


def _whole(value: Value | None) -> int:
    assert isinstance(value, int) and not isinstance(value, bool), value
    return value


def _number(value: Value | None) -> float:
    assert isinstance(value, int | float) and not isinstance(value, bool), value
    return value


def _day(call: Value | None) -> dt.date | None:
    if not isinstance(call, Call):
        return None
    return dt.date(_whole(call.args["year"]), _whole(call.args["month"]),
                   _whole(call.args["day"]))


def _param_word(series: str, param: str) -> str:
    spec = CATALOG.get(series)
    named = spec.param(param) if spec else None
    catalog = named.names[0] if named and named.names else param.replace("_", " ")
    return _PARAM_WORDS.get(param, catalog)


def _bars(n: int, kind: str = "") -> str:
    """"3 bars", "1 bar"; with ``kind``, "3 consecutive higher bars"."""
    if kind:
        return f"{n} consecutive {kind} bar{'s' if n != 1 else ''}" if n != 1 \
            else f"1 {kind} bar"
    return f"{n} bar{'s' if n != 1 else ''}"


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


# --- the writer -----------------------------------------------------------------------


@dataclass
class _Desk:
    """Writes one description. ``mode`` is how conditions read: "sym" (rsi14 < 30),
    "verb" (rsi14 is south of 30) or "noun" (rsi14 running below 30)."""

    strategy: Call
    rng: random.Random
    mode: str
    chatty: bool = False
    unit: str = "bar"
    names: dict[str, str] = field(default_factory=dict)

    def pick(self, *options: str) -> str:
        return self.rng.choice(options)

    @property
    def ticker(self) -> str:
        ticker = self.strategy.args["ticker"]
        assert isinstance(ticker, str)
        return ticker

    @property
    def side(self) -> str:
        side = self.strategy.args.get("position_type")
        return side.member if isinstance(side, EnumValue) else "LONG"

    def units(self, n: int) -> str:
        return f"{self.spell(n)} {self.unit}{'' if n == 1 else 's'}"

    def spell(self, n: int) -> str:
        """A count as digits, or now and then as words when the writer is chatty."""
        if self.chatty and 1 < n <= 20 and self.rng.random() < 0.2:
            return number_words(n)
        return str(n)

    # --- numbers the strategy states --------------------------------------------------

    def pct(self, value: float) -> str:
        return self.pick(f"{_digits(value)}%", f"{_digits(value)}%", f"{_digits(value)}pc")

    def cash(self, value: float) -> str:
        if not float(value).is_integer():
            return self.pick(f"${value:,.2f}", f"{value:.2f} USD")
        n = int(value)
        options = [f"${n:,}"]
        if n < 1000:
            options += [f"${n}", f"{n} USD"] + ([f"{n} bucks"] if self.chatty else [])
        elif n < 1_000_000 and n % 100 == 0:
            k = _digits(n / 1000)
            options += [f"{k}k", f"${k}k", f"${k}K", f"{k}K USD"]
            if self.chatty and n % 1000 == 0:
                options.append(f"{k} grand")
        elif n % 100_000 == 0:
            m = _digits(n / 1_000_000)
            options += [f"${m}mm", f"{m}MM", f"${m}M", f"{m} mil"]
        return self.rng.choice(options)

    def bps(self, percent: float) -> str:
        basis = _digits(round(percent * 100, 10))
        return f"{basis} bp" if basis == "1" else self.pick(f"{basis} bps", f"{basis}bps")

    def date(self, day: dt.date, role: str) -> str:
        y, m, d = day.year, day.month, day.day
        mon, month = MONTH_ABBREVIATIONS[m - 1], MONTHS[m - 1]
        options = [f"{y}/{m:02d}/{d:02d}", f"{d:02d}-{mon}-{y}", f"{mon} {_ordinal(d)}, {y}",
                   f"{_ordinal(d)} {month} {y}", f"{mon} {d} '{y % 100:02d}"]
        if role == "start" and d == 1:
            options += [f"{month} {y}", f"{mon} {y}"]
            if m == 1:
                options.append(f"the start of {y}")
        if role == "end" and (m, d) == (12, 31):
            options += [f"year-end {y}", f"the end of {y}"]
        return self.rng.choice(options)

    # --- series -----------------------------------------------------------------------

    def name(self, series: str) -> str:
        """The writer's name for a series, kept for the whole description."""
        if series not in self.names:
            names = indicator_names(series)
            shorthand = _SHORTHAND.get(series, ())
            if self.mode == "sym" and shorthand:
                names = shorthand
            self.names[series] = self.rng.choice(names)
        return self.names[series]

    def series(self, call: Call) -> str:
        stated = {k: v for k, v in call.args.items() if k != "ticker"}
        other = call.args.get("ticker")
        foreign = f" ({other})" if isinstance(other, str) and other != self.ticker else ""
        if call.name == "CONST":
            return self.value(call.args.get("const_number", 0)) + foreign
        if call.name in _PRICES and not stated:
            return self.name(call.name) + foreign
        source = stated.pop("source", None)
        text = self.parameters(call.name, self.name(call.name), stated)
        if isinstance(source, EnumValue):
            src = self.pick(*SOURCE_WORDS.get(source.member, (source.member.lower(),)))
            text = (self.pick(f"{text} on {src}", f"{text} src={src}") if self.mode == "sym"
                    else self.pick(f"{text} applied to {src}", f"{text} computed from {src}",
                                   f"{text} on {src}"))
        return text + foreign

    def parameters(self, series: str, name: str, stated: dict[str, Value]) -> str:
        if not stated:
            return name
        if set(stated) == {"length"}:
            return self.length(series, name, _whole(stated["length"]))
        order = _TUPLES.get(series, ())
        if len(stated) > 1 and set(stated) == set(order[:len(stated)]):
            numbers = [self.value(stated[k]) for k in order if k in stated]
            if self.mode == "sym" or self.rng.random() < 0.5:
                return f"{name}({','.join(numbers)})" if self.mode == "sym" \
                    else f"{name} ({', '.join(numbers)})"
        words = [f"{_param_word(series, k)} {self.value(v)}" for k, v in stated.items()]
        if "std_dev" in stated and self.rng.random() < 0.5:
            words = [f"{self.value(v)} sd" if k == "std_dev" else w
                     for (k, v), w in zip(stated.items(), words, strict=True)]
        return f"{name} [{', '.join(words)}]" if self.mode == "sym" \
            else f"{name} ({'; '.join(words)})"

    def length(self, series: str, name: str, n: int) -> str:
        glued = re.fullmatch(r"[A-Za-z]+", name) is not None
        if self.mode == "sym":
            options = [f"{name}-{n}", f"{name} {n}"] + [f"{name}{n}"] * (2 if glued else 0)
            if series in ("SMA", "EMA") and glued:
                options.append(f"{n}{name}")
            return self.rng.choice(options)
        options = [f"{name} (len {n})", f"{name} ({self.units(n)})",
                   f"{self.spell(n)}-{self.unit} {name}", f"{name} (n={n})"]
        if series in ("SMA", "EMA"):
            options += [f"the {n} {name}", f"the {n} {name}"]
        return self.rng.choice(options)

    def value(self, value: Value | None) -> str:
        if isinstance(value, bool):
            return "on" if value else "off"
        if isinstance(value, int | float):
            return _digits(value)
        if isinstance(value, EnumValue):
            tables: dict[str, dict[str, tuple[str, ...]]] = {
                "SourceType": SOURCE_WORDS, "SmoothingType": _SMOOTHING_WORDS}
            words = tables.get(value.enum, {}).get(value.member)
            return self.rng.choice(words) if words else value.member.lower().replace("_", " ")
        if isinstance(value, Call):
            return self.series(value) if value.spec.kind.value == "series" \
                else self.condition(value)
        if isinstance(value, tuple):
            return "; ".join(self.condition(item) for item in value)
        return str(value)

    def level(self, value: float, against: Call) -> str:
        text = _digits(value)
        if against.name in ("CLOSE", "OPEN", "HIGH", "LOW"):
            return self.pick(f"${text}", text) if self.mode == "sym" else self.pick(
                f"${text}", f"${text}", f"the {text} handle", f"{text}.00" if "." not in text
                else f"${text}")
        if self.mode == "sym":
            return f"+{text}" if 0 < value < 1 else text
        if value == 0:
            return self.pick("0", "the 0 line", "the centerline (0)")
        return self.pick(text, text, f"the {text} mark", f"a {text} reading")

    # --- conditions ---------------------------------------------------------------------

    def condition(self, call: Call, nested: bool = False) -> str:
        name = call.name
        if name in ("AND", "OR"):
            return self.group(call, nested)
        if name in (_CROSS_UP, _CROSS_DOWN, _ABOVE, _BELOW):
            return self.comparison(call)
        if name in ("UptrendForXDaysCondition", "DowntrendForXDaysCondition"):
            return self.streak(call)
        if name == "ChangeOfXPercentPerYDaysCondition":
            return self.move(call)
        if name == "IntraIntervalChangeOfXPercentCondition":
            return self.bar_move(call)
        if name in ("UptrendFibRetracementLevelCondition",
                    "DowntrendFibRetracementLevelCondition"):
            return self.fibonacci(call)
        if name == "AfterXDaysCondition":
            return self.delayed(call)
        return self.spelled_out(call)

    def spelled_out(self, call: Call) -> str:
        """Anything without its own wording: the catalog name and each argument, labelled."""
        spec = CATALOG.get(call.name)
        label = spec.names[0] if spec and spec.names else call.name
        parts = [f"{k.replace('_', ' ')}: {self.value(v)}" for k, v in call.args.items()]
        return f"{label} ({'; '.join(parts)})" if parts else label

    def group(self, call: Call, nested: bool) -> str:
        items = call.args.get("conditions")
        assert isinstance(items, tuple)
        every = call.name == "AND"
        parts = [self.condition(item, nested=True) for item in items]
        if self.mode == "sym":
            joiner = self.pick(" AND ", " && ", " + ") if every else self.pick(" OR ", " || ")
            text = joiner.join(parts)
            return f"({text})" if nested else text
        if nested:
            return "(" + (" and " if every else " or ").join(parts) + ")"
        if len(parts) == 2:
            a, b = parts
            options = ([f"{a}, together with {b}", f"{a} plus {b}", f"{a}, with {b} as well"]
                       if every else
                       [f"{a}, or {b}", f"at least one of: {a}; {b}",
                        f"whichever comes first of {a} / {b}"])
            return self.rng.choice(options)
        listed = "; ".join(parts)
        count = number_words(len(parts))
        return self.pick(f"all {count} of: {listed}", f"every one of these: {listed}") if every \
            else self.pick(f"any of these {count}: {listed}", f"at least one of: {listed}")

    def comparison(self, call: Call) -> str:
        first, second = call.args["first_series"], call.args["second_series"]
        assert isinstance(first, Call) and isinstance(second, Call)
        pair = self.macd_pair(call.name, first, second) or self.average_cross(call.name, first,
                                                                                second)
        if pair:
            return pair
        a = self.series(first)
        b = self.level(_number(second.args.get("const_number")), first) \
            if second.name == "CONST" else self.series(second)
        if self.mode == "noun" and call.name in (_CROSS_UP, _CROSS_DOWN) and \
                self.rng.random() < 0.25:
            way = "upside" if call.name == _CROSS_UP else "downside"
            return f"a {way} cross of {a} through {b}"
        return f"{a} {self.pick(*_RELATIONS[self.mode][call.name])} {b}"

    def macd_pair(self, relation: str, first: Call, second: Call) -> str | None:
        if (first.name, second.name) != ("MACD", "MACD_SIGNAL"):
            return None
        line = {k: v for k, v in first.args.items() if k != "ticker"}
        signal = {k: v for k, v in second.args.items() if k != "ticker"}
        extra = set(signal) - set(line)
        if set(line) not in (set(), {"fast_length", "slow_length"}) or extra - {"signal_length"} \
                or any(signal.get(k) != v for k, v in line.items()) or (extra and not line):
            return None
        numbers = [self.value(signal[k]) for k in _TUPLES["MACD_SIGNAL"] if k in signal]
        name = self.name("MACD")
        label = (f"{name}({','.join(numbers)})" if self.mode == "sym" else
                 f"{name} ({', '.join(numbers)})") if numbers else name
        verb = self.pick(*_RELATIONS[self.mode][relation])
        return f"{label} {verb} {self.pick('its signal line', 'the signal line')}"

    def average_cross(self, relation: str, first: Call, second: Call) -> str | None:
        if relation not in (_CROSS_UP, _CROSS_DOWN) or first.name != second.name or \
                first.name not in ("SMA", "EMA") or self.rng.random() > 0.35:
            return None
        if {k for k in first.args if k != "ticker"} != {"length"} or \
                {k for k in second.args if k != "ticker"} != {"length"}:
            return None
        fast, slow = _whole(first.args["length"]), _whole(second.args["length"])
        if fast >= slow:
            return None
        kind = "bull" if relation == _CROSS_UP else "bear"
        cross = f"{fast}/{slow} {self.name(first.name)}"
        return {"sym": f"{cross} {kind} cross", "verb": f"a {kind}ish {cross} cross prints",
                "noun": f"a {kind}ish {cross} cross"}[self.mode]

    def streak(self, call: Call) -> str:
        series = call.args["series"]
        assert isinstance(series, Call)
        s, n = self.series(series), _whole(call.args["number_of_days"])
        up = call.name == "UptrendForXDaysCondition"
        higher, rising = ("higher", "rising") if up else ("lower", "falling")
        if self.mode == "sym":
            return self.pick(f"{s} {'up' if up else 'down'} {_bars(n)} straight",
                             f"{s} {higher} {_bars(n)} back to back",
                             f"{_bars(n, higher)} on {s}")
        many = self.units(n)
        if self.mode == "verb":
            return self.pick(f"{s} has posted {many} of {'gains' if up else 'declines'} "
                             "back to back",
                             f"{s} has been {'climbing' if up else 'sliding'} {many} straight",
                             f"{s} keeps {rising} {many} on end")
        return self.pick(f"{s} {rising} {many} back to back",
                         f"{self.spell(n)} consecutive {rising} {self.unit}s in {s}")

    def move(self, call: Call) -> str:
        series = call.args["series"]
        assert isinstance(series, Call)
        s, n = self.series(series), _whole(call.args["number_of_days"])
        percent = _number(call.args["percent"])
        p = self.pct(abs(percent))
        up = percent > 0
        if self.mode == "sym":
            sign = "+" if up else "-"
            return self.pick(f"{s} {sign}{p} in {_bars(n)}", f"{n}-bar chg in {s} {sign}{p}")
        many = self.units(n)
        if self.mode == "verb":
            if up:
                return self.pick(f"{s} has gained {p} across {many}",
                                 f"{s} is {p} higher than {many} ago")
            return self.pick(f"{s} has shed {p} across {many}",
                             f"{s} is {p} lower than {many} ago")
        what = "gain" if up else "drop"
        return self.pick(f"a {p} {what} in {s} over {many}",
                         f"a {self.spell(n)}-{self.unit} {what} of {p} in {s}")

    def bar_move(self, call: Call) -> str:
        series = call.args["series"]
        assert isinstance(series, Call)
        s, percent = self.series(series), _number(call.args["percent"])
        p, up = self.pct(abs(percent)), percent > 0
        if self.mode == "sym":
            return self.pick(f"{s} {'+' if up else '-'}{p} inside one candle",
                             f"single-candle move in {s} {'+' if up else '-'}{p}")
        if self.mode == "verb":
            verb = self.pick("jumps", "gains") if up else self.pick("sinks", "loses")
            return self.pick(f"{s} {verb} {p} inside a single candle",
                             f"{s} {verb} {p} during one bar")
        what = "gain" if up else "drop"
        return self.pick(f"an intra-candle {what} of {p} in {s}",
                         f"a single-bar {what} of {p} in {s}")

    def fibonacci(self, call: Call) -> str:
        level = call.args["fib_level"]
        assert isinstance(level, EnumValue)
        fib = self.pick(*FIB_WORDS.get(level.member, (level.member.lower(),)))
        up = call.name == "UptrendFibRetracementLevelCondition"
        trend = "uptrend" if up else "downtrend"
        if self.mode == "sym":
            text = self.pick(f"fib {fib} retrace in {trend}",
                             f"{trend} {'pullback' if up else 'bounce'} to fib {fib}")
        elif self.mode == "verb":
            text = self.pick(f"price {'pulls back' if up else 'bounces'} to the {fib} Fibonacci "
                             f"retracement of the {'up' if up else 'down'}-move",
                             f"{'an up' if up else 'a down'}-leg retraces to its {fib} fib")
        else:
            text = (f"a {'pullback' if up else 'rebound'} to the {fib} fib level within "
                    f"{'an' if up else 'a'} {trend}")
        if "length" in call.args:
            n = _whole(call.args["length"])
            text += f" (swing {_bars(n)})" if self.mode == "sym" else self.pick(
                f", swing measured over {self.units(n)}",
                f" (fib range from the last {self.units(n)})")
        return text

    def delayed(self, call: Call) -> str:
        inner = call.args["condition"]
        assert isinstance(inner, Call)
        n = _whole(call.args["number_of_days"])
        text = self.condition(inner, nested=True)
        if self.mode == "sym":
            return self.pick(f"[{text}] +{_bars(n)}", f"{text}, delayed {_bars(n)}")
        return self.pick(f"{text}, with a {self.spell(n)}-{self.unit} delay before acting",
                         f"{text} (acted on {self.units(n)} after the signal)")

    # --- the rest of the strategy -------------------------------------------------------
    # ``form`` is "tape" (SL 5%), "prose" (a 5% stop-loss) or "field" (the bare value that
    # follows a spec label: "5%, trailing").

    def stop(self, form: str) -> str | None:
        stop = self.strategy.args.get("stop_loss")
        if not isinstance(stop, Call):
            return None
        p = self.pct(_number(stop.args["percentage"]))
        kind = stop.args.get("stop_loss_type")
        member = kind.member if isinstance(kind, EnumValue) else None
        if member == "TRAILING":
            return self.pick(*{"tape": (f"TSL {p}", f"trail {p}", f"SL {p} trl"),
                               "prose": (f"a {p} trailing stop", f"trail a {p} stop behind it",
                                         f"{p} trailing stop-loss"),
                               "field": (f"{p}, trailing", f"{p} (trailing)")}[form])
        how = "" if member is None else self.pick("fixed", "hard", "non-trailing") \
            if member == "NORMAL" else member.lower()
        lead = f"{how} " if how else ""
        return self.pick(*{"tape": (f"{lead}SL {p}", f"{lead}stop -{p}"),
                           "prose": (f"a {lead}stop at -{p}", f"a {p} {lead}stop-loss",
                                     f"{lead}stop out at -{p}"),
                           "field": (f"{p}, {how}" if how else p,
                                     f"-{p} from entry ({how})" if how else f"-{p} from entry")
                           }[form])

    def target(self, form: str) -> str | None:
        target = self.strategy.args.get("take_profit")
        if not isinstance(target, Call):
            return None
        p = self.pct(_number(target.args["percentage"]))
        return self.pick(*{"tape": (f"TP {p}", f"tgt +{p}", f"PT {p}"),
                           "prose": (f"take gains at +{p}", f"a +{p} profit objective",
                                     f"bank it at +{p}"),
                           "field": (f"+{p}", p)}[form])

    def history(self, form: str) -> str | None:
        period = self.strategy.args.get("period")
        if isinstance(period, EnumValue):
            words = PERIOD_WORDS.get(period.member, (period.member.lower(),))
            if form == "tape":
                return self.pick(words[0], f"lookback {words[0]}")
            if form == "field" or period.member == "NOT_PASSED":
                return self.pick(*words)
            return f"over {self.pick(*words[1:] or words)}"
        start = _day(self.strategy.args.get("start_date"))
        end = _day(self.strategy.args.get("end_date"))
        a = self.date(start, "start") if start else None
        b = self.date(end, "end") if end else None
        if a and b:
            return self.pick(*{"tape": (f"{a} to {b}", f"{a} → {b}", f"{a} thru {b}"),
                               "prose": (f"from {a} thru {b}", f"{a} through {b}",
                                         f"between {a} and {b}"),
                               "field": (f"{a} to {b}", f"{a} – {b}")}[form])
        if a:
            return self.pick(f"since {a}", f"{a} onwards", f"{a} to present")
        if b:
            return self.pick(f"thru {b}", f"up to and including {b}", f"stopping at {b}")
        return None

    def interval(self, form: str) -> str | None:
        interval = self.strategy.args.get("interval")
        if not isinstance(interval, EnumValue):
            return None
        words = INTERVAL_WORDS.get(interval.member, (interval.member.lower(),))
        codes, phrases = words[:_INTERVAL_CODES], words[_INTERVAL_CODES:] or words
        code = self.rng.choice(codes)
        if form == "tape":
            return self.pick(f"{code} bars", f"tf {code}", f"{code} chart")
        return code if form == "field" else f"on {self.rng.choice(phrases)}"

    def capital(self, form: str) -> str | None:
        capital = self.strategy.args.get("initial_capital")
        if not isinstance(capital, int | float) or isinstance(capital, bool):
            return None
        c = self.cash(capital)
        return self.pick(*{"tape": (f"cap {c}", f"acct {c}", f"bankroll {c}"),
                           "prose": (f"a {c} account", f"starting with {c}", f"{c} to start"),
                           "field": (c,)}[form])

    def size(self, form: str) -> str | None:
        size = self.strategy.args.get("order_size")
        if not isinstance(size, Call):
            return None
        value = _number(size.args["value"])
        if size.name == "Contracts":
            unit = self.pick("shares", "shares", "units", "contracts")
            unit = unit if value != 1 else unit[:-1]
            n = _digits(value)
            options = {"tape": (f"qty {n}", f"size {n} {unit}", f"{n} {unit}/trade"),
                       "prose": (f"{n} {unit} a clip", f"{n} {unit} on each entry"),
                       "field": (f"{n} {unit} per trade", f"fixed, {n} {unit}")}
        elif size.name == "USD":
            c = self.cash(value)
            options = {"tape": (f"{c}/trade", f"size {c}"),
                       "prose": (f"{c} notional per position", f"{c} a pop"),
                       "field": (f"{c} per trade", f"{c} notional each")}
        elif size.name == "PercentOfEquity":
            p = self.pct(value)
            options = {"tape": (f"size {p} eq", f"{p} of NAV/trade"),
                       "prose": (f"{p} of the account on each entry",
                                 f"{p} of current equity a position"),
                       "field": (f"{p} of equity", f"{p} of NAV per position")}
        else:
            return self.spelled_out(size)
        return self.pick(*options[form])

    def fees(self, form: str) -> str | None:
        fee = self.strategy.args.get("trade_commissions")
        if not isinstance(fee, Call):
            return None
        value = _number(fee.args["value"])
        if fee.name == "MoneyCommissions":
            if value == 0:
                return self.pick("no comms", "zero commission", "$0 comms")
            c = self.cash(value)
        elif fee.name == "PercentageCommissions":
            c = self.bps(value) if self.rng.random() < 0.6 else self.pct(value)
        else:
            return self.spelled_out(fee)
        return self.pick(*{"tape": (f"comm {c}", f"fees {c}/trade", f"tc {c}"),
                           "prose": (f"{c} a trade in commissions", f"{c} per ticket in fees"),
                           "field": (f"{c} per trade", f"{c} a ticket")}[form])

    def extras(self, form: str) -> list[tuple[str, str]]:
        """(spec label, text) for everything beside the conditions, in a drawn order."""
        parts = [("stop", self.stop(form)), ("target", self.target(form)),
                 ("window", self.history(form)), ("bars", self.interval(form)),
                 ("equity", self.capital(form)), ("sizing", self.size(form)),
                 ("costs", self.fees(form))]
        found = [(label, text) for label, text in parts if text]
        if self.rng.random() < 0.5:
            self.rng.shuffle(found)
        return found


# --- layouts ------------------------------------------------------------------------------

_ENTRY_LABELS = {"LONG": ("entry", "in", "buy", "get in"), "SHORT": ("short", "entry", "in"),
                 "LONG_SHORT_COMBINED": ("long", "L", "buy")}
_EXIT_LABELS = {"LONG": ("exit", "out", "sell", "flat"), "SHORT": ("cover", "exit", "out"),
                "LONG_SHORT_COMBINED": ("short", "S", "flip short")}
_SIDE_WORDS = {"LONG": ("long", "long only", "buy side only"),
               "SHORT": ("short", "short only", "short side only"),
               "LONG_SHORT_COMBINED": ("L/S", "long/short", "long & short, two-way")}


def _tape(w: _Desk) -> str:
    """One line of shorthand: ``AAPL long | entry: rsi14 x-under 30 | exit: ... | TSL 5%``."""
    side = w.pick(*_SIDE_WORDS[w.side][:2])
    head = w.pick(f"{w.ticker} {side}", f"{side} {w.ticker}")
    entry = f"{w.pick(*_ENTRY_LABELS[w.side])}: {w.condition(_rule(w, 'buy_condition'))}"
    exit_ = f"{w.pick(*_EXIT_LABELS[w.side])}: {w.condition(_rule(w, 'sell_condition'))}"
    rest = [text for _, text in w.extras("tape")]
    if rest and w.rng.random() < 0.4:
        rest = [", ".join(rest)]
    sep = w.pick(" | ", " | ", " // ", " ;; ")
    return sep.join([head, entry, exit_, *rest])


def _bullets(w: _Desk) -> str:
    """A header and a bullet per rule; an AND/OR entry gets one sub-bullet per condition."""
    dot = w.pick("•", "-", "*", "·")
    head = w.pick(f"{w.ticker} ({w.pick(*_SIDE_WORDS[w.side])})",
                  f"Setup: {w.ticker}, {w.pick(*_SIDE_WORDS[w.side])}",
                  f"{_capitalised(w.pick(*_SIDE_WORDS[w.side][:2]))} {w.ticker}:")
    lines = [head]
    for key, labels in (("buy_condition", _ENTRY_LABELS), ("sell_condition", _EXIT_LABELS)):
        rule = _rule(w, key)
        label = w.pick(*labels[w.side])
        items = rule.args.get("conditions")
        if rule.name in ("AND", "OR") and isinstance(items, tuple) and w.rng.random() < 0.6:
            how = "all of" if rule.name == "AND" else "any of"
            lines.append(f"{dot} {label}, {how}:")
            lines += [f"    {dot} {w.condition(item, nested=True)}" for item in items]
        else:
            lines.append(f"{dot} {label}: {w.condition(rule)}")
    lines += [f"{dot} {text}" for _, text in w.extras("tape" if w.mode == "sym" else "prose")]
    return "\n".join(lines)


def _chat(w: _Desk) -> str:
    """A Slack message: ``thinking of going short TSLA when ..., covering once ...``."""
    t = f"${w.ticker}" if w.ticker.isalpha() and w.rng.random() < 0.3 else w.ticker
    when = ("on", "upon") if w.mode == "noun" else ("when", "the moment", "any time")
    buy, sell = (w.condition(_rule(w, k)) for k in ("buy_condition", "sell_condition"))
    if w.side == "LONG":
        opener = w.pick(f"thinking of buying {t}", f"want to get long {t}",
                        f"idea: go long {t}", f"what if we bought {t}")
        closer = w.pick("dump it", "take it off", "close out", "bail")
    elif w.side == "SHORT":
        opener = w.pick(f"thinking of going short {t}", f"want to get short {t}",
                        f"idea: short {t}", f"what if we put on a short in {t}")
        closer = w.pick("cover", "close the short", "get flat")
    else:
        opener = w.pick(f"thinking of trading {t} both ways: get long",
                        f"idea for {t}, two-way: go long", f"{t} long/short: get long")
        closer = w.pick("flip short", "reverse into a short", "switch to short")
    first = f"{opener} {w.pick(*when)} {buy}"
    second = f"{closer} {w.pick(*when)} {sell}"
    body = w.pick(f"{first}. {second}.", f"{first}, {second}.", f"{first} - {second}.")
    rest = [text for _, text in w.extras(w.pick("tape", "prose", "prose"))]
    if rest:
        body += " " + w.pick("details: ", "also ", "") + ", ".join(rest) + \
            w.pick(".", "", " - can u run it?", " thx")
    return body if w.rng.random() < 0.7 else _capitalised(body)


_SPEC_LABELS = {
    "instrument": ("Instrument", "Underlying", "Security"),
    "direction": ("Direction", "Bias", "Book"),
    "open": ("Signal to open", "Opening rule", "Entry trigger"),
    "close": ("Signal to close", "Closing rule", "Exit trigger"),
    "stop": ("Protective stop", "Stop-loss", "Max loss"),
    "target": ("Profit objective", "Target"),
    "window": ("Test window", "Sample", "Backtest range"),
    "bars": ("Bar size", "Resolution", "Frequency"),
    "equity": ("Starting equity", "Account size", "Initial equity"),
    "sizing": ("Position sizing", "Trade size", "Allocation"),
    "costs": ("Transaction costs", "Commission", "Costs"),
}


def _spec(w: _Desk) -> str:
    """A formal spec, one labelled field per line: ``Instrument: AAPL. Signal to open: ...``."""
    def label(key: str) -> str:
        return w.pick(*_SPEC_LABELS[key])

    if w.side == "LONG_SHORT_COMBINED":
        opening, closing = w.pick("Long trigger", "Signal to go long"), \
            w.pick("Short trigger", "Signal to reverse short")
    elif w.side == "SHORT":
        opening, closing = w.pick("Signal to sell short", "Short-entry rule"), \
            w.pick("Signal to cover", "Cover rule")
    else:
        opening, closing = label("open"), label("close")
    fields = [(label("instrument"), w.ticker),
              (label("direction"), w.pick(*_SIDE_WORDS[w.side])),
              (opening, w.condition(_rule(w, "buy_condition"))),
              (closing, w.condition(_rule(w, "sell_condition")))]
    fields += [(label(key), text) for key, text in w.extras("field")]
    # a rule that lists its conditions with ";" is never cut up by a ";" between fields
    sep = w.pick(".\n", ". ", "\n", *(["; "] if not any(";" in t for _, t in fields) else []))
    return sep.join(f"{name}: {text}" for name, text in fields) + ("." if "." in sep else "")


def _rule(w: _Desk, key: str) -> Call:
    rule = w.strategy.args.get(key)
    assert isinstance(rule, Call), f"{key} is not stated"
    return rule


_LAYOUTS = {"tape": (_tape, ("sym",)), "bullets": (_bullets, ("sym", "verb", "noun")),
            "chat": (_chat, ("verb", "verb", "noun")), "spec": (_spec, ("noun", "noun", "sym"))}


class DeskPhraser:
    """The held-out style: desk shorthand, bullet lists, chat messages and formal specs."""

    name = "desk"

    def describe(self, strategy: Call, rng: random.Random) -> str:
        layout = rng.choice(("tape", "bullets", "chat", "spec"))
        write, modes = _LAYOUTS[layout]
        interval = strategy.args.get("interval")
        member = interval.member if isinstance(interval, EnumValue) else "ONE_DAY"
        writer = _Desk(strategy, rng, mode=rng.choice(modes), chatty=layout == "chat",
                       unit=rng.choice(_UNITS.get(member, ("bar",))))
        return re.sub(r"\b([Aa]) (?=8|11\b|18\b|eight|eleven|upside)", r"\1n ",
                      write(writer))
