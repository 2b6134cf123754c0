"""The language server: the one place where LSP messages meet the features.

Handlers stay thin: they find the document, call a feature function and translate the
answer. Hot paths (hover, completion, diagnostics, code-action listing) never wait on a
model or on the knowledge index; generation runs as cancellable commands with progress.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from lsprotocol import types
from pygls.exceptions import JsonRpcInvalidParams
from pygls.lsp.server import LanguageServer

from strategy_lsp.generation import GenerationError
from strategy_lsp.generation.engine import Generator, doubt_message
from strategy_lsp.generation.router import PARAMETERS
from strategy_lsp.generation.settings import Tier
from strategy_lsp.grammar.formatter import format_document
from strategy_lsp.knowledge import KnowledgeBase, default_knowledge_base

from .config import ServerSettings, flatten_options, parse_settings
from .context import cursor_context
from .documents import DocumentStore, OpenDocument
from .features import completion as completion_feature
from .features.actions import GENERATE_FROM_COMMENT, REGENERATE_PARAMETER, code_actions
from .features.comments import call_at, comment_block, description_of
from .features.convert import lsp_range, versioned_edit
from .features.diagnostics import document_diagnostics
from .features.hover import hover as hover_feature
from .features.insert import parameter_edits, strategy_edits
from .protocol import StrategyProtocol

log = logging.getLogger(__name__)

NAME = "strategy-lsp"
VERSION = "0.1.0"
STATUS_NOTIFICATION = "strategyLsp/status"


class StrategyServer(LanguageServer):
    """pygls server holding the open documents, the settings and the shared services."""

    def __init__(self, knowledge: KnowledgeBase | None = None,
                 generator_factory: Callable[[ServerSettings], Generator] | None = None) -> None:
        super().__init__(NAME, VERSION, protocol_cls=StrategyProtocol,
                         text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.documents = DocumentStore()
        self.settings = ServerSettings()
        self._options: dict[str, Any] = {}  # everything the client has set, merged
        self._knowledge = knowledge
        self._generator_factory = generator_factory or (
            lambda s: Generator(s.generation, retriever=self._retriever()))
        self._generator: Generator | None = None
        self._pending: dict[str, asyncio.TimerHandle] = {}
        self._jobs: dict[str, asyncio.Task[Any]] = {}  # progress token → generation task

    # --- services --------------------------------------------------------------------

    @property
    def knowledge(self) -> KnowledgeBase:
        if self._knowledge is None:
            folder = self.settings.knowledge_dir
            self._knowledge = KnowledgeBase(folder=folder) if folder else \
                default_knowledge_base()
        return self._knowledge

    def _retriever(self) -> Callable[[str], list[str]] | None:
        if not self.settings.generation.rag:
            return None
        from strategy_lsp.knowledge.render import render_hover

        def retrieve(description: str) -> list[str]:
            return [render_hover(h.entry) for h in self.knowledge.search(description, 4,
                                                                        wait=False)]
        return retrieve

    @property
    def generator(self) -> Generator:
        if self._generator is None:
            self._generator = self._generator_factory(self.settings)
        return self._generator

    def apply_settings(self, options: Any, *, announce: bool = True) -> None:
        """Settings from the client; a change is merged over the initialization options."""
        self._options = {**self._options, **flatten_options(options)}
        settings, problems = parse_settings(self._options)
        self.settings = settings
        self._generator = None  # rebuilt with the new settings on next use
        for problem in problems:
            self.window_show_message(types.ShowMessageParams(
                type=types.MessageType.Warning, message=f"strategy-lsp: {problem}"))
        if announce:
            self.send_status()

    def send_status(self) -> None:
        generation = self.settings.generation
        self.protocol.notify(STATUS_NOTIFICATION, {
            "backend": generation.backend.value, "mode": generation.mode.value,
            "modelSmall": generation.model_for(Tier.SMALL),
            "modelLarge": generation.model_for(Tier.LARGE),
        })

    def report_server_error(self, error: Exception, source: Any) -> None:
        # Out-of-band errors (a body that is not JSON, a failed notification) go to the log,
        # not to a popup: the user can do nothing about them.
        log.error("%s", error)
        with contextlib.suppress(Exception):  # the transport itself may be gone
            self.log(f"strategy-lsp: {error}", types.MessageType.Error)

    def log(self, message: str, kind: types.MessageType = types.MessageType.Log) -> None:
        self.window_log_message(types.LogMessageParams(type=kind, message=message))

    def tell(self, message: str, kind: types.MessageType = types.MessageType.Info) -> None:
        self.window_show_message(types.ShowMessageParams(type=kind, message=message))

    # --- diagnostics, debounced per document -------------------------------------------

    def schedule_diagnostics(self, uri: str, delay: float | None = None) -> None:
        loop = asyncio.get_event_loop()
        pending = self._pending.pop(uri, None)
        if pending is not None:
            pending.cancel()
        wait = self.settings.diagnostics_delay if delay is None else delay
        self._pending[uri] = loop.call_later(wait, self.publish_diagnostics, uri)

    def publish_diagnostics(self, uri: str) -> None:
        self._pending.pop(uri, None)
        doc = self.documents.get(uri)
        if doc is None:
            return
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
            uri=uri, version=doc.version, diagnostics=document_diagnostics(doc)))

    # --- long work with progress and cancellation --------------------------------------

    async def run_with_progress(self, title: str,
                                work: Callable[[Callable[[str, int], None]], Awaitable[Any]]
                                ) -> Any:
        token = str(uuid.uuid4())
        progress_supported = bool(
            self.client_capabilities.window and self.client_capabilities.window.work_done_progress)
        if progress_supported:
            await self.work_done_progress.create_async(token)
            self.work_done_progress.begin(token, types.WorkDoneProgressBegin(
                title=title, cancellable=True, percentage=0))

        def report(message: str, percent: int) -> None:
            if progress_supported:
                self.work_done_progress.report(token, types.WorkDoneProgressReport(
                    message=message, percentage=percent))

        task = asyncio.ensure_future(work(report))
        self._jobs[token] = task
        try:
            return await task
        finally:
            self._jobs.pop(token, None)
            if progress_supported:
                self.work_done_progress.end(token, types.WorkDoneProgressEnd())

    def cancel_job(self, token: str) -> None:
        task = self._jobs.get(token)
        if task is not None:
            task.cancel()


def create_server(knowledge: KnowledgeBase | None = None,
                  generator_factory: Callable[[ServerSettings], Generator] | None = None
                  ) -> StrategyServer:
    server = StrategyServer(knowledge, generator_factory)

    @server.feature(types.INITIALIZE)
    def initialize(ls: StrategyServer, params: types.InitializeParams) -> None:
        # no notifications before the initialize response: the status goes out on initialized
        ls.apply_settings(params.initialization_options or {}, announce=False)

    @server.feature(types.INITIALIZED)
    def initialized(ls: StrategyServer, params: types.InitializedParams) -> None:
        encoding = ls.workspace.position_encoding or "utf-16"
        ls.documents.encoding = str(getattr(encoding, "value", encoding))
        ls.send_status()
        ls.log(f"{NAME} {VERSION}: backend {ls.settings.generation.backend.value}")
        # warm the semantic index off the hot path; lookups never need it
        ls.knowledge.build_in_background()

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    def did_change_configuration(ls: StrategyServer,
                                 params: types.DidChangeConfigurationParams) -> None:
        ls.apply_settings(params.settings or {})
        for uri in list(ls._pending):
            ls.schedule_diagnostics(uri, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: StrategyServer, params: types.DidOpenTextDocumentParams) -> None:
        item = params.text_document
        ls.documents.open(item.uri, item.version, item.text)
        ls.schedule_diagnostics(item.uri, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: StrategyServer, params: types.DidChangeTextDocumentParams) -> None:
        uri = params.text_document.uri
        if ls.documents.change(uri, params.text_document.version,
                               list(params.content_changes)) is not None:
            ls.schedule_diagnostics(uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: StrategyServer, params: types.DidCloseTextDocumentParams) -> None:
        ls.documents.close(params.text_document.uri)
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
            uri=params.text_document.uri, diagnostics=[]))

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: StrategyServer, params: types.HoverParams) -> types.Hover | None:
        doc = ls.documents.get(params.text_document.uri)
        if doc is None:
            return None
        line, col = doc.to_point(params.position)
        return hover_feature(doc, line, col, ls.knowledge)

    @server.feature(types.TEXT_DOCUMENT_COMPLETION, types.CompletionOptions(
        trigger_characters=["(", ",", "=", ".", " "], resolve_provider=False))
    def completion(ls: StrategyServer,
                   params: types.CompletionParams) -> types.CompletionList | None:
        doc = ls.documents.get(params.text_document.uri)
        if doc is None or not doc.analysable:
            return None
        line, col = doc.to_point(params.position)
        before = _text_before(doc, line, col)
        context = cursor_context(before)
        if context is None:
            return None
        ticker = _ticker_in(before)
        items = completion_feature.static_completion(context, ticker)
        if ls.settings.parameter_completion and context.slot == "value" and \
                context.innermost and context.innermost.name == "Strategy" and \
                context.keyword in PARAMETERS:
            route = ls.generator.router.route(context.keyword)
            items.append(completion_feature.parameter_item(doc, context.keyword, route.model,
                                                           line, col))
        return types.CompletionList(is_incomplete=False, items=items)

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(
        code_action_kinds=[types.CodeActionKind.QuickFix,
                           types.CodeActionKind.RefactorRewrite]))
    def code_action(ls: StrategyServer,
                    params: types.CodeActionParams) -> list[types.CodeAction] | None:
        doc = ls.documents.get(params.text_document.uri)
        if doc is None:
            return None
        return code_actions(doc, params.range)

    @server.feature(types.TEXT_DOCUMENT_FORMATTING)
    def formatting(ls: StrategyServer,
                   params: types.DocumentFormattingParams) -> list[types.TextEdit] | None:
        doc = ls.documents.get(params.text_document.uri)
        return None if doc is None else _format(doc, None)

    @server.feature(types.TEXT_DOCUMENT_RANGE_FORMATTING)
    def range_formatting(ls: StrategyServer, params: types.DocumentRangeFormattingParams
                         ) -> list[types.TextEdit] | None:
        doc = ls.documents.get(params.text_document.uri)
        if doc is None:
            return None
        lines = range(params.range.start.line, params.range.end.line + 1)
        return _format(doc, lines)

    @server.feature(types.SHUTDOWN)
    def shutdown(ls: StrategyServer, params: None) -> None:
        # Clients may exit without reading the shutdown reply (Neovim does): a broken pipe
        # from here on is the client leaving, not an error worth a traceback.
        for name in ("pygls", "concurrent.futures", "asyncio"):
            logging.getLogger(name).setLevel(logging.CRITICAL)

    @server.feature(types.WINDOW_WORK_DONE_PROGRESS_CANCEL)
    def progress_cancel(ls: StrategyServer, params: types.WorkDoneProgressCancelParams) -> None:
        ls.cancel_job(str(params.token))

    @server.command(GENERATE_FROM_COMMENT)
    async def generate_from_comment(ls: StrategyServer, *args: Any) -> dict[str, Any]:
        uri, version, line = _arguments(GENERATE_FROM_COMMENT, args, (str, int, int))
        return await _generate_from_comment(ls, uri, version, line)

    @server.command(REGENERATE_PARAMETER)
    async def regenerate_parameter(ls: StrategyServer, *args: Any) -> dict[str, Any]:
        uri, version, parameter, line, column = _arguments(
            REGENERATE_PARAMETER, args, (str, int, str, int, int))
        return await _generate_parameter(ls, uri, version, parameter, line, column)

    @server.command(completion_feature.GENERATE_PARAMETER)
    async def generate_parameter(ls: StrategyServer, *args: Any) -> dict[str, Any]:
        uri, version, parameter, line, column = _arguments(
            completion_feature.GENERATE_PARAMETER, args, (str, int, str, int, int))
        return await _generate_parameter(ls, uri, version, parameter, line, column)

    return server


def _arguments(command: str, args: tuple[Any, ...], kinds: tuple[type, ...]) -> Any:
    """The command's arguments, checked; InvalidParams (not a crash) when they are wrong."""
    names = {str: "string", int: "integer"}
    if len(args) != len(kinds) or any(
            not isinstance(a, k) or isinstance(a, bool) for a, k in zip(args, kinds, strict=False)):
        wanted = ", ".join(names[k] for k in kinds)
        raise JsonRpcInvalidParams.of(f"{command} takes [{wanted}], got {list(args)!r:.200}")
    return args


