import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { activeModels, parseStatus, type ServerStatus, statusView } from "../src/status";

const OLLAMA: ServerStatus = {
  backend: "ollama", mode: "whole", modelSmall: "llama3.2:1b", modelLarge: "llama3.2:3b",
};

describe("parseStatus", () => {
  it("accepts the server's strategyLsp/status payload", () => {
    assert.deepEqual(parseStatus({ ...OLLAMA, extra: 1 }), OLLAMA);
  });

  it("refuses anything else", () => {
    assert.equal(parseStatus(null), undefined);
    assert.equal(parseStatus("ollama"), undefined);
    assert.equal(parseStatus({ ...OLLAMA, modelLarge: null }), undefined);
  });
});

describe("activeModels", () => {
  it("names the large model in whole mode and both in fields mode", () => {
    assert.equal(activeModels(OLLAMA), "llama3.2:3b");
    assert.equal(activeModels({ ...OLLAMA, mode: "fields" }), "llama3.2:1b + llama3.2:3b");
    assert.equal(activeModels({ ...OLLAMA, mode: "fields", modelSmall: "llama3.2:3b" }),
      "llama3.2:3b");
  });
});

describe("statusView", () => {
  it("shows the live backend and model, and a click selects the backend", () => {
    const view = statusView({ server: "running", status: OLLAMA, busy: 0 });
    assert.equal(view.text, "$(symbol-event) Strategy: ollama · llama3.2:3b");
    assert.equal(view.command, "strategyLsp.selectBackend");
    assert.match(view.tooltip, /small model: llama3\.2:1b/);
    assert.equal(view.warning, false);
  });

  it("spins while a generation is in flight", () => {
    const view = statusView({ server: "running", status: OLLAMA, busy: 2 });
    assert.equal(view.text, "$(sync~spin) Strategy: ollama · llama3.2:3b");
    assert.match(view.tooltip, /Generating/);
  });

  it("warns when the server was not found, and a click retries", () => {
    const view = statusView({ server: "notFound", busy: 0 });
    assert.equal(view.warning, true);
    assert.equal(view.command, "strategyLsp.restartServer");
  });

  it("points to the output when the server stopped", () => {
    for (const server of ["stopped", "failed"] as const) {
      const view = statusView({ server, status: OLLAMA, busy: 0 });
      assert.equal(view.command, "strategyLsp.showOutput");
      assert.equal(view.warning, true);
    }
  });

  it("shows a plain label while starting", () => {
    assert.equal(statusView({ server: "starting", busy: 0 }).text, "$(loading~spin) Strategy");
  });
});
