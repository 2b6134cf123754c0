"""Diagnostics and repairs: what is wrong in strategy code, where, and how to mend it."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from .source import Span


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Edit(BaseModel):
    """Replace the text of ``span`` with ``text`` (an empty span inserts)."""

    model_config = ConfigDict(frozen=True)

    span: Span
    text: str


class Repair(BaseModel):
    """A change that mends a diagnostic, described for the user."""

    model_config = ConfigDict(frozen=True)

    description: str
    edits: tuple[Edit, ...]


class Diagnostic(BaseModel):
    """One problem in strategy code."""

    model_config = ConfigDict(frozen=True)

    span: Span
    severity: Severity
    code: str
    message: str
    repair: Repair | None = None

    def format(self, path: str) -> str:
        """``path:line:col: severity: message`` with 1-based line and column."""
        return (
            f"{path}:{self.span.start_line + 1}:{self.span.start_col + 1}: "
            f"{self.severity.value}: {self.message}"
        )


class StrategySyntaxError(ValueError):
    """Raised by the strict entry points when text is not valid strategy code."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = diagnostics
        first = diagnostics[0] if diagnostics else None
        detail = "; ".join(d.message for d in diagnostics[:3])
        where = f" at line {first.span.start_line + 1}" if first else ""
        super().__init__(f"invalid strategy code{where}: {detail}")
