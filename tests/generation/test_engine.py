"""The generator: modes, routing, concurrency, caching, retries, timeouts and faults."""

from __future__ import annotations

import asyncio

import pytest

from strategy_lsp.generation import (
    BackendUnavailable,
    BadDescription,
    InvalidOutput,
    ModelNotFound,
)
from strategy_lsp.generation.description import check_description
from strategy_lsp.generation.engine import Doubt, Generator, PartResult, doubt_message
from strategy_lsp.generation.errors import BackendTimeout
from strategy_lsp.generation.settings import (
    BackendName,
    GenerationSettings,
    Mode,
    PromptStyle,
    ShortSides,
)
from strategy_lsp.grammar import parse_expression, render, validate_strategy

from .scripted import ScriptedBackend

DESCRIPTION = "Long AAPL: buy when RSI crosses below 30, sell when it crosses above 70."
WHOLE = ("Strategy(ticker='AAPL', position_type=PositionTypeEnum.LONG, "
         "buy_condition=CrossUnderCondition(first_series=RSI('AAPL'), second_series=CONST(30)), "
         "sell_condition=CrossOverCondition(first_series=RSI('AAPL'), second_series=CONST(70)))")
FIELDS: dict[str | None, str] = {
    "ticker": "'AAPL'",
    "position_type": "PositionTypeEnum.LONG",
    "buy_condition": "CrossUnderCondition(first_series=RSI('AAPL'), second_series=CONST(30))",
    "sell_condition": "CrossOverCondition(first_series=RSI('AAPL'), second_series=CONST(70))",
    "stop_loss": "StopLoss(percentage=5, stop_loss_type=StopLossType.TRAILING)",
    "take_profit": "None",
    "start_date": "datetime(2024, 1, 1)",
    "end_date": "None",
    "interval": "Interval.ONE_DAY",
    "period": "Period.NOT_PASSED",
    "initial_capital": "10000",
    "order_size": "Contracts(1)",
    "trade_commissions": "MoneyCommissions(0)",
}


def settings(**changes: object) -> GenerationSettings:
    base = {"backend": BackendName.OLLAMA, "prompt_style": PromptStyle.FINE_TUNED,
            "fallback_to_embedded": False}
    return GenerationSettings(**{**base, **changes})  # type: ignore[arg-type]


def generator(backend: ScriptedBackend, **changes: object) -> Generator:
    return Generator(settings(**changes), backends={BackendName.OLLAMA: backend})


def assert_valid(code: str) -> None:
    expr, problems = parse_expression(code)
    assert expr is not None
    assert validate_strategy(expr, problems).ok


async def test_whole_mode_makes_one_call_to_the_large_model() -> None:
    backend = ScriptedBackend({None: WHOLE})
    result = await generator(backend).generate(DESCRIPTION, Mode.WHOLE)
    assert render(result.strategy, inline=True) == WHOLE
    assert [r.model for r in backend.requests] == ["llama3.2:3b"]
    assert result.parts[0].attempts == 1
    assert "from trading_strategy_tester import PositionTypeEnum, Strategy" in result.imports
    assert_valid(result.code)


async def test_fields_mode_routes_conditions_to_the_large_model_and_the_rest_to_the_small() -> None:
    backend = ScriptedBackend(dict(FIELDS))
    result = await generator(backend, mode=Mode.FIELDS).generate(DESCRIPTION)
    models = {r.parameter: r.model for r in backend.requests}
    assert models["buy_condition"] == models["sell_condition"] == "llama3.2:3b"
    assert {m for p, m in models.items() if p not in ("buy_condition", "sell_condition")} == \
        {"llama3.2:1b"}
    assert len(backend.requests) == 13
    # defaults are left out of the assembled strategy; stated values stay
    assert set(result.strategy.args) == {"ticker", "position_type", "buy_condition",
                                         "sell_condition", "stop_loss", "initial_capital"}
    assert_valid(result.code)


async def test_fields_mode_runs_calls_concurrently() -> None:
    backend = ScriptedBackend(dict(FIELDS), delay=0.05)
    await generator(backend, mode=Mode.FIELDS, max_concurrency=16).generate(DESCRIPTION)
    assert backend.peak_in_flight == 13


