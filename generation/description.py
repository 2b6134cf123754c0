"""Is this text a strategy description? A cheap check before any model is called."""

from __future__ import annotations

import re
from functools import cache

from strategy_lsp.grammar import CATALOG, ClassSpec, EnumSpec

from .errors import BadDescription

MAX_CHARS = 4000

_TRADING_WORDS = {
    "buy", "sell", "long", "short", "enter", "entry", "exit", "cross", "crosses", "crossing",
    "above", "below", "over", "under", "stop", "profit", "trade", "trading", "strategy",
    "position", "signal", "ticker", "stock", "shares", "price", "close", "indicator",
    "bullish", "bearish", "breakout", "trend", "uptrend", "downtrend", "backtest",
}


#: Trader shorthand for the words above ("lng", "shrt", "cvr", "px", "SL", "TP", "MA").
_SHORTHAND = {"lng", "shrt", "cvr", "px", "sl", "tp", "tsl", "stp", "tgt", "ma", "pos"}

#: Past forms that the suffixes below do not undo.
_IRREGULAR = {"bought": "buy", "sold": "sell"}

#: Word endings that leave a word's stem ("buying" is "buy", "crossed" is "cross").
_ENDINGS = ("ing", "ed", "es", "s")

#: Words of catalog names that say nothing about trading on their own.
_COMMON = {
    "the", "and", "for", "days", "day", "with", "within", "after", "all", "any", "both",
    "either", "line", "level", "value", "index", "one", "two", "three", "five", "ten",
    "year", "years", "month", "months", "week", "half", "goes", "down", "high", "low",
    "open", "none", "max", "date", "fixed", "normal", "first", "second", "third", "fourth",
    "less", "than", "true", "type", "rate", "range", "per", "take", "know", "sure", "thing",
    "plus", "minus", "base", "top", "bottom", "force", "power", "flat", "fast", "slow",
    "simple", "ease", "history", "relative", "positive", "negative", "money", "units", "bar",
    "higher", "greater", "mass", "source", "change", "changes", "delayed", "ray", "curve",
}


@cache
def _vocabulary() -> frozenset[str]:
    words = set(_TRADING_WORDS)
    specs: list[ClassSpec | EnumSpec] = [*CATALOG.classes, *CATALOG.enums]
    for spec in specs:
        for name in (spec.name, *spec.names):
            words.update(w for w in _words(name) if len(w) > 2 and w not in _COMMON)
    return frozenset(words)


def _words(text: str) -> list[str]:
    """The words of ``text``, and the parts of each hyphenated one ("MFI-10" is "mfi" too,
    "x-over" is "over") and the letters of each one with digits ("rsi14" is "rsi" too)."""
    words = re.findall(r"[a-z][a-z0-9%+-]*", text.lower())
    return [*words, *(part for w in words if "-" in w for part in w.split("-") if part),
            *(run for w in words if re.search(r"\d", w) for run in re.findall(r"[a-z]+", w))]


def _forms(word: str) -> set[str]:
    """``word`` and the stems it may have: "buying" is "buy", "stopping" "stop", "closing"
    "close", "shorts" "short", "sold" "sell"."""
    forms = {word, _IRREGULAR.get(word, word)}
    for ending in _ENDINGS:
        stem = word[:-len(ending)]
        if word.endswith(ending) and len(stem) >= 3:
            forms |= {stem, stem + "e"}
            if len(stem) > 3 and stem[-1] == stem[-2]:
                forms.add(stem[:-1])
    return forms


def reads_like_trading(text: str) -> bool:
    """Whether ``text`` has a word of trading or of the catalog's names, in any form."""
    vocabulary = _vocabulary()
    return any(w in _SHORTHAND or not vocabulary.isdisjoint(_forms(w)) for w in _words(text))


def check_description(text: str) -> str:
    """The description, whitespace-normalised; :class:`BadDescription` if it can't be one."""
    cleaned = " ".join(text.split())
    if not cleaned:
        raise BadDescription("The description is empty. Describe the strategy in a comment, "
                             "e.g. '# Buy AAPL when RSI(14) drops below 30, sell above 70.'")
    if len(cleaned) > MAX_CHARS:
        raise BadDescription(f"The description is {len(cleaned)} characters long; keep it "
                             f"under {MAX_CHARS}.")
    if not reads_like_trading(cleaned):
        raise BadDescription("This does not read like a trading strategy: mention what to "
                             "trade and when to buy and sell, e.g. 'Buy AAPL when RSI(14) "
                             "drops below 30, sell above 70.'")
    return cleaned
