"""Phrasing styles: how a strategy model becomes an English description.

A :class:`Phraser` writes one description of a strategy. The dataset is written in the main
style, :class:`~strategy_lsp.training.plain_style.PlainPhraser`; a second, independently
written style can be registered here and used as a held-out test set, to measure how far a
model trained on one way of writing carries to another:

>>> register(MyPhraser())  # doctest: +SKIP
>>> generate_examples(1000, seed=7, style=phraser("my-style"))  # doctest: +SKIP

Several styles mix into one dataset with a spec of names and weights: ``phraser("plain:2,chat")``
writes two thirds of the descriptions in the plain style and one third in the chat style;
``phraser("training")`` is :data:`TRAINING_MIX`, every style written for training. The held-out
styles (:data:`HELD_OUT`) are test sets only and never part of it.

Typos are not part of a style: :func:`add_typos` applies to any style's text, and never
touches the ticker or a number.
"""

from __future__ import annotations

import random
import re
from typing import Protocol, runtime_checkable

from strategy_lsp.grammar import Call

from .wording import MONTH_ABBREVIATIONS, MONTHS, number_words


@runtime_checkable
class Phraser(Protocol):
    """Writes descriptions of strategies in one style.

    ``describe`` must state every argument the model holds (anything left out of the model
    is the catalog default, and the text may say nothing about it) and may vary everything
    else. It must draw every choice from ``rng``, so the same seed gives the same text.
    """

    @property
    def name(self) -> str: ...

    def describe(self, strategy: Call, rng: random.Random) -> str: ...


_PHRASERS: dict[str, Phraser] = {}

#: Styles written to measure how far a model carries to text it never saw: never trained on.
HELD_OUT = frozenset({"desk"})
#: Every training style: the main one and the nine newest (the six that came in with the
#: shipped model's stage 5, and question, esl and comment) twice as often as the ten before
#: them. The shipped model's stage 8 trained on this mix, its stages 5 to 7 on the first
#: seventeen styles with the same weights (``training/reproduce-strategy-tiny.sh`` spells
#: both mixes out).
TRAINING_MIX = ("plain:2,chat:1,form:1,report:1,terse:1,pseudo:1,novice:1,email:1,config:1,"
                "spec:1,dialog:1,tweet:2,journal:2,paper:2,markdown:2,voice:2,broker:2,"
                "question:2,esl:2,comment:2,broad:2")


class Mixture:
    """Writes each description in one of several styles, drawn by weight from the rng.

    >>> mix = Mixture.parse("plain:3,chat")
    >>> [(style.name, weight) for style, weight in mix.choices]
    [('plain', 3.0), ('chat', 1.0)]
    """

    def __init__(self, choices: list[tuple[Phraser, float]], name: str) -> None:
        if not choices or any(w <= 0 for _, w in choices):
            raise ValueError("a mixture needs at least one style with a positive weight")
        self.choices = choices
        self._name = name

    @classmethod
    def parse(cls, spec: str) -> Mixture:
        """``"plain:2,chat"``: style names with optional weights (1 when left out)."""
        choices: list[tuple[Phraser, float]] = []
        for part in spec.split(","):
            name, _, weight = part.strip().partition(":")
            try:
                value = float(weight) if weight else 1.0
            except ValueError:
                raise ValueError(f"weight of {name!r} is not a number: {weight!r}") from None
            if value <= 0:
                raise ValueError(f"weight of {name!r} must be positive, got {weight}")
            choices.append((phraser(name), value))
        return cls(choices, spec)

    @property
    def name(self) -> str:
        return self._name

    def pick(self, rng: random.Random) -> Phraser:
        styles = [style for style, _ in self.choices]
        return rng.choices(styles, weights=[w for _, w in self.choices])[0]

    def describe(self, strategy: Call, rng: random.Random) -> str:
        return self.pick(rng).describe(strategy, rng)


def register(style: Phraser) -> None:
    """Make a style available under its name (for the CLI's ``--phraser``)."""
    _PHRASERS[style.name] = style


