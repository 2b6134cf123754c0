"""The contextual-features experiment's own parts (training/experiments/contextual_features.py):
how slots reach the encoder, how word pieces pool into the reader's words, and that its
arm C starts from exactly the shipped model's logits. The experiment itself needs the
MiniLM wheel and an hour of CPU; its figures are in training/README.md."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

from .test_scratch import needs_torch

SCRIPT = Path(__file__).resolve().parents[2] / "training" / "experiments" / "contextual_features.py"


def experiment() -> ModuleType:
    spec = importlib.util.spec_from_file_location("contextual_features", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@needs_torch
def test_slots_reach_the_encoder_as_distinct_unused_entries() -> None:
    words = experiment().encoder_words(["rsi", "<t1>", "above", "<n2>", "#30", "<d1>", "<x>"])
    assert words == ["rsi", "[unused1]", "above", "[unused12]", "#30", "[unused41]", "<x>"]


@needs_torch
def test_pieces_pool_into_their_words() -> None:
    import torch

    hidden = torch.tensor([[9.0], [1.0], [3.0], [5.0], [9.0]])  # [CLS] a a b [SEP]
    pooled = experiment().pooled(hidden, [None, 0, 0, 1, None], 3)
    assert pooled[:, 0].tolist() == [2.0, 5.0, 0.0]  # word 2 has no piece: zero


@needs_torch
def test_arm_c_starts_as_the_shipped_model() -> None:
    import torch

    module = experiment()
    shipped, with_context = module.load_model("S0"), module.load_model("C")
    ids = torch.tensor([[5, 9, 2051, 7]])
    context = torch.randn(1, 4, module.WIDTH)
    with torch.no_grad():
        before = module.forward(shipped, ids, context)
        after = module.forward(with_context, ids, context)
        assert torch.equal(before, after)  # the projection is zero: context changes nothing
        with_context.ctx.fill_(0.01)
        assert not torch.allclose(module.forward(with_context, ids, context), before)

