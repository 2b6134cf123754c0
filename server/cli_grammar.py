"""``strategy-lsp check`` and ``strategy-lsp format``."""

from __future__ import annotations

import argparse
import sys
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


def run_check(args: argparse.Namespace) -> int:
    status = 0
    for path in args.files:
        text = read_source(path)
        if text is None:
            status = 2
            continue
        for diagnostic in StrategyDocument(text).diagnostics():
            print(diagnostic.format(str(path)))
            if diagnostic.severity is Severity.ERROR:
                status = max(status, 1)
    return status


def run_format(args: argparse.Namespace) -> int:
    status = 0
    for path in args.files:
        text = read_source(path)
        if text is None:
            status = 2
            continue
        result = format_document(StrategyDocument(text))
        for span, reason in result.skipped:
            print(f"{path}:{span.start_line + 1}:{span.start_col + 1}: left as is: {reason}",
                  file=sys.stderr)
        if result.text == text:
            continue
        if args.check:
            print(f"{path}: would reformat {len(result.changed)} strategy call(s)")
            status = max(status, 1)
            continue
        try:
            path.write_bytes(result.text.encode("utf-8"))
        except OSError as error:
            print(f"{path}: cannot write: {error.strerror or error}", file=sys.stderr)
            status = 2
            continue
        print(f"{path}: reformatted {len(result.changed)} strategy call(s)")
    return status
