"""``strategy-lsp-train finetune``: LoRA, DoRA or full fine-tuning with mlx-lm.

    strategy-lsp-train dataset --out data --size 10000
    strategy-lsp-train finetune --config llama-3b-whole --out runs/3b-whole
    strategy-lsp-train finetune --config llama-3b-whole --out runs/3b-whole --resume

A config (YAML; the shipped ones are named without ``.yaml``, see ``training/configs``)
names the base model (Hub id or local path), the dataset folder written by
``strategy-lsp-train dataset``, the task and mlx-lm's own options::

    model: meta-llama/Llama-3.2-3B-Instruct
    data: data
    task: whole            # whole | per-field (one adapter each) | fields (one for several)
    method: lora           # lora | dora | full
    iters: 1000
    mlx_lm: {batch_size: 4, learning_rate: 5.0e-5, mask_prompt: true, ...}

Each adapter is one *run*, trained by ``python -m mlx_lm lora -c RUN/mlx_lm.yaml`` in a
subprocess (mlx-lm's public interface: a crash or Ctrl-C leaves the run's checkpoints and
frees the model's memory before the next field). Its output goes to ``RUN/train.log``;
the reported train and validation losses are parsed into ``RUN/losses.json`` and plotted
as ``RUN/loss.png``. mlx-lm numbers its checkpoints from 1 in every session, so they are
moved to ``RUN/checkpoints/iter-NNNNNNN.safetensors`` under their global iteration.

``--resume`` continues every run from its latest checkpoint (``--resume-adapter-file``)
for the iterations that remain; finished runs are skipped. mlx-lm keeps no optimizer state
in its checkpoints, so Adam's moments and any learning-rate schedule restart.
"""

from __future__ import annotations

import argparse
import importlib
import json
import math
import os
import re
import shlex
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .dataset import FIELDS, SPLITS
from .loss_curve import LossLog, plot_losses

Log = Callable[[str], None]
Method = Literal["lora", "dora", "full"]
#: mlx-lm options that the run sets itself; a config gives them at its top level instead.
RESERVED_MLX_OPTIONS = frozenset({"model", "data", "train", "test", "fine_tune_type",
                                  "adapter_path", "resume_adapter_file", "iters", "seed",
                                  "config"})
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
_NUMBER = r"([-+]?(?:\d+\.?\d*(?:[eE][-+]?\d+)?|nan|inf))"
# mlx-lm >= 0.31 prints a table ("  40    1.234 ▼    1,234    5.6k", "  40    val 1.456 ...",
# "  save  0000040_adapters.safetensors"); older releases print "Iter 40: Train loss 1.234".
ReportKind = Literal["train", "val", "save"]
_REPORTS: tuple[tuple[ReportKind, re.Pattern[str]], ...] = (
    ("val", re.compile(rf"^\s*(\d+)\s+val\s+{_NUMBER}")),
    ("train", re.compile(rf"^\s*(\d+)\s+{_NUMBER}\s+[▼▲]")),
    ("val", re.compile(rf"Iter (\d+): Val loss {_NUMBER}")),
    ("train", re.compile(rf"Iter (\d+): Train loss {_NUMBER}")),
    ("save", re.compile(r"(\d{7})_adapters\.safetensors")),
)
_CHECKPOINT = re.compile(r"^(\d{7})_adapters\.safetensors$")


class FinetuneError(RuntimeError):
    """A run could not start or did not finish; the message says why and what to do."""


