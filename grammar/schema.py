"""JSON schemas of the data form, derived from the catalog, flattened for structured outputs.

Ollama (through llama.cpp's schema-to-grammar converter) mishandles ``$ref``, ``anyOf``,
``oneOf``, ``allOf``, ``const`` and ``pattern``, so the schemas use none of them:

- a call is an object whose ``"class"`` property (first, required) is a string enum of the
  class names; its other properties are the union of the parameters of those classes, each
  optional unless every class requires it (:func:`union_params`);
- an enum member is its name, a date is ``{"year", "month", "day"}``, AND / OR keep their
  conditions in a ``"conditions"`` array of at least two;
- nesting (AND, OR, AfterXDaysCondition) is unrolled ``depth`` levels deep, since a schema
  without ``$ref`` cannot recurse;
- every object has ``additionalProperties: false``.

What the flat form cannot say (a parameter required by one class of a union, per-class ranges of
a shared property, days per month, ...) is checked by :func:`~strategy_lsp.grammar.jsondata.
model_from_data`, which reports it as an error. ``docs/decoding.md`` lists these gaps.

>>> parameter_schema("stop_loss")["properties"]["class"]
{'type': 'string', 'enum': ['StopLoss']}
"""

from __future__ import annotations

from functools import cache
from typing import Any

from .catalog import CATALOG
from .spec import CALL_TYPES, ClassSpec, Kind, ParamSpec, Range, ValueType

#: Condition levels a schema allows by default: ``AND(AND(leaf, leaf), leaf)`` fits, one more
#: level does not. Matches :func:`~strategy_lsp.grammar.sampling.random_strategy`.
DEFAULT_DEPTH = 3
#: Longest ticker the validator accepts.
MAX_TICKER_LENGTH = 32

JsonSchema = dict[str, Any]


def nests(spec: ClassSpec) -> bool:
    """Whether a class holds conditions (AND, OR, AfterXDaysCondition)."""
    return any(p.type is ValueType.CONDITION for p in spec.params)


def union_classes(kind: Kind, depth: int) -> tuple[ClassSpec, ...]:
    """The classes a call of ``kind`` may name at a nesting level with ``depth`` levels left."""
    return tuple(c for c in CATALOG.of_kind(kind) if depth > 1 or not nests(c))


@cache
def union_params(kind: Kind, depth: int = 2) -> tuple[ParamSpec, ...]:
    """The parameters of every class of a union, most common first, then in catalog order.

    A parameter shared by several classes keeps one entry whose range covers all of theirs.
    This order is the property order of the schemas and of :func:`model_to_data`, since
    grammar-based decoders emit optional properties in schema order.
    """
    classes = union_classes(kind, depth)
    found: dict[str, list[ParamSpec]] = {}
    for spec in classes:
        for param in spec.params:
            found.setdefault(param.name, []).append(param)
    merged = [_merge(versions) for versions in found.values()]
    first = {name: index for index, name in enumerate(found)}
    merged.sort(key=lambda p: (-len(found[p.name]), first[p.name]))
    return tuple(merged)


def required_in_union(kind: Kind, depth: int = 2) -> tuple[str, ...]:
    """Parameters that every class of the union requires: the most the flat form can demand."""
    classes = union_classes(kind, depth)
    return tuple(p.name for p in union_params(kind, depth)
                 if all((q := c.param(p.name)) is not None and q.required for c in classes))


def parameter_schema(parameter: str, *, depth: int = DEFAULT_DEPTH) -> JsonSchema:
    """The flat JSON schema of one Strategy parameter's value, e.g. ``"stop_loss"``."""
    param = CATALOG.strategy.param(parameter)
    if param is None:
        raise KeyError(f"Strategy has no parameter {parameter!r}")
    return _value(param, depth)


def strategy_schema(*, depth: int = DEFAULT_DEPTH) -> JsonSchema:
    """The flat JSON schema of a whole strategy: an object of the Strategy parameters."""
    spec = CATALOG.strategy
    return _object({p.name: _value(p, depth) for p in spec.params},
                   [p.name for p in spec.params if p.required])


def _merge(versions: list[ParamSpec]) -> ParamSpec:
    first = versions[0]
    if any(v.type is not first.type or v.enum != first.enum for v in versions):
        raise ValueError(f"parameter {first.name!r} has different types in one union")
    ranges = [v.range for v in versions]
    if len(ranges) == 1 or all(r == ranges[0] for r in ranges):
        return first
    return ParamSpec(first.name, first.type, range=_loosest(ranges), enum=first.enum)


def _loosest(ranges: list[Range | None]) -> Range | None:
    if any(r is None for r in ranges):
        return None
    known = [r for r in ranges if r is not None]
    lows = [r for r in known if r.minimum is not None]
    highs = [r for r in known if r.maximum is not None]
    low = min(lows, key=lambda r: (r.minimum, not r.min_inclusive)) if len(lows) == len(known) \
        else None
    high = max(highs, key=lambda r: (r.maximum, r.max_inclusive)) if len(highs) == len(known) \
        else None
    return Range(minimum=low.minimum if low else None, maximum=high.maximum if high else None,
                 min_inclusive=low.min_inclusive if low else True,
                 max_inclusive=high.max_inclusive if high else True)


def _object(properties: JsonSchema, required: list[str]) -> JsonSchema:
    return {"type": "object", "properties": properties, "required": required,
            "additionalProperties": False}


def _value(param: ParamSpec, depth: int) -> JsonSchema:
    kind = param.type
    if kind is ValueType.TICKER:
        return {"type": "string", "minLength": 1, "maxLength": MAX_TICKER_LENGTH}
    if kind is ValueType.BOOL:
        return {"type": "boolean"}
    if kind is ValueType.ENUM:
        assert param.enum is not None
        spec = CATALOG.enum(param.enum)
        assert spec is not None
        return {"type": "string", "enum": list(spec.member_names)}
    if kind in (ValueType.INT, ValueType.NUMBER):
        schema: JsonSchema = {"type": "integer" if kind is ValueType.INT else "number"}
        return schema | _bounds(param.range)
    if kind is ValueType.DATE:
        (date,) = CATALOG.of_kind(Kind.DATE)
        return _object({p.name: _value(p, depth) for p in date.params},
                       [p.name for p in date.params])
    return _call(CALL_TYPES[kind], depth)


def _bounds(bounds: Range | None) -> JsonSchema:
    if bounds is None:
        return {}
    schema: JsonSchema = {}
    if bounds.minimum is not None:
        schema["minimum" if bounds.min_inclusive else "exclusiveMinimum"] = _plain(bounds.minimum)
    if bounds.maximum is not None:
        schema["maximum" if bounds.max_inclusive else "exclusiveMaximum"] = _plain(bounds.maximum)
    return schema


def _plain(number: float) -> int | float:
    return int(number) if float(number).is_integer() else number


def _call(kind: Kind, depth: int) -> JsonSchema:
    classes = union_classes(kind, depth)
    properties: JsonSchema = {"class": {"type": "string", "enum": [c.name for c in classes]}}
    for param in union_params(kind, depth):
        if param.variadic:
            properties[param.name] = {"type": "array", "minItems": 2,
                                      "items": _value(param, depth - 1)}
        else:
            properties[param.name] = _value(param, depth - 1 if param.type is ValueType.CONDITION
                                            else depth)
    return _object(properties, ["class", *required_in_union(kind, depth)])
