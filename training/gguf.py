"""GGUF (fp16, llama architecture) from a Hugging Face-layout llama model folder.

mlx-lm's own ``fuse --export-gguf`` writes the tokenizer as SentencePiece
(``tokenizer.ggml.model = "llama"``) with no merges, leaves float32 weights as float32 and
drops Llama 3's rope scaling. Llama 3.2 uses a byte-level BPE tokenizer, which Ollama's
llama model refuses under that type ("tokenizer llama not yet supported"), so we write the
file ourselves, as llama.cpp's ``convert_hf_to_gguf.py`` does for llama:

- tokenizer ``gpt2`` with tokens, token types, merges and the pre-tokenizer name;
- q/k projections permuted from Hugging Face's half-split rotary layout to GGML's
  adjacent pairs;
- ``rope_freqs.weight`` for ``rope_scaling.rope_type == "llama3"``;
- matrices in float16, norms and rope factors in float32.

Reading needs only numpy (safetensors are parsed here, bfloat16 included), and tensors are
converted one at a time, so a 3B model never sits in memory twice.

>>> write_gguf(Path("fused"), Path("model-f16.gguf"), add_bos=True)  # doctest: +SKIP
>>> metadata, tensors = read_gguf(Path("model-f16.gguf"))  # doctest: +SKIP
"""

from __future__ import annotations

import json
import math
import re
import struct
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import IntEnum
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
import numpy.typing as npt

MAGIC = b"GGUF"
VERSION = 3
ALIGNMENT = 32
#: The pre-tokenizer regex of Llama 3 (llama.cpp's "llama-bpe").
LLAMA3_PATTERN_START = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+"
#: GPT-2's regex, which a plain ByteLevel pre-tokenizer applies; Ollama reads it from
#: ``tokenizer.ggml.pretokenizer`` (its llama model assumes Llama 3's otherwise).
GPT2_PATTERN = r"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"


class GGUFError(ValueError):
    """The model folder cannot be written as a llama GGUF."""


class ValueType(IntEnum):
    UINT8 = 0
    INT8 = 1
    UINT16 = 2
    INT16 = 3
    UINT32 = 4
    INT32 = 5
    FLOAT32 = 6
    BOOL = 7
    STRING = 8
    ARRAY = 9
    UINT64 = 10
    INT64 = 11
    FLOAT64 = 12


class TensorType(IntEnum):
    F32 = 0
    F16 = 1


class TokenType(IntEnum):
    NORMAL = 1
    CONTROL = 3
    USER_DEFINED = 4
    UNUSED = 5


_NUMPY_TYPES: dict[Any, ValueType] = {
    np.dtype(np.uint8): ValueType.UINT8, np.dtype(np.int8): ValueType.INT8,
    np.dtype(np.uint16): ValueType.UINT16, np.dtype(np.int16): ValueType.INT16,
    np.dtype(np.uint32): ValueType.UINT32, np.dtype(np.int32): ValueType.INT32,
    np.dtype(np.float32): ValueType.FLOAT32, np.dtype(np.uint64): ValueType.UINT64,
    np.dtype(np.int64): ValueType.INT64, np.dtype(np.float64): ValueType.FLOAT64,
}

#: A metadata value: text, a flag, a typed numpy scalar (np.uint32(3)), a list of strings
#: or a one-dimensional numpy array.
MetadataValue = str | bool | np.generic | Sequence[str] | npt.NDArray[Any]


@dataclass(frozen=True)
class Tensor:
    """A tensor to write: its numpy shape, GGML type, and how to produce its data."""

    name: str
    shape: tuple[int, ...]
    type: TensorType
    load: Callable[[], npt.NDArray[Any]]

    @property
    def nbytes(self) -> int:
        return math.prod(self.shape) * (4 if self.type is TensorType.F32 else 2)


# ---------------------------------------------------------------------------- writing


