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
    "x-over" is "over")."""
    words = re.findall(r"[a-z][a-z0-9%+-]*", text.lower())
    return [*words, *(part for w in words if "-" in w for part in w.split("-") if part)]


def check_description(text: str) -> str:
    """The description, whitespace-normalised; :class:`BadDescription` if it can't be one."""
    cleaned = " ".join(text.split())
    if not cleaned:
        raise BadDescription("The description is empty. Describe the strategy in a comment, "
                             "e.g. '# Buy AAPL when RSI(14) drops below 30, sell above 70.'")
    if len(cleaned) > MAX_CHARS:
        raise BadDescription(f"The description is {len(cleaned)} characters long; keep it "
                             f"under {MAX_CHARS}.")
    if not _vocabulary().intersection(_words(cleaned)):
        raise BadDescription("This does not read like a trading strategy: mention what to "
                             "trade and when to buy and sell, e.g. 'Buy AAPL when RSI(14) "
                             "drops below 30, sell above 70.'")
    return cleaned
