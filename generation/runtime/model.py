"""A model directory on disk, loaded for in-process generation under a grammar mask.

Layout: ``config.json`` (the :class:`DecoderConfig` fields plus ``prompt_prefix`` and
``prompt_suffix``, the text around the prompt that the model was trained with),
``weights.npz`` and ``tokenizer.json`` (a Hugging Face tokenizer with the ``<|eos|>`` token).
A model that reads descriptions as words and value slots (:mod:`.reading`) also has
``reading.json``; ``config.json`` then says ``"reader": "slots"``. ``"task": "whole"`` marks
a model trained on whole strategies only. ``"short_sides"`` says how the model writes a
short strategy's two conditions: ``"library"`` as trading-strategy-tester means them (the
short's entry is ``sell_condition``), ``"entry"`` with its entry as ``buy_condition`` (every
model trained on datasets of generator version 1; the default where the key is absent). The
embedded backend turns an ``"entry"`` model's answers into the library's meaning
(:mod:`strategy_lsp.grammar.sides`). ``"partners"`` lists model folders (relative to this
one) that decode together with it: each reads the description with its own words, and every
step takes the mean of all their logits (:class:`JointCache`).
"""

from __future__ import annotations

import json
import math
import re
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from strategy_lsp.generation.settings import ShortSides

from .crossings import (
    Crossing,
    self_comparisons,
    stated_crossings,
    turnable_crossings,
    unwritten_crossings,
)
from .hints import HINT_EMBEDDING_KEY, WordHints
from .joins import join_defects, join_turns
from .reading import Reading, number_text
from .slotted import ANSWER, READING_FILE, UNKNOWN, SlotCodec
from .transformer import DecoderConfig, DecoderWeights, KVCache, Transformer

if TYPE_CHECKING:
    from strategy_lsp.grammar.decoding import ConstrainedDecoder


class ModelFormatError(ValueError):
    """The directory does not hold a loadable model."""


class Cancelled(Exception):
    """Generation was stopped through its cancel event."""


class OutOfTokens(Exception):
    """The token budget ran out before the code was complete.

    ``positions`` is True when the description's length was to blame: it left the answer
    less room than :data:`ANSWER_ROOM`."""

    def __init__(self, message: str, *, positions: bool = False) -> None:
        super().__init__(message)
        self.positions = positions


#: The room a whole strategy's answer gets when a long description is given more positions
#: than the model has (answers of the dataset take 25 ids at the median, 70 at most).
ANSWER_ROOM = 96
#: A long description may take up to this many times the model's positions, squeezed into
#: its range (:meth:`Transformer.new_cache`); longer ones are refused.
MAX_STRETCH = 2


@dataclass(frozen=True)
class Choice:
    """One decision of the model: the code it added (characters ``start:end`` of the
    answer) and the probability it gave that code among what the grammar allowed there.
    Steps where the grammar allowed one thing only are no decision and are not kept."""

    start: int
    end: int
    probability: float


@dataclass(frozen=True)
class JointCache:
    """The caches of a model and its partners (config.json's ``"partners"``), one per
    model, in that order, which grow and fork together."""

    caches: tuple[KVCache, ...]

    def fork(self) -> JointCache:
        return JointCache(tuple(c.fork() for c in self.caches))


@dataclass(frozen=True)
class PartnerInput:
    """A partner model and the description as it reads it: ids and word hints."""

    model: EmbeddedModel
    prompt_ids: list[int]
    hints: np.ndarray | None


def _longest(prompt_ids: list[int], partners: list[PartnerInput] | None) -> int:
    """The most positions the description takes in any of the models decoding it."""
    return max([len(prompt_ids), *(len(p.prompt_ids) for p in partners or ())])


@dataclass(frozen=True)
class _Hypothesis:
    """One partial answer of a beam search."""

    score: float  # sum of log-probabilities of its choices
    decoder: ConstrainedDecoder
    cache: KVCache | JointCache
    logits: np.ndarray  # the model's next-id logits after the last choice
    steps: int
    choices: tuple[Choice, ...] = ()
    used: frozenset[int] = frozenset()  # the slot ids it has written
    #: a greedy answer's every choice: (id, where its text starts, where it ends)
    path: tuple[tuple[int, int, int], ...] = ()

    def again(self) -> _Hypothesis:
        """A start that may be decoded once more (the decoder copied, the cache forked)."""
        return _Hypothesis(self.score, self.decoder.copy(), self.cache.fork(), self.logits,
                           self.steps, self.choices, self.used, self.path)

    def forcing(self, position: int, text: str) -> tuple[tuple[int, ...], str]:
        """How to decode this greedy answer again with ``text`` at ``position`` of its code:
        the choices to replay (those before the one that wrote ``position``) and the text
        to force after them (what that choice wrote up to ``position``, then ``text``)."""
        step = next(i for i, (_, begin, end) in enumerate(self.path) if begin <= position < end)
        begin = self.path[step][1]
        return (tuple(choice for choice, _, _ in self.path[:step]),
                self.decoder.text()[begin:position] + text)


def _stated_values(codec: SlotCodec, expansions: dict[int, list[int]]) -> set[int]:
    """The slots of the description's numbers and dates (not its tickers or words)."""
    return {i for i in expansions if codec.slot_names[i][1] in "nd"}


#: a number the code writes: not part of a name (RSI14) or of a longer number
_NUMBER_LITERAL = re.compile(r"(?<![\w.])\d+(?:\.\d+)?(?![\w.])")


def _unused_values(stated: set[int], used: set[int] | frozenset[int],
                   texts: dict[int, str], code: str) -> set[int]:
    """The slots of ``stated`` that ``code`` leaves out: neither written as the slot (in
    ``used``) nor, for a fraction (``texts``: each slot's value as code), as the percentage
    it stands for, which the model writes itself ("a 0.03 take profit" is
    ``TakeProfit(percentage=3)``)."""
    left = stated - used
    if not left:
        return left
    literals = set(_NUMBER_LITERAL.findall(code))

    def as_percentage(slot: int) -> bool:
        try:
            value = float(texts[slot])
        except (KeyError, ValueError):
            return False
        return 0 < value < 1 and number_text(round(value * 100, 9)) in literals

    return {slot for slot in left if not as_percentage(slot)}


