"""The catalog against the library's own signatures, and every class built and checked."""

from __future__ import annotations

import ast
import random
from pathlib import Path

import pytest

from strategy_lsp.grammar import CATALOG, Call, Kind, ValueType, parse_expression, render
from strategy_lsp.grammar.model import default_value
from strategy_lsp.grammar.sampling import random_value
from strategy_lsp.grammar.spec import CallDefault, DateDefault, EnumDefault
from strategy_lsp.grammar.validator import validate_parameter, validate_strategy

# Constructor signatures and enum members read off trading-strategy-tester 0.1.7's source.
SIGNATURES = Path(__file__).with_name("library_signatures.txt").read_text().splitlines()

ANNOTATION_TYPES = {
    "str": {ValueType.TICKER},
    "int": {ValueType.INT},
    "float": {ValueType.NUMBER},
    "bool": {ValueType.BOOL},
    "TradingSeries": {ValueType.SERIES},
    "Condition": {ValueType.CONDITION},
    "StopLoss": {ValueType.STOP_LOSS},
    "TakeProfit": {ValueType.TAKE_PROFIT},
    "OrderSize": {ValueType.ORDER_SIZE},
    "TradeCommissions": {ValueType.COMMISSIONS},
    "datetime": {ValueType.DATE},
}
# Where we knowingly differ from the annotation: CONST(0.5) runs fine in the library and
# oscillators such as CMF need fractional thresholds.
DEVIATIONS = {("CONST", "const_number"): ValueType.NUMBER}


def _library() -> tuple[dict[str, ast.arguments], dict[str, list[tuple[str, str]]]]:
    classes, enums = {}, {}
    for line in SIGNATURES:
        if " = [" in line:
            name, members = line.split(" = ", 1)
            listed = ast.parse(members, mode="eval").body
            assert isinstance(listed, ast.List)
            pairs = []
            for item in listed.elts:
                assert isinstance(item, ast.Constant)
                member, value = str(item.value).split(" = ")
                pairs.append((member, value.strip("'")))
            enums[name] = pairs
        else:
            name, rest = line.split("(", 1)
            func = ast.parse(f"def f({rest[:-1]}): pass").body[0]
            assert isinstance(func, ast.FunctionDef)
            classes[name] = func.args
    return classes, enums


LIBRARY_CLASSES, LIBRARY_ENUMS = _library()


def _default_source(default: object) -> str | None:
    if isinstance(default, EnumDefault):
        return str(default)
    if isinstance(default, CallDefault):
        return f"{default.name}({', '.join(str(v) for _, v in default.args)})"
    if isinstance(default, DateDefault):
        return "datetime.today()" if default.today else \
            f"datetime({default.year}, {default.month}, {default.day})"
    return None if default is None else repr(default)


def test_catalog_has_every_class_of_the_library() -> None:
    assert set(LIBRARY_CLASSES) == {c.name for c in CATALOG.classes} - {"datetime"}
    assert len(CATALOG.of_kind(Kind.SERIES)) == 56
    assert len(CATALOG.of_kind(Kind.CONDITION)) == 13


@pytest.mark.parametrize("name", sorted(LIBRARY_CLASSES))
def test_catalog_signature_matches_the_library(name: str) -> None:
    spec = CATALOG.get(name)
    assert spec is not None
    args = LIBRARY_CLASSES[name]
    if args.vararg is not None:
        assert [p.name for p in spec.params] == [args.vararg.arg]
        assert spec.params[0].variadic
        return
    assert spec.param_names == tuple(a.arg for a in args.args)
    defaults = [None] * (len(args.args) - len(args.defaults)) + list(args.defaults)
    for param, arg, default in zip(spec.params, args.args, defaults, strict=True):
        assert param.required == (default is None and param.name not in
                                  ("stop_loss", "take_profit")), param.name
        if default is not None and not (isinstance(default, ast.Constant)
                                        and default.value is None):
            assert _default_source(param.default) == ast.unparse(default), param.name
        annotation = ast.unparse(arg.annotation) if arg.annotation else ""
        expected = DEVIATIONS.get((name, param.name))
        if expected is not None:
            assert param.type is expected
        elif param.type is ValueType.ENUM:
            assert param.enum == annotation
        else:
            assert param.type in ANNOTATION_TYPES[annotation], param.name


