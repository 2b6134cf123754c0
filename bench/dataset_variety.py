"""How varied the dataset's descriptions are: templates and indicator names per 1,000.

    python bench/dataset_variety.py [--size 5000] [--seed 0] [--style plain] [--show 5]

A template is a description with its values and names masked (see
strategy_lsp.training.variety); the more distinct templates and names per 1,000 examples,
the more ways of writing a model trained on the set has seen.
"""

from __future__ import annotations

import argparse
import random
import time

from strategy_lsp.training.dataset import generate_examples
from strategy_lsp.training.phrasing import phraser
from strategy_lsp.training.variety import measure, template


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--style", default="plain")
    parser.add_argument("--show", type=int, default=5, help="sample prompts to print")
    args = parser.parse_args()

    started = time.perf_counter()
    examples = list(generate_examples(args.size, args.seed, style=phraser(args.style)))
    elapsed = time.perf_counter() - started
    variety = measure([(e.prompt(), e.ticker) for e in examples])
    print(f"style {args.style!r}, seed {args.seed}: {len(examples)} examples "
          f"in {elapsed:.1f} s")
    for line in variety.lines():
        print(line)
    for example in random.Random(args.seed).sample(examples, min(args.show, len(examples))):
        print()
        print("prompt:  ", example.prompt())
        print("template:", template(example.prompt(), example.ticker))
        print("code:    ", example.code)


if __name__ == "__main__":
    main()
