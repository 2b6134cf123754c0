"""Typed generation errors, each with a message a user can act on."""

from __future__ import annotations


class GenerationError(Exception):
    """Base class: generation failed and nothing should be inserted."""


class BackendUnavailable(GenerationError):
    """The server cannot be reached (not running, wrong host, refused)."""


class BackendTimeout(GenerationError):
    """The backend did not answer within the configured timeout."""


class ModelNotFound(GenerationError):
    """The backend does not have the model; the message says how to get it."""

    def __init__(self, model: str, hint: str) -> None:
        self.model = model
        self.hint = hint
        super().__init__(f"Model {model!r} is not available. {hint}")


class BackendFailed(GenerationError):
    """The backend answered with an error or with something that is not a completion."""


class InvalidOutput(GenerationError):
    """The model's output did not validate, even after one retry with the errors fed back."""


class BadDescription(GenerationError):
    """The description is empty or does not describe a strategy."""
