"""Knowledge base: docs of every catalog symbol, an offline chromadb index, and retrieval."""

from .cache import CACHE_ENV, cache_dir, knowledge_dir
from .corpus import Corpus, CorpusError, Entry, load_corpus
from .docfile import DocFileError
from .embedding import EmbeddingError, StaticEmbedding, default_embedding, load_static_embedding
from .examples import ExampleCheck, check_example
from .index import IndexState, KnowledgeIndexError, Progress
from .render import render_hover, render_long, signature
from .search import (
    KnowledgeBase,
    SearchHit,
    default_knowledge_base,
    lookup,
    retriever_for_prompts,
    search,
)
from .symbols import Symbol, SymbolKind, catalog_symbols

__all__ = [
    "CACHE_ENV",
    "Corpus",
    "CorpusError",
    "DocFileError",
    "EmbeddingError",
    "Entry",
    "ExampleCheck",
    "IndexState",
    "KnowledgeBase",
    "KnowledgeIndexError",
    "Progress",
    "SearchHit",
    "StaticEmbedding",
    "Symbol",
    "SymbolKind",
    "cache_dir",
    "catalog_symbols",
    "check_example",
    "default_embedding",
    "default_knowledge_base",
    "knowledge_dir",
    "load_corpus",
    "load_static_embedding",
    "lookup",
    "render_hover",
    "render_long",
    "retriever_for_prompts",
    "search",
    "signature",
]
