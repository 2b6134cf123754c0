"""A pytest-lsp client that behaves like an editor under test: it records every
``publishDiagnostics`` with its version, the server's stderr, the position encoding the
server announced, and the edits the server asked for (refusing them, so the documents
the tests keep stay in step with the server's)."""

from __future__ import annotations

import asyncio
import sys
from typing import Any

from lsprotocol import types
from pygls.protocol import default_converter
from pytest_lsp import LanguageClient
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

from .bad_input_rpc import RawChannel
from .bad_input_text import UTF16

#: pygls turns an exception it caught outside a request into this window message.
SERVER_ERROR_PREFIX = "Error in server"


class Editor(LanguageClient):
    """Build with :meth:`create` (the ``client_factory`` of a ``ClientServerConfig``)."""

    def __init__(self) -> None:
        super().__init__(converter_factory=default_converter)
        self.published: list[types.PublishDiagnosticsParams] = []
        self.edits: list[types.WorkspaceEdit] = []
        self.stderr = bytearray()
        self.position_encoding = UTF16
        self.raw = RawChannel(self)
        self.opened: set[str] = set()
        self._messages_before = 0  # what earlier tests left in the shared server's output
        self._stderr_before = 0

    @classmethod
    def create(cls) -> Editor:
        editor = cls()
        register_lsp_features(editor, {
            **DEFAULT_CLIENT_FEATURES,
            types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS: _record_diagnostics,
            types.WORKSPACE_APPLY_EDIT: _refuse_edit,
        })
        return editor

    async def start_io(self, cmd: str, *args: Any, **kwargs: Any) -> None:
        await super().start_io(cmd, *args, **kwargs)
        if self._stderr_forwarder is not None:  # replaced by one that also keeps the text
            self._stderr_forwarder.cancel()
        self._stderr_forwarder = asyncio.create_task(self._keep_stderr())

    async def _keep_stderr(self) -> None:
        stream = self._server.stderr if self._server else None
        if stream is None:
            return
        while line := await stream.readline():
            self.stderr.extend(line)
            sys.stderr.buffer.write(line)

    # --- one server for many tests ----------------------------------------------------

    def begin_test(self) -> None:
        """Look only at what the server says from now on."""
        self.published.clear()
        self.edits.clear()
        self._messages_before = len(self.messages)
        self._stderr_before = len(self.stderr)

    async def end_test(self) -> None:
        """Close what the test opened, and wait until everything the server sent before
        has arrived (answers come in order, so one round trip is enough)."""
        for uri in sorted(self.opened):
            self.text_document_did_close(types.DidCloseTextDocumentParams(
                text_document=types.TextDocumentIdentifier(uri=uri)))
        self.opened.clear()
        await self.hover("file:///work/end-of-test.py", types.Position(line=0, character=0))
        await asyncio.sleep(0.2)  # stderr is another pipe, read by another task

    # --- documents -------------------------------------------------------------------

    def open(self, uri: str, text: str, version: int = 1, language_id: str = "python") -> None:
        self.opened.add(uri)
        self.text_document_did_open(types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id=language_id,
                                                 version=version, text=text)))

    def change(self, uri: str, version: int,
               changes: list[types.TextDocumentContentChangeEvent]) -> None:
        self.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=changes))

    def replace(self, uri: str, version: int, text: str) -> None:
        self.change(uri, version, [types.TextDocumentContentChangeWholeDocument(text=text)])

    async def diagnostics_of(self, uri: str, version: int,
                          timeout: float = 20.0) -> list[types.Diagnostic]:
        """The diagnostics the server publishes for this version of a document."""
        try:
            async with asyncio.timeout(timeout):
                while True:
                    for params in reversed(self.published):
                        if params.uri == uri and params.version == version:
                            return list(params.diagnostics)
                    await asyncio.sleep(0.02)
        except TimeoutError:
            raise AssertionError(f"no diagnostics for version {version} of {uri} "
                                 f"in {timeout} s") from None

    # --- requests --------------------------------------------------------------------

    async def hover(self, uri: str, at: types.Position) -> types.Hover | None:
        return await self.text_document_hover_async(types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=at))

    async def completion_labels(self, uri: str, at: types.Position) -> list[str] | None:
        result = await self.text_document_completion_async(types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=at))
        if result is None:
            return None
        items = result.items if isinstance(result, types.CompletionList) else result
        return [item.label for item in items]

    async def code_actions(self, uri: str, rng: types.Range,
                           diagnostics: list[types.Diagnostic] | None = None
                           ) -> list[types.Command | types.CodeAction] | None:
        result = await self.text_document_code_action_async(types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri), range=rng,
            context=types.CodeActionContext(diagnostics=diagnostics or [])))
        return None if result is None else list(result)

    async def formatting(self, uri: str) -> list[types.TextEdit] | None:
        result = await self.text_document_formatting_async(types.DocumentFormattingParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            options=types.FormattingOptions(tab_size=4, insert_spaces=True)))
        return None if result is None else list(result)

    async def range_formatting(self, uri: str, rng: types.Range) -> list[types.TextEdit] | None:
        result = await self.text_document_range_formatting_async(
            types.DocumentRangeFormattingParams(
                text_document=types.TextDocumentIdentifier(uri=uri), range=rng,
                options=types.FormattingOptions(tab_size=4, insert_spaces=True)))
        return None if result is None else list(result)

    # --- what went wrong -------------------------------------------------------------

    def messages_since_begin(self) -> list[types.ShowMessageParams]:
        return self.messages[self._messages_before:]

    def server_errors(self) -> list[str]:
        """Exceptions pygls caught outside a request and showed to the user."""
        return [m.message for m in self.messages_since_begin()
                if m.message.startswith(SERVER_ERROR_PREFIX)]

    async def server_log(self) -> str:
        """The server's stderr since the test began. Its lines are read by a task of this
        process, so give that task a moment after the last answer."""
        await asyncio.sleep(0.2)
        return self.stderr[self._stderr_before:].decode("utf-8", errors="replace")


def _record_diagnostics(editor: Editor, params: types.PublishDiagnosticsParams) -> None:
    editor.published.append(params)
    editor.diagnostics[params.uri] = params.diagnostics


def _refuse_edit(editor: Editor,
                 params: types.ApplyWorkspaceEditParams) -> types.ApplyWorkspaceEditResult:
    editor.edits.append(params.edit)
    return types.ApplyWorkspaceEditResult(applied=False, failure_reason="bad-input test")


_CHAINED = ("The above exception was the direct cause", "During handling of the above")


def escaped_exceptions(log: str) -> list[str]:
    """The exceptions in a server log that no handler turned into a JSON-RPC refusal.

    pygls logs a traceback for every error answer, including the ``JsonRpcInvalidParams``
    it raises on purpose for bad arguments; those chains end in a ``pygls.exceptions``
    line. Any other final line (``ValueError: ...``, ``UnicodeEncodeError: ...``) is an
    exception that escaped our code."""
    lines = log.splitlines()
    escaped = []
    inside = False
    for index, line in enumerate(lines):
        if line.startswith("Traceback (most recent call last):"):
            inside = True
            continue
        if not inside or not line.strip() or line[0].isspace() or line.startswith(_CHAINED):
            continue
        following = next((n for n in lines[index + 1:] if n.strip()), "")
        if following.startswith(_CHAINED):
            continue  # the chain goes on; its last exception is what was raised
        inside = False
        if not line.startswith("pygls.exceptions.JsonRpc"):
            escaped.append(line)
    return escaped
