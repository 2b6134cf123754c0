"""Bad input against the real server process: impossible positions, malformed requests,
astral characters, a 10 MB file, files that are not Python, unknown documents, odd edits,
wrong command arguments, and a seeded stream mixing them.

Each test ends by checking that the server still answers a normal document correctly,
that pygls showed no "Error in server" message (an exception caught outside a request)
and that the server's stderr holds no exception other than pygls's own JSON-RPC refusals.

The tests that found server bugs (unanswered malformed requests, changes to unknown
documents, lone surrogates and CRs, positions past the last line, bad command arguments)
now guard their fixes.
"""

from __future__ import annotations

import itertools
import random
import sys
from collections.abc import AsyncIterator
from typing import Any

import pytest
import pytest_asyncio
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, client_capabilities

from strategy_lsp.grammar.formatter import format_source

from ..generation.fake_ollama import FakeOllama
from .bad_input_documents import (
    ASTRAL,
    ASTRAL_SOURCES,
    SMILE,
    SOURCE,
    STRATEGY,
    VALID_STRATEGY,
    astral_tokens,
    not_python,
    ten_megabytes,
)
from .bad_input_editor import Editor, escaped_exceptions
from .bad_input_rpc import CLIENT_MISTAKE_CODES, INVALID_PARAMS, METHOD_NOT_FOUND
from .bad_input_stream import Stream
from .bad_input_text import (
    UTF16,
    apply_edits,
    end_position,
    position,
    position_at,
    text_in,
)
from .conftest import CLIENTS, _read_code_actions_correctly, options, server_env

URI = "file:///work/bad.py"
NEVER_OPENED = "file:///work/never-opened.py"
MAX_UINT = 2**31 - 1
GENERATE = "strategyLsp.generateFromComment"
REGENERATE = "strategyLsp.regenerateParameter"


SERVER = ClientServerConfig(
    server_command=[sys.executable, "-m", "strategy_lsp.server.cli", "serve"],
    server_env=server_env(), client_factory=Editor.create)

# One server per client profile for the whole module, as an editor keeps one for a whole
# session: each test also checks that what earlier tests sent did not wear it down.
pytestmark = pytest.mark.asyncio(loop_scope="module")


async def _initialize(editor: Editor, profile: str, ollama: FakeOllama) -> None:
    _read_code_actions_correctly(editor)
    result = await editor.initialize_session(types.InitializeParams(
        capabilities=client_capabilities(profile), initialization_options=options(ollama)))
    encoding = result.capabilities.position_encoding
    editor.position_encoding = str(getattr(encoding, "value", encoding) or UTF16)


@pytest_lsp.fixture(config=SERVER, scope="module", params=CLIENTS)  # type: ignore[untyped-decorator]
async def profile_server(request: pytest.FixtureRequest, lsp_client: Editor,
                         ollama: FakeOllama) -> AsyncIterator[Editor]:
    await _initialize(lsp_client, request.param, ollama)
    yield lsp_client
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=SERVER, scope="module")  # type: ignore[untyped-decorator]
async def vscode_server(lsp_client: Editor, ollama: FakeOllama) -> AsyncIterator[Editor]:
    await _initialize(lsp_client, "visual-studio-code", ollama)
    yield lsp_client
    await lsp_client.shutdown_session()


@pytest_asyncio.fixture(loop_scope="module")
async def editor(profile_server: Editor) -> AsyncIterator[Editor]:
    """The server with each client profile (VS Code, Neovim), for behaviour that depends on
    what the client announced (the position encoding)."""
    profile_server.begin_test()
    yield profile_server
    await profile_server.end_test()


@pytest_asyncio.fixture(loop_scope="module")
async def vscode(vscode_server: Editor) -> AsyncIterator[Editor]:
    """The server with the VS Code profile, for behaviour that does not depend on it."""
    vscode_server.begin_test()
    yield vscode_server
    await vscode_server.end_test()


_alive = itertools.count(1)


