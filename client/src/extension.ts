/**
 * The VS Code extension: starts the language server (dist/server.js over IPC), shows the solver
 * state, and offers the commands, task and preview. It talks to the server only through LSP and
 * the custom messages typed in the core's protocol module.
 */
import * as vscode from 'vscode';
import {
  LanguageClient,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import {
  CANCEL_SOLVE_REQUEST,
  LAST_SOLVE_REQUEST,
  SOLVE_NOTIFICATION,
  SOLVE_REQUEST,
  type CancelSolveParams,
  type LastSolveParams,
  type SolveNotification,
  type SolveRequestParams,
} from '../../language/src/protocol';
import { CheckTaskProvider, TASK_TYPE } from './check-task';
import type { PreviewHost } from './preview-host';
import { exportReport, openPreview, registerPreview } from './preview-panel';
import { SolveEvents } from './solve-events';
import { SolveProgress } from './solve-progress';
import { SolveStatusBar } from './status-bar';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<PreviewHost> {
  const output = vscode.window.createOutputChannel('Mech', { log: true });
  const events = new SolveEvents();
  client = createClient(context, output);
  client.onNotification(SOLVE_NOTIFICATION, (notification: SolveNotification) =>
    events.accept(notification),
  );

  const host: PreviewHost = {
    context,
    output,
    onDidSolve: events.onDidChange,
    lastSolve: async (uri) =>
      events.last(uri.toString()) ??
      (await request<LastSolveParams>(LAST_SOLVE_REQUEST, { uri: uri.toString() })),
    solve: (uri) => request<SolveRequestParams>(SOLVE_REQUEST, { uri: uri.toString() }),
  };
  const cancel = (uri?: string) => void request<CancelSolveParams>(CANCEL_SOLVE_REQUEST, { uri });

  context.subscriptions.push(
    output,
    events,
    new SolveStatusBar(events),
    new SolveProgress(events, cancel),
    vscode.tasks.registerTaskProvider(TASK_TYPE, new CheckTaskProvider(context.extensionUri)),
    registerPreview(host),
    vscode.commands.registerCommand('mech.solve', async (target?: unknown) => {
      const uri = targetUri(target);
      if (uri) await host.solve(uri);
    }),
    vscode.commands.registerCommand('mech.cancelSolve', (target?: unknown) =>
      cancel(targetUri(target)?.toString()),
    ),
    vscode.commands.registerCommand('mech.openPreview', async (target?: unknown) => {
      const uri = targetUri(target);
      if (uri) await openPreview(host, uri);
    }),
    vscode.commands.registerCommand('mech.exportReport', async (target?: unknown) => {
      const uri = targetUri(target);
      if (uri) await exportReport(host, uri);
    }),
    vscode.commands.registerCommand('mech.restartServer', async () => {
      output.info('restarting the language server');
      events.clear();
      await client?.restart();
    }),
    vscode.commands.registerCommand('mech.showOutput', () => output.show(true)),
  );

  await client.start();
  return host;
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

function createClient(
  context: vscode.ExtensionContext,
  output: vscode.LogOutputChannel,
): LanguageClient {
  const module = vscode.Uri.joinPath(context.extensionUri, 'dist', 'server.js').fsPath;
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: {
      module,
      transport: TransportKind.ipc,
      options: { execArgv: ['--nolazy', '--inspect=6009'] },
    },
  };
  const clientOptions: LanguageClientOptions = {
    // Every scheme: the server reads text from the client, so virtual files work too.
    documentSelector: [{ language: 'mech' }],
    synchronize: { configurationSection: 'mech' },
    initializationOptions: { settings: currentSettings() },
    outputChannel: output,
  };
  return new LanguageClient('mech', 'Mech Language Server', serverOptions, clientOptions);
}

/** The `mech.*` settings as the server reads them (see `ServerSettings`). */
function currentSettings(): unknown {
  const configuration = vscode.workspace.getConfiguration('mech');
  return {
    solve: {
      runMode: configuration.get('solve.runMode'),
      timeLimit: configuration.get('solve.timeLimit'),
    },
    precision: configuration.get('precision'),
  };
}

async function request<P>(method: string, params: P): Promise<SolveNotification | null> {
  if (!client?.isRunning()) return null;
  return client.sendRequest<SolveNotification | null>(method, params);
}

/** A command's file: a URI or URI string from a code lens or menu, else the active editor's. */
function targetUri(target: unknown): vscode.Uri | undefined {
  if (target instanceof vscode.Uri) return target;
  if (typeof target === 'string') return vscode.Uri.parse(target);
  const document = vscode.window.activeTextEditor?.document;
  return document?.languageId === 'mech' ? document.uri : undefined;
}
