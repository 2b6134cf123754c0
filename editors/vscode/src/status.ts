/**
 * What the status-bar item shows: the live backend and model from the server's
 * `strategyLsp/status` notification, and a spinner while a generation runs. No `vscode`
 * import; statusBar.ts puts the view on screen.
 */

/** The `strategyLsp/status` notification's name. */
export const STATUS_NOTIFICATION = "strategyLsp/status";

/** The server's `strategyLsp/status` payload. */
export interface ServerStatus {
  backend: string;
  mode: string;
  modelSmall: string;
  modelLarge: string;
}

export type ServerState = "starting" | "running" | "stopped" | "notFound" | "failed";

export interface StatusState {
  server: ServerState;
  status?: ServerStatus;
  /** Generation commands in flight. */
  busy: number;
}

export interface StatusView {
  text: string;
  tooltip: string;
  /** The command a click runs. */
  command: string;
  /** Whether to draw the item in the warning colours. */
  warning: boolean;
}

/** The payload if it has the documented shape, else undefined. */
export function parseStatus(payload: unknown): ServerStatus | undefined {
  if (payload === null || typeof payload !== "object") {
    return undefined;
  }
  const fields = payload as Record<string, unknown>;
  const { backend, mode, modelSmall, modelLarge } = fields;
  if (typeof backend !== "string" || typeof mode !== "string" ||
      typeof modelSmall !== "string" || typeof modelLarge !== "string") {
    return undefined;
  }
  return { backend, mode, modelSmall, modelLarge };
}

/** The model(s) that generate in this mode: the large one for whole strategies. */
export function activeModels(status: ServerStatus): string {
  if (status.mode === "whole" || status.modelSmall === status.modelLarge) {
    return status.modelLarge;
  }
  return `${status.modelSmall} + ${status.modelLarge}`;
}

export function statusView(state: StatusState): StatusView {
  const label = state.status === undefined
    ? "Strategy"
    : `Strategy: ${state.status.backend} · ${activeModels(state.status)}`;
  const details = state.status === undefined ? "" : [
    `backend: ${state.status.backend}`,
    `mode: ${state.status.mode}`,
    `small model: ${state.status.modelSmall}`,
    `large model: ${state.status.modelLarge}`,
  ].join("\n");
  if (state.busy > 0) {
    return {
      text: `$(sync~spin) ${label}`,
      tooltip: ["Generating… (the progress in the status bar can be cancelled)", details]
        .filter((s) => s !== "").join("\n"),
      command: "strategyLsp.showOutput",
      warning: false,
    };
  }
  switch (state.server) {
    case "starting":
      return { text: "$(loading~spin) Strategy", tooltip: "Starting strategy-lsp…",
        command: "strategyLsp.showOutput", warning: false };
    case "notFound":
      return { text: "$(warning) Strategy", tooltip: "strategy-lsp was not found. Click to " +
        "restart it once it is installed.", command: "strategyLsp.restartServer", warning: true };
    case "failed":
    case "stopped":
      return { text: "$(error) Strategy", tooltip: "strategy-lsp is not running. Click to " +
        "see its output.", command: "strategyLsp.showOutput", warning: true };
    case "running":
      return { text: `$(symbol-event) ${label}`,
        tooltip: [details, "Click to select the backend."].filter((s) => s !== "").join("\n"),
        command: "strategyLsp.selectBackend", warning: false };
  }
}
