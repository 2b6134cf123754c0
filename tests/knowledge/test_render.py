"""Hover and long Markdown, with types, defaults and ranges taken from the catalog."""

from __future__ import annotations

import dataclasses

from strategy_lsp.knowledge import Entry, load_corpus, render_hover, render_long, signature
from strategy_lsp.knowledge.symbols import catalog_symbols

CORPUS = load_corpus()


def entry(key: str) -> Entry:
    found = CORPUS.get(key)
    assert found is not None
    return found


def test_hover_shows_signature_with_defaults_summary_parameters_and_example() -> None:
    hover = render_hover(entry("RSI"))
    assert "RSI(ticker: str, source: SourceType = SourceType.CLOSE, length: int = 14)" in hover
    assert "**Relative Strength Index**: speed of recent gains" in hover
    assert "- `length` (*int*, default `14`, ≥ 1 and ≤ 5000)" in hover
    assert "above 70" in hover  # the first lines of "Reading it": typical thresholds
    assert "CrossUnderCondition(first_series=RSI('AAPL', length=14)" in hover


def test_hover_is_concise_and_long_form_has_everything() -> None:
    rsi = entry("RSI")
    hover, long = render_hover(rsi), render_long(rsi)
    assert len(hover) < len(long)
    for part in ("## Formula", "## Reading it", "## Parameters", "## Example", "Wilder's setting",
                 "Import: `from trading_strategy_tester.trading_series import RSI`",
                 "See also: `STOCH_PERCENT_K`"):
        assert part in long
    assert "## Formula" not in hover


def test_defaults_and_ranges_follow_the_catalog_not_the_doc() -> None:
    rsi = entry("RSI")
    assert rsi.symbol.cls is not None
    length = rsi.symbol.cls.param("length")
    assert length is not None
    changed_length = dataclasses.replace(length, default=21)
    params = tuple(changed_length if p.name == "length" else p for p in rsi.symbol.cls.params)
    changed = dataclasses.replace(rsi, symbol=dataclasses.replace(
        rsi.symbol, cls=dataclasses.replace(rsi.symbol.cls, params=params)))
    assert "length: int = 21" in signature(changed)
    assert "default `21`" in render_hover(changed)


def test_every_entry_renders_both_forms() -> None:
    for item in CORPUS:
        assert item.key.split(".")[0] in render_hover(item)
        assert render_long(item).startswith(f"# {item.title} (`{item.key}`)")


def test_strategy_parameter_hover_lists_accepted_values() -> None:
    hover = render_hover(entry("Strategy.order_size"))
    assert "Strategy(..., order_size: OrderSize = Contracts(1), ...)" in hover
    assert "`Contracts(...)`, `USD(...)`, `PercentOfEquity(...)`" in hover
    period = render_hover(entry("Strategy.period"))
    assert "`Period.TWO_YEARS`" in period


def test_enum_and_member_hovers() -> None:
    enum = render_hover(entry("SourceType"))
    assert "class SourceType(Enum)" in enum
    assert "- `HLC3` (`'HLC3'`): (high + low + close) / 3" in enum
    member = render_hover(entry("StopLossType.TRAILING"))
    assert "StopLossType.TRAILING = 'trailing'" in member
    assert "StopLoss(percentage=5, stop_loss_type=StopLossType.TRAILING)" in member


def test_optional_and_date_defaults_render_as_code() -> None:
    assert "stop_loss: StopLoss | None = None" in signature(entry("Strategy.stop_loss"))
    assert "end_date: datetime = datetime.today()" in signature(entry("Strategy.end_date"))
    assert "start_date: datetime = datetime(2024, 1, 1)" in signature(entry("Strategy.start_date"))
    assert signature(entry("AND")) == "AND(*conditions: Condition)"


def test_condition_titles_are_class_names() -> None:
    assert catalog_symbols()["CrossOverCondition"].title == "CrossOverCondition"
    assert catalog_symbols()["RSI"].title == "Relative Strength Index"
