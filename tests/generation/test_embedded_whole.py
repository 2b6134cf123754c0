"""A whole-strategy embedded model serves fields mode: one generation per description."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import pytest

from strategy_lsp.generation import CompletionRequest, GenerationError, Message
from strategy_lsp.generation.backend import OutputFormat
from strategy_lsp.generation.backends.embedded import EmbeddedBackend
from strategy_lsp.generation.engine import Generator
from strategy_lsp.generation.output import NOT_STATED, parameter_confidence
from strategy_lsp.generation.runtime.model import Choice, Generated, TickerReading
from strategy_lsp.generation.settings import BackendName, GenerationSettings, Mode
from strategy_lsp.grammar import render
from strategy_lsp.grammar.decoding import code_grammar

CODE = ("Strategy(ticker='AAPL', position_type=PositionTypeEnum.LONG, "
        "buy_condition=CrossUnderCondition(first_series=RSI('AAPL', length=14), "
        "second_series=CONST(30)), sell_condition=CrossOverCondition(first_series="
        "RSI('AAPL', length=14), second_series=CONST(70)), stop_loss=StopLoss(percentage=5, "
        "stop_loss_type=StopLossType.TRAILING))")
DESCRIPTION = "Buy AAPL when RSI(14) drops below 30, sell above 70, 5% trailing stop"


class WholeModel:
    """Stands in for a model folder trained with task "whole": it writes ``code``."""

    task = "whole"

    def __init__(self, code: str, choices: tuple[Choice, ...] = (),
                 short_sides: str = "library") -> None:
        self.code = code
        self.short_sides = short_sides
        self.choices = choices
        self.prompts: list[str] = []
        self.lock = threading.Lock()

    def ticker_reading(self, prompt: str) -> TickerReading:
        return TickerReading("AAPL" in prompt, None)

    def generate(self, prompt: str, grammar: str, max_tokens: int,
                 cancel: threading.Event | None = None) -> Generated:
        with self.lock:
            self.prompts.append(prompt)
        assert grammar == code_grammar(None)  # always the whole strategy's grammar
        return Generated(text=self.code, prompt_tokens=10, completion_tokens=20,
                         choices=self.choices)


class Backend(EmbeddedBackend):
    def __init__(self, model: WholeModel) -> None:
        super().__init__(models={})
        self.model = model

    def load(self, model: str) -> Any:
        return self.model


def _generator(model: WholeModel, **settings: Any) -> Generator:
    chosen = GenerationSettings(backend=BackendName.EMBEDDED, mode=Mode.FIELDS, **settings)
    return Generator(chosen, backends={BackendName.EMBEDDED: Backend(model)})


async def test_fields_mode_on_a_whole_model_generates_once_and_splits_the_strategy() -> None:
    model = WholeModel(CODE)
    generator = _generator(model)
    result = await generator.generate(DESCRIPTION)
    assert render(result.strategy, inline=True) == CODE
    assert model.prompts == [DESCRIPTION]  # one generation served all 13 parameters
    assert {p.parameter for p in result.parts} >= {"ticker", "stop_loss", "buy_condition"}


async def test_an_unstated_parameter_is_answered_as_not_stated() -> None:
    backend = Backend(WholeModel(CODE))
    request = CompletionRequest(
        model="m", messages=(Message("user", f"take_profit: {DESCRIPTION}"),),
        output=OutputFormat.CODE, parameter="take_profit",
        grammar=code_grammar("take_profit"), max_tokens=64)
    completion = await backend.complete(request)
    assert completion.text == NOT_STATED
    stop = await backend.complete(CompletionRequest(
        model="m", messages=(Message("user", f"stop_loss: {DESCRIPTION}"),),
        output=OutputFormat.CODE, parameter="stop_loss", grammar=code_grammar("stop_loss"),
        max_tokens=64))
    assert stop.text == "StopLoss(percentage=5, stop_loss_type=StopLossType.TRAILING)"


async def test_a_whole_strategy_that_does_not_validate_fails_every_parameter() -> None:
    generator = _generator(WholeModel("Strategy(ticker='AAPL')"))  # no conditions
    with pytest.raises(GenerationError):
        await generator.generate(DESCRIPTION)


async def test_one_cancelled_parameter_does_not_cancel_the_shared_generation() -> None:
    release = threading.Event()

    class Slow(WholeModel):
        def generate(self, prompt: str, grammar: str, max_tokens: int,
                     cancel: threading.Event | None = None) -> Generated:
            release.wait(5)
            return super().generate(prompt, grammar, max_tokens, cancel)

    model = Slow(CODE)
    backend = Backend(model)

    def request(parameter: str) -> CompletionRequest:
        return CompletionRequest(
            model="m", messages=(Message("user", f"{parameter}: {DESCRIPTION}"),),
            output=OutputFormat.CODE, parameter=parameter, grammar=code_grammar(parameter),
            max_tokens=64)

    first = asyncio.ensure_future(backend.complete(request("ticker")))
    second = asyncio.ensure_future(backend.complete(request("interval")))
    await asyncio.sleep(0.05)
    first.cancel()
    release.set()
    assert (await second).text == "Interval.ONE_DAY"
    assert first.cancelled()
    assert model.prompts == [DESCRIPTION]


def _at(fragment: str, probability: float) -> Choice:
    start = CODE.index(fragment)
    return Choice(start, start + len(fragment), probability)


async def test_each_parameter_carries_how_sure_the_model_was_of_its_least_sure_decision() -> None:
    choices = (_at("CrossUnderCondition(", 0.55), _at("CONST(70", 0.9),
               _at("TRAILING", 0.4), _at("), sell_condition=CrossOver", 0.8))
    result = await _generator(WholeModel(CODE, choices)).generate(DESCRIPTION)
    confidence = {p.parameter: p.confidence[p.parameter] for p in result.parts}
    # a token reaching across "), sell_condition=" counts for the argument it ends in
    assert confidence["buy_condition"] == 0.55 and confidence["sell_condition"] == 0.8
    assert confidence["stop_loss"] == 0.4
    assert confidence["ticker"] == confidence["take_profit"] == 1.0  # no decision there
    assert [(d.parameter, d.probability) for d in result.doubts()] == [
        ("stop_loss", 0.4), ("buy_condition", 0.55)]
    assert [d.parameter for d in result.doubts(below=0.5)] == ["stop_loss"]


@pytest.mark.parametrize(("unsure_below", "named"), [
    (0.0, []), (0.5, ["stop_loss"]), (0.7, ["stop_loss", "buy_condition"]),
    (0.95, ["stop_loss", "buy_condition", "sell_condition"])])
async def test_the_unsure_below_setting_decides_which_parameters_are_named(
        unsure_below: float, named: list[str]) -> None:
    choices = (_at("CrossUnderCondition(", 0.55), _at("CONST(70", 0.9),
               _at("TRAILING", 0.4), _at("), sell_condition=CrossOver", 0.8))
    generator = _generator(WholeModel(CODE, choices), unsure_below=unsure_below)
    result = await generator.generate(DESCRIPTION)
    assert [d.parameter for d in result.doubts()] == named
    part = await generator.generate_parameter(DESCRIPTION, "stop_loss")
    assert [d.parameter for d in part.doubts()] == (["stop_loss"] if "stop_loss" in named else [])


def test_confidence_needs_code_that_parses_and_a_lone_parameter_takes_its_lowest() -> None:
    choices = (Choice(0, 3, 0.6), Choice(3, 9, 0.3))
    assert parameter_confidence("Strategy(ticker=", choices) == {}
    assert parameter_confidence("'AAPL'", choices, "ticker") == {"ticker": 0.3}
    assert parameter_confidence("'AAPL'", (), "ticker") == {"ticker": 1.0}


async def test_a_description_without_a_readable_ticker_is_refused_before_generating() -> None:
    model = WholeModel(CODE)
    with pytest.raises(GenerationError, match="no ticker the embedded model can read"):
        await _generator(model).generate(DESCRIPTION.replace("AAPL", "aapl"))
    assert model.prompts == []  # nothing was generated


SHORT = CODE.replace("LONG", "SHORT")  # as a generator-1 model writes it: the entry first


@pytest.mark.parametrize("mode", [Mode.WHOLE, Mode.FIELDS])
async def test_a_short_from_an_entry_first_model_is_written_as_the_library_means_it(
        mode: Mode) -> None:
    choices = (Choice(SHORT.index("CrossUnder"), SHORT.index("CrossUnder") + 10, 0.55),)
    model = WholeModel(SHORT, choices, short_sides="entry")
    chosen = GenerationSettings(backend=BackendName.EMBEDDED, mode=mode)
    generator = Generator(chosen, backends={BackendName.EMBEDDED: Backend(model)})
    result = await generator.generate(DESCRIPTION)
    strategy = result.strategy
    # the model's entry (buy_condition) opens the short: the library's sell_condition
    entry = "CrossUnderCondition(first_series=RSI('AAPL', length=14), second_series=CONST(30))"
    assert render(strategy.args["sell_condition"], inline=True) == entry
    assert strategy.args["buy_condition"].name == "CrossOverCondition"
    assert [(d.parameter, d.probability) for d in result.doubts()] == [("sell_condition", 0.55)]


async def test_a_library_model_and_a_long_strategy_keep_their_sides() -> None:
    library = await _generator(WholeModel(SHORT, short_sides="library")).generate(DESCRIPTION)
    assert render(library.strategy, inline=True) == SHORT
    long = await _generator(WholeModel(CODE, short_sides="entry")).generate(DESCRIPTION)
    assert render(long.strategy, inline=True) == CODE
