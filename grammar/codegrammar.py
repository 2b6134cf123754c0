"""A grammar of canonical one-line strategy code, derived from the catalog, for token masks.

It admits what ``render(model, inline=True)`` writes: arguments in catalog order, positional
where the renderer writes them so, ``", "`` between arguments, no other spaces. Numbers are
bounded by their catalog ranges (see :mod:`strategy_lsp.grammar.numerals`), dates have the
right number of days per month (29 February only in leap years), and AND / OR take two or
more conditions. The grammar is built once as rules (:class:`Grammar`) and written out in three
notations: Lark for llguidance (:func:`to_lark`, the one we decode with), GBNF-style EBNF for
xgrammar (:func:`to_ebnf`) and, unrolled to a fixed depth, a regular expression for
outlines-core (:func:`to_regex`).

>>> to_lark(build_grammar("stop_loss")).splitlines()[0]
'start: c_stoploss'
"""

from __future__ import annotations

import calendar
import json
from collections.abc import Callable
from dataclasses import dataclass, field

from .catalog import CATALOG
from .model import default_value
from .numerals import Chars, Pattern, number, render_regex
from .schema import MAX_TICKER_LENGTH, nests, union_classes
from .spec import CALL_TYPES, ClassSpec, Kind, ParamSpec, Range, ValueType

#: Characters of a ticker: printable ASCII but space, quotes and backslash.
TICKER_CHARS = r"[!#-&(-\[\]-~]"


@dataclass(frozen=True)
class Ref:
    """Another rule, by name; upper-case names are terminals (regular, one lexeme)."""

    name: str


@dataclass(frozen=True)
class Seq:
    items: tuple[Expr, ...]


@dataclass(frozen=True)
class Alt:
    options: tuple[Expr, ...]


@dataclass(frozen=True)
class Repeat:
    """``item`` at least ``low`` times and at most ``high`` (``None``: no limit)."""

    item: Expr
    low: int = 0
    high: int | None = 1


@dataclass(frozen=True)
class Regular:
    """A regular pattern of literals and character classes (numbers, tickers)."""

    pattern: Pattern


Expr = str | Ref | Seq | Alt | Repeat | Regular  # a string is a literal


@dataclass
class Grammar:
    """Named rules and the rule to start from."""

    start: str
    rules: dict[str, Expr] = field(default_factory=dict)


def build_grammar(parameter: str | None = None, *, ticker: str | None = None,
                  depth: int | None = None) -> Grammar:
    """The rules for a whole strategy, or for the value of one Strategy parameter.

    ``ticker`` pins every ticker to that symbol. ``depth`` unrolls condition nesting to that
    many levels (needed for a regular expression); ``None`` keeps the rules recursive.
    """
    builder = _Builder(ticker, depth)
    start: Expr
    if parameter is None:
        start = builder.call(CATALOG.strategy, depth)
    else:
        param = CATALOG.strategy.param(parameter)
        if param is None:
            raise KeyError(f"Strategy has no parameter {parameter!r}")
        start = builder.value(param, depth)
        if not param.required and default_value(param.default) is None:
            # "not stated" for a parameter whose default has no code form (no stop loss,
            # end date today): the answer per-field models are trained to give
            start = Alt((start, "None"))
    grammar = Grammar(start="start", rules={"start": start})
    _collect(grammar, start, builder.rules)
    return grammar


def _collect(grammar: Grammar, expr: Expr, rules: dict[str, Expr]) -> None:
    """Copy the rules reachable from ``expr`` into the grammar, in order of first use."""
    if isinstance(expr, Ref):
        if expr.name not in grammar.rules:
            grammar.rules[expr.name] = rules[expr.name]
            _collect(grammar, rules[expr.name], rules)
    elif isinstance(expr, Seq):
        for item in expr.items:
            _collect(grammar, item, rules)
    elif isinstance(expr, Alt):
        for option in expr.options:
            _collect(grammar, option, rules)
    elif isinstance(expr, Repeat):
        _collect(grammar, expr.item, rules)


