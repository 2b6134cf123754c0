"""Generation benchmarks.

1. Fields mode against a slow server: the 13 per-parameter calls of one strategy run
   concurrently, as the engine runs them; their wall time next to the sum of their own
   times, over a loopback fake Ollama that answers every HTTP request after a fixed delay
   (each call makes one /api/chat request, plus one /api/show per model, and required
   parameters answered "null" are retried once).
2. The embedded runtime: whole-strategy latency of the numpy decoder under the llguidance
   mask, for model sizes we could ship. The weights are random, so each step is fed the
   token of a real canonical strategy (teacher forcing): the cost per step (forward pass +
   mask) is what a trained model pays for the same output.
3. The shipped models: whole-strategy latency from real descriptions (the dataset
   generator's, a fixed seed), end to end through EmbeddedModel.generate, with the size of
   the model folder and the process's peak memory; and the cost of the runtime's rules, each
   timed with it and, in turn, without: the Fibonacci level left to the description, and
   the beam-search retry of greedy answers that leave a stated value unused (on the main
   style and on desk), and the retry's join turns (on desk).

Run: python bench/generation_bench.py [--repeat 7] [--cases 50]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from strategy_lsp.generation import GenerationError
from strategy_lsp.generation.engine import Generator
from strategy_lsp.generation.runtime import DecoderConfig, DecoderWeights, Transformer
from strategy_lsp.generation.settings import (
    BackendName,
    GenerationSettings,
    Mode,
    PromptStyle,
)
from strategy_lsp.grammar import render
from strategy_lsp.grammar.decoding import (
    ConstrainedDecoder,
    code_grammar,
    load_tokenizer,
    train_code_tokenizer,
)
from strategy_lsp.grammar.sampling import random_strategy
from tests.generation.fake_ollama import FakeOllama

DESCRIPTION = "Long AAPL: buy when RSI crosses below 30, sell when it crosses above 70."


def fields_mode(repeat: int, delay: float) -> None:
    reply = "null"  # every parameter answered "not stated" except the required ones below
    replies = {"llama3.2:1b": reply, "llama3.2:3b": reply}
    server = FakeOllama(replies).start()
    server.delay = delay
    walls, sums = [], []
    try:
        for _ in range(repeat):
            settings = GenerationSettings(backend=BackendName.OLLAMA, mode=Mode.FIELDS,
                                          ollama_host=server.url,
                                          prompt_style=PromptStyle.FEW_SHOT, rag=False,
                                          fallback_to_embedded=False, max_concurrency=16)

            async def one(settings: GenerationSettings = settings) -> tuple[float, float]:
                generator = Generator(settings)
                parts = []
                started = time.perf_counter()

                async def timed(parameter: str) -> None:
                    t0 = time.perf_counter()
                    with contextlib.suppress(GenerationError):  # required fields: null
                        await generator.generate_parameter(DESCRIPTION, parameter, "AAPL")
                    parts.append(time.perf_counter() - t0)

                from strategy_lsp.generation.router import PARAMETERS

                await asyncio.gather(*(timed(p) for p in PARAMETERS))
                wall = time.perf_counter() - started
                await generator.aclose()
                return wall, sum(parts)

            wall, total = asyncio.run(one())
            walls.append(wall)
            sums.append(total)
    finally:
        server.stop()
    wall, total = statistics.median(walls), statistics.median(sums)
    print(f"fields mode, 13 calls, server delay {delay * 1000:.0f} ms each:")
    print(f"  wall median {wall * 1000:7.1f} ms   sum of calls median {total * 1000:7.1f} ms   "
          f"ratio sum/wall {total / wall:5.1f}x")


def embedded(repeat: int) -> None:
    rng = random.Random(0)
    texts = [render(random_strategy(rng), inline=True) for _ in range(800)]
    tokenizer_json = train_code_tokenizer(texts, 2048)
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_str(tokenizer_json)
    guide = load_tokenizer(tokenizer_json)
    vocab = tokenizer.get_vocab_size()
    target = ("Strategy(ticker='AAPL', position_type=PositionTypeEnum.LONG, "
              "buy_condition=CrossUnderCondition(first_series=RSI('AAPL', length=14), "
              "second_series=CONST(30)), sell_condition=CrossOverCondition("
              "first_series=RSI('AAPL', length=14), second_series=CONST(70)), "
              "stop_loss=StopLoss(percentage=5, stop_loss_type=StopLossType.TRAILING))")
    target_ids = tokenizer.encode(target).ids
    prompt_ids = tokenizer.encode(DESCRIPTION + " Trailing stop of 5 percent.\n").ids
    grammar = code_grammar(None)
    print(f"embedded whole strategy: {len(prompt_ids)} prompt tokens, {len(target_ids)} "
          f"output tokens (vocab {vocab})")
    for dim, layers, heads in ((128, 4, 4), (256, 6, 8), (384, 8, 8)):
        config = DecoderConfig(vocab_size=vocab, dim=dim, n_layers=layers, n_heads=heads,
                               ffn_dim=dim * 8 // 3, max_seq_len=1024)
        weights = DecoderWeights.random(config)
        params = sum(w.size for w in weights.values())
        model = Transformer(config, weights)
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            decoder = ConstrainedDecoder(guide, grammar)
            cache = model.new_cache()
            logits = model.step(prompt_ids, cache)[-1]
            for token in target_ids:
                decoder.mask_logits(logits[None, :].copy())
                decoder.consume(token)
                logits = model.step([token], cache)[-1]
            times.append(time.perf_counter() - started)
        p50 = statistics.median(times)
        size_mb = params * 2 / 1e6
        print(f"  {params / 1e6:5.2f}M params ({size_mb:5.1f} MB fp16): p50 {p50 * 1000:7.1f} ms"
              f"  min {min(times) * 1000:7.1f}  max {max(times) * 1000:7.1f}   goal ≤ 1500 ms: "
              f"{'met' if p50 <= 1.5 else 'NOT met'}")


def _latencies(model: Any, descriptions: list[str], grammar: str) -> tuple[list[float],
                                                                         list[int], int]:
    """Sorted seconds per description, output tokens of each answer, and how many ran out."""
    from strategy_lsp.generation.runtime.model import OutOfTokens

    times, tokens, failed = [], [], 0
    for description in descriptions:
        started = time.perf_counter()
        try:
            tokens.append(model.generate(description, grammar, 400).completion_tokens)
        except OutOfTokens:
            failed += 1
        times.append(time.perf_counter() - started)
    return sorted(times), tokens, failed


def shipped(cases: int) -> None:
    import resource

    from strategy_lsp.generation.backends.embedded import shipped_models
    from strategy_lsp.generation.runtime import model as runtime
    from strategy_lsp.training.dataset import generate_examples
    from strategy_lsp.training.phrasing import phraser

    descriptions = [e.description for e in generate_examples(cases, seed=2024)]
    pool = [e.description for e in generate_examples(40 * cases, seed=2024)]
    grammar = code_grammar(None)
    stated = runtime.stated_members

    def stated_rule(on: bool) -> None:
        runtime.stated_members = stated if on else (lambda reading: {})

    for name, path in shipped_models().items():
        size_mb = sum(f.stat().st_size for f in path.iterdir() if f.is_file()) / 1e6
        model = runtime.EmbeddedModel(path)
        # descriptions that state a Fibonacci level as a fraction, as the runtime finds them
        fib = [d for d in pool if model.codec is not None and
               runtime.stated_members(model.codec.read(d))][:cases]
        model.generate(descriptions[0], grammar, 400)  # warm-up: first-call allocations
        times, tokens, failed = _latencies(model, descriptions, grammar)
        p50, p95 = statistics.median(times), times[int(0.95 * (len(times) - 1))]
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"shipped model {name} ({size_mb:.1f} MB on disk), {cases} descriptions: "
              f"p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, max {times[-1] * 1000:.0f} ms; "
              f"{statistics.mean(tokens) if tokens else 0:.0f} output tokens on average; "
              f"{failed} out of tokens; peak RSS of this process {peak:.0f} MB "
              f"(goals: p50 ≤ 1500 ms, ≤ 400 MB)")
        # the cost of leaving a Fibonacci level to the description: the same descriptions
        # with the rule and, in turn, without it
        with_rule, without = _in_turn(model, fib, grammar, stated_rule)
        print(f"  {len(fib)} descriptions stating a Fibonacci level as a fraction: p50 "
              f"{with_rule * 1000:.0f} ms with the level left to the description, "
              f"{without * 1000:.0f} ms without (ratio {with_rule / without:.2f}; "
              f"median of 3 rounds, in turn)")
        if model.retry_beams:  # on the main style, then on desk (never trained on)
            _retry_cost(model, "plain", descriptions, grammar)
            desk = [e.description for e in generate_examples(cases, seed=2024,
                                                             style=phraser("desk"))]
            _retry_cost(model, "desk", desk, grammar)
        if getattr(model, "join_coverage", False):
            _join_cost(model, desk, grammar)


def _in_turn(model: Any, descriptions: list[str], grammar: str,
             switch: Callable[[bool], None], rounds: int = 3) -> tuple[float, float]:
    """The median p50 over ``rounds`` of the descriptions with ``switch(True)`` and, in
    turn, ``switch(False)``; left switched on."""
    medians: dict[bool, list[float]] = {True: [], False: []}
    try:
        for _ in range(rounds):
            for on in (True, False):
                switch(on)
                medians[on].append(statistics.median(_latencies(model, descriptions,
                                                                grammar)[0]))
    finally:
        switch(True)
    return statistics.median(medians[True]), statistics.median(medians[False])


def _calls_to(model: Any, method: str, descriptions: list[str], grammar: str) -> int:
    """How many times generating ``descriptions`` calls ``model``'s ``method``."""
    calls = 0
    original = getattr(model, method)

    def counted(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        return original(*args, **kwargs)

    setattr(model, method, counted)
    try:
        _latencies(model, descriptions, grammar)
    finally:
        delattr(model, method)
    return calls


def _retry_cost(model: Any, style: str, descriptions: list[str], grammar: str) -> None:
    """The second decoding where a greedy answer leaves a stated value unused: how often it
    runs on these descriptions, and what it costs, with it and, in turn, without."""
    shipped_width = model.retry_beams
    searches = _calls_to(model, "_beam_search", descriptions, grammar)

    def retry(on: bool) -> None:
        model.retry_beams = shipped_width if on else 0

    with_retry, without = _in_turn(model, descriptions, grammar, retry)
    print(f"  the {shipped_width}-beam retry ran on {searches} of {len(descriptions)} "
          f"{style} descriptions: p50 {with_retry * 1000:.0f} ms with it, {without * 1000:.0f} ms "
          f"without (ratio {with_retry / without:.2f}; median of 3 rounds, in turn)")


def _join_cost(model: Any, descriptions: list[str], grammar: str) -> None:
    """The retry's join turns (a side of one clause forced to take a second, an operator
    inside the same operator turned): how often they run on desk descriptions, and what
    they cost, with them and, in turn, without."""
    turns = _calls_to(model, "_turn_joins", descriptions, grammar)

    def joins(on: bool) -> None:
        model.join_coverage = on

    with_joins, without = _in_turn(model, descriptions, grammar, joins)
    print(f"  join turns were tried on {turns} of {len(descriptions)} desk descriptions: "
          f"p50 {with_joins * 1000:.0f} ms with them, {without * 1000:.0f} ms without (ratio "
          f"{with_joins / without:.2f}; median of 3 rounds, in turn)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--delay", type=float, default=0.2, help="fake server delay, seconds")
    parser.add_argument("--cases", type=int, default=50,
                        help="descriptions for the shipped models")
    args = parser.parse_args()
    shipped(args.cases)  # first: its peak memory should not include the others' work
    fields_mode(args.repeat, args.delay)
    embedded(args.repeat)


if __name__ == "__main__":
    main()
