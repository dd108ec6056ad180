// Diagnostics latency of the language server while a user types into a 1,000-line model and a
// slow solve runs in the solver worker. Starts the bundled server (`node dist/server.js --stdio`)
// like an editor would, opens a slow model (calibrated over 4 states and 20 types, over a minute
// of LPs) so that its solve keeps the worker busy, then types into a second 1,000-line model one
// keystroke at a time and measures, for every keystroke, the time until diagnostics for that
// version (or a later one) arrive. Prints the figures; `--json` prints them as JSON.
//
//   node scripts/bench-server.mjs [--keystrokes 300] [--interval 40] [--json]
import { spawn, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import rpc from 'vscode-languageserver-protocol/node.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? Number(args[index + 1]) : fallback;
};
const KEYSTROKES = option('keystrokes', 300);
const INTERVAL_MS = option('interval', 40);
const asJson = args.includes('--json');

if (
  !existsSync(join(root, 'dist', 'server.js')) ||
  !existsSync(join(root, 'dist', 'solver-worker.js'))
) {
  execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' });
}
const { largeModel } = await loadGenerator();
const slowText = largeModel({ states: 4, types: 20, lines: 1000 });
const typedText = largeModel({ states: 4, types: 20, lines: 1000, analyses: 'bayesian' });

const child = spawn(process.execPath, [join(root, 'dist', 'server.js'), '--stdio'], {
  stdio: 'pipe',
});
const connection = rpc.createProtocolConnection(
  new rpc.StreamMessageReader(child.stdout),
  new rpc.StreamMessageWriter(child.stdin),
);
const diagnosticWaiters = [];
const solveStates = new Map();
connection.onNotification('textDocument/publishDiagnostics', (params) => {
  const now = performance.now();
  for (let i = diagnosticWaiters.length - 1; i >= 0; i--) {
    const waiter = diagnosticWaiters[i];
    if (waiter.uri === params.uri && params.version >= waiter.version) {
      diagnosticWaiters.splice(i, 1);
      waiter.resolve(now);
    }
  }
});
connection.onNotification('mech/solveState', (params) => {
  solveStates.set(params.uri, params.state);
  const waiter = solveWaiters.get(params.uri);
  if (waiter && waiter.state === params.state) waiter.resolve();
});
const solveWaiters = new Map();
connection.listen();

const settings = { solve: { runMode: 'onSave', timeLimit: 3600 } };
await connection.sendRequest('initialize', {
  processId: process.pid,
  rootUri: null,
  capabilities: { textDocument: { publishDiagnostics: { versionSupport: true } } },
  initializationOptions: { settings },
});
await connection.sendNotification('initialized', {});

// The slow solve: opening the file starts it.
const slowUri = 'file:///bench/slow.mech';
const solving = new Promise((resolve) => solveWaiters.set(slowUri, { state: 'solving', resolve }));
await connection.sendNotification('textDocument/didOpen', {
  textDocument: { uri: slowUri, languageId: 'mech', version: 1, text: slowText },
});
await solving;

// The typed file: open it, then type a comment line and a param declaration into its middle,
// keystroke by keystroke (transient syntax errors included), as a user would.
const uri = 'file:///bench/typed.mech';
const opened = waitForDiagnostics(uri, 1);
await connection.sendNotification('textDocument/didOpen', {
  textDocument: { uri, languageId: 'mech', version: 1, text: typedText },
});
await opened;

const middle = Math.floor(typedText.split('\n').length / 2);
const insertion = '// a note typed while the other model solves\nparam extra = 3/4 + 1/8\n';
const latencies = [];
let version = 1;
let line = middle;
let character = 0;
let pending = [];
for (let k = 0; k < KEYSTROKES; k++) {
  const ch = insertion[k % insertion.length];
  version++;
  const sent = performance.now();
  pending.push(waitForDiagnostics(uri, version).then((arrived) => latencies.push(arrived - sent)));
  await connection.sendNotification('textDocument/didChange', {
    textDocument: { uri, version },
    contentChanges: [{ range: { start: { line, character }, end: { line, character } }, text: ch }],
  });
  if (ch === '\n') {
    line++;
    character = 0;
  } else {
    character++;
  }
  await delay(INTERVAL_MS);
}
await Promise.all(pending);
const slowStillSolving = solveStates.get(slowUri) === 'solving';

latencies.sort((a, b) => a - b);
const quantile = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
const figures = {
  lines: typedText.split('\n').length,
  keystrokes: latencies.length,
  intervalMs: INTERVAL_MS,
  p50Ms: round(quantile(0.5)),
  p95Ms: round(quantile(0.95)),
  maxMs: round(latencies[latencies.length - 1]),
  meanMs: round(latencies.reduce((a, b) => a + b, 0) / latencies.length),
  slowSolveRunningThroughout: slowStillSolving,
  cpus: availableParallelism(),
  loadAverage: Math.round(loadavg()[0] * 100) / 100,
};
if (asJson) {
  console.log(JSON.stringify(figures, null, 2));
} else {
  console.log('Language server: diagnostics latency while typing during a slow solve');
  console.log(
    `  model            ${figures.lines} lines (4 states, 20 types; calibrated solve of a second such model running)`,
  );
  console.log(`  keystrokes       ${figures.keystrokes}, one every ${INTERVAL_MS} ms`);
  console.log(`  latency p50      ${figures.p50Ms} ms`);
  console.log(`  latency p95      ${figures.p95Ms} ms  (target < 100 ms)`);
  console.log(`  latency max      ${figures.maxMs} ms`);
  console.log(`  slow solve still running at the end: ${slowStillSolving ? 'yes' : 'no'}`);
  console.log(
    `  machine          ${figures.cpus} CPUs, load average ${figures.loadAverage} (figures are noisy under load)`,
  );
}

await connection.sendRequest('shutdown');
await connection.sendNotification('exit');
connection.dispose();
child.kill();

function waitForDiagnostics(target, atLeast) {
  return new Promise((resolve) =>
    diagnosticWaiters.push({ uri: target, version: atLeast, resolve }),
  );
}

function delay(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function round(value) {
  return Math.round(value * 10) / 10;
}

/** The model generator shared with the server tests, compiled from TypeScript on the fly. */
async function loadGenerator() {
  const result = await build({
    entryPoints: [join(root, 'test', 'server', 'large-model.ts')],
    bundle: true,
    format: 'esm',
    platform: 'node',
    write: false,
    logLevel: 'warning',
  });
  const code = result.outputFiles[0].text;
  return import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
}
