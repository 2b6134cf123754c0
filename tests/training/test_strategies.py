"""Sampled strategies look like the ones traders write, and always validate."""

from __future__ import annotations

import random
from collections import Counter

from strategy_lsp.grammar import Call, parse_expression, render, validate_strategy
from strategy_lsp.training.strategies import OSCILLATORS, sample_strategy

_COMPARISONS = {"CrossOverCondition", "CrossUnderCondition", "GreaterThanCondition",
                "LessThanCondition"}


def _strategies(count: int, seed: int = 11) -> list[Call]:
    rng = random.Random(seed)
    return [sample_strategy(rng) for _ in range(count)]


def _leaves(condition: Call) -> list[Call]:
    if condition.name in ("AND", "OR"):
        items = condition.args["conditions"]
        assert isinstance(items, tuple)
        return [leaf for item in items for leaf in _leaves(item)]
    if condition.name == "AfterXDaysCondition":
        inner = condition.args["condition"]
        assert isinstance(inner, Call)
        return [condition, *_leaves(inner)]
    return [condition]


def test_sampled_strategies_validate_without_any_diagnostic() -> None:
    for strategy in _strategies(1500):
        expr, problems = parse_expression(render(strategy, inline=True))
        assert expr is not None
        validation = validate_strategy(expr, problems)
        assert not validation.diagnostics, [d.message for d in validation.diagnostics]
        assert validation.model == strategy


def test_conditions_are_mostly_oscillator_levels_averages_and_crossovers() -> None:
    kinds: Counter[str] = Counter()
    sizes: Counter[int] = Counter()
    oscillators = {o.name for o in OSCILLATORS}
    for strategy in _strategies(2000):
        for side in ("buy_condition", "sell_condition"):
            condition = strategy.args[side]
            assert isinstance(condition, Call)
            if condition.name in ("AND", "OR"):
                items = condition.args["conditions"]
                assert isinstance(items, tuple)
                sizes[len(items)] += 1
            for leaf in _leaves(condition):
                if leaf.name in _COMPARISONS:
                    first, second = leaf.args["first_series"], leaf.args["second_series"]
                    assert isinstance(first, Call) and isinstance(second, Call)
                    if second.name == "CONST" and first.name in oscillators:
                        kinds["oscillator level"] += 1
                    else:
                        kinds["two series"] += 1
                else:
                    kinds[leaf.name] += 1
    total = sum(kinds.values())
    assert kinds["oscillator level"] / total > 0.3
    assert kinds["two series"] / total > 0.25
    for rare in ("UptrendForXDaysCondition", "ChangeOfXPercentPerYDaysCondition",
                 "UptrendFibRetracementLevelCondition", "AfterXDaysCondition"):
        assert 0 < kinds[rare] / total < 0.1, rare
    assert set(sizes) == {2, 3} and sizes[2] > sizes[3]


def test_values_lie_in_the_ranges_people_use() -> None:
    for strategy in _strategies(2000):
        for call in strategy.walk():
            length = call.args.get("length")
            if length is not None:
                assert isinstance(length, int) and 2 <= length <= 200
            if call.name == "StopLoss":
                percentage = call.args["percentage"]
                assert isinstance(percentage, int | float) and 1 <= percentage <= 20
        assert not ("period" in strategy.args and "start_date" in strategy.args)


def test_rsi_levels_are_the_usual_ones() -> None:
    levels: Counter[float] = Counter()
    for strategy in _strategies(3000):
        for call in strategy.walk():
            if call.name in _COMPARISONS:
                first, second = call.args["first_series"], call.args["second_series"]
                assert isinstance(first, Call) and isinstance(second, Call)
                if first.name == "RSI" and second.name == "CONST":
                    value = second.args["const_number"]
                    assert isinstance(value, int | float)
                    levels[value] += 1
    assert set(levels) <= {20, 25, 30, 35, 40, 60, 65, 70, 75, 80}
    assert levels[30] + levels[70] > sum(levels.values()) / 3


