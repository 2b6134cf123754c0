"""The generator: a description in, a validated Strategy out, or a clear error.

Whole mode asks the large tier once. Fields mode asks one question per Strategy parameter,
all at once, each routed to its tier and bounded by a timeout; the answers are validated one
by one, assembled, and validated again as a whole. Nothing that fails validation is
returned: one retry with the errors fed back (none for a deterministic backend, which would
answer the same), then :class:`InvalidOutput`.
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from strategy_lsp.grammar import (
    CATALOG,
    Call,
    Diagnostic,
    EnumValue,
    Value,
    parse_expression,
    render,
    validate_strategy,
)
from strategy_lsp.grammar.imports import import_lines, required_imports
from strategy_lsp.grammar.model import default_value
from strategy_lsp.grammar.sides import BUY, SELL, is_short, swap_short_sides

from . import prompts
from .backend import Backend, CompletionRequest, Message, OutputFormat
from .description import check_description
from .errors import (
    BackendTimeout,
    BackendUnavailable,
    BadDescription,
    GenerationError,
    InvalidOutput,
    ModelNotFound,
)
from .output import read_output
from .router import PARAMETERS, Route, Router
from .settings import (
    UNSURE_BELOW,
    BackendName,
    GenerationSettings,
    Mode,
    PromptStyle,
    ShortSides,
)

#: ``on_progress(parameter, state)``: state is "started", "done" or "failed";
#: ``parameter`` is None for a whole-strategy call.
Progress = Callable[[str | None, str], None]

#: Output budget per call, in tokens: conditions are long, the rest short.
MAX_TOKENS = {"buy_condition": 384, "sell_condition": 384, None: 1024}
SHORT_ANSWER_TOKENS = 96
CACHE_SIZE = 512


@dataclass(frozen=True)
class PartResult:
    """What one model call produced, after validation."""

    parameter: str | None
    value: Value | None  # None: the description does not state it (the default applies)
    model: str
    backend: str
    seconds: float
    attempts: int
    repairs: tuple[Diagnostic, ...] = ()
    cached: bool = False
    #: per Strategy parameter, the model's probability for its least sure decision in that
    #: parameter's code (empty where the backend does not say: the servers' backends)
    confidence: Mapping[str, float] = field(default_factory=dict)
    #: the settings' ``unsure_below`` when this was generated
    unsure_below: float = UNSURE_BELOW
    #: what the backend said about how it read the description (:attr:`Completion.notes`)
    notes: tuple[str, ...] = ()

    def doubts(self, below: float | None = None) -> list[Doubt]:
        """The parameters of this answer the model was unsure of (see
        :meth:`GenerationResult.doubts`)."""
        return _doubts(self.confidence, self.unsure_below if below is None else below)


@dataclass(frozen=True)
class Doubt:
    """A parameter the model wrote with a decision it gave less than the settings'
    ``unsure_below`` (default :data:`UNSURE_BELOW`)."""

    parameter: str
    probability: float

    def __str__(self) -> str:
        return f"{self.parameter} ({self.probability:.0%} sure)"


def doubt_message(doubts: list[Doubt]) -> str | None:
    """What to tell the user about :meth:`GenerationResult.doubts`, or None when none."""
    if not doubts:
        return None
    named = [str(d) for d in doubts]
    listed = named[0] if len(named) == 1 else ", ".join(named[:-1]) + " and " + named[-1]
    return (f"the model was unsure of {listed}; check "
            + ("it" if len(doubts) == 1 else "them") + " against the description")


def _doubts(confidence: Mapping[str, float], below: float) -> list[Doubt]:
    """The parameters under ``below``, least sure first."""
    found = [Doubt(n, p) for n, p in confidence.items() if p < below]
    return sorted(found, key=lambda d: d.probability)


@dataclass
class GenerationResult:
    """A validated strategy and how it was made."""

    description: str
    strategy: Call
    mode: Mode
    parts: list[PartResult]
    seconds: float
    repairs: list[Diagnostic] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: the settings' ``unsure_below`` when this was generated
    unsure_below: float = UNSURE_BELOW

    @property
    def code(self) -> str:
        return render(self.strategy)

    @property
    def imports(self) -> list[str]:
        return import_lines(required_imports(self.strategy))

    def doubts(self, below: float | None = None) -> list[Doubt]:
        """The parameters of the strategy the model was least sure of, least sure first:
        those where one of its decisions had a probability under ``below`` (default: the
        settings' ``unsure_below``). Empty when the backend reports no probabilities."""
        lowest: dict[str, float] = {}
        for part in self.parts:
            for name, probability in part.confidence.items():
                lowest[name] = min(lowest.get(name, 1.0), probability)
        return _doubts(lowest, self.unsure_below if below is None else below)


BackendFactory = Callable[[BackendName, GenerationSettings], Backend]


def default_backend_factory(name: BackendName, settings: GenerationSettings) -> Backend:
    """Build a backend by name; server backends are imported only when asked for."""
    if name is BackendName.OLLAMA:
        from .backends.ollama import OllamaBackend

        return OllamaBackend(host=settings.resolved_ollama_host(),
                             keep_alive=settings.ollama_keep_alive)
    if name is BackendName.OPENAI:
        from .backends.openai_compat import OpenAIBackend

        return OpenAIBackend(base_url=settings.openai_base_url, api_key=settings.openai_api_key)
    from .backends.embedded import EmbeddedBackend

    return EmbeddedBackend()


class Generator:
    """Generates strategies with the configured backends; reuse it across requests."""

    def __init__(self, settings: GenerationSettings | None = None, *,
                 backends: Mapping[BackendName, Backend] | None = None,
                 factory: BackendFactory = default_backend_factory,
                 retriever: prompts.Retriever | None = None) -> None:
        self.settings = settings or GenerationSettings()
        self.router = Router(self.settings)
        self._backends: dict[BackendName, Backend] = dict(backends or {})
        self._factory = factory
        self._retriever = retriever
        self._cache: OrderedDict[tuple[Any, ...], PartResult] = OrderedDict()
        self._limit = asyncio.Semaphore(self.settings.max_concurrency)

    # --- public API ------------------------------------------------------------------

    async def generate(self, description: str, mode: Mode | None = None,
                       on_progress: Progress | None = None) -> GenerationResult:
        """A whole Strategy for a description."""
        text = check_description(description)
        mode = mode or self.settings.mode
        started = time.perf_counter()
        notes: list[str] = []
        if mode is Mode.WHOLE:
            part = await self._part(text, None, None, on_progress, notes)
            parts = [part]
            if not isinstance(part.value, Call):
                raise InvalidOutput("The model returned no strategy.")
            strategy = part.value
        else:
            parts = await self._fields(text, on_progress, notes)
            strategy = _assemble(parts)
        strategy = self._library_sides(strategy, parts, notes)
        notes += [n for n in dict.fromkeys(n for p in parts for n in p.notes) if n not in notes]
        checked = validate_strategy(*_reparse(strategy))
        final = checked.repaired
        if not isinstance(final, Call):
            problems = "; ".join(d.message for d in checked.errors[:3])
            raise InvalidOutput(f"The generated strategy does not validate: {problems}")
        repairs = [d for p in parts for d in p.repairs] + \
            [d for d in checked.diagnostics if d.repair is not None]
        return GenerationResult(description=text, strategy=final, mode=mode, parts=parts,
                                seconds=time.perf_counter() - started, repairs=repairs,
                                notes=notes, unsure_below=self.settings.unsure_below)

    async def generate_parameter(self, description: str, parameter: str,
                                 ticker: str | None = None,
                                 on_progress: Progress | None = None) -> PartResult:
        """One Strategy parameter for a description (parameter completion)."""
        if parameter not in PARAMETERS:
            raise KeyError(f"Strategy has no parameter {parameter!r}")
        text = check_description(description)
        if parameter in (BUY, SELL) and self._entry_first(self.router.route(parameter).backend):
            # a model that writes a short's entry as buy_condition answers the library's
            # buy_condition (the cover) when asked for sell_condition
            position = await self._part(text, "position_type", None, None, [])
            if isinstance(position.value, EnumValue) and position.value.member == "SHORT":
                other = SELL if parameter == BUY else BUY
                part = await self._part(text, other, ticker, on_progress, [])
                if self._entry_first(BackendName(part.backend)):
                    return replace(part, parameter=parameter)
        return await self._part(text, parameter, ticker, on_progress, [])

    async def aclose(self) -> None:
        for backend in self._backends.values():
            await backend.aclose()
        self._backends.clear()

    # --- a short's two conditions ------------------------------------------------------

    def _entry_first(self, backend: BackendName) -> bool:
        """Whether answers from ``backend`` write a short's entry as buy_condition (the
        embedded backend turns its own model's answers around already)."""
        return backend is not BackendName.EMBEDDED and \
            self.settings.short_sides is ShortSides.ENTRY

    def _library_sides(self, strategy: Call, parts: list[PartResult],
                       notes: list[str]) -> Call:
        """``strategy`` with a short's conditions as trading-strategy-tester means them, when
        the model that wrote them writes the entry as buy_condition (``short_sides``)."""
        writers = [p for p in parts if p.parameter in (None, BUY, SELL)]
        entry_first = [self._entry_first(BackendName(p.backend)) for p in writers]
        if not is_short(strategy) or not any(entry_first):
            return strategy
        if not all(entry_first):  # one side fell back to the embedded model
            notes.append("The buy and sell conditions came from different backends, which "
                         "write a short's conditions differently; check which one opens it.")
            return strategy
        return swap_short_sides(strategy)

    # --- fields mode -----------------------------------------------------------------

    async def _fields(self, text: str, on_progress: Progress | None,
                      notes: list[str]) -> list[PartResult]:
        ticker_task = asyncio.ensure_future(self._part(text, "ticker", None, on_progress, notes))

        async def ticker() -> str | None:
            part = await asyncio.shield(ticker_task)
            return part.value if isinstance(part.value, str) else None

        async def one(parameter: str) -> PartResult:
            return await self._part(text, parameter, ticker, on_progress, notes)

        try:
            others = await asyncio.gather(*(one(p) for p in PARAMETERS if p != "ticker"))
            first = await ticker_task
        except BaseException:
            ticker_task.cancel()
            raise
        return [first, *others]

    # --- one model call, validated ---------------------------------------------------

    async def _part(self, text: str, parameter: str | None,
                    ticker: str | Callable[[], Awaitable[str | None]] | None,
                    on_progress: Progress | None, notes: list[str]) -> PartResult:
        route = self.router.route(parameter)
        key = (text, parameter, route.backend, route.model)
        if key in self._cache:
            self._cache.move_to_end(key)
            cached = self._cache[key]
            if on_progress:
                on_progress(parameter, "done")
            return replace(cached, cached=True)
        if on_progress:
            on_progress(parameter, "started")
        try:
            async with self._limit:
                result = await self._ask_with_fallback(route, text, ticker, notes)
        except BaseException:
            if on_progress:
                on_progress(parameter, "failed")
            raise
        if on_progress:
            on_progress(parameter, "done")
        self._cache[key] = result
        if len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)
        return result

    async def _ask_with_fallback(self, route: Route, text: str,
                                 ticker: str | Callable[[], Awaitable[str | None]] | None,
                                 notes: list[str]) -> PartResult:
        try:
            return await self._ask(route, text, ticker)
        except (BackendUnavailable, ModelNotFound) as error:
            if not self.settings.fallback_to_embedded or route.backend is BackendName.EMBEDDED:
                raise
            fallback = self.router.route(route.parameter, BackendName.EMBEDDED)
            note = f"{route.backend.value} failed ({error}); used the embedded model instead."
            if note not in notes:
                notes.append(note)
            return await self._ask(fallback, text, ticker)

    def backend(self, name: BackendName) -> Backend:
        if name not in self._backends:
            self._backends[name] = self._factory(name, self.settings)
        return self._backends[name]

    async def _ask(self, route: Route, text: str,
                   ticker: str | Callable[[], Awaitable[str | None]] | None) -> PartResult:
        backend = self.backend(route.backend)
        parameter = route.parameter
        style = self.settings.resolved_prompt_style(route.backend)
        few_shot = style is PromptStyle.FEW_SHOT
        if few_shot:
            retriever = self._retriever if self.settings.rag else None
            messages = prompts.few_shot_messages(text, parameter, retriever)
        else:
            messages = prompts.fine_tuned_messages(text, parameter)
        pinned = None
        if route.backend is BackendName.EMBEDDED and not few_shot and callable(ticker) and \
                parameter in ("buy_condition", "sell_condition"):
            # in-process calls run one at a time anyway: wait for the ticker and let the
            # grammar mask write it, instead of repairing it afterwards
            pinned = await ticker()
        request = _request(route, messages, few_shot, self.settings.timeout, pinned)
        started = time.perf_counter()
        await backend.ensure_model(route.model)
        attempts = 0
        while True:
            attempts += 1
            try:
                completion = await asyncio.wait_for(backend.complete(request),
                                                    self.settings.timeout)
            except TimeoutError as error:
                raise BackendTimeout(f"{route.backend.value} model {route.model} took longer "
                                     f"than {self.settings.timeout:g} s for "
                                     f"{parameter or 'the strategy'}.") from error
            known_ticker = await ticker() if callable(ticker) else ticker
            validation = read_output(completion.text, parameter, known_ticker, request.output)
            value = validation.repaired
            problems = [d.message for d in validation.errors if d.repair is None]
            if not problems and value is None and parameter is not None and \
                    _required(parameter):
                problems = [f"{parameter} is required; the answer was empty."]
            if not problems:
                repairs = tuple(d for d in validation.diagnostics if d.repair is not None)
                return PartResult(parameter=parameter, value=value, model=route.model,
                                  backend=route.backend.value,
                                  seconds=time.perf_counter() - started, attempts=attempts,
                                  repairs=repairs, confidence=completion.confidence or {},
                                  unsure_below=self.settings.unsure_below,
                                  notes=completion.notes)
            if attempts >= (1 if getattr(backend, "deterministic", False) else 2):
                what = parameter or "strategy"
                if parameter == "ticker" and value is None:
                    raise BadDescription("The description names no ticker; say which market "
                                         "to trade, e.g. 'AAPL'.")
                times = "twice" if attempts == 2 else "(a retry would repeat it)"
                raise InvalidOutput(f"{route.model} wrote an invalid {what} {times}: "
                                    f"{'; '.join(problems[:3])}")
            request = _retry(request, completion.text, problems)


