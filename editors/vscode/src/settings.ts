/**
 * The extension's settings, split into what the client needs to start the server and what
 * is passed to the server (as `initializationOptions` and in
 * `workspace/didChangeConfiguration`). No `vscode` import: the editor hands in a reader.
 *
 * Every `strategyLsp.*` setting is passed to the server except those under
 * `strategyLsp.server.*` and `strategyLsp.trace.*`, which only the client reads. The
 * names are the server's own (`strategy_lsp.server.config.settings_schema()`);
 * tests/server/test_vscode_settings.py checks that package.json agrees with it.
 */

/** The section all settings live under. */
export const SECTION = "strategyLsp";

/** Settings the client reads itself and never passes to the server. */
export const CLIENT_PREFIXES = ["server.", "trace."] as const;

/** Setting names (below `strategyLsp.`) passed to the server, in the server's camelCase. */
export const SERVER_SETTINGS = [
  "backend",
  "mode",
  "modelSmall",
  "modelLarge",
  "ollamaHost",
  "ollamaKeepAlive",
  "openaiBaseUrl",
  "openaiApiKey",
  "timeout",
  "rag",
  "promptStyle",
  "fallbackToEmbedded",
  "maxConcurrency",
  "unsureBelow",
  "shortSides",
  "knowledgeDir",
  "diagnosticsDelay",
  "parameterCompletion",
] as const;

export type ServerSettingName = (typeof SERVER_SETTINGS)[number];

/** Settings whose value is a file-system path, where `${workspaceFolder}` and `~` expand. */
const PATH_SETTINGS: ReadonlySet<string> = new Set(["knowledgeDir"]);

/** Reads one setting below `strategyLsp.` (e.g. `"backend"`, `"server.command"`). */
export type SettingReader = (name: string) => unknown;

/** What `${...}` variables in path-like settings expand to. */
export interface VariableContext {
  workspaceFolder?: string;
  userHome?: string;
  env?: Readonly<Record<string, string | undefined>>;
}

/** The payload sent to the server: `{ strategyLsp: { backend: "ollama", ... } }`. */
export interface ServerOptionsPayload {
  strategyLsp: Partial<Record<ServerSettingName, unknown>>;
}

/**
 * The settings passed to the server. An empty string or null means "the server's
 * default" (VS Code's settings editor has no way to unset a string), so it is left out.
 *
 * @example toServerSettings((n) => ({ backend: "ollama", modelLarge: "" })[n])
 *   // → { strategyLsp: { backend: "ollama" } }
 */
export function toServerSettings(
  read: SettingReader,
  variables: VariableContext = {},
): ServerOptionsPayload {
  const settings: Partial<Record<ServerSettingName, unknown>> = {};
  for (const name of SERVER_SETTINGS) {
    let value = read(name);
    if (value === undefined || value === null || value === "") {
      continue;
    }
    if (typeof value === "string") {
      value = value.trim();
      if (value === "") {
        continue;
      }
      if (PATH_SETTINGS.has(name)) {
        value = expandVariables(value as string, variables);
      }
    }
    settings[name] = value;
  }
  return { strategyLsp: settings };
}

/** True for a setting name (below `strategyLsp.`) that only the client reads. */
export function isClientSetting(name: string): boolean {
  return CLIENT_PREFIXES.some((prefix) => name.startsWith(prefix));
}

/** How to start the server, as the user configured it. */
export interface ClientSettings {
  /** `strategyLsp.server.command`: the whole command line; empty when unset. */
  command: string[];
  /** `strategyLsp.server.python`: an interpreter with strategy-lsp installed; "" when unset. */
  python: string;
  /** `strategyLsp.server.env`: extra environment variables for the server process. */
  env: Record<string, string>;
}

/** The client's own settings, with variables expanded and wrong types dropped. */
export function readClientSettings(
  read: SettingReader,
  variables: VariableContext = {},
): ClientSettings {
  const rawCommand = read("server.command");
  const command = Array.isArray(rawCommand)
    ? rawCommand
        .filter((part): part is string => typeof part === "string")
        .map((part) => expandVariables(part, variables))
    : [];
  const rawPython = read("server.python");
  const python = typeof rawPython === "string" ? expandVariables(rawPython.trim(), variables) : "";
  const rawEnv = read("server.env");
  const env: Record<string, string> = {};
  if (rawEnv !== null && typeof rawEnv === "object" && !Array.isArray(rawEnv)) {
    for (const [key, value] of Object.entries(rawEnv as Record<string, unknown>)) {
      if (typeof value === "string") {
        env[key] = expandVariables(value, variables);
      }
    }
  }
  return { command: command.length > 0 && command[0] !== "" ? command : [], python, env };
}

/**
 * Expands `${workspaceFolder}`, `${userHome}`, `${env:NAME}` and a leading `~`, as VS Code
 * does in its own settings. An unknown variable is left as written, so the error the user
 * sees names it.
 */
export function expandVariables(value: string, variables: VariableContext): string {
  const home = variables.userHome;
  let result = value.replace(/\$\{(workspaceFolder|userHome|env:([A-Za-z_][A-Za-z0-9_]*))\}/g,
    (whole: string, name: string, envName: string | undefined) => {
      if (envName !== undefined) {
        return variables.env?.[envName] ?? "";
      }
      const found = name === "workspaceFolder" ? variables.workspaceFolder : home;
      return found ?? whole;
    });
  if (home !== undefined && (result === "~" || result.startsWith("~/") ||
      result.startsWith("~\\"))) {
    result = home + result.slice(1);
  }
  return result;
}

/** Where a changed setting is written: where it is set now, else the user's settings. */
export type SettingTarget = "workspaceFolder" | "workspace" | "global";

/** The level a setting is defined at, from `WorkspaceConfiguration.inspect()`. */
export function settingTarget(inspected: {
  workspaceFolderValue?: unknown;
  workspaceValue?: unknown;
} | undefined): SettingTarget {
  if (inspected?.workspaceFolderValue !== undefined) {
    return "workspaceFolder";
  }
  if (inspected?.workspaceValue !== undefined) {
    return "workspace";
  }
  return "global";
}
