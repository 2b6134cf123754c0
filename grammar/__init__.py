"""The strategy grammar: the catalog of trading-strategy-tester and the tools that read, check
and write strategy code without running it."""

from .catalog import CATALOG, Catalog
from .decoding import code_grammar
from .diagnostics import Diagnostic, Edit, Repair, Severity, StrategySyntaxError
from .jsondata import model_from_data, model_to_data
from .model import Call, EnumValue, Value
from .parser import parse_buffer, parse_expression
from .render import render
from .schema import parameter_schema, strategy_schema
from .source import Span
from .spec import ClassSpec, EnumSpec, Kind, ParamSpec, ValueType
from .validator import Validation, validate_parameter, validate_strategy

__all__ = [
    "CATALOG",
    "Call",
    "Catalog",
    "ClassSpec",
    "Diagnostic",
    "Edit",
    "EnumSpec",
    "EnumValue",
    "Kind",
    "ParamSpec",
    "Repair",
    "Severity",
    "Span",
    "StrategySyntaxError",
    "Validation",
    "Value",
    "ValueType",
    "code_grammar",
    "model_from_data",
    "model_to_data",
    "parameter_schema",
    "parse_buffer",
    "parse_expression",
    "render",
    "strategy_schema",
    "validate_parameter",
    "validate_strategy",
]
