"""The broad style's own words; what every style keeps is test_style_contract's."""

from __future__ import annotations

import re

from strategy_lsp.training.broad_style import BroadPhraser
from strategy_lsp.training.plain_conditions import Voice
from strategy_lsp.training.plain_style import PlainPhraser

from .style_contract import _RELATIONS, pairs_of, rule_text

STYLE = BroadPhraser()

#: The held-out desk style's joiners and nominal crossings, which broad must never write.
_DESK_WORDING = re.compile(r"together with|\bplus\b|as well\b(?! as)|whichever comes first|"
                           r"\b(upside|downside) cross|\bbull(ish)? [^.;]{0,30}\bcross\b|"
                           r"\bbear(ish)? [^.;]{0,30}\bcross\b", re.IGNORECASE)
_JOINERS = re.compile(r"along with|coupled with|in addition to|as well as|on top of that|"
                      r"combined with|at the same time|alongside|additionally|in the same bar|"
                      r"or otherwise|or failing that|or else if|alternatively|or, instead,|"
                      r"or just|each of the following|all the following hold|"
                      r"every condition here|one of the following|any single one of|"
                      r"one is enough")
_NOUNS = re.compile(r"\ba (crossover|crossunder|cross|break|move|rise|drop|fall) of\b")
_GERUNDS = re.compile(r"\b(moving back|climbing|rising past|breaking out|sliding|falling past|"
                      r"breaking down|holding|remaining|staying|being|kept) (above|below|over|"
                      r"under|past|higher|lower)\b")


def test_none_of_the_held_out_wording_is_written() -> None:
    for _, text in pairs_of("broad"):
        words = re.sub(r"\b(DI plus|plus DI)\b", "DI", text, flags=re.IGNORECASE)  # names
        assert not _DESK_WORDING.search(words), text


def test_it_joins_and_names_conditions_in_the_new_ways() -> None:
    texts = [text for _, text in pairs_of("broad")]
    joined = sum(bool(_JOINERS.search(text)) for text in texts)
    named = sum(bool(_NOUNS.search(text)) for text in texts)
    # most strategies have a group or a crossing: a good share of texts shows each new way
    assert joined > len(texts) / 8, joined
    assert named > len(texts) / 8, named


def test_a_crossing_says_its_direction() -> None:
    """A crossing of RSI and 30 named by a noun or a gerund says which way it goes, and a
    state which side it holds: the up and down lists never swap."""
    up = re.compile(r"\b(above|over|rise|rising|climbing|breaking out|higher)\b")
    down = re.compile(r"\b(below|under|drop|down|fall|falling|sliding|lower)\b")
    new_forms = 0
    for seed in range(150):
        for condition in _RELATIONS:
            text = rule_text(STYLE, condition, seed)
            rising = condition in ("CrossOverCondition", "GreaterThanCondition")
            for phrase in re.findall(r"(?:a \w+ of )?(?:the )?(?:14-\w+ )?(?:RSI|rsi|Relative "
                                     r"Strength Index|relative strength index)[^.;,]*?30",
                                     text):
                if not (_NOUNS.search(phrase) or _GERUNDS.search(phrase)):
                    continue
                new_forms += 1
                assert bool(up.search(phrase)) == rising, (condition, phrase, text)
                assert bool(down.search(phrase)) != rising, (condition, phrase, text)
    assert new_forms > 100, new_forms


def test_plain_keeps_its_own_writer() -> None:
    """Broad lends plain's layouts and swaps the writer; plain's text stays plain's."""
    assert PlainPhraser.voice is Voice
    assert issubclass(BroadPhraser.voice, Voice) and BroadPhraser.voice is not Voice