def test_the_same_rng_gives_the_same_strategy() -> None:
    assert _strategies(50, seed=3) == _strategies(50, seed=3)
    assert _strategies(50, seed=3) != _strategies(50, seed=4)


def test_every_series_of_the_catalog_is_drawn() -> None:
    """The dataset can only teach what the sampler draws: every series, ATR, PVI, PVT and
    the Ichimoku lagging span included (generator version 3)."""
    from strategy_lsp.grammar import CATALOG
    from strategy_lsp.grammar.spec import Kind

    drawn = {call.name for strategy in _strategies(6000) for call in strategy.walk()}
    every = {c.name for c in CATALOG.classes if c.kind is Kind.SERIES}
    assert every - drawn == set()


def test_every_optional_series_parameter_has_a_usual_value_that_validates() -> None:
    """with_rare_parameter can state any numeric or enum parameter of any series: it draws
    a value other than the default that the validator accepts, whatever the catalog adds
    later."""
    from strategy_lsp.grammar import CATALOG
    from strategy_lsp.grammar.model import default_value
    from strategy_lsp.grammar.spec import Kind
    from strategy_lsp.training.strategies import _RARE_SKIPPED, _RARE_TYPES_4, _rare_value

    rng = random.Random(3)
    checked = 0
    for spec in CATALOG.classes:
        if spec.kind is not Kind.SERIES or spec.name in _RARE_SKIPPED:
            continue
        for param in spec.params:
            if param.required or param.type not in _RARE_TYPES_4:
                continue
            value = _rare_value(rng, param)
            assert value is not None and value != default_value(param.default), param
            ticker = "'AAPL', " if spec.param("ticker") else ""
            code = (f"Strategy(ticker='AAPL', position_type=PositionTypeEnum.LONG, "
                    f"buy_condition=GreaterThanCondition(first_series={spec.name}({ticker}"
                    f"{param.name}={render(value)}), second_series=CONST(1)), "
                    f"sell_condition=LessThanCondition(first_series=CLOSE('AAPL'), "
                    f"second_series=CONST(1)))")
            expr, problems = parse_expression(code)
            assert expr is not None and not validate_strategy(expr, problems).errors, code
            checked += 1
    assert checked > 40


def test_about_one_strategy_in_eight_states_a_parameter_the_builders_leave_out() -> None:
    from strategy_lsp.training.strategies import RARE_PARAMETER, with_rare_parameter

    rng = random.Random(5)
    strategies = _strategies(400, seed=5)
    changed = sum(with_rare_parameter(rng, s) != s for s in strategies)
    assert changed > 300  # most strategies have a series with a parameter left to state
    assert 0.05 < RARE_PARAMETER < 0.2


def test_generator_4_also_states_a_series_source_or_ma_type_that_3_never_did() -> None:
    """Version 3 drew a source only for six series; version 4's rare parameter may be any
    enum parameter of a series, and version 3's draws stay what they were."""
    from strategy_lsp.grammar import EnumValue
    from strategy_lsp.grammar.spec import Kind
    from strategy_lsp.training.strategies import sample_strategy

    def enum_params(generator: int) -> set[tuple[str, str]]:
        found = set()
        for i in range(3000):
            strategy = sample_strategy(random.Random(f"enum:{i}"), generator)
            for call in strategy.walk():
                if call.spec.kind is Kind.SERIES:
                    found |= {(call.name, k) for k, v in call.args.items()
                              if isinstance(v, EnumValue)}
        return found

    third, fourth = enum_params(3), enum_params(4)
    assert {name for name, _ in third} <= {"SMA", "EMA", "RSI", "ROC", "CMO", "MOMENTUM"}
    assert len(fourth - third) >= 10
    assert any(param == "ma_type" for _, param in fourth)
    assert sample_strategy(random.Random(8), 3) == sample_strategy(random.Random(8), 3)
