"""Training: dataset generation, fine-tuning, evaluation and export."""

from .dataset import (
    FIELDS,
    NOT_STATED,
    SPLITS,
    DatasetSummary,
    Example,
    assign_splits,
    field_code,
    generate_examples,
    write_dataset,
)
from .phrasing import Phraser, add_typos, phraser, register
from .strategies import sample_strategy

__all__ = [
    "FIELDS",
    "NOT_STATED",
    "SPLITS",
    "DatasetSummary",
    "Example",
    "Phraser",
    "add_typos",
    "assign_splits",
    "field_code",
    "generate_examples",
    "phraser",
    "register",
    "sample_strategy",
    "write_dataset",
]
