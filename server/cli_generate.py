"""``strategy-lsp generate``: a description in, validated strategy code out."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path
from typing import Any

from strategy_lsp.generation import GenerationError
from strategy_lsp.generation.engine import GenerationResult, Generator, doubt_message
from strategy_lsp.generation.prompts import default_retriever
from strategy_lsp.generation.settings import (
    BackendName,
    GenerationSettings,
    Mode,
    PromptStyle,
    ShortSides,
)
from strategy_lsp.knowledge.cli import ProgressBar


def _probability(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(f"{text!r}: expected a probability from 0 to 1")
    return value


def add_parsers(subparsers: Any) -> None:
    gen = subparsers.add_parser(
        "generate", help="write a Strategy(...) from a plain-English description",
        description="Print validated strategy code for a description, or turn a JSONL file "
                    "of prompts into completions with --batch. Offline by default (the "
                    "embedded model).")
    gen.add_argument("description", nargs="?", help="the strategy, in plain English")
    gen.add_argument("--batch", type=Path, metavar="IN.jsonl",
                     help="read lines with a 'prompt' field")
    gen.add_argument("--out", type=Path, metavar="OUT.jsonl",
                     help="with --batch: write 'prompt', 'completion' and 'error' lines")
    gen.add_argument("--backend", choices=[b.value for b in BackendName])
    gen.add_argument("--mode", choices=[m.value for m in Mode])
    gen.add_argument("--model-small", help="model for simple parameters")
    gen.add_argument("--model-large", help="model for buy/sell conditions and whole strategies")
    gen.add_argument("--host", help="Ollama host, or the OpenAI-compatible base URL")
    gen.add_argument("--timeout", type=float, help="seconds per model call")
    gen.add_argument("--no-rag", action="store_true", help="do not add retrieved docs to prompts")
    gen.add_argument("--no-fallback", action="store_true",
                     help="fail instead of falling back to the embedded model")
    gen.add_argument("--unsure-below", type=_probability, metavar="P",
                     help="name parameters the model wrote with a decision less likely than P "
                          "(0 to 1; default 0.7, 0: never)")
    gen.add_argument("--short-sides", choices=[s.value for s in ShortSides],
                     help="how the server model writes a short's conditions (default library; "
                          "entry: a model fine-tuned on `dataset --short-sides entry` data)")
    gen.add_argument("--json", action="store_true", help="print the result as JSON")
    gen.set_defaults(run=run_generate)


def settings_from(args: argparse.Namespace) -> GenerationSettings:
    return GenerationSettings.from_options(
        backend=args.backend, host=args.host, mode=args.mode, model_small=args.model_small,
        model_large=args.model_large, timeout=args.timeout,
        rag=False if args.no_rag else None,
        fallback_to_embedded=False if args.no_fallback else None,
        unsure_below=args.unsure_below, short_sides=args.short_sides)


def result_json(result: GenerationResult) -> dict[str, Any]:
    return {
        "code": result.code,
        "imports": result.imports,
        "mode": result.mode.value,
        "seconds": round(result.seconds, 3),
        "parts": [{"parameter": p.parameter, "model": p.model, "backend": p.backend,
                   "seconds": round(p.seconds, 3), "attempts": p.attempts, "cached": p.cached}
                  for p in result.parts],
        "repairs": [{"code": d.code, "message": d.message,
                     "fix": d.repair.description if d.repair else None}
                    for d in result.repairs],
        "notes": result.notes,
        "unsure": [{"parameter": d.parameter, "probability": round(d.probability, 3)}
                   for d in result.doubts()],
    }


async def _one(generator: Generator, description: str, as_json: bool) -> int:
    try:
        result = await generator.generate(description)
    except GenerationError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    if as_json:
        print(json.dumps(result_json(result), indent=2))
        return 0
    for note in result.notes:
        print(f"note: {note}", file=sys.stderr)
    for repair in result.repairs:
        fix = f" ({repair.repair.description})" if repair.repair else ""
        print(f"repaired: {repair.message}{fix}", file=sys.stderr)
    doubt = doubt_message(result.doubts())
    if doubt is not None:
        print(f"note: {doubt}", file=sys.stderr)
    print("\n".join(result.imports) + "\n\nstrategy = " + result.code)
    return 0


async def _batch(generator: Generator, source: Path, target: Path) -> int:
    try:
        lines = [line for line in source.read_text("utf-8").splitlines() if line.strip()]
    except (OSError, UnicodeDecodeError) as error:
        print(f"{source}: cannot read: {error}", file=sys.stderr)
        return 2
    bar = ProgressBar(sys.stderr)
    failures = 0
    with target.open("w", encoding="utf-8") as out:
        for number, line in enumerate(lines, 1):
            record: dict[str, Any]
            try:
                prompt = json.loads(line)["prompt"]
                if not isinstance(prompt, str):
                    raise TypeError("prompt is not a string")
            except (json.JSONDecodeError, KeyError, TypeError) as error:
                record = {"prompt": None, "completion": "",
                          "error": f"line {number}: no 'prompt' string ({error})"}
            else:
                try:
                    result = await generator.generate(prompt)
                    record = {"prompt": prompt, "completion": result.code, "error": None,
                              "unsure": [d.parameter for d in result.doubts()]}
                except GenerationError as error:
                    record = {"prompt": prompt, "completion": "", "error": str(error)}
            failures += record["error"] is not None
            out.write(json.dumps(record) + "\n")
            bar(number, len(lines), "generate")
    print(f"{len(lines) - failures}/{len(lines)} generated; written to {target}",
          file=sys.stderr)
    return 0 if failures == 0 else 1


def run_generate(args: argparse.Namespace) -> int:
    if (args.batch is None) == (args.description is None):
        print("error: give a DESCRIPTION or --batch IN.jsonl --out OUT.jsonl", file=sys.stderr)
        return 2
    if args.batch is not None and args.out is None:
        print("error: --batch needs --out OUT.jsonl", file=sys.stderr)
        return 2
    settings = settings_from(args)

    async def run() -> int:
        few_shot = settings.resolved_prompt_style() is PromptStyle.FEW_SHOT
        generator = Generator(settings, retriever=default_retriever(settings.rag, few_shot))
        try:
            if args.batch is not None:
                return await _batch(generator, args.batch, args.out)
            return await _one(generator, args.description, args.json)
        finally:
            await generator.aclose()

    return asyncio.run(run())
