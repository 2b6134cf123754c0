"""strategy-lsp-train dataset: writes the folders, rejects bad arguments."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from strategy_lsp.training.cli import main


def test_dataset_command_writes_whole_and_field_splits(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["dataset", "--out", str(tmp_path), "--size", "40", "--seed", "3",
                 "--split", "50/25/25"]) == 0
    assert "wrote 40 examples" in capsys.readouterr().out
    counts = [len((tmp_path / "whole" / f"{s}.jsonl").read_text().splitlines())
              for s in ("train", "valid", "test")]
    assert counts == [20, 10, 10]
    first = json.loads((tmp_path / "fields" / "ticker" / "train.jsonl").read_text()
                       .splitlines()[0])
    assert first["prompt"].startswith("ticker: ") and first["completion"].startswith("'")


def test_dataset_command_without_typos_differs_only_by_typos(tmp_path: Path) -> None:
    assert main(["dataset", "--out", str(tmp_path / "a"), "--size", "30", "--no-typos"]) == 0
    assert main(["dataset", "--out", str(tmp_path / "b"), "--size", "30"]) == 0
    a = (tmp_path / "a" / "whole" / "train.jsonl").read_text()
    b = (tmp_path / "b" / "whole" / "train.jsonl").read_text()
    assert a != b and len(a.splitlines()) == len(b.splitlines())


@pytest.mark.parametrize("argv", [
    ["dataset", "--out", "x", "--size", "0"],
    ["dataset", "--out", "x", "--split", "80/20"],
    ["dataset", "--size", "10"],
    ["train"],
])
def test_bad_arguments_exit_with_usage(argv: list[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2


def test_unknown_style_is_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["dataset", "--out", str(tmp_path), "--style", "nope"]) == 2
    assert "no phrasing style 'nope'" in capsys.readouterr().err


def test_dataset_refuses_a_bad_mixture_with_a_message(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["dataset", "--out", str(tmp_path / "d"), "--size", "10",
                 "--style", "plain:-1"]) == 2
    assert "must be positive" in capsys.readouterr().err
    assert not (tmp_path / "d").exists()
