"""Model output to a validated model: parse (never evaluate), validate, repair.

Models answer with JSON (structured outputs) or with code (fine-tuned models). Both roads
end in the grammar's validator, so one set of rules decides what may be inserted.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from strategy_lsp.grammar import (
    CATALOG,
    Call,
    Diagnostic,
    Severity,
    Span,
    parse_expression,
    render,
    validate_parameter,
    validate_strategy,
)
from strategy_lsp.grammar import syntax as sx
from strategy_lsp.grammar.model import default_value
from strategy_lsp.grammar.validator import Validation

from .backend import OutputFormat

if TYPE_CHECKING:
    from .runtime.model import Choice

#: A per-parameter answer that means "the description does not say": the default applies.
NOT_STATED = "None"


def field_code(strategy: Call, parameter: str) -> str:
    """The inline code of one Strategy parameter: stated, else the catalog default, else
    :data:`NOT_STATED` (the answer per-parameter models are trained to give).

    >>> field_code(Call(name="Strategy", args={}), "interval")
    'Interval.ONE_DAY'
    """
    spec = CATALOG.strategy.param(parameter)
    if spec is None:
        raise KeyError(f"Strategy has no parameter {parameter!r}")
    value = strategy.args.get(parameter, default_value(spec.default))
    return NOT_STATED if value is None else render(value, inline=True)


def parameter_confidence(code: str, choices: Sequence[Choice],
                         parameter: str | None = None) -> dict[str, float]:
    """Per Strategy parameter, the lowest probability among the model's ``choices`` that
    wrote part of its code: how sure the model was of its least sure decision there.

    ``code`` is the model's answer: a whole ``Strategy(...)`` call, or the code of
    ``parameter`` alone. A choice belongs to the keyword argument that holds its last
    character (a token may reach across ``), name=``; its last character says which argument
    it begins or continues). Choices outside every argument, such as the closing ``)`` that
    states no more parameters, count for none. An answer that does not parse has none.
    """
    if parameter is not None:
        return {parameter: min((c.probability for c in choices), default=1.0)}
    expr, _ = parse_expression(code)
    if not isinstance(expr, sx.Call):
        return {}
    spans = [(k.name, k.span.start_byte, k.span.end_byte) for k in expr.keywords]
    found: dict[str, float] = {}
    for choice in choices:
        added = code[choice.start:choice.end].rstrip()
        if not added:
            continue
        last = len(code[:choice.start + len(added) - 1].encode("utf-8"))
        for name, start, end in spans:
            if start <= last < end:
                found[name] = min(found.get(name, 1.0), choice.probability)
                break
    return found


_FENCE = re.compile(r"^```[a-zA-Z0-9_-]*\s*\n?(.*?)\n?```\s*$", re.DOTALL)


def _strip(text: str, parameter: str | None) -> str:
    """Remove what chat models wrap around an answer: fences, ``name=`` and a final comma."""
    text = text.strip()
    match = _FENCE.match(text)
    if match:
        text = match.group(1).strip()
    if parameter is not None and text.startswith(f"{parameter}="):
        text = text[len(parameter) + 1:].strip()
    return text.rstrip(",").strip()


def _failure(message: str, text: str) -> Validation:
    end = len(text.encode("utf-8"))
    span = Span(start_line=0, start_col=0, end_line=0, end_col=len(text), start_byte=0,
                end_byte=end)
    return Validation(model=None, repaired=None, diagnostics=[
        Diagnostic(span=span, severity=Severity.ERROR, code="bad-output", message=message)])


def read_output(text: str, parameter: str | None = None, ticker: str | None = None,
                output: OutputFormat = OutputFormat.CODE) -> Validation:
    """Validate a model's answer for a whole strategy (``parameter=None``) or one parameter.

    ``output`` says what the model was asked for: schema-shaped JSON or code.
    """
    body = _strip(text, parameter)
    if not body:
        return _failure("The model returned nothing.", text)
    if parameter is not None and body in (NOT_STATED, "null"):
        # "not stated": the engine leaves the parameter out (its default applies)
        return Validation(model=None, repaired=None, diagnostics=[])
    if output is OutputFormat.JSON:
        try:
            data = json.loads(body)
        except json.JSONDecodeError as error:
            return _failure(f"The model returned malformed JSON: {error.msg}.", text)
        from strategy_lsp.grammar.jsondata import model_from_data

        return model_from_data(data, parameter=parameter, ticker=ticker)
    expr, problems = parse_expression(body)
    if expr is None:
        return Validation(model=None, repaired=None, diagnostics=problems)
    if parameter is None:
        return validate_strategy(expr, problems)
    return validate_parameter(expr, parameter, problems, ticker=ticker)
