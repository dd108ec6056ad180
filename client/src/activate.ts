/**
 * What the desktop and web extensions share: the solver state in the status bar and progress,
 * the commands and the preview, around a language client that each entry creates its own way
 * (a Node process on the desktop, a Web Worker in the browser). The client talks to the server
 * only through LSP and the custom messages typed in the core's protocol module.
 */
import * as vscode from 'vscode';
import type { BaseLanguageClient, LanguageClientOptions } from 'vscode-languageclient';
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
import type { PreviewHost } from './preview-host';
import { openPreview, registerPreview } from './preview-panel';
import { SolveEvents } from './solve-events';
import { SolveProgress } from './solve-progress';
import { SolveStatusBar } from './status-bar';

/** What an entry supplies: how to start the client, and what only its platform offers. */
export interface ClientPlatform {
  /** Shown in the status bar's tooltip, e.g. "in the browser". */
  readonly where?: string;
  /** Extra initialization options for the server, beside the settings. */
  readonly initializationOptions?: Record<string, unknown>;
  createClient(options: LanguageClientOptions): BaseLanguageClient;
  /** Registers the platform's own commands and providers (report export, check task). */
  register(host: PreviewHost): vscode.Disposable[];
}

let client: BaseLanguageClient | undefined;

export async function activateMech(
  context: vscode.ExtensionContext,
  platform: ClientPlatform,
): Promise<PreviewHost> {
  const output = vscode.window.createOutputChannel('Mech', { log: true });
  const events = new SolveEvents();
  const startClient = async () => {
    const started = createClient(platform, output);
    started.onNotification(SOLVE_NOTIFICATION, (notification: SolveNotification) =>
      events.accept(notification),
    );
    client = started;
    await started.start();
  };

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
    new SolveStatusBar(events, platform.where),
    new SolveProgress(events, cancel),
    registerPreview(host),
    ...platform.register(host),
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
    vscode.commands.registerCommand('mech.restartServer', async () => {
      // A fresh client rather than restart(): the browser's server worker ends with its client.
      output.info('restarting the language server');
      events.clear();
      await deactivateMech();
      await startClient();
    }),
    vscode.commands.registerCommand('mech.showOutput', () => output.show(true)),
  );

  await startClient();
  return host;
}

export async function deactivateMech(): Promise<void> {
  await client?.stop();
  client = undefined;
}

function createClient(
  platform: ClientPlatform,
  output: vscode.LogOutputChannel,
): BaseLanguageClient {
  return platform.createClient({
    // Every scheme: the server reads text from the client, so virtual files work too.
    documentSelector: [{ language: 'mech' }],
    synchronize: { configurationSection: 'mech' },
    initializationOptions: { settings: currentSettings(), ...platform.initializationOptions },
    outputChannel: output,
  });
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
export function targetUri(target: unknown): vscode.Uri | undefined {
  if (target instanceof vscode.Uri) return target;
  if (typeof target === 'string') return vscode.Uri.parse(target);
  const document = vscode.window.activeTextEditor?.document;
  return document?.languageId === 'mech' ? document.uri : undefined;
}