async def test_concurrency_limit_is_honoured() -> None:
    backend = ScriptedBackend(dict(FIELDS), delay=0.01)
    await generator(backend, mode=Mode.FIELDS, max_concurrency=3).generate(DESCRIPTION)
    assert backend.peak_in_flight == 3


async def test_results_are_cached_by_description_parameter_and_model() -> None:
    backend = ScriptedBackend({None: WHOLE})
    gen = generator(backend)
    first = await gen.generate(DESCRIPTION, Mode.WHOLE)
    second = await gen.generate(DESCRIPTION, Mode.WHOLE)
    assert len(backend.requests) == 1
    assert second.parts[0].cached and not first.parts[0].cached
    await gen.generate(DESCRIPTION + " Use daily bars.", Mode.WHOLE)
    assert len(backend.requests) == 2


async def test_invalid_output_is_retried_once_with_the_errors_fed_back() -> None:
    backend = ScriptedBackend({None: ["Strategy(ticker='AAPL')", WHOLE]})
    result = await generator(backend).generate(DESCRIPTION, Mode.WHOLE)
    assert result.parts[0].attempts == 2
    retry = backend.requests[1].messages
    assert retry[-2].content == "Strategy(ticker='AAPL')"
    assert "missing required arguments" in retry[-1].content


async def test_output_invalid_twice_raises_and_returns_nothing() -> None:
    backend = ScriptedBackend({None: "Strategy(ticker='AAPL', buy_condition=1)"})
    with pytest.raises(InvalidOutput, match="invalid strategy twice"):
        await generator(backend).generate(DESCRIPTION, Mode.WHOLE)
    assert len(backend.requests) == 2


async def test_a_deterministic_backend_is_not_asked_again_for_the_same_answer() -> None:
    backend = ScriptedBackend({None: ["Strategy(ticker='AAPL')", WHOLE]}, deterministic=True)
    with pytest.raises(InvalidOutput, match="a retry would repeat it"):
        await generator(backend).generate(DESCRIPTION, Mode.WHOLE)
    assert len(backend.requests) == 1


async def test_hostile_output_is_rejected_and_never_run(tmp_path: object) -> None:
    hostile = "__import__('os').system('echo pwned')"
    backend = ScriptedBackend({None: hostile})
    with pytest.raises(InvalidOutput, match="Only catalog classes"):
        await generator(backend).generate(DESCRIPTION, Mode.WHOLE)


async def test_repairs_are_applied_and_reported() -> None:
    answer = WHOLE.replace("RSI('AAPL')", "RSI(lenght=14)", 1)
    backend = ScriptedBackend({None: answer})
    result = await generator(backend).generate(DESCRIPTION, Mode.WHOLE)
    assert "RSI('AAPL', length=14)" in render(result.strategy, inline=True)
    assert {d.code for d in result.repairs} == {"unknown-keyword", "missing-argument"}


async def test_slow_backend_times_out_with_a_clear_error() -> None:
    backend = ScriptedBackend({None: WHOLE}, delay=5)
    with pytest.raises(BackendTimeout, match=r"longer than 0\.2 s"):
        await generator(backend, timeout=0.2).generate(DESCRIPTION, Mode.WHOLE)


async def test_unknown_model_names_the_pull_command() -> None:
    backend = ScriptedBackend({None: WHOLE}, models={"other"})
    with pytest.raises(ModelNotFound, match=r"ollama pull llama3\.2:3b"):
        await generator(backend).generate(DESCRIPTION, Mode.WHOLE)


async def test_dead_backend_falls_back_to_the_embedded_one_when_configured() -> None:
    dead = ScriptedBackend({None: BackendUnavailable("connection refused")})
    embedded = ScriptedBackend({None: WHOLE}, name="embedded")
    gen = Generator(settings(fallback_to_embedded=True),
                    backends={BackendName.OLLAMA: dead, BackendName.EMBEDDED: embedded})
    result = await gen.generate(DESCRIPTION, Mode.WHOLE)
    assert result.parts[0].backend == "embedded"
    assert any("used the embedded model" in note for note in result.notes)


async def test_dead_backend_without_fallback_raises() -> None:
    dead = ScriptedBackend({None: BackendUnavailable("connection refused")})
    with pytest.raises(BackendUnavailable):
        await generator(dead).generate(DESCRIPTION, Mode.WHOLE)


