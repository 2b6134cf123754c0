"""The Ollama backend: the official ``ollama`` client against Ollama's native ``/api/chat``.

JSON output uses structured outputs (``format=`` the request's JSON schema); sampling is
greedy (``temperature: 0``) and capped by ``num_predict``; ``keep_alive`` keeps the model
loaded between the per-parameter calls.

Example::

    backend = OllamaBackend()  # $OLLAMA_HOST, else http://127.0.0.1:11434
    await backend.ensure_model("llama3.2:3b")
    completion = await backend.complete(CompletionRequest(model="llama3.2:3b", messages=...))
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from typing import Any, Literal

import httpx
import ollama

from ..backend import Completion, CompletionRequest, OutputFormat
from ..errors import BackendFailed, BackendUnavailable, ModelNotFound
from .transport import describe, server_call

DEFAULT_HOST = "http://127.0.0.1:11434"
START_HINT = ("Start Ollama with `ollama serve` (or its desktop app), or point the ollama_host "
              "setting or OLLAMA_HOST at a running server.")

Format = Literal["", "json"] | dict[str, Any] | None


def resolve_host(host: str | None = None) -> str:
    """The host to use: the one given, else ``$OLLAMA_HOST``, else the local default."""
    return host or os.environ.get("OLLAMA_HOST") or DEFAULT_HOST


class OllamaBackend:
    """Completions from an Ollama server. Every failure is raised as a generation error.

    ``timeout`` bounds :meth:`ensure_model` (a completion uses its request's timeout);
    ``connect_timeout`` bounds opening a connection, so an unreachable host reads as
    unavailable rather than slow.
    """

    name = "ollama"

    def __init__(self, host: str | None = None, *, keep_alive: str | float = "10m",
                 timeout: float = 30.0, connect_timeout: float = 5.0) -> None:
        self.host = resolve_host(host)
        self.keep_alive = keep_alive
        self.timeout = timeout
        self._present: set[str] = set()
        self._checks: dict[str, asyncio.Lock] = {}
        try:
            self._client = ollama.AsyncClient(
                host=self.host, timeout=httpx.Timeout(None, connect=connect_timeout))
        except (ValueError, httpx.InvalidURL) as error:
            raise BackendUnavailable(f"The Ollama host {self.host!r} is not a valid address "
                                     f"({error}). {START_HINT}") from error

    async def complete(self, request: CompletionRequest) -> Completion:
        """One chat completion; structured output when ``request.output`` is JSON."""
        started = time.perf_counter()
        async with self._call(request.model, request.timeout):
            response = await self._client.chat(
                model=request.model,
                messages=[{"role": m.role, "content": m.content} for m in request.messages],
                format=_format(request),
                options=chat_options(request.max_tokens, request.options),
                keep_alive=self.keep_alive,
                stream=False,
            )
        content = response.message.content
        if content is None:
            raise BackendFailed(f"Ollama at {self.host} answered without message content.")
        return Completion(text=content, model=response.model or request.model,
                          backend=self.name, seconds=time.perf_counter() - started,
                          prompt_tokens=response.prompt_eval_count,
                          completion_tokens=response.eval_count)

    async def ensure_model(self, model: str) -> None:
        """Raise :class:`ModelNotFound` with the ``ollama pull`` command if it is missing.

        A positive answer is remembered; concurrent checks of one model share one request.
        """
        if model in self._present:
            return
        async with self._checks.setdefault(model, asyncio.Lock()):
            if model in self._present:
                return
            async with self._call(model, self.timeout):
                await self._client.show(model)
            self._present.add(model)

    async def aclose(self) -> None:
        await self._client.close()  # type: ignore[no-untyped-call]  # untyped in ollama 0.6

    @asynccontextmanager
    async def _call(self, model: str, seconds: float) -> AsyncIterator[None]:
        """A deadline, transport failures and Ollama's error answers, as generation errors."""
        server = f"Ollama at {self.host}"
        try:
            async with server_call(server, seconds, START_HINT):
                yield
        except ollama.ResponseError as answer:
            raise response_error(server, model, answer) from answer
        except (ValueError, TypeError, ollama.RequestError) as bad:
            # A body that is not JSON, or JSON without the fields of an answer (pydantic's
            # ValidationError is a ValueError).
            raise BackendFailed(f"{server} sent something that is not an Ollama answer: "
                                f"{describe(bad)}") from bad


def response_error(server: str, model: str, answer: ollama.ResponseError) -> Exception:
    """The generation error for one of Ollama's ``{"error": "..."}`` answers."""
    message = str(answer.error).strip() or "no message"
    if answer.status_code == 404:
        if "model" in message.lower():
            return ModelNotFound(model, f"Run: ollama pull {model}")
        return BackendFailed(f"{server} answered HTTP 404 ({message}); is it an Ollama "
                             "server? Check the ollama_host setting or OLLAMA_HOST.")
    status = f"HTTP {answer.status_code}" if answer.status_code > 0 else "mid-answer"
    return BackendFailed(f"{server} failed ({status}): {message}")


def chat_options(max_tokens: int, extra: Mapping[str, Any]) -> dict[str, Any]:
    """Greedy sampling capped at ``max_tokens``; the request's own options win."""
    return {"temperature": 0, "num_predict": max_tokens, **extra}


def _format(request: CompletionRequest) -> Format:
    if request.output is not OutputFormat.JSON:
        return None
    return request.schema if request.schema is not None else "json"

