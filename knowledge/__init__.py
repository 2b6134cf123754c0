"""Knowledge base: docs corpus, embedded index and retrieval."""
