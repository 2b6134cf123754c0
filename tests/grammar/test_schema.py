"""Flat JSON schemas and the data form: schema-shaped data always becomes code that validates,
or, where the flat form cannot say what the catalog demands, a clear error."""

from __future__ import annotations

import ast
import calendar
import datetime as dt
import json
import random
from functools import cache
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from strategy_lsp.grammar.catalog import CATALOG
from strategy_lsp.grammar.jsondata import model_from_data, model_to_data
from strategy_lsp.grammar.model import Call, EnumValue
from strategy_lsp.grammar.parser import parse_expression
from strategy_lsp.grammar.render import render
from strategy_lsp.grammar.sampling import random_strategy
from strategy_lsp.grammar.schema import (
    DEFAULT_DEPTH,
    parameter_schema,
    required_in_union,
    strategy_schema,
)
from strategy_lsp.grammar.spec import Kind, Range, ValueType
from strategy_lsp.grammar.validator import Validation, validate_parameter, validate_strategy

PARAMETERS = CATALOG.strategy.param_names
FORBIDDEN = {"$ref", "$defs", "definitions", "anyOf", "oneOf", "allOf", "not", "if", "pattern",
             "const"}
#: Warnings schema-shaped data may bring: properties of another class of the union, a series
#: reading another market, and a period next to dates (no flat schema excludes either).
ALLOWED_WARNINGS = {"dropped-property", "ticker-mismatch", "period-and-dates"}
#: Errors the flat form cannot prevent; each is predicted by :func:`flat_gaps` below.
GAP_ERRORS = {"missing-argument", "out-of-range", "invalid-ticker", "invalid-date",
              "end-before-start"}
TODAY = dt.date(2100, 12, 31)  # every schema date is in the past: no future-date warnings
SETTINGS = settings(max_examples=25, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


# --- drawing instances of a schema ------------------------------------------------------


@cache
def validator(parameter: str | None) -> jsonschema.Draft202012Validator:
    """A checker for the schema of a parameter (``None``: of a strategy), built once."""
    schema = strategy_schema() if parameter is None else parameter_schema(parameter)
    return jsonschema.Draft202012Validator(schema)


def instances(schema: dict[str, Any], *, complete: bool) -> st.SearchStrategy[Any]:
    """Values that satisfy ``schema``.

    ``complete`` also gives every call its class's required parameters, per-class ranges,
    real dates and tickers without spaces: what the flat form cannot demand. Otherwise the
    values follow the schema alone.
    """
    kind = schema.get("type")
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    if kind == "string":
        alphabet = st.characters(min_codepoint=33, max_codepoint=126) if complete else \
            st.characters(min_codepoint=32, max_codepoint=126)
        return st.text(alphabet, min_size=schema["minLength"], max_size=schema["maxLength"])
    if kind == "boolean":
        return st.booleans()
    if kind in ("integer", "number"):
        return numbers(_range_of(schema), whole=kind == "integer")
    if kind == "array":
        return st.lists(instances(schema["items"], complete=complete),
                        min_size=schema["minItems"], max_size=3)
    properties = schema["properties"]
    if complete and set(properties) == {"year", "month", "day"}:
        return st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)).map(
            lambda d: {"year": d.year, "month": d.month, "day": d.day})
    if complete and "class" in properties:
        return st.sampled_from(properties["class"]["enum"]).flatmap(
            lambda name: complete_call(name, properties))
    return objects(properties, schema["required"], complete=complete)


def objects(properties: dict[str, Any], required: list[str], *,
            complete: bool) -> st.SearchStrategy[dict[str, Any]]:
    optional = [name for name in properties if name not in required]
    return st.fixed_dictionaries(
        {name: instances(properties[name], complete=complete) for name in required},
        optional={name: instances(properties[name], complete=complete) for name in optional})


