"""strategy-lsp-train export: the GGUF writer, the Modelfile, ollama create, and the whole
export of the tiny fine-tuned model (fuse, GGUF, Modelfile)."""

from __future__ import annotations

import importlib.util
import json
import os
import stat
from pathlib import Path

import numpy as np
import pytest

from strategy_lsp.training.export import (
    ExportError,
    ExportResult,
    PromptFormat,
    export_adapter,
    modelfile_text,
    ollama_name,
    register_with_ollama,
)
from strategy_lsp.training.gguf import (
    MAGIC,
    GGUFError,
    llama3_rope_factors,
    read_gguf,
    unpermute_rotary,
    write_gguf,
)

from .ggml_llama import ggml_llama_logits
from .llama_folder import HEADS, KV_HEADS, SPECIAL, VOCAB, write_llama_folder
from .tiny_finetune import TinyFinetune, tiny_finetune

HAS_MLX = all(importlib.util.find_spec(m) is not None for m in ("mlx", "mlx_lm"))
needs_mlx = pytest.mark.skipif(not HAS_MLX, reason="needs mlx and mlx-lm: "
                               "pip install 'mlx[cpu]' mlx-lm")
LLAMA3 = PromptFormat(
    prefix="<|start_header_id|>user<|end_header_id|>\n\n",
    suffix="<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n",
    stops=("<|eot_id|>", "<|end_of_text|>"), add_bos=True)


def test_modelfile_states_weights_prompt_format_stops_and_greedy_decoding() -> None:
    text = modelfile_text(Path("out/strategy-3b-f16.gguf"), LLAMA3, source="runs/whole")
    lines = text.splitlines()
    assert "FROM ./strategy-3b-f16.gguf" in lines
    assert ('TEMPLATE """<|start_header_id|>user<|end_header_id|>\n\n{{ .Prompt }}'
            '<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n"""') in text
    assert 'PARAMETER stop "<|eot_id|>"' in lines
    assert 'PARAMETER stop "<|end_of_text|>"' in lines
    assert "PARAMETER temperature 0" in lines


def test_modelfile_refuses_a_template_ollama_would_misread() -> None:
    braces = PromptFormat(prefix="{{ system }}", suffix="", stops=(), add_bos=False)
    with pytest.raises(ExportError, match="TEMPLATE"):
        modelfile_text(Path("m.gguf"), braces, source="x")


def test_ollama_names_are_made_valid() -> None:
    assert ollama_name("Strategy 3B/Whole!") == "strategy-3b-whole"
    assert ollama_name("***") == "strategy-lsp"


