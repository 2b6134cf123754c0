"""The original's metrics on typed strategies: leaves, correct parameters, identity.

A strategy is compared at its **leaves**: every constant and enum member reached through
class names, keywords and argument positions, with the catalog defaults filled in. The
leaves of ``CrossOverCondition(first_series=RSI('AAPL'), second_series=CONST(30))`` are::

    CrossOverCondition.first_series.RSI.ticker           'AAPL'
    CrossOverCondition.first_series.RSI.source           SourceType.CLOSE
    CrossOverCondition.first_series.RSI.length           14
    CrossOverCondition.second_series.CONST.const_number  30

Rules, each chosen on purpose:

- A ``Strategy`` at the root adds no segment, so a path starts with its top-level field
  (``buy_condition.CrossOverCondition.first_series.RSI.length``).
- Defaults are filled on both sides: ``RSI('AAPL')`` and ``RSI('AAPL', length=14)`` have the
  same leaves. A parameter whose default is "nothing" (``stop_loss``, ``take_profit``, an
  ``end_date`` of today) is the leaf ``None``, so leaving out a stop loss the description
  asks for, or adding a take profit it never mentions, costs a leaf on both counts.
- A class name is part of every path below it: ``EMA`` where ``SMA`` was meant gets none of
  its leaves right, not even the ticker.
- The children of ``AND``/``OR`` are unordered. They are labelled ``conditions[i]`` and the
  generated children are matched one-to-one to the reference's so that the number of correct
  leaves is the largest possible; a generated child without a partner is labelled after the
  reference's children, so all its leaves are extra.
- Numbers compare by value (``5 == 5.0``); booleans never equal numbers.

A leaf is **correct** when the generated strategy has the same path with the same value.
From the counts: recall (correct / reference leaves, the original's "correct parameters"),
precision (correct / generated leaves) and F1. Two strategies are **identical** when their
leaves are: the same model after filling defaults, with AND/OR children in any order.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from strategy_lsp.grammar import Call, EnumValue, Value

#: A leaf's value: a constant, an enum member, or ``None`` for a default of "nothing".
Leaf = bool | int | float | str | EnumValue | None

#: Above this many children on one side, AND/OR children are matched greedily.
EXACT_MATCH_LIMIT = 10


# --- leaves ---------------------------------------------------------------------------


def leaves(value: Value | None, *, at: str = "", defaults: bool = True) -> dict[str, Leaf]:
    """Every leaf of ``value`` by path, defaults filled, children labelled as written.

    ``at`` is prepended to every path: ``leaves(stop_loss, at="stop_loss")`` gives the same
    paths as that part of the whole strategy. ``defaults=False`` keeps only the leaves the
    code states (a subset of the paths with defaults filled).
    """
    found: dict[str, Leaf] = {}
    _walk(value, at, found, None, defaults)
    return found


def field_of(path: str) -> str:
    """The top-level Strategy field a path belongs to: its first segment."""
    return path.split(".", 1)[0].split("[", 1)[0]


def _join(path: str, segment: str) -> str:
    return f"{path}.{segment}" if path else segment


def _walk(value: Value | None, path: str, found: dict[str, Leaf], partner: Call | None,
          defaults: bool = True) -> None:
    """Collect the leaves of ``value`` under ``path``.

    ``partner`` is the reference call at the same path, if any; the children of a variadic
    parameter are then labelled by the reference child each one is matched with.
    """
    if isinstance(value, tuple):  # only ever the children of AND/OR, handled below
        raise TypeError("a tuple of conditions has no path of its own")
    if not isinstance(value, Call):
        found[path] = value
        return
    base = path if value.name == "Strategy" and not path else _join(path, value.name)
    twin = partner if partner is not None and partner.name == value.name else None
    for param in value.spec.params:
        if not defaults and param.name not in value.args:
            continue
        inner = value.get(param.name)
        where = _join(base, param.name)
        if param.variadic:
            items = inner if isinstance(inner, tuple) else ()
            theirs = _children(twin.get(param.name)) if twin is not None else ()
            labels = match_children(theirs, items) if twin is not None \
                else list(range(len(items)))
            for label, item in zip(labels, items, strict=True):
                mate = theirs[label] if label < len(theirs) else None
                _walk(item, f"{where}[{label}]", found, mate, defaults)
        else:
            mate_value = twin.get(param.name) if twin is not None else None
            _walk(inner, where, found, mate_value if isinstance(mate_value, Call) else None,
                  defaults)


def _children(value: Value | None) -> tuple[Call, ...]:
    return value if isinstance(value, tuple) else ()


def same(reference: Leaf, generated: Leaf) -> bool:
    """Leaf equality: numbers by value, booleans only with booleans, members by name."""
    if isinstance(reference, bool) or isinstance(generated, bool):
        return type(reference) is type(generated) and reference == generated
    if isinstance(reference, int | float) and isinstance(generated, int | float):
        return reference == generated
    if reference is None or generated is None:
        return reference is None and generated is None
    return type(reference) is type(generated) and reference == generated


def _correct(reference: Mapping[str, Leaf], generated: Mapping[str, Leaf]) -> int:
    return sum(1 for path, value in reference.items()
               if path in generated and same(value, generated[path]))


# --- matching the children of AND / OR ------------------------------------------------


def match_children(reference: Sequence[Call], generated: Sequence[Call]) -> list[int]:
    """A label per generated child: the index of its reference partner, or a fresh index
    (``len(reference)``, then on) when it has none. Maximises the correct leaves; among
    equal matchings, pairs more children and keeps children in place."""
    if not reference or not generated:
        return list(range(len(reference), len(reference) + len(generated)))
    scores = [[_correct(leaves(r), _aligned_leaves(r, g)) for g in generated]
              for r in reference]
    size = max(len(reference), len(generated))
    # a pair's weight: correct leaves first, then being a pair at all, then keeping its place
    scale = 4 * (size + 1)
    weights = [[scores[i][j] * scale + 2 + (i == j) for j in range(len(generated))]
               for i in range(len(reference))]
    if size <= EXACT_MATCH_LIMIT:
        partners = _best_assignment(weights)
    else:
        partners = _greedy_assignment(weights)
    labels: list[int] = []
    extra = len(reference)
    for partner in partners:
        if partner is None:
            labels.append(extra)
            extra += 1
        else:
            labels.append(partner)
    return labels


def _aligned_leaves(reference: Call, generated: Call) -> dict[str, Leaf]:
    found: dict[str, Leaf] = {}
    _walk(generated, "", found, reference)
    return found


def _best_assignment(weights: list[list[int]]) -> list[int | None]:
    """The reference partner of each generated child maximising the total weight (a DP over
    the set of reference children already taken; exact, for small sets)."""
    count = len(weights)
    columns = len(weights[0])
    # best[mask]: (total, partners so far) after placing the first j generated children
    best: dict[int, tuple[int, tuple[int | None, ...]]] = {0: (0, ())}
    for j in range(columns):
        following: dict[int, tuple[int, tuple[int | None, ...]]] = {}
        for mask, (total, partners) in best.items():
            options: list[tuple[int, int, int | None]] = [(mask, total, None)]
            options += [(mask | 1 << i, total + weights[i][j], i)
                        for i in range(count) if not mask & 1 << i]
            for new_mask, new_total, partner in options:
                if new_mask not in following or following[new_mask][0] < new_total:
                    following[new_mask] = (new_total, (*partners, partner))
        best = following
    return list(max(best.values(), key=lambda item: item[0])[1])


def _greedy_assignment(weights: list[list[int]]) -> list[int | None]:
    pairs = sorted(((weights[i][j], i, j) for i in range(len(weights))
                    for j in range(len(weights[0]))), key=lambda p: (-p[0], p[1], p[2]))
    partners: list[int | None] = [None] * len(weights[0])
    taken: set[int] = set()
    for _, i, j in pairs:
        if i not in taken and partners[j] is None:
            partners[j] = i
            taken.add(i)
    return partners


# --- comparison -----------------------------------------------------------------------


@dataclass(frozen=True)
class Counts:
    """Leaf counts of one or many comparisons; add them to pool."""

    reference: int = 0
    generated: int = 0
    correct: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.reference + other.reference, self.generated + other.generated,
                      self.correct + other.correct)

    @property
    def recall(self) -> float | None:
        """Correct leaves over reference leaves: the original's "correct parameters"."""
        return self.correct / self.reference if self.reference else None

    @property
    def precision(self) -> float | None:
        return self.correct / self.generated if self.generated else None

    @property
    def f1(self) -> float | None:
        total = self.reference + self.generated
        return 2 * self.correct / total if total else None

    @property
    def identical(self) -> bool:
        return self.correct == self.reference == self.generated


