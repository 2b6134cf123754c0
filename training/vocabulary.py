"""Words for catalog things: the catalog's natural-language names plus our own.

The catalog (``ClassSpec.names``, ``ParamSpec.names``, ``EnumMemberSpec.names``) is the
source; this module adds the spellings people also write (lower case, plurals, slang) and
drops the few catalog names that would name two things at once in free text ("money flow"
is both CMF and MFI). Every name here is a phrase a reader maps to exactly one catalog
value, which is what lets the dataset say a value without writing its code.
"""

from __future__ import annotations

from functools import cache

from strategy_lsp.grammar import CATALOG, ClassSpec, EnumSpec

#: Catalog names that are ambiguous, or read oddly, on their own in a sentence.
_UNUSABLE: dict[str, tuple[str, ...]] = {
    "ADX": ("directional movement index strength",),
    "ATR": ("true range",),
    "CHAIKIN_OSC": ("Chaikin",),  # also Chaikin Money Flow
    "CMF": ("money flow",),  # also the Money Flow Index
    "MACD_SIGNAL": ("signal line",),  # also the KST signal; used only next to the MACD
    "MASS_INDEX": ("mass",),
    "UO": ("ultimate",),
    "HIGH": ("daily high",),  # says "daily" even on weekly bars
    "LOW": ("daily low",),
    "CONST": ("constant", "level", "threshold", "line"),  # a level is phrased by its value
}

#: Spellings people use that the catalog does not list.
_EXTRA_SERIES: dict[str, tuple[str, ...]] = {
    "ADX": ("adx", "ADX trend strength"),
    "AROON_UP": ("Aroon-Up", "aroon up"),
    "AROON_DOWN": ("Aroon-Down", "aroon down"),
    "ATR": ("atr",),
    "BB_LOWER": ("lower band", "lower BB", "lower Bollinger Band"),
    "BB_MIDDLE": ("middle band", "Bollinger midline", "BB mid"),
    "BB_UPPER": ("upper band", "upper BB", "upper Bollinger Band"),
    "BBP": ("Elder bull/bear power",),
    "CCI": ("cci", "commodity channel index"),
    "CCI_SMOOTHENED": ("smoothed commodity channel index",),
    "CHAIKIN_OSC": ("Chaikin oscillator",),
    "CHOP": ("choppiness", "choppiness index"),
    "CMF": ("cmf", "Chaikin money flow"),
    "CMO": ("cmo", "Chande oscillator"),
    "COPPOCK": ("Coppock curve",),
    "DC_BASIS": ("Donchian midline", "Donchian centre line"),
    "DC_LOWER": ("Donchian lower band", "lower Donchian band"),
    "DC_UPPER": ("Donchian upper band", "upper Donchian band"),
    "CLOSE": ("the close", "close price", "closing prices"),
    "OPEN": ("the open", "open price"),
    "HIGH": ("the high", "high price", "bar high"),
    "LOW": ("the low", "low price", "bar low"),
    "VOLUME": ("volume", "traded volume"),
    "DI_MINUS": ("-DI", "negative DI"),
    "DI_PLUS": ("+DI", "positive DI"),
    "DPO": ("dpo", "detrended price oscillator"),
    "EFI": ("Elder's force index", "efi"),
    "EOM": ("ease-of-movement",),
    "ICHIMOKU_BASE": ("base line", "kijun sen"),
    "ICHIMOKU_CONVERSION": ("conversion line", "tenkan sen"),
    "ICHIMOKU_LAGGING_SPAN": ("chikou span",),
    "ICHIMOKU_LEADING_SPAN_A": ("senkou A", "span A"),
    "ICHIMOKU_LEADING_SPAN_B": ("senkou B", "span B"),
    "KC_LOWER": ("lower Keltner band", "Keltner lower band"),
    "KC_UPPER": ("upper Keltner band", "Keltner upper band"),
    "KST": ("know sure thing",),
    "KST_SIGNAL": ("KST signal-line",),
    "EMA": ("ema", "exp. moving average", "exponential MA"),
    "SMA": ("sma", "simple MA", "simple moving avg"),
    "MACD": ("macd", "MACD main line"),
    "MACD_SIGNAL": ("MACD signal-line", "macd signal"),
    "MASS_INDEX": ("mass index",),
    "MFI": ("mfi", "money flow index"),
    "MOMENTUM": ("momentum indicator", "MOM indicator"),
    "OBV": ("obv", "on balance volume"),
    "PVI": ("positive volume index",),
    "PVT": ("price volume trend",),
    "ROC": ("roc", "rate-of-change"),
    "RSI": ("rsi", "RSI indicator", "relative strength index"),
    "STOCH_PERCENT_D": ("%D", "stoch %D", "stochastic %D line"),
    "STOCH_PERCENT_K": ("%K", "stoch %K", "stochastic %K line"),
    "TRIX": ("trix", "Trix"),
    "UO": ("ultimate oscillator",),
    "WILLR": ("Williams %R", "Williams' %R", "%R", "williams r"),
}

