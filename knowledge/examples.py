"""Checking doc examples with the grammar, in the place a user would write them.

An example is one expression. Where it goes follows from what it is: a ``Strategy(...)`` is
checked whole; a condition as ``buy_condition``; a stop loss, take profit, order size,
commissions or date as that Strategy parameter; a series inside a comparison with a constant;
an enum member as the Strategy parameter of its enum; and an example on a Strategy parameter's
own entry as that parameter.
"""

from __future__ import annotations

from dataclasses import dataclass

from strategy_lsp.grammar import (
    CATALOG,
    Call,
    EnumValue,
    Kind,
    Validation,
    Value,
    parse_expression,
    validate_parameter,
    validate_strategy,
)
from strategy_lsp.grammar import syntax as sx

from .symbols import Symbol, SymbolKind

#: The Strategy parameter a top-level call of each kind is checked as.
PARAMETER_OF_KIND: dict[Kind, str] = {
    Kind.CONDITION: "buy_condition",
    Kind.STOP_LOSS: "stop_loss",
    Kind.TAKE_PROFIT: "take_profit",
    Kind.ORDER_SIZE: "order_size",
    Kind.COMMISSIONS: "trade_commissions",
    Kind.DATE: "start_date",
}

@dataclass(frozen=True)
class ExampleCheck:
    """The outcome of checking one example: where it was checked and what the grammar said."""

    context: str  # "strategy", a Strategy parameter name, or "series"
    validation: Validation | None
    problem: str = ""  # why it could not be checked at all

    @property
    def ok(self) -> bool:
        return (not self.problem and self.validation is not None
                and not self.validation.diagnostics)

    @property
    def messages(self) -> list[str]:
        if self.problem:
            return [self.problem]
        assert self.validation is not None
        return [d.message for d in self.validation.diagnostics]

def _enum_parameter(enum: str) -> str | None:
    for param in CATALOG.strategy.params:
        if param.enum == enum:
            return param.name
    return None

def _context(expr: sx.Expr, symbol: Symbol | None) -> str | None:
    if isinstance(expr, sx.Call) and expr.name == CATALOG.strategy.name:
        return "strategy"
    if symbol is not None and symbol.kind is SymbolKind.PARAMETER and symbol.param is not None:
        return symbol.param.name
    if isinstance(expr, sx.Call):
        spec = CATALOG.get(expr.name)
        if spec is None:
            return None
        return "series" if spec.kind is Kind.SERIES else PARAMETER_OF_KIND.get(spec.kind)
    if isinstance(expr, sx.Attribute):
        return _enum_parameter(expr.owner)
    return None

def check_example(code: str, symbol: Symbol | None = None) -> ExampleCheck:
    """Check an example expression with the grammar; ``ok`` means no diagnostic at all."""
    expr, diagnostics = parse_expression(code)
    if expr is None:
        return ExampleCheck("", None, "; ".join(d.message for d in diagnostics) or "empty")
    context = _context(expr, symbol)
    if context is None:
        return ExampleCheck("", None, "cannot tell where this example would be written")
    if context == "strategy":
        return ExampleCheck(context, validate_strategy(expr, diagnostics))
    if context == "series":
        wrapped = f"GreaterThanCondition(first_series={code}, second_series=CONST(0))"
        expr, diagnostics = parse_expression(wrapped)
        assert expr is not None
        context, parameter = "series", "buy_condition"
    else:
        parameter = context
    validation = validate_parameter(expr, parameter, diagnostics)
    return ExampleCheck(context, validation)

def _values(value: Value | None) -> list[Value]:
    found: list[Value] = []
    stack: list[Value | None] = [value]
    while stack:
        item = stack.pop()
        if item is None:
            continue
        found.append(item)
        if isinstance(item, Call):
            stack.extend(item.args.values())
        elif isinstance(item, tuple):
            stack.extend(item)
    return found

def mentions(check: ExampleCheck, symbol: Symbol) -> bool:
    """Whether a checked example uses ``symbol`` (its class, enum, member or parameter)."""
    if check.validation is None:
        return False
    values = _values(check.validation.model)
    if symbol.kind is SymbolKind.CLASS:
        return any(isinstance(v, Call) and v.name == symbol.key for v in values)
    if symbol.kind is SymbolKind.ENUM:
        return any(isinstance(v, EnumValue) and v.enum == symbol.key for v in values)
    if symbol.kind is SymbolKind.MEMBER:
        return any(isinstance(v, EnumValue) and str(v) == symbol.key for v in values)
    assert symbol.param is not None
    if check.context == symbol.param.name:
        return True
    return any(isinstance(v, Call) and v.name == CATALOG.strategy.name
               and symbol.param.name in v.args for v in values)
