/**
 * The mechanism preview (issue 4): a webview beside the editor that shows the last solve of the
 * followed `.mech` file through the page in client/src/webview (dist/webview.js). It talks to the
 * page only through `HostToPreview` / `PreviewToHost`, survives a window reload through a
 * serializer, and follows the active `.mech` editor.
 *
 * Wiring (extension.ts): call `registerPreview(host)` once on activation and push the result into
 * `context.subscriptions`; `openPreview(host, uri)` serves `Mech: Open Preview` and the code lens,
 * `Mech: Export Report` lives in export-report.ts (desktop only: it needs node:crypto).
 * The manifest needs `onWebviewPanel:mech.preview` among the activation events (VS Code adds it
 * for contributed commands only).
 */
import * as vscode from 'vscode';
import type {
  HostToPreview,
  PreviewElementKind,
  PreviewSnapshot,
  PreviewToHost,
  SolveNotification,
} from '../../language/src/protocol';
import type { PreviewHost } from './preview-host';

/** The webview panel type; also the serializer's key. */
export const PREVIEW_VIEW_TYPE = 'mech.preview';

export class PreviewPanel implements vscode.Disposable {
  private static current: PreviewPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private last: SolveNotification | null = null;

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly host: PreviewHost,
    private uri: vscode.Uri | undefined,
  ) {
    const dist = vscode.Uri.joinPath(host.context.extensionUri, 'dist');
    panel.webview.options = { enableScripts: true, localResourceRoots: [dist] };
    panel.webview.html = pageHtml(panel.webview, dist);
    this.retitle();
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((message: PreviewToHost) => void this.receive(message)),
      host.onDidSolve((notification) => {
        if (this.uri && notification.uri === this.uri.toString()) this.update(notification);
      }),
    );
  }

  /** Opens the preview beside the editor (or reveals it) and makes it follow `uri`. */
  static async show(host: PreviewHost, uri: vscode.Uri): Promise<PreviewPanel> {
    if (!PreviewPanel.current) {
      const panel = vscode.window.createWebviewPanel(
        PREVIEW_VIEW_TYPE,
        'Mech Preview',
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
        {
          enableScripts: true,
          localResourceRoots: [vscode.Uri.joinPath(host.context.extensionUri, 'dist')],
        },
      );
      PreviewPanel.current = new PreviewPanel(panel, host, uri);
    } else {
      PreviewPanel.current.panel.reveal(undefined, true);
    }
    await PreviewPanel.current.follow(uri);
    return PreviewPanel.current;
  }

  /** The open preview, if any. */
  static get active(): PreviewPanel | undefined {
    return PreviewPanel.current;
  }

  /** The document the preview shows. */
  get document(): vscode.Uri | undefined {
    return this.uri;
  }

  /** Shows another document: its last solve, or its state while none has finished. */
  async follow(uri: vscode.Uri): Promise<void> {
    const changed = this.uri?.toString() !== uri.toString();
    this.uri = uri;
    this.retitle();
    if (!changed && this.last) return;
    this.last = null;
    const last = await this.host.lastSolve(uri);
    if (this.uri?.toString() !== uri.toString()) return;
    if (last) this.update(last);
    else void this.post({ type: 'status', status: { state: 'idle' }, uri: uri.toString() });
  }

  /** Shows a solve notification of the followed document. */
  update(notification: SolveNotification): void {
    this.last = notification;
    void this.post(toMessage(notification));
  }

  dispose(): void {
    if (PreviewPanel.current === this) PreviewPanel.current = undefined;
    this.panel.dispose();
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
  }

  private async receive(message: PreviewToHost): Promise<void> {
    switch (message.type) {
      case 'ready':
        // The page reloaded (first load, shown again, or restored): send it the current state.
        if (this.last) await this.post(toMessage(this.last));
        else if (this.uri) await this.follow(this.uri);
        return;
      case 'reveal':
        if (this.uri) await revealDeclaration(this.uri, message.kind, message.name);
        return;
      case 'export':
        await this.export(message.format, message.content, message.suggestedName);
        return;
    }
  }

  private async export(format: string, content: string, suggestedName: string): Promise<void> {
    if (format !== 'svg') {
      await vscode.env.clipboard.writeText(content);
      vscode.window.setStatusBarMessage(`Mech: table copied as ${format}`, 3000);
      return;
    }
    const folder = this.uri ? vscode.Uri.joinPath(this.uri, '..') : undefined;
    const target = await vscode.window.showSaveDialog({
      defaultUri: folder ? vscode.Uri.joinPath(folder, suggestedName) : undefined,
      filters: { 'SVG image': ['svg'] },
    });
    if (target) await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(content));
  }

  private post(message: HostToPreview): Thenable<boolean> {
    return this.panel.webview.postMessage(message);
  }

  private retitle(): void {
    const name = this.uri ? this.uri.path.split('/').pop() : undefined;
    this.panel.title = name ? `Preview ${name}` : 'Mech Preview';
  }

  /** Recreates the panel VS Code restored after a reload, with the state the page saved. */
  static revive(
    panel: vscode.WebviewPanel,
    host: PreviewHost,
    state: PreviewSnapshot | undefined,
  ): PreviewPanel {
    PreviewPanel.current?.dispose();
    const uri = state?.uri ? vscode.Uri.parse(state.uri) : undefined;
    PreviewPanel.current = new PreviewPanel(panel, host, uri);
    if (uri) void PreviewPanel.current.follow(uri);
    return PreviewPanel.current;
  }
}

