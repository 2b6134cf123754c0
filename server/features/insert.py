"""Text edits that put generated code into a document: the strategy under its comment,
the imports it needs added once, and one parameter replaced in place."""

from __future__ import annotations

from lsprotocol import types

from strategy_lsp.grammar import Call, Value, render
from strategy_lsp.grammar import syntax as sx
from strategy_lsp.grammar.document import CheckedCall
from strategy_lsp.grammar.imports import import_lines, required_imports
from strategy_lsp.grammar.render import render_inline

from ..documents import OpenDocument
from .comments import CommentBlock
from .convert import lsp_range


def _imported(doc: OpenDocument) -> tuple[dict[str, set[str]], int]:
    """Names already imported per module (``*`` for star imports), and the line after the
    last top-level import (0 when there is none)."""
    found: dict[str, set[str]] = {}
    after = 0
    root = doc.document.tree.root_node
    for node in root.children:
        if node.type == "import_from_statement":
            module = node.child_by_field_name("module_name")
            name = module.text.decode() if module is not None and module.text else ""
            names = found.setdefault(name, set())
            for child in node.children_by_field_name("name"):
                target = child.child_by_field_name("name") if child.type == "aliased_import" \
                    else child
                if target is not None and target.text:
                    names.add(target.text.decode())
            if any(c.type == "wildcard_import" for c in node.children):
                names.add("*")
            after = node.end_point[0] + 1
        elif node.type == "import_statement":
            after = node.end_point[0] + 1
        elif node.type == "expression_statement" and after == 0 and \
                node.start_point[0] == 0:
            after = node.end_point[0] + 1  # a module docstring
    return found, after


def import_edit(doc: OpenDocument, value: Value) -> types.TextEdit | None:
    """The import lines a value needs that the document lacks, as one insertion."""
    present, line = _imported(doc)
    missing: dict[str, set[str]] = {}
    for module, names in required_imports(value).items():
        have = present.get(module, set())
        if "*" in have:
            continue
        need = names - have
        if need:
            missing[module] = need
    if not missing:
        return None
    text = "\n".join(import_lines(missing)) + "\n"
    if line == 0 and doc.line_count() > 0 and doc.line(0).strip():
        text += "\n"
    position = types.Position(line=line, character=0)
    return types.TextEdit(range=types.Range(start=position, end=position), new_text=text)


def strategy_edits(doc: OpenDocument, block: CommentBlock, strategy: Call) -> list[types.TextEdit]:
    """Insert ``strategy = Strategy(...)`` under the comment, plus missing imports."""
    code = block.indent + "strategy = " + render(strategy, indent=block.indent) + "\n"
    below = block.end_line + 1
    position = types.Position(line=below, character=0)
    if below >= doc.line_count():  # the comment is the last line, without a newline
        last = doc.line(block.end_line)
        position = doc.to_position(block.end_line, len(last))
        code = "\n" + code
    edits = [types.TextEdit(range=types.Range(start=position, end=position), new_text=code)]
    imports = import_edit(doc, strategy)
    if imports is not None:
        edits.insert(0, imports)
    return edits


def _append_keyword(doc: OpenDocument, call: CheckedCall, node: sx.Call,
                    keyword: str) -> types.TextEdit:
    """Add ``keyword`` as the call's last argument, in the call's own layout."""
    close = call.to_buffer(node.args_span)
    close_line = doc.line(close.end_line)
    before_close = close_line[: close.end_col - 1]
    if not before_close.strip() and close.end_line > close.start_line:
        # block layout: ")" on its own line; add a line above it, like the others
        indent = before_close + "    "
        previous = call.text[: call.text.rindex(")")].rstrip()
        at = types.Position(line=close.end_line, character=0)
        if previous.endswith((",", "(")):
            return types.TextEdit(range=types.Range(start=at, end=at),
                                  new_text=f"{indent}{keyword},\n")
        # the last argument has no trailing comma: give it one, then add ours
        last = doc.to_position(*_end_of(previous, call))
        return types.TextEdit(range=types.Range(start=last, end=at),
                              new_text=f",\n{indent}{keyword},\n")
    end = doc.to_position(close.end_line, close.end_col - 1)
    separator = "" if before_close.rstrip().endswith(("(", ",")) else ", "
    return types.TextEdit(range=types.Range(start=end, end=end),
                          new_text=f"{separator}{keyword}")


def _end_of(prefix: str, call: CheckedCall) -> tuple[int, int]:
    """Buffer (line, column) of the end of ``prefix``, a prefix of the call's text."""
    lines = prefix.split("\n")
    line = call.span.start_line + len(lines) - 1
    column = len(lines[-1]) + (call.span.start_col if len(lines) == 1 else 0)
    return line, column


def parameter_edits(doc: OpenDocument, call: CheckedCall, parameter: str,
                    value: Value) -> list[types.TextEdit] | None:
    """Replace a keyword's value in a Strategy call, or add the keyword when it is absent."""
    node = call.analysis.syntax
    if not isinstance(node, sx.Call):
        return None
    text = render_inline(value)
    edits: list[types.TextEdit] = []
    for keyword in node.keywords:
        if keyword.name == parameter:
            span = call.to_buffer(keyword.value.span)
            edits.append(types.TextEdit(range=lsp_range(doc, span), new_text=text))
            break
    else:
        edits.append(_append_keyword(doc, call, node, f"{parameter}={text}"))
    imports = import_edit(doc, value)
    if imports is not None:
        edits.insert(0, imports)
    return edits
