"""A Hugging Face-layout llama folder written by hand (no mlx, no torch): bfloat16 weights in
a safetensors file, a Llama 3-style byte-level BPE tokenizer.json with special tokens, and a
config with llama3 rope scaling. For testing the GGUF writer on what Llama 3.2 looks like."""

from __future__ import annotations

import json
import struct
from pathlib import Path

import numpy as np
import numpy.typing as npt

from strategy_lsp.training.gguf import LLAMA3_PATTERN_START

LLAMA3_PATTERN = (LLAMA3_PATTERN_START + "|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*"
                  "|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+")
HIDDEN, HEADS, KV_HEADS, LAYERS, FFN = 16, 4, 2, 1, 24
BASE_TOKENS = ["a", "b", "ab", "Ġ", "Ġab"]
SPECIAL = ["<|begin_of_text|>", "<|end_of_text|>", "<|eot_id|>"]
VOCAB = 10  # 5 base + 3 special + 2 ids with no token


def bfloat16(values: npt.NDArray[np.float32]) -> bytes:
    """The upper halves of float32 values: bfloat16, truncated."""
    return (values.astype("<f4").view("<u4") >> 16).astype("<u2").tobytes()


def from_bfloat16(values: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    widened: npt.NDArray[np.float32] = ((values.astype("<f4").view("<u4") >> 16) << 16) \
        .astype("<u4").view("<f4")
    return widened


def write_safetensors(path: Path, tensors: dict[str, npt.NDArray[np.float32]]) -> None:
    header: dict[str, object] = {"__metadata__": {"format": "pt"}}
    blobs, offset = [], 0
    for name, array in tensors.items():
        blob = bfloat16(array)
        header[name] = {"dtype": "BF16", "shape": list(array.shape),
                        "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    text = json.dumps(header).encode()
    path.write_bytes(struct.pack("<Q", len(text)) + text + b"".join(blobs))


def llama_weights(seed: int = 0) -> dict[str, npt.NDArray[np.float32]]:
    rng = np.random.default_rng(seed)
    head_dim = HIDDEN // HEADS

    def matrix(rows: int, cols: int) -> npt.NDArray[np.float32]:
        return rng.standard_normal((rows, cols)).astype(np.float32)

    weights = {"model.embed_tokens.weight": matrix(VOCAB, HIDDEN),
               "model.norm.weight": rng.random(HIDDEN).astype(np.float32)}
    for i in range(LAYERS):
        p = f"model.layers.{i}."
        weights |= {
            p + "input_layernorm.weight": rng.random(HIDDEN).astype(np.float32),
            p + "post_attention_layernorm.weight": rng.random(HIDDEN).astype(np.float32),
            p + "self_attn.q_proj.weight": matrix(HEADS * head_dim, HIDDEN),
            p + "self_attn.k_proj.weight": matrix(KV_HEADS * head_dim, HIDDEN),
            p + "self_attn.v_proj.weight": matrix(KV_HEADS * head_dim, HIDDEN),
            p + "self_attn.o_proj.weight": matrix(HIDDEN, HEADS * head_dim),
            p + "mlp.gate_proj.weight": matrix(FFN, HIDDEN),
            p + "mlp.up_proj.weight": matrix(FFN, HIDDEN),
            p + "mlp.down_proj.weight": matrix(HIDDEN, FFN),
        }
    return weights


def write_llama_folder(folder: Path, **config: object) -> dict[str, npt.NDArray[np.float32]]:
    """Write the folder; returns the weights as stored (rounded to bfloat16)."""
    folder.mkdir(parents=True, exist_ok=True)
    weights = llama_weights()
    write_safetensors(folder / "model.safetensors", weights)
    (folder / "config.json").write_text(json.dumps({
        "model_type": "llama", "hidden_size": HIDDEN, "num_attention_heads": HEADS,
        "num_key_value_heads": KV_HEADS, "num_hidden_layers": LAYERS,
        "intermediate_size": FFN, "vocab_size": VOCAB, "rms_norm_eps": 1e-5,
        "rope_theta": 500000.0, "max_position_embeddings": 131072,
        "tie_word_embeddings": True, "bos_token_id": 5, "eos_token_id": [6, 7],
        "rope_scaling": {"rope_type": "llama3", "factor": 32.0, "low_freq_factor": 1.0,
                         "high_freq_factor": 4.0, "original_max_position_embeddings": 8192},
        **config}))
    (folder / "tokenizer.json").write_text(json.dumps({
        "added_tokens": [{"id": 5 + i, "content": t, "special": True}
                         for i, t in enumerate(SPECIAL)],
        "pre_tokenizer": {"type": "Sequence", "pretokenizers": [
            {"type": "Split", "pattern": {"Regex": LLAMA3_PATTERN}, "behavior": "Isolated",
             "invert": False},
            {"type": "ByteLevel", "add_prefix_space": False, "use_regex": False}]},
        "model": {"type": "BPE", "vocab": {t: i for i, t in enumerate(BASE_TOKENS)},
                  "merges": [["a", "b"], ["Ġ", "ab"]]}}))
    (folder / "tokenizer_config.json").write_text(json.dumps({
        "bos_token": "<|begin_of_text|>", "eos_token": "<|eot_id|>"}))
    return {name: from_bfloat16(array) for name, array in weights.items()}
