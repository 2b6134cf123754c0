/**
 * "Generate strategy from comment": which server command to run for the cursor. No
 * `vscode` import. The server's code action for the cursor carries the comment block's
 * first line; without one (the cursor is not on a comment, or the server offers none) the
 * command runs with the cursor's line and the server says what is missing.
 */

/** The server's command (pygls `@server.command`), as its code action names it. */
export const GENERATE_FROM_COMMENT = "strategyLsp.generateFromComment";

/** Server commands that run a generation: the status bar spins while one is in flight. */
export const GENERATION_COMMANDS: ReadonlySet<string> = new Set([
  GENERATE_FROM_COMMENT,
  "strategyLsp.regenerateParameter",
  "strategyLsp.generateParameter",
]);

/** An LSP `Command`, or a `CodeAction` that may carry one. */
export interface ActionLike {
  title: string;
  command?: string | { command: string; arguments?: unknown[] };
  arguments?: unknown[];
}

/** Where the cursor is, as the server sees the document. */
export interface Cursor {
  uri: string;
  version: number;
  line: number;
}

/** The `[uri, version, line]` arguments for `strategyLsp.generateFromComment`. */
export function generateArguments(
  actions: readonly ActionLike[] | null | undefined,
  cursor: Cursor,
): unknown[] {
  for (const action of actions ?? []) {
    const command = typeof action.command === "string"
      ? { command: action.command, arguments: action.arguments }
      : action.command;
    if (command?.command === GENERATE_FROM_COMMENT && Array.isArray(command.arguments) &&
        command.arguments.length === 3) {
      return command.arguments;
    }
  }
  return [cursor.uri, cursor.version, cursor.line];
}

/** The server's answer to a generation command: `{ applied, reason? }`. */
export function describeResult(result: unknown): string | undefined {
  if (result === null || typeof result !== "object") {
    return undefined;
  }
  const { applied, reason } = result as { applied?: unknown; reason?: unknown };
  if (applied === true) {
    return "inserted";
  }
  return typeof reason === "string" ? `not inserted: ${reason}` : "not inserted";
}
