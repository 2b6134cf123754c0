"""Prompts, built from the files in ``templates/``.

Two styles. Few-shot (base models): instructions, worked examples, and the docs the
knowledge base retrieves for what the description mentions (RAG), asking for JSON that
follows the grammar's schema. Fine-tuned (our models): the description alone, in the form
the training dataset uses, answered with code.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from string import Template

from strategy_lsp.grammar import CATALOG, Call, parse_expression, render, validate_strategy
from strategy_lsp.grammar.model import default_value

from .backend import Message

#: Given a description, the docs (Markdown) worth showing the model, best first.
Retriever = Callable[[str], Sequence[str]]


@cache
def template(name: str) -> Template:
    return Template(resources.files(__package__).joinpath("templates", name).read_text("utf-8"))


@dataclass(frozen=True)
class Example:
    description: str
    strategy: Call


@cache
def examples() -> tuple[Example, ...]:
    """The worked examples of ``prompts/examples.jsonl``, each validated by the grammar."""
    text = resources.files(__package__).joinpath("templates", "examples.jsonl").read_text("utf-8")
    found = []
    for line in text.splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        expr, problems = parse_expression(record["code"])
        validation = validate_strategy(expr, problems) if expr is not None else None
        if validation is None or not isinstance(validation.model, Call):
            raise ValueError(f"prompt example does not validate: {record['code']}")
        found.append(Example(record["description"], validation.model))
    return tuple(found)


def default_retriever(rag: bool, few_shot: bool) -> Retriever | None:
    """The knowledge base's retriever when few-shot prompts with RAG are wanted."""
    if not (rag and few_shot):
        return None
    try:
        from strategy_lsp.knowledge import retriever_for_prompts
    except ImportError:  # pragma: no cover - the knowledge package ships with us
        return None
    return retriever_for_prompts()


def fine_tuned_prompt(description: str, parameter: str | None = None) -> str:
    """The prompt our fine-tuned models were trained on (see strategy_lsp.training)."""
    text = " ".join(description.split())
    return text if parameter is None else f"{parameter}: {text}"


def _data(value: object) -> str:
    from strategy_lsp.grammar.jsondata import model_to_data

    return json.dumps(model_to_data(value), separators=(", ", ": "))  # type: ignore[arg-type]


def few_shot_messages(description: str, parameter: str | None,
                      retriever: Retriever | None) -> tuple[Message, ...]:
    """System instructions, worked examples as chat turns, then the description."""
    if parameter is None:
        system = template("system_whole.md").substitute()
    else:
        spec = CATALOG.strategy.param(parameter)
        assert spec is not None
        default = default_value(spec.default)
        system = template("system_field.md").substitute(
            parameter=parameter, summary=spec.summary,
            default="null" if default is None else _data(default))
    if retriever is not None:
        docs = "\n\n".join(retriever(description))
        if docs:
            system += "\n\n" + template("docs_context.md").substitute(docs=docs)
    messages = [Message("system", system)]
    for example in examples():
        answer = example.strategy if parameter is None else example.strategy.get(parameter)
        messages.append(Message("user", example.description))
        messages.append(Message("assistant", "null" if answer is None else _data(answer)))
    messages.append(Message("user", description))
    return tuple(messages)


def fine_tuned_messages(description: str, parameter: str | None) -> tuple[Message, ...]:
    return (Message("user", fine_tuned_prompt(description, parameter)),)


def retry_message(errors: Sequence[str]) -> Message:
    listed = "\n".join(f"- {e}" for e in errors)
    return Message("user", template("retry.md").substitute(errors=listed))


def example_code() -> list[str]:
    return [render(e.strategy, inline=True) for e in examples()]
