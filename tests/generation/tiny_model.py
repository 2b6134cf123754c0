"""A randomly initialised llama-architecture model of a few thousand parameters, written
offline in the MLX/Hugging Face layout (config.json, model.safetensors, tokenizer.json,
tokenizer_config.json with a chat template), for serving with ``mlx_lm.server`` in tests.

Its answers are gibberish; it exists to exercise a real server end to end. Needs mlx,
mlx-lm and tokenizers.
"""

from __future__ import annotations

import json
from pathlib import Path

SPECIAL_TOKENS = ["<unk>", "<s>", "</s>"]
CHAT_TEMPLATE = ("{% for m in messages %}{{ m['role'] }}: {{ m['content'] }}\n{% endfor %}"
                 "{% if add_generation_prompt %}assistant: {% endif %}")
CORPUS = ["Long AAPL: buy when RSI(14) crosses below 30 and price is above the 200-day SMA.",
          "Sell when RSI crosses above 70. 5% trailing stop, $10k capital, daily data.",
          "Strategy(ticker='MSFT', position_type=PositionTypeEnum.LONG)"]


def build_tiny_model(folder: Path, seed: int = 0) -> Path:
    """Write the model into ``folder`` and return it."""
    import mlx.core as mx
    from mlx.utils import tree_flatten
    from mlx_lm.models import llama
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers

    folder.mkdir(parents=True, exist_ok=True)
    tokenizer = Tokenizer(models.BPE(unk_token="<unk>"))
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tokenizer.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=320, special_tokens=SPECIAL_TOKENS,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
                                  show_progress=False)
    tokenizer.train_from_iterator(CORPUS, trainer)
    tokenizer.save(str(folder / "tokenizer.json"))
    _write_json(folder / "tokenizer_config.json", {
        "tokenizer_class": "PreTrainedTokenizerFast", "bos_token": "<s>", "eos_token": "</s>",
        "unk_token": "<unk>", "model_max_length": 256, "chat_template": CHAT_TEMPLATE})

    config = {"model_type": "llama", "hidden_size": 16, "num_hidden_layers": 1,
              "intermediate_size": 32, "num_attention_heads": 2, "num_key_value_heads": 1,
              "rms_norm_eps": 1e-5, "vocab_size": tokenizer.get_vocab_size(),
              "rope_theta": 10000.0, "tie_word_embeddings": True,
              "max_position_embeddings": 256, "bos_token_id": 1, "eos_token_id": 2}
    _write_json(folder / "config.json", config)
    mx.random.seed(seed)
    args = llama.ModelArgs.from_dict(config)  # type: ignore[no-untyped-call]
    model = llama.Model(args)
    weights = dict(tree_flatten(model.parameters()))
    mx.save_safetensors(str(folder / "model.safetensors"), weights, metadata={"format": "mlx"})
    return folder


def _write_json(path: Path, data: object) -> None:
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")
