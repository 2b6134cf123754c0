"""The fake Ollama speaks the API as the official client reads it (so the backend tests mean
something): streamed and whole answers, model listing, and the error shapes."""

from __future__ import annotations

from collections.abc import AsyncIterator

import ollama
import pytest

from .fake_ollama import EVAL_COUNT, PROMPT_TOKENS, FakeOllama

USER = [{"role": "user", "content": "Which ticker?"}]


@pytest.fixture
async def client(fake_ollama: FakeOllama) -> AsyncIterator[ollama.AsyncClient]:
    async with ollama.AsyncClient(host=fake_ollama.url) as client:
        yield client


async def test_fake_streams_chat_as_ndjson_chunks_ending_with_the_counts(
        client: ollama.AsyncClient) -> None:
    chunks = [chunk async for chunk in await client.chat("llama3.2:3b", USER, stream=True)]
    assert len(chunks) > 2
    assert "".join(c.message.content or "" for c in chunks) == '{"ticker": "AAPL"}'
    assert [c.done for c in chunks] == [False] * (len(chunks) - 1) + [True]
    assert (chunks[-1].prompt_eval_count, chunks[-1].eval_count) == (PROMPT_TOKENS, EVAL_COUNT)


async def test_fake_generates_whole_and_streamed_answers(
        client: ollama.AsyncClient) -> None:
    whole = await client.generate("llama3.2:1b", "Which ticker?", stream=False)
    parts = [p.response or "" async for p in await client.generate("llama3.2:1b", "x", stream=True)]
    assert whole.response == "".join(parts) == "'AAPL'"
    assert whole.done and whole.eval_count == EVAL_COUNT


async def test_fake_lists_and_shows_installed_models_with_their_tags(
        client: ollama.AsyncClient) -> None:
    listed = await client.list()
    shown = await client.show("llama3.2:1b")
    assert sorted(m.model or "" for m in listed.models) == ["llama3.2:1b", "llama3.2:3b"]
    assert shown.capabilities == ["completion"]


async def test_fake_answers_an_unpulled_model_with_ollamas_404(
        client: ollama.AsyncClient) -> None:
    with pytest.raises(ollama.ResponseError) as chat_error:
        await client.chat("mistral", USER)
    with pytest.raises(ollama.ResponseError) as show_error:
        await client.show("mistral")
    assert chat_error.value.status_code == show_error.value.status_code == 404
    assert chat_error.value.error == 'model "mistral" not found, try pulling it first'
    assert show_error.value.error == "model 'mistral' not found"


async def test_fake_records_what_the_client_sent(
        client: ollama.AsyncClient, fake_ollama: FakeOllama) -> None:
    await client.chat("llama3.2:1b", USER, options={"seed": 1}, keep_alive="1m")
    [sent] = fake_ollama.bodies("/api/chat")
    assert sent["options"] == {"seed": 1}
    assert sent["keep_alive"] == "1m"
    assert sent["messages"] == USER
