"""The JSON-RPC layer, hardened: every request gets an answer, bad input never a popup.

pygls leaves a request whose params do not deserialize unanswered and shows the client an
"Error in server" message; a change to a document it never opened raises. Here the first
gets an InvalidParams answer, and the second is ignored (logged).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Generator
from typing import Any

from lsprotocol import types
from pygls.exceptions import JsonRpcException, JsonRpcInvalidParams
from pygls.protocol import LanguageServerProtocol
from pygls.protocol.language_server import lsp_method

log = logging.getLogger(__name__)


class _NotJsonFilter(logging.Filter):
    """pygls logs a traceback when a message body is not JSON; that is the client's mistake,
    so keep it to one warning line."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], json.JSONDecodeError):
            record.msg = f"ignored a message that is not JSON: {record.exc_info[1]}"
            record.args = ()
            record.exc_info = None
            record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True


for _name in ("pygls.io_", "pygls.server"):  # pygls reads messages with either logger
    logging.getLogger(_name).addFilter(_NotJsonFilter())


class _Refused:
    """Stands for a message that was answered (or dropped) while being read."""


REFUSED = _Refused()


class StrategyProtocol(LanguageServerProtocol):
    def structure_message(self, data: dict[str, Any]) -> Any:
        try:
            return super().structure_message(data)
        except JsonRpcException as error:
            cause = error.__cause__ or error
            method = data.get("method", "?")
            if "id" in data and "method" in data:
                refusal = JsonRpcInvalidParams.of(f"{method}: {_first_line(cause)}")
                self._send_response(data["id"], error=refusal.to_response_error())
            else:
                log.warning("ignored malformed %s: %s", method, _first_line(cause))
            return REFUSED

    def handle_message(self, message: Any) -> None:
        if message is REFUSED:
            return
        super().handle_message(message)

    @lsp_method(types.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(
            self, params: types.DidChangeTextDocumentParams) -> Generator[Any, Any, Any]:
        if params.text_document.uri not in self.workspace.text_documents:
            log.warning("ignored a change to %s, which is not open", params.text_document.uri)
            return None
        return (yield from super().lsp_text_document__did_change(params))


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__
