"""Incremental buffers give the same results as fresh ones, and reuse unchanged calls."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from strategy_lsp.grammar import render
from strategy_lsp.grammar.document import StrategyDocument
from strategy_lsp.grammar.sampling import random_strategy


def _buffer(count: int, seed: int = 0) -> str:
    rng = random.Random(seed)
    parts = ["from trading_strategy_tester import *\n"]
    for index in range(count):
        parts.append(f"# strategy {index}\ns{index} = {render(random_strategy(rng))}\n\n")
    return "".join(parts)


def _summary(document: StrategyDocument) -> list[tuple[object, ...]]:
    return [(d.span, d.code, d.message) for d in document.diagnostics()]


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_incremental_edits_match_a_fresh_parse(data: st.DataObject) -> None:
    text = _buffer(3, seed=data.draw(st.integers(0, 1000)))
    document = StrategyDocument(text)
    document.strategies()
    for _ in range(data.draw(st.integers(1, 4))):
        lines = document.text.split("\n")
        line = data.draw(st.integers(0, len(lines) - 1))
        col = data.draw(st.integers(0, len(lines[line])))
        end_col = data.draw(st.integers(col, len(lines[line])))
        insert = data.draw(st.sampled_from(["", "x", "(", ")", "'", "\n", "é", "14", ", "]))
        document.edit((line, col), (line, end_col), insert)
        expected = lines[line][:col] + insert + lines[line][end_col:]
        assert document.text.split("\n")[line:line + insert.count("\n") + 1] == \
            expected.split("\n")
        assert _summary(document) == _summary(StrategyDocument(document.text))


def test_edit_outside_strategies_reuses_every_checked_call() -> None:
    document = StrategyDocument(_buffer(5))
    before = document.strategies()
    document.edit((0, 0), (0, 0), "import os\n")
    after = document.strategies()
    assert [c.analysis for c in after] == [c.analysis for c in before]
    assert all(a.analysis is b.analysis for a, b in zip(after, before, strict=True))
    assert [c.span.start_line for c in after] == [c.span.start_line + 1 for c in before]


def test_edit_inside_one_strategy_rechecks_only_that_one() -> None:
    document = StrategyDocument(_buffer(4))
    before = document.strategies()
    target = before[2]
    line = target.span.start_line + 1
    document.edit((line, 4), (line, 10), "tickr")  # "ticker" -> "tickr"
    after = document.strategies()
    changed = [i for i, (a, b) in enumerate(zip(after, before, strict=True))
               if a.analysis is not b.analysis]
    assert changed == [2]
    codes = [d.code for d in after[2].diagnostics]
    assert "unknown-keyword" in codes
    diagnostic = next(d for d in after[2].diagnostics if d.code == "unknown-keyword")
    assert diagnostic.span.start_line == line
    assert document.text.split("\n")[line][diagnostic.span.start_col:
                                           diagnostic.span.end_col] == "tickr"
