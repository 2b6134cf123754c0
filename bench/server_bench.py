"""Latency of the language server's hot paths on a 5,000-line file, over stdio.

Starts ``python -m strategy_lsp.server.cli serve`` as a subprocess, speaks JSON-RPC to it
directly (no client library in the measured path) and prints p50/p95 in milliseconds for:

- hover on an indicator inside a strategy;
- static completion after ``SourceType.`` and at a keyword slot inside ``Strategy(``;
- diagnostics after an edit: from sending ``didChange`` to receiving the
  ``publishDiagnostics`` for that version. ``diagnosticsDelay`` is 0 in
  ``initializationOptions``, so the typing debounce is not counted;
- code-action listing on a line with a diagnostic (a misspelt keyword, with its quick fix).

The cache folder (``STRATEGY_LSP_CACHE_DIR``) is a fresh temporary one; the run waits
``--settle`` seconds after opening the file so the knowledge index, built in the
background at start, is not competing with the measured requests.

Run: python bench/server_bench.py [--lines 5000] [--runs 50] [--warmup 5]
          [--server-command "python -m strategy_lsp.server.cli serve"]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import re
import shlex
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from grammar_bench import make_buffer

from strategy_lsp.grammar.document import CheckedCall, StrategyDocument

URI = "file:///bench/strategies.py"
#: p95 goals in milliseconds.
GOALS = {"hover": 10.0, "completion": 20.0, "diagnostics": 30.0, "code actions": 30.0}


class Connection:
    """JSON-RPC over a server's stdin/stdout: requests with futures, diagnostics by version."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        assert process.stdin is not None and process.stdout is not None
        self._process = process
        self._writer = process.stdin
        self._reader = process.stdout
        self._ids = itertools.count(1)
        self._answers: dict[int, asyncio.Future[Any]] = {}
        self._published: dict[tuple[str, int], asyncio.Future[list[Any]]] = {}
        self.messages: list[str] = []
        self._task = asyncio.create_task(self._read())

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps(message).encode()
        self._writer.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    async def request(self, method: str, params: Any) -> Any:
        msg_id = next(self._ids)
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._answers[msg_id] = future
        self._send({"jsonrpc": "2.0", "id": msg_id, "method": method, "params": params})
        return await future

    def notify(self, method: str, params: Any) -> None:
        self._send({"jsonrpc": "2.0", "method": method, "params": params})

    def diagnostics(self, uri: str, version: int) -> asyncio.Future[list[Any]]:
        """A future for the diagnostics published for this version (ask before sending)."""
        key = (uri, version)
        if key not in self._published:
            self._published[key] = asyncio.get_running_loop().create_future()
        return self._published[key]

    async def _read(self) -> None:
        while True:
            length = 0
            while (line := await self._reader.readline()) not in (b"\r\n", b""):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            if not line:
                return
            self._dispatch(json.loads(await self._reader.readexactly(length)))

    def _dispatch(self, message: dict[str, Any]) -> None:
        method = message.get("method")
        if method is None:  # an answer to one of our requests
            future = self._answers.pop(message["id"])
            if "error" in message:
                future.set_exception(RuntimeError(f"server error: {message['error']}"))
            else:
                future.set_result(message.get("result"))
        elif "id" in message:  # the server asks something (progress tokens, registrations)
            self._send({"jsonrpc": "2.0", "id": message["id"], "result": None})
        elif method == "textDocument/publishDiagnostics":
            params = message["params"]
            future = self.diagnostics(params["uri"], params.get("version", -1))
            if not future.done():
                future.set_result(params["diagnostics"])
        elif method in ("window/showMessage", "window/logMessage"):
            self.messages.append(message["params"]["message"])

    async def close(self) -> None:
        await self.request("shutdown", None)
        self.notify("exit", None)
        await self._process.wait()
        self._task.cancel()


@dataclass
class Targets:
    """Where in the buffer each measured request points (line, column; ASCII buffer)."""

    text: str
    hover: tuple[int, int]
    indicator: str
    source_type: tuple[int, int]
    keyword_slot: tuple[int, int]
    edit: tuple[int, int]


def _point(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset)
    return line, offset - (text.rfind("\n", 0, offset) + 1)


