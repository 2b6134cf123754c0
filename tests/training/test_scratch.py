"""strategy-lsp-train finetune --scratch: a very small model trained with torch on the CPU
must run in the numpy runtime exactly as torch runs it, and resume where it stopped."""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pytest

from strategy_lsp.generation.runtime import DecoderConfig, DecoderWeights
from strategy_lsp.generation.runtime.model import EmbeddedModel
from strategy_lsp.grammar import parse_expression
from strategy_lsp.grammar.decoding import EOS, code_grammar
from strategy_lsp.training.cli import main
from strategy_lsp.training.dataset import write_dataset
from strategy_lsp.training.loss_curve import LossLog
from strategy_lsp.training.scratch import (
    IGNORE,
    Encoded,
    ScratchError,
    ScratchSettings,
    batch_arrays,
    read_pairs,
    train_scratch,
)

HAS_TORCH = importlib.util.find_spec("torch") is not None
needs_torch = pytest.mark.skipif(not HAS_TORCH, reason="needs torch: pip install torch")
SETTINGS = ScratchSettings(dim=32, layers=2, heads=4, vocab=400, max_seq_len=384, steps=30,
                           batch=16, lr=3e-3, warmup=5, checkpoint_every=10, eval_batches=2,
                           device="cpu", seed=3)
ARGS = ["--dim", "32", "--layers", "2", "--heads", "4", "--vocab", "400", "--max-seq-len",
        "384", "--steps", "30", "--batch", "16", "--lr", "3e-3", "--warmup", "5",
        "--checkpoint-every", "10", "--eval-batches", "2", "--device", "cpu", "--seed", "3"]


@dataclass(frozen=True)
class Trained:
    data: Path
    model: Path
    run: Path
    output: str


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> Trained:
    if not HAS_TORCH:
        pytest.skip("needs torch")
    root = tmp_path_factory.mktemp("scratch")
    write_dataset(root / "data", 40, seed=5)
    model = root / "model"
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        code = main(["finetune", "--scratch", "--data", str(root / "data"), "--out",
                     str(model), *ARGS])
    assert code == 0, printed.getvalue()
    return Trained(root / "data", model, root / "model-training", printed.getvalue())


def test_targets_cover_the_completion_and_eos_only() -> None:
    inputs, targets = batch_arrays([Encoded([5, 6, 7, 8, 9, 0], 3), Encoded([5, 6, 1, 0], 2)],
                                   pad=0)
    assert inputs.tolist() == [[5, 6, 7, 8, 9], [5, 6, 1, 0, 0]]
    assert targets.tolist() == [[IGNORE, IGNORE, 8, 9, 0], [IGNORE, 1, 0, IGNORE, IGNORE]]


def test_tasks_choose_the_whole_strategy_the_fields_or_both(tmp_path: Path) -> None:
    write_dataset(tmp_path, 10, seed=2)
    whole = read_pairs(tmp_path, "train", "whole")
    fields = read_pairs(tmp_path, "train", "fields")
    assert len(fields) == 13 * len(whole)
    assert len(read_pairs(tmp_path, "train", "all")) == 14 * len(whole)
    assert all(c.startswith("Strategy(") for _, c in whole)


@needs_torch
def test_model_folder_is_the_runtime_format_with_a_model_card(trained: Trained) -> None:
    config = json.loads((trained.model / "config.json").read_text())
    assert (config["dim"], config["n_layers"], config["n_heads"]) == (32, 2, 4)
    assert config["prompt_suffix"] == "\n" and config["tie_embeddings"] is True
    assert config["short_sides"] == "library"  # its data writes a short's entry as a sell
    with np.load(trained.model / "weights.npz") as weights:
        assert weights["embed"].dtype == np.float16
        assert weights["embed"].shape == (config["vocab_size"], 32)
        assert "lm_head" not in weights.files
    tokenizer = json.loads((trained.model / "tokenizer.json").read_text())
    assert any(t["content"] == EOS for t in tokenizer["added_tokens"])
    card = (trained.model / "model_card.md").read_text()
    for fact in ("strategy-lsp-train finetune --scratch", "| seed | 3 |", "30 of 30",
                 " s on cpu", str(trained.data), "size 40"):
        assert fact in card, fact
    assert sorted(p.name for p in (trained.run / "checkpoints").iterdir()) == [
        "step-0000020.pt", "step-0000030.pt"]


@needs_torch
def test_training_lowers_the_loss(trained: Trained) -> None:
    losses = LossLog.load(trained.run / "losses.json")
    assert len(losses.train) == 30 and len(losses.val) == 3
    first = np.mean([v for _, v in losses.train[:3]])
    last = np.mean([v for _, v in losses.train[-3:]])
    assert last < first - 0.5
    if importlib.util.find_spec("matplotlib") is not None:
        assert (trained.run / "loss.png").read_bytes().startswith(b"\x89PNG")


