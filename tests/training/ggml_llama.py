"""A llama forward pass over GGUF tensors with GGML's conventions, in numpy.

GGML's llama rotates adjacent pairs (x[2i], x[2i+1]) where Hugging Face rotates the two
halves of a head; an exported GGUF is faithful when this pass, on the GGUF's permuted
weights, gives the logits of the original model. llama.cpp is not needed for the check.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

Array = npt.NDArray[np.float32]


def _norm(x: Array, weight: Array, eps: float) -> Array:
    return x / np.sqrt(np.mean(x * x, axis=-1, keepdims=True) + eps) * weight


def _rope_adjacent(x: Array, base: float, factors: Array | None) -> Array:
    # x: (positions, heads, head_dim); pairs (0, 1), (2, 3), ...
    positions, _, dim = x.shape
    freqs = base ** (-np.arange(0, dim, 2, dtype=np.float64) / dim)
    if factors is not None:
        freqs = freqs / factors
    angles = np.outer(np.arange(positions), freqs)[:, None, :]
    cos, sin = np.cos(angles), np.sin(angles)
    even, odd = x[..., 0::2], x[..., 1::2]
    out = np.empty_like(x)
    out[..., 0::2] = even * cos - odd * sin
    out[..., 1::2] = even * sin + odd * cos
    return out


def ggml_llama_logits(metadata: Mapping[str, Any], tensors: Mapping[str, Array],
                      ids: Sequence[int]) -> Array:
    w = {k: np.asarray(v, np.float32) for k, v in tensors.items()}
    heads = int(metadata["llama.attention.head_count"])
    kv_heads = int(metadata["llama.attention.head_count_kv"])
    eps = float(metadata["llama.attention.layer_norm_rms_epsilon"])
    base = float(metadata["llama.rope.freq_base"])
    factors = w.get("rope_freqs.weight")
    x = w["token_embd.weight"][np.asarray(ids)]
    n = len(ids)
    mask = np.triu(np.full((n, n), -np.inf, np.float32), k=1)
    for i in range(int(metadata["llama.block_count"])):
        p = f"blk.{i}."
        h = _norm(x, w[p + "attn_norm.weight"], eps)
        q = (h @ w[p + "attn_q.weight"].T).reshape(n, heads, -1)
        k = (h @ w[p + "attn_k.weight"].T).reshape(n, kv_heads, -1)
        v = (h @ w[p + "attn_v.weight"].T).reshape(n, kv_heads, -1)
        q, k = _rope_adjacent(q, base, factors), _rope_adjacent(k, base, factors)
        group = heads // kv_heads
        k, v = np.repeat(k, group, axis=1), np.repeat(v, group, axis=1)
        scores = np.einsum("qhd,khd->hqk", q, k) / np.sqrt(q.shape[-1]) + mask
        scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
        scores /= scores.sum(axis=-1, keepdims=True)
        attended = np.einsum("hqk,khd->qhd", scores, v).reshape(n, -1)
        x = x + attended @ w[p + "attn_output.weight"].T
        h = _norm(x, w[p + "ffn_norm.weight"], eps)
        gate = h @ w[p + "ffn_gate.weight"].T
        x = x + ((gate / (1 + np.exp(-gate))) * (h @ w[p + "ffn_up.weight"].T)) \
            @ w[p + "ffn_down.weight"].T
    head = w.get("output.weight", w["token_embd.weight"])
    logits: Array = (_norm(x, w["output_norm.weight"], eps) @ head.T).astype(np.float32)
    return logits
