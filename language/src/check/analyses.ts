/** The `solve` line and the sweeps: what to run, and at which param values. */
import { ANALYSES, type AnalysisName } from '../model';
import type { Range } from '../source';
import type * as ast from '../syntax/ast';
import type { CheckContext } from './context';
import { describeGlobal, didYouMean, formatNumber, quote } from './describe';
import { compileExpression, CONSTANT_ENV, evaluateOrReport } from './expressions';
import { MAX_SWEEP_POINTS, TOLERANCE } from './limits';

/** One `sweep` line, resolved: re-solve with `param` at each of `values`. */
export interface SweepSpec {
  param: string;
  values: number[];
  /** The whole `sweep` declaration. */
  range: Range;
}

const DEFAULT_ANALYSES: AnalysisName[] = ['calibrated'];

const ANALYSIS_CHOICES = `${ANALYSES.slice(0, -1).map(quote).join(', ')} or ${quote(ANALYSES[4])}`;

/** The analyses to run, in written order without repeats; `calibrated` without a `solve`. */
export function checkSolve(ctx: CheckContext): AnalysisName[] {
  const solve = ctx.scope.solve;
  if (!solve) return DEFAULT_ANALYSES;
  const chosen: AnalysisName[] = [];
  for (const name of solve.analyses) {
    const analysis = ANALYSES.find((a) => a === name.name);
    if (!analysis) {
      ctx.report('unknownAnalysis', name.span.range, [name.name, ANALYSIS_CHOICES]);
    } else if (chosen.includes(analysis)) {
      ctx.report('repeatedAnalysis', name.span.range, [name.name]);
    } else {
      chosen.push(analysis);
    }
  }
  return chosen.length > 0 ? chosen : DEFAULT_ANALYSES;
}

export function checkSweeps(ctx: CheckContext): SweepSpec[] {
  const sweeps: SweepSpec[] = [];
  for (const sweep of ctx.scope.sweeps) {
    const param = sweep.param && checkSweptName(ctx, sweep.param);
    const description = `the sweep of ${quote(sweep.param?.name ?? '')}`;
    const [from, to, step] = [sweep.from, sweep.to, sweep.step].map((e) =>
      readConstant(ctx, e, description),
    );
    if (!param || from === undefined || to === undefined || step === undefined) continue;
    const values = sweepValues(ctx, sweep, param, from, to, step);
    if (values) sweeps.push({ param, values, range: sweep.span.range });
  }
  return sweeps;
}

/** The param's name, or undefined after reporting that it is not a param. */
function checkSweptName(ctx: CheckContext, name: ast.Identifier): string | undefined {
  const info = ctx.scope.globals.get(name.name);
  if (!info) {
    const advice = didYouMean(
      name.name,
      ctx.scope.params.map((p) => p.name),
    );
    ctx.report('unknownName', name.span.range, [name.name, advice]);
    return undefined;
  }
  ctx.symbols.reference(name.span, info.symbol);
  if (info.kind === 'param') return info.name;
  ctx.report('sweepNotParam', name.span.range, [name.name, describeGlobal(info)]);
  return undefined;
}

function sweepValues(
  ctx: CheckContext,
  sweep: ast.SweepDeclaration,
  param: string,
  from: number,
  to: number,
  step: number,
): number[] | undefined {
  if (step <= 0) {
    ctx.report('sweepStep', sweep.step!.span.range, [formatNumber(step)]);
    return undefined;
  }
  if (from > to + TOLERANCE) {
    ctx.report('sweepEmpty', sweep.from!.span.range, [param, formatNumber(from), formatNumber(to)]);
    return undefined;
  }
  const count = Math.floor((to + TOLERANCE - from) / step) + 1;
  if (count > MAX_SWEEP_POINTS) {
    const args = [param, count.toLocaleString('en-US'), MAX_SWEEP_POINTS.toLocaleString('en-US')];
    ctx.report('sweepTooLong', sweep.step!.span.range, args);
    return undefined;
  }
  const values: number[] = [];
  // Rounding to 15 digits turns 0.8500000000000001 back into the 0.85 the user meant.
  for (let k = 0; from + k * step <= to + TOLERANCE; k++) {
    values.push(Number((from + k * step).toPrecision(15)));
  }
  return values;
}

function readConstant(
  ctx: CheckContext,
  expression: ast.Expression | undefined,
  description: string,
): number | undefined {
  const place = { description, bound: [], allowTransfer: false };
  const compiled = compileExpression(ctx, expression, place);
  return compiled && evaluateOrReport(ctx, compiled.evaluate, CONSTANT_ENV, () => description);
}
