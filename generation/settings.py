"""Typed generation settings: which backend, which model per tier, which mode.

The language server fills these from ``initializationOptions`` and
``workspace/didChangeConfiguration``; the CLI from its options.
"""

from __future__ import annotations

import os
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class BackendName(StrEnum):
    EMBEDDED = "embedded"
    OLLAMA = "ollama"
    OPENAI = "openai"


class Mode(StrEnum):
    WHOLE = "whole"  # one call to the large tier for the whole strategy
    FIELDS = "fields"  # one call per parameter, routed to the small or large tier


class Tier(StrEnum):
    SMALL = "small"
    LARGE = "large"


class PromptStyle(StrEnum):
    AUTO = "auto"  # fine-tuned for the embedded model, few-shot for server models
    FEW_SHOT = "few-shot"  # instructions, examples and retrieved docs, JSON output
    FINE_TUNED = "fine-tuned"  # the bare description, code output, as our dataset trains


class ShortSides(StrEnum):
    """How a model writes a short strategy's two conditions."""

    LIBRARY = "library"  # trading-strategy-tester's meaning: sell_condition opens the short
    ENTRY = "entry"  # the entry as buy_condition (generator-1 data, `dataset --short-sides entry`)


#: A parameter is worth a second look when the model wrote it with a decision it gave a
#: probability under this. Chosen on a training style's test split (comment), where 10% of
#: the strategies had such a decision and they held 80% of the wrong ones; see
#: training/README.md for what it catches on text the model never trained on.
UNSURE_BELOW = 0.7

DEFAULT_MODELS: dict[BackendName, dict[Tier, str]] = {
    BackendName.OLLAMA: {Tier.SMALL: "llama3.2:1b", Tier.LARGE: "llama3.2:3b"},
    BackendName.OPENAI: {Tier.SMALL: "llama3.2:1b", Tier.LARGE: "llama3.2:3b"},
    BackendName.EMBEDDED: {Tier.SMALL: "strategy-tiny", Tier.LARGE: "strategy-tiny"},
}


class GenerationSettings(BaseModel):
    """Everything the generation layer can be told. Unknown keys are refused."""

    model_config = ConfigDict(extra="forbid", use_enum_values=False)

    backend: BackendName = BackendName.EMBEDDED
    mode: Mode = Mode.WHOLE
    model_small: str | None = Field(default=None, description="model for simple parameters")
    model_large: str | None = Field(default=None, description="model for buy/sell conditions")
    ollama_host: str | None = Field(default=None, description="default: $OLLAMA_HOST or "
                                    "http://127.0.0.1:11434")
    ollama_keep_alive: str = "10m"
    openai_base_url: str = "http://127.0.0.1:8080/v1"
    openai_api_key: str | None = None
    timeout: float = Field(default=60.0, gt=0, le=3600, description="seconds per model call")
    rag: bool = True
    prompt_style: PromptStyle = PromptStyle.AUTO
    fallback_to_embedded: bool = True
    max_concurrency: int = Field(default=8, ge=1, le=64)
    short_sides: ShortSides = Field(
        default=ShortSides.LIBRARY,
        description="how the server models write a short strategy's conditions: 'library' "
                    "(sell_condition opens the short, as trading-strategy-tester reads it) or "
                    "'entry' (buy_condition opens it, as models fine-tuned on `dataset "
                    "--short-sides entry` or generator-1 data write it; their answers are "
                    "turned around); the embedded model's folder states its own")
    unsure_below: float = Field(default=UNSURE_BELOW, ge=0, le=1,
                                description="name a generated parameter as unsure when one "
                                            "of the model's decisions in it was less likely "
                                            "than this (0: never)")

    def model_for(self, tier: Tier, backend: BackendName | None = None) -> str:
        backend = backend or self.backend
        override = self.model_small if tier is Tier.SMALL else self.model_large
        if override and backend is self.backend:
            return override
        return DEFAULT_MODELS[backend][tier]

    def resolved_ollama_host(self) -> str:
        return self.ollama_host or os.environ.get("OLLAMA_HOST") or "http://127.0.0.1:11434"

    @classmethod
    def from_options(cls, *, backend: str | None = None, host: str | None = None,
                     **values: Any) -> GenerationSettings:
        """Settings from command-line style options; ``None`` values keep the defaults and
        ``host`` goes to the chosen backend's address setting."""
        chosen = {k: v for k, v in values.items() if v is not None}
        if backend:
            chosen["backend"] = BackendName(backend)
        if host:
            is_openai = chosen.get("backend") is BackendName.OPENAI
            chosen["openai_base_url" if is_openai else "ollama_host"] = host
        return cls(**chosen)

    def resolved_prompt_style(self, backend: BackendName | None = None) -> PromptStyle:
        if self.prompt_style is not PromptStyle.AUTO:
            return self.prompt_style
        backend = backend or self.backend
        return PromptStyle.FINE_TUNED if backend is BackendName.EMBEDDED else PromptStyle.FEW_SHOT