def _string(text: str) -> bytes:
    data = text.encode("utf-8")
    return struct.pack("<Q", len(data)) + data


def _scalar(kind: ValueType, value: Any) -> bytes:
    formats = {ValueType.UINT8: "<B", ValueType.INT8: "<b", ValueType.UINT16: "<H",
               ValueType.INT16: "<h", ValueType.UINT32: "<I", ValueType.INT32: "<i",
               ValueType.FLOAT32: "<f", ValueType.UINT64: "<Q", ValueType.INT64: "<q",
               ValueType.FLOAT64: "<d", ValueType.BOOL: "<?"}
    return struct.pack(formats[kind], value)


def _value(key: str, value: MetadataValue) -> bytes:
    if isinstance(value, bool):
        return _scalar(ValueType.UINT32, ValueType.BOOL) + _scalar(ValueType.BOOL, value)
    if isinstance(value, str):
        return _scalar(ValueType.UINT32, ValueType.STRING) + _string(value)
    if isinstance(value, np.generic):
        kind = _NUMPY_TYPES.get(value.dtype)
        if kind is None:
            raise GGUFError(f"metadata {key}: unsupported type {value.dtype}")
        return _scalar(ValueType.UINT32, kind) + _scalar(kind, value.item())
    if isinstance(value, np.ndarray):
        kind = _NUMPY_TYPES.get(value.dtype)
        if kind is None or value.ndim != 1:
            raise GGUFError(f"metadata {key}: need a 1-D numeric array, got {value.dtype}")
        little = value.astype(value.dtype.newbyteorder("<"), copy=False)
        return (_scalar(ValueType.UINT32, ValueType.ARRAY) + _scalar(ValueType.UINT32, kind)
                + struct.pack("<Q", len(value)) + little.tobytes())
    if isinstance(value, Sequence) and all(isinstance(v, str) for v in value):
        return (_scalar(ValueType.UINT32, ValueType.ARRAY)
                + _scalar(ValueType.UINT32, ValueType.STRING)
                + struct.pack("<Q", len(value)) + b"".join(_string(v) for v in value))
    raise GGUFError(f"metadata {key}: unsupported value {type(value).__name__}")


def _pad(size: int) -> int:
    return (ALIGNMENT - size % ALIGNMENT) % ALIGNMENT


def write_file(path: Path, metadata: Mapping[str, MetadataValue],
               tensors: Sequence[Tensor]) -> None:
    """Write a GGUF v3 file; tensors are loaded and written one at a time."""
    header = bytearray(MAGIC + struct.pack("<IQQ", VERSION, len(tensors), len(metadata)))
    for key, value in metadata.items():
        header += _string(key) + _value(key, value)
    offset = 0
    for tensor in tensors:
        dims = tuple(reversed(tensor.shape))  # GGML lists the fastest-varying dimension first
        header += _string(tensor.name) + struct.pack("<I", len(dims))
        header += b"".join(struct.pack("<Q", d) for d in dims)
        header += struct.pack("<IQ", tensor.type, offset)
        offset += tensor.nbytes + _pad(tensor.nbytes)
    header += bytes(_pad(len(header)))
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    with partial.open("wb") as out:
        out.write(header)
        for tensor in tensors:
            _write_tensor(out, tensor)
    partial.replace(path)


def _write_tensor(out: BinaryIO, tensor: Tensor) -> None:
    dtype = np.dtype("<f4" if tensor.type is TensorType.F32 else "<f2")
    data = np.ascontiguousarray(tensor.load(), dtype=dtype)
    if data.shape != tensor.shape:
        raise GGUFError(f"{tensor.name}: shape {data.shape}, expected {tensor.shape}")
    out.write(data.tobytes())
    out.write(bytes(_pad(data.nbytes)))


# ---------------------------------------------------------------------------- reading


_SAFETENSORS_DTYPES: dict[str, np.dtype[Any]] = {
    "F32": np.dtype("<f4"), "F16": np.dtype("<f2"), "BF16": np.dtype("<u2")}