def complete_call(name: str, properties: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    spec = CATALOG.get(name)
    assert spec is not None
    own: dict[str, st.SearchStrategy[Any]] = {"class": st.just(name)}
    optional: dict[str, st.SearchStrategy[Any]] = {}
    for param in spec.params:
        schema = properties[param.name]
        if param.type in (ValueType.INT, ValueType.NUMBER):
            value = numbers(param.range, whole=param.type is ValueType.INT)
        else:
            value = instances(schema, complete=True)
        (own if param.required else optional)[param.name] = value
    foreign = [p for p in properties if p != "class" and spec.param(p) is None]
    if foreign:  # a property of another class of the union: dropped, with a warning
        optional[foreign[0]] = instances(properties[foreign[0]], complete=True)
    return st.fixed_dictionaries(own, optional=optional)


def numbers(bounds: Range | None, *, whole: bool) -> st.SearchStrategy[int | float]:
    low = bounds.minimum if bounds else None
    high = bounds.maximum if bounds else None
    exclude_low = bool(bounds and not bounds.min_inclusive)
    exclude_high = bool(bounds and not bounds.max_inclusive)
    ints = st.integers(None if low is None else int(low) + exclude_low,
                       None if high is None else int(high) - exclude_high)
    if whole:
        return ints
    floats = st.floats(low, high, exclude_min=exclude_low, exclude_max=exclude_high,
                       allow_nan=False, allow_infinity=False)
    return ints | floats


def _range_of(schema: dict[str, Any]) -> Range:
    if "exclusiveMinimum" in schema:
        low, low_in = schema["exclusiveMinimum"], False
    else:
        low, low_in = schema.get("minimum"), True
    if "exclusiveMaximum" in schema:
        high, high_in = schema["exclusiveMaximum"], False
    else:
        high, high_in = schema.get("maximum"), True
    return Range(low, high, low_in, high_in)


def strategy_instances(*, complete: bool) -> st.SearchStrategy[dict[str, Any]]:
    return instances(strategy_schema(), complete=complete).map(
        in_order if complete else lambda data: data)


def in_order(data: dict[str, Any]) -> dict[str, Any]:
    """Dates in order, as a complete strategy has them."""
    start, end = data.get("start_date"), data.get("end_date")
    if start and end and _date(end) < _date(start):
        data["start_date"], data["end_date"] = end, start
    return data


def _date(data: dict[str, int]) -> tuple[int, int, int]:
    return data["year"], data["month"], data["day"]


# --- what the flat form cannot say -------------------------------------------------------


def flat_gaps(data: Any, parameter: str | None, ticker: str | None) -> set[str]:
    """The error codes the validator must give for data that satisfy the flat schema."""
    gaps: set[str] = set()
    if parameter is None:
        ticker = data["ticker"] if _good_ticker(data["ticker"]) else None
        if not _good_ticker(data["ticker"]):
            gaps.add("invalid-ticker")
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and _real(start) and _real(end) and _date(end) < _date(start):
            gaps.add("end-before-start")
        for name, value in data.items():
            _gaps(value, CATALOG.strategy.param(name), ticker, gaps)
    else:
        _gaps(data, CATALOG.strategy.param(parameter), ticker, gaps)
    return gaps


def _gaps(value: Any, param: Any, ticker: str | None, gaps: set[str]) -> None:
    if not isinstance(value, dict):
        return
    if param is not None and param.type is ValueType.DATE:
        if not _real(value):
            gaps.add("invalid-date")
        return
    spec = CATALOG.get(value.get("class", ""))
    if spec is None:
        return
    for p in spec.params:
        if p.required and p.name not in value and not (
                p.name == "ticker" and spec.kind is Kind.SERIES and ticker is not None):
            gaps.add("missing-argument")
    for name, item in value.items():
        own = spec.param(name)
        if own is None:
            continue
        if own.type is ValueType.TICKER and not _good_ticker(item):
            gaps.add("invalid-ticker")
        if own.range is not None and isinstance(item, int | float) and \
                not own.range.contains(item):
            gaps.add("out-of-range")
        for inner in item if isinstance(item, list) else [item]:
            _gaps(inner, own, ticker, gaps)


def _good_ticker(text: str) -> bool:
    return bool(text.strip()) and not any(c.isspace() for c in text)


def _real(date: dict[str, int]) -> bool:
    return date["day"] <= calendar.monthrange(date["year"], date["month"])[1]


def assert_renders_to_same_model(result: Validation, parameter: str | None,
                                 ticker: str | None) -> None:
    assert result.model is not None
    code = render(result.model, inline=parameter is not None)
    ast.parse(code, mode="eval")
    expr, problems = parse_expression(code)
    assert expr is not None and not problems
    again = validate_strategy(expr, today=TODAY) if parameter is None else \
        validate_parameter(expr, parameter, ticker=ticker, today=TODAY)
    assert again.model == result.model


# --- the schemas ---------------------------------------------------------------------------


def _nodes(schema: Any) -> list[dict[str, Any]]:
    if isinstance(schema, list):
        return [n for item in schema for n in _nodes(item)]
    if not isinstance(schema, dict):
        return []
    return [schema, *(n for value in schema.values() for n in _nodes(value))]


@pytest.mark.parametrize("parameter", PARAMETERS)
def test_every_parameter_schema_is_valid_and_flat(parameter: str) -> None:
    schema = parameter_schema(parameter)
    jsonschema.Draft202012Validator.check_schema(schema)
    for node in _nodes(schema):
        assert not FORBIDDEN & set(node)
        if node.get("type") == "object":
            assert node["additionalProperties"] is False
            assert set(node["required"]) <= set(node["properties"])
            if "class" in node["properties"]:
                assert next(iter(node["properties"])) == "class"
                assert node["required"][0] == "class"


def test_strategy_schema_holds_every_parameter_schema() -> None:
    schema = strategy_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert list(schema["properties"]) == list(PARAMETERS)
    assert schema["required"] == ["ticker", "position_type", "buy_condition", "sell_condition"]
    for name in PARAMETERS:
        assert schema["properties"][name] == parameter_schema(name)


def test_schema_ranges_and_enums_come_from_the_catalog() -> None:
    stop_loss = parameter_schema("stop_loss")["properties"]
    assert stop_loss["percentage"] == {"type": "number", "exclusiveMinimum": 0, "maximum": 100}
    assert stop_loss["stop_loss_type"] == {"type": "string", "enum": ["NORMAL", "TRAILING"]}
    date = parameter_schema("start_date")
    assert date["required"] == ["year", "month", "day"]
    assert date["properties"]["month"] == {"type": "integer", "minimum": 1, "maximum": 12}
    assert parameter_schema("ticker") == {"type": "string", "minLength": 1, "maxLength": 32}


def test_union_requires_what_every_class_requires() -> None:
    assert parameter_schema("order_size")["required"] == ["class", "value"]
    assert required_in_union(Kind.SERIES) == ()  # CONST takes no ticker
    # PercentOfEquity stops at 100, Contracts and USD do not: the union keeps the loosest.
    assert parameter_schema("order_size")["properties"]["value"] == {
        "type": "number", "exclusiveMinimum": 0}


def nested(levels: int) -> dict[str, Any]:
    leaf = {"class": "GreaterThanCondition", "first_series": {"class": "CLOSE"},
            "second_series": {"class": "CONST", "const_number": 1}}
    return leaf if levels == 1 else {"class": "AND", "conditions": [nested(levels - 1), leaf]}


@pytest.mark.parametrize("depth", [1, 2, DEFAULT_DEPTH])
def test_schema_unrolls_nesting_to_its_depth(depth: int) -> None:
    validator = jsonschema.Draft202012Validator(parameter_schema("buy_condition", depth=depth))
    assert validator.is_valid(nested(depth))
    assert not validator.is_valid(nested(depth + 1))


def test_and_needs_two_conditions() -> None:
    validator = jsonschema.Draft202012Validator(parameter_schema("sell_condition"))
    assert not validator.is_valid({"class": "OR", "conditions": [nested(1)]})


# --- data to model ----------------------------------------------------------------------


@pytest.mark.parametrize("parameter", PARAMETERS)
@SETTINGS
@given(data=st.data())
def test_complete_schema_data_validates_and_renders(parameter: str, data: st.DataObject) -> None:
    value = data.draw(instances(parameter_schema(parameter), complete=True))
    validator(parameter).validate(value)
    ticker = "AAPL"
    result = model_from_data(json.loads(json.dumps(value)), parameter, ticker, today=TODAY)
    assert not result.errors, [d.message for d in result.errors]
    assert {d.code for d in result.diagnostics} <= ALLOWED_WARNINGS
    assert_renders_to_same_model(result, parameter, ticker)


@SETTINGS
@given(value=strategy_instances(complete=True))
def test_complete_strategy_data_validates_and_renders(value: dict[str, Any]) -> None:
    validator(None).validate(value)
    result = model_from_data(json.loads(json.dumps(value)), today=TODAY)
    assert not result.errors, [d.message for d in result.errors]
    assert {d.code for d in result.diagnostics} <= ALLOWED_WARNINGS
    assert_renders_to_same_model(result, None, None)


@pytest.mark.parametrize("parameter", ["buy_condition", "order_size", "start_date", None])
@SETTINGS
@given(data=st.data())
def test_schema_data_fails_only_where_the_flat_form_has_a_gap(parameter: str | None,
                                                               data: st.DataObject) -> None:
    schema = strategy_schema() if parameter is None else parameter_schema(parameter)
    value = data.draw(instances(schema, complete=False))
    validator(parameter).validate(value)
    ticker = data.draw(st.sampled_from(["AAPL", None]))
    result = model_from_data(value, parameter, ticker, today=TODAY)
    expected = flat_gaps(value, parameter, ticker)
    found = {d.code for d in result.errors}
    assert found <= GAP_ERRORS, [d.message for d in result.errors]
    assert bool(found) == bool(expected), (expected, [d.message for d in result.errors])
    assert (result.model is None) == bool(expected)


def test_missing_required_parameter_of_chosen_class_is_a_clear_error() -> None:
    data = {"class": "CrossOverCondition", "first_series": {"class": "RSI"}}
    validator("buy_condition").validate(data)
    result = model_from_data(data, "buy_condition", "AAPL")
    assert result.model is None
    assert [d.code for d in result.errors] == ["missing-argument"]
    assert "second_series" in result.errors[0].message


def test_property_of_another_class_is_dropped_with_a_warning() -> None:
    data = {"class": "RSI", "ticker": "AAPL", "length": 14, "multiplier": 2}
    result = model_from_data({"class": "GreaterThanCondition", "first_series": data,
                              "second_series": {"class": "CONST", "const_number": 70}},
                             "sell_condition", "AAPL")
    assert result.ok
    assert result.model == Call(name="GreaterThanCondition", args={
        "first_series": Call(name="RSI", args={"ticker": "AAPL", "length": 14}),
        "second_series": Call(name="CONST", args={"const_number": 70})})
    (warning,) = result.diagnostics
    assert warning.code == "dropped-property"
    assert "multiplier" in warning.message and "sell_condition.first_series" in warning.message


def test_series_without_ticker_reads_the_strategy_ticker() -> None:
    condition = {"class": "UptrendForXDaysCondition", "series": {"class": "CLOSE"},
                 "number_of_days": 3}
    result = model_from_data(condition, "buy_condition", "MSFT")
    assert result.ok and not result.diagnostics
    assert result.model == Call(name="UptrendForXDaysCondition", args={
        "series": Call(name="CLOSE", args={"ticker": "MSFT"}), "number_of_days": 3})


def test_whole_number_written_as_float_is_read_as_integer() -> None:
    result = model_from_data({"year": 2020.0, "month": 2, "day": 29}, "start_date")
    assert result.ok and result.model == Call(name="datetime",
                                              args={"year": 2020, "month": 2, "day": 29})


@pytest.mark.parametrize("data, code", [
    ({"percentage": 5}, None),  # one class only: "class" may be left out
    ({"class": "AND", "conditions": [{"first_series": {"class": "CLOSE"}}, 3]}, "missing-class"),
    ([1, 2], "wrong-type"),
    ({"class": 7}, "missing-class"),
])
def test_malformed_data_gives_errors_not_exceptions(data: Any, code: str | None) -> None:
    parameter = "stop_loss" if code is None else "buy_condition"
    result = model_from_data(data, parameter, "AAPL")
    if code is None:
        assert result.ok
    else:
        assert code in {d.code for d in result.errors} and result.model is None


JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
                    | st.text(max_size=5),
                    lambda inner: st.lists(inner, max_size=3)
                    | st.dictionaries(st.sampled_from(["class", "ticker", "length", "series",
                                                       "conditions", "year", "percentage"]),
                                      inner, max_size=3),
                    max_leaves=12)


