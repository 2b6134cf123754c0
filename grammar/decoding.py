"""Token masks for decoding strategy code under the catalog's grammar, with llguidance.

:func:`code_grammar` gives the Lark grammar of canonical one-line code (a whole strategy or one
parameter); :class:`ConstrainedDecoder` walks it token by token for an in-process model: ask
for the allowed tokens, sample among them, consume. llguidance is an optional dependency
(the ``decoding`` extra); only :class:`ConstrainedDecoder` and :func:`load_tokenizer` need it.

Typical use by a backend (``model`` gives logits, ``sample`` picks a token)::

    decoder = ConstrainedDecoder(load_tokenizer(tokenizer_json), code_grammar("stop_loss"))
    while not decoder.finished:
        logits = model(decoder.tokens)
        decoder.mask_logits(logits)
        decoder.consume(sample(logits))
    code = decoder.text()
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

from .codegrammar import build_grammar, to_lark

if TYPE_CHECKING:
    import llguidance
    import numpy as np
    from numpy.typing import NDArray

#: The end-of-sequence token our tokenizers carry; the decoder allows it once code is complete.
EOS = "<|eos|>"


class DecodingError(ValueError):
    """A grammar that does not compile, or a token the grammar does not allow."""


@lru_cache(maxsize=64)
def code_grammar(parameter: str | None = None, *, ticker: str | None = None) -> str:
    """The Lark grammar (llguidance's dialect) of canonical one-line code.

    ``parameter`` names a Strategy parameter whose value alone is decoded; ``ticker`` pins
    every ticker in the code to that symbol.
    """
    return to_lark(build_grammar(parameter, ticker=ticker))


def train_code_tokenizer(texts: Iterable[str], vocab_size: int, *,
                         split_words: bool = True) -> str:
    """A byte-level BPE tokenizer trained on ``texts``, as ``tokenizer.json`` text, with EOS.

    This is the kind of tokenizer the shipped model uses; tests and the benchmark train small
    ones on rendered random strategies. Without ``split_words`` merges may cross spaces and
    punctuation, so that ``", stop_loss=StopLoss("`` can become one token: code alone is
    repetitive enough for that to shorten answers a lot.
    """
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers

    tokenizer = Tokenizer(models.BPE())
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False,
                                                       use_regex=split_words)
    tokenizer.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=vocab_size, special_tokens=[EOS],
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
                                  show_progress=False)
    tokenizer.train_from_iterator(texts, trainer)
    return str(tokenizer.to_str())


def load_tokenizer(tokenizer_json: str, eos_token: str = EOS) -> llguidance.LLTokenizer:
    """llguidance's view of a Hugging Face ``tokenizer.json`` (text); build it once and reuse."""
    import llguidance

    vocab = json.loads(tokenizer_json).get("added_tokens", [])
    ids = [t["id"] for t in vocab if t.get("content") == eos_token]
    if not ids:
        raise DecodingError(f"the tokenizer has no {eos_token!r} token")
    return llguidance.LLTokenizer(tokenizer_json, eos_token=ids[0])


class ConstrainedDecoder:
    """One generation under a grammar: the allowed tokens at each step, and the tokens so far.

    Compiling a grammar takes milliseconds; :meth:`copy` a compiled decoder per generation.
    """

    def __init__(self, tokenizer: llguidance.LLTokenizer, grammar: str) -> None:
        import llguidance
        import llguidance.numpy

        self.tokenizer = tokenizer
        self._matcher = llguidance.LLMatcher(
            tokenizer, llguidance.LLMatcher.grammar_from_lark(grammar), log_level=0)
        if self._matcher.is_error():
            raise DecodingError(f"grammar does not compile: {self._matcher.get_error()}")
        self._bitmask = llguidance.numpy.allocate_token_bitmask(1, tokenizer.vocab_size)
        self.tokens: list[int] = []

    @property
    def eos_token(self) -> int:
        return self.tokenizer.eos_token

    @property
    def accepting(self) -> bool:
        """Whether the code so far is complete (EOS is allowed)."""
        return self._matcher.is_accepting()

    @property
    def finished(self) -> bool:
        """Whether nothing more may follow: EOS was consumed, or the grammar admits no more."""
        return self._matcher.is_stopped()

    def allowed(self) -> NDArray[np.bool_]:
        """A mask over the vocabulary: True where the token may come next."""
        import llguidance.numpy
        import numpy as np

        llguidance.numpy.fill_next_token_bitmask(self._matcher, self._bitmask)
        bits = np.unpackbits(self._bitmask[0].view(np.uint8), bitorder="little")
        return bits[: self.tokenizer.vocab_size].astype(bool)

    def allowed_tokens(self) -> list[int]:
        """The ids of the tokens that may come next."""
        import numpy as np

        return [int(t) for t in np.flatnonzero(self.allowed())]

    def mask_logits(self, logits: NDArray[np.float32]) -> None:
        """Set the logits of disallowed tokens to -inf, in place."""
        import numpy as np

        logits[..., : self.tokenizer.vocab_size][..., ~self.allowed()] = -np.inf
        logits[..., self.tokenizer.vocab_size:] = -np.inf

    def accepts(self, tokens: list[int]) -> bool:
        """Whether all of ``tokens`` may come next, in order (nothing is consumed)."""
        return bool(tokens) and self._matcher.validate_tokens(tokens) == len(tokens)

    def forced_tokens(self) -> list[int]:
        """Tokens the grammar forces next, which need no model step (may be empty)."""
        return list(self._matcher.compute_ff_tokens())

    def consume(self, token: int) -> None:
        """Advance by one token; :class:`DecodingError` if the grammar does not allow it."""
        # validate_tokens does not count EOS, which is allowed exactly when the code is complete
        allowed = self.accepting if token == self.eos_token else \
            self._matcher.validate_tokens([token]) == 1
        if not allowed or not self._matcher.consume_token(token):
            raise DecodingError(f"token {token} ({self.tokenizer.dbg_tokens([token])}) is not "
                                f"allowed after {self.text()!r}")
        self.tokens.append(token)

    def text(self) -> str:
        """The code decoded so far, without EOS."""
        return self.tokenizer.decode_str([t for t in self.tokens if t != self.eos_token])

    def reset(self) -> None:
        """Back to the start of the grammar."""
        self._matcher.reset()
        self.tokens = []

    def copy(self) -> ConstrainedDecoder:
        """An independent decoder in the same state, without compiling the grammar again."""
        twin = object.__new__(ConstrainedDecoder)
        twin.tokenizer = self.tokenizer
        twin._matcher = self._matcher.deep_copy()
        twin._bitmask = self._bitmask.copy()
        twin.tokens = list(self.tokens)
        return twin
