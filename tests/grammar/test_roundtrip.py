"""Parse → render → parse over 10,000 random valid strategies."""

from __future__ import annotations

import ast
import random

import pytest

from strategy_lsp.grammar import parse_expression, render, validate_strategy
from strategy_lsp.grammar.sampling import random_strategy


@pytest.mark.parametrize("block", range(10))
def test_render_then_parse_gives_the_same_model(block: int) -> None:
    rng = random.Random(block)
    for _ in range(1000):
        model = random_strategy(rng)
        inline = rng.random() < 0.5
        code = render(model, inline=inline)
        ast.parse(code)  # the rendered code is Python
        expr, problems = parse_expression(code)
        assert expr is not None and not problems
        validation = validate_strategy(expr, problems)
        assert validation.ok, [d.message for d in validation.errors]
        assert validation.model == model
        assert render(validation.model, inline=inline) == code  # canonical text is stable


def test_equivalent_spellings_render_to_one_canonical_text() -> None:
    messy = """Strategy(sell_condition=CrossUnderCondition(second_series=CONST(70),
        first_series=RSI(ticker="AAPL")), ticker = "AAPL",
        buy_condition=CrossOverCondition(RSI('AAPL', SourceType.CLOSE, 14), CONST(30)),
        position_type=PositionTypeEnum.LONG, order_size=USD(value=1_000))"""
    expr, problems = parse_expression(messy)
    assert expr is not None
    validation = validate_strategy(expr, problems)
    assert validation.ok
    assert validation.model is not None
    canonical = render(validation.model)
    assert canonical == """Strategy(
    ticker='AAPL',
    position_type=PositionTypeEnum.LONG,
    buy_condition=CrossOverCondition(first_series=RSI('AAPL', source=SourceType.CLOSE, length=14), second_series=CONST(30)),
    sell_condition=CrossUnderCondition(first_series=RSI('AAPL'), second_series=CONST(70)),
    order_size=USD(1000),
)"""  # noqa: E501
    assert ast.dump(ast.parse(canonical)) != ast.dump(ast.parse(messy))
    again = validate_strategy(*parse_expression(canonical))  # type: ignore[arg-type]
    assert again.model == validation.model
