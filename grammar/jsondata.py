"""The data form of strategies (what structured outputs produce) to typed model and back.

Data are what ``json.loads`` returns for the shapes :mod:`strategy_lsp.grammar.schema`
describes. :func:`model_from_data` turns them into syntax nodes with placeholder spans and runs
the validator, so every check lives in one place; problems only the data form can have (no
``"class"``, a list where a value belongs) get messages with the JSON path.

Two rules of the data form that the code form does not have:

- a property that belongs to another class of the same union (a ``multiplier`` on an RSI) is
  allowed by the flat schema; it is dropped with a ``dropped-property`` warning;
- a series without a ``"ticker"`` reads the strategy's ticker, as the ticker is the one
  parameter of a series that the flat schema cannot require (``CONST`` has none).

>>> model_from_data({"class": "StopLoss", "percentage": 5}, "stop_loss").model
Call(name='StopLoss', args={'percentage': 5})
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from . import syntax as sx
from .catalog import CATALOG
from .diagnostics import Diagnostic, Severity
from .model import Call, EnumValue, Value
from .schema import union_params
from .source import Span
from .spec import CALL_TYPES, Kind, ParamSpec, ValueType
from .validator import Validation, validate_parameter, validate_strategy

#: Kinds whose data objects carry no ``"class"``: there is only one class to name.
IMPLICIT_CLASS = (Kind.DATE, Kind.STRATEGY)


def placeholder_span() -> Span:
    """The span of every node read from data: data have no source text to point into."""
    return Span(start_line=0, start_col=0, end_line=0, end_col=0)


def model_from_data(data: object, parameter: str | None = None, ticker: str | None = None, *,
                    today: dt.date | None = None) -> Validation:
    """Check data from a structured output and return the validator's verdict.

    ``parameter`` names the Strategy parameter the data are the value of; without it the data
    are a whole strategy. ``ticker`` is the strategy's ticker, which series without one read.

    >>> model_from_data({"class": "TakeProfit", "percentage": -5}, "take_profit").errors[0].code
    'out-of-range'
    """
    if parameter is None:
        own = data.get("ticker") if isinstance(data, dict) else None
        reader = _Reader(own if _usable_ticker(own) else ticker)
        expr = reader.value(data, CATALOG.strategy.name, None, "strategy")
    else:
        param = CATALOG.strategy.param(parameter)
        if param is None:
            raise KeyError(f"Strategy has no parameter {parameter!r}")
        reader = _Reader(ticker if _usable_ticker(ticker) else None)
        expr = reader.value(data, parameter, param, parameter)
    errors = [d for d in reader.diagnostics if d.severity is Severity.ERROR]
    if parameter is None:
        checked = validate_strategy(expr, errors, today=today)
    else:
        checked = validate_parameter(expr, parameter, errors, ticker=ticker, today=today)
    own_checks = checked.diagnostics[len(errors):]
    return Validation(model=checked.model, repaired=checked.repaired,
                      diagnostics=[*reader.diagnostics, *own_checks])


def model_to_data(value: Value, *, ticker: str | None = None) -> Any:
    """The data form of a model value, properties in schema order.

    With ``ticker``, series that read that ticker leave it out (it is the default).

    >>> model_to_data(Call(name="CONST", args={"const_number": 30}))
    {'class': 'CONST', 'const_number': 30}
    """
    if isinstance(value, EnumValue):
        return value.member
    if isinstance(value, tuple):
        return [model_to_data(v, ticker=ticker) for v in value]
    if not isinstance(value, Call):
        return value
    spec = value.spec
    data: dict[str, Any] = {} if spec.kind in IMPLICIT_CLASS else {"class": spec.name}
    order = [p.name for p in union_params(spec.kind)] if spec.kind not in IMPLICIT_CLASS \
        else list(spec.param_names)
    for name in sorted(value.args, key=order.index):
        item = value.args[name]
        if spec.kind is Kind.SERIES and name == "ticker" and ticker is not None and item == ticker:
            continue
        data[name] = model_to_data(item, ticker=ticker)
    return data


def _usable_ticker(ticker: object) -> bool:
    return isinstance(ticker, str) and bool(ticker.strip()) and \
        not any(c.isspace() for c in ticker)


class _Reader:
    """Data to syntax nodes, type-directed by the parameter each value is for."""

    def __init__(self, ticker: str | None) -> None:
        self.ticker = ticker
        self.span = placeholder_span()
        self.diagnostics: list[Diagnostic] = []

    def report(self, path: str, code: str, message: str,
               severity: Severity = Severity.ERROR) -> None:
        self.diagnostics.append(Diagnostic(span=self.span, severity=severity, code=code,
                                           message=f"{path}: {message}"))

    def invalid(self, path: str, code: str, message: str) -> sx.Invalid:
        self.report(path, code, message)
        return sx.Invalid(span=self.span, reason=message)

    def value(self, data: object, name: str, param: ParamSpec | None, path: str) -> sx.Expr:
        kind = param.type if param is not None else None
        if isinstance(data, dict):
            if param is not None and param.type in CALL_TYPES:
                return self.call(data, CALL_TYPES[param.type], path)
            if param is None and name == CATALOG.strategy.name:
                return self.call(data, Kind.STRATEGY, path)
            if "class" not in data:
                return self.invalid(path, "wrong-type", "an object is not allowed here.")
            return self.call(data, None, path)
        if isinstance(data, str) and kind is ValueType.ENUM:
            assert param is not None and param.enum is not None
            return sx.Attribute(span=self.span, owner=param.enum, member=data,
                                owner_span=self.span, member_span=self.span)
        if isinstance(data, float) and kind is ValueType.INT and data.is_integer():
            data = int(data)  # JSON does not tell 14.0 from 14
        return self.scalar(data, path)

    def scalar(self, data: object, path: str) -> sx.Expr:
        if isinstance(data, bool):
            return sx.Boolean(span=self.span, value=data)
        if isinstance(data, int | float):
            return sx.Number(span=self.span, value=data)
        if isinstance(data, str):
            return sx.String(span=self.span, value=data)
        if data is None:
            return sx.NoneValue(span=self.span)
        if isinstance(data, list):
            return self.invalid(path, "wrong-type", "a list is not allowed here.")
        return self.invalid(path, "wrong-type", f"{type(data).__name__} is not a JSON value.")

    def call(self, data: dict[str, Any], kind: Kind | None, path: str) -> sx.Expr:
        name = data.get("class")
        options = CATALOG.of_kind(kind) if kind is not None else ()
        if name is None and len(options) == 1:
            name = options[0].name
        if not isinstance(name, str):
            expected = ", ".join(c.name for c in options[:6]) + (", ..." if len(options) > 6
                                                                  else "")
            what = "has no" if name is None else "needs a string as its"
            return self.invalid(path, "missing-class", f"the object {what} \"class\""
                                + (f" (one of {expected})." if expected else "."))
        spec = CATALOG.get(name)
        kind = kind or (spec.kind if spec is not None else None)
        shared = {p.name for p in union_params(kind)} if kind is not None else set()
        call = sx.Call(span=self.span, name=name, name_span=self.span, args_span=self.span)
        for key, item in data.items():
            if key == "class":
                continue
            where = f"{path}.{key}"
            param = spec.param(key) if spec is not None else None
            if spec is not None and spec.kind is kind and param is None and key in shared:
                self.report(where, "dropped-property",
                            f"{name} has no parameter {key!r}; dropped it.", Severity.WARNING)
                continue
            if param is not None and param.variadic:
                call.args.extend(self.items(item, key, param, where))
                continue
            call.keywords.append(sx.Keyword(span=self.span, name=key, name_span=self.span,
                                            value=self.value(item, key, param, where)))
        if spec is not None and spec.kind is Kind.SERIES and spec.param("ticker") is not None \
                and "ticker" not in data and self.ticker is not None:
            call.keywords.insert(0, sx.Keyword(span=self.span, name="ticker", name_span=self.span,
                                               value=sx.String(span=self.span,
                                                               value=self.ticker)))
        return call

    def items(self, data: object, name: str, param: ParamSpec, path: str) -> list[sx.Expr]:
        if not isinstance(data, list):
            return [self.invalid(path, "wrong-type", "must be a list of conditions.")]
        return [self.value(item, name, param, f"{path}[{index}]")
                for index, item in enumerate(data)]
