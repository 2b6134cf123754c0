"""The offline sentence embedding: static token vectors shipped in the package.

The vectors were distilled once from all-MiniLM-L6-v2 by :mod:`.distill` (model2vec). At run
time a sentence is tokenized, its token vectors are averaged and the mean is normalised:
numpy and ``tokenizers`` only, no torch, nothing downloaded.
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Protocol

import numpy as np
import numpy.typing as npt
from tokenizers import Tokenizer

ARTEFACT_FOLDER = "static_model"
VECTORS_FILE = "vectors.npz"
TOKENIZER_FILE = "tokenizer.json"
META_FILE = "model.json"
MAX_TOKENS = 512


class Embedder(Protocol):
    """Anything that turns texts into unit vectors, with a name and a content digest."""

    @property
    def name(self) -> str: ...

    @property
    def digest(self) -> str: ...

    def encode(self, texts: Sequence[str]) -> npt.NDArray[np.float32]: ...


class EmbeddingError(RuntimeError):
    """The embedding artefact is missing or unreadable."""


@dataclass(frozen=True)
class StaticEmbedding:
    """Averaged static token vectors (model2vec style)."""

    tokenizer: Tokenizer
    vectors: npt.NDArray[np.float32]
    unk_id: int | None
    name: str
    digest: str

    @property
    def dim(self) -> int:
        return int(self.vectors.shape[1])

    def encode(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        """Unit vectors, one row per text; a text with no known token gives a zero row."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        for row, encoding in enumerate(self.tokenizer.encode_batch(list(texts),
                                                                   add_special_tokens=False)):
            ids = [i for i in encoding.ids if i != self.unk_id][:MAX_TOKENS]
            if ids:
                out[row] = self.vectors[ids].mean(axis=0)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return (out / np.where(norms == 0, 1, norms)).astype(np.float32)


def _dequantize(arrays: dict[str, npt.NDArray[np.generic]]) -> npt.NDArray[np.float32]:
    vectors = arrays["vectors"].astype(np.float32)
    if "scales" in arrays:  # int8 rows with one float scale each
        vectors *= arrays["scales"].astype(np.float32)[:, None]
    return vectors


def _read_artefact(folder: Traversable | None) -> tuple[bytes, str, dict[str, object]]:
    """The artefact's vectors (raw bytes), tokenizer JSON and metadata."""
    root = folder if folder is not None else files(__package__ or "").joinpath(ARTEFACT_FOLDER)
    try:
        return (root.joinpath(VECTORS_FILE).read_bytes(),
                root.joinpath(TOKENIZER_FILE).read_text(encoding="utf-8"),
                json.loads(root.joinpath(META_FILE).read_text(encoding="utf-8")))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise EmbeddingError(f"cannot load the embedding artefact: {error}") from error


def _identity(raw_vectors: bytes, raw_tokenizer: str, meta: dict[str, object]) -> tuple[str, str]:
    return (str(meta.get("name", "static")),
            hashlib.sha256(raw_vectors + raw_tokenizer.encode()).hexdigest())


def load_static_embedding(folder: Traversable | None = None) -> StaticEmbedding:
    """Load the artefact from ``folder`` (the packaged one by default)."""
    raw_vectors, raw_tokenizer, meta = _read_artefact(folder)
    try:
        with np.load(io.BytesIO(raw_vectors), allow_pickle=False) as data:
            vectors = _dequantize({key: data[key] for key in data.files})
        tokenizer = Tokenizer.from_str(raw_tokenizer)
    except Exception as error:  # tokenizers raises plain Exception on bad JSON
        raise EmbeddingError(f"cannot load the embedding artefact: {error}") from error
    name, digest = _identity(raw_vectors, raw_tokenizer, meta)
    unk = tokenizer.token_to_id("[UNK]")
    return StaticEmbedding(tokenizer, vectors, unk, name, digest)


@cache
def default_embedding_identity() -> tuple[str, str]:
    """Name and content digest of the packaged embedding, the same as
    ``default_embedding()``'s, without building its tokenizer and vectors (about 16 ms
    against 94 ms for the whole load here)."""
    return _identity(*_read_artefact(None))


@cache
def default_embedding() -> StaticEmbedding:
    """The packaged embedding, loaded once per process."""
    return load_static_embedding()


@cache
def default_words() -> frozenset[str]:
    """The whole words of the packaged embedding's vocabulary (lower case, letters only):
    an English word list of about 21,700 entries, used to tell a word from a ticker."""
    _, raw_tokenizer, _ = _read_artefact(None)
    try:
        vocab = json.loads(raw_tokenizer)["model"]["vocab"]
    except (ValueError, KeyError, TypeError) as error:
        raise EmbeddingError(f"cannot read the embedding's vocabulary: {error}") from error
    return frozenset(word for word in vocab if word.isascii() and word.isalpha())
