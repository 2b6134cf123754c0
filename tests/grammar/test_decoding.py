"""The code grammar under llguidance: it admits canonical code of random models, and whatever a
token walk under its mask completes parses and validates."""

from __future__ import annotations

import datetime as dt
import random
import re
from functools import cache

import pytest

pytest.importorskip("llguidance")

import numpy as np

from strategy_lsp.grammar.catalog import CATALOG
from strategy_lsp.grammar.codegrammar import build_grammar, to_ebnf, to_lark, to_regex
from strategy_lsp.grammar.decoding import (
    ConstrainedDecoder,
    DecodingError,
    code_grammar,
    load_tokenizer,
    train_code_tokenizer,
)
from strategy_lsp.grammar.numerals import integers, number, render_regex
from strategy_lsp.grammar.parser import parse_expression
from strategy_lsp.grammar.render import render
from strategy_lsp.grammar.sampling import random_strategy
from strategy_lsp.grammar.spec import Range
from strategy_lsp.grammar.validator import Validation, validate_parameter, validate_strategy

PARAMETERS = CATALOG.strategy.param_names
TODAY = dt.date(2100, 12, 31)  # grammar dates reach 2100: keep future-date warnings out
#: Warnings a grammar-complete output may carry: another market in a series, a period next
#: to dates (a context-free grammar cannot tie two parameters together).
ALLOWED_WARNINGS = {"ticker-mismatch", "period-and-dates"}
MAX_TOKENS = 500


@cache
def tokenizer_json() -> str:
    rng = random.Random(0)
    return train_code_tokenizer((render(random_strategy(rng), inline=True)
                                 for _ in range(2000)), vocab_size=1024)


@cache
def decoder(parameter: str | None, ticker: str | None = None) -> ConstrainedDecoder:
    """A compiled decoder at the start of the grammar; tests take copies."""
    return ConstrainedDecoder(load_tokenizer(tokenizer_json()), code_grammar(parameter,
                                                                             ticker=ticker))


def accepts(parameter: str | None, text: str) -> bool:
    walk = decoder(parameter).copy()
    tokens = walk.tokenizer.tokenize_str(text)
    try:
        for token in tokens:
            walk.consume(token)
    except DecodingError:
        return False
    return walk.accepting


def random_walk(start: ConstrainedDecoder, rng: random.Random) -> str | None:
    """Random allowed tokens until the grammar accepts EOS; ``None`` past the length cap."""
    walk = start.copy()
    for _ in range(MAX_TOKENS):
        allowed = walk.allowed_tokens()
        if walk.eos_token in allowed and (len(allowed) == 1 or rng.random() < 0.7):
            walk.consume(walk.eos_token)
            assert walk.finished
            return walk.text()
        walk.consume(rng.choice([t for t in allowed if t != walk.eos_token]))
    return None


def check(text: str, parameter: str | None, ticker: str | None = "AAPL") -> Validation:
    expr, problems = parse_expression(text)
    assert expr is not None and not problems, text
    if parameter is None:
        return validate_strategy(expr, today=TODAY)
    return validate_parameter(expr, parameter, ticker=ticker, today=TODAY)


# --- the grammar admits canonical code -------------------------------------------------------


@pytest.mark.parametrize("parameter", [None, *PARAMETERS])
def test_grammar_compiles_for_strategy_and_every_parameter(parameter: str | None) -> None:
    assert decoder(parameter).allowed_tokens()


def test_grammar_accepts_rendered_random_strategies() -> None:
    rng = random.Random(3)
    for _ in range(150):
        text = render(random_strategy(rng), inline=True)
        assert accepts(None, text), text


def test_parameter_grammars_accept_rendered_random_values() -> None:
    rng = random.Random(5)
    for _ in range(40):
        for name, value in random_strategy(rng).args.items():
            text = render(value, inline=True)
            assert accepts(name, text), (name, text)


@pytest.mark.parametrize("parameter, text", [
    ("stop_loss", "StopLoss(percentage = 5)"),  # not canonical spacing
    ("stop_loss", "StopLoss(percentage=0)"),  # out of range
    ("stop_loss", "StopLoss(percentage=5.50)"),  # not how repr writes 5.5
    ("stop_loss", "StopLoss(stop_loss_type=StopLossType.NORMAL, percentage=5)"),  # order
    ("start_date", "datetime(2023, 2, 29)"),  # not a leap year
    ("start_date", "datetime(2023, 4, 31)"),
    ("buy_condition", "AND(GreaterThanCondition(first_series=CLOSE('A'), "
                      "second_series=CONST(1)))"),  # one condition
    ("order_size", "PercentOfEquity(101)"),
    ("ticker", "'AA PL'"),
])
def test_grammar_rejects_what_does_not_validate_or_is_not_canonical(parameter: str,
                                                                    text: str) -> None:
    assert not accepts(parameter, text)