class FinetuneConfig(BaseModel):
    """A fine-tuning setup, as read from YAML."""

    model_config = ConfigDict(extra="forbid")

    model: str
    data: Path = Path("data")
    task: Literal["whole", "per-field", "fields"] = "whole"
    fields: list[str] | None = None
    name: str | None = None
    method: Method = "lora"
    iters: int = Field(default=1000, gt=0)
    seed: int = 0
    mlx_lm: dict[str, Any] = Field(default_factory=dict)

    @field_validator("fields")
    @classmethod
    def _known_fields(cls, value: list[str] | None) -> list[str] | None:
        unknown = [f for f in value or [] if f not in FIELDS]
        if unknown:
            raise ValueError(f"unknown Strategy parameters {unknown}; known: {list(FIELDS)}")
        return value

    @field_validator("mlx_lm")
    @classmethod
    def _not_reserved(cls, value: dict[str, Any]) -> dict[str, Any]:
        clash = sorted(RESERVED_MLX_OPTIONS & set(value))
        if clash:
            raise ValueError(f"set {', '.join(clash)} at the top level of the config or on "
                             "the command line, not under mlx_lm")
        return value


def shipped_configs() -> dict[str, Path]:
    """The configs that ship with the package, by name (``llama-3b-whole``, ...)."""
    folder = Path(str(resources.files("strategy_lsp.training").joinpath("configs")))
    return {p.stem: p for p in sorted(folder.glob("*.yaml"))} if folder.is_dir() else {}


def read_yaml(path: str | Path) -> dict[str, Any]:
    """A YAML mapping from a path, or from the name of a shipped config."""
    yaml = importlib.import_module("yaml")  # by name: PyYAML ships no type information
    candidate = Path(path)
    if not candidate.is_file():
        shipped = shipped_configs()
        if str(path) not in shipped:
            raise FinetuneError(f"no config {path}: give a YAML file, or one of "
                                f"{', '.join(shipped) or '(none shipped)'}")
        candidate = shipped[str(path)]
    try:
        data = yaml.safe_load(candidate.read_text("utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise FinetuneError(f"cannot read {candidate}: {error}") from error
    if not isinstance(data, dict):
        raise FinetuneError(f"{candidate} is not a YAML mapping")
    return data


def load_config(path: str | Path, **overrides: Any) -> FinetuneConfig:
    """Read a config, with the command line's values (those not None) on top."""
    data = read_yaml(path)
    data.pop("scratch", None)  # the from-scratch trainer's section
    data.update({k: v for k, v in overrides.items() if v is not None})
    try:
        return FinetuneConfig.model_validate(data)
    except ValidationError as error:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'config'}: {e['msg']}"
                             for e in error.errors())
        raise FinetuneError(f"{path}: {problems}") from error


# ---------------------------------------------------------------------------- runs


@dataclass(frozen=True)
class Run:
    """One adapter to train: its name, its data folder and its output folder."""

    name: str
    data: Path
    folder: Path
    sources: tuple[Path, ...] = ()  # field folders merged into ``data`` (task "fields")


def plan_runs(config: FinetuneConfig, out: Path) -> list[Run]:
    """The runs a config asks for, in order."""
    if config.task == "whole":
        return [Run("whole", config.data / "whole", out / "whole")]
    fields = config.fields or list(FIELDS)
    if config.task == "per-field":
        return [Run(f"fields/{f}", config.data / "fields" / f, out / "fields" / f)
                for f in fields]
    if not config.fields:
        raise FinetuneError("task 'fields' trains one adapter on several parameters: "
                            "list them under `fields`")
    name = config.name or "-".join(fields)
    folder = out / name
    return [Run(name, folder / "data", folder,
                tuple(config.data / "fields" / f for f in fields))]


def prepare_data(run: Run) -> None:
    """Check the run's dataset; for several fields, write their splits concatenated."""
    for source in run.sources or (run.data,):
        missing = [s for s in ("train", "valid") if not (source / f"{s}.jsonl").is_file()]
        if missing:
            raise FinetuneError(f"{source} has no {', '.join(f'{m}.jsonl' for m in missing)}; "
                                "write the dataset with: strategy-lsp-train dataset --out DIR")
    if not run.sources:
        return
    run.data.mkdir(parents=True, exist_ok=True)
    for split in SPLITS:
        parts = [s / f"{split}.jsonl" for s in run.sources]
        text = "".join(p.read_text("utf-8") for p in parts if p.is_file())
        (run.data / f"{split}.jsonl").write_text(text, "utf-8")


