"""A real server process driven by pytest-lsp, with a fake Ollama behind it."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any, Union

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from strategy_lsp.grammar import model_to_data, parse_expression, validate_strategy

from ..generation.fake_ollama import FakeOllama

CACHE = Path(os.environ.get("PYTEST_LSP_CACHE", "/tmp")) / "strategy-lsp-test-cache"

STRATEGY = ("Strategy(ticker='AAPL', position_type=PositionTypeEnum.LONG, "
            "buy_condition=CrossUnderCondition(first_series=RSI('AAPL', length=14), "
            "second_series=CONST(30)), sell_condition=CrossOverCondition("
            "first_series=RSI('AAPL', length=14), second_series=CONST(70)), "
            "stop_loss=StopLoss(percentage=5, stop_loss_type=StopLossType.TRAILING))")


def _json(code: str) -> str:
    expr, problems = parse_expression(code)
    assert expr is not None
    model = validate_strategy(expr, problems).model
    assert model is not None
    return json.dumps(model_to_data(model))


REPLIES = {
    "llama3.2:3b": _json(STRATEGY),
    "llama3.2:1b": json.dumps({"class": "StopLoss", "percentage": 5,
                               "stop_loss_type": "TRAILING"}),
}

CLIENTS = ["visual-studio-code", "neovim@v0.11.0"]


@pytest.fixture(scope="session")
def ollama() -> Iterator[FakeOllama]:
    server = FakeOllama(dict(REPLIES)).start()
    yield server
    server.stop()


def server_env() -> dict[str, str]:
    return {**os.environ, "STRATEGY_LSP_CACHE_DIR": str(CACHE)}


def options(ollama: FakeOllama, **extra: Any) -> dict[str, Any]:
    return {"backend": "ollama", "ollamaHost": ollama.url, "mode": "whole",
            "fallbackToEmbedded": False, "diagnosticsDelay": 0, **extra}


def _read_code_actions_correctly(client: LanguageClient) -> None:
    """lsprotocol reads any code action that carries a command as a bare Command (its hook
    only checks for a "command" key); tell the two apart by the type of that key."""
    converter = client.protocol._converter

    def hook(obj: Any, _: type) -> types.Command | types.CodeAction:
        if isinstance(obj.get("command"), str):
            return converter.structure(obj, types.Command)
        return converter.structure(obj, types.CodeAction)

    converter.register_structure_hook(types.Command | types.CodeAction, hook)
    converter.register_structure_hook(Union[types.Command, types.CodeAction], hook)  # noqa: UP007


class Recorder:
    """What the server asked the client to do."""

    def __init__(self) -> None:
        self.edits: list[types.WorkspaceEdit] = []
        self.apply = True


@pytest_lsp.fixture(
    config=ClientServerConfig(
        server_command=[sys.executable, "-m", "strategy_lsp.server.cli", "serve"],
        server_env=server_env()),
    params=CLIENTS)
async def client(request: pytest.FixtureRequest, lsp_client: LanguageClient,
                 ollama: FakeOllama) -> AsyncIterator[LanguageClient]:
    recorder = Recorder()

    @lsp_client.feature(types.WORKSPACE_APPLY_EDIT)
    def apply_edit(params: types.ApplyWorkspaceEditParams) -> types.ApplyWorkspaceEditResult:
        recorder.edits.append(params.edit)
        return types.ApplyWorkspaceEditResult(applied=recorder.apply)

    lsp_client.recorder = recorder  # type: ignore[attr-defined]
    _read_code_actions_correctly(lsp_client)
    params = types.InitializeParams(capabilities=client_capabilities(request.param),
                                    initialization_options=options(ollama))
    await lsp_client.initialize_session(params)
    yield lsp_client
    await lsp_client.shutdown_session()
