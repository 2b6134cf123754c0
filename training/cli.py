"""``strategy-lsp-train``: the training package from the command line.

    strategy-lsp-train dataset --out data --size 10000 --seed 0

writes ``data/whole/{train,valid,test}.jsonl`` and ``data/fields/<parameter>/...`` in
mlx-lm's prompt/completion format (see :mod:`strategy_lsp.training.dataset`).

    strategy-lsp-train evaluate --data data/whole/test.jsonl --backend embedded --out report.json

measures a backend and model on a test file (see :mod:`strategy_lsp.training.cli_evaluate`).

    strategy-lsp-train average --out models/soup models/stage-12 models/stage-13

writes a model folder whose weights are the mean of several (see
:mod:`strategy_lsp.training.average`).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from .average import add_average_command
from .cli_evaluate import add_evaluate_command, positive_int, run_evaluate
from .dataset import DEFAULT_FRACTIONS, GENERATOR_VERSION, GENERATORS, SHORT_SIDES, write_dataset
from .export import add_export_command
from .finetune import add_finetune_command
from .phrasing import TRAINING_MIX, phraser, phraser_names


def _fractions(text: str) -> tuple[float, float, float]:
    parts = [p for p in text.replace(",", "/").split("/") if p.strip()]
    try:
        values = tuple(float(p) for p in parts)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: expected three numbers, e.g. 80/10/10") \
            from None
    if len(values) != 3 or any(v < 0 for v in values) or sum(values) <= 0:
        raise argparse.ArgumentTypeError(f"{text!r}: expected three non-negative numbers, "
                                         "e.g. 80/10/10")
    return values[0], values[1], values[2]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="strategy-lsp-train",
                                     description="Datasets and models for strategy-lsp.")
    commands = parser.add_subparsers(dest="command", required=True)
    dataset = commands.add_parser(
        "dataset", help="write the (description, code) dataset as mlx-lm jsonl",
        description="Write DIR/whole/{train,valid,test}.jsonl and "
                    "DIR/fields/<parameter>/{train,valid,test}.jsonl.")
    dataset.add_argument("--out", type=Path, required=True, help="folder to write into")
    dataset.add_argument("--size", type=positive_int, default=10_000,
                         help="number of distinct examples (default 10000)")
    dataset.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    dataset.add_argument("--split", type=_fractions, default=DEFAULT_FRACTIONS,
                         metavar="TRAIN/VALID/TEST",
                         help="split proportions (default 80/10/10)")
    dataset.add_argument("--style", default="plain",
                         help=f"phrasing style (default plain; known: "
                              f"{', '.join(phraser_names())}), a mix such as "
                              f"'plain:2,chat' (names with weights), or 'training' "
                              f"({TRAINING_MIX})")
    dataset.add_argument("--no-typos", action="store_true",
                         help="leave descriptions without typos")
    dataset.add_argument("--generator", type=int, choices=GENERATORS,
                         default=GENERATOR_VERSION,
                         help=f"write what this generator version wrote (default "
                              f"{GENERATOR_VERSION}; 1 for the data the shipped model "
                              f"trained on: see training/README.md)")
    dataset.add_argument("--short-sides", choices=SHORT_SIDES, default=None,
                         help="write a short strategy's entry as sell_condition (library, "
                              "the library's own way and the default since generator 2) "
                              "or as buy_condition (entry, the way the shipped model "
                              "answers: data to go on training it)")
    add_evaluate_command(commands)
    add_finetune_command(commands)
    add_export_command(commands)
    add_average_command(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "dataset":
        try:
            style = phraser(args.style)
        except (KeyError, ValueError) as error:
            print(f"strategy-lsp-train: {error.args[0]}", file=sys.stderr)
            return 2
        summary = write_dataset(args.out, args.size, args.seed, style=style,
                                fractions=args.split, typos=not args.no_typos,
                                generator=args.generator, short_sides=args.short_sides)
        counts = ", ".join(f"{k} {v}" for k, v in summary.counts.items())
        print(f"wrote {summary.size} examples ({counts}) in style {summary.style!r} "
              f"to {summary.out}/whole and {len(summary.fields)} field folders under "
              f"{summary.out}/fields")
        return 0
    if args.command == "evaluate":
        return run_evaluate(args)
    if args.command in ("finetune", "export", "average"):
        return int(args.run(args))
    return 2  # argparse rejects unknown commands before this


if __name__ == "__main__":
    raise SystemExit(main())
