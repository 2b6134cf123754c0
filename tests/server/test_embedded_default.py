"""End to end with nothing configured: the server generates with the model that ships in the
package, offline, and inserts only code that validates."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator

import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from strategy_lsp.generation.engine import Generator, doubt_message
from strategy_lsp.grammar import parse_expression, validate_strategy

from .conftest import Recorder, _read_code_actions_correctly, server_env
from .test_e2e import open_doc, position

URI = "file:///work/fresh.py"
SOURCE = """# Long AAPL: buy when RSI(14) crosses below 30, sell when it crosses above 70.
# 5% trailing stop.
"""


@pytest_lsp.fixture(config=ClientServerConfig(
    server_command=[sys.executable, "-m", "strategy_lsp.server.cli", "serve"],
    server_env=server_env()))
async def fresh(lsp_client: LanguageClient) -> AsyncIterator[LanguageClient]:
    recorder = Recorder()

    @lsp_client.feature(types.WORKSPACE_APPLY_EDIT)
    def apply_edit(params: types.ApplyWorkspaceEditParams) -> types.ApplyWorkspaceEditResult:
        recorder.edits.append(params.edit)
        return types.ApplyWorkspaceEditResult(applied=True)

    lsp_client.recorder = recorder  # type: ignore[attr-defined]
    _read_code_actions_correctly(lsp_client)
    # no backend setting: the embedded default
    params = types.InitializeParams(capabilities=client_capabilities("visual-studio-code"),
                                    initialization_options={"diagnosticsDelay": 0})
    await lsp_client.initialize_session(params)
    yield lsp_client
    await lsp_client.shutdown_session()


async def _generate(client: LanguageClient, source: str, uri: str) -> object:
    open_doc(client, source, uri)
    where = position(source, "Long AAPL")
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), range=types.Range(
            start=where, end=where), context=types.CodeActionContext(diagnostics=[])))
    assert actions is not None
    [generate] = [a for a in actions if a.title == "Generate strategy from comment"]
    command = generate.command
    assert isinstance(command, types.Command)
    return await client.workspace_execute_command_async(types.ExecuteCommandParams(
        command=command.command, arguments=command.arguments))


async def test_generate_from_comment_uses_the_shipped_model(fresh: LanguageClient) -> None:
    result = await _generate(fresh, SOURCE, URI)
    assert result == {"applied": True}
    # the model was sure of every part of this one: no message after the insertion
    assert not any("unsure" in m.message for m in fresh.messages)
    change = fresh.recorder.edits[-1].document_changes[0]  # type: ignore[attr-defined]
    inserted = "".join(e.new_text for e in change.edits)
    code = inserted.split("strategy = ", 1)[1]
    expr, problems = parse_expression(code)
    assert expr is not None
    checked = validate_strategy(expr, problems)
    assert checked.ok, [d.message for d in checked.diagnostics]
    assert "ticker='AAPL'" in code
    assert "RSI('AAPL', length=14)" in code
    assert "stop_loss=StopLoss(percentage=5, stop_loss_type=StopLossType.TRAILING)" in code


VAGUE = "# Long AAPL: buy when things look good, sell when they look bad.\n"


async def test_the_user_is_told_which_parameters_the_model_was_unsure_of(
        fresh: LanguageClient) -> None:
    generator = Generator()  # the same shipped model, in this process
    expected = doubt_message((await generator.generate(VAGUE.lstrip("# "))).doubts())
    await generator.aclose()
    assert expected is not None, "pick a description the shipped model is unsure of"
    result = await _generate(fresh, VAGUE, "file:///work/vague.py")
    assert result == {"applied": True}
    assert f"Strategy inserted, but {expected}." in [m.message for m in fresh.messages]
