"""A Llama-architecture decoder (RMSNorm, rotary positions, causal attention with a KV
cache, SwiGLU) in numpy.

Our shipped models have a few million parameters; at that size numpy's matmuls beat the
overhead of a general runtime on a 2-core CPU, and numpy is already installed everywhere.
Weights use the names that ``strategy_lsp.training`` exports.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

Array = npt.NDArray[np.float32]


@dataclass(frozen=True)
class DecoderConfig:
    vocab_size: int
    dim: int
    n_layers: int
    n_heads: int
    ffn_dim: int
    max_seq_len: int = 1024
    rope_theta: float = 10000.0
    norm_eps: float = 1e-5
    tie_embeddings: bool = True
    #: width of the word hints (:mod:`.hints`) a ``word_hint`` matrix turns into an extra
    #: embedding for prompt words the model does not know; 0: a model without hints
    hint_dim: int = 0

    @property
    def head_dim(self) -> int:
        return self.dim // self.n_heads

    @classmethod
    def load(cls, path: Path) -> DecoderConfig:
        data = json.loads(path.read_text("utf-8"))
        fields = {k: data[k] for k in cls.__dataclass_fields__ if k in data}
        return cls(**fields)

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(asdict(self), indent=2) + "\n", "utf-8")


class DecoderWeights(dict[str, Array]):
    """Parameter arrays by name: ``embed``, ``layers.{i}.{attn_norm,wq,wk,wv,wo,mlp_norm,
    w_gate,w_up,w_down}``, ``norm``, (untied) ``lm_head`` and (with hints) ``word_hint``.
    Matrices are (in, out)."""

    @classmethod
    def random(cls, config: DecoderConfig, seed: int = 0, scale: float = 0.02) -> DecoderWeights:
        rng = np.random.default_rng(seed)

        def matrix(rows: int, cols: int) -> Array:
            return (rng.standard_normal((rows, cols)) * scale).astype(np.float32)

        weights = cls()
        weights["embed"] = matrix(config.vocab_size, config.dim)
        for i in range(config.n_layers):
            p = f"layers.{i}."
            weights[p + "attn_norm"] = np.ones(config.dim, np.float32)
            for name in ("wq", "wk", "wv", "wo"):
                weights[p + name] = matrix(config.dim, config.dim)
            weights[p + "mlp_norm"] = np.ones(config.dim, np.float32)
            weights[p + "w_gate"] = matrix(config.dim, config.ffn_dim)
            weights[p + "w_up"] = matrix(config.dim, config.ffn_dim)
            weights[p + "w_down"] = matrix(config.ffn_dim, config.dim)
        weights["norm"] = np.ones(config.dim, np.float32)
        if not config.tie_embeddings:
            weights["lm_head"] = matrix(config.dim, config.vocab_size)
        if config.hint_dim:
            weights["word_hint"] = matrix(config.hint_dim, config.dim)
        return weights

    @classmethod
    def load(cls, path: Path) -> DecoderWeights:
        with np.load(path) as archive:
            return cls({name: archive[name].astype(np.float32) for name in archive.files})

    def save(self, path: Path, dtype: type = np.float16) -> None:
        arrays: dict[str, npt.NDArray[np.generic]] = {
            name: array.astype(dtype) for name, array in self.items()}
        np.savez(path, **arrays)  # type: ignore[arg-type]


@dataclass
class KVCache:
    keys: list[Array]  # per layer: ([batch,] heads, positions, head_dim)
    values: list[Array]
    length: int = 0
    #: how many positions this sequence may take; above the model's own, the rotary
    #: positions are squeezed into the model's range (:meth:`Transformer.new_cache`)
    positions: int = 0

    def fork(self) -> KVCache:
        """A cache that may grow apart from this one, sharing the arrays so far: ``step``
        replaces a layer's arrays and never writes into them."""
        return KVCache(list(self.keys), list(self.values), self.length, self.positions)


