"""Diagnostics of every Strategy call, for ``textDocument/publishDiagnostics``."""

from __future__ import annotations

from lsprotocol import types

from ..documents import OpenDocument
from .convert import lsp_diagnostic


def document_diagnostics(doc: OpenDocument) -> list[types.Diagnostic]:
    if not doc.analysable:
        return []
    return [lsp_diagnostic(doc, d) for d in doc.document.diagnostics()]
