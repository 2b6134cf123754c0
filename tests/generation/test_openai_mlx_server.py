"""The OpenAI-compatible backend against a real ``mlx_lm.server`` on loopback, serving a tiny
random model built offline in a temporary folder. The model writes gibberish, so the tests
check the shape of what comes back, not its content."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from strategy_lsp.generation import CompletionRequest, Message, ModelNotFound, OutputFormat
from strategy_lsp.generation.backends.openai_compat import OpenAIBackend

from .tiny_model import build_tiny_model

SKIP = "mlx is not importable; install it with: pip install 'mlx[cpu]' mlx-lm"
pytest.importorskip("mlx.core", reason=SKIP)
pytest.importorskip("mlx_lm", reason=SKIP)

STARTUP_SECONDS = 45.0
MESSAGES = (Message("system", "Answer with the ticker."), Message("user", "Long AAPL on RSI."))


@dataclass(frozen=True)
class MlxServer:
    url: str
    model: str  # the id the server lists: the model folder's resolved path


@pytest.fixture(scope="module")
def mlx_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MlxServer]:
    root = tmp_path_factory.mktemp("mlx-server")
    model = build_tiny_model(root / "tiny").resolve()
    hub = root / "hf-cache" / "hub"
    hub.mkdir(parents=True)  # the server scans it for /v1/models and fails if it is missing
    env = {**os.environ, "HF_HOME": str(hub.parent), "HF_HUB_CACHE": str(hub),
           "HF_HUB_OFFLINE": "1"}
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log_path = root / "server.log"
    with log_path.open("w") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "mlx_lm", "server", "--model", str(model),
             "--host", "127.0.0.1", "--port", str(port), "--max-tokens", "16"],
            stdout=log, stderr=subprocess.STDOUT, env=env)
        try:
            _wait_until_healthy(url, server, log_path)
            yield MlxServer(url, str(model))
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


@pytest.fixture
async def backend(mlx_server: MlxServer) -> AsyncIterator[OpenAIBackend]:
    backend = OpenAIBackend(mlx_server.url + "/v1")
    yield backend
    await backend.aclose()


async def test_mlx_server_serves_a_well_formed_completion(
        backend: OpenAIBackend, mlx_server: MlxServer) -> None:
    await backend.ensure_model(mlx_server.model)
    completion = await backend.complete(CompletionRequest(
        model=mlx_server.model, messages=MESSAGES, output=OutputFormat.CODE, max_tokens=8,
        timeout=30))
    assert isinstance(completion.text, str)
    assert (completion.model, completion.backend) == (mlx_server.model, "openai")
    assert completion.prompt_tokens is not None and completion.prompt_tokens > 0
    assert completion.completion_tokens is not None and 1 <= completion.completion_tokens <= 8
    assert completion.seconds > 0


async def test_mlx_server_answers_json_requests_though_it_ignores_the_schema(
        backend: OpenAIBackend, mlx_server: MlxServer) -> None:
    completion = await backend.complete(CompletionRequest(
        model=mlx_server.model, messages=MESSAGES, output=OutputFormat.JSON,
        schema={"type": "object"}, parameter="ticker", max_tokens=4, timeout=30))
    assert isinstance(completion.text, str)
    assert backend.structured_outputs  # it did not refuse response_format, so we keep asking


async def test_mlx_server_reports_an_unknown_model_with_the_served_one(
        backend: OpenAIBackend, mlx_server: MlxServer) -> None:
    with pytest.raises(ModelNotFound) as checked:
        await backend.ensure_model("no-such-model")
    with pytest.raises(ModelNotFound) as completed:
        await backend.complete(CompletionRequest(model="no-such-model", messages=MESSAGES,
                                                 max_tokens=4, timeout=30))
    assert mlx_server.model in checked.value.hint
    assert mlx_server.model in completed.value.hint


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _wait_until_healthy(url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"mlx_lm.server exited with {server.returncode}:\n{log.read_text()}")
        try:
            if httpx.get(url + "/health", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    pytest.fail(f"mlx_lm.server did not start within {STARTUP_SECONDS:g} s:\n"
                f"{log.read_text()}")