async def assert_alive(editor: Editor, *, clean: bool = True) -> None:
    """The server answers a normal document correctly and (``clean``) nothing escaped so
    far: no "Error in server" message, no exception in its log."""
    uri = f"file:///work/alive-{next(_alive)}.py"
    editor.open(uri, SOURCE)
    hover = await editor.hover(uri, position(SOURCE, "RSI('AAPL', length", 1))
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    assert "Relative Strength Index" in hover.contents.value
    found = await editor.diagnostics_of(uri, 1)
    misspelt = types.Range(start=position(SOURCE, "lenght"), end=position(SOURCE, "lenght", 6))
    assert [(d.code, d.range) for d in found] == [("unknown-keyword", misspelt)]
    assert editor.error is None
    if clean:
        assert editor.server_errors() == []
        assert escaped_exceptions(await editor.server_log()) == []


def at(line: int, character: int) -> types.Position:
    return types.Position(line=line, character=character)


def span(start: types.Position, end: types.Position) -> types.Range:
    return types.Range(start=start, end=end)


# --- positions past the end -----------------------------------------------------------


async def test_positions_past_a_line_or_the_file_end_answer_as_its_end(vscode: Editor) -> None:
    vscode.open(URI, SOURCE)
    last = SOURCE.count("\n")
    end = end_position(SOURCE)  # right after "SourceType."
    members = await vscode.completion_labels(URI, end)
    assert members is not None and members[:3] == ["CLOSE", "OPEN", "HIGH"]
    for past in (at(last, 10_000), at(last + 5, 10_000), at(MAX_UINT, MAX_UINT)):
        assert await vscode.completion_labels(URI, past) == members
        assert await vscode.hover(URI, past) == await vscode.hover(URI, end)
    strategy_line = SOURCE.split("\n")[3]
    assert await vscode.hover(URI, at(3, 10_000)) == \
        await vscode.hover(URI, at(3, len(strategy_line)))
    # a selection running past the end of the strategy's line still finds its quick fix
    actions = await vscode.code_actions(URI, span(at(3, 0), at(3, MAX_UINT)))
    assert actions is not None
    assert [a.title for a in actions if isinstance(a, types.CodeAction)
            and a.kind == types.CodeActionKind.QuickFix] == ["Rename to length"]
    assert await vscode.range_formatting(URI, span(at(0, 0), at(MAX_UINT, MAX_UINT))) == []
    await assert_alive(vscode)


async def test_ranges_that_end_before_they_start_are_answered(vscode: Editor) -> None:
    vscode.open(URI, SOURCE)
    backwards = span(at(3, MAX_UINT), at(0, 5))
    actions = await vscode.code_actions(URI, backwards)
    assert actions is not None and all(isinstance(a, types.Command | types.CodeAction)
                                       for a in actions)
    assert await vscode.range_formatting(URI, backwards) == []
    await assert_alive(vscode)


# --- malformed requests ---------------------------------------------------------------

MALFORMED: list[tuple[str, Any]] = [
    (types.TEXT_DOCUMENT_HOVER, {"textDocument": {"uri": URI},
                                 "position": {"line": -1, "character": 0}}),
    (types.TEXT_DOCUMENT_HOVER, {"textDocument": {"uri": URI},
                                 "position": {"line": 0, "character": -5}}),
    (types.TEXT_DOCUMENT_HOVER, {"textDocument": {"uri": URI},
                                 "position": {"line": 2**31, "character": 0}}),
    (types.TEXT_DOCUMENT_HOVER, {"textDocument": {"uri": URI},
                                 "position": {"line": 0, "character": 2**53}}),
    (types.TEXT_DOCUMENT_HOVER, {"textDocument": {"uri": URI},
                                 "position": {"line": "zero", "character": 0}}),
    (types.TEXT_DOCUMENT_HOVER, {"textDocument": {"uri": URI}}),
    # ({"uri": 42} is read as the URI "42", a document never opened: a null answer)
    (types.TEXT_DOCUMENT_HOVER, None),
    (types.TEXT_DOCUMENT_COMPLETION, {"textDocument": {"uri": URI}, "position": [0, 0]}),
    (types.TEXT_DOCUMENT_CODE_ACTION, {"textDocument": {"uri": URI},
                                       "range": {"start": {"line": 0, "character": 0}},
                                       "context": {"diagnostics": []}}),
    (types.TEXT_DOCUMENT_CODE_ACTION, {"textDocument": {"uri": URI},
                                       "range": {"start": {"line": 0, "character": 0},
                                                 "end": {"line": 0, "character": 0}}}),
    (types.TEXT_DOCUMENT_FORMATTING, {"textDocument": {"uri": URI}}),
    (types.WORKSPACE_EXECUTE_COMMAND, {"command": GENERATE, "arguments": 5}),
    (types.WORKSPACE_EXECUTE_COMMAND, {"command": None, "arguments": []}),
]


