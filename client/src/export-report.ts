/**
 * `Mech: Export Report` (desktop only): the preview of a fresh solve as one self-contained HTML
 * file (language/src/report-html.ts, the same as `mech report`). The web extension does not
 * bundle this module, because report-html hashes with node:crypto.
 */
import * as vscode from 'vscode';
import { renderReportHtml, sha256Hex } from '../../language/src/report-html';
import type { PreviewHost } from './preview-host';

export async function exportReport(host: PreviewHost, uri: vscode.Uri): Promise<void> {
  const document = await vscode.workspace.openTextDocument(uri);
  const last = await host.lastSolve(uri);
  const fresh =
    last?.state === 'solved' && last.version === document.version ? last : await host.solve(uri);
  const report = fresh?.report;
  if (!report || Object.keys(report.results).length === 0) {
    const reason = fresh?.message ?? 'the model could not be solved';
    void vscode.window.showErrorMessage(`Mech: no report written: ${reason}`);
    return;
  }
  const dist = vscode.Uri.joinPath(host.context.extensionUri, 'dist');
  const read = async (name: string) =>
    new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(dist, name)));
  const html = renderReportHtml(
    report,
    { script: await read('webview.js'), css: await read('webview.css') },
    {
      modelSha256: sha256Hex(document.getText()),
      generated: new Date().toISOString(),
    },
  );
  const base =
    uri.path
      .split('/')
      .pop()
      ?.replace(/\.mech$/, '') ?? 'report';
  const target = await vscode.window.showSaveDialog({
    defaultUri: vscode.Uri.joinPath(uri, '..', `${base}.html`),
    filters: { 'HTML report': ['html'] },
  });
  if (!target) return;
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(html));
  const open = await vscode.window.showInformationMessage(
    `Mech: report written to ${target.fsPath}.`,
    'Open',
  );
  if (open) await vscode.env.openExternal(target);
}
