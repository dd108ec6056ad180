/**
 * From source text to a `SolveReport`: analyse, solve every requested analysis, run the sweeps,
 * and turn solver findings into diagnostics. This is the one entry the CLI, the language server
 * and the report share; it does no IO.
 */
import { analyze } from './analyze';
import { hasErrors, type Diagnostic } from './diagnostics';
import { format, messages, type MessageId } from './messages';
import type { AnalysisName, MechModel } from './model';
import type { AnalysisResult, JsonDiagnostic, SolveReport, SweepResult } from './protocol';
import type { Range } from './source';
import { LP_TOLERANCES, LpSolver } from './solve/lp';
import { ModelSolver, type SolveOptions } from './solve/solve';
import packageJson from '../../package.json';

export const VERSION: string = packageJson.version;

export interface RunOptions extends SolveOptions {
  /** Path shown in the report. */
  file?: string;
  /** Solve these instead of the model's `solve` line. */
  analyses?: AnalysisName[];
  /** Run the model's sweeps (default true). */
  sweeps?: boolean;
  /** Called with a short progress message on long runs. */
  progress?: (message: string) => void;
}

export interface RunOutcome {
  report: SolveReport;
  /** Syntax, checker and solver diagnostics, in source order. */
  diagnostics: Diagnostic[];
}

let shared: Promise<LpSolver> | undefined;

/** One HiGHS instance per thread, created on first use. */
export function sharedSolver(): Promise<LpSolver> {
  shared ??= LpSolver.create();
  return shared;
}

export async function solveText(
  text: string,
  options: RunOptions = {},
  solver?: LpSolver,
): Promise<RunOutcome> {
  const lp = solver ?? (await sharedSolver());
  const analysed = analyze(text);
  const diagnostics = [...analysed.diagnostics];
  const report = emptyReport(options.file ?? '', lp, analysed.model);
  if (hasErrors(diagnostics) || !analysed.model) {
    // The model's name and title as written, when its `model` line reads.
    const declared = analysed.ast.declarations.find((d) => d.kind === 'model');
    report.model = declared?.name?.name ?? '';
    report.title = declared?.title?.text ?? null;
    report.privateValues = null;
    report.diagnostics = diagnostics.map(toJsonDiagnostic);
    return { report, diagnostics };
  }
  const model = analysed.model;
  const analyses = options.analyses ?? analysed.analyses;
  const modelSolver = new ModelSolver(model, lp, options);
  report.privateValues = modelSolver.privateValues;
  for (const analysis of analyses) {
    options.progress?.(`solving ${analysis}`);
    report.results[analysis] = modelSolver.run(analysis);
  }
  // An analysis that is infeasible while another has a mechanism is a finding about the model
  // (e.g. full disclosure cannot be IR), not an error in it.
  const anySolved = analyses.some((a) => report.results[a]?.value !== null);
  for (const analysis of analyses) {
    for (const finding of findings(model, report.results[analysis]!)) {
      if (anySolved && finding.code === messages.infeasible.code) finding.severity = 'warning';
      diagnostics.push(finding);
    }
  }
  if (
    modelSolver.privateValues &&
    analyses.some((a) => a === 'calibrated' || a === 'partitional')
  ) {
    diagnostics.push(diagnostic('privateValues', sourceRange(model, 'solve'), []));
  }
  if (options.sweeps !== false) {
    for (const sweep of analysed.sweeps) {
      report.sweeps.push(runSweep(text, sweep, analyses, lp, options, diagnostics));
    }
  }
  diagnostics.sort(
    (a, b) =>
      a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
  );
  report.diagnostics = diagnostics.map(toJsonDiagnostic);
  return { report, diagnostics };
}

