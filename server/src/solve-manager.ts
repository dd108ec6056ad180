/**
 * The solver state of every open document: which version is being solved, the last result,
 * and the solver's findings as diagnostics. A newer version cancels a running solve; a failed
 * or cancelled solve clears the last result so that no stale "OK" stays visible.
 */
import type { Diagnostic } from '../../language/src/diagnostics';
import { format, messages } from '../../language/src/messages';
import type { ModelSources } from '../../language/src/model';
import type { ServerSettings, SolveNotification, SolveReport } from '../../language/src/protocol';
import type { Range } from '../../language/src/source';
import { formatNumber } from './numbers';
import { headline } from './report-text';
import type { RunningSolve, SolveOutcome, SolverHost } from './solver-host';

/** What the manager needs to know about the version it is asked to solve. */
export interface SolveSubject {
  uri: string;
  version: number;
  text: string;
  /** Errors from the checker: a model with errors is not sent to the solver. */
  errorCount: number;
  sources?: ModelSources;
}

interface DocumentSolve {
  last: SolveNotification;
  running?: { version: number; solve: RunningSolve; notification: Promise<SolveNotification> };
  /** Solver findings, valid for `last.version` only. */
  findings: Diagnostic[];
  /** The last solve that succeeded, kept while the text is edited, dropped when a solve fails. */
  lastGood?: { version: number; report: SolveReport };
}

export interface SolveManagerEvents {
  /** The solver state of a document changed: tell the client. */
  notify(notification: SolveNotification): void;
  /** The solver findings of a document changed: republish its diagnostics. */
  findingsChanged(uri: string): void;
  log(message: string): void;
}

export class SolveManager {
  private readonly documents = new Map<string, DocumentSolve>();

  constructor(
    private readonly host: SolverHost,
    private readonly events: SolveManagerEvents,
    private readonly settings: () => ServerSettings,
  ) {}

  /**
   * Solves this version, cancelling a solve of an older version still running; a solve of the
   * same version already running is shared rather than restarted.
   */
  solve(subject: SolveSubject): Promise<SolveNotification> {
    const entry = this.entry(subject.uri);
    if (entry.running?.version === subject.version) return entry.running.notification;
    entry.running?.solve.cancel();
    entry.running = undefined;

    if (subject.errorCount > 0) {
      const plural = subject.errorCount === 1 ? 'error' : 'errors';
      const message = `The model has ${subject.errorCount} ${plural}; fix them to solve it.`;
      return Promise.resolve(this.settle(subject, { state: 'failed', message }, []));
    }

    const timeLimit = this.settings().solve.timeLimit;
    const solve = this.host.solve({
      text: subject.text,
      file: subject.uri,
      timeLimit,
      onProgress: (progress) => this.publish(subject, { state: 'solving', progress }),
    });
    const notification = this.settleWhenDone(entry, subject, solve, timeLimit);
    entry.running = { version: subject.version, solve, notification };
    this.publish(subject, { state: 'solving' });
    this.events.log(
      `solve of ${subject.uri} v${subject.version} started (time limit ${timeLimit} s)`,
    );
    return notification;
  }

  private async settleWhenDone(
    entry: DocumentSolve,
    subject: SolveSubject,
    solve: RunningSolve,
    timeLimit: number,
  ): Promise<SolveNotification> {
    const outcome = await solve.result;
    if (this.documents.get(subject.uri) !== entry || entry.running?.solve !== solve) {
      // Cancelled, superseded by a newer version or closed: whoever stopped it has reported.
      return { uri: subject.uri, version: subject.version, state: 'cancelled' };
    }
    entry.running = undefined;
    this.events.log(`solve of ${subject.uri} v${subject.version}: ${describe(outcome)}`);
    return this.finish(subject, outcome, timeLimit);
  }

