"""``strategy-lsp-train average``: one embedded model folder whose weights are the element-wise
mean of several trained on the same vocabulary (a "model soup" of fresh-draw stages).

    strategy-lsp-train average --out models/strategy-tiny runs/stage-12 runs/stage-13

Every source must be a model folder that ``finetune --scratch`` wrote from the same run: the
same ``config.json``, ``tokenizer.json`` and ``reading.json`` (compared as data), the same
weight names and shapes. One exception: a stage that went on with ``--grow-words`` may be
averaged with stages of the vocabulary it grew from. Its words must extend theirs (their
prompt words first, in their order; their known capitalised words among its own) and its
config may differ from theirs only in ``vocab_size``, by as many ids as it has words more.
The new folder takes the widest source's vocabulary, and each embedding row is the mean over
the sources that have that id. The mean is taken in float64 and stored as the runtime stores
weights (float16). The new folder's ``model_card.md`` names the sources and keeps their
cards below its own. ``--beams``, ``--coverage``, ``--retry-beams``, ``--named-coverage``,
``--crossing-coverage`` and ``--join-coverage`` set how the embedded runtime decodes with
the new folder (its ``config.json``; see ``EmbeddedModel``): the decoding ships with the
weights it was measured on.
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

from strategy_lsp.generation.runtime.model import RETRY_STATEMENTS, decoding_settings
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


#: The weights with a row per vocabulary id; ``--grow-words`` adds rows at their end.
VOCABULARY_ARRAYS = ("embed", "lm_head")


def _vocabulary(source: Path) -> int:
    config = _json(source / "config.json")
    size = config.get("vocab_size") if isinstance(config, dict) else None
    if not isinstance(size, int):
        raise AverageError(f"{source / 'config.json'} has no whole vocab_size")
    return size


def _extends(name: str, wide: object, narrow: object) -> bool:
    """Whether ``wide`` (a file of the widest source) is ``narrow`` or grew from it."""
    if wide == narrow:
        return True
    if not (isinstance(wide, dict) and isinstance(narrow, dict) and wide.keys() == narrow.keys()):
        return False
    if name == "config.json":
        return {**narrow, "vocab_size": wide["vocab_size"]} == wide
    if name == READING_FILE:
        words, known = wide.get("words"), narrow.get("words")
        upper, upper_known = wide.get("known_upper"), narrow.get("known_upper")
        if not (isinstance(words, list) and isinstance(known, list)
                and isinstance(upper, list) and isinstance(upper_known, list)):
            return False
        rest = {k: v for k, v in wide.items() if k not in ("words", "known_upper")}
        return (words[:len(known)] == known and set(upper_known) <= set(upper)
                and rest == {k: v for k, v in narrow.items()
                             if k not in ("words", "known_upper")})
    return False


def _shared(sources: Sequence[Path]) -> tuple[list[str], Path]:
    """The names of the files to copy and the source to copy them from (the widest
    vocabulary's), after checking each other source's are the same data or grew into it."""
    names = list(SHARED_FILES)
    if (sources[0] / READING_FILE).exists():
        names.append(READING_FILE)
    files = {name: [_json(source / name) for source in sources] for name in names}
    sizes = [_vocabulary(source) for source in sources]
    wide = sizes.index(max(sizes))
    widest = sources[wide]
    for name, data in files.items():
        for other, own in zip(sources, data, strict=True):
            if other is not widest and not _extends(name, data[wide], own):
                raise AverageError(f"{other / name} differs from {widest / name}: only "
                                   "models of one run, with one vocabulary or one grown "
                                   "from another's, can be averaged")
    if READING_FILE in files:  # _extends has checked that each holds a list of words
        words = [len(reading["words"]) for reading in files[READING_FILE]]  # type: ignore[index]
        for other, size, count in zip(sources, sizes, words, strict=True):
            if max(sizes) - size != words[wide] - count:
                raise AverageError(f"{other / READING_FILE} differs from "
                                   f"{widest / READING_FILE}: {words[wide] - count} words "
                                   f"more but {max(sizes) - size} ids more")
    elif len(set(sizes)) > 1:
        raise AverageError(f"{sources[sizes.index(min(sizes))]} has another vocabulary size "
                           f"than {widest} and no {READING_FILE} to say how it grew")
    return names, widest


def _load(source: Path) -> DecoderWeights:
    try:
        return DecoderWeights.load(source / WEIGHTS_FILE)
    except FileNotFoundError:
        raise AverageError(f"{source} has no {WEIGHTS_FILE}") from None
    except (OSError, ValueError) as error:
        raise AverageError(f"{source / WEIGHTS_FILE} cannot be read: {error}") from None


def mean_weights(sources: Sequence[Path]) -> DecoderWeights:
    """The element-wise mean of the sources' weights, after checking names and shapes; the
    rows of a vocabulary array (:data:`VOCABULARY_ARRAYS`) that only the sources with a grown
    vocabulary have are the mean over those."""
    loaded = [_load(source) for source in sources]
    first = loaded[0]
    for source, weights in zip(sources[1:], loaded[1:], strict=True):
        if set(weights) != set(first):
            missing = sorted(set(first) ^ set(weights))
            raise AverageError(f"{source / WEIGHTS_FILE} does not hold the same arrays as "
                               f"{sources[0] / WEIGHTS_FILE} (differing: "
                               f"{', '.join(missing[:5])})")
        for name, array in weights.items():
            expected = first[name].shape
            grown = name in VOCABULARY_ARRAYS and array.ndim == len(expected) >= 1
            if array.shape[grown:] != expected[grown:]:
                raise AverageError(f"{name} is {array.shape} in {source} but "
                                   f"{expected} in {sources[0]}")
    means: dict[str, np.ndarray] = {}
    for name in first:
        arrays = [weights[name].astype(np.float64) for weights in loaded]
        if name not in VOCABULARY_ARRAYS:
            means[name] = (sum(arrays[1:], arrays[0]) / len(arrays)).astype(np.float32)
            continue
        total = np.zeros((max(len(a) for a in arrays), *arrays[0].shape[1:]))
        count = np.zeros(len(total))
        for rows in arrays:  # a row only some sources have: the mean over those
            total[:len(rows)] += rows
            count[:len(rows)] += 1
        means[name] = (total / count.reshape(-1, *[1] * (total.ndim - 1))).astype(np.float32)
    return DecoderWeights(means)


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
                   decoding: dict[str, float | bool] | None = None) -> AveragedModel:
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
    names, widest = _shared(sources)
    config = {**json.loads((widest / "config.json").read_text("utf-8")), **(decoding or {})}
    try:
        decoding_settings(config)
    except (ValueError, TypeError) as error:
        raise AverageError(f"these decoding settings do not go together: {error}") from error
    weights = mean_weights(sources)
    out.mkdir(parents=True, exist_ok=True)
    for name in names:
        (out / name).write_bytes((widest / name).read_bytes())
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
    for statement in RETRY_STATEMENTS:
        parser.add_argument("--" + statement.replace("_", "-"), action="store_true",
                            default=None, help=f"with --retry-beams: {_STATEMENT_HELP[statement]} "
                                               "(default: the sources' setting)")
    parser.set_defaults(run=_run)


#: What each of the retry's statement settings adds to it
_STATEMENT_HELP = {
    "named_coverage": "the retry and its coverage loss also count each indicator the "
                      "description names that the answer leaves out",
    "crossing_coverage": "the retry and its coverage loss also count each crossing the "
                         "description states one way that the answer does not write, and a "
                         "crossing written the other way is turned first",
    "join_coverage": "where the answer leaves out an indicator or crossing the description "
                     "states, the retry first tries joining its conditions otherwise (a second "
                     "clause, or AND for an OR written inside an OR)",
}


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
    decoding: dict[str, float | bool] = {
        k: v for k, v in (("beams", args.beams), ("coverage", args.coverage),
                          ("retry_beams", args.retry_beams),
                          *((s, getattr(args, s)) for s in RETRY_STATEMENTS)) if v is not None}
    flags = [f"--{k.replace('_', '-')}" + ("" if v is True else f"={v}")
             for k, v in decoding.items()]
    if args.retry_beams == 0:
        for statement in RETRY_STATEMENTS:
            # they count for the retry only, now turned off
            decoding.setdefault(statement, False)
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
