"""The token ids of a slot-reading model (see :mod:`.reading`): words in, code and slots out.

One id space, three ranges::

    [0, code)                code tokens: the byte-level BPE of ``tokenizer.json`` (with EOS),
                             the tokens the grammar mask speaks
    [code, code + slots)     slots: ``<t1>`` ... ``<d4>``, in the prompt and in the answer
    [code + slots, total)    prompt words (``reading.json``; id 0 of them is ``<unk>``)

A slot id in the answer stands for the code of its value; the decoder validates and
consumes that code's tokens under the grammar.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np

from strategy_lsp.grammar.tickers import NAMED, TICKERS

from .hints import hintable
from .reading import (
    _TICKER,
    SLOT_COUNTS,
    Reading,
    lower_case_ticker,
    named_ticker,
    number_text,
    read_description,
    with_ticker,
)

SLOTS: tuple[str, ...] = tuple(f"<{kind}{i}>" for kind, count in SLOT_COUNTS.items()
                               for i in range(1, count + 1))
UNKNOWN = "<unk>"
#: Words shorter than this are never read as a misspelling of a known word ("tp" is not "to").
MIN_RESPELT = 5
#: Respelt words remembered at most (a long-running server sees ever new words).
RESPELT_CACHE = 4096
ANSWER = "<code>"  # ends the prompt: the answer follows
READING_FILE = "reading.json"
#: A prompt word must occur this often in the training prompts to get an id of its own.
MIN_WORD_COUNT = 2

_CODE_VALUE = re.compile(r"datetime\((\d+), (\d+), (\d+)\)|'([^'\\]*)'|"
                         r"(?<![\w.])(\d+(?:\.\d+)?)(?![\w.])")


def code_pieces(code: str, reading: Reading) -> list[str]:
    """The code cut into text and slot names, where a value the description states stands."""
    by_value = {(s.name[1], s.text): s.name for s in reading.slots}
    pieces: list[str] = []
    at = 0
    for match in _CODE_VALUE.finditer(code):
        year, month, day, ticker, number = match.groups()
        if year is not None:
            name = by_value.get(("d", f"{int(year)}, {int(month)}, {int(day)}"))
            before, after = "datetime(", ")"
        elif ticker is not None:
            name = by_value.get(("t", ticker))
            before, after = "'", "'"
        else:
            name = by_value.get(("n", number_text(float(number))))
            before = after = ""
        if name is None:
            continue
        pieces += [code[at:match.start()] + before, name]
        at = match.end() - len(after)
    pieces.append(code[at:])
    return [p for p in pieces if p]


@dataclass
class SlotCodec:
    """Tokenizer and vocabulary of a slot-reading model."""

    tokenizer_json: str
    words: list[str]
    known_upper: list[str]

    def __post_init__(self) -> None:
        from tokenizers import Tokenizer

        from strategy_lsp.grammar.decoding import EOS

        self.tokenizer = Tokenizer.from_str(self.tokenizer_json)
        self.code_size = self.tokenizer.get_vocab_size()
        eos = self.tokenizer.token_to_id(EOS)
        if eos is None:
            raise ValueError(f"the code tokenizer has no {EOS} token")
        self.eos: int = eos
        self.slot_ids = {name: self.code_size + i for i, name in enumerate(SLOTS)}
        self.slot_names = {i: name for name, i in self.slot_ids.items()}
        first_word = self.code_size + len(SLOTS)
        self.word_ids = {w: first_word + i for i, w in enumerate(self.words)}
        self.vocab_size = first_word + len(self.words)
        self._spelt: dict[str, int] = {}

    @cached_property
    def code_texts(self) -> list[str]:
        """The text of each code token (EOS decodes to nothing)."""
        return [self.tokenizer.decode([i], skip_special_tokens=False)
                if i != self.eos else "" for i in range(self.code_size)]

    @cached_property
    def dotted(self) -> np.ndarray:
        """The ids of the code tokens whose text holds a dot: only these can begin an enum
        member (``FibonacciLevels.LEVEL_50``)."""
        return np.array([i for i, t in enumerate(self.code_texts) if "." in t], np.int64)

    # --- building (training) and files ------------------------------------------------

    @classmethod
    def build(cls, pairs: Sequence[tuple[str, str]], vocab: int) -> SlotCodec:
        """Vocabulary from training (prompt, completion) pairs; ``vocab`` code tokens."""
        return cls.build_reading(pairs, vocab)[0]

    @classmethod
    def build_reading(cls, pairs: Sequence[tuple[str, str]],
                      vocab: int) -> tuple[SlotCodec, list[Reading]]:
        """:meth:`build`, with each prompt as the new codec reads it (every prompt read once)."""
        from strategy_lsp.grammar.decoding import train_code_tokenizer

        known = sorted(known_capitals(pairs))
        readings = [read_description(p, known) for p, _ in pairs]
        # every occurrence counts: BPE's merges follow frequency
        texts = [piece for (_, code), reading in zip(pairs, readings, strict=True)
                 for piece in code_pieces(code, reading) if piece not in SLOTS]
        counts = Counter(w for r in readings for w in r.words if w not in SLOTS)
        common = sorted(w for w, n in counts.items()
                        if n >= MIN_WORD_COUNT and w not in (UNKNOWN, ANSWER))
        words = [UNKNOWN, ANSWER, *common]
        codec = cls(train_code_tokenizer(texts, vocab, split_words=False), words, known)
        # as :meth:`read` gives them, so that a run resumed from files reads them alike
        return codec, [codec.split_compounds(r) for r in readings]

    def grown(self, pairs: Sequence[tuple[str, str]]) -> SlotCodec:
        """This codec with the words and capitals of ``pairs`` that it lacks added after its
        own, so that every id it had keeps its meaning (to continue training on new text)."""
        return self.grown_reading(pairs)[0]

    def grown_reading(self, pairs: Sequence[tuple[str, str]]
                      ) -> tuple[SlotCodec, list[Reading]]:
        """:meth:`grown`, with each prompt as the grown codec reads it (read once)."""
        known = sorted(set(self.known_upper) | known_capitals(pairs))
        readings = [read_description(p, known) for p, _ in pairs]
        counts = Counter(w for r in readings for w in r.words if w not in SLOTS)
        have = set(self.words)
        new = sorted(w for w, n in counts.items() if n >= MIN_WORD_COUNT and w not in have)
        codec = SlotCodec(self.tokenizer_json, [*self.words, *new], known)
        return codec, [codec.split_compounds(r) for r in readings]

    def reading_json(self) -> str:
        return json.dumps({"words": self.words, "known_upper": self.known_upper}) + "\n"

    @classmethod
    def from_files(cls, tokenizer_json: str, reading_json: str) -> SlotCodec:
        data: dict[str, Any] = json.loads(reading_json)
        return cls(tokenizer_json, list(data["words"]), list(data["known_upper"]))

    # --- ids -----------------------------------------------------------------------

    def read(self, prompt: str) -> Reading:
        """The prompt as this codec's model reads it: :func:`read_description`, with each
        compound the model does not know read as its two known words (:meth:`compound`).
        A prompt with no ticker in capitals is read with the one it writes in lower case
        (:func:`lower_case_ticker`: "buy nvda" as "buy NVDA"), where there is one, or else
        with the ticker of a company it names (:func:`named_ticker`: "buy Apple" as "buy
        AAPL")."""
        return self.read_noting(prompt)[0]

    def read_noting(self, prompt: str) -> tuple[Reading, tuple[str, str] | None]:
        """:meth:`read`, and ``(as written, ticker)`` where it took the ticker from a
        lower-case symbol or a company's name ("apple" -> AAPL), else None."""
        reading = read_description(prompt, self.known_upper)
        inferred = None
        if not reading.has_ticker:
            symbol = lower_case_ticker(prompt, self.knows, TICKERS, _english)
            inferred = (symbol, symbol.upper()) if symbol is not None else \
                named_ticker(prompt, NAMED)
            if inferred is not None:
                reading = read_description(with_ticker(prompt, *inferred), self.known_upper)
        return self.split_compounds(reading), inferred

    def knows(self, word: str) -> bool:
        """Whether the model reads ``word`` (lower case) as a word of its own, a misspelling
        of one, or a capitalised word that is never a ticker (RSI)."""
        return word.upper() in self.known_upper or \
            self.word_id(word) != self.word_ids[UNKNOWN]

    def split_compounds(self, reading: Reading) -> Reading:
        """``reading`` with each of its words read by :meth:`compound`."""
        words = [part for word in reading.words for part in self.compound(word)]
        return reading if len(words) == len(reading.words) else Reading(words, reading.slots)

    def compound(self, word: str) -> list[str]:
        """``word``, or the two known words it is made of ("upside": up, side) where the
        model knows no reading of it (:meth:`word_id`) and it splits one way only. An unknown
        word reaches the model as its hint, and the hints of antonyms such as upside and
        downside lie close together; their parts do not."""
        if word in self.word_ids or not word.isalpha() or len(word) < MIN_RESPELT or \
                self.word_id(word) != self.word_ids[UNKNOWN]:
            return [word]
        splits = [[word[:i], word[i:]] for i in range(2, len(word) - 2)
                  if word[:i] in self.word_ids and word[i:] in self.word_ids]
        return splits[0] if len(splits) == 1 else [word]

    def prompt_ids(self, reading: Reading) -> list[int]:
        ids = [self.slot_ids.get(w) or self.word_id(w) for w in reading.words]
        return [*ids, self.word_ids[ANSWER]]

    def unknown_words(self, reading: Reading) -> list[str | None]:
        """Aligned with :meth:`prompt_ids`: each word read as ``<unk>`` that a hint can
        stand for (:mod:`.hints`), None at every other position."""
        unknown = self.word_ids[UNKNOWN]
        words: list[str | None] = [
            w if w not in self.slot_ids and hintable(w) and self.word_id(w) == unknown
            else None for w in reading.words]
        return [*words, None]

    def word_id(self, word: str) -> int:
        """The id of a prompt word; a misspelt one (one letter dropped, doubled, swapped or
        changed) takes the id of the one known word it could be, anything else is ``<unk>``."""
        known = self.word_ids.get(word)
        if known is not None:
            return known
        spelt = self._spelt.get(word)
        if spelt is None:
            if len(self._spelt) >= RESPELT_CACHE:  # forget the oldest
                del self._spelt[next(iter(self._spelt))]
            spelt = self._spelt[word] = self._respelt(word)
        return spelt

    def _respelt(self, word: str) -> int:
        unknown = self.word_ids[UNKNOWN]
        if len(word) < MIN_RESPELT or not word.isalpha():
            return unknown
        letters = "abcdefghijklmnopqrstuvwxyz"
        # typing seldom gets the first letter wrong: an edit there would make "cutting"
        # "putting"; two first letters swapped are still a typo
        splits = [(word[:i], word[i:]) for i in range(1, len(word) + 1)]
        edits = {a + b[1:] for a, b in splits if b} | \
            {a + b[1] + b[0] + b[2:] for a, b in [("", word), *splits] if len(b) > 1} | \
            {a + c + b[1:] for a, b in splits if b for c in letters} | \
            {a + c + b for a, b in splits for c in letters}
        near = {self.word_ids[e] for e in edits if e in self.word_ids and len(e) >= MIN_RESPELT}
        if near:  # one known word it could be, or several: then none
            return near.pop() if len(near) == 1 else unknown
        # no typo of a known word: a form of one is that word ("cutting" is "cuts")
        return next((self.word_ids[f] for f in inflections(word) if f in self.word_ids),
                    unknown)

    def code_ids(self, code: str) -> list[int]:
        ids: list[int] = self.tokenizer.encode(code, add_special_tokens=False).ids
        return ids

    def answer_ids(self, code: str, reading: Reading) -> list[int]:
        """The answer as the model writes it: code tokens and slots, then EOS."""
        ids: list[int] = []
        for piece in code_pieces(code, reading):
            ids += [self.slot_ids[piece]] if piece in self.slot_ids else self.code_ids(piece)
        return [*ids, self.eos]

    def expansions(self, reading: Reading) -> dict[int, list[int]]:
        """For each slot of the reading, the code tokens it stands for."""
        # a ticker's quotes are code text around its slot, so every slot is its bare text
        return {self.slot_ids[s.name]: self.code_ids(s.text) for s in reading.slots}


def _english(word: str) -> bool:
    """Whether ``word`` is in the packaged embedding's word list (loaded at the first
    description that writes its ticker in lower case)."""
    from strategy_lsp.knowledge.embedding import default_words

    return word in default_words()


def inflections(word: str) -> list[str]:
    """Other forms of an English word by the regular rules, its likeliest stem first:
    "cutting" gives cuts, cut, cutes ... of the stem "cut", then those of "cutt" and
    "cutte" (only the forms a vocabulary knows matter; never the word itself)."""
    stems: list[str] = []
    if word.endswith("ies") and len(word) > 5:  # dailies, weeklies
        stems.append(word[:-3] + "y")
    for suffix in ("ing", "ed", "es", "s"):
        base = word[:-len(suffix)]
        if word.endswith(suffix) and len(base) >= 3:
            if base[-1] == base[-2] and base[-1] not in "aeiouls":  # cutting, stopped
                stems.append(base[:-1])
            stems += [base, base + "e"]
    forms = [f for stem in stems for f in (stem + "s", stem, stem + "es", stem + "ing",
                                           stem + "ed", stem.removesuffix("e") + "ing")]
    return list(dict.fromkeys(f for f in forms if f != word))


def known_capitals(pairs: Iterable[tuple[str, str]], least: int = 3) -> set[str]:
    """Capitalised words of the prompts that are not the strategy's ticker (RSI, MACD ...)."""
    counts: Counter[str] = Counter()
    for prompt, code in pairs:
        tickers = set(re.findall(r"'([^'\\]*)'", code))
        counts.update(m.group("sym") for m in _TICKER.finditer(prompt)
                      if m.group("sym") not in tickers)
    return {word for word, n in counts.items() if n >= least and re.search(r"[A-Z]", word)}