@pytest.mark.parametrize("name", sorted(LIBRARY_ENUMS))
def test_catalog_enum_matches_the_library(name: str) -> None:
    spec = CATALOG.enum(name)
    assert spec is not None
    assert [(m.name, m.value) for m in spec.members] == LIBRARY_ENUMS[name]


def test_every_class_and_enum_has_natural_language_names_and_a_summary() -> None:
    for spec in (*CATALOG.classes, *CATALOG.enums):
        assert spec.summary.endswith("."), spec.name
        assert spec.names, spec.name


def _check(code: str, kind: Kind) -> Call:
    """Validate code of a catalog class by placing it where the Strategy accepts it."""
    expr, problems = parse_expression(code)
    assert expr is not None, problems
    parameter = {
        Kind.SERIES: None, Kind.CONDITION: "buy_condition", Kind.STOP_LOSS: "stop_loss",
        Kind.TAKE_PROFIT: "take_profit", Kind.ORDER_SIZE: "order_size",
        Kind.COMMISSIONS: "trade_commissions", Kind.DATE: "start_date",
    }.get(kind)
    if kind is Kind.STRATEGY:
        validation = validate_strategy(expr, problems)
    elif parameter is None:  # a series: check it inside a condition
        wrapped = f"GreaterThanCondition(first_series={code}, second_series=CONST(1))"
        expr, problems = parse_expression(wrapped)
        assert expr is not None
        validation = validate_parameter(expr, "buy_condition", problems)
        assert validation.ok, [d.message for d in validation.diagnostics]
        model = validation.model
        assert isinstance(model, Call)
        first = model.args["first_series"]
        assert isinstance(first, Call)
        return first
    else:
        validation = validate_parameter(expr, parameter, problems)
    assert validation.ok, [d.message for d in validation.diagnostics]
    assert isinstance(validation.model, Call)
    return validation.model


def _argument_values(name: str, every: bool) -> dict[str, object]:
    spec = CATALOG.get(name)
    assert spec is not None
    rng = random.Random(name)
    values = {}
    for param in spec.params:
        if param.required or every:
            values[param.name] = random_value(param, rng, "AAPL", depth=2)
    if spec.kind is Kind.DATE:
        values.update(year=2021, month=3, day=4)
    if spec.kind is Kind.STRATEGY and every:
        values["period"] = default_value(spec.param("period").default)  # type: ignore[union-attr]
    return values


@pytest.mark.parametrize("name", sorted(c.name for c in CATALOG.classes))
def test_class_builds_with_defaults(name: str) -> None:
    spec = CATALOG.get(name)
    assert spec is not None
    call = Call(name=name, args=_argument_values(name, every=False))  # type: ignore[arg-type]
    model = _check(render(call), spec.kind)
    assert model == call
    for param in spec.params:
        if not param.required:
            assert model.get(param.name) == default_value(param.default)


@pytest.mark.parametrize("name", sorted(c.name for c in CATALOG.classes))
def test_class_builds_with_every_keyword(name: str) -> None:
    spec = CATALOG.get(name)
    assert spec is not None
    values = _argument_values(name, every=True)
    call = Call(name=name, args=values)  # type: ignore[arg-type]
    if spec.params[0].variadic:
        code = render(call, inline=True)
    else:
        code = f"{name}(" + ", ".join(f"{k}={render(v, inline=True)}"  # type: ignore[arg-type]
                                     for k, v in values.items()) + ")"
    model = _check(code, spec.kind)
    assert model == call
    assert set(model.args) == set(spec.param_names)
