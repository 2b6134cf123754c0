"""Partner models (config.json's "partners"): models that decode one description together,
each reading it with its own words, every step on the mean of their logits."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from strategy_lsp.generation.runtime.model import EmbeddedModel, JointCache, ModelFormatError
from strategy_lsp.grammar.decoding import code_grammar

from .test_readings import PROMPT, shipped_dir

SHORT = "Short TSLA when MACD crosses below its signal; cover after 5 days"
#: a description whose greedy answer leaves a stated number unused (the 2 of "hl2", which
#: is a source, not a value), so that the shipped model decodes it again with beams
RETRY = ("Buy CAT once the 20 EMA is above the 50 EMA, sell when RSI of hl2 crosses above 70, "
         "20% stop")


def folder(root: Path, name: str, **config: object) -> Path:
    """A copy of the shipped model folder with ``config`` changed in its config.json."""
    path = root / name
    shutil.copytree(shipped_dir(), path)
    raw = json.loads((path / "config.json").read_text("utf-8"))
    (path / "config.json").write_text(json.dumps({**raw, **config}), "utf-8")
    return path


def scaled(path: Path, factor: float) -> Path:
    """``path``'s weights, each layer's output projections scaled: a partner that
    disagrees."""
    with np.load(path / "weights.npz") as data:
        arrays = {name: data[name] for name in data.files}
    for name in arrays:
        if name.endswith((".wo", ".w_down")):
            arrays[name] = (arrays[name] * factor).astype(arrays[name].dtype)
    np.savez(path / "weights.npz", **arrays)
    return path


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("partners")
    folder(root, "twin")
    scaled(folder(root, "other"), 0.5)
    return root


def test_a_model_decoding_with_its_twin_answers_as_it_does_alone(root: Path) -> None:
    alone = EmbeddedModel(shipped_dir())
    paired = EmbeddedModel(folder(root, "with-twin", partners=["../twin"]))
    assert len(paired.partners) == 1
    searches: list[int] = []
    search = paired._beam_search

    def counted(*args: Any, **kwargs: Any) -> Any:
        searches.append(1)
        return search(*args, **kwargs)

    paired._beam_search = counted  # type: ignore[method-assign]
    grammar = code_grammar(None)
    for prompt in (PROMPT, SHORT, RETRY):
        expected, got = alone.generate(prompt, grammar, 256), paired.generate(prompt, grammar, 256)
        assert got.text == expected.text
        np.testing.assert_allclose([c.probability for c in got.choices],
                                   [c.probability for c in expected.choices], atol=1e-4)
    assert len(searches) == 1  # RETRY's second look, on the joint caches


def test_the_joint_logits_are_the_mean_over_the_code_tokens_and_slots(root: Path) -> None:
    model = EmbeddedModel(folder(root, "with-other", partners=["../other"]))
    codec, partner = model.codec, model.partners[0]
    assert codec is not None
    reading = codec.read(PROMPT)
    prompt_ids = codec.prompt_ids(reading)
    hints = model.hints.rows(codec.unknown_words(reading)) if model.hints else None
    inputs = model._partner_inputs(PROMPT, reading)
    assert [i.model for i in inputs] == [partner]
    cache, logits = model._start_joint(prompt_ids, hints, inputs, 256)
    assert isinstance(cache, JointCache) and len(cache.caches) == 2
    own = model.transformer.step(prompt_ids, model.transformer.new_cache(256), hints)[-1]
    theirs = partner.transformer.step(inputs[0].prompt_ids,
                                      partner.transformer.new_cache(256), inputs[0].hints)[-1]
    shared = codec.code_size + len(codec.slot_ids)
    assert not np.allclose(own[:shared], theirs[:shared])  # the partner disagrees
    np.testing.assert_allclose(logits[:shared], (own[:shared] + theirs[:shared]) / 2, atol=1e-5)
    np.testing.assert_array_equal(logits[shared:], own[shared:])  # words: this model's own
    # a step advances both caches, and a fork grows apart from its source
    fork = cache.fork()
    model._advance(5, fork)
    assert [c.length for c in fork.caches] == [c.length + 1 for c in cache.caches]
    text = model.generate(PROMPT, code_grammar(None), 256).text
    assert text.startswith("Strategy(ticker='MSFT'")


def test_a_partner_that_reads_other_values_leaves_the_model_to_decode_alone(
        root: Path) -> None:
    path = folder(root, "reads-rsi-as-ticker")
    reading = json.loads((path / "reading.json").read_text("utf-8"))
    reading["known_upper"] = [w for w in reading["known_upper"] if w != "RSI"]
    (path / "reading.json").write_text(json.dumps(reading), "utf-8")
    model = EmbeddedModel(folder(root, "with-reader", partners=["../reads-rsi-as-ticker"]))
    assert model.codec is not None
    # "RSI" is a ticker slot for the partner only: its slots would stand for other values
    assert model._partner_inputs(PROMPT, model.codec.read(PROMPT)) == []
    alone = EmbeddedModel(shipped_dir())
    grammar = code_grammar(None)
    assert model.generate(PROMPT, grammar, 256).text == alone.generate(PROMPT, grammar, 256).text


def test_partners_that_cannot_decode_together_are_refused(root: Path) -> None:
    with pytest.raises(ModelFormatError, match="must be a list of folder names"):
        EmbeddedModel(folder(root, "not-a-list", partners="../twin"))
    with pytest.raises(ModelFormatError, match="reads each description once"):
        EmbeddedModel(folder(root, "with-readings", partners=["../twin"], readings=3))
    other_sides = folder(root, "library-sides", short_sides="library")
    assert other_sides.is_dir()
    with pytest.raises(ModelFormatError, match="write a short's sides as this model does"):
        EmbeddedModel(folder(root, "mixed-sides", partners=["../library-sides"]))
    with pytest.raises(ModelFormatError, match="does not hold a model"):
        EmbeddedModel(folder(root, "missing", partners=["../nowhere"]))
