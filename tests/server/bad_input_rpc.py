"""Raw JSON-RPC over the test client's pipe, for messages its typed API refuses to build
(negative positions, missing fields, wrong types, bodies that are not JSON).

Requests are written straight to the server's stdin; their answers come back through the
client's own reader, which resolves the future registered under the request's id.
"""

from __future__ import annotations

import asyncio
import itertools
import json
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any

from pygls.exceptions import JsonRpcException
from pytest_lsp import LanguageClient

#: JSON-RPC error codes a client mistake may be answered with.
INVALID_REQUEST = -32600
METHOD_NOT_FOUND = -32601
INVALID_PARAMS = -32602
INTERNAL_ERROR = -32603
CLIENT_MISTAKE_CODES = frozenset({INVALID_REQUEST, METHOD_NOT_FOUND, INVALID_PARAMS})

_ids = itertools.count(1)


@dataclass(frozen=True)
class Answer:
    """What came back for one request: a result, or a JSON-RPC error."""

    msg_id: str
    method: str
    params: Any
    result: Any = None
    error: JsonRpcException | None = None

    @property
    def code(self) -> int | None:
        return None if self.error is None else self.error.code

    def describe(self) -> str:
        outcome = f"error {self.code} {self.error}" if self.error else "a result"
        return f"{self.method} {json.dumps(self.params)[:160]} → {outcome}"


@dataclass
class Pending:
    msg_id: str
    method: str
    params: Any
    future: Future[Any]


class RawChannel:
    """Write JSON-RPC messages as bytes; collect the answers to the requests."""

    def __init__(self, client: LanguageClient) -> None:
        self._client = client
        self.pending: list[Pending] = []

    def _write(self, body: bytes) -> None:
        writer = self._client.protocol.writer
        assert writer is not None, "the client is not connected"
        writer.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def send_body(self, body: bytes) -> None:
        """One framed message with an arbitrary body (not necessarily JSON)."""
        self._write(body)

    def notify(self, method: str, params: Any) -> None:
        self._write(json.dumps({"jsonrpc": "2.0", "method": method, "params": params})
                    .encode())

    def request(self, method: str, params: Any, *, with_params: bool = True) -> Pending:
        msg_id = f"bad-input-{next(_ids)}"
        future: Future[Any] = Future()
        # the client's reader resolves this future when the answer with this id arrives
        self._client.protocol._request_futures[msg_id] = future
        message: dict[str, Any] = {"jsonrpc": "2.0", "id": msg_id, "method": method}
        if with_params:
            message["params"] = params
        self._write(json.dumps(message).encode())
        pending = Pending(msg_id, method, params, future)
        self.pending.append(pending)
        return pending

    async def answers(self, timeout: float = 10.0) -> tuple[list[Answer], list[Pending]]:
        """Wait for every request sent so far: the answers, and the requests that got none
        within ``timeout`` seconds."""
        waiting = {asyncio.wrap_future(p.future): p for p in self.pending}
        self.pending = []
        if waiting:
            await asyncio.wait(waiting, timeout=timeout)
        answered, unanswered = [], []
        for future, pending in waiting.items():
            if not future.done():
                # forget it, so that a late answer is ignored rather than resolving it
                self._client.protocol._request_futures.pop(pending.msg_id, None)
                unanswered.append(pending)
            elif isinstance(future.exception(), JsonRpcException):
                error = future.exception()
                assert isinstance(error, JsonRpcException)
                answered.append(Answer(pending.msg_id, pending.method, pending.params,
                                       error=error))
            elif future.exception() is not None:
                raise AssertionError(f"{pending.method}: {future.exception()!r}")
            else:
                answered.append(Answer(pending.msg_id, pending.method, pending.params,
                                       future.result()))
        return answered, unanswered
