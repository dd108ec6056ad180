/**
 * The preview page as VS Code runs it: a nonce CSP, a stand-in for `acquireVsCodeApi`, and the
 * `HostToPreview` messages of a solve's life (solved, stale, failed, solved again).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostToPreview, PreviewToHost, SolveReport } from '../../language/src/protocol';
import { launchChromium, type Browser } from './chromium';
import { buildWebview, cardValue, exportReport, watch, type Watched } from './preview-page';

let browser: Browser;
let report: SolveReport;
let markup: SolveReport;
let pageFile = '';
const URI = 'file:///work/horizontal-differentiation.mech';

beforeAll(async () => {
  const assets = await buildWebview('webview');
  report = (await exportReport(assets, 'horizontal-differentiation')).data.report;
  markup = (await exportReport(assets, 'markup-title')).data.report;
  pageFile = join(assets, 'webview.html');
  // The same page preview-panel.ts serves, with file: in place of the webview resource origin.
  const nonce = 'dGVzdC1ub25jZS0xMjM0NQ==';
  writeFileSync(
    pageFile,
    `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src file:; script-src 'nonce-${nonce}'; img-src file: data: blob:">
<link rel="stylesheet" href="webview.css"><title>Mech Preview</title></head>
<body class="vscode-dark"><main id="app"></main><script nonce="${nonce}" src="webview.js"></script></body></html>`,
  );
  browser = await launchChromium('dark');
});

afterAll(async () => {
  await browser?.close();
});

/** Opens the page with a fake VS Code API whose state survives reloads (like the webview's). */
async function open(): Promise<{ page: Page; watched: Watched }> {
  const page = await browser.context.newPage();
  const watched = await watch(page);
  await page.addInitScript(() => {
    const w = window as unknown as { __posted: unknown[]; acquireVsCodeApi: () => unknown };
    w.__posted = [];
    w.acquireVsCodeApi = () => ({
      postMessage: (message: unknown) => w.__posted.push(message),
      getState: () => JSON.parse(sessionStorage.getItem('vscode-state') ?? 'null') ?? undefined,
      setState: (state: unknown) => sessionStorage.setItem('vscode-state', JSON.stringify(state)),
    });
  });
  await page.goto(`file://${pageFile}`);
  await page.waitForSelector('body[data-rendered="true"]');
  return { page, watched };
}

function send(page: Page, message: HostToPreview): Promise<void> {
  return page.evaluate((m) => window.postMessage(m, '*'), message);
}

function posted(page: Page): Promise<PreviewToHost[]> {
  return page.evaluate(() => (window as unknown as { __posted: PreviewToHost[] }).__posted);
}

describe('preview webview', () => {
  it('says ready, shows a result, dims it while stale or failed, and undims on the next result', async () => {
    const { page, watched } = await open();
    expect(await posted(page)).toEqual([{ type: 'ready' }]);
    expect(await page.locator('.status').getAttribute('data-state')).toBe('idle');

    await send(page, {
      type: 'result',
      report,
      status: { state: 'solved', seconds: 0.4 },
      uri: URI,
    });
    await page.waitForSelector('.status[data-state="solved"]');
    expect(await cardValue(page, 'calibrated')).toBe('81/125');
    expect(await page.locator('.result.dimmed').count()).toBe(0);

    await send(page, {
      type: 'status',
      status: { state: 'stale', message: 'the file changed since the last solve.' },
      uri: URI,
    });
    await page.waitForSelector('.result.dimmed[data-state="stale"]');
    expect(await cardValue(page, 'calibrated')).toBe('81/125');

    await send(page, {
      type: 'status',
      status: { state: 'solving', progress: 'solving calibrated' },
      uri: URI,
    });
    await page.waitForSelector('.status[data-state="solving"]');
    expect(await page.locator('.status-text').innerText()).toContain('solving calibrated');

    await send(page, {
      type: 'status',
      status: { state: 'failed', message: "line 3: expected '='." },
      uri: URI,
    });
    await page.waitForSelector('.result.dimmed[data-state="failed"]');
    expect(await page.locator('.status-text').innerText()).toContain("line 3: expected '='.");
    expect(await cardValue(page, 'calibrated')).toBe('81/125');

    await send(page, { type: 'result', report, status: { state: 'solved' }, uri: URI });
    await page.waitForSelector('.result[data-state="solved"]:not(.dimmed)');
    expect(watched.problems).toEqual([]);
    expect(await watched.violations()).toEqual([]);
    await page.close();
  });

  it('asks the host to reveal a clicked type, outcome or state and to copy a table', async () => {
    const { page } = await open();
    await send(page, { type: 'result', report, status: { state: 'solved' }, uri: URI });
    await page.waitForSelector('table[data-table="calibrated-s1"]');
    await page
      .locator('table[data-table="calibrated-s1"] button.link', { hasText: 'likes_b' })
      .click();
    await page
      .locator('table[data-table="calibrated-s1"] thead button.link', { hasText: 'sell' })
      .click();
    await page.locator('#bayesian h3 button.link', { hasText: 'b' }).first().focus();
    await page.keyboard.press('Enter');
    await page
      .locator('table[data-table="calibrated-policy"]')
      .locator('..')
      .locator('..')
      .locator('button[data-export="csv"]')
      .click();
    await page.waitForFunction(
      () => (window as unknown as { __posted: unknown[] }).__posted.length >= 5,
    );
    const messages = await posted(page);
    expect(messages.slice(1, 4)).toEqual([
      { type: 'reveal', kind: 'type', name: 'likes_b' },
      { type: 'reveal', kind: 'outcome', name: 'sell' },
      { type: 'reveal', kind: 'state', name: 'b' },
    ]);
    const exported = messages[4] as Extract<PreviewToHost, { type: 'export' }>;
    expect(exported).toMatchObject({
      type: 'export',
      format: 'csv',
      suggestedName: 'calibrated-policy.csv',
    });
    // Full precision, so compare as numbers: P(s1) = 2/5, μ = (1, 0), φ(s1|a) = 4/7, φ(s1|b) = 0, V = 3/5.
    const [label, ...cells] = exported.content.split('\r\n')[1].split(',');
    expect(label).toBe('s1');
    const expected = [2 / 5, 1, 0, 4 / 7, 0, 3 / 5];
    cells.map(Number).forEach((cell, i) => expect(Math.abs(cell - expected[i])).toBeLessThan(1e-9));
    expect(cells).toHaveLength(expected.length);
    await page.close();
  });

  it('shows the last result again after a reload, before the host answers', async () => {
    const { page } = await open();
    await send(page, { type: 'result', report, status: { state: 'solved' }, uri: URI });
    await page.waitForSelector('[data-analysis="calibrated"]');
    await page.locator('button[data-pick="full_disclosure"]').click();
    await page.reload();
    await page.waitForSelector('body[data-rendered="true"]');
    expect(await cardValue(page, 'calibrated')).toBe('81/125');
    expect(
      await page.locator('button[data-pick="full_disclosure"]').getAttribute('aria-pressed'),
    ).toBe('true');
    await page.close();
  });

  it('shows a model title with markup as text', async () => {
    const { page, watched } = await open();
    await send(page, { type: 'result', report: markup, status: { state: 'solved' }, uri: URI });
    await page.waitForSelector('[data-analysis="calibrated"]');
    expect(await page.locator('h1').innerText()).toBe(markup.title);
    expect(await page.locator('img').count()).toBe(0);
    expect(watched.dialogs).toEqual([]);
    expect(watched.problems).toEqual([]);
    expect(await watched.violations()).toEqual([]);
    await page.close();
  });
});