def _request(route: Route, messages: tuple[Message, ...], few_shot: bool,
             timeout: float, ticker: str | None = None) -> CompletionRequest:
    parameter = route.parameter
    schema = None
    grammar = None
    if few_shot:
        from strategy_lsp.grammar.schema import parameter_schema, strategy_schema

        schema = strategy_schema() if parameter is None else parameter_schema(parameter)
    elif route.backend is BackendName.EMBEDDED:
        from strategy_lsp.grammar.decoding import code_grammar

        grammar = code_grammar(parameter, ticker=ticker)
    return CompletionRequest(
        model=route.model, messages=messages,
        output=OutputFormat.JSON if few_shot else OutputFormat.CODE,
        parameter=parameter, schema=schema, grammar=grammar,
        max_tokens=MAX_TOKENS.get(parameter, SHORT_ANSWER_TOKENS), timeout=timeout)


def _retry(request: CompletionRequest, answer: str, problems: list[str]) -> CompletionRequest:
    messages = (*request.messages, Message("assistant", answer),
                prompts.retry_message(problems))
    return replace(request, messages=messages)


def _required(parameter: str) -> bool:
    spec = CATALOG.strategy.param(parameter)
    return spec is not None and spec.required


def _assemble(parts: list[PartResult]) -> Call:
    """A Strategy from per-parameter answers, leaving out those equal to their default."""
    values = {p.parameter: p.value for p in parts if p.parameter is not None}
    args: dict[str, Value] = {}
    for spec in CATALOG.strategy.params:
        value = values.get(spec.name)
        if value is None:
            continue
        if not spec.required and value == default_value(spec.default):
            continue
        args[spec.name] = value
    return Call(name="Strategy", args=args)


def _reparse(strategy: Call) -> tuple[Any, list[Diagnostic]]:
    expr, problems = parse_expression(render(strategy, inline=True))
    if expr is None:  # cannot happen for a rendered model; keep the error path explicit
        raise GenerationError("internal error: rendered strategy did not parse")
    return expr, problems


__all__ = ["UNSURE_BELOW", "Doubt", "GenerationResult", "Generator", "PartResult", "doubt_message"]
