"""The embedded runtime's decoder in torch, for training it from scratch.

It mirrors :class:`strategy_lsp.generation.runtime.Transformer` operation for operation:
RMSNorm, rotary positions with the same half-split rotation and float64-built tables,
causal attention, SwiGLU, tied embeddings, word hints. Its parameters carry the runtime's
names and (in, out) matrix layout, so exporting is copying the arrays.

Only :mod:`strategy_lsp.training.scratch` imports this module, and only once torch is known
to be installed.
"""

from __future__ import annotations

import importlib
from typing import Any

import numpy as np

from strategy_lsp.generation.runtime import DecoderConfig, DecoderWeights

# Looked up by name: torch is optional, and this keeps type-checking the same without it.
torch: Any = importlib.import_module("torch")
nn: Any = torch.nn
functional: Any = torch.nn.functional

LAYER_PARAMETERS = ("attn_norm", "wq", "wk", "wv", "wo", "mlp_norm", "w_gate", "w_up",
                    "w_down")


def rms_norm(x: Any, weight: Any, eps: float) -> Any:
    return x * torch.rsqrt((x * x).mean(dim=-1, keepdim=True) + eps) * weight


def rotate(x: Any, cos: Any, sin: Any) -> Any:
    """Rotary positions on (batch, heads, positions, head_dim): the runtime's ``_rope``."""
    half = x.shape[-1] // 2
    a, b = x[..., :half], x[..., half:]
    return torch.cat([a * cos - b * sin, a * sin + b * cos], dim=-1)


class DecoderLayer(nn.Module):  # type: ignore[misc]
    def __init__(self, config: DecoderConfig) -> None:
        super().__init__()
        dim, ffn = config.dim, config.ffn_dim
        self.attn_norm = nn.Parameter(torch.ones(dim))
        self.wq = nn.Parameter(torch.empty(dim, dim))
        self.wk = nn.Parameter(torch.empty(dim, dim))
        self.wv = nn.Parameter(torch.empty(dim, dim))
        self.wo = nn.Parameter(torch.empty(dim, dim))
        self.mlp_norm = nn.Parameter(torch.ones(dim))
        self.w_gate = nn.Parameter(torch.empty(dim, ffn))
        self.w_up = nn.Parameter(torch.empty(dim, ffn))
        self.w_down = nn.Parameter(torch.empty(ffn, dim))
        self.heads = config.n_heads
        self.eps = config.norm_eps

    def forward(self, x: Any, cos: Any, sin: Any) -> Any:
        batch, length, dim = x.shape
        h = rms_norm(x, self.attn_norm, self.eps)

        def heads(w: Any) -> Any:
            return (h @ w).view(batch, length, self.heads, -1).transpose(1, 2)

        q, k, v = rotate(heads(self.wq), cos, sin), rotate(heads(self.wk), cos, sin), \
            heads(self.wv)
        attended = functional.scaled_dot_product_attention(q, k, v, is_causal=True)
        x = x + attended.transpose(1, 2).reshape(batch, length, dim) @ self.wo
        h = rms_norm(x, self.mlp_norm, self.eps)
        return x + (functional.silu(h @ self.w_gate) * (h @ self.w_up)) @ self.w_down


class TorchDecoder(nn.Module):  # type: ignore[misc]
    """Token ids (batch, positions) to logits (batch, positions, vocabulary)."""

    def __init__(self, config: DecoderConfig, seed: int = 0) -> None:
        super().__init__()
        self.config = config
        self.embed = nn.Parameter(torch.empty(config.vocab_size, config.dim))
        self.layers = nn.ModuleList([DecoderLayer(config) for _ in range(config.n_layers)])
        self.norm = nn.Parameter(torch.ones(config.dim))
        if not config.tie_embeddings:
            self.lm_head = nn.Parameter(torch.empty(config.dim, config.vocab_size))
        if config.hint_dim:  # word hints start unread
            self.word_hint = nn.Parameter(torch.zeros(config.hint_dim, config.dim))
        # the runtime's tables, built the same way (float64, then float32)
        half = config.head_dim // 2
        freqs = config.rope_theta ** (-np.arange(half, dtype=np.float64) / half)
        angles = np.outer(np.arange(config.max_seq_len), freqs)
        self.register_buffer("cos", torch.from_numpy(np.cos(angles).astype(np.float32)),
                             persistent=False)
        self.register_buffer("sin", torch.from_numpy(np.sin(angles).astype(np.float32)),
                             persistent=False)
        self._initialise(seed)

    def _initialise(self, seed: int) -> None:
        generator = torch.Generator().manual_seed(seed)
        # residual outputs start smaller so that the sum over layers stays near unit scale
        residual_std = 0.02 / (2 * self.config.n_layers) ** 0.5
        with torch.no_grad():
            for name, parameter in self.named_parameters():
                if parameter.ndim == 1 or name == "word_hint":
                    continue
                std = residual_std if name.endswith(("wo", "w_down")) else 0.02
                parameter.copy_(torch.randn(parameter.shape, generator=generator) * std)

    def forward(self, ids: Any, hints: Any = None) -> Any:
        """``hints``: (batch, positions, hint_dim) word hints, zero where none."""
        length = ids.shape[1]
        if length > self.config.max_seq_len:
            raise ValueError(f"{length} positions; the model has {self.config.max_seq_len}")
        # F.embedding, not indexing: its CPU backward sums in a fixed order, so a resumed run
        # on the CPU reproduces an uninterrupted one bit for bit
        x = functional.embedding(ids, self.embed)
        if hints is not None:
            x = x + hints @ self.word_hint
        cos, sin = self.cos[:length], self.sin[:length]
        for layer in self.layers:
            x = layer(x, cos, sin)
        head = self.embed.T if self.config.tie_embeddings else self.lm_head
        return rms_norm(x, self.norm, self.config.norm_eps) @ head

    def to_weights(self) -> DecoderWeights:
        """The parameters as the runtime's float32 arrays (same names, same layout)."""
        return DecoderWeights({name: value.detach().float().cpu().numpy()
                               for name, value in self.state_dict().items()})

    @classmethod
    def from_weights(cls, config: DecoderConfig, weights: DecoderWeights) -> TorchDecoder:
        """A torch model holding exported weights (e.g. to compare with the runtime)."""
        model = cls(config)
        model.load_state_dict({name: torch.from_numpy(np.asarray(array, np.float32))
                               for name, array in weights.items()})
        return model
