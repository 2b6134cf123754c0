"""Parse + validate time of a 5,000-line buffer, cold and after a one-character edit.

Run: python bench/grammar_bench.py [--lines 5000] [--repeat 30]
Prints medians (and min/max) in milliseconds. The goal is ≤ 30 ms after an edit.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable

from strategy_lsp.grammar import render
from strategy_lsp.grammar.document import StrategyDocument
from strategy_lsp.grammar.sampling import random_strategy

FILLER = '''
def helper_{n}(values):
    """Ordinary code between strategies."""
    total = 0
    for value in values:
        total += value * {n}
    return total
'''


def make_buffer(lines: int, seed: int = 0) -> str:
    rng = random.Random(seed)
    parts: list[str] = ["from trading_strategy_tester import *\n"]
    count = 1
    n = 0
    while count < lines:
        piece = (f"# Strategy {n}\ns{n} = {render(random_strategy(rng))}\n"
                 if n % 2 == 0 else FILLER.format(n=n))
        parts.append(piece)
        count += piece.count("\n")
        n += 1
    return "".join(parts)


def measure(action: Callable[[], object], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return times


def report(label: str, times: list[float]) -> float:
    median = statistics.median(times)
    print(f"{label:<48} median {median:8.2f} ms   min {min(times):8.2f}   max {max(times):8.2f}")
    return median


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lines", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    text = make_buffer(args.lines)
    probe = StrategyDocument(text)
    calls = len(probe.strategies())
    print(f"buffer: {text.count(chr(10))} lines, {len(text.encode())} bytes, {calls} strategies")

    cold = report("cold: parse + validate whole buffer",
                  measure(lambda: StrategyDocument(text).diagnostics(), max(3, args.repeat // 5)))

    document = StrategyDocument(text)
    document.diagnostics()
    target = document.strategies()[calls // 2].span.start_line + 1  # a line inside a strategy
    state = {"flip": False}

    def edit_inside() -> None:
        # type a character, then delete it on the next round, as a user would
        if state["flip"]:
            document.edit((target, 4), (target, 5), "")
        else:
            document.edit((target, 4), (target, 4), "x")
        state["flip"] = not state["flip"]
        document.diagnostics()

    after_edit = report("one-character edit inside a strategy", measure(edit_inside, args.repeat))

    filler_line = text.count("\n") - 3

    def edit_outside() -> None:
        if state["flip"]:
            document.edit((filler_line, 0), (filler_line, 1), "")
        else:
            document.edit((filler_line, 0), (filler_line, 0), " ")
        state["flip"] = not state["flip"]
        document.diagnostics()

    report("one-character edit outside strategies", measure(edit_outside, args.repeat))
    print(f"cold / after-edit ratio: {cold / after_edit:.1f}x; goal ≤ 30 ms after an edit: "
          f"{'met' if after_edit <= 30 else 'NOT met'}")


if __name__ == "__main__":
    main()