function runSweep(
  text: string,
  sweep: { param: string; values: number[]; range: Range },
  analyses: AnalysisName[],
  lp: LpSolver,
  options: RunOptions,
  diagnostics: Diagnostic[],
): SweepResult {
  const result: SweepResult = { param: sweep.param, points: [] };
  sweep.values.forEach((value, i) => {
    options.progress?.(`sweep ${sweep.param} ${i + 1}/${sweep.values.length}`);
    const point: SweepResult['points'][number] = { value, results: {} };
    const analysed = analyze(text, { [sweep.param]: value });
    const error = analysed.diagnostics.find((d) => d.severity === 'error');
    if (error) {
      // A sweep may leave the model's domain (a prior of 0, a row that no longer sums to 1).
      point.error = error.message;
      diagnostics.push(
        diagnostic('sweepPointInvalid', sweep.range, [sweep.param, String(value), error.message]),
      );
    }
    if (analysed.model) {
      const solver = new ModelSolver(analysed.model, lp, { ...options, valueSamples: false });
      for (const analysis of analyses) {
        const solved = solver.run(analysis);
        point.results[analysis] = {
          value: solved.value,
          status: solved.status,
          lowerBound: solved.lowerBound,
          upperBound: solved.upperBound,
        };
        if (solved.status === 'time_limit') {
          const where = `'${analysis}' at ${sweep.param} = ${value}`;
          diagnostics.push(diagnostic('timeLimit', sweep.range, [where, ...shownBounds(solved)]));
        }
      }
    }
    result.points.push(point);
  });
  return result;
}

/** A result's bounds for a message: ten significant digits, ±∞ where there is none. */
function shownBounds(result: Pick<AnalysisResult, 'lowerBound' | 'upperBound'>): string[] {
  const shown = (x: number | null, none: string) =>
    x === null ? none : String(Number(x.toPrecision(10)));
  return [shown(result.lowerBound, '−∞'), shown(result.upperBound, '∞')];
}

/** Solver outcomes that the user should see next to the `solve` line. */
function findings(model: MechModel, result: AnalysisResult): Diagnostic[] {
  const range = sourceRange(model, 'solve');
  const reason = result.reason ?? '';
  switch (result.status) {
    case 'infeasible':
      return [diagnostic('infeasible', range, [`'${result.analysis}'`, reason])];
    case 'unbounded':
      return [diagnostic('unbounded', range, [`'${result.analysis}'`, reason])];
    case 'time_limit':
      return [diagnostic('timeLimit', range, [`'${result.analysis}'`, ...shownBounds(result)])];
    case 'error':
      const limit = /supports at most (\d+) states; this model has (\d+)/.exec(reason);
      return limit
        ? [diagnostic('tooLargeForAnalysis', range, [result.analysis, limit[1], limit[2]])]
        : [diagnostic('solverFailure', range, [`'${result.analysis}'`, reason])];
    default:
      return [];
  }
}

function diagnostic(id: MessageId, range: Range, args: string[]): Diagnostic {
  const spec = messages[id];
  return { severity: spec.severity, code: spec.code, message: format(spec.text, args), range };
}

function sourceRange(model: MechModel, which: 'solve'): Range {
  return (
    model.sources?.[which] ??
    model.sources?.model ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }
  );
}

function emptyReport(file: string, lp: LpSolver, model: MechModel | undefined): SolveReport {
  return {
    file,
    model: model?.name ?? '',
    title: model?.title ?? null,
    version: VERSION,
    solver: {
      name: 'HiGHS',
      version: lp.version,
      tolerances: { ...LP_TOLERANCES, gap: 1e-9 },
    },
    privateValues: false,
    states: model?.states ?? [],
    types: model?.types ?? [],
    outcomes: model?.outcomes ?? [],
    prior: Object.fromEntries((model?.states ?? []).map((s, i) => [s, model!.prior[i]])),
    diagnostics: [],
    results: {},
    sweeps: [],
  };
}

/** LSP-style diagnostic → JSON form: 1-based lines and columns, end exclusive. */
export function toJsonDiagnostic(d: Diagnostic): JsonDiagnostic {
  return {
    severity: d.severity,
    code: d.code,
    message: d.message,
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
    endLine: d.range.end.line + 1,
    endColumn: d.range.end.character + 1,
  };
}
