/**
 * The real server, found the way the extension finds it and driven over stdio with the
 * settings the extension sends: package.json's defaults are accepted without a warning,
 * a change of backend comes back as `strategyLsp/status`, and the generate command's
 * arguments are the ones the server's code action carries.
 *
 * Skipped (and says so) when no strategy-lsp is installed: run it from the repository's
 * virtual environment (`. .venv/bin/activate`), or set STRATEGY_LSP_PYTHON.
 */

import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";

import {
  CodeActionKind,
  CodeActionRequest,
  createMessageConnection,
  DidChangeConfigurationNotification,
  DidOpenTextDocumentNotification,
  ExecuteCommandRequest,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  type MessageConnection,
  MessageType,
  type ShowMessageParams,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
} from "vscode-languageserver-protocol/node";

import { type Discovery, describeServer, findServer, systemProbes } from "../src/discovery";
import { generateArguments, type ActionLike } from "../src/generate";
import { toServerSettings } from "../src/settings";
import { parseStatus, type ServerStatus, STATUS_NOTIFICATION } from "../src/status";
import { defaultsReader, ROOT } from "./manifest";

const REPO_PYTHON = path.resolve(ROOT, "..", "..", ".venv", "bin", "python");
const CACHE = process.env.STRATEGY_LSP_CACHE_DIR ??
  path.join(process.env.PYTEST_LSP_CACHE ?? tmpdir(), "strategy-lsp-test-cache");
const DOCUMENT = "file:///tmp/strategy-lsp-vscode-test/strategy.py";
const TEXT = [
  "# Long AAPL: buy when RSI(14) crosses below 30 and sell when RSI crosses above 70.",
  "# 5% trailing stop, 2 years of daily data, $10k capital.",
  "",
].join("\n");

/** A server process with the notifications it sent. */
class ServerUnderTest {
  readonly statuses: ServerStatus[] = [];
  readonly messages: ShowMessageParams[] = [];
  private waiters: (() => void)[] = [];

  constructor(readonly process: ChildProcess, readonly connection: MessageConnection) {
    connection.onNotification(STATUS_NOTIFICATION, (payload: unknown) => {
      const status = parseStatus(payload);
      assert.ok(status, `malformed ${STATUS_NOTIFICATION}: ${JSON.stringify(payload)}`);
      this.statuses.push(status);
      this.wake();
    });
    connection.onNotification("window/showMessage", (params: ShowMessageParams) => {
      this.messages.push(params);
      this.wake();
    });
    connection.onNotification("window/logMessage", () => undefined);
    connection.onNotification("textDocument/publishDiagnostics", () => undefined);
    connection.onRequest("window/workDoneProgress/create", () => null);
    connection.onNotification("$/progress", () => undefined);
    connection.onRequest("workspace/applyEdit", () => ({ applied: true }));
    connection.listen();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    waiters.forEach((wake) => wake());
  }

