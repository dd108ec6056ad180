/**
 * A real LSP client for tests: starts the bundled server (`node dist/server.js --stdio`) as a
 * child process and talks to it over stdio. Waiting is always on events: a promise resolved by
 * the notification that satisfies a predicate, never a sleep.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import {
  SOLVE_NOTIFICATION,
  type ServerSettings,
  type SolveNotification,
} from '../../language/src/protocol';

export const ROOT = join(__dirname, '..', '..');
const DIST = join(ROOT, 'dist');

interface Waiter<T> {
  accept(value: T): boolean;
}

/** Builds the bundles unless they are newer than every source file of the server and core. */
export function ensureBuilt(): void {
  const outputs = ['server.js', 'solver-worker.js', 'highs.wasm'].map((file) => join(DIST, file));
  if (outputs.every(existsSync)) {
    const built = Math.min(...outputs.slice(0, 2).map((file) => statSync(file).mtimeMs));
    const sources = ['server/src', 'language/src'].flatMap((dir) => listFiles(join(ROOT, dir)));
    if (sources.every((file) => statSync(file).mtimeMs <= built)) return;
  }
  // Test files run in parallel workers: one builds, the others wait for its lock to go.
  const lock = join(ROOT, 'test-output', 'build.lock');
  mkdirSync(join(ROOT, 'test-output'), { recursive: true });
  try {
    mkdirSync(lock);
  } catch {
    waitForRemoval(lock);
    return;
  }
  try {
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], {
      cwd: ROOT,
      stdio: 'pipe',
    });
  } catch (error) {
    // A source being edited elsewhere in the tree may not build for a moment: keep testing the
    // last bundles if there are any (a clean checkout has none, so there the failure shows).
    if (!outputs.every(existsSync)) throw error;
    console.warn(`build failed, testing the existing bundles: ${String(error).slice(0, 500)}`);
  } finally {
    rmdirSync(lock);
  }
}

/** Blocks until another worker's build removes its lock (a lock left by a crash expires). */
function waitForRemoval(lock: string): void {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  while (existsSync(lock)) {
    if (Date.now() - statSync(lock).mtimeMs > 120_000) {
      rmdirSync(lock);
      return;
    }
    Atomics.wait(pause, 0, 0, 50);
  }
}

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

export class LspSession {
  readonly logs: string[] = [];
  private readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  private readonly solves = new Map<string, SolveNotification>();
  private diagnosticWaiters: Waiter<PublishDiagnosticsParams>[] = [];
  private solveWaiters: Waiter<SolveNotification>[] = [];
  private readonly versions = new Map<string, number>();

  private constructor(
    readonly process: ChildProcess,
    readonly connection: ProtocolConnection,
  ) {}

  /** Starts the server and completes the initialize handshake. */
  static async start(settings: Partial<ServerSettings> = {}): Promise<LspSession> {
    ensureBuilt();
    const child = spawn(process.execPath, [join(DIST, 'server.js'), '--stdio'], {
      cwd: ROOT,
      stdio: 'pipe',
    });
    const connection = createProtocolConnection(
      new StreamMessageReader(child.stdout!),
      new StreamMessageWriter(child.stdin!),
    );
    const session = new LspSession(child, connection);
    session.listen();
    connection.listen();
    await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: {
        textDocument: {
          publishDiagnostics: { relatedInformation: true, versionSupport: true },
          hover: { contentFormat: ['markdown'] },
          rename: { prepareSupport: true },
        },
      },
      initializationOptions: { settings },
    });
    await connection.sendNotification('initialized', {});
    return session;
  }

  private listen(): void {
    this.connection.onNotification(
      'textDocument/publishDiagnostics',
      (params: PublishDiagnosticsParams) => {
        this.diagnostics.set(params.uri, params);
        this.diagnosticWaiters = this.diagnosticWaiters.filter((waiter) => !waiter.accept(params));
      },
    );
    this.connection.onNotification(SOLVE_NOTIFICATION, (params: SolveNotification) => {
      this.solves.set(params.uri, params);
      this.solveWaiters = this.solveWaiters.filter((waiter) => !waiter.accept(params));
    });
    this.connection.onNotification('window/logMessage', (params: { message: string }) => {
      this.logs.push(params.message);
    });
  }

  /** The next diagnostics of `uri` that satisfy the predicate (the latest one counts too). */
  diagnosticsFor(
    uri: string,
    predicate: (params: PublishDiagnosticsParams) => boolean = () => true,
  ): Promise<PublishDiagnosticsParams> {
    const latest = this.diagnostics.get(uri);
    if (latest && predicate(latest)) return Promise.resolve(latest);
    return new Promise((resolve) => {
      this.diagnosticWaiters.push({
        accept: (params) => {
          if (params.uri !== uri || !predicate(params)) return false;
          resolve(params);
          return true;
        },
      });
    });
  }

  /** Diagnostics of the document's current version. */
  currentDiagnostics(uri: string): Promise<PublishDiagnosticsParams> {
    const version = this.versions.get(uri);
    return this.diagnosticsFor(uri, (params) => params.version === version);
  }

  /** The next solve notification of `uri` that satisfies the predicate (the latest counts). */
  solveFor(
    uri: string,
    predicate: (params: SolveNotification) => boolean,
  ): Promise<SolveNotification> {
    const latest = this.solves.get(uri);
    if (latest && predicate(latest)) return Promise.resolve(latest);
    return new Promise((resolve) => {
      this.solveWaiters.push({
        accept: (params) => {
          if (params.uri !== uri || !predicate(params)) return false;
          resolve(params);
          return true;
        },
      });
    });
  }

  /** A finished solve (not `solving`) of the document's current version. */
  settledSolve(uri: string): Promise<SolveNotification> {
    const version = this.versions.get(uri);
    return this.solveFor(uri, (params) => params.version === version && params.state !== 'solving');
  }

  async open(uri: string, text: string): Promise<void> {
    this.versions.set(uri, 1);
    await this.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'mech', version: 1, text },
    });
  }

  /** Replaces the whole text, as a new version. */
  async change(uri: string, text: string): Promise<number> {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ text }],
    });
    return version;
  }

  async save(uri: string): Promise<void> {
    await this.connection.sendNotification('textDocument/didSave', { textDocument: { uri } });
  }

  async close(uri: string): Promise<void> {
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  async stop(): Promise<void> {
    const exited = new Promise<void>((resolve) => this.process.once('exit', () => resolve()));
    try {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    } catch {
      this.process.kill();
    }
    await exited;
    this.connection.dispose();
  }
}
