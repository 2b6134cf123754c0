/** package.json, read the way VS Code reads its contributed settings. */

import { readFileSync } from "node:fs";
import * as path from "node:path";

import { SECTION, type SettingReader } from "../src/settings";

export interface SettingSchema {
  type: string | string[];
  default: unknown;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
}

export interface Manifest {
  engines: { vscode: string };
  main: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  activationEvents: string[];
  contributes: {
    commands: { command: string; title: string; category?: string }[];
    menus: Record<string, { command: string; when?: string }[]>;
    configuration: { properties: Record<string, SettingSchema> };
  };
}

export const ROOT = path.resolve(__dirname, "..");

export const manifest = JSON.parse(
  readFileSync(path.join(ROOT, "package.json"), "utf8")) as Manifest;

/** Setting names below `strategyLsp.` and their schemas. */
export function settings(): Map<string, SettingSchema> {
  const result = new Map<string, SettingSchema>();
  for (const [key, schema] of Object.entries(manifest.contributes.configuration.properties)) {
    if (key.startsWith(`${SECTION}.`)) {
      result.set(key.slice(SECTION.length + 1), schema);
    }
  }
  return result;
}

/** A reader that answers every setting with its package.json default, then `overrides`. */
export function defaultsReader(overrides: Record<string, unknown> = {}): SettingReader {
  const all = settings();
  return (name) => name in overrides ? overrides[name] : all.get(name)?.default;
}