  /** Waits until `check` holds, re-checked on each notification; fails after 20 s. */
  async until(what: string, check: () => boolean): Promise<void> {
    const deadline = Date.now() + 20_000;
    while (!check()) {
      const left = deadline - Date.now();
      assert.ok(left > 0, `timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  warnings(): string[] {
    return this.messages.filter((m) => m.type <= MessageType.Warning).map((m) => m.message);
  }
}

async function locateServer(): Promise<Discovery> {
  const python = process.env.STRATEGY_LSP_PYTHON ?? "";
  return findServer({
    command: [], python,
    activeInterpreter: python === "" && existsSync(REPO_PYTHON) ? REPO_PYTHON : undefined,
  }, systemProbes());
}

describe("the extension against the real server", () => {
  let server: ServerUnderTest | undefined;
  let skip: string | undefined;

  before(async () => {
    const discovery = await locateServer();
    if (!discovery.found) {
      skip = `no strategy-lsp installed: ${discovery.message}`;
      return;
    }
    console.log(`# server: ${describeServer(discovery.server)}`);
    const child = spawn(discovery.server.command, discovery.server.args, {
      env: { ...process.env, STRATEGY_LSP_CACHE_DIR: CACHE },
      stdio: ["pipe", "pipe", "inherit"],
    });
    const connection = createMessageConnection(new StreamMessageReader(child.stdout),
      new StreamMessageWriter(child.stdin));
    server = new ServerUnderTest(child, connection);
    await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid, rootUri: null, workspaceFolders: null,
      capabilities: { window: { workDoneProgress: true } },
      initializationOptions: toServerSettings(defaultsReader()),
    });
    await connection.sendNotification(InitializedNotification.type, {});
  });

  after(async () => {
    if (server === undefined) {
      return;
    }
    const { connection, process: child } = server;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    try {
      await connection.sendRequest(ShutdownRequest.type);
      await connection.sendNotification(ExitNotification.type);
    } finally {
      const timer = setTimeout(() => child.kill(), 5000);
      await exited;
      clearTimeout(timer);
      connection.dispose();
    }
  });

  it("accepts package.json's defaults without a warning", async (t) => {
    if (server === undefined) {
      return t.skip(skip);
    }
    const running = server;
    // the server answers with its status during initialize, before anything else
    await running.until("the first status", () => running.statuses.length > 0);
    assert.deepEqual(running.warnings(), []);
    assert.equal(running.statuses[0]?.backend, "embedded");
    assert.equal(running.statuses[0]?.mode, "whole");
  });

  it("reports a changed backend and models in strategyLsp/status", async (t) => {
    if (server === undefined) {
      return t.skip(skip);
    }
    const running = server;
    await running.connection.sendNotification(DidChangeConfigurationNotification.type, {
      settings: toServerSettings(defaultsReader({
        backend: "ollama", mode: "fields", modelLarge: "llama3.2:3b-custom",
        ollamaHost: "http://127.0.0.1:9", timeout: 5,
      })),
    });
    await running.until("the ollama status", () => running.statuses.at(-1)?.backend === "ollama");
    assert.deepEqual(running.statuses.at(-1), {
      backend: "ollama", mode: "fields", modelSmall: "llama3.2:1b",
      modelLarge: "llama3.2:3b-custom",
    });
    assert.deepEqual(running.warnings(), []);
  });

  it("warns about a setting value the server refuses", async (t) => {
    if (server === undefined) {
      return t.skip(skip);
    }
    const running = server;
    await running.connection.sendNotification(DidChangeConfigurationNotification.type, {
      settings: toServerSettings(defaultsReader({ timeout: -1 })),
    });
    await running.until("a warning and the embedded status", () =>
      running.warnings().length > 0 && running.statuses.at(-1)?.backend === "embedded");
    assert.equal(running.warnings().length, 1);
    assert.match(running.warnings()[0] ?? "", /timeout/);
    assert.equal(running.statuses.at(-1)?.backend, "embedded");
    running.messages.length = 0;
  });

  it("runs generateFromComment with the code action's arguments", async (t) => {
    if (server === undefined) {
      return t.skip(skip);
    }
    const { connection } = server;
    await connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri: DOCUMENT, languageId: "python", version: 1, text: TEXT },
    });
    const cursor = { line: 1, character: 4 };
    const actions = await connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: DOCUMENT }, range: { start: cursor, end: cursor },
      context: { diagnostics: [], only: [CodeActionKind.RefactorRewrite] },
    }) as ActionLike[] | null;
    const args = generateArguments(actions, { uri: DOCUMENT, version: 1, line: cursor.line });
    assert.deepEqual(args, [DOCUMENT, 1, 0]);
    // The embedded backend answers at once: with a strategy where a model ships, else with
    // a reason. Either way the server took the arguments.
    const result = await connection.sendRequest(ExecuteCommandRequest.type,
      { command: "strategyLsp.generateFromComment", arguments: args }) as { applied?: unknown };
    assert.equal(typeof result.applied, "boolean", JSON.stringify(result));
  });
});
