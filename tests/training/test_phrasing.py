"""Phrasing styles plug in; typos stay out of tickers and numbers."""

from __future__ import annotations

import random
import re

import pytest

from strategy_lsp.grammar import Call, render
from strategy_lsp.training.dataset import generate_examples
from strategy_lsp.training.phrasing import Phraser, add_typos, phraser, phraser_names, register
from strategy_lsp.training.plain_style import PlainPhraser


class CodeReadAloud:
    """A deliberately plain second style: the code, read out."""

    name = "read-aloud"

    def describe(self, strategy: Call, rng: random.Random) -> str:
        return "Backtest this strategy: " + render(strategy, inline=True)


def test_the_main_style_is_a_phraser_and_registered_as_plain() -> None:
    assert isinstance(PlainPhraser(), Phraser)
    assert isinstance(phraser(), PlainPhraser)
    assert "plain" in phraser_names()
    with pytest.raises(KeyError, match="no phrasing style"):
        phraser("no-such-style")


def test_a_second_style_registers_and_generates_its_own_examples() -> None:
    style = CodeReadAloud()
    assert isinstance(style, Phraser)
    register(style)
    assert phraser("read-aloud") is style
    examples = list(generate_examples(20, seed=1, style=style, typos=False))
    assert {e.style for e in examples} == {"read-aloud"}
    assert all(e.description.endswith(e.code) for e in examples)
    # the strategies do not depend on the style, so two styles give paired test sets
    plain = list(generate_examples(20, seed=1, typos=False))
    assert [e.strategy for e in plain] == [e.strategy for e in examples]


def test_typos_leave_tickers_numbers_and_value_words_alone() -> None:
    text = ("Buy BTC-USD when the Relative Strength Index crosses below thirty, sell "
            "above seventy, from the start of March 2021 with a 5 percent trailing stop")
    for seed in range(200):
        noisy = add_typos(text, random.Random(seed), ticker="BTC-USD", count=2)
        assert "BTC-USD" in noisy
        for kept in ("thirty", "seventy", "start", "March", "2021", "5", "percent"):
            assert re.search(rf"\b{kept}\b", noisy), (kept, noisy)
        changed = [a for a, b in zip(noisy.split(), text.split(), strict=True) if a != b]
        assert 1 <= len(changed) <= 2


def test_every_description_is_one_line_once_prompted() -> None:
    for example in generate_examples(200, seed=2):
        prompt = example.prompt()
        assert "\n" not in prompt and prompt == " ".join(prompt.split())
        assert example.prompt("stop_loss") == f"stop_loss: {prompt}"
