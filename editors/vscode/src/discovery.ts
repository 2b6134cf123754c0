/**
 * Finding the `strategy-lsp` server to start. No `vscode` import: the editor hands in the
 * settings and the Python extension's interpreter, and the probes touch only the file
 * system and child processes, so tests can replace them.
 *
 * Order: `strategyLsp.server.command`, then `strategyLsp.server.python`, then the
 * interpreter selected in the Python extension (when strategy-lsp is installed in it),
 * then `strategy-lsp` on PATH.
 */

import { execFile } from "node:child_process";
import { constants as fsConstants } from "node:fs";
import { access, stat } from "node:fs/promises";
import * as path from "node:path";

/** The module that `python -m` runs; it has the same subcommands as `strategy-lsp`. */
export const SERVER_MODULE = "strategy_lsp.server.cli";
/** The console script that `pip install strategy-lsp` puts on PATH. */
export const SERVER_SCRIPT = "strategy-lsp";
/** What the user is told to run when no server is found. */
export const INSTALL_COMMAND = "pip install strategy-lsp";

export type ServerSource = "setting:command" | "setting:python" | "python-extension" | "path";

/** A command line that starts the server over stdio. */
export interface ServerCommand {
  command: string;
  args: string[];
  source: ServerSource;
  /** The interpreter it runs in, where known (for messages and the install command). */
  python?: string;
}

export type Discovery =
  | { found: true; server: ServerCommand }
  | { found: false; tried: string[]; python?: string; message: string };

export interface DiscoveryInput {
  /** `strategyLsp.server.command`; used as is when not empty. */
  command: readonly string[];
  /** `strategyLsp.server.python`; "" when unset. */
  python: string;
  /** The Python extension's active interpreter, when that extension is present. */
  activeInterpreter?: string;
}

export interface DiscoveryProbes {
  /** Whether `python` can import strategy-lsp's server. */
  hasServerModule(python: string): Promise<boolean>;
  /** The full path of an executable on PATH, or undefined. */
  which(name: string): Promise<string | undefined>;
}

/** The server to start, or why none was found. */
export async function findServer(
  input: DiscoveryInput,
  probes: DiscoveryProbes,
): Promise<Discovery> {
  const [head, ...rest] = input.command;
  if (head !== undefined && head !== "") {
    return { found: true, server: { command: head, args: rest, source: "setting:command" } };
  }
  if (input.python !== "") {
    // The user named this interpreter: do not silently start another one.
    if (await probes.hasServerModule(input.python)) {
      return { found: true, server: pythonServer(input.python, "setting:python") };
    }
    const tried = [`strategyLsp.server.python: ${input.python} (cannot import strategy_lsp)`];
    return { found: false, tried, python: input.python, message: notFoundMessage(tried, input.python) };
  }
  const tried: string[] = [];
  if (input.activeInterpreter !== undefined && input.activeInterpreter !== "") {
    if (await probes.hasServerModule(input.activeInterpreter)) {
      return { found: true, server: pythonServer(input.activeInterpreter, "python-extension") };
    }
    tried.push(`the Python extension's interpreter ${input.activeInterpreter} (cannot import ` +
      "strategy_lsp)");
  }
  const script = await probes.which(SERVER_SCRIPT);
  if (script !== undefined) {
    return { found: true, server: { command: script, args: ["serve"], source: "path" } };
  }
  tried.push(`${SERVER_SCRIPT} on PATH (not found)`);
  return {
    found: false, tried, python: input.activeInterpreter,
    message: notFoundMessage(tried, input.activeInterpreter),
  };
}

function pythonServer(python: string, source: ServerSource): ServerCommand {
  return { command: python, args: ["-m", SERVER_MODULE, "serve"], source, python };
}

/** The install command for an interpreter, or the plain one when none is known. */
export function installCommand(python?: string): string {
  if (python === undefined || python === "") {
    return INSTALL_COMMAND;
  }
  // double quotes work in POSIX shells, cmd and PowerShell for a path with spaces
  const quoted = /[\s"']/.test(python) ? `"${python.replace(/"/g, '\\"')}"` : python;
  return `${quoted} -m ${INSTALL_COMMAND}`;
}

/** The error the user reads when no server can be started. */
export function notFoundMessage(tried: readonly string[], python?: string): string {
  return `The strategy-lsp server was not found (tried ${tried.join("; ")}). ` +
    `Install it with \`${installCommand(python)}\`, or set strategyLsp.server.command ` +
    "or strategyLsp.server.python.";
}

/** A short line for the output channel: what is started and why. */
export function describeServer(server: ServerCommand): string {
  const why: Record<ServerSource, string> = {
    "setting:command": "from strategyLsp.server.command",
    "setting:python": "from strategyLsp.server.python",
    "python-extension": "with the Python extension's interpreter",
    path: "found on PATH",
  };
  return `${[server.command, ...server.args].join(" ")} (${why[server.source]})`;
}

/** Probes that look at the real file system and run the interpreter. */
export function systemProbes(
  env: Readonly<Record<string, string | undefined>> = process.env,
  platform: NodeJS.Platform = process.platform,
): DiscoveryProbes {
  return {
    hasServerModule: (python) => hasServerModule(python, env),
    which: (name) => which(name, env, platform),
  };
}

/** Whether `python -c "find_spec('strategy_lsp.server')"` succeeds, within 15 s. */
export function hasServerModule(
  python: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<boolean> {
  // find_spec imports only the namespace package, not the server and its dependencies
  const check = "import importlib.util, sys; " +
    "sys.exit(0 if importlib.util.find_spec('strategy_lsp.server') else 1)";
  return new Promise((resolve) => {
    execFile(python, ["-c", check], { timeout: 15_000, env: { ...env }, windowsHide: true },
      (error) => resolve(error === null));
  });
}

/** The first executable called `name` on PATH (with PATHEXT on Windows). */
export async function which(
  name: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
  platform: NodeJS.Platform = process.platform,
): Promise<string | undefined> {
  const windows = platform === "win32";
  const pathValue = (windows ? env.Path ?? env.PATH : env.PATH) ?? "";
  const extensions = windows
    ? (env.PATHEXT ?? ".COM;.EXE;.BAT;.CMD").split(";").filter((ext) => ext !== "")
    : [""];
  const delimiter = windows ? ";" : ":";
  for (const folder of pathValue.split(delimiter)) {
    if (folder === "") {
      continue;
    }
    for (const extension of extensions) {
      const candidate = path.join(folder, name + extension);
      if (await isExecutableFile(candidate, windows)) {
        return candidate;
      }
    }
  }
  return undefined;
}

async function isExecutableFile(file: string, windows: boolean): Promise<boolean> {
  try {
    if (!(await stat(file)).isFile()) {
      return false;
    }
    await access(file, windows ? fsConstants.F_OK : fsConstants.X_OK);
    return true;
  } catch {
    return false;
  }
}