async def test_malformed_requests_leave_the_server_answering(vscode: Editor) -> None:
    vscode.open(URI, SOURCE)
    for method, params in MALFORMED:
        vscode.raw.request(method, params)
    vscode.raw.request(types.TEXT_DOCUMENT_HOVER, None, with_params=False)
    await vscode.raw.answers(timeout=0)  # not waiting for answers: see the test below
    await assert_alive(vscode, clean=False)
    assert escaped_exceptions(await vscode.server_log()) == []


async def test_malformed_requests_are_answered_with_invalid_params(vscode: Editor) -> None:
    vscode.open(URI, SOURCE)
    for method, params in MALFORMED:
        vscode.raw.request(method, params)
    answers, unanswered = await vscode.raw.answers(timeout=3)
    assert [p.method for p in unanswered] == []
    assert [a.describe() for a in answers if a.code != INVALID_PARAMS] == []
    await assert_alive(vscode)


# --- unknown documents ----------------------------------------------------------------


async def test_requests_for_documents_never_opened_answer_nothing(vscode: Editor) -> None:
    anywhere = span(at(0, 0), at(5, 5))
    assert await vscode.hover(NEVER_OPENED, at(0, 0)) is None
    assert await vscode.completion_labels(NEVER_OPENED, at(3, 1)) is None
    assert await vscode.code_actions(NEVER_OPENED, anywhere) is None
    assert await vscode.formatting(NEVER_OPENED) is None
    assert await vscode.range_formatting(NEVER_OPENED, anywhere) is None
    await assert_alive(vscode)


async def test_changes_to_documents_never_opened_are_ignored(vscode: Editor) -> None:
    vscode.replace(NEVER_OPENED, 2, "x = 1\n")
    vscode.change(NEVER_OPENED, 3, [types.TextDocumentContentChangePartial(
        range=span(at(0, 0), at(0, 1)), text=STRATEGY)])
    vscode.text_document_did_close(types.DidCloseTextDocumentParams(
        text_document=types.TextDocumentIdentifier(uri="file:///work/closed-twice.py")))
    assert await vscode.hover(NEVER_OPENED, at(0, 1)) is None  # no document was made
    assert [p.version for p in vscode.published if p.uri == NEVER_OPENED] == []
    # opening it afterwards gives exactly the opened text
    vscode.open(NEVER_OPENED, SOURCE, version=7)
    found = await vscode.diagnostics_of(NEVER_OPENED, 7)
    assert [(d.code, d.range.start) for d in found] == [("unknown-keyword",
                                                        position(SOURCE, "lenght"))]
    await assert_alive(vscode)


# --- astral characters (UTF-16 surrogate pairs) ---------------------------------------


@pytest.mark.parametrize("name", sorted(ASTRAL_SOURCES))
async def test_diagnostic_ranges_cover_the_right_characters_around_astral_characters(
        editor: Editor, name: str) -> None:
    text = ASTRAL_SOURCES[name]
    editor.open(URI, text)
    found = await editor.diagnostics_of(URI, 1)
    covered = sorted((d.code, text_in(text, d.range, editor.position_encoding))
                     for d in found)
    assert covered == astral_tokens(text)
    await assert_alive(editor)


async def test_hover_and_completion_after_astral_characters_find_the_symbol(
        editor: Editor) -> None:
    encoding = editor.position_encoding
    text = ASTRAL_SOURCES["in a nested call only"] + \
        f"y = '{SMILE}{SMILE}'; z = RSI('A', source=SourceType.C)\n"
    editor.open(URI, text)
    hover = await editor.hover(URI, position(text, "RSI", 1, encoding))
    assert hover is not None and hover.range is not None
    assert text_in(text, hover.range, encoding) == "RSI"
    members = await editor.completion_labels(
        URI, position(text, "SourceType.", len("SourceType."), encoding))
    assert members is not None and members[:3] == ["CLOSE", "OPEN", "HIGH"]
    await assert_alive(editor)