@needs_torch
def test_numpy_runtime_gives_torchs_logits_for_the_exported_model(trained: Trained) -> None:
    import torch

    from strategy_lsp.training.torch_decoder import TorchDecoder

    model = EmbeddedModel(trained.model)
    prompt, completion = read_pairs(trained.data, "test", "whole")[0]
    ids = model.encode_prompt(prompt) + model.tokenizer.encode(completion).ids[:20]
    runtime = model.transformer.step(ids, model.transformer.new_cache())
    exported = TorchDecoder.from_weights(DecoderConfig.load(trained.model / "config.json"),
                                         DecoderWeights.load(trained.model / "weights.npz"))
    with torch.no_grad():
        reference = exported(torch.tensor([ids]))[0].numpy()
    assert runtime.shape == reference.shape == (len(ids), model.config.vocab_size)
    assert np.abs(runtime - reference).max() < 1e-4 * max(1.0, np.abs(reference).max())
    # and the float16 export stays close to the float32 weights torch trained
    checkpoint = torch.load(trained.run / "checkpoints" / "step-0000030.pt",
                            weights_only=True)
    trained_model = TorchDecoder(exported.config)
    trained_model.load_state_dict(checkpoint["model"])
    with torch.no_grad():
        full = trained_model(torch.tensor([ids]))[0].numpy()
    assert np.abs(runtime - full).max() < 0.05 * max(1.0, np.abs(full).max())


@needs_torch
@pytest.mark.parametrize("parameter", ["interval", "position_type", "order_size"])
def test_embedded_generation_under_the_grammar_returns_code(trained: Trained,
                                                            parameter: str) -> None:
    model = EmbeddedModel(trained.model)
    prompt = next(p for p, _ in read_pairs(trained.data, "test", "fields")
                  if p.startswith(f"{parameter}: "))
    generated = model.generate(prompt, code_grammar(parameter), 64)
    expression, problems = parse_expression(generated.text)
    assert expression is not None and problems == [], generated.text
    assert generated.completion_tokens > 0


@needs_torch
def test_interrupted_and_resumed_run_ends_with_the_same_weights(trained: Trained,
                                                                tmp_path: Path) -> None:
    model = tmp_path / "model"

    def stop_at_17(step: int, loss: float) -> None:
        if step == 17:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        train_scratch(trained.data, model, SETTINGS, log=lambda _: None, on_step=stop_at_17)
    checkpoints = sorted(p.name for p in (tmp_path / "model-training/checkpoints").iterdir())
    assert checkpoints == ["step-0000010.pt", "step-0000017.pt"]
    lines: list[str] = []
    result = train_scratch(trained.data, model, SETTINGS, resume=True, log=lines.append)
    assert any("resumed from step 17" in line for line in lines)
    assert result.steps == 30
    with np.load(model / "weights.npz") as resumed, \
            np.load(trained.model / "weights.npz") as straight:
        for name in straight.files:
            np.testing.assert_array_equal(resumed[name], straight[name], err_msg=name)
    train = LossLog.load(tmp_path / "model-training/losses.json").train
    assert train == LossLog.load(trained.run / "losses.json").train


@needs_torch
def test_resume_refuses_other_model_settings(trained: Trained) -> None:
    with pytest.raises(ScratchError, match="dim 32 -> 64"):
        train_scratch(trained.data, trained.model, replace(SETTINGS, dim=64), resume=True,
                      log=lambda _: None)


@needs_torch
def test_a_second_run_into_the_same_folder_needs_resume(trained: Trained) -> None:
    with pytest.raises(ScratchError, match="--resume"):
        train_scratch(trained.data, trained.model, SETTINGS, log=lambda _: None)


@needs_torch
def test_averaged_model_holds_the_mean_of_the_latest_checkpoints(trained: Trained,
                                                                 tmp_path: Path) -> None:
    import torch

    lines: list[str] = []
    train_scratch(trained.data, tmp_path / "model", replace(SETTINGS, average=3),
                  log=lines.append)
    folder = tmp_path / "model-training/checkpoints"
    assert sorted(p.name for p in folder.iterdir()) == \
        ["step-0000010.pt", "step-0000020.pt", "step-0000030.pt"]
    states = [torch.load(folder / f"step-00000{s}.pt", weights_only=True)["model"]
              for s in (10, 20, 30)]
    with np.load(tmp_path / "model/weights.npz") as exported:
        for name in exported.files:
            mean = np.mean([state[name].float().numpy() for state in states], axis=0)
            np.testing.assert_allclose(exported[name], mean, atol=2e-3, rtol=2e-3,
                                       err_msg=name)
        last = states[-1]["embed"].float().numpy()
        assert not np.allclose(exported["embed"], last, atol=2e-3)  # not the last alone
    assert "mean of steps 10, 20, 30" in lines[-1]
    card = (tmp_path / "model/model_card.md").read_text("utf-8")
    assert "the mean of the checkpoints at steps 10, 20, 30" in card
    assert "(both of the run at step 30, before the mean)" in card


