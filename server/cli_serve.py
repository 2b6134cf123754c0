"""``strategy-lsp serve``: the language server over stdio (or TCP)."""

from __future__ import annotations

import argparse
import logging
import sys
from typing import Any


def add_parsers(subparsers: Any) -> None:
    serve = subparsers.add_parser(
        "serve", help="run the language server (stdio by default)",
        description="Start the strategy-lsp language server for Python files.")
    serve.add_argument("--tcp", metavar="HOST:PORT", help="listen on TCP instead of stdio")
    serve.add_argument("--log-file", help="write the server's own log to this file")
    serve.set_defaults(run=run_serve)


def run_serve(args: argparse.Namespace) -> int:
    if args.log_file:
        logging.basicConfig(filename=args.log_file, level=logging.INFO)
    from .app import create_server

    server = create_server()
    if args.tcp:
        host, _, port = args.tcp.rpartition(":")
        if not port.isdigit():
            print("error: --tcp needs HOST:PORT, e.g. 127.0.0.1:2087", file=sys.stderr)
            return 2
        server.start_tcp(host or "127.0.0.1", int(port))
    else:
        server.start_io()
    return 0