async def test_positions_inside_a_surrogate_pair_are_answered(vscode: Editor) -> None:
    text = f"# {SMILE * 3} RSI under 30\ns = {STRATEGY}  # {SMILE}\n"
    vscode.open(URI, text)
    for character in (3, 5, 7):  # between the two code units of each emoji
        hover = await vscode.hover(URI, at(0, character))
        assert hover is None or isinstance(hover.contents, types.MarkupContent)
        assert await vscode.completion_labels(URI, at(0, character)) is None  # a comment
    emoji = position(text, f"# {SMILE}", 2, occurrence=1)  # the emoji after the strategy
    inside = at(emoji.line, emoji.character + 1)
    assert await vscode.hover(URI, inside) is None
    assert await vscode.code_actions(URI, span(inside, inside)) is not None
    await assert_alive(vscode)


async def test_quick_fix_and_formatting_after_astral_characters_edit_the_right_text(
        editor: Editor) -> None:
    encoding = editor.position_encoding
    text = ASTRAL_SOURCES["same line before"]
    editor.open(URI, text)
    found = await editor.diagnostics_of(URI, 1)
    actions = await editor.code_actions(URI, found[0].range, found)
    fixes = [a for a in actions or [] if isinstance(a, types.CodeAction) and a.edit]
    assert len(fixes) == 1
    change = fixes[0].edit.document_changes[0]  # type: ignore[union-attr,index]
    assert isinstance(change, types.TextDocumentEdit)
    edits = [e for e in change.edits if isinstance(e, types.TextEdit)]
    assert apply_edits(text, edits, encoding) == text.replace("lenght", "length")

    valid = f"x = '{ASTRAL}'; s = {VALID_STRATEGY}  # {SMILE}\n"
    editor.open("file:///work/valid.py", valid)
    edits = await editor.formatting("file:///work/valid.py") or []
    assert edits, "the one-line strategy is rewritten"
    assert apply_edits(valid, edits, encoding) == format_source(valid).text
    await assert_alive(editor)


# --- incremental edits ----------------------------------------------------------------

FILLER_PIECES = ["x", "é", SMILE, "𝕏", "中", " ", "\n# ", "ab😀cd", "\n# 🎉\n# "]
TICKER_PIECES = ["x", "é", SMILE, "𝕏", "中", "ab😀cd", ""]


async def test_random_incremental_edits_keep_the_server_in_step(
        editor: Editor) -> None:
    """Edits made the way an editor makes them (ranges in the announced encoding, several
    changes per notification, each on the text left by the one before) leave the server
    with the editor's text: the nested ticker it reports is the editor's, and its
    diagnostics and quick fix land on the right characters."""
    encoding = editor.position_encoding
    rng = random.Random(20240611)
    filler = "".join(f"# line {n} {SMILE} é 𝕏\n" for n in range(12))
    strategy = STRATEGY.replace("RSI('AAPL', lenght", f"RSI('Z{SMILE}é', lenght")
    text = f"{filler}s = {strategy}  # {ASTRAL}\n"
    editor.open(URI, text)
    version = 1
    for _ in range(25):
        changes: list[types.TextDocumentContentChangeEvent] = []
        for _ in range(rng.randint(1, 3)):
            if rng.random() < 0.5:
                start, end = _comment_range(text, rng)
                new = rng.choice(FILLER_PIECES)
            else:
                start, end = _ticker_range(text, rng)
                new = rng.choice(TICKER_PIECES)
            where = span(position_at(text, start, encoding), position_at(text, end, encoding))
            text = text[:start] + new + text[end:]
            changes.append(types.TextDocumentContentChangePartial(range=where, text=new))
        version += 1
        editor.change(URI, version, changes)
    found = sorted(await editor.diagnostics_of(URI, version), key=lambda d: str(d.code))
    ticker = text[text.index("RSI('Z") + len("RSI('"): text.index("', lenght")]
    assert [(d.code, text_in(text, d.range, encoding)) for d in found] == \
        [("ticker-mismatch", f"'{ticker}'"), ("unknown-keyword", "lenght")]
    assert f"reads '{ticker}'" in found[0].message
    actions = await editor.code_actions(URI, found[1].range, found[1:])
    fix = next(a for a in actions or [] if isinstance(a, types.CodeAction) and a.edit
               and a.title == "Rename to length")
    change = fix.edit.document_changes[0]  # type: ignore[union-attr,index]
    assert isinstance(change, types.TextDocumentEdit)
    edits = [e for e in change.edits if isinstance(e, types.TextEdit)]
    assert apply_edits(text, edits, encoding) == text.replace("lenght", "length")
    await assert_alive(editor)