def _text_before(doc: OpenDocument, line: int, col: int) -> str:
    start = max(0, line - 200)
    lines = [doc.line(n) for n in range(start, line)]
    return "\n".join([*lines, doc.line(line)[:col]])


_TICKER = re.compile(r"ticker\s*=\s*['\"]([^'\"\s]+)['\"]")


def _ticker_in(text: str) -> str | None:
    """The last ``ticker='...'`` written in ``text`` (the strategy's, near the cursor)."""
    found = _TICKER.findall(text[-5000:])
    return found[-1] if found else None


def _format(doc: OpenDocument, lines: range | None) -> list[types.TextEdit]:
    if not doc.analysable:
        return []
    result = format_document(doc.document, lines)
    return [types.TextEdit(range=lsp_range(doc, span), new_text=text)
            for span, text in result.changed]


def _stale(ls: StrategyServer, uri: str, version: int) -> bool:
    doc = ls.documents.get(uri)
    return doc is None or doc.version != version


def _changed(ls: StrategyServer, what: str) -> dict[str, Any]:
    ls.tell(f"The document changed while the {what} was being generated, so it was not "
            "inserted. Run the command again.", types.MessageType.Warning)
    return {"applied": False, "reason": "document changed"}


async def _apply(ls: StrategyServer, doc: OpenDocument, version: int,
                 edits: list[types.TextEdit], what: str) -> dict[str, Any]:
    if _stale(ls, doc.uri, version):
        return _changed(ls, what)
    result = await ls.workspace_apply_edit_async(types.ApplyWorkspaceEditParams(
        edit=versioned_edit(doc, edits), label=f"strategy-lsp: {what}"))
    if not result.applied:
        ls.tell(f"The editor refused the {what} edit: {result.failure_reason or 'no reason'}.",
                types.MessageType.Warning)
    return {"applied": bool(result.applied)}


