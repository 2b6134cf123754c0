"""The training dataset: (description, code) pairs, whole and per Strategy parameter.

>>> example = next(generate_examples(1, seed=0))
>>> example.completion() == render(example.strategy, inline=True)
True

Layout on disk, in mlx-lm's ``{"prompt": ..., "completion": ...}`` jsonl format::

    DIR/whole/{train,valid,test}.jsonl            completion: the whole Strategy(...)
    DIR/fields/<parameter>/{train,valid,test}.jsonl   completion: that parameter's value
    DIR/dataset.json                             seed, size, style, counts

Prompts are :func:`~strategy_lsp.generation.prompts.fine_tuned_prompt` of the description,
so the models see in training exactly what the generation layer sends them.

A field the description does not state is answered with its catalog default, rendered
(``Interval.ONE_DAY``, ``Contracts(1)``, ``datetime(2024, 1, 1)``); where the default is
"nothing" (no stop loss, no take profit) or has no code form (the end date is today), the
answer is ``None``, the word the generation layer reads as "not stated". Per-field models
thus learn to answer for every description, as the original's did, and never invent a value.

Styles describe a strategy by its *entry* and *exit*, and the sampler hands them one whose
``buy_condition`` is the entry. The example's code then follows the library, where a short
strategy's ``sell_condition`` opens the short and its ``buy_condition`` covers it
(:mod:`strategy_lsp.grammar.sides`): a short's two conditions are exchanged after the
description is written. Datasets of generator version 1 did not, so their short strategies
wrote the entry as ``buy_condition``.

Every example is drawn from its own ``random.Random`` seeded by (seed, index), so the same
seed always gives the same bytes, whatever the platform or hash seed.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from strategy_lsp.generation.output import NOT_STATED as NOT_STATED
from strategy_lsp.generation.output import field_code as field_code
from strategy_lsp.generation.prompts import fine_tuned_prompt
from strategy_lsp.generation.runtime.model import SHORT_ENTRY_FIRST, SHORT_LIBRARY
from strategy_lsp.grammar import CATALOG, Call, render
from strategy_lsp.grammar.sides import swap_short_sides

from .phrasing import Mixture, Phraser, add_typos, phraser
from .strategies import sample_strategy

#: Every parameter of ``Strategy``, in catalog order: one per-field dataset each.
FIELDS: tuple[str, ...] = CATALOG.strategy.param_names
SPLITS: tuple[str, ...] = ("train", "valid", "test")
DEFAULT_FRACTIONS: tuple[float, float, float] = (0.8, 0.1, 0.1)
#: Share of descriptions with a typo (one, sometimes two); none is in a ticker or a number.
TYPO_DESCRIPTIONS = 0.25
#: Written into dataset.json; bump when the same seed would give different data.
#: 2: a short strategy's entry is its sell_condition, as in the library (1: buy_condition).
#: 3: the sampler also draws ATR, PVI, PVT and the Ichimoku lagging span, and in about one
#: strategy in eight states a series parameter the condition builders leave at its default.
#: 4: that parameter may also be an enum member (a source, an MA type).
GENERATOR_VERSION = 4
#: The versions ``dataset --generator`` can write (the shipped model trained on version 1).
GENERATORS: tuple[int, ...] = (1, 2, 3, 4)
#: How ``dataset --short-sides`` may write a short strategy's two conditions.
SHORT_SIDES: tuple[str, ...] = (SHORT_LIBRARY, SHORT_ENTRY_FIRST)


def version_short_sides(generator: int) -> str:
    """How a generator version writes a short's conditions when not told otherwise."""
    return SHORT_LIBRARY if generator >= 2 else SHORT_ENTRY_FIRST


@dataclass(frozen=True)
class Example:
    """One description with the strategy it states."""

    description: str
    strategy: Call
    style: str = "plain"

    @property
    def code(self) -> str:
        """The whole strategy as one line of canonical code."""
        return render(self.strategy, inline=True)

    @property
    def ticker(self) -> str:
        ticker = self.strategy.args["ticker"]
        assert isinstance(ticker, str)
        return ticker

    def prompt(self, parameter: str | None = None) -> str:
        """What a fine-tuned model is given: the description, for one parameter or all."""
        return fine_tuned_prompt(self.description, parameter)

    def completion(self, parameter: str | None = None) -> str:
        """What it must answer: the whole strategy, or one parameter's value."""
        if parameter is None:
            return self.code
        return field_code(self.strategy, parameter)