class _Builder:
    def __init__(self, ticker: str | None, depth: int | None) -> None:
        self.ticker = ticker
        self.depth = depth
        self.rules: dict[str, Expr] = {}

    def rule(self, name: str, build: Expr | Callable[[], Expr]) -> Ref:
        if name not in self.rules:
            self.rules[name] = ""  # a recursive use while building finds the name taken
            self.rules[name] = build() if callable(build) else build
        return Ref(name)

    # --- values --------------------------------------------------------------------------

    def value(self, param: ParamSpec, depth: int | None) -> Expr:
        kind = param.type
        if kind is ValueType.TICKER:
            return self.ticker_value()
        if kind is ValueType.BOOL:
            return Alt(("True", "False"))
        if kind is ValueType.ENUM:
            assert param.enum is not None
            spec = CATALOG.enum(param.enum)
            assert spec is not None
            return self.rule("e_" + spec.name.lower(),
                             Alt(tuple(f"{spec.name}.{m}" for m in spec.member_names)))
        if kind in (ValueType.INT, ValueType.NUMBER):
            return self.number_value(param.range, kind is ValueType.INT)
        if kind is ValueType.DATE:
            return self.rule("date", self.date)
        return self.union(CALL_TYPES[kind], depth)

    def ticker_value(self) -> Expr:
        if self.ticker is not None:
            return repr(self.ticker)
        return self.rule("TICKER", Regular((("'", Chars(TICKER_CHARS, 1, MAX_TICKER_LENGTH),
                                             "'"),)))

    def number_value(self, bounds: Range | None, whole: bool) -> Ref:
        return self.rule(_number_name(bounds, whole), Regular(number(bounds, whole)))

    def union(self, kind: Kind, depth: int | None) -> Ref:
        name = kind.value if depth is None or kind is not Kind.CONDITION \
            else f"{kind.value}_{depth}"
        classes = union_classes(kind, 2 if depth is None else depth)
        if len(classes) == 1:
            return self.call(classes[0], depth)
        return self.rule(name, lambda: Alt(tuple(self.call(c, depth) for c in classes)))

    def date(self) -> Expr:
        year = self.number_value(Range(1900, 2100), whole=True)
        day = {n: self.number_value(Range(1, n), whole=True) for n in (28, 30, 31)}
        leap = tuple(str(y) for y in range(1900, 2101) if calendar.isleap(y))
        options: list[Expr] = []
        for days, months in ((31, (1, 3, 5, 7, 8, 10, 12)), (30, (4, 6, 9, 11)), (28, (2,))):
            month = Alt(tuple(str(m) for m in months)) if len(months) > 1 else str(months[0])
            options.append(Seq((year, ", ", month, ", ", day[days])))
        # Separate lexemes: a literal ", 2, 29" would shadow ", " (llguidance lexes greedily).
        options.append(Seq((Alt(leap), ", ", "2", ", ", "29")))
        return Seq(("datetime(", Alt(tuple(options)), ")"))

    # --- calls ---------------------------------------------------------------------------

    def call(self, spec: ClassSpec, depth: int | None) -> Ref:
        suffix = "" if depth is None or not nests(spec) else f"_{depth}"
        return self.rule(_rule_name(spec.name) + suffix, lambda: self.arguments(spec, depth))

    def arguments(self, spec: ClassSpec, depth: int | None) -> Expr:
        # Conditions inside a condition sit one level deeper; the Strategy's own do not.
        inner = depth - 1 if depth is not None and spec.kind is Kind.CONDITION else depth
        lead: list[Expr] = []
        keywords: list[tuple[Expr, bool]] = []
        for param in spec.params:
            value = self.value(param, inner if param.type is ValueType.CONDITION else depth)
            if param.variadic:
                lead.append(Seq((value, Repeat(Seq((", ", value)), 1, None))))
            elif param.positional and not keywords:
                if not param.required:
                    raise ValueError(f"{spec.name}.{param.name}: optional positional parameter")
                lead.append(value)
            else:
                keywords.append((Seq((f"{param.name}=", value)), param.required))
        items: list[Expr] = [f"{spec.name}("]
        for index, item in enumerate(lead):
            items += [", ", item] if index else [item]
        items.append(_keywords(keywords, after=bool(lead)))
        items.append(")")
        return Seq(tuple(i for i in items if i != Seq(())))


def _keywords(keywords: list[tuple[Expr, bool]], after: bool) -> Expr:
    """Keyword arguments in catalog order, each optional unless required, comma-separated."""
    def rest(start: int) -> list[Expr]:
        return [Seq((", ", kw)) if required else Repeat(Seq((", ", kw)))
                for kw, required in keywords[start:]]

    if after or not keywords:
        return Seq(tuple(rest(0)))
    # The first keyword written is any optional one before the first required one, or that.
    options: list[Expr] = []
    for index, (kw, required) in enumerate(keywords):
        options.append(Seq((kw, *rest(index + 1))))
        if required:
            return options[0] if len(options) == 1 else Alt(tuple(options))
    return Repeat(Alt(tuple(options)) if len(options) > 1 else options[0])


