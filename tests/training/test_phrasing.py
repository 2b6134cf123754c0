"""Phrasing styles plug in; typos stay out of tickers and numbers."""

from __future__ import annotations

import random
import re

import pytest

from strategy_lsp.grammar import Call, render
from strategy_lsp.grammar.sides import swap_short_sides
from strategy_lsp.training.dataset import Example, generate_examples
from strategy_lsp.training.phrasing import (
    HELD_OUT,
    TRAINING_MIX,
    Mixture,
    Phraser,
    add_typos,
    phraser,
    phraser_names,
    register,
)
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


def seen(example: Example) -> str:
    """The code of the strategy as its style was given it: a short's entry as the buy."""
    return render(swap_short_sides(example.strategy), inline=True)


def test_a_second_style_registers_and_generates_its_own_examples() -> None:
    style = CodeReadAloud()
    assert isinstance(style, Phraser)
    register(style)
    assert phraser("read-aloud") is style
    examples = list(generate_examples(20, seed=1, style=style, typos=False))
    assert {e.style for e in examples} == {"read-aloud"}
    # the style read the strategy with the entry as buy_condition (a short's code swaps them)
    assert all(e.description.endswith(seen(e)) for e in examples)
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


class Shouted:
    """Another toy style: the plain text in capitals."""

    name = "shouted"

    def describe(self, strategy: Call, rng: random.Random) -> str:
        return PlainPhraser().describe(strategy, rng).upper()


def test_a_mixture_writes_each_example_in_one_of_its_styles_by_weight() -> None:
    register(CodeReadAloud())
    register(Shouted())
    mix = phraser("read-aloud:3,shouted")
    assert isinstance(mix, Mixture) and mix.name == "read-aloud:3,shouted"
    examples = list(generate_examples(800, seed=5, style=mix, typos=False))
    styles = [e.style for e in examples]
    assert set(styles) == {"read-aloud", "shouted"}
    share = styles.count("read-aloud") / len(styles)
    assert 0.68 < share < 0.82, share  # 3:1 is 0.75
    for example in examples:  # each text was written by the style it is labelled with
        assert example.description.endswith(seen(example)) == (example.style == "read-aloud")
    again = list(generate_examples(800, seed=5, style=mix, typos=False))
    assert [e.description for e in again] == [e.description for e in examples]


@pytest.mark.parametrize(("spec", "message"), [
    ("plain:0", "must be positive"), ("plain:x", "not a number"), ("plain,nope", "no phrasing"),
])
def test_a_bad_mixture_spec_is_refused_with_its_reason(spec: str, message: str) -> None:
    with pytest.raises((KeyError, ValueError), match=message):
        phraser(spec)


def test_the_training_mix_holds_every_style_but_the_held_out_ones() -> None:
    mix = phraser("training")
    assert isinstance(mix, Mixture) and mix.name == TRAINING_MIX
    names = {style.name for style, _ in mix.choices}
    shipped = {name for name in phraser_names()  # not the toy styles other tests register
               if type(phraser(name)).__module__.startswith("strategy_lsp.training.")}
    assert names == shipped - HELD_OUT and len(names) >= 20
    assert set(phraser_names()) >= HELD_OUT
