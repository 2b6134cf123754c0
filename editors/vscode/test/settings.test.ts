import assert from "node:assert/strict";
import { describe, it } from "node:test";

import {
  expandVariables,
  isClientSetting,
  readClientSettings,
  SERVER_SETTINGS,
  settingTarget,
  toServerSettings,
} from "../src/settings";
import { defaultsReader, settings } from "./manifest";

describe("toServerSettings", () => {
  it("nests the settings under strategyLsp with the server's names", () => {
    const payload = toServerSettings(defaultsReader({ backend: "ollama", modelLarge: "qwen3:4b" }));
    assert.equal(payload.strategyLsp.backend, "ollama");
    assert.equal(payload.strategyLsp.modelLarge, "qwen3:4b");
    assert.equal(payload.strategyLsp.timeout, 60);
    assert.equal(payload.strategyLsp.rag, true);
  });

  it("leaves out empty strings and nulls so the server's defaults apply", () => {
    const payload = toServerSettings(defaultsReader({ ollamaHost: "  ", modelSmall: null }));
    assert.equal("ollamaHost" in payload.strategyLsp, false);
    assert.equal("modelSmall" in payload.strategyLsp, false);
    assert.equal("knowledgeDir" in payload.strategyLsp, false);
    assert.equal("openaiApiKey" in payload.strategyLsp, false);
  });

  it("keeps false and zero", () => {
    const payload = toServerSettings(defaultsReader({ rag: false, diagnosticsDelay: 0 }));
    assert.equal(payload.strategyLsp.rag, false);
    assert.equal(payload.strategyLsp.diagnosticsDelay, 0);
  });

  it("never passes the client's own settings", () => {
    const payload = toServerSettings(defaultsReader({ "server.command": ["x"] }));
    for (const key of Object.keys(payload.strategyLsp)) {
      assert.equal(isClientSetting(key), false, key);
    }
  });

  it("expands variables in knowledgeDir only", () => {
    const payload = toServerSettings(
      defaultsReader({ knowledgeDir: "${workspaceFolder}/.index", modelLarge: "${userHome}" }),
      { workspaceFolder: "/repo", userHome: "/home/me" });
    assert.equal(payload.strategyLsp.knowledgeDir, "/repo/.index");
    assert.equal(payload.strategyLsp.modelLarge, "${userHome}");
  });

  it("passes every package.json setting that is not the client's own", () => {
    const fromManifest = [...settings().keys()].filter((name) => !isClientSetting(name)).sort();
    assert.deepEqual([...SERVER_SETTINGS].sort(), fromManifest);
  });
});

describe("readClientSettings", () => {
  it("reads the command, interpreter and environment with variables expanded", () => {
    const client = readClientSettings(defaultsReader({
      "server.command": ["~/bin/strategy-lsp", "serve", 3],
      "server.python": " ${workspaceFolder}/.venv/bin/python ",
      "server.env": { OLLAMA_HOST: "${env:HOST}", IGNORED: 1 },
    }), { workspaceFolder: "/repo", userHome: "/home/me", env: { HOST: "http://h:1" } });
    assert.deepEqual(client.command, ["/home/me/bin/strategy-lsp", "serve"]);
    assert.equal(client.python, "/repo/.venv/bin/python");
    assert.deepEqual(client.env, { OLLAMA_HOST: "http://h:1" });
  });

  it("treats the defaults as unset", () => {
    assert.deepEqual(readClientSettings(defaultsReader()), { command: [], python: "", env: {} });
  });

  it("ignores values of the wrong type", () => {
    const client = readClientSettings(defaultsReader({
      "server.command": "strategy-lsp serve", "server.python": 3, "server.env": ["A=1"],
    }));
    assert.deepEqual(client, { command: [], python: "", env: {} });
  });
});

describe("expandVariables", () => {
  const context = { workspaceFolder: "/w", userHome: "/h", env: { A: "1" } };

  it("expands the variables VS Code users know", () => {
    assert.equal(expandVariables("${workspaceFolder}/x:${userHome}:${env:A}", context),
      "/w/x:/h:1");
    assert.equal(expandVariables("~/y", context), "/h/y");
    assert.equal(expandVariables("~", context), "/h");
  });

  it("leaves an unknown or unavailable variable as written", () => {
    assert.equal(expandVariables("${workspaceFolderBasename}", context),
      "${workspaceFolderBasename}");
    assert.equal(expandVariables("${workspaceFolder}/x", {}), "${workspaceFolder}/x");
    assert.equal(expandVariables("a~b", context), "a~b");
    assert.equal(expandVariables("${env:MISSING}", context), "");
  });
});

describe("settingTarget", () => {
  it("writes where the setting is defined, else in the user's settings", () => {
    assert.equal(settingTarget({ workspaceFolderValue: "ollama" }), "workspaceFolder");
    assert.equal(settingTarget({ workspaceValue: "ollama" }), "workspace");
    assert.equal(settingTarget({}), "global");
    assert.equal(settingTarget(undefined), "global");
  });
});
