/** package.json agrees with the code: settings, enums, commands and version pins. */

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";

import { BACKENDS } from "../src/backends";
import { manifest, ROOT, settings } from "./manifest";

describe("package.json", () => {
  it("lists the backends in the order of the quick pick", () => {
    assert.deepEqual(settings().get("backend")?.enum, BACKENDS.map((backend) => backend.id));
  });

  it("registers every contributed command, and contributes every registered one", () => {
    const source = readFileSync(path.join(ROOT, "src", "extension.ts"), "utf8");
    const registered = [...source.matchAll(/registerCommand\("([^"]+)"/g)].map((m) => m[1]);
    const contributed = manifest.contributes.commands.map((command) => command.command);
    assert.deepEqual([...registered].sort(), [...contributed].sort());
  });

  it("puts Generate strategy from comment in the Python editor's context menu", () => {
    const menu = manifest.contributes.menus["editor/context"] ?? [];
    assert.ok(menu.some((item) => item.command === "strategyLsp.generate" &&
      item.when === "editorLangId == python"));
    const generate = manifest.contributes.commands.find((c) => c.command === "strategyLsp.generate");
    assert.equal(`${generate?.category}: ${generate?.title}`,
      "Strategy: Generate strategy from comment");
  });

  it("pins @types/vscode to engines.vscode, which vsce requires", () => {
    assert.equal(`^${manifest.devDependencies["@types/vscode"]}`, manifest.engines.vscode);
    const client = JSON.parse(readFileSync(path.join(ROOT, "node_modules",
      "vscode-languageclient", "package.json"), "utf8")) as { engines: { vscode: string } };
    assert.equal(client.engines.vscode, manifest.engines.vscode);
  });

  it("starts from the bundle and activates on Python files", () => {
    assert.equal(manifest.main, "./dist/extension.js");
    assert.deepEqual(manifest.activationEvents, ["onLanguage:python"]);
  });

  it("documents every setting and command in README.md", () => {
    const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
    for (const name of settings().keys()) {
      assert.ok(readme.includes(`| \`strategyLsp.${name}\` |`), `README lacks strategyLsp.${name}`);
    }
    for (const command of manifest.contributes.commands) {
      assert.ok(readme.includes(`**${command.category}: ${command.title}**`), command.command);
    }
  });

  it("gives every setting a description and a default", () => {
    for (const [name, schema] of settings()) {
      const described = schema as { markdownDescription?: string; description?: string };
      assert.ok((described.markdownDescription ?? described.description ?? "") !== "", name);
      assert.notEqual(schema.default, undefined, name);
    }
  });
});
