/**
 * What both end-to-end suites share: Debian's chromium under playwright-core, the example and
 * the edit that breaks it, and the five steps a user sees, each checked on the workbench's DOM
 * (waiting on selectors, never on time) and saved as a screenshot.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { BREAK, EXAMPLE, lineOf, STEPS, VALUE, type StepName } from './scenario';

export { BREAK, EXAMPLE, STEPS, VALUE, type StepName };

export const ROOT = join(__dirname, '..', '..');
export const OUTPUT = join(ROOT, 'test-output', 'e2e');
export const HARNESS = join(__dirname, 'harness');

/** Debian's chromium, with the flags the browser tests use. */
import { CHROMIUM_PATH, CHROMIUM_FLAGS } from '../browser/chromium';
export const CHROMIUM = CHROMIUM_PATH;
export { CHROMIUM_FLAGS };
export const WINDOW = { width: 1600, height: 1000 };

/** How long one step may take to show; the first solve includes loading HiGHS. */
export const STEP_TIMEOUT_MS = 90_000;

export const EXAMPLE_TEXT = readFileSync(join(ROOT, 'examples', EXAMPLE), 'utf8');
/** 0-based lines of the broken row and of `solve`. */
export const BREAK_LINE = lineOf(EXAMPLE_TEXT, BREAK.row);
export const SOLVE_LINE = lineOf(EXAMPLE_TEXT, 'solve ');

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [...CHROMIUM_FLAGS, `--window-size=${WINDOW.width},${WINDOW.height}`],
  });
}

/** A fresh folder under test-output/e2e/<suite>/. */
export function freshFolder(suite: string, name: string): string {
  const folder = join(OUTPUT, suite, name);
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  return folder;
}

/** Checks what step `name` must show on the workbench, then saves its screenshot. */
export async function checkStep(page: Page, suite: string, name: StepName): Promise<string> {
  const folder = join(OUTPUT, suite, 'screenshots');
  try {
    await STEP_CHECKS[name](page);
  } catch (error) {
    // What the page showed, and which frames it had, for the report.
    await page.screenshot({ path: join(folder, `failed-${name}.png`) }).catch(() => {});
    const frames = page.frames().map((frame) => frame.url());
    writeFileSync(join(folder, `failed-${name}.txt`), `${String(error)}\n\n${frames.join('\n')}\n`);
    throw error;
  }
  const file = join(folder, `${STEPS.indexOf(name) + 1}-${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

const visible = { state: 'visible', timeout: STEP_TIMEOUT_MS } as const;

const STEP_CHECKS: Record<StepName, (page: Page) => Promise<void>> = {
  /** The status bar shows the solver's headline with the calibrated value. */
  async solved(page) {
    await statusBarValue(page).waitFor(visible);
  },
  /** The hover on `solve` lists every analysis with its value. */
  async hover(page) {
    const hover = page.locator('.monaco-hover:visible', { hasText: `calibrated` });
    await hover.filter({ hasText: VALUE }).first().waitFor(visible);
  },
  /** The broken row: a squiggle in the editor and an entry in Problems at its line. */
  async problem(page) {
    // No hover left over from the step before may cover the squiggle.
    await page.locator('.monaco-editor .monaco-hover:visible').first().waitFor({ state: 'hidden' });
    await page.locator('.view-overlays .squiggly-error').first().waitFor(visible);
    const entry = problemEntry(page).filter({ hasText: `[Ln ${BREAK_LINE + 1}, Col` });
    await entry.filter({ hasText: BREAK.message }).first().waitFor(visible);
  },
  /** The fix: the Problems entry and the squiggle are gone, and the model is solved again. */
  async fixed(page) {
    await problemEntry(page).first().waitFor({ state: 'detached', timeout: STEP_TIMEOUT_MS });
    await page
      .locator('.view-overlays .squiggly-error')
      .first()
      .waitFor({ state: 'detached', timeout: STEP_TIMEOUT_MS });
    await statusBarValue(page).waitFor(visible);
  },
  /** The preview's calibrated card shows the value. */
  async preview(page) {
    const frame = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
    const card = frame.locator('[data-analysis="calibrated"] .value', { hasText: VALUE });
    await card.first().waitFor(visible);
  },
};

function statusBarValue(page: Page) {
  return page.locator('.statusbar-item', { hasText: `calibrated ${VALUE}` }).first();
}

function problemEntry(page: Page) {
  return page.locator('.markers-panel .monaco-list-row', { hasText: BREAK.code });
}

/** A port on 127.0.0.1 that nothing listens on. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Seconds since `started` (a `performance.now()` reading). */
export function elapsed(started: number): number {
  return (performance.now() - started) / 1000;
}
