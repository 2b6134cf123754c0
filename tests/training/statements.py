"""Checks that a description states what its code holds, written apart from the generator.

``unstated_numbers`` finds numbers in the code (other than catalog defaults) that no usual
spelling of appears in the text; ``stray_numbers`` finds digits in the text that no value
of the code explains. Both read only the text and the model, so they hold for any style.
"""

from __future__ import annotations

import calendar
import functools
import re

from strategy_lsp.grammar import CATALOG, Call, EnumValue, Value
from strategy_lsp.training.vocabulary import member_names, series_names

_ONES = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
         "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
         "eighteen", "nineteen")
_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")


def words(n: int) -> str:
    if n < 20:
        return _ONES[n]
    if n < 100:
        return _TENS[n // 10] + (f"-{_ONES[n % 10]}" if n % 10 else "")
    if n < 1000:
        return f"{_ONES[n // 100]} hundred" + (f" {words(n % 100)}" if n % 100 else "")
    return f"{words(n // 1000)} thousand" + (f" {words(n % 1000)}" if n % 1000 else "")


def _digits(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def number_forms(value: float, percent: bool = False) -> set[str]:
    """Usual spellings of a number: 10000 -> 10000, 10,000, 10k, 10K, ten thousand ..."""
    a = abs(value)
    forms = {_digits(a), f"{_digits(a)}x"}
    if float(a).is_integer():
        n = int(a)
        forms.add(f"{n:,}")
        if n < 1_000_000:
            forms.add(words(n))
        if n >= 1000 and n % 100 == 0:
            k = _digits(n / 1000)
            forms |= {f"{k}k", f"{k}K", f"{k} thousand"}
            if n % 1000 == 0 and n < 1_000_000:
                forms.add(f"{words(n // 1000)} thousand")
        if n >= 1_000_000 and n % 100_000 == 0:
            m = _digits(n / 1_000_000)
            forms |= {f"{m}M", f"{m}m", f"{m} million"}
            if n % 1_000_000 == 0:
                forms.add(f"{words(n // 1_000_000)} million")
    else:
        forms.add(f"{a:,.2f}")
    if percent:
        forms.add(_digits(round(a / 100, 10)))
    return forms


@functools.lru_cache(maxsize=20_000)
def _pattern(form: str, part_of_date: bool) -> re.Pattern[str]:
    if part_of_date:  # 2021-03-04, 04.03.2021, 03/04/2021: digits end where digits end
        before, after = r"(?<!\d)", r"(?!\d)"
    else:
        before = r"(?<![\w.-])" if form[0].isalpha() else r"(?<![\w.])"
        after = r"(?![\w])"
    return re.compile(before + re.escape(form) + after, re.IGNORECASE)


def _found(form: str, text: str, part_of_date: bool = False) -> bool:
    return _pattern(form, part_of_date).search(text) is not None


def _date_stated(call: Call, text: str) -> list[str]:
    year, month, day = (call.args[k] for k in ("year", "month", "day"))
    assert isinstance(year, int) and isinstance(month, int) and isinstance(day, int)
    missing = []
    if not _found(str(year), text, part_of_date=True):
        missing.append(f"year {year}")
    month_forms = {str(month), f"{month:02d}", calendar.month_name[month],
                   calendar.month_abbr[month]}
    first_or_last = (month, day) in ((1, 1), (12, 31))
    if not any(_found(f, text, f.isdigit()) for f in month_forms) and not first_or_last:
        missing.append(f"month {month}")
    suffix = "th" if 11 <= day <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    day_forms = {str(day), f"{day:02d}", f"{day}{suffix}"}
    if not any(_found(f, text, f.isdigit()) for f in day_forms) and not (
            first_or_last and re.search(r"\b(start|beginning|end)\b", text)):
        missing.append(f"day {day}")
    return missing


def _is_number(value: Value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def unstated_numbers(strategy: Call, text: str) -> list[str]:
    """Numbers of the code, other than catalog defaults, with no spelling in ``text``."""
    missing: list[str] = []
    for call in strategy.walk():
        if call.name == "datetime":
            missing += _date_stated(call, text)
            continue
        if call.name == "MoneyCommissions" and call.args.get("value") == 0:
            continue  # "commission-free": the Strategy default, stated without a digit
        for name, value in call.args.items():
            if not _is_number(value):
                continue
            spec = call.spec.param(name)
            assert spec is not None
            if _is_number(spec.default) and spec.default == value:  # type: ignore[arg-type]
                continue
            percent = call.name in ("StopLoss", "TakeProfit")
            assert isinstance(value, int | float)
            if not any(_found(f, text) for f in number_forms(value, percent)):
                missing.append(f"{call.name}.{name}={value}")
    return missing


def stray_numbers(strategy: Call, text: str) -> list[str]:
    """Digit runs of ``text`` that no value of the code (nor a stated name) accounts for."""
    explained: set[str] = set()

    def add(form: str) -> None:
        explained.update(re.findall(r"\d+", form))

    ticker = strategy.args["ticker"]
    assert isinstance(ticker, str)
    add(ticker)
    for call in strategy.walk():
        if call.name == "datetime":
            for value in call.args.values():
                assert isinstance(value, int)
                add(f"{value} {value:02d}")
            continue
        if call.spec.kind.value == "series":
            for name in series_names(call.name):
                add(name)
        for value in call.args.values():
            if _is_number(value):
                assert isinstance(value, int | float)
                for form in number_forms(value, percent=True):
                    add(form)
            elif isinstance(value, EnumValue):
                spec = CATALOG.enum(value.enum)
                assert spec is not None
                member = spec.member(value.member)
                assert member is not None
                add(member.value)
                for name in (*member.names, *member_names(value.enum, value.member)):
                    add(name)
    text = text.replace(ticker, " ")
    return [run for run in re.findall(r"\d+", text) if run not in explained]


def named_series(strategy: Call, text: str) -> list[str]:
    """Indicators of the code whose name (any catalog spelling) the text never uses."""
    plain = {"CLOSE", "OPEN", "HIGH", "LOW", "VOLUME", "CONST"}
    lowered = text.lower()
    missing = []
    for call in strategy.walk():
        if call.spec.kind.value != "series" or call.name in plain:
            continue
        names = [n.lower() for n in series_names(call.name)]
        if call.name == "MACD_SIGNAL":
            names.append("signal line")
        if not any(n in lowered for n in names):
            missing.append(call.name)
    return missing
