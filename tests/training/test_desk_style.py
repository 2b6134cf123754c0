"""The held-out "desk" style states what the code holds, in words of its own."""

from __future__ import annotations

import calendar
import json
import random
import re
from pathlib import Path

import pytest

from strategy_lsp.grammar import Call, EnumValue
from strategy_lsp.training.cli import main
from strategy_lsp.training.dataset import Example, generate_examples
from strategy_lsp.training.desk_style import (
    FIB_WORDS,
    INTERVAL_WORDS,
    PERIOD_WORDS,
    SOURCE_WORDS,
    DeskPhraser,
    indicator_names,
)
from strategy_lsp.training.phrasing import Phraser, phraser, phraser_names

from .statements import words
from .style_contract import with_first_number

SIZE = 400
SEED = 4711
_STYLE = DeskPhraser()


@pytest.fixture(scope="module")
def desk_examples() -> list[Example]:
    return list(generate_examples(SIZE, SEED, style=_STYLE, typos=False))


# --- reading the desk's numbers and dates back --------------------------------------------

_MONTHS = {name.lower(): index for index, name in enumerate(calendar.month_name) if name} | \
    {name.lower(): index for index, name in enumerate(calendar.month_abbr) if name}
_MONTH = r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*"
_DAY = r"(\d{1,2})(?:st|nd|rd|th)"
#: Each date spelling the desk writes, with how to read (year, month, day) from its groups.
_DATES: list[tuple[str, str]] = [
    (r"(\d{4})/(\d{2})/(\d{2})", "ymd"), (rf"(\d{{2}})-{_MONTH}-(\d{{4}})", "dmy"),
    (rf"\b{_MONTH} {_DAY}, (\d{{4}})", "mdy"), (rf"\b{_DAY} {_MONTH} (\d{{4}})", "dmy"),
    (rf"\b{_MONTH} (\d{{1,2}}) '(\d{{2}})", "mdy"),
    (r"\b(?:year-end|the end of) (\d{4})", "y-12-31"), (r"\bthe start of (\d{4})", "y-1-1"),
    (rf"\b{_MONTH} (\d{{4}})", "my"),
]
_SCALES = {"k": 1e3, "K": 1e3, " grand": 1e3, "mm": 1e6, "MM": 1e6, "M": 1e6, " mil": 1e6}
#: A number, grouped (10,000) or not, glued to a name (rsi14, 200sma) or a unit (5pc) or not;
#: a scale or "bps" after it counts only where no other letter follows (not "3MO").
_NUMBER = re.compile(r"(?<![\d.])(\d{1,3}(?:,\d{3})+(?!\d)|\d+)(\.\d+)?"
                     r"(?:(k|K|mm|MM|M| mil| grand| ?bps| ?bp)(?![A-Za-z]))?")
_WORDS = {words(n): n for n in range(101)}


def _date(groups: tuple[str, ...], how: str) -> tuple[int, int, int]:
    if how in ("y-12-31", "y-1-1"):
        _, month, day = how.split("-")
        return int(groups[0]), int(month), int(day)
    if how == "my":
        return int(groups[1]), _MONTHS[groups[0].lower()], 1
    parts = dict(zip(how, groups, strict=True))
    year = int(parts["y"]) + (2000 if len(parts["y"]) == 2 else 0)
    month = parts["m"]
    return year, int(month) if month.isdigit() else _MONTHS[month.lower()], int(parts["d"])


def read_back(text: str, ticker: str) -> tuple[set[tuple[int, int, int]], set[float], set[float]]:
    """(dates, numbers written with digits, numbers written as words) in a desk description."""
    text = re.sub(rf"(?<![A-Za-z\d]){re.escape(ticker)}(?![A-Za-z\d])", " ", text)  # "F", not Feb
    dates: set[tuple[int, int, int]] = set()
    for pattern, how in _DATES:
        for match in re.finditer(pattern, text):
            dates.add(_date(match.groups(), how))
        text = re.sub(pattern, " ", text)
    numbers: set[float] = set()
    for whole, fraction, suffix in _NUMBER.findall(text):
        value = float(whole.replace(",", "") + fraction)
        suffix = suffix.strip()
        if suffix.startswith("bp"):
            value /= 100  # basis points of a percentage commission
        numbers.add(round(value * _SCALES.get(suffix, _SCALES.get(" " + suffix, 1)), 9))
    spelled = {float(n) for w, n in _WORDS.items() if re.search(rf"\b{w}\b", text.lower())}
    return dates, numbers, spelled