@needs_torch
def test_averaging_stops_at_a_checkpoint_of_another_vocabulary(tmp_path: Path) -> None:
    import torch

    from strategy_lsp.training.scratch import averaged_weights
    from strategy_lsp.training.torch_decoder import TorchDecoder

    config = ScratchSettings(dim=16, layers=1, heads=2, vocab=50).decoder_config(60)
    model, smaller = TorchDecoder(config, seed=1), TorchDecoder(replace(config, vocab_size=50),
                                                                seed=2)
    same = TorchDecoder(config, seed=3)
    tmp_path.mkdir(exist_ok=True)
    torch.save({"model": smaller.state_dict()}, tmp_path / "step-0000010.pt")
    torch.save({"model": same.state_dict()}, tmp_path / "step-0000020.pt")
    weights, steps = averaged_weights(torch, model, tmp_path, 30, 3)
    assert steps == [20, 30]
    expected = (model.to_weights()["embed"] + same.to_weights()["embed"]) / 2
    np.testing.assert_allclose(weights["embed"], expected, rtol=1e-6)
    assert averaged_weights(torch, model, tmp_path, 30, 1)[1] == [30]


@needs_torch
def test_grown_layers_start_as_the_identity_with_the_old_moments(trained: Trained) -> None:
    import torch

    from strategy_lsp.training.scratch import _deepen, _optimizer
    from strategy_lsp.training.torch_decoder import TorchDecoder

    state = torch.load(trained.run / "checkpoints/step-0000030.pt", weights_only=True)
    vocab = state["model"]["embed"].shape[0]
    shallow = TorchDecoder(SETTINGS.decoder_config(vocab))
    shallow.load_state_dict(state["model"])
    deeper_settings = replace(SETTINGS, layers=5)
    deeper = TorchDecoder(deeper_settings.decoder_config(vocab), seed=9)
    optimizer = _optimizer(torch, deeper, deeper_settings)
    old_moments = state["optimizer"]["state"]
    assert _deepen(state, deeper, optimizer) == [1, 3, 4]  # old layers at 0 and 2
    deeper.load_state_dict(state["model"])
    optimizer.load_state_dict(state["optimizer"])
    ids = torch.randint(0, vocab, (2, 24), generator=torch.Generator().manual_seed(0))
    with torch.no_grad():
        torch.testing.assert_close(deeper(ids), shallow(ids), atol=1e-5, rtol=1e-5)
    # old layer 1's moments moved with it to layer 2; the new layers have none yet
    names = [n for n, p in deeper.named_parameters() if p.ndim >= 2]
    shallow_names = [n for n, p in shallow.named_parameters() if p.ndim >= 2]
    moved = optimizer.state[dict(deeper.named_parameters())["layers.2.wq"]]
    torch.testing.assert_close(moved["exp_avg"],
                               old_moments[shallow_names.index("layers.1.wq")]["exp_avg"])
    assert not optimizer.state[dict(deeper.named_parameters())["layers.1.wq"]]
    assert len(names) == len(shallow_names) + 3 * 7
    assert not deeper.layers[1].wo.any() and not deeper.layers[4].w_down.any()
    assert deeper.layers[1].wq.abs().sum() > 0  # the rest of a new layer is drawn fresh


@needs_torch
def test_grown_run_continues_and_exports_the_deeper_model(trained: Trained,
                                                          tmp_path: Path) -> None:
    import shutil

    run = tmp_path / "run"
    shutil.copytree(trained.run, run)
    deeper = replace(SETTINGS, layers=4, steps=40, average=3, checkpoint_every=5)
    with pytest.raises(ScratchError, match="layers 2 -> 4"):
        train_scratch(trained.data, tmp_path / "model", deeper, resume=True, run_dir=run,
                      log=lambda _: None)
    with pytest.raises(ScratchError, match="--grow-layers continues a run"):
        train_scratch(trained.data, tmp_path / "fresh", deeper, grow_layers=True,
                      log=lambda _: None)
    lines: list[str] = []
    result = train_scratch(trained.data, tmp_path / "model", deeper, resume=True, run_dir=run,
                           grow_layers=True, log=lines.append)
    assert "2 layers added at 1, 3, each starting as the identity" in lines
    assert result.steps == 40
    config = json.loads((tmp_path / "model/config.json").read_text("utf-8"))
    assert config["n_layers"] == 4
    # the mean stops at the shallower checkpoints (steps 20 and 30)
    assert "the mean of the checkpoints at steps 35, 40 |" in \
        (tmp_path / "model/model_card.md").read_text("utf-8")
    with pytest.raises(ScratchError, match="more layers than the checkpoint's 4, not 3"):
        train_scratch(trained.data, tmp_path / "model", replace(deeper, layers=3, steps=50),
                      resume=True, run_dir=run, grow_layers=True, log=lambda _: None)


def test_a_dataset_of_the_first_generator_or_none_makes_an_entry_first_model(
        tmp_path: Path) -> None:
    from strategy_lsp.training.scratch import short_sides_of

    assert short_sides_of(tmp_path) == "entry"  # no dataset.json
    (tmp_path / "dataset.json").write_text('{"generator_version": 1}')
    assert short_sides_of(tmp_path) == "entry"
    (tmp_path / "dataset.json").write_text('{"generator_version": 2}')
    assert short_sides_of(tmp_path) == "library"
