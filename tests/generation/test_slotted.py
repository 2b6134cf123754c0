"""The ids of a slot-reading model: code cut at the values a description states, the codec's
three id ranges, and greedy decoding where one slot id writes a whole value under the grammar."""

from __future__ import annotations

import json
import math
import threading
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from strategy_lsp.generation.backends.embedded import shipped_models
from strategy_lsp.generation.runtime import DecoderConfig, DecoderWeights, KVCache, slotted
from strategy_lsp.generation.runtime.model import (
    Cancelled,
    EmbeddedModel,
    ModelFormatError,
    OutOfTokens,
    date_in_order,
    date_slots,
    member_choice,
    offer_stated_members,
    stated_members,
)
from strategy_lsp.generation.runtime.reading import Reading, read_description
from strategy_lsp.generation.runtime.slotted import (
    ANSWER,
    READING_FILE,
    SLOTS,
    UNKNOWN,
    SlotCodec,
    code_pieces,
    known_capitals,
)
from strategy_lsp.grammar.decoding import (
    ConstrainedDecoder,
    code_grammar,
    load_tokenizer,
)
from strategy_lsp.training.dataset import generate_examples

Pair = tuple[str, str]


@pytest.fixture(scope="module")
def pairs() -> list[Pair]:
    """(prompt as the trainer frames it, code) of 500 generated examples."""
    return [(e.prompt(None) + "\n", e.completion(None))
            for e in generate_examples(500, seed=11)]


@pytest.fixture(scope="module")
def codec(pairs: list[Pair]) -> SlotCodec:
    return SlotCodec.build(pairs[:300], 300)


def joined(pieces: list[str], reading: Reading) -> str:
    """The code again: each slot name replaced by its value's text."""
    text = reading.slot_text()
    return "".join(text.get(piece, piece) for piece in pieces)


def decoded(codec: SlotCodec, ids: list[int], reading: Reading) -> str:
    """The code an answer's ids stand for: runs of code tokens, and slots by their text."""
    text: list[str] = []
    run: list[int] = []
    for i in ids:
        if i in codec.slot_names:
            text += [codec.tokenizer.decode(run), reading.slot_text()[codec.slot_names[i]]]
            run = []
        else:
            run.append(i)
    return "".join([*text, codec.tokenizer.decode(run)])


# ---------------------------------------------------------------------------- code_pieces


def test_code_pieces_give_back_the_code_of_every_generated_example(pairs: list[Pair]) -> None:
    known = known_capitals(pairs)
    used = 0
    for prompt, code in pairs:
        reading = read_description(prompt, known)
        pieces = code_pieces(code, reading)
        assert joined(pieces, reading) == code
        assert pieces.count("<t1>") == code.count("'") // 2, code  # every ticker is the slot
        used += sum(p in SLOTS for p in pieces)
    assert used > 10 * len(pairs)


def test_a_ticker_slot_leaves_its_quotes_in_the_code_text() -> None:
    reading = read_description("Buy AAPL when RSI(14) < 30 from 2019-03-03", ["RSI"])
    code = ("Strategy(ticker='AAPL', buy_condition=LessThanCondition(first_series="
            "RSI('AAPL', length=14), second_series=CONST(30)), start_date=datetime(2019, 3, 3))")
    assert code_pieces(code, reading) == [
        "Strategy(ticker='", "<t1>", "', buy_condition=LessThanCondition(first_series=RSI('",
        "<t1>", "', length=", "<n1>", "), second_series=CONST(", "<n2>",
        ")), start_date=datetime(", "<d1>", "))"]


def test_values_the_description_does_not_state_stay_code_text() -> None:
    reading = read_description("Buy MSFT when RSI is below 30", ["RSI"])
    code = "LessThanCondition(first_series=RSI('AAPL', length=14), second_series=CONST(30))"
    assert code_pieces(code, reading) == [
        "LessThanCondition(first_series=RSI('AAPL', length=14), second_series=CONST(", "<n1>",
        "))"]
    assert reading.slot_text() == {"<t1>": "MSFT", "<n1>": "30"}


def test_numbers_inside_names_are_not_slots() -> None:
    reading = read_description("sma 5 and 5")
    assert code_pieces("SMA5(x=V5, y=5)", reading) == ["SMA5(x=V5, y=", "<n1>", ")"]


# ---------------------------------------------------------------------------- SlotCodec


def test_the_codec_survives_its_files_with_the_same_ids(codec: SlotCodec,
                                                        pairs: list[Pair]) -> None:
    again = SlotCodec.from_files(codec.tokenizer_json, codec.reading_json())
    assert (again.words, again.known_upper) == (codec.words, codec.known_upper)
    assert (again.code_size, again.vocab_size, again.eos) == (codec.code_size,
                                                              codec.vocab_size, codec.eos)
    assert again.slot_ids == codec.slot_ids and again.word_ids == codec.word_ids
    for prompt, code in pairs[:300]:
        reading, read_again = codec.read(prompt), again.read(prompt)
        assert read_again == reading
        assert again.prompt_ids(read_again) == codec.prompt_ids(reading)
        assert again.answer_ids(code, read_again) == codec.answer_ids(code, reading)