def _comment_range(text: str, rng: random.Random) -> tuple[int, int]:
    """A random stretch (code-point offsets) of the comment lines above the strategy that
    keeps the "#" at the start of the line where it begins and may end lines further."""
    limit = text.index("s = Strategy(")
    starts = [0] + [i + 1 for i, c in enumerate(text[:limit - 1]) if c == "\n"]
    first = rng.randrange(len(starts))
    start = starts[first] + 1 + rng.randrange(text.index("\n", starts[first]) - starts[first])
    last = min(len(starts) - 1, first + rng.choice([0, 0, 0, 1, 2]))
    line_end = text.index("\n", starts[last])
    end = max(start, rng.randrange(starts[last] + 1, line_end + 1))
    return start, end


def _ticker_range(text: str, rng: random.Random) -> tuple[int, int]:
    """A random stretch inside the nested ticker ``'Z…'``, after its ``Z``."""
    first = text.index("RSI('Z") + len("RSI('Z")
    last = text.index("'", first)
    start = rng.randint(first, last)
    return start, rng.randint(start, last)


async def test_odd_incremental_ranges_do_not_break_the_document(vscode: Editor) -> None:
    text = f"{SMILE}{SMILE} first\nsecond line\n"
    vscode.open(URI, text)
    odd: list[list[types.TextDocumentContentChangeEvent]] = [
        [types.TextDocumentContentChangePartial(range=span(at(1, 6), at(0, 3)), text="X")],
        [types.TextDocumentContentChangePartial(range=span(at(10**6, 0), at(10**6, 9)),
                                                text="tail")],
        [types.TextDocumentContentChangePartial(range=span(at(0, 1), at(0, 1)), text="∂")],
        [types.TextDocumentContentChangePartial(range=span(at(0, 2), at(0, MAX_UINT)),
                                                text="😀\n\n")],
        [types.TextDocumentContentChangePartial(range=span(at(0, 0), at(MAX_UINT, 0)),
                                                text=""),
         types.TextDocumentContentChangePartial(range=span(at(0, 0), at(0, 0)), text="(" * 50),
         types.TextDocumentContentChangePartial(range=span(at(0, 10), at(0, 5)), text="')")],
        [],
    ]
    for version, changes in enumerate(odd, start=2):
        vscode.change(URI, version, changes)
        assert await vscode.diagnostics_of(URI, version) is not None  # each one is answered
    hover = await vscode.hover(URI, at(0, 3))
    assert hover is None or isinstance(hover.contents, types.MarkupContent)
    # the document is whole again after a full replacement
    version = len(odd) + 2
    vscode.replace(URI, version, SOURCE)
    found = await vscode.diagnostics_of(URI, version)
    assert [(d.code, d.range.start) for d in found] == [("unknown-keyword",
                                                        position(SOURCE, "lenght"))]
    await assert_alive(vscode)


async def test_a_change_reaching_below_the_last_line_reaches_the_end_of_the_document(
        vscode: Editor) -> None:
    """Some clients replace a whole buffer with the range (0, 0)–(line count, 0)."""
    text = "import os\ns = Strategy(ticker='A', lenght=1)"  # no newline at the end
    vscode.open(URI, text)
    vscode.change(URI, 2, [types.TextDocumentContentChangePartial(
        range=span(at(0, 0), at(text.count("\n") + 1, 0)), text="x = 1\n")])
    assert await vscode.diagnostics_of(URI, 2) == []  # nothing of the old text is left


async def test_completion_after_a_keyword_in_bare_parentheses_is_answered(
        vscode: Editor) -> None:
    text = "key = lambda row: row\nf = (lambda x="  # "=" is a trigger character
    vscode.open(URI, text)
    assert await vscode.completion_labels(URI, end_position(text)) in (None, [])
    await assert_alive(vscode)


# --- big and strange documents --------------------------------------------------------


