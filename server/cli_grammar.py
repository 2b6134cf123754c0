"""``strategy-lsp check`` and ``strategy-lsp format``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from strategy_lsp.grammar.diagnostics import Severity
from strategy_lsp.grammar.document import StrategyDocument
from strategy_lsp.grammar.formatter import format_document


def add_parsers(subparsers: Any) -> None:
    check = subparsers.add_parser(
        "check", help="report every problem in the Strategy(...) calls of Python files",
        description="Print each problem as path:line:col: severity: message. "
                    "Exit 1 when there are errors, 2 when a file cannot be read.")
    check.add_argument("files", nargs="+", type=Path, metavar="FILE")
    check.set_defaults(run=run_check)

    fmt = subparsers.add_parser(
        "format", help="rewrite every valid Strategy(...) call in canonical form",
        description="Only the Strategy calls change; every other byte is kept.")
    fmt.add_argument("files", nargs="+", type=Path, metavar="FILE")
    fmt.add_argument("--check", action="store_true",
                     help="only report files that would change (exit 1 if any)")
    fmt.set_defaults(run=run_format)


def read_source(path: Path) -> str | None:
    """The file's text, or ``None`` after printing why it cannot be read."""
    try:
        return path.read_bytes().decode("utf-8")
    except OSError as error:
        print(f"{path}: cannot read: {error.strerror or error}", file=sys.stderr)
    except UnicodeDecodeError as error:
        print(f"{path}: cannot read: not UTF-8 text (byte {error.start})", file=sys.stderr)
    return None


def _per_file(paths: list[Path], handle: Callable[[Path, str], int]) -> int:
    """Run ``handle`` on each readable file; the worst status wins (2: unreadable)."""
    status = 0
    for path in paths:
        text = read_source(path)
        status = max(status, 2 if text is None else handle(path, text))
    return status


def run_check(args: argparse.Namespace) -> int:
    def check(path: Path, text: str) -> int:
        status = 0
        for diagnostic in StrategyDocument(text).diagnostics():
            print(diagnostic.format(str(path)))
            if diagnostic.severity is Severity.ERROR:
                status = 1
        return status

    return _per_file(args.files, check)


def run_format(args: argparse.Namespace) -> int:
    def rewrite(path: Path, text: str) -> int:
        result = format_document(StrategyDocument(text))
        for span, reason in result.skipped:
            print(f"{path}:{span.start_line + 1}:{span.start_col + 1}: left as is: {reason}",
                  file=sys.stderr)
        if result.text == text:
            return 0
        if args.check:
            print(f"{path}: would reformat {len(result.changed)} strategy call(s)")
            return 1
        try:
            path.write_bytes(result.text.encode("utf-8"))
        except OSError as error:
            print(f"{path}: cannot write: {error.strerror or error}", file=sys.stderr)
            return 2
        print(f"{path}: reformatted {len(result.changed)} strategy call(s)")
        return 0

    return _per_file(args.files, rewrite)
