/** Entry point: wires the server session, the status bar and the commands together. */

import * as vscode from "vscode";

import { generateFromComment, selectBackend } from "./commands";
import { ServerSession } from "./session";
import { StrategyStatusBar } from "./statusBar";

let session: ServerSession | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel("Strategy LSP", { log: true });
  const statusBar = new StrategyStatusBar();
  session = new ServerSession(output, statusBar);
  const running = session;
  context.subscriptions.push(
    output,
    statusBar,
    running,
    vscode.commands.registerCommand("strategyLsp.generate",
      () => generateFromComment(running, statusBar, output)),
    vscode.commands.registerCommand("strategyLsp.restartServer", () => running.restart()),
    vscode.commands.registerCommand("strategyLsp.showOutput", () => output.show()),
    vscode.commands.registerCommand("strategyLsp.selectBackend", () => selectBackend()),
  );
  await running.start();
}

export async function deactivate(): Promise<void> {
  await session?.stop();
  session = undefined;
}