async def test_a_ten_megabyte_document_is_opened_changed_and_answered(vscode: Editor) -> None:
    text, middle = ten_megabytes()
    assert len(text.encode()) >= 10_000_000
    vscode.open(URI, text)
    assert await vscode.diagnostics_of(URI, 1, timeout=60) is not None
    hover = await vscode.hover(URI, at(middle, 9))
    assert hover is not None and "Relative Strength Index" in str(hover.contents)
    vscode.change(URI, 2, [types.TextDocumentContentChangePartial(
        range=span(at(middle, 0), at(middle, 0)), text=f"# {SMILE}\n")])
    assert await vscode.diagnostics_of(URI, 2, timeout=60) is not None
    hover = await vscode.hover(URI, at(middle + 1, 9))
    assert hover is not None and "Relative Strength Index" in str(hover.contents)
    assert await vscode.completion_labels(URI, at(middle, 12)) in (None, [])
    assert await vscode.code_actions(URI, span(at(0, 0), at(MAX_UINT, 0))) is not None
    assert await vscode.formatting(URI) is not None
    one_line = "#" + "é" * 5_000_000
    vscode.open("file:///work/one-line.py", one_line)
    assert await vscode.hover("file:///work/one-line.py", at(0, 4_000_000)) is None
    vscode.replace(URI, 3, SOURCE)  # back to a small file: analysed again
    found = await vscode.diagnostics_of(URI, 3)
    assert [d.code for d in found] == ["unknown-keyword"]
    await assert_alive(vscode)


async def test_documents_that_are_not_python_are_answered(vscode: Editor) -> None:
    rng = random.Random(7)
    for name, (language, text) in not_python(seed=3).items():
        uri = f"file:///work/not-python/{name.replace(' ', '-')}"
        vscode.open(uri, text, language_id=language)
        found = await vscode.diagnostics_of(uri, 1)
        assert all(isinstance(d, types.Diagnostic) for d in found)
        lines = text.split("\n")
        for _ in range(8):
            line = rng.randrange(len(lines))
            where = at(line, rng.randrange(len(lines[line]) + 3))
            hover = await vscode.hover(uri, where)
            assert hover is None or isinstance(hover.contents, types.MarkupContent), name
            labels = await vscode.completion_labels(uri, where)
            assert labels is None or all(isinstance(label, str) for label in labels), name
            assert await vscode.code_actions(uri, span(where, where)) is not None, name
        assert await vscode.formatting(uri) is not None, name
    markdown = [p for p in vscode.published if p.uri.endswith("markdown")]
    assert [d.code for d in markdown[-1].diagnostics] == ["unknown-keyword"]
    await assert_alive(vscode)


# --- commands, methods and notifications ----------------------------------------------


async def test_commands_with_wrong_arguments_are_refused_as_invalid_params(
        vscode: Editor) -> None:
    vscode.open(URI, SOURCE)
    for command, arguments in [
        (GENERATE, [URI]),  # too few
        (GENERATE, [URI, 1, 2, 3]),  # too many
        (GENERATE, [URI, "one", 2]),  # not an integer
        (GENERATE, [URI, None, 2]),
        (REGENERATE, [URI, 1, "stop_loss", {"line": 1}, 0]),
        ("strategyLsp.noSuchCommand", [1, 2]),
    ]:
        vscode.raw.request(types.WORKSPACE_EXECUTE_COMMAND,
                           {"command": command, "arguments": arguments})
    vscode.raw.request("strategyLsp/noSuchMethod", {})
    answers, unanswered = await vscode.raw.answers()
    assert unanswered == []
    assert [a.describe() for a in answers if a.code not in CLIENT_MISTAKE_CODES] == []
    assert answers[-1].code == METHOD_NOT_FOUND
    await assert_alive(vscode)


async def test_commands_for_unknown_documents_or_without_arguments_are_refused(
        vscode: Editor) -> None:
    vscode.open(URI, SOURCE)
    for params in [
        {"command": GENERATE},  # no "arguments" at all
        {"command": GENERATE, "arguments": [NEVER_OPENED, 1, 2]},
        {"command": REGENERATE, "arguments": [NEVER_OPENED, 1, "stop_loss", 3, 4]},
        {"command": REGENERATE, "arguments": [URI, 1, "no_such_parameter", 3, 4]},
    ]:
        vscode.raw.request(types.WORKSPACE_EXECUTE_COMMAND, params)
    answers, unanswered = await vscode.raw.answers()
    assert unanswered == []
    assert [a.describe() for a in answers if a.code != INVALID_PARAMS] == []
    await assert_alive(vscode)


