"""Typed model to canonical code.

Canonical means: arguments in catalog order, positional where the library's own examples
write them positionally (a series' ticker, ``CONST(30)``, ``Contracts(1)``, dates), keywords
everywhere else. A ``Strategy`` is written one keyword per line with a trailing comma;
``inline=True`` gives the one-line form used in datasets and model prompts.
"""

from __future__ import annotations

import math

from .catalog import CATALOG
from .model import Call, EnumValue, Value

INDENT = "    "


def render(value: Value, *, inline: bool = False, indent: str = "") -> str:
    """Canonical code for a model value.

    >>> render(Call(name="CONST", args={"const_number": 30}))
    'CONST(30)'
    """
    if isinstance(value, Call) and value.name == "Strategy" and not inline:
        return _render_block(value, indent)
    return render_inline(value)


def render_inline(value: Value) -> str:
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"cannot render non-finite number {value!r}")
        return repr(value)
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, EnumValue):
        return f"{value.enum}.{value.member}"
    if isinstance(value, Call):
        return f"{value.name}({', '.join(_arguments(value))})"
    if isinstance(value, tuple):
        return ", ".join(render_inline(v) for v in value)
    raise TypeError(f"cannot render {type(value).__name__}")


def _arguments(call: Call) -> list[str]:
    spec = CATALOG.get(call.name)
    if spec is None:
        raise ValueError(f"{call.name} is not a catalog class")
    parts: list[str] = []
    positional = True  # positional only while no earlier parameter was skipped
    for param in spec.params:
        if param.name not in call.args:
            positional = False
            continue
        value = call.args[param.name]
        if param.variadic and isinstance(value, tuple):
            parts.extend(render_inline(v) for v in value)
        elif param.positional and positional:
            parts.append(render_inline(value))
        else:
            positional = False
            parts.append(f"{param.name}={render_inline(value)}")
    return parts


def _render_block(call: Call, indent: str) -> str:
    inner = indent + INDENT
    lines = [f"{inner}{part}," for part in _arguments(call)]
    if not lines:
        return f"{call.name}()"
    return f"{call.name}(\n" + "\n".join(lines) + f"\n{indent})"
