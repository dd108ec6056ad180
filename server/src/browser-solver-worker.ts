/**
 * The solver as a Web Worker (dist/solver-web.js), the browser twin of
 * language/src/solve/worker.ts with the same messages: it solves one text at a time through
 * `solveText`; to cancel, the owner terminates it. HiGHS is loaded from the URL the bootstrap
 * left in a global (web-solver-host.ts) and kept warm between solves.
 */
import type { WorkerMessage, WorkerSolveRequest } from '../../language/src/solve/worker';
import { solveText } from '../../language/src/run';
import { LpSolver } from '../../language/src/solve/lp';
import { WASM_URL_GLOBAL } from './web-solver-host';

interface SolverScope {
  [WASM_URL_GLOBAL]?: string;
  postMessage(message: WorkerMessage): void;
  addEventListener(
    type: 'message',
    listener: (event: MessageEvent<WorkerSolveRequest>) => void,
  ): void;
}
const scope = self as unknown as SolverScope;
const wasmUrl = scope[WASM_URL_GLOBAL];
const solver = LpSolver.create((file) => (file.endsWith('.wasm') && wasmUrl ? wasmUrl : file));

async function handle(request: WorkerSolveRequest): Promise<void> {
  const started = performance.now();
  try {
    const progress = (message: string) =>
      scope.postMessage({ kind: 'progress', id: request.id, message });
    const options = { ...request.options, progress };
    const outcome = await solveText(request.text, options, await solver);
    const seconds = (performance.now() - started) / 1000;
    scope.postMessage({ kind: 'done', id: request.id, ...outcome, seconds });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    scope.postMessage({ kind: 'error', id: request.id, message });
  }
}

// Solves are queued so that a request arriving mid-solve waits instead of interleaving.
let queue: Promise<void> = Promise.resolve();
scope.addEventListener('message', (event) => {
  queue = queue.then(() => handle(event.data));
});
scope.postMessage({ kind: 'ready' });