def _numbers_in_code(strategy: Call) -> list[tuple[str, float]]:
    found = []
    for call in strategy.walk():
        if call.name == "datetime":
            continue
        for name, value in call.args.items():
            if isinstance(value, int | float) and not isinstance(value, bool):
                found.append((f"{call.name}.{name}", abs(float(value))))
    return found


def _dates_in_code(strategy: Call) -> list[tuple[int, int, int]]:
    dates = []
    for key in ("start_date", "end_date"):
        day = strategy.args.get(key)
        if isinstance(day, Call):
            year, month, number = (day.args[k] for k in ("year", "month", "day"))
            assert isinstance(year, int) and isinstance(month, int) and isinstance(number, int)
            dates.append((year, month, number))
    return dates


def _enum_words(strategy: Call) -> list[tuple[EnumValue, tuple[str, ...]]]:
    tables = {"Interval": INTERVAL_WORDS, "Period": PERIOD_WORDS, "SourceType": SOURCE_WORDS,
              "FibonacciLevels": FIB_WORDS,
              "StopLossType": {"TRAILING": ("trailing", "trail", "TSL", "trl"),
                               "NORMAL": ("fixed", "hard", "non-trailing")}}
    found = []
    for call in strategy.walk():
        for value in call.args.values():
            if isinstance(value, EnumValue) and value.enum in tables:
                found.append((value, tables[value.enum][value.member]))
    return found


def unstated(strategy: Call, text: str) -> list[str]:
    """Everything of the code that the desk's own spellings do not find in ``text``."""
    ticker = strategy.args["ticker"]
    assert isinstance(ticker, str)
    dates, numbers, spelled = read_back(text, ticker)
    missing = [f"date {d}" for d in _dates_in_code(strategy) if d not in dates]
    for where, value in _numbers_in_code(strategy):
        if where == "MoneyCommissions.value" and value == 0 and re.search(r"no comms|zero", text):
            continue
        if round(value, 9) not in numbers | spelled:
            missing.append(f"{where}={value}")
    lowered = text.lower()
    for call in strategy.walk():
        if call.spec.kind.value != "series" or call.name == "CONST":
            continue
        names = [n.lower() for n in indicator_names(call.name)]
        names += ["signal line"] if call.name == "MACD_SIGNAL" else []
        if not any(n in lowered for n in names):
            missing.append(f"name of {call.name}")
    for member, spellings in _enum_words(strategy):
        if not any(s.lower() in lowered for s in spellings):
            missing.append(str(member))
    return missing


def stray(strategy: Call, text: str) -> list[float]:
    """Numbers written in ``text`` that no value of the code (nor its enum words) explains."""
    ticker = strategy.args["ticker"]
    assert isinstance(ticker, str)
    _, numbers, _ = read_back(text, ticker)
    explained = {round(v, 9) for _, v in _numbers_in_code(strategy)}
    for _, spellings in _enum_words(strategy):
        for spelling in spellings:
            explained |= read_back(spelling, ticker)[1]
    return sorted(numbers - explained)


# --- the tests --------------------------------------------------------------------------


def test_every_value_of_the_code_is_stated_in_desk_words(desk_examples: list[Example]) -> None:
    assert len(desk_examples) >= 300
    problems = [(e.description, e.code, missing) for e in desk_examples
                if (missing := unstated(e.strategy, e.description))]
    assert not problems, problems[:3]


