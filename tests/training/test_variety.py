"""The descriptions vary: many sentence shapes and many names per 1,000 examples."""

from __future__ import annotations

from strategy_lsp.training.dataset import Example
from strategy_lsp.training.variety import indicator_names, measure, template


def test_template_masks_values_names_and_the_ticker() -> None:
    masked = template("Buy AAPL when RSI(14) crosses below thirty on March 4th 2021, "
                      "with $10k and a 5% stop.", "AAPL")
    assert masked == ("buy <t> when <n>(<v>) crosses below <v> on <v>, with <v> and a <v> "
                      "stop.")
    assert template("Short SPY when the 50-day SMA drops under the 200-day SMA.", "SPY") == \
        template("Short QQQ when the 20-day EMA drops under the 100-day SMA.", "QQQ")


def test_indicator_names_are_counted_case_folded() -> None:
    assert indicator_names("RSI and rsi and the Relative Strength Index") == {
        "rsi", "relative strength index"}


def test_variety_per_thousand_examples_has_sensible_lower_bounds(
        examples: list[Example]) -> None:
    variety = measure([(e.prompt(), e.ticker) for e in examples])
    assert variety.examples == len(examples)
    assert variety.templates >= 950  # almost no two descriptions share a shape
    assert variety.sentence_templates >= 2000
    assert variety.indicator_names >= 150
    assert variety.words >= 600
