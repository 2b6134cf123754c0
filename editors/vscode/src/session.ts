/**
 * One run of the language server: finds it, starts it over stdio, passes the settings,
 * follows its status, and stops or restarts it on demand.
 */

import * as os from "node:os";

import * as vscode from "vscode";
import {
  DidChangeConfigurationNotification,
  type Executable,
  LanguageClient,
  type LanguageClientOptions,
  State,
  TransportKind,
} from "vscode-languageclient/node";

import { describeServer, findServer, installCommand, systemProbes } from "./discovery";
import { GENERATION_COMMANDS } from "./generate";
import { activeInterpreter, onInterpreterChange } from "./python";
import {
  readClientSettings,
  SECTION,
  toServerSettings,
  type VariableContext,
} from "./settings";
import { parseStatus, STATUS_NOTIFICATION } from "./status";
import type { StrategyStatusBar } from "./statusBar";

const CLIENT_ID = SECTION; // so vscode-languageclient reads strategyLsp.trace.server
const CLIENT_NAME = "Strategy LSP";

export class ServerSession implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private starting: Promise<void> | undefined;
  private followsInterpreter = true;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly output: vscode.LogOutputChannel,
    private readonly statusBar: StrategyStatusBar,
  ) {
    this.disposables.push(vscode.workspace.onDidChangeConfiguration((event) => {
      void this.configurationChanged(event);
    }));
    void onInterpreterChange(() => {
      if (this.followsInterpreter) {
        this.output.info("The Python interpreter changed; restarting the server.");
        void this.restart();
      }
    }).then((disposable) => this.disposables.push(disposable));
  }

  /** The running client, if any. */
  get languageClient(): LanguageClient | undefined {
    return this.client?.state === State.Running ? this.client : undefined;
  }

  start(): Promise<void> {
    this.starting ??= this.startOnce().finally(() => {
      this.starting = undefined;
    });
    return this.starting;
  }

  async stop(): Promise<void> {
    await this.starting?.catch(() => undefined);
    const client = this.client;
    this.client = undefined;
    if (client === undefined) {
      return;
    }
    try {
      if (client.state !== State.Stopped) {
        await client.stop(3000);
      }
    } catch (error) {
      this.output.warn(`Stopping the server: ${String(error)}`);
    } finally {
      await client.dispose(1000).catch(() => undefined);
    }
  }

  async restart(): Promise<void> {
    this.output.info("Restarting the server.");
    await this.stop();
    await this.start();
  }

  private async startOnce(): Promise<void> {
    this.statusBar.setServer("starting");
    const variables = variableContext();
    const config = vscode.workspace.getConfiguration(SECTION);
    const settings = readClientSettings((name) => config.get(name), variables);
    const interpreter = settings.command.length === 0 && settings.python === ""
      ? await activeInterpreter(vscode.workspace.workspaceFolders?.[0]?.uri)
      : undefined;
    const env = { ...process.env, ...settings.env };
    const discovery = await findServer(
      { command: settings.command, python: settings.python, activeInterpreter: interpreter },
      systemProbes(env));
    if (!discovery.found) {
      this.followsInterpreter = true; // installing into it and switching should retry
      this.statusBar.setServer("notFound");
      this.output.error(discovery.message);
      void this.offerInstall(discovery.message, discovery.python);
      return;
    }
    const server = discovery.server;
    this.followsInterpreter = server.source === "python-extension" || server.source === "path";
    this.output.info(`Starting ${describeServer(server)}`);
    const client = this.createClient(server.command, server.args, env);
    this.client = client;
    try {
      await client.start();
      this.statusBar.setServer("running");
    } catch (error) {
      this.statusBar.setServer("failed");
      this.output.error(`The server did not start: ${String(error)}`);
      void this.reportStartFailure(`the server (${server.command}) did not start: ` +
        String(error));
    }
  }

  private async reportStartFailure(message: string): Promise<void> {
    const choice = await vscode.window.showErrorMessage(`Strategy LSP: ${message}`,
      "Show output", "Open settings");
    if (choice === "Show output") {
      this.output.show();
    } else if (choice === "Open settings") {
      void vscode.commands.executeCommand("workbench.action.openSettings", `${SECTION}.server`);
    }
  }

  private createClient(command: string, args: string[], env: NodeJS.ProcessEnv): LanguageClient {
    const executable: Executable = {
      command, args, transport: TransportKind.stdio,
      options: { env, cwd: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath },
    };
    const statusBar = this.statusBar;
    const clientOptions: LanguageClientOptions = {
      documentSelector: [
        { scheme: "file", language: "python" },
        { scheme: "untitled", language: "python" },
      ],
      outputChannel: this.output,
      traceOutputChannel: this.output,
      initializationOptions: serverSettings(),
      middleware: {
        executeCommand: (name, commandArgs, next): Promise<unknown> => {
          const run = async (): Promise<unknown> => await next(name, commandArgs) as unknown;
          return GENERATION_COMMANDS.has(name) ? statusBar.busyWhile(run) : run();
        },
      },
    };
    const client = new LanguageClient(CLIENT_ID, CLIENT_NAME, executable, clientOptions);
    client.onNotification(STATUS_NOTIFICATION, (payload: unknown) => {
      const status = parseStatus(payload);
      if (status !== undefined) {
        statusBar.setStatus(status);
      }
    });
    client.onDidChangeState(({ newState }) => {
      if (this.client !== client) {
        return;
      }
      statusBar.setServer(newState === State.Running ? "running"
        : newState === State.Starting ? "starting" : "stopped");
    });
    return client;
  }

  private async configurationChanged(event: vscode.ConfigurationChangeEvent): Promise<void> {
    if (!event.affectsConfiguration(SECTION)) {
      return;
    }
    if (event.affectsConfiguration(`${SECTION}.server`)) {
      this.output.info("strategyLsp.server changed; restarting the server.");
      await this.restart();
      return;
    }
    const client = this.languageClient;
    if (client !== undefined) {
      await client.sendNotification(DidChangeConfigurationNotification.type,
        { settings: serverSettings() });
    }
  }

  private async offerInstall(message: string, python: string | undefined): Promise<void> {
    const install = installCommand(python);
    const choice = await vscode.window.showErrorMessage(`Strategy LSP: ${message}`,
      "Copy install command", "Open settings", "Retry");
    if (choice === "Copy install command") {
      await vscode.env.clipboard.writeText(install);
      void vscode.window.showInformationMessage(
        `Copied \`${install}\`. Run it in a terminal, then "Strategy: Restart server".`);
    } else if (choice === "Open settings") {
      void vscode.commands.executeCommand("workbench.action.openSettings", `${SECTION}.server`);
    } else if (choice === "Retry") {
      await this.restart();
    }
  }

  dispose(): void {
    for (const disposable of this.disposables) {
      disposable.dispose();
    }
    void this.stop();
  }
}

function variableContext(): VariableContext {
  return {
    workspaceFolder: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
    userHome: os.homedir(),
    env: process.env,
  };
}

/** The settings the server reads, from the current configuration. */
export function serverSettings(): ReturnType<typeof toServerSettings> {
  const config = vscode.workspace.getConfiguration(SECTION);
  return toServerSettings((name) => config.get(name), variableContext());
}
