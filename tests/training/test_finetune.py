"""strategy-lsp-train finetune with mlx-lm: configs, runs, output parsing, a real tiny LoRA
fine-tune on the CPU and its resumption."""

from __future__ import annotations

import importlib.util
import json
import shutil
from pathlib import Path

import pytest
import yaml  # type: ignore[import-untyped, unused-ignore]

from strategy_lsp.training.cli import main
from strategy_lsp.training.dataset import FIELDS, write_dataset
from strategy_lsp.training.finetune import (
    FinetuneConfig,
    FinetuneError,
    Report,
    finetune,
    load_config,
    mlx_options,
    parse_report,
    plan_runs,
    prepare_data,
)
from strategy_lsp.training.loss_curve import LossLog, plot_losses

from .tiny_finetune import FIELD, ITERS, TinyFinetune, tiny_finetune

HAS_MLX = all(importlib.util.find_spec(m) is not None for m in ("mlx", "mlx_lm"))
HAS_MATPLOTLIB = importlib.util.find_spec("matplotlib") is not None
needs_mlx = pytest.mark.skipif(not HAS_MLX, reason="needs mlx and mlx-lm: "
                               "pip install 'mlx[cpu]' mlx-lm")
PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> TinyFinetune:
    if not HAS_MLX:
        pytest.skip("needs mlx and mlx-lm")
    return tiny_finetune(tmp_path_factory.getbasetemp() / "tiny-finetune")


@pytest.mark.parametrize(("line", "report"), [
    ("  40    1.234 ▼    1,234    5.6k", Report("train", 40, 1.234)),
    ("\x1b[38;5;244m   2\x1b[0m    \x1b[1;32m6.093 ▲\x1b[0m    \x1b[1m  706\x1b[0m",
     Report("train", 2, 6.093)),
    ("     1    val 6.442    0.04s", Report("val", 1, 6.442)),
    ("Iter 10: Train loss 2.345, Learning Rate 1.000e-05, It/sec 0.5", Report("train", 10,
                                                                               2.345)),
    ("Iter 1: Val loss 3.100, Val took 1.2s", Report("val", 1, 3.1)),
    ("  save  0000200_adapters.safetensors", Report("save", 200)),
    ("Iter 200: Saved adapter weights to a/b/0000200_adapters.safetensors.",
     Report("save", 200)),
])
def test_parse_report_reads_losses_and_saves_in_both_mlx_output_formats(
        line: str, report: Report) -> None:
    assert parse_report(line) == report


@pytest.mark.parametrize("line", ["Loading pretrained model", "Trainable parameters: 27.4% "
                                  "(0.002M/0.007M)", "train ████ 100% · 6/6", ""])
def test_parse_report_ignores_other_lines(line: str) -> None:
    assert parse_report(line) is None


def test_shipped_configs_plan_the_originals_three_setups() -> None:
    out = Path("runs")
    fields = plan_runs(load_config("llama-1b-fields"), out)
    assert [r.name for r in fields] == [f"fields/{f}" for f in FIELDS]
    assert fields[4].data == Path("data/fields/stop_loss")
    assert fields[4].folder == out / "fields" / "stop_loss"
    (conditions,) = plan_runs(load_config("llama-3b-conditions"), out)
    assert conditions.name == "conditions"
    assert conditions.sources == (Path("data/fields/buy_condition"),
                                  Path("data/fields/sell_condition"))
    (whole,) = plan_runs(load_config("llama-3b-whole"), out)
    assert (whole.name, whole.data) == ("whole", Path("data/whole"))
    assert {load_config(n).model for n in ("llama-3b-conditions", "llama-3b-whole")} == \
        {"meta-llama/Llama-3.2-3B-Instruct"}
    assert load_config("llama-1b-fields").model == "meta-llama/Llama-3.2-1B-Instruct"


def test_command_line_values_override_the_config() -> None:
    config = load_config("llama-3b-whole", model="/models/llama", method="dora", iters=7,
                         data=Path("elsewhere"))
    assert (config.model, config.method, config.iters) == ("/models/llama", "dora", 7)
    options = mlx_options(config, plan_runs(config, Path("o"))[0], iters=5, start=2,
                          resume_file=Path("o/whole/checkpoints/iter-0000002.safetensors"))
    assert options["fine_tune_type"] == "dora" and options["iters"] == 5
    assert options["data"] == str(Path("elsewhere/whole"))
    assert options["resume_adapter_file"].endswith("iter-0000002.safetensors")
    assert options["mask_prompt"] is True and options["batch_size"] == 4