class Safetensors:
    """The tensors of a model folder's ``*.safetensors`` files, memory-mapped on demand."""

    def __init__(self, folder: Path) -> None:
        self._where: dict[str, tuple[Path, int, str, tuple[int, ...]]] = {}
        files = sorted(folder.glob("*.safetensors"))
        if not files:
            raise GGUFError(f"{folder} has no .safetensors weights")
        for file in files:
            with file.open("rb") as handle:
                (size,) = struct.unpack("<Q", handle.read(8))
                header = json.loads(handle.read(size))
            for name, info in header.items():
                if name == "__metadata__":
                    continue
                start, _end = info["data_offsets"]
                self._where[name] = (file, 8 + size + start, info["dtype"], tuple(info["shape"]))

    def names(self) -> list[str]:
        return list(self._where)

    def shape(self, name: str) -> tuple[int, ...]:
        return self._where[name][3]

    def load(self, name: str) -> npt.NDArray[np.float32]:
        file, offset, dtype, shape = self._where[name]
        if dtype not in _SAFETENSORS_DTYPES:
            raise GGUFError(f"{name} is {dtype}; only F32, F16 and BF16 weights convert "
                            "(fuse with --dequantize for a quantized model)")
        raw = np.memmap(file, dtype=_SAFETENSORS_DTYPES[dtype], mode="r", offset=offset,
                        shape=shape if shape else (1,))
        if dtype == "BF16":
            widened: npt.NDArray[np.float32] = (raw.astype(np.uint32) << 16).view(np.float32)
            return widened.reshape(shape)
        return np.asarray(raw, dtype=np.float32).reshape(shape)


# ---------------------------------------------------------------------------- llama


_LAYER_NAMES = {
    "input_layernorm.weight": "attn_norm.weight",
    "post_attention_layernorm.weight": "ffn_norm.weight",
    "self_attn.q_proj.weight": "attn_q.weight",
    "self_attn.k_proj.weight": "attn_k.weight",
    "self_attn.v_proj.weight": "attn_v.weight",
    "self_attn.o_proj.weight": "attn_output.weight",
    "mlp.gate_proj.weight": "ffn_gate.weight",
    "mlp.up_proj.weight": "ffn_up.weight",
    "mlp.down_proj.weight": "ffn_down.weight",
}
_GLOBAL_NAMES = {"model.embed_tokens.weight": "token_embd.weight",
                 "model.norm.weight": "output_norm.weight",
                 "lm_head.weight": "output.weight"}


def gguf_name(name: str) -> str | None:
    """The GGUF name of a Hugging Face llama tensor; None for ones GGUF leaves out."""
    if name in _GLOBAL_NAMES:
        return _GLOBAL_NAMES[name]
    match = re.fullmatch(r"model\.layers\.(\d+)\.(.+)", name)
    if match and match.group(2) in _LAYER_NAMES:
        return f"blk.{match.group(1)}.{_LAYER_NAMES[match.group(2)]}"
    if name.endswith("rotary_emb.inv_freq"):
        return None
    raise GGUFError(f"tensor {name} has no place in a llama GGUF (biases and other extras "
                    "are not supported)")


def unpermute_rotary(weight: npt.NDArray[np.float32], heads: int) -> npt.NDArray[np.float32]:
    """Rows of a q/k projection from half-split rotary order to GGML's adjacent pairs."""
    rows = weight.shape[0]
    swapped: npt.NDArray[np.float32] = weight.reshape(heads, 2, rows // heads // 2,
                                                      *weight.shape[1:]).swapaxes(1, 2)
    return swapped.reshape(weight.shape)


