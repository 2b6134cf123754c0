/** The status-bar item: live backend and model, a spinner while generating. */

import * as vscode from "vscode";

import { type ServerState, type ServerStatus, type StatusState, statusView } from "./status";

export class StrategyStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem("strategyLsp.status",
    vscode.StatusBarAlignment.Right, 100);
  private state: StatusState = { server: "starting", busy: 0 };
  private readonly editorWatch: vscode.Disposable;

  constructor() {
    this.item.name = "Strategy LSP";
    this.editorWatch = vscode.window.onDidChangeActiveTextEditor(() => this.render());
    this.render();
  }

  setServer(server: ServerState): void {
    this.state = { ...this.state, server, ...(server === "running" ? {} : { busy: 0 }) };
    this.render();
  }

  setStatus(status: ServerStatus): void {
    this.state = { ...this.state, status };
    this.render();
  }

  /** Runs `work` with the spinner on. */
  async busyWhile<T>(work: () => Thenable<T>): Promise<T> {
    this.state = { ...this.state, busy: this.state.busy + 1 };
    this.render();
    try {
      return await work();
    } finally {
      this.state = { ...this.state, busy: Math.max(0, this.state.busy - 1) };
      this.render();
    }
  }

  private render(): void {
    const view = statusView(this.state);
    this.item.text = view.text;
    this.item.tooltip = view.tooltip;
    this.item.command = view.command;
    this.item.backgroundColor = view.warning
      ? new vscode.ThemeColor("statusBarItem.warningBackground")
      : undefined;
    // shown beside Python files, and always while something needs the user's eye
    const python = vscode.window.activeTextEditor?.document.languageId === "python";
    if (python || this.state.busy > 0 || view.warning) {
      this.item.show();
    } else {
      this.item.hide();
    }
  }

  dispose(): void {
    this.editorWatch.dispose();
    this.item.dispose();
  }
}
