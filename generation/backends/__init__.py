"""Backends: Ollama, OpenAI-compatible servers and the embedded in-process model."""
