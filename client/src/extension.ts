/**
 * The desktop extension: starts the language server (dist/server.js over IPC) and adds what
 * needs Node to the shared activation (activate.ts): the `mech check` task and report export.
 */
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type ServerOptions } from 'vscode-languageclient/node';
import { activateMech, deactivateMech, targetUri } from './activate';
import { CheckTaskProvider, TASK_TYPE } from './check-task';
import { exportReport } from './export-report';
import type { PreviewHost } from './preview-host';

export function activate(context: vscode.ExtensionContext): Promise<PreviewHost> {
  const module = vscode.Uri.joinPath(context.extensionUri, 'dist', 'server.js').fsPath;
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: {
      module,
      transport: TransportKind.ipc,
      options: { execArgv: ['--nolazy', '--inspect=6009'] },
    },
  };
  return activateMech(context, {
    createClient: (clientOptions) =>
      new LanguageClient('mech', 'Mech Language Server', serverOptions, clientOptions),
    register: (host) => [
      vscode.tasks.registerTaskProvider(TASK_TYPE, new CheckTaskProvider(context.extensionUri)),
      vscode.commands.registerCommand('mech.exportReport', async (target?: unknown) => {
        const uri = targetUri(target);
        if (uri) await exportReport(host, uri);
      }),
    ],
  });
}

export function deactivate(): Promise<void> {
  return deactivateMech();
}
