"""Typed server settings, read from ``initializationOptions`` and
``workspace/didChangeConfiguration``.

Keys may be camelCase (VS Code) or snake_case, flat or nested under ``strategyLsp``. A bad
value is reported and replaced by its default; the other settings still apply.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from strategy_lsp.generation.settings import GenerationSettings


class ServerSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    generation: GenerationSettings = Field(default_factory=GenerationSettings)
    knowledge_dir: Path | None = Field(default=None, description="where the docs index lives; "
                                       "default: the user's cache folder")
    diagnostics_delay: float = Field(default=0.15, ge=0, le=10,
                                     description="seconds to wait after typing")
    parameter_completion: bool = True


_GENERATION_KEYS = set(GenerationSettings.model_fields)
_SERVER_KEYS = set(ServerSettings.model_fields) - {"generation"}


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def flatten_options(options: Any) -> dict[str, Any]:
    """Client options as one flat dict of snake_case keys."""
    if not isinstance(options, dict):
        return {}
    for wrapper in ("strategyLsp", "strategy_lsp", "strategy-lsp"):
        if isinstance(options.get(wrapper), dict):
            options = options[wrapper]
    flat: dict[str, Any] = {}
    for key, value in options.items():
        if key == "generation" and isinstance(value, dict):
            flat.update({_snake(k): v for k, v in value.items()})
        else:
            flat[_snake(str(key))] = value
    return flat


def parse_settings(options: Any) -> tuple[ServerSettings, list[str]]:
    """Settings from client options, and a message for every value that was refused."""
    problems: list[str] = []
    flat = flatten_options(options)
    generation: dict[str, Any] = {}
    server: dict[str, Any] = {}
    for key, value in flat.items():
        if key in _GENERATION_KEYS:
            generation[key] = value
        elif key in _SERVER_KEYS:
            server[key] = value
        else:
            problems.append(f"unknown setting {key!r} ignored")
    for target, model in ((generation, GenerationSettings), (server, ServerSettings)):
        for key in list(target):
            try:
                model.model_validate({key: target[key]})
            except ValidationError as error:
                reason = error.errors()[0]["msg"]
                problems.append(f"setting {key}={target[key]!r} ignored: {reason}")
                del target[key]
    settings = ServerSettings(generation=GenerationSettings(**generation), **server)
    return settings, problems


def settings_schema() -> dict[str, Any]:
    """The JSON schema of every setting name the server understands (camelCase)."""
    names = {**GenerationSettings.model_fields, **{k: ServerSettings.model_fields[k]
                                                  for k in _SERVER_KEYS}}
    return {_camel(name): {"description": field.description or ""}
            for name, field in sorted(names.items())}


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)