#: Series whose names are everyday words of any description (the prices, volume, a level)
_UNNAMED_SERIES = frozenset({"CLOSE", "OPEN", "HIGH", "LOW", "VOLUME", "CONST"})
#: Names of series that are too common as words to say a description means the series
_WEAK_NAMES = frozenset({"ultimate", "mass", "signal line", "chop", "momentum", "hammer"})
_SERIES_CALL = re.compile(r"(?<![A-Za-z0-9_])([A-Z][A-Z0-9_]*)\(")


def family(series: str) -> str:
    """An indicator series' family: the series and its other lines (BB_UPPER and BB_LOWER
    are "BB", MACD and MACD_SIGNAL "MACD")."""
    return series.split("_")[0]


@cache
def _series_names() -> tuple[re.Pattern[str], dict[str, str]]:
    """A pattern of the catalog's names of the indicator series (longest first, so that
    "exponential moving average" is not read as "moving average"), and each name's family
    (lower case)."""
    from strategy_lsp.grammar import CATALOG, Kind

    families: dict[str, str] = {}
    for spec in CATALOG.of_kind(Kind.SERIES):
        if spec.name in _UNNAMED_SERIES:
            continue
        for name in spec.names:
            if len(name) >= 3 and name.lower() not in _WEAK_NAMES:
                families.setdefault(name.lower(), family(spec.name))
    names = sorted(families, key=len, reverse=True)
    pattern = re.compile(r"(?<![a-z0-9])(" + "|".join(map(re.escape, names)) + r")(?![a-z0-9])",
                         re.IGNORECASE)
    return pattern, families


def named_families(text: str) -> frozenset[str]:
    """The indicator families ``text`` names by one of the catalog's names ("Bollinger"
    bands as "BB", "the 50 EMA" as "EMA"); the prices and volume are never counted."""
    pattern, families = _series_names()
    return frozenset(families[m.group(1).lower()] for m in pattern.finditer(text))


def written_families(code: str) -> set[str]:
    """The indicator families ``code`` writes a series of."""
    return {family(name) for name in _SERIES_CALL.findall(code)}


@dataclass(frozen=True)
class Statements:
    """What a description states beyond its values, that an answer may leave out: the
    indicator families it names (:func:`named_families`) and the crossings it states one
    way (:func:`.crossings.stated_crossings`)."""

    families: frozenset[str] = frozenset()
    crossings: tuple[Crossing, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.families or self.crossings)

    def left_out(self, code: str) -> int:
        """How many of the statements ``code`` does not write; with crossings, each
        condition that compares a series with itself counts too (:func:`self_comparisons`)."""
        crossings = unwritten_crossings(self.crossings, code) + self_comparisons(code) \
            if self.crossings else 0
        return len(self.families - written_families(code)) + crossings


@dataclass(frozen=True)
class Generated:
    text: str
    prompt_tokens: int
    completion_tokens: int
    #: the model's decisions, in order (:class:`Choice`); empty where not recorded
    choices: tuple[Choice, ...] = ()


def _generated(best: _Hypothesis, prompt_tokens: int) -> Generated:
    """What a beam search's chosen hypothesis wrote."""
    return Generated(text=best.decoder.text(), prompt_tokens=prompt_tokens,
                     completion_tokens=best.steps, choices=best.choices)


#: a date argument about to be written, and the dates the code already holds
_DATE_ARGUMENT = re.compile(r"\b(start_date|end_date)=datetime\($")
_WRITTEN_DATE = re.compile(r"\b(start_date|end_date)=datetime\((\d+), (\d+), (\d+)\)")

Date = tuple[int, int, int]


def date_slots(codec: SlotCodec, reading: Reading) -> dict[int, Date]:
    """The date each date slot of ``reading`` holds, by slot id."""
    return {codec.slot_ids[s.name]: (int(y), int(m), int(d)) for s in reading.slots
            if s.name.startswith("<d") for y, m, d in [s.text.split(", ")]}


def date_in_order(code: str, date: Date) -> bool:
    """Whether ``date`` may follow ``code`` (which ends where a date argument's value
    starts): an end date not before the start date the code already has, and the other way
    round. The grammar cannot say this, and the validator refuses an end before the start."""
    argument = _DATE_ARGUMENT.search(code)
    if argument is None:
        return True
    written = {m[1]: (int(m[2]), int(m[3]), int(m[4])) for m in _WRITTEN_DATE.finditer(code)}
    if argument[1] == "end_date" and "start_date" in written:
        return date >= written["start_date"]
    if argument[1] == "start_date" and "end_date" in written:
        return date <= written["end_date"]
    return True


#: an enum member written in code (``FibonacciLevels.LEVEL_38_2``), or its first letters
_MEMBER = re.compile(r"\b([A-Z][A-Za-z]*)\.([A-Z0-9_]*)")
#: an enum member reference the code ends in, perhaps still being written
_MEMBER_AT_END = re.compile(_MEMBER.pattern + "$")
#: the longest enum member reference, with some room: how far back a new token may reach
_MEMBER_REACH = 64


@cache
def _numeric_enums() -> dict[str, dict[str, tuple[float, tuple[str, ...]]]]:
    """Enums of the catalog whose members are numbers (Fibonacci levels): for each member,
    its value and the word names (``half``, ``golden``) that state it without a number."""
    from strategy_lsp.grammar.catalog import CATALOG

    enums: dict[str, dict[str, tuple[float, tuple[str, ...]]]] = {}
    for enum in CATALOG.enums:
        try:
            values = [float(m.value) for m in enum.members]
        except ValueError:
            continue
        enums[enum.name] = {
            m.name: (value, tuple(n.lower() for n in m.names if re.fullmatch(r"[A-Za-z ]+", n)))
            for m, value in zip(enum.members, values, strict=True)}
    return enums


