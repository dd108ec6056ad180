/**
 * Minimal stand-in for the preview panel of issue 4, so that `Mech: Open Preview` and the code
 * lens work before the real one lands: a read-only webview listing the headline values.
 * FIXME(#3): replace with the preview of issue 4 (client/src/webview/), keeping `openPreview`.
 */
import * as vscode from 'vscode';
import type { SolveNotification } from '../../language/src/protocol';
import type { PreviewHost } from './preview-host';

let panel: vscode.WebviewPanel | undefined;
let followed: vscode.Uri | undefined;

/** Opens (or reveals) the preview beside the editor, following the given `.mech` file. */
export async function openPreview(host: PreviewHost, uri: vscode.Uri): Promise<void> {
  followed = uri;
  if (!panel) {
    panel = vscode.window.createWebviewPanel('mech.preview', 'Mech Preview', {
      viewColumn: vscode.ViewColumn.Beside,
      preserveFocus: true,
    }, { enableScripts: false, localResourceRoots: [] });
    const subscription = host.onDidSolve((notification) => {
      if (panel && notification.uri === followed?.toString()) render(panel, notification);
    });
    panel.onDidDispose(() => {
      subscription.dispose();
      panel = undefined;
    });
  }
  panel.reveal(vscode.ViewColumn.Beside, true);
  render(panel, await host.lastSolve(uri));
}

function render(target: vscode.WebviewPanel, notification: SolveNotification | null): void {
  const state = notification?.state ?? 'idle';
  const headline = notification?.headline ?? notification?.message ?? 'Not solved yet.';
  target.webview.html = `<!DOCTYPE html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
</head><body style="font-family: var(--vscode-font-family)"><p><b>${escape(state)}</b></p>
<p>${escape(headline)}</p></body></html>`;
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
