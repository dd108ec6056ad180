/**
 * What the extension gives the preview (issue 4): the solve notifications as they arrive, the
 * last one of a file from the server, and a way to ask for a solve. The preview reaches the
 * server only through this host.
 */
import type * as vscode from 'vscode';
import type { SolveNotification } from '../../language/src/protocol';

export interface PreviewHost {
  readonly context: vscode.ExtensionContext;
  /** Every solve notification, for every file. */
  readonly onDidSolve: vscode.Event<SolveNotification>;
  /** The last solve notification of a file, asking the server when the client has none. */
  lastSolve(uri: vscode.Uri): Promise<SolveNotification | null>;
  /** Asks the server to solve a file now; resolves with the final notification. */
  solve(uri: vscode.Uri): Promise<SolveNotification | null>;
  /** The extension's one output channel. */
  readonly output: vscode.LogOutputChannel;
}
