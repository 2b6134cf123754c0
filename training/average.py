"""``strategy-lsp-train average``: one embedded model folder whose weights are the element-wise
mean of several trained on the same vocabulary (a "model soup" of fresh-draw stages).

    strategy-lsp-train average --out models/strategy-tiny runs/stage-12 runs/stage-13

Every source must be a model folder that ``finetune --scratch`` wrote from the same run: the
same ``config.json``, ``tokenizer.json`` and ``reading.json`` (compared as data), the same
weight names and shapes. The mean is taken in float64 and stored as the runtime stores
weights (float16). The new folder's ``model_card.md`` names the sources and keeps their
cards below its own. ``--beams``, ``--coverage`` and ``--retry-beams`` set how the embedded
runtime decodes with the new folder (its ``config.json``; see ``EmbeddedModel``): the
decoding ships with the weights it was measured on.
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from strategy_lsp.generation.runtime.model import decoding_settings
from strategy_lsp.generation.runtime.slotted import READING_FILE
from strategy_lsp.generation.runtime.transformer import DecoderWeights

from .cli_evaluate import positive_int

#: The files every source must hold, and which must be the same data in all of them.
SHARED_FILES = ("config.json", "tokenizer.json")
WEIGHTS_FILE = "weights.npz"
CARD_FILE = "model_card.md"


class AverageError(ValueError):
    """The sources cannot be averaged; the message says which one and why."""


@dataclass(frozen=True)
class AveragedModel:
    out: Path
    sources: tuple[Path, ...]
    parameters: int


def _json(path: Path) -> object:
    try:
        return json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        raise AverageError(f"{path.parent} has no {path.name}: not a model folder that "
                           "finetune --scratch wrote") from None
    except (OSError, ValueError) as error:
        raise AverageError(f"{path} cannot be read: {error}") from None


def _shared(sources: Sequence[Path]) -> list[str]:
    """The names of the files to copy, after checking each is the same data everywhere."""
    names = list(SHARED_FILES)
    if (sources[0] / READING_FILE).exists():
        names.append(READING_FILE)
    for name in names:
        first = _json(sources[0] / name)
        for other in sources[1:]:
            if _json(other / name) != first:
                raise AverageError(f"{other / name} differs from {sources[0] / name}: only "
                                   "models of one run, with one vocabulary, can be averaged")
    return names


def _load(source: Path) -> DecoderWeights:
    try:
        return DecoderWeights.load(source / WEIGHTS_FILE)
    except FileNotFoundError:
        raise AverageError(f"{source} has no {WEIGHTS_FILE}") from None
    except (OSError, ValueError) as error:
        raise AverageError(f"{source / WEIGHTS_FILE} cannot be read: {error}") from None


def mean_weights(sources: Sequence[Path]) -> DecoderWeights:
    """The element-wise mean of the sources' weights, after checking names and shapes."""
    first = _load(sources[0])
    sums = {name: array.astype(np.float64) for name, array in first.items()}
    for source in sources[1:]:
        weights = _load(source)
        if set(weights) != set(sums):
            missing = sorted(set(sums) ^ set(weights))
            raise AverageError(f"{source / WEIGHTS_FILE} does not hold the same arrays as "
                               f"{sources[0] / WEIGHTS_FILE} (differing: "
                               f"{', '.join(missing[:5])})")
        for name, array in weights.items():
            if array.shape != sums[name].shape:
                raise AverageError(f"{name} is {array.shape} in {source} but "
                                   f"{sums[name].shape} in {sources[0]}")
            sums[name] += array
    return DecoderWeights({name: (total / len(sources)).astype(np.float32)
                           for name, total in sums.items()})


