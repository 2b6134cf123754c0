"""Backends that answer each prompt of a dataset with its reference completion, as a
perfect fine-tuned model would, optionally rewritten; in-process and over HTTP."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from aiohttp import web

from strategy_lsp.generation import CompletionRequest
from strategy_lsp.training.dataset import FIELDS

from ..generation.loopback import LoopbackServer
from ..generation.scripted import ScriptedBackend

#: ``rewrite(prompt, reference_completion) -> answer``
Rewrite = Callable[[str, str], str]


def reference_answers(root: Path, split: str = "test") -> dict[str, str]:
    """Prompt to completion over the whole and per-field files of a written dataset."""
    files = [root / "whole" / f"{split}.jsonl",
             *(root / "fields" / name / f"{split}.jsonl" for name in FIELDS)]
    answers: dict[str, str] = {}
    for path in files:
        for line in path.read_text("utf-8").splitlines():
            record = json.loads(line)
            answers[record["prompt"]] = record["completion"]
    return answers


def answer(answers: dict[str, str], prompt: str, rewrite: Rewrite | None = None) -> str:
    reference = answers[prompt]
    return rewrite(prompt, reference) if rewrite is not None else reference


def reference_backend(answers: dict[str, str], rewrite: Rewrite | None = None) -> ScriptedBackend:
    """A scripted backend answering every parameter (and whole strategies) from ``answers``."""
    def reply(request: CompletionRequest) -> str:
        return answer(answers, request.messages[0].content, rewrite)

    script: dict[str | None, Callable[[CompletionRequest], str]] = \
        {name: reply for name in (None, *FIELDS)}
    return ScriptedBackend(dict(script))


class ReferenceOpenAI(LoopbackServer):
    """An OpenAI-compatible server on loopback that serves one model answering from a dict."""

    def __init__(self, answers: dict[str, str], model: str = "reference") -> None:
        super().__init__()
        self.answers = answers
        self.model = model

    def routes(self) -> list[web.RouteDef]:
        return [web.get("/v1/models", self.models),
                web.post("/v1/chat/completions", self.chat_completions)]

    async def models(self, request: web.Request) -> web.StreamResponse:
        await self.receive(request)
        return web.json_response({"object": "list", "data": [
            {"id": self.model, "object": "model", "created": 0, "owned_by": "test"}]})

    async def chat_completions(self, request: web.Request) -> web.StreamResponse:
        body = await self.receive(request)
        prompt = body["messages"][0]["content"]
        return web.json_response({
            "id": "chatcmpl-1", "object": "chat.completion", "created": 0, "model": self.model,
            "choices": [{"index": 0, "finish_reason": "stop",
                         "message": {"role": "assistant", "content": answer(self.answers,
                                                                            prompt)}}]})