class Transformer:
    """Forward passes over token ids; ``step`` extends a :class:`KVCache`."""

    def __init__(self, config: DecoderConfig, weights: DecoderWeights) -> None:
        self.config = config
        self.w = weights
        missing = [k for k in self._expected() if k not in weights]
        if missing:
            raise ValueError(f"model weights are missing {', '.join(missing[:5])}")
        half = config.head_dim // 2
        self._freqs = config.rope_theta ** (-np.arange(half, dtype=np.float64) / half)
        self._tables = {config.max_seq_len: self._rotations(config.max_seq_len)}
        self._head = weights["embed"].T.copy() if config.tie_embeddings else weights["lm_head"]

    def _expected(self) -> list[str]:
        names = ["embed", "norm"] + (["lm_head"] if not self.config.tie_embeddings else []) \
            + (["word_hint"] if self.config.hint_dim else [])
        for i in range(self.config.n_layers):
            names += [f"layers.{i}.{n}" for n in ("attn_norm", "wq", "wk", "wv", "wo",
                                                   "mlp_norm", "w_gate", "w_up", "w_down")]
        return names

    def new_cache(self, positions: int | None = None, batch: int | None = None) -> KVCache:
        """An empty sequence of up to ``positions`` (default: the model's ``max_seq_len``);
        with ``batch``, that many sequences of the same length, stepped together.

        More positions than the model was trained on are squeezed into its range: position
        ``i`` of ``n`` turns the rotary angles by ``i * max_seq_len / n`` (position
        interpolation), so the model never sees an angle it did not learn, only finer steps.
        """
        c = self.config
        positions = positions or c.max_seq_len
        if positions not in self._tables:
            self._tables = {c.max_seq_len: self._tables[c.max_seq_len],
                            positions: self._rotations(positions)}
        empty = np.zeros((*(() if batch is None else (batch,)), c.n_heads, 0, c.head_dim),
                         np.float32)
        return KVCache([empty] * c.n_layers, [empty] * c.n_layers, 0, positions)

    def _rotations(self, positions: int) -> tuple[Array, Array]:
        scale = min(1.0, self.config.max_seq_len / positions)
        angles = np.outer(np.arange(positions) * scale, self._freqs)
        return np.cos(angles).astype(np.float32), np.sin(angles).astype(np.float32)

    def _norm(self, x: Array, weight: Array) -> Array:
        scale = 1.0 / np.sqrt(np.mean(x * x, axis=-1, keepdims=True) + self.config.norm_eps)
        normed: Array = (x * scale * weight).astype(np.float32)
        return normed

    def _rope(self, x: Array, start: int, positions: int) -> Array:
        # x: ([batch,] heads, positions, head_dim); rotate pairs (first half, second half)
        n = x.shape[-2]
        cos, sin = self._tables[positions]
        cos, sin = cos[start:start + n], sin[start:start + n]
        half = x.shape[-1] // 2
        a, b = x[..., :half], x[..., half:]
        return np.concatenate([a * cos - b * sin, a * sin + b * cos], axis=-1)

    def step(self, tokens: list[int] | npt.NDArray[np.int64], cache: KVCache,
             hints: Array | None = None, last_only: bool = False) -> Array:
        """Logits for each new token, given the tokens already in ``cache``. ``hints``
        (a row of width ``hint_dim`` per token, zero where none) add ``hints @ word_hint`` to
        the tokens' embeddings.

        ``tokens`` of shape (batch, n) steps a batch of sequences (a cache made with
        ``batch``; hints then of shape (batch, n, hint_dim)), and the logits are
        (batch, n, vocab); a list of ids is one sequence, with logits (n, vocab).
        ``last_only`` keeps the logits of the last token alone (n = 1): a long prompt's
        logits over the whole vocabulary are megabytes per sequence that nobody reads."""
        c = self.config
        start = cache.length
        positions = cache.positions or c.max_seq_len
        ids = np.asarray(tokens)
        n = ids.shape[-1]
        if start + n > positions:
            raise ValueError(f"sequence longer than its {positions} positions")
        x = self.w["embed"][ids]
        if hints is not None:
            if not c.hint_dim:
                raise ValueError("this model reads no word hints")
            x = x + hints @ self.w["word_hint"]
        lead = ids.shape[:-1]  # () for one sequence, (batch,) for a batch
        mask = np.triu(np.full((n, start + n), -np.inf, np.float32), k=start + 1)

        def heads(h: Array) -> Array:  # (..., n, dim) -> (..., heads, n, head_dim)
            return h.reshape(*lead, n, c.n_heads, c.head_dim).swapaxes(-3, -2)

        for i in range(c.n_layers):
            p = f"layers.{i}."
            h = self._norm(x, self.w[p + "attn_norm"])
            q, k = heads(h @ self.w[p + "wq"]), heads(h @ self.w[p + "wk"])
            v = heads(h @ self.w[p + "wv"])
            q, k = self._rope(q, start, positions), self._rope(k, start, positions)
            keys = np.concatenate([cache.keys[i], k], axis=-2)
            values = np.concatenate([cache.values[i], v], axis=-2)
            cache.keys[i], cache.values[i] = keys, values
            scores = q @ keys.swapaxes(-1, -2) / np.sqrt(c.head_dim) + mask
            scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
            scores /= scores.sum(axis=-1, keepdims=True)
            attended = (scores @ values).swapaxes(-3, -2).reshape(*lead, n, c.dim)
            x = x + attended @ self.w[p + "wo"]
            h = self._norm(x, self.w[p + "mlp_norm"])
            gate = h @ self.w[p + "w_gate"]
            x = x + ((gate / (1.0 + np.exp(-gate))) * (h @ self.w[p + "w_up"])) @ \
                self.w[p + "w_down"]
        cache.length = start + n
        if last_only:
            x = x[..., -1:, :]
        logits: Array = (self._norm(x, self.w["norm"]) @ self._head).astype(np.float32)
        return logits
