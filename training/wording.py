"""Numbers, percentages, money and dates written the ways people write them.

Each function takes the value and a ``random.Random`` and returns one spelling, chosen from
several: ``5`` -> "5", "five"; ``5`` percent -> "5%", "5 percent", "five percent", "0.05";
10,000 dollars -> "$10k", "10,000 dollars", "10000 USD"; a date -> "2021-03-04",
"March 4th 2021", "4 Mar 2021". Every spelling names the value exactly, so a description
written with them states the value.
"""

from __future__ import annotations

import calendar
import datetime as dt
import random

_ONES = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
         "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
         "eighteen", "nineteen")
_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")

MONTHS = tuple(calendar.month_name)[1:]
MONTH_ABBREVIATIONS = tuple(calendar.month_abbr)[1:]

#: Largest whole number ever spelled out in words.
MAX_WORDS = 100


def number_words(n: int) -> str:
    """English words for a whole number from 0 to 999,999: ``42`` -> "forty-two"."""
    if not 0 <= n < 1_000_000:
        raise ValueError(f"no words for {n}")
    if n < 20:
        return _ONES[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        return f"{_ONES[hundreds]} hundred" + (f" {number_words(rest)}" if rest else "")
    thousands, rest = divmod(n, 1000)
    return f"{number_words(thousands)} thousand" + (f" {number_words(rest)}" if rest else "")


def plain(value: float) -> str:
    """The shortest exact decimal: ``5`` -> "5", ``2.5`` -> "2.5", ``0.05`` -> "0.05"."""
    if float(value).is_integer():
        return str(int(value))
    return repr(float(value))


def grouped(value: float) -> str:
    """Digits with thousands separators: ``10000`` -> "10,000"."""
    if float(value).is_integer():
        return f"{int(value):,}"
    whole, fraction = repr(float(value)).split(".")
    return f"{int(whole):,}.{fraction}"


def count(n: int, rng: random.Random, words: float = 0.12) -> str:
    """A whole number, as digits or (with probability ``words``, up to 100) as words."""
    if 0 <= n <= MAX_WORDS and rng.random() < words:
        return number_words(n)
    return grouped(n) if n >= 10_000 and rng.random() < 0.5 else str(n)


def number(value: float, rng: random.Random, words: float = 0.1) -> str:
    """A number as digits; whole numbers sometimes as words; negatives with a minus sign."""
    if value < 0:
        return ("minus " if rng.random() < 0.15 else "-") + number(-value, rng, words=0)
    if float(value).is_integer():
        return count(int(value), rng, words)
    return plain(value)


def percent(value: float, rng: random.Random, *, fraction: bool = False) -> str:
    """A percentage: "5%", "5 %", "5 percent", "5 pct", "five percent"; "0.05" if ``fraction``."""
    if fraction and rng.random() < 0.12 and value < 100:
        return plain(round(value / 100, 10))
    text = plain(value)
    if float(value).is_integer() and value <= 20 and rng.random() < 0.12:
        return f"{number_words(int(value))} percent"
    return rng.choice((f"{text}%", f"{text}%", f"{text}%", f"{text} %", f"{text} percent",
                       f"{text} per cent", f"{text} pct"))


def money(value: float, rng: random.Random) -> str:
    """A dollar amount: "$10k", "$10,000", "10,000 dollars", "10000 USD", "USD 10,000" ..."""
    options = [f"${grouped(value)}", f"{grouped(value)} dollars", f"{plain(value)} USD",
               f"USD {grouped(value)}", f"${plain(value)}", f"{grouped(value)} USD"]
    if not float(value).is_integer():
        cents = f"{value:,.2f}"
        options += [f"${cents}", f"{cents} dollars"]
    elif value >= 1000:
        options += _scaled(int(value))
    if float(value).is_integer() and 1 <= value <= 20:
        options.append(f"{number_words(int(value))} dollar{'s' if value != 1 else ''}")
    return rng.choice(options)


def _scaled(value: int) -> list[str]:
    """Thousands and millions: "$10k", "$10K", "10 thousand dollars", "$1.5M", "2 million USD"."""
    found: list[str] = []
    if value % 100 == 0 and value < 1_000_000:
        k = plain(value / 1000)
        found += [f"${k}k", f"${k}K", f"{k}k", f"{k} thousand dollars", f"{k}k USD"]
        if value % 1000 == 0 and value // 1000 <= 20:
            found.append(f"{number_words(value // 1000)} thousand dollars")
    if value % 100_000 == 0 and value >= 1_000_000:
        m = plain(value / 1_000_000)
        found += [f"${m}M", f"${m}m", f"{m} million dollars", f"${m} million", f"{m}M USD"]
        if value % 1_000_000 == 0 and value // 1_000_000 <= 10:
            found.append(f"{number_words(value // 1_000_000)} million dollars")
    return found


def ordinal(day: int) -> str:
    """``1`` -> "1st", ``22`` -> "22nd", ``13`` -> "13th"."""
    suffix = "th" if 11 <= day % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def date(day: dt.date, rng: random.Random) -> str:
    """A calendar date in one of a dozen common spellings, never an ambiguous one.

    Numeric day-month orders (03/14/2021, 14.03.2021) are used only when the day is over 12,
    where no reader can take the day for the month.
    """
    y, m, d = day.year, day.month, day.day
    month, abbr = MONTHS[m - 1], MONTH_ABBREVIATIONS[m - 1]
    options = [
        f"{y}-{m:02d}-{d:02d}", f"{y}-{m:02d}-{d:02d}", f"{month} {ordinal(d)} {y}",
        f"{month} {d}, {y}", f"{d} {abbr} {y}", f"{ordinal(d)} of {month} {y}",
        f"{abbr} {d} {y}", f"{abbr}{'.' if abbr != month else ''} {d}, {y}",
        f"{d} {month} {y}", f"{y}/{m:02d}/{d:02d}",
        f"{month} {ordinal(d)}, {y}", f"the {ordinal(d)} of {month}, {y}",
    ]
    if d > 12:
        options += [f"{m:02d}/{d}/{y}", f"{m}/{d}/{y}", f"{d}.{m:02d}.{y}", f"{d}/{m}/{y}"]
    if (m, d) == (1, 1):
        options += [f"the start of {y}", f"the beginning of {y}", f"Jan 1st {y}"]
    if (m, d) == (12, 31):
        options += [f"the end of {y}", f"year-end {y}", f"Dec 31st {y}"]
    return rng.choice(options)
