"""The import statements a strategy model needs, derived from where the catalog says each
class lives."""

from __future__ import annotations

from .catalog import CATALOG
from .model import Call, EnumValue, Value


def required_imports(value: Value) -> dict[str, set[str]]:
    """Module → names used by a model value, e.g. ``{"trading_strategy_tester": {"Strategy"}}``."""
    needed: dict[str, set[str]] = {}

    def visit(item: Value) -> None:
        if isinstance(item, Call):
            spec = CATALOG.get(item.name)
            if spec is not None:
                needed.setdefault(spec.module, set()).add(spec.name)
            for child in item.args.values():
                visit(child)
        elif isinstance(item, EnumValue):
            enum = CATALOG.enum(item.enum)
            if enum is not None:
                needed.setdefault(enum.module, set()).add(enum.name)
        elif isinstance(item, tuple):
            for child in item:
                visit(child)

    visit(value)
    return needed


def import_lines(needed: dict[str, set[str]]) -> list[str]:
    """``from module import a, b`` lines, sorted, one per module."""
    return [f"from {module} import {', '.join(sorted(names))}"
            for module, names in sorted(needed.items())]
