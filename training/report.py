"""An evaluation's results: one :class:`CaseResult` per test case, pooled into a
:class:`Summary`, written as JSON.

Rates are fractions (0 to 1). What each figure means:

- **valid**: the generator returned a strategy and it parses and validates again; a
  generation error (after the engine's one retry) is an invalid output, counted by its kind.
- **identical**: the same leaves as the reference (:mod:`.metrics`: defaults filled, AND/OR
  children in any order); **identical_text**: the same canonical code, character for
  character (defaults as written, children in order).
- **parameters**: leaf counts pooled over the valid outputs, as the original counted them.
  ``recall`` is the headline "correct parameters" (correct / reference leaves), with
  ``precision`` and ``f1``; ``parameters_all_cases`` pools over every case, an invalid output
  scoring none of its reference leaves; ``stated`` counts only the leaves the reference code
  states (not those its defaults fill in).
- **conditions**: the buy and sell conditions together (the original's "conditions only").
- **fields**: the same figures per top-level Strategy field. In fields mode a field is valid
  when its own call validated, even where another field failed the strategy.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from strategy_lsp.grammar import CATALOG, Call, render
from strategy_lsp.grammar.render import render_inline

from .metrics import Comparison, Counts, Leaf, field_of

#: The Strategy fields in catalog order.
FIELDS: tuple[str, ...] = CATALOG.strategy.param_names
CONDITIONS: tuple[str, ...] = ("buy_condition", "sell_condition")


@dataclass(frozen=True)
class Case:
    """A test description and the strategy it states."""

    description: str
    reference: Call
    line: int = 0  # in the test file, from 1; 0 when not read from a file


@dataclass(frozen=True)
class Failure:
    """Why no valid strategy came out: the error's type name and message."""

    kind: str
    message: str


@dataclass(frozen=True)
class PartTiming:
    """One model call of a generation (``parameter`` is "strategy" in whole mode)."""

    parameter: str
    model: str
    backend: str
    seconds: float
    attempts: int
    cached: bool


@dataclass(frozen=True)
class CaseResult:
    """One case, generated and compared.

    ``fields`` holds a comparison per Strategy field, ``None`` where that field has no valid
    output; ``comparison`` is the whole strategy's, ``None`` when the output is invalid.
    """

    case: Case
    seconds: float
    generated: Call | None
    failure: Failure | None
    comparison: Comparison | None
    fields: Mapping[str, Comparison | None]
    reference_leaves: Mapping[str, Leaf]
    stated: frozenset[str]  # reference paths the reference code states
    parts: tuple[PartTiming, ...] = ()
    #: parameters the model was unsure of (:meth:`GenerationResult.doubts`)
    doubts: tuple[str, ...] = ()

    @property
    def valid(self) -> bool:
        return self.comparison is not None

    @property
    def identical(self) -> bool:
        return self.comparison is not None and self.comparison.identical

    @property
    def identical_text(self) -> bool:
        return self.generated is not None and \
            render(self.generated, inline=True) == render(self.case.reference, inline=True)


# --- pooling --------------------------------------------------------------------------


@dataclass(frozen=True)
class Score:
    """Valid, identical and leaf counts of the whole strategy, a field or a group of fields."""

    cases: int = 0
    valid: int = 0
    identical: int = 0
    counts: Counts = field(default_factory=Counts)  # over valid outputs
    counts_all: Counts = field(default_factory=Counts)  # over every case
    stated: Counts = field(default_factory=Counts)  # stated reference leaves, over valid outputs

    def __add__(self, other: Score) -> Score:
        return Score(self.cases + other.cases, self.valid + other.valid,
                     self.identical + other.identical, self.counts + other.counts,
                     self.counts_all + other.counts_all, self.stated + other.stated)

    @property
    def valid_rate(self) -> float | None:
        return self.valid / self.cases if self.cases else None

    @property
    def identical_rate(self) -> float | None:
        return self.identical / self.cases if self.cases else None

    def to_json(self) -> dict[str, Any]:
        return {
            "cases": self.cases, "valid": self.valid, "valid_rate": _round(self.valid_rate),
            "identical": self.identical, "identical_rate": _round(self.identical_rate),
            "parameters": _counts_json(self.counts),
            "parameters_all_cases": _counts_json(self.counts_all),
            "stated": {"reference": self.stated.reference, "correct": self.stated.correct,
                       "recall": _round(self.stated.recall)},
        }


def _score(comparison: Comparison | None, reference: Mapping[str, Leaf],
           stated: frozenset[str]) -> Score:
    """The score of one case (or one field of it); ``reference``: its reference leaves."""
    if comparison is None:
        return Score(cases=1, counts_all=Counts(reference=len(reference)))
    counts = comparison.counts
    correct = set(comparison.correct)
    mentioned = [p for p in comparison.reference if p in stated]
    return Score(cases=1, valid=1, identical=int(counts.identical), counts=counts,
                 counts_all=counts,
                 stated=Counts(reference=len(mentioned),
                               correct=sum(1 for p in mentioned if p in correct)))


