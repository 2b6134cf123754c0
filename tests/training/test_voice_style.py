"""The voice style's own words; what every style keeps is test_style_contract's."""

from __future__ import annotations

import random
import re

from strategy_lsp.generation.runtime.reading import number_text
from strategy_lsp.grammar import Call, EnumValue
from strategy_lsp.grammar.sampling import random_strategy
from strategy_lsp.training.voice_style import VoicePhraser

from .statements import stray_numbers
from .style_contract import (
    assert_crossings_differ,
    assert_members_named,
    assert_periods_and_intervals,
    assert_sides,
    examples_of,
    fuzzed_of,
    pairs_of,
)

STYLE = VoicePhraser()


# --- spoken numbers back to digits, so that the checks here can see them ---------------

_ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
         "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
         "eighteen", "nineteen"]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
_WORD = "(?:" + "|".join([*_ONES, *_TENS, *_SCALES]) + ")"
_SPOKEN = re.compile(rf"(?<!\d )\b(?:an?\s+(?=hundred|thousand|million))?{_WORD}"
                     rf"(?:(?:[\s-]+|\s+and\s+){_WORD})*\b", re.IGNORECASE)


def _value(words: str) -> str:
    total, current = 0, 0
    for word in re.split(r"[\s-]+", words.lower()):
        if word in ("a", "an"):
            current = 1
        elif word in _ONES:
            current += _ONES.index(word)
        elif word in _TENS:
            current += 20 + 10 * _TENS.index(word)
        elif word == "hundred":
            current = max(current, 1) * 100
        elif word in ("thousand", "million"):
            total += max(current, 1) * _SCALES[word]
            current = 0
    return str(total + current)


def _digits(text: str) -> str:
    """Spoken numbers as digits ("twenty one" -> 21), "5 grand" and "10 basis points" too."""
    text = re.sub(r"(\d+(?:\.\d+)?) grand\b", lambda m: number_text(float(m.group(1)) * 1000),
                  text)
    text = re.sub(r"(\d+) basis points", lambda m: number_text(int(m.group(1)) / 100) + "%",
                  text)
    return _SPOKEN.sub(lambda m: _value(m.group(0)), text)


def test_the_spoken_numbers_are_read_back() -> None:
    assert _digits("the fifty day and a hundred and twenty one") == "the 50 day and 121"
    assert _digits("twenty-five thousand dollars, 1.5 million") == "25000 dollars, 1.5 million"
    assert _digits("5 grand, 10 basis points") == "5000, 0.1%"


def test_no_spoken_number_is_stated_that_the_code_does_not_hold() -> None:
    """The contract's stray-number check reads digits only; most numbers voice states are
    spoken ("a hundred and twenty one"), so here they are read back as digits first."""
    problems = [(text, stray) for strategy, text in pairs_of("voice")
                if (stray := stray_numbers(strategy, _digits(text)))]
    assert not problems, problems[:3]


def test_the_position_side_is_stated() -> None:
    assert_sides(pairs_of("voice"),
                 r"\b(long|buy)\b",
                 r"\bshort\b",
                 both=r"\b(long and short|both)\b")


def test_crossings_read_differently_from_comparisons() -> None:
    assert_crossings_differ(
        STYLE, r"\b(cross|crosses|breaks|cuts)\b",
        r"\b(is|stays|reads) (sitting |trading |still )?(above|over|below|"
        r"under|higher|lower|greater|less)\b", 100)


def test_stops_sizes_and_fees_read_differently() -> None:
    for strategy, text in fuzzed_of("voice"):
        lower = _digits(text).lower()
        stop = strategy.args.get("stop_loss")
        kind = stop.args.get("stop_loss_type") if isinstance(stop, Call) else None
        member = kind.member if isinstance(kind, EnumValue) else None
        assert ("trail" in lower) == (member == "TRAILING"), text
        said_normal = re.search(r"\b(fixed|normal|static|hard|regular)\b", lower) is not None
        assert said_normal == (member == "NORMAL"), text
        size = strategy.args.get("order_size")
        if isinstance(size, Call):
            kind_words = {"Contracts": r"\b(shares?|contracts?|units?)\b",
                          "USD": r"\$|dollars?\b|bucks?\b|\d(k|\sgrand)\b",
                          "PercentOfEquity": r"(%|percent|per cent) of (my |the )?"
                                             r"(equity|account)"}
            assert re.search(kind_words[size.name], lower), (size, text)
        fee = strategy.args.get("trade_commissions")
        if isinstance(fee, Call) and fee.name == "PercentageCommissions":
            assert re.search(r"(%|percent|per cent|basis points) (commission|in fees|per)|"
                             r"(commissions of|fees are) [\d.]+( ?%| percent| per cent|"
                             r" basis points)", lower), text
        if isinstance(fee, Call) and fee.name == "MoneyCommissions":
            assert re.search(r"\$|dollar|bucks|no fees|no commissions|zero commission|"
                             r"commission free", lower), text