async def _generate_from_comment(ls: StrategyServer, uri: str, version: int,
                                 line: int) -> dict[str, Any]:
    doc = ls.documents.get(uri)
    if doc is None:
        raise JsonRpcInvalidParams.of(f"{uri} is not open")
    if doc.version != version:
        return _changed(ls, "strategy")
    block = comment_block(doc, line)
    if block is None or not block.text:
        ls.tell("Put the cursor on a comment that describes the strategy.")
        return {"applied": False, "reason": "no comment"}
    generator = ls.generator
    mode = generator.settings.mode
    total = 1 if mode.value == "whole" else len(PARAMETERS)
    done: list[str] = []

    async def work(report: Callable[[str, int], None]) -> Any:
        def on_progress(parameter: str | None, state: str) -> None:
            if state == "done":
                done.append(parameter or "strategy")
                report(f"{parameter or 'strategy'} done ({len(done)}/{total})",
                       int(100 * len(done) / total))
        return await generator.generate(block.text, on_progress=on_progress)

    try:
        result = await ls.run_with_progress("Generating strategy", work)
    except asyncio.CancelledError:
        ls.tell("Strategy generation cancelled; nothing was changed.")
        return {"applied": False, "reason": "cancelled"}
    except GenerationError as error:
        ls.tell(f"Could not generate a strategy: {error}", types.MessageType.Error)
        return {"applied": False, "reason": str(error)}
    for note in result.notes:
        ls.log(note, types.MessageType.Warning)
    for repair in result.repairs:
        ls.log(f"repaired: {repair.message}")
    models = sorted({f"{p.model} ({p.backend})" for p in result.parts})
    ls.log(f"generated in {result.seconds:.2f} s by {', '.join(models)}")
    edits = strategy_edits(doc, block, result.strategy)
    outcome = await _apply(ls, doc, version, edits, "strategy")
    doubt = doubt_message(result.doubts())
    if outcome["applied"] and doubt is not None:
        ls.tell(f"Strategy inserted, but {doubt}.")
    return outcome


