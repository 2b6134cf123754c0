"""Figures for choosing how to constrain model output: schema sizes, and for each grammar engine
(llguidance, xgrammar, outlines-core) whether it takes our grammar, compile time, time per
token mask, install size and runtime dependencies.

    python bench/decoding_bench.py           # about a minute
    python bench/decoding_bench.py --slow    # adds outlines-core on a condition (~90 s more)

Engines that are not installed are reported as such. Times are medians over repeated runs.
"""

from __future__ import annotations

import argparse
import ctypes
import glob
import importlib.metadata as md
import importlib.util
import json
import random
import re
import statistics
import sysconfig
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from strategy_lsp.grammar.catalog import CATALOG
from strategy_lsp.grammar.codegrammar import build_grammar, to_ebnf, to_lark, to_regex
from strategy_lsp.grammar.decoding import EOS, train_code_tokenizer
from strategy_lsp.grammar.render import render
from strategy_lsp.grammar.sampling import random_strategy
from strategy_lsp.grammar.schema import parameter_schema, strategy_schema

ENGINES = {"llguidance": "llguidance", "xgrammar": "xgrammar", "outlines-core": "outlines_core"}


def median_time(run: Callable[[], object], repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def ms(seconds: float) -> str:
    return f"{seconds * 1e3:9.2f} ms"


def us(seconds: float) -> str:
    return f"{seconds * 1e6:8.1f} µs"


def samples(count: int, seed: int = 0) -> list[str]:
    rng = random.Random(seed)
    return [render(random_strategy(rng), inline=True) for _ in range(count)]


# --- install footprint ----------------------------------------------------------------------


def footprint(dist: str) -> tuple[float, list[str]]:
    """Megabytes on disk of a distribution and everything it requires (as installed here)."""
    seen: set[str] = set()
    todo = [dist]
    size = 0
    while todo:
        name = re.split(r"[ ;<>=!~\[(]", todo.pop(), maxsplit=1)[0].lower().replace("_", "-")
        if name in seen:
            continue
        try:
            found = md.distribution(name)
        except md.PackageNotFoundError:
            continue
        seen.add(name)
        size += sum((f.size or 0) for f in found.files or [])
        todo += [r for r in found.requires or [] if "extra ==" not in r]
    return size / 1e6, sorted(seen - {dist})


# --- tokenizers ---------------------------------------------------------------------------------


def stdlib_texts(limit: int = 20_000_000) -> Iterator[str]:
    """Python's standard library sources, as a stand-in for a general code corpus."""
    total = 0
    root = Path(sysconfig.get_paths()["stdlib"])
    for path in sorted(glob.glob(str(root / "*.py")) + glob.glob(str(root / "*/*.py"))):
        if "site-packages" in path or "/test" in path:
            continue
        text = Path(path).read_text(errors="ignore")
        total += len(text)
        yield text
        if total > limit:
            return


def tokenizers(corpus: list[str]) -> dict[str, str]:
    print("\n== tokenizers (byte-level BPE, trained here)")
    made: dict[str, str] = {}
    from tokenizers import Tokenizer

    sources: list[tuple[str, int, Callable[[], Iterator[str]]]] = [
        ("bpe-1k", 1024, lambda: iter(corpus)),
        ("bpe-2k", 2048, lambda: iter(corpus)),
        ("bpe-32k", 32000, lambda: _chain(stdlib_texts(), corpus)),
    ]
    for label, vocab, texts in sources:
        start = time.perf_counter()
        made[label] = train_code_tokenizer(texts(), vocab)
        took = time.perf_counter() - start
        tokenizer = Tokenizer.from_str(made[label])
        lengths = [len(tokenizer.encode(t).ids) for t in corpus[:500]]
        chars = statistics.mean(len(t) for t in corpus[:500])
        print(f"{label:8} vocab {tokenizer.get_vocab_size():6}  trained in {took:6.1f} s  "
              f"{statistics.mean(lengths):6.1f} tokens per strategy ({chars:.0f} chars)")
    return made


def _chain(*parts: Any) -> Iterator[str]:
    for part in parts:
        yield from part


# --- engines ----------------------------------------------------------------------------------


class Engine:
    """One grammar engine: its notation of our grammar, compiling it, timing its masks."""

    name = ""

    def grammar(self, parameter: str | None) -> str:
        raise NotImplementedError

    def compile(self, grammar: str) -> Any:
        raise NotImplementedError

    def mask_times(self, compiled: Any, tokens: list[int]) -> list[float]:
        """Seconds to compute the mask before each token, consuming the tokens in turn."""
        raise NotImplementedError


class Llguidance(Engine):
    name = "llguidance"

    def __init__(self, tokenizer_json: str) -> None:
        import llguidance
        import llguidance.numpy

        from strategy_lsp.grammar.decoding import load_tokenizer

        self.llg, self.np = llguidance, llguidance.numpy
        self.tokenizer = load_tokenizer(tokenizer_json)

    def grammar(self, parameter: str | None) -> str:
        return to_lark(build_grammar(parameter))

    def compile(self, grammar: str) -> Any:
        matcher = self.llg.LLMatcher(self.tokenizer, self.llg.LLMatcher.grammar_from_lark(grammar),
                                     log_level=0)
        if matcher.is_error():
            raise RuntimeError(matcher.get_error())
        return matcher

    def mask_times(self, compiled: Any, tokens: list[int]) -> list[float]:
        matcher = compiled.deep_copy()
        mask = self.np.allocate_token_bitmask(1, self.tokenizer.vocab_size)
        times = []
        for token in tokens:
            start = time.perf_counter()
            self.np.fill_next_token_bitmask(matcher, mask)
            times.append(time.perf_counter() - start)
            if not matcher.consume_token(token):
                raise RuntimeError(matcher.get_error())
        return times


class Xgrammar(Engine):
    name = "xgrammar"

    def __init__(self, tokenizer_json: str) -> None:
        import xgrammar  # type: ignore[import-not-found, unused-ignore]
        from tokenizers import Tokenizer

        tokenizer = Tokenizer.from_str(tokenizer_json)
        vocab = [tokenizer.id_to_token(i) for i in range(tokenizer.get_vocab_size())]
        self.xgr = xgrammar
        self.info = xgrammar.TokenizerInfo(vocab, vocab_type=xgrammar.VocabType.BYTE_LEVEL,
                                           stop_token_ids=[tokenizer.token_to_id(EOS)])

    def grammar(self, parameter: str | None) -> str:
        return to_ebnf(build_grammar(parameter))

    def compile(self, grammar: str) -> Any:
        compiler = self.xgr.GrammarCompiler(self.info, cache_enabled=False)
        return compiler.compile_grammar(grammar)

    def mask_times(self, compiled: Any, tokens: list[int]) -> list[float]:
        matcher = self.xgr.GrammarMatcher(compiled)
        mask = self.xgr.allocate_token_bitmask(1, self.info.vocab_size)
        times = []
        for token in tokens:
            start = time.perf_counter()
            matcher.fill_next_token_bitmask(mask)
            times.append(time.perf_counter() - start)
            if not matcher.accept_token(token):
                raise RuntimeError("token refused")
        return times


class OutlinesCore(Engine):
    name = "outlines-core"

    def __init__(self, tokenizer_json: str) -> None:
        import numpy
        import outlines_core  # type: ignore[import-untyped]
        from tokenizers import Tokenizer

        tokenizer = Tokenizer.from_str(tokenizer_json)
        eos = tokenizer.token_to_id(EOS)
        vocab: dict[str, list[int]] = {}
        for index in range(tokenizer.get_vocab_size()):
            if index != eos:
                vocab.setdefault(tokenizer.decode([index]), []).append(index)
        self.oc, self.numpy = outlines_core, numpy
        self.vocab = outlines_core.Vocabulary(eos, vocab)
        self.size = tokenizer.get_vocab_size()

    def grammar(self, parameter: str | None) -> str:
        return to_regex(build_grammar(parameter, depth=1))

    def compile(self, grammar: str) -> Any:
        return self.oc.Index(grammar, self.vocab)

    def mask_times(self, compiled: Any, tokens: list[int]) -> list[float]:
        guide = self.oc.Guide(compiled)
        mask = self.numpy.zeros((self.size + 31) // 32, dtype=self.numpy.int32)
        pointer = mask.ctypes.data_as(ctypes.c_void_p).value
        times = []
        for token in tokens:
            start = time.perf_counter()
            guide.write_mask_into(pointer, mask.size, 4)
            times.append(time.perf_counter() - start)
            guide.advance(token)
        return times


def engines(tokenizer_json: str) -> list[Engine]:
    found: list[Engine] = []
    for label, module in ENGINES.items():
        if importlib.util.find_spec(module) is None:
            print(f"{label:14} not installed")
            continue
        kind = {"llguidance": Llguidance, "xgrammar": Xgrammar,
                "outlines-core": OutlinesCore}[label]
        found.append(kind(tokenizer_json))
    return found


def engine_figures(tokenizers_json: dict[str, str], corpus: list[str], slow: bool) -> None:
    from tokenizers import Tokenizer

    print("\n== engines: install size (this environment), runtime dependencies")
    for label in ENGINES:
        try:
            size, deps = footprint(label)
        except md.PackageNotFoundError:
            continue
        if importlib.util.find_spec(ENGINES[label]) is not None:
            print(f"{label:14} {size:8.1f} MB  requires: {', '.join(deps) or 'nothing'}")

    cases: list[tuple[str | None, str]] = [(None, "strategy"), ("buy_condition", "condition"),
                                           ("stop_loss", "stop_loss"), ("order_size", "order")]
    for label, tokenizer_json in tokenizers_json.items():
        tokenizer = Tokenizer.from_str(tokenizer_json)
        print(f"\n== engines with {label}: compile (median of 5), mask per token "
              "(median / p95 over the tokens of 30 rendered random values)")
        for engine in engines(tokenizer_json):
            for parameter, what in cases:
                if engine.name == "outlines-core" and parameter in (None, "buy_condition") \
                        and not (slow and parameter == "buy_condition" and label == "bpe-1k"):
                    print(f"{engine.name:14} {what:10} regex only: not recursive; "
                          "skipped (--slow compiles conditions one level deep)")
                    continue
                grammar = engine.grammar(parameter)
                repeat = 1 if engine.name == "outlines-core" and parameter else 5
                took = median_time(lambda: engine.compile(grammar), repeat)  # noqa: B023
                compiled = engine.compile(grammar)
                times: list[float] = []
                for text in _values(corpus, parameter, engine.name):
                    times += engine.mask_times(compiled, tokenizer.encode(text).ids)
                times.sort()
                print(f"{engine.name:14} {what:10} grammar {len(grammar) / 1e3:8.1f} kB  "
                      f"compile {ms(took)}  mask {us(statistics.median(times))} / "
                      f"{us(times[int(len(times) * 0.95)])}")


def _values(corpus: list[str], parameter: str | None, engine: str) -> list[str]:
    if parameter is None:
        return corpus[:30]
    rng = random.Random(1)
    values: list[str] = []
    while len(values) < 30:
        model = random_strategy(rng)
        value = model.args.get(parameter)
        if value is None:
            continue
        text = render(value, inline=True)
        if engine == "outlines-core" and re.search(r"\b(AND|OR|AfterXDaysCondition)\(", text):
            continue  # one level deep only
        values.append(text)
    return values


# --- schemas ------------------------------------------------------------------------------------


def schema_figures(tokenizer_json: str) -> None:
    print("\n== JSON schemas (flat): bytes, build time, llguidance JSON-grammar compile time")
    compile_json: Callable[[dict[str, Any]], object] | None = None
    if importlib.util.find_spec("llguidance") is not None:
        import llguidance

        from strategy_lsp.grammar.decoding import load_tokenizer

        tokenizer = load_tokenizer(tokenizer_json)

        def compile_json(schema: dict[str, Any]) -> object:
            grammar = llguidance.LLMatcher.grammar_from_json_schema(schema)
            return llguidance.LLMatcher(tokenizer, grammar, log_level=0)

    for depth in (1, 2, 3, 4):
        builds: list[tuple[str, Callable[[], dict[str, Any]]]] = [
            ("strategy", lambda d=depth: strategy_schema(depth=d)),  # type: ignore[misc]
            ("condition", lambda d=depth: parameter_schema("buy_condition", depth=d)),  # type: ignore[misc]
        ]
        for what, build in builds:
            schema = build()
            size = len(json.dumps(schema)) / 1e3
            line = f"depth {depth} {what:9} {size:8.1f} kB  build {ms(median_time(build))}"
            if compile_json is not None:
                took = median_time(lambda: compile_json(schema), 3)  # noqa: B023
                line += f"  llguidance {ms(took)}"
            print(line)
    small = {name: len(json.dumps(parameter_schema(name))) for name in CATALOG.strategy.param_names}
    print("per parameter (bytes):", ", ".join(f"{k} {v}" for k, v in small.items()))


def grammar_figures() -> None:
    print("\n== code grammar (from the catalog)")
    grammar = build_grammar()
    print(f"lark  {len(to_lark(grammar)) / 1e3:7.1f} kB  {len(grammar.rules)} rules (recursive)")
    print(f"ebnf  {len(to_ebnf(grammar)) / 1e3:7.1f} kB")
    for depth in (1, 2, 3):
        whole = len(to_regex(build_grammar(depth=depth))) / 1e3
        condition = len(to_regex(build_grammar("buy_condition", depth=depth))) / 1e3
        print(f"regex depth {depth}: strategy {whole:9.1f} kB, condition {condition:9.1f} kB")
    print(f"build {ms(median_time(lambda: to_lark(build_grammar())))}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--slow", action="store_true",
                        help="also compile a one-level condition regex with outlines-core")
    args = parser.parse_args()
    corpus = samples(3000)
    made = tokenizers(corpus)
    grammar_figures()
    schema_figures(made["bpe-1k"])
    engine_figures({"bpe-1k": made["bpe-1k"], "bpe-32k": made["bpe-32k"]}, corpus, args.slow)


if __name__ == "__main__":
    main()
