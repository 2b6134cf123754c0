"""The OpenAI-compatible backend: ``/v1/chat/completions`` on vLLM, llama.cpp's server,
LM Studio, mlx_lm.server and the like, through httpx.

JSON output asks for structured outputs (``response_format`` of type ``json_schema``) unless
``structured_outputs`` is off; a server that refuses the field with a 400 is asked again once
without it, and not asked with it again.

Example::

    backend = OpenAIBackend("http://127.0.0.1:8080")  # with or without the trailing /v1
    await backend.ensure_model("llama3.2:3b")
    completion = await backend.complete(CompletionRequest(model="llama3.2:3b", messages=...))
"""

from __future__ import annotations

import asyncio
import re
import time
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel, Field, ValidationError

from ..backend import Completion, CompletionRequest, OutputFormat
from ..errors import BackendFailed, ModelNotFound
from .transport import describe, server_call

CHAT_PATH = "/v1/chat/completions"
START_HINT = ("Start the server (e.g. `mlx_lm.server`, `llama-server` or `vllm serve`), or set "
              "openai_base_url to where it listens.")


class OpenAIBackend:
    """Completions from a server that speaks the OpenAI chat completions API.

    ``api_key`` is sent as a bearer token when given. ``structured_outputs`` turns itself
    off when the server refuses ``response_format``. ``timeout`` bounds
    :meth:`ensure_model` (a completion uses its request's timeout); ``connect_timeout``
    bounds opening a connection.
    """

    name = "openai"

    def __init__(self, base_url: str = "http://127.0.0.1:8080/v1", api_key: str | None = None,
                 *, structured_outputs: bool = True, timeout: float = 30.0,
                 connect_timeout: float = 5.0) -> None:
        self.base_url = root_url(base_url)
        self.structured_outputs = structured_outputs
        self.timeout = timeout
        self._server = f"the OpenAI-compatible server at {self.base_url}"
        self._present: set[str] = set()
        self._checks: dict[str, asyncio.Lock] = {}
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._client = httpx.AsyncClient(base_url=self.base_url, headers=headers,
                                         timeout=httpx.Timeout(None, connect=connect_timeout))

    async def complete(self, request: CompletionRequest) -> Completion:
        """One chat completion; structured output when asked for JSON with a schema."""
        started = time.perf_counter()
        async with server_call(self._server, request.timeout, START_HINT):
            body = chat_body(request, self.structured_outputs)
            response = await self._client.post(CHAT_PATH, json=body)
            if "response_format" in body and _refuses_response_format(response):
                self.structured_outputs = False  # this server will not take it: stop asking
                response = await self._client.post(CHAT_PATH, json=chat_body(request, False))
            if response.status_code == 404:
                await self._raise_not_found(request.model, response)
        answer = _parse(self._server, response, ChatCompletion)
        choice = answer.choices[0]
        if choice.message.content is None:
            raise BackendFailed(f"{self._server} answered without message content "
                                f"(finish_reason {choice.finish_reason!r}).")
        usage = answer.usage
        return Completion(text=choice.message.content, model=answer.model or request.model,
                          backend=self.name, seconds=time.perf_counter() - started,
                          prompt_tokens=usage.prompt_tokens if usage else None,
                          completion_tokens=usage.completion_tokens if usage else None)

    async def ensure_model(self, model: str) -> None:
        """Raise :class:`ModelNotFound`, listing the served models, if ``model`` is not one.

        A server without ``/v1/models`` is taken at its word. A positive answer is remembered;
        concurrent checks of one model share one request.
        """
        if model in self._present:
            return
        async with self._checks.setdefault(model, asyncio.Lock()):
            if model in self._present:
                return
            async with server_call(self._server, self.timeout, START_HINT):
                served = await self._served_models()
            if served is not None and model not in served:
                raise not_served(model, self.base_url, served)
            self._present.add(model)

    async def aclose(self) -> None:
        await self._client.aclose()

    async def _served_models(self) -> list[str] | None:
        """The ids ``GET /v1/models`` lists, or ``None`` where the server has no such route."""
        response = await self._client.get("/v1/models")
        if response.status_code in (404, 405, 501):
            return None
        return [entry.id for entry in _parse(self._server, response, ModelList).data]

    async def _raise_not_found(self, model: str, response: httpx.Response) -> None:
        message = error_message(response)
        served = await self._served_models()
        if served is None:
            raise BackendFailed(f"{self._server} answered 404 ({message}); is "
                                f"{self.base_url} the root of an OpenAI-compatible API?")
        if model not in served:
            raise not_served(model, self.base_url, served)
        raise BackendFailed(f"{self._server} failed (HTTP 404): {message}")


