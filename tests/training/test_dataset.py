"""The dataset on disk: layout, determinism, splits, and code that always validates."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from strategy_lsp.grammar import (
    CATALOG,
    Call,
    Severity,
    parse_expression,
    render,
    validate_parameter,
    validate_strategy,
)
from strategy_lsp.grammar.model import default_value
from strategy_lsp.training.dataset import (
    FIELDS,
    NOT_STATED,
    SPLITS,
    Example,
    assign_splits,
    field_code,
    write_dataset,
)

from .conftest import SIZE


def _read(path: Path) -> list[dict[str, str]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


def test_layout_has_whole_and_one_folder_per_strategy_parameter(dataset_dir: Path) -> None:
    assert len(FIELDS) == 13
    assert CATALOG.strategy.param_names == FIELDS
    expected = {f"whole/{s}.jsonl" for s in SPLITS} | {
        f"fields/{f}/{s}.jsonl" for f in FIELDS for s in SPLITS} | {"dataset.json"}
    assert set(_files(dataset_dir)) == expected
    for record in _read(dataset_dir / "whole" / "train.jsonl")[:50]:
        assert set(record) == {"prompt", "completion"}  # mlx-lm's completions format


def test_same_seed_writes_the_same_bytes(tmp_path: Path) -> None:
    write_dataset(tmp_path / "a", 300, 7)
    write_dataset(tmp_path / "b", 300, 7)
    assert _files(tmp_path / "a") == _files(tmp_path / "b")


def test_same_seed_gives_the_same_bytes_whatever_the_hash_seed(tmp_path: Path) -> None:
    outputs = []
    for hash_seed in ("1", "2"):
        out = tmp_path / hash_seed
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        subprocess.run([sys.executable, "-m", "strategy_lsp.training.cli", "dataset",
                        "--out", str(out), "--size", "200", "--seed", "5"],
                       check=True, env=env, capture_output=True)
        outputs.append(_files(out))
    assert outputs[0] == outputs[1]


def test_different_seeds_write_different_data(tmp_path: Path) -> None:
    write_dataset(tmp_path / "a", 200, 1)
    write_dataset(tmp_path / "b", 200, 2)
    a = _read(tmp_path / "a" / "whole" / "train.jsonl")
    b = _read(tmp_path / "b" / "whole" / "train.jsonl")
    assert not {r["prompt"] for r in a} & {r["prompt"] for r in b}


def test_splits_are_80_10_10_disjoint_and_deduplicated(dataset_dir: Path) -> None:
    prompts = {s: [r["prompt"] for r in _read(dataset_dir / "whole" / f"{s}.jsonl")]
               for s in SPLITS}
    assert [len(prompts[s]) for s in SPLITS] == [SIZE * 8 // 10, SIZE // 10, SIZE // 10]
    everything = [p for s in SPLITS for p in prompts[s]]
    assert len(set(everything)) == len(everything) == SIZE
    for field in FIELDS:
        for split in SPLITS:
            records = _read(dataset_dir / "fields" / field / f"{split}.jsonl")
            assert [r["prompt"] for r in records] == [f"{field}: {p}" for p in prompts[split]]


def test_split_assignment_follows_the_fractions() -> None:
    names = assign_splits(1000, seed=3, fractions=(0.7, 0.2, 0.1))
    assert [names.count(s) for s in SPLITS] == [700, 200, 100]
    assert names == assign_splits(1000, seed=3, fractions=(70, 20, 10))
    assert names != assign_splits(1000, seed=4, fractions=(0.7, 0.2, 0.1))
    with pytest.raises(ValueError):
        assign_splits(10, seed=0, fractions=(0.5, 0.5))


def test_every_whole_completion_parses_and_validates_cleanly(dataset_dir: Path) -> None:
    for split in SPLITS:
        for record in _read(dataset_dir / "whole" / f"{split}.jsonl"):
            expr, problems = parse_expression(record["completion"])
            assert expr is not None and not problems, record
            validation = validate_strategy(expr, problems)
            assert not validation.diagnostics, (record, [d.message for d in
                                                         validation.diagnostics])
            assert isinstance(validation.model, Call)
            assert render(validation.model, inline=True) == record["completion"]


def test_every_field_completion_validates_and_agrees_with_the_whole(dataset_dir: Path) -> None:
    for split in SPLITS:
        wholes = []
        for record in _read(dataset_dir / "whole" / f"{split}.jsonl"):
            expr, problems = parse_expression(record["completion"])
            assert expr is not None
            model = validate_strategy(expr, problems).model
            assert isinstance(model, Call)
            wholes.append(model)
        for field in FIELDS:
            spec = CATALOG.strategy.param(field)
            assert spec is not None
            records = _read(dataset_dir / "fields" / field / f"{split}.jsonl")
            for strategy, record in zip(wholes, records, strict=True):
                completion = record["completion"]
                assert completion == field_code(strategy, field)
                if completion == NOT_STATED:
                    # only where the catalog default has no code: no stop, no target, today
                    assert field not in strategy.args
                    assert default_value(spec.default) is None
                    continue
                expr, problems = parse_expression(completion)
                assert expr is not None and not problems, (field, completion)
                ticker = strategy.args["ticker"]
                assert isinstance(ticker, str)
                validation = validate_parameter(expr, field, problems, ticker=ticker)
                assert not [d for d in validation.diagnostics
                            if d.severity is not Severity.INFO], (field, completion)
                assert validation.model == strategy.get(field)


def test_unstated_fields_are_answered_with_the_catalog_default() -> None:
    empty = Call(name="Strategy", args={})
    assert field_code(empty, "interval") == "Interval.ONE_DAY"
    assert field_code(empty, "period") == "Period.NOT_PASSED"
    assert field_code(empty, "order_size") == "Contracts(1)"
    assert field_code(empty, "trade_commissions") == "MoneyCommissions(0)"
    assert field_code(empty, "start_date") == "datetime(2024, 1, 1)"
    assert field_code(empty, "initial_capital") == "1000000"
    assert field_code(empty, "stop_loss") == field_code(empty, "end_date") == NOT_STATED


def test_dataset_json_records_how_it_was_made(dataset_dir: Path) -> None:
    info = json.loads((dataset_dir / "dataset.json").read_text("utf-8"))
    assert info["size"] == SIZE and info["style"] == "plain"
    assert info["splits"] == {"train": 1600, "valid": 200, "test": 200}
    assert info["fields"] == list(FIELDS)


def test_a_short_example_opens_on_its_sell_condition_as_the_library_does(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The style describes the entry it is handed as the strategy's buy_condition; the code
    puts a short's entry where trading-strategy-tester opens a short: sell_condition."""
    import random

    from strategy_lsp.training import dataset

    entry = "CrossOverCondition(first_series=RSI('TSLA', length=14), second_series=CONST(70))"
    exit_ = "CrossUnderCondition(first_series=RSI('TSLA', length=14), second_series=CONST(50))"

    def drawn(position: str) -> Call:
        expr, problems = parse_expression(
            f"Strategy(ticker='TSLA', position_type=PositionTypeEnum.{position}, "
            f"buy_condition={entry}, sell_condition={exit_})")
        assert expr is not None
        model = validate_strategy(expr, problems).model
        assert isinstance(model, Call)
        return model

    class Style:
        name = "probe"

        def describe(self, strategy: Call, rng: random.Random) -> str:
            told = render(strategy.args["buy_condition"], inline=True)
            return f"enter {'on RSI above 70' if told == entry else 'on something else'}"

    for position, opens in (("SHORT", "sell_condition"), ("LONG", "buy_condition"),
                            ("LONG_SHORT_COMBINED", "buy_condition")):
        monkeypatch.setattr(dataset, "sample_strategy",
                            lambda rng, generator=None, p=position: drawn(p))
        example = dataset._example(random.Random(0), Style(), typos=False)
        assert example.description == "enter on RSI above 70"
        assert render(example.strategy.args[opens], inline=True) == entry
        whole = example.completion()
        assert f"{opens}={entry}" in whole
        assert example.completion(opens) == entry


