"""What every phrasing style owes the model, as helpers shared by the style tests.

``test_style_contract.py`` runs the contract over every registered style; the per-style test
files keep only what is their style's own (its words for the side, enum members, layouts)
and draw their samples from the same cached builders, so each style's texts are written
once per test session. Where a style cannot keep a check of the contract, the reason is
written down in :data:`EXCEPTIONS`, the one place that says so.
"""

from __future__ import annotations

import calendar
import functools
import random
import re
from collections.abc import Iterable, Sequence

from strategy_lsp.generation.runtime.reading import SLOT_COUNTS, number_text, read_description
from strategy_lsp.generation.runtime.slotted import known_capitals
from strategy_lsp.grammar import Call, EnumValue, Value, render
from strategy_lsp.grammar.sampling import random_strategy
from strategy_lsp.training.dataset import Example, generate_examples
from strategy_lsp.training.phrasing import Phraser, phraser
from strategy_lsp.training.vocabulary import member_names

#: Seed of each style's examples; the fuzzed draws use seeds 0, 1, 2 ... of the sampler.
SEED = 20250
#: How many examples and uniform fuzzed draws each style is checked on (a style not listed
#: gets DEFAULT_SIZES, those of the later styles' own tests); the sizes are those its own
#: tests used before the contract.
DEFAULT_SIZES = (250, 800)
SIZES: dict[str, tuple[int, int]] = {
    "chat": (400, 1200), "config": (400, 1000), "desk": (400, 1500), "dialog": (250, 800),
    "email": (250, 800), "form": (500, 1500), "novice": (300, 1200), "pseudo": (400, 1500),
    "report": (400, 1500), "spec": (300, 1000), "terse": (400, 1500),
}

#: The checks of test_style_contract.py (by test name, less "test_") that a style does not
#: keep, each with the reason. Such a check runs as a strict xfail: once the style keeps it,
#: the suite fails until its line here goes.
_PLAIN = ("on uniform catalog draws (never on the dataset's own: test_descriptions) plain "
          "(and broad, plain's layouts with more joiners) "
          "leaves out what the dataset's sampler never draws: series on other tickers, and "
          "the dates beside a period ('Period: for the past none.')")
_DESK = ("held out, and written apart to test how the model carries to numbers it never saw "
         "written so: glued capitals (EMA50, 30SMA), fib levels as fractions (0.382), "
         "full months alone (March 2020); test_desk_style reads them back with its own rules")
_FRACTIONS = ("plain (and broad) states some percentages as fractions ('a 0.1 stop-loss'), "
              "which the reader takes as 0.1, not 10")
EXCEPTIONS: dict[str, dict[str, str]] = {
    "every_number_of_the_code_is_stated": {
        "desk": _DESK, "plain": _PLAIN, "broad": _PLAIN,
    },
    "no_number_is_stated_that_the_code_does_not_hold": {"desk": _DESK},
    "every_indicator_is_named": {
        "config": "configs name indicators by code names (stoch_k, ichimoku.base()); "
                  "test_config_style checks its SERIES_CODES",
        "pseudo": "pseudo-code names indicators by function names (ta.stoch_pct_k, "
                  "ind.macd_signal); test_pseudo_style checks its _FN",
        "terse": "shorthand names (aroonup, bull/bear pwr); test_terse_style checks its NAMES",
        "tweet": "shorthand names (stoch k, donchian top); test_tweet_style checks its _NAMES",
        "desk": "desk shorthand (ult osc, AroonDn); test_desk_style checks indicator_names",
    },
    "every_ticker_is_named": {
        "plain": _PLAIN, "broad": _PLAIN,
        "form": "a series on another ticker may have its ticker glued after '=' "
                "('Short if=TSLA:Aroon ...'), where the reader takes no ticker",
    },
    "the_reader_finds_every_ticker": {
        "plain": _PLAIN, "broad": _PLAIN,
        "form": "a series on another ticker may have its ticker glued after '=' "
                "('Short if=TSLA:Aroon ...'), where the reader takes no ticker",
    },
    "the_reader_finds_every_date_and_number": {
        "desk": _DESK,
        "plain": _FRACTIONS, "broad": _FRACTIONS,
    },
    "the_reader_takes_no_word_for_a_ticker": {
        "chat": "capitalised names rarer than known_capitals' threshold in a sample this "
                "size ('RMA', 'AROON UP') are read as tickers",
        "form": "capitalised field labels rarer than known_capitals' threshold in a sample "
                "this size ('DATES:', 'UNDERLYING =') are read as tickers",
        "pseudo": "capitalised function names rarer than known_capitals' threshold in a "
                  "sample this size ('EMV(', 'UO(') are read as tickers",
        "plain": "since generator 4's draws, 'YTD' is rarer than known_capitals' threshold in "
                 "a sample this size and is read as a ticker (the shipped model's "
                 "reading.json knows it)",
    },
    "the_reader_finds_the_traded_ticker": {
        "novice": "novice may name series on other tickers before the traded one; past three "
                  "tickers the traded one can fall after the last ticker slot",
    },
    "no_text_has_braces": {
        "config": "JSON, TOML inline tables and Python dicts",
        "form": "parameters in braces: '%D {lookback: 21, smoothing len: 3}'",
    },
    "no_text_has_double_spaces": {
        "config": "indented JSON, YAML and command lines",
        "dialog": "speaker labels padded to line up ('me:  what triggers the entry?')",
        "form": "indented lists and padded tables",
        "markdown": "nested lists indented under their item",
        "pseudo": "indented code",
        "desk": "indented lists",
    },
}
#: Phrasings that name an indicator by what it is, as named_series is to read them.
SERIES_SPELLINGS: dict[str, tuple[tuple[str, str], ...]] = {
    # "the average of the last 50 prices" is the SMA; an exponential one says so
    "novice": ((r"\b(the|normal) average (price )?of", "simple average"),),
}


