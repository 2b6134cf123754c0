"""The ``kb`` command: ``build`` the index, ``search`` the docs, ``lookup`` one symbol.

The main ``strategy-lsp`` CLI wires it in with::

    from strategy_lsp.knowledge.cli import add_parser
    add_parser(subparsers)        # then: return args.run(args)

It also runs alone: ``python -m strategy_lsp.knowledge.cli kb search "trailing stop"``.
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
from typing import Any, TextIO

from .corpus import CorpusError
from .embedding import EmbeddingError
from .index import KnowledgeIndexError
from .render import render_hover, render_long
from .search import KnowledgeBase, SearchHit

EXPECTED_ERRORS = (KnowledgeIndexError, EmbeddingError, CorpusError, OSError)


class ProgressBar:
    """A progress bar on a stream: redrawn in place on a terminal, one line per stage
    otherwise (so logs stay readable)."""

    def __init__(self, stream: TextIO, width: int = 30) -> None:
        self.stream, self.width = stream, width
        self.tty = stream.isatty()
        self.stage = ""

    def __call__(self, done: int, total: int, stage: str) -> None:
        if self.tty:
            filled = self.width * done // total if total else self.width
            bar = "#" * filled + "-" * (self.width - filled)
            self.stream.write(f"\r{stage:<10} [{bar}] {done}/{total}")
            if done >= total:
                self.stream.write("\n")
        elif stage != self.stage or done >= total:
            self.stream.write(f"{stage}: {done}/{total}\n")
        self.stage = stage
        self.stream.flush()


def _positive(text: str) -> int:
    value = int(text)
    if value <= 0:
        raise argparse.ArgumentTypeError("must be a positive whole number")
    return value


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add the ``kb`` command to an argparse subparsers object; returns its parser."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "kb", help="knowledge base: build the search index, search the docs, look up a symbol",
        description="Docs of every catalog symbol, with an offline search index.")
    commands = parser.add_subparsers(dest="kb_command", metavar="COMMAND", required=True)
    build = commands.add_parser("build", help="build the search index (if missing or stale)")
    build.add_argument("--force", action="store_true", help="rebuild even if it is up to date")
    search = commands.add_parser("search", help="search the docs")
    search.add_argument("text", help="what to look for, in words")
    search.add_argument("-k", type=_positive, default=5, metavar="N",
                        help="number of results (default 5)")
    search.add_argument("--json", action="store_true", help="print JSON")
    lookup = commands.add_parser("lookup", help="print the doc of one symbol")
    lookup.add_argument("symbol", help="e.g. RSI, SourceType.CLOSE, Strategy.stop_loss")
    lookup.add_argument("--hover", action="store_true", help="the short hover form")
    parser.set_defaults(run=run)
    return parser


def _hit_json(hit: SearchHit) -> dict[str, object]:
    return {"symbol": hit.entry.key, "title": hit.entry.title, "kind": hit.entry.kind.value,
            "summary": hit.entry.summary, "score": round(hit.score, 4),
            "lexical": round(hit.lexical, 4),
            "semantic": None if hit.semantic is None else round(hit.semantic, 4)}


def _search(kb: KnowledgeBase, args: argparse.Namespace, out: TextIO) -> int:
    hits = kb.search(args.text, args.k)
    if args.json:
        json.dump([_hit_json(h) for h in hits], out, indent=2)
        out.write("\n")
        return 0
    if not hits:
        out.write("no results\n")
    for number, hit in enumerate(hits, 1):
        out.write(f"{number}. {hit.entry.key}  ({hit.score:.3f})  {hit.entry.title}\n"
                  f"   {hit.entry.summary}\n")
    return 0


def _lookup(kb: KnowledgeBase, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    entry = kb.lookup(args.symbol)
    if entry is None:
        close = difflib.get_close_matches(args.symbol, [e.key for e in kb.corpus], n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        err.write(f"error: no doc for {args.symbol!r}{hint}\n")
        return 1
    out.write((render_hover(entry) if args.hover else render_long(entry)) + "\n")
    return 0


def run(args: argparse.Namespace, kb: KnowledgeBase | None = None,
        out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Carry out a parsed ``kb`` command; returns the exit code."""
    out = out if out is not None else sys.stdout
    err = err if err is not None else sys.stderr
    owned = kb is None
    try:
        kb = kb if kb is not None else KnowledgeBase()
        if args.kb_command == "build":
            found = kb.build(ProgressBar(err), force=args.force)
            out.write(f"index ready in {kb.index.live} (was {found.value})\n")
            return 0
        if args.kb_command == "search":
            return _search(kb, args, out)
        return _lookup(kb, args, out, err)
    except EXPECTED_ERRORS as error:
        err.write(f"error: {error}\n")
        return 1
    finally:
        if owned and kb is not None:
            kb.close()


def main(argv: list[str] | None = None) -> int:
    """Run the ``kb`` command on its own."""
    parser = argparse.ArgumentParser(prog="strategy-lsp")
    add_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    code: int = args.run(args)
    return code


if __name__ == "__main__":
    raise SystemExit(main())
