"""Loss curves of a training run: recorded by iteration, saved as JSON, plotted as a PNG."""

from __future__ import annotations

import importlib
import json
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class LossLog:
    """Train and validation losses by (global) iteration or step."""

    train: list[tuple[int, float]] = field(default_factory=list)
    val: list[tuple[int, float]] = field(default_factory=list)

    def to_json(self) -> dict[str, list[list[float]]]:
        return {"train": [[i, v] for i, v in self.train], "val": [[i, v] for i, v in self.val]}

    @classmethod
    def from_json(cls, data: object) -> LossLog:
        if not isinstance(data, dict):
            return cls()
        return cls([(int(i), float(v)) for i, v in data.get("train", [])],
                   [(int(i), float(v)) for i, v in data.get("val", [])])

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(self.to_json(), indent=1) + "\n", "utf-8")

    @classmethod
    def load(cls, path: Path) -> LossLog:
        try:
            return cls.from_json(json.loads(path.read_text("utf-8")))
        except (OSError, ValueError):
            return cls()

    def until(self, iteration: int) -> LossLog:
        """The losses reported up to ``iteration`` (a resumed run redoes the rest)."""
        return LossLog([p for p in self.train if p[0] <= iteration],
                       [p for p in self.val if p[0] <= iteration])


def plot_losses(losses: LossLog, path: Path, title: str) -> bool:
    """Save the curves as a PNG; False, and nothing written, where matplotlib is missing."""
    try:
        # imported by name: matplotlib is optional (the train extra)
        figure_module = importlib.import_module("matplotlib.figure")
    except ImportError:
        return False
    figure = figure_module.Figure(figsize=(7, 4), dpi=100)
    axes = figure.add_subplot()
    for label, points, style in (("train", losses.train, "-"),
                                 ("validation", losses.val, "o-")):
        if points:
            axes.plot([p[0] for p in points], [p[1] for p in points], style, label=label)
    axes.set_xlabel("iteration")
    axes.set_ylabel("loss")
    axes.set_title(title)
    axes.grid(alpha=0.3)
    if losses.train or losses.val:
        axes.legend()
    figure.tight_layout()
    figure.savefig(path)
    return True
