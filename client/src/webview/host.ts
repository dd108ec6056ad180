/**
 * What the page needs from where it runs: inside VS Code it posts messages to the extension;
 * in an exported report it uses the browser's clipboard and downloads.
 */
import type {
  PreviewElementKind,
  PreviewExportFormat,
  PreviewToHost,
} from '../../../language/src/protocol';

export interface PageHost {
  /** True inside the editor, where element names reveal their declarations. */
  readonly interactive: boolean;
  reveal(kind: PreviewElementKind, name: string): void;
  /** Copies text or saves an SVG; resolves to a sentence saying what happened. */
  exportContent(
    format: PreviewExportFormat,
    content: string,
    suggestedName: string,
  ): Promise<string>;
}

interface VsCodeApi {
  postMessage(message: PreviewToHost): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** The VS Code webview API, or undefined in a plain browser. */
export function vsCodeApi(): VsCodeApi | undefined {
  return typeof acquireVsCodeApi === 'function' ? acquireVsCodeApi() : undefined;
}

export function webviewHost(api: VsCodeApi): PageHost {
  return {
    interactive: true,
    reveal: (kind, name) => api.postMessage({ type: 'reveal', kind, name }),
    async exportContent(format, content, suggestedName) {
      api.postMessage({ type: 'export', format, content, suggestedName });
      return format === 'svg' ? `Saving ${suggestedName}…` : `Copied as ${formatName(format)}.`;
    },
  };
}

/** The host of a standalone report: clipboard for text, a download for SVG (and as fallback). */
export function browserHost(): PageHost {
  return {
    interactive: false,
    reveal: () => undefined,
    async exportContent(format, content, suggestedName) {
      if (format !== 'svg') {
        try {
          await navigator.clipboard.writeText(content);
          return `Copied as ${formatName(format)}.`;
        } catch {
          // Clipboard access is often refused to file:// pages; a download still works.
        }
      }
      download(content, suggestedName, format === 'svg' ? 'image/svg+xml' : 'text/plain');
      return `Saved ${suggestedName}.`;
    },
  };
}

function download(content: string, name: string, type: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function formatName(format: PreviewExportFormat): string {
  return { markdown: 'Markdown', csv: 'CSV', latex: 'LaTeX', svg: 'SVG' }[format];
}
