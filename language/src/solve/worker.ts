/**
 * The solver as a `worker_threads` worker, so that a face (the language server) stays responsive
 * while HiGHS runs. It solves one text at a time through `solveText`; to cancel, the owner
 * terminates the thread. HiGHS is instantiated once per worker and kept warm between solves.
 */
import { platform, setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import type { Diagnostic } from '../diagnostics';
import type { SolveReport } from '../protocol';
import { solveText, type RunOptions } from '../run';

/** Owner → worker: solve this text. */
export interface WorkerSolveRequest {
  id: number;
  text: string;
  options: Pick<RunOptions, 'file' | 'timeLimit' | 'analyses' | 'sweeps' | 'valueSamples'>;
}

/** Worker → owner: progress, the outcome, or why the solve threw. */
export type WorkerMessage =
  | { kind: 'ready' }
  | { kind: 'progress'; id: number; message: string }
  | { kind: 'done'; id: number; report: SolveReport; diagnostics: Diagnostic[]; seconds: number }
  | { kind: 'error'; id: number; message: string };

function post(message: WorkerMessage): void {
  parentPort?.postMessage(message);
}

async function handle(request: WorkerSolveRequest): Promise<void> {
  const started = performance.now();
  try {
    const progress = (message: string) => post({ kind: 'progress', id: request.id, message });
    const outcome = await solveText(request.text, { ...request.options, progress });
    const seconds = (performance.now() - started) / 1000;
    // Structured clone drops nothing here: reports are plain JSON by contract.
    post({ kind: 'done', id: request.id, ...outcome, seconds });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    post({ kind: 'error', id: request.id, message });
  }
}

// The editor must stay responsive while HiGHS works, so the solver thread yields the CPU. Only on
// Linux: there a nice value belongs to one thread; elsewhere it would slow the whole process.
if (platform() === 'linux') {
  try {
    setPriority(10);
  } catch {
    // Not permitted here: solve at normal priority.
  }
}

// Solves are queued so that a request arriving mid-solve waits instead of interleaving.
let queue: Promise<void> = Promise.resolve();
parentPort?.on('message', (request: WorkerSolveRequest) => {
  queue = queue.then(() => handle(request));
});
post({ kind: 'ready' });