def stated_members(reading: Reading) -> dict[str, frozenset[str]]:
    """The members of each numeric enum that ``reading`` states, for the enums it states
    by a number the model cannot see.

    The reader shows the model a whole number's value beside its slot (``<n1> #50``) but a
    fraction as a bare slot, so "the 38.2% fib level" and "the 61.8% fib level" look alike
    to it. Where the description states a member that way (23.6, 38.2, 0.618 or 0.5 for
    50), the enum's choice is left to the members the description states: by a number equal
    to the member's value (or to a hundredth of it, for fractions), or by one of its word
    names. An enum stated by whole numbers or words alone is the model's to choose."""
    numbers = [float(s.text) for s in reading.slots if s.name.startswith("<n")]
    text = f" {' '.join(reading.words)} "
    restricted: dict[str, frozenset[str]] = {}
    for enum, members in _numeric_enums().items():
        stated: set[str] = set()
        hidden = False
        for member, (value, names) in members.items():
            for number in numbers:
                as_written = math.isclose(number, value, abs_tol=1e-9)
                as_fraction = 0 < number < 1 and math.isclose(number * 100, value, abs_tol=1e-9)
                if as_written or as_fraction:
                    stated.add(member)
                    hidden |= not number.is_integer()
            if any(f" {name} " in text for name in names):
                stated.add(member)
        if hidden:
            restricted[enum] = frozenset(stated)
    return restricted


def member_choice(before: str, after: str,
                  members: dict[str, frozenset[str]]) -> tuple[str, bool] | None:
    """How the code token that turns ``before`` into ``after`` writes a member of an enum
    that ``members`` limits (:func:`stated_members`): None where it writes none; else the
    token's text before the member (tokens that share it differ only in the member) and
    whether the member it writes is offered (a member still being written must be the
    start of an offered one)."""
    for match in _MEMBER.finditer(after, max(0, len(before) - _MEMBER_REACH)):
        offered = members.get(match[1])
        if offered is None or match.end() <= len(before):
            continue
        written = match[2]
        complete = match.end() < len(after)
        ok = written in offered if complete else any(m.startswith(written) for m in offered)
        return after[len(before):max(len(before), match.start(2))], ok
    return None


