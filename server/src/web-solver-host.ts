/**
 * The solver thread in the browser: a Web Worker started from inside the server's own worker.
 * The server worker runs from a `blob:` URL, so nothing can be found relative to it: the client
 * passes the absolute URLs of dist/solver-web.js and dist/highs.wasm, and the solver worker is
 * started from a small bootstrap that records the wasm URL and loads the bundle with
 * `importScripts` (which, unlike `new Worker(url)`, may load from another origin).
 */
import type { WorkerMessage } from '../../language/src/solve/worker';
import { ThreadSolverHost, type SolverThread } from './solver-host';

/** Where the browser build's solver pieces are; sent by the client as `initializationOptions.web`. */
export interface WebSolverLocations {
  /** Absolute URL of dist/solver-web.js. */
  solverWorkerUrl: string;
  /** Absolute URL of dist/highs.wasm. */
  highsWasmUrl: string;
}

/** The global the bootstrap sets before loading the solver bundle. */
export const WASM_URL_GLOBAL = 'mechHighsWasmUrl';

export class WebSolverHost extends ThreadSolverHost {
  /** `locations` is read at each spawn: the client's URLs arrive with `initialize`. */
  constructor(locations: () => WebSolverLocations | undefined, log: (message: string) => void) {
    super(() => webSolverThread(locations()), log);
  }
}

/** The `web` member of the client's initialization options, if it is well formed. */
export function readWebLocations(initializationOptions: unknown): WebSolverLocations | undefined {
  const web = (initializationOptions as { web?: Partial<WebSolverLocations> } | undefined)?.web;
  if (typeof web?.solverWorkerUrl !== 'string' || typeof web.highsWasmUrl !== 'string') {
    return undefined;
  }
  return { solverWorkerUrl: web.solverWorkerUrl, highsWasmUrl: web.highsWasmUrl };
}

function webSolverThread(locations: WebSolverLocations | undefined): SolverThread {
  if (!locations) throw new Error('the client did not say where the solver worker is');
  const bootstrap = [
    `self.${WASM_URL_GLOBAL} = ${JSON.stringify(locations.highsWasmUrl)};`,
    `importScripts(${JSON.stringify(locations.solverWorkerUrl)});`,
  ].join('\n');
  const url = URL.createObjectURL(new Blob([bootstrap], { type: 'text/javascript' }));
  const worker = new Worker(url, { name: 'mech-solver' });
  const exitCallbacks: Array<() => void> = [];
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    worker.terminate();
    URL.revokeObjectURL(url);
    exitCallbacks.forEach((callback) => callback());
  };
  return {
    post: (request) => worker.postMessage(request),
    listen(listener) {
      const onMessage = (event: MessageEvent<WorkerMessage>) => listener.message(event.data);
      const onError = (event: ErrorEvent) => {
        event.preventDefault();
        listener.error(event.message || 'the solver worker could not start');
      };
      worker.addEventListener('message', onMessage);
      worker.addEventListener('error', onError);
      return () => {
        worker.removeEventListener('message', onMessage);
        worker.removeEventListener('error', onError);
      };
    },
    terminate: end,
    onExit: (callback) => void exitCallbacks.push(callback),
  };
}
