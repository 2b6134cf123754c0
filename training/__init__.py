"""Training: dataset generation, fine-tuning, evaluation and export."""
