"""Static completion from the catalog: instant, no model, no index.

Enum members after ``SourceType.``, keyword names (with defaults) inside a catalog call,
classes of the expected kind as snippets where a value goes, and the Strategy keywords
still missing. Parameter completion through the router is offered as one more item that
runs a command, so static items never wait for a model.
"""

from __future__ import annotations

from lsprotocol import types

from strategy_lsp.grammar import CATALOG, ClassSpec, Kind, ParamSpec, ValueType
from strategy_lsp.grammar.render import render_inline
from strategy_lsp.grammar.spec import CALL_TYPES

from ..context import CursorContext
from ..documents import OpenDocument

GENERATE_PARAMETER = "strategyLsp.generateParameter"


def _default_text(param: ParamSpec) -> str:
    from strategy_lsp.grammar.model import default_value

    value = default_value(param.default)
    if param.required:
        return "required"
    return "None" if value is None else render_inline(value)


def keyword_items(spec: ClassSpec, given: list[str]) -> list[types.CompletionItem]:
    items = []
    for order, param in enumerate(spec.params):
        if param.variadic or param.name in given:
            continue
        items.append(types.CompletionItem(
            label=f"{param.name}=", kind=types.CompletionItemKind.Field,
            detail=f"{param.type.value}{' (' + param.enum + ')' if param.enum else ''} = "
                   f"{_default_text(param)}",
            documentation=param.summary, insert_text=f"{param.name}=",
            sort_text=f"{0 if param.required else 1}{order:03d}",
            command=types.Command(title="suggest", command="editor.action.triggerSuggest")))
    return items


def _snippet(spec: ClassSpec, ticker: str | None) -> str:
    parts = []
    index = 1
    for param in spec.params:
        if not param.required:
            continue
        if param.type is ValueType.TICKER:
            parts.append(f"'${{{index}:{ticker or 'AAPL'}}}'")
        elif param.variadic or param.positional:
            parts.append(f"${{{index}}}")
        else:
            parts.append(f"{param.name}=${{{index}}}")
        index += 1
    return f"{spec.name}({', '.join(parts)})$0"


def class_items(kinds: tuple[Kind, ...], ticker: str | None) -> list[types.CompletionItem]:
    items = []
    for kind in kinds:
        for spec in CATALOG.of_kind(kind):
            items.append(types.CompletionItem(
                label=spec.name, kind=types.CompletionItemKind.Class,
                detail=spec.names[0] if spec.names else spec.kind.value,
                documentation=spec.summary, insert_text=_snippet(spec, ticker),
                insert_text_format=types.InsertTextFormat.Snippet,
                filter_text=" ".join((spec.name, *spec.names))))
    return items


def enum_items(enum_name: str, with_owner: bool) -> list[types.CompletionItem]:
    spec = CATALOG.enum(enum_name)
    if spec is None:
        return []
    return [types.CompletionItem(
        label=f"{spec.name}.{m.name}" if with_owner else m.name,
        kind=types.CompletionItemKind.EnumMember, detail=repr(m.value),
        documentation=m.summary, sort_text=f"{i:03d}")
        for i, m in enumerate(spec.members)]


def _value_items(param: ParamSpec, ticker: str | None) -> list[types.CompletionItem]:
    if param.type is ValueType.ENUM and param.enum:
        return enum_items(param.enum, with_owner=True)
    if param.type in CALL_TYPES:
        return class_items((CALL_TYPES[param.type],), ticker)
    if param.type is ValueType.BOOL:
        return [types.CompletionItem(label=v, kind=types.CompletionItemKind.Keyword)
                for v in ("True", "False")]
    if param.type is ValueType.TICKER and ticker:
        return [types.CompletionItem(label=repr(ticker), kind=types.CompletionItemKind.Value)]
    return []


def static_completion(context: CursorContext, ticker: str | None) -> list[types.CompletionItem]:
    """The catalog's items for a cursor context."""
    if context.slot == "attribute":
        return enum_items(context.owner or "", with_owner=False)
    call = context.innermost
    spec = CATALOG.get(call.name) if call else None
    if spec is None:
        return []
    if context.slot == "value":
        param = spec.param(context.keyword or "")
        return _value_items(param, ticker) if param else []
    items = keyword_items(spec, call.keywords if call else [])
    positional = spec.params[0] if spec.params and spec.params[0].variadic else None
    if positional is not None:
        items += _value_items(positional, ticker)
    return items


def parameter_item(doc: OpenDocument, parameter: str, model: str, line: int,
                   column: int) -> types.CompletionItem:
    """The item that asks the router's model for one Strategy parameter."""
    return types.CompletionItem(
        label=f"✨ {parameter} from the description",
        kind=types.CompletionItemKind.Event,
        detail=f"generated by {model}",
        documentation="Asks the model to write this parameter from the comment above the "
                      "strategy. The result is inserted when it is ready and valid.",
        insert_text="", sort_text="~",
        command=types.Command(title=f"Generate {parameter}", command=GENERATE_PARAMETER,
                              arguments=[doc.uri, doc.version, parameter, line, column]))
