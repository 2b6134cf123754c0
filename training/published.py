"""The original project's published figures (its own test set of 10,000 cases, made by its
own data generator), for the evaluation report to stand beside."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Published:
    """One row of the original's results; a figure is a (low, high) range of fractions."""

    model: str
    scope: str  # "whole strategy", "conditions only" or "per field"
    valid: tuple[float, float]
    identical: tuple[float, float]
    correct: tuple[float, float]  # correct parameters (leaves), over valid outputs
    note: str = ""

    @property
    def label(self) -> str:
        return f"{self.model}, {self.scope}"

    def to_json(self) -> dict[str, Any]:
        return {"model": self.model, "scope": self.scope, "valid": list(self.valid),
                "identical": list(self.identical), "correct_parameters": list(self.correct),
                "note": self.note}


def _at(value: float) -> tuple[float, float]:
    return value, value


ORIGINAL: tuple[Published, ...] = (
    Published("Llama 3.2 3B fine-tuned", "whole strategy", _at(0.885), _at(0.115), _at(0.956)),
    Published("Llama 3.2 3B fine-tuned", "conditions only", _at(0.902), _at(0.104),
              _at(0.935)),
    Published("Llama 3.2 3B few-shot", "whole strategy", _at(0.023), _at(0.0), _at(0.864),
              note="correct parameters of the few outputs that were valid"),
    Published("Llama 3.2 1B fine-tuned", "per field", (0.999, 1.0), (0.135, 1.0), (0.23, 1.0),
              note="range over the fields; the end date is the lowest"),
)
