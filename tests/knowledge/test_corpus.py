"""The docs corpus covers the catalog exactly, and its examples validate."""

from __future__ import annotations

import pytest

from strategy_lsp.grammar import CATALOG
from strategy_lsp.knowledge import SymbolKind, catalog_symbols, load_corpus
from strategy_lsp.knowledge.checks import corpus_problems, entry_problems

from .helpers import corpus_with, shipped_text

CORPUS = load_corpus()
RSI_DOC = "series/RSI.md"


def test_every_catalog_symbol_has_a_doc_entry() -> None:
    assert CORPUS.undocumented == ()
    expected = {c.key for c in CATALOG.classes} | {e.key for e in CATALOG.enums}
    expected |= {f"{e.name}.{m.name}" for e in CATALOG.enums for m in e.members}
    expected |= {f"Strategy.{p.name}" for p in CATALOG.strategy.params}
    documented = {entry.key for entry in CORPUS if entry.doc is not None}
    assert documented == expected


@pytest.mark.parametrize("key", [e.key for e in CORPUS])
def test_entry_is_consistent_with_catalog_and_grammar(key: str) -> None:
    entry = CORPUS.get(key)
    assert entry is not None
    assert entry_problems(entry, CORPUS) == []


def test_every_class_entry_documents_its_parameters_in_signature_order() -> None:
    for entry in CORPUS:
        if entry.kind is SymbolKind.CLASS and entry.doc is not None:
            assert [n for n, _ in entry.doc.parameters] == [p.name for p in entry.symbol.params]


def test_missing_doc_file_is_reported() -> None:
    corpus = corpus_with({RSI_DOC: None})
    assert corpus.undocumented == ("RSI",)
    assert "RSI: no doc entry" in corpus_problems(corpus, examples=False)


def test_parameter_the_catalog_lacks_is_reported() -> None:
    text = shipped_text(RSI_DOC).replace("- `length`:", "- `lenght`: typo.\n- `length`:")
    problems = corpus_problems(corpus_with({RSI_DOC: text}), examples=False)
    assert any("RSI" in p and "catalog lacks: lenght" in p for p in problems)


def test_parameter_the_doc_misses_is_reported() -> None:
    text = shipped_text(RSI_DOC).replace("- `source`\n", "")
    problems = corpus_problems(corpus_with({RSI_DOC: text}), examples=False)
    assert any("RSI" in p and "does not document parameters: source" in p for p in problems)


def test_example_that_does_not_validate_is_reported() -> None:
    text = shipped_text(RSI_DOC).replace("RSI('AAPL', length=14)", "RSI('AAPL', lenght=14)")
    problems = [p for p in corpus_problems(corpus_with({RSI_DOC: text})) if p.startswith("RSI ")]
    assert len(problems) == 1
    assert "example does not validate" in problems[0]


def test_example_that_does_not_use_its_symbol_is_reported() -> None:
    text = shipped_text(RSI_DOC).replace("RSI('AAPL', length=14)", "CCI('AAPL', length=14)")
    problems = corpus_problems(corpus_with({RSI_DOC: text}))
    assert any(p.startswith("RSI ") and "does not use RSI" in p for p in problems)


def test_indicator_without_formula_is_reported() -> None:
    text = shipped_text(RSI_DOC).replace("## Formula", "## Math")
    problems = corpus_problems(corpus_with({RSI_DOC: text}), examples=False)
    assert any("lacks a '## Formula' section" in p for p in problems)


def test_doc_file_is_named_after_its_symbol() -> None:
    for entry in CORPUS:
        assert entry.doc is not None
        assert entry.doc.path.rsplit("/", 1)[-1] == f"{entry.key}.md"


def test_aliases_start_with_catalog_names_and_add_the_docs_own() -> None:
    entry = CORPUS.get("KC_LOWER")
    assert entry is not None
    symbol = catalog_symbols()["KC_LOWER"]
    assert entry.aliases[: len(symbol.names)] == symbol.names
    assert "Keltner" in entry.aliases


def test_corpus_digest_changes_when_a_doc_changes() -> None:
    changed = corpus_with({RSI_DOC: shipped_text(RSI_DOC) + "\nOne more line.\n"})
    assert changed.digest != CORPUS.digest
    assert corpus_with({}).digest == CORPUS.digest