def test_gguf_of_a_bfloat16_llama3_folder_keeps_weights_tokenizer_and_rope(
        tmp_path: Path) -> None:
    weights = write_llama_folder(tmp_path / "model")
    path = write_gguf(tmp_path / "model", tmp_path / "m.gguf", add_bos=True, name="tiny",
                      chat_template="{{ messages }}")
    assert path.read_bytes()[:4] == MAGIC
    metadata, tensors = read_gguf(path)
    assert metadata["general.architecture"] == "llama"
    assert metadata["general.file_type"] == 1
    assert (metadata["llama.attention.head_count"],
            metadata["llama.attention.head_count_kv"]) == (HEADS, KV_HEADS)
    assert metadata["tokenizer.ggml.model"] == "gpt2"
    assert metadata["tokenizer.ggml.pre"] == "llama-bpe"
    assert "tokenizer.ggml.pretokenizer" not in metadata  # Ollama's default is Llama 3's
    tokens = metadata["tokenizer.ggml.tokens"]
    assert isinstance(tokens, list) and len(tokens) == VOCAB
    assert tokens[5:8] == SPECIAL and tokens[8:] == ["[PAD8]", "[PAD9]"]
    assert metadata["tokenizer.ggml.token_type"] == [1] * 5 + [3] * 3 + [5] * 2
    assert metadata["tokenizer.ggml.merges"] == ["a b", "Ġ ab"]
    assert (metadata["tokenizer.ggml.bos_token_id"],
            metadata["tokenizer.ggml.eos_token_id"]) == (5, 7)  # <|eot_id|> from the config
    assert metadata["tokenizer.ggml.add_bos_token"] is True
    assert metadata["tokenizer.chat_template"] == "{{ messages }}"
    embed = tensors["token_embd.weight"]
    assert embed.dtype == np.float16 and embed.shape == (VOCAB, 16)
    np.testing.assert_allclose(embed, weights["model.embed_tokens.weight"], rtol=1e-3)
    assert tensors["blk.0.attn_norm.weight"].dtype == np.float32
    np.testing.assert_allclose(
        tensors["blk.0.attn_k.weight"],
        unpermute_rotary(weights["model.layers.0.self_attn.k_proj.weight"], KV_HEADS),
        rtol=1e-3)
    assert "output.weight" not in tensors  # tied: llama.cpp and Ollama reuse token_embd
    factors = tensors["rope_freqs.weight"]
    assert factors.dtype == np.float32 and factors.shape == (2,)  # head_dim 4: two pairs
    # wavelengths 2π and 2π·sqrt(500000) ≈ 4443: kept, and smoothed between 2048 and 8192
    smooth = (8192 / (2 * np.pi * 500000 ** 0.5) - 1) / 3
    np.testing.assert_allclose(factors, [1.0, 1 / ((1 - smooth) / 32 + smooth)], rtol=1e-6)


def test_llama3_rope_factors_rise_from_one_to_the_factor() -> None:
    config = {"hidden_size": 3072, "num_attention_heads": 24, "rope_theta": 500000.0,
              "rope_scaling": {"rope_type": "llama3", "factor": 32.0, "low_freq_factor": 1.0,
                               "high_freq_factor": 4.0,
                               "original_max_position_embeddings": 8192}}
    factors = llama3_rope_factors(config)
    assert factors is not None and factors.shape == (64,)
    assert factors[0] == 1.0 and factors[-1] == 32.0
    assert np.all(np.diff(factors) >= 0) and any(1.0 < f < 32.0 for f in factors)
    assert llama3_rope_factors({**config, "rope_scaling": None}) is None


@pytest.mark.parametrize(("change", "message"), [
    ({"model_type": "qwen2"}, "llama architecture only"),
    ({"quantization": {"bits": 4, "group_size": 64}}, "--dequantize"),
])
def test_gguf_export_refuses_what_it_cannot_write(tmp_path: Path, change: dict[str, object],
                                                  message: str) -> None:
    write_llama_folder(tmp_path / "model", **change)
    with pytest.raises(GGUFError, match=message):
        write_gguf(tmp_path / "model", tmp_path / "m.gguf", add_bos=False)


def test_ollama_create_runs_in_the_modelfile_folder_when_ollama_is_installed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bin_dir, out = tmp_path / "bin", tmp_path / "export"
    bin_dir.mkdir()
    out.mkdir()
    record = tmp_path / "ollama-called"
    fake = bin_dir / "ollama"
    fake.write_text(f'#!/bin/sh\necho "$PWD $@" > {record}\n')
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    lines: list[str] = []
    command, created = register_with_ollama(out / "Modelfile", "strategy-x", log=lines.append)
    assert created and command == ("ollama", "create", "strategy-x", "-f", "Modelfile")
    assert record.read_text().split() == [str(out), "create", "strategy-x", "-f", "Modelfile"]


