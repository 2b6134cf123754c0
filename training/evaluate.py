"""Evaluation: run a generator over a test set and measure it with the original's metrics.

    cases = read_cases(Path("data/whole/test.jsonl"), limit=200)
    report = evaluate_cases(cases, Generator(GenerationSettings(backend=BackendName.OLLAMA)))
    report.summary().strategy.counts.recall      # correct parameters, over valid outputs

The test file is the whole-strategy jsonl of :mod:`.dataset` (``prompt``: the description,
``completion``: the reference code). Each case goes through :meth:`Generator.generate`, one
after another, so a case's latency is its own; in fields mode the generator still runs the
parameters of one case concurrently. What the figures mean is in :mod:`.report` and
:mod:`.metrics`.

An unreachable backend or a missing model (:class:`BackendUnavailable`,
:class:`ModelNotFound`) stops the evaluation: that is a setup problem, not an output of the
model. Every other error is an invalid output of that case, counted by its kind.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from strategy_lsp.generation import BackendUnavailable, ModelNotFound
from strategy_lsp.generation.engine import GenerationResult, Generator, PartResult
from strategy_lsp.generation.settings import Mode
from strategy_lsp.grammar import Call, parse_expression, render, validate_strategy

from .metrics import Comparison, compare, leaves
from .report import FIELDS, Case, CaseResult, Failure, PartTiming, Report

#: ``on_case(done, total, result)``, called after each case.
CaseProgress = Callable[[int, int, CaseResult], None]


class DataError(ValueError):
    """The test file cannot be read as (description, Strategy) pairs."""


def read_strategy(code: str) -> Call:
    """Strategy code to its validated model; :class:`ValueError` with the problems if it has
    errors (even ones the validator could repair: that code is not what was written)."""
    expr, problems = parse_expression(code)
    if expr is None:
        raise ValueError("; ".join(d.message for d in problems) or "no expression")
    checked = validate_strategy(expr, problems)
    value = checked.model
    if not isinstance(value, Call):
        raise ValueError("; ".join(d.message for d in checked.errors[:3]) or
                         "not a Strategy(...) call")
    return value


def read_cases(path: Path, limit: int | None = None) -> list[Case]:
    """The cases of a whole-strategy jsonl file, the first ``limit`` of them if given."""
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise DataError(f"{path}: cannot read: {error}") from error
    cases: list[Case] = []
    for number, line in enumerate(text.splitlines(), 1):
        if limit is not None and len(cases) >= limit:
            break
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise DataError(f"{where}: not JSON: {error.msg}") from error
        if not isinstance(record, dict) or not isinstance(record.get("prompt"), str) or \
                not isinstance(record.get("completion"), str):
            raise DataError(f"{where}: expected an object with 'prompt' and 'completion' "
                            "strings")
        try:
            reference = read_strategy(record["completion"])
        except ValueError as error:
            raise DataError(f"{where}: the completion is not a valid Strategy(...) ({error}); "
                            "evaluate reads the whole-strategy test file, DIR/whole/test.jsonl"
                            ) from error
        cases.append(Case(description=record["prompt"], reference=reference, line=number))
    if not cases:
        raise DataError(f"{path}: no cases")
    return cases


# --- running --------------------------------------------------------------------------


def evaluate_cases(cases: Sequence[Case], generator: Generator, *, mode: Mode | None = None,
                   on_case: CaseProgress | None = None) -> Report:
    """Generate every case and compare it with its reference (runs its own event loop; use
    :func:`evaluate_cases_async` inside one). ``mode`` defaults to the generator's."""
    return asyncio.run(evaluate_cases_async(cases, generator, mode=mode, on_case=on_case))


async def evaluate_cases_async(cases: Sequence[Case], generator: Generator, *,
                               mode: Mode | None = None,
                               on_case: CaseProgress | None = None) -> Report:
    mode = mode or generator.settings.mode
    started = time.perf_counter()
    results: list[CaseResult] = []
    for case in cases:
        results.append(await evaluate_case(case, generator, mode))
        if on_case is not None:
            on_case(len(results), len(cases), results[-1])
    settings = generator.settings
    run = {
        "backend": settings.backend.value,
        "mode": mode.value,
        "prompt_style": settings.resolved_prompt_style().value,
        "models": {"small": generator.router.route("ticker").model,
                   "large": generator.router.route(None).model},
        "cases": len(cases),
        "seconds": round(time.perf_counter() - started, 3),
    }
    return Report(results=results, run=run)


async def evaluate_case(case: Case, generator: Generator, mode: Mode) -> CaseResult:
    """Generate one case and compare it with its reference."""
    reference_leaves = leaves(case.reference)
    stated = frozenset(leaves(case.reference, defaults=False))
    started = time.perf_counter()
    try:
        result = await generator.generate(case.description, mode)
    except (BackendUnavailable, ModelNotFound):
        raise
    except Exception as error:  # any other failure is an invalid output, kept by its kind
        seconds = time.perf_counter() - started
        fields = await _probe_fields(case, generator) if mode is Mode.FIELDS else \
            dict.fromkeys(FIELDS)
        return CaseResult(case=case, seconds=seconds, generated=None,
                          failure=Failure(type(error).__name__, str(error)), comparison=None,
                          fields=fields, reference_leaves=reference_leaves, stated=stated)
    seconds = time.perf_counter() - started
    parts = tuple(_timing(p) for p in result.parts)
    problem = _revalidate(result)
    if problem is not None:
        return CaseResult(case=case, seconds=seconds, generated=result.strategy,
                          failure=problem, comparison=None, fields=dict.fromkeys(FIELDS),
                          reference_leaves=reference_leaves, stated=stated, parts=parts)
    comparison = compare(case.reference, result.strategy)
    return CaseResult(case=case, seconds=seconds, generated=result.strategy, failure=None,
                      comparison=comparison,
                      fields={name: comparison.restricted(name) for name in FIELDS},
                      reference_leaves=reference_leaves, stated=stated, parts=parts,
                      doubts=tuple(d.parameter for d in result.doubts()))


def _revalidate(result: GenerationResult) -> Failure | None:
    """Measure validity rather than trust it: the code must parse and validate again."""
    try:
        read_strategy(render(result.strategy, inline=True))
    except ValueError as error:
        return Failure("DoesNotValidate", str(error))
    return None


async def _probe_fields(case: Case, generator: Generator) -> dict[str, Comparison | None]:
    """After a failed fields-mode strategy: which fields were valid on their own.

    Calls that succeeded are answered from the generator's cache; only the failing ones are
    asked again.
    """
    async def one(parameter: str, ticker: str | None) -> PartResult | None:
        try:
            return await generator.generate_parameter(case.description, parameter, ticker)
        except (BackendUnavailable, ModelNotFound):
            raise
        except Exception:  # that field is invalid; the case's failure says why
            return None

    first = await one("ticker", None)
    ticker = first.value if first is not None and isinstance(first.value, str) else None
    rest = [p for p in FIELDS if p != "ticker"]
    outcomes = {"ticker": first, **dict(zip(rest, await asyncio.gather(
        *(one(p, ticker) for p in rest)), strict=True))}
    return {name: None if part is None else
            compare(case.reference.get(name), part.value, at=name)
            for name, part in outcomes.items()}


def _timing(part: PartResult) -> PartTiming:
    return PartTiming(parameter=part.parameter or "strategy", model=part.model,
                      backend=part.backend, seconds=part.seconds, attempts=part.attempts,
                      cached=part.cached)


__all__ = ["CaseProgress", "DataError", "evaluate_case", "evaluate_cases",
           "evaluate_cases_async", "read_cases", "read_strategy"]