@pytest.mark.parametrize(("text", "words"), [
    ("", "empty"),
    ("   \n ", "empty"),
    ("What a lovely day for a picnic.", "does not read like a trading strategy"),
])
async def test_description_that_is_not_a_strategy_gets_a_helpful_message(text: str,
                                                                         words: str) -> None:
    backend = ScriptedBackend({None: WHOLE})
    with pytest.raises(BadDescription, match=words):
        await generator(backend).generate(text, Mode.WHOLE)
    assert backend.requests == []


@pytest.mark.parametrize("text", [
    "^NDX L/S | L: px +10pc in 3 bars | S: MFI-10 x-over 90 | SL 6pc, lookback max",
    "QQQ: EMA-50 x-under sma-200",
])
def test_a_terse_description_with_hyphenated_names_reads_as_a_strategy(text: str) -> None:
    # every trading word here is glued to a length or a prefix by a hyphen
    assert check_description(text) == text


@pytest.mark.parametrize("text", [
    # the trading words only in another form: buying, selling, stopped, shorts
    "thinking about buying NKE when %K is north of %D, selling when %K slips beneath %D",
    "anyone tried shorts on XLE the week after it topped? stopped out twice",
    # names glued to their lengths, and trader shorthand
    "AMD lng willr14 < -80 | out: cls < ema9",
    "$BAC shrt px < ma20, cvr 5pc down",
])
def test_a_description_in_other_forms_or_shorthand_reads_as_a_strategy(text: str) -> None:
    assert check_description(text) == text


@pytest.mark.parametrize("text", [
    "please write me a poem about the sea",
    "the meeting moved to Tuesday at 3pm, bring the slides",
    "I love my cats and dogs",
])
def test_text_with_no_word_of_trading_in_any_form_is_refused(text: str) -> None:
    with pytest.raises(BadDescription, match="does not read like a trading strategy"):
        check_description(text)


async def test_missing_ticker_in_fields_mode_asks_the_user_for_one() -> None:
    answers = dict(FIELDS)
    answers["ticker"] = "None"
    backend = ScriptedBackend(answers)  # type: ignore[arg-type]
    with pytest.raises(BadDescription, match="names no ticker"):
        await generator(backend, mode=Mode.FIELDS).generate("buy when RSI is below 30")


async def test_cancellation_stops_every_call() -> None:
    backend = ScriptedBackend(dict(FIELDS), delay=10)
    task = asyncio.ensure_future(generator(backend, mode=Mode.FIELDS).generate(DESCRIPTION))
    await asyncio.sleep(0.1)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    await asyncio.sleep(0)
    assert backend.in_flight == 0


async def test_parameter_completion_uses_the_ticker_for_series() -> None:
    backend = ScriptedBackend({"buy_condition": "LessThanCondition(first_series=RSI(), "
                                                "second_series=CONST(30))"})
    part = await generator(backend).generate_parameter(DESCRIPTION, "buy_condition",
                                                       ticker="AAPL")
    assert render(part.value) == ("LessThanCondition(first_series=RSI('AAPL'), "  # type: ignore[arg-type]
                                  "second_series=CONST(30))")
    assert part.model == "llama3.2:3b"


async def test_progress_reports_each_parameter() -> None:
    events: list[tuple[str | None, str]] = []
    backend = ScriptedBackend(dict(FIELDS))
    gen = generator(backend, mode=Mode.FIELDS)
    await gen.generate(DESCRIPTION, on_progress=lambda p, s: events.append((p, s)))
    done = {p for p, s in events if s == "done"}
    assert done == set(FIELDS)


async def test_embedded_conditions_are_decoded_with_the_ticker_pinned_in_the_grammar() -> None:
    backend = ScriptedBackend(dict(FIELDS), name="embedded")
    gen = Generator(GenerationSettings(mode=Mode.FIELDS, model_small="m", model_large="m"),
                    backends={BackendName.EMBEDDED: backend})
    await gen.generate(DESCRIPTION)
    grammars = {r.parameter: r.grammar or "" for r in backend.requests}
    assert "AAPL" in grammars["buy_condition"] and "AAPL" in grammars["sell_condition"]
    assert "AAPL" not in grammars["stop_loss"]


