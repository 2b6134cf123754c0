"""An example strategy file: try `strategy-lsp check examples/strategy.py`."""

from trading_strategy_tester import *  # noqa: F403
from trading_strategy_tester.conditions import *  # noqa: F403
from trading_strategy_tester.trading_series import *  # noqa: F403

# Long AAPL: buy when RSI(14) crosses below 30, sell when RSI crosses above 70.
# 5% trailing stop, daily bars, $10k capital.
strategy = Strategy(
    ticker='AAPL',
    position_type=PositionTypeEnum.LONG,
    buy_condition=CrossUnderCondition(first_series=RSI('AAPL', lenght=14), second_series=CONST(30)),
    sell_condition=CrossOverCondition(first_series=RSI('AAPL', length=14), second_series=CONST('70')),
    stop_loss=StopLoss(percentage=5, stop_loss_type=StopLossType.TRAILING),
    initial_capital=10000,
)