@dataclass(frozen=True)
class Comparison:
    """A generated value against its reference, leaf by leaf.

    ``generated`` holds the generated leaves with AND/OR children relabelled to match the
    reference's (see :func:`match_children`).
    """

    reference: Mapping[str, Leaf]
    generated: Mapping[str, Leaf]

    @property
    def correct(self) -> tuple[str, ...]:
        return tuple(p for p, v in self.reference.items()
                     if p in self.generated and same(v, self.generated[p]))

    @property
    def wrong(self) -> tuple[str, ...]:
        """Paths in both with different values."""
        return tuple(p for p, v in self.reference.items()
                     if p in self.generated and not same(v, self.generated[p]))

    @property
    def missing(self) -> tuple[str, ...]:
        """Reference paths the generated value does not have."""
        return tuple(p for p in self.reference if p not in self.generated)

    @property
    def extra(self) -> tuple[str, ...]:
        """Generated paths the reference does not have."""
        return tuple(p for p in self.generated if p not in self.reference)

    @property
    def counts(self) -> Counts:
        return Counts(len(self.reference), len(self.generated),
                      _correct(self.reference, self.generated))

    @property
    def identical(self) -> bool:
        """Same leaves: the same model once defaults are filled (AND/OR in any order)."""
        return self.counts.identical

    def restricted(self, field: str) -> Comparison:
        """The part of the comparison under one top-level field."""
        return Comparison(
            reference={p: v for p, v in self.reference.items() if field_of(p) == field},
            generated={p: v for p, v in self.generated.items() if field_of(p) == field})

    def by_field(self) -> dict[str, Counts]:
        """Counts per top-level field (the first path segment), in reference order."""
        fields: dict[str, Counts] = {}
        for path, value in self.reference.items():
            hit = path in self.generated and same(value, self.generated[path])
            fields[field_of(path)] = fields.get(field_of(path), Counts()) + \
                Counts(reference=1, correct=int(hit))
        for path in self.generated:
            fields[field_of(path)] = fields.get(field_of(path), Counts()) + Counts(generated=1)
        return fields


def compare(reference: Value | None, generated: Value | None, *, at: str = "") -> Comparison:
    """Compare a generated strategy (or parameter value) with its reference, leaf by leaf.

    ``compare(RSI('AAPL'), RSI('AAPL', length=14)).identical`` is true: defaults are filled.
    """
    found: dict[str, Leaf] = {}
    _walk(generated, at, found, reference if isinstance(reference, Call) else None)
    return Comparison(reference=leaves(reference, at=at), generated=found)


__all__ = ["Comparison", "Counts", "Leaf", "compare", "field_of", "leaves", "match_children",
           "same"]
