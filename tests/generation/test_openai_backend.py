"""The OpenAI-compatible backend against a scripted server on loopback: what it sends, the
structured-outputs fallback, and the typed error for every way the server can fail."""

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
from strategy_lsp.generation.backends.openai_compat import OpenAIBackend, root_url

from .fake_openai import COMPLETION_TOKENS, PROMPT_TOKENS, FakeOpenAI
from .loopback import Fault

SCHEMA = {"type": "object", "properties": {"ticker": {"type": "string"}},
          "required": ["ticker"]}
MESSAGES = (Message("system", "Answer with the ticker."), Message("user", "Long AAPL on RSI."))
CHAT = "/v1/chat/completions"
PROMPTLY = 5.0  # seconds: a generous bound for "returns promptly"


def request(model: str = "tiny-model", **changes: object) -> CompletionRequest:
    fields: dict[str, object] = {"model": model, "messages": MESSAGES,
                                 "output": OutputFormat.JSON, "schema": SCHEMA,
                                 "parameter": "ticker", "max_tokens": 64, "timeout": 10.0}
    return CompletionRequest(**{**fields, **changes})  # type: ignore[arg-type]


@pytest.fixture
async def backend(fake_openai: FakeOpenAI) -> AsyncIterator[OpenAIBackend]:
    backend = OpenAIBackend(fake_openai.url)
    yield backend
    await backend.aclose()


# --- success ---------------------------------------------------------------------------


async def test_json_output_sends_the_schema_as_response_format_with_greedy_capped_sampling(
        backend: OpenAIBackend, fake_openai: FakeOpenAI) -> None:
    await backend.complete(request())
    [sent] = fake_openai.bodies(CHAT)
    assert sent["response_format"] == {"type": "json_schema",
                                       "json_schema": {"name": "ticker", "schema": SCHEMA}}
    assert (sent["temperature"], sent["max_tokens"], sent["stream"]) == (0, 64, False)
    assert sent["messages"] == [{"role": "system", "content": "Answer with the ticker."},
                                {"role": "user", "content": "Long AAPL on RSI."}]


async def test_completion_carries_text_timing_and_token_counts(backend: OpenAIBackend) -> None:
    completion = await backend.complete(request())
    assert completion.text == '{"ticker": "AAPL"}'
    assert (completion.model, completion.backend) == ("tiny-model", "openai")
    assert (completion.prompt_tokens, completion.completion_tokens) == \
        (PROMPT_TOKENS, COMPLETION_TOKENS)
    assert 0 < completion.seconds < PROMPTLY


async def test_code_output_sends_no_response_format(backend: OpenAIBackend,
                                                    fake_openai: FakeOpenAI) -> None:
    completion = await backend.complete(request("coder", output=OutputFormat.CODE,
                                                schema=None))
    assert "response_format" not in fake_openai.bodies(CHAT)[0]
    assert completion.text == "'AAPL'"


async def test_structured_outputs_can_be_switched_off(fake_openai: FakeOpenAI) -> None:
    backend = OpenAIBackend(fake_openai.url, structured_outputs=False)
    await backend.complete(request())
    await backend.aclose()
    assert "response_format" not in fake_openai.bodies(CHAT)[0]


async def test_request_options_are_sent_as_body_fields(backend: OpenAIBackend,
                                                       fake_openai: FakeOpenAI) -> None:
    await backend.complete(request(options={"seed": 7, "temperature": 0.3}))
    sent = fake_openai.bodies(CHAT)[0]
    assert (sent["seed"], sent["temperature"]) == (7, 0.3)


@pytest.mark.parametrize("suffix", ["", "/", "/v1", "/v1/"])
async def test_base_url_works_with_or_without_v1(fake_openai: FakeOpenAI, suffix: str) -> None:
    backend = OpenAIBackend(fake_openai.url + suffix)
    await backend.complete(request())
    await backend.aclose()
    assert [r.path for r in fake_openai.requests] == [CHAT]


def test_root_url_drops_only_a_trailing_v1_and_defaults_to_http() -> None:
    assert root_url("http://h:8080/proxy/v1/") == "http://h:8080/proxy"
    assert root_url("http://h:8080/v10") == "http://h:8080/v10"
    assert root_url("localhost:8080/v1") == "http://localhost:8080"


async def test_concurrent_model_checks_share_one_request(
        backend: OpenAIBackend, fake_openai: FakeOpenAI) -> None:
    await asyncio.gather(*(backend.ensure_model("coder") for _ in range(5)))
    assert [r.path for r in fake_openai.requests] == ["/v1/models"]


async def test_api_key_is_sent_as_a_bearer_token(fake_openai: FakeOpenAI) -> None:
    fake_openai.api_key = "sk-test"
    backend = OpenAIBackend(fake_openai.url, api_key="sk-test")
    await backend.complete(request())
    await backend.aclose()
    assert fake_openai.requests[0].headers["Authorization"] == "Bearer sk-test"


