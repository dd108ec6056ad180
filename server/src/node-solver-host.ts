/** The solver thread on Node: a `worker_threads` worker running dist/solver-worker.js. */
import { Worker } from 'node:worker_threads';
import type { WorkerMessage } from '../../language/src/solve/worker';
import { ThreadSolverHost, type SolverThread } from './solver-host';

export class WorkerSolverHost extends ThreadSolverHost {
  constructor(workerPath: string, log: (message: string) => void = () => {}) {
    super(() => nodeSolverThread(workerPath), log);
  }
}

function nodeSolverThread(workerPath: string): SolverThread {
  const worker = new Worker(workerPath);
  worker.unref();
  return {
    post: (request) => worker.postMessage(request),
    listen(listener) {
      const onMessage = (message: WorkerMessage) => listener.message(message);
      const onError = (error: Error) => listener.error(error.message);
      const onExit = (code: number) => listener.exit(`exit code ${code}`);
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      return () => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
      };
    },
    terminate: async () => void (await worker.terminate()),
    onExit: (callback) => void worker.once('exit', callback),
  };
}
