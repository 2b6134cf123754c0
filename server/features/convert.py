"""Grammar spans and diagnostics to LSP ranges and diagnostics."""

from __future__ import annotations

from lsprotocol import types

from strategy_lsp.grammar import Diagnostic, Severity, Span

from ..documents import OpenDocument

SOURCE = "strategy-lsp"

_SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}


def lsp_range(doc: OpenDocument, span: Span) -> types.Range:
    return types.Range(start=doc.to_position(span.start_line, span.start_col),
                       end=doc.to_position(span.end_line, span.end_col))


def lsp_diagnostic(doc: OpenDocument, diagnostic: Diagnostic) -> types.Diagnostic:
    return types.Diagnostic(range=lsp_range(doc, diagnostic.span), message=diagnostic.message,
                            severity=_SEVERITY[diagnostic.severity], code=diagnostic.code,
                            source=SOURCE)


def versioned_edit(doc: OpenDocument, edits: list[types.TextEdit]) -> types.WorkspaceEdit:
    """A workspace edit that the client applies only to this version of the document."""
    return types.WorkspaceEdit(document_changes=[types.TextDocumentEdit(
        text_document=types.OptionalVersionedTextDocumentIdentifier(uri=doc.uri,
                                                                    version=doc.version),
        edits=list(edits))])


def overlaps(a: types.Range, b: types.Range) -> bool:
    def key(p: types.Position) -> tuple[int, int]:
        return p.line, p.character

    return key(a.start) <= key(b.end) and key(b.start) <= key(a.end)
