"""The embedded backend: a model shipped inside the package, run in-process, offline.

Its output is decoded under the grammar's token mask, so it is code the grammar accepts by
construction (the validator still checks ranges and repairs). A model is named either by
the name of a directory under ``strategy_lsp/generation/models/`` or by a path.

A model trained on whole strategies only (``"task": "whole"`` in its config) answers a
per-parameter request from the whole strategy it writes for the description: one generation
per description serves every parameter of fields mode.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections import OrderedDict
from importlib import resources
from pathlib import Path

from strategy_lsp.grammar import Call, parse_expression, validate_strategy
from strategy_lsp.grammar.decoding import code_grammar
from strategy_lsp.grammar.sides import BUY, SELL, swap_short_sides_code

from ..backend import Completion, CompletionRequest, OutputFormat
from ..errors import BackendFailed, BadDescription, ModelNotFound
from ..output import field_code, parameter_confidence
from ..runtime.model import (
    SHORT_ENTRY_FIRST,
    Cancelled,
    EmbeddedModel,
    Generated,
    ModelFormatError,
    OutOfTokens,
)

#: Whole strategies kept for the per-parameter requests of the same description.
WHOLE_CACHE = 32


def shipped_models() -> dict[str, Path]:
    """Models that ship with the package, by name."""
    root = Path(str(resources.files("strategy_lsp.generation").joinpath("models")))
    if not root.is_dir():
        return {}
    return {p.name: p for p in sorted(root.iterdir()) if (p / "config.json").is_file()}


class EmbeddedBackend:
    name = "embedded"
    #: greedy, and reads only the first turn: a retry would write the same answer
    deterministic = True

    def __init__(self, models: dict[str, Path] | None = None) -> None:
        self._paths = dict(shipped_models() if models is None else models)
        self._loaded: dict[str, EmbeddedModel] = {}
        self._loading = threading.Lock()
        self._wholes: OrderedDict[tuple[str, str], asyncio.Task[Generated]] = OrderedDict()

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
        # the first turn is the prompt; a retry appends turns that this model was not
        # trained to read, and greedy decoding would answer the same anyway
        prompt = request.messages[0].content
        started = time.perf_counter()
        parameter = request.parameter
        whole = parameter is not None and model.task == "whole"
        description = prompt.removeprefix(f"{parameter}: ") if whole else prompt
        notes: tuple[str, ...] = ()
        if whole or parameter in (None, "ticker"):
            found, inferred = model.ticker_reading(description)
            if not found:
                raise BadDescription(NO_TICKER)
            if inferred is not None:
                notes = (f"read {inferred[0]!r} as the ticker {inferred[1]}; write the symbol "
                         "in capitals if that is not the one meant",)
        confidence: dict[str, float]
        if parameter is not None and whole:
            result = await self._whole(request.model, model, description, request.max_tokens)
            code, stated = _library_sides(model, result.text,
                                          parameter_confidence(result.text, result.choices))
            text = _field_of(code, parameter, request.model)
            # a parameter the whole strategy leaves out was decided where the list ended
            confidence = {parameter: stated.get(parameter, 1.0)}
        else:
            result = await self._generate(model, prompt, request.grammar, request.max_tokens,
                                          request.model)
            text = result.text
            confidence = parameter_confidence(text, result.choices, parameter)
            if parameter is None:
                text, confidence = _library_sides(model, text, confidence)
        return Completion(text=text, model=request.model, backend=self.name,
                          seconds=time.perf_counter() - started,
                          prompt_tokens=result.prompt_tokens,
                          completion_tokens=result.completion_tokens, confidence=confidence,
                          notes=notes)

    async def _generate(self, model: EmbeddedModel, prompt: str, grammar: str,
                        max_tokens: int, name: str) -> Generated:
        cancel = threading.Event()
        try:
            return await asyncio.to_thread(model.generate, prompt, grammar, max_tokens, cancel)
        except asyncio.CancelledError:
            cancel.set()  # stop the worker thread at its next token
            raise
        except OutOfTokens as error:
            raise BackendFailed(f"embedded model {name}: {error}") from error
        except Cancelled as error:  # pragma: no cover - only after a cancel
            raise asyncio.CancelledError() from error

    async def _whole(self, name: str, model: EmbeddedModel, description: str,
                     max_tokens: int) -> Generated:
        """The whole strategy for a description, generated once for all its parameters."""
        key = (name, description)
        task = self._wholes.get(key)
        if task is None or (task.done() and (task.cancelled() or task.exception())):
            task = asyncio.ensure_future(self._generate(
                model, description, code_grammar(None), max(max_tokens, WHOLE_TOKENS), name))
            self._wholes[key] = task
            while len(self._wholes) > WHOLE_CACHE:
                self._wholes.popitem(last=False)
        # several parameters wait on one generation: one caller's cancel must not stop it
        return await asyncio.shield(task)

    async def aclose(self) -> None:
        for task in self._wholes.values():
            task.cancel()
        self._wholes.clear()
        self._loaded.clear()


NO_TICKER = ("The description names no ticker the embedded model can read: write the symbol "
             "in capitals ('AAPL'), as a cashtag ('$aapl') or after 'ticker:'.")
#: Token budget of a whole strategy written to answer one parameter.
WHOLE_TOKENS = 400


def _field_of(code: str, parameter: str, model: str) -> str:
    """One parameter's answer, cut from a whole strategy the model wrote."""
    expr, problems = parse_expression(code)
    strategy = validate_strategy(expr, problems).repaired if expr is not None else None
    if not isinstance(strategy, Call):
        raise BackendFailed(f"embedded model {model} wrote a strategy that does not validate")
    return field_code(strategy, parameter)


def _library_sides(model: EmbeddedModel, code: str,
                   confidence: dict[str, float]) -> tuple[str, dict[str, float]]:
    """A whole strategy as the library means it. A model trained on generator-1 data wrote a
    short's entry as ``buy_condition``: its two conditions, and what the model was sure of
    in each, change places (:mod:`strategy_lsp.grammar.sides`)."""
    if model.short_sides != SHORT_ENTRY_FIRST:
        return code, confidence
    swapped, done = swap_short_sides_code(code)
    if not done:
        return code, confidence
    names = {BUY: SELL, SELL: BUY}
    return swapped, {names.get(k, k): v for k, v in confidence.items()}