async def test_no_api_key_sends_no_authorization(backend: OpenAIBackend,
                                                 fake_openai: FakeOpenAI) -> None:
    await backend.complete(request())
    assert "Authorization" not in fake_openai.requests[0].headers


async def test_wrong_api_key_raises_failed_saying_so(fake_openai: FakeOpenAI) -> None:
    fake_openai.api_key = "sk-right"
    backend = OpenAIBackend(fake_openai.url, api_key="sk-wrong")
    with pytest.raises(BackendFailed, match=r"HTTP 401.*Check the API key"):
        await backend.complete(request())
    await backend.aclose()


def test_backend_implements_the_backend_protocol() -> None:
    assert isinstance(OpenAIBackend("http://127.0.0.1:9"), Backend)


# --- servers without structured outputs --------------------------------------------------


async def test_a_refused_response_format_is_retried_once_without_it_and_remembered(
        backend: OpenAIBackend, fake_openai: FakeOpenAI) -> None:
    fake_openai.rejects_response_format = True
    first = await backend.complete(request())
    await backend.complete(request())
    sent = fake_openai.bodies(CHAT)
    assert ["response_format" in body for body in sent] == [True, False, False]
    assert first.text == '{"ticker": "AAPL"}'


async def test_a_400_about_something_else_is_not_retried(
        backend: OpenAIBackend, fake_openai: FakeOpenAI) -> None:
    fake_openai.fault = Fault.HTTP_400
    with pytest.raises(BackendFailed, match="HTTP 400"):
        await backend.complete(request())
    assert len(fake_openai.bodies(CHAT)) == 1


# --- models ----------------------------------------------------------------------------


async def test_ensure_model_accepts_a_served_model_and_asks_only_once(
        backend: OpenAIBackend, fake_openai: FakeOpenAI) -> None:
    await backend.ensure_model("tiny-model")
    await backend.ensure_model("tiny-model")
    assert [r.path for r in fake_openai.requests] == ["/v1/models"]


async def test_ensure_model_raises_model_not_found_listing_the_served_models(
        backend: OpenAIBackend) -> None:
    with pytest.raises(ModelNotFound) as error:
        await backend.ensure_model("llama3.2:3b")
    assert error.value.model == "llama3.2:3b"
    assert "serves: tiny-model, coder" in error.value.hint


async def test_ensure_model_trusts_a_server_without_a_models_route(
        backend: OpenAIBackend, fake_openai: FakeOpenAI) -> None:
    fake_openai.has_models_route = False
    await backend.ensure_model("anything")
    assert [r.path for r in fake_openai.requests] == ["/v1/models"]


async def test_completing_with_an_unserved_model_raises_model_not_found(
        backend: OpenAIBackend) -> None:
    with pytest.raises(ModelNotFound, match="serves: tiny-model, coder"):
        await backend.complete(request("llama3.2:3b"))


# --- failures --------------------------------------------------------------------------


async def test_server_down_raises_unavailable_naming_the_url(refused_url: str) -> None:
    backend = OpenAIBackend(refused_url + "/v1")
    with pytest.raises(BackendUnavailable) as error:
        await backend.complete(request())
    with pytest.raises(BackendUnavailable):
        await backend.ensure_model("tiny-model")
    await backend.aclose()
    assert refused_url in str(error.value)
    assert "Connection refused" in str(error.value)
    assert "openai_base_url" in str(error.value)


async def test_slow_server_raises_timeout_with_the_seconds(
        backend: OpenAIBackend, fake_openai: FakeOpenAI) -> None:
    fake_openai.delay = 30
    started = time.monotonic()
    with pytest.raises(BackendTimeout, match=r"within 0\.3 s"):
        await backend.complete(request(timeout=0.3))
    assert time.monotonic() - started < PROMPTLY


@pytest.mark.parametrize(("fault", "message"), [
    (Fault.HTTP_500, r"HTTP 500\): CUDA out of memory"),  # the server's words
    (Fault.MALFORMED_JSON, "not an OpenAI answer"),
    (Fault.MISSING_FIELD, "choices: Field required"),  # the field it lacks
    (Fault.DROP_CONNECTION, "broke off"),
])
async def test_a_faulty_answer_raises_failed_saying_what_was_wrong(
        backend: OpenAIBackend, fake_openai: FakeOpenAI, fault: Fault, message: str) -> None:
    fake_openai.fault = fault
    with pytest.raises(BackendFailed, match=message):
        await backend.complete(request())


async def test_cancelling_a_slow_call_returns_promptly_and_hangs_up(
        backend: OpenAIBackend, fake_openai: FakeOpenAI) -> None:
    fake_openai.delay = 30
    call = asyncio.create_task(backend.complete(request()))
    while not fake_openai.requests:
        await asyncio.sleep(0.01)
    started = time.monotonic()
    call.cancel()
    with pytest.raises(asyncio.CancelledError):
        await call
    assert time.monotonic() - started < PROMPTLY
    assert await fake_openai.wait_for_disconnect(within=PROMPTLY)
    assert asyncio.all_tasks() == {asyncio.current_task()}
