"""Deadlines and transport failures of the server backends, as typed generation errors.

Both server backends speak HTTP through httpx (Ollama's official client wraps it), so a
refused connection, a deadline and a dropped connection read the same whichever server it is.
"""

from __future__ import annotations

import asyncio
import os
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from pydantic import ValidationError

from ..errors import BackendFailed, BackendTimeout, BackendUnavailable


@asynccontextmanager
async def server_call(server: str, seconds: float, start_hint: str) -> AsyncIterator[None]:
    """Run the body within ``seconds`` and turn transport failures into generation errors.

    ``server`` names the server in messages ("Ollama at http://127.0.0.1:11434");
    ``start_hint`` tells the user how to start it or point us elsewhere. Cancellation of the
    caller passes through untouched: it aborts the HTTP request and closes its connection.

    Example::

        async with server_call("Ollama at http://127.0.0.1:11434", 60, "Run: ollama serve"):
            response = await client.chat(...)
    """
    try:
        async with asyncio.timeout(seconds):
            yield
    except TimeoutError as error:
        raise BackendTimeout(f"{server} did not answer within {seconds:g} s.") from error
    except httpx.UnsupportedProtocol as error:
        raise BackendUnavailable(f"Cannot reach {server}: {describe(error)} {start_hint}") \
            from error
    except (httpx.ConnectError, httpx.ConnectTimeout, ConnectionError) as error:
        raise BackendUnavailable(
            f"Cannot reach {server} ({connect_reason(error)}). {start_hint}") from error
    except httpx.TimeoutException as error:
        raise BackendTimeout(f"{server} did not answer within {seconds:g} s "
                             f"({type(error).__name__}).") from error
    except httpx.TransportError as error:
        raise BackendFailed(f"{server} broke off the exchange ({describe(error)}); "
                            "it may have crashed: check its log.") from error


def connect_reason(error: BaseException) -> str:
    """Why a connection failed, in a few words ("Connection refused").

    The words sit at the bottom of the chain of causes (httpx, then httpcore, then anyio's
    "All connection attempts failed", then the socket error); Ollama's client adds a
    generic ``ConnectionError`` on top.
    """
    if isinstance(error, httpx.ConnectTimeout):
        return "no answer to the connection attempt"
    found: BaseException | None = error
    for _ in range(10):  # the chain is short; the bound only guards against a cycle
        if found is None:
            break
        if isinstance(found, socket.gaierror) and found.strerror:
            return found.strerror
        if isinstance(found, OSError) and found.errno and found.errno > 0:
            return os.strerror(found.errno)
        found = found.__cause__ or found.__context__
    return describe(error)


def describe(error: BaseException) -> str:
    """An error in one line; for pydantic's, the first field at fault and why."""
    if isinstance(error, ValidationError) and error.errors():
        problem = error.errors()[0]
        where = ".".join(str(part) for part in problem["loc"]) or "the body"
        return f"{where}: {problem['msg']}"
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__
