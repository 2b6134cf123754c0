/** The extension's own commands: generate at the cursor, select the backend. */

import * as vscode from "vscode";
import {
  CodeActionKind,
  CodeActionRequest,
  ExecuteCommandRequest,
} from "vscode-languageclient/node";

import { BACKENDS } from "./backends";
import { type ActionLike, describeResult, GENERATE_FROM_COMMENT,
  generateArguments } from "./generate";
import type { ServerSession } from "./session";
import { SECTION, settingTarget } from "./settings";
import type { StrategyStatusBar } from "./statusBar";

/**
 * "Strategy: Generate strategy from comment": asks the server for its code actions at the
 * cursor and runs the generate one, as the lightbulb would.
 */
export async function generateFromComment(session: ServerSession, statusBar: StrategyStatusBar,
                                          output: vscode.LogOutputChannel): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (editor?.document.languageId !== "python") {
    void vscode.window.showInformationMessage(
      "Strategy LSP: open a Python file and put the cursor on a comment that describes a " +
      "strategy.");
    return;
  }
  const client = session.languageClient;
  if (client === undefined) {
    const choice = await vscode.window.showWarningMessage(
      "Strategy LSP: the server is not running.", "Restart server", "Show output");
    if (choice === "Restart server") {
      await session.restart();
    } else if (choice === "Show output") {
      output.show();
    }
    return;
  }
  const document = editor.document;
  const cursor = client.code2ProtocolConverter.asPosition(editor.selection.active);
  const uri = client.code2ProtocolConverter.asUri(document.uri);
  try {
    const actions = await client.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: { start: cursor, end: cursor },
      context: { diagnostics: [], only: [CodeActionKind.RefactorRewrite] },
    }) as ActionLike[] | null;
    const args = generateArguments(actions,
      { uri, version: document.version, line: cursor.line });
    // the status bar spins as it does for the lightbulb's command (session.ts middleware)
    const result: unknown = await statusBar.busyWhile(() =>
      client.sendRequest(ExecuteCommandRequest.type, { command: GENERATE_FROM_COMMENT,
        arguments: args }));
    output.info(`Generate strategy from comment: ${describeResult(result) ?? "no answer"}`);
  } catch (error) {
    output.error(`Generate strategy from comment failed: ${String(error)}`);
    void vscode.window.showErrorMessage(`Strategy LSP: generation failed: ${String(error)}`);
  }
}

/** "Strategy: Select backend": a quick pick that writes `strategyLsp.backend`. */
export async function selectBackend(): Promise<void> {
  const config = vscode.workspace.getConfiguration(SECTION);
  const current = config.get<string>("backend");
  const items = BACKENDS.map((backend) => ({
    label: backend.id === current ? `$(check) ${backend.label}` : backend.label,
    description: backend.id,
    detail: backend.detail,
    id: backend.id,
  }));
  const picked = await vscode.window.showQuickPick(items, {
    title: "Strategy LSP: generation backend",
    placeHolder: `Now: ${current ?? "embedded"}`,
  });
  if (picked === undefined || picked.id === current) {
    return;
  }
  const target = {
    workspaceFolder: vscode.ConfigurationTarget.WorkspaceFolder,
    workspace: vscode.ConfigurationTarget.Workspace,
    global: vscode.ConfigurationTarget.Global,
  }[settingTarget(config.inspect("backend"))];
  // the configuration listener passes the change on to the server, which answers with
  // its new status
  await config.update("backend", picked.id, target);
}
