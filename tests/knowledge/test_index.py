"""The chromadb index in the cache: built on first use, rebuilt when missing, stale or
corrupt, buildable in the background."""

from __future__ import annotations

import os
import shutil
import sys
import time
from pathlib import Path

import pytest
from platformdirs import user_cache_dir

from strategy_lsp.knowledge import IndexState, KnowledgeBase, cache_dir, knowledge_dir
from strategy_lsp.knowledge.cache import CACHE_ENV
from strategy_lsp.knowledge.index import BUILD_PREFIX, LEFTOVER_AGE_S

from .helpers import corpus_with, shipped_text


def test_cache_folder_comes_from_the_environment(cache_folder: Path) -> None:
    assert cache_dir() == cache_folder
    assert knowledge_dir() == cache_folder / "knowledge"


def test_cache_folder_defaults_to_the_platform_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(CACHE_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", "/somewhere/cache")
    expected = Path(user_cache_dir("strategy-lsp", appauthor=False))
    if sys.platform.startswith("linux"):
        expected = Path("/somewhere/cache/strategy-lsp")
    assert cache_dir() == expected


def test_first_search_builds_the_missing_index(kb: KnowledgeBase, cache_folder: Path) -> None:
    assert kb.index_state() is IndexState.MISSING
    assert kb.search("keltner", 1)[0].entry.key in {"KC_LOWER", "KC_UPPER"}
    assert kb.ready
    assert (cache_folder / "knowledge" / "index" / "chroma.sqlite3").is_file()
    assert kb.build() is IndexState.READY


def test_deleted_index_is_rebuilt(kb: KnowledgeBase) -> None:
    kb.build()
    kb.close()
    shutil.rmtree(kb.index.live)
    assert kb.index_state() is IndexState.MISSING
    assert kb.build() is IndexState.MISSING
    assert kb.index_state() is IndexState.READY


def test_changed_doc_makes_the_index_stale_and_rebuilds_it(kb: KnowledgeBase) -> None:
    kb.build()
    kb.close()
    text = shipped_text("series/RSI.md").replace('aliases = [', 'aliases = ["zebra stripes", ')
    changed = KnowledgeBase(corpus_with({"series/RSI.md": text}))
    try:
        assert changed.index_state() is IndexState.STALE
        assert changed.search("zebra stripes", 1)[0].entry.key == "RSI"
        assert changed.index.collection_name != kb.index.collection_name
    finally:
        changed.close()
    assert kb.index_state() is IndexState.STALE  # the old corpus is now the stale one


@pytest.mark.parametrize("target", ["chroma.sqlite3", "every file"])
def test_garbage_in_index_files_is_detected_and_rebuilt(kb: KnowledgeBase, target: str) -> None:
    kb.build()
    kb.close()
    files = [p for p in kb.index.live.rglob("*") if p.is_file()]
    assert len(files) > 1
    for path in files:
        if target == "every file" or path.name == target:
            path.write_bytes(os.urandom(max(4096, path.stat().st_size)))
    assert kb.index_state() is IndexState.CORRUPT
    assert kb.build() is IndexState.CORRUPT
    assert kb.index_state() is IndexState.READY
    assert kb.search("bollinger lower band", 1)[0].entry.key == "BB_LOWER"


def test_truncated_database_counts_as_missing_and_is_rebuilt(kb: KnowledgeBase) -> None:
    kb.build()
    kb.close()
    (kb.index.live / "chroma.sqlite3").write_bytes(b"")
    assert kb.index_state() in {IndexState.MISSING, IndexState.CORRUPT}
    assert kb.search("money flow", 1)[0].entry.key in {"CMF", "MFI"}


def test_lookup_needs_no_index(kb: KnowledgeBase) -> None:
    entry = kb.lookup("RSI")
    assert entry is not None and entry.title == "Relative Strength Index"
    assert not kb.ready
    assert not kb.index.live.exists()


def test_background_build_makes_the_index_ready(kb: KnowledgeBase) -> None:
    stages: list[str] = []
    thread = kb.build_in_background(lambda done, total, stage: stages.append(stage))
    assert kb.lookup("SourceType.CLOSE") is not None  # answers while the build runs
    thread.join(timeout=120)
    assert not kb.building
    assert kb.ready
    assert kb.build_error is None
    assert stages[0] == "embedding" and stages[-1] == "indexing"


def test_search_without_waiting_answers_lexically_and_builds_in_background(
        kb: KnowledgeBase) -> None:
    hits = kb.search("relative strength index", 3, wait=False)
    assert hits[0].entry.key == "RSI"
    assert hits[0].semantic is None
    thread = kb.build_in_background()
    thread.join(timeout=120)
    assert kb.search("relative strength index", 3, wait=False)[0].semantic is not None


def test_stale_build_leftovers_are_removed(kb: KnowledgeBase) -> None:
    kb.index.folder.mkdir(parents=True)
    leftover = kb.index.folder / f"{BUILD_PREFIX}crashed"
    leftover.mkdir()
    old = time.time() - LEFTOVER_AGE_S - 10
    os.utime(leftover, (old, old))
    kb.build()
    assert not leftover.exists()
    assert [p.name for p in kb.index.folder.iterdir()] == ["index"]


def test_progress_reaches_the_total(kb: KnowledgeBase) -> None:
    seen: list[tuple[int, int, str]] = []
    kb.build(lambda done, total, stage: seen.append((done, total, stage)), force=True)
    done, total, _stage = seen[-1]
    assert done == total == 2 * len(kb.index.chunks)
    assert [d for d, _, _ in seen] == sorted(d for d, _, _ in seen)
