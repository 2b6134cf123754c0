"""How much of a held-out style's wording the training styles contain.

For each training style, the share of the held-out style's distinct word 4-grams that also
occur in that style's text (the same number of descriptions of each, no typos), and the share
that occurs in all of them together. A low share means the held-out set measures how far a
model carries to writing it never saw, not how well it remembers phrases::

    python -m strategy_lsp.training.overlap            # desk against every training style
    python -m strategy_lsp.training.overlap --held-out desk --size 600 --seed 3
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterable

from .dataset import generate_examples
from .phrasing import HELD_OUT, phraser, phraser_names

Gram = tuple[str, ...]

_WORD = re.compile(r"[a-z]+|\d+|[^\sa-z\d]")


def grams(texts: Iterable[str], n: int = 4) -> set[Gram]:
    """Distinct n-grams of lowercased words, numbers and marks."""
    out: set[Gram] = set()
    for text in texts:
        words = _WORD.findall(text.lower())
        out.update(tuple(words[i:i + n]) for i in range(len(words) - n + 1))
    return out


def style_grams(style: str, size: int, seed: int) -> set[Gram]:
    return grams(e.description for e in generate_examples(size, seed=seed,
                                                          style=phraser(style), typos=False))


def overlaps(held_out: str, styles: Iterable[str], size: int = 600,
             seed: int = 3) -> dict[str, float]:
    """Percent of ``held_out``'s distinct 4-grams found in each style, and under ``"all"``
    in the styles together."""
    target = style_grams(held_out, size, seed)
    if not target:
        raise ValueError(f"style {held_out!r} wrote no 4-grams")
    shares: dict[str, float] = {}
    union: set[Gram] = set()
    for style in styles:
        found = style_grams(style, size, seed)
        union |= found
        shares[style] = 100 * len(target & found) / len(target)
    shares["all"] = 100 * len(target & union) / len(target)
    return shares


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m strategy_lsp.training.overlap",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--held-out", default="desk")
    parser.add_argument("--size", type=int, default=600, help="descriptions of each style")
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args(argv)
    styles = [s for s in phraser_names() if s not in HELD_OUT and s != args.held_out]
    for style, share in overlaps(args.held_out, styles, args.size, args.seed).items():
        print(f"{style:10} {share:5.1f}%")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
