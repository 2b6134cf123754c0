import assert from "node:assert/strict";
import { chmod, mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";

import {
  describeServer,
  type DiscoveryProbes,
  findServer,
  installCommand,
  SERVER_MODULE,
  which,
} from "../src/discovery";

/** Probes for a machine where `installed` interpreters have strategy-lsp, and PATH has `onPath`. */
function probes(installed: string[], onPath?: string): DiscoveryProbes & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    hasServerModule: (python) => {
      asked.push(python);
      return Promise.resolve(installed.includes(python));
    },
    which: (name) => Promise.resolve(name === "strategy-lsp" ? onPath : undefined),
  };
}

describe("findServer", () => {
  it("uses strategyLsp.server.command as given, without probing", async () => {
    const machine = probes([]);
    const found = await findServer(
      { command: ["/opt/lsp", "serve", "--log-file", "x"], python: "/py", activeInterpreter: "/a" },
      machine);
    assert.deepEqual(found, { found: true, server: {
      command: "/opt/lsp", args: ["serve", "--log-file", "x"], source: "setting:command" } });
    assert.deepEqual(machine.asked, []);
  });

  it("runs the module with strategyLsp.server.python", async () => {
    const found = await findServer({ command: [], python: "/venv/bin/python" },
      probes(["/venv/bin/python"], "/usr/bin/strategy-lsp"));
    assert.ok(found.found);
    assert.deepEqual(found.server, { command: "/venv/bin/python",
      args: ["-m", SERVER_MODULE, "serve"], source: "setting:python", python: "/venv/bin/python" });
  });

  it("does not fall back when the configured interpreter lacks strategy-lsp", async () => {
    const found = await findServer({ command: [], python: "/venv/bin/python" },
      probes([], "/usr/bin/strategy-lsp"));
    assert.equal(found.found, false);
    assert.ok(!found.found);
    assert.match(found.message, /\/venv\/bin\/python -m pip install strategy-lsp/);
  });

  it("prefers the Python extension's interpreter when strategy-lsp is installed there", async () => {
    const found = await findServer({ command: [], python: "", activeInterpreter: "/a/python" },
      probes(["/a/python"], "/usr/bin/strategy-lsp"));
    assert.ok(found.found);
    assert.equal(found.server.source, "python-extension");
    assert.equal(found.server.command, "/a/python");
  });

  it("falls back to strategy-lsp on PATH", async () => {
    const found = await findServer({ command: [], python: "", activeInterpreter: "/a/python" },
      probes([], "/usr/bin/strategy-lsp"));
    assert.ok(found.found);
    assert.deepEqual(found.server, { command: "/usr/bin/strategy-lsp", args: ["serve"],
      source: "path" });
  });

  it("says what it tried and how to install when nothing is found", async () => {
    const found = await findServer({ command: [], python: "", activeInterpreter: "/a/python" },
      probes([]));
    assert.ok(!found.found);
    assert.equal(found.tried.length, 2);
    assert.match(found.message, /not found/);
    assert.match(found.message, /`\/a\/python -m pip install strategy-lsp`/);
    assert.match(found.message, /strategyLsp\.server\.command/);
  });

  it("tells the plain install command when no interpreter is known", async () => {
    const found = await findServer({ command: [], python: "" }, probes([]));
    assert.ok(!found.found);
    assert.match(found.message, /`pip install strategy-lsp`/);
  });

  it("ignores an empty command setting", async () => {
    const found = await findServer({ command: [""], python: "" }, probes([], "/bin/strategy-lsp"));
    assert.ok(found.found);
    assert.equal(found.server.source, "path");
  });
});

describe("installCommand", () => {
  it("quotes an interpreter path with spaces", () => {
    assert.equal(installCommand("C:\\Program Files\\Python\\python.exe"),
      "\"C:\\Program Files\\Python\\python.exe\" -m pip install strategy-lsp");
    assert.equal(installCommand(), "pip install strategy-lsp");
  });
});

describe("describeServer", () => {
  it("says where the command came from", () => {
    assert.equal(describeServer({ command: "/bin/strategy-lsp", args: ["serve"], source: "path" }),
      "/bin/strategy-lsp serve (found on PATH)");
  });
});

describe("which", () => {
  let folder = "";
  before(async () => {
    folder = await mkdtemp(path.join(tmpdir(), "strategy-lsp-which-"));
    await mkdir(path.join(folder, "a"));
    await mkdir(path.join(folder, "b"));
    await mkdir(path.join(folder, "b", "strategy-lsp.d"));
    await writeFile(path.join(folder, "a", "strategy-lsp"), "not executable");
    await writeFile(path.join(folder, "b", "strategy-lsp"), "#!/bin/sh\n");
    await chmod(path.join(folder, "b", "strategy-lsp"), 0o755);
    await writeFile(path.join(folder, "b", "strategy-lsp.EXE"), "");
  });
  after(() => rm(folder, { recursive: true, force: true }));

  it("finds the first executable file on PATH", async () => {
    const env = { PATH: [path.join(folder, "a"), "", path.join(folder, "b")].join(":") };
    assert.equal(await which("strategy-lsp", env, "linux"),
      path.join(folder, "b", "strategy-lsp"));
  });

  it("skips folders and answers undefined when absent", async () => {
    const env = { PATH: path.join(folder, "a") };
    assert.equal(await which("strategy-lsp", env, "linux"), undefined);
    assert.equal(await which("strategy-lsp.d", { PATH: path.join(folder, "b") }, "linux"),
      undefined);
    assert.equal(await which("strategy-lsp", {}, "linux"), undefined);
  });

  it("tries PATHEXT on Windows", async () => {
    const env = { Path: path.join(folder, "b"), PATHEXT: ".COM;.EXE" };
    assert.equal(await which("strategy-lsp", env, "win32"),
      path.join(folder, "b", "strategy-lsp.EXE"));
  });
});
