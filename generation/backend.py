"""The small async interface every backend implements."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol, runtime_checkable


class OutputFormat(StrEnum):
    """What the model is asked to write."""

    JSON = "json"  # schema-shaped data (structured outputs), for base models
    CODE = "code"  # the inline code form, for models fine-tuned on our dataset


@dataclass(frozen=True)
class Message:
    role: str  # "system", "user" or "assistant"
    content: str


@dataclass(frozen=True)
class CompletionRequest:
    """One call to a model.

    ``parameter`` is the Strategy parameter asked for (``None`` for a whole strategy); it lets
    the embedded backend pick its grammar. ``schema`` constrains JSON output on servers that
    support structured outputs; ``grammar`` constrains code output where a token mask runs.
    """

    model: str
    messages: tuple[Message, ...]
    output: OutputFormat = OutputFormat.CODE
    parameter: str | None = None
    schema: dict[str, Any] | None = None
    grammar: str | None = None
    max_tokens: int = 512
    timeout: float = 60.0
    options: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Completion:
    text: str
    model: str
    backend: str
    seconds: float
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    #: per Strategy parameter in the answer, the lowest probability the model gave one of
    #: its own decisions in that parameter's code (:func:`.output.parameter_confidence`);
    #: None where the backend does not say
    confidence: Mapping[str, float] | None = None
    #: what the user should know about how the description was read ("read 'aapl' as the
    #: ticker AAPL")
    notes: tuple[str, ...] = ()


@runtime_checkable
class Backend(Protocol):
    """A source of completions. Implementations raise :mod:`~.errors` types, never others.

    A backend may also set ``deterministic = True`` when the same request always gets the
    same answer (greedy decoding that cannot read the errors fed back); the generator then
    does not retry an invalid answer, since the retry would only repeat it.
    """

    name: str

    async def complete(self, request: CompletionRequest) -> Completion:
        """Generate a completion, honouring ``request.timeout``."""
        ...

    async def ensure_model(self, model: str) -> None:
        """Raise :class:`~.errors.ModelNotFound` (with the fix) if the model is missing."""
        ...

    async def aclose(self) -> None:
        ...
