"""Checks a hand-written test set: every reference is valid code that states exactly the
values of its description.

A hand-written set is a JSONL file of ``{"prompt", "completion"}`` lines, like a dataset's
``whole/test.jsonl``, whose descriptions were written by people rather than by a phrasing
style (``training/heldout/``). Its references are checked the way the style contract checks
a style's output, so that a model is never marked wrong for a value the description did
not state:

- the completion parses and validates as a ``Strategy(...)`` call;
- every ticker, date and number the code writes is one the shipped model's reader finds in
  the description (a number also by its absolute value: "falls 3%" is ``percent=-3``; a
  ticker also in lower case where it stands as one, "$nvda", or by its company's name);
- every number and date the reader finds in the description is written by the code, as
  itself or as an enum member that stands for it ("2 years" is ``Period.TWO_YEARS``, "the
  0.618 level" ``FibonacciLevels.LEVEL_61_8``), so a stated default, ``RSI(14)``, is written
  out as ``length=14``. This one is a *note*, not a problem: the reader also finds numbers
  that carry no value ("any one of") and capitalised words it takes for tickers.

Usage: ``python -m strategy_lsp.training.handset FILE...``; problems and notes are printed
with their line numbers, and the exit status is 1 when a line has a problem.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from strategy_lsp.generation.backends.embedded import shipped_models
from strategy_lsp.generation.runtime.reading import Reading
from strategy_lsp.generation.runtime.slotted import READING_FILE, SlotCodec
from strategy_lsp.grammar import EnumValue
from strategy_lsp.grammar.catalog import CATALOG
from strategy_lsp.training.evaluate import read_strategy
from strategy_lsp.training.metrics import leaves

#: reads a description into words and value slots
Reader = Callable[[str], Reading]


def shipped_reader() -> Reader:
    """How the shipped model reads a description: its capitalised words that are not
    tickers (RSI, SL, ...), and a ticker in lower case or by its company's name where no
    capitalised one is written."""
    folder = shipped_models()["strategy-tiny"]
    codec = SlotCodec.from_files((folder / "tokenizer.json").read_text("utf-8"),
                                 (folder / READING_FILE).read_text("utf-8"))
    return codec.read


def _member_numbers(value: EnumValue) -> set[float]:
    """The numbers an enum member stands for: ``Interval.ONE_DAY`` ('1d') 1, a Fibonacci
    level both as a percentage and as a fraction."""
    text = next((str(m.value) for e in CATALOG.enums if e.name == value.enum
                 for m in e.members if m.name == value.member), "")
    number = re.match(r"\d+(?:\.\d+)?", text)
    if number is None:
        return set()
    first = float(number.group())
    return {first, round(first / 100, 6)} if value.enum == "FibonacciLevels" else {first}


def _code_values(completion: str) -> tuple[set[str], set[str], list[float], set[float]]:
    """Tickers, dates (as the reader writes them: ``2020, 1, 1``) and numbers of the code,
    and the numbers its enum members stand for."""
    found = leaves(read_strategy(completion), defaults=False)
    members = {n for v in found.values() if isinstance(v, EnumValue) for n in _member_numbers(v)}
    tickers = {v for p, v in found.items() if p.endswith("ticker") and isinstance(v, str)}
    dates: dict[str, dict[str, int]] = {}
    numbers: list[float] = []
    for path, value in found.items():
        if isinstance(value, (bool, str, EnumValue)) or value is None:
            continue
        head, _, part = path.rpartition(".")
        if head.endswith("datetime") and part in ("year", "month", "day"):
            dates.setdefault(head, {})[part] = int(value)
        else:
            numbers.append(float(value))
    written = {f"{d['year']}, {d['month']}, {d['day']}" for d in dates.values()}
    return tickers, written, numbers, members


def problems(prompt: str, completion: str, read: Reader) -> tuple[list[str], list[str]]:
    """What is wrong with one hand-written case, and what to look at (notes); both empty
    when nothing is."""
    try:
        tickers, dates, numbers, members = _code_values(completion)
    except ValueError as error:
        return [f"the reference does not validate: {error}"], []
    reading = read(prompt)
    stated_tickers = {s.text for s in reading.slots if s.name.startswith("<t")}
    stated_dates = {s.text for s in reading.slots if s.name.startswith("<d")}
    stated_numbers = [float(s.text) for s in reading.slots if s.name.startswith("<n")]
    found: list[str] = []
    notes: list[str] = []
    for ticker in sorted(tickers - stated_tickers):
        found.append(f"the code's ticker {ticker!r} is not read from the description "
                     f"(read: {sorted(stated_tickers)})")
    for ticker in sorted(stated_tickers - tickers):
        notes.append(f"the description's {ticker!r} reads as a ticker the code does not use")
    for date in sorted(dates - stated_dates):
        found.append(f"the code's date ({date}) is not read from the description")
    for date in sorted(stated_dates - dates):
        notes.append(f"the description's date ({date}) is not written in the code")
    for number in numbers:
        if not any(abs(number) == abs(s) for s in stated_numbers):
            found.append(f"the code's number {number:g} is not stated in the description "
                         f"(read: {', '.join(f'{s:g}' for s in stated_numbers) or 'none'})")
    for number in stated_numbers:
        if number not in members and not any(abs(number) == abs(n) for n in numbers):
            notes.append(f"the description's number {number:g} is not written in the code")
    return found, notes


def check_file(path: Path, read: Reader) -> tuple[list[str], list[str]]:
    """Every problem and note of a hand-written set, each as ``path:line: text``."""
    found: list[str] = []
    notes: list[str] = []
    prompts: dict[str, int] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            case = json.loads(line)
            prompt, completion = case["prompt"], case["completion"]
        except (ValueError, KeyError, TypeError) as error:
            found.append(f"{path}:{number}: not a {{prompt, completion}} line ({error})")
            continue
        if prompt in prompts:
            found.append(f"{path}:{number}: the same description as line {prompts[prompt]}")
        prompts.setdefault(prompt, number)
        errors, remarks = problems(prompt, completion, read)
        found.extend(f"{path}:{number}: {p}" for p in errors)
        notes.extend(f"{path}:{number}: note: {n}" for n in remarks)
    return found, notes


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m strategy_lsp.training.handset",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE.jsonl")
    args = parser.parse_args(argv)
    read = shipped_reader()
    found: list[str] = []
    notes: list[str] = []
    for path in args.files:
        errors, remarks = check_file(path, read)
        found += errors
        notes += remarks
    def place(text: str) -> tuple[str, int, bool]:
        where, line = text.split(": ")[0].rsplit(":", 1)
        return where, int(line), "note:" in text

    for text in sorted(found + notes, key=place):
        print(text)
    cases = sum(1 for path in args.files
                for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    print(f"{cases} cases, {len(found)} problems, {len(notes)} notes", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