def root_url(base_url: str) -> str:
    """The server root: ``http://h:8080/v1/``, ``http://h:8080`` and ``h:8080`` all give
    ``http://h:8080``."""
    url = base_url.strip().rstrip("/")
    if "://" not in url:
        url = f"http://{url}"
    return re.sub(r"/v1$", "", url)


def chat_body(request: CompletionRequest, structured_outputs: bool) -> dict[str, Any]:
    """The JSON body of ``POST /v1/chat/completions``; ``request.options`` are merged in last."""
    body: dict[str, Any] = {
        "model": request.model,
        "messages": [{"role": m.role, "content": m.content} for m in request.messages],
        "temperature": 0,
        "max_tokens": request.max_tokens,
        "stream": False,
    }
    if structured_outputs and request.output is OutputFormat.JSON and request.schema is not None:
        name = re.sub(r"[^A-Za-z0-9_-]", "_", request.parameter or "strategy")
        body["response_format"] = {"type": "json_schema",
                                   "json_schema": {"name": name, "schema": request.schema}}
    return {**body, **request.options}


def not_served(model: str, base_url: str, served: list[str]) -> ModelNotFound:
    listing = ", ".join(served) if served else "no models"
    return ModelNotFound(model, f"The server at {base_url} serves: {listing}. Use one of "
                                "those names, or start the server with this model.")


def error_message(response: httpx.Response) -> str:
    """The server's own words from the error shapes in use: OpenAI's and llama.cpp's
    ``{"error": {"message": ...}}``, vLLM's older ``{"message": ...}``, mlx_lm's
    ``{"error": "..."}``, FastAPI's ``{"detail": ...}``; else the raw text."""
    try:
        data = response.json()
    except ValueError:
        return response.text.strip()[:500] or response.reason_phrase
    if isinstance(data, dict):
        error = data.get("error")
        if isinstance(error, dict) and error.get("message"):
            return str(error["message"])
        for found in (error, data.get("message"), data.get("detail")):
            if found:
                return str(found)
    return str(data)[:500]


def _refuses_response_format(response: httpx.Response) -> bool:
    return response.status_code in (400, 422) and \
        "response_format" in error_message(response).lower()


Answer = TypeVar("Answer", bound=BaseModel)


def _parse(server: str, response: httpx.Response, shape: type[Answer]) -> Answer:
    """The answer as ``shape``, or the generation error its status or body calls for."""
    if response.status_code in (401, 403):
        raise BackendFailed(f"{server} refused the request (HTTP {response.status_code}): "
                            f"{error_message(response)}. Check the API key.")
    if response.is_error:
        raise BackendFailed(f"{server} failed (HTTP {response.status_code}): "
                            f"{error_message(response)}")
    try:
        return shape.model_validate_json(response.content)
    except ValidationError as error:
        raise BackendFailed(f"{server} sent something that is not an OpenAI answer: "
                            f"{describe(error)}") from error


# --- the parts of the answers we read -----------------------------------------------------


class _Message(BaseModel):
    content: str | None = None


class _Choice(BaseModel):
    message: _Message
    finish_reason: str | None = None


class _Usage(BaseModel):
    prompt_tokens: int | None = None
    completion_tokens: int | None = None


class ChatCompletion(BaseModel):
    """The fields of a chat completion that we use."""

    model: str | None = None
    choices: list[_Choice] = Field(min_length=1)
    usage: _Usage | None = None


class _ModelEntry(BaseModel):
    id: str


class ModelList(BaseModel):
    """The answer to ``GET /v1/models``."""

    data: list[_ModelEntry]