@functools.cache
def examples_of(name: str) -> tuple[Example, ...]:
    """The style's examples (no typos): strategies as the dataset draws them."""
    size = SIZES.get(name, DEFAULT_SIZES)[0]
    return tuple(generate_examples(size, SEED, style=phraser(name), typos=False))


@functools.cache
def fuzzed_of(name: str) -> tuple[tuple[Call, str], ...]:
    """Strategies drawn uniformly over the whole catalog (every class and member, odd values,
    other tickers), with the style's description of each."""
    style = phraser(name)
    return tuple((draw(seed), style.describe(draw(seed), random.Random(f"{name}{seed}")))
                 for seed in range(SIZES.get(name, DEFAULT_SIZES)[1]))


@functools.cache
def draw(seed: int) -> Call:
    """The uniform catalog draw of ``seed``: the same strategies for every style."""
    return random_strategy(random.Random(seed))


def pairs_of(name: str) -> list[tuple[Call, str]]:
    """The examples' and the fuzzed draws' (strategy, description) pairs together."""
    return [(e.strategy, e.description) for e in examples_of(name)] + list(fuzzed_of(name))


@functools.cache
def known_of(name: str) -> frozenset[str]:
    """Capitalised words that are names, not tickers, as a model folder trained on the
    style's examples and fuzzed draws would store them."""
    return frozenset(known_capitals((text, render(strategy, inline=True))
                                    for strategy, text in pairs_of(name)))


def tickers_of(strategy: Call) -> set[str]:
    """Every ticker of the code: the strategy's own and those of series on other tickers."""
    return {v for call in strategy.walk() for v in call.args.values() if isinstance(v, str)}


# --- the text as the shared checks of statements.py read it ------------------------------

_ABBREVIATIONS = "|".join(m for m in calendar.month_abbr if m)
#: "mar 4 '21", "4 mar '21", "jun '22": an apostrophe year comes after a month (and day).
_TWO_DIGIT_YEAR = re.compile(
    rf"\b((?:{_ABBREVIATIONS})[a-z]*\.? (?:\d{{1,2}}(?:st|nd|rd|th)?,? )?)'(\d\d)\b", re.I)
#: "mar 2021" alone (not "4 mar 2021", "4th of Mar 2021"): the first of the month.
_MONTH_AND_YEAR = re.compile(
    rf"\b(?<!\d )(?<!\d[snrt][tdh] )(?<!of )({_ABBREVIATIONS}) (?=\d{{4}})", re.I)
_UNITS = ("one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
          "fifteen|sixteen|seventeen|eighteen|nineteen")
#: "twenty six", "a hundred and fifty": spoken numbers as ``statements.words`` spells them.
_SPOKEN_TENS = re.compile(r"\b(twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety) "
                          r"(one|two|three|four|five|six|seven|eight|nine)\b", re.I)
