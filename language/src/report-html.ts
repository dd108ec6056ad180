/**
 * The exported report: one self-contained HTML file holding the preview's script and styles and
 * the solve report as JSON. Pure (no IO) so the CLI and the extension share it byte for byte.
 *
 * Safety: the model's strings reach the page only as JSON in a data block (with `<`, `>` and `&`
 * escaped, so `</script` and `<!--` cannot end it) and the title as escaped text. A CSP meta tag
 * allows exactly the inlined script and style by their SHA-256 hashes and nothing remote.
 */
// FIXME(#4): node:crypto keeps this module out of the web extension; a small pure SHA-256 (or
// crypto.subtle, which is async) would let the browser build export reports too.
import { createHash } from 'node:crypto';
import type { EmbeddedReport, ReportStamp, SolveReport } from './protocol';

export interface ReportAssets {
  /** The preview bundle (dist/webview.js). */
  script: string;
  /** Its stylesheet (dist/webview.css). */
  css?: string;
}

export interface ReportMeta {
  /** SHA-256 of the model source, lowercase hex. */
  modelSha256: string;
  /** The mech version; default: the report's. */
  tool?: string;
  /** When the report was written (ISO 8601); omit for byte-identical output. */
  generated?: string;
}

/** Id of the JSON data block; the preview looks for it (client/src/webview/main.ts). */
export const REPORT_DATA_ID = 'mech-data';

export function renderReportHtml(
  report: SolveReport,
  assets: ReportAssets,
  meta: ReportMeta,
): string {
  const stamp: ReportStamp = {
    tool: meta.tool ?? report.version,
    solver: `${report.solver.name} ${report.solver.version}`,
    modelSha256: meta.modelSha256,
    ...(meta.generated ? { generated: meta.generated } : {}),
  };
  const embedded: EmbeddedReport = { report, stamp };
  const script = inlineScript(assets.script);
  const css = inlineStyle(assets.css ?? '');
  const csp = [
    "default-src 'none'",
    `script-src '${sha256Source(script)}'`,
    `style-src '${sha256Source(css)}'`,
    'img-src data: blob:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const title = report.title || report.model || report.file || 'Mechanism report';
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light dark">',
    `<meta name="generator" content="${escapeHtml(`mech ${stamp.tool}; ${stamp.solver}`)}">`,
    `<meta name="mech-model-sha256" content="${escapeHtml(stamp.modelSha256)}">`,
    `<title>${escapeHtml(title)} · mech report</title>`,
    `<style>${css}</style>`,
    '</head>',
    '<body>',
    '<main id="app"><noscript>This report needs JavaScript to draw its tables and charts.</noscript></main>',
    `<script type="application/json" id="${REPORT_DATA_ID}">${jsonForHtml(embedded)}</script>`,
    `<script>${script}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** JSON that cannot close or confuse the surrounding `<script>` element. */
export function jsonForHtml(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** The bundle without its source-map link, with `</script` and `<!--` made inert. */
function inlineScript(script: string): string {
  // In JS source `<\/script` and `<\!--` mean the same inside strings, regexes and comments.
  return script
    .replace(/\n\/\/# sourceMappingURL=.*\s*$/, '\n')
    .replace(/<\/(script)/gi, '<\\/$1')
    .replace(/<!--/g, '<\\!--');
}

function inlineStyle(css: string): string {
  return css.replace(/\n\/\*# sourceMappingURL=.*\*\/\s*$/, '\n').replace(/<\/(style)/gi, '<\\/$1');
}

function sha256Source(text: string): string {
  return `sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`;
}

/** SHA-256 of a model source as lowercase hex (for `ReportMeta.modelSha256`). */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}
