"""Fixtures for the server backends: fake servers on loopback and a port nobody listens on."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .fake_ollama import FakeOllama
from .fake_openai import FakeOpenAI
from .loopback import closed_port

OLLAMA_REPLIES = {"llama3.2:1b": "'AAPL'", "llama3.2:3b": '{"ticker": "AAPL"}'}
OPENAI_REPLIES = {"tiny-model": '{"ticker": "AAPL"}', "coder": "'AAPL'"}


@pytest.fixture
def fake_ollama() -> Iterator[FakeOllama]:
    server = FakeOllama(dict(OLLAMA_REPLIES)).start()
    yield server
    server.stop()


@pytest.fixture
def fake_openai() -> Iterator[FakeOpenAI]:
    server = FakeOpenAI(dict(OPENAI_REPLIES)).start()
    yield server
    server.stop()


@pytest.fixture
def refused_url() -> Iterator[str]:
    """The URL of a loopback port where connections are refused."""
    sock, port = closed_port()
    yield f"http://127.0.0.1:{port}"
    sock.close()
