"""read_description: a description as words, with its tickers, numbers and dates as slots."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from strategy_lsp.generation.runtime.reading import (
    SLOT_COUNTS,
    SMALL,
    Reading,
    lower_case_ticker,
    named_ticker,
    number_text,
    read_description,
    with_ticker,
)
from strategy_lsp.generation.runtime.slotted import known_capitals
from strategy_lsp.grammar.tickers import NAMED
from strategy_lsp.training.dataset import Example, generate_examples

#: The values of a reading by slot name, e.g. ``{"<n1>": "14"}``.
Slots = dict[str, str]


def slots(reading: Reading) -> Slots:
    return {s.name: s.text for s in reading.slots}


@pytest.fixture(scope="module")
def generated() -> list[Example]:
    return list(generate_examples(500, seed=11))


# ---------------------------------------------------------------------------- numbers


@pytest.mark.parametrize(("text", "words", "values"), [
    ("capital 25000", ["capital", "<n1>"], {"<n1>": "25000"}),
    ("capital 10,000", ["capital", "<n1>"], {"<n1>": "10000"}),
    ("1,234.5", ["<n1>"], {"<n1>": "1234.5"}),
    ("stop 0.5", ["stop", "<n1>"], {"<n1>": "0.5"}),
    ("stop .25", ["stop", "<n1>"], {"<n1>": "0.25"}),
    ("2.5k", ["<n1>"], {"<n1>": "2500"}),
    ("2.5K", ["<n1>"], {"<n1>": "2500"}),
    ("$1.5M", ["$", "<n1>"], {"<n1>": "1500000"}),
    ("$1.5m", ["$", "<n1>"], {"<n1>": "1500000"}),
    ("12mm", ["<n1>"], {"<n1>": "12000000"}),
    ("1bn", ["<n1>"], {"<n1>": "1000000000"}),
    ("3 grand", ["<n1>"], {"<n1>": "3000"}),
    ("thirty-four", ["<n1>", "#34"], {"<n1>": "34"}),
    ("ninety nine", ["<n1>", "#99"], {"<n1>": "99"}),
    ("seventeen", ["<n1>", "#17"], {"<n1>": "17"}),
    ("one hundred and five", ["<n1>"], {"<n1>": "105"}),
    ("a hundred", ["<n1>", "#100"], {"<n1>": "100"}),
    ("two thousand five hundred", ["<n1>"], {"<n1>": "2500"}),
    ("ten thousand dollars", ["<n1>", "dollars"], {"<n1>": "10000"}),
    ("zero", ["<n1>", "#0"], {"<n1>": "0"}),
])
def test_numbers_in_any_spelling_become_their_value(text: str, words: list[str],
                                                     values: Slots) -> None:
    reading = read_description(text)
    assert reading.words == words
    assert slots(reading) == values


def test_a_lowercase_m_after_a_number_is_minutes_not_millions() -> None:
    reading = read_description("use 15m bars")
    assert reading.words == ["use", "<n1>", "#15", "m", "bars"]
    assert slots(reading) == {"<n1>": "15"}
    assert slots(read_description("1.5M")) == {"<n1>": "1500000"}


def test_a_minus_sign_stays_a_word_before_the_number() -> None:
    reading = read_description("williams %r below -80 and -0.5")
    assert reading.words == ["williams", "%", "r", "below", "-", "<n1>", "#80", "and", "-",
                             "<n2>"]
    assert slots(reading) == {"<n1>": "80", "<n2>": "0.5"}


@pytest.mark.parametrize(("text", "percent"), [
    ("10 bps", "0.1"), ("7bps", "0.07"), ("1 bp", "0.01"), ("50 basis points", "0.5"),
    ("2.5 basis point", "0.025"),
])
def test_basis_points_are_read_as_percent(text: str, percent: str) -> None:
    reading = read_description(f"fees {text}")
    assert reading.words[0] == "fees" and reading.words[-1] == "%"
    assert slots(reading) == {"<n1>": percent}


@pytest.mark.parametrize("text", ["5 pct", "5pct", "5 pcts", "5 percent", "5 per cent",
                                  "5pc", "5%"])
def test_percent_words_become_the_percent_sign(text: str) -> None:
    assert read_description(text).words == ["<n1>", "#5", "%"]


def test_whole_numbers_up_to_a_hundred_are_also_shown_by_value() -> None:
    reading = read_description("0 then 7 then 100 then 101 then 2.5 then 100.0")
    assert reading.words == ["<n1>", "#0", "then", "<n2>", "#7", "then", "<n3>", f"#{SMALL}",
                             "then", "<n4>", "then", "<n5>", "then", "<n3>", f"#{SMALL}"]


@pytest.mark.parametrize(("text", "value"), [
    ("2 million", "2000000"), ("$2 million", "2000000"), ("1.5 thousand dollars", "1500"),
    ("20 thousand dollars", "20000"), ("acct 1 mil", "1000000"), ("$2.5mln", "2500000"),
])
def test_digits_with_a_scale_word_are_one_number(text: str, value: str) -> None:
    assert slots(read_description(text)) == {"<n1>": value}


# ---------------------------------------------------------------------------- dates


@pytest.mark.parametrize(("text", "date"), [
    ("2020-01-05", "2020, 1, 5"),
    ("2019.03.04", "2019, 3, 4"),
    ("2010/01/01", "2010, 1, 1"),
    ("28/11/2006", "2006, 11, 28"),  # day first: 28 cannot be a month
    ("03/14/2021", "2021, 3, 14"),  # month first: 14 cannot be a month
    ("01/02/2020", "2020, 1, 2"),  # slashes: month first, the American way
    ("23.07.2008", "2008, 7, 23"),
    ("01.02.2020", "2020, 2, 1"),  # dots: day first, the European way
    ("December 2nd, 2001", "2001, 12, 2"),
    ("Dec. 31, 2010", "2010, 12, 31"),
    ("March 3rd 2019", "2019, 3, 3"),
    ("the 3rd of March 2019", "2019, 3, 3"),
    ("the 1st of January, 2019", "2019, 1, 1"),
    ("3 March 2019", "2019, 3, 3"),
    ("Mar 3 '19", "2019, 3, 3"),
    ("03-Mar-2019", "2019, 3, 3"),
    ("start of 2010", "2010, 1, 1"),
    ("the beginning of 2015", "2015, 1, 1"),
    ("end of 2020", "2020, 12, 31"),
    ("year-end 2019", "2019, 12, 31"),
    ("year end 2019", "2019, 12, 31"),
    ("Jan 2020", "2020, 1, 1"),
    ("Sept 2019", "2019, 9, 1"),
])
def test_dates_in_many_spellings_become_code_dates(text: str, date: str) -> None:
    reading = read_description(f"from {text} on")
    assert reading.words == ["from", "<d1>", "on"]
    assert slots(reading) == {"<d1>": date}


@pytest.mark.parametrize("text", ["31/02/2020", "Feb 30 2020", "2020-13-45", "30.02.2021"])
def test_an_impossible_date_is_read_as_numbers(text: str) -> None:
    reading = read_description(text)
    assert not [s for s in reading.slots if s.name.startswith("<d")]
    year = re.findall(r"20\d\d", text)[0]
    assert year in reading.words or year in slots(reading).values()


def test_a_year_alone_is_a_number() -> None:
    assert slots(read_description("from 2019 to 2021")) == {"<n1>": "2019", "<n2>": "2021"}


# ---------------------------------------------------------------------------- tickers


@pytest.mark.parametrize(("text", "ticker"), [
    ("AAPL", "AAPL"), ("BRK-B", "BRK-B"), ("BRK.B", "BRK.B"), ("^GSPC", "^GSPC"),
    ("EURUSD=X", "EURUSD=X"), ("GC=F", "GC=F"), ("BTC-USD", "BTC-USD"), ("7203.T", "7203.T"),
    ("$IBM", "IBM"),
])
def test_ticker_symbols_become_ticker_slots(text: str, ticker: str) -> None:
    reading = read_description(f"buy {text} daily")
    assert reading.words == ["buy", "<t1>", "daily"]
    assert slots(reading) == {"<t1>": ticker}


def test_known_capitals_stay_words() -> None:
    assert slots(read_description("RSI above 30")) == {"<t1>": "RSI", "<n1>": "30"}
    for known in (["RSI"], ["rsi"]):
        reading = read_description("RSI above 30", known)
        assert reading.words == ["rsi", "above", "<n1>", "#30"]
        assert slots(reading) == {"<n1>": "30"}


def test_common_capitals_and_chart_timeframes_are_not_tickers() -> None:
    reading = read_description("I buy A share in USD OK on H4 and D1, or MN1 and MN")
    assert not [s for s in reading.slots if s.name.startswith("<t")]
    assert reading.words[:7] == ["i", "buy", "a", "share", "in", "usd", "ok"]
    assert reading.words[-1] == "monthly"


@pytest.mark.parametrize(("code", "word"), [
    ("D1", "daily"), ("1D", "daily"), ("W1", "weekly"), ("1W", "weekly"), ("MN", "monthly"),
    ("MN1", "monthly"),
])
def test_platform_timeframe_codes_read_as_the_words_for_the_bar(code: str, word: str) -> None:
    # MetaTrader's and TradingView's codes for a bar length the library has
    reading = read_description(f"long AAPL on the {code} chart")
    assert reading.words == ["long", "<t1>", "on", "the", word, "chart"]


def test_other_timeframe_codes_and_one_million_are_left_alone() -> None:
    assert read_description("H4 bars, $1M").words == ["h", "<n1>", "#4", "bars", ",", "$",
                                                      "<n2>"]
    assert read_description("a 21D look-back").words[:3] == ["a", "<n1>", "#21"]


@pytest.mark.parametrize("text", ["L/S SQ: long when RSI < 30", "SQ, L/S: long when RSI < 30",
                                  "Trade SQ both ways (L/S) when RSI < 30"])
def test_two_single_capitals_around_a_slash_are_an_abbreviation(text: str) -> None:
    # "L/S" is long/short; read as tickers, "L" took the first ticker slot from SQ
    reading = read_description(text, ["RSI"])
    assert slots(reading)["<t1>"] == "SQ" and "<t2>" not in slots(reading)
    assert reading.words[reading.words.index("l"):][:3] == ["l", "/", "s"]


@pytest.mark.parametrize(("text", "word"), [
    ("COIN long | PT 15pc", "tp"), ("COIN long | PT: +15%", "tp"), ("COIN long, T/P @ 8%", "tp"),
    ("COIN long, S/L 2%", "sl"), ("COIN long, S/L: $.5", "sl"),
])
def test_exit_abbreviations_before_a_value_read_as_the_ones_the_model_knows(
        text: str, word: str) -> None:
    # "PT" (profit target) took a ticker slot, and the take-profit was lost
    reading = read_description(text, ["TP", "SL"])
    assert slots(reading)["<t1>"] == "COIN" and "<t2>" not in slots(reading)
    assert word in reading.words and "pt" not in reading.words


def test_an_abbreviation_without_a_value_is_left_to_the_ticker_rules() -> None:
    # PT is also a ticker; only a value right after it makes it a profit target
    assert slots(read_description("buy PT when RSI < 30", ["RSI"]))["<t1>"] == "PT"


@pytest.mark.parametrize(("text", "words"), [
    ("over a trailing 10 yrs", ["over", "the", "past", "<n1>", "#10", "yrs"]),
    ("the trailing twelve months", ["the", "past", "<n1>", "#12", "months"]),
    ("trailing year", ["the", "past", "year"]),
    ("on a trailing 5y window", ["on", "the", "past", "<n1>", "#5", "y", "window"]),
])
def test_a_trailing_window_of_time_is_the_past(text: str, words: list[str]) -> None:
    # "trailing" beside a span of time is a look-back; the model read it as a trailing stop
    assert read_description(text).words == words


@pytest.mark.parametrize("text", ["a 5% trailing stop", "trailing stop of 10%",
                                  "close above the trailing 20-day high",
                                  "a trailing stop 3 days after entry"])
def test_a_trailing_stop_stays_trailing(text: str) -> None:
    assert "trailing" in read_description(text).words


@pytest.mark.parametrize(("text", "words"), [
    ("tc 1 USD", ["commission", "<n1>", "#1", "usd"]),
    ("TC: $2", ["commission", ":", "$", "<n1>", "#2"]),
    ("tc 10 bps", ["commission", "<n1>", "%"]),
    ("a non-trailing stop at 8%", ["a", "fixed", "stop", "at", "<n1>", "#8", "%"]),
    ("non trailing stop", ["fixed", "stop"]),
])
def test_transaction_costs_and_non_trailing_stops_read_as_words_the_model_knows(
        text: str, words: list[str]) -> None:
    # "tc" and "non" were unknown words; the commission was lost and the stop read as trailing
    assert read_description(text).words == words


def test_tc_without_a_value_is_left_alone() -> None:
    assert read_description("tc is low, etc 5").words[:4] == ["tc", "is", "low", ","]


def test_a_ticker_with_a_slash_keeps_its_letters() -> None:
    # not two single capitals: BRK/B is still read as tickers, and so is a lone S
    assert slots(read_description("BRK/B long, S short"))["<t1>"] == "BRK"
    assert "S" in slots(read_description("BRK/B long, S short")).values()


@pytest.mark.parametrize(("text", "words"), [
    ("SMA20", ["sma", "<n1>", "#20"]), ("8EMA", ["<n1>", "#8", "ema"]),
    ("150SMA", ["<n1>", "sma"]), ("EMA-50", ["ema", "<n1>", "#50"]),
    ("DI-14", ["di", "<n1>", "#14"]),
])
def test_a_known_name_glued_to_its_length_is_the_name_and_a_number(
        text: str, words: list[str]) -> None:
    """Written in capitals, an indicator with its length attached looks like a ticker; it
    reads as the name and the number (as the lower-case spelling does, less the hyphen,
    which would read as a minus sign)."""
    known = ["SMA", "EMA", "DI"]
    reading = read_description(f"buy MSFT when {text} rises", known)
    assert reading.words[:3] == ["buy", "<t1>", "when"]
    assert reading.words[3:-1] == words
    assert [s.name for s in reading.slots if s.name.startswith("<t")] == ["<t1>"]
    if "-" not in text:
        assert read_description(f"buy MSFT when {text.lower()} rises", known) == reading


def test_a_glued_name_that_is_not_known_or_has_no_digits_stays_a_ticker() -> None:
    # BBX is no known word; EMA alone is known but is a word anyway; BRK-B has no digits
    reading = read_description("buy BRK-B when BBX10 beats EMA", ["EMA"])
    assert slots(reading) == {"<t1>": "BRK-B", "<t2>": "BBX10"}
    assert "ema" in reading.words


def test_a_dollar_amount_is_not_a_ticker() -> None:
    reading = read_description("price above $200")
    assert reading.words == ["price", "above", "$", "<n1>"]


# ---------------------------------------------------------------------------- slots


def test_the_same_value_always_gets_the_same_slot() -> None:
    reading = read_description("AAPL: RSI 14 above fourteen, $10k or 10,000 or ten thousand, "
                               "AAPL from 2019-03-03 to March 3rd 2019", ["RSI"])
    assert slots(reading) == {"<t1>": "AAPL", "<n1>": "14", "<n2>": "10000",
                              "<d1>": "2019, 3, 3"}
    assert reading.words.count("<n1>") == 2 and reading.words.count("<n2>") == 3
    assert reading.words.count("<t1>") == 2 and reading.words.count("<d1>") == 2


def test_slots_are_numbered_in_order_of_appearance() -> None:
    # word numbers, tickers and dates are found in separate passes; the names follow the text
    reading = read_description("thirty then 14 then 2019-01-01 then MSFT then 2018-05-05 "
                               "then AAPL")
    assert [w for w in reading.words if w.startswith("<")] == [
        "<n1>", "<n2>", "<d1>", "<t1>", "<d2>", "<t2>"]
    assert [(s.name, s.text) for s in reading.slots] == [
        ("<n1>", "30"), ("<n2>", "14"), ("<d1>", "2019, 1, 1"), ("<t1>", "MSFT"),
        ("<d2>", "2018, 5, 5"), ("<t2>", "AAPL")]


def test_values_beyond_the_slots_of_their_kind_are_read_as_words() -> None:
    assert SLOT_COUNTS == {"t": 3, "n": 16, "d": 4}
    tickers = read_description("SPY QQQ IWM DIA SPY")
    assert tickers.words == ["<t1>", "<t2>", "<t3>", "dia", "<t1>"]
    numbers = read_description(" ".join(str(n) for n in range(101, 119)) + " 101")
    assert numbers.words == [f"<n{i}>" for i in range(1, 17)] + ["117", "118", "<n1>"]
    dates = read_description(" ".join(f"200{i}-01-0{i}" for i in range(1, 7)))
    assert dates.words == ["<d1>", "<d2>", "<d3>", "<d4>", "2005", ",", "1", ",", "5", "2006",
                           ",", "1", ",", "6"]
    assert [len(r.slots) for r in (tickers, numbers, dates)] == [3, 16, 4]


def test_the_private_marks_of_the_reader_in_the_text_are_plain_characters() -> None:
    reading = read_description("a \x01t\ue000\x02 b 5")
    assert reading.words == ["a", "t", "\ue000", "b", "<n1>", "#5"]
    assert slots(reading) == {"<n1>": "5"}


def test_the_docstring_example_with_rsi_known() -> None:
    # without known_upper, RSI itself is read as a ticker (<t2>)
    reading = read_description("Buy AAPL when RSI(14) drops below thirty", ["RSI"])
    assert reading.words == ["buy", "<t1>", "when", "rsi", "(", "<n1>", "#14", ")", "drops",
                             "below", "<n2>", "#30"]
    assert reading.slot_text() == {"<t1>": "AAPL", "<n1>": "14", "<n2>": "30"}


@pytest.mark.parametrize(("value", "text"), [(5, "5"), (5.0, "5"), (2.5, "2.5"),
                                             (0.05, "0.05"), (1500000.0, "1500000")])
def test_number_text_writes_numbers_as_the_renderer_does(value: float, text: str) -> None:
    assert number_text(value) == text


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("AZaz09$^=.,-/' kKmM%\x01\x02\ue000"))
               | st.characters(), max_size=60))
def test_any_text_is_read_without_error(text: str) -> None:
    reading = read_description(text)
    assert all(w == w.lower() and w.strip() == w and w for w in reading.words)
    names = [s.name for s in reading.slots]
    assert len(set(names)) == len(names)
    assert set(names) <= {w for w in reading.words if re.fullmatch(r"<[tnd]\d+>", w)}


# ---------------------------------------------------------------------------- the generator


def test_generated_descriptions_give_every_ticker_date_and_digit_number_of_the_code(
        generated: list[Example]) -> None:
    pairs = [(e.prompt(None), e.completion(None)) for e in generated]
    known = known_capitals(pairs)
    assert {"RSI", "EMA", "SMA", "MACD"} <= known
    numbers = dates = 0
    for example in generated:
        prompt, code = example.prompt(None), example.code
        values = {(s.name[1], s.text) for s in read_description(prompt, known).slots}
        for ticker in re.findall(r"'([^'\\]*)'", code):
            assert ("t", ticker) in values, (ticker, prompt)
        for date in re.findall(r"datetime\((\d+), (\d+), (\d+)\)", code):
            dates += 1
            assert ("d", ", ".join(str(int(p)) for p in date)) in values, (date, prompt)
        undated = re.sub(r"datetime\([^)]*\)", "", code)
        for number in re.findall(r"(?<![\w.])(\d+(?:\.\d+)?)(?![\w.])", undated):
            # a number the description writes in digits, as they are ("1.5 thousand" is
            # 1500, not 1.5)
            if re.search(rf"(?<![\w.,]){re.escape(number)}(?![\w,]|\.\d|"
                         r" (?:thousand|million|billion)\b)", prompt):
                numbers += 1
                assert ("n", number_text(float(number))) in values, (number, prompt)
    assert numbers > 1000 and dates > 100


# ------------------------------------------------------------- tickers in lower case

#: Lower-case words a model might know: English, and names it read in its training text.
KNOWN = {"buy", "buying", "bar", "low", "when", "the", "rsi", "is", "under", "go", "long",
         "on", "gold", "meta",
         "cost", "of", "a", "cut", "bars", "sell", "short", "stock", "apple", "setup", "idea",
         "x", "over", "p", "s", "k", "trend", "can", "you", "bonds"}


def knows(word: str) -> bool:
    return word in KNOWN


@pytest.mark.parametrize(("text", "symbol"), [
    ("buy $nvda when rsi < 30", "nvda"), ("Ticker: brk-b, buy when rsi < 30", "brk-b"),
    ("symbol = btc-usd", "btc-usd"), ("the ticker is msft", "msft"), ("$Meta dips", "Meta"),
    ("buy nvda when the rsi is under 30", "nvda"), ("go long on tsla", "tsla"),
    ("Short amd when rsi > 70", "amd"), ("a cut of intc", "intc"), ("amd stock", "amd"),
    ("nvda's shares", "nvda"), ("Buy Nvda on dips", "Nvda"), ("long brk.b", "brk.b"),
    ("Underlying: cat. Long when rsi < 30", "cat"), ("turtle breakout on crude (cl=f)", "cl=f"),
    ("the ^gspc trend", "^gspc"), ("doge-usd dips", "doge-usd"), ("xom cci strat: ...", "xom"),
    ("Simple idea. aapl, long only", "aapl"), ("cvx short | entry: ...", "cvx"),
    ("go long eurusd=x", "eurusd=x"), ("long-only cvx: buy when", "cvx"),
    ("sell short nke when rsi > 80", "nke"), ("can you backtest xom with", "xom"),
    ("bonds via tlt: buy when", "tlt"),
])
def test_a_lower_case_symbol_marked_or_in_a_tickers_place_is_found(text: str,
                                                                    symbol: str) -> None:
    assert lower_case_ticker(text, knows) == symbol


def test_a_known_word_is_a_ticker_only_when_it_is_a_common_one() -> None:
    assert lower_case_ticker("buy meta when rsi < 30", knows) is None
    assert lower_case_ticker("buy meta when rsi < 30", knows, ["META"]) == "meta"
    assert lower_case_ticker("meta stock, rsi < 30", knows, ["META"]) == "meta"
    assert lower_case_ticker("trend on meta", knows, ["META"]) == "meta"
    assert lower_case_ticker("buy gold when rsi < 30", knows, ["GLD"]) is None
    assert lower_case_ticker("meta, short when rsi > 70", knows, ["META"]) == "meta"
    assert lower_case_ticker("meta is up when rsi > 70", knows, ["META"]) is None


@pytest.mark.parametrize("text", [
    "buy when the rsi is under 30", "sell usd on h4 bars", "long on d1 when rsi < 30",
    "buy a stock when rsi < 30", "Apple: buy when rsi < 30", "Xyzzy: buy when rsi < 30",
    "setup: go long when rsi < 30", "a long-short idea", "x-over at 30, p.s. k=14",
    "buying on a nine-bar low",
])
def test_words_timeframes_and_names_are_not_taken_for_tickers(text: str) -> None:
    assert lower_case_ticker(text, knows, ["AAPL", "A"]) is None


def test_every_mention_of_the_symbol_is_written_in_capitals() -> None:
    text = "buy nvda; nvda's rsi, $nvda and Nvda, not nvdax or x-nvda"
    assert with_ticker(text, "nvda") == \
        "buy NVDA; NVDA's rsi, $NVDA and NVDA, not nvdax or x-nvda"
    reading = read_description(with_ticker("buy $nvda when RSI < 30", "nvda"), ["RSI"])
    assert slots(reading) == {"<t1>": "NVDA", "<n1>": "30"}


@pytest.mark.parametrize(("text", "words"), [
    ("close > BBU", ["close", ">", "bb", "upper"]),
    ("close x-under BBL-20", ["close", "x", "-", "under", "bb", "lower", "<n1>", "#20"]),
    ("px < BBM(20,2)", ["px", "<", "bb", "middle", "(", "<n1>", "#20", ",", "<n2>", "#2", ")"]),
    ("L: rsi < 30 | S: rsi > 70", ["long", ":", "rsi", "<", "<n1>", "#30", "|", "short", ":",
                                   "rsi", ">", "<n2>", "#70"]),
    ("5% of NAV/trade", ["<n1>", "#5", "%", "of", "equity", "/", "trade"]),
])
def test_band_side_and_fund_shorthand_reads_as_the_words_the_model_knows(
        text: str, words: list[str]) -> None:
    # each took a ticker slot, and the band, the side or the order size was lost
    reading = read_description(f"IBM {text}", ["BB", "RSI"])
    assert reading.words[1:] == words
    assert [s.text for s in reading.slots if s.name.startswith("<t")] == ["IBM"]


def test_a_ticker_that_only_looks_like_the_shorthand_stays_a_ticker() -> None:
    # the letters alone, or with more of them, are still symbols
    for text, ticker in (("buy L when RSI < 30", "L"), ("buy BBUX when RSI < 30", "BBUX"),
                         ("buy NAVI when RSI < 30", "NAVI")):
        assert slots(read_description(text, ["RSI"]))["<t1>"] == ticker


NAMES = {"apple": "AAPL", "coca-cola": "KO"}


@pytest.mark.parametrize(("text", "named"), [
    ("buy Apple when rsi < 30", ("Apple", "AAPL")), ("apple's rsi", ("apple", "AAPL")),
    ("Coca Cola dips", ("Coca Cola", "KO")), ("cocacola dips", ("cocacola", "KO")),
    ("coca-cola dips", ("coca-cola", "KO")), ("pineapple dips", None), ("apples", None),
    ("buy when rsi < 30", None),
])
def test_a_company_is_found_by_its_name(text: str, named: tuple[str, str] | None) -> None:
    assert named_ticker(text, NAMES) == named
    if named is not None:
        reading = read_description(with_ticker(text, *named), ["RSI"])
        assert slots(reading)["<t1>"] == named[1]


@pytest.mark.parametrize(("text", "plain"), [
    ("the closing print pierces up through sma 20", "the close crosses up through sma 20"),
    ("the opening print > sma 20", "the open > sma 20"),
    ("macd pierced the centerline (0)", "macd crossed the zero line (0)"),
    ("bail if rsi > 70, bank it at +5%", "exit if rsi > 70, take profit at +5%"),
    ("a +10% profit objective, SL 7% trl", "a +10% profit target, SL 7% trailing"),
    ("50 shares a clip", "50 shares a trade"), ("close has shed 3%", "close has dropped 3%"),
])
def test_trader_jargon_reads_as_the_words_the_model_knows(text: str, plain: str) -> None:
    known = ["SMA", "SL"]
    assert read_description(text, known).words == read_description(plain, known).words


def test_a_donchian_centre_line_is_not_the_zero_line() -> None:
    # only "the centerline (0)" is the zero line; Donchian's centre line is its middle band
    reading = read_description("close under the donchian centre line")
    assert reading.words[-2:] == ["centre", "line"] and not reading.slots


def test_the_named_companies_are_read_as_the_tickers_people_mean() -> None:
    for text, ticker in (("buy Apple", "AAPL"), ("short McDonald's", "MCD"),
                         ("AT&T: long", "T"), ("trade jp morgan", "JPM"),
                         ("buy Johnson & Johnson", "JNJ"), ("google dips", "GOOGL")):
        named = named_ticker(text, NAMED)
        assert named is not None and named[1] == ticker, (text, named)
    for text in ("buy gold", "meta is up", "an uber-long trend", "oil futures"):
        assert named_ticker(text, NAMED) is None, text
