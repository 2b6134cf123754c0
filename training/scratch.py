"""``strategy-lsp-train finetune --scratch``: the small embedded model, trained from scratch.

    strategy-lsp-train finetune --scratch --data data --out models/strategy-small \\
        --dim 256 --layers 6 --heads 8 --vocab 2048 --steps 3000 --batch 32 --lr 1e-3

trains, with torch on the GPU where there is one (else the CPU), the decoder that the
embedded backend runs with numpy (:mod:`strategy_lsp.training.torch_decoder` mirrors it),
and writes the runtime's model folder: ``config.json`` (with ``prompt_prefix`` and
``prompt_suffix``), ``weights.npz`` (float16), ``tokenizer.json`` and ``model_card.md``.

Each example is ``prompt_prefix + prompt + prompt_suffix`` then ``completion`` then
``<|eos|>``, tokenized in two parts exactly as the runtime encodes a prompt and then
decodes; the loss counts the completion and EOS only. The tokenizer is a byte-level BPE
trained on the training prompts and completions (``train_code_tokenizer``).

Checkpoints (model, optimizer, step, losses) go to ``<out>-training/checkpoints`` every
``--checkpoint-every`` steps and on Ctrl-C; ``--resume`` continues from the latest. Batches
are drawn from a generator seeded by (seed, step) and the learning rate is a function of
the step, so an interrupted and resumed run on the CPU ends with the same weights as an
uninterrupted one.
"""

from __future__ import annotations

import argparse
import importlib
import json
import math
import shlex
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, fields, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import numpy as np

from strategy_lsp.generation.runtime import DecoderConfig, DecoderWeights
from strategy_lsp.generation.runtime.hints import HINT_EMBEDDING_KEY
from strategy_lsp.generation.runtime.model import SHORT_ENTRY_FIRST, SHORT_SIDES_KEY
from strategy_lsp.generation.runtime.reading import Reading
from strategy_lsp.generation.runtime.slotted import ANSWER, READING_FILE, UNKNOWN, SlotCodec
from strategy_lsp.grammar.decoding import EOS, train_code_tokenizer

from .dataset import SHORT_SIDES, version_short_sides
from .loss_curve import LossLog, plot_losses

Log = Callable[[str], None]
Task = Literal["all", "whole", "fields"]
IGNORE = -100  # target id that the loss skips
#: Settings that fix the model and its data: a resumed run must keep them.
ARCHITECTURE = ("dim", "layers", "heads", "ffn_dim", "vocab", "max_seq_len", "task",
                "prompt_prefix", "prompt_suffix", "rope_theta", "reader")
Reader = Literal["bytes", "slots"]


class ScratchError(RuntimeError):
    """Training could not start or continue; the message says why."""


@dataclass(frozen=True)
class ScratchSettings:
    """Model size, data and optimisation of a from-scratch run."""

    dim: int = 256
    layers: int = 6
    heads: int = 8
    ffn_dim: int = 0  # 0: about 8/3 of dim, a multiple of 32 (Llama's proportion)
    vocab: int = 2048
    max_seq_len: int = 512
    rope_theta: float = 10000.0
    steps: int = 3000
    batch: int = 32
    lr: float = 1e-3
    warmup: int = 100
    weight_decay: float = 0.1
    seed: int = 0
    checkpoint_every: int = 250
    eval_batches: int = 8
    task: Task = "all"
    device: str = "auto"
    prompt_prefix: str = ""
    prompt_suffix: str = "\n"
    #: bytes: the prompt as BPE tokens; slots: words, with values as slots
    #: (strategy_lsp.generation.runtime.reading)
    reader: Reader = "bytes"
    #: draw each batch from examples of about the same length (less padding to compute)
    length_buckets: bool = False
    #: slots reader: share of prompt words shown as <unk> in training, so that words the
    #: model never saw (typos, other wordings) do not throw it
    word_dropout: float = 0.0
    #: the model folder holds the mean weights of this many latest checkpoints (1: the last
    #: alone); the run folder keeps them, and at least two
    average: int = 1
    #: slots reader with word dropout: a dropped word keeps a hint of what it was (its
    #: static embedding vector, generation/runtime/hints.py), so that the model learns to
    #: read words it never saw by what they look like
    word_hints: bool = False

    def __post_init__(self) -> None:
        for name in ("dim", "layers", "heads", "vocab", "max_seq_len", "steps", "batch",
                     "checkpoint_every", "eval_batches", "average"):
            if getattr(self, name) < 1:
                raise ScratchError(f"{name} must be at least 1")
        if self.dim % self.heads or (self.dim // self.heads) % 2:
            raise ScratchError(f"dim {self.dim} must split into {self.heads} heads of an even "
                               "size")
        if self.task not in ("all", "whole", "fields"):
            raise ScratchError(f"task must be all, whole or fields, not {self.task!r}")
        if not 0 <= self.word_dropout < 1:
            raise ScratchError(f"word_dropout must be in [0, 1), not {self.word_dropout}")
        if self.reader not in ("bytes", "slots"):
            raise ScratchError(f"reader must be bytes or slots, not {self.reader!r}")
        if self.word_hints and (self.reader != "slots" or self.word_dropout <= 0):
            raise ScratchError("word hints need the slots reader and a word dropout above 0 "
                               "(the hints are learnt on the dropped words)")

    @property
    def ffn(self) -> int:
        return self.ffn_dim or -(-8 * self.dim // 3 // 32) * 32

    def decoder_config(self, vocab_size: int, hint_dim: int = 0) -> DecoderConfig:
        return DecoderConfig(vocab_size=vocab_size, dim=self.dim, n_layers=self.layers,
                             n_heads=self.heads, ffn_dim=self.ffn,
                             max_seq_len=self.max_seq_len, rope_theta=self.rope_theta,
                             hint_dim=hint_dim if self.word_hints else 0)

    def learning_rate(self, step: int) -> float:
        """Linear warm-up to ``lr``, then cosine decay to a tenth of it at ``steps``."""
        if step <= self.warmup:
            return self.lr * step / max(1, self.warmup)
        progress = min(1.0, (step - self.warmup) / max(1, self.steps - self.warmup))
        return self.lr * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * progress)))