/** `Mech: Open Preview` and the code lens. */
export async function openPreview(host: PreviewHost, uri: vscode.Uri): Promise<void> {
  await PreviewPanel.show(host, uri);
}

/** The serializer (restores the panel after a reload) and the active-editor follower. */
export function registerPreview(host: PreviewHost): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.window.registerWebviewPanelSerializer(PREVIEW_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
        PreviewPanel.revive(panel, host, state as PreviewSnapshot | undefined);
      },
    }),
    vscode.window.onDidChangeActiveTextEditor((editor) => {
      const panel = PreviewPanel.active;
      if (panel && editor?.document.languageId === 'mech') void panel.follow(editor.document.uri);
    }),
  );
}

/**
 * A notification as the page wants it. A failure without results (e.g. a syntax error) sends
 * only the state, so the page keeps the last good result, dimmed.
 */
export function toMessage(notification: SolveNotification): HostToPreview {
  const status = {
    state: notification.state,
    message: notification.message,
    progress: notification.progress,
    seconds: notification.seconds,
  };
  const report = notification.report;
  if (report && Object.keys(report.results).length > 0) {
    return { type: 'result', report, status, uri: notification.uri };
  }
  return { type: 'status', status, uri: notification.uri };
}

function pageHtml(webview: vscode.Webview, dist: vscode.Uri): string {
  // Web Crypto, not node:crypto: the same page is served by the desktop and web extensions.
  const nonce = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(18))));
  const script = webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js'));
  const css = webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.css'));
  const csp = [
    "default-src 'none'",
    `style-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
    `img-src ${webview.cspSource} data: blob:`,
    `font-src ${webview.cspSource}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${css}">
<title>Mech Preview</title>
</head>
<body>
<main id="app"></main>
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
}

/** Opens the document and selects the element `name` of the set playing `kind`'s role. */
async function revealDeclaration(
  uri: vscode.Uri,
  kind: PreviewElementKind,
  name: string,
): Promise<void> {
  const document = await vscode.workspace.openTextDocument(uri);
  const range = (await symbolRange(uri, kind, name)) ?? textRange(document, kind, name);
  const column = vscode.window.visibleTextEditors.find(
    (e) => e.document.uri.toString() === uri.toString(),
  )?.viewColumn;
  const editor = await vscode.window.showTextDocument(document, {
    viewColumn: column ?? vscode.ViewColumn.One,
    preserveFocus: false,
  });
  if (range) {
    editor.selection = new vscode.Selection(range.start, range.end);
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }
}

const ROLES: Record<PreviewElementKind, string> = {
  state: 'states',
  type: 'types',
  outcome: 'outcomes',
};

/** From the server's outline: the set symbols carry their role as detail. */
async function symbolRange(
  uri: vscode.Uri,
  kind: PreviewElementKind,
  name: string,
): Promise<vscode.Range | undefined> {
  const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[] | undefined>(
    'vscode.executeDocumentSymbolProvider',
    uri,
  );
  const set = symbols?.find((s) => s.kind === vscode.SymbolKind.Enum && s.detail === ROLES[kind]);
  return set?.children.find((child) => child.name === name)?.selectionRange;
}

/** Without a server: the first whole-word `name` after the set's keyword. */
function textRange(
  document: vscode.TextDocument,
  kind: PreviewElementKind,
  name: string,
): vscode.Range | undefined {
  const text = document.getText();
  const keyword = new RegExp(`\\b${ROLES[kind]}\\b`).exec(text);
  if (!keyword) return undefined;
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const element = new RegExp(`(?<![\\p{L}\\p{N}_])${escaped}(?![\\p{L}\\p{N}_])`, 'u');
  const found = element.exec(text.slice(keyword.index));
  if (!found) return undefined;
  const start = document.positionAt(keyword.index + found.index);
  return new vscode.Range(start, start.translate(0, name.length));
}
