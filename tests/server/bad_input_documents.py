"""Documents for the bad-input tests: a known-good one to check the server still answers,
strategies around astral characters, files that are not Python, and a 10 MB file."""

from __future__ import annotations

import random

#: A strategy with one misspelt keyword, ``lenght``: one ``unknown-keyword`` diagnostic.
STRATEGY = ("Strategy(ticker='AAPL', position_type=PositionTypeEnum.LONG, "
            "buy_condition=CrossUnderCondition(first_series=RSI('AAPL', lenght=14), "
            "second_series=CONST(30)), sell_condition=CrossOverCondition("
            "first_series=RSI('AAPL', length=14), second_series=CONST(70)))")

#: A valid strategy, written on one line, that formatting rewrites.
VALID_STRATEGY = ("Strategy(ticker='A', position_type=PositionTypeEnum.SHORT, "
                  "buy_condition=LessThanCondition(first_series=CLOSE('A'), "
                  "second_series=CONST(1)), sell_condition=GreaterThanCondition("
                  "first_series=CLOSE('A'), second_series=CONST(2)))")

#: ASCII only; its last line has no newline and ends where ``SourceType.`` members go.
SOURCE = ("from trading_strategy_tester import *\n\n"
          "# Long AAPL when RSI dips under 30.\n"
          f"strategy = {STRATEGY}\n"
          "y = RSI('AAPL', source=SourceType.")

SMILE = "😀"  # U+1F600: two UTF-16 code units, four UTF-8 bytes
ASTRAL = "😀𝕏🎉"

#: Astral characters before, around and inside a strategy call. Each document has the
#: misspelt ``lenght``; the tickers inside some calls are astral too.
ASTRAL_SOURCES = {
    "line before": f"# {ASTRAL} plan\ns = {STRATEGY}\n",
    "same line before": f"x = '{ASTRAL}'; s = {STRATEGY}  # {ASTRAL}\n",
    "inside the call": "s = " + STRATEGY.replace("'AAPL'", f"'{SMILE}{SMILE}'") + "\n",
    "in a nested call only": "s = " + STRATEGY.replace("RSI('AAPL', lenght",
                                                       f"RSI('{SMILE}', lenght") + "\n",
    "crlf line ends": f"x = '{SMILE}'\r\ns = {STRATEGY}\r\n",
    "multi-line call": "s = " + STRATEGY.replace(", ", f",  # {SMILE}\n    ", 2) + "\n",
}


def astral_tokens(text: str) -> list[tuple[str, str]]:
    """(diagnostic code, the text its range should cover) for an ``ASTRAL_SOURCES``
    document: the misspelt keyword, and each nested ticker that differs from the
    strategy's."""
    expected = [("unknown-keyword", "lenght")]
    if f"RSI('{SMILE}', lenght" in text:
        expected.append(("ticker-mismatch", f"'{SMILE}'"))
    return sorted(expected)


def not_python(seed: int = 0) -> dict[str, tuple[str, str]]:
    """Files an editor may well send to a Python server: name → (language id, text)."""
    rng = random.Random(seed)
    noise = bytes(rng.randrange(256) for _ in range(64_000)).decode("latin-1")
    controls = "".join(chr(c) for c in range(32) if c not in (10, 13))
    return {
        "binary-looking": ("python", f"\x00\x01ELF\x02{controls}\ufeff\u2028\x85\x0c\x00"
                                     f"Strategy(\x00ticker=\x00)\n" * 50),
        "random bytes as latin-1": ("python", noise),
        "markdown": ("markdown", "# Notes\n\n* RSI **under** 30\n\n```python\n"
                                 f"s = {STRATEGY}\n```\n\n| a | b |\n|---|---|\n"),
        "json": ("json", '{"ticker": "AAPL", "Strategy(": [1, 2, {"x": null}]}\n'),
        "deep nesting": ("python", "s = Strategy(ticker='A', buy_condition="
                                   + "AND(" * 3000 + ")" * 3000 + ")\n"),
        "unclosed everything": ("python", "s = Strategy(ticker='A, buy_condition=[{(\n"
                                          "'''\n" + "RSI(" * 200),
        "only newlines": ("python", "\n" * 5000),
        "empty": ("python", ""),
    }


def ten_megabytes() -> tuple[str, int]:
    """A Python file of about 10 MB with an indicator call on every line, and the line in
    the middle (for a hover)."""
    line = "value = RSI('AAPL', length=14)  # padding to make a large file: ok\n"
    count = 10_000_000 // len(line) + 1
    return line * count, count // 2