@settings(max_examples=60, deadline=None)
@given(data=JSON, parameter=st.sampled_from([None, *PARAMETERS]))
def test_any_json_gives_a_verdict_not_an_exception(data: Any, parameter: str | None) -> None:
    result = model_from_data(data, parameter, "AAPL")
    assert result.model is None or result.ok
    assert all(d.message for d in result.diagnostics)


# --- model to data ----------------------------------------------------------------------


def test_random_models_round_trip_through_data() -> None:
    rng = random.Random(7)
    for _ in range(150):
        model = random_strategy(rng)
        data = json.loads(json.dumps(model_to_data(model)))
        validator(None).validate(data)
        assert model_from_data(data, today=TODAY).model == model
        ticker = model.args["ticker"]
        assert isinstance(ticker, str)
        short = model_to_data(model, ticker=ticker)
        assert model_from_data(short, today=TODAY).model == model


def test_random_parameters_round_trip_through_data() -> None:
    rng = random.Random(11)
    for _ in range(60):
        model = random_strategy(rng)
        ticker = model.args["ticker"]
        assert isinstance(ticker, str)
        for name, value in model.args.items():
            data = model_to_data(value)
            validator(name).validate(data)
            assert model_from_data(data, name, ticker, today=TODAY).model == value


def test_model_to_data_writes_properties_in_schema_order() -> None:
    call = Call(name="ChangeOfXPercentPerYDaysCondition", args={
        "series": Call(name="RSI", args={
            "ticker": "AAPL", "source": EnumValue(enum="SourceType", member="HIGH"), "length": 9}),
        "percent": 5, "number_of_days": 3})
    data = model_to_data(call)
    order = list(parameter_schema("buy_condition")["properties"])
    assert list(data) == sorted(data, key=order.index)
    series_order = list(parameter_schema("buy_condition")["properties"]["series"]["properties"])
    assert list(data["series"]) == sorted(data["series"], key=series_order.index)
    assert data["series"]["source"] == "HIGH"