def phraser(name: str = "plain") -> Phraser:
    """The registered style called ``name`` (the main style is ``"plain"``), or a mixture
    of styles for a spec with commas or weights (``"plain:2,chat"``) or ``"training"``."""
    if not _PHRASERS:
        from .broad_style import BroadPhraser
        from .broker_style import BrokerPhraser
        from .chat_style import ChatPhraser
        from .comment_style import CommentPhraser
        from .config_style import ConfigPhraser
        from .desk_style import DeskPhraser
        from .dialog_style import DialogPhraser
        from .email_style import EmailPhraser
        from .esl_style import EslPhraser
        from .form_style import FormPhraser
        from .journal_style import JournalPhraser
        from .markdown_style import MarkdownPhraser
        from .novice_style import NovicePhraser
        from .paper_style import PaperPhraser
        from .plain_style import PlainPhraser
        from .pseudo_style import PseudoPhraser
        from .question_style import QuestionPhraser
        from .report_style import ReportPhraser
        from .spec_style import SpecPhraser
        from .terse_style import TersePhraser
        from .tweet_style import TweetPhraser
        from .voice_style import VoicePhraser

        for style in (PlainPhraser(), ChatPhraser(), FormPhraser(), ReportPhraser(),
                      TersePhraser(), PseudoPhraser(), NovicePhraser(), EmailPhraser(),
                      ConfigPhraser(), SpecPhraser(), DialogPhraser(), TweetPhraser(),
                      JournalPhraser(), PaperPhraser(), MarkdownPhraser(), VoicePhraser(),
                      BrokerPhraser(), QuestionPhraser(), EslPhraser(), CommentPhraser(),
                      BroadPhraser()):
            register(style)
        register(DeskPhraser())  # held out: a test set only, never trained on
    if name == "training":
        return Mixture.parse(TRAINING_MIX)
    if "," in name or ":" in name:
        return Mixture.parse(name)
    try:
        return _PHRASERS[name]
    except KeyError:
        known = ", ".join(sorted(_PHRASERS))
        raise KeyError(f"no phrasing style {name!r}; known: {known}") from None


def phraser_names() -> tuple[str, ...]:
    phraser()
    return tuple(sorted(_PHRASERS))


# --- typos ----------------------------------------------------------------------------

_NEIGHBOURS = {
    "a": "sqwz", "b": "vghn", "c": "xdfv", "d": "serfcx", "e": "wsdr", "f": "drtgvc",
    "g": "ftyhbv", "h": "gyujnb", "i": "ujko", "j": "huikmn", "k": "jiolm", "l": "kop",
    "m": "njk", "n": "bhjm", "o": "iklp", "p": "ol", "q": "wa", "r": "edft", "s": "awedxz",
    "t": "rfgy", "u": "yhji", "v": "cfgb", "w": "qase", "x": "zsdc", "y": "tghu", "z": "asx",
}

#: Words that carry a value (numbers, months); a typo there would change what is stated.
_PROTECTED = frozenset(
    [number_words(n) for n in range(101)]
    + [w.lower() for w in (*MONTHS, *MONTH_ABBREVIATIONS)]
    + ["hundred", "thousand", "million", "minus", "percent", "long", "short", "both",
       "start", "beginning", "end", "year"]
)

_WORD = re.compile(r"[A-Za-z][a-z]{3,}")


def _misspell(word: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(word) - 1)
    kind = rng.random()
    if kind < 0.3:  # swap two neighbouring letters
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if kind < 0.55:  # drop a letter
        return word[:i] + word[i + 1:]
    if kind < 0.75:  # double a letter
        return word[:i] + word[i] + word[i:]
    near = _NEIGHBOURS.get(word[i].lower())
    return word[:i] + (rng.choice(near) if near else word[i]) + word[i + 1:]


def add_typos(text: str, rng: random.Random, *, ticker: str, count: int = 1) -> str:
    """Misspell ``count`` of the eligible words: plain words of four letters or more.

    Never inside the ticker, a number, a number word, a month, an abbreviation (RSI, SMA),
    or the words that state the position side.
    """
    eligible = []
    for match in _WORD.finditer(text):
        word = match.group(0)
        start, end = match.span()
        glued = text[max(0, start - 1):start] + text[end:end + 1]
        if word.lower() in _PROTECTED or word in ticker or \
                any(c.isdigit() or c in "%$^=.-_'" for c in glued):
            continue
        eligible.append(match)
    chosen = sorted(rng.sample(eligible, min(count, len(eligible))), key=lambda m: m.start())
    pieces: list[str] = []
    position = 0
    for match in chosen:
        pieces += [text[position:match.start()], _misspell(match.group(0), rng)]
        position = match.end()
    return "".join(pieces) + text[position:]
