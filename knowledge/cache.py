"""Where the knowledge index lives: the user's cache folder, or ``$STRATEGY_LSP_CACHE_DIR``."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_cache_dir

APP_NAME = "strategy-lsp"
CACHE_ENV = "STRATEGY_LSP_CACHE_DIR"


def cache_dir() -> Path:
    """The cache root: ``$STRATEGY_LSP_CACHE_DIR`` when set, else the platform's user cache
    (``~/.cache/strategy-lsp`` on Linux, ``~/Library/Caches/strategy-lsp`` on macOS, ...)."""
    override = os.environ.get(CACHE_ENV, "").strip()
    if override:
        return Path(override).expanduser()
    return Path(user_cache_dir(APP_NAME, appauthor=False))


def knowledge_dir() -> Path:
    """The folder that holds the knowledge index and its build folders."""
    return cache_dir() / "knowledge"