  /** The text changed: a running solve is stale, and so is the last result. */
  changed(uri: string, version: number): void {
    const entry = this.documents.get(uri);
    if (!entry) return;
    // Opening a document also reports its content as a change: that version is not newer.
    const wasRunning = entry.running !== undefined && entry.running.version < version;
    if (wasRunning) {
      entry.running!.solve.cancel();
      entry.running = undefined;
    }
    if (entry.last.version >= version) return;
    const { state } = entry.last;
    if (wasRunning || state === 'solved' || state === 'failed') {
      const message = 'The text changed since the last solve.';
      this.settle({ uri, version: entry.last.version }, { state: 'stale', message }, []);
    }
  }

  /** Stops the solve of one document, or of all. */
  cancel(uri?: string): void {
    for (const [key, entry] of this.documents) {
      if (uri !== undefined && key !== uri) continue;
      if (!entry.running) continue;
      const version = entry.running.version;
      entry.running.solve.cancel();
      entry.running = undefined;
      const message = 'The solve was cancelled.';
      this.settle({ uri: key, version }, { state: 'cancelled', message }, []);
    }
  }

  closed(uri: string): void {
    this.documents.get(uri)?.running?.solve.cancel();
    this.documents.delete(uri);
  }

  last(uri: string): SolveNotification | null {
    return this.documents.get(uri)?.last ?? null;
  }

  /** The solver's findings if they belong to this version of the text. */
  findings(uri: string, version: number): Diagnostic[] {
    const entry = this.documents.get(uri);
    return entry && entry.last.version === version ? entry.findings : [];
  }

  /**
   * The report of the last successful solve, and whether the text changed since. Undefined
   * once a later solve failed, so that nothing shows a result the current text does not have.
   */
  report(uri: string, version: number): { report: SolveReport; stale: boolean } | undefined {
    const good = this.documents.get(uri)?.lastGood;
    return good && { report: good.report, stale: good.version !== version };
  }

  isRunning(uri: string): boolean {
    return this.documents.get(uri)?.running !== undefined;
  }

  async dispose(): Promise<void> {
    this.cancel();
    await this.host.dispose();
  }

  private finish(
    subject: SolveSubject,
    outcome: SolveOutcome,
    timeLimit: number,
  ): SolveNotification {
    const range = solveRange(subject.sources);
    switch (outcome.kind) {
      case 'cancelled':
        return this.settle(
          subject,
          { state: 'cancelled', message: 'The solve was cancelled.' },
          [],
        );
      case 'killed': {
        const reason = `it did not finish within the time limit of ${timeLimit} s`;
        const finding = solverDiagnostic('solverFailure', range, ['the model', reason]);
        const message = `The solve stopped at the time limit of ${timeLimit} s.`;
        return this.settle(subject, { state: 'failed', message, seconds: outcome.seconds }, [
          finding,
        ]);
      }
      case 'error': {
        const finding = solverDiagnostic('solverFailure', range, ['the model', outcome.message]);
        return this.settle(subject, { state: 'failed', message: finding.message }, [finding]);
      }
      case 'done': {
        const problems = unsolvedAnalyses(outcome.report);
        const findings = [
          ...outcome.diagnostics.filter((d) => isSolverCode(d.code)),
          ...bindingHints(outcome.report, subject.sources),
        ];
        const failedAnalysis = problems.length > 0;
        const message = failedAnalysis ? `Not solved: ${problems.join('; ')}.` : undefined;
        const state = failedAnalysis ? 'failed' : 'solved';
        const notification = {
          state,
          report: outcome.report,
          seconds: outcome.seconds,
          message,
          headline: headline(outcome.report, this.settings().precision),
        } as const;
        return this.settle(subject, notification, findings);
      }
    }
  }

