/**
 * The exported report in headless Chromium: values against the solver's JSON, the pictures,
 * escaping of model strings under the CSP, exports, and screenshots for a person to look at.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatNumber } from '../../client/src/webview/format';
import { ANALYSES } from '../../language/src/model';
import type { EmbeddedReport } from '../../language/src/protocol';
import { launchChromium, type Browser } from './chromium';
import {
  buildWebview,
  cardValue,
  exportReport,
  openReport,
  SCREENSHOTS,
  tableTexts,
  watch,
  type Watched,
} from './preview-page';

let browser: Browser;
const reports = new Map<string, { path: string; data: EmbeddedReport }>();
const MODELS = ['demand-uncertainty', 'horizontal-differentiation', 'three-states', 'markup-title'];

beforeAll(async () => {
  const assets = await buildWebview('reports');
  for (const name of MODELS) reports.set(name, await exportReport(assets, name));
  browser = await launchChromium();
  mkdirSync(SCREENSHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  console.log(`preview screenshots: ${SCREENSHOTS}`);
});

/** A page showing a report, with everything that must not happen recorded. */
async function show(name: string): Promise<{ page: Page; watched: Watched; data: EmbeddedReport }> {
  const page = await browser.context.newPage();
  const watched = await watch(page);
  const { path, data } = reports.get(name)!;
  await openReport(page, path);
  return { page, watched, data };
}

/** Parses `81/125`, `−3/5`, `0.57` back into a number. */
function parseShown(text: string): number {
  const normalised = text.replace('\u2212', '-');
  const [numerator, denominator] = normalised.split('/');
  return denominator === undefined ? Number(numerator) : Number(numerator) / Number(denominator);
}

/** Every headline card shows its analysis' value as the solver computed it. */
async function expectCardsMatchJson(page: Page, data: EmbeddedReport): Promise<void> {
  for (const analysis of ANALYSES) {
    const result = data.report.results[analysis];
    if (!result) continue;
    const shown = await cardValue(page, analysis);
    expect(shown, analysis).toBe(formatNumber(result.value));
    expect(Math.abs(parseShown(shown) - result.value!), analysis).toBeLessThan(1e-6);
  }
}

async function expectClean(page: Page, watched: Watched): Promise<void> {
  expect(watched.problems).toEqual([]);
  expect(watched.dialogs).toEqual([]);
  expect(await watched.violations()).toEqual([]);
}