def test_grammar_admits_leap_days_and_range_edges() -> None:
    assert accepts("start_date", "datetime(2024, 2, 29)")
    assert accepts("stop_loss", "StopLoss(percentage=100.0)")
    assert accepts("stop_loss", "StopLoss(percentage=0.05, stop_loss_type=StopLossType.TRAILING)")


# --- what a walk under the mask completes is valid code ------------------------------------


@pytest.mark.parametrize("parameter", [None, *PARAMETERS])
def test_random_walks_under_the_mask_parse_and_validate(parameter: str | None) -> None:
    rng = random.Random(hash(parameter) % 1000)
    done = 0
    for _ in range(12):
        text = random_walk(decoder(parameter), rng)
        if text is None:
            continue
        done += 1
        if text == "None":  # "not stated": only where the default has no code form
            assert parameter in ("stop_loss", "take_profit", "end_date")
            continue
        result = check(text, parameter)
        codes = {d.code for d in result.errors}
        # The one rule a context-free grammar leaves to the validator: dates in order.
        assert codes <= {"end-before-start"}, (text, [d.message for d in result.errors])
        warnings = {d.code for d in result.diagnostics if d not in result.errors}
        assert warnings <= ALLOWED_WARNINGS, text
    assert done >= 6


def test_pinned_ticker_leaves_no_other_market() -> None:
    rng = random.Random(1)
    start = decoder("buy_condition", "MSFT")
    for _ in range(10):
        text = random_walk(start, rng)
        if text is not None:
            assert set(re.findall(r"'([^']*)'", text)) <= {"MSFT"}
            assert not check(text, "buy_condition", "MSFT").diagnostics


# --- the decoder -------------------------------------------------------------------------------


def test_decoder_refuses_a_token_the_grammar_does_not_allow() -> None:
    walk = decoder("stop_loss").copy()
    refused = next(t for t in range(walk.tokenizer.vocab_size) if not walk.allowed()[t])
    with pytest.raises(DecodingError):
        walk.consume(refused)
    assert walk.tokens == [] and walk.allowed_tokens()


def test_forced_tokens_spell_the_fixed_start() -> None:
    walk = decoder(None).copy()
    forced = walk.forced_tokens()
    assert forced
    for token in forced:
        walk.consume(token)
    assert "Strategy(ticker='".startswith(walk.text())


def test_mask_logits_leaves_only_allowed_tokens() -> None:
    walk = decoder("interval").copy()
    logits = np.zeros(walk.tokenizer.vocab_size + 7, dtype=np.float32)
    walk.mask_logits(logits)
    finite = np.flatnonzero(np.isfinite(logits)).tolist()
    assert finite == walk.allowed_tokens()


def test_copies_decode_independently() -> None:
    first = decoder("interval").copy()
    second = first.copy()
    first.consume(first.allowed_tokens()[0])
    assert second.tokens == [] and first.tokens


# --- the grammar text in other notations --------------------------------------------------------


def test_numerals_admit_exactly_the_range() -> None:
    pattern = re.compile(render_regex(integers(-5000, 5000)))
    assert [n for n in range(-6000, 6000) if pattern.fullmatch(str(n))] == \
        list(range(-5000, 5001))
    percent = re.compile(render_regex(number(Range(0, 100, min_inclusive=False), whole=False)))
    samples = [0, 0.0, 0.5, 1, 99.99, 100, 100.0, 100.5, -0.5, 250]
    assert [s for s in samples if percent.fullmatch(repr(s))] == [0.5, 1, 99.99, 100, 100.0]


def test_regex_form_matches_rendered_values_at_its_depth() -> None:
    pattern = re.compile(to_regex(build_grammar("stop_loss", depth=1)))
    assert pattern.fullmatch("StopLoss(percentage=2.5, stop_loss_type=StopLossType.TRAILING)")
    with pytest.raises(ValueError, match="recurses"):
        to_regex(build_grammar("buy_condition"))


def test_every_notation_names_each_rule_once() -> None:
    grammar = build_grammar()
    lark, ebnf = to_lark(grammar), to_ebnf(grammar)
    assert lark.startswith("start: ") and ebnf.startswith("root ::= ")
    assert len(lark.splitlines()) == len(ebnf.splitlines()) == len(grammar.rules)