@pytest.mark.parametrize(("text", "message"), [
    ("model: m\nmlx_lm: {iters: 5}\n", "set iters at the top level"),
    ("model: m\ntask: fields\nfields: [stop_los]\n", "unknown Strategy parameters"),
    ("model: m\nepochs: 3\n", "epochs"),
    ("task: whole\n", "model"),
])
def test_bad_configs_are_reported_with_the_reason(tmp_path: Path, text: str,
                                                  message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    with pytest.raises(FinetuneError, match=message):
        load_config(path)


def test_several_fields_train_one_adapter_on_their_data_together(tmp_path: Path) -> None:
    write_dataset(tmp_path / "data", 20, seed=1)
    config = FinetuneConfig(model="m", data=tmp_path / "data", task="fields",
                            fields=["buy_condition", "sell_condition"])
    (run,) = plan_runs(config, tmp_path / "out")
    prepare_data(run)
    merged = (run.data / "train.jsonl").read_text().splitlines()
    prompts = [json.loads(line)["prompt"] for line in merged]
    per_field = len((tmp_path / "data/fields/buy_condition/train.jsonl").read_text()
                    .splitlines())
    assert len(prompts) == 2 * per_field
    assert {p.split(":")[0] for p in prompts} == {"buy_condition", "sell_condition"}
    assert run.folder == tmp_path / "out" / "buy_condition-sell_condition"


def test_missing_dataset_says_how_to_write_it(tmp_path: Path) -> None:
    config = FinetuneConfig(model="m", data=tmp_path / "nothing")
    with pytest.raises(FinetuneError, match="strategy-lsp-train dataset"):
        finetune(config, tmp_path / "out")


@pytest.mark.skipif(not HAS_MATPLOTLIB, reason="needs matplotlib")
def test_loss_curve_is_a_png(tmp_path: Path) -> None:
    assert plot_losses(LossLog([(1, 3.0), (2, 2.0)], [(0, 3.5)]), tmp_path / "l.png", "t")
    assert (tmp_path / "l.png").read_bytes().startswith(PNG)


@needs_mlx
def test_lora_finetune_writes_adapter_checkpoints_and_parsed_losses(
        tiny: TinyFinetune) -> None:
    run = tiny.run
    assert (run / "adapters.safetensors").stat().st_size > 0
    adapter_config = json.loads((run / "adapter_config.json").read_text())
    assert adapter_config["fine_tune_type"] == "lora"
    assert adapter_config["model"] == str(tiny.model)
    assert sorted(p.name for p in (run / "checkpoints").iterdir()) == [
        "iter-0000002.safetensors", "iter-0000004.safetensors"]
    assert not list(run.glob("*_adapters.safetensors"))  # moved under their global names
    losses = LossLog.load(run / "losses.json")
    assert [i for i, _ in losses.train] == [2, 4]
    assert losses.val[0][0] == 0 and all(v > 0 for _, v in losses.train + losses.val)
    assert "train.log" in tiny.output and f"] {ITERS}/{ITERS}  train" in tiny.output
    if HAS_MATPLOTLIB:
        assert (run / "loss.png").read_bytes().startswith(PNG)
        assert "curve" in tiny.output


@needs_mlx
def test_resume_continues_from_the_latest_checkpoint(tiny: TinyFinetune,
                                                     tmp_path: Path) -> None:
    out = tmp_path / "runs"
    shutil.copytree(tiny.out, out)
    run = out / "fields" / FIELD
    config = load_config(tiny.config, iters=ITERS + 2)
    lines: list[str] = []
    (result,) = finetune(config, out, resume=True, log=lines.append)
    options = yaml.safe_load((run / "mlx_lm.yaml").read_text())
    assert options["resume_adapter_file"] == str(run / "checkpoints" /
                                                 "iter-0000004.safetensors")
    assert options["iters"] == 2
    assert "Loading fine-tuned weights from" in (run / "train.log").read_text()
    assert any("resuming at iteration 4 of 6" in line for line in lines)
    assert [i for i, _ in result.losses.train] == [2, 4, 6]
    assert (run / "checkpoints" / "iter-0000006.safetensors").is_file()
    assert (run / "checkpoints" / "iter-0000002.safetensors").is_file()
    # a finished run is not trained again
    (again,) = finetune(config, out, resume=True, log=lines.append)
    assert again.skipped and again.iterations == ITERS + 2


@needs_mlx
def test_finetune_refuses_to_overwrite_a_run_without_resume(tiny: TinyFinetune) -> None:
    config = load_config(tiny.config)
    with pytest.raises(FinetuneError, match="--resume"):
        finetune(config, tiny.out, log=lambda _: None)


@pytest.mark.parametrize(("argv", "code", "message"), [
    (["finetune", "--out", "runs"], 2, "give --config (or --scratch)"),
    (["finetune", "--config", "no-such-config", "--out", "runs"], 1, "llama-3b-whole"),
    (["finetune", "--scratch", "--model", "m", "--out", "m"], 2, "with --scratch use --steps"),
    (["export", "--adapter", "nowhere", "--out", "x"], 1, "holds no adapters.safetensors"),
])
def test_command_line_mistakes_are_reported(argv: list[str], code: int, message: str,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == code
    assert message in capsys.readouterr().err