# ---------------------------------------------------------------------------- losses


@dataclass(frozen=True)
class Report:
    """One line of mlx-lm's output that matters: a loss or a saved checkpoint."""

    kind: ReportKind
    iteration: int
    loss: float = math.nan


def parse_report(line: str) -> Report | None:
    """Read a train loss, a validation loss or a checkpoint save from mlx-lm's output.

    >>> parse_report("  40    1.234 ▼    1,234    5.6k")
    Report(kind='train', iteration=40, loss=1.234)
    >>> parse_report("Iter 1: Val loss 2.500, Val took 1.2s")
    Report(kind='val', iteration=1, loss=2.5)
    """
    text = _ANSI.sub("", line)
    for kind, pattern in _REPORTS:
        match = pattern.search(text)
        if match is None:
            continue
        if kind == "save":
            return Report("save", int(match.group(1)))
        return Report(kind, int(match.group(1)), float(match.group(2)))
    return None


# ---------------------------------------------------------------------------- checkpoints


def checkpoints(folder: Path) -> dict[int, Path]:
    """The run's checkpoints by global iteration."""
    found: dict[int, Path] = {}
    for path in (folder / "checkpoints").glob("iter-*.safetensors"):
        match = re.fullmatch(r"iter-(\d+)\.safetensors", path.name)
        if match:
            found[int(match.group(1))] = path
    return found


def _adopt_checkpoints(folder: Path, offset: int) -> None:
    """Move mlx-lm's session-numbered checkpoints to their global names."""
    target = folder / "checkpoints"
    for path in folder.iterdir():
        match = _CHECKPOINT.match(path.name)
        if match:
            target.mkdir(exist_ok=True)
            path.replace(target / f"iter-{int(match.group(1)) + offset:07d}.safetensors")


@dataclass
class RunState:
    """What ``RUN/state.json`` records between sessions."""

    model: str
    iters: int
    offset: int = 0  # global iteration at which the current (or last) session started
    completed: int = 0  # iterations in adapters.safetensors after the last finished session

    @classmethod
    def load(cls, folder: Path) -> RunState | None:
        try:
            data = json.loads((folder / "state.json").read_text("utf-8"))
            return cls(str(data["model"]), int(data["iters"]), int(data.get("offset", 0)),
                       int(data.get("completed", 0)))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def save(self, folder: Path) -> None:
        data = {"model": self.model, "iters": self.iters, "offset": self.offset,
                "completed": self.completed}
        (folder / "state.json").write_text(json.dumps(data, indent=1) + "\n", "utf-8")


def resume_point(folder: Path, state: RunState | None) -> tuple[int, Path | None]:
    """The latest saved iteration of a run and the weights to load for it."""
    saved = checkpoints(folder)
    latest = max(saved, default=0)
    completed = state.completed if state else 0
    adapters = folder / "adapters.safetensors"
    if completed > latest and adapters.is_file():
        return completed, adapters
    return latest, saved.get(latest)


# ---------------------------------------------------------------------------- training


@dataclass(frozen=True)
class RunResult:
    run: Run
    iterations: int
    losses: LossLog
    plot: Path | None
    skipped: bool = False  # already trained to the requested iterations


def mlx_options(config: FinetuneConfig, run: Run, *, iters: int, start: int,
                resume_file: Path | None) -> dict[str, Any]:
    """The YAML config for ``mlx_lm lora`` for one session of a run."""
    options: dict[str, Any] = {"mask_prompt": True, **config.mlx_lm}
    options.update({
        "model": config.model, "train": True, "data": str(run.data),
        "fine_tune_type": config.method, "adapter_path": str(run.folder), "iters": iters,
        # a resumed session draws other batches than the first one did
        "seed": config.seed + start,
    })
    if resume_file is not None:
        options["resume_adapter_file"] = str(resume_file)
    return options


