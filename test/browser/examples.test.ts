/** Every example that solves renders as a report without errors, CSP violations or dialogs. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { writeReport } from '../../language/src/cli/report-command';
import { launchChromium, type Browser } from './chromium';
import { buildWebview, openReport, ROOT, watch } from './preview-page';

const EXAMPLES = join(ROOT, 'examples');
const names = readdirSync(EXAMPLES).filter((name) => name.endsWith('.mech'));
let browser: Browser;
let assets: string;

beforeAll(async () => {
  assets = await buildWebview('examples');
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

it.each(names)(
  'renders the report of examples/%s cleanly (or refuses a model with errors)',
  async (name) => {
    const output = join(assets, name.replace(/\.mech$/, '.html'));
    const errors: string[] = [];
    const code = await writeReport(join(EXAMPLES, name), output, {
      assetsDir: assets,
      out: () => undefined,
      err: (line) => errors.push(line),
    });
    if (code === 1) {
      expect(errors.at(-1)).toMatch(/no report written/);
      return;
    }
    expect(code).toBe(0);
    const page = await browser.context.newPage();
    const watched = await watch(page);
    await openReport(page, output);
    expect(await page.locator('#headline .card').count()).toBeGreaterThan(0);
    expect(watched.problems).toEqual([]);
    expect(watched.dialogs).toEqual([]);
    expect(await watched.violations()).toEqual([]);
    await page.close();
  },
);
