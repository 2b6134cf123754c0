"""How the shipped model reads a description: words, plus the values it copies as slots.

A small model learns far faster when it never has to spell a value. Before the model sees a
description, :func:`read_description` finds its dates, numbers (digits, "2.5k", "$1.5M",
"thirty-four") and ticker symbols and puts a *slot* in their place: ``<d1>`` for the first
date, ``<n1>`` for the first number, ``<t1>`` for the first ticker. The same value always gets
the same slot. The model answers with code in which a slot stands for the value it holds, and
the runtime writes the value back (``'<t1>'`` becomes ``'AAPL'``), under the grammar mask.

A small whole number is also shown by value (``<n1> #2 years``): the model needs to know that
"2 years" is ``Period.TWO_YEARS``, where "RSI 14" only needs the 14 copied.

>>> reading = read_description("Buy AAPL when RSI(14) drops below thirty", known_upper=["RSI"])
>>> reading.words
['buy', '<t1>', 'when', 'rsi', '(', '<n1>', '#14', ')', 'drops', 'below', '<n2>', '#30']
>>> [(s.name, s.text) for s in reading.slots]
[('<t1>', 'AAPL'), ('<n1>', '14'), ('<n2>', '30')]
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

#: Slots of each kind the model has (more values than this are read as plain words).
SLOT_COUNTS = {"t": 3, "n": 16, "d": 4}
#: Whole numbers up to this are also shown by value.
SMALL = 100

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS |= {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}
_MONTHS["sept"] = 9
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d\b|'\d\d\b)"
_SEP = r"(?:\s*[-/.,]\s*|\s+)"
_DATES = [re.compile(p, re.IGNORECASE) for p in (
    r"\b(?P<year>(?:19|20)\d\d)[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})\b",
    rf"\b(?P<a>\d{{1,2}})([/.-])(?P<b>\d{{1,2}})\2{_YEAR}",
    rf"\b(?:the\s+)?{_DAY}(?:\s+of)?{_SEP}{_MONTH}{_SEP}{_YEAR}",
    rf"\b{_MONTH}{_SEP}(?:the\s+)?{_DAY}{_SEP}{_YEAR}",
    rf"\b(?:the\s+)?(?P<edge>start|beginning|begin|end)\s+of\s+{_YEAR}",
    rf"\byear[- ]end\s+{_YEAR}",
    rf"\b{_MONTH}\s+{_YEAR}",
)]

_ONES = {w: i for i, w in enumerate((
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen"))}
_TENS = {w: 10 * (i + 2) for i, w in enumerate((
    "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"))}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
_NUMBER_WORD = r"(?:" + "|".join([*_ONES, *_TENS, *_SCALES]) + r")"
_WORD_NUMBER = re.compile(
    rf"\b(?:an?\s+(?=hundred|thousand|million))?{_NUMBER_WORD}(?:(?:[\s-]+|\s+and\s+){_NUMBER_WORD})*\b",
    re.IGNORECASE)
_DIGITS = re.compile(
    r"(?<![\d.#])(?P<dollar>\$)?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
    r"(?:\s?(?P<scale>[kKMm]|mm|MM|mil|mln|bn|million|thousand|grand)\b)?")
_SCALES_OF_DIGITS = {"k": 1e3, "thousand": 1e3, "grand": 1e3, "m": 1e6, "mm": 1e6,
                     "mil": 1e6, "mln": 1e6, "million": 1e6, "bn": 1e9}
#: Basis points are hundredths of a percent.
_BASIS_POINTS = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s?(?:bps|bp|basis points?)\b",
                           re.IGNORECASE)
_PERCENT_WORDS = re.compile(r"(?:(?<=\d)|\b)(?:pcts?|pc|percent|per\s+cent)\b",
                            re.IGNORECASE)
#: Chart timeframes (D1, H4, M15, W1, MetaTrader's MN1 or MN) look like tickers and are not.
_TIMEFRAME = re.compile(r"[DHMW]\d{1,3}|MN\d?")
#: Timeframe codes of trading platforms for a bar length the library has (MetaTrader's D1,
#: W1, MN1; TradingView's 1D, 1W), read as the words for it. "1M" is left alone: it is also
#: one million.
_BAR_CODES = re.compile(r"(?<![\w^$.=/-])(?:D1|1D|W1|1W|MN1?)(?![\w^=-])")
_BAR_WORDS = {"D": "daily", "W": "weekly", "M": "monthly"}
#: Two single capitals joined by a slash are an abbreviation ("L/S" for long/short), not
#: two tickers.
_LETTER_PAIR = re.compile(r"(?<![\w/^$.=-])[A-Z]/[A-Z](?![\w/^=-])")
#: Trader shorthand read as the words the model learned, in this order: exits abbreviated
#: before their value ("PT 15%", "T/P @ 8%", "S/L: 2%"; a profit target is a take profit),
#: "trailing" before a span of time (a look-back, "over a trailing 10 yrs", not a trailing
#: stop), "tc" (transaction costs) before a value, a "non-trailing" (fixed) stop, the
#: Bollinger bands' BBU, BBL and BBM (also with their length: "BBL-20"), the sides of a
#: long/short book's rules ("L: ...", "S: ...") and NAV (a fund's equity); then trader
#: jargon ("the closing print", "pierces", "the centerline (0)" but not Donchian's centre
#: line, "bail", "bank it at +5%", "trl", "50 shares a clip", "has shed 3%").
_VALUE_AFTER = r"(?=\s*[:=@]?\s*[-+]?\$?\.?\d)"
_SHORTHAND: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?<![\w/^$.=-])(?:PT|T/P)" + _VALUE_AFTER), "TP"),
    (re.compile(r"(?<![\w/^$.=-])S/L" + _VALUE_AFTER), "SL"),
    (re.compile(r"\b(?:(?:a|the)\s+)?trailing(?=\s+(?:(?:\d+(?:\.\d+)?|" + _NUMBER_WORD +
                r")\s*)?(?:years?|yrs?|y|months?|mos?|mo|weeks?|wks?|quarters?|decades?|days?|"
                r"sessions?)\b)", re.IGNORECASE), "the past"),
    (re.compile(r"\btc(?=\s*[:=@]?\s*\$?\.?\d)", re.IGNORECASE), "commission"),
    (re.compile(r"\bnon[-\s]?trailing\b", re.IGNORECASE), "fixed"),
    *((re.compile(rf"(?<![\w/^$.=-])BB{band[0].upper()}(?:-?(\d+))?(?![\w^=-])"),
       rf"BB {band} \g<1>") for band in ("upper", "lower", "middle")),
    (re.compile(r"(?<![\w/^$.=-])L(?=:)"), "long"),
    (re.compile(r"(?<![\w/^$.=-])S(?=:)"), "short"),
    (re.compile(r"\bNAV\b"), "equity"),
    *((re.compile(rf"\b{jargon}\b", re.IGNORECASE), plain) for jargon, plain in (
        (r"closing\s+print", "close"), (r"opening\s+print", "open"), ("pierces", "crosses"),
        ("pierced", "crossed"), ("piercing", "crossing"), ("pierce", "cross"),
        (r"cent(?:er|re)[\s-]?line(?=\s*\(\s*0\s*\))", "zero line"),
        ("objective", "target"), ("bail", "exit"),
        (r"bank\s+(?:it|profits?)(?=\s+(?:at|@))", "take profit"), ("trl", "trailing"),
        (r"(?:a|per)\s+clip", "a trade"), ("shed", "dropped"))),
)
#: Ticker-like: capitals, digits and the marks exchanges use, with at least one capital.
_TICKER = re.compile(r"(?<![\w^$.=-])\$?(?P<sym>\^?[A-Z0-9][A-Z0-9]*(?:[-.=][A-Z0-9]+)*=?[A-Z]?)"
                     r"(?![\w^=-])")
#: An indicator's name glued to its length ("SMA20", "EMA-50", "8EMA"): the name and the
#: number, not a ticker, when the name is a known capitalised word.
_GLUED = re.compile(r"(?P<before>\d+)?(?P<name>[A-Z]+)(?:-?(?P<after>\d+))?")
_TOKEN = re.compile(r"<[tnd]\d+>|#\d+|[a-z]+|\d+|[^\sa-z\d]")


@dataclass(frozen=True)
class Slot:
    """One value of the description: its slot name and the code text that replaces it."""

    name: str
    text: str


@dataclass
class Reading:
    """A description as the model sees it."""

    words: list[str]
    slots: list[Slot] = field(default_factory=list)

    def slot_text(self) -> dict[str, str]:
        return {s.name: s.text for s in self.slots}

    @property
    def has_ticker(self) -> bool:
        """Whether the reader found a ticker (a model writes a ticker only from its slot)."""
        return any(s.name.startswith("<t") for s in self.slots)


def number_text(value: float) -> str:
    """How the renderer writes a number: ``5``, ``2.5``, ``0.05``."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _word_number(text: str) -> float | None:
    total, current = 0, 0
    for word in re.split(r"[\s-]+", text.lower()):
        if word in ("a", "an", "and"):
            current = current or (1 if word != "and" else 0)
        elif word in _ONES:
            current += _ONES[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word == "hundred":
            current = max(current, 1) * 100
        elif word in ("thousand", "million"):
            total += max(current, 1) * _SCALES[word]
            current = 0
    return float(total + current)


def _date(match: re.Match[str]) -> dt.date | None:
    groups = match.groupdict()
    written = groups["year"]
    year = int(written) if not written.startswith("'") else \
        int(written[1:]) + (2000 if int(written[1:]) <= 50 else 1900)
    try:
        if groups.get("m"):
            return dt.date(year, int(groups["m"]), int(groups["d"]))
        if groups.get("a"):
            a, b = int(match.group("a")), int(match.group("b"))
            dotted = match.group(2) == "."
            # day first when the first number cannot be a month, or with dots (European)
            day, month = (a, b) if a > 12 or (dotted and b <= 12) else (b, a)
            return dt.date(year, month, day)
        if groups.get("edge"):
            return dt.date(year, 1, 1) if groups["edge"].lower() != "end" else \
                dt.date(year, 12, 31)
        if groups.get("month"):
            day = int(groups["day"]) if groups.get("day") else 1
            return dt.date(year, _MONTHS[groups["month"].lower().rstrip(".")], day)
        return dt.date(year, 12, 31)  # year-end
    except ValueError:
        return None


_MARKER = re.compile(r"\x01([tnd])(.)\x02")


def read_description(text: str, known_upper: Iterable[str] = ()) -> Reading:
    """Words and slots of a description; ``known_upper`` lists capitalised words that are
    not tickers (indicator abbreviations such as RSI: the model folder stores them)."""
    known = {w.upper() for w in known_upper} | _ALWAYS_WORDS
    text = text.replace("\x01", " ").replace("\x02", " ")
    values: list[str] = []

    def _marker(kind: str, value: str) -> str:
        # the value waits in ``values`` so that later passes cannot read digits inside it
        values.append(value)  # its index as one private-use character: no digits
        return f" \x01{kind}{chr(0xE000 + len(values) - 1)}\x02 "

    def dates(match: re.Match[str]) -> str:
        day = _date(match)
        if day is None:
            return match.group(0)
        return _marker("d", f"{day.year}, {day.month}, {day.day}")

    for pattern in _DATES:
        text = pattern.sub(dates, text)

    def tickers(match: re.Match[str]) -> str:
        symbol = match.group("sym")
        if symbol in known or not re.search(r"[A-Z]", symbol) or \
                re.fullmatch(r"[\d.,]+(?:[KMB]|BN|MM)?|\d+[A-Z]{1,2}", symbol) or \
                _TIMEFRAME.fullmatch(symbol):
            return match.group(0)
        glued = _GLUED.fullmatch(symbol)
        if glued and glued["name"] in known and (glued["before"] or glued["after"]):
            return " ".join(p for p in glued.group("before", "name", "after") if p)
        return _marker("t", symbol)

    for pattern, plain in _SHORTHAND:
        text = pattern.sub(plain, text)
    text = _BAR_CODES.sub(lambda m: f" {_BAR_WORDS[m.group(0).strip('1')[0]]} ", text)
    text = _TICKER.sub(tickers, _LETTER_PAIR.sub(lambda m: m.group(0).lower(), text))

    def digits(match: re.Match[str]) -> str:
        value = float(match.group("num").replace(",", ""))
        dollar = " $ " if match.group("dollar") else ""
        scale = match.group("scale") or ""
        if scale == "m" and not dollar:  # "15m" bars are minutes; "$1.5m" is money
            return _marker("n", number_text(value)) + "m "
        value *= _SCALES_OF_DIGITS.get(scale.lower(), 1)
        return dollar + _marker("n", number_text(round(value, 10)))

    def words(match: re.Match[str]) -> str:
        value = _word_number(match.group(0))
        return match.group(0) if value is None else _marker("n", number_text(value))

    text = _BASIS_POINTS.sub(lambda m: f"{number_text(round(float(m.group(1)) / 100, 10))}%",
                             text)
    text = _PERCENT_WORDS.sub("%", text)
    # digits first, so that "20 thousand" is one number before "thousand" could be another
    text = _DIGITS.sub(digits, text)
    text = _WORD_NUMBER.sub(words, text)

    names: dict[tuple[str, str], str] = {}
    counts = dict.fromkeys(SLOT_COUNTS, 0)
    pieces: list[str] = []
    for i, piece in enumerate(_MARKER.split(text)):
        if i % 3 == 0:
            pieces.extend(_TOKEN.findall(piece.lower()))
        elif i % 3 == 1:
            kind = piece
        else:
            piece = values[ord(piece) - 0xE000]
            key = (kind, piece)
            if key not in names:
                if counts[kind] >= SLOT_COUNTS[kind]:
                    pieces.extend(_TOKEN.findall(piece.lower()))
                    continue
                counts[kind] += 1
                names[key] = f"<{kind}{counts[kind]}>"
            pieces.append(names[key])
            if kind == "n" and float(piece).is_integer() and 0 <= float(piece) <= SMALL:
                pieces.append(f"#{int(float(piece))}")
    slots = [Slot(name, value) for (_, value), name in names.items()]
    return Reading(pieces, slots)


#: A symbol as people type it in lower case: "nvda", "brk.b", "btc-usd", "cl=f", "^gspc".
_LOWER_SYMBOL = r"\^?[a-z][a-z0-9]{0,5}(?:[.-][a-z0-9]{1,4})?(?:=[a-z])?"
_END = r"(?![\w-])"
#: A symbol marked as one whatever its case: a cashtag ("$nvda"), a shape only symbols have
#: ("cl=f", "^gspc", "doge-usd"), or a label ("ticker: nvda", "Underlying: cat").
_MARKED_SYMBOL = re.compile(
    rf"(?<![\w$])\$(?P<cash>{_LOWER_SYMBOL}){_END}"
    rf"|(?<![\w$.=^-])(?P<shape>\^[a-z]{{2,5}}|[a-z]{{1,6}}=[a-z]|[a-z]{{2,6}}-usd){_END}"
    rf"|(?:\b(?:ticker|symbol|sym)(?:\s+is)?\s*[:=]?\s*|"
    rf"\b(?:security|underlying|instrument|asset|market)\s*[:=]\s*)(?P<label>{_LOWER_SYMBOL}){_END}",
    re.IGNORECASE)
#: Where a ticker stands: after a verb of trading ("buy nvda", "long-only on tsla") or a
#: preposition ("shares of amd"), before "stock" ("tsla stock") or a side ("cvx, long"), or
#: first in the text ("nvda money flow idea: ...").
_TRADE_VERBS = ("buy|buys|buying|long|short|shorts|shorting|sell|sells|selling|trade|trades|"
                "trading|hold|holding|own|owning|long-only|short-only|backtest|backtesting|"
                "test|testing")
_SYMBOL_IN_PLACE = re.compile(
    # the symbol is looked ahead at, so that in "sell short nke" the next match can start at
    # "short"
    rf"\b(?:(?P<verb>{_TRADE_VERBS})(?:\s+(?:on|in))?|on|for|in|of|into|via)\s+"
    rf"(?=(?P<after>{_LOWER_SYMBOL}){_END})"
    rf"|(?<![\w$.=^-])(?P<before>{_LOWER_SYMBOL})(?=(?:'s)?\s+(?:stock|stocks|shares?|equity|etf)"
    rf"{_END}|(?P<mark>\s*[,:|(])?\s*(?P<side>long|short){_END})"
    rf"|\A\s*(?P<first>{_LOWER_SYMBOL}){_END}(?P<pause>\s*[,:|(.])?",
    re.IGNORECASE)


def lower_case_ticker(text: str, known_word: Callable[[str], bool],
                      tickers: Iterable[str] = (),
                      english: Callable[[str], bool] = lambda word: False) -> str | None:
    """The ticker of a description that writes it in lower case, as written ("nvda"); None
    when there is none that can be told from a word.

    The reader takes only capitals for a ticker. For a description with none, this finds
    a cashtag ("$nvda") or a symbol's shape ("cl=f"); else a labelled symbol ("ticker:
    nvda"); else the first short word in a ticker's place that is one of ``tickers`` ("on
    meta"; first in the text only before a mark: "meta, long") or a word the model does
    not read as one (``known_word``; "x-over" is two words). In a strong place (after a
    verb of trading, before "stock" or a marked side, first before a mark: "buy nvda",
    "amd stock", "cvx, long", "xom: ...") that is enough; in a weak one (after a
    preposition, before a bare side, first in the text: "on tsla", "xom long", "nvda money
    flow idea") it must not be an ``english`` word either ("turtle style breakout")."""
    named = {t.lower() for t in tickers}
    common = {t for t in named if len(t) > 1}  # "buy t" is a typo before it is AT&T

    def reads_as_word(symbol: str) -> bool:
        word = symbol.lower()
        parts = [part for part in re.split(r"[.=^-]", word) if part]
        return all(known_word(part) or _WORD_NUMBER.fullmatch(part) for part in parts) or \
            symbol.upper() in _ALWAYS_WORDS or _TIMEFRAME.fullmatch(symbol.upper()) is not None \
            or word in _MONTHS

    for marked in _MARKED_SYMBOL.finditer(text):
        symbol = marked.group("cash") or marked.group("shape")
        if symbol:
            return symbol
        symbol = marked.group("label")
        if symbol.lower() in named or not reads_as_word(symbol):
            return symbol
    for match in _SYMBOL_IN_PLACE.finditer(text):
        symbol = match.group("after") or match.group("before") or match.group("first")
        word = symbol.lower()
        if match.group("first") and not symbol.islower():  # "Hello" opens a text
            continue
        strong = match.group("verb") or match.group("pause") or (match.group("before") and (
            match.group("mark") or not match.group("side")))
        if word in common and not (match.group("first") and not strong and known_word(word)):
            return symbol  # "buy meta", "on meta", "meta, long"; not "meta is up"
        if not reads_as_word(symbol) and (strong or not english(word)):
            return symbol
    return None


def named_ticker(text: str, names: Mapping[str, str]) -> tuple[str, str] | None:
    """The first company named in ``text`` by one of ``names`` (lower-case name: ticker),
    as written and as its ticker: ``("Apple", "AAPL")``; None if it names none. A hyphen
    of a name may be written as a space or left out ("Coca Cola")."""
    spellings = {variant: ticker for name, ticker in names.items()
                 for variant in (name, name.replace("-", " "), name.replace("-", ""))}
    if not spellings:
        return None
    pattern = "|".join(map(re.escape, sorted(spellings, key=len, reverse=True)))
    found = re.search(rf"(?<![\w$.-])(?:{pattern})(?![\w-])", text, re.IGNORECASE)
    return None if found is None else (found.group(0), spellings[found.group(0).lower()])


def with_ticker(text: str, written: str, ticker: str | None = None) -> str:
    """``text`` with each mention of ``written`` (a symbol in lower case, or a company's
    name) written as ``ticker`` (by default, ``written`` in capitals)."""
    return re.sub(rf"(?<![\w.-]){re.escape(written)}(?![\w-])",
                  (ticker or written.upper()).replace("\\", r"\\"), text, flags=re.IGNORECASE)


#: Capitalised words that are never tickers, whatever the model folder says.
_ALWAYS_WORDS = frozenset({"A", "I", "USD", "OK", "ID", "AND", "OR", "NOT", "AM", "PM", "ET"})