def _field_leaves(result: CaseResult, name: str) -> dict[str, Leaf]:
    return {p: v for p, v in result.reference_leaves.items() if field_of(p) == name}


def field_score(result: CaseResult, name: str) -> Score:
    return _score(result.fields.get(name), _field_leaves(result, name), result.stated)


def group_score(result: CaseResult, names: Sequence[str]) -> Score:
    """Fields taken together: valid when all are, identical when all are."""
    scores = [field_score(result, n) for n in names]
    total = sum(scores, Score())
    every = len(names)
    return Score(cases=1, valid=int(total.valid == every),
                 identical=int(total.identical == every), counts=total.counts,
                 counts_all=total.counts_all, stated=total.stated)


@dataclass(frozen=True)
class Spread:
    """Median, 95th percentile, mean and maximum of a set of durations, in seconds."""

    count: int
    median: float | None
    p95: float | None
    mean: float | None
    maximum: float | None

    @classmethod
    def of(cls, values: Iterable[float]) -> Spread:
        data = sorted(values)
        if not data:
            return cls(0, None, None, None, None)
        return cls(len(data), percentile(data, 50), percentile(data, 95),
                   sum(data) / len(data), data[-1])

    def to_json(self) -> dict[str, Any]:
        return {"count": self.count, "median": _round(self.median), "p95": _round(self.p95),
                "mean": _round(self.mean), "max": _round(self.maximum)}


def percentile(sorted_values: Sequence[float], q: float) -> float:
    """The q-th percentile by linear interpolation between closest ranks (numpy's default)."""
    if not sorted_values:
        raise ValueError("no values")
    rank = (len(sorted_values) - 1) * q / 100
    low = math.floor(rank)
    high = min(low + 1, len(sorted_values) - 1)
    return sorted_values[low] + (sorted_values[high] - sorted_values[low]) * (rank - low)


@dataclass(frozen=True)
class PartSummary:
    """The calls made for one parameter (or the whole strategy) across all cases."""

    timing: Spread
    retried: int  # calls that needed the second attempt
    cached: int
    models: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {**self.timing.to_json(), "retried": self.retried, "cached": self.cached,
                "models": list(self.models)}


@dataclass(frozen=True)
class Doubts:
    """How well the model's doubts point at its mistakes, over valid outputs: strategies
    and parameters it said it was unsure of, against those it got wrong (not identical)."""

    cases: int = 0
    flagged: int = 0  # strategies with a doubt
    wrong: int = 0
    wrong_flagged: int = 0
    parameters_flagged: int = 0
    parameters_flagged_wrong: int = 0  # flagged and wrong: also the wrong ones flagged
    parameters_wrong: int = 0

    @classmethod
    def of(cls, results: Sequence[CaseResult]) -> Doubts:
        valid = [r for r in results if r.valid]
        wrong = {(i, n) for i, r in enumerate(valid) for n, c in r.fields.items()
                 if c is not None and not c.identical}
        flagged = {(i, n) for i, r in enumerate(valid) for n in r.doubts}
        return cls(cases=len(valid), flagged=sum(bool(r.doubts) for r in valid),
                   wrong=sum(not r.identical for r in valid),
                   wrong_flagged=sum(bool(r.doubts) and not r.identical for r in valid),
                   parameters_flagged=len(flagged),
                   parameters_flagged_wrong=len(flagged & wrong), parameters_wrong=len(wrong))

    def to_json(self) -> dict[str, Any]:
        def rate(part: int, whole: int) -> float | None:
            return _round(part / whole if whole else None)

        return {
            "cases": self.cases, "flagged": self.flagged, "wrong": self.wrong,
            "wrong_flagged": self.wrong_flagged,
            "flagged_rate": rate(self.flagged, self.cases),
            "wrong_caught_rate": rate(self.wrong_flagged, self.wrong),
            "flagged_wrong_rate": rate(self.wrong_flagged, self.flagged),
            "parameters_flagged": self.parameters_flagged,
            "parameters_flagged_wrong": self.parameters_flagged_wrong,
            "parameters_wrong": self.parameters_wrong,
            "parameters_wrong_flagged": self.parameters_flagged_wrong,
            "parameters_wrong_caught_rate": rate(self.parameters_flagged_wrong,
                                                 self.parameters_wrong),
            "parameters_flagged_wrong_rate": rate(self.parameters_flagged_wrong,
                                                  self.parameters_flagged),
        }


@dataclass(frozen=True)
class Summary:
    strategy: Score
    identical_text: int
    failures: dict[str, int]
    conditions: Score
    fields: dict[str, Score]
    latency: Spread
    parts: dict[str, PartSummary]
    doubts: Doubts = field(default_factory=Doubts)

    def field_range(self, figure: str) -> tuple[float, float] | None:
        """Lowest and highest value of a per-field figure: valid, identical or recall."""
        values = [v for v in (_figure(s, figure) for s in self.fields.values()) if v is not None]
        return (min(values), max(values)) if values else None


