"""PNG charts of a report, with matplotlib (the optional extra ``train``).

``fields.png``: per-field accuracy; ``original.png``: our headline figures beside the
original's; ``latency.png``: seconds per model call, by parameter. Figures are drawn without
pyplot, so nothing global changes and no display is needed.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import TYPE_CHECKING

from .published import ORIGINAL
from .report import Report, Summary

if TYPE_CHECKING:
    # matplotlib is optional: the ignore lets the type check pass where it is not installed
    from matplotlib.axes import Axes  # type: ignore[import-not-found, unused-ignore]

MISSING_MATPLOTLIB = ("Plots need matplotlib, which comes with the optional extra 'train': "
                      "pip install 'strategy-lsp[train]' (or pip install matplotlib).")


class PlotsUnavailable(RuntimeError):
    """matplotlib is not installed."""


def plots_available() -> bool:
    return importlib.util.find_spec("matplotlib") is not None


def write_plots(report: Report, folder: Path) -> list[Path]:
    """Write the charts into ``folder`` (created if needed); returns their paths."""
    try:
        from matplotlib.figure import Figure  # type: ignore[import-not-found, unused-ignore]
    except ImportError as error:
        raise PlotsUnavailable(MISSING_MATPLOTLIB) from error
    folder.mkdir(parents=True, exist_ok=True)
    summary = report.summary()
    title = _title(report)
    written: list[Path] = []
    drawings = [("fields.png", _fields), ("original.png", _original)]
    if summary.parts:
        drawings.append(("latency.png", _latency))
    for name, draw in drawings:
        figure = Figure(figsize=(9, 7), layout="constrained")
        draw(figure.subplots(), summary)
        figure.suptitle(title, fontsize=9)
        path = folder / name
        figure.savefig(path, dpi=120)
        written.append(path)
    return written


def _title(report: Report) -> str:
    run = report.run
    models = run.get("models", {})
    return (f"{run.get('backend', '?')} {models.get('large', '?')}, mode {run.get('mode', '?')}, "
            f"{run.get('cases', len(report.results))} cases")


def _fields(axes: Axes, summary: Summary) -> None:
    names = [*summary.fields, "conditions"]
    scores = [*summary.fields.values(), summary.conditions]
    series = [("correct parameters", [s.counts.recall for s in scores]),
              ("identical", [s.identical_rate for s in scores]),
              ("valid", [s.valid_rate for s in scores])]
    height = 0.8 / len(series)
    for offset, (label, values) in enumerate(series):
        positions = [i + (offset - 1) * height for i in range(len(names))]
        bars = axes.barh(positions, [100 * (v or 0) for v in values], height=height,
                         label=label)
        axes.bar_label(bars, labels=["-" if v is None else f"{100 * v:.1f}" for v in values],
                       fontsize=6, padding=2)
    axes.set_yticks(range(len(names)), names)
    axes.invert_yaxis()
    axes.set_xlim(0, 108)
    axes.set_xlabel("% of cases (valid, identical) or of reference leaves (correct)")
    axes.set_title("Per-field accuracy")
    axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.08), ncols=3, fontsize=8)


def _original(axes: Axes, summary: Summary) -> None:
    metrics = ["valid", "identical", "correct parameters"]
    rows: list[tuple[str, list[tuple[float, float]]]] = []
    for label, score in (("ours: whole", summary.strategy),
                         ("ours: conditions", summary.conditions)):
        rates = [score.valid_rate, score.identical_rate, score.counts.recall]
        rows.append((label, [(r or 0.0, r or 0.0) for r in rates]))
    spans = [summary.field_range(f) for f in ("valid", "identical", "recall")]
    rows.append(("ours: per field (range)", [s or (0.0, 0.0) for s in spans]))
    for figures in ORIGINAL:
        rows.append((f"original: {figures.model}, {figures.scope}",
                     [figures.valid, figures.identical, figures.correct]))
    width = 0.8 / len(rows)
    for index, (label, values) in enumerate(rows):
        positions = [m + (index - (len(rows) - 1) / 2) * width for m in range(len(metrics))]
        lows = [100 * low for low, _ in values]
        spans_pct = [100 * (high - low) for low, high in values]
        ranged = any(high > low for low, high in values)
        # a range of one value still shows, as a thin bar at that value
        heights = [max(s, 0.8) if ranged else low for s, low in zip(spans_pct, lows,
                                                                      strict=True)]
        axes.bar(positions, heights, width=width, bottom=lows if ranged else None,
                 label=label, hatch="//" if label.startswith("original") else None,
                 edgecolor="white" if label.startswith("original") else None)
    axes.set_xticks(range(len(metrics)), metrics)
    axes.set_ylim(0, 105)
    axes.set_ylabel("%  (a floating bar is a lowest–highest range over fields)")
    axes.set_title("Ours beside the original's published figures")
    axes.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.06), ncols=2)


def _latency(axes: Axes, summary: Summary) -> None:
    names = list(summary.parts)
    medians = [summary.parts[n].timing.median or 0.0 for n in names]
    p95 = [summary.parts[n].timing.p95 or 0.0 for n in names]
    errors = [[0.0] * len(names), [max(h - m, 0.0) for m, h in zip(medians, p95, strict=True)]]
    axes.barh(range(len(names)), medians, xerr=errors, capsize=3, label="median (bar to p95)")
    axes.set_yticks(range(len(names)), names)
    axes.invert_yaxis()
    axes.set_xlabel("seconds per call")
    latency = summary.latency
    axes.set_title(f"Model calls; per case: median {latency.median or 0:.3f} s, "
                   f"p95 {latency.p95 or 0:.3f} s")
    axes.legend(fontsize=8, loc="lower right")


__all__ = ["MISSING_MATPLOTLIB", "PlotsUnavailable", "plots_available", "write_plots"]
