"""What every phrasing style's writer starts from: the strategy it describes, its random
source, and the strategy's ticker and side."""

from __future__ import annotations

import random
from dataclasses import dataclass

from strategy_lsp.grammar.model import Call, EnumValue


@dataclass
class Writer:
    """Writes one description of ``strategy``, drawing every choice from ``rng``."""

    strategy: Call
    rng: random.Random

    def pick(self, *options: str) -> str:
        return self.rng.choice(options)


@dataclass
class StrategyWriter(Writer):
    """A writer that reads the ticker and the side from the strategy when asked."""

    @property
    def ticker(self) -> str:
        ticker = self.strategy.args["ticker"]
        assert isinstance(ticker, str)
        return ticker

    @property
    def side(self) -> str:
        """The ``PositionTypeEnum`` member: LONG, SHORT or LONG_SHORT_COMBINED."""
        position = self.strategy.args["position_type"]
        assert isinstance(position, EnumValue)
        return position.member