  private settle(
    subject: Pick<SolveSubject, 'uri' | 'version'>,
    fields: Omit<SolveNotification, 'uri' | 'version'>,
    findings: Diagnostic[],
  ): SolveNotification {
    const entry = this.entry(subject.uri);
    const hadFindings = entry.findings.length > 0;
    entry.findings = findings;
    if (fields.state === 'solved' && fields.report) {
      entry.lastGood = { version: subject.version, report: fields.report };
    } else if (fields.state === 'failed') {
      entry.lastGood = undefined;
    }
    const notification = this.publish(subject, fields);
    if (hadFindings || findings.length > 0) this.events.findingsChanged(subject.uri);
    return notification;
  }

  private publish(
    subject: Pick<SolveSubject, 'uri' | 'version'>,
    fields: Omit<SolveNotification, 'uri' | 'version'>,
  ): SolveNotification {
    const notification: SolveNotification = {
      uri: subject.uri,
      version: subject.version,
      ...fields,
    };
    const entry = this.entry(subject.uri);
    if (fields.state !== 'solving' || entry.last.state !== 'solving') entry.last = notification;
    else entry.last = { ...notification, report: undefined };
    this.events.notify(notification);
    return notification;
  }

  private entry(uri: string): DocumentSolve {
    let entry = this.documents.get(uri);
    if (!entry) {
      entry = { last: { uri, version: -1, state: 'idle' }, findings: [] };
      this.documents.set(uri, entry);
    }
    return entry;
  }
}

function describe(outcome: SolveOutcome): string {
  switch (outcome.kind) {
    case 'done': {
      const values = Object.values(outcome.report.results).map(
        (r) => `${r!.analysis}=${r!.status === 'optimal' ? formatNumber(r!.value) : r!.status}`,
      );
      return `${values.join(', ')} in ${outcome.seconds.toFixed(3)} s`;
    }
    case 'killed':
      return `terminated at the time limit after ${outcome.seconds.toFixed(1)} s`;
    case 'error':
      return `failed: ${outcome.message}`;
    case 'cancelled':
      return 'cancelled';
  }
}

/** `'calibrated' is infeasible`, … for every analysis that did not reach an optimum. */
function unsolvedAnalyses(report: SolveReport): string[] {
  return Object.values(report.results)
    .filter((result) => result && result.status !== 'optimal')
    .map((result) => `'${result!.analysis}' is ${result!.status.replace('_', ' ')}`);
}

/** Solver findings come from `run.ts`; the checker's own diagnostics are published separately. */
function isSolverCode(code: string): boolean {
  return /^MECH[59]\d\d$/.test(code);
}

function solverDiagnostic(id: 'solverFailure', range: Range, args: string[]): Diagnostic {
  const spec = messages[id];
  return { severity: spec.severity, code: spec.code, message: format(spec.text, args), range };
}

function solveRange(sources: ModelSources | undefined): Range {
  return (
    sources?.solve ??
    sources?.model ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }
  );
}

/**
 * One hint per binding constraint and analysis, on the declaration of the type it binds.
 * FIXME(#3): built here rather than in `run.ts`, which reports no binding constraints itself.
 */
export function bindingHints(report: SolveReport, sources: ModelSources | undefined): Diagnostic[] {
  const hints = new Map<string, Diagnostic>();
  for (const result of Object.values(report.results)) {
    if (!result || result.status !== 'optimal') continue;
    const constraints = [
      ...(result.binding ?? []),
      ...(result.signals ?? []).flatMap((signal) => signal.binding),
    ];
    for (const constraint of constraints) {
      const key = `${result.analysis} ${constraint.label}`;
      if (hints.has(key)) continue;
      const typeIndex = report.types.indexOf(constraint.type);
      const range = sources?.types[typeIndex] ?? solveRange(sources);
      const label = `${constraint.label} in '${result.analysis}'`;
      const price = formatNumber(constraint.shadowPrice);
      const spec = messages.binding;
      hints.set(key, {
        severity: spec.severity,
        code: spec.code,
        message: format(spec.text, [label, price]),
        range,
      });
    }
  }
  return [...hints.values()];
}
