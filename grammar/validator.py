"""Syntax tree to typed model, checked against the catalog.

Every problem becomes a :class:`Diagnostic` with a span, a severity, a message and, where one
exists, a :class:`Repair`. The validator runs in two modes: as written (the model the user's
text means) and repaired (every repair applied, as the generation layer wants). Repairs are
always reported, never silent.
"""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from . import syntax as sx
from .catalog import CATALOG
from .diagnostics import Diagnostic, Edit, Repair, Severity
from .model import Call, EnumValue, Value
from .render import render_inline
from .source import Span
from .spec import CALL_TYPES, ClassSpec, Kind, ParamSpec, ValueType

_KIND_WORDS = {
    Kind.SERIES: "a series (e.g. RSI('AAPL') or CONST(30))",
    Kind.CONDITION: "a condition (e.g. CrossOverCondition(...))",
    Kind.STOP_LOSS: "a StopLoss(...)",
    Kind.TAKE_PROFIT: "a TakeProfit(...)",
    Kind.ORDER_SIZE: "an order size: Contracts(...), USD(...) or PercentOfEquity(...)",
    Kind.COMMISSIONS: "commissions: MoneyCommissions(...) or PercentageCommissions(...)",
    Kind.DATE: "a date, datetime(year, month, day)",
    Kind.STRATEGY: "a Strategy(...)",
}

_TYPE_WORDS = {
    ValueType.TICKER: "a ticker string such as 'AAPL'",
    ValueType.INT: "a whole number",
    ValueType.NUMBER: "a number",
    ValueType.BOOL: "True or False",
}

MISSING = object()


@dataclass
class Validation:
    """The outcome of checking one expression."""

    model: Value | None
    repaired: Value | None
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]

    @property
    def ok(self) -> bool:
        return not self.errors


def _closest(word: str, options: Iterable[str]) -> str | None:
    options = list(options)
    lowered = {o.lower(): o for o in options}
    if word.lower() in lowered:
        return lowered[word.lower()]
    match = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if not match:
        match = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
        return lowered[match[0]] if match else None
    return match[0]


def _point(span: Span, after: int) -> Span:
    """A zero-width span ``after`` characters past the start of ``span`` (same line)."""
    return Span(start_line=span.start_line, start_col=span.start_col + after,
                end_line=span.start_line, end_col=span.start_col + after,
                start_byte=span.start_byte + after, end_byte=span.start_byte + after)


