"""Which of a strategy's two conditions opens its trades and which closes them.

trading-strategy-tester names the two conditions after the order each one sends:
``buy_condition`` buys and ``sell_condition`` sells. So the rule that opens a trade depends
on the position type:

=====================  ==================================  ==================================
position type          ``buy_condition``                   ``sell_condition``
=====================  ==================================  ==================================
LONG                   opens the long (the entry)          closes it (the exit)
SHORT                  covers the short (the exit)         opens the short (the entry)
LONG_SHORT_COMBINED    opens a long, closing any short     opens a short, closing any long
=====================  ==================================  ==================================

(The library's backtest, ``trade.create_all_trades``, opens a short on a sell signal and
closes it on a buy signal.) A description says *entry* and *exit*; this module maps them to
the two keywords. Models trained on datasets of generator version 1 wrote a short's entry
as ``buy_condition``: :func:`swap_short_sides_code` turns their answers into the library's
meaning.
"""

from __future__ import annotations

from .model import Call, EnumValue
from .parser import parse_expression
from .syntax import Attribute
from .syntax import Call as SyntaxCall

BUY, SELL = "buy_condition", "sell_condition"


def is_short(strategy: Call) -> bool:
    """Whether ``strategy`` trades short only."""
    position = strategy.args.get("position_type")
    return isinstance(position, EnumValue) and position.member == "SHORT"


def entry_keyword(position: str) -> str:
    """The keyword of the condition that opens a trade, for a ``PositionTypeEnum`` member's
    name: ``sell_condition`` for SHORT, ``buy_condition`` otherwise."""
    return SELL if position == "SHORT" else BUY


def swap_short_sides(strategy: Call) -> Call:
    """``strategy`` with its buy and sell conditions exchanged if it trades short only, and
    as it is otherwise: from "buy is the entry" to the library's meaning, and back."""
    if not is_short(strategy) or (BUY not in strategy.args and SELL not in strategy.args):
        return strategy
    args = dict(strategy.args)
    buy, sell = args.pop(BUY, None), args.pop(SELL, None)
    ordered: dict[str, object] = {}
    for name in strategy.spec.param_names:  # keep the catalog's keyword order
        if name == BUY and sell is not None:
            ordered[BUY] = sell
        elif name == SELL and buy is not None:
            ordered[SELL] = buy
        elif name in args:
            ordered[name] = args[name]
    return strategy.model_copy(update={"args": ordered})


def swap_short_sides_code(code: str) -> tuple[str, bool]:
    """``code``, a ``Strategy(...)`` call, with the source texts of its buy and sell
    conditions exchanged if its position type is ``PositionTypeEnum.SHORT``; everything
    else is kept byte for byte. Also says whether it exchanged them: not when the call does
    not parse, is not short, or lacks either condition."""
    expr, _ = parse_expression(code)
    if not isinstance(expr, SyntaxCall) or expr.name != "Strategy":
        return code, False
    values = {k.name: k.value for k in expr.keywords}
    position = values.get("position_type")
    if not (isinstance(position, Attribute) and position.owner == "PositionTypeEnum"
            and position.member == "SHORT") or BUY not in values or SELL not in values:
        return code, False
    data = code.encode("utf-8")
    first, second = sorted((values[BUY].span, values[SELL].span), key=lambda s: s.start_byte)
    swapped = (data[:first.start_byte] + data[second.start_byte:second.end_byte]
               + data[first.end_byte:second.start_byte]
               + data[first.start_byte:first.end_byte] + data[second.end_byte:])
    return swapped.decode("utf-8"), True