def test_ids_fall_in_three_ranges_code_slots_words(codec: SlotCodec) -> None:
    assert codec.code_size == 300  # the vocab asked for
    assert sorted(codec.slot_ids.values()) == list(range(300, 300 + len(SLOTS)))
    assert len(SLOTS) == 3 + 16 + 4
    first_word = 300 + len(SLOTS)
    assert codec.word_ids[UNKNOWN] == first_word and codec.word_ids[ANSWER] == first_word + 1
    assert sorted(codec.word_ids.values()) == list(range(first_word, codec.vocab_size))
    assert {"buy", "when", "(", "%", "#14"} <= set(codec.words)
    assert not set(codec.words) & set(SLOTS)
    assert {"RSI", "MACD"} <= set(codec.known_upper)


def test_answers_end_with_eos_and_decode_to_the_code(codec: SlotCodec,
                                                     pairs: list[Pair]) -> None:
    for prompt, code in pairs[:300]:
        reading = codec.read(prompt)
        ids = codec.answer_ids(code, reading)
        assert ids[-1] == codec.eos and codec.eos not in ids[:-1]
        assert all(i < codec.code_size or i in codec.slot_names for i in ids)
        assert decoded(codec, ids[:-1], reading) == code


def test_prompts_end_with_the_answer_word_and_unknown_words_are_unk(codec: SlotCodec) -> None:
    reading = codec.read("Buy AAPL when RSI drops below 30 zyzzyva\n")
    assert reading.words == ["buy", "<t1>", "when", "rsi", "drops", "below", "<n1>", "#30",
                             "zyzzyva"]
    ids = codec.prompt_ids(reading)
    word = codec.word_ids
    assert ids == [word["buy"], codec.slot_ids["<t1>"], word["when"], word["rsi"],
                   word["drops"], word["below"], codec.slot_ids["<n1>"], word["#30"],
                   word[UNKNOWN], word[ANSWER]]


def test_a_prompt_word_needs_two_occurrences_to_get_an_id() -> None:
    pairs = [("buy AAPL when RSI drops", "Strategy(ticker='AAPL')"),
             ("buy MSFT when RSI rises", "Strategy(ticker='MSFT')"),
             ("buy IBM when RSI zigzags", "Strategy(ticker='IBM')")]
    codec = SlotCodec.build(pairs, 280)
    assert codec.words == [UNKNOWN, ANSWER, "buy", "rsi", "when"]
    assert codec.known_upper == ["RSI"]
    # the prompts read RSI as a word, so each ticker is <t1>
    assert codec.answer_ids(pairs[1][1], codec.read(pairs[1][0]))[-3] == codec.slot_ids["<t1>"]


def test_a_misspelt_word_reads_as_the_one_known_word_it_could_be() -> None:
    codec = SlotCodec.build([("buy when the price crosses above the average", "Strategy()"),
                             ("sell when the price crosses below the average", "Strategy()"),
                             ("close crossed clost", "Strategy()")] * 2, 280)
    word, unknown = codec.word_ids, codec.word_ids[UNKNOWN]
    for typo, meant in (("crossess", "crosses"), ("avergae", "average"), ("prics", "price"),
                        ("abuve", "above"), ("beloww", "below"), ("averages", "average")):
        assert codec.word_id(typo) == word[meant], typo
    assert codec.word_id("crosses") == word["crosses"]
    assert codec.word_id("closs") == unknown  # close? clost? crossed? not one word: unknown
    assert codec.word_id("thw") == unknown  # too short to guess ("the"? "thy"?)
    assert codec.word_id("zyzzyva") == unknown
    assert codec.word_id("#31") == unknown  # a value word is never respelt
    assert codec.prompt_ids(codec.read("sell when the prics crossess")) == [
        word["sell"], word["when"], word["the"], word["price"], word["crosses"], word[ANSWER]]


def test_a_form_of_a_known_word_reads_as_that_word_not_as_a_lookalike() -> None:
    codec = SlotCodec.build([("when RSI cuts up through 30 and the stock stops putting "
                              "on gains, sell the candle", "Strategy()")] * 2, 280)
    word = codec.word_ids
    # one edit from "putting" and "candle", but only at the first letter
    assert codec.word_id("cutting") == word["cuts"]
    assert codec.word_id("handle") == word[UNKNOWN]
    assert codec.word_id("stopping") == word["stops"]  # the consonant doubled for -ing
    assert codec.word_id("selling") == word["sell"]
    assert codec.word_id("gainss") == word["gains"]  # and still respelt where it is a typo
    assert codec.word_id("tsock") == word["stock"]  # the first two letters swapped


def test_an_unknown_compound_of_two_known_words_reads_as_the_two() -> None:
    codec = SlotCodec.build([("an up cross or a down cross on the side of the daily chart",
                              "Strategy()")] * 2, 280)
    words = codec.read("an upside cross and a downside cross on the dailies").words
    assert words == ["an", "up", "side", "cross", "and", "a", "down", "side", "cross", "on",
                     "the", "dailies"]
    assert codec.word_id("dailies") == codec.word_ids["daily"]  # a form, not a compound
    assert codec.compound("crossdown") == ["cross", "down"]
    assert codec.compound("sideup") == ["sideup"]  # "up" is too short to be the second part
    assert codec.compound("zyzzyva") == ["zyzzyva"]
    ids = codec.prompt_ids(codec.read("a downside cross"))
    assert ids == [codec.word_ids[w] for w in ("a", "down", "side", "cross", ANSWER)]
    assert codec.unknown_words(codec.read("a downside cross")) == [None] * 5


