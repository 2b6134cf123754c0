"""The printed form of a report: our figures beside the original's, then per field, then
latency."""

from __future__ import annotations

from strategy_lsp.generation.engine import UNSURE_BELOW

from .published import ORIGINAL
from .report import Report, Score, Spread, Summary


def percent(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}%"


def percent_range(span: tuple[float, float] | None) -> str:
    if span is None:
        return "-"
    low, high = span
    return percent(low) if low == high else f"{percent(low)[:-1]}–{percent(high)}"


def _seconds(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f} s"


def _row(label: str, width: int, cells: list[str], sizes: list[int]) -> str:
    return (f"{label:<{width}}" +
            "".join(f"{c:>{s}}" for c, s in zip(cells, sizes, strict=True))).rstrip()


def headline_table(summary: Summary) -> list[str]:
    """Ours (whole, conditions, per-field range) and the original's rows, one table."""
    def ours(score: Score) -> list[str]:
        return [percent(score.valid_rate), percent(score.identical_rate),
                percent(score.counts.recall), percent(score.counts.f1)]

    rows = [("ours: whole strategy", ours(summary.strategy)),
            ("ours: conditions (buy + sell)", ours(summary.conditions)),
            ("ours: per field (lowest–highest)",
             [percent_range(summary.field_range("valid")),
              percent_range(summary.field_range("identical")),
              percent_range(summary.field_range("recall")), ""])]
    for figures in ORIGINAL:
        mark = " *" if figures.note.startswith("correct parameters of the few") else ""
        rows.append((f"original: {figures.label}",
                     [percent_range(figures.valid), percent_range(figures.identical),
                      percent_range(figures.correct) + mark, ""]))
    width = max(len(label) for label, _ in rows) + 2
    sizes = [14, 14, 17, 9]
    lines = [_row("", width, ["valid", "identical", "correct params", "F1"], sizes)]
    lines += [_row(label, width, cells, sizes) for label, cells in rows]
    return lines


def field_table(summary: Summary) -> list[str]:
    sizes = [9, 11, 9, 11, 9, 9, 9]
    head = ["valid", "identical", "correct", "precision", "F1", "stated", "leaves"]
    named = [*summary.fields.items(), ("conditions", summary.conditions)]
    width = max(len(name) for name, _ in named) + 2
    lines = [_row("field", width, head, sizes)]
    for name, score in named:
        counts = score.counts
        lines.append(_row(name, width, [
            percent(score.valid_rate), percent(score.identical_rate), percent(counts.recall),
            percent(counts.precision), percent(counts.f1), percent(score.stated.recall),
            str(counts.reference)], sizes))
    return lines


def latency_table(summary: Summary) -> list[str]:
    spread: Spread = summary.latency
    lines = [f"latency per case: median {_seconds(spread.median)}, p95 {_seconds(spread.p95)}, "
             f"mean {_seconds(spread.mean)}, max {_seconds(spread.maximum)}"]
    if not summary.parts:
        return lines
    sizes = [7, 11, 11, 9, 8]
    width = max(len(name) for name in summary.parts) + 2
    lines.append(_row("part", width, ["calls", "median", "p95", "retried", "cached"], sizes)
                 + "  model")
    for name, part in summary.parts.items():
        lines.append(_row(name, width, [str(part.timing.count), _seconds(part.timing.median),
                                        _seconds(part.timing.p95), str(part.retried),
                                        str(part.cached)], sizes)
                     + "  " + ", ".join(part.models))
    return lines


def format_report(report: Report) -> str:
    """The report as text for a terminal."""
    summary = report.summary()
    run = report.run
    models = run.get("models", {})
    strategy = summary.strategy
    cases = strategy.cases
    heading = (f"{cases} cases" + (f" from {run['data']}" if "data" in run else "") +
               f"; backend {run.get('backend', '?')}, mode {run.get('mode', '?')}, "
               f"prompts {run.get('prompt_style', '?')}, models {models.get('small', '?')} "
               f"(small) / {models.get('large', '?')} (large)")
    failures = ", ".join(f"{kind} {count}" for kind, count in
                         sorted(summary.failures.items(), key=lambda item: -item[1]))
    notes = [
        "valid: parses and validates; a generation error counts as invalid "
        f"(failures: {failures or 'none'}).",
        "identical: the same model once catalog defaults are filled, AND/OR children in any "
        f"order; the same canonical text: "
        f"{percent(summary.identical_text / cases if cases else None)}.",
        "correct params: correct reference leaves / reference leaves, over valid outputs "
        f"(as the original); over all cases {percent(strategy.counts_all.recall)}, stated "
        f"leaves only {percent(strategy.stated.recall)}; F1 adds extra leaves.",
        "* the original's few-shot figure is over its 2.3% valid outputs.",
    ]
    doubts = summary.doubts
    if doubts.flagged:
        notes.insert(-1, (
            f"unsure (a decision under {UNSURE_BELOW:.0%}): {doubts.flagged} of "
            f"{doubts.cases} valid strategies, {doubts.wrong_flagged} of them wrong; "
            f"{doubts.wrong_flagged} of the {doubts.wrong} wrong ones flagged; "
            f"{doubts.parameters_flagged_wrong} of {doubts.parameters_flagged} flagged "
            f"parameters wrong, {doubts.parameters_flagged_wrong} of "
            f"{doubts.parameters_wrong} wrong parameters flagged."))
    blocks = [[heading], headline_table(summary), notes, field_table(summary),
              latency_table(summary)]
    return "\n\n".join("\n".join(block) for block in blocks) + "\n"


__all__ = ["field_table", "format_report", "headline_table", "latency_table", "percent",
           "percent_range"]