# ---------------------------------------------------------------------------- data


def read_pairs(data: Path, split: str, task: Task) -> list[tuple[str, str]]:
    """(prompt, completion) pairs of a split: the whole strategy, the fields, or both."""
    folders = [data / "whole"] if task in ("all", "whole") else []
    if task in ("all", "fields"):
        folders += sorted(p for p in (data / "fields").glob("*") if p.is_dir())
    pairs: list[tuple[str, str]] = []
    for folder in folders:
        path = folder / f"{split}.jsonl"
        if not path.is_file():
            raise ScratchError(f"{path} is missing; write the dataset with: "
                               "strategy-lsp-train dataset --out DIR")
        for line in path.read_text("utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                pairs.append((str(item["prompt"]), str(item["completion"])))
    return pairs


def build_tokenizer(pairs: Sequence[tuple[str, str]], settings: ScratchSettings) -> str:
    """A byte-level BPE on the prompts (as framed at run time) and the completions."""
    texts = {settings.prompt_prefix + p + settings.prompt_suffix for p, _ in pairs}
    texts |= {c for _, c in pairs}
    return train_code_tokenizer(sorted(texts), settings.vocab)


@dataclass(frozen=True)
class Encoded:
    ids: list[int]
    prompt_length: int


def encode_pairs(tokenizer: Any, pairs: Sequence[tuple[str, str]], settings: ScratchSettings,
                 eos: int) -> tuple[list[Encoded], int]:
    """Token ids of each example and how many examples were too long to keep."""
    prompts = tokenizer.encode_batch(
        [settings.prompt_prefix + p + settings.prompt_suffix for p, _ in pairs],
        add_special_tokens=False)
    completions = tokenizer.encode_batch([c for _, c in pairs], add_special_tokens=False)
    kept: list[Encoded] = []
    for prompt, completion in zip(prompts, completions, strict=True):
        ids = [*prompt.ids, *completion.ids, eos]
        if len(ids) <= settings.max_seq_len:
            kept.append(Encoded(ids, len(prompt.ids)))
    return kept, len(pairs) - len(kept)


def encode_slot_pairs(codec: SlotCodec, pairs: Sequence[tuple[str, str]],
                      settings: ScratchSettings, readings: Sequence[Reading] | None = None,
                      keep: int | None = None) -> tuple[list[Encoded], int]:
    """Like :func:`encode_pairs`, for a slot-reading model. ``readings``: the prompts as the
    codec reads them, when the caller has them already; ``keep``: stop once that many fit."""
    kept: list[Encoded] = []
    seen = 0
    for i, (prompt, completion) in enumerate(pairs):
        if keep is not None and len(kept) >= keep:
            break
        seen += 1
        reading = readings[i] if readings is not None else \
            codec.read(settings.prompt_prefix + prompt + settings.prompt_suffix)
        prompt_ids = codec.prompt_ids(reading)
        ids = [*prompt_ids, *codec.answer_ids(completion, reading)]
        if len(ids) <= settings.max_seq_len:
            kept.append(Encoded(ids, len(prompt_ids)))
    return kept, seen - len(kept)


def word_dropout(codec: SlotCodec, settings: ScratchSettings) -> Callable[
        [np.ndarray[Any, Any], int], np.ndarray[Any, Any]] | None:
    """In place, prompt words of a batch to ``<unk>`` at ``settings.word_dropout``, drawn from
    (seed, step) so that a resumed run drops the same words; returns where it dropped."""
    if settings.word_dropout <= 0:
        return None
    first_word, unknown = min(codec.word_ids.values()), codec.word_ids[UNKNOWN]
    answer = codec.word_ids[ANSWER]

    def drop(inputs: np.ndarray[Any, Any], step: int) -> np.ndarray[Any, Any]:
        rng = np.random.default_rng([settings.seed, step, 1])
        words = (inputs >= first_word) & (inputs != answer)
        hidden: np.ndarray[Any, Any] = words & (rng.random(inputs.shape) < settings.word_dropout)
        inputs[hidden] = unknown
        return hidden

    return drop


def hidden_word_hints(table: np.ndarray[Any, Any], original: np.ndarray[Any, Any],
                      hidden: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """The hints of a batch: each word that word dropout hid keeps the hint of what it was
    (its row of ``table``, by its ``original`` id), every other position none (zero), as a
    word the model does not know gets at run time (generation/runtime/hints.py)."""
    rows: np.ndarray[Any, Any] = np.where(hidden[..., None], table[original], 0)
    return rows.astype(np.float32)


def batch_arrays(examples: Sequence[Encoded], pad: int) -> tuple[np.ndarray[Any, Any],
                                                                 np.ndarray[Any, Any]]:
    """Inputs and next-token targets, right-padded; targets in the prompt are ignored."""
    width = max(len(e.ids) for e in examples) - 1
    inputs = np.full((len(examples), width), pad, np.int64)
    targets = np.full((len(examples), width), IGNORE, np.int64)
    for row, example in enumerate(examples):
        ids = example.ids
        inputs[row, :len(ids) - 1] = ids[:-1]
        # position t predicts ids[t + 1]; the first completion token is ids[prompt_length]
        start = example.prompt_length - 1
        targets[row, start:len(ids) - 1] = ids[example.prompt_length:]
    return inputs, targets


def batch_indices(count: int, settings: ScratchSettings, step: int,
                  by_length: np.ndarray[Any, Any] | None = None) -> np.ndarray[Any, Any]:
    """The examples of a step: seeded by (seed, step), so a resumed run draws the same.

    With ``by_length`` (example indices sorted by length) a batch is a random run of
    neighbours in that order, so that its examples need little padding.
    """
    rng = np.random.default_rng([settings.seed, step])
    if by_length is not None and count > settings.batch:
        start = int(rng.integers(0, count - settings.batch + 1))
        return by_length[start:start + settings.batch]
    return rng.choice(count, size=settings.batch, replace=count < settings.batch)


# ---------------------------------------------------------------------------- training


@dataclass(frozen=True)
class ScratchResult:
    model_dir: Path
    run_dir: Path
    steps: int
    losses: LossLog
    seconds: float
    device: str
    parameters: int


def _torch() -> Any:
    try:
        return importlib.import_module("torch")
    except ImportError as error:
        raise ScratchError("training from scratch needs torch: pip install torch (the CPU "
                           "build is enough; on Linux without a GPU: pip install torch "
                           "--index-url https://download.pytorch.org/whl/cpu)") from error


def _device(torch: Any, wanted: str) -> str:
    if wanted != "auto":
        return wanted
    if torch.cuda.is_available():
        return "cuda"
    if torch.backends.mps.is_available():
        return "mps"
    return "cpu"


def default_run_dir(model_dir: Path) -> Path:
    """Checkpoints and curves live beside the model folder, so it can ship as it is."""
    return model_dir.with_name(model_dir.name + "-training")


def train_scratch(data: Path, model_dir: Path, settings: ScratchSettings, *,
                  resume: bool = False, run_dir: Path | None = None, command: str = "",
                  grow_words: bool = False, grow_layers: bool = False,
                  stop_at: int | None = None, log: Log = print,
                  on_step: Callable[[int, float], None] | None = None) -> ScratchResult:
    """Train (or continue) the model and write the model folder.

    ``grow_words`` (with ``resume``, for a slot-reading model) adds the words of ``data``
    that the run's vocabulary lacks; each new word's embedding starts as ``<unk>``'s, which
    the model already reads as "a word I do not know", and its optimizer state at zero.
    ``grow_layers`` (with ``resume``) continues a checkpoint of fewer layers than
    ``settings.layers``: its layers keep their weights and Adam moments, spread evenly
    through the deeper model, and each new layer starts as the identity (its output
    projections zero), so the deeper model at first computes exactly what the shallower one
    did (a checkpoint with as many layers already resumes as usual). ``stop_at`` ends the
    run at that step (with a checkpoint and the model folder) while the learning rate
    follows the schedule of ``settings.steps``: a later ``resume`` continues exactly as if
    the run had not stopped.

    ``on_step(step, loss)`` is called after every update; raising KeyboardInterrupt there
    stops the run like Ctrl-C does, with a checkpoint at that step.
    """
    torch = _torch()
    from tokenizers import Tokenizer

    from .torch_decoder import TorchDecoder

    run_dir = run_dir or default_run_dir(model_dir)
    checkpoint_dir = run_dir / "checkpoints"
    saved = _checkpoints(checkpoint_dir)
    if saved and not resume:
        raise ScratchError(f"{run_dir} already holds checkpoints; pass --resume to continue, "
                           "or choose another --out")
    state: dict[str, Any] | None = None
    reading_json: str | None = None
    if resume and saved:
        state = torch.load(saved[max(saved)], map_location="cpu", weights_only=True)
        assert state is not None
        _check_compatible(state["settings"], settings, grow_layers)
        tokenizer_json = (run_dir / "tokenizer.json").read_text("utf-8")
        if settings.reader == "slots":
            reading_json = (run_dir / READING_FILE).read_text("utf-8")
    train_pairs = read_pairs(data, "train", settings.task)
    valid_pairs = read_pairs(data, "valid", settings.task)
    if not train_pairs:
        raise ScratchError(f"{data} has no training examples for task {settings.task}")
    train_readings: list[Reading] | None = None  # kept when the codec is built or grown
    if state is None:
        log(f"training a tokenizer of {settings.vocab} tokens on {len(train_pairs)} examples")
        run_dir.mkdir(parents=True, exist_ok=True)
        if settings.reader == "slots":
            codec, train_readings = SlotCodec.build_reading(
                [(settings.prompt_prefix + p + settings.prompt_suffix, c)
                 for p, c in train_pairs], settings.vocab)
            tokenizer_json, reading_json = codec.tokenizer_json, codec.reading_json()
            (run_dir / READING_FILE).write_text(reading_json, "utf-8")
        else:
            tokenizer_json = build_tokenizer(train_pairs, settings)
        (run_dir / "tokenizer.json").write_text(tokenizer_json, "utf-8")
    tokenizer = Tokenizer.from_str(tokenizer_json)
    eos = tokenizer.token_to_id(EOS)
    if eos is None:
        raise ScratchError(f"{run_dir / 'tokenizer.json'} has no {EOS} token")
    if grow_layers and state is None:
        raise ScratchError("--grow-layers continues a run: give --resume and a run folder "
                           "with a checkpoint")
    if grow_words and (state is None or settings.reader != "slots"):
        raise ScratchError("--grow-words continues a slot-reading run: give --resume and a "
                           "run folder with a checkpoint of one")
    if reading_json is not None:
        codec = SlotCodec.from_files(tokenizer_json, reading_json)
        if grow_words:
            before = codec.vocab_size
            codec, train_readings = codec.grown_reading(
                [(settings.prompt_prefix + p + settings.prompt_suffix, c)
                 for p, c in train_pairs])
            reading_json = codec.reading_json()
            (run_dir / READING_FILE).write_text(reading_json, "utf-8")
            log(f"vocabulary grown by {codec.vocab_size - before} words to "
                f"{codec.vocab_size} ids")
        # each prompt is read once: the codec built or grown above kept its readings
        train, dropped = encode_slot_pairs(codec, train_pairs, settings, train_readings)
        valid, _ = encode_slot_pairs(codec, valid_pairs, settings,
                                     keep=settings.eval_batches * settings.batch)
        vocab_size, unknown_id = codec.vocab_size, codec.word_ids[UNKNOWN]
    else:
        train, dropped = encode_pairs(tokenizer, train_pairs, settings, eos)
        valid, _ = encode_pairs(tokenizer, valid_pairs, settings, eos)
        vocab_size, unknown_id = tokenizer.get_vocab_size(), 0
    valid = valid[:settings.eval_batches * settings.batch]
    if not train:
        raise ScratchError(f"every example is longer than {settings.max_seq_len} tokens")
    hint_table: np.ndarray[Any, Any] | None = None
    hint_identity = ""
    if settings.word_hints:
        from strategy_lsp.generation.runtime.hints import WordHints

        assert reading_json is not None  # the settings allow hints with slots only
        hints = WordHints()
        hint_table, hint_identity = hints.table(codec), hints.identity
    config = settings.decoder_config(vocab_size, 0 if hint_table is None else
                                     hint_table.shape[1])
    device = _device(torch, settings.device)
    torch.manual_seed(settings.seed)
    model = TorchDecoder(config, seed=settings.seed).to(device)
    optimizer = _optimizer(torch, model, settings)
    losses, start, seconds = LossLog(), 0, 0.0
    if state is not None:
        _grow_embeddings(torch, state, unknown_id, vocab_size)
        if grow_layers and _layer_count(state["model"]) != settings.layers:
            added = _deepen(state, model, optimizer)
            log(f"{len(added)} layers added at {', '.join(map(str, added))}, each starting "
                "as the identity")
        if ("word_hint" in state["model"]) != settings.word_hints:
            if not settings.word_hints:
                raise ScratchError("the checkpoint reads word hints: give --word-hints")
            _add_parameters(state, model, optimizer)
            log("word hints added: the dropped words' hints start unread (zero weights)")
        model.load_state_dict(state["model"])
        optimizer.load_state_dict(state["optimizer"])
        losses, start, seconds = LossLog.from_json(state["losses"]), int(state["step"]), \
            float(state["seconds"])
        log(f"resumed from step {start} ({saved[max(saved)]})")
    parameters = sum(p.numel() for p in model.parameters())
    last = settings.steps if stop_at is None else min(stop_at, settings.steps)
    if last <= start:
        raise ScratchError(f"the run is at step {start} already; --stop-at must be later")
    log(f"{parameters:,} parameters on {device}; {len(train)} training examples "
        f"({dropped} longer than {settings.max_seq_len} tokens left out), steps "
        f"{start + 1}..{last}" + (f" of {settings.steps}" if last < settings.steps else ""))

    def checkpoint(step: int) -> None:
        val = _evaluate(torch, model, valid, device, settings.batch, eos)
        if val is not None:
            losses.val.append((step, val))
        _save_checkpoint(torch, checkpoint_dir, step, model, optimizer, settings, losses,
                         seconds)
        losses.save(run_dir / "losses.json")
        result = ScratchResult(model_dir, run_dir, step, losses, seconds, device, parameters)
        weights, steps = averaged_weights(torch, model, checkpoint_dir, step, settings.average)
        export_model(model, tokenizer_json, settings, result, data=data, command=command,
                     dropped=dropped, examples=len(train), reading_json=reading_json,
                     weights=weights, averaged=steps, hint_identity=hint_identity)
        log(f"step {step}: checkpoint" + (f", validation loss {val:.3f}" if val else "")
            + (f"; the model folder holds the mean of steps {', '.join(map(str, steps))}"
               if len(steps) > 1 else ""))

    by_length = np.argsort([len(e.ids) for e in train], kind="stable") \
        if settings.length_buckets else None
    dropout = word_dropout(codec, settings) if reading_json is not None else None
    completed = start  # the last step whose update is in the weights
    report_every = max(1, min(50, settings.steps // 20))
    updating = False
    try:
        model.train()
        for step in range(start + 1, last + 1):
            began = time.perf_counter()
            lr = settings.learning_rate(step)
            for group in optimizer.param_groups:
                group["lr"] = lr
            indices = batch_indices(len(train), settings, step, by_length)
            inputs, targets = batch_arrays([train[i] for i in indices], eos)
            hint_rows = None
            if dropout is not None:
                original = inputs.copy() if hint_table is not None else inputs
                hidden = dropout(inputs, step)
                if hint_table is not None:
                    hint_rows = torch.from_numpy(
                        hidden_word_hints(hint_table, original, hidden)).to(device)
            loss = _loss(torch, model, torch.from_numpy(inputs).to(device),
                         torch.from_numpy(targets).to(device), hint_rows)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            value = float(loss.item())
            updating = True
            optimizer.step()
            losses.train.append((step, value))
            completed, updating = step, False
            seconds += time.perf_counter() - began
            if step % report_every == 0 or step == last:
                recent = [v for _, v in losses.train[-report_every:]]
                log(f"step {step}/{settings.steps}  loss {sum(recent) / len(recent):.3f}  "
                    f"lr {lr:.2e}  {seconds:.0f}s")
            if step % settings.checkpoint_every == 0 or step == last:
                checkpoint(step)
            if on_step is not None:
                on_step(step, value)
    except KeyboardInterrupt:
        if updating:  # the weights are half updated: only the last checkpoint is sound
            log("interrupted during an update; resume from the last checkpoint")
        elif completed > max(_checkpoints(checkpoint_dir), default=0):
            checkpoint(completed)
        raise
    losses.save(run_dir / "losses.json")
    plot_losses(losses, run_dir / "loss.png", f"{model_dir.name} loss")
    return ScratchResult(model_dir, run_dir, completed, losses, seconds, device, parameters)


def _optimizer(torch: Any, model: Any, settings: ScratchSettings) -> Any:
    matrices = [p for p in model.parameters() if p.ndim >= 2]
    norms = [p for p in model.parameters() if p.ndim < 2]
    return torch.optim.AdamW([{"params": matrices, "weight_decay": settings.weight_decay},
                              {"params": norms, "weight_decay": 0.0}],
                             lr=settings.lr, betas=(0.9, 0.95))


def _loss(torch: Any, model: Any, inputs: Any, targets: Any, hints: Any = None) -> Any:
    logits = model(inputs, hints)
    return torch.nn.functional.cross_entropy(logits.flatten(0, 1).float(), targets.flatten(),
                                             ignore_index=IGNORE)


def _evaluate(torch: Any, model: Any, examples: Sequence[Encoded], device: str, batch: int,
              pad: int) -> float | None:
    if not examples:
        return None
    total, count = 0.0, 0
    model.eval()
    with torch.no_grad():
        for first in range(0, len(examples), batch):
            inputs, targets = batch_arrays(examples[first:first + batch], pad)
            logits = model(torch.from_numpy(inputs).to(device))
            target = torch.from_numpy(targets).to(device)
            total += float(torch.nn.functional.cross_entropy(
                logits.flatten(0, 1).float(), target.flatten(), ignore_index=IGNORE,
                reduction="sum").item())
            count += int((target != IGNORE).sum().item())
    model.train()
    return total / max(1, count)


def _checkpoints(folder: Path) -> dict[int, Path]:
    found: dict[int, Path] = {}
    for path in folder.glob("step-*.pt"):
        try:
            found[int(path.stem.removeprefix("step-"))] = path
        except ValueError:
            continue
    return found


def _save_checkpoint(torch: Any, folder: Path, step: int, model: Any, optimizer: Any,
                     settings: ScratchSettings, losses: LossLog, seconds: float) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"step-{step:07d}.pt"
    partial = path.with_suffix(".partial")
    torch.save({"step": step, "model": model.state_dict(), "optimizer": optimizer.state_dict(),
                "settings": asdict(settings), "losses": losses.to_json(), "seconds": seconds},
               partial)
    partial.replace(path)
    saved = _checkpoints(folder)
    for older in sorted(saved)[:-max(2, settings.average)]:  # keep what averaging needs
        saved[older].unlink()


def averaged_weights(torch: Any, model: Any, folder: Path, step: int,
                     count: int) -> tuple[DecoderWeights, list[int]]:
    """The mean of ``model``'s weights (at ``step``) and of the ``count - 1`` latest earlier
    checkpoints in ``folder``, with the steps averaged. Checkpoints from before the
    vocabulary grew have other shapes; the mean stops at the first of them."""
    weights = model.to_weights()
    steps = [step]
    if count < 2:
        return weights, steps
    sums = {name: array.astype(np.float64) for name, array in weights.items()}
    saved = _checkpoints(folder)
    for older in sorted((s for s in saved if s < step), reverse=True)[:count - 1]:
        state = torch.load(saved[older], map_location="cpu", weights_only=True)["model"]
        if set(state) != set(sums) or \
                any(tuple(state[name].shape) != sums[name].shape for name in sums):
            break
        for name in sums:
            sums[name] += state[name].float().numpy()
        steps.append(older)
    mean = DecoderWeights({name: (total / len(steps)).astype(np.float32)
                           for name, total in sums.items()})
    return mean, sorted(steps)


def _grow_embeddings(torch: Any, state: dict[str, Any], unknown: int, vocab_size: int) -> None:
    """Pad a checkpoint's embedding rows (and their Adam moments) up to ``vocab_size``: the
    words a grown vocabulary added start as the ``unknown`` row, with no momentum."""
    embed = state["model"]["embed"]
    extra = vocab_size - embed.shape[0]
    if extra < 0:
        raise ScratchError(f"the checkpoint has {embed.shape[0]} token ids, the run folder's "
                           f"vocabulary only {vocab_size}")
    if extra == 0:
        return
    if "lm_head" in state["model"]:
        raise ScratchError("growing the vocabulary needs tied embeddings")
    state["model"]["embed"] = torch.cat([embed, embed[unknown].expand(extra, -1)])
    for moments in state["optimizer"]["state"].values():
        for key in ("exp_avg", "exp_avg_sq"):
            value = moments.get(key)
            if value is not None and value.shape == embed.shape:
                moments[key] = torch.cat([value, value.new_zeros(extra, value.shape[1])])


def _layer_count(weights: dict[str, Any]) -> int:
    return 1 + max((int(name.split(".")[1]) for name in weights if name.startswith("layers.")),
                   default=-1)


def _deepen(state: dict[str, Any], model: Any, optimizer: Any) -> list[int]:
    """Rewrite a checkpoint (``state``) of fewer layers for ``model``, in place: old layer
    *i* becomes layer *i · new // old*, the other layers keep ``model``'s fresh weights with
    their residual output projections (``wo``, ``w_down``) zero, so that each adds nothing
    until trained. Adam's moments follow their parameters; the new layers start without.
    Returns the new layers' indices."""
    old = state["model"]
    before, after = _layer_count(old), len(model.layers)
    if after <= before:
        raise ScratchError(f"--grow-layers needs more layers than the checkpoint's {before}, "
                           f"not {after}")
    places = [i * after // before for i in range(before)]
    fresh = model.state_dict()
    source: dict[str, str] = {}  # new name -> old name
    for name in fresh:
        if not name.startswith("layers."):
            source[name] = name
            continue
        _, index, rest = name.split(".", 2)
        if int(index) in places:
            source[name] = f"layers.{places.index(int(index))}.{rest}"
        elif rest in ("wo", "w_down"):
            fresh[name] = fresh[name].new_zeros(fresh[name].shape)
    _rebuild(state, optimizer, fresh, source)
    return [i for i in range(after) if i not in places]


def _add_parameters(state: dict[str, Any], model: Any, optimizer: Any) -> None:
    """Rewrite a checkpoint (``state``) that lacks some of ``model``'s parameters, in place:
    the new ones (the word hints) start at zero, without moments; the rest are kept."""
    fresh = {name: value if name in state["model"] else value.new_zeros(value.shape)
             for name, value in model.state_dict().items()}
    _rebuild(state, optimizer, fresh, {name: name for name in fresh if name in state["model"]})


def _rebuild(state: dict[str, Any], optimizer: Any, fresh: dict[str, Any],
             source: dict[str, str]) -> None:
    """Replace a checkpoint's weights and Adam moments by ``fresh``'s parameters, each
    taking the checkpoint's weights and moments of ``source[name]`` where it has one."""
    old = state["model"]
    grown = {name: old[source[name]] if name in source else value
             for name, value in fresh.items()}

    def numbering(weights: dict[str, Any]) -> list[str]:
        # the optimizer numbers parameters in its groups' order: matrices, then norms
        return [n for n in weights if weights[n].ndim >= 2] + \
            [n for n in weights if weights[n].ndim < 2]
    old_index = {name: i for i, name in enumerate(numbering(old))}
    moments = state["optimizer"]["state"]
    target = optimizer.state_dict()
    target["param_groups"] = [{**saved, "params": now["params"]} for saved, now in
                              zip(state["optimizer"]["param_groups"], target["param_groups"],
                                  strict=True)]
    target["state"] = {i: moments[old_index[source[name]]]
                       for i, name in enumerate(numbering(grown))
                       if name in source and old_index[source[name]] in moments}
    state["model"], state["optimizer"] = grown, target


def compact_checkpoint(path: Path) -> int:
    """Rewrite a checkpoint with its Adam moments in bfloat16, for committing a run folder:
    the weights stay float32 (the model it exports is unchanged), the file shrinks by about a
    third, and a run resumed from it continues closely, though not bit for bit (torch casts
    the moments back to float32 on loading). Returns the new size in bytes."""
    torch = _torch()
    state = torch.load(path, map_location="cpu", weights_only=True)
    for moments in state["optimizer"]["state"].values():
        for key in ("exp_avg", "exp_avg_sq"):
            if key in moments:
                moments[key] = moments[key].to(torch.bfloat16)
    partial = path.with_suffix(".partial")
    torch.save(state, partial)
    partial.replace(path)
    return path.stat().st_size


def _check_compatible(saved: dict[str, Any], settings: ScratchSettings,
                      grow_layers: bool = False) -> None:
    changed = [f"{name} {saved.get(name)!r} -> {getattr(settings, name)!r}"
               for name in ARCHITECTURE if saved.get(name) != getattr(settings, name)
               and not (grow_layers and name == "layers")]
    if changed:
        raise ScratchError("the checkpoint was trained with other settings: "
                           + ", ".join(changed))


# ---------------------------------------------------------------------------- export


def export_model(model: Any, tokenizer_json: str, settings: ScratchSettings,
                 result: ScratchResult, *, data: Path, command: str, dropped: int,
                 examples: int, reading_json: str | None = None,
                 weights: DecoderWeights | None = None, averaged: Sequence[int] = (),
                 hint_identity: str = "") -> None:
    """Write the runtime's model folder: config.json, weights.npz, tokenizer.json, card
    (and reading.json for a slot-reading model). ``weights`` replace the model's own (the
    mean of the checkpoints at the ``averaged`` steps)."""
    folder = result.model_dir
    folder.mkdir(parents=True, exist_ok=True)
    config = model.config
    (folder / "config.json").write_text(json.dumps(
        {**asdict(config), "prompt_prefix": settings.prompt_prefix,
         "prompt_suffix": settings.prompt_suffix, "reader": settings.reader,
         "task": settings.task, SHORT_SIDES_KEY: short_sides_of(data),
         **({HINT_EMBEDDING_KEY: hint_identity} if config.hint_dim else {})},
        indent=2) + "\n", "utf-8")
    if reading_json is not None:
        (folder / READING_FILE).write_text(reading_json, "utf-8")
    (model.to_weights() if weights is None else weights).save(folder / "weights.npz")
    (folder / "tokenizer.json").write_text(tokenizer_json, "utf-8")
    (folder / "model_card.md").write_text(model_card(
        config, settings, result, data=data, command=command, dropped=dropped,
        examples=examples, averaged=averaged), "utf-8")


def short_sides_of(data: Path) -> str:
    """How the dataset in ``data`` writes a short strategy's conditions: ``library`` (the
    entry is ``sell_condition``; generator version 2 on) or ``entry`` (the entry is
    ``buy_condition``: version 1, a folder without ``dataset.json``, and one written with
    ``--short-sides entry``, which ``dataset.json`` records)."""
    try:
        info = json.loads((data / "dataset.json").read_text("utf-8"))
        stated = info.get("short_sides")
        if stated in SHORT_SIDES:
            return str(stated)
        version = info["generator_version"]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return SHORT_ENTRY_FIRST
    return version_short_sides(version) if isinstance(version, int) else SHORT_ENTRY_FIRST


def model_card(config: DecoderConfig, settings: ScratchSettings, result: ScratchResult, *,
               data: Path, command: str, dropped: int, examples: int,
               averaged: Sequence[int] = ()) -> str:
    """What the model is and how it was made, for whoever ships or replaces it."""
    try:
        dataset = json.loads((data / "dataset.json").read_text("utf-8"))
        about = (f"size {dataset.get('size')}, seed {dataset.get('seed')}, style "
                 f"{dataset.get('style')}, generator {dataset.get('generator_version')}")
    except (OSError, ValueError):
        about = "no dataset.json"
    recent = [v for _, v in result.losses.train[-50:]]
    train_loss = f"{sum(recent) / len(recent):.4f}" if recent else "n/a"
    val_loss = f"{result.losses.val[-1][1]:.4f}" if result.losses.val else "n/a"
    rows = [
        ("command", f"`{command}`" if command else "(library call)"),
        ("seed", str(settings.seed)),
        ("steps", f"{result.steps} of {settings.steps} (batch {settings.batch}, AdamW lr "
                  f"{settings.lr:g} with {settings.warmup} warm-up steps and cosine decay, "
                  f"weight decay {settings.weight_decay:g})"),
        ("training time", f"{result.seconds:.0f} s on {result.device}"),
        ("weights", f"the mean of the checkpoints at steps {', '.join(map(str, averaged))}"
                    if len(averaged) > 1 else f"the checkpoint at step {result.steps}"),
        ("data", f"`{data}` ({about}); task {settings.task}: {examples} training examples, "
                 f"{dropped} longer than {settings.max_seq_len} tokens left out"),
        ("architecture", f"llama decoder, {result.parameters:,} parameters: dim {config.dim}, "
                         f"{config.n_layers} layers, {config.n_heads} heads, ffn "
                         f"{config.ffn_dim}, {config.max_seq_len} positions, tied embeddings"
                         + (f", word hints ({config.hint_dim}-wide packaged static vectors "
                            "of the words read as <unk>)" if config.hint_dim else "")),
        ("tokenizer", f"byte-level BPE, {config.vocab_size} tokens with {EOS}, trained on the "
                      "training prompts and completions" if settings.reader == "bytes" else
         f"{config.vocab_size} ids: a byte-level BPE of the code (merges across punctuation), "
         "the value slots, and the words of the training prompts (reading.json)"),
        ("prompt", f"prefix {settings.prompt_prefix!r}, suffix {settings.prompt_suffix!r}; "
                   f"loss on the completion and {EOS} only"),
        ("losses", f"train {train_loss} (mean of the last 50 steps), validation {val_loss}"
                   + (f" (both of the run at step {result.steps}, before the mean)"
                      if len(averaged) > 1 else "")),
        ("written", datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")),
    ]
    table = "\n".join(f"| {k} | {_cell(v)} |" for k, v in rows)
    return (f"# {result.model_dir.name}\n\nA small llama-architecture decoder trained from "
            "scratch on strategy-lsp's (description, code) dataset, for the embedded backend "
            "(numpy runtime, grammar-masked decoding).\n\n| | |\n|---|---|\n"
            f"{table}\n")


def _cell(text: str) -> str:
    """Text for a Markdown table cell (``<|eos|>`` keeps its bars)."""
    return text.replace("|", r"\|")


# ---------------------------------------------------------------------------- command line


def add_scratch_arguments(parser: argparse.ArgumentParser) -> None:
    """The ``--scratch`` options of ``strategy-lsp-train finetune``."""
    group = parser.add_argument_group(
        "from scratch", "train the small embedded model with torch (--scratch); a --config "
                        "may give these under a `scratch:` mapping")
    group.add_argument("--scratch", action="store_true",
                       help="train the embedded model from scratch instead of fine-tuning")
    defaults = ScratchSettings()
    for name, kind, text in (
            ("dim", int, "model width"), ("layers", int, "decoder layers"),
            ("heads", int, "attention heads"), ("ffn_dim", int, "SwiGLU width (0: 8/3 dim)"),
            ("vocab", int, "tokenizer vocabulary"), ("max_seq_len", int, "positions"),
            ("steps", int, "optimizer steps"), ("batch", int, "examples per step"),
            ("lr", float, "peak learning rate"), ("warmup", int, "warm-up steps"),
            ("weight_decay", float, "AdamW weight decay"), ("seed", int, "random seed"),
            ("checkpoint_every", int, "steps between checkpoints"),
            ("eval_batches", int, "validation batches at each checkpoint"),
            ("word_dropout", float, "share of prompt words hidden as <unk> (slots reader)"),
            ("average", int, "latest checkpoints whose mean weights the model folder holds")):
        group.add_argument("--" + name.replace("_", "-"), type=kind, default=None,
                           help=f"{text} (default {getattr(defaults, name)})")
    group.add_argument("--task", choices=["all", "whole", "fields"], default=None,
                       help="train on the whole strategies, the fields, or all (default)")
    group.add_argument("--device", default=None, help="auto (default), cpu, cuda or mps")
    group.add_argument("--length-buckets", action="store_true", default=None,
                       help="batch examples of about the same length together")
    group.add_argument("--word-hints", action="store_true", default=None,
                       help="slots reader: show each word hidden by --word-dropout with a "
                            "hint of what it was (its vector in the packaged embedding), so "
                            "that the model reads unknown words by what they look like; with "
                            "--resume, adds the hints to a model without them")
    group.add_argument("--reader", choices=["bytes", "slots"], default=None,
                       help="how the model reads prompts: BPE tokens (bytes, the default) or "
                            "words with the values as slots (slots)")
    group.add_argument("--run-dir", type=Path, default=None,
                       help="checkpoints and curves (default: <out>-training)")
    group.add_argument("--grow-words", action="store_true",
                       help="with --resume: add the prompt words of --data that the run's "
                            "vocabulary lacks (to continue on text in new styles)")
    group.add_argument("--grow-layers", action="store_true",
                       help="with --resume: continue a checkpoint of fewer layers than "
                            "--layers; the new layers start as the identity")
    group.add_argument("--stop-at", type=int, default=None, metavar="STEP",
                       help="stop at this step, keeping the learning-rate schedule of "
                            "--steps (continue later with --resume)")


def settings_from(args: argparse.Namespace, section: dict[str, Any]) -> ScratchSettings:
    """Settings from the command line, over a config's ``scratch:`` section, over defaults."""
    known = {f.name for f in fields(ScratchSettings)}
    unknown = sorted(set(section) - known)
    if unknown:
        raise ScratchError(f"unknown scratch settings {unknown}; known: {sorted(known)}")
    settings = replace(ScratchSettings(), **section)
    given = {name: getattr(args, name) for name in known
             if getattr(args, name, None) is not None}
    return replace(settings, **given)


def scratch_command(data: Path, out: Path, settings: ScratchSettings) -> str:
    """The command line that trains this model again, every setting spelled out."""
    words = ["strategy-lsp-train", "finetune", "--scratch", "--data", str(data), "--out",
             str(out)]
    for item in fields(ScratchSettings):
        value = getattr(settings, item.name)
        flag = "--" + item.name.replace("_", "-")
        if isinstance(value, bool):
            words += [flag] if value else []
        elif item.name not in ("prompt_prefix", "prompt_suffix", "rope_theta"):
            words += [flag, str(value)]
    return shlex.join(words)


def _resume_flags(args: argparse.Namespace) -> str:
    words = [*(["--run-dir", str(args.run_dir)] if args.run_dir else []),
             *(["--resume"] if args.resume else []),
             *(["--grow-words"] if args.grow_words else []),
             *(["--grow-layers"] if args.grow_layers else []),
             *(["--stop-at", str(args.stop_at)] if args.stop_at else [])]
    return " " + shlex.join(words) if words else ""


def run_scratch_command(args: argparse.Namespace) -> int:
    from .finetune import FinetuneError, read_yaml

    if args.model or args.method or args.iters:
        print("strategy-lsp-train finetune: --model, --method and --iters are for "
              "fine-tuning; with --scratch use --steps and the size options", file=sys.stderr)
        return 2
    try:
        config = read_yaml(args.config) if args.config else {}
        section = config.get("scratch") or {}
        settings = settings_from(args, section)
        data = args.data or (Path(config["data"]) if "data" in config else None)
        if data is None:
            raise ScratchError("give --data (the folder of strategy-lsp-train dataset)")
        result = train_scratch(Path(data), args.out, settings, resume=args.resume,
                               run_dir=args.run_dir, grow_words=args.grow_words,
                               grow_layers=args.grow_layers,
                               stop_at=args.stop_at,
                               command=scratch_command(Path(data), args.out, settings)
                               + _resume_flags(args))
    except (ScratchError, FinetuneError) as error:
        print(f"strategy-lsp-train finetune: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("strategy-lsp-train finetune: interrupted; continue with --resume",
              file=sys.stderr)
        return 130
    print(f"wrote {result.model_dir} ({result.parameters:,} parameters, {result.steps} steps, "
          f"{result.seconds:.0f}s on {result.device}); checkpoints and loss curve in "
          f"{result.run_dir}")
    return 0
