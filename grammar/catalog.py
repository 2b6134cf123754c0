"""The catalog: every class, enum and parameter of trading-strategy-tester 0.1.x that a
``Strategy(...)`` can contain, written down once.

Signatures, defaults and enum values follow the library's 0.1.7 release. Valid ranges are
ours where the library checks nothing (a length of zero crashes a backtest, it is not a
choice), and say so in :mod:`strategy_lsp.grammar` docs. Natural-language names feed the
docs, hover, search and the dataset generator.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property

from .spec import (
    CallDefault,
    ClassSpec,
    DateDefault,
    EnumDefault,
    EnumMemberSpec,
    EnumSpec,
    Kind,
    ParamSpec,
    Range,
    ValueType,
)

ROOT = "trading_strategy_tester"
SERIES_MODULE = f"{ROOT}.trading_series"
CONDITIONS_MODULE = f"{ROOT}.conditions"
DATETIME_MODULE = "datetime"

POSITIVE = Range(minimum=1)
LENGTH_RANGE = Range(minimum=1, maximum=5000)
OFFSET_RANGE = Range(minimum=-5000, maximum=5000)
PERCENT_0_100 = Range(minimum=0, maximum=100, min_inclusive=False)


# --- parameter builders -------------------------------------------------------------


def _ticker() -> ParamSpec:
    return ParamSpec(
        "ticker",
        ValueType.TICKER,
        required=True,
        positional=True,
        summary="Market symbol the series is computed on, e.g. 'AAPL'.",
        names=("ticker", "symbol", "stock"),
    )


def _int(name: str, default: int, summary: str, *names: str,
         rng: Range = LENGTH_RANGE) -> ParamSpec:
    return ParamSpec(name, ValueType.INT, default=default, range=rng, summary=summary,
                     names=names or (name.replace("_", " "),))


def _length(default: int, summary: str = "Number of bars in the look-back window.") -> ParamSpec:
    return _int("length", default, summary, "length", "period", "lookback", "window")


def _offset() -> ParamSpec:
    return _int("offset", 0, "Shift of the series in bars (positive moves it right).",
                "offset", "shift", rng=OFFSET_RANGE)


def _source(default: str = "CLOSE") -> ParamSpec:
    return ParamSpec(
        "source",
        ValueType.ENUM,
        default=EnumDefault("SourceType", default),
        enum="SourceType",
        summary="Price the indicator is computed from.",
        names=("source", "price", "input"),
    )


def _smoothing(name: str, default: str, summary: str, *names: str) -> ParamSpec:
    return ParamSpec(
        name,
        ValueType.ENUM,
        default=EnumDefault("SmoothingType", default),
        enum="SmoothingType",
        summary=summary,
        names=names or (name.replace("_", " "),),
    )


def _series(name: str, summary: str, names: Iterable[str], category: str,
            *params: ParamSpec) -> ClassSpec:
    return ClassSpec(
        name=name,
        kind=Kind.SERIES,
        params=(_ticker(), *params),
        module=SERIES_MODULE,
        summary=summary,
        names=tuple(names),
        category=category,
    )


# --- series ---------------------------------------------------------------------------

_BB = (
    _source(),
    _length(20),
    _smoothing("ma_type", "SMA", "Moving average used for the middle band.", "moving average type"),
    ParamSpec("std_dev", ValueType.NUMBER, default=2, range=Range(minimum=0, min_inclusive=False),
              summary="Band width in standard deviations.",
              names=("standard deviations", "std dev", "deviation multiplier")),
    _offset(),
)

_KC = (
    _source(),
    _length(20),
    _int("multiplier", 2, "Band width as a multiple of the ATR.", "multiplier", "ATR multiplier",
         rng=Range(minimum=1, maximum=100)),
    ParamSpec("use_exp_ma", ValueType.BOOL, default=True,
              summary="Use an exponential (True) or simple (False) moving average as the basis.",
              names=("exponential moving average", "use EMA")),
    _int("atr_length", 10, "Look-back of the average true range.", "ATR length", "ATR period"),
)

_KST = (
    _source(),
    _int("roc_length_1", 10, "Look-back of the first rate of change.", "first ROC length"),
    _int("roc_length_2", 15, "Look-back of the second rate of change.", "second ROC length"),
    _int("roc_length_3", 20, "Look-back of the third rate of change.", "third ROC length"),
    _int("roc_length_4", 30, "Look-back of the fourth rate of change.", "fourth ROC length"),
    _int("sma_length_1", 10, "Smoothing of the first rate of change.", "first SMA length"),
    _int("sma_length_2", 10, "Smoothing of the second rate of change.", "second SMA length"),
    _int("sma_length_3", 10, "Smoothing of the third rate of change.", "third SMA length"),
    _int("sma_length_4", 15, "Smoothing of the fourth rate of change.", "fourth SMA length"),
)

SERIES: tuple[ClassSpec, ...] = (
    _series("ADX", "Average Directional Index: strength of a trend, 0 to 100.",
            ("Average Directional Index", "ADX", "directional movement index strength"), "trend",
            _int("smoothing_length", 14, "Smoothing of the directional movement.",
                 "smoothing length", "ADX smoothing"),
            _length(14, "Look-back of the directional indicators.")),
    _series("AROON_UP", "Aroon Up: how recently the highest high of the window occurred, 0 to 100.",
            ("Aroon Up", "Aroon Indicator Up", "AROON UP"), "trend", _length(14)),
    _series("AROON_DOWN",
            "Aroon Down: how recently the lowest low of the window occurred, 0 to 100.",
            ("Aroon Down", "Aroon Indicator Down", "AROON DOWN"), "trend", _length(14)),
    _series("ATR", "Average True Range: average size of a bar's full range, including gaps.",
            ("Average True Range", "ATR", "true range"), "volatility",
            _length(14),
            _smoothing("smoothing_type", "RMA", "Moving average used to smooth the true range.",
                       "smoothing", "smoothing type")),
    _series("BB_LOWER", "Bollinger Bands lower band: moving average minus a multiple of the "
            "standard deviation.", ("Bollinger Bands Lower Band", "lower Bollinger band",
                                    "BB lower", "bottom Bollinger band"), "volatility", *_BB),
    _series("BB_MIDDLE", "Bollinger Bands middle band: the moving average the bands surround.",
            ("Bollinger Bands Middle Band", "middle Bollinger band", "BB middle",
             "Bollinger basis"), "volatility", *_BB),
    _series("BB_UPPER", "Bollinger Bands upper band: moving average plus a multiple of the "
            "standard deviation.", ("Bollinger Bands Upper Band", "upper Bollinger band",
                                    "BB upper", "top Bollinger band"), "volatility", *_BB),
    _series("BBP", "Bull and Bear Power: distance of the high and low from an EMA.",
            ("Bull and Bear Power", "BBP", "Elder Ray", "bull bear power"), "momentum",
            _length(13)),
    _series("HAMMER", "Hammer candlestick pattern: 1 on bars that form a hammer, else 0.",
            ("Hammer Candlestick Pattern", "hammer", "hammer candle"), "pattern"),
    _series("CCI", "Commodity Channel Index: distance of price from its average in units of mean "
            "deviation.", ("Commodity Channel Index", "CCI"), "momentum",
            _source("HLC3"), _length(20)),
    _series("CCI_SMOOTHENED", "Commodity Channel Index smoothed by a moving average.",
            ("Commodity Channel Index Smoothened", "smoothed CCI", "CCI smoothened"), "momentum",
            _source("HLC3"), _length(20),
            _smoothing("smoothing_type", "SMA", "Moving average used to smooth the CCI.",
                       "smoothing", "smoothing type"),
            _int("smoothing_length", 5, "Look-back of the smoothing average.",
                 "smoothing length")),
    _series("CHAIKIN_OSC", "Chaikin Oscillator: difference of a fast and a slow EMA of the "
            "accumulation/distribution line.", ("Chaikin Oscillator", "Chaikin osc",
                                                 "Chaikin"), "volume",
            _int("fast_length", 3, "Look-back of the fast EMA.", "fast length", "fast period"),
            _int("slow_length", 10, "Look-back of the slow EMA.", "slow length", "slow period")),
    _series("CHOP", "Choppiness Index: whether the market trends (low) or chops sideways (high), "
            "0 to 100.", ("Choppiness Index", "CHOP", "chop"), "volatility",
            _length(14), _offset()),
    _series("CMF", "Chaikin Money Flow: volume-weighted accumulation over a window, -1 to 1.",
            ("Chaikin Money Flow", "CMF", "money flow"), "volume", _length(20)),
    _series("CMO", "Chande Momentum Oscillator: net up moves over total moves, -100 to 100.",
            ("Chande Momentum Oscillator", "CMO", "Chande momentum"), "momentum",
            _source(), _length(9)),
    _series("COPPOCK", "Coppock Curve: weighted average of two rates of change, a long-term "
            "momentum signal.", ("Coppock Curve", "Coppock", "Coppock indicator"), "momentum",
            _length(10, "Look-back of the weighted moving average."),
            _int("long_roc_length", 14, "Look-back of the long rate of change.",
                 "long ROC length"),
            _int("short_roc_length", 11, "Look-back of the short rate of change.",
                 "short ROC length")),
    _series("DC_BASIS", "Donchian Channel basis: midpoint of the highest high and lowest low.",
            ("Donchian Channel Basis", "Donchian middle", "DC basis", "Donchian basis"),
            "volatility", _length(20), _offset()),
    _series("DC_LOWER", "Donchian Channel lower band: lowest low of the window.",
            ("Donchian Channel Lower", "lower Donchian channel", "DC lower", "Donchian low"),
            "volatility", _length(20), _offset()),
    _series("DC_UPPER", "Donchian Channel upper band: highest high of the window.",
            ("Donchian Channel Upper", "upper Donchian channel", "DC upper", "Donchian high"),
            "volatility", _length(20), _offset()),
    _series("CLOSE", "Closing price of each bar.", ("Close Price", "close", "closing price",
                                                   "price"), "price"),
    _series("OPEN", "Opening price of each bar.", ("Open Price", "open", "opening price"),
            "price"),
    _series("HIGH", "Highest price of each bar.", ("High Price", "high", "daily high"), "price"),
    _series("LOW", "Lowest price of each bar.", ("Low Price", "low", "daily low"), "price"),
    _series("VOLUME", "Traded volume of each bar.", ("Volume", "vol", "trading volume"),
            "price"),
    ClassSpec(
        name="CONST",
        kind=Kind.SERIES,
        params=(
            ParamSpec("const_number", ValueType.NUMBER, required=True, positional=True,
                      summary="The constant value, e.g. 30 for an RSI threshold.",
                      names=("value", "level", "threshold", "line")),
        ),
        module=SERIES_MODULE,
        summary="A constant line, used as the threshold of a condition.",
        names=("constant", "level", "threshold", "line"),
        category="constant",
    ),
    _series("DI_MINUS", "Negative Directional Indicator: strength of downward moves, 0 to 100.",
            ("Negative Directional Indicator", "DI-", "DI minus", "minus DI"), "trend",
            _length(14)),
    _series("DI_PLUS", "Positive Directional Indicator: strength of upward moves, 0 to 100.",
            ("Positive Directional Indicator", "DI+", "DI plus", "plus DI"), "trend",
            _length(14)),
    _series("DPO", "Detrended Price Oscillator: price minus a displaced moving average, shows "
            "cycles.", ("Detrended Price Oscillator", "DPO", "detrended price"), "trend",
            _length(14)),
    _series("EFI", "Elder Force Index: price change times volume, smoothed by an EMA.",
            ("Elder Force Index", "EFI", "force index"), "volume", _length(13)),
    _series("EOM", "Ease of Movement: how easily price moves relative to volume.",
            ("Ease of Movement", "EOM", "EMV", "ease of movement value"), "volume",
            _length(14),
            _int("divisor", 10000, "Scales volume so values are readable.", "divisor",
                 rng=Range(minimum=1))),
    _series("ICHIMOKU_BASE", "Ichimoku base line (Kijun-sen): midpoint of the high and low over "
            "the window.", ("Ichimoku Base Line", "Kijun-sen", "Kijun", "Ichimoku base"),
            "trend", _length(26)),
    _series("ICHIMOKU_CONVERSION", "Ichimoku conversion line (Tenkan-sen): midpoint of the high "
            "and low over a short window.", ("Ichimoku Conversion Line", "Tenkan-sen", "Tenkan",
                                             "Ichimoku conversion"), "trend", _length(9)),
    _series("ICHIMOKU_LAGGING_SPAN", "Ichimoku lagging span (Chikou Span): the close shifted "
            "back.", ("Ichimoku Lagging Span", "Chikou Span", "Chikou", "lagging span"), "trend",
            _int("displacement", 26, "Bars the close is shifted back.", "displacement", "shift")),
    _series("ICHIMOKU_LEADING_SPAN_A", "Ichimoku leading span A (Senkou Span A): midpoint of "
            "the base and conversion lines, shifted forward.",
            ("Ichimoku Leading Span A", "Senkou Span A", "leading span A", "cloud span A"),
            "trend",
            _int("displacement", 26, "Bars the span is shifted forward.", "displacement",
                 "shift")),
    _series("ICHIMOKU_LEADING_SPAN_B", "Ichimoku leading span B (Senkou Span B): midpoint of a "
            "long window's high and low, shifted forward.",
            ("Ichimoku Leading Span B", "Senkou Span B", "leading span B", "cloud span B"),
            "trend", _length(52),
            _int("displacement", 26, "Bars the span is shifted forward.", "displacement",
                 "shift")),
    _series("KC_LOWER", "Keltner Channel lower band: moving average minus a multiple of the ATR.",
            ("Keltner Channel Lower", "lower Keltner channel", "KC lower", "Keltner low"),
            "volatility", *_KC),
    _series("KC_UPPER", "Keltner Channel upper band: moving average plus a multiple of the ATR.",
            ("Keltner Channel Upper", "upper Keltner channel", "KC upper", "Keltner high"),
            "volatility", *_KC),
    _series("KST", "Know Sure Thing: weighted sum of four smoothed rates of change.",
            ("Know Sure Thing", "KST", "KST oscillator"), "momentum", *_KST),
    _series("KST_SIGNAL", "Know Sure Thing signal line: a moving average of the KST.",
            ("Know Sure Thing Signal", "KST signal", "KST signal line"), "momentum", *_KST,
            _int("signal_length", 9, "Look-back of the signal average.", "signal length")),
    _series("EMA", "Exponential Moving Average: an average that weights recent bars more.",
            ("Exponential Moving Average", "EMA", "exponential average"), "overlap",
            _source(), _length(9), _offset()),
    _series("SMA", "Simple Moving Average: the plain mean of the last bars.",
            ("Simple Moving Average", "SMA", "moving average", "MA", "simple average"),
            "overlap", _source(), _length(9), _offset()),
    _series("MACD", "Moving Average Convergence Divergence: fast average minus slow average.",
            ("Moving Average Convergence Divergence", "MACD", "MACD line"), "momentum",
            _source(),
            _int("fast_length", 12, "Look-back of the fast average.", "fast length",
                 "fast period"),
            _int("slow_length", 26, "Look-back of the slow average.", "slow length",
                 "slow period"),
            _smoothing("ma_type", "EMA", "Moving average used for both lines.",
                       "moving average type")),
    _series("MACD_SIGNAL", "MACD signal line: a moving average of the MACD line.",
            ("Moving Average Convergence Divergence Signal", "MACD signal", "MACD signal line",
             "signal line"), "momentum",
            _source(),
            _int("fast_length", 12, "Look-back of the fast average.", "fast length",
                 "fast period"),
            _int("slow_length", 26, "Look-back of the slow average.", "slow length",
                 "slow period"),
            _smoothing("oscillator_ma_type", "EMA", "Moving average used for the MACD line.",
                       "oscillator moving average type"),
            _smoothing("signal_ma_type", "EMA", "Moving average used for the signal line.",
                       "signal moving average type"),
            _int("signal_length", 9, "Look-back of the signal average.", "signal length")),
    _series("MASS_INDEX", "Mass Index: widening of the high-low range, warns of reversals.",
            ("Mass Index", "mass", "MI"), "trend", _length(10)),
    _series("MFI", "Money Flow Index: a volume-weighted RSI, 0 to 100.",
            ("Money Flow Index", "MFI", "volume-weighted RSI"), "volume", _length(14)),
    _series("MOMENTUM", "Momentum: price now minus price a number of bars ago.",
            ("Momentum Indicator", "momentum", "MOM"), "momentum", _source(), _length(10)),
    _series("OBV", "On Balance Volume: running total of volume signed by the day's direction.",
            ("On Balance Volume", "OBV", "on-balance volume"), "volume"),
    _series("PVI", "Positive Volume Index: tracks price changes on days volume rises.",
            ("Positive Volume Index", "PVI"), "volume"),
    _series("PVT", "Price Volume Trend: running total of volume times percent price change.",
            ("Price Volume Trend", "PVT", "price-volume trend"), "volume"),
    _series("ROC", "Rate of Change: percent change of price over a number of bars.",
            ("Rate of Change", "ROC", "rate of change"), "momentum", _source(), _length(9)),
    _series("RSI", "Relative Strength Index: speed of recent gains against losses, 0 to 100.",
            ("Relative Strength Index", "RSI", "relative strength"), "momentum",
            _source(), _length(14)),
    _series("STOCH_PERCENT_D", "Stochastic %D: a moving average of %K, the slow stochastic "
            "line.", ("Stochastic Percent D", "Stochastic %D", "stochastic D", "slow stochastic"),
            "momentum", _length(14),
            _int("smoothing_length", 3, "Look-back of the average of %K.", "smoothing length")),
    _series("STOCH_PERCENT_K", "Stochastic %K: where the close sits in the window's range, "
            "0 to 100.", ("Stochastic Percent K", "Stochastic %K", "stochastic K",
                          "fast stochastic", "stochastic oscillator"), "momentum", _length(14)),
    _series("TRIX", "TRIX: rate of change of a triple-smoothed EMA.",
            ("Triple Exponential Average", "TRIX", "triple EMA oscillator"), "momentum",
            _length(18)),
    _series("UO", "Ultimate Oscillator: weighted buying pressure over three windows, 0 to 100.",
            ("Ultimate Oscillator", "UO", "ultimate"), "momentum",
            _int("fast_length", 7, "Shortest look-back.", "fast length", "short period"),
            _int("middle_length", 14, "Middle look-back.", "middle length", "medium period"),
            _int("slow_length", 28, "Longest look-back.", "slow length", "long period")),
    _series("WILLR", "Williams %R: where the close sits in the window's range, -100 to 0.",
            ("Williams %R", "WILLR", "Williams percent range", "Williams R"), "momentum",
            _source(), _length(14)),
)


# --- conditions -----------------------------------------------------------------------


def _condition(name: str, summary: str, names: Iterable[str], category: str,
               *params: ParamSpec) -> ClassSpec:
    return ClassSpec(name=name, kind=Kind.CONDITION, params=tuple(params),
                     module=CONDITIONS_MODULE, summary=summary, names=tuple(names),
                     category=category)


def _series_param(name: str, summary: str, *names: str) -> ParamSpec:
    return ParamSpec(name, ValueType.SERIES, required=True, summary=summary,
                     names=names or (name.replace("_", " "),))


def _days(summary: str) -> ParamSpec:
    return ParamSpec("number_of_days", ValueType.INT, required=True, range=Range(minimum=1),
                     summary=summary, names=("days", "number of days", "bars"))


def _percent(summary: str) -> ParamSpec:
    return ParamSpec("percent", ValueType.NUMBER, required=True,
                     range=Range(minimum=-100, maximum=None, min_inclusive=False),
                     summary=summary, names=("percent", "percentage", "%"))


_TWO_SERIES = (
    _series_param("first_series", "The series that moves.", "first series"),
    _series_param("second_series", "The series or constant it is compared with.",
                  "second series", "threshold"),
)

_FIB = (
    ParamSpec("fib_level", ValueType.ENUM, required=True, enum="FibonacciLevels",
              summary="Retracement level the price must reach.",
              names=("Fibonacci level", "retracement level", "fib level")),
    _int("length", 14, "Bars over which the swing high and low are found.", "length",
         "lookback", "period"),
)

CONDITIONS: tuple[ClassSpec, ...] = (
    _condition("CrossOverCondition", "True on the bar where the first series crosses above the "
               "second.", ("crosses over", "crosses above", "cross over", "breaks above"),
               "threshold", *_TWO_SERIES),
    _condition("CrossUnderCondition", "True on the bar where the first series crosses below "
               "the second.", ("crosses under", "crosses below", "cross under", "breaks below"),
               "threshold", *_TWO_SERIES),
    _condition("GreaterThanCondition", "True while the first series is above the second.",
               ("greater than", "above", "higher than", "exceeds"), "threshold", *_TWO_SERIES),
    _condition("LessThanCondition", "True while the first series is below the second.",
               ("less than", "below", "lower than", "under"), "threshold", *_TWO_SERIES),
    _condition("UptrendForXDaysCondition", "True when the series has risen on each of the last "
               "days.", ("uptrend for days", "rising for days", "goes up for days"), "trend",
               _series_param("series", "The series that must rise."),
               _days("How many consecutive days it must rise.")),
    _condition("DowntrendForXDaysCondition", "True when the series has fallen on each of the "
               "last days.", ("downtrend for days", "falling for days", "goes down for days"),
               "trend",
               _series_param("series", "The series that must fall."),
               _days("How many consecutive days it must fall.")),
    _condition("ChangeOfXPercentPerYDaysCondition", "True when the series changed by at least "
               "the percent over the number of days (a negative percent means a drop).",
               ("changes by percent over days", "percent change in days",
                "rises by percent within days"), "parameterized",
               _series_param("series", "The series whose change is measured."),
               _percent("Change to reach, in percent; negative for a drop."),
               _days("Window over which the change is measured.")),
    _condition("IntraIntervalChangeOfXPercentCondition", "True when the series changes by at "
               "least the percent from one bar to the next.",
               ("intraday change of percent", "changes by percent within a bar",
                "intra-interval change"), "parameterized",
               _series_param("series", "The series whose change is measured."),
               _percent("Change to reach within the bar, in percent.")),
    _condition("AfterXDaysCondition", "True a number of days after the inner condition was "
               "true.", ("after days", "days after", "delayed by days"), "parameterized",
               ParamSpec("condition", ValueType.CONDITION, required=True,
                         summary="The condition whose signal is delayed.",
                         names=("condition",)),
               _days("Delay in days.")),
    _condition("UptrendFibRetracementLevelCondition", "True when price in an uptrend retraces "
               "to the Fibonacci level.", ("uptrend Fibonacci retracement",
                                           "Fibonacci retracement in an uptrend",
                                           "fib retracement up"), "fibonacci", *_FIB),
    _condition("DowntrendFibRetracementLevelCondition", "True when price in a downtrend "
               "retraces to the Fibonacci level.", ("downtrend Fibonacci retracement",
                                                    "Fibonacci retracement in a downtrend",
                                                    "fib retracement down"), "fibonacci",
               *_FIB),
    _condition("AND", "True when every inner condition is true.", ("and", "all of", "both"),
               "logical",
               ParamSpec("conditions", ValueType.CONDITION, required=True, variadic=True,
                         positional=True, summary="Two or more conditions that must all hold.",
                         names=("conditions",))),
    _condition("OR", "True when any inner condition is true.", ("or", "any of", "either"),
               "logical",
               ParamSpec("conditions", ValueType.CONDITION, required=True, variadic=True,
                         positional=True, summary="Two or more conditions; one must hold.",
                         names=("conditions",))),
)


# --- trade management, sizing, commissions, dates -------------------------------------

_PCT_NAMES = ("percentage", "percent", "%")

OTHER_CLASSES: tuple[ClassSpec, ...] = (
    ClassSpec("StopLoss", Kind.STOP_LOSS, (
        ParamSpec("percentage", ValueType.NUMBER, required=True, range=PERCENT_0_100,
                  summary="Loss from the entry price, in percent, that closes the position.",
                  names=_PCT_NAMES),
        ParamSpec("stop_loss_type", ValueType.ENUM, default=EnumDefault("StopLossType", "NORMAL"),
                  enum="StopLossType", summary="A fixed stop (NORMAL) or one that follows the "
                  "price (TRAILING).", names=("type", "stop type")),
    ), ROOT, "Closes a position when its loss reaches a percentage.",
        ("stop loss", "stop-loss", "stop", "SL"), "trade"),
    ClassSpec("TakeProfit", Kind.TAKE_PROFIT, (
        ParamSpec("percentage", ValueType.NUMBER, required=True,
                  range=Range(minimum=0, min_inclusive=False),
                  summary="Gain from the entry price, in percent, that closes the position.",
                  names=_PCT_NAMES),
    ), ROOT, "Closes a position when its gain reaches a percentage.",
        ("take profit", "take-profit", "profit target", "TP"), "trade"),
    ClassSpec("Contracts", Kind.ORDER_SIZE, (
        ParamSpec("value", ValueType.NUMBER, required=True, positional=True,
                  range=Range(minimum=0, min_inclusive=False),
                  summary="Number of contracts (shares) bought per trade.",
                  names=("contracts", "shares", "units")),
    ), ROOT, "Order size as a number of contracts (shares).",
        ("contracts", "shares", "units"), "order size"),
    ClassSpec("USD", Kind.ORDER_SIZE, (
        ParamSpec("value", ValueType.NUMBER, required=True, positional=True,
                  range=Range(minimum=0, min_inclusive=False),
                  summary="Dollar amount invested per trade.",
                  names=("dollars", "USD", "$")),
    ), ROOT, "Order size as a dollar amount per trade.", ("USD", "dollars", "$"), "order size"),
    ClassSpec("PercentOfEquity", Kind.ORDER_SIZE, (
        ParamSpec("value", ValueType.NUMBER, required=True, positional=True,
                  range=PERCENT_0_100,
                  summary="Percent of current equity invested per trade.",
                  names=("percent of equity", "% of capital")),
    ), ROOT, "Order size as a percentage of current equity.",
        ("percent of equity", "percentage of capital", "% of equity"), "order size"),
    ClassSpec("MoneyCommissions", Kind.COMMISSIONS, (
        ParamSpec("value", ValueType.NUMBER, required=True, positional=True,
                  range=Range(minimum=0),
                  summary="Fee in dollars per contract traded (value × contracts).",
                  names=("fee", "dollars per trade")),
    ), ROOT, "A fixed fee in money per contract traded.",
        ("fixed commission", "flat fee", "$ per trade"),
        "commissions"),
    ClassSpec("PercentageCommissions", Kind.COMMISSIONS, (
        ParamSpec("value", ValueType.NUMBER, required=True, positional=True,
                  range=Range(minimum=0, maximum=100),
                  summary="Fee as a percent of each trade's value.",
                  names=("percent fee", "commission rate")),
    ), ROOT, "A fee as a percentage of each trade's value.",
        ("percentage commission", "percent fee", "commission rate"), "commissions"),
    ClassSpec("datetime", Kind.DATE, (
        ParamSpec("year", ValueType.INT, required=True, positional=True,
                  range=Range(minimum=1900, maximum=2100), summary="Year, four digits."),
        ParamSpec("month", ValueType.INT, required=True, positional=True,
                  range=Range(minimum=1, maximum=12), summary="Month, 1 to 12."),
        ParamSpec("day", ValueType.INT, required=True, positional=True,
                  range=Range(minimum=1, maximum=31), summary="Day of the month."),
    ), DATETIME_MODULE, "A calendar date, written datetime(year, month, day).",
        ("date",), "date"),
)


STRATEGY = ClassSpec(
    "Strategy", Kind.STRATEGY, (
        ParamSpec("ticker", ValueType.TICKER, required=True,
                  summary="Market symbol the strategy trades, e.g. 'AAPL'.",
                  names=("ticker", "symbol", "stock")),
        ParamSpec("position_type", ValueType.ENUM, required=True, enum="PositionTypeEnum",
                  summary="Trade long, short, or both.", names=("position", "direction")),
        ParamSpec("buy_condition", ValueType.CONDITION, required=True,
                  summary="When to buy: opens a long, or covers a short.",
                  names=("buy", "entry", "enter")),
        ParamSpec("sell_condition", ValueType.CONDITION, required=True,
                  summary="When to sell: closes a long, or opens a short.", names=("sell", "exit")),
        ParamSpec("stop_loss", ValueType.STOP_LOSS, default=None,
                  summary="Optional stop loss.", names=("stop loss", "stop")),
        ParamSpec("take_profit", ValueType.TAKE_PROFIT, default=None,
                  summary="Optional take profit.", names=("take profit", "profit target")),
        ParamSpec("start_date", ValueType.DATE, default=DateDefault(2024, 1, 1),
                  summary="First day of the backtest.", names=("start", "from", "since")),
        ParamSpec("end_date", ValueType.DATE, default=DateDefault(today=True),
                  summary="Last day of the backtest (today by default).",
                  names=("end", "until", "to")),
        ParamSpec("interval", ValueType.ENUM, default=EnumDefault("Interval", "ONE_DAY"),
                  enum="Interval", summary="Length of one bar.",
                  names=("interval", "timeframe", "bars")),
        ParamSpec("period", ValueType.ENUM, default=EnumDefault("Period", "NOT_PASSED"),
                  enum="Period", summary="How much history to test, instead of dates.",
                  names=("period", "history", "lookback")),
        ParamSpec("initial_capital", ValueType.NUMBER, default=1_000_000,
                  range=Range(minimum=0, min_inclusive=False),
                  summary="Money the backtest starts with.",
                  names=("initial capital", "capital", "starting balance")),
        ParamSpec("order_size", ValueType.ORDER_SIZE,
                  default=CallDefault("Contracts", (("value", 1),)),
                  summary="How much each trade buys.", names=("order size", "position size")),
        ParamSpec("trade_commissions", ValueType.COMMISSIONS,
                  default=CallDefault("MoneyCommissions", (("value", 0),)),
                  summary="Fees paid on each trade.", names=("commissions", "fees")),
    ), ROOT, "A trading strategy to backtest: what to trade, when to enter and exit, and how.",
    ("strategy",), "strategy",
)


# --- enums ----------------------------------------------------------------------------


def _enum(name: str, summary: str, names: Iterable[str],
          *members: tuple[str, str, str, tuple[str, ...]]) -> EnumSpec:
    return EnumSpec(name, tuple(EnumMemberSpec(n, v, s, a) for n, v, s, a in members), ROOT,
                    summary, tuple(names))


ENUMS: tuple[EnumSpec, ...] = (
    _enum("SourceType", "Which price of each bar an indicator reads.", ("source", "price source"),
          ("CLOSE", "Close", "Closing price.", ("close", "closing price")),
          ("OPEN", "Open", "Opening price.", ("open", "opening price")),
          ("HIGH", "High", "Highest price.", ("high",)),
          ("LOW", "Low", "Lowest price.", ("low",)),
          ("HLC3", "HLC3", "(high + low + close) / 3, the typical price.",
           ("typical price", "hlc3")),
          ("HL2", "HL2", "(high + low) / 2, the median price.", ("median price", "hl2")),
          ("OHLC4", "OHLC4", "(open + high + low + close) / 4.", ("ohlc4", "average price")),
          ("HLCC4", "HLCC4", "(high + low + 2 × close) / 4, the weighted close.",
           ("weighted close", "hlcc4")),
          ("VOLUME", "Volume", "Traded volume.", ("volume",))),
    _enum("SmoothingType", "Kind of moving average used to smooth a series.",
          ("smoothing", "moving average type"),
          ("RMA", "RMA", "Wilder's running moving average.", ("Wilder", "running average", "rma")),
          ("SMA", "SMA", "Simple moving average.", ("simple", "sma")),
          ("EMA", "EMA", "Exponential moving average.", ("exponential", "ema")),
          ("WMA", "WMA", "Linearly weighted moving average.", ("weighted", "wma"))),
    _enum("FibonacciLevels", "Fibonacci retracement levels, in percent of the swing.",
          ("Fibonacci level", "retracement level"),
          ("LEVEL_0", "0", "0% retracement: the swing extreme.", ("0%",)),
          ("LEVEL_23_6", "23.6", "23.6% retracement.", ("23.6%",)),
          ("LEVEL_38_2", "38.2", "38.2% retracement.", ("38.2%",)),
          ("LEVEL_50", "50", "50% retracement.", ("50%", "half")),
          ("LEVEL_61_8", "61.8", "61.8% retracement, the golden ratio.", ("61.8%", "golden")),
          ("LEVEL_100", "100", "100% retracement: the swing start.", ("100%",))),
    _enum("Interval", "Length of one bar of price data.", ("interval", "timeframe"),
          ("ONE_DAY", "1d", "Daily bars.", ("daily", "1 day", "1d")),
          ("FIVE_DAYS", "5d", "Five-day bars.", ("5 days", "5d")),
          ("ONE_WEEK", "1wk", "Weekly bars.", ("weekly", "1 week", "1wk")),
          ("ONE_MONTH", "1mo", "Monthly bars.", ("monthly", "1 month", "1mo")),
          ("THREE_MONTHS", "3mo", "Quarterly bars.", ("quarterly", "3 months", "3mo"))),
    _enum("Period", "How much history to download, counted back from today.",
          ("period", "history"),
          ("ONE_DAY", "1d", "The last day.", ("1 day",)),
          ("FIVE_DAYS", "5d", "The last five days.", ("5 days",)),
          ("ONE_MONTH", "1mo", "The last month.", ("1 month",)),
          ("THREE_MONTHS", "3mo", "The last three months.", ("3 months", "a quarter")),
          ("SIX_MONTHS", "6mo", "The last six months.", ("6 months", "half a year")),
          ("ONE_YEAR", "1y", "The last year.", ("1 year", "a year")),
          ("TWO_YEARS", "2y", "The last two years.", ("2 years",)),
          ("FIVE_YEARS", "5y", "The last five years.", ("5 years",)),
          ("TEN_YEARS", "10y", "The last ten years.", ("10 years", "a decade")),
          ("YEAR_TO_DATE", "ytd", "From January 1st of this year.", ("year to date", "ytd")),
          ("MAX", "max", "All available history.", ("max", "all history")),
          ("NOT_PASSED", "not_passed", "No period: start_date and end_date are used.",
           ("none",))),
    _enum("PositionTypeEnum", "Which side of the market the strategy trades.",
          ("position type", "direction"),
          ("LONG", "LONG", "Buy, then sell: profits when price rises.", ("long", "buy")),
          ("SHORT", "SHORT", "Sell, then buy back: profits when price falls.", ("short",)),
          ("LONG_SHORT_COMBINED", "LONG_SHORT_COMBINED",
           "Long on buy signals and short on sell signals.",
           ("long and short", "both directions"))),
    _enum("StopLossType", "How a stop loss follows the price.", ("stop loss type",),
          ("NORMAL", "normal", "Fixed at a percentage below the entry price.",
           ("normal", "fixed")),
          ("TRAILING", "trailing", "Follows the best price since entry.",
           ("trailing",))),
)


class Catalog:
    """Lookup over the catalog: classes by name and kind, enums by name."""

    def __init__(self, classes: Iterable[ClassSpec], enums: Iterable[EnumSpec]) -> None:
        self._classes = {c.name: c for c in classes}
        self._enums = {e.name: e for e in enums}

    @property
    def classes(self) -> tuple[ClassSpec, ...]:
        return tuple(self._classes.values())

    @property
    def enums(self) -> tuple[EnumSpec, ...]:
        return tuple(self._enums.values())

    @property
    def strategy(self) -> ClassSpec:
        return self._classes["Strategy"]

    def get(self, name: str) -> ClassSpec | None:
        return self._classes.get(name)

    def enum(self, name: str) -> EnumSpec | None:
        return self._enums.get(name)

    def of_kind(self, kind: Kind) -> tuple[ClassSpec, ...]:
        return tuple(c for c in self._classes.values() if c.kind is kind)

    @cached_property
    def names(self) -> frozenset[str]:
        """Every name that may appear as a callee or an enum prefix in strategy code."""
        return frozenset(self._classes) | frozenset(self._enums)


CATALOG = Catalog((*SERIES, *CONDITIONS, *OTHER_CLASSES, STRATEGY), ENUMS)
