/** Pieces of a `SolveReport` as short text, shared by the code lens, hover and notifications. */
import { ANALYSES, type AnalysisName } from '../../language/src/model';
import type { AnalysisResult, SolveReport } from '../../language/src/protocol';
import { formatNumber } from './numbers';

/** The results in the spec's order of analyses. */
export function orderedResults(report: SolveReport): AnalysisResult[] {
  return ANALYSES.map((name: AnalysisName) => report.results[name]).filter(
    (result): result is AnalysisResult => result !== undefined,
  );
}

/** `13/8`, or the status when there is no optimum (`infeasible`, `time limit`). */
export function resultValue(result: AnalysisResult, precision: number): string {
  if (result.status === 'optimal') return formatNumber(result.value, precision);
  if (result.status === 'time_limit' && result.value !== null) {
    const lower = formatNumber(result.lowerBound, precision);
    const upper = formatNumber(result.upperBound, precision);
    return `in [${lower}, ${upper}] (time limit)`;
  }
  return result.status.replace('_', ' ');
}

/** `calibrated 13/8 · bayesian 2 · …` */
export function headline(report: SolveReport, precision: number): string {
  return orderedResults(report)
    .map((result) => `${result.analysis} ${resultValue(result, precision)}`)
    .join(' · ');
}
