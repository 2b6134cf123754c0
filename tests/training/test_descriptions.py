"""Descriptions state what the code holds, and nothing it does not."""

from __future__ import annotations

import re

from strategy_lsp.grammar import Call, EnumValue
from strategy_lsp.training.dataset import Example
from strategy_lsp.training.vocabulary import member_names

from .statements import named_series, stray_numbers, unstated_numbers
from .style_contract import with_first_number


def test_every_stated_number_has_a_spelling_in_the_description(
        examples: list[Example]) -> None:
    problems = [(e.description, missing) for e in examples
                if (missing := unstated_numbers(e.strategy, e.description))]
    assert not problems, problems[:5]


def test_every_number_in_the_description_is_a_value_of_the_code(
        examples: list[Example]) -> None:
    problems = [(e.description, stray) for e in examples
                if (stray := stray_numbers(e.strategy, e.description))]
    assert not problems, problems[:5]


def test_the_number_checks_catch_a_value_the_text_does_not_state(
        examples: list[Example]) -> None:
    mutated = 0
    for example in examples[:300]:
        changed = with_first_number(example.strategy, 4093)
        if changed is None:
            continue
        mutated += 1
        assert unstated_numbers(changed, example.description), example.description
        # and a number only the text states is caught the other way round
        assert stray_numbers(changed, example.description + " Use 8111 shares.")
    assert mutated > 200


def test_every_indicator_in_the_code_is_named_in_the_description(
        clean_examples: list[Example]) -> None:
    problems = [(e.description, missing) for e in clean_examples
                if (missing := named_series(e.strategy, e.description))]
    assert not problems, problems[:5]


def _enum_leaves(call: Call) -> list[EnumValue]:
    found = []
    for inner in call.walk():
        found += [v for v in inner.args.values() if isinstance(v, EnumValue)]
    return found


_OTHER_WORDS = {"YEAR_TO_DATE": ("ytd", "year to date", "start of this year"),
                "MAX": ("max", "all available", "full history", "all the data"),
                "TRAILING": ("trail the stop",)}


def test_every_stated_enum_member_is_named(clean_examples: list[Example]) -> None:
    for example in clean_examples:
        text = example.description.lower().replace("-", " ")
        for leaf in _enum_leaves(example.strategy):
            if leaf.enum == "PositionTypeEnum":
                continue  # below
            names = [n.lower().replace("-", " ") for n in member_names(leaf.enum, leaf.member)]
            names += [n[2:] for n in names if n.startswith("a ")]
            names += [n.replace("half a ", "half ") for n in names]
            names += [n.removesuffix("s") for n in names]
            names += _OTHER_WORDS.get(leaf.member, ())
            if leaf.enum in ("Period", "Interval"):
                from strategy_lsp.grammar import CATALOG

                spec = CATALOG.enum(leaf.enum)
                assert spec is not None
                member = spec.member(leaf.member)
                assert member is not None
                names.append(member.value.lower())
            names += [re.sub(r"^(\d+) ", lambda m: _word(int(m.group(1))) + " ", n)
                      for n in names]
            assert any(n in text for n in names), (str(leaf), example.description)


def _word(n: int) -> str:
    from .statements import words

    return words(n)


def test_the_position_side_is_stated(clean_examples: list[Example]) -> None:
    for example in clean_examples:
        side = example.strategy.args["position_type"]
        assert isinstance(side, EnumValue)
        text = example.description.lower()
        # a parameter's name says no side: Coppock's "short ROC length", "long ROC length"
        text = re.sub(r"\b(short|long)([ _-]term)?[ _-]roc", "roc", text)
        says_short = re.search(r"\bshort", text) is not None
        # a short is closed by buying back: "buy to cover", "buys it back" say nothing long
        for phrase in ("as long as", "buy to cover", "buy back", "buys it back"):
            text = text.replace(phrase, "")
        says_long = re.search(r"\b(long|buy|buys)\b", text) is not None
        if side.member == "LONG":
            assert says_long and not says_short, example.description
        elif side.member == "SHORT":
            assert says_short and not says_long, example.description
        else:
            assert says_short and says_long, example.description


def test_typos_touch_words_only_never_the_ticker_or_numbers(
        examples: list[Example], clean_examples: list[Example]) -> None:
    changed = 0
    for noisy, clean in zip(examples, clean_examples, strict=True):
        assert noisy.strategy == clean.strategy
        if noisy.description == clean.description:
            continue
        changed += 1
        assert re.findall(r"\d+", noisy.description) == re.findall(r"\d+", clean.description)
        assert noisy.description.count(noisy.ticker) == clean.description.count(clean.ticker)
        differing = [(a, b) for a, b in zip(noisy.description.split(),
                                            clean.description.split(), strict=True) if a != b]
        assert 1 <= len(differing) <= 2, differing
    assert 0.15 < changed / len(examples) < 0.35
