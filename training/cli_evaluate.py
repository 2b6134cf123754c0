"""``strategy-lsp-train evaluate``: a backend, model and mode over a test file.

    strategy-lsp-train evaluate --data data/whole/test.jsonl --backend ollama \\
        --prompt-style fine-tuned --model-large strategy-3b --out report.json --plots plots

Prints our figures beside the original's, writes the JSON report and, with ``--plots``,
PNG charts. The evaluation never falls back to the embedded model: it measures what it was
asked to measure.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import resource
import sys
import time
from pathlib import Path
from typing import Any

from strategy_lsp.generation import BackendUnavailable, ModelNotFound
from strategy_lsp.generation.engine import Generator
from strategy_lsp.generation.prompts import Retriever, default_retriever
from strategy_lsp.generation.settings import BackendName, GenerationSettings, Mode, PromptStyle

from .evaluate import DataError, evaluate_cases_async, read_cases
from .plots import MISSING_MATPLOTLIB, plots_available, write_plots
from .report import CaseResult, Report
from .table import format_report


def positive_int(text: str) -> int:
    """An argparse type: a whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def add_evaluate_command(commands: Any) -> None:
    """Register ``evaluate`` on the training CLI's subparsers."""
    command = commands.add_parser(
        "evaluate", help="measure a backend and model on a test file, beside the original",
        description="Generate every case of a whole-strategy test file (prompt: description, "
                    "completion: reference code) and report valid outputs, identical outputs "
                    "and correct parameters (leaves), overall and per field, with latency.")
    command.add_argument("--data", type=Path, required=True, metavar="TEST.jsonl",
                         help="whole-strategy test file, e.g. data/whole/test.jsonl")
    command.add_argument("--backend", choices=[b.value for b in BackendName],
                         default=BackendName.EMBEDDED.value, help="default: embedded")
    command.add_argument("--mode", choices=[m.value for m in Mode], default=Mode.WHOLE.value,
                         help="whole: one call per strategy; fields: one per parameter")
    command.add_argument("--model-small", help="model for simple parameters (fields mode)")
    command.add_argument("--model-large", help="model for conditions and whole strategies")
    command.add_argument("--host", help="Ollama host, or the OpenAI-compatible base URL")
    command.add_argument("--prompt-style", choices=[s.value for s in PromptStyle],
                         default=PromptStyle.AUTO.value,
                         help="fine-tuned for models trained on our dataset; few-shot for base "
                              "models (auto: fine-tuned for embedded, few-shot for servers)")
    command.add_argument("--timeout", type=float, help="seconds per model call")
    command.add_argument("--no-rag", action="store_true",
                         help="few-shot prompts without retrieved docs")
    command.add_argument("--limit", type=positive_int, metavar="N", help="first N cases only")
    command.add_argument("--out", type=Path, required=True, metavar="REPORT.json",
                         help="where to write the JSON report")
    command.add_argument("--plots", type=Path, metavar="DIR",
                         help="write PNG charts here (needs matplotlib: extra 'train')")
    command.add_argument("--quiet", action="store_true", help="no progress on stderr")


def settings_from(args: argparse.Namespace) -> GenerationSettings:
    return GenerationSettings.from_options(
        backend=args.backend, host=args.host, mode=args.mode, prompt_style=args.prompt_style,
        rag=not args.no_rag, fallback_to_embedded=False, model_small=args.model_small,
        model_large=args.model_large, timeout=args.timeout or None)


def _retriever(settings: GenerationSettings) -> Retriever | None:
    """The knowledge base's retriever, so few-shot prompts are the product's own."""
    few_shot = settings.resolved_prompt_style() is PromptStyle.FEW_SHOT
    return default_retriever(settings.rag, few_shot)


class _Progress:
    """A line on stderr about every tenth of the run."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.started = time.perf_counter()
        self.valid = 0
        self.identical = 0

    def __call__(self, done: int, total: int, result: CaseResult) -> None:
        self.valid += result.valid
        self.identical += result.identical
        if self.quiet or (done % max(1, total // 10) and done != total):
            return
        print(f"evaluate: {done}/{total} cases, {self.valid} valid, {self.identical} identical, "
              f"{time.perf_counter() - self.started:.1f} s", file=sys.stderr)


async def _evaluate(args: argparse.Namespace, settings: GenerationSettings) -> Report:
    cases = read_cases(args.data, args.limit)
    generator = Generator(settings, retriever=_retriever(settings))
    try:
        return await evaluate_cases_async(cases, generator, on_case=_Progress(args.quiet))
    finally:
        await generator.aclose()


def run_evaluate(args: argparse.Namespace) -> int:
    if args.plots is not None and not plots_available():
        print(f"strategy-lsp-train: {MISSING_MATPLOTLIB}", file=sys.stderr)
        return 2
    settings = settings_from(args)
    started = dt.datetime.now(dt.UTC)
    try:
        report = asyncio.run(_evaluate(args, settings))
    except DataError as error:
        print(f"strategy-lsp-train: {error}", file=sys.stderr)
        return 2
    except (BackendUnavailable, ModelNotFound) as error:
        print(f"strategy-lsp-train: {error}", file=sys.stderr)
        return 1
    # the whole evaluating process at its largest: runtime, model, tokenizers, grammar
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / \
        (1024 * 1024 if sys.platform == "darwin" else 1024)  # bytes on macOS, KiB on Linux
    report.run = {"data": str(args.data), "limit": args.limit,
                  "started": started.isoformat(timespec="seconds"),
                  "peak_rss_mb": round(peak_mb, 1), **report.run}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report.to_json(), indent=2, ensure_ascii=False) + "\n",
                        "utf-8")
    print(format_report(report), end="")
    print(f"memory: peak RSS of this process {peak_mb:.0f} MB")
    print(f"wrote {args.out}")
    if args.plots is not None:
        written = write_plots(report, args.plots)
        print(f"wrote {', '.join(str(p) for p in written)}")
    return 0


__all__ = ["add_evaluate_command", "run_evaluate", "settings_from"]
