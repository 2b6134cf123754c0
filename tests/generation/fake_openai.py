"""A fake OpenAI-compatible server on loopback, for the error paths a real one rarely shows.

``/v1/models`` and ``/v1/chat/completions`` with OpenAI's ``{"error": {"message": ...}}``
answers: 404 for a model it does not serve, 401 for a wrong API key (when ``api_key`` is
set), and, with ``rejects_response_format``, the 400 that servers without structured
outputs give.
"""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web

from .loopback import LoopbackServer

PROMPT_TOKENS = 31
COMPLETION_TOKENS = 5


class FakeOpenAI(LoopbackServer):
    def __init__(self, replies: dict[str, str]) -> None:
        super().__init__()
        self.replies = replies
        self.api_key: str | None = None
        self.rejects_response_format = False
        self.has_models_route = True

    def routes(self) -> list[web.RouteDef]:
        return [web.get("/v1/models", self.models),
                web.post("/v1/chat/completions", self.chat_completions)]

    async def models(self, request: web.Request) -> web.StreamResponse:
        await self.receive(request)
        if not self.has_models_route:
            return web.Response(status=404, text="Not Found")
        data = [{"id": name, "object": "model", "created": 0, "owned_by": "fake"}
                for name in self.replies]
        return web.json_response({"object": "list", "data": data})

    async def chat_completions(self, request: web.Request) -> web.StreamResponse:
        body = await self.receive(request)
        if self.api_key is not None and \
                request.headers.get("Authorization") != f"Bearer {self.api_key}":
            return _error(401, "Incorrect API key provided.", "invalid_request_error")
        if not isinstance(body, dict) or "messages" not in body:
            return _error(400, "'messages' is a required property", "invalid_request_error")
        if self.rejects_response_format and "response_format" in body:
            return _error(400, "Unsupported value: 'response_format.type' json_schema is not "
                          "supported by this server.", "invalid_request_error")
        model = body.get("model", "")
        text = self.replies.get(model)
        if text is None:
            return _error(404, f"The model `{model}` does not exist.", "NotFoundError")
        fault = self.faulty(request, json.dumps({"error": {"message": "CUDA out of memory",
                                                           "type": "server_error"}}),
                            {"id": "chatcmpl-1", "object": "chat.completion", "model": model})
        return fault or web.json_response({
            "id": "chatcmpl-1", "object": "chat.completion", "created": 0, "model": model,
            "choices": [{"index": 0, "finish_reason": "stop",
                         "message": {"role": "assistant", "content": text}}],
            "usage": {"prompt_tokens": PROMPT_TOKENS, "completion_tokens": COMPLETION_TOKENS,
                      "total_tokens": PROMPT_TOKENS + COMPLETION_TOKENS}})


def _error(status: int, message: str, kind: str) -> web.Response:
    body: dict[str, Any] = {"error": {"message": message, "type": kind, "param": None,
                                      "code": None}}
    return web.json_response(body, status=status)
