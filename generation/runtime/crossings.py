"""Which way a description says a series crosses, read from its words.

"An upside cross of CCI through 100", "the 50/200 SMA bear cross", "DI- crosses back above
DI+", "px x-under the 20 EMA": each names a series and the way it crosses, and an answer that
writes that series crossing the other way has misread the clause. The embedded runtime counts
such crossings an answer leaves unwritten (:func:`unwritten_crossings`) as it counts values
it leaves unused, and decodes once more when the greedy answer leaves one out
(``"crossing_coverage"`` in a model folder's config.json; :mod:`.model`).

Only wording that points one way counts: a series word followed by a crossing verb and a
direction ("crosses up through", "cutting down through", "crossing from below to above",
"x-over"), or preceded by a crossing noun with one ("an upside cross of", "a bearish 8/21",
"bull cross"). A clause that says "above" without crossing ("RSI above 70") says nothing
here: the answer may rightly write a comparison. The reading is deliberately narrow; where
it is unsure (both ways in one window, a series word the catalog does not know) it states
nothing.

>>> stated_crossings("an upside cross of RSI through 30; RSI crosses down through 70")
(Crossing(direction='over', series='RSI'), Crossing(direction='under', series='RSI'))
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from typing import NamedTuple


class Crossing(NamedTuple):
    """A description's statement that ``series`` crosses ``direction`` ("over": from below
    to above; "under": from above to below) through something."""

    direction: str
    series: str


#: Everyday words for the prices and volume, which the catalog's own names of those series
#: ("close", "price") only partly cover; the crossing is then of the price itself
_PRICE_WORDS = {
    "px": "CLOSE", "price": "CLOSE", "close": "CLOSE", "closing print": "CLOSE",
    "close price": "CLOSE", "the open": "OPEN", "opening print": "OPEN", "open price": "OPEN",
    "the low": "LOW", "bar's low": "LOW", "low price": "LOW", "the high": "HIGH",
    "bar's high": "HIGH", "high price": "HIGH", "volume": "VOLUME",
}
#: The catalog's price and volume series
_PRICES = frozenset({"CLOSE", "OPEN", "HIGH", "LOW", "VOLUME"})
#: Spellings of a catalog series the catalog does not list, which would otherwise be read
#: as a shorter name inside them ("smoothed commodity channel index" is not CCI)
_MORE_WORDS = {"smoothed commodity channel index": "CCI_SMOOTHENED"}
#: Series the catalog names with words too common to mean the series here
_WEAK = frozenset({"ultimate", "mass", "signal line", "chop", "momentum", "hammer"})
#: A series' input ("RSI applied to typical price", "on hlcc4"): not a series of its own
_SOURCE = re.compile(
    r"(?:\b(?:on|applied to|computed from|using|of)\s+(?:the\s+)?|\bsrc\s*=\s*)"
    r"(?:typical price|weighted close|ohlc average|ohlc avg|median price|hlcc4|hlc3|ohlc4|"
    r"hl2|highs|lows|opens|closes|volume|close|open|high|low|price)\b", re.IGNORECASE)
#: Where a clause ends: a crossing is read within one
_CLAUSE_END = re.compile(r"[.;:!?\n|•·*<>=&]| [-+/] |,|\b(?:and|or|with|plus)\b",
                         re.IGNORECASE)
_PARENTHESES = re.compile(r"\([^()]*\)")
#: What may stand between a series word and its verb: lengths ("of 14 days"), "line",
#: "oscillator"
_FILLER = r"^\W*(?:(?:\d\S*|of|days?|periods?|bars?|line|osc|oscillator|indicator|index|" \
          r"value)\s+)*"
_VERB = r"(?:cross(?:es|ed|ing)?|cut(?:s|ting)?|pierc(?:es|ing)|break(?:s|ing)?|" \
        r"punch(?:es|ing)?|mov(?:es|ing))\s+(?:back\s+)?"
#: "up" and "down" alone after another verb say which way a series moves, not that it
#: crosses ("the close moves down 8%"): there they count before "through" or "across" only
_CROSS = r"cross(?:es|ed|ing)?\s+(?:back\s+)?"
_AFTER = {
    "over": re.compile(_FILLER + r"(?:" + _CROSS + r"up\b|" + _VERB + r"(?:up\s+(?:through|"
                       r"thru|across)\b|above|over\b|from below to above)|x-?over\b|"
                       r"(?:bull|bullish)\s+cross)", re.IGNORECASE),
    "under": re.compile(_FILLER + r"(?:" + _CROSS + r"down\b|" + _VERB + r"(?:down\s+(?:"
                        r"through|thru|across)\b|below|under\b|from above to below)|"
                        r"x-?under\b|(?:bear|bearish)\s+cross)", re.IGNORECASE),
}
_BEFORE = {
    "over": re.compile(r"\b(?:(?:upside|bullish|bull)\s+cross(?:over)?\s+of\s+(?:the\s+)?"
                       r"(?:\S+\s+)?|(?:bullish|bull)\s+\d+\s*/\s*\d+\s+)$", re.IGNORECASE),
    "under": re.compile(r"\b(?:(?:downside|bearish|bear)\s+cross(?:under)?\s+of\s+(?:the\s+)?"
                        r"(?:\S+\s+)?|(?:bearish|bear)\s+\d+\s*/\s*\d+\s+)$", re.IGNORECASE),
}
_WRITTEN = re.compile(r"Cross(Over|Under)Condition\(first_series=([A-Z][A-Z0-9_]*)\(")
_SELF = re.compile(r"first_series=([A-Z][A-Z0-9_]*\([^()]*\)), second_series=\1[,)]")


@cache
def _series_words() -> tuple[re.Pattern[str], dict[str, str]]:
    """A pattern of every series word (the catalog's names, longest first, and the price
    words) and the series each one means."""
    from strategy_lsp.grammar import CATALOG, Kind

    series: dict[str, str] = {}
    for spec in CATALOG.of_kind(Kind.SERIES):
        if spec.name == "CONST":
            continue
        prices = spec.name in _PRICES
        for name in spec.names:
            # a price's one-word names ("high", "open") are everyday words: only its
            # longer ones ("High Price", "daily low") and the price words below count
            if (" " in name if prices else len(name) >= 3 and name.lower() not in _WEAK):
                series.setdefault(name.lower(), spec.name)
    for word, name in {**_PRICE_WORDS, **_MORE_WORDS}.items():
        series.setdefault(word, name)
    # "the low price" is one mention, not "the low" and then "price"
    for word, name in list(series.items()):
        if name in _PRICES and not word.startswith("the "):
            series.setdefault("the " + word, name)
    words = sorted(series, key=len, reverse=True)
    # digits may touch a name ("rsi14", "10EMA"), letters and a "+" before it may not
    # ("+DI-14" is not "DI-")
    pattern = re.compile(r"(?<![a-z+])(" + "|".join(map(re.escape, words)) + r")(?![a-z])",
                         re.IGNORECASE)
    return pattern, series


def _clause_tail(text: str) -> str:
    """``text`` up to the end of its first clause."""
    end = _CLAUSE_END.search(text)
    return text[:end.start()] if end else text


def _clause_head(text: str) -> str:
    """``text`` from the start of its last clause."""
    ends = list(_CLAUSE_END.finditer(text))
    return text[ends[-1].end():] if ends else text


def stated_crossings(text: str) -> tuple[Crossing, ...]:
    """The crossings ``text`` states one way, in order (a series may cross both ways)."""
    text = _SOURCE.sub(lambda m: " " * len(m.group(0)), text)
    pattern, series = _series_words()
    mentions = list(pattern.finditer(text))
    stated: list[Crossing] = []
    for index, mention in enumerate(mentions):
        following = mentions[index + 1].start() if index + 1 < len(mentions) else len(text)
        after = _clause_tail(_PARENTHESES.sub(" ", text[mention.end():following]))
        before = _clause_head(text[mentions[index - 1].end() if index else 0:mention.start()])
        ways = [way for way in ("over", "under")
                if _AFTER[way].search(after) or _BEFORE[way].search(before)]
        if len(ways) == 1:
            stated.append(Crossing(ways[0], series[mention.group(1).lower()]))
    return tuple(stated)


def written_crossings(code: str) -> set[Crossing]:
    """The crossings ``code`` writes: each crossing condition's direction and first series."""
    return {Crossing(way.lower(), name) for way, name in _WRITTEN.findall(code)}


