"""Source text to syntax tree, with tree-sitter-python. Nothing is ever evaluated.

Two entry points: :func:`parse_buffer` finds every ``Strategy(...)`` call in a whole Python
buffer; :func:`parse_expression` reads one bare expression (what a model writes). Both
accept only calls, keywords, literals and ``Enum.MEMBER``; everything else (lambdas,
comprehensions, f-strings, starred arguments, attribute chains, arithmetic) becomes an
:class:`~strategy_lsp.grammar.syntax.Invalid` node and a diagnostic.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

import tree_sitter as ts
import tree_sitter_python as tsp

from . import syntax as sx
from .diagnostics import Diagnostic, Severity
from .source import LineIndex, Span

LANGUAGE = ts.Language(tsp.language())

#: Deepest nesting of calls accepted inside one strategy expression.
MAX_DEPTH = 24
#: Most syntax nodes accepted in one strategy expression.
MAX_NODES = 4000
#: Longest strategy expression accepted, in bytes.
MAX_BYTES = 100_000

_STRATEGY_QUERY = ts.Query(
    LANGUAGE,
    """
    (call function: (identifier) @name (#eq? @name "Strategy")) @call
    (call function: (attribute attribute: (identifier) @name (#eq? @name "Strategy"))) @call
    """,
)

#: Calls through a module that name a catalog class: ``datetime.datetime(...)``, and
#: ``Strategy`` through whatever alias the library was imported as.
_MODULE_CALLS = {"datetime": ("datetime",)}

_READABLE = {
    "lambda": "a lambda",
    "list_comprehension": "a list comprehension",
    "dictionary_comprehension": "a dict comprehension",
    "set_comprehension": "a set comprehension",
    "generator_expression": "a generator expression",
    "binary_operator": "arithmetic",
    "boolean_operator": "a boolean operator",
    "comparison_operator": "a comparison",
    "not_operator": "'not'",
    "subscript": "indexing",
    "list": "a list",
    "tuple": "a tuple",
    "dictionary": "a dict",
    "set": "a set",
    "conditional_expression": "an if-expression",
    "await": "'await'",
    "named_expression": "an assignment expression",
    "list_splat": "a starred argument",
    "dictionary_splat": "a ** argument",
    "concatenated_string": "implicitly joined strings",
    "ellipsis": "'...'",
}


def parser() -> ts.Parser:
    """A tree-sitter parser for Python."""
    return ts.Parser(LANGUAGE)


@dataclass(slots=True)
class ParsedCall:
    """One ``Strategy(...)`` call found in a buffer."""

    node: sx.Expr
    span: Span
    diagnostics: list[Diagnostic]
    text: bytes


@dataclass(slots=True)
class BufferParse:
    calls: list[ParsedCall] = field(default_factory=list)


class _Reader:
    """Converts one tree-sitter subtree into syntax nodes, enforcing the limits."""

    def __init__(self, index: LineIndex) -> None:
        self.index = index
        self.diagnostics: list[Diagnostic] = []
        self.nodes = 0
        self.too_big = False

    def span(self, node: ts.Node) -> Span:
        return self.index.span(node.start_point, node.end_point, node.start_byte, node.end_byte)

    def problem(self, node: ts.Node, code: str, message: str) -> sx.Invalid:
        span = self.span(node)
        self.diagnostics.append(Diagnostic(span=span, severity=Severity.ERROR, code=code,
                                           message=message))
        return sx.Invalid(span=span, reason=message)

    def expr(self, node: ts.Node, depth: int) -> sx.Expr:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            if not self.too_big:
                self.too_big = True
                self.problem(node, "too-long",
                             f"Strategy expression is too large (over {MAX_NODES} parts).")
            return sx.Invalid(span=self.span(node), reason="too large")
        kind = node.type
        if node.is_missing:
            return self.problem(node, "syntax", f"Syntax error: missing {kind!r}.")
        if kind == "call":
            return self.call(node, depth)
        if kind in ("integer", "float"):
            return self.number(node, negative=False)
        if kind == "string":
            return self.string(node)
        if kind == "true" or kind == "false":
            return sx.Boolean(span=self.span(node), value=kind == "true")
        if kind == "none":
            return sx.NoneValue(span=self.span(node))
        if kind == "identifier":
            return sx.Name(span=self.span(node), name=_text(node))
        if kind == "attribute":
            return self.attribute(node)
        if kind == "unary_operator":
            return self.unary(node)
        if kind == "parenthesized_expression":
            inner = [c for c in node.named_children if c.type != "comment"]
            if len(inner) == 1:
                return self.expr(inner[0], depth)
        if kind == "ERROR":
            return self.problem(node, "syntax", "Syntax error in strategy code.")
        what = _READABLE.get(kind, kind.replace("_", " "))
        return self.problem(node, "not-allowed",
                            f"{what[0].upper()}{what[1:]} is not allowed in strategy code; "
                            "write plain values, catalog calls and Enum.MEMBER names.")

    def number(self, node: ts.Node, negative: bool) -> sx.Expr:
        text = _text(node)
        try:
            value = ast.parse(text, mode="eval").body
        except (SyntaxError, ValueError):
            return self.problem(node, "syntax", f"{text!r} is not a valid number.")
        if not isinstance(value, ast.Constant) or not isinstance(value.value, int | float) or \
                isinstance(value.value, bool):
            return self.problem(node, "not-allowed", f"{text!r} is not a real number.")
        number = value.value
        return sx.Number(span=self.span(node), value=-number if negative else number)

    def unary(self, node: ts.Node) -> sx.Expr:
        operator = node.child_by_field_name("operator")
        operand = node.child_by_field_name("argument")
        if operator is not None and operand is not None and operand.type in ("integer", "float") \
                and _text(operator) in ("-", "+"):
            number = self.number(operand, negative=_text(operator) == "-")
            if isinstance(number, sx.Number):
                number.span = self.span(node)
            return number
        return self.problem(node, "not-allowed",
                            "Only a sign before a number is allowed, e.g. -5.")

    def string(self, node: ts.Node) -> sx.Expr:
        start = node.child(0)
        prefix = _text(start).lower().strip("'\"") if start is not None else ""
        if "f" in prefix or "b" in prefix:
            kind = "F-strings" if "f" in prefix else "Byte strings"
            return self.problem(node, "not-allowed", f"{kind} are not allowed in strategy code.")
        if any(c.type == "interpolation" for c in node.children):
            return self.problem(node, "not-allowed", "F-strings are not allowed in strategy code.")
        try:
            value = ast.parse(_text(node), mode="eval").body
        except (SyntaxError, ValueError):
            return self.problem(node, "syntax", "Malformed string literal.")
        if not isinstance(value, ast.Constant) or not isinstance(value.value, str):
            return self.problem(node, "not-allowed", "Only plain strings are allowed.")
        return sx.String(span=self.span(node), value=value.value)

    def attribute(self, node: ts.Node) -> sx.Expr:
        owner = node.child_by_field_name("object")
        member = node.child_by_field_name("attribute")
        if owner is None or member is None or owner.type != "identifier":
            return self.problem(node, "not-allowed",
                                "Only enum members such as SourceType.CLOSE may use a dot.")
        return sx.Attribute(span=self.span(node), owner=_text(owner), member=_text(member),
                            owner_span=self.span(owner), member_span=self.span(member))

    def call(self, node: ts.Node, depth: int) -> sx.Expr:
        if depth >= MAX_DEPTH:
            return self.problem(node, "too-deep",
                                f"Strategy expression is nested too deeply (over {MAX_DEPTH}).")
        function = node.child_by_field_name("function")
        arguments = node.child_by_field_name("arguments")
        if function is None or arguments is None:
            return self.problem(node, "syntax", "Malformed call.")
        if function.type == "attribute":
            owner = function.child_by_field_name("object")
            attr = function.child_by_field_name("attribute")
            # ``tst.Strategy(...)`` and ``datetime.datetime(...)`` name a catalog class through
            # a module; anything else with a dot is a method call and is refused.
            if owner is None or attr is None or owner.type != "identifier" or \
                    _text(attr) not in _MODULE_CALLS.get(_text(owner), ("Strategy",)):
                return self.problem(function, "not-allowed",
                                    "Only catalog classes can be called in strategy code.")
            name_node = attr
        elif function.type == "identifier":
            name_node = function
        else:
            return self.problem(function, "not-allowed",
                                "Only catalog classes can be called in strategy code.")
        if arguments.type != "argument_list":
            return self.problem(arguments, "not-allowed",
                                "A generator expression is not allowed as an argument.")
        call = sx.Call(span=self.span(node), name=_text(name_node),
                       name_span=self.span(function), args_span=self.span(arguments))
        for child in arguments.children:
            kind = child.type
            if not child.is_named or kind == "comment":
                if child.is_missing:
                    self.problem(child, "syntax", f"Syntax error: missing {kind!r}.")
                continue
            if kind == "keyword_argument":
                name = child.child_by_field_name("name")
                value = child.child_by_field_name("value")
                if name is None or value is None:
                    self.problem(child, "syntax", "Malformed keyword argument.")
                    continue
                call.keywords.append(sx.Keyword(span=self.span(child), name=_text(name),
                                                name_span=self.span(name),
                                                value=self.expr(value, depth + 1)))
            else:
                if call.keywords and kind not in ("ERROR", "list_splat", "dictionary_splat"):
                    self.problem(child, "syntax",
                                 "A positional argument cannot follow keyword arguments.")
                    continue
                call.args.append(self.expr(child, depth + 1))
        return call


def _text(node: ts.Node | None) -> str:
    if node is None or node.text is None:
        return ""
    return node.text.decode("utf-8", errors="replace")


def _syntax_errors(reader: _Reader, node: ts.Node) -> None:
    """Report ERROR nodes that the expression walk never visits (e.g. stray tokens)."""
    if not node.has_error:
        return
    seen = {(d.span.start_byte, d.span.end_byte) for d in reader.diagnostics}
    stack = [node]
    while stack:
        current = stack.pop()
        if current.type == "ERROR" or current.is_missing:
            key = (current.start_byte, current.end_byte)
            if key not in seen and not any(s <= key[0] and key[1] <= e for s, e in seen):
                reader.problem(current, "syntax", "Syntax error in strategy code.")
                seen.add(key)
            continue
        if current.has_error:
            stack.extend(current.children)


def read_call(node: ts.Node, index: LineIndex) -> ParsedCall:
    """Convert one tree-sitter call node into a :class:`ParsedCall`."""
    reader = _Reader(index)
    span = reader.span(node)
    if node.end_byte - node.start_byte > MAX_BYTES:
        expr: sx.Expr = reader.problem(node, "too-long",
                                       f"Strategy call is too long (over {MAX_BYTES} bytes).")
    else:
        expr = reader.expr(node, 0)
        _syntax_errors(reader, node)
    return ParsedCall(node=expr, span=span, diagnostics=reader.diagnostics,
                      text=index.data[node.start_byte:node.end_byte])


def strategy_call_nodes(tree: ts.Tree) -> list[ts.Node]:
    """Outermost ``Strategy(...)`` call nodes of a tree, in source order."""
    captures = ts.QueryCursor(_STRATEGY_QUERY).captures(tree.root_node)
    nodes = sorted(captures.get("call", []), key=lambda n: n.start_byte)
    outer: list[ts.Node] = []
    for node in nodes:
        if outer and node.start_byte < outer[-1].end_byte:
            continue  # nested inside the previous call
        outer.append(node)
    return outer


def parse_buffer(text: str, tree: ts.Tree | None = None) -> BufferParse:
    """Find and read every ``Strategy(...)`` call of a Python buffer."""
    data = text.encode("utf-8")
    if tree is None:
        tree = parser().parse(data)
    index = LineIndex(data)
    return BufferParse(calls=[read_call(n, index) for n in strategy_call_nodes(tree)])


def parse_expression(text: str) -> tuple[sx.Expr | None, list[Diagnostic]]:
    """Read one bare expression, such as a model's output ``StopLoss(percentage=5)``.

    Returns the syntax node (``None`` when there is no single expression) and the problems.
    """
    data = text.encode("utf-8")
    index = LineIndex(data)
    if len(data) > MAX_BYTES:
        span = index.span_of_bytes(0, len(data))
        return None, [Diagnostic(span=span, severity=Severity.ERROR, code="too-long",
                                 message=f"Expression is too long (over {MAX_BYTES} bytes).")]
    tree = parser().parse(data)
    root = tree.root_node
    statements = [c for c in root.named_children if c.type != "comment"]
    reader = _Reader(index)
    if len(statements) != 1 or statements[0].type != "expression_statement" \
            or statements[0].named_child_count != 1:
        span = index.span_of_bytes(0, len(data))
        message = ("Expected one expression." if statements else "Expected an expression, "
                   "found nothing.")
        return None, [Diagnostic(span=span, severity=Severity.ERROR, code="syntax",
                                 message=message)]
    node = statements[0].named_children[0]
    expr = reader.expr(node, 0)
    _syntax_errors(reader, root)
    return expr, reader.diagnostics
