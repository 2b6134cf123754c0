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
from .evaluate import evaluate_cases, read_cases
from .export import export_adapter
from .finetune import finetune
from .metrics import Comparison, compare, leaves
from .phrasing import Phraser, add_typos, phraser, register
from .report import Report
from .strategies import sample_strategy

__all__ = [
    "FIELDS",
    "NOT_STATED",
    "SPLITS",
    "Comparison",
    "DatasetSummary",
    "Example",
    "Phraser",
    "Report",
    "add_typos",
    "assign_splits",
    "compare",
    "evaluate_cases",
    "export_adapter",
    "field_code",
    "finetune",
    "generate_examples",
    "leaves",
    "phraser",
    "read_cases",
    "register",
    "sample_strategy",
    "write_dataset",
]