def unwritten_crossings(stated: Iterable[Crossing], code: str) -> int:
    """How many of the ``stated`` crossings ``code`` writes no crossing condition for."""
    written = written_crossings(code)
    return sum(crossing not in written for crossing in stated)


def self_comparisons(code: str) -> int:
    """How many conditions of ``code`` compare a series with the very same series (a
    crossing that can never happen): a retry that chases a stated crossing must not win by
    writing one."""
    return len(_SELF.findall(code))


def turnable_crossings(stated: Iterable[Crossing], code: str) -> list[tuple[int, str]]:
    """Where ``code`` writes a crossing condition the other way than a ``stated`` crossing
    it leaves unwritten: the offset of the condition's direction ("Over" or "Under" in
    ``CrossOverCondition``) and the stated direction, in the order of the code.

    A series stated crossing both ways ("buy when the close crosses above the EMA, sell
    when it crosses back below") is never turned: which of its conditions is the wrong one
    the crossings alone cannot tell, and turning the right one would still count as
    writing both."""
    stated = list(stated)
    both = {c.series for c in stated if c.direction == "over"} & \
        {c.series for c in stated if c.direction == "under"}
    written = written_crossings(code)
    wanted = {c for c in stated if c not in written and c.series not in both}
    return [(match.start(1), crossing.direction) for match in _WRITTEN.finditer(code)
            if (crossing := Crossing("under" if match.group(1) == "Over" else "over",
                                     match.group(2))) in wanted]