def log_probabilities(scores: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The ids the mask allows (finite ``scores``) and their log-probabilities, normalised
    over those ids alone."""
    allowed = np.flatnonzero(np.isfinite(scores))
    values = scores[allowed].astype(np.float64)
    if not len(values):
        return allowed, values
    peak = values.max()
    return allowed, values - peak - np.log(np.exp(values - peak).sum())


def _decision(scores: np.ndarray, choice: int, start: int, end: int) -> Choice | None:
    """The :class:`Choice` of picking ``choice`` among the finite ``scores`` (None when it
    was the only one allowed)."""
    allowed, logp = log_probabilities(scores)
    if len(allowed) < 2:
        return None
    return Choice(start, end, float(np.exp(logp[np.searchsorted(allowed, choice)])))


def offer_stated_members(codec: SlotCodec, text: str, code: np.ndarray,
                          members: dict[str, frozenset[str]]) -> None:
    """Take from ``code`` (masked logits of the code tokens after ``text``) each token that
    writes a member its enum does not offer (:func:`member_choice`).

    The model cannot see which member a hidden value states, so its logits spread over the
    members; and the code BPE often writes a condition and its member as one token. Each
    group of tokens that differ only in the member therefore keeps the whole group's
    probability, moved to its offered tokens in the proportions the model gave them: the
    model still chooses the condition (and how to write it), the description the member."""
    tail = text[-_MEMBER_REACH:]
    finite = np.isfinite(code)
    writing = _MEMBER_AT_END.search(tail)
    if writing is None or writing[1] not in members:
        # no member under way: only a token with a dot can start one
        candidates = codec.dotted[finite[codec.dotted]]
    else:
        candidates = np.flatnonzero(finite)
    groups: dict[str, tuple[list[int], list[int]]] = {}
    for token in candidates:
        choice = member_choice(tail, tail + codec.code_texts[token], members)
        if choice is not None:
            every, offered = groups.setdefault(choice[0], ([], []))
            every.append(int(token))
            if choice[1]:
                offered.append(int(token))
    for every, offered in groups.values():
        mass, kept = _log_sum_exp(code[every]), code[offered].copy()
        code[every] = -np.inf
        if offered:  # the model's preferences among the offered tokens stay as they were
            code[offered] = kept + (mass - _log_sum_exp(kept))


def _log_sum_exp(values: np.ndarray) -> float:
    peak = float(values.max())
    return peak + float(np.log(np.exp(values.astype(np.float64) - peak).sum()))


#: config.json's key for how a model writes a short strategy's conditions, and its values
SHORT_SIDES_KEY = "short_sides"
SHORT_LIBRARY, SHORT_ENTRY_FIRST = ShortSides.LIBRARY.value, ShortSides.ENTRY.value
#: config.json's key for the model folders that decode together with this one
PARTNERS_KEY = "partners"


class TickerReading(NamedTuple):
    """Whether a description's ticker can be read, and ``(as written, ticker)`` where the
    reader took it from a lower-case symbol or a company's name."""

    found: bool
    inferred: tuple[str, str] | None


class Decoding(NamedTuple):
    """How a model folder's ``config.json`` asks the runtime to decode."""

    #: hypotheses a slotted model keeps while decoding: 1 is greedy
    beams: int = 1
    #: ways a slotted model reads each description, decoded together
    readings: int = 1
    #: the share of known words each reading after the first hides as ``<unk>``
    reading_dropout: float = 0.1
    #: what a beam search's finished answer loses per number or date of the description
    #: that it does not use
    coverage: float = 0.0
    #: beams of a second decoding, with the coverage loss, when the greedy answer leaves a
    #: number or date of the description unused (0: never)
    retry_beams: int = 0
    #: whether that retry, and its coverage loss, also count each indicator the
    #: description names (:func:`named_families`) that the answer does not write
    named_coverage: bool = False
    #: whether they also count each crossing the description states one way
    #: (:func:`.crossings.stated_crossings`) that the answer does not write
    crossing_coverage: bool = False
    #: whether the retry, where the greedy answer still leaves something out, first tries
    #: joining its conditions otherwise (:func:`.joins.join_turns`), and counts each join no
    #: dataset answer makes (:func:`.joins.join_defects`: an operator directly inside the
    #: same operator, a clause twice among an operator's children) as left out
    join_coverage: bool = False


#: The settings that add a statement to the retry's count, each meaningless without it
RETRY_STATEMENTS = ("named_coverage", "crossing_coverage", "join_coverage")


def decoding_settings(config: Mapping[str, Any]) -> Decoding:
    """The decoding settings of a model folder's ``config`` (each may be absent); raises
    ValueError, saying what is wrong, unless they go together."""
    default = Decoding()
    settings = Decoding(*(type(value)(config.get(name, value))
                          for name, value in default._asdict().items()))
    if settings.beams < 1 or settings.readings < 1 or \
            not 0 <= settings.reading_dropout < 1 or not 0 <= settings.coverage < math.inf:
        raise ValueError("beams and readings must be 1 or more, reading_dropout in [0, 1) and "
                         "coverage a finite number, not negative")
    if settings.retry_beams and (settings.retry_beams < 2 or settings.beams > 1 or
                                 not settings.coverage):
        raise ValueError("retry_beams must be 2 or more, with beams 1 (a greedy first "
                         "answer) and a coverage above 0")
    for statement in RETRY_STATEMENTS:
        if getattr(settings, statement) and not settings.retry_beams:
            raise ValueError(f"{statement} needs retry_beams")
    return settings


class EmbeddedModel:
    """Weights, tokenizer and prompt format of one model directory."""

    def __init__(self, path: Path) -> None:
        from tokenizers import Tokenizer

        from strategy_lsp.grammar.decoding import EOS, load_tokenizer

        self.path = path
        try:
            raw = json.loads((path / "config.json").read_text("utf-8"))
            self.config = DecoderConfig.load(path / "config.json")
            weights = DecoderWeights.load(path / "weights.npz")
            tokenizer_json = (path / "tokenizer.json").read_text("utf-8")
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise ModelFormatError(f"{path} does not hold a model: {error}") from error
        self.prompt_prefix: str = raw.get("prompt_prefix", "")
        self.prompt_suffix: str = raw.get("prompt_suffix", "")
        #: "whole" for a model that only writes whole strategies; "all" or "fields" otherwise
        self.task: str = raw.get("task", "all")
        #: how it writes a short's conditions: SHORT_LIBRARY, or SHORT_ENTRY_FIRST (entry as
        #: buy_condition, which the embedded backend swaps)
        self.short_sides: str = raw.get(SHORT_SIDES_KEY, SHORT_ENTRY_FIRST)
        if self.short_sides not in (SHORT_LIBRARY, SHORT_ENTRY_FIRST):
            raise ModelFormatError(f"{path}: {SHORT_SIDES_KEY} is {self.short_sides!r}, not "
                                   f"{SHORT_LIBRARY!r} or {SHORT_ENTRY_FIRST!r}")
        try:
            decoding = decoding_settings(raw)
        except (ValueError, TypeError) as error:
            raise ModelFormatError(f"{path}: {error}") from error
        # attributes, each described in :class:`Decoding` (read by :meth:`_readings`,
        # :meth:`_beam_search` and :meth:`_generate_slotted`)
        self.beams, self.readings, self.reading_dropout, self.coverage, \
            self.retry_beams, self.named_coverage, self.crossing_coverage, \
            self.join_coverage = decoding
        self.codec: SlotCodec | None = None
        if raw.get("reader", "bytes") == "slots":
            try:
                self.codec = SlotCodec.from_files(
                    tokenizer_json, (path / READING_FILE).read_text("utf-8"))
            except (OSError, ValueError, KeyError) as error:
                raise ModelFormatError(f"{path} does not hold a model: {error}") from error
            if self.codec.vocab_size != self.config.vocab_size:
                raise ModelFormatError(f"{path}: {READING_FILE} and tokenizer.json give "
                                       f"{self.codec.vocab_size} ids, the weights "
                                       f"{self.config.vocab_size}")
        #: what the words the model does not know look like (None: a model without hints)
        self.hints: WordHints | None = None
        if self.config.hint_dim:
            self.hints = self._load_hints(path, raw.get(HINT_EMBEDDING_KEY))
        self.transformer = Transformer(self.config, weights)
        self.tokenizer = Tokenizer.from_str(tokenizer_json)
        self.guide_tokenizer = load_tokenizer(tokenizer_json)
        self.eos = self.tokenizer.token_to_id(EOS)
        self._lock = threading.Lock()  # one generation at a time per model: 2 cores
        #: models whose logits are averaged with this one's at every step
        self.partners = self._load_partners(path, raw.get(PARTNERS_KEY, []))

    def _load_partners(self, path: Path, entries: object) -> tuple[EmbeddedModel, ...]:
        """The partner models of ``config.json``: slot-reading models whose code tokens and
        slots are this model's (a partner may know more words), each read alone."""
        if not entries:
            return ()
        if not isinstance(entries, list) or not all(isinstance(e, str) for e in entries):
            raise ModelFormatError(f"{path}: {PARTNERS_KEY} must be a list of folder names")
        if self.codec is None or self.readings > 1:
            raise ModelFormatError(f"{path}: partners need a slot-reading model that reads "
                                   "each description once")
        partners = []
        for entry in entries:
            partner = EmbeddedModel(path / entry)
            codec = partner.codec
            if codec is None or codec.code_texts != self.codec.code_texts or \
                    codec.slot_ids != self.codec.slot_ids:
                raise ModelFormatError(f"{path}: its partner {entry} does not write this "
                                       "model's code tokens and slots")
            if partner.partners or partner.readings > 1 or \
                    partner.short_sides != self.short_sides:
                raise ModelFormatError(f"{path}: its partner {entry} must read each "
                                       "description once, have no partners of its own and "
                                       "write a short's sides as this model does")
            partners.append(partner)
        return tuple(partners)

    def _partner_inputs(self, text: str, reading: Reading) -> list[PartnerInput]:
        """Each partner's ids and hints for the description ``text`` that this model reads
        as ``reading``; none at all when a partner reads its values differently (its slots
        would then stand for other values), so that this model decodes alone."""
        values = [(slot.name, slot.text) for slot in reading.slots]
        inputs = []
        for partner in self.partners:
            assert partner.codec is not None
            theirs = partner.codec.read(text)
            if [(slot.name, slot.text) for slot in theirs.slots] != values:
                return []
            hints = partner.hints.rows(partner.codec.unknown_words(theirs)) \
                if partner.hints else None
            inputs.append(PartnerInput(partner, partner.codec.prompt_ids(theirs), hints))
        return inputs

    def _load_hints(self, path: Path, trained_with: object) -> WordHints:
        from strategy_lsp.knowledge.embedding import EmbeddingError

        if self.codec is None:
            raise ModelFormatError(f"{path}: word hints need a slot-reading model")
        hints = WordHints()
        try:
            identity = hints.identity  # the files' digest; the vectors load when first needed
        except EmbeddingError as error:
            raise ModelFormatError(f"{path} reads word hints, and {error}") from error
        if trained_with != identity:
            raise ModelFormatError(
                f"{path}: its word hints were trained with the embedding {trained_with!r}, "
                f"the package has {identity!r}")
        return hints

    def ticker_reading(self, prompt: str) -> TickerReading:
        """Whether the model can find a ticker in ``prompt``, and how: a model that reads
        values as slots writes a ticker only from a ticker slot, and a description whose
        ticker its reader does not recognise would leave it to make one up. A model that
        reads bytes always can (and infers nothing)."""
        if self.codec is None:
            return TickerReading(True, None)
        reading, inferred = self.codec.read_noting(
            self.prompt_prefix + prompt + self.prompt_suffix)
        return TickerReading(reading.has_ticker, inferred)

    def encode_prompt(self, prompt: str) -> list[int]:
        ids: list[int] = self.tokenizer.encode(self.prompt_prefix + prompt + self.prompt_suffix,
                                               add_special_tokens=False).ids
        return ids

    def _ran_out(self, budget: int, prompt_ids: list[int], max_tokens: int,
                 positions: int) -> OutOfTokens:
        """The error for an answer that did not fit, saying why when the prompt was to blame."""
        message = f"the code was not complete after {budget} tokens"
        if budget < min(max_tokens, ANSWER_ROOM):
            return OutOfTokens(message + f": the description takes {len(prompt_ids)} of "
                               f"{positions} positions; shorten it, or use a server backend "
                               "for descriptions this long", positions=True)
        return OutOfTokens(message)

    def generate(self, prompt: str, grammar: str, max_tokens: int,
                 cancel: threading.Event | None = None) -> Generated:
        """Code under ``grammar``; the text is complete code or an error.

        A description that leaves the answer too little of the model's positions is tried
        again with more positions than the model has, squeezed into its range (up to
        :data:`MAX_STRETCH` times as many): an answer read less sharply, rather than none.
        """
        codec = self.codec
        partners: list[PartnerInput] = []
        if codec is not None:
            text = self.prompt_prefix + prompt + self.prompt_suffix
            reading = codec.read(text)
            prompt_ids = codec.prompt_ids(reading)
            hints = self.hints.rows(codec.unknown_words(reading)) if self.hints else None
            partners = self._partner_inputs(text, reading) if self.partners else []
            named = Statements(
                named_families(prompt) if self.named_coverage else frozenset(),
                stated_crossings(prompt) if self.crossing_coverage else ())

            def attempt(positions: int) -> Generated:
                assert codec is not None
                return self._generate_slotted(codec, reading, prompt_ids, grammar, max_tokens,
                                              positions, cancel, hints, partners, named)
        else:
            prompt_ids = self.encode_prompt(prompt)

            def attempt(positions: int) -> Generated:
                return self._generate_tokens(prompt_ids, grammar, max_tokens, positions, cancel)
        native = self.config.max_seq_len
        longest = _longest(prompt_ids, partners)
        if longest + 1 < native:
            try:
                return attempt(native)
            except OutOfTokens as error:
                if not error.positions:
                    raise
        stretched = longest + min(max_tokens, ANSWER_ROOM) + 1
        if stretched > MAX_STRETCH * native:
            raise OutOfTokens(f"the description takes {longest} of the embedded "
                              f"model's {native} positions, leaving no room for the code even "
                              f"in {MAX_STRETCH * native}; shorten it, or use a server backend "
                              "for descriptions this long", positions=True)
        return attempt(stretched)

    def _generate_tokens(self, prompt_ids: list[int], grammar: str, max_tokens: int,
                         positions: int, cancel: threading.Event | None) -> Generated:
        """Greedy decoding of a byte-level model, with the tokens the grammar forces."""
        from strategy_lsp.grammar.decoding import ConstrainedDecoder

        budget = min(max_tokens, positions - len(prompt_ids) - 1)
        decoder = ConstrainedDecoder(self.guide_tokenizer, grammar)
        with self._lock:
            cache = self.transformer.new_cache(positions)
            logits = self.transformer.step(prompt_ids, cache)[-1]
            produced: list[int] = []
            choices: list[Choice] = []
            while not decoder.finished:
                if cancel is not None and cancel.is_set():
                    raise Cancelled()
                forced = decoder.forced_tokens()
                decision = None
                if forced:
                    chosen = forced
                else:
                    masked = logits.copy()
                    decoder.mask_logits(masked)
                    token = int(np.argmax(masked))
                    if not np.isfinite(masked[token]):
                        raise OutOfTokens("the grammar allows no token here")
                    chosen = [token]
                    decision = masked
                before = len(decoder.text()) if decision is not None else 0
                for token in chosen:
                    decoder.consume(token)
                if decision is not None:
                    choice = _decision(decision, chosen[0], before, len(decoder.text()))
                    if choice is not None:
                        choices.append(choice)
                if decoder.finished or chosen[-1] == self.eos:
                    produced.extend(t for t in chosen if t != self.eos)
                    break
                produced.extend(chosen)
                if len(produced) >= budget:
                    raise self._ran_out(budget, prompt_ids, max_tokens, positions)
                logits = self.transformer.step(chosen, cache)[-1]
        text = self.tokenizer.decode(produced, skip_special_tokens=True)
        return Generated(text=text, prompt_tokens=len(prompt_ids),
                         completion_tokens=len(produced), choices=tuple(choices))

    def _generate_slotted(self, codec: SlotCodec, reading: Reading, prompt_ids: list[int],
                          grammar: str, max_tokens: int, positions: int,
                          cancel: threading.Event | None,
                          hints: np.ndarray | None = None,
                          partners: list[PartnerInput] | None = None,
                          named: Statements = Statements()) -> Generated:
        """Decoding where a slot may stand for the code of a value it holds.

        No fast-forwarded tokens here: the model saw the code tokenized by its BPE and the
        values as slots, so every step is its own choice among what the mask allows. With
        ``beams`` above 1 this is a beam search (:meth:`_beam_search`), else greedy. With
        :attr:`retry_beams`, a greedy answer that leaves a number or date of the description
        unused (:func:`_unused_values`) is decoded again by a beam search of that width with
        the :attr:`coverage` loss, and the second answer wins only if it leaves fewer unused:
        a clause left out is the commonest mistake on unfamiliar phrasing, and most answers
        use every value, so most descriptions pay for one decoding only. With ``partners``
        (:meth:`_partner_inputs`), every step's logits are the mean of this model's and
        theirs (:meth:`_advance`). ``named``: the indicator families the description names
        (with :attr:`named_coverage`) and the crossings it states one way (with
        :attr:`crossing_coverage`); the retry then also counts each one an answer leaves
        out, and before the beam search it tries turning a crossing the greedy answer wrote
        the other way (:meth:`_turn_crossings`) and, with :attr:`join_coverage`, joining its
        conditions otherwise (:meth:`_turn_joins`); the beam's answer then wins over a
        joined one where it leaves out no more.
        """
        from strategy_lsp.grammar.decoding import ConstrainedDecoder

        expansions = codec.expansions(reading)
        dates = date_slots(codec, reading)
        members = stated_members(reading)
        budget = min(max_tokens, positions - _longest(prompt_ids, partners) - 1)
        decoder = ConstrainedDecoder(self.guide_tokenizer, grammar)
        cache: KVCache | JointCache
        with self._lock:
            if partners:
                cache, logits = self._start_joint(prompt_ids, hints, partners, positions)
            elif self.readings > 1:
                ids, rows = self._readings(codec, prompt_ids, hints)
                cache = self.transformer.new_cache(positions, batch=self.readings)
                logits = self.transformer.step(ids, cache, rows, last_only=True)[:, -1].mean(0)
            else:
                cache = self.transformer.new_cache(positions)
                logits = self.transformer.step(prompt_ids, cache, hints)[-1]
            if self.beams > 1:
                start = _Hypothesis(0.0, decoder, cache, logits, 0)
                best = self._beam_search(codec, start, expansions, budget, cancel, dates,
                                         members)
                if best is None:
                    raise self._ran_out(budget, prompt_ids, max_tokens, positions)
                return _generated(best, len(prompt_ids))
            # the state after the prompt, for a retry (forking shares the cache's arrays)
            start = _Hypothesis(0.0, decoder, cache, logits, 0)
            retry = start.again() if self.retry_beams else None
            answer = self._greedy(codec, start, expansions, budget, cancel, dates, members)
            if answer is None:
                raise self._ran_out(budget, prompt_ids, max_tokens, positions)
            if retry is not None:
                stated = _stated_values(codec, expansions)
                texts = {codec.slot_ids[slot.name]: slot.text for slot in reading.slots}

                def left_out(h: _Hypothesis) -> int:
                    code = h.decoder.text()
                    return len(_unused_values(stated, h.used, texts, code)) + \
                        named.left_out(code) + \
                        (join_defects(code) if self.join_coverage else 0)

                if named.crossings and left_out(answer):
                    answer = self._turn_crossings(codec, retry, answer, named.crossings,
                                                  left_out, expansions, budget, cancel, dates,
                                                  members)
                greedy_left = left_out(answer)
                if self.join_coverage and greedy_left:
                    answer = self._turn_joins(codec, retry, answer, named, left_out,
                                              expansions, budget, cancel, dates, members)
                left = left_out(answer)
                if left:
                    again = self._beam_search(codec, retry, expansions, budget, cancel, dates,
                                              members, width=self.retry_beams, named=named)
                    # the beam's answer wins over the greedy one where it leaves out less,
                    # and over a joined one where it leaves out no more: it is the model's
                    # own, with nothing forced
                    if again is not None and (beam_left := left_out(again)) < greedy_left \
                            and beam_left <= left:
                        return _generated(again, len(prompt_ids))
        return _generated(answer, len(prompt_ids))

    def _greedy(self, codec: SlotCodec, start: _Hypothesis, expansions: dict[int, list[int]],
                budget: int, cancel: threading.Event | None,
                dates: dict[int, Date] | None, members: dict[str, frozenset[str]] | None,
                replay: Sequence[int] = (), turn: str | None = None) -> _Hypothesis | None:
        """The greedy answer from ``start`` (whose decoder and cache it advances), with its
        :attr:`_Hypothesis.path`; None when ``budget`` runs out first.

        With ``replay``, the first choices are those ids (an earlier answer's path), and with
        ``turn`` the next one is the likeliest code token the mask allows whose text begins
        with ``turn``; where none does, the likeliest whose text ``turn`` begins with, and so
        on until ``turn`` is written (None when no token fits): the rest is the model's again.
        """
        decoder, cache, logits = start.decoder, start.cache, start.logits
        choices: list[Choice] = []
        used: set[int] = set()
        path: list[tuple[int, int, int]] = []
        produced = 0
        while not decoder.finished:
            if cancel is not None and cancel.is_set():
                raise Cancelled()
            scores = self._slot_scores(codec, decoder, logits, expansions, dates, members)
            if len(path) < len(replay):
                choice = replay[len(path)]
            elif turn:
                allowed = np.flatnonzero(np.isfinite(scores[:codec.code_size]))
                fits = [i for i in allowed if codec.code_texts[i].startswith(turn)] or \
                    [i for i in allowed if codec.code_texts[i] and
                     turn.startswith(codec.code_texts[i])]
                if not fits:
                    return None
                choice = int(max(fits, key=lambda i: scores[i]))
                turn = turn[len(codec.code_texts[choice]):]
            else:
                choice = int(np.argmax(scores))
            if not np.isfinite(scores[choice]):
                raise OutOfTokens("the grammar allows no token here")
            before = len(decoder.text())
            for token in expansions.get(choice, [choice]):
                decoder.consume(token)
            path.append((choice, before, len(decoder.text())))
            decision = _decision(scores, choice, before, len(decoder.text()))
            if decision is not None:
                choices.append(decision)
            if choice in expansions:
                used.add(choice)
            if choice == self.eos:
                break
            produced += 1
            if decoder.finished:
                break
            if produced >= budget:
                return None
            logits = self._advance(choice, cache)
        return _Hypothesis(0.0, decoder, cache, logits, produced, tuple(choices),
                           frozenset(used), tuple(path))

    def _turn_crossings(self, codec: SlotCodec, origin: _Hypothesis, answer: _Hypothesis,
                        crossings: tuple[Crossing, ...], left_out: Callable[[_Hypothesis], int],
                        expansions: dict[int, list[int]], budget: int,
                        cancel: threading.Event | None, dates: dict[int, Date] | None,
                        members: dict[str, frozenset[str]] | None) -> _Hypothesis:
        """``answer``, or a greedy answer that turns one of its crossing conditions the way
        the description states it (:func:`.crossings.turnable_crossings`), where that leaves
        out less; again for each crossing still unwritten.

        The turned answer is the model's own from the crossing on: the choices before it are
        replayed from ``origin`` (the state after the description), the crossing condition's
        token is the likeliest allowed one of the stated direction, and greedy decoding
        writes the rest. A beam search seldom finds these: the model is sure of the wrong
        direction where it misreads the wording, so the right one falls out of the beams.
        """
        left = left_out(answer)
        for _ in crossings:
            code = answer.decoder.text()
            for position, way in turnable_crossings(crossings, code):
                replay, forced = answer.forcing(position, way[0].upper())
                turned = self._greedy(codec, origin.again(), expansions, budget, cancel, dates,
                                      members, replay, forced)
                if turned is not None and (fewer := left_out(turned)) < left:
                    answer, left = turned, fewer
                    break
            else:
                break
            if not left:
                break
        return answer

    def _turn_joins(self, codec: SlotCodec, origin: _Hypothesis, answer: _Hypothesis,
                    named: Statements, left_out: Callable[[_Hypothesis], int],
                    expansions: dict[int, list[int]], budget: int,
                    cancel: threading.Event | None, dates: dict[int, Date] | None,
                    members: dict[str, frozenset[str]] | None) -> _Hypothesis:
        """``answer``, or a greedy answer that joins its conditions otherwise at one of
        :func:`.joins.join_turns`' places, where that writes more of the statements of
        ``named`` (or makes fewer :func:`.joins.join_defects`) and leaves out no more of the
        description; of several such places the one that leaves out least; again while one
        does. Every place is tried, not only the first that helps: a clause the sell side
        left out may as well be written into the buy side, forced to take a second clause.

        As in :meth:`_turn_crossings`, the choices before the place are replayed from
        ``origin``, the join is forced there, and the model writes the rest: a side the
        model wrote as one clause, forced to open with ``AND(``, gets the model's likeliest
        second clause. Numbers alone never justify one: forced to write a second clause, the
        model readily fills it with a number the answer left unused (a "2y" period read as
        an EMA's length), so a clause that writes only values is not kept.
        """
        def unjoined(h: _Hypothesis) -> int:
            code = h.decoder.text()
            return named.left_out(code) + join_defects(code)

        left, missing = left_out(answer), unjoined(answer)
        tried: set[tuple[tuple[int, ...], str]] = set()
        while missing:
            code = answer.decoder.text()
            best: tuple[int, int, _Hypothesis] | None = None
            for position, join in join_turns(code):
                replay, forced = answer.forcing(position, join)
                if (replay, forced) in tried:
                    continue
                tried.add((replay, forced))
                turned = self._greedy(codec, origin.again(), expansions, budget, cancel, dates,
                                      members, replay, forced)
                if turned is None:
                    continue
                fewer, still = unjoined(turned), left_out(turned)
                if fewer < missing and still <= left and \
                        (best is None or (fewer, still) < best[:2]):
                    best = (fewer, still, turned)
            if best is None:
                break
            missing, left, answer = best
        return answer

    def _readings(self, codec: SlotCodec, prompt_ids: list[int], hints: np.ndarray | None
                  ) -> tuple[np.ndarray, np.ndarray | None]:
        """The description read :attr:`readings` ways: ids (readings, positions) and their
        hints (None for a model without hints).

        The first reading is the description as it is. Each other one hides each known word
        as ``<unk>`` at :attr:`reading_dropout`, with the word's hint, as word dropout hid
        words in training, so each reading is text of the kind the model learned from. The
        hope was that a word read in a sense the description did not mean would weigh less
        in the mean of the readings' logits; on the held-out desk style it gained nothing
        (training/README.md), so no shipped model sets it. The hidden words are drawn from
        the prompt's own ids: the same description is always read the same ways.
        """
        ids = np.tile(np.asarray(prompt_ids, np.int64), (self.readings, 1))
        unknown, first_word = codec.word_ids[UNKNOWN], codec.code_size + len(codec.slot_ids)
        known = (ids[0] >= first_word) & (ids[0] != unknown) & (ids[0] != codec.word_ids[ANSWER])
        rng = np.random.default_rng(prompt_ids)
        hidden = known & (rng.random(ids.shape) < self.reading_dropout)
        hidden[0] = False
        ids[hidden] = unknown
        if self.hints is None:
            return ids, None
        rows = np.zeros((*ids.shape, self.hints.dim), np.float32)
        if hints is not None:
            rows[:] = hints
        if hidden.any():
            originals = np.broadcast_to(np.asarray(prompt_ids), ids.shape)[hidden]
            rows[hidden] = self.hints.vectors([codec.words[i - first_word] for i in originals])
        return ids, rows

    def _start_joint(self, prompt_ids: list[int], hints: np.ndarray | None,
                     partners: list[PartnerInput], positions: int
                     ) -> tuple[JointCache, np.ndarray]:
        """The caches of this model and its partners after the description, and the mean of
        their logits (:meth:`_joint_logits`)."""
        caches = [self.transformer.new_cache(positions)]
        outputs = [self.transformer.step(prompt_ids, caches[0], hints)[-1]]
        for partner in partners:
            caches.append(partner.model.transformer.new_cache(positions))
            outputs.append(partner.model.transformer.step(partner.prompt_ids, caches[-1],
                                                          partner.hints)[-1])
        return JointCache(tuple(caches)), self._joint_logits(outputs)

    def _joint_logits(self, outputs: list[np.ndarray]) -> np.ndarray:
        """This model's logits (``outputs[0]``) with those of the code tokens and slots
        replaced by their mean over all the models: the ids they share, and the only ones
        decoding scores. The mean of logits ranks what the mask allows as the mean of the
        models' log-probabilities does (each model's normaliser is one constant per step)."""
        assert self.codec is not None
        shared = self.codec.code_size + len(self.codec.slot_ids)
        mixed = outputs[0].copy()
        mixed[:shared] = np.mean([o[:shared] for o in outputs], axis=0)
        return mixed

    def _advance(self, choice: int, cache: KVCache | JointCache) -> np.ndarray:
        """The next-id logits after ``choice``: of the one sequence, the mean of the
        readings' (:meth:`_readings`), or the mean of this model's and its partners'."""
        if isinstance(cache, JointCache):
            models = [self, *self.partners]
            return self._joint_logits([m.transformer.step([choice], c)[-1]
                                       for m, c in zip(models, cache.caches, strict=True)])
        if self.readings > 1:
            batch = np.full((self.readings, 1), choice, np.int64)
            logits: np.ndarray = self.transformer.step(batch, cache)[:, -1].mean(axis=0)
        else:
            logits = self.transformer.step([choice], cache)[-1]
        return logits

    @staticmethod
    def _slot_scores(codec: SlotCodec, decoder: ConstrainedDecoder, logits: np.ndarray,
                     expansions: dict[int, list[int]],
                     dates: dict[int, Date] | None = None,
                     members: dict[str, frozenset[str]] | None = None) -> np.ndarray:
        """The logits of what may come next (code tokens and slots); -inf elsewhere. A date
        slot (``dates``) that would put the end date before the start date is not offered
        (:func:`date_in_order`), nor a code token that would name an enum member the
        description does not state where ``members`` limits its enum
        (:func:`stated_members`)."""
        scores = np.full(logits.shape, -np.inf, np.float32)
        code = logits[:codec.code_size].copy()
        decoder.mask_logits(code)
        text = decoder.text() if dates or members else ""
        if members:
            offer_stated_members(codec, text, code, members)
        scores[:codec.code_size] = code
        for slot, tokens in expansions.items():
            if decoder.accepts(tokens) and (not dates or slot not in dates or
                                            date_in_order(text, dates[slot])):
                scores[slot] = logits[slot]
        return scores

    def _beam_search(self, codec: SlotCodec, start: _Hypothesis,
                     expansions: dict[int, list[int]], budget: int,
                     cancel: threading.Event | None,
                     dates: dict[int, Date] | None = None,
                     members: dict[str, frozenset[str]] | None = None,
                     width: int | None = None,
                     named: Statements = Statements()) -> _Hypothesis | None:
        """The most likely complete code among ``width`` hypotheses (:attr:`beams` unless
        given) kept at each step.

        A hypothesis scores the sum of its choices' log-probabilities, each normalised over
        what the mask allowed at that step (so a token the grammar forces costs nothing).
        Every hypothesis grows by one id per step. Returns None when none finished within
        ``budget``.

        With :attr:`coverage` above 0, a finished answer's score also loses that much for
        each number or date slot of the description it never wrote, and for each statement
        of ``named`` it never writes (:meth:`Statements.left_out`): between answers the model
        finds about as likely, the one that accounts for more of what the description states
        wins (a clause left out is the commonest mistake on unfamiliar phrasing).
        """
        width = width or self.beams
        stated = _stated_values(codec, expansions)

        def final(h: _Hypothesis) -> float:
            missing = named.left_out(h.decoder.text()) if named else 0
            return h.score - self.coverage * (len(stated - h.used) + missing)

        live = [start]
        finished: list[_Hypothesis] = []
        while live:
            if cancel is not None and cancel.is_set():
                raise Cancelled()
            # score, hypothesis, choice, its probability (None: the only one allowed)
            grown: list[tuple[float, int, int, float | None]] = []
            for index, hypothesis in enumerate(live):
                scores = self._slot_scores(codec, hypothesis.decoder, hypothesis.logits,
                                           expansions, dates, members)
                allowed, logp = log_probabilities(scores)
                if not len(allowed):
                    continue  # a dead end under the mask: drop it
                for j in np.argsort(-logp)[:width]:
                    grown.append((hypothesis.score + float(logp[j]), index, int(allowed[j]),
                                  float(np.exp(logp[j])) if len(allowed) > 1 else None))
            grown.sort(key=lambda g: -g[0])
            live_next: list[_Hypothesis] = []
            for score, index, choice, probability in grown[:width]:
                parent = live[index]
                decoder = parent.decoder.copy()
                before = len(decoder.text())
                for token in expansions.get(choice, [choice]):
                    decoder.consume(token)
                choices = parent.choices if probability is None else \
                    (*parent.choices, Choice(before, len(decoder.text()), probability))
                used = parent.used | {choice} if choice in expansions else parent.used
                if choice == self.eos or decoder.finished:
                    finished.append(_Hypothesis(score, decoder, parent.cache, parent.logits,
                                                parent.steps + (choice != self.eos), choices,
                                                used))
                    continue
                if parent.steps + 1 >= budget:
                    continue
                cache = parent.cache.fork()
                logits = self._advance(choice, cache)
                live_next.append(_Hypothesis(score, decoder, cache, logits, parent.steps + 1,
                                             choices, used))
            live = live_next
            # scores only fall as hypotheses grow, and the coverage loss is never negative:
            # no live one can overtake a better finished one
            best_live = max((h.score for h in live), default=-np.inf)
            if len(finished) >= width or (finished and
                                          max(map(final, finished)) >= best_live):
                break
        return max(finished, key=final, default=None)