describe('exported report', () => {
  it('shows E2: the five values, two signals with prices 17/25 and 1, and the envelope touching V at 0 and 1/2', async () => {
    const { page, watched, data } = await show('horizontal-differentiation');
    expect(await cardValue(page, 'bayesian')).toBe('17/25');
    expect(await cardValue(page, 'calibrated')).toBe('81/125');
    expect(await cardValue(page, 'full_disclosure')).toBe('3/5');
    expect(await cardValue(page, 'no_disclosure')).toBe('59/115');
    expect(await cardValue(page, 'partitional')).toBe('3/5');
    await expectCardsMatchJson(page, data);
    expect(await page.locator('[data-derived="cost-of-calibration"] .value').innerText()).toBe(
      '4/125',
    );
    expect(await page.locator('[data-derived="value-of-disclosure"] .value').innerText()).toBe(
      '6/125',
    );

    // Signals ordered by posterior: "reveal a" (μ(b) = 0, probability 2/5), then "pool".
    const policy = await tableTexts(page, 'calibrated-policy');
    expect(policy[0]).toEqual([
      'signal',
      'P(s)',
      'μ_s: a',
      'μ_s: b',
      'φ(s | a)',
      'φ(s | b)',
      'V(μ_s)',
    ]);
    expect(policy[1]).toEqual(['s1', '2/5', '1', '0', '4/7', '0', '3/5']);
    expect(policy[2]).toEqual(['s2', '3/5', '1/2', '1/2', '3/7', '1', '17/25']);
    const reveal = await tableTexts(page, 'calibrated-s1');
    expect(reveal.slice(1).map((row) => [row[0], row[2], row[4]])).toEqual([
      ['likes_a', '1', '1'],
      ['likes_b', '0', '0'],
    ]);
    const pool = await tableTexts(page, 'calibrated-s2');
    expect(pool.slice(1).map((row) => [row[0], row[2], row[4]])).toEqual([
      ['likes_a', '1', '17/25'],
      ['likes_b', '1', '17/25'],
    ]);

    const markers = await page
      .locator('[data-chart="envelope"] circle.marker title')
      .allTextContents();
    expect(markers).toEqual(expect.arrayContaining(['s1: μ = 0', 's2: μ = 1/2', 'C = 81/125']));
    expect(await page.locator('[data-chart="envelope"] path.series').count()).toBe(2);
    expect(await page.locator('[data-sweep="rho"] svg').count()).toBe(1);
    await expectClean(page, watched);
    await page.close();
  });

  it('shows E1: B = 2, C = F = P = 13/8, N = 3/2, price 1 in low and 3 in high', async () => {
    const { page, watched, data } = await show('demand-uncertainty');
    expect(await cardValue(page, 'bayesian')).toBe('2');
    expect(await cardValue(page, 'calibrated')).toBe('13/8');
    expect(await cardValue(page, 'full_disclosure')).toBe('13/8');
    expect(await cardValue(page, 'partitional')).toBe('13/8');
    expect(await cardValue(page, 'no_disclosure')).toBe('3/2');
    await expectCardsMatchJson(page, data);
    expect(await page.locator('[data-derived="cost-of-calibration"] .value').innerText()).toBe(
      '3/8',
    );
    expect(await page.locator('[data-derived="value-of-disclosure"] .value').innerText()).toBe('0');
    const transfers = (name: string) =>
      tableTexts(page, name).then((rows) => rows.slice(1).map((row) => row[4]));
    expect(await transfers('calibrated-s1')).toEqual(['1', '1']);
    expect(await transfers('calibrated-s2')).toEqual(['0', '3']);
    expect(await page.locator('section#bayesian table').count()).toBeGreaterThanOrEqual(2);
    await expectClean(page, watched);
    await page.close();
  });

  it('draws the three-state simplex coloured by V with the optimal posteriors marked', async () => {
    const { page, watched, data } = await show('three-states');
    await expectCardsMatchJson(page, data);
    const signals = data.report.results.calibrated!.signals!;
    const chart = page.locator('[data-chart="simplex"]');
    expect(await chart.locator('text.vertex-label').allTextContents()).toEqual(['a', 'b', 'c']);
    expect(await chart.locator('circle.posterior').count()).toBe(signals.length);
    expect(await chart.locator('polygon.cell').count()).toBeGreaterThan(100);
    const policy = await tableTexts(page, 'calibrated-policy');
    expect(policy.length).toBe(signals.length + 2);
    await expectClean(page, watched);
    await page.close();
  });

  it('shows a title with markup as text, runs none of it, and violates no CSP', async () => {
    const { page, watched, data } = await show('markup-title');
    const title = data.report.title!;
    expect(title).toContain('<img src=x onerror=alert(1)>');
    expect(await page.locator('h1').innerText()).toBe(title);
    expect(await page.title()).toBe(`${title} · mech report`);
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('script').count()).toBe(2);
    await expectClean(page, watched);
    await page.close();
  });

  it('saves a chart as a standalone SVG with its colours inlined', async () => {
    const { page, watched } = await show('horizontal-differentiation');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page
        .locator('[data-chart="envelope"]')
        .locator('..')
        .locator('button[data-export="svg"]')
        .click(),
    ]);
    expect(download.suggestedFilename()).toBe('envelope.svg');
    const svg = readFileSync((await download.path())!, 'utf8');
    expect(svg).toMatch(/^<\?xml/);
    expect(svg).toContain('<svg');
    expect(svg).not.toContain('class=');
    expect(svg).toMatch(/stroke="rgb\(/);
    await expectClean(page, watched);
    await page.close();
  });

  it('keeps the headline reachable by keyboard: Tab reaches the section links and the policy picker', async () => {
    const { page } = await show('horizontal-differentiation');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Values');
    await page.locator('button[data-pick="partitional"]').focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector('button[data-pick="partitional"][aria-pressed="true"]');
    expect(await tableTexts(page, 'partitional-policy').then((rows) => rows.length)).toBe(4);
    await page.close();
  });

  it('saves light, dark and narrow screenshots', async () => {
    for (const name of ['demand-uncertainty', 'horizontal-differentiation', 'three-states']) {
      for (const scheme of ['light', 'dark'] as const) {
        const { page } = await show(name);
        await page.emulateMedia({ colorScheme: scheme });
        await page.screenshot({ path: join(SCREENSHOTS, `${name}-${scheme}.png`), fullPage: true });
        await page.close();
      }
    }
    const { page } = await show('horizontal-differentiation');
    await page.setViewportSize({ width: 380, height: 800 });
    await page.waitForFunction(
      () =>
        Number(
          document.querySelector('[data-chart="envelope"] svg')?.getAttribute('width') ?? 999,
        ) < 400,
    );
    await page.screenshot({
      path: join(SCREENSHOTS, 'horizontal-differentiation-narrow.png'),
      fullPage: true,
    });
    await page.close();
  });
});
