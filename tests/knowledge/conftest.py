"""Fixtures of the knowledge tests: a private cache folder per test, real chromadb in it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from strategy_lsp.knowledge import CACHE_ENV, KnowledgeBase


@pytest.fixture(autouse=True)
def cache_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own cache folder through the environment variable."""
    folder = tmp_path / "cache"
    monkeypatch.setenv(CACHE_ENV, str(folder))
    return folder


@pytest.fixture
def kb(cache_folder: Path) -> Iterator[KnowledgeBase]:
    """A knowledge base over the shipped corpus in this test's cache; nothing built yet."""
    base = KnowledgeBase()
    yield base
    base.close()


@pytest.fixture(scope="module")
def built_kb(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KnowledgeBase]:
    """One built knowledge base shared by a module's read-only tests."""
    base = KnowledgeBase(folder=tmp_path_factory.mktemp("shared-index"))
    base.build()
    yield base
    base.close()