def test_without_ollama_the_command_is_printed(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no ollama there
    lines: list[str] = []
    _, created = register_with_ollama(tmp_path / "Modelfile", "strategy-x", log=lines.append)
    assert not created
    assert lines == [f"ollama is not on the PATH; to serve the model, run:\n  cd {tmp_path} "
                     "&& ollama create strategy-x -f Modelfile"]


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[TinyFinetune, ExportResult]:
    if not HAS_MLX:
        pytest.skip("needs mlx and mlx-lm")
    tiny = tiny_finetune(tmp_path_factory.getbasetemp() / "tiny-finetune")
    out = tmp_path_factory.mktemp("export")
    result = export_adapter(tiny.run, out, name="Tiny Interval", run_ollama=False,
                            log=lambda _: None)
    return tiny, result


@needs_mlx
def test_export_fuses_and_writes_the_gguf_and_modelfile(
        exported: tuple[TinyFinetune, ExportResult]) -> None:
    _, result = exported
    assert result.name == "tiny-interval" and not result.created
    assert json.loads((result.fused / "config.json").read_text())["model_type"] == "llama"
    assert result.gguf.name == "tiny-interval-f16.gguf"
    assert result.gguf.read_bytes()[:4] == b"GGUF"
    lines = result.modelfile.read_text().splitlines()
    assert "FROM ./tiny-interval-f16.gguf" in lines
    # the tiny model's chat template: "user: {prompt}\nassistant: "
    assert 'TEMPLATE """user: {{ .Prompt }}' in lines and 'assistant: """' in lines
    assert 'PARAMETER stop "</s>"' in lines and "PARAMETER temperature 0" in lines
    metadata, _ = read_gguf(result.gguf)
    assert metadata["tokenizer.ggml.pre"] == "gpt-2"
    assert metadata["tokenizer.ggml.add_bos_token"] is False  # the template has no BOS


@needs_mlx
def test_gguf_gives_the_logits_of_the_fused_model(
        exported: tuple[TinyFinetune, ExportResult]) -> None:
    import mlx.core as mx
    from mlx_lm import load

    _, result = exported
    model, tokenizer = load(str(result.fused))
    ids = tokenizer.encode("Buy AAPL when RSI(14) crosses below 30, sell above 70.")
    reference = np.array(model(mx.array([ids]))[0], dtype=np.float32)
    metadata, tensors = read_gguf(result.gguf)
    logits = ggml_llama_logits(metadata, tensors, ids)
    assert np.abs(logits - reference).max() < 1e-2 * max(1.0, np.abs(reference).max())


@needs_mlx
def test_gguf_rope_factors_reproduce_mlx_llama3_rope(
        exported: tuple[TinyFinetune, ExportResult], tmp_path: Path) -> None:
    import mlx.core as mx
    from mlx_lm import load

    tiny, _ = exported
    folder = tmp_path / "scaled"
    folder.mkdir()
    for item in tiny.model.iterdir():
        (folder / item.name).write_bytes(item.read_bytes())
    config = json.loads((folder / "config.json").read_text())
    # a short original context puts every rotary frequency of the 8-wide heads in the
    # scaled or smoothed band, so the factors change the logits a lot
    config["rope_scaling"] = {"rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0,
                              "high_freq_factor": 4.0, "original_max_position_embeddings": 16}
    (folder / "config.json").write_text(json.dumps(config))
    model, tokenizer = load(str(folder))
    ids = tokenizer.encode("Strategy(ticker='MSFT', position_type=PositionTypeEnum.LONG)")
    reference = np.array(model(mx.array([ids]))[0], dtype=np.float32)
    metadata, tensors = read_gguf(write_gguf(folder, tmp_path / "s.gguf", add_bos=False))
    assert "rope_freqs.weight" in tensors
    scale = max(1.0, np.abs(reference).max())
    assert np.abs(ggml_llama_logits(metadata, tensors, ids) - reference).max() < 1e-2 * scale
    unscaled = {k: v for k, v in tensors.items() if k != "rope_freqs.weight"}
    assert np.abs(ggml_llama_logits(metadata, unscaled, ids) - reference).max() > 2e-2 * scale


@needs_mlx
def test_export_without_an_adapter_says_what_to_give(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match=r"adapters\.safetensors"):
        export_adapter(tmp_path, tmp_path / "out", model="m", log=lambda _: None)