def generate_examples(size: int, seed: int, *, style: Phraser | None = None,
                      typos: bool = True, generator: int = GENERATOR_VERSION,
                      short_sides: str | None = None) -> Iterator[Example]:
    """``size`` examples with distinct prompts, the same ones for the same seed.

    ``style`` is the phrasing style (the main one by default); ``typos=False`` leaves the
    descriptions as the style wrote them; ``generator`` writes the examples an older
    version of this generator wrote (:data:`GENERATORS`). ``short_sides`` writes a short
    strategy's entry as ``sell_condition`` (``"library"``) or as ``buy_condition``
    (``"entry"``, the way a model trained on version 1 answers, to go on training one);
    by default, the version's own way.
    """
    if generator not in GENERATORS:
        raise ValueError(f"generator version {generator} is not one of {GENERATORS}")
    sides = version_short_sides(generator) if short_sides is None else short_sides
    if sides not in SHORT_SIDES:
        raise ValueError(f"short sides {sides!r} is not one of {SHORT_SIDES}")
    writer = style if style is not None else phraser()
    seen: set[str] = set()
    index = 0
    attempts = 0
    while len(seen) < size:
        attempts += 1
        if attempts > 20 * size + 100:
            raise RuntimeError(f"could not find {size} distinct descriptions "
                               f"({len(seen)} after {attempts} attempts)")
        rng = random.Random(f"strategy-lsp-dataset:{seed}:{index}")
        index += 1
        example = _example(rng, writer, typos, generator, sides)
        prompt = example.prompt()
        if prompt in seen:
            continue
        seen.add(prompt)
        yield example


def _example(rng: random.Random, style: Phraser, typos: bool,
             generator: int = GENERATOR_VERSION, sides: str = SHORT_LIBRARY) -> Example:
    strategy = sample_strategy(rng, generator)
    if isinstance(style, Mixture):
        style = style.pick(rng)
    text = style.describe(strategy, rng)
    ticker = strategy.args["ticker"]
    assert isinstance(ticker, str)
    if typos and rng.random() < TYPO_DESCRIPTIONS:
        text = add_typos(text, rng, ticker=ticker, count=1 if rng.random() < 0.75 else 2)
    # the description speaks of entry and exit; the code, of the library's buy and sell
    if sides == SHORT_LIBRARY:
        strategy = swap_short_sides(strategy)
    return Example(description=text, strategy=strategy, style=style.name)


def assign_splits(count: int, seed: int,
                  fractions: Sequence[float] = DEFAULT_FRACTIONS) -> list[str]:
    """A split name per example: a seeded shuffle cut at the fractions (80/10/10)."""
    if len(fractions) != len(SPLITS) or any(f < 0 for f in fractions) or sum(fractions) <= 0:
        raise ValueError(f"need {len(SPLITS)} non-negative fractions, got {list(fractions)}")
    total = sum(fractions)
    order = list(range(count))
    random.Random(f"strategy-lsp-splits:{seed}").shuffle(order)
    valid_start = round(count * fractions[0] / total)
    test_start = valid_start + round(count * fractions[1] / total)
    names = [""] * count
    for position, index in enumerate(order):
        names[index] = ("train" if position < valid_start
                        else "valid" if position < test_start else "test")
    return names


@dataclass
class DatasetSummary:
    """What :func:`write_dataset` wrote."""

    out: Path
    size: int
    seed: int
    style: str
    counts: dict[str, int] = field(default_factory=dict)
    fields: tuple[str, ...] = FIELDS
    generator: int = GENERATOR_VERSION
    short_sides: str | None = None

    def to_json(self) -> dict[str, object]:
        info: dict[str, object] = {
            "generator_version": self.generator, "size": self.size, "seed": self.seed,
            "style": self.style, "splits": self.counts, "fields": list(self.fields),
            "format": "mlx-lm completions jsonl: {prompt, completion}"}
        if self.short_sides is not None:  # only when told: older folders stay byte for byte
            info["short_sides"] = self.short_sides
        return info


def _line(prompt: str, completion: str) -> str:
    return json.dumps({"prompt": prompt, "completion": completion}, ensure_ascii=False) + "\n"


def write_dataset(out: Path, size: int, seed: int, *, style: Phraser | None = None,
                  fractions: Sequence[float] = DEFAULT_FRACTIONS,
                  typos: bool = True, generator: int = GENERATOR_VERSION,
                  short_sides: str | None = None) -> DatasetSummary:
    """Generate ``size`` examples and write the whole and per-field splits under ``out``."""
    examples = list(generate_examples(size, seed, style=style, typos=typos,
                                      generator=generator, short_sides=short_sides))
    splits = assign_splits(len(examples), seed, fractions)
    buckets: dict[str, list[Example]] = {name: [] for name in SPLITS}
    for example, split in zip(examples, splits, strict=True):
        buckets[split].append(example)
    targets: list[str | None] = [None, *FIELDS]
    for parameter in targets:
        folder = out / "whole" if parameter is None else out / "fields" / parameter
        folder.mkdir(parents=True, exist_ok=True)
        for split, items in buckets.items():
            lines = [_line(e.prompt(parameter), e.completion(parameter)) for e in items]
            (folder / f"{split}.jsonl").write_bytes("".join(lines).encode("utf-8"))
    name = style.name if style is not None else phraser().name
    summary = DatasetSummary(out=out, size=len(examples), seed=seed, style=name,
                             counts={k: len(v) for k, v in buckets.items()},
                             generator=generator, short_sides=short_sides)
    (out / "dataset.json").write_bytes((json.dumps(summary.to_json(), indent=2) + "\n")
                                       .encode("utf-8"))
    return summary
