"""An in-process backend that answers from a script, for engine tests."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field

from strategy_lsp.generation import (
    BackendUnavailable,
    Completion,
    CompletionRequest,
    ModelNotFound,
)

Answer = str | Exception | Callable[[CompletionRequest], str]


@dataclass
class ScriptedBackend:
    """Answers per parameter (``None`` = whole strategy); lists are consumed in order."""

    answers: dict[str | None, Answer | list[Answer]]
    name: str = "scripted"
    delay: float = 0.0
    deterministic: bool = False
    models: set[str] | None = None
    requests: list[CompletionRequest] = field(default_factory=list)
    in_flight: int = 0
    peak_in_flight: int = 0
    closed: bool = False

    async def ensure_model(self, model: str) -> None:
        if self.models is not None and model not in self.models:
            raise ModelNotFound(model, f"Run: ollama pull {model}")

    async def complete(self, request: CompletionRequest) -> Completion:
        self.requests.append(request)
        self.in_flight += 1
        self.peak_in_flight = max(self.peak_in_flight, self.in_flight)
        try:
            await asyncio.sleep(self.delay)
            answer = self.answers.get(request.parameter)
            if isinstance(answer, list):
                answer = answer.pop(0) if len(answer) > 1 else answer[0]
            if answer is None:
                raise BackendUnavailable("nothing scripted")
            if isinstance(answer, Exception):
                raise answer
            text = answer(request) if callable(answer) else answer
            return Completion(text=text, model=request.model, backend=self.name,
                              seconds=self.delay)
        finally:
            self.in_flight -= 1

    async def aclose(self) -> None:
        self.closed = True
