"""The parser reads only strategy-shaped code, with exact spans, and never runs anything."""

from __future__ import annotations

from pathlib import Path

import pytest

from strategy_lsp.grammar import parse_buffer, parse_expression, validate_strategy
from strategy_lsp.grammar import syntax as sx
from strategy_lsp.grammar.parser import MAX_DEPTH

HOSTILE = [
    "Strategy(ticker=__import__('os').system('touch {marker}'))",
    "__import__('os').system('touch {marker}')",
    "Strategy(ticker=open('{marker}', 'w').write('x'))",
    "Strategy(ticker=(lambda: __import__('os').system('touch {marker}'))())",
    "Strategy(ticker=[__import__('os').system('touch {marker}') for _ in '1'][0])",
    "Strategy(ticker=f\"{{__import__('os').system('touch {marker}')}}\")",
    "Strategy(*[__import__('os').system('touch {marker}')])",
    "Strategy(**{{'ticker': __import__('os').system('touch {marker}')}})",
    "Strategy(ticker=RSI.__class__.__init__.__globals__['os'].system('touch {marker}'))",
    "Strategy(ticker=exec('import os; os.system(\"touch {marker}\")'))",
    "Strategy(ticker=eval('1+1'))",
    "Strategy(ticker=SourceType.CLOSE.__class__)",
]


@pytest.mark.parametrize("template", HOSTILE)
def test_hostile_input_is_rejected_and_nothing_runs(template: str, tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    code = template.format(marker=marker)
    expr, problems = parse_expression(code)
    diagnostics = list(problems)
    if expr is not None:
        diagnostics += validate_strategy(expr, problems).diagnostics
    errors = [d for d in diagnostics if d.severity == "error"]
    assert errors, code
    assert all(d.span.end_byte <= len(code.encode()) for d in errors)
    assert not marker.exists()
    buffer = parse_buffer(f"x = 1\n{code}\n")
    assert not marker.exists()
    assert buffer is not None


@pytest.mark.parametrize(("code", "words"), [
    ("lambda: 1", "lambda"),
    ("RSI('A', length=2 * 7)", "arithmetic"),
    ("RSI('A', length=[14][0])", "indexing"),
    ("RSI(*args)", "starred"),
    ("RSI('A', length=x if y else z)", "if-expression"),
    ("RSI(b'A')", "Byte strings"),
    ("RSI('A' 'B')", "joined strings"),
    ("foo.bar('A')", "Only catalog classes"),
    ("RSI('A')(1)", "Only catalog classes"),
    ("RSI('A', length=14j)", "not a real number"),
])
def test_disallowed_constructs_get_a_readable_diagnostic(code: str, words: str) -> None:
    _, problems = parse_expression(code)
    assert any(words.lower() in d.message.lower() for d in problems), [d.message for d in problems]


def test_expression_nested_too_deeply_is_refused() -> None:
    code = "AND(" * (MAX_DEPTH + 5) + ")" * (MAX_DEPTH + 5)
    _, problems = parse_expression(code)
    assert any(d.code == "too-deep" for d in problems)


def test_absurdly_long_expression_is_refused() -> None:
    code = "AND(" + ", ".join(["CLOSE('A')"] * 20000) + ")"
    expr, problems = parse_expression(code)
    assert expr is None
    assert problems[0].code == "too-long"


def test_every_node_carries_its_exact_span() -> None:
    code = "x = 1\nfoo(Strategy(ticker='AAPL',\n  position_type=PositionTypeEnum.LONG))\n"
    calls = parse_buffer(code).calls
    assert len(calls) == 1
    node = calls[0].node
    assert isinstance(node, sx.Call)
    assert (node.span.start_line, node.span.start_col) == (1, 4)
    assert (node.span.end_line, node.span.end_col) == (2, 38)
    ticker, position = node.keywords
    assert (ticker.name_span.start_line, ticker.name_span.start_col) == (1, 13)
    assert isinstance(ticker.value, sx.String) and ticker.value.value == "AAPL"
    value = position.value
    assert isinstance(value, sx.Attribute)
    assert (value.member_span.start_line, value.member_span.start_col) == (2, 33)
    lines = code.split("\n")
    assert lines[2][value.member_span.start_col:value.member_span.end_col] == "LONG"


def test_columns_count_characters_not_bytes() -> None:
    code = "s = 'é'; t = Strategy(ticker='Ä')"
    node = parse_buffer(code).calls[0].node
    assert isinstance(node, sx.Call)
    assert node.span.start_col == code.index("Strategy")
    assert node.span.start_byte == code.encode().index(b"Strategy")


def test_buffer_finds_every_strategy_call_assigned_or_nested() -> None:
    code = """
a = Strategy(ticker='A')
def build():
    return [Strategy(ticker='B'), tst.Strategy(ticker='C')]
run(Strategy(ticker='D'))
not_a_strategy = MyStrategy(ticker='E')
"""
    tickers = []
    for call in parse_buffer(code).calls:
        assert isinstance(call.node, sx.Call)
        tickers.append(call.node.keywords[0].value.value)  # type: ignore[union-attr]
    assert tickers == ["A", "B", "C", "D"]


def test_syntax_error_inside_a_call_is_reported_with_a_range() -> None:
    code = "s = Strategy(ticker='AAPL', position_type=PositionTypeEnum.LONG,, buy=)\n"
    calls = parse_buffer(code).calls
    assert calls
    problems = calls[0].diagnostics
    assert any(d.code == "syntax" for d in problems)
    assert all(d.span.start_line == 0 for d in problems)


def test_comments_inside_a_call_are_ignored() -> None:
    code = "Strategy(  # the ticker\n    ticker='AAPL',  # Apple\n)"
    expr, problems = parse_expression(code)
    assert not problems
    assert isinstance(expr, sx.Call) and len(expr.keywords) == 1