def test_a_codec_is_built_with_its_prompts_read_as_it_reads_them() -> None:
    # "upside" occurs once, too rarely to be a word of its own; its parts are words
    pairs = [("buy on an up move at the side", "Strategy()")] * 2 + \
        [("buy on an upside cross", "Strategy()")]
    codec, readings = SlotCodec.build_reading(pairs, 280)
    assert "upside" not in codec.word_ids
    assert [r.words for r in readings] == [codec.read(p).words for p, _ in pairs]
    assert readings[2].words == ["buy", "on", "an", "up", "side", "cross"]
    grown, regrown = codec.grown_reading(pairs)
    assert [r.words for r in regrown] == [grown.read(p).words for p, _ in pairs]


def test_inflections_try_the_likeliest_stem_first() -> None:
    forms = slotted.inflections("cutting")
    assert forms[:2] == ["cuts", "cut"] and forms.index("cuts") < forms.index("cutts")
    assert slotted.inflections("stopped")[:2] == ["stops", "stop"]
    assert {"pierce", "pierces", "piercing"} <= set(slotted.inflections("pierced"))
    assert {"rise", "rises"} <= set(slotted.inflections("rising"))
    assert all(w not in slotted.inflections(w) for w in ("cutting", "crosses", "pierced"))
    assert slotted.inflections("sell") == []  # no suffix: no other form to try
    assert "weekly" in slotted.inflections("weeklies")[:2]


def test_the_respelling_cache_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(slotted, "RESPELT_CACHE", 3)
    codec = SlotCodec.build([("sell when the price crosses above the average", "Strategy()")] * 2,
                            280)
    for typo in ("prics", "abuve", "avergae", "crossess", "zyzzyva"):
        codec.word_id(typo)
    assert list(codec._spelt) == ["avergae", "crossess", "zyzzyva"]  # the oldest went first
    assert codec.word_id("prics") == codec.word_ids["price"]  # forgotten, worked out again


def test_expansions_are_the_code_tokens_of_each_slots_text(codec: SlotCodec) -> None:
    reading = codec.read("Short ^GSPC when CCI > 100 from 2019-03-03 with $1.5M\n")
    expansions = codec.expansions(reading)
    assert set(expansions) == {codec.slot_ids[s.name] for s in reading.slots}
    assert reading.slot_text() == {"<t1>": "^GSPC", "<n1>": "100", "<d1>": "2019, 3, 3",
                                   "<n2>": "1500000"}
    for slot in reading.slots:
        tokens = expansions[codec.slot_ids[slot.name]]
        assert tokens == codec.code_ids(slot.text)
        assert codec.tokenizer.decode(tokens) == slot.text


def test_known_capitals_are_the_frequent_capitals_that_are_not_the_ticker() -> None:
    pairs = [("long AAPL when RSI and MACD", "T('AAPL')"),
             ("long AAPL when RSI and MACD", "T('AAPL')"),
             ("long AAPL when RSI", "T('AAPL')"),
             ("long 123 when 5", "T('MSFT')")]
    assert known_capitals(pairs) == {"RSI"}
    assert known_capitals(pairs, least=2) == {"RSI", "MACD"}


# ---------------------------------------------------------------------------- ConstrainedDecoder


def test_accepts_looks_ahead_without_consuming(codec: SlotCodec) -> None:
    decoder = ConstrainedDecoder(load_tokenizer(codec.tokenizer_json),
                                 code_grammar("ticker", ticker="AAPL"))
    aapl = codec.code_ids("AAPL")
    assert not decoder.accepts(aapl)  # the quote comes first
    assert decoder.accepts(codec.code_ids("'AAPL"))
    decoder.consume(codec.code_ids("'")[0])
    before = decoder.allowed_tokens()
    assert decoder.accepts(aapl) and decoder.accepts(aapl[:1])
    assert not decoder.accepts(codec.code_ids("AAPLX")) and not decoder.accepts([])
    assert decoder.allowed_tokens() == before and decoder.text() == "'"


# ---------------------------------------------------------------------------- decoding


@dataclass
class ScriptedTransformer:
    """Logits that rank the ids of ``favoured`` first at every step, in that order, and
    leave every other id at 0 (greedy decoding then takes the lowest allowed id)."""

    vocab_size: int
    favoured: list[int]
    fed: list[list[int]] = field(default_factory=list)

    def new_cache(self, positions: int | None = None) -> None:
        return None

    def step(self, tokens: list[int], cache: None,
             hints: np.ndarray | None = None) -> np.ndarray:
        assert hints is None  # a model without word hints gets none
        self.fed.append(list(tokens))
        logits = np.zeros((len(tokens), self.vocab_size), np.float32)
        for rank, token in enumerate(self.favoured):
            logits[:, token] = 100.0 - rank
        return logits


def write_slot_model(folder: Path, codec: SlotCodec, *, max_seq_len: int = 512) -> Path:
    config = DecoderConfig(vocab_size=codec.vocab_size, dim=16, n_layers=1, n_heads=2,
                           ffn_dim=32, max_seq_len=max_seq_len)
    folder.mkdir(parents=True)
    (folder / "config.json").write_text(json.dumps(
        {**asdict(config), "prompt_suffix": "\n", "reader": "slots", "task": "whole"}))
    (folder / "tokenizer.json").write_text(codec.tokenizer_json)
    (folder / READING_FILE).write_text(codec.reading_json())
    DecoderWeights.random(config, seed=1, scale=0.5).save(folder / "weights.npz")
    return folder