_SPOKEN_AND = re.compile(rf"\b(hundred|thousand) and (?=(?:{_UNITS}|twenty|thirty|forty|"
                         r"fifty|sixty|seventy|eighty|ninety)\b)", re.I)
_SPOKEN = re.compile(r"ty |hundred|thousand", re.I)
_SPOKEN_A = re.compile(r"\ba (hundred|thousand)\b", re.I)
_SCALES = {"mm": "M", "MM": "M", " mil": "M", " grand": "k"}


def _bps(match: re.Match[str]) -> str:
    return number_text(round(float(match.group(1)) / 100, 10)) + "%"


@functools.lru_cache(maxsize=100_000)
def unglue(text: str) -> str:
    """``text`` with the shorthand of the styles spelled as ``statements`` reads numbers.

    - glued numbers apart: "rsi14", "sma_200", "200sma", "(14", "x-14" -> "rsi 14", ...;
      a single "k" or "m" after a number stays on it ("10k" is ten thousand);
    - scales the reader knows: "1.5mm", "2 mil" -> "1.5M", "10 grand" -> "10k";
    - basis points as percent, as the reader takes them: "10bps", "7.5 basis points" ->
      "0.1%", "0.075%";
    - two-digit years in full: "'21" -> "2021";
    - dates written with a month between dashes apart: "4-mar-2021" -> "4 mar 2021";
    - a month and year alone as the month's first day: "mar 2021" -> "mar 1 2021";
    - spoken numbers as ``statements.words`` spells them: "twenty six" -> "twenty-six",
      "a hundred and fifty" -> "one hundred fifty" (still words: no digit is added).

    No number is taken away, so a number a style states still counts against it when the code
    does not hold it.
    """
    if "'" in text:
        text = _TWO_DIGIT_YEAR.sub(r"\g<1>20\2", text)
    text = re.sub(rf"\b(\d{{1,2}})-({_ABBREVIATIONS})-(?=\d)", r"\1 \2 ", text, flags=re.I)
    text = _MONTH_AND_YEAR.sub(r"\1 1 ", text)
    text = re.sub(r"(?<=\d)(mm|MM| mil| grand)\b", lambda m: _SCALES[m.group(1)], text)
    text = re.sub(r"(?<![\d.])(\d+(?:\.\d+)?)\s?(?:bps|bp|basis points?)\b", _bps, text,
                  flags=re.I)
    if _SPOKEN.search(text):
        text = _SPOKEN_TENS.sub(r"\1-\2", _SPOKEN_A.sub(r"one \1", _SPOKEN_AND.sub(r"\1 ", text)))
    glued = r"(?<=[A-Za-z_%+\-\[(])(?=\d)|(?<=\d)(?=[a-z]{2})|(?<=\d)(?=[a-jln-z]\b)"
    return re.sub(glued, " ", text)


# --- what the model's reader takes from the text ------------------------------------------


@functools.lru_cache(maxsize=50_000)
def reader_slots(text: str, known: frozenset[str]) -> frozenset[tuple[str, str]]:
    """What the reader takes from ``text`` into its slots: ("t", ticker), ("n", "14"),
    ("d", "2021, 3, 4") ..."""
    return frozenset((s.name[1], s.text) for s in read_description(text, known).slots)


def read_tickers(text: str, known: frozenset[str]) -> set[str]:
    return {t for kind, t in reader_slots(text, known) if kind == "t"}


def unread_tickers(strategy: Call, text: str, known: frozenset[str]) -> set[str]:
    """Tickers of the code the reader does not find in ``text``; none when all its
    ``SLOT_COUNTS["t"]`` ticker slots are taken (it reads no more)."""
    found = read_tickers(text, known)
    return set() if len(found) == SLOT_COUNTS["t"] else tickers_of(strategy) - found