def test_no_number_is_stated_that_the_code_does_not_hold(desk_examples: list[Example]) -> None:
    problems = [(e.description, extra) for e in desk_examples
                if (extra := stray(e.strategy, e.description))]
    assert not problems, problems[:3]


def test_the_checks_catch_a_number_the_text_does_not_state(
        desk_examples: list[Example]) -> None:
    mutated = 0
    for example in desk_examples:
        changed = with_first_number(example.strategy, 4093)
        if changed is None:
            continue
        mutated += 1
        assert unstated(changed, example.description), example.description
        assert stray(changed, example.description + " size 8111 shares")
    assert mutated > 300
    text = "AAPL long | in: rsi14 x-under 30 | out: rsi14 x-over 70 | TSL 5pc | cap 10k"
    assert read_back(text, "AAPL")[1] == {14, 30, 70, 5, 10_000}
    assert read_back("since Jan 2020, comm 7.5 bps, $1.5mm, macd(5,35,9)", "X")[:2] == (
        {(2020, 1, 1)}, {0.075, 1_500_000, 5, 35, 9})
    assert read_back("F long, Mar 3 '19 to 04-Feb-2021", "F")[0] == {(2019, 3, 3), (2021, 2, 4)}


def test_the_position_side_is_stated(desk_examples: list[Example]) -> None:
    for example in desk_examples:
        side = example.strategy.args["position_type"]
        assert isinstance(side, EnumValue)
        text = example.description.lower()
        says_short = re.search(r"\bshort|l/s", text) is not None
        says_long = re.search(r"\b(long|buy|buying|bought)\b|l/s", text) is not None
        assert (says_long, says_short) == {"LONG": (True, False), "SHORT": (False, True),
                                           "LONG_SHORT_COMBINED": (True, True)}[side.member], \
            example.description


def test_the_same_seed_gives_the_same_text(desk_examples: list[Example]) -> None:
    for index, example in enumerate(desk_examples[:50]):
        first = _STYLE.describe(example.strategy, random.Random(index))
        assert first == _STYLE.describe(example.strategy, random.Random(index))
    again = list(generate_examples(50, SEED, style=_STYLE, typos=False))
    assert [e.description for e in again] == [e.description for e in desk_examples[:50]]


def test_desk_is_registered_and_writes_a_dataset(tmp_path: Path) -> None:
    assert isinstance(phraser("desk"), DeskPhraser) and isinstance(phraser("desk"), Phraser)
    assert "desk" in phraser_names()
    assert main(["dataset", "--out", str(tmp_path), "--size", "30", "--seed", "2",
                 "--style", "desk"]) == 0
    summary = json.loads((tmp_path / "dataset.json").read_text())
    assert summary["style"] == "desk" and summary["size"] == 30
    lines = (tmp_path / "whole" / "train.jsonl").read_text().splitlines()
    assert lines and all(json.loads(line)["completion"].startswith("Strategy(")
                         for line in lines)


def _four_grams(text: str) -> list[tuple[str, ...]]:
    tokens = re.findall(r"[a-z]+|\d+(?:\.\d+)?", text.lower())
    return [tuple(tokens[i:i + 4]) for i in range(len(tokens) - 3)]


#: Measured (seed 99): 2.4% of distinct desk 4-grams occur in plain text, 3.8% of occurrences.
MAX_SHARED_FOUR_GRAMS = 0.08


def test_desk_text_shares_few_four_grams_with_plain_text() -> None:
    desk = list(generate_examples(2000, 99, style=_STYLE, typos=False))
    plain = list(generate_examples(2000, 99, typos=False))
    assert [e.strategy for e in desk] == [e.strategy for e in plain]  # paired test sets
    plain_grams = {g for e in plain for g in _four_grams(e.description)}
    desk_grams = [g for e in desk for g in _four_grams(e.description)]
    distinct = set(desk_grams)
    assert len(distinct & plain_grams) / len(distinct) < MAX_SHARED_FOUR_GRAMS
    assert sum(g in plain_grams for g in desk_grams) / len(desk_grams) < MAX_SHARED_FOUR_GRAMS
