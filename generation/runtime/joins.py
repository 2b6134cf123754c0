"""Where an answer may have joined its conditions wrongly, read from the code it wrote.

The commonest mistake the embedded model makes on unfamiliar phrasing is structural: a side
that a description states as two clauses ("RSI crosses down through 70, together with the
MACD below its signal") written as its first clause alone, or the clauses joined the wrong
way, which the model betrays by writing an ``OR`` directly inside an ``OR`` (the dataset
never nests an operator in itself: its children would simply be the outer one's) or the
same clause twice (:func:`join_defects`). Both cost every leaf of the side, since the
operator is part of each leaf's path.

:func:`join_turns` lists the places where a greedy answer may be decoded again with another
join forced there (``"join_coverage"`` in a model folder's config.json; :mod:`.model`): the
retry keeps the new answer only where it leaves less of the description out.

>>> join_defects("OR(A(), OR(B(), C()))"), join_defects("AND(A(x=1), A(x=1))")
(1, 1)
>>> join_turns("Strategy(buy_condition=A(x=1), sell_condition=OR(B(), OR(C(), D())))")
[(23, 'AND('), (46, 'AND(')]
"""

from __future__ import annotations

import re

#: a call's name and its opening parenthesis, a closing one, or a quoted string (skipped)
_TOKEN = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)?\(|\)|'[^']*'")
_OPERATORS = ("AND", "OR")
_SIDES = re.compile(r"\b(?:buy|sell)_condition=")


def _calls(code: str) -> list[tuple[str, int, int, int]]:
    """Each call of ``code``, in order: its name, where the name starts, where its closing
    parenthesis ends, and the index of the call it is an argument of (-1 at the top)."""
    opened: list[tuple[str, int, int]] = []  # name, start, parent
    ends: dict[int, int] = {}
    open_calls: list[int] = []
    for match in _TOKEN.finditer(code):
        token = match.group(0)
        if token.startswith("'"):
            continue
        if token == ")":
            if open_calls:
                ends[open_calls.pop()] = match.end()
            continue
        opened.append((match.group(1) or "", match.start(), open_calls[-1] if open_calls else -1))
        open_calls.append(len(opened) - 1)
    return [(name, start, ends.get(index, len(code)), parent)
            for index, (name, start, parent) in enumerate(opened)]


def _nested(calls: list[tuple[str, int, int, int]]) -> list[int]:
    """The indices of the operators that are a direct child of the same operator."""
    return [index for index, (name, _, _, parent) in enumerate(calls)
            if name in _OPERATORS and parent >= 0 and calls[parent][0] == name]


def join_defects(code: str) -> int:
    """How many joins of ``code`` no dataset answer makes: an ``AND``/``OR`` directly inside
    the same operator, and a condition an operator already has once more among its
    children (``AND(X, X)``)."""
    calls = _calls(code)
    children: dict[int, list[str]] = {}
    for _, start, end, parent in calls:
        if parent >= 0 and calls[parent][0] in _OPERATORS:
            children.setdefault(parent, []).append(code[start:end])
    return len(_nested(calls)) + sum(len(texts) - len(set(texts))
                                     for texts in children.values())


def join_turns(code: str) -> list[tuple[int, str]]:
    """Where ``code`` may be written again with another join, in the order of the code:
    the offset where a condition starts and the text to force there.

    - a side (``buy_condition``, ``sell_condition``) that is one condition, not an
      ``AND``: forced to open with ``AND(``, so that the model writes a second clause;
    - an operator with the same operator as a direct child: forced to the other one.
    """
    calls = _calls(code)
    sides = {match.end() for match in _SIDES.finditer(code)}
    turns = {start: "AND(" for name, start, _, _ in calls
             if start in sides and name not in _OPERATORS}
    for index in _nested(calls):
        name, start, _, _ = calls[calls[index][3]]
        turns[start] = "OR(" if name == "AND" else "AND("
    return sorted(turns.items())
