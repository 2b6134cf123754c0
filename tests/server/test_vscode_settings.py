"""The VS Code extension's settings (editors/vscode/package.json) are the server's settings:
same names, same enums and bounds, same defaults. One source of truth for names: the
server's typed settings."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from strategy_lsp.server.config import ServerSettings, parse_settings, settings_schema

PACKAGE_JSON = Path(__file__).resolve().parents[2] / "editors" / "vscode" / "package.json"
SECTION = "strategyLsp."
# read by the extension itself to start the server, never passed to it (src/settings.ts)
CLIENT_PREFIXES = ("server.", "trace.")


def _contributed() -> dict[str, dict[str, Any]]:
    manifest = json.loads(PACKAGE_JSON.read_text(encoding="utf-8"))
    properties: dict[str, dict[str, Any]] = manifest["contributes"]["configuration"]["properties"]
    return {key.removeprefix(SECTION): schema for key, schema in properties.items()}


def _passed_to_server() -> dict[str, dict[str, Any]]:
    return {name: schema for name, schema in _contributed().items()
            if not name.startswith(CLIENT_PREFIXES)}


def _server_field_schemas() -> dict[str, dict[str, Any]]:
    """Each setting's JSON schema with ``$ref`` and ``anyOf [T, null]`` resolved, by camelCase
    name."""
    schema = ServerSettings.model_json_schema()
    definitions = schema["$defs"]
    fields = {**definitions["GenerationSettings"]["properties"], **schema["properties"]}
    fields.pop("generation")
    resolved = {}
    for name, field in fields.items():
        if "$ref" in field:
            field = {**definitions[field["$ref"].rsplit("/", 1)[1]], **field}
        for option in field.get("anyOf", []):
            if option.get("type") != "null":
                field = {**option, **field}
        head, *rest = name.split("_")
        resolved[head + "".join(part.title() for part in rest)] = field
    return resolved


def _defaults_as_sent() -> dict[str, Any]:
    """What the extension sends with every setting at its default: an empty string means
    the server's default and is left out (src/settings.ts, toServerSettings)."""
    return {name: schema["default"] for name, schema in _passed_to_server().items()
            if schema["default"] not in ("", None)}


def test_the_manifest_is_where_the_extension_expects_it() -> None:
    assert PACKAGE_JSON.is_file(), PACKAGE_JSON
    assert all(key.startswith(SECTION) for key in json.loads(
        PACKAGE_JSON.read_text(encoding="utf-8"))["contributes"]["configuration"]["properties"])


def test_every_setting_passed_to_the_server_is_one_it_understands() -> None:
    unknown = set(_passed_to_server()) - set(settings_schema())
    assert not unknown, f"package.json passes settings the server does not know: {unknown}"


def test_every_server_setting_can_be_set_from_vscode() -> None:
    missing = set(settings_schema()) - set(_passed_to_server())
    assert not missing, ("add these server settings to editors/vscode/package.json "
                         f"(contributes.configuration), src/settings.ts and README.md: {missing}")


@pytest.mark.parametrize("wrapped", [True, False], ids=["nested", "flat"])
def test_the_defaults_parse_without_problems_and_equal_the_servers(wrapped: bool) -> None:
    options = _defaults_as_sent()
    settings, problems = parse_settings({"strategyLsp": options} if wrapped else options)
    assert problems == []
    assert settings == ServerSettings()


@pytest.mark.parametrize("name", sorted(_passed_to_server()))
def test_enums_bounds_and_types_match_the_server(name: str) -> None:
    contributed = _passed_to_server()[name]
    server = _server_field_schemas()[name]
    assert contributed.get("enum") == server.get("enum")
    if "enum" in contributed:
        assert len(contributed.get("enumDescriptions", [])) == len(contributed["enum"])
    for bound in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        assert contributed.get(bound) == server.get(bound), bound
    assert contributed["type"] == server["type"]


@pytest.mark.parametrize("name", ["backend", "mode", "promptStyle"])
def test_each_enum_value_is_accepted_by_the_server(name: str) -> None:
    for value in _passed_to_server()[name]["enum"]:
        _, problems = parse_settings({"strategyLsp": {name: value}})
        assert problems == [], (name, value)
