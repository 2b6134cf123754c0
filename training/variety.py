"""How varied a set of descriptions is: templates and indicator names per 1,000.

A description's *template* is its text with the values and names masked: the ticker,
numbers (digits or words, with their $, %, k), months, and every catalog indicator name
(prices and volume, named with everyday words, excepted) become placeholders, and case is
folded. Two descriptions share a template when they differ only in what they say, not in
how they say it. *Sentence templates* do the same per sentence (split at ``.``, ``;``,
``?``, ``|`` and line breaks), which counts the building blocks a style has rather than
their combinations. *Indicator names* counts the distinct spellings (case-folded) of
catalog indicator names the descriptions use.

Figures are means over consecutive blocks of 1,000 examples, so sets of different sizes
compare.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from .vocabulary import all_series_names
from .wording import MONTH_ABBREVIATIONS, MONTHS, number_words

BLOCK = 1000

_NUMBER = re.compile(r"[-+−]?\$?\d(?:[\d,]*\d)?(?:\.\d+)?(?:st|nd|rd|th|[kKmM%])?(?![\w])")
_SENTENCE = re.compile(r"(?<=[.;?!|])\s+|\n+")


@cache
def _words_pattern() -> re.Pattern[str]:
    words = sorted({number_words(n) for n in range(101)} | {"hundred", "thousand", "million"},
                   key=len, reverse=True)
    months = sorted({m.lower() for m in (*MONTHS, *MONTH_ABBREVIATIONS)}, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(map(re.escape, [*words, *months])) + r")\b",
                      re.IGNORECASE)


#: Prices and volume are named with everyday words ("open", "close"); not indicators.
_PLAIN_SERIES = frozenset({"CLOSE", "OPEN", "HIGH", "LOW", "VOLUME"})


@cache
def _names_pattern() -> re.Pattern[str]:
    names = [name for name, series in all_series_names() if series not in _PLAIN_SERIES]
    return re.compile(r"(?<![\w%+-])(?:" + "|".join(re.escape(n) for n in names) +
                      r")(?![\w%])", re.IGNORECASE)


def template(prompt: str, ticker: str) -> str:
    """The prompt with values and names masked: ``<T>`` ticker, ``<N>`` name, ``<V>`` value."""
    text = re.sub(r"(?<![\w^])" + re.escape(ticker) + r"(?![\w=])", "<T>", prompt) \
        if ticker else prompt
    text = _names_pattern().sub("<N>", text)
    text = _NUMBER.sub("<V>", text)
    text = _words_pattern().sub("<V>", text)
    text = re.sub(r"<V>(?:[\s-]*<V>)+", "<V>", text)
    return " ".join(text.lower().split())


def sentence_templates(prompt: str, ticker: str) -> list[str]:
    return [s for s in _SENTENCE.split(template(prompt, ticker)) if s.strip()]


def indicator_names(prompt: str) -> set[str]:
    """Distinct catalog series names (case-folded) used in a prompt."""
    return {m.group(0).lower() for m in _names_pattern().finditer(prompt)}


@dataclass(frozen=True)
class Variety:
    """Variety figures, each a mean per block of 1,000 examples."""

    examples: int
    templates: float
    sentence_templates: float
    indicator_names: float
    words: float

    def lines(self) -> list[str]:
        return [f"examples:                         {self.examples}",
                f"distinct templates per 1,000:     {self.templates:.0f}",
                f"distinct sentence templates/1,000: {self.sentence_templates:.0f}",
                f"distinct indicator names/1,000:   {self.indicator_names:.0f}",
                f"distinct words per 1,000:         {self.words:.0f}"]


def _blocks(items: Sequence[tuple[str, str]]) -> Iterable[Sequence[tuple[str, str]]]:
    if len(items) <= BLOCK:
        yield items
        return
    for start in range(0, len(items) - BLOCK + 1, BLOCK):
        yield items[start:start + BLOCK]


def measure(prompts: Sequence[tuple[str, str]]) -> Variety:
    """Variety of ``(prompt, ticker)`` pairs."""
    if not prompts:
        raise ValueError("no prompts to measure")
    figures: list[tuple[int, int, int, int]] = []
    for block in _blocks(prompts):
        whole: set[str] = set()
        sentences: set[str] = set()
        names: set[str] = set()
        words: set[str] = set()
        for prompt, ticker in block:
            whole.add(template(prompt, ticker))
            sentences.update(sentence_templates(prompt, ticker))
            names |= indicator_names(prompt)
            words.update(w.lower() for w in re.findall(r"[A-Za-z%+-]+", prompt))
        scale = BLOCK / len(block)
        figures.append((round(len(whole) * scale), round(len(sentences) * scale),
                        len(names), len(words)))
    count = len(figures)
    return Variety(examples=len(prompts),
                   templates=sum(f[0] for f in figures) / count,
                   sentence_templates=sum(f[1] for f in figures) / count,
                   indicator_names=sum(f[2] for f in figures) / count,
                   words=sum(f[3] for f in figures) / count)
