/**
 * `npm run test:e2e`: builds and packages the extension, then runs the desktop suite
 * (code-server) and the web suite (VS Code for the Web), and prints where the screenshots are.
 * The hosts come from test/e2e/install.sh, which `.ci/run` calls first.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { runDesktop } from './desktop';
import { runWeb } from './web';
import { elapsed, HARNESS, OUTPUT, ROOT, STEPS } from './workbench';

export interface StepResult {
  name: string;
  ok: boolean;
  seconds: number;
  screenshot?: string;
  error?: string;
}

export interface SuiteResult {
  suite: string;
  screenshots: string;
  steps: StepResult[];
  /** Seconds for the whole suite, host start-up included. */
  seconds?: number;
  /** A failure outside the steps (the host did not start, the in-host tests failed). */
  error?: string;
}

const SUITES: Record<string, (vsix: string) => Promise<SuiteResult>> = {
  desktop: runDesktop,
  web: runWeb,
};

async function main(): Promise<number> {
  if (!existsSync(join(HARNESS, 'node_modules', '.bin', 'code-server'))) {
    console.error('The e2e hosts are not installed: run test/e2e/install.sh first.');
    return 2;
  }
  const only = process.argv.slice(2);
  mkdirSync(OUTPUT, { recursive: true });
  const vsix = join(OUTPUT, 'mech.vsix');
  const vsce = join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
  // vsce runs vscode:prepublish, which builds dist/ first.
  execFileSync(process.execPath, [vsce, 'package', '--no-dependencies', '--out', vsix], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });

  const results: SuiteResult[] = [];
  for (const [suite, run] of Object.entries(SUITES)) {
    if (only.length && !only.includes(suite)) continue;
    console.log(`e2e ${suite}: starting`);
    const started = performance.now();
    const result = await run(vsix).catch((error): SuiteResult => ({
      suite,
      screenshots: join(OUTPUT, suite),
      steps: [],
      error: String(error),
    }));
    result.seconds = elapsed(started);
    results.push(result);
    report(result);
  }

  let passed = 0;
  let failed = 0;
  for (const result of results) {
    const ok = result.steps.filter((step) => step.ok).length;
    passed += ok;
    failed += STEPS.length - ok;
  }
  console.log(`Screenshots: ${results.map((result) => result.screenshots).join(' ')}`);
  console.log(`${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

function report(result: SuiteResult): void {
  for (const step of result.steps) {
    const mark = step.ok ? 'ok  ' : 'FAIL';
    console.log(`  ${mark} ${result.suite} ${step.name} (${step.seconds.toFixed(1)} s)`);
    if (step.error) console.log(indent(step.error));
  }
  for (const name of STEPS.slice(result.steps.length)) {
    console.log(`  FAIL ${result.suite} ${name} (not reached)`);
  }
  if (result.error) console.log(indent(result.error));
  const seconds = result.seconds?.toFixed(1) ?? '?';
  console.log(`e2e ${result.suite}: ${seconds} s; screenshots in ${result.screenshots}`);
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `       ${line}`)
    .join('\n');
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
