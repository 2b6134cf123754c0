"""The embedded runtime: a small Llama-style decoder run with numpy, under a token mask."""

from .transformer import DecoderConfig, DecoderWeights, KVCache, Transformer

__all__ = ["DecoderConfig", "DecoderWeights", "KVCache", "Transformer"]
