"""Code actions: quick fixes from the validator's repairs, "Generate strategy from comment"
on a description, and "Regenerate this parameter" on a keyword of a Strategy call."""

from __future__ import annotations

from lsprotocol import types

from strategy_lsp.grammar import syntax as sx

from ..documents import OpenDocument
from .comments import call_at, comment_block, description_of
from .convert import lsp_diagnostic, lsp_range, overlaps, versioned_edit

GENERATE_FROM_COMMENT = "strategyLsp.generateFromComment"
REGENERATE_PARAMETER = "strategyLsp.regenerateParameter"


def quick_fixes(doc: OpenDocument, selection: types.Range) -> list[types.CodeAction]:
    actions = []
    for call in doc.document.strategies():
        for diagnostic in call.diagnostics:
            if diagnostic.repair is None:
                continue
            lsp = lsp_diagnostic(doc, diagnostic)
            if not overlaps(lsp.range, selection):
                continue
            edits = [types.TextEdit(range=lsp_range(doc, e.span), new_text=e.text)
                     for e in diagnostic.repair.edits]
            actions.append(types.CodeAction(
                title=diagnostic.repair.description, kind=types.CodeActionKind.QuickFix,
                diagnostics=[lsp], edit=versioned_edit(doc, edits), is_preferred=True))
    return actions


def generate_actions(doc: OpenDocument, selection: types.Range) -> list[types.CodeAction]:
    block = comment_block(doc, selection.start.line)
    if block is None or not block.text:
        return []
    return [types.CodeAction(
        title="Generate strategy from comment", kind=types.CodeActionKind.RefactorRewrite,
        command=types.Command(title="Generate strategy from comment",
                              command=GENERATE_FROM_COMMENT,
                              arguments=[doc.uri, doc.version, block.start_line]))]


def regenerate_actions(doc: OpenDocument, selection: types.Range) -> list[types.CodeAction]:
    line, col = doc.to_point(selection.start)
    call = call_at(doc, line, col)
    if call is None or call.analysis.syntax is None or description_of(doc, call) is None:
        return []
    node = call.analysis.syntax
    if not isinstance(node, sx.Call):
        return []
    rel = call.to_call(line, col)
    for keyword in node.keywords:
        if keyword.span.contains(*rel):
            return [types.CodeAction(
                title=f"Regenerate {keyword.name} from the comment",
                kind=types.CodeActionKind.RefactorRewrite,
                command=types.Command(title=f"Regenerate {keyword.name}",
                                      command=REGENERATE_PARAMETER,
                                      arguments=[doc.uri, doc.version, keyword.name, line,
                                                 col]))]
    return []


def code_actions(doc: OpenDocument, selection: types.Range) -> list[types.CodeAction]:
    if not doc.analysable:
        return []
    return [*quick_fixes(doc, selection), *generate_actions(doc, selection),
            *regenerate_actions(doc, selection)]
