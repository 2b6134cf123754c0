"""The router: each Strategy parameter to a tier, each tier to a model.

Conditions need a model that can compose; everything else is a short, simple value.
The split follows from the catalog: a parameter whose value is a condition is large.
"""

from __future__ import annotations

from dataclasses import dataclass

from strategy_lsp.grammar import CATALOG, ValueType

from .settings import BackendName, GenerationSettings, Tier

PARAMETERS: tuple[str, ...] = CATALOG.strategy.param_names


def tier_of(parameter: str | None) -> Tier:
    """``None`` (a whole strategy) and the buy/sell conditions go to the large tier."""
    if parameter is None:
        return Tier.LARGE
    spec = CATALOG.strategy.param(parameter)
    if spec is None:
        raise KeyError(f"Strategy has no parameter {parameter!r}")
    return Tier.LARGE if spec.type is ValueType.CONDITION else Tier.SMALL


@dataclass(frozen=True)
class Route:
    parameter: str | None
    tier: Tier
    backend: BackendName
    model: str


class Router:
    def __init__(self, settings: GenerationSettings) -> None:
        self.settings = settings

    def route(self, parameter: str | None, backend: BackendName | None = None) -> Route:
        backend = backend or self.settings.backend
        tier = tier_of(parameter)
        return Route(parameter, tier, backend, self.settings.model_for(tier, backend))
