"""The main phrasing style: a strategy as a trader would jot it down.

One description is built from parts (what to trade and which side, entry, exit, risk,
history, money) that each have many wordings; the parts come in different orders and
layouts: prose ("Buy AAPL when ..."), labelled notes ("Entry: ... Exit: ..."), a one-line
comment ("long AAPL: buy ..., sell ...; 5% trailing stop") or a request ("Can you backtest
..."). Exit may come before entry. Only what the model holds is stated.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import dataclass

from strategy_lsp.grammar import CATALOG, Call, EnumValue, Value

from . import wording
from .plain_conditions import Voice, whole
from .vocabulary import member_names

_LAYOUTS = ("prose", "prose", "prose", "prose", "notes", "notes", "comment", "request",
            "request")


def _arg(strategy: Call, name: str) -> Value | None:
    return strategy.args.get(name)


def _date(call: Value | None) -> dt.date | None:
    if not isinstance(call, Call):
        return None
    return dt.date(whole(call.args["year"]), whole(call.args["month"]), whole(call.args["day"]))


#: "a" before a number said with a vowel sound: an 8% stop, an 11-day RSI, an eighty level.
_AN = re.compile(r"\b([Aa]) (?=8|1[18](?!\d)|eight|eleven)")


def fix_articles(text: str) -> str:
    return _AN.sub(lambda m: m.group(1) + "n ", text)


def _capital_first(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


@dataclass
class _Writer:
    """Writes one description; ``voice`` carries the writer's habits."""

    strategy: Call
    voice: Voice

    @property
    def rng(self) -> random.Random:
        return self.voice.rng

    def pick(self, *options: str) -> str:
        return self.rng.choice(options)

    @property
    def ticker(self) -> str:
        return self.voice.ticker

    @property
    def side(self) -> str:
        position = _arg(self.strategy, "position_type")
        assert isinstance(position, EnumValue)
        return position.member

    def condition(self, name: str) -> Call:
        value = _arg(self.strategy, name)
        assert isinstance(value, Call)
        return value

    # --- who and which side --------------------------------------------------------------

    def symbol(self) -> str:
        t = self.ticker
        return self.pick(t, t, t, t, f"${t}" if t.isalpha() else t, f"{t} stock"
                         if t.isalpha() else t, f"ticker {t}", f"the symbol {t}")

    def side_word(self) -> str:
        """The position side as a word or two: "long", "short only", "long/short"."""
        return {
            "LONG": self.pick("long", "long", "long only", "long-only", "on the long side"),
            "SHORT": self.pick("short", "short", "short only", "short-only",
                               "on the short side"),
            "LONG_SHORT_COMBINED": self.pick("long and short", "both long and short",
                                             "long/short", "in both directions",
                                             "on both sides (long and short)"),
        }[self.side]

    def opening(self) -> str:
        """A sentence naming the ticker and side, without the conditions."""
        s, side = self.symbol(), self.side_word()
        return self.pick(f"{_capital_first(side)} {s}.", f"Trade {s} {side}.",
                         f"Strategy for {s}, {side}.", f"I want to trade {s} {side}.",
                         f"Backtest {s} {side}.", f"{s}, {side}.",
                         f"Build a {side} strategy on {s}." if " " not in side
                         else f"Build a strategy on {s}, {side}.")

    # --- entry and exit --------------------------------------------------------------

    def entry(self, with_symbol: bool) -> str:
        """The entry clause: "buy AAPL when ...", "go short once ..."."""
        trigger = self.voice.trigger(self.condition("buy_condition"))
        symbol = self.symbol() if with_symbol else ""
        s, on, in_ = (f" {symbol}", f" on {symbol}", f" in {symbol}") if symbol else ("",) * 3
        if self.side == "LONG":
            verbs = [f"buy{s}", f"go long{s}", f"enter a long position{in_}", f"go long{on}",
                     f"open a long{in_}"]
            if not with_symbol:
                verbs += ["enter", "get in", "open a position", "buy"]
        elif self.side == "SHORT":
            verbs = [f"short{s}", f"sell{s} short", f"open a short position{in_}",
                     f"go short{on}", f"enter a short{in_}"]
            if not with_symbol:
                verbs += ["short it", "enter short", "go short"]
        else:
            verbs = [f"go long{on}", f"buy{s} (go long)", f"open a long{in_}", f"enter long{on}"]
        return f"{self.rng.choice(verbs)} {trigger}"

    def exit(self) -> str:
        trigger = self.voice.trigger(self.condition("sell_condition"))
        if self.side == "LONG":
            verb = self.pick("sell", "sell", "exit", "close the position", "get out",
                             "exit the trade", "close the long", "sell it")
        elif self.side == "SHORT":
            verb = self.pick("cover", "buy back", "exit", "close the short", "buy to cover",
                             "exit the short")
        else:
            verb = self.pick("go short", "short", "flip to short", "reverse to short",
                             "go short (and close the long)")
        return f"{verb} {trigger}"

    # --- risk ----------------------------------------------------------------------------

    def stop_loss(self) -> tuple[str, bool] | None:
        """The stop loss as a noun phrase ("a 5% trailing stop") or a verb phrase (flag)."""
        stop = _arg(self.strategy, "stop_loss")
        if not isinstance(stop, Call):
            return None
        percentage = stop.args["percentage"]
        assert isinstance(percentage, int | float)
        p = wording.percent(percentage, self.rng, fraction=True)
        kind = stop.args.get("stop_loss_type")
        noun = self.pick("stop loss", "stop-loss", "stop", "SL", "stop loss")
        if kind is None:
            if self.rng.random() < 0.15:
                return self.pick(f"cut losses at {p}", f"stop out at a {p} loss"), True
            return self.pick(f"a {p} {noun}", f"a {noun} at {p}", f"a {noun} of {p}",
                             f"{noun} {p}", f"a {noun} {p} below entry" if self.side == "LONG"
                             else f"a {p} {noun}"), False
        assert isinstance(kind, EnumValue)
        how = self.rng.choice(member_names("StopLossType", kind.member))
        if kind.member == "TRAILING":
            if self.rng.random() < 0.15:
                return f"trail the stop by {p}", True
            return self.pick(f"a {p} trailing {noun}", f"a trailing {noun} of {p}",
                             f"{noun} {p} trailing", f"{p} trailing {noun}",
                             f"a trailing {noun} at {p}"), False
        return self.pick(f"a {how} {p} {noun}", f"a {how} {noun} at {p}",
                         f"a {how} {noun} of {p}", f"{noun} {p} ({how})",
                         f"{p} {how} {noun}"), False

    def take_profit(self) -> tuple[str, bool] | None:
        target = _arg(self.strategy, "take_profit")
        if not isinstance(target, Call):
            return None
        percentage = target.args["percentage"]
        assert isinstance(percentage, int | float)
        p = wording.percent(percentage, self.rng, fraction=True)
        if self.rng.random() < 0.2:
            return self.pick(f"take profit at {p}", f"book profits at {p}",
                             f"take profits at +{p}" if p[0].isdigit() else
                             f"take profits at {p}"), True
        return self.pick(f"a {p} profit target", f"TP {p}", f"a take-profit of {p}",
                         f"a {p} take profit", f"profit target {p}", f"a take profit at {p}",
                         f"a target of {p}"), False

    def risk(self) -> str | None:
        """Stop loss and take profit in one sentence."""
        parts = [r for r in (self.stop_loss(), self.take_profit()) if r]
        if not parts:
            return None
        if self.rng.random() < 0.5:
            parts.reverse()
        if any(verb for _, verb in parts):
            texts = [t if verb else f"use {t}" for t, verb in parts]
            return _capital_first(" and ".join(texts)) + "."
        joined = " and ".join(t for t, _ in parts) if self.rng.random() < 0.6 \
            else ", ".join(t for t, _ in parts)
        return self.pick(f"Use {joined}.", f"{_capital_first(joined)}.", f"Risk: {joined}.",
                         f"Add {joined}.", f"With {joined}.", f"Set {joined}.")

    # --- history and bars ------------------------------------------------------------

    def history(self) -> str | None:
        """Dates or period as an adverbial: "over the last 2 years", "from X to Y"."""
        period = _arg(self.strategy, "period")
        if isinstance(period, EnumValue):
            return self.period(period)
        start = _date(_arg(self.strategy, "start_date"))
        end = _date(_arg(self.strategy, "end_date"))
        if start and end:
            a, b = wording.date(start, self.rng), wording.date(end, self.rng)
            return self.pick(f"from {a} to {b}", f"between {a} and {b}", f"from {a} through {b}",
                             f"starting {a} and ending {b}", f"from {a} until {b}",
                             f"from {a} to {b}")
        if start:
            a = wording.date(start, self.rng)
            return self.pick(f"from {a}", f"starting {a}", f"since {a}", f"beginning {a}",
                             f"from {a} to today", f"from {a} until now",
                             f"with start date {a}", f"starting on {a}")
        if end:
            b = wording.date(end, self.rng)
            return self.pick(f"until {b}", f"up to {b}", f"ending {b}", f"with end date {b}",
                             f"through {b}", f"ending on {b}")
        return None

    def period(self, period: EnumValue) -> str:
        member = period.member
        if member == "YEAR_TO_DATE":
            return self.pick("year to date", "YTD", "over the year to date", "for YTD",
                             "from the start of this year")
        if member == "MAX":
            return self.pick("over all available history", "on max history",
                             "over the full history", "using all the data there is",
                             "with period max", "over the maximum period")
        names = list(member_names("Period", member))
        amount, _, unit = names[0].partition(" ")
        if amount.isdigit() and self.rng.random() < 0.2:
            names.append(f"{wording.number_words(int(amount))} {unit}")
        spec = CATALOG.enum("Period")
        assert spec is not None
        member_spec = spec.member(member)
        assert member_spec is not None
        short = member_spec.value  # "2y", "6mo"
        span = self.rng.choice(names)
        # "a decade" reads "the last decade"; "half a year" reads "the last half year"
        bare = span[2:] if span.startswith("a ") else span.replace("half a ", "half ")
        return self.pick(f"over the last {bare}", f"for the past {bare}", f"on {span} of data",
                         f"using {span} of history", f"over the past {bare}",
                         f"with a {short} period", f"with period {short}", f"for the last {bare}",
                         f"on the last {bare} of prices")

    def interval(self) -> str | None:
        interval = _arg(self.strategy, "interval")
        if not isinstance(interval, EnumValue):
            return None
        names = member_names("Interval", interval.member)
        adjective = names[0] if names[0].endswith("ly") else None
        spoken = next((n for n in names if " " in n), names[0])  # "1 day"
        hyphenated = spoken.replace(" ", "-").removesuffix("s")  # "3-month"
        short = names[-1]  # "1d"
        options = [f"on {hyphenated} bars", f"with a {short} interval",
                   f"with timeframe {short}", f"using {hyphenated} candles",
                   f"at a {short} interval", f"on the {short} timeframe"]
        if adjective:
            options += [f"on {adjective} bars", f"on the {adjective} chart",
                        f"using {adjective} candles", f"with {adjective} data",
                        f"on {adjective} bars", f"on the {adjective} timeframe"]
        return self.rng.choice(options)

    # --- money -----------------------------------------------------------------------

    def capital(self) -> str | None:
        capital = _arg(self.strategy, "initial_capital")
        if not isinstance(capital, int | float):
            return None
        m = wording.money(capital, self.rng)
        return self.pick(f"start with {m}", f"initial capital of {m}", f"a {m} account",
                         f"starting balance {m}", f"capital: {m}", f"begin with {m}",
                         f"{m} starting capital", f"an initial balance of {m}")

    def order_size(self) -> str | None:
        size = _arg(self.strategy, "order_size")
        if not isinstance(size, Call):
            return None
        value = size.args["value"]
        assert isinstance(value, int | float)
        if size.name == "Contracts":
            n = wording.number(value, self.rng, 0.15)
            unit = self.pick("shares", "contracts", "units", "shares")
            if value == 1:
                unit = unit[:-1]
            buy = "buy" if self.side == "LONG" else "trade"  # a short sells its units
            return self.pick(f"{n} {unit} per trade", f"{buy} {n} {unit} each time",
                             f"trade {n} {unit} at a time", f"order size {n} {unit}",
                             f"position size of {n} {unit}", f"{n} {unit} per order")
        if size.name == "USD":
            m = wording.money(value, self.rng)
            return self.pick(f"{m} per trade", f"invest {m} per position",
                             f"each trade is {m}", f"order size {m}", f"put {m} into each trade",
                             f"position size: {m}")
        p = wording.percent(value, self.rng)
        return self.pick(f"{p} of equity per trade", f"use {p} of capital per trade",
                         f"allocate {p} of the account to each trade",
                         f"position size {p} of equity", f"order size: {p} of equity",
                         f"size each position at {p} of equity")

    def commissions(self) -> str | None:
        fee = _arg(self.strategy, "trade_commissions")
        if not isinstance(fee, Call):
            return None
        value = fee.args["value"]
        assert isinstance(value, int | float)
        if fee.name == "MoneyCommissions":
            if value == 0:
                return self.pick("no commissions", "commission-free trading", "zero commission",
                                 "$0 commissions", "$0 fees per trade")
            m = wording.money(value, self.rng)
            return self.pick(f"{m} commission per trade", f"a flat {m} fee per trade",
                             f"commissions of {m} per trade", f"pay {m} per trade in fees",
                             f"{m}/trade in fees", f"{m} per trade in commission")
        p = wording.percent(value, self.rng)
        return self.pick(f"{p} commission", f"commission of {p} per trade", f"fees of {p}",
                         f"{p} fee per trade", f"a {p} commission on each trade",
                         f"trading costs of {p}")

    # --- layouts ---------------------------------------------------------------------

    def extras(self) -> list[str]:
        """Sentences for everything beside the conditions, shuffled."""
        sentences: list[str] = []
        risk = self.risk()
        if risk:
            sentences.append(risk)
        data = [d for d in (self.history(), self.interval()) if d]
        if self.rng.random() < 0.5:
            data.reverse()
        if data:
            joined = " ".join(data)
            sentences.append(self.pick(f"Backtest {joined}.", f"Test it {joined}.",
                                       f"Run it {joined}.", f"Data: {joined}.",
                                       f"Backtest it {joined}.", f"Run the backtest {joined}."))
        money = [m for m in (self.capital(), self.order_size(), self.commissions()) if m]
        self.rng.shuffle(money)
        if money:
            if len(money) > 1 and self.rng.random() < 0.6:
                joined = ", ".join(money[:-1]) + " and " + money[-1]
                sentences.append(_capital_first(joined) + ".")
            else:
                sentences += [_capital_first(m) + "." for m in money]
        self.rng.shuffle(sentences)
        return sentences

    def prose(self) -> str:
        separate_opening = self.rng.random() < 0.35
        exit_first = self.rng.random() < 0.25
        if exit_first:
            exit_text = _capital_first(self.exit())
            entry_text = self.entry(with_symbol=False)
            opening = self.opening() if separate_opening else ""
            if not opening:
                opening = self.pick(f"On {self.symbol()}, {self.side_word()}:",
                                    f"For {self.symbol()} ({self.side_word()}):",
                                    f"{_capital_first(self.side_word())} {self.symbol()}:")
            body = self.pick(f"{exit_text}; {entry_text}.", f"{exit_text}. "
                             f"{_capital_first(entry_text)}.", f"{exit_text}, and "
                             f"{entry_text}.")
            parts = [opening, body]
        else:
            entry_text = self.entry(with_symbol=not separate_opening)
            exit_text = self.exit()
            body = self.pick(f"{_capital_first(entry_text)}. {_capital_first(exit_text)}.",
                             f"{_capital_first(entry_text)}; {exit_text}.",
                             f"{_capital_first(entry_text)}, and {exit_text}.",
                             f"{_capital_first(entry_text)}, then {exit_text}.")
            parts = [self.opening(), body] if separate_opening else [body]
        return " ".join(parts + self.extras())

    def notes(self) -> str:
        side = self.pick("Side", "Direction", "Position")
        voice = self.voice
        # written in reading order, so that "it" only ever points back
        exit_first = self.rng.random() < 0.2
        exit_ = voice.clause(self.condition("sell_condition")) if exit_first else ""
        entry = voice.clause(self.condition("buy_condition"))
        if not exit_first:
            exit_ = voice.clause(self.condition("sell_condition"))
        if self.side == "LONG_SHORT_COMBINED":
            labels = (self.pick("Long entry", "Go long", "Long when"),
                      self.pick("Short entry", "Go short", "Short when"))
        elif self.side == "SHORT":
            labels = (self.pick("Short entry", "Entry", "Enter short", "Short when"),
                      self.pick("Cover", "Exit", "Cover when"))
        else:
            labels = (self.pick("Entry", "Buy", "Buy when", "Enter"),
                      self.pick("Exit", "Sell", "Sell when", "Close"))
        lines = [self.pick(f"Ticker: {self.ticker}", f"Symbol: {self.ticker}",
                           f"{self.ticker}"),
                 f"{side}: {self.side_word()}"]
        rules = [f"{labels[0]}: {entry}", f"{labels[1]}: {exit_}"]
        lines += reversed(rules) if exit_first else rules
        stop, target = self.stop_loss(), self.take_profit()
        fields = [("Stop", stop[0] if stop else None),
                  ("Take profit", target[0] if target else None),
                  ("Period", self.history()), ("Timeframe", self.interval()),
                  ("Capital", self.capital()), ("Size", self.order_size()),
                  ("Fees", self.commissions())]
        for label, text in fields:
            if text:
                line = self.pick(f"{label}: {text}", text)
                lines.append(_capital_first(line) if self.rng.random() < 0.5 else line)
        sep = self.pick(". ", "; ", " | ", ".\n", "\n- ")
        return sep.join(lines) + ("." if sep.startswith(".") else "")

    def comment(self) -> str:
        """One line, clauses joined by commas, semicolons or slashes."""
        head = self.pick(f"{self.side_word()} {self.symbol()}",
                         f"{self.symbol()} {self.side_word()}")
        if self.rng.random() < 0.8:
            rules = [self.entry(with_symbol=False)]
            rules.append(self.exit())
        else:
            rules = [self.exit()]
            rules.append(self.entry(with_symbol=False))
        risk = [r[0] for r in (self.stop_loss(), self.take_profit()) if r]
        rest = risk + [t for t in (self.history(), self.interval(), self.capital(),
                                   self.order_size(), self.commissions()) if t]
        self.rng.shuffle(rest)
        sep = self.pick("; ", ", ", " / ")
        return f"{head}: " + sep.join(rules + rest)

    def request(self) -> str:
        ask = self.pick("Can you backtest a strategy that", "Write a strategy that",
                        "I'd like a strategy that", "Please code a strategy that",
                        "Could you set up a backtest that", "Make me a strategy that")
        side = self.side
        entry_trigger = self.voice.trigger(self.condition("buy_condition"))
        exit_trigger = self.voice.trigger(self.condition("sell_condition"))
        s = self.symbol()
        if side == "LONG":
            first = self.pick(f"buys {s} {entry_trigger}", f"goes long {s} {entry_trigger}",
                              f"opens a long position in {s} {entry_trigger}")
            second = self.pick(f"sells {exit_trigger}", f"exits {exit_trigger}",
                               f"closes it {exit_trigger}")
        elif side == "SHORT":
            first = self.pick(f"shorts {s} {entry_trigger}", f"sells {s} short {entry_trigger}",
                              f"opens a short in {s} {entry_trigger}")
            second = self.pick(f"covers {exit_trigger}", f"buys it back {exit_trigger}",
                               f"closes the short {exit_trigger}")
        else:
            first = self.pick(f"trades {s} both ways, going long {entry_trigger}",
                              f"goes long {s} {entry_trigger}")
            second = self.pick(f"going short {exit_trigger}", f"goes short {exit_trigger}",
                               f"flips short {exit_trigger}")
        composite = self.condition("buy_condition").name in ("AND", "OR")
        # after "when a and b", a bare " and sells" would read as a third condition
        joiner = self.pick(", and ", "; it ") if composite else self.pick(" and ", ", and ",
                                                                          "; it ")
        if second.startswith("going"):
            joiner = ", " if not composite else "; "
        question = ask.startswith(("Can", "Could"))
        text = f"{ask} {first}{joiner}{second}{'?' if question else '.'}"
        return " ".join([text, *self.extras()])


class PlainPhraser:
    """The main style: prose, notes, one-line comments and requests, in any order."""

    name = "plain"
    voice: type[Voice] = Voice  # the writer's habits; a style built on this one may add some

    def describe(self, strategy: Call, rng: random.Random) -> str:
        ticker = strategy.args["ticker"]
        assert isinstance(ticker, str)
        layout = rng.choice(_LAYOUTS)
        terse = (layout in ("notes", "comment") and rng.random() < 0.6) or rng.random() < 0.08
        interval = strategy.args.get("interval")
        member = interval.member if isinstance(interval, EnumValue) else None
        writer = _Writer(strategy, self.voice.draw(rng, ticker, terse, member))
        text = getattr(writer, layout)()
        assert isinstance(text, str)
        return fix_articles(text)