def llama3_rope_factors(config: Mapping[str, Any]) -> npt.NDArray[np.float32] | None:
    """Per-frequency divisors for ``rope_type: llama3`` scaling, as llama.cpp expects them."""
    scaling = config.get("rope_scaling") or {}
    if str(scaling.get("rope_type", scaling.get("type", ""))).lower() != "llama3":
        return None
    base = float(config.get("rope_theta", 10000.0))
    dim = int(config.get("head_dim") or config["hidden_size"] // config["num_attention_heads"])
    factor = float(scaling.get("factor", 8.0))
    low = float(scaling.get("low_freq_factor", 1.0))
    high = float(scaling.get("high_freq_factor", 4.0))
    old_context = float(scaling.get("original_max_position_embeddings", 8192))
    factors = []
    for i in range(0, dim, 2):
        wavelength = 2 * math.pi * base ** (i / dim)
        if wavelength < old_context / high:
            factors.append(1.0)
        elif wavelength > old_context / low:
            factors.append(factor)
        else:
            smooth = (old_context / wavelength - low) / (high - low)
            factors.append(1.0 / ((1 - smooth) / factor + smooth))
    return np.asarray(factors, dtype=np.float32)


@dataclass(frozen=True)
class Vocabulary:
    tokens: list[str]
    types: npt.NDArray[np.uint32]
    merges: list[str]
    pre: str
    ids: dict[str, int]


def read_vocabulary(folder: Path, vocab_size: int) -> Vocabulary:
    """The byte-level BPE vocabulary of ``tokenizer.json``, padded to ``vocab_size``."""
    try:
        data = json.loads((folder / "tokenizer.json").read_text("utf-8"))
    except (OSError, ValueError) as error:
        raise GGUFError(f"cannot read {folder / 'tokenizer.json'}: {error}") from error
    model = data.get("model") or {}
    if model.get("type") != "BPE":
        raise GGUFError(f"the tokenizer is {model.get('type')}, not byte-level BPE; convert "
                        "this model with llama.cpp's convert_hf_to_gguf.py instead")
    ids: dict[str, int] = dict(model.get("vocab", {}))
    added = {t["id"]: t for t in data.get("added_tokens", [])}
    ids.update({t["content"]: i for i, t in added.items()})
    size = max(vocab_size, max(ids.values()) + 1)
    by_id = {i: token for token, i in ids.items()}
    tokens: list[str] = []
    types = np.empty(size, np.uint32)
    for i in range(size):
        if i not in by_id:
            tokens.append(f"[PAD{i}]")
            types[i] = TokenType.UNUSED
            continue
        tokens.append(by_id[i])
        if i in added:
            types[i] = TokenType.CONTROL if added[i].get("special") else TokenType.USER_DEFINED
        else:
            types[i] = TokenType.NORMAL
    merges = [m if isinstance(m, str) else " ".join(m) for m in model.get("merges", [])]
    return Vocabulary(tokens, types, merges, _pre_tokenizer(data.get("pre_tokenizer")), ids)


def _pre_tokenizer(spec: Mapping[str, Any] | None) -> str:
    """llama.cpp's name for the pre-tokenizer: Llama 3's split, or GPT-2's (plain ByteLevel)."""
    if any(p.startswith(LLAMA3_PATTERN_START) for p in _split_patterns(spec)):
        return "llama-bpe"
    if spec is not None and spec.get("type") == "ByteLevel" and spec.get("use_regex", True):
        return "gpt-2"
    raise GGUFError(f"unknown pre-tokenizer {json.dumps(spec)[:200]}; only Llama 3's and "
                    "GPT-2's byte-level splitting are supported")


def _split_patterns(spec: object) -> Iterator[str]:
    if isinstance(spec, dict):
        pattern = spec.get("pattern")
        if isinstance(pattern, dict) and isinstance(pattern.get("Regex"), str):
            yield pattern["Regex"]
        for value in spec.values():
            yield from _split_patterns(value)
    elif isinstance(spec, list):
        for item in spec:
            yield from _split_patterns(item)


def _token_id(value: Any, ids: Mapping[str, int]) -> int | None:
    if isinstance(value, dict):
        value = value.get("content")
    if isinstance(value, str):
        return ids.get(value)
    if isinstance(value, list):
        return int(value[0]) if value else None
    return int(value) if isinstance(value, int) else None


def _read_json(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    data: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return data


def llama_metadata(config: Mapping[str, Any], vocab: Vocabulary, *, name: str,
                   add_bos: bool, tokenizer_config: Mapping[str, Any],
                   chat_template: str | None) -> dict[str, MetadataValue]:
    """GGUF metadata for a llama model and its byte-level BPE tokenizer."""
    heads = int(config["num_attention_heads"])
    head_dim = int(config.get("head_dim") or config["hidden_size"] // heads)
    metadata: dict[str, MetadataValue] = {
        "general.architecture": "llama",
        "general.name": name,
        "general.file_type": np.uint32(1),  # mostly F16
        "llama.vocab_size": np.uint32(len(vocab.tokens)),
        "llama.context_length": np.uint32(config.get("max_position_embeddings", 2048)),
        "llama.embedding_length": np.uint32(config["hidden_size"]),
        "llama.block_count": np.uint32(config["num_hidden_layers"]),
        "llama.feed_forward_length": np.uint32(config["intermediate_size"]),
        "llama.attention.head_count": np.uint32(heads),
        "llama.attention.head_count_kv": np.uint32(config.get("num_key_value_heads", heads)),
        "llama.rope.dimension_count": np.uint32(head_dim),
        "llama.rope.freq_base": np.float32(config.get("rope_theta", 10000.0)),
        "llama.attention.layer_norm_rms_epsilon": np.float32(config.get("rms_norm_eps", 1e-5)),
        "tokenizer.ggml.model": "gpt2",
        "tokenizer.ggml.pre": vocab.pre,
        "tokenizer.ggml.tokens": vocab.tokens,
        "tokenizer.ggml.token_type": vocab.types,
        "tokenizer.ggml.merges": vocab.merges,
        "tokenizer.ggml.add_bos_token": add_bos,
        "tokenizer.ggml.add_eos_token": False,
    }
    if vocab.pre == "gpt-2":
        metadata["tokenizer.ggml.pretokenizer"] = GPT2_PATTERN
    for role in ("bos", "eos"):
        token = _token_id(tokenizer_config.get(f"{role}_token"), vocab.ids)
        if token is None:
            token = _token_id(config.get(f"{role}_token_id"), vocab.ids)
        if token is not None:
            metadata[f"tokenizer.ggml.{role}_token_id"] = np.uint32(token)
    if chat_template:
        metadata["tokenizer.chat_template"] = chat_template
    return metadata


def llama_tensors(weights: Safetensors, config: Mapping[str, Any]) -> list[Tensor]:
    """The model's tensors under GGUF names, q/k permuted, with llama3 rope factors."""
    heads = int(config["num_attention_heads"])
    kv_heads = int(config.get("num_key_value_heads", heads))
    tensors: list[Tensor] = []
    for source in weights.names():
        target = gguf_name(source)
        if target is None:
            continue
        shape = weights.shape(source)
        permute = heads if target.endswith("attn_q.weight") else \
            kv_heads if target.endswith("attn_k.weight") else None

        def load(source: str = source, permute: int | None = permute) -> npt.NDArray[Any]:
            array = weights.load(source)
            return unpermute_rotary(array, permute) if permute else array

        kind = TensorType.F32 if len(shape) == 1 else TensorType.F16
        tensors.append(Tensor(target, shape, kind, load))
    factors = llama3_rope_factors(config)
    if factors is not None:
        tensors.append(Tensor("rope_freqs.weight", factors.shape, TensorType.F32,
                              lambda: factors))
    return sorted(tensors, key=_tensor_order)


def _tensor_order(tensor: Tensor) -> tuple[int, int, str]:
    match = re.match(r"blk\.(\d+)\.", tensor.name)
    return (1, int(match.group(1)), tensor.name) if match else (0, 0, tensor.name)


def write_gguf(folder: Path, path: Path, *, add_bos: bool, name: str | None = None,
               chat_template: str | None = None) -> Path:
    """Write the llama model in ``folder`` (config.json, safetensors, tokenizer.json) as an
    fp16 GGUF at ``path``. ``add_bos`` says whether the prompt format starts with BOS."""
    config = _read_json(folder / "config.json")
    if config.get("model_type") != "llama":
        raise GGUFError(f"{folder} holds a {config.get('model_type')!r} model; this export "
                        "writes the llama architecture only")
    if config.get("quantization") or config.get("quantization_config"):
        raise GGUFError(f"{folder} holds a quantized model; fuse with --dequantize first")
    vocab = read_vocabulary(folder, int(config["vocab_size"]))
    metadata = llama_metadata(config, vocab, name=name or folder.name, add_bos=add_bos,
                              tokenizer_config=_read_json(folder / "tokenizer_config.json"),
                              chat_template=chat_template)
    write_file(path, metadata, llama_tensors(Safetensors(folder), config))
    return path


def read_gguf(path: Path) -> tuple[dict[str, object], dict[str, npt.NDArray[Any]]]:
    """The metadata (arrays as lists) and the F32/F16 tensors of a GGUF file.

    Enough to check what :func:`write_gguf` wrote without llama.cpp.
    """
    with path.open("rb") as handle:
        if handle.read(4) != MAGIC:
            raise GGUFError(f"{path} is not a GGUF file")
        _version, count, keys = struct.unpack("<IQQ", handle.read(20))
        metadata: dict[str, object] = {}
        for _ in range(keys):
            key = _read_string(handle)
            (kind,) = struct.unpack("<I", handle.read(4))
            metadata[key] = _read_value(handle, ValueType(kind))
        infos = []
        for _ in range(count):
            name = _read_string(handle)
            (rank,) = struct.unpack("<I", handle.read(4))
            dims = struct.unpack(f"<{rank}Q", handle.read(8 * rank))
            kind, offset = struct.unpack("<IQ", handle.read(12))
            infos.append((name, tuple(reversed(dims)), TensorType(kind), offset))
        start = handle.tell() + _pad(handle.tell())
    data = np.memmap(path, dtype=np.uint8, mode="r")
    tensors: dict[str, npt.NDArray[Any]] = {}
    for name, shape, kind, offset in infos:
        dtype = np.dtype("<f4" if kind is TensorType.F32 else "<f2")
        size = math.prod(shape) * dtype.itemsize
        chunk = data[start + offset:start + offset + size]
        tensors[name] = np.frombuffer(chunk.tobytes(), dtype=dtype).reshape(shape)
    return metadata, tensors


def _read_string(handle: BinaryIO) -> str:
    (size,) = struct.unpack("<Q", handle.read(8))
    return handle.read(size).decode("utf-8")


def _read_value(handle: BinaryIO, kind: ValueType) -> object:
    if kind is ValueType.STRING:
        return _read_string(handle)
    if kind is ValueType.ARRAY:
        (inner,) = struct.unpack("<I", handle.read(4))
        (count,) = struct.unpack("<Q", handle.read(8))
        return [_read_value(handle, ValueType(inner)) for _ in range(count)]
    sizes = {ValueType.UINT8: "<B", ValueType.INT8: "<b", ValueType.UINT16: "<H",
             ValueType.INT16: "<h", ValueType.UINT32: "<I", ValueType.INT32: "<i",
             ValueType.FLOAT32: "<f", ValueType.UINT64: "<Q", ValueType.INT64: "<q",
             ValueType.FLOAT64: "<d", ValueType.BOOL: "<?"}
    fmt = sizes[kind]
    (value,) = struct.unpack(fmt, handle.read(struct.calcsize(fmt)))
    return value
