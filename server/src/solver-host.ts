/**
 * Runs solves on a separate thread so that the server thread keeps answering while HiGHS works:
 * a `worker_threads` worker on Node (node-solver-host.ts), a Web Worker in the browser
 * (web-solver-host.ts). One idle thread is kept warm (HiGHS loaded); a solve that is cancelled
 * or overruns its time limit is stopped by terminating its thread, which is the only way to
 * interrupt a running LP. This module imports nothing platform-specific.
 */
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

/** Whatever can run a solve off the server thread. */
export interface SolverHost {
  solve(job: SolveJob): RunningSolve;
  dispose(): Promise<void>;
}

/** What a solver thread tells its owner. */
export interface SolverThreadListener {
  message(message: WorkerMessage): void;
  /** The thread threw or could not start. */
  error(message: string): void;
  /** The thread ended without being asked to. */
  exit(description: string): void;
}

/** A solver thread (Node worker or Web Worker) behind one face. */
export interface SolverThread {
  post(request: WorkerSolveRequest): void;
  /** Subscribes; the returned function unsubscribes. */
  listen(listener: SolverThreadListener): () => void;
  /** Ends the thread; resolves once it is gone where the platform tells. */
  terminate(): Promise<void> | void;
  /** Called once when the thread ends, whoever ended it. */
  onExit(callback: () => void): void;
}

/** Grace after the time limit before the worker is terminated, for the solver's own stop. */
const KILL_GRACE_SECONDS = 2;

export class ThreadSolverHost implements SolverHost {
  private idle: SolverThread | undefined;
  private readonly busy = new Set<SolverThread>();
  private nextId = 1;

  constructor(
    private readonly spawnThread: () => SolverThread,
    private readonly log: (message: string) => void = () => {},
  ) {}

  /** Starts a thread ahead of the first solve so that HiGHS is loaded by then. */
  warmUp(): void {
    this.idle ??= this.spawn();
  }

  solve(job: SolveJob): RunningSolve {
    const thread = this.idle ?? this.spawn();
    this.idle = undefined;
    this.busy.add(thread);
    const id = this.nextId++;
    let settle: (outcome: SolveOutcome) => void = () => {};
    const result = new Promise<SolveOutcome>((resolve) => (settle = resolve));
    const started = performance.now();
    let finished = false;

    const finish = (outcome: SolveOutcome, keepThread: boolean) => {
      if (finished) return;
      finished = true;
      clearTimeout(deadline);
      unsubscribe();
      this.busy.delete(thread);
      if (keepThread && !this.idle) this.idle = thread;
      else void thread.terminate();
      settle(outcome);
    };
    const unsubscribe = thread.listen({
      message: (message) => {
        if (message.kind === 'ready' || message.id !== id) return;
        if (message.kind === 'progress') job.onProgress?.(message.message);
        else if (message.kind === 'done') finish(message, true);
        else finish({ kind: 'error', message: message.message }, true);
      },
      error: (message) => finish({ kind: 'error', message }, false),
      exit: (description) =>
        finish(
          { kind: 'error', message: `the solver stopped unexpectedly (${description})` },
          false,
        ),
    });
    const deadline = setTimeout(
      () => {
        this.log(
          `solve ${id} overran its time limit of ${job.timeLimit} s; terminating the worker`,
        );
        finish({ kind: 'killed', seconds: (performance.now() - started) / 1000 }, false);
      },
      (job.timeLimit + KILL_GRACE_SECONDS) * 1000,
    );

    thread.post({
      id,
      text: job.text,
      options: { file: job.file, timeLimit: job.timeLimit, valueSamples: true },
    });
    return { result, cancel: () => finish({ kind: 'cancelled' }, false) };
  }

  async dispose(): Promise<void> {
    const threads = [...this.busy, ...(this.idle ? [this.idle] : [])];
    this.busy.clear();
    this.idle = undefined;
    await Promise.all(threads.map((thread) => thread.terminate()));
  }

  private spawn(): SolverThread {
    const thread = this.spawnThread();
    // An idle thread that dies is simply forgotten; the next solve spawns a fresh one.
    thread.onExit(() => {
      if (this.idle === thread) this.idle = undefined;
    });
    return thread;
  }
}