def _card(out: Path, sources: Sequence[Path], parameters: int, command: str) -> str:
    rows = [
        ("weights", f"the element-wise mean of {len(sources)} model folders' weights, "
                    "float16"),
        ("sources", ", ".join(f"`{s}`" for s in sources)),
        ("parameters", f"{parameters:,}"),
        ("command", f"`{command}`" if command else "(library call)"),
        ("written", datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")),
    ]
    parts = [f"# {out.name}\n\nThe mean of the weights of models of one training run; "
             "config, tokenizer and reading are theirs.\n\n| | |\n|---|---|\n"
             + "\n".join(f"| {k} | {v} |" for k, v in rows) + "\n"]
    for number, source in enumerate(sources, 1):
        try:
            card = (source / CARD_FILE).read_text("utf-8")
        except OSError:
            card = "(no model card)\n"
        # the source's headings one level down, under a heading of its own
        card = "\n".join("#" + line if line.startswith("#") else line
                         for line in card.splitlines())
        parts.append(f"## Source {number}: `{source}`\n\n{card.strip()}\n")
    return "\n".join(parts)


def average_models(sources: Sequence[Path], out: Path, *, command: str = "",
                   decoding: dict[str, float] | None = None) -> AveragedModel:
    """Write ``out``: the shared files of ``sources``, the mean of their weights, a card;
    ``decoding`` (such as ``{"beams": 4, "coverage": 2.0}``) is added to its config.json.

    For example ``average_models([Path("stage-12"), Path("stage-13")], Path("soup"))``.
    """
    sources = tuple(sources)
    if len(sources) < 2:
        raise AverageError("averaging needs at least two model folders")
    resolved = [s.resolve() for s in sources]
    if len(set(resolved)) != len(resolved):
        raise AverageError("a model folder is named twice; give each source once")
    if out.resolve() in resolved:
        raise AverageError(f"{out} is one of the sources; write the mean to another folder")
    names = _shared(sources)
    config = {**json.loads((sources[0] / "config.json").read_text("utf-8")), **(decoding or {})}
    try:
        decoding_settings(config)
    except (ValueError, TypeError) as error:
        raise AverageError(f"these decoding settings do not go together: {error}") from error
    weights = mean_weights(sources)
    out.mkdir(parents=True, exist_ok=True)
    for name in names:
        (out / name).write_bytes((sources[0] / name).read_bytes())
    if decoding:
        (out / "config.json").write_text(json.dumps(config, indent=2) + "\n", "utf-8")
    weights.save(out / WEIGHTS_FILE)
    parameters = sum(int(array.size) for array in weights.values())
    (out / CARD_FILE).write_text(_card(out, sources, parameters, command), "utf-8")
    return AveragedModel(out=out, sources=sources, parameters=parameters)


def add_average_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``strategy-lsp-train average``."""
    parser = commands.add_parser(
        "average", help="write a model folder whose weights are the mean of several",
        description="Average the weights of embedded model folders of one training run "
                    "(same config, tokenizer and reading) into a new folder.")
    parser.add_argument("sources", type=Path, nargs="+", metavar="MODEL",
                        help="model folders written by finetune --scratch (two or more)")
    parser.add_argument("--out", type=Path, required=True, help="folder to write into")
    parser.add_argument("--beams", type=positive_int, default=None,
                        help="hypotheses the runtime keeps while decoding (default: the "
                             "sources' setting; 1 is greedy)")
    parser.add_argument("--coverage", type=_not_negative, default=None,
                        help="log-probability a beam-searched answer loses per number or "
                             "date of the description it leaves unused (default: the "
                             "sources' setting)")
    parser.add_argument("--retry-beams", type=_whole_not_negative, default=None,
                        help="with --beams 1 and a --coverage: decode greedily, and again with "
                             "this many beams and the coverage loss when the greedy answer "
                             "leaves a number or date of the description unused (0: never; "
                             "default: the sources' setting)")
    parser.set_defaults(run=_run)


def _whole_not_negative(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be a whole number of 0 or more, not {text}")
    return value


def _not_negative(text: str) -> float:
    value = float(text)
    if not value >= 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a number of 0 or more, not {text}")
    return value


def _run(args: argparse.Namespace) -> int:
    decoding = {k: v for k, v in (("beams", args.beams), ("coverage", args.coverage),
                                  ("retry_beams", args.retry_beams)) if v is not None}
    flags = [f"--{k.replace('_', '-')}={v}" for k, v in decoding.items()]
    command = shlex.join(["strategy-lsp-train", "average", "--out", str(args.out), *flags,
                          *map(str, args.sources)])
    try:
        result = average_models(args.sources, args.out, command=command, decoding=decoding)
    except AverageError as error:
        print(f"strategy-lsp-train average: {error}", file=sys.stderr)
        return 1
    print(f"wrote {result.out}: the mean of {len(result.sources)} models "
          f"({result.parameters:,} parameters)")
    return 0
