"""One dataset of 2,000 examples, written once per test session and shared."""

from __future__ import annotations

from pathlib import Path

import pytest

from strategy_lsp.training.dataset import Example, generate_examples, write_dataset

SIZE = 2000
SEED = 20240


@pytest.fixture(scope="session")
def dataset_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dataset")
    write_dataset(out, SIZE, SEED)
    return out


@pytest.fixture(scope="session")
def examples() -> list[Example]:
    return list(generate_examples(SIZE, SEED))


@pytest.fixture(scope="session")
def clean_examples() -> list[Example]:
    """The same examples without typos."""
    return list(generate_examples(SIZE, SEED, typos=False))