def assert_read(strategy: Call, text: str, known: frozenset[str]) -> bool:
    """Assert that the model's reader finds every date and number of ``strategy`` in
    ``text``, each in a slot as the renderer writes it.

    ``known`` are the capitalised words that are names, not tickers (``known_of``: the model
    folder stores them). The reader must find:

    - dates: every date of the code, as ``"year, month, day"``;
    - numbers: every number of the code (outside dates, and but for a zero money
      commission, which is stated as "no fees"), as ``number_text`` writes it.

    The reader has ``SLOT_COUNTS["n"]`` number slots; past them the values stay words, so the
    numbers are checked only when the slots are not all taken. Returns whether they were
    (False: the text holds more numbers than the reader has slots), for the caller to bound
    how often that happens. Tickers are checked apart: ``unread_tickers``, ``read_tickers``.
    """
    slots = reader_slots(text, known)
    for call in strategy.walk():
        if call.name == "datetime":
            date = ", ".join(str(call.args[k]) for k in ("year", "month", "day"))
            assert ("d", date) in slots, (date, text)
    if sum(kind == "n" for kind, _ in slots) >= SLOT_COUNTS["n"]:
        return False
    for call in strategy.walk():
        if call.name == "datetime" or (call.name == "MoneyCommissions"
                                       and call.args.get("value") == 0):
            continue
        for value in call.args.values():
            if isinstance(value, int | float) and not isinstance(value, bool):
                assert ("n", number_text(abs(value))) in slots, (value, slots, text)
    return True


def with_first_number(call: Call, new: int) -> Call | None:
    """``call`` with its first number outside a date replaced by ``new`` (None if none)."""
    args: dict[str, Value] = dict(call.args)
    for name, value in call.args.items():
        if call.name == "datetime":
            break
        if isinstance(value, int | float) and not isinstance(value, bool):
            args[name] = new
            return Call(name=call.name, args=args)
        inner = [value] if isinstance(value, Call) else list(value) \
            if isinstance(value, tuple) else []
        for index, item in enumerate(inner):
            changed = with_first_number(item, new)
            if changed is not None:
                args[name] = changed if isinstance(value, Call) else \
                    (*inner[:index], changed, *inner[index + 1:])
                return Call(name=call.name, args=args)
    return None


def rule_text(style: Phraser, condition: str, seed: int) -> str:
    """``style``'s text of a strategy whose entry and exit are both ``condition`` of RSI and
    30 on AAPL, with the side, stop, target and size of a random draw: for checks of how a
    style words one relation (a crossing against a comparison, up against down)."""
    rule = Call(name=condition, args={
        "first_series": Call(name="RSI", args={"ticker": "AAPL"}),
        "second_series": Call(name="CONST", args={"const_number": 30})})
    strategy = random_strategy(random.Random(seed))
    args = {k: v for k, v in strategy.args.items()
            if k in ("position_type", "stop_loss", "take_profit", "order_size")}
    simple = Call(name="Strategy", args={**args, "ticker": "AAPL", "buy_condition": rule,
                                         "sell_condition": rule})
    return style.describe(simple, random.Random(seed))


#: Whether a text says (long, short) for each position side.
SIDES = {"LONG": (True, False), "SHORT": (False, True), "LONG_SHORT_COMBINED": (True, True)}


def assert_sides(pairs: Iterable[tuple[Call, str]], long_words: str, short_words: str, *,
                 both: str | None = None, ignore: tuple[str, ...] = ()) -> None:
    """Each text says long (``long_words``, a pattern) and short (``short_words``) exactly
    as its strategy trades, once the ``ignore`` patterns are taken out of the lowercased
    text ("buy it back" is not a long); a long-and-short text also matches ``both``."""
    for strategy, text in pairs:
        side = strategy.args["position_type"]
        assert isinstance(side, EnumValue)
        lower = text.lower()
        for pattern in ignore:
            lower = re.sub(pattern, "", lower)
        says = (re.search(long_words, lower) is not None,
                re.search(short_words, lower) is not None)
        assert says == SIDES[side.member], text
        if both is not None and side.member == "LONG_SHORT_COMBINED":
            assert re.search(both, lower), text


_RELATIONS = ("CrossOverCondition", "CrossUnderCondition", "GreaterThanCondition",
              "LessThanCondition")


def assert_crossings_differ(style: Phraser, crossing: str, state: str,
                            seeds: int) -> list[tuple[str, str]]:
    """``style`` words a crossing with ``crossing`` (a pattern) and never ``state``, and a
    comparison the other way round, over ``seeds`` :func:`rule_text` draws of each; returns
    the (condition, text) pairs for a style's further checks."""
    texts = []
    for seed in range(seeds):
        for condition in _RELATIONS:
            text = rule_text(style, condition, seed)
            crosses = condition.startswith("Cross")
            assert (re.search(crossing, text) is not None) == crosses, (condition, text)
            assert (re.search(state, text) is not None) != crosses, (condition, text)
            texts.append((condition, text))
    return texts


