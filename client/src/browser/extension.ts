/**
 * The web extension (VS Code for the Web, github.dev): the same language server in a Web
 * Worker, solving in a Web Worker of its own with HiGHS as WebAssembly. The worker runs from a
 * `blob:` URL, so the client sends the absolute URLs of the solver bundle and of highs.wasm.
 * What needs Node says so: report export explains itself (and is hidden from menus through the
 * `mech.inBrowser` context key), and the `mech check` task is not offered.
 */
import * as vscode from 'vscode';
import { LanguageClient, type LanguageClientOptions } from 'vscode-languageclient/browser';
import { activateMech, deactivateMech } from '../activate';
import type { PreviewHost } from '../preview-host';

export const BROWSER_LIMITS =
  'In the browser, Mech checks, solves and previews models as on the desktop; ' +
  'Export Report and the mech check task need VS Code on the desktop (or the mech CLI).';

export async function activate(context: vscode.ExtensionContext): Promise<PreviewHost> {
  const dist = vscode.Uri.joinPath(context.extensionUri, 'dist');
  const url = (file: string) => vscode.Uri.joinPath(dist, file).toString(true);
  await vscode.commands.executeCommand('setContext', 'mech.inBrowser', true);
  const host = await activateMech(context, {
    where: 'in the browser',
    initializationOptions: {
      web: { solverWorkerUrl: url('solver-web.js'), highsWasmUrl: url('highs.wasm') },
    },
    createClient: (clientOptions) => new WorkerLanguageClient(clientOptions, url('server-web.js')),
    register: () => [
      vscode.commands.registerCommand('mech.exportReport', () =>
        vscode.window.showInformationMessage(`Mech: ${BROWSER_LIMITS}`),
      ),
    ],
  });
  host.output.info(BROWSER_LIMITS);
  return host;
}

/** A client whose server worker ends when the client stops (the Node client ends its process). */
class WorkerLanguageClient extends LanguageClient {
  private readonly server: Worker;

  constructor(clientOptions: LanguageClientOptions, serverUrl: string) {
    const server = new Worker(serverUrl, { name: 'mech-language-server' });
    super('mech', 'Mech Language Server', clientOptions, server);
    this.server = server;
  }

  override async stop(timeout?: number): Promise<void> {
    try {
      await super.stop(timeout);
    } finally {
      this.server.terminate();
    }
  }
}

export function deactivate(): Promise<void> {
  return deactivateMech();
}
