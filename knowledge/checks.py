"""Consistency checks of the corpus against the catalog and the grammar.

Every problem is one readable line naming the symbol and the doc file. The test suite
requires an empty list for the shipped corpus.
"""

from __future__ import annotations

from strategy_lsp.grammar import Kind

from .corpus import Corpus, Entry
from .examples import check_example, mentions

#: Series categories whose entries must explain a formula and how to read the values.
INDICATOR_CATEGORIES = frozenset({"momentum", "trend", "volatility", "volume", "overlap",
                                  "pattern"})
INDICATOR_SECTIONS = ("Formula", "Reading it")


def _where(entry: Entry) -> str:
    return f"{entry.key} ({entry.doc.path})" if entry.doc else entry.key


def parameter_problems(entry: Entry) -> list[str]:
    """Parameters the doc lists that the catalog lacks, misses, repeats or reorders."""
    if entry.doc is None:
        return []
    written = [name for name, _ in entry.doc.parameters]
    expected = [p.name for p in entry.symbol.params]
    problems = []
    extra = [n for n in written if n not in expected]
    missing = [n for n in expected if n not in written]
    if extra:
        problems.append(f"{_where(entry)}: documents parameters the catalog lacks: "
                        f"{', '.join(extra)}")
    if missing:
        problems.append(f"{_where(entry)}: does not document parameters: {', '.join(missing)}")
    if len(set(written)) != len(written):
        problems.append(f"{_where(entry)}: documents a parameter twice")
    elif not extra and not missing and written != expected:
        problems.append(f"{_where(entry)}: parameters are not in signature order")
    return problems


def example_problems(entry: Entry) -> list[str]:
    """Missing examples, examples the grammar rejects, examples that do not use the symbol."""
    if entry.doc is None:
        return []
    if not entry.examples:
        return [f"{_where(entry)}: has no example"]
    problems = []
    for example in entry.examples:
        check = check_example(example, entry.symbol)
        if not check.ok:
            problems.append(f"{_where(entry)}: example does not validate "
                            f"({'; '.join(check.messages)}): {example}")
        elif not mentions(check, entry.symbol):
            problems.append(f"{_where(entry)}: example does not use {entry.key}: {example}")
    return problems


def section_problems(entry: Entry) -> list[str]:
    """Indicators must explain their formula and how traders read them."""
    symbol = entry.symbol
    if entry.doc is None or symbol.cls is None or symbol.cls.kind is not Kind.SERIES:
        return []
    if symbol.category not in INDICATOR_CATEGORIES:
        return []
    titles = {s.title for s in entry.sections}
    return [f"{_where(entry)}: indicator doc lacks a '## {title}' section"
            for title in INDICATOR_SECTIONS if title not in titles]


def entry_problems(entry: Entry, corpus: Corpus, *, examples: bool = True) -> list[str]:
    """Every problem of one entry."""
    if entry.doc is None:
        return [f"{entry.key}: no doc entry"]
    problems = parameter_problems(entry) + section_problems(entry)
    if not entry.intro.strip():
        problems.append(f"{_where(entry)}: has no description")
    problems += [f"{_where(entry)}: see_also names unknown symbol {name!r}"
                 for name in entry.see_also if corpus.get(name) is None]
    if examples:
        problems += example_problems(entry)
    return problems


def corpus_problems(corpus: Corpus, *, examples: bool = True) -> list[str]:
    """Every problem of the corpus (empty when it is complete and consistent)."""
    return [p for entry in corpus for p in entry_problems(entry, corpus, examples=examples)]
