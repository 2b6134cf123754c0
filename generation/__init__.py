"""Generation: backends, the small/large router, prompts and output that always validates."""

from .backend import Backend, Completion, CompletionRequest, Message, OutputFormat
from .errors import (
    BackendFailed,
    BackendTimeout,
    BackendUnavailable,
    BadDescription,
    GenerationError,
    InvalidOutput,
    ModelNotFound,
)

__all__ = [
    "Backend",
    "BackendFailed",
    "BackendTimeout",
    "BackendUnavailable",
    "BadDescription",
    "Completion",
    "CompletionRequest",
    "GenerationError",
    "InvalidOutput",
    "Message",
    "ModelNotFound",
    "OutputFormat",
]