@pytest.fixture(scope="module")
def model_dir(codec: SlotCodec, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_slot_model(tmp_path_factory.mktemp("slots") / "model", codec)


def scripted(model_dir: Path, monkeypatch: pytest.MonkeyPatch,
             favoured: list[str]) -> tuple[EmbeddedModel, ScriptedTransformer]:
    model = EmbeddedModel(model_dir)
    assert model.codec is not None
    script = ScriptedTransformer(model.codec.vocab_size,
                                 [model.codec.slot_ids[name] for name in favoured])
    monkeypatch.setattr(model, "transformer", script)
    return model, script


def test_a_slot_model_folder_loads_with_its_codec(model_dir: Path, codec: SlotCodec) -> None:
    model = EmbeddedModel(model_dir)
    assert model.codec is not None and model.task == "whole"
    assert model.codec.vocab_size == model.config.vocab_size == codec.vocab_size
    assert model.codec.word_ids == codec.word_ids


def test_a_slot_model_without_a_matching_reading_is_refused(model_dir: Path, codec: SlotCodec,
                                                           tmp_path: Path) -> None:
    missing = write_slot_model(tmp_path / "missing", codec)
    (missing / READING_FILE).unlink()
    with pytest.raises(ModelFormatError, match=READING_FILE):
        EmbeddedModel(missing)
    other = write_slot_model(tmp_path / "other", codec)
    more = SlotCodec(codec.tokenizer_json, [*codec.words, "zyzzyva"], codec.known_upper)
    (other / READING_FILE).write_text(more.reading_json())
    with pytest.raises(ModelFormatError, match="ids"):
        EmbeddedModel(other)


def test_the_model_reads_the_prompt_as_words_and_slots(model_dir: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    model, script = scripted(model_dir, monkeypatch, ["<t1>"])
    assert model.codec is not None
    model.generate("Buy MSFT when RSI drops below 30", code_grammar("ticker", ticker="MSFT"), 16)
    codec = model.codec
    assert script.fed[0] == codec.prompt_ids(codec.read("Buy MSFT when RSI drops below 30\n"))


def test_one_slot_id_writes_the_whole_ticker(model_dir: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    model, script = scripted(model_dir, monkeypatch, ["<t1>"])
    assert model.codec is not None
    generated = model.generate("Buy MSFT when RSI drops below 30",
                               code_grammar("ticker", ticker="MSFT"), 16)
    assert generated.text == "'MSFT'"
    quote = model.codec.code_ids("'")
    # the closing quote ends the grammar, so it is never fed back
    assert script.fed[1:] == [quote, [model.codec.slot_ids["<t1>"]]]


def test_completion_tokens_count_every_choice(model_dir: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    model, _ = scripted(model_dir, monkeypatch, ["<t1>"])
    generated = model.generate("Buy MSFT", code_grammar("ticker", ticker="MSFT"), 16)
    assert generated.completion_tokens == 3  # ', <t1>, '


def test_a_slot_whose_value_the_grammar_refuses_is_never_chosen(
        model_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    model, script = scripted(model_dir, monkeypatch, ["<t1>", "<t2>"])
    assert model.codec is not None
    generated = model.generate("Pair MSFT against AAPL", code_grammar("ticker", ticker="AAPL"),
                               16)
    assert generated.text == "'AAPL'"
    fed = [i for ids in script.fed[1:] for i in ids]
    assert model.codec.slot_ids["<t2>"] in fed and model.codec.slot_ids["<t1>"] not in fed


def test_a_date_slot_writes_the_date_inside_datetime(model_dir: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    model, script = scripted(model_dir, monkeypatch, ["<d1>"])
    assert model.codec is not None
    generated = model.generate("Run it from the 3rd of March 2019", code_grammar("start_date"),
                               64)
    assert generated.text == "datetime(2019, 3, 3)"
    assert [ids for ids in script.fed[1:] if ids[0] >= model.codec.code_size] == [
        [model.codec.slot_ids["<d1>"]]]


def test_an_end_date_before_the_start_date_is_never_offered() -> None:
    start = "Strategy(ticker='AAPL', start_date=datetime(2020, 5, 1), end_date=datetime("
    assert date_in_order(start, (2021, 1, 1)) and date_in_order(start, (2020, 5, 1))
    assert not date_in_order(start, (2020, 4, 30))
    # the other way round, where the end date was written first
    end = "Strategy(ticker='AAPL', end_date=datetime(2020, 5, 1), start_date=datetime("
    assert date_in_order(end, (2019, 1, 1)) and not date_in_order(end, (2020, 5, 2))
    # with no other date yet, or away from a date argument, every date is in order
    assert date_in_order("Strategy(ticker='AAPL', end_date=datetime(", (1990, 1, 1))
    assert date_in_order(start + "2021, 1, 1), initial_capital=", (1990, 1, 1))


@dataclass
class WrittenSoFar:
    """A decoder that has written ``code`` and accepts anything next."""

    code: str

    def text(self) -> str:
        return self.code

    def accepts(self, tokens: list[int]) -> bool:
        return True

    def mask_logits(self, logits: np.ndarray) -> None:
        pass


def test_date_slots_that_break_the_order_get_no_score(codec: SlotCodec) -> None:
    reading = read_description("Trade AAPL from 1 May 2020 until 2 March 2019 or 5 June 2021",
                               set())
    dates = date_slots(codec, reading)
    assert sorted(dates.values()) == [(2019, 3, 2), (2020, 5, 1), (2021, 6, 5)]
    expansions = codec.expansions(reading)
    logits = np.zeros(codec.vocab_size, np.float32)
    written = WrittenSoFar("Strategy(ticker='AAPL', start_date=datetime(2020, 5, 1), "
                           "end_date=datetime(")
    scores = EmbeddedModel._slot_scores(codec, written, logits,  # type: ignore[arg-type]
                                        expansions, dates)
    allowed = {dates[i] for i in dates if np.isfinite(scores[i])}
    assert allowed == {(2020, 5, 1), (2021, 6, 5)}
    # tickers and numbers are untouched, and without dates nothing is filtered
    assert all(np.isfinite(scores[i]) for i in expansions if i not in dates)
    unfiltered = EmbeddedModel._slot_scores(codec, written, logits,  # type: ignore[arg-type]
                                            expansions)
    assert all(np.isfinite(unfiltered[i]) for i in dates)


@pytest.mark.parametrize(("description", "stated"), [
    ("buy on a pullback to the 0.382 fib level", {"LEVEL_38_2"}),
    ("the 23.6% fib, or RSI under 30", {"LEVEL_23_6"}),
    ("a 61.8 retracement, or half of the swing", {"LEVEL_61_8", "LEVEL_50"}),
    ("a golden ratio retracement, with a 0.5% stop", {"LEVEL_61_8", "LEVEL_50"}),
    ("the 38.2% fib with CCI over 100", {"LEVEL_38_2", "LEVEL_100"}),
    # whole numbers the model sees (<n1> #50), and words alone, leave it the choice
    ("the 50% fib level", None),
    ("the golden ratio fib level", None),
    ("RSI(14) under 30 with a 2.5% stop", None),
])
def test_a_member_stated_by_a_number_the_model_cannot_see_limits_its_enum(
        description: str, stated: set[str] | None) -> None:
    limited = stated_members(read_description(description, ["RSI", "CCI"]))
    assert limited == ({} if stated is None else {"FibonacciLevels": frozenset(stated)})


FIB = {"FibonacciLevels": frozenset({"LEVEL_50"})}


@pytest.mark.parametrize(("before", "token", "choice"), [
    # a token that writes the condition and its member at once
    ("buy_condition=", "UptrendFibRetracementLevelCondition(fib_level=FibonacciLevels.LEVEL_50, ",
     ("UptrendFibRetracementLevelCondition(fib_level=FibonacciLevels.", True)),
    ("buy_condition=", "UptrendFibRetracementLevelCondition(fib_level=FibonacciLevels.LEVEL_61_8",
     ("UptrendFibRetracementLevelCondition(fib_level=FibonacciLevels.", False)),
    # a member written a piece at a time: each piece must start an offered member
    ("fib_level=FibonacciLevels.", "LEVEL_", ("", True)),
    ("fib_level=FibonacciLevels.LEVEL_", "5", ("", True)),
    ("fib_level=FibonacciLevels.LEVEL_", "6", ("", False)),
    ("fib_level=FibonacciLevels.LEVEL_", "50)", ("", True)),
    # no member of a limited enum: the token is not the rule's business
    ("fib_level=FibonacciLevels.LEVEL_61_8", ", length=", None),
    ("position_type=", "PositionTypeEnum.SHORT", None),
    ("buy_condition=", "UptrendFibRetracementLevelCondition(", None),
])
def test_a_token_is_judged_by_the_member_it_writes(before: str, token: str,
                                                   choice: tuple[str, bool] | None) -> None:
    assert member_choice(before, before + token, FIB) == choice


def test_tokens_that_differ_in_the_member_keep_their_probability_on_the_offered_one() -> None:
    condition = "UptrendFibRetracementLevelCondition(fib_level=FibonacciLevels."
    texts = [condition + "LEVEL_61_8", condition + "LEVEL_50", condition + "LEVEL_50, length=",
             "CrossOverCondition(", condition + "LEVEL_", condition + "LEVEL_23_6"]
    codec = type("Codec", (), {"code_texts": texts, "dotted": np.arange(len(texts))})()
    logits = np.array([2.0, 0.0, -1.0, 1.5, -3.0, -np.inf], np.float32)  # the mask took 5
    code = logits.copy()
    offer_stated_members(codec, "Strategy(buy_condition=", code,  # type: ignore[arg-type]
                         FIB)
    mass = np.log(np.exp(logits[[0, 1, 2, 4]].astype(np.float64)).sum())
    assert code[0] == -np.inf and code[5] == -np.inf  # not stated; still masked
    assert np.log(np.exp(code[[1, 2, 4]].astype(np.float64)).sum()) == pytest.approx(mass)
    assert code[1] - code[2] == pytest.approx(1.0)  # the model's preference among them stays
    assert code[3] == 1.5  # the other condition keeps its own logit ...
    assert int(np.argmax(code)) == 1  # ... and the fib condition, stated at 50, still wins


@pytest.mark.parametrize("text", [
    "Strategy(ticker='<t1>', buy_condition=",
    "Strategy(ticker='<t1>', buy_condition=UptrendFibRetracementLevelCondition(fib_level=",
    "Strategy(buy_condition=UptrendFibRetracementLevelCondition(fib_level=FibonacciLevels",
    "Strategy(buy_condition=UptrendFibRetracementLevelCondition(fib_level=FibonacciLevels.",
    "Strategy(buy_condition=DowntrendFibRetracementLevelCondition(fib_level=FibonacciLevels.LE",
    "Strategy(buy_condition=OR(UptrendFibRetracementLevelCondition(fib_level=FibonacciLevels."
    "LEVEL_50), ",
])
def test_only_tokens_with_a_dot_are_judged_where_no_member_is_under_way(text: str) -> None:
    # the shipped model's code tokens: BPE merges that write a condition and its member
    shipped = EmbeddedModel(shipped_models()["strategy-tiny"]).codec
    assert shipped is not None
    rng = np.random.default_rng(7)
    logits = rng.normal(size=shipped.code_size).astype(np.float32)
    logits[rng.random(shipped.code_size) < 0.3] = -np.inf  # what a mask took
    fast, slow = logits.copy(), logits.copy()
    offer_stated_members(shipped, text, fast, FIB)
    every = type("Codec", (), {"code_texts": shipped.code_texts,
                               "dotted": np.arange(shipped.code_size)})()
    offer_stated_members(every, text, slow, FIB)  # type: ignore[arg-type]
    np.testing.assert_array_equal(fast, slow)


def test_a_number_slot_writes_the_scaled_number(model_dir: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    model, script = scripted(model_dir, monkeypatch, ["<n1>"])
    assert model.codec is not None
    generated = model.generate("Start with $1.5M", code_grammar("initial_capital"), 16)
    # after the slot the number could go on, but the lowest allowed id is EOS
    assert generated.text == "1500000"
    assert script.fed[1:] == [[model.codec.slot_ids["<n1>"]]]


def test_slotted_generation_stops_when_the_budget_or_the_caller_says(
        model_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    model, _ = scripted(model_dir, monkeypatch, [])
    with pytest.raises(OutOfTokens, match="after 3 tokens"):
        model.generate("Buy MSFT", code_grammar("ticker", ticker="MSFT"), 3)
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        model.generate("Buy MSFT", code_grammar("ticker", ticker="MSFT"), 16, cancel)


def test_a_description_too_long_for_the_positions_is_read_in_more_of_them(
        codec: SlotCodec, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    model = EmbeddedModel(write_slot_model(tmp_path / "m", codec, max_seq_len=12))
    assert model.codec is not None
    asked: list[int | None] = []
    new_cache = model.transformer.new_cache

    def spy(positions: int | None = None) -> KVCache:
        asked.append(positions)
        return new_cache(positions)

    monkeypatch.setattr(model.transformer, "new_cache", spy)
    prompt = "Buy MSFT when the RSI drops below thirty"
    used = len(model.codec.prompt_ids(model.codec.read(prompt + "\n")))
    assert 10 <= used < 12  # room for one token at most: 'MSFT' needs three
    generated = model.generate(prompt, code_grammar("ticker", ticker="MSFT"), 8)
    assert generated.text == "'MSFT'"
    assert asked[-1] == used + 8 + 1 > 12


def test_an_answer_cut_short_after_the_retry_says_so(codec: SlotCodec, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    model, _ = scripted(write_slot_model(tmp_path / "m", codec, max_seq_len=12), monkeypatch,
                        [])
    # the scripted model never closes the code: the retry in more positions runs out too
    with pytest.raises(OutOfTokens, match=r"not complete after 10 tokens$"):
        model.generate("Buy MSFT when the RSI drops", code_grammar(None), 10)


def test_a_description_too_long_even_squeezed_is_refused(codec: SlotCodec,
                                                         tmp_path: Path) -> None:
    model = EmbeddedModel(write_slot_model(tmp_path / "short", codec, max_seq_len=8))
    with pytest.raises(OutOfTokens, match=r"takes \d+ of the embedded model's 8 positions, "
                                          "leaving no room for the code even in 16; shorten "
                                          "it, or use a server backend"):
        model.generate("Buy MSFT when the RSI drops below 30 and sell above 70",
                       code_grammar("ticker"), 16)


# ---------------------------------------------------------------------------- beam search


@dataclass
class History:
    """A cache for :class:`BranchingTransformer`: the ids fed so far, per hypothesis."""

    ids: list[int] = field(default_factory=list)

    def fork(self) -> History:
        return History(list(self.ids))


@dataclass
class BranchingTransformer:
    """Logits that depend on the last id fed: ``after[id]`` maps ids to logits (0 elsewhere),
    ``first`` is used after the prompt. ``steps`` counts the ids fed after the prompt."""

    vocab_size: int
    first: dict[int, float]
    after: dict[int, dict[int, float]]
    steps: int = 0

    def new_cache(self, positions: int | None = None) -> History:
        return History()

    def step(self, tokens: list[int], cache: History,
             hints: np.ndarray | None = None) -> np.ndarray:
        assert hints is None  # a model without word hints gets none
        self.steps += len(cache.ids) > 0
        cache.ids.extend(tokens)
        logits = np.zeros((len(tokens), self.vocab_size), np.float32)
        favoured = self.first if len(cache.ids) == len(tokens) else self.after.get(tokens[-1], {})
        for token, value in favoured.items():
            logits[:, token] = value
        return logits


def branching(model_dir: Path, monkeypatch: pytest.MonkeyPatch, beams: int
              ) -> tuple[EmbeddedModel, BranchingTransformer]:
    """A model whose likeliest first slot (<t1>, MSFT) leads to an unlikely end, while the
    second (<t2>, AAPL) leads to a sure one: greedy writes MSFT, a beam search AAPL."""
    model = EmbeddedModel(model_dir)
    codec = model.codec
    assert codec is not None
    quote = codec.code_ids("'")[0]
    t1, t2 = codec.slot_ids["<t1>"], codec.slot_ids["<t2>"]
    script = BranchingTransformer(codec.vocab_size, {quote: 50.0}, {
        quote: {t1: 8.0, t2: 7.9},      # about even, MSFT a little ahead
        t1: {quote: 3.0},               # the close is one choice among many
        t2: {quote: 50.0},              # the close is certain
    })
    monkeypatch.setattr(model, "transformer", script)
    monkeypatch.setattr(model, "beams", beams)
    return model, script


def test_a_beam_search_finds_the_likelier_whole_answer_that_greedy_misses(
        model_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    grammar = code_grammar("ticker")
    greedy, _ = branching(model_dir, monkeypatch, beams=1)
    assert greedy.generate("Pair MSFT against AAPL", grammar, 16).text == "'MSFT'"
    beam, script = branching(model_dir, monkeypatch, beams=2)
    generated = beam.generate("Pair MSFT against AAPL", grammar, 16)
    assert generated.text == "'AAPL'"
    assert generated.completion_tokens == 3  # ', <t2>, '
    assert script.steps >= 3  # both first slots were fed and followed


def test_the_beam_search_checks_the_grammar_budget_and_cancel(
        model_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    model, _ = branching(model_dir, monkeypatch, beams=3)
    # the grammar wants AAPL: the MSFT slot is never an option
    assert model.generate("Pair MSFT against AAPL", code_grammar("ticker", ticker="AAPL"),
                          16).text == "'AAPL'"
    with pytest.raises(OutOfTokens, match="after 2 tokens"):
        model.generate("Pair MSFT against AAPL", code_grammar("ticker"), 2)
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        model.generate("Pair MSFT against AAPL", code_grammar("ticker"), 16, cancel)


def test_the_beam_width_comes_from_the_model_folder(codec: SlotCodec, tmp_path: Path) -> None:
    folder = write_slot_model(tmp_path / "beams", codec)
    assert EmbeddedModel(folder).beams == 1
    config = json.loads((folder / "config.json").read_text())
    (folder / "config.json").write_text(json.dumps({**config, "beams": 4}))
    assert EmbeddedModel(folder).beams == 4


@pytest.mark.parametrize("beams", [1, 2])
def test_each_decision_is_kept_with_its_span_and_probability(
        model_dir: Path, monkeypatch: pytest.MonkeyPatch, beams: int) -> None:
    model, _ = branching(model_dir, monkeypatch, beams=beams)
    generated = model.generate("Pair MSFT against AAPL", code_grammar("ticker"), 16)
    text = generated.text
    # the opening quote was the only thing allowed: no decision, not kept
    ticker, close = generated.choices
    assert (text[ticker.start:ticker.end], text[close.start:close.end]) == \
        (text.strip("'"), "'")
    even = 1 / (1 + math.exp(-0.1))  # MSFT against AAPL alone, 8.0 against 7.9
    if beams == 1:  # greedy: MSFT a little ahead, then an unsure close
        assert text == "'MSFT'" and 0.4 < ticker.probability < even
        assert close.probability < 0.5
    else:  # the beam: AAPL, then a sure close
        assert text == "'AAPL'" and 0.4 < ticker.probability < 1 - even
        assert close.probability > 0.999


def numbered(model_dir: Path, monkeypatch: pytest.MonkeyPatch, coverage: float
             ) -> EmbeddedModel:
    """A beam-searching model that finds a typed-out 5 a little likelier than the number the
    description states (its slot <n1>): only the coverage loss makes it write the number."""
    model = EmbeddedModel(model_dir)
    codec = model.codec
    assert codec is not None
    five, n1 = codec.code_ids("5")[0], codec.slot_ids["<n1>"]
    script = BranchingTransformer(codec.vocab_size, {five: 8.0, n1: 7.5},
                                  {five: {model.eos: 50.0}, n1: {model.eos: 50.0}})
    monkeypatch.setattr(model, "transformer", script)
    monkeypatch.setattr(model, "beams", 2)
    monkeypatch.setattr(model, "coverage", coverage)
    return model


@pytest.mark.parametrize(("coverage", "expected"), [(0.0, "5"), (0.4, "5"), (1.0, "2000")])
def test_the_coverage_loss_prefers_the_answer_that_uses_the_stated_numbers(
        model_dir: Path, monkeypatch: pytest.MonkeyPatch, coverage: float,
        expected: str) -> None:
    # 8.0 against 7.5: the typed 5 leads by 0.5 in log-probability; each unused number
    # costs ``coverage``
    model = numbered(model_dir, monkeypatch, coverage)
    generated = model.generate("Start with 2000 dollars", code_grammar("initial_capital"), 8)
    assert generated.text == expected


def test_the_coverage_loss_counts_numbers_and_dates_not_tickers(
        model_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # a ticker the answer leaves out costs nothing: MSFT is not written either way
    model = numbered(model_dir, monkeypatch, 1.0)
    assert model.generate("MSFT: start with 2000", code_grammar("initial_capital"),
                          8).text == "2000"
    model = branching(model_dir, monkeypatch, beams=2)[0]
    monkeypatch.setattr(model, "coverage", 5.0)
    # one of the two tickers is always left out: the likelier whole answer still wins
    assert model.generate("Pair MSFT against AAPL", code_grammar("ticker"), 16).text == \
        "'AAPL'"


def test_the_coverage_loss_comes_from_the_model_folder(codec: SlotCodec,
                                                       tmp_path: Path) -> None:
    folder = write_slot_model(tmp_path / "coverage", codec)
    assert EmbeddedModel(folder).coverage == 0.0
    config = json.loads((folder / "config.json").read_text())
    (folder / "config.json").write_text(json.dumps({**config, "beams": 4, "coverage": 2}))
    assert EmbeddedModel(folder).coverage == 2.0
    for bad in (-1, math.nan, math.inf):  # json writes and reads NaN and Infinity
        (folder / "config.json").write_text(json.dumps({**config, "coverage": bad}))
        with pytest.raises(ModelFormatError, match="coverage a finite number, not negative"):
            EmbeddedModel(folder)


# ------------------------------------------------- a retry when greedy leaves a value out


def retrying(model_dir: Path, monkeypatch: pytest.MonkeyPatch, coverage: float
             ) -> tuple[EmbeddedModel, list[int]]:
    """:func:`numbered`'s model decoding greedily, with a retry of 2 beams; the list gets
    the width of each beam search run."""
    model = numbered(model_dir, monkeypatch, coverage)
    monkeypatch.setattr(model, "beams", 1)
    monkeypatch.setattr(model, "retry_beams", 2)
    widths: list[int] = []
    search = model._beam_search

    def spy(*args: Any, **kwargs: Any) -> Any:
        widths.append(kwargs["width"])
        return search(*args, **kwargs)

    monkeypatch.setattr(model, "_beam_search", spy)
    return model, widths


def test_a_greedy_answer_that_leaves_a_stated_number_out_is_decoded_again(
        model_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    model, widths = retrying(model_dir, monkeypatch, 1.0)
    generated = model.generate("Start with 2000 dollars", code_grammar("initial_capital"), 8)
    # greedy wrote the typed 5 and left <n1> out; the beam, with the coverage loss, used it
    assert (generated.text, widths) == ("2000", [2])
    # the beam's own decisions come back: <n1> was the less likely first choice
    first = generated.choices[0]
    assert (first.start, first.end) == (0, 4) and first.probability < 0.5


def test_the_retry_keeps_greedy_unless_it_uses_more_stated_values(
        model_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # too small a loss: the beam also writes 5, no fewer values unused, greedy's answer stays
    model, widths = retrying(model_dir, monkeypatch, 0.4)
    assert model.generate("Start with 2000 dollars", code_grammar("initial_capital"),
                          8).text == "5"
    assert widths == [2]


def test_no_retry_when_greedy_uses_every_stated_value(
        model_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    model, widths = retrying(model_dir, monkeypatch, 1.0)
    # no number stated: nothing is left out, so no beam search runs
    assert model.generate("Start with some dollars", code_grammar("initial_capital"),
                          8).text == "5"
    # only a ticker left out: tickers do not count
    model, widths = retrying(model_dir, monkeypatch, 1.0)
    assert model.generate("MSFT with some dollars", code_grammar("initial_capital"),
                          8).text == "5"
    assert widths == []


def test_the_retry_comes_from_the_model_folder(codec: SlotCodec, tmp_path: Path) -> None:
    folder = write_slot_model(tmp_path / "retry", codec)
    assert EmbeddedModel(folder).retry_beams == 0
    config = json.loads((folder / "config.json").read_text())
    (folder / "config.json").write_text(json.dumps({**config, "retry_beams": 4,
                                                    "coverage": 2}))
    assert EmbeddedModel(folder).retry_beams == 4
    for bad in ({"retry_beams": 1, "coverage": 2}, {"retry_beams": 4},
                {"retry_beams": 4, "coverage": 2, "beams": 4}):
        (folder / "config.json").write_text(json.dumps({**config, **bad}))
        with pytest.raises(ModelFormatError, match="retry_beams must be 2 or more"):
            EmbeddedModel(folder)


def percent_typed(model_dir: Path, monkeypatch: pytest.MonkeyPatch
                  ) -> tuple[EmbeddedModel, list[int]]:
    """:func:`retrying`'s model, but greedy types a 2 where the slot <n1> is the other choice:
    the percentage a stated 0.02 stands for."""
    model, widths = retrying(model_dir, monkeypatch, 1.0)
    codec = model.codec
    assert codec is not None
    two, n1 = codec.code_ids("2")[0], codec.slot_ids["<n1>"]
    monkeypatch.setattr(model, "transformer", BranchingTransformer(
        codec.vocab_size, {two: 8.0, n1: 7.5}, {two: {model.eos: 50.0}, n1: {model.eos: 50.0}}))
    return model, widths


@pytest.mark.parametrize(("stated", "retried", "expected"),
                         [("0.02", False, "2"), ("0.03", True, "0.03"), ("2", True, "2")])
def test_a_fraction_written_as_its_percentage_counts_as_used(
        model_dir: Path, monkeypatch: pytest.MonkeyPatch, stated: str, retried: bool,
        expected: str) -> None:
    # 0.02 written as 2 is used: no retry; 0.03 is not (2 is not 3): the retry writes the
    # slot; a stated 2 written by typing it is not its slot, and only fractions are read as
    # percentages: retried, and the beam (2 beats <n1> by 0.5, less than the loss of 1)
    # writes the slot, whose text is also 2
    model, widths = percent_typed(model_dir, monkeypatch)
    generated = model.generate(f"Stop out at {stated}", code_grammar("initial_capital"), 8)
    assert (generated.text, widths) == (expected, [2] if retried else [])
