"""The doc file format: front matter, sections, parameter bullets, examples."""

from __future__ import annotations

import pytest

from strategy_lsp.knowledge.corpus import CorpusError, build_corpus
from strategy_lsp.knowledge.docfile import DocFileError, parse_doc

DOC = """+++
symbol = "RSI"
aliases = ["Wilder RSI"]
see_also = ["MFI"]
+++
Intro line one
and two.

## Formula
RS = gain / loss.

## Parameters
- `ticker`
- `length`: First part
  continued here.

## Example
```python
RSI('AAPL')
```
"""


def test_doc_is_split_into_front_matter_intro_sections_parameters_and_examples() -> None:
    doc = parse_doc("series/RSI.md", DOC)
    assert doc.symbol == "RSI"
    assert doc.aliases == ("Wilder RSI",)
    assert doc.see_also == ("MFI",)
    assert doc.intro == "Intro line one\nand two."
    assert [(s.title, s.text) for s in doc.sections] == [("Formula", "RS = gain / loss.")]
    assert doc.parameters == (("ticker", ""), ("length", "First part continued here."))
    assert doc.examples == ("RSI('AAPL')",)


@pytest.mark.parametrize(("text", "message"), [
    ("no front matter", "must start with"),
    ("+++\nsymbol = 'RSI'\n", "not closed"),
    ("+++\nsymbol = \n+++\n", "not valid TOML"),
    ("+++\nname = 'RSI'\n+++\n", "needs a 'symbol'"),
    ("+++\nsymbol = 'RSI'\ncolour = 'red'\n+++\n", "unknown front matter keys: colour"),
    ("+++\nsymbol = 'RSI'\naliases = 'one'\n+++\n", "'aliases' must be a list"),
    ("+++\nsymbol = 'RSI'\n+++\n## Parameters\n* length\n", "unexpected line in Parameters"),
])
def test_malformed_doc_is_rejected_with_its_path(text: str, message: str) -> None:
    with pytest.raises(DocFileError, match=message) as caught:
        parse_doc("series/RSI.md", text)
    assert caught.value.path == "series/RSI.md"


def test_doc_for_unknown_symbol_is_rejected() -> None:
    with pytest.raises(CorpusError, match="'NOPE' is not a catalog symbol"):
        build_corpus({"series/NOPE.md": "+++\nsymbol = 'NOPE'\n+++\nText.\n"})


def test_two_docs_for_one_symbol_are_rejected() -> None:
    text = "+++\nsymbol = 'RSI'\n+++\nText.\n"
    with pytest.raises(CorpusError, match="already documented"):
        build_corpus({"a/RSI.md": text, "b/RSI.md": text})


def test_heading_inside_a_code_block_does_not_start_a_section() -> None:
    doc = parse_doc("x.md", "+++\nsymbol = 'RSI'\n+++\n## Example\n```python\n## no\n```\n")
    assert doc.sections == ()
    assert doc.examples == ("## no",)