async def _generate_parameter(ls: StrategyServer, uri: str, version: int, parameter: str,
                              line: int, column: int) -> dict[str, Any]:
    doc = ls.documents.get(uri)
    if doc is None:
        raise JsonRpcInvalidParams.of(f"{uri} is not open")
    if doc.version != version:
        return _changed(ls, parameter)
    if parameter not in PARAMETERS:
        raise JsonRpcInvalidParams.of(f"Strategy has no parameter {parameter!r}")
    call = call_at(doc, line, column)
    block = description_of(doc, call) if call is not None else None
    if call is None or block is None:
        ls.tell("Write a comment describing the strategy right above the Strategy call.")
        return {"applied": False, "reason": "no description"}
    ticker = _ticker_in(call.text)

    async def work(report: Callable[[str, int], None]) -> Any:
        return await ls.generator.generate_parameter(block.text, parameter, ticker)

    try:
        part = await ls.run_with_progress(f"Generating {parameter}", work)
    except asyncio.CancelledError:
        ls.tell(f"Generating {parameter} cancelled; nothing was changed.")
        return {"applied": False, "reason": "cancelled"}
    except GenerationError as error:
        ls.tell(f"Could not generate {parameter}: {error}", types.MessageType.Error)
        return {"applied": False, "reason": str(error)}
    if part.value is None:
        ls.tell(f"The description does not state {parameter}; its default applies.")
        return {"applied": False, "reason": "not stated"}
    ls.log(f"{parameter} generated by {part.model} ({part.backend}) in {part.seconds:.2f} s")
    edits = parameter_edits(doc, call, parameter, part.value)
    if edits is None:
        return {"applied": False, "reason": "strategy call has errors"}
    outcome = await _apply(ls, doc, version, edits, parameter)
    doubt = doubt_message(part.doubts())
    if outcome["applied"] and doubt is not None:
        ls.tell(f"{parameter} inserted, but {doubt}.")
    return outcome