class _Checker:
    def __init__(self, repair: bool, today: dt.date, ticker: str | None) -> None:
        self.repair = repair
        self.today = today
        self.ticker = ticker
        self.diagnostics: list[Diagnostic] = []
        self.unrepaired_errors = 0

    # --- reporting -------------------------------------------------------------------

    def report(self, span: Span, code: str, message: str, *, severity: Severity = Severity.ERROR,
               fix: str | None = None, edits: tuple[Edit, ...] = ()) -> None:
        repair = Repair(description=fix, edits=edits) if fix and edits else None
        if severity is Severity.ERROR and repair is None:
            self.unrepaired_errors += 1
        self.diagnostics.append(Diagnostic(span=span, severity=severity, code=code,
                                           message=message, repair=repair))

    def replace(self, span: Span, code: str, message: str, new: Value, *,
                severity: Severity = Severity.ERROR, fix: str | None = None,
                original: object = MISSING) -> object:
        """Report a problem mended by writing ``new`` over ``span``.

        An error's repair is always applied: a model with errors is only ever used repaired.
        A warning's repair is applied in repair mode only; otherwise the value as written
        (``original``) stands.
        """
        try:
            text = render_inline(new)
        except ValueError:  # a mend that cannot be written (a number such as 1e999)
            self.report(span, code, message, severity=severity)
            return MISSING if severity is Severity.ERROR else original
        self.report(span, code, message, severity=severity, fix=fix or f"Replace with {text}",
                    edits=(Edit(span=span, text=text),))
        return new if self.repair or severity is Severity.ERROR else original

    # --- calls -----------------------------------------------------------------------

    def call(self, node: sx.Call, kinds: tuple[Kind, ...]) -> object:
        spec = CATALOG.get(node.name)
        if spec is None or spec.kind not in kinds:
            candidates = [c.name for k in kinds for c in CATALOG.of_kind(k)]
            guess = _closest(node.name, candidates)
            expected = " or ".join(_KIND_WORDS[k] for k in kinds)
            if spec is not None:
                message = f"{node.name} is {_KIND_WORDS[spec.kind].split(' (')[0]}, " \
                          f"but {expected} is expected here."
                guess = None
            else:
                message = f"Unknown name {node.name!r}: expected {expected}."
                if guess:
                    message += f" Did you mean {guess}?"
            if guess is None:
                self.report(node.name_span, "unknown-class" if spec is None else "wrong-type",
                            message)
                return MISSING
            self.report(node.name_span, "unknown-class", message, fix=f"Rename to {guess}",
                        edits=(Edit(span=node.name_span, text=guess),))
            # Check the arguments against the likely class so every problem shows at once.
            spec = CATALOG.get(guess)
            assert spec is not None
        args = self.arguments(node, spec)
        if spec.kind is Kind.DATE:
            return self.date(node, spec, args)
        return Call.model_construct(name=spec.name, args=args, span=node.span)

    def arguments(self, node: sx.Call, spec: ClassSpec) -> dict[str, Value]:
        """Bind positional and keyword arguments to the spec's parameters and check each."""
        given: dict[str, tuple[sx.Expr, Span]] = {}
        params = spec.params
        variadic = params[0] if params and params[0].variadic else None
        if variadic is not None:
            if not node.args:
                self.report(node.name_span, "missing-argument",
                            f"{spec.name} needs at least one condition.")
            elif len(node.args) == 1:
                self.report(node.name_span, "single-condition",
                            f"{spec.name} with one condition is just that condition.",
                            severity=Severity.INFO)
        else:
            for index, arg in enumerate(node.args):
                if index >= len(params):
                    self.report(arg.span, "too-many-arguments",
                                f"{spec.name} takes at most {len(params)} positional "
                                f"argument{'s' if len(params) != 1 else ''}.")
                    continue
                given[params[index].name] = (arg, arg.span)
        for keyword in node.keywords:
            name = keyword.name
            if variadic is not None or spec.param(name) is None:
                known = [p.name for p in params if not p.variadic]
                guess = _closest(name, known)
                if variadic is not None:
                    self.report(keyword.span, "unknown-keyword",
                                f"{spec.name} takes only conditions as positional arguments.")
                    continue
                message = f"{spec.name} has no parameter {name!r}."
                if guess and guess not in given and guess not in {k.name for k in node.keywords}:
                    self.report(keyword.name_span, "unknown-keyword",
                                f"{message} Did you mean {guess!r}?", fix=f"Rename to {guess}",
                                edits=(Edit(span=keyword.name_span, text=guess),))
                    given[guess] = (keyword.value, keyword.span)
                    continue
                options = ", ".join(known) or "no keywords"
                self.report(keyword.name_span, "unknown-keyword",
                            f"{message} It takes: {options}.")
                continue
            if name in given:
                self.report(keyword.span, "duplicate-argument",
                            f"{spec.name} is given {name!r} more than once.")
                continue
            given[name] = (keyword.value, keyword.span)

        args: dict[str, Value] = {}
        if variadic is not None:
            items = []
            for arg in node.args:
                value = self.value(arg, variadic, spec)
                if value is not MISSING:
                    items.append(value)
            args[variadic.name] = tuple(items)  # type: ignore[arg-type]
            return args

        unresolved: list[str] = []
        for param in params:
            if not param.required or param.name in given:
                continue
            if param.type is ValueType.TICKER and spec.kind is Kind.SERIES and self.ticker:
                inserted = repr(self.ticker) + (", " if node.args or node.keywords else "")
                self.report(node.name_span, "missing-argument",
                            f"{spec.name} needs a ticker; the strategy trades {self.ticker!r}.",
                            fix=f"Use the strategy's ticker {self.ticker!r}",
                            edits=(Edit(span=_point(node.args_span, 1), text=inserted),))
                args[param.name] = self.ticker
                continue
            unresolved.append(param.name)
        if unresolved:
            plural = "s" if len(unresolved) > 1 else ""
            self.report(node.name_span, "missing-argument",
                        f"{spec.name} is missing required argument{plural}: "
                        f"{', '.join(unresolved)}.")
        for param in params:
            if param.name in given:
                expr, _ = given[param.name]
                value = self.value(expr, param, spec)
                if value is not MISSING and value is not None:
                    args[param.name] = value  # type: ignore[assignment]
        return {p.name: args[p.name] for p in params if p.name in args}

    def date(self, node: sx.Call, spec: ClassSpec, args: dict[str, Value]) -> object:
        if len(args) < 3:
            return MISSING  # a missing or invalid part has been reported
        year, month, day = (int(args[k]) for k in ("year", "month", "day"))  # type: ignore[arg-type]
        days = calendar.monthrange(year, month)[1]
        if day > days:
            self.report(node.span, "invalid-date",
                        f"{calendar.month_name[month]} {year} has only {days} days.")
            return MISSING
        if dt.date(year, month, day) > self.today:
            self.report(node.span, "future-date",
                        f"{year}-{month:02d}-{day:02d} is in the future; there is no price data "
                        "after today.", severity=Severity.WARNING)
        return Call.model_construct(name=spec.name, args=args, span=node.span)

    # --- values ----------------------------------------------------------------------

    def value(self, expr: sx.Expr, param: ParamSpec, owner: ClassSpec) -> object:
        kind = param.type
        where = f"{param.name} of {owner.name}"
        if isinstance(expr, sx.Invalid):
            return MISSING  # the parser has reported it
        if isinstance(expr, sx.NoneValue):
            if not param.required and param.default is None:
                return None
            self.report(expr.span, "wrong-type", f"{where} cannot be None.")
            return MISSING
        if isinstance(expr, sx.Name):
            if CATALOG.get(expr.name) is not None:
                self.report(expr.span, "not-allowed",
                            f"{expr.name} must be called, e.g. {expr.name}(...).")
            else:
                self.report(expr.span, "not-allowed",
                            f"{expr.name!r} is a variable; strategy code is checked without "
                            "running it, so write the value itself.")
            return MISSING
        if kind in CALL_TYPES:
            return self.call_value(expr, param, owner, CALL_TYPES[kind])
        if kind is ValueType.ENUM:
            return self.enum_value(expr, param, owner)
        if kind is ValueType.TICKER:
            return self.ticker_value(expr, where, owner)
        if kind is ValueType.BOOL:
            if isinstance(expr, sx.Boolean):
                return expr.value
            if isinstance(expr, sx.Number) and expr.value in (0, 1):
                return self.replace(expr.span, "wrong-type", f"{where} must be True or False.",
                                    bool(expr.value))
            self.report(expr.span, "wrong-type", f"{where} must be True or False.")
            return MISSING
        return self.number_value(expr, param, where)

    def number_value(self, expr: sx.Expr, param: ParamSpec, where: str) -> object:
        whole = param.type is ValueType.INT
        wanted = _TYPE_WORDS[param.type]
        if isinstance(expr, sx.Number):
            value: int | float = expr.value
            if isinstance(value, float) and not math.isfinite(value):
                self.report(expr.span, "out-of-range", f"{where} must be a finite number.")
                return MISSING
            if whole and isinstance(value, float):
                if value.is_integer():
                    return self.replace(expr.span, "wrong-type",
                                        f"{where} must be a whole number, got {value!r}.",
                                        int(value))
                self.report(expr.span, "wrong-type",
                            f"{where} must be a whole number, got {value!r}.")
                return MISSING
            return self.check_range(expr, value, param, where)
        if isinstance(expr, sx.String):
            number = _number_from_text(expr.value, whole)
            message = f"{where} must be {wanted}, not the string {expr.value!r}."
            if number is not None:
                return self.replace(expr.span, "wrong-type", message, number)
            self.report(expr.span, "wrong-type", message)
            return MISSING
        self.report(expr.span, "wrong-type", f"{where} must be {wanted}.")
        return MISSING

    def check_range(self, expr: sx.Number, value: int | float, param: ParamSpec,
                    where: str) -> object:
        if param.range is None or param.range.contains(value):
            return value
        message = f"{where} must be {param.range.describe()}, got {value!r}."
        default = param.default
        if isinstance(default, int | float) and not isinstance(default, bool):
            return self.replace(expr.span, "out-of-range", message, default,
                                fix=f"Use the default {render_inline(default)}")
        self.report(expr.span, "out-of-range", message)
        return MISSING

    def ticker_value(self, expr: sx.Expr, where: str, owner: ClassSpec) -> object:
        if not isinstance(expr, sx.String):
            self.report(expr.span, "wrong-type", f"{where} must be a ticker string such as "
                        "'AAPL'.")
            return MISSING
        value = expr.value
        if not value.strip() or len(value) > 32 or any(c.isspace() for c in value):
            self.report(expr.span, "invalid-ticker",
                        f"{value!r} is not a ticker: use a symbol such as 'AAPL' "
                        "(no spaces, at most 32 characters).")
            return MISSING
        if owner.kind is Kind.SERIES and self.ticker is not None and value != self.ticker:
            # Comparing with another market is legitimate, so this is only a warning.
            return self.replace(expr.span, "ticker-mismatch",
                                f"This series reads {value!r}, but the strategy trades "
                                f"{self.ticker!r}.", self.ticker, severity=Severity.WARNING,
                                fix=f"Use {self.ticker!r}", original=value)
        return value

    def enum_value(self, expr: sx.Expr, param: ParamSpec, owner: ClassSpec) -> object:
        assert param.enum is not None
        spec = CATALOG.enum(param.enum)
        assert spec is not None
        where = f"{param.name} of {owner.name}"
        if isinstance(expr, sx.Attribute):
            if expr.owner == spec.name and spec.member(expr.member) is not None:
                return EnumValue.model_construct(enum=spec.name, member=expr.member,
                                                 span=expr.span)
            if expr.owner != spec.name and CATALOG.enum(expr.owner) is None and \
                    _closest(expr.owner, [spec.name]) is None:
                self.report(expr.owner_span, "not-allowed",
                            f"{expr.owner!r} is not an enum of the library; {where} must be "
                            f"a {spec.name} member.")
                return MISSING
            member = _closest(expr.member, spec.member_names)
            options = ", ".join(f"{spec.name}.{m}" for m in spec.member_names)
            if expr.owner == spec.name:
                message = f"{spec.name} has no member {expr.member!r}."
            else:
                message = f"{where} must be a {spec.name} member, not {expr.owner}."
            if member is None:
                self.report(expr.span, "unknown-enum-member", f"{message} Options: {options}.")
                return MISSING
            return self.replace(expr.span, "unknown-enum-member", message,
                                EnumValue(enum=spec.name, member=member))
        if isinstance(expr, sx.String | sx.Number):
            text = str(expr.value).strip().lower()
            for m in spec.members:
                if text in (m.name.lower(), m.value.lower()):
                    return self.replace(expr.span, "wrong-type",
                                        f"{where} must be an enum member, not a "
                                        f"{'string' if isinstance(expr, sx.String) else 'number'}.",
                                        EnumValue(enum=spec.name, member=m.name))
        self.report(expr.span, "wrong-type",
                    f"{where} must be a {spec.name} member, e.g. {spec.name}."
                    f"{spec.members[0].name}.")
        return MISSING

    def call_value(self, expr: sx.Expr, param: ParamSpec, owner: ClassSpec, kind: Kind) -> object:
        where = f"{param.name} of {owner.name}"
        if isinstance(expr, sx.Call):
            return self.call(expr, (kind,))
        if kind is Kind.SERIES and isinstance(expr, sx.Number):
            if not math.isfinite(expr.value):  # 1e999: no CONST can hold it
                self.report(expr.span, "out-of-range", f"{where} must be a series of finite "
                                                       "numbers.")
                return MISSING
            return self.replace(expr.span, "wrong-type",
                                f"{where} must be a series; wrap the number in CONST.",
                                Call(name="CONST", args={"const_number": expr.value}))
        if kind is Kind.DATE and isinstance(expr, sx.String):
            parsed = _date_from_text(expr.value)
            if parsed is not None:
                return self.replace(expr.span, "wrong-type",
                                    f"{where} must be datetime(year, month, day), not a string.",
                                    Call(name="datetime", args={"year": parsed.year,
                                                                "month": parsed.month,
                                                                "day": parsed.day}))
        if kind in (Kind.STOP_LOSS, Kind.TAKE_PROFIT) and isinstance(expr, sx.Number):
            name = "StopLoss" if kind is Kind.STOP_LOSS else "TakeProfit"
            return self.replace(expr.span, "wrong-type",
                                f"{where} must be {name}(percentage=...).",
                                Call(name=name, args={"percentage": expr.value}))
        self.report(expr.span, "wrong-type", f"{where} must be {_KIND_WORDS[kind]}.")
        return MISSING

    # --- the strategy ----------------------------------------------------------------

    def strategy(self, node: sx.Call) -> object:
        for keyword in node.keywords:
            if keyword.name == "ticker" and isinstance(keyword.value, sx.String):
                self.ticker = keyword.value.value
        if node.args and isinstance(node.args[0], sx.String):
            self.ticker = node.args[0].value
        if self.ticker is not None and (not self.ticker.strip() or
                                        any(c.isspace() for c in self.ticker)):
            self.ticker = None
        result = self.call(node, (Kind.STRATEGY,))
        if isinstance(result, Call):
            self.strategy_rules(result, node)
        return result

    def strategy_rules(self, strategy: Call, node: sx.Call) -> None:
        start, end = strategy.args.get("start_date"), strategy.args.get("end_date")
        if isinstance(start, Call) and isinstance(end, Call) and _as_date(end) < _as_date(start):
            self.report(end.span or node.name_span, "end-before-start",
                        "end_date is before start_date.")
        period = strategy.args.get("period")
        if isinstance(period, EnumValue) and period.member != "NOT_PASSED" and (start or end):
            self.report(period.span or node.name_span, "period-and-dates",
                        "period is set, so start_date and end_date are ignored by the backtest; "
                        "keep one or the other.", severity=Severity.WARNING)