def _progress(run: Run, report: Report, total: int, width: int = 24) -> str:
    done = min(report.iteration, total)
    filled = round(width * done / total) if total else width
    bar = "#" * filled + "-" * (width - filled)
    what = "val" if report.kind == "val" else "train"
    return f"{run.name}: [{bar}] {done:>{len(str(total))}}/{total}  {what} {report.loss:.3f}"


def train_run(config: FinetuneConfig, run: Run, *, resume: bool, python: str = sys.executable,
              log: Log = print, verbose: bool = False) -> RunResult:
    """Train (or continue) one adapter; returns its losses."""
    folder = run.folder
    folder.mkdir(parents=True, exist_ok=True)
    state = RunState.load(folder)
    if state is not None:
        _adopt_checkpoints(folder, state.offset)  # left behind by a killed session
    start, resume_file = resume_point(folder, state)
    if not resume and (start or (folder / "adapters.safetensors").exists()):
        raise FinetuneError(f"{folder} already holds a run; pass --resume to continue it, "
                            "or choose another --out")
    if resume and state is not None and state.model != config.model:
        raise FinetuneError(f"{folder} was trained from {state.model}, not {config.model}")
    losses = LossLog.load(folder / "losses.json").until(start) if resume else LossLog()
    if start >= config.iters:
        log(f"{run.name}: already trained for {start} iterations")
        return RunResult(run, start, losses, _plot(losses, run), skipped=True)
    prepare_data(run)
    options = mlx_options(config, run, iters=config.iters - start, start=start,
                          resume_file=resume_file)
    yaml = importlib.import_module("yaml")
    (folder / "mlx_lm.yaml").write_text(yaml.safe_dump(options, sort_keys=False), "utf-8")
    RunState(config.model, config.iters, offset=start,
             completed=state.completed if state else 0).save(folder)
    log(f"{run.name}: {'resuming at' if start else 'starting'} iteration {start} of "
        f"{config.iters} ({config.method} on {config.model}); log in {folder / 'train.log'}")
    command = [python, "-m", "mlx_lm", "lora", "-c", str(folder / "mlx_lm.yaml")]
    returncode, tail = _stream(command, folder, start, config.iters, losses, run, log, verbose)
    if returncode != 0:
        raise FinetuneError(f"{run.name}: mlx_lm lora failed (exit {returncode}); the last "
                            f"lines of {folder / 'train.log'}:\n{tail}")
    RunState(config.model, config.iters, offset=start, completed=config.iters).save(folder)
    if not losses.train:
        log(f"{run.name}: warning: no losses found in mlx-lm's output; see train.log")
    return RunResult(run, config.iters, losses, _plot(losses, run))


def _stream(command: list[str], folder: Path, start: int, total: int, losses: LossLog,
            run: Run, log: Log, verbose: bool) -> tuple[int, str]:
    env = {**os.environ, "NO_COLOR": "1", "TERM": "dumb", "COLUMNS": "160",
           "PYTHONUNBUFFERED": "1"}
    recent: list[str] = []
    with (folder / "train.log").open("a", encoding="utf-8") as transcript:
        transcript.write(f"$ {shlex.join(command)}\n")
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                   text=True, encoding="utf-8", errors="replace", env=env)
        try:
            assert process.stdout is not None
            for line in process.stdout:
                transcript.write(line)
                text = _ANSI.sub("", line).rstrip()
                recent = [*recent[-19:], text]
                report = parse_report(line)
                if report is None:
                    # mlx-lm's stages ("Loading pretrained model", which downloads a Hub
                    # model on first use) and its warnings and errors; the rest is in the log
                    if verbose or text.startswith("Loading") or "WARNING" in text \
                            or "Error" in text:
                        log(f"{run.name}: {text.strip()}")
                    continue
                if report.kind == "save":
                    _adopt_checkpoints(folder, start)
                    continue
                # a validation line reports the model before that iteration's update
                iteration = start + report.iteration - (report.kind == "val")
                (losses.train if report.kind == "train" else losses.val).append(
                    (iteration, report.loss))
                losses.save(folder / "losses.json")
                log(_progress(run, Report(report.kind, iteration, report.loss), total))
            returncode = process.wait()
        except BaseException:
            process.terminate()
            process.wait()
            raise
        finally:
            _adopt_checkpoints(folder, start)
    return returncode, "\n".join(recent)


