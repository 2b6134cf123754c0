"""The strategy grammar: the catalog of trading-strategy-tester and the tools that read, check
and write strategy code without running it."""

from .catalog import CATALOG, Catalog
from .diagnostics import Diagnostic, Edit, Repair, Severity, StrategySyntaxError
from .model import Call, EnumValue, Value
from .parser import parse_buffer, parse_expression
from .render import render
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
    "parse_buffer",
    "parse_expression",
    "render",
    "validate_parameter",
    "validate_strategy",
]
