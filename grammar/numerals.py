"""Number literals as regular patterns that admit exactly the values of a catalog range.

A context-free grammar for decoding has no arithmetic, so ranges become digit patterns: the
integers 1 to 5000 are ``[1-9]|[1-9][0-9]|[1-9][0-9]{2}|[1-4][0-9]{3}|5000``. Only canonical
literals are admitted, the way :func:`~strategy_lsp.grammar.render.render` writes them: no
leading zeros, no ``+``, no exponent, ``repr`` floats (``2.5``, ``100.0``; never ``2.50``).
Where the catalog leaves a side open, the pattern stops at :data:`MAX_DIGITS` digits before
the point; fractions stop at :data:`MAX_FRACTION_DIGITS` digits. Both bounds also stop a model
from writing digits forever.

>>> render_regex(integers(1, 12))
'[1-9]|1[0-2]'
"""

from __future__ import annotations

from dataclasses import dataclass

from .spec import Range

#: Most digits before the point where the catalog sets no bound (values below 10**12).
MAX_DIGITS = 12
#: Most digits after the point; ``repr`` of a float of four significant digits down to 1e-4.
MAX_FRACTION_DIGITS = 8

_LARGEST = 10**MAX_DIGITS - 1


@dataclass(frozen=True)
class Chars:
    """A character class (``[0-9]``) repeated ``low`` to ``high`` times."""

    cls: str
    low: int = 1
    high: int = 1


Atom = str | Chars  # a string is a literal
Pattern = tuple[tuple[Atom, ...], ...]  # alternatives of sequences


def integers(low: int, high: int) -> Pattern:
    """Canonical integer literals of the values ``low`` to ``high`` inclusive."""
    options: list[tuple[Atom, ...]] = []
    if low < 0:
        options += [("-", *seq) for seq in _naturals(max(1, -high), -low)]
    options += _naturals(max(0, low), high)
    return tuple(options)


def number(bounds: Range | None, whole: bool) -> Pattern:
    """Canonical literals of the numbers in ``bounds``: integers, plus floats unless ``whole``.

    Catalog bounds are whole numbers, which keeps the float part exact: ``I.F`` with ``F`` not
    zero lies strictly between ``I`` and ``I + 1``.
    """
    low, high, low_in, high_in = _limits(bounds)
    first = int(low) if low_in else int(low) + 1
    last = int(high) if high_in else int(high) - 1
    options = list(integers(first, last))
    if whole:
        return tuple(options)
    options += [(*seq, ".0") for seq in integers(first, last)]
    fraction = (".", Chars("[0-9]", 0, MAX_FRACTION_DIGITS - 1), Chars("[1-9]"))
    options += [(*seq, *fraction) for seq in _naturals(max(int(low), 0), int(high) - 1)]
    options += [("-", *seq, *fraction) for seq in _naturals(max(-int(high), 0), -int(low) - 1)]
    return tuple(options)


def render_regex(pattern: Pattern) -> str:
    """The pattern as a regular expression (the syntax of Rust's ``regex`` and Python's ``re``)."""
    return "|".join("".join(_regex_atom(a) for a in seq) for seq in pattern)


def _regex_atom(atom: Atom) -> str:
    if isinstance(atom, str):
        return "".join("\\" + c if c in r"\.+*?()|[]{}^$-" else c for c in atom)
    if (atom.low, atom.high) == (1, 1):
        return atom.cls
    if atom.low == atom.high:
        return f"{atom.cls}{{{atom.low}}}"
    return f"{atom.cls}{{{atom.low},{atom.high}}}"


def _limits(bounds: Range | None) -> tuple[float, float, bool, bool]:
    low = bounds.minimum if bounds is not None and bounds.minimum is not None else -_LARGEST
    high = bounds.maximum if bounds is not None and bounds.maximum is not None else _LARGEST
    if not (float(low).is_integer() and float(high).is_integer()):
        raise ValueError(f"range bounds must be whole numbers, got {bounds}")
    low_in = bounds is None or bounds.minimum is None or bounds.min_inclusive
    high_in = bounds is None or bounds.maximum is None or bounds.max_inclusive
    return max(low, -_LARGEST), min(high, _LARGEST), low_in, high_in


def _naturals(low: int, high: int) -> list[tuple[Atom, ...]]:
    """Literals of the whole numbers ``low`` to ``high`` (both at least 0)."""
    options: list[tuple[Atom, ...]] = []
    for digits in range(len(str(max(low, 0))), len(str(max(high, 0))) + 1):
        start = max(low, 0 if digits == 1 else 10 ** (digits - 1))
        end = min(high, 10**digits - 1)
        if start <= end:
            options += _same_length(str(start), str(end))
    return options


def _same_length(low: str, high: str) -> list[tuple[Atom, ...]]:
    """Literals from ``low`` to ``high``, two digit strings of one length."""
    if not low:
        return [()]
    if low == high:
        return [(low,)]
    if low[0] == high[0]:
        return [(low[0], *rest) for rest in _same_length(low[1:], high[1:])]
    rest = len(low) - 1
    options: list[tuple[Atom, ...]] = []
    first, last = int(low[0]), int(high[0])
    if low[1:] != "0" * rest:
        options += [(low[0], *tail) for tail in _same_length(low[1:], "9" * rest)]
        first += 1
    upper = [] if high[1:] == "9" * rest else \
        [(high[0], *tail) for tail in _same_length("0" * rest, high[1:])]
    if high[1:] != "9" * rest:
        last -= 1
    if first <= last:
        lead = str(first) if first == last else f"[{first}-{last}]"
        options.append((Chars(lead) if first != last else lead,
                        *((Chars("[0-9]", rest, rest),) if rest else ())))
    return options + upper