def _plot(losses: LossLog, run: Run) -> Path | None:
    path = run.folder / "loss.png"
    losses.save(run.folder / "losses.json")
    return path if plot_losses(losses, path, f"{run.name} loss") else None


def finetune(config: FinetuneConfig, out: Path, *, resume: bool = False,
             python: str = sys.executable, log: Log = print,
             verbose: bool = False) -> list[RunResult]:
    """Train every run of the config under ``out``."""
    runs = plan_runs(config, out)
    out.mkdir(parents=True, exist_ok=True)
    results = []
    for number, run in enumerate(runs, 1):
        if len(runs) > 1:
            log(f"[{number}/{len(runs)}] {run.name}")
        results.append(train_run(config, run, resume=resume, python=python, log=log,
                                 verbose=verbose))
        if results[-1].plot is None and not results[-1].skipped:
            log(f"{run.name}: losses in {run.folder / 'losses.json'}; install matplotlib "
                "(the train extra) for loss.png")
    return results


# ---------------------------------------------------------------------------- command line


def add_finetune_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``strategy-lsp-train finetune`` (mlx-lm, or ``--scratch`` with torch)."""
    from .scratch import add_scratch_arguments

    parser = commands.add_parser(
        "finetune", help="fine-tune Llama with mlx-lm, or train the small model from scratch",
        description="Fine-tune a model with mlx-lm (LoRA, DoRA or full) as a config says, "
                    "or with --scratch train the small embedded model with torch.")
    parser.add_argument("--config", help="YAML config, or the name of a shipped one: "
                                          + ", ".join(shipped_configs()))
    parser.add_argument("--data", type=Path, help="dataset folder (overrides the config)")
    parser.add_argument("--model", help="base model, Hub id or path (overrides the config)")
    parser.add_argument("--method", choices=["lora", "dora", "full"],
                        help="fine-tuning method (overrides the config)")
    parser.add_argument("--iters", type=int, help="total iterations per adapter")
    parser.add_argument("--resume", action="store_true",
                        help="continue from the latest checkpoints in --out")
    parser.add_argument("--out", type=Path, required=True, help="folder for the runs "
                        "(with --scratch: the model folder)")
    parser.add_argument("--verbose", action="store_true", help="show all of mlx-lm's output")
    add_scratch_arguments(parser)
    parser.set_defaults(run=_run)


def _run(args: argparse.Namespace) -> int:
    if args.scratch:
        from .scratch import run_scratch_command

        return run_scratch_command(args)
    if args.config is None:
        print("strategy-lsp-train finetune: give --config (or --scratch)", file=sys.stderr)
        return 2
    try:
        config = load_config(args.config, data=args.data, model=args.model,
                             method=args.method, iters=args.iters)
        results = finetune(config, args.out, resume=args.resume, verbose=args.verbose)
    except FinetuneError as error:
        print(f"strategy-lsp-train finetune: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("strategy-lsp-train finetune: interrupted; continue with --resume",
              file=sys.stderr)
        return 130
    for result in results:
        final = f", final train loss {result.losses.train[-1][1]:.3f}" \
            if result.losses.train else ""
        print(f"{result.run.name}: {result.iterations} iterations{final}; adapter in "
              f"{result.run.folder}" + (f", curve {result.plot}" if result.plot else ""))
    return 0
