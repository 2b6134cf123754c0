"""A seeded stream of bad input: requests at impossible positions, documents that are not
Python, odd incremental edits, unknown documents, commands with wrong arguments, unknown
methods, and (optionally) the malformed messages the server does not yet answer well.

Every request records what a correct server may answer: a result, or a JSON-RPC error
that says the client made a mistake. The test plays the stream, then checks the answers.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from lsprotocol import types
from pygls.exceptions import JsonRpcException

from .bad_input_documents import ASTRAL_SOURCES, SOURCE, not_python
from .bad_input_editor import Editor
from .bad_input_rpc import CLIENT_MISTAKE_CODES, Answer

MAX_UINT = 2**31 - 1
COMMANDS = ("strategyLsp.generateFromComment", "strategyLsp.regenerateParameter",
            "strategyLsp.generateParameter")


@dataclass
class Expected:
    """The answers a correct server may give to one request."""

    label: str
    result: bool = True  # a result is fine
    refusal: bool = False  # a client-mistake error is fine


@dataclass
class Stream:
    """Moves drawn by a seeded generator; requests go out without waiting for answers, so
    bad ones overlap with good ones as they do when an editor is busy."""

    editor: Editor
    rng: random.Random
    include_known_bugs: bool
    typed: list[tuple[Expected, asyncio.Task[Any]]] = field(default_factory=list)
    raw: list[tuple[Expected, str]] = field(default_factory=list)  # by raw request id
    documents: dict[str, str] = field(default_factory=dict)  # uri → text as last sent
    versions: dict[str, int] = field(default_factory=dict)
    counter: int = 0

    # --- helpers -------------------------------------------------------------------

    def uri(self) -> str:
        self.counter += 1
        return f"file:///work/stream-{self.counter}.py"

    def open_uri(self) -> str:
        """A document that is open now (the first one is never closed)."""
        return self.rng.choice(sorted(self.documents))

    def position(self, uri: str) -> types.Position:
        text = self.documents.get(uri, "")
        lines = text.split("\n")
        line = self.rng.randrange(len(lines))
        choice = self.rng.randrange(5)
        if choice == 0:
            return types.Position(line=line, character=len(lines[line]) + 10_000)
        if choice == 1:
            return types.Position(line=len(lines) + self.rng.randrange(1, 10**6), character=0)
        if choice == 2:
            return types.Position(line=MAX_UINT, character=MAX_UINT)
        # inside the line, in code units: may land in the middle of a surrogate pair
        units = len(lines[line].encode("utf-16-le", "surrogatepass")) // 2
        return types.Position(line=line, character=self.rng.randrange(units + 1))

    def any_range(self, uri: str) -> types.Range:
        a, b = self.position(uri), self.position(uri)
        return types.Range(start=a, end=b)  # in any order: end may come before start

    def expect(self, label: str, request: Awaitable[Any], *, refusal: bool = False) -> None:
        self.typed.append((Expected(label, refusal=refusal), asyncio.ensure_future(request)))

    def expect_raw(self, label: str, method: str, params: Any, *, result: bool,
                   refusal: bool) -> None:
        pending = self.editor.raw.request(method, params)
        self.raw.append((Expected(label, result=result, refusal=refusal), pending.msg_id))

    def open(self, uri: str, text: str, language_id: str = "python") -> None:
        self.documents[uri] = text
        self.versions[uri] = 1
        self.editor.open(uri, text, language_id=language_id)

    # --- moves ---------------------------------------------------------------------

    def open_document(self) -> None:
        kind = self.rng.randrange(3)
        if kind == 0:
            self.open(self.uri(), SOURCE)
        elif kind == 1:
            self.open(self.uri(), self.rng.choice(list(ASTRAL_SOURCES.values())))
        else:
            language, text = self.rng.choice(list(not_python(self.rng.randrange(100))
                                                  .values()))
            self.open(self.uri(), text, language)

    def requests_anywhere(self) -> None:
        uri = self.open_uri() if self.rng.random() < 0.8 else "file:///work/never-opened.py"
        ed = self.editor
        kind = self.rng.randrange(5)
        at = self.position(uri)
        if kind == 0:
            self.expect("hover", ed.hover(uri, at))
        elif kind == 1:
            self.expect("completion", ed.completion_labels(uri, at))
        elif kind == 2:
            self.expect("code actions", ed.code_actions(uri, self.any_range(uri)))
        elif kind == 3:
            self.expect("formatting", ed.formatting(uri))
        else:
            self.expect("range formatting", ed.range_formatting(uri, self.any_range(uri)))

    def odd_change(self) -> None:
        uri = self.open_uri()
        changes: list[types.TextDocumentContentChangeEvent] = []
        for _ in range(self.rng.randrange(4)):  # zero changes is odd too
            text = self.rng.choice(["", "x", "\n", "😀", "𝕏\n# é", "(", "'", "Strategy("])
            changes.append(types.TextDocumentContentChangePartial(range=self.any_range(uri),
                                                                  text=text))
        self.versions[uri] += 1
        self.editor.change(uri, self.versions[uri], changes)
        self.documents[uri] = ""  # unknown now: positions drawn from it are past its end

    def change_unknown_document(self) -> None:
        self.editor.replace(self.uri(), self.rng.randrange(-5, 5), "x = 1\n")

    def close_any(self) -> None:
        uri = self.open_uri() if self.rng.random() < 0.5 else self.uri()
        if uri == SOURCE_URI:
            return
        self.documents.pop(uri, None)
        self.editor.text_document_did_close(types.DidCloseTextDocumentParams(
            text_document=types.TextDocumentIdentifier(uri=uri)))

    def bad_command(self) -> None:
        uri = self.open_uri()
        command = self.rng.choice(COMMANDS)
        arguments = self.rng.choice([
            [], [uri], [uri, "one", 0], [uri, 1, 2, 3, 4, 5, 6, 7], [None, None, None],
            [{"uri": uri}, [], 0.5], [uri, 10**30, "stop_loss", 0, 0],
        ])
        self.expect_raw(f"{command} {arguments!r}", types.WORKSPACE_EXECUTE_COMMAND,
                        {"command": command, "arguments": arguments},
                        result=True, refusal=True)

    def useless_command(self) -> None:
        """Well-formed arguments that cannot be acted on: answered, nothing applied."""
        uri = self.open_uri()
        at = self.position(uri)
        version = self.versions[uri] + self.rng.choice([0, 1, -1])
        arguments: list[Any] = ([uri, version, at.line] if self.rng.random() < 0.5 else
                                [uri, version, "stop_loss", at.line, at.character])
        command = COMMANDS[0] if len(arguments) == 3 else COMMANDS[1]
        self.expect_raw(f"{command} {arguments!r}, which cannot be applied",
                        types.WORKSPACE_EXECUTE_COMMAND,
                        {"command": command, "arguments": arguments}, result=True,
                        refusal=False)

    def unknown_methods(self) -> None:
        self.expect_raw("unknown method", "strategyLsp/noSuchThing", {"x": 1}, result=False,
                        refusal=True)
        self.editor.raw.notify("strategyLsp/noSuchNotification", {"x": [1, 2]})
        self.editor.raw.notify("$/cancelRequest", {"id": f"never-sent-{self.counter}"})
        self.editor.raw.notify("window/workDoneProgress/cancel", {"token": "no-such-token"})
        self.editor.raw.notify("$/setTrace", {"value": "verbose"})
        self.expect_raw("unknown command", types.WORKSPACE_EXECUTE_COMMAND,
                        {"command": "strategyLsp.noSuchCommand", "arguments": [1]},
                        result=False, refusal=True)

    # --- what once broke the server (each has its own test) ------------------------

    def malformed_request(self) -> None:
        params = self.rng.choice([
            {"textDocument": {"uri": SOURCE_URI}, "position": {"line": -1, "character": 0}},
            {"textDocument": {"uri": SOURCE_URI}, "position": {"line": 0, "character": 2**40}},
            {"textDocument": {"uri": SOURCE_URI}},
            {"position": {"line": 0, "character": 0}},
            None,
        ])
        self.expect_raw(f"malformed hover {params!r}", types.TEXT_DOCUMENT_HOVER, params,
                        result=False, refusal=True)

    def known_bug(self) -> None:
        choice = self.rng.randrange(7)
        if choice == 0:
            self.malformed_request()
        elif choice == 1:
            self.open(self.uri(), "x = '\ud800'\n" + SOURCE)
        elif choice == 2:
            self.editor.raw.send_body(b'{"jsonrpc": "2.0", "method": ')
        elif choice == 3:
            self.expect_raw("command without arguments", types.WORKSPACE_EXECUTE_COMMAND,
                            {"command": COMMANDS[0]}, result=False, refusal=True)
        elif choice == 4:
            self.change_unknown_document()
        elif choice == 5:
            uri = self.uri()
            self.open(uri, "f = (lambda x=")
            self.expect("completion in bare parentheses", self.editor.completion_labels(
                uri, types.Position(line=0, character=len("f = (lambda x="))))
        else:
            self.expect_raw("command for an unknown document", types.WORKSPACE_EXECUTE_COMMAND,
                            {"command": COMMANDS[0],
                             "arguments": ["file:///work/never-opened.py", 1, 0]},
                            result=False, refusal=True)

    # --- playing and judging ---------------------------------------------------------

    def moves(self) -> list[tuple[Callable[[], None], int]]:
        moves = [(self.open_document, 3), (self.requests_anywhere, 10), (self.odd_change, 3),
                 (self.close_any, 1), (self.bad_command, 2),
                 (self.useless_command, 2), (self.unknown_methods, 1)]
        if self.include_known_bugs:
            moves.append((self.known_bug, 2))
        return moves

    async def play(self, steps: int) -> None:
        self.open(SOURCE_URI, SOURCE)
        moves = self.moves()
        for step in range(steps):
            move = self.rng.choices([m for m, _ in moves], [w for _, w in moves])[0]
            move()
            if step % 10 == 9:
                await asyncio.sleep(0)  # let answers come in while the stream goes on

    async def problems(self, timeout: float = 15.0) -> list[str]:
        """Every answer a correct server would not give, and every request left
        unanswered."""
        found = []
        async with asyncio.timeout(timeout):
            done = await asyncio.gather(*(task for _, task in self.typed),
                                        return_exceptions=True)
        for (expected, _), outcome in zip(self.typed, done, strict=True):
            found += _judge(expected, outcome)
        answers, unanswered = await self.editor.raw.answers(timeout)
        by_id = {answer_id: expected for expected, answer_id in self.raw}
        for answer in answers:
            found += _judge(by_id[answer.msg_id], answer)
        found += [f"no answer to {p.method} {p.params!r}"[:200] for p in unanswered]
        return found


SOURCE_URI = "file:///work/stream-source.py"


def _judge(expected: Expected, outcome: Any) -> list[str]:
    error: BaseException | None
    if isinstance(outcome, Answer):
        error, value = outcome.error, outcome.result
    elif isinstance(outcome, BaseException):
        error, value = outcome, None
    else:
        error, value = None, outcome
    if error is None:
        return [] if expected.result else [f"{expected.label}: a result {value!r:.120}"]
    if isinstance(error, JsonRpcException) and error.code in CLIENT_MISTAKE_CODES:
        return [] if expected.refusal else [f"{expected.label}: refused: {error}"]
    return [f"{expected.label}: {type(error).__name__} {error}"[:300]]
