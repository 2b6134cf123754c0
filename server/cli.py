"""The ``strategy-lsp`` command line: one subcommand per capability.

Each subcommand lives in the package that owns the capability and registers itself here
through an ``add_parser(subparsers)`` function, so this module stays a thin switchboard.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from strategy_lsp.knowledge import cli as cli_knowledge

from . import cli_generate, cli_grammar, cli_serve


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="strategy-lsp",
        description="Write, check and explain trading-strategy-tester strategies.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    cli_grammar.add_parsers(subparsers)
    cli_generate.add_parsers(subparsers)
    cli_serve.add_parsers(subparsers)
    cli_knowledge.add_parser(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        code: int = args.run(args)
    except KeyboardInterrupt:
        return 130
    return code


if __name__ == "__main__":
    sys.exit(main())
