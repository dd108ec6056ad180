/**
 * Shared setup of the browser tests: a fresh webview bundle, exported reports of the example
 * models, and pages that record every console error, page error, dialog and CSP violation.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import type { Page } from 'playwright-core';
import { writeReport } from '../../language/src/cli/report-command';
import type { EmbeddedReport } from '../../language/src/protocol';
import { REPORT_DATA_ID } from '../../language/src/report-html';

export const ROOT = resolve(__dirname, '../..');
export const OUTPUT = join(ROOT, 'test-output');
export const SCREENSHOTS = join(OUTPUT, 'screenshots');

/**
 * Bundles client/src/webview like scripts/build.mjs does, so the tests see the current source.
 * Each test file passes its own folder: files run in parallel.
 */
export async function buildWebview(folder: string): Promise<string> {
  const assets = join(OUTPUT, folder);
  mkdirSync(assets, { recursive: true });
  await build({
    entryPoints: [join(ROOT, 'client/src/webview/main.ts')],
    outfile: join(assets, 'webview.js'),
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    logLevel: 'warning',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  return assets;
}

/** examples/NAME.mech when it exists, else the test's own copy. */
export function modelPath(name: string): string {
  const example = join(ROOT, 'examples', `${name}.mech`);
  return existsSync(example) ? example : join(ROOT, 'test/fixtures/preview', `${name}.mech`);
}

/** Writes the report of a model through the CLI's function; returns its path and embedded data. */
export async function exportReport(
  assets: string,
  name: string,
): Promise<{ path: string; data: EmbeddedReport }> {
  const path = join(assets, `${name}.html`);
  const messages: string[] = [];
  const code = await writeReport(modelPath(name), path, {
    assetsDir: assets,
    out: () => undefined,
    err: (line) => messages.push(line),
  });
  if (code !== 0) throw new Error(`writeReport(${name}) exited ${code}: ${messages.join('\n')}`);
  return { path, data: embeddedData(readFileSync(path, 'utf8')) };
}

/** The JSON data block of a report, parsed as the page parses it. */
export function embeddedData(html: string): EmbeddedReport {
  const match = new RegExp(
    `<script type="application/json" id="${REPORT_DATA_ID}">([^<]*)</script>`,
  ).exec(html);
  if (!match) throw new Error('no data block in the report');
  return JSON.parse(match[1]) as EmbeddedReport;
}

export interface Watched {
  problems: string[];
  dialogs: string[];
  /** CSP violations seen by the page itself (collected by an init script). */
  violations(): Promise<string[]>;
}

/** Records what should never happen on a preview page. */
export async function watch(page: Page): Promise<Watched> {
  const problems: string[] = [];
  const dialogs: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning')
      problems.push(`console ${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __violations: string[] }).__violations = seen;
    document.addEventListener('securitypolicyviolation', (event) => {
      seen.push(`${event.violatedDirective} blocked ${event.blockedURI || 'inline'}`);
    });
  });
  return {
    problems,
    dialogs,
    violations: () =>
      page.evaluate(() => (window as unknown as { __violations: string[] }).__violations ?? []),
  };
}

/** Opens a report file and waits until the page has rendered. */
export async function openReport(page: Page, path: string): Promise<void> {
  await page.goto(`file://${path}`);
  await page.waitForSelector('body[data-rendered="true"]');
}

/** The text of a headline card's value. */
export function cardValue(page: Page, analysis: string): Promise<string> {
  return page.locator(`[data-analysis="${analysis}"] .value`).innerText();
}

/** Cell texts of a table, row by row (header first). */
export function tableTexts(page: Page, id: string): Promise<string[][]> {
  return page
    .locator(`table[data-table="${id}"]`)
    .evaluate((table) =>
      Array.from(table.querySelectorAll('tr')).map((row) =>
        Array.from(row.querySelectorAll('th, td')).map((cell) => (cell.textContent ?? '').trim()),
      ),
    );
}
