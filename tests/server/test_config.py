"""Settings from clients: names in any case, bad values reported and replaced, changes merged."""

from __future__ import annotations

from strategy_lsp.generation.settings import BackendName, Mode, ShortSides
from strategy_lsp.server.app import StrategyServer
from strategy_lsp.server.config import parse_settings, settings_schema


def test_camel_case_nested_and_snake_case_keys_are_all_read() -> None:
    settings, problems = parse_settings({"strategyLsp": {
        "backend": "ollama", "modelLarge": "qwen2.5:3b", "ollama_host": "http://h:1",
        "diagnosticsDelay": 0.5}})
    assert problems == []
    assert settings.generation.backend is BackendName.OLLAMA
    assert settings.generation.model_large == "qwen2.5:3b"
    assert settings.generation.ollama_host == "http://h:1"
    assert settings.diagnostics_delay == 0.5


def test_bad_values_are_reported_and_fall_back_to_defaults_one_by_one() -> None:
    settings, problems = parse_settings({"backend": "gpt-9", "timeout": -1, "mode": "fields",
                                         "colour": "blue", "rag": "maybe"})
    assert settings.generation.backend is BackendName.EMBEDDED
    assert settings.generation.timeout == 60.0
    assert settings.generation.mode is Mode.FIELDS  # the good value still applies
    assert settings.generation.rag is True
    assert len(problems) == 4
    assert any("unknown setting 'colour'" in p for p in problems)
    assert any("backend='gpt-9' ignored" in p for p in problems)


def test_the_unsure_limit_is_a_probability_and_reaches_the_generator() -> None:
    settings, problems = parse_settings({"strategyLsp": {"unsureBelow": 0.5}})
    assert problems == [] and settings.generation.unsure_below == 0.5
    settings, problems = parse_settings({"unsureBelow": 70})
    assert settings.generation.unsure_below == 0.7
    assert len(problems) == 1 and "unsure_below=70 ignored" in problems[0]
    server = StrategyServer()
    server.apply_settings({"unsureBelow": 0.2}, announce=False)
    assert server.generator.settings.unsure_below == 0.2


def test_the_short_sides_setting_is_one_of_two_and_reaches_the_generator() -> None:
    settings, problems = parse_settings({"strategyLsp": {"shortSides": "entry"}})
    assert problems == [] and settings.generation.short_sides is ShortSides.ENTRY
    settings, problems = parse_settings({"shortSides": "backwards"})
    assert settings.generation.short_sides is ShortSides.LIBRARY
    assert len(problems) == 1 and "short_sides='backwards' ignored" in problems[0]
    server = StrategyServer()
    server.apply_settings({"shortSides": "entry"}, announce=False)
    assert server.generator.settings.short_sides is ShortSides.ENTRY


def test_garbage_options_give_defaults() -> None:
    for options in (None, 42, "x", [], {"strategyLsp": 7}):
        settings, _ = parse_settings(options)
        assert settings.generation.backend is BackendName.EMBEDDED


def test_a_settings_change_is_merged_over_the_initialization_options() -> None:
    server = StrategyServer()
    server.apply_settings({"backend": "ollama", "ollamaHost": "http://h:1"}, announce=False)
    server.apply_settings({"mode": "fields"}, announce=False)
    assert server.settings.generation.backend is BackendName.OLLAMA
    assert server.settings.generation.ollama_host == "http://h:1"
    assert server.settings.generation.mode is Mode.FIELDS


def test_schema_lists_every_setting_in_camel_case() -> None:
    names = set(settings_schema())
    assert {"backend", "mode", "modelSmall", "modelLarge", "ollamaHost", "timeout", "rag",
            "knowledgeDir", "diagnosticsDelay", "parameterCompletion"} <= names
