/**
 * Inlay hints: the sum of a prior row while it is not 1, after the row; and once solved, the
 * transfer each type pays, after the type's declaration.
 */
import { InlayHintKind, type InlayHint, type Range } from 'vscode-languageserver';
import type { Analyzed } from '../analysis';
import { formatNumber } from '../numbers';
import { isLeafRow, rowsOf, evaluateConstant } from '../syntax-tree';
import type { FeatureContext } from './context';

export function inlayHints(analyzed: Analyzed, range: Range, context: FeatureContext): InlayHint[] {
  const n = (value: number) => formatNumber(value, context.settings().precision);
  const hints = [...rowSumHints(analyzed, n), ...transferHints(analyzed, context, n)];
  return hints.filter(
    (hint) => hint.position.line >= range.start.line && hint.position.line <= range.end.line,
  );
}

function rowSumHints(analyzed: Analyzed, n: (value: number) => string): InlayHint[] {
  const hints: InlayHint[] = [];
  for (const declaration of analyzed.core?.ast.declarations ?? []) {
    if (declaration.kind !== 'prior' || declaration.target?.kind === 'joint') continue;
    for (const row of rowsOf(declaration.value)) {
      if (!isLeafRow(row.list) || row.list.entries.length === 0) continue;
      const values = row.list.entries.map((entry) =>
        evaluateConstant(entry.value, analyzed.symbols),
      );
      if (values.some((value) => value === undefined)) continue;
      const sum = (values as number[]).reduce((a, b) => a + b, 0);
      if (Math.abs(sum - 1) <= 1e-9) continue;
      hints.push({
        position: row.list.span.range.end,
        label: `Σ = ${n(sum)}`,
        kind: InlayHintKind.Parameter,
        paddingLeft: true,
        tooltip: 'The entries of this row should sum to 1.',
      });
    }
  }
  return hints;
}

/** `price 3` or `price 1 | 3` (one per signal) from the first solved analysis with a mechanism. */
function transferHints(
  analyzed: Analyzed,
  context: FeatureContext,
  n: (value: number) => string,
): InlayHint[] {
  const solved = context.solved(analyzed.uri, analyzed.version);
  const transfer = analyzed.symbols?.ofKind('transfer')[0]?.name;
  if (!solved || solved.stale || !transfer) return [];
  const order = [
    'calibrated',
    'partitional',
    'bayesian',
    'full_disclosure',
    'no_disclosure',
  ] as const;
  const result = order
    .map((name) => solved.report.results[name])
    .find((r) => r?.status === 'optimal');
  if (!result) return [];
  const mechanisms =
    result.signals?.map((signal) => signal.mechanism) ??
    result.states?.map((state) => state.mechanism) ??
    [];
  const hints: InlayHint[] = [];
  for (const symbol of analyzed.symbols?.ofKind('type') ?? []) {
    if (symbol.duplicate) continue;
    const transfers = mechanisms
      .map((mechanism) => mechanism[symbol.name]?.transfer)
      .filter((t): t is number => t !== undefined);
    if (transfers.length === 0) continue;
    const distinct = [...new Set(transfers.map(n))];
    const bySignal = distinct.length > 1 ? ', by signal' : '';
    hints.push({
      position: symbol.span.range.end,
      label: `${transfer} ${(distinct.length === 1 ? distinct : transfers.map(n)).join(' | ')}`,
      paddingLeft: true,
      tooltip: `The transfer this type pays in the '${result.analysis}' mechanism${bySignal}.`,
    });
  }
  return hints;
}
