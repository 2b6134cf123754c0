"""The held-out style's overlap with training styles: shares of its distinct 4-grams."""

from __future__ import annotations

import pytest

from strategy_lsp.training.overlap import grams, main, overlaps


def test_grams_are_distinct_lowercased_word_runs() -> None:
    assert grams(["RSI above 30, buy", "rsi above 30"], n=3) == {
        ("rsi", "above", "30"), ("above", "30", ","), ("30", ",", "buy")}
    assert grams(["too short"]) == set()


def test_a_style_overlaps_itself_wholly_and_the_union_bounds_each_share() -> None:
    shares = overlaps("terse", ["terse", "config"], size=40, seed=1)
    assert shares["terse"] == 100.0
    assert 0 <= shares["config"] < 50  # json keys and terse notes share little
    assert shares["all"] == 100.0
    apart = overlaps("desk", ["config", "pseudo"], size=40, seed=1)
    assert max(apart["config"], apart["pseudo"]) <= apart["all"] < 100


def test_the_command_prints_a_share_per_style(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--held-out", "chat", "--size", "5"]) == 0
    lines = capsys.readouterr().out.splitlines()
    names = [line.split()[0] for line in lines]
    assert "chat" not in names and "desk" not in names  # the held-out styles are not measured
    assert names[-1] == "all" and "plain" in names
    assert all(line.endswith("%") for line in lines)