def _as_date(call: Call) -> dt.date:
    return dt.date(int(call.args["year"]), int(call.args["month"]),  # type: ignore[arg-type]
                   int(call.args["day"]))  # type: ignore[arg-type]


def _number_from_text(text: str, whole: bool) -> int | float | None:
    cleaned = text.strip().replace(",", "").replace("_", "").rstrip("%").strip()
    try:
        number = float(cleaned)
    except ValueError:
        return None
    if not math.isfinite(number):
        return None
    if whole:
        return int(number) if number.is_integer() else None
    return int(number) if number.is_integer() and "." not in cleaned else number


def _date_from_text(text: str) -> dt.date | None:
    for fmt in ("%Y-%m-%d", "%Y/%m/%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    return None


def _run(check: str, expr: sx.Expr, param: ParamSpec | None, today: dt.date | None,
         ticker: str | None, repair: bool) -> tuple[object, _Checker]:
    checker = _Checker(repair, today or dt.date.today(), ticker)
    if check == "strategy":
        if isinstance(expr, sx.Call):
            result = checker.strategy(expr)
        elif isinstance(expr, sx.Invalid):
            result = MISSING
        else:
            checker.report(expr.span, "wrong-type", "Expected a Strategy(...) call.")
            result = MISSING
    else:
        assert param is not None
        result = checker.value(expr, param, CATALOG.strategy)
    return result, checker


def _validate(check: str, expr: sx.Expr, parse_diagnostics: list[Diagnostic],
              param: ParamSpec | None, today: dt.date | None, ticker: str | None) -> Validation:
    result, checker = _run(check, expr, param, today, ticker, repair=False)
    diagnostics = [*parse_diagnostics, *checker.diagnostics]
    has_errors = any(d.severity is Severity.ERROR for d in diagnostics)
    value = None if result is MISSING else result
    parse_errors = any(d.severity is Severity.ERROR and d.repair is None
                       for d in parse_diagnostics)
    repaired = None if parse_errors or checker.unrepaired_errors else value
    if repaired is not None and any(d.repair is not None and d.severity is not Severity.ERROR
                                    for d in checker.diagnostics):
        fixed, _ = _run(check, expr, param, today, ticker, repair=True)
        repaired = None if fixed is MISSING else fixed
    return Validation(model=None if has_errors else value,  # type: ignore[arg-type]
                      repaired=repaired, diagnostics=diagnostics)  # type: ignore[arg-type]


def validate_strategy(expr: sx.Expr, parse_diagnostics: list[Diagnostic] | None = None, *,
                      today: dt.date | None = None) -> Validation:
    """Check a ``Strategy(...)`` syntax tree against the catalog."""
    return _validate("strategy", expr, parse_diagnostics or [], None, today, None)


def validate_parameter(expr: sx.Expr, parameter: str,
                       parse_diagnostics: list[Diagnostic] | None = None, *,
                       ticker: str | None = None, today: dt.date | None = None) -> Validation:
    """Check the value of one Strategy parameter (``stop_loss``, ``buy_condition``, ...)."""
    param = CATALOG.strategy.param(parameter)
    if param is None:
        raise KeyError(f"Strategy has no parameter {parameter!r}")
    return _validate("parameter", expr, parse_diagnostics or [], param, today, ticker)
