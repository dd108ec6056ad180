/**
 * Runs solves in `worker_threads` workers so that the server thread keeps answering while HiGHS
 * works. One idle worker is kept warm (HiGHS loaded); a solve that is cancelled or overruns its
 * time limit is stopped by terminating its worker, which is the only way to interrupt a running
 * LP.
 */
import { Worker } from 'node:worker_threads';
import type { Diagnostic } from '../../language/src/diagnostics';
import type { SolveReport } from '../../language/src/protocol';
import type { WorkerMessage, WorkerSolveRequest } from '../../language/src/solve/worker';

export interface SolveJob {
  text: string;
  file: string;
  /** Seconds; the solver is asked to stop then, and its worker is killed shortly after. */
  timeLimit: number;
  onProgress?: (message: string) => void;
}

export type SolveOutcome =
  | { kind: 'done'; report: SolveReport; diagnostics: Diagnostic[]; seconds: number }
  | { kind: 'cancelled' }
  | { kind: 'killed'; seconds: number }
  | { kind: 'error'; message: string };

export interface RunningSolve {
  readonly result: Promise<SolveOutcome>;
  /** Stops the solve; `result` then resolves to `cancelled`. Safe to call more than once. */
  cancel(): void;
}

/** Whatever can run a solve off the server thread; the browser build supplies its own. */
export interface SolverHost {
  solve(job: SolveJob): RunningSolve;
  dispose(): Promise<void>;
}

/** Grace after the time limit before the worker is terminated, for the solver's own stop. */
const KILL_GRACE_SECONDS = 2;

export class WorkerSolverHost implements SolverHost {
  private idle: Worker | undefined;
  private readonly busy = new Set<Worker>();
  private nextId = 1;

  constructor(
    private readonly workerPath: string,
    private readonly log: (message: string) => void = () => {},
  ) {}

  /** Starts a worker ahead of the first solve so that HiGHS is loaded by then. */
  warmUp(): void {
    this.idle ??= this.spawn();
  }

  solve(job: SolveJob): RunningSolve {
    const worker = this.idle ?? this.spawn();
    this.idle = undefined;
    this.busy.add(worker);
    const id = this.nextId++;
    let settle: (outcome: SolveOutcome) => void = () => {};
    const result = new Promise<SolveOutcome>((resolve) => (settle = resolve));
    const started = performance.now();
    let finished = false;

    const finish = (outcome: SolveOutcome, keepWorker: boolean) => {
      if (finished) return;
      finished = true;
      clearTimeout(deadline);
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      this.busy.delete(worker);
      if (keepWorker && !this.idle) this.idle = worker;
      else void worker.terminate();
      settle(outcome);
    };
    const onMessage = (message: WorkerMessage) => {
      if (message.kind === 'ready' || message.id !== id) return;
      if (message.kind === 'progress') job.onProgress?.(message.message);
      else if (message.kind === 'done') finish(message, true);
      else finish({ kind: 'error', message: message.message }, true);
    };
    const onError = (error: Error) => finish({ kind: 'error', message: error.message }, false);
    const onExit = (code: number) =>
      finish(
        { kind: 'error', message: `the solver stopped unexpectedly (exit code ${code})` },
        false,
      );
    const deadline = setTimeout(
      () => {
        this.log(
          `solve ${id} overran its time limit of ${job.timeLimit} s; terminating the worker`,
        );
        finish({ kind: 'killed', seconds: (performance.now() - started) / 1000 }, false);
      },
      (job.timeLimit + KILL_GRACE_SECONDS) * 1000,
    );

    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    const request: WorkerSolveRequest = {
      id,
      text: job.text,
      options: { file: job.file, timeLimit: job.timeLimit, valueSamples: true },
    };
    worker.postMessage(request);
    return { result, cancel: () => finish({ kind: 'cancelled' }, false) };
  }

  async dispose(): Promise<void> {
    const workers = [...this.busy, ...(this.idle ? [this.idle] : [])];
    this.busy.clear();
    this.idle = undefined;
    await Promise.all(workers.map((worker) => worker.terminate()));
  }

  private spawn(): Worker {
    const worker = new Worker(this.workerPath);
    // An idle worker that dies is simply forgotten; the next solve spawns a fresh one.
    worker.once('exit', () => {
      if (this.idle === worker) this.idle = undefined;
    });
    worker.unref();
    return worker;
  }
}
