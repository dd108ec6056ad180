/**
 * Desktop host: the packaged .vsix installed into code-server 4.100.3 (VS Code 1.100 with a
 * Node extension host), started on 127.0.0.1 without auth, with every bit of its state under
 * test-output/e2e/desktop/. playwright-core drives it as a user would, with the keyboard: open
 * the example, hover `solve`, break a prior row, fix it and save, open the preview.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import {
  BREAK,
  BREAK_LINE,
  checkStep,
  elapsed,
  EXAMPLE,
  freePort,
  freshFolder,
  HARNESS,
  launchChromium,
  ROOT,
  SOLVE_LINE,
  STEP_TIMEOUT_MS,
  WINDOW,
  type StepName,
} from './workbench';
import type { SuiteResult } from './run';

const SUITE = 'desktop';
const CODE_SERVER = join(HARNESS, 'node_modules', '.bin', 'code-server');

export async function runDesktop(vsix: string): Promise<SuiteResult> {
  const state = freshFolder(SUITE, 'state');
  const workspace = freshFolder(SUITE, 'workspace');
  const screenshots = freshFolder(SUITE, 'screenshots');
  copyFileSync(join(ROOT, 'examples', EXAMPLE), join(workspace, EXAMPLE));
  const options = codeServerOptions(state);
  installExtension(vsix, options, state);

  const port = await freePort();
  const server = startCodeServer(port, options, workspace, state);
  const result: SuiteResult = { suite: SUITE, screenshots, steps: [] };
  const browser = await launchChromium();
  try {
    await server.listening;
    const page = await browser.newPage({ viewport: WINDOW });
    const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`;
    await page.goto(url);
    await page.locator('.monaco-workbench .part.editor').waitFor({ timeout: STEP_TIMEOUT_MS });
    for (const [name, act] of STEP_ACTIONS) {
      const started = performance.now();
      try {
        await act(page);
        const file = await checkStep(page, SUITE, name);
        result.steps.push({ name, ok: true, seconds: elapsed(started), screenshot: file });
      } catch (error) {
        result.steps.push({ name, ok: false, seconds: elapsed(started), error: String(error) });
        break;
      }
    }
  } finally {
    await browser.close();
    server.process.kill('SIGTERM');
  }
  return result;
}

/** What the user does before each step is checked. */
const STEP_ACTIONS: Array<[StepName, (page: Page) => Promise<void>]> = [
  ['solved', (page) => quickOpen(page, EXAMPLE)],
  [
    'hover',
    async (page) => {
      await goTo(page, SOLVE_LINE, 0);
      await page.keyboard.press('Control+K');
      await page.keyboard.press('Control+I');
    },
  ],
  [
    'problem',
    async (page) => {
      await page.keyboard.press('Escape');
      await replaceAt(page, BREAK_LINE, BREAK.column, BREAK.original.length, BREAK.replacement);
      await page.keyboard.press('Control+Shift+M');
    },
  ],
  [
    'fixed',
    async (page) => {
      await page.keyboard.press('Control+1');
      await replaceAt(page, BREAK_LINE, BREAK.column, BREAK.replacement.length, BREAK.original);
      await page.keyboard.press('Control+S');
    },
  ],
  ['preview', (page) => runCommand(page, 'Mech: Open Preview')],
];

async function quickOpen(page: Page, file: string): Promise<void> {
  await page.keyboard.press('Control+P');
  await page.locator('.quick-input-widget input').waitFor({ timeout: STEP_TIMEOUT_MS });
  await page.keyboard.type(file);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: file }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.tab.active', { hasText: file }).waitFor({ timeout: STEP_TIMEOUT_MS });
}

async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('Control+1');
  await page.keyboard.press('F1');
  await page.locator('.quick-input-widget input').waitFor({ timeout: STEP_TIMEOUT_MS });
  await page.keyboard.type(title);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
  await page.keyboard.press('Enter');
}

/** Puts the cursor at a 0-based line and column through Go to Line. */
async function goTo(page: Page, line: number, column: number): Promise<void> {
  await page.keyboard.press('Control+G');
  await page.locator('.quick-input-widget input').waitFor({ timeout: STEP_TIMEOUT_MS });
  await page.keyboard.type(`${line + 1}:${column + 1}`);
  await page.keyboard.press('Enter');
  const position = page.locator('.statusbar-item', {
    hasText: `Ln ${line + 1}, Col ${column + 1}`,
  });
  await position.first().waitFor({ timeout: STEP_TIMEOUT_MS });
}

async function replaceAt(page: Page, line: number, column: number, length: number, text: string) {
  await goTo(page, line, column);
  for (let i = 0; i < length; i++) await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.type(text);
}

interface CodeServerOptions {
  args: string[];
  env: NodeJS.ProcessEnv;
}

/** Every folder code-server writes to, inside `state`; no telemetry, updates or trust prompt. */
function codeServerOptions(state: string): CodeServerOptions {
  const user = join(state, 'user-data');
  mkdirSync(join(user, 'User'), { recursive: true });
  writeFileSync(
    join(user, 'User', 'settings.json'),
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'workbench.enableExperiments': false,
        'security.workspace.trust.enabled': false,
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'extensions.ignoreRecommendations': true,
        'telemetry.telemetryLevel': 'off',
        'update.mode': 'none',
        'chat.commandCenter.enabled': false,
        'workbench.secondarySideBar.defaultVisibility': 'hidden',
        // The work folder sits inside the project's repository: no prompt to open it.
        'git.openRepositoryInParentFolders': 'never',
      },
      null,
      2,
    ),
  );
  writeFileSync(join(state, 'config.yaml'), 'auth: none\ncert: false\n');
  const env = {
    ...process.env,
    XDG_CONFIG_HOME: join(state, 'config'),
    XDG_DATA_HOME: join(state, 'data'),
    XDG_CACHE_HOME: join(state, 'cache'),
  };
  const args = [
    '--config',
    join(state, 'config.yaml'),
    '--user-data-dir',
    user,
    '--extensions-dir',
    join(state, 'extensions'),
  ];
  return { args, env };
}

function installExtension(vsix: string, options: CodeServerOptions, state: string): void {
  const install = spawnSync(CODE_SERVER, [...options.args, '--install-extension', vsix], {
    env: options.env,
    encoding: 'utf8',
    timeout: 120_000,
  });
  writeFileSync(join(state, 'install.log'), `${install.stdout}\n${install.stderr}`);
  if (install.status !== 0) {
    throw new Error(`code-server could not install ${vsix}:\n${install.stdout}${install.stderr}`);
  }
}

function startCodeServer(
  port: number,
  options: CodeServerOptions,
  workspace: string,
  state: string,
): { process: ChildProcess; listening: Promise<void> } {
  const args = [
    ...options.args,
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    workspace,
  ];
  const child = spawn(CODE_SERVER, args, { env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const listening = new Promise<void>((resolve, reject) => {
    const read = (chunk: Buffer) => {
      log += chunk.toString();
      writeFileSync(join(state, 'code-server.log'), log);
      if (log.includes('HTTP server listening')) resolve();
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code) => reject(new Error(`code-server exited (${code}):\n${log}`)));
  });
  return { process: child, listening };
}
