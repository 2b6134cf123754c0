"""A scriptable HTTP server on 127.0.0.1, for the server backends' tests.

It runs aiohttp on its own event loop in a thread, so the client under test has its loop to
itself (a test can check it leaves no task behind) and talks to a real socket. Subclasses
add routes; each test scripts the server through its attributes: ``delay`` before answering,
a ``fault`` to answer with, and reads back ``requests`` and ``disconnects``.
"""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Self

from aiohttp import web


class Fault(StrEnum):
    """Ways to answer a request other than well."""

    HTTP_400 = "http-400"  # the server refuses the request
    HTTP_500 = "http-500"  # the server fails
    MALFORMED_JSON = "malformed-json"  # status 200, the body cut off mid-object
    MISSING_FIELD = "missing-field"  # status 200, valid JSON without the answer's fields
    DROP_CONNECTION = "drop-connection"  # the connection closes with no answer


@dataclass(frozen=True)
class Received:
    """One request as the server saw it."""

    method: str
    path: str
    body: Any  # the parsed JSON body; None when there was none
    headers: dict[str, str]


class LoopbackServer:
    """Serves ``routes()`` on an ephemeral port of 127.0.0.1 while started."""

    def __init__(self) -> None:
        self.delay = 0.0
        self.fault: Fault | None = None
        self.requests: list[Received] = []
        self.disconnects = 0  # requests whose client hung up before the answer
        self.url = ""
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._runner: web.AppRunner | None = None

    def routes(self) -> list[web.RouteDef]:
        raise NotImplementedError

    # --- lifecycle (called from the test's thread) -------------------------------------

    def start(self) -> Self:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._serve(), self._loop).result(timeout=10)
        return self

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self._shutdown(), self._loop).result(timeout=10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop.close()

    def bodies(self, path: str) -> list[Any]:
        """The JSON bodies received on ``path``, oldest first."""
        return [r.body for r in self.requests if r.path == path]

    async def wait_for_disconnect(self, within: float = 5.0) -> bool:
        """Whether a client hangs up on a pending answer within ``within`` seconds."""
        deadline = time.monotonic() + within
        while self.disconnects == 0 and time.monotonic() < deadline:
            await asyncio.sleep(0.01)
        return self.disconnects > 0

    # --- helpers for the routes (run on the server's loop) -----------------------------

    async def receive(self, request: web.Request) -> Any:
        """Record the request and wait out ``delay``; returns the JSON body, if any."""
        raw = await request.read()
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = None
        self.requests.append(Received(request.method, request.path, body,
                                      dict(request.headers)))
        try:
            await asyncio.sleep(self.delay)
        except asyncio.CancelledError:  # aiohttp cancels the handler when the client leaves
            self.disconnects += 1
            raise
        return body

    def faulty(self, request: web.Request, error: str,
               missing: dict[str, Any]) -> web.StreamResponse | None:
        """The answer ``fault`` calls for, or ``None`` to answer normally.

        ``error`` is the body of an error answer in the server's shape; ``missing`` a 200
        body without the fields a client needs.
        """
        if self.fault is Fault.HTTP_400:
            return web.Response(status=400, text=error, content_type="application/json")
        if self.fault is Fault.HTTP_500:
            return web.Response(status=500, text=error, content_type="application/json")
        if self.fault is Fault.MALFORMED_JSON:
            return web.Response(text='{"model": "m", "message": {"content": ',
                                content_type="application/json")
        if self.fault is Fault.MISSING_FIELD:
            return web.json_response(missing)
        if self.fault is Fault.DROP_CONNECTION:
            assert request.transport is not None
            request.transport.abort()  # reset: the client reads end of stream, no answer
            raise asyncio.CancelledError
        return None

    async def _serve(self) -> None:
        app = web.Application()
        app.add_routes(self.routes())
        self._runner = web.AppRunner(app, handler_cancellation=True, access_log=None)
        await self._runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
        await web.SockSite(self._runner, sock).start()
        self.url = f"http://127.0.0.1:{port}"

    async def _shutdown(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()


def closed_port() -> tuple[socket.socket, int]:
    """A port bound on 127.0.0.1 but not listening: connecting to it is refused.

    Keep the socket open for as long as the port must stay refused.
    """
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    return sock, sock.getsockname()[1]