def test_the_doubt_message_names_each_parameter_with_how_sure_the_model_was() -> None:
    assert doubt_message([]) is None
    assert doubt_message([Doubt("stop_loss", 0.41)]) == \
        "the model was unsure of stop_loss (41% sure); check it against the description"
    assert doubt_message([Doubt("buy_condition", 0.2), Doubt("sell_condition", 0.5),
                          Doubt("period", 0.66)]) == (
        "the model was unsure of buy_condition (20% sure), sell_condition (50% sure) and "
        "period (66% sure); check them against the description")


def test_a_one_parameter_answer_is_doubted_only_below_the_limit() -> None:
    def part(confidence: dict[str, float]) -> PartResult:
        return PartResult(parameter="stop_loss", value=None, model="m", backend="embedded",
                          seconds=0.0, attempts=1, confidence=confidence)

    assert part({}).doubts() == []  # a backend that reports nothing
    assert part({"stop_loss": 0.9}).doubts() == []
    assert part({"stop_loss": 0.3}).doubts() == [Doubt("stop_loss", 0.3)]
    assert part({"stop_loss": 0.9}).doubts(below=0.95) == [Doubt("stop_loss", 0.9)]


async def test_server_backends_report_no_doubts() -> None:
    result = await generator(ScriptedBackend({None: WHOLE})).generate(DESCRIPTION)
    assert result.parts[0].confidence == {} and result.doubts() == []


# a short as a model writes it that puts the entry in buy_condition (generator-1 data)
SHORT_ENTRY_FIRST = WHOLE.replace("LONG", "SHORT")
SHORT_LIBRARY = ("Strategy(ticker='AAPL', position_type=PositionTypeEnum.SHORT, "
                 "buy_condition=CrossOverCondition(first_series=RSI('AAPL'), "
                 "second_series=CONST(70)), sell_condition=CrossUnderCondition("
                 "first_series=RSI('AAPL'), second_series=CONST(30)))")


@pytest.mark.parametrize(("sides", "expected"), [(ShortSides.LIBRARY, SHORT_ENTRY_FIRST),
                                                 (ShortSides.ENTRY, SHORT_LIBRARY)])
async def test_a_server_model_that_writes_the_entry_first_is_turned_around_when_told(
        sides: ShortSides, expected: str) -> None:
    backend = ScriptedBackend({None: SHORT_ENTRY_FIRST})
    result = await generator(backend, short_sides=sides).generate(DESCRIPTION)
    assert render(result.strategy, inline=True) == expected
    long = await generator(ScriptedBackend({None: WHOLE}), short_sides=sides).generate(
        DESCRIPTION)
    assert render(long.strategy, inline=True) == WHOLE  # only a short is turned around


async def test_fields_mode_turns_a_short_around_and_completion_asks_for_the_other_side(
        ) -> None:
    answers = dict(FIELDS, position_type="PositionTypeEnum.SHORT")
    backend = ScriptedBackend(dict(answers))
    gen = generator(backend, mode=Mode.FIELDS, short_sides=ShortSides.ENTRY)
    result = await gen.generate(DESCRIPTION)
    assert render(result.strategy.args["buy_condition"]) == answers["sell_condition"]
    assert render(result.strategy.args["sell_condition"]) == answers["buy_condition"]
    # completing buy_condition of a short: the model's sell_condition is the library's
    part = await gen.generate_parameter(DESCRIPTION, "buy_condition", ticker="AAPL")
    assert part.parameter == "buy_condition"
    assert render(part.value) == answers["sell_condition"]  # type: ignore[arg-type]


async def test_the_embedded_fallback_is_not_turned_around_twice() -> None:
    dead = ScriptedBackend({None: BackendUnavailable("connection refused")})
    embedded = ScriptedBackend({None: SHORT_LIBRARY}, name="embedded")
    gen = Generator(settings(fallback_to_embedded=True, short_sides=ShortSides.ENTRY),
                    backends={BackendName.OLLAMA: dead, BackendName.EMBEDDED: embedded})
    result = await gen.generate(DESCRIPTION)
    assert render(result.strategy, inline=True) == SHORT_LIBRARY
