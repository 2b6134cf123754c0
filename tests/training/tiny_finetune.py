"""A tiny LoRA fine-tune, made once per test session and shared by the finetune and export
tests: the random llama of tests/generation/tiny_model.py, a 30-example dataset, one field,
four iterations on the CPU (a few seconds)."""

from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass
from pathlib import Path

from strategy_lsp.training.cli import main
from strategy_lsp.training.dataset import write_dataset

from ..generation.tiny_model import build_tiny_model

FIELD = "interval"
ITERS = 4
CONFIG = """\
model: {model}
data: {data}
task: per-field
fields: [{field}]
method: lora
iters: {iters}
mlx_lm:
  batch_size: 2
  num_layers: -1
  learning_rate: 1.0e-3
  max_seq_length: 512
  steps_per_report: 2
  steps_per_eval: 2
  val_batches: 2
  save_every: 2
"""


@dataclass(frozen=True)
class TinyFinetune:
    model: Path
    data: Path
    config: Path
    out: Path
    output: str  # what the command printed

    @property
    def run(self) -> Path:
        return self.out / "fields" / FIELD


_made: dict[Path, TinyFinetune] = {}


def tiny_finetune(root: Path) -> TinyFinetune:
    """Build the model and data under ``root`` and fine-tune once; later calls reuse it."""
    if root in _made:
        return _made[root]
    model = build_tiny_model(root / "model")
    data = root / "data"
    write_dataset(data, 30, seed=7)
    config = root / "tiny.yaml"
    config.write_text(CONFIG.format(model=model, data=data, field=FIELD, iters=ITERS))
    out = root / "runs"
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        code = main(["finetune", "--config", str(config), "--out", str(out)])
    if code != 0:
        raise RuntimeError(f"tiny fine-tune failed ({code}):\n{printed.getvalue()}")
    _made[root] = TinyFinetune(model, data, config, out, printed.getvalue())
    return _made[root]
