"""The Ollama backend against a fake Ollama on loopback: what it sends, what it returns, and
the typed error for every way the server can fail."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import pytest

from strategy_lsp.generation import (
    Backend,
    BackendFailed,
    BackendTimeout,
    BackendUnavailable,
    CompletionRequest,
    Message,
    ModelNotFound,
    OutputFormat,
)
from strategy_lsp.generation.backends.ollama import OllamaBackend

from .fake_ollama import EVAL_COUNT, PROMPT_TOKENS, FakeOllama
from .fake_openai import FakeOpenAI
from .loopback import Fault

SCHEMA = {"type": "object", "properties": {"ticker": {"type": "string"}},
          "required": ["ticker"]}
MESSAGES = (Message("system", "Answer with the ticker."), Message("user", "Long AAPL on RSI."))
PROMPTLY = 5.0  # seconds: a generous bound for "returns promptly"


def request(model: str = "llama3.2:3b", **changes: object) -> CompletionRequest:
    fields: dict[str, object] = {"model": model, "messages": MESSAGES,
                                 "output": OutputFormat.JSON, "schema": SCHEMA,
                                 "parameter": "ticker", "max_tokens": 64, "timeout": 10.0}
    return CompletionRequest(**{**fields, **changes})  # type: ignore[arg-type]


@pytest.fixture
async def backend(fake_ollama: FakeOllama) -> AsyncIterator[OllamaBackend]:
    backend = OllamaBackend(fake_ollama.url)
    yield backend
    await backend.aclose()


# --- success ---------------------------------------------------------------------------


async def test_json_output_sends_the_schema_as_format_with_greedy_capped_options(
        backend: OllamaBackend, fake_ollama: FakeOllama) -> None:
    await backend.complete(request())
    [sent] = fake_ollama.bodies("/api/chat")
    assert sent["format"] == SCHEMA
    assert sent["options"] == {"temperature": 0, "num_predict": 64}
    assert sent["keep_alive"] == "10m"
    assert sent["stream"] is False
    assert sent["messages"] == [{"role": "system", "content": "Answer with the ticker."},
                                {"role": "user", "content": "Long AAPL on RSI."}]


async def test_json_output_returns_the_text_with_timing_and_token_counts(
        backend: OllamaBackend) -> None:
    completion = await backend.complete(request())
    assert completion.text == '{"ticker": "AAPL"}'
    assert (completion.model, completion.backend) == ("llama3.2:3b", "ollama")
    assert completion.prompt_tokens == PROMPT_TOKENS
    assert completion.completion_tokens == EVAL_COUNT
    assert 0 < completion.seconds < PROMPTLY


async def test_code_output_sends_no_format(backend: OllamaBackend,
                                           fake_ollama: FakeOllama) -> None:
    completion = await backend.complete(request("llama3.2:1b", output=OutputFormat.CODE,
                                                schema=None))
    [sent] = fake_ollama.bodies("/api/chat")
    assert "format" not in sent
    assert completion.text == "'AAPL'"


async def test_json_output_without_a_schema_asks_for_json_mode(
        backend: OllamaBackend, fake_ollama: FakeOllama) -> None:
    await backend.complete(request(schema=None))
    assert fake_ollama.bodies("/api/chat")[0]["format"] == "json"


async def test_request_options_are_merged_over_the_defaults(
        backend: OllamaBackend, fake_ollama: FakeOllama) -> None:
    await backend.complete(request(options={"num_ctx": 4096, "temperature": 0.2}))
    sent = fake_ollama.bodies("/api/chat")[0]["options"]
    assert sent == {"temperature": 0.2, "num_predict": 64, "num_ctx": 4096}


async def test_keep_alive_is_configurable(fake_ollama: FakeOllama) -> None:
    backend = OllamaBackend(fake_ollama.url, keep_alive="1h")
    await backend.complete(request())
    await backend.aclose()
    assert fake_ollama.bodies("/api/chat")[0]["keep_alive"] == "1h"


def test_backend_implements_the_backend_protocol() -> None:
    assert isinstance(OllamaBackend("http://127.0.0.1:9"), Backend)


# --- models ----------------------------------------------------------------------------


async def test_ensure_model_accepts_an_installed_model_and_asks_only_once(
        backend: OllamaBackend, fake_ollama: FakeOllama) -> None:
    await asyncio.gather(*(backend.ensure_model("llama3.2:1b") for _ in range(3)))
    await backend.ensure_model("llama3.2:1b")
    assert fake_ollama.bodies("/api/show") == [{"model": "llama3.2:1b"}]


async def test_ensure_model_raises_model_not_found_with_the_pull_command(
        backend: OllamaBackend) -> None:
    with pytest.raises(ModelNotFound) as error:
        await backend.ensure_model("qwen2.5:0.5b")
    assert error.value.model == "qwen2.5:0.5b"
    assert error.value.hint == "Run: ollama pull qwen2.5:0.5b"


async def test_completing_with_a_missing_model_raises_model_not_found(
        backend: OllamaBackend) -> None:
    with pytest.raises(ModelNotFound, match="ollama pull mistral"):
        await backend.complete(request("mistral"))


# --- where the server is ---------------------------------------------------------------


async def test_ollama_host_is_used_when_no_host_is_given(
        fake_ollama: FakeOllama, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OLLAMA_HOST", fake_ollama.url.removeprefix("http://"))
    backend = OllamaBackend()
    completion = await backend.complete(request())
    await backend.aclose()
    assert completion.text == '{"ticker": "AAPL"}'
    assert len(fake_ollama.bodies("/api/chat")) == 1


async def test_a_given_host_wins_over_ollama_host(
        fake_ollama: FakeOllama, refused_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OLLAMA_HOST", refused_url)
    backend = OllamaBackend(fake_ollama.url)
    await backend.complete(request())
    await backend.aclose()
    assert len(fake_ollama.bodies("/api/chat")) == 1


async def test_server_down_raises_unavailable_naming_the_host_and_how_to_start_it(
        refused_url: str) -> None:
    backend = OllamaBackend(refused_url)
    with pytest.raises(BackendUnavailable) as error:
        await backend.complete(request())
    with pytest.raises(BackendUnavailable):
        await backend.ensure_model("llama3.2:1b")
    await backend.aclose()
    message = str(error.value)
    assert refused_url in message
    assert "refused" in message.lower()
    assert "ollama serve" in message and "OLLAMA_HOST" in message


async def test_unknown_host_name_raises_unavailable() -> None:
    backend = OllamaBackend("http://no-such-host.invalid:11434")
    with pytest.raises(BackendUnavailable, match=r"no-such-host\.invalid"):
        await backend.complete(request())
    await backend.aclose()


async def test_a_server_that_is_not_ollama_raises_failed_asking_about_the_host(
        fake_openai: FakeOpenAI) -> None:
    backend = OllamaBackend(fake_openai.url)
    with pytest.raises(BackendFailed, match="is it an Ollama server"):
        await backend.complete(request())
    await backend.aclose()


def test_malformed_host_raises_unavailable() -> None:
    with pytest.raises(BackendUnavailable, match="not a valid address"):
        OllamaBackend("http://[::1")


async def test_a_host_with_an_unknown_scheme_raises_unavailable() -> None:
    backend = OllamaBackend("ftp://127.0.0.1:11434")
    with pytest.raises(BackendUnavailable, match="ftp"):
        await backend.complete(request())
    await backend.aclose()


# --- failures of a running server ------------------------------------------------------


async def test_slow_server_raises_timeout_with_the_seconds(
        backend: OllamaBackend, fake_ollama: FakeOllama) -> None:
    fake_ollama.delay = 30
    started = time.monotonic()
    with pytest.raises(BackendTimeout, match=r"within 0\.3 s"):
        await backend.complete(request(timeout=0.3))
    assert time.monotonic() - started < PROMPTLY


@pytest.mark.parametrize(("fault", "message"), [
    (Fault.HTTP_500, r"HTTP 500.*llama runner process has terminated"),  # the server's words
    (Fault.HTTP_400, r"HTTP 400.*llama runner process"),
    (Fault.MALFORMED_JSON, "not an Ollama answer"),
    (Fault.MISSING_FIELD, "message"),  # the field it lacks
    (Fault.DROP_CONNECTION, "broke off"),
])
async def test_a_faulty_answer_raises_failed_saying_what_was_wrong(
        backend: OllamaBackend, fake_ollama: FakeOllama, fault: Fault, message: str) -> None:
    fake_ollama.fault = fault
    with pytest.raises(BackendFailed, match=message):
        await backend.complete(request())


async def test_cancelling_a_slow_call_returns_promptly_and_hangs_up(
        backend: OllamaBackend, fake_ollama: FakeOllama) -> None:
    fake_ollama.delay = 30
    call = asyncio.create_task(backend.complete(request()))
    while not fake_ollama.requests:
        await asyncio.sleep(0.01)
    started = time.monotonic()
    call.cancel()
    with pytest.raises(asyncio.CancelledError):
        await call
    assert time.monotonic() - started < PROMPTLY
    assert await fake_ollama.wait_for_disconnect(within=PROMPTLY)
    assert asyncio.all_tasks() == {asyncio.current_task()}