def test_dataset_json_says_which_generator_wrote_it(dataset_dir: Path) -> None:
    from strategy_lsp.training.dataset import GENERATOR_VERSION

    info = json.loads((dataset_dir / "dataset.json").read_text("utf-8"))
    assert info["generator_version"] == GENERATOR_VERSION == 4


def _differ_in_shorts_alone(entry_first: list[Example], library: list[Example]) -> int:
    """How many shorts two lists of examples hold, after checking that they have the same
    descriptions and that the second's code is the first's with each short's conditions
    exchanged."""
    from strategy_lsp.grammar.sides import swap_short_sides_code

    assert [e.description for e in entry_first] == [e.description for e in library]
    shorts = 0
    for old, new in zip(entry_first, library, strict=True):
        swapped, done = swap_short_sides_code(old.code)
        assert swapped == new.code
        shorts += done
    return shorts


def test_an_older_generator_writes_what_it_wrote(tmp_path: Path) -> None:
    """--generator 1 writes the data the shipped model trained on, a short's entry as its
    buy_condition; 2 the same strategies with a short's conditions exchanged; 3 also draws
    the series and parameters the first two never did."""
    from strategy_lsp.training.dataset import generate_examples

    first = list(generate_examples(300, seed=4, generator=1))
    second = list(generate_examples(300, seed=4, generator=2))
    assert _differ_in_shorts_alone(first, second) > 20
    drawn = {c.name for e in generate_examples(1500, seed=4, generator=1)
             for c in e.strategy.walk()}
    assert not drawn & {"ATR", "PVI", "PVT", "ICHIMOKU_LAGGING_SPAN"}
    write_dataset(tmp_path, 20, seed=4, generator=1)
    assert json.loads((tmp_path / "dataset.json").read_text())["generator_version"] == 1
    with pytest.raises(ValueError, match="generator version 7"):
        next(generate_examples(1, seed=4, generator=7))


def test_short_sides_entry_writes_the_newest_strategies_the_shipped_models_way(
        tmp_path: Path) -> None:
    """--short-sides entry keeps the newest sampler's strategies and descriptions and writes
    a short's entry as buy_condition (how the shipped model answers, to go on training it);
    dataset.json records it and finetune --scratch reads it from there."""
    from strategy_lsp.training.dataset import generate_examples
    from strategy_lsp.training.scratch import short_sides_of

    library = list(generate_examples(300, seed=5))
    entry = list(generate_examples(300, seed=5, short_sides="entry"))
    assert _differ_in_shorts_alone(entry, library) > 20
    write_dataset(tmp_path / "entry", 20, seed=5, short_sides="entry")
    assert json.loads((tmp_path / "entry" / "dataset.json").read_text())["short_sides"] == "entry"
    assert short_sides_of(tmp_path / "entry") == "entry"
    write_dataset(tmp_path / "plain", 20, seed=5)
    assert "short_sides" not in json.loads((tmp_path / "plain" / "dataset.json").read_text())
    assert short_sides_of(tmp_path / "plain") == "library"
    with pytest.raises(ValueError, match="short sides 'both'"):
        next(generate_examples(1, seed=5, short_sides="both"))