def assert_members_named(pairs: Iterable[tuple[Call, str]],
                         other: dict[str, tuple[str, ...]]) -> None:
    """Every enum member of the code but the side, period and interval (their own tests)
    is named in the lowercased text by one of the catalog's names or ``other[member]``."""
    for strategy, text in pairs:
        lower = text.lower()
        for call in strategy.walk():
            for value in call.args.values():
                if not isinstance(value, EnumValue) or value.enum in ("PositionTypeEnum",
                                                                      "Period", "Interval"):
                    continue
                names = [n.lower() for n in member_names(value.enum, value.member)]
                names += other.get(value.member, ())
                assert any(n in lower for n in names), (str(value), text)


#: Patterns of the period's and the interval's members (in lowercased text) that several
#: styles' short forms share; a style's test may override a member.
PERIOD_WORDS = {"ONE_DAY": r"\b1 ?d(ay)?\b", "FIVE_DAYS": r"\b5 ?d(ays)?\b",
                "ONE_MONTH": r"\b1 ?mo(nth)?\b", "THREE_MONTHS": r"\b3 ?mo(nths)?\b|quarter",
                "SIX_MONTHS": r"\b6 ?mo(nths)?\b|half a year",
                "ONE_YEAR": r"\b1 ?y(ear)?\b|a year", "TWO_YEARS": r"\b2 ?y(ears)?\b",
                "FIVE_YEARS": r"\b5 ?y(ears)?\b", "TEN_YEARS": r"\b10 ?y(ears)?\b|decade",
                "YEAR_TO_DATE": r"\b(ytd|year to date)\b", "MAX": r"\bmax\b|all history",
                "NOT_PASSED": r"\bnone\b"}
INTERVAL_WORDS = {"ONE_DAY": r"\bdaily\b|\b1d\b|1 day", "FIVE_DAYS": r"\b5d\b|5 days",
                  "ONE_WEEK": r"\bweekly\b|\b1wk\b|1 week",
                  "ONE_MONTH": r"\bmonthly\b|\b1mo\b|1 month",
                  "THREE_MONTHS": r"\bquarterly\b|\b3mo\b|3 months"}


def assert_periods_and_intervals(pairs: Iterable[tuple[Call, str]],
                                 period_words: dict[str, str], interval_words: dict[str, str],
                                 *, bars_unsaid: str | None = None,
                                 spans_unsaid: str | None = None) -> None:
    """The period and the interval are named by the pattern of their member in the
    lowercased text; without an interval ``bars_unsaid`` never matches (bar sizes are said
    only for the interval), without a period ``spans_unsaid`` never does."""
    for strategy, text in pairs:
        lower = text.lower()
        for key, table in (("period", period_words), ("interval", interval_words)):
            value = strategy.args.get(key)
            if isinstance(value, EnumValue):
                assert re.search(table[value.member], lower), (key, value, text)
        if bars_unsaid is not None and "interval" not in strategy.args:
            assert not re.search(bars_unsaid, lower), text
        if spans_unsaid is not None and "period" not in strategy.args:
            assert not re.search(spans_unsaid, lower), text


def assert_exit_sometimes_first(texts: Sequence[str], exit_words: str, entry_words: str,
                                share: float) -> None:
    """Of the texts where both patterns match (lowercased), more than ``share`` name the exit
    (its first match) before the entry: the style varies the order of its two rules."""
    def first(pattern: str, text: str) -> int:
        found = re.search(pattern, text.lower())
        return found.start() if found else -1

    both = [(x, e) for x, e in ((first(exit_words, t), first(entry_words, t)) for t in texts)
            if x >= 0 and e >= 0]
    assert sum(x < e for x, e in both) > len(both) * share


def assert_nested_groups_bracketed(pairs: Iterable[tuple[Call, str]]) -> None:
    """Where an AND/OR group holds another group, the text has a bracket, so the grouping
    can be read back."""
    for strategy, text in pairs:
        if any(c.name in ("AND", "OR") and any(
                isinstance(v, tuple) and any(i.name in ("AND", "OR") for i in v)
                for v in c.args.values()) for c in strategy.walk()):
            assert re.search(r"[(\[]", text), text