def _rule_name(name: str) -> str:
    return "c_" + name.lower()


def _number_name(bounds: Range | None, whole: bool) -> str:
    def bound(value: float | None, inclusive: bool, side: str) -> str:
        if value is None:
            return ""
        text = str(int(value)).replace("-", "M")
        return f"_{side}{'E' if inclusive else 'T'}{text}"

    low = bound(bounds.minimum, bounds.min_inclusive, "G") if bounds else ""
    high = bound(bounds.maximum, bounds.max_inclusive, "L") if bounds else ""
    return ("INT" if whole else "NUM") + (low + high or "_ANY")


# --- notations -----------------------------------------------------------------------------


def to_lark(grammar: Grammar) -> str:
    """The grammar in llguidance's Lark dialect; terminals are single regex lexemes."""
    lines = []
    for name, expr in grammar.rules.items():
        if isinstance(expr, Regular):
            lines.append(f"{name}: /{render_regex(expr.pattern)}/")
        else:
            lines.append(f"{name}: {_bnf(expr, top=True)}")
    return "\n".join(lines) + "\n"


def to_ebnf(grammar: Grammar) -> str:
    """The grammar in the GBNF-style EBNF of xgrammar and llama.cpp; the start rule is ``root``."""
    def name(rule: str) -> str:
        return "root" if rule == grammar.start else rule.lower().replace("_", "-")

    lines = []
    for rule, expr in grammar.rules.items():
        body = _ebnf_regular(expr) if isinstance(expr, Regular) else _bnf(expr, True, name)
        lines.append(f"{name(rule)} ::= {body}")
    return "\n".join(lines) + "\n"


def to_regex(grammar: Grammar) -> str:
    """The grammar as one regular expression; it must not recurse (build it with a depth)."""
    def inline(expr: Expr, seen: tuple[str, ...]) -> str:
        if isinstance(expr, str):
            return render_regex(((expr,),))
        if isinstance(expr, Ref):
            if expr.name in seen:
                raise ValueError(f"rule {expr.name} recurses; build the grammar with a depth")
            return inline(grammar.rules[expr.name], (*seen, expr.name))
        if isinstance(expr, Regular):
            return f"(?:{render_regex(expr.pattern)})"
        if isinstance(expr, Seq):
            return "".join(inline(i, seen) for i in expr.items)
        if isinstance(expr, Alt):
            return "(?:" + "|".join(inline(o, seen) for o in expr.options) + ")"
        return f"(?:{inline(expr.item, seen)}){_count(expr)}"

    return inline(Ref(grammar.start), ())


def _count(repeat: Repeat) -> str:
    low, high = repeat.low, repeat.high
    if (low, high) == (0, 1):
        return "?"
    if (low, high) == (0, None):
        return "*"
    if (low, high) == (1, None):
        return "+"
    return f"{{{low},{'' if high is None else high}}}"


def _bnf(expr: Expr, top: bool = False, name: object = None) -> str:
    """Lark and EBNF share this syntax: quoted literals, ``|``, ``( )``, ``?``, ``+``, ``{m,n}``."""
    def rename(rule: str) -> str:
        return name(rule) if callable(name) else rule

    if isinstance(expr, str):
        return json.dumps(expr)
    if isinstance(expr, Ref):
        return rename(expr.name)
    if isinstance(expr, Seq):
        text = " ".join(_bnf(i, False, name) for i in expr.items) or '""'
        return text if top or len(expr.items) <= 1 else f"({text})"
    if isinstance(expr, Alt):
        text = " | ".join(_bnf(o, False, name) for o in expr.options)
        return text if top else f"({text})"
    if isinstance(expr, Repeat):
        return f"({_bnf(expr.item, True, name)}){_count(expr)}"
    raise TypeError(f"a regular pattern cannot be part of a rule: {expr!r}")


def _ebnf_regular(expr: Regular) -> str:
    def atom(part: str | Chars) -> str:
        if isinstance(part, str):
            return json.dumps(part)
        if (part.low, part.high) == (1, 1):
            return part.cls
        return f"{part.cls}{{{part.low},{part.high}}}"

    return " | ".join(" ".join(atom(a) for a in seq) for seq in expr.pattern)