def test_every_enum_member_is_named() -> None:
    spoken = ((s, re.sub(r"\s?(percent|per cent)\b", "%", _digits(t).lower()))
              for s, t in fuzzed_of("voice"))
    assert_members_named(spoken, {"TRAILING": ("trail",), "NORMAL": ("normal",)})


def test_a_bool_parameter_is_stated() -> None:
    seen = 0
    for strategy, text in fuzzed_of("voice"):
        for call in strategy.walk():
            flag = call.args.get("use_exp_ma")
            if isinstance(flag, bool):
                seen += 1
                said = r"(on|turned on|set to true)" if flag else r"(off|turned off|set to false)"
                assert re.search(rf"(exponential moving average|use ema) {said}\b",
                                 text.lower()), text
    assert seen


_PERIOD_WORDS = {"ONE_DAY": r"(last|past) (1 |one )?day|\b(1|one) day (of|period)",
                 "FIVE_DAYS": r"\b(5|five) days",
                 "ONE_MONTH": r"(last|past) (1 |one )?month|\b(1|one) month (of|period)",
                 "THREE_MONTHS": r"\b(3|three) months|quarter",
                 "SIX_MONTHS": r"\b(6|six) months|half year",
                 "ONE_YEAR": r"last year|past year|\b(1|one) year", "TWO_YEARS": r"\b(2|two) years",
                 "FIVE_YEARS": r"\b(5|five) years", "TEN_YEARS": r"\b(10|ten) years|decade",
                 "YEAR_TO_DATE": r"\b(ytd|year to date)\b", "MAX": r"\bmax\b|all (the )?history",
                 "NOT_PASSED": r"\bnone\b"}
_INTERVAL_WORDS = {"ONE_DAY": r"\b(daily|one day) (bars|candles|chart)",
                   "FIVE_DAYS": r"\b(5|five) day (bars|candles|chart)",
                   "ONE_WEEK": r"\b(weekly|one week) (bars|candles|chart)",
                   "ONE_MONTH": r"\b(monthly|one month) (bars|candles|chart)",
                   "THREE_MONTHS": r"\b(quarterly|3 month|three month) (bars|candles|chart)"}


def test_periods_and_intervals_are_named() -> None:
    assert_periods_and_intervals(
        fuzzed_of("voice"), _PERIOD_WORDS, _INTERVAL_WORDS,
        bars_unsaid=r"\b(daily|weekly|monthly|quarterly|day|week|month) (bars|candles|chart)\b")


# --- what makes it a transcript ------------------------------------------------------


def test_it_reads_as_dictation() -> None:
    texts = [e.description for e in examples_of("voice")]
    filler = re.compile(r"\b(um|uh|okay so|ok so|and then|you know|I guess|basically)\b",
                        re.IGNORECASE)
    assert sum(bool(filler.search(t)) for t in texts) > len(texts) * 0.8
    spoken = re.compile(r"\b(" + "|".join([*_ONES[2:], *_TENS]) + r")\b")
    assert sum(bool(spoken.search(t)) for t in texts) > len(texts) * 0.6
    assert sum(bool(re.search(r"\b(" + "|".join(_TENS) + r")[ -](one|two|three|four|five|"
                              r"six|seven|eight|nine)\b", t)) for t in texts) > 10
    corrections = re.compile(r", (sorry|I mean|no wait|or rather|sorry I mean|I mean like), ")
    assert sum(bool(corrections.search(t)) for t in texts) > len(texts) * 0.03
    # little punctuation: most transcripts have few commas and run on past forty words
    assert sum(t.count(",") <= 3 for t in texts) > len(texts) * 0.6
    assert sum(len(t.split()) > 40 for t in texts) > len(texts) * 0.3
    assert len({" ".join(t.lower().split()[:4]) for t in texts}) > 120


def test_dates_are_spoken_with_a_month_name() -> None:
    months = "january|february|march|april|may|june|july|august|september|october|" \
             "november|december"
    said = 0
    for seed in range(200):
        strategy = random_strategy(random.Random(seed))
        if "start_date" not in strategy.args and "end_date" not in strategy.args:
            continue
        text = STYLE.describe(strategy, random.Random(seed)).lower()
        said += bool(re.search(rf"\b({months})\b|\b(start|beginning|end) of \d{{4}}", text))
    assert said > 20


def test_groups_are_marked() -> None:
    """A group inside a group is bracketed or said with either/both, brackets balanced."""
    for strategy, text in fuzzed_of("voice"):
        assert text.count("(") == text.count(")"), text
        nested = [c for c in strategy.walk() if c.name in ("AND", "OR") and any(
            isinstance(i, Call) and i.name in ("AND", "OR")
            for i in c.args["conditions"])]  # type: ignore[union-attr]
        if nested:
            assert re.search(r"\(|open bracket|\b(either|both|all of|any of|each of)\b",
                             text), text
