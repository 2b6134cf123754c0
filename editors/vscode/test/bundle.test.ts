/**
 * The bundle esbuild makes loads as CommonJS and exports activate/deactivate, with
 * `vscode` left to the editor. (The editor itself cannot run here; a stub stands in for
 * the `vscode` module, so this checks loading, not behaviour.)
 */

import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { after, describe, it } from "node:test";

import { build } from "esbuild";

import { ROOT } from "./manifest";

/** Every property is a class, so the client's `class X extends vscode.Y` loads. */
const VSCODE_STUB = `
const stub = new Proxy({}, { get: (_, name) => name === "__esModule" ? false : class {} });
module.exports = stub;
`;

describe("the bundle", () => {
  let folder = "";
  after(() => rm(folder, { recursive: true, force: true }));

  it("loads as CommonJS and exports activate and deactivate", async () => {
    folder = await mkdtemp(path.join(tmpdir(), "strategy-lsp-bundle-"));
    await mkdir(path.join(folder, "node_modules", "vscode"), { recursive: true });
    await writeFile(path.join(folder, "node_modules", "vscode", "index.js"), VSCODE_STUB);
    const outfile = path.join(folder, "extension.js");
    const result = await build({
      entryPoints: [path.join(ROOT, "src", "extension.ts")], outfile, bundle: true,
      format: "cjs", platform: "node", target: "node18", external: ["vscode"],
      minify: true, logLevel: "silent",
    });
    assert.deepEqual(result.errors, []);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const extension = require(outfile) as Record<string, unknown>;
    assert.equal(typeof extension.activate, "function");
    assert.equal(typeof extension.deactivate, "function");
  });
});