def _figure(score: Score, figure: str) -> float | None:
    if figure == "valid":
        return score.valid_rate
    if figure == "identical":
        return score.identical_rate
    if figure == "recall":
        return score.counts.recall
    raise ValueError(f"unknown figure {figure!r}")


def summarize(results: Sequence[CaseResult]) -> Summary:
    strategy = sum((_score(r.comparison, r.reference_leaves, r.stated) for r in results),
                   Score())
    failures: dict[str, int] = {}
    for result in results:
        if result.failure is not None:
            failures[result.failure.kind] = failures.get(result.failure.kind, 0) + 1
    fields = {name: sum((field_score(r, name) for r in results), Score()) for name in FIELDS}
    conditions = sum((group_score(r, CONDITIONS) for r in results), Score())
    by_part: dict[str, list[PartTiming]] = {}
    for result in results:
        for part in result.parts:
            by_part.setdefault(part.parameter, []).append(part)
    order = ["strategy", *FIELDS]
    parts = {name: PartSummary(Spread.of(p.seconds for p in calls),
                               sum(1 for p in calls if p.attempts > 1),
                               sum(1 for p in calls if p.cached),
                               tuple(sorted({p.model for p in calls})))
             for name, calls in sorted(by_part.items(),
                                       key=lambda item: order.index(item[0])
                                       if item[0] in order else len(order))}
    return Summary(strategy=strategy, identical_text=sum(r.identical_text for r in results),
                   failures=failures, conditions=conditions, fields=fields,
                   latency=Spread.of(r.seconds for r in results), parts=parts,
                   doubts=Doubts.of(results))


# --- the report -----------------------------------------------------------------------


@dataclass
class Report:
    """An evaluation: what ran (``run``) and every case's result."""

    results: list[CaseResult]
    run: dict[str, Any] = field(default_factory=dict)

    def summary(self) -> Summary:
        return summarize(self.results)

    def to_json(self) -> dict[str, Any]:
        from .published import ORIGINAL

        summary = self.summary()
        cases = summary.strategy.cases
        return {
            "run": self.run,
            "summary": {
                **summary.strategy.to_json(),
                "identical_text": summary.identical_text,
                "identical_text_rate": _round(summary.identical_text / cases if cases else None),
                "failed": cases - summary.strategy.valid,
                "failures": summary.failures,
                "conditions": summary.conditions.to_json(),
                "fields": {name: score.to_json() for name, score in summary.fields.items()},
                "latency": summary.latency.to_json(),
                "parts": {name: part.to_json() for name, part in summary.parts.items()},
                "doubts": summary.doubts.to_json(),
            },
            "original": [figures.to_json() for figures in ORIGINAL],
            "cases": [case_json(r) for r in self.results],
        }


def case_json(result: CaseResult) -> dict[str, Any]:
    comparison = result.comparison
    data: dict[str, Any] = {
        "line": result.case.line,
        "description": result.case.description,
        "reference": render(result.case.reference, inline=True),
        "generated": render(result.generated, inline=True) if result.generated else None,
        "valid": result.valid,
        "failure": {"kind": result.failure.kind, "message": result.failure.message}
        if result.failure else None,
        "identical": result.identical,
        "identical_text": result.identical_text,
        "seconds": _round(result.seconds),
        "unsure": list(result.doubts),
    }
    if comparison is not None:
        data["parameters"] = _counts_json(comparison.counts)
        data["wrong"] = [{"path": p, "reference": leaf_text(comparison.reference[p]),
                          "generated": leaf_text(comparison.generated[p])}
                         for p in comparison.wrong]
        data["missing"] = [{"path": p, "reference": leaf_text(comparison.reference[p])}
                           for p in comparison.missing]
        data["extra"] = [{"path": p, "generated": leaf_text(comparison.generated[p])}
                         for p in comparison.extra]
    invalid = [name for name, c in result.fields.items() if c is None]
    if invalid and len(invalid) < len(result.fields):
        data["invalid_fields"] = invalid
    data["parts"] = [{"parameter": p.parameter, "model": p.model, "backend": p.backend,
                      "seconds": _round(p.seconds), "attempts": p.attempts, "cached": p.cached}
                     for p in result.parts]
    return data


def leaf_text(value: Leaf) -> str:
    """A leaf as code: ``14``, ``'AAPL'``, ``SourceType.CLOSE``, ``None``."""
    return "None" if value is None else render_inline(value)


def _counts_json(counts: Counts) -> dict[str, Any]:
    return {"reference": counts.reference, "generated": counts.generated,
            "correct": counts.correct, "recall": _round(counts.recall),
            "precision": _round(counts.precision), "f1": _round(counts.f1)}


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 6)


__all__ = ["CONDITIONS", "FIELDS", "Case", "CaseResult", "Doubts", "Failure", "PartSummary",
           "PartTiming", "Report", "Score", "Spread", "Summary", "case_json", "field_score",
           "group_score", "leaf_text", "percentile", "summarize"]
