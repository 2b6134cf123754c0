"""The "broad" style: the plain style's writer, with more of the ways English joins and names
conditions.

The plain style joins two conditions with "and", "both ... and", "while", "provided that";
people also write "along with", "coupled with", "in addition to", "as well as", "on top of".
It names a crossing with a verb ("crosses above"); people also name it with a noun ("a
crossover of the 20 EMA above the 50 EMA", "a break of RSI below 30") or a gerund ("RSI
moving back above 30"), and a state with other verbs ("holding above", "remaining under").

The point is breadth, not a dialect: a model that has read many joiners and namings learns
what a clause boundary and a direction look like, and not one phrase per condition class.
The held-out desk style (``desk_style``) is written by a different generator; none of its
joiners ("together with", "plus", "with ... as well", "whichever comes first") or nominal
crossings ("an upside cross of ... through ...", "a bullish 20/50 MA cross") are used here,
so that its scores keep measuring text the model never read.
"""

from __future__ import annotations

from strategy_lsp.grammar import Call

from .plain_conditions import _CROSSES, _UP, Voice
from .plain_style import PlainPhraser

#: Joiners of two conditions that must both hold, and of two either of which is enough.
_BOTH = ("{a}, along with {b}", "{a}, coupled with {b}", "{a} in addition to {b}",
         "{a} as well as {b}", "{a}, on top of that {b}", "{a} combined with {b}",
         "{a}, and at the same time {b}", "{a}, alongside {b}", "{a}, and additionally {b}",
         "{a} and, in the same bar, {b}")
_EITHER = ("{a}, or otherwise {b}", "{a}, or failing that {b}", "{a}, or else if {b}",
           "{a}; alternatively {b}", "{a} or, instead, {b}", "{a}, or just {b}")
#: Joiners of a list of three or more: (all must hold, any is enough).
_ALL = ("each of the following: {items}", "all the following hold: {items}",
        "every condition here: {items}")
_ANY = ("one of the following: {items}", "any single one of: {items}",
        "some of these (one is enough): {items}")

#: Nouns and gerunds of a crossing, up and down: "{a}" the series that crosses, "{b}" the
#: other; the first group are noun phrases ("a crossover of ..."), the second clauses.
_CROSS_NOUNS = {True: ("a crossover of {a} above {b}", "a cross of {a} over {b}",
                       "a break of {a} above {b}", "a move of {a} up over {b}",
                       "a rise of {a} through {b} from below"),
                False: ("a crossunder of {a} below {b}", "a cross of {a} under {b}",
                        "a break of {a} below {b}", "a drop of {a} down under {b}",
                        "a fall of {a} through {b} from above")}
_CROSS_GERUNDS = {True: ("{a} moving back above {b}", "{a} climbing over {b}",
                         "{a} rising past {b}", "{a} breaking out over {b}"),
                  False: ("{a} moving back below {b}", "{a} sliding under {b}",
                          "{a} falling past {b}", "{a} breaking down under {b}")}
_STATES = {True: ("{a} holding above {b}", "{a} remaining above {b}", "{a} staying over {b}",
                  "{a} being higher than {b}", "{a} kept above {b}"),
           False: ("{a} holding below {b}", "{a} remaining under {b}", "{a} staying below {b}",
                   "{a} being lower than {b}", "{a} kept below {b}")}


class BroadVoice(Voice):
    """A plain writer who joins and names conditions in more ways."""

    def _logical(self, condition: Call, nested: bool) -> str:
        if self.terse or nested or self.rng.random() < 0.35:
            return super()._logical(condition, nested)
        items = condition.args["conditions"]
        assert isinstance(items, tuple)
        both = condition.name == "AND"
        parts = []
        for index, item in enumerate(items):
            text = self.clause(item) if item.name not in ("AND", "OR") \
                else self._logical(item, nested=True)
            # a group anywhere but last is closed, so that "a or b along with c" reads once
            last = index == len(items) - 1
            parts.append(text if last or item.name not in ("AND", "OR") else f"({text})")
        if len(parts) == 2:
            template = self.rng.choice(_BOTH if both else _EITHER)
            return template.format(a=parts[0], b=parts[1])
        template = self.rng.choice(_ALL if both else _ANY)
        return template.format(items="; ".join(parts))

    def _comparison(self, condition: Call) -> str:
        if self.terse or self.rng.random() < 0.45:
            return super()._comparison(condition)
        first, second = condition.args["first_series"], condition.args["second_series"]
        assert isinstance(first, Call) and isinstance(second, Call)
        up = condition.name in _UP
        pool = _CROSS_NOUNS[up] + _CROSS_GERUNDS[up] if condition.name in _CROSSES \
            else _STATES[up]
        a = self.series(first, subject=True)
        b = self._object(second, first)
        self.last_subject = None  # "it" after a noun phrase would not say whose
        return self.rng.choice(pool).format(a=a, b=b)

    def trigger(self, condition: Call) -> str:
        text = super().trigger(condition)
        # "when a crossover of ..." is what people write too, but "on" reads better
        for word in ("when ", "if ", "once ", "as soon as ", "whenever "):
            if text.startswith(word + "a ") and " of " in text[:40] and self.rng.random() < 0.6:
                return self.pick("on ", "at ") + text[len(word):]
        return text


class BroadPhraser(PlainPhraser):
    """The plain style's layouts with :class:`BroadVoice`'s joiners and namings."""

    name = "broad"
    voice = BroadVoice
