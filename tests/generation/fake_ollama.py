"""A fake Ollama server: the documented endpoints the official client uses, on loopback.

``/api/chat`` and ``/api/generate`` (one JSON object, or NDJSON chunks when ``stream`` is
true or absent, as Ollama does), ``/api/tags`` and ``/api/show``, with Ollama's
``{"error": "..."}`` answers: 404 for a model that is not pulled, 400 for a request without
a model. ``replies`` maps each installed model to the text it answers with.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from aiohttp import web

from .loopback import LoopbackServer

PROMPT_TOKENS = 26
EVAL_COUNT = 7


def full_name(model: str) -> str:
    """Ollama's canonical name: the tag defaults to ``latest``."""
    return model if ":" in model.rsplit("/", 1)[-1] else f"{model}:latest"


class FakeOllama(LoopbackServer):
    def __init__(self, replies: dict[str, str]) -> None:
        super().__init__()
        self.replies = replies

    def routes(self) -> list[web.RouteDef]:
        return [web.post("/api/chat", self.chat), web.post("/api/generate", self.generate),
                web.get("/api/tags", self.tags), web.post("/api/show", self.show),
                web.get("/", self.root)]

    def reply_for(self, model: str) -> str | None:
        installed = {full_name(name): text for name, text in self.replies.items()}
        return installed.get(full_name(model))

    # --- endpoints ----------------------------------------------------------------------

    async def root(self, request: web.Request) -> web.StreamResponse:
        return web.Response(text="Ollama is running")

    async def chat(self, request: web.Request) -> web.StreamResponse:
        return await self._answer(request, "message")

    async def generate(self, request: web.Request) -> web.StreamResponse:
        return await self._answer(request, "response")

    async def tags(self, request: web.Request) -> web.StreamResponse:
        await self.receive(request)
        models = [{"name": full_name(name), "model": full_name(name),
                   "modified_at": _now(), "size": 1_321_098_329, "digest": "0" * 64,
                   "details": _details()} for name in self.replies]
        return self.faulty(request, _error("internal error"), {}) or \
            web.json_response({"models": models})

    async def show(self, request: web.Request) -> web.StreamResponse:
        body = await self.receive(request) or {}
        model = body.get("model") or body.get("name") or ""
        if self.reply_for(model) is None:
            return _error_response(404, f"model '{model}' not found")
        return self.faulty(request, _error("internal error"), {"details": None}) or \
            web.json_response({
                "modelfile": f"FROM {full_name(model)}", "parameters": "", "template": "",
                "details": _details(), "capabilities": ["completion"],
                "model_info": {"general.architecture": "llama",
                               "general.parameter_count": 1_235_814_432},
                "modified_at": _now()})

    async def _answer(self, request: web.Request, field: str) -> web.StreamResponse:
        body = await self.receive(request)
        if not isinstance(body, dict):
            return _error_response(400, "invalid request body")
        model = body.get("model") or ""
        if not model:
            return _error_response(400, "model is required")
        text = self.reply_for(model)
        if text is None:
            return _error_response(404, f'model "{model}" not found, try pulling it first')
        fault = self.faulty(request, _error("llama runner process has terminated: exit status 2"),
                            {"model": model, "done": True})
        if fault is not None:
            return fault
        chunk = (lambda part: {"role": "assistant", "content": part}) if field == "message" \
            else (lambda part: part)
        final = {"model": model, "created_at": _now(), field: chunk(""), "done": True,
                 "done_reason": "stop", "total_duration": 5_191_566_416,
                 "load_duration": 2_154_458, "prompt_eval_count": PROMPT_TOKENS,
                 "prompt_eval_duration": 383_809_000, "eval_count": EVAL_COUNT,
                 "eval_duration": 4_799_921_000}
        if body.get("stream", True) is False:
            return web.json_response({**final, field: chunk(text)})
        stream = web.StreamResponse(headers={"Content-Type": "application/x-ndjson"})
        await stream.prepare(request)
        for start in range(0, len(text), 4):
            piece = {"model": model, "created_at": _now(), field: chunk(text[start:start + 4]),
                     "done": False}
            await stream.write(json.dumps(piece).encode() + b"\n")
        await stream.write(json.dumps(final).encode() + b"\n")
        await stream.write_eof()
        return stream


def _error(message: str) -> str:
    return json.dumps({"error": message})


def _error_response(status: int, message: str) -> web.Response:
    return web.Response(status=status, text=_error(message), content_type="application/json")


def _details() -> dict[str, Any]:
    return {"parent_model": "", "format": "gguf", "family": "llama", "families": ["llama"],
            "parameter_size": "1.2B", "quantization_level": "Q8_0"}


def _now() -> str:
    return datetime.now(UTC).isoformat()