#: Enum members: what people write besides the catalog's names.
_EXTRA_MEMBERS: dict[tuple[str, str], tuple[str, ...]] = {
    ("SourceType", "CLOSE"): ("closes", "closing prices"),
    ("SourceType", "OPEN"): ("opens", "opening prices"),
    ("SourceType", "HIGH"): ("highs", "high prices"),
    ("SourceType", "LOW"): ("lows", "low prices"),
    ("SourceType", "HLC3"): ("HLC/3", "typical price (HLC3)"),
    ("SourceType", "HL2"): ("HL/2", "midpoint price"),
    ("SourceType", "OHLC4"): ("OHLC/4",),
    ("SourceType", "HLCC4"): ("HLCC/4",),
    ("SourceType", "VOLUME"): ("traded volume",),
    ("SmoothingType", "RMA"): ("Wilder's", "RMA"),
    ("SmoothingType", "SMA"): ("SMA", "simple moving average"),
    ("SmoothingType", "EMA"): ("EMA", "exponential moving average"),
    ("SmoothingType", "WMA"): ("WMA", "weighted moving average"),
    ("StopLossType", "NORMAL"): ("fixed", "static", "hard", "regular"),
    ("StopLossType", "TRAILING"): ("trailing",),
    ("FibonacciLevels", "LEVEL_0"): ("0%",),
    ("FibonacciLevels", "LEVEL_23_6"): ("23.6%",),
    ("FibonacciLevels", "LEVEL_38_2"): ("38.2%",),
    ("FibonacciLevels", "LEVEL_50"): ("50%",),
    ("FibonacciLevels", "LEVEL_61_8"): ("61.8%", "golden ratio"),
    ("FibonacciLevels", "LEVEL_100"): ("100%",),
}

#: Names that need their own frame and never stand alone as a member name in a sentence.
_UNUSABLE_MEMBERS: dict[tuple[str, str], tuple[str, ...]] = {
    ("SourceType", "HIGH"): ("high",),
    ("SourceType", "LOW"): ("low",),
    ("SourceType", "OPEN"): ("open",),
    ("SourceType", "CLOSE"): ("close",),
    ("SmoothingType", "RMA"): ("rma", "running average"),
    ("SmoothingType", "SMA"): ("sma", "simple"),
    ("SmoothingType", "EMA"): ("ema", "exponential"),
    ("SmoothingType", "WMA"): ("wma", "weighted"),
    ("StopLossType", "NORMAL"): ("normal",),
    ("FibonacciLevels", "LEVEL_50"): ("half",),
    ("FibonacciLevels", "LEVEL_61_8"): ("golden",),
}


def _unique(names: tuple[str, ...]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for name in names:
        seen.setdefault(name, None)
    return tuple(seen)


def _spec(name: str) -> ClassSpec:
    spec = CATALOG.get(name)
    if spec is None:
        raise KeyError(f"{name} is not a catalog class")
    return spec


def _enum(name: str) -> EnumSpec:
    spec = CATALOG.enum(name)
    if spec is None:
        raise KeyError(f"{name} is not a catalog enum")
    return spec


@cache
def series_names(name: str) -> tuple[str, ...]:
    """Names a reader maps to the series class ``name`` alone, formal ones first.

    >>> series_names("RSI")[:2]
    ('Relative Strength Index', 'RSI')
    """
    spec = _spec(name)
    dropped = _UNUSABLE.get(name, ())
    return _unique(tuple(n for n in spec.names if n not in dropped) + _EXTRA_SERIES.get(name, ()))


@cache
def member_names(enum: str, member: str) -> tuple[str, ...]:
    """Names of an enum member that can stand alone in a sentence."""
    spec = _enum(enum).member(member)
    if spec is None:
        raise KeyError(f"{enum} has no member {member}")
    dropped = _UNUSABLE_MEMBERS.get((enum, member), ())
    names = tuple(n for n in spec.names if n not in dropped)
    return _unique(names + _EXTRA_MEMBERS.get((enum, member), ()))


@cache
def param_names(owner: str, param: str) -> tuple[str, ...]:
    """Words for a parameter of a catalog class (``length`` -> length, period, lookback ...)."""
    spec = _spec(owner).param(param)
    if spec is None:
        raise KeyError(f"{owner} has no parameter {param}")
    names = spec.names or (param.replace("_", " "),)
    # "long period" and "short period" would blur which side the strategy trades
    clear = tuple(n for n in names if not {"long", "short"} & set(n.lower().split()))
    return clear or names


def _present_tense(name: str) -> str | None:
    """A condition's catalog name as a verb phrase after a subject, if it can be one."""
    first = name.split()[0]
    if first.endswith(("es", "ks", "ds")) and first not in ("days",):
        return name  # "crosses above", "breaks below", "exceeds"
    if first in ("above", "below", "under", "greater", "less", "higher", "lower"):
        return f"is {name}"
    return None


_EXTRA_VERBS: dict[str, tuple[str, ...]] = {
    "CrossOverCondition": ("moves above", "climbs above", "crosses up through", "rises above",
                           "cuts above", "pushes above", "crosses back above"),
    "CrossUnderCondition": ("drops below", "falls below", "dips below", "crosses down through",
                            "slips under", "cuts below", "crosses back below"),
    "GreaterThanCondition": ("is over", "stays above", "sits above", "is trading above",
                             "reads above", "holds above"),
    "LessThanCondition": ("is lower than", "stays below", "sits below", "is trading below",
                          "reads below", "holds below"),
}


@cache
def comparison_verbs(condition: str) -> tuple[str, ...]:
    """Verb phrases for a two-series condition: ``'crosses above'``, ``'is below'`` ..."""
    spec = _spec(condition)
    from_catalog = tuple(v for v in (_present_tense(n) for n in spec.names) if v is not None)
    return _unique(from_catalog + _EXTRA_VERBS.get(condition, ()))


#: Every series name of the catalog with the class it names, longest first (for masking).
@cache
def all_series_names() -> tuple[tuple[str, str], ...]:
    from strategy_lsp.grammar import Kind

    pairs = [(n, c.name) for c in CATALOG.of_kind(Kind.SERIES) for n in series_names(c.name)]
    return tuple(sorted(pairs, key=lambda p: (-len(p[0]), p[0])))