async def test_commands_that_cannot_act_answer_not_applied(vscode: Editor) -> None:
    vscode.open(URI, SOURCE)
    cases = [
        [URI, 1, 0],  # not a comment line
        [URI, 1, MAX_UINT],  # past the end
        [URI, 1, -3],  # before the start
        [URI, 99, 2],  # another version
    ]
    for arguments in cases:
        vscode.raw.request(types.WORKSPACE_EXECUTE_COMMAND,
                           {"command": GENERATE, "arguments": arguments})
    vscode.raw.request(types.WORKSPACE_EXECUTE_COMMAND,
                       {"command": REGENERATE, "arguments": [URI, 1, "stop_loss", 0, 0]})
    answers, unanswered = await vscode.raw.answers()
    assert unanswered == []
    assert [a.result.applied for a in answers] == [False] * 5
    assert vscode.edits == []
    await assert_alive(vscode)


async def test_unknown_notifications_and_bad_settings_are_ignored_or_reported(
        vscode: Editor, ollama: FakeOllama) -> None:
    vscode.raw.notify("strategyLsp/noSuchNotification", {"x": 1})
    vscode.raw.notify("$/cancelRequest", {"id": "never-sent"})
    vscode.raw.notify("window/workDoneProgress/cancel", {"token": "no-such-token"})
    vscode.raw.notify("$/setTrace", {"value": "verbose"})
    for settings in (42, "text", [1, 2], {"diagnosticsDelay": "soon"},
                     {"strategyLsp": {"mode": 3, "noSuchSetting": True}}):
        vscode.workspace_did_change_configuration(
            types.DidChangeConfigurationParams(settings=settings))
    vscode.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings=options(ollama)))
    await assert_alive(vscode)
    warnings = [m.message for m in vscode.messages_since_begin()
                if m.type == types.MessageType.Warning]
    assert any("diagnostics_delay='soon'" in w for w in warnings), warnings
    assert any("noSuchSetting" in w or "no_such_setting" in w for w in warnings), warnings


# --- known bugs -----------------------------------------------------------------------


async def test_bodies_that_are_not_json_and_malformed_notifications_are_not_server_errors(
        vscode: Editor) -> None:
    vscode.raw.send_body(b'{"jsonrpc": "2.0", "method": ')
    vscode.raw.send_body(b"\xff\xfe not even text")
    vscode.raw.notify(types.TEXT_DOCUMENT_DID_OPEN, {"textDocument": {"uri": URI}})
    vscode.raw.notify(types.TEXT_DOCUMENT_DID_CHANGE, {
        "textDocument": {"uri": URI, "version": 2}, "contentChanges": "everything"})
    await assert_alive(vscode)


async def test_a_document_with_a_lone_surrogate_is_kept(vscode: Editor) -> None:
    text = "x = '\ud800'\n" + SOURCE
    vscode.open(URI, text)
    found = await vscode.diagnostics_of(URI, 1, timeout=3)
    assert [(d.code, d.range.start) for d in found] == [("unknown-keyword",
                                                        position(text, "lenght"))]
    await assert_alive(vscode)


async def test_a_lone_carriage_return_ends_a_line(vscode: Editor) -> None:
    text = SOURCE.replace("\n", "\r")
    vscode.open(URI, text)
    found = await vscode.diagnostics_of(URI, 1)
    assert [(d.code, d.range.start) for d in found] == [
        ("unknown-keyword", position(SOURCE, "lenght"))]


# --- the stream -----------------------------------------------------------------------


@pytest.mark.parametrize("seed", [11])
async def test_a_seeded_stream_of_bad_input_is_answered_correctly(editor: Editor,
                                                                  seed: int) -> None:
    stream = Stream(editor, random.Random(seed), include_known_bugs=False)
    await stream.play(steps=300)
    assert await stream.problems() == []
    await assert_alive(editor)


async def test_a_seeded_stream_with_malformed_messages_is_answered_correctly(
        vscode: Editor) -> None:
    stream = Stream(vscode, random.Random(12), include_known_bugs=True)
    await stream.play(steps=300)
    assert await stream.problems(timeout=5) == []
    await assert_alive(vscode)
