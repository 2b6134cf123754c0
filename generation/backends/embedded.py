"""The embedded backend: a model shipped inside the package, run in-process, offline.

Its output is decoded under the grammar's token mask, so it is code the grammar accepts by
construction (the validator still checks ranges and repairs). A model is named either by
the name of a directory under ``strategy_lsp/generation/models/`` or by a path.
"""

from __future__ import annotations

import asyncio
import threading
import time
from importlib import resources
from pathlib import Path

from ..backend import Completion, CompletionRequest, OutputFormat
from ..errors import BackendFailed, ModelNotFound
from ..runtime.model import Cancelled, EmbeddedModel, ModelFormatError, OutOfTokens


def shipped_models() -> dict[str, Path]:
    """Models that ship with the package, by name."""
    root = Path(str(resources.files("strategy_lsp.generation").joinpath("models")))
    if not root.is_dir():
        return {}
    return {p.name: p for p in sorted(root.iterdir()) if (p / "config.json").is_file()}


class EmbeddedBackend:
    name = "embedded"

    def __init__(self, models: dict[str, Path] | None = None) -> None:
        self._paths = dict(shipped_models() if models is None else models)
        self._loaded: dict[str, EmbeddedModel] = {}
        self._loading = threading.Lock()

    def _path(self, model: str) -> Path:
        if model in self._paths:
            return self._paths[model]
        candidate = Path(model).expanduser()
        if (candidate / "config.json").is_file():
            return candidate
        if not self._paths:
            raise ModelNotFound(model, "This install ships no embedded model yet. Use a server "
                                "model instead: set the backend to ollama (after `ollama pull "
                                "llama3.2:3b`) or openai (--backend on the command line), or "
                                "give the path of a model directory.")
        raise ModelNotFound(model, f"Embedded models shipped with this install: "
                            f"{', '.join(self._paths)}. Name one of them, or give the path of "
                            "a model directory.")

    def load(self, model: str) -> EmbeddedModel:
        with self._loading:
            if model not in self._loaded:
                try:
                    self._loaded[model] = EmbeddedModel(self._path(model))
                except ModelFormatError as error:
                    raise BackendFailed(str(error)) from error
            return self._loaded[model]

    async def ensure_model(self, model: str) -> None:
        await asyncio.to_thread(self.load, model)

    async def complete(self, request: CompletionRequest) -> Completion:
        if request.output is not OutputFormat.CODE or request.grammar is None:
            raise BackendFailed("the embedded model writes code under a grammar; "
                                "use the fine-tuned prompt style with it")
        model = await asyncio.to_thread(self.load, request.model)
        prompt = request.messages[-1].content
        cancel = threading.Event()
        started = time.perf_counter()
        try:
            result = await asyncio.to_thread(model.generate, prompt, request.grammar,
                                             request.max_tokens, cancel)
        except asyncio.CancelledError:
            cancel.set()  # stop the worker thread at its next token
            raise
        except OutOfTokens as error:
            raise BackendFailed(f"embedded model {request.model}: {error}") from error
        except Cancelled as error:  # pragma: no cover - only after a cancel
            raise asyncio.CancelledError() from error
        return Completion(text=result.text, model=request.model, backend=self.name,
                          seconds=time.perf_counter() - started,
                          prompt_tokens=result.prompt_tokens,
                          completion_tokens=result.completion_tokens)

    async def aclose(self) -> None:
        self._loaded.clear()
