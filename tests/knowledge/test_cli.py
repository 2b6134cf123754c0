"""The ``kb`` command: build with progress, search (text and JSON), lookup, clean errors."""

from __future__ import annotations

import argparse
import io
import json
from pathlib import Path

import pytest

from strategy_lsp.knowledge import CACHE_ENV, KnowledgeBase
from strategy_lsp.knowledge.cli import ProgressBar, add_parser, main, run


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="strategy-lsp")
    add_parser(parser.add_subparsers(dest="command", required=True))
    return parser.parse_args(argv)


def call(*argv: str, kb: KnowledgeBase | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(parse(*argv), kb, out, err)
    return code, out.getvalue(), err.getvalue()


def test_build_reports_progress_on_stderr(kb: KnowledgeBase) -> None:
    code, out, err = call("kb", "build", kb=kb)
    assert code == 0
    assert "index ready in" in out and "(was missing)" in out
    assert "embedding:" in err and "indexing:" in err
    code, out, _ = call("kb", "build", kb=kb)
    assert "(was ready)" in out
    code, out, _ = call("kb", "build", "--force", kb=kb)
    assert code == 0 and "(was ready)" in out


def test_search_prints_ranked_results(kb: KnowledgeBase) -> None:
    code, out, _ = call("kb", "search", "relative strength index", "-k", "2", kb=kb)
    assert code == 0
    assert out.startswith("1. RSI  (")
    assert "\n2. " in out and "\n3. " not in out


def test_search_json_is_machine_readable(kb: KnowledgeBase) -> None:
    code, out, _ = call("kb", "search", "trailing stop", "--json", kb=kb)
    assert code == 0
    hits = json.loads(out)
    assert len(hits) == 5
    assert hits[0]["symbol"] in {"StopLossType.TRAILING", "StopLoss"}
    assert set(hits[0]) == {"symbol", "title", "kind", "summary", "score", "lexical",
                            "semantic"}


def test_lookup_prints_the_long_doc_or_the_hover(kb: KnowledgeBase) -> None:
    code, out, _ = call("kb", "lookup", "KC_UPPER", kb=kb)
    assert code == 0 and out.startswith("# Keltner Channel Upper (`KC_UPPER`)")
    code, out, _ = call("kb", "lookup", "KC_UPPER", "--hover", kb=kb)
    assert code == 0 and out.startswith("```python\nKC_UPPER(")


def test_lookup_of_unknown_symbol_fails_cleanly_with_suggestions(kb: KnowledgeBase) -> None:
    code, out, err = call("kb", "lookup", "RSII", kb=kb)
    assert code == 1 and out == ""
    assert err == "error: no doc for 'RSII'; did you mean RSI?\n"


def test_unwritable_cache_is_a_clean_error(monkeypatch: pytest.MonkeyPatch,
                                           tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(CACHE_ENV, str(blocker))
    code, _, err = call("kb", "build")
    assert code == 1
    assert err.startswith("error: ")
    assert "Traceback" not in err


def test_bad_count_is_rejected_by_argparse(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["kb", "search", "rsi", "-k", "0"])
    assert exit_.value.code == 2
    assert "must be a positive whole number" in capsys.readouterr().err


def test_main_runs_lookup_standalone(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["kb", "lookup", "Period.MAX", "--hover"]) == 0
    assert "Period.MAX = 'max'" in capsys.readouterr().out


def test_progress_bar_redraws_in_place_on_a_terminal() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    stream = Terminal()
    bar = ProgressBar(stream, width=10)
    bar(5, 10, "embedding")
    bar(10, 10, "embedding")
    assert stream.getvalue() == ("\rembedding  [#####-----] 5/10"
                                 "\rembedding  [##########] 10/10\n")