def find_targets(text: str) -> Targets:
    """Pick a strategy past the middle of the buffer with an indicator, a ``SourceType.``
    and a keyword in a nested call; misspell that keyword so the line has a diagnostic."""
    assert text.isascii()  # so byte offsets, code points and UTF-16 columns agree
    calls = StrategyDocument(text).strategies()
    chosen: CheckedCall | None = None
    for call in calls[len(calls) // 2:]:
        if "SourceType." in call.text and re.search(r"first_series=\w+\(", call.text) and \
                re.search(r"\('[A-Z]+', ([a-z_]{4,})=", call.text):
            chosen = call
            break
    if chosen is None:
        raise SystemExit("no strategy in the buffer has an indicator with a SourceType")
    start = chosen.span.start_byte
    call_text = chosen.text
    keyword = re.search(r"\('[A-Z]+', ([a-z_]{4,})=", call_text)
    assert keyword is not None
    name = keyword.group(1)
    typo = name[:-2] + name[-1] + name[-2] if name[-1] != name[-2] else name + "x"
    misspelt = call_text[: keyword.start(1)] + typo + call_text[keyword.end(1):]
    text = text[:start] + misspelt + text[start + len(call_text):]
    indicator = re.search(r"first_series=(\w+)\(", misspelt)
    source = misspelt.index("SourceType.") + len("SourceType.")
    assert indicator is not None
    return Targets(
        text=text,
        hover=_point(text, start + indicator.start(1) + 1),
        indicator=indicator.group(1),
        source_type=_point(text, start + source),
        keyword_slot=_point(text, start + len("Strategy(")),
        edit=(chosen.span.start_line + 1, 4),
    )


def position(point: tuple[int, int]) -> dict[str, int]:
    return {"line": point[0], "character": point[1]}


async def measure(label: str, action: Callable[[], Awaitable[None]], runs: int,
                  warmup: int) -> list[float]:
    for _ in range(warmup):
        await action()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        await action()
        times.append((time.perf_counter() - start) * 1000)
    return times


def percentile(times: list[float], q: int) -> float:
    return statistics.quantiles(times, n=100, method="inclusive")[q - 1]


async def run(args: argparse.Namespace) -> bool:
    targets = find_targets(make_buffer(args.lines))
    text = targets.text
    with tempfile.TemporaryDirectory(prefix="strategy-lsp-bench-") as cache:
        command = shlex.split(args.server_command)
        process = await asyncio.create_subprocess_exec(
            *command, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
            env={**os.environ, "STRATEGY_LSP_CACHE_DIR": cache})
        server = Connection(process)
        await server.request("initialize", {
            "processId": os.getpid(), "rootUri": None,
            "capabilities": {"general": {"positionEncodings": ["utf-16"]},
                             "textDocument": {"completion": {"completionItem": {
                                 "snippetSupport": True}}}},
            "initializationOptions": {"diagnosticsDelay": 0}})
        server.notify("initialized", {})

        opened = time.perf_counter()
        first = server.diagnostics(URI, 1)
        server.notify("textDocument/didOpen", {"textDocument": {
            "uri": URI, "languageId": "python", "version": 1, "text": text}})
        found = await first
        cold = (time.perf_counter() - opened) * 1000
        misspelt = [d for d in found if d["code"] == "unknown-keyword"]
        assert misspelt, "the misspelt keyword has no diagnostic"
        await asyncio.sleep(args.settle)

        document = {"uri": URI}
        results: dict[str, list[float]] = {}

        async def hover() -> None:
            answer = await server.request("textDocument/hover", {
                "textDocument": document, "position": position(targets.hover)})
            assert answer and targets.indicator in answer["contents"]["value"], answer

        async def complete(point: tuple[int, int], expected: str) -> None:
            answer = await server.request("textDocument/completion", {
                "textDocument": document, "position": position(point)})
            assert any(item["label"] == expected for item in answer["items"]), expected

        async def code_actions() -> None:
            answer = await server.request("textDocument/codeAction", {
                "textDocument": document, "range": misspelt[0]["range"],
                "context": {"diagnostics": misspelt}})
            assert any(a.get("kind") == "quickfix" for a in answer), answer

        version = itertools.count(2)
        typed = {"x": False}

        async def edit_and_wait() -> None:
            # type a character inside a strategy, then delete it on the next round
            line, col = targets.edit
            number = next(version)
            end = col + 1 if typed["x"] else col
            published = server.diagnostics(URI, number)
            server.notify("textDocument/didChange", {
                "textDocument": {"uri": URI, "version": number},
                "contentChanges": [{"range": {"start": position((line, col)),
                                              "end": position((line, end))},
                                    "text": "" if typed["x"] else "x"}]})
            typed["x"] = not typed["x"]
            await published

        runs, warmup = args.runs, args.warmup
        results["hover"] = await measure("hover", hover, runs, warmup)
        results["completion after SourceType."] = await measure(
            "completion", lambda: complete(targets.source_type, "CLOSE"), runs, warmup)
        results["completion at a Strategy( keyword slot"] = await measure(
            "completion", lambda: complete(targets.keyword_slot, "ticker="), runs, warmup)
        results["code actions"] = await measure("code actions", code_actions, runs, warmup)
        results["diagnostics after an edit"] = await measure(
            "diagnostics", edit_and_wait, runs, warmup)
        await server.close()

    lines = text.count("\n")
    print(f"buffer: {lines} lines, {len(text.encode())} bytes, "
          f"{len(StrategyDocument(text).strategies())} strategies; first diagnostics after "
          f"didOpen: {cold:.0f} ms")
    print(f"{runs} runs each after {warmup} warm-up runs; diagnosticsDelay = 0 (the typing "
          "debounce is not counted); times include the JSON-RPC round trip over stdio\n")
    print(f"{'operation':<42}{'p50 ms':>9}{'p95 ms':>9}{'goal p95':>11}   met")
    all_met = True
    for label, times in results.items():
        goal = next(v for k, v in GOALS.items() if label.startswith(k))
        p50, p95 = statistics.median(times), percentile(times, 95)
        met = p95 <= goal
        all_met &= met
        print(f"{label:<42}{p50:9.2f}{p95:9.2f}{'≤ ' + format(goal, 'g'):>11}   "
              f"{'yes' if met else 'NO'}")
    return all_met


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lines", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--server-command", default=f"{sys.executable} -m "
                        "strategy_lsp.server.cli serve", help="how to start the server")
    parser.add_argument("--settle", type=float, default=3.0,
                        help="seconds to wait after opening, for the background index build")
    args = parser.parse_args()
    met = asyncio.run(run(args))
    print("\nall goals met" if met else "\nsome goals NOT met")


if __name__ == "__main__":
    main()
