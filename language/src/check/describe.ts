/** Wording shared by the checker's messages. */
import type { GlobalInfo, SetInfo } from './context';

export function quote(name: string): string {
  return `'${name}'`;
}

/** `a parameter`, `the set of states`, … as in "'x' is a parameter". */
export function describeGlobal(info: GlobalInfo): string {
  switch (info.kind) {
    case 'set':
      return `the set of ${info.role}`;
    case 'param':
      return 'a parameter';
    case 'table':
      return 'a table';
    case 'transfer':
      return 'the transfer';
  }
}

/**
 * A number as a message shows it: at most 10 significant digits, no exponent noise; a value
 * whose decimals run on (5/6, not 0.8333333333) as the simple fraction it is.
 */
export function formatNumber(value: number): string {
  if (Number.isNaN(value)) return 'not a number';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  const decimal = String(Number(value.toPrecision(10)));
  if (decimal.replace(/^-?\d*\.?/, '').length <= 6) return decimal;
  for (let denominator = 2; denominator <= 1000; denominator++) {
    const numerator = Math.round(value * denominator);
    if (Math.abs(numerator / denominator - value) <= 1e-12 * Math.max(1, Math.abs(value))) {
      return `${numerator}/${denominator}`;
    }
  }
  return decimal;
}

/** "Did you mean 'rho'?" when some candidate is a likely typo of `name`, else ''. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const limit = Math.max(1, Math.floor(name.length / 3));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    if (Math.abs(candidate.length - name.length) > limit) continue;
    const distance = editDistance(name, candidate, limit);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best === undefined ? '' : `Did you mean ${quote(best)}?`;
}

/**
 * Edit distance counting a swap of neighbours as one edit (`yse` → `yes`), giving up (returning
 * limit + 1) once every alignment exceeds `limit`.
 */
function editDistance(a: string, b: string, limit: number): number {
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMinimum = i;
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, substitution);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        current[j] = Math.min(current[j], beforePrevious[j - 2] + 1);
      }
      rowMinimum = Math.min(rowMinimum, current[j]);
    }
    if (rowMinimum > limit) return limit + 1;
    beforePrevious = previous;
    previous = current;
  }
  return previous[b.length];
}

/** `value 'v1', trade 'sell', demand 'low'`: a point named by its sets, in (θ, x, ω) order. */
export function namePoint(parts: { set: SetInfo; index: number }[]): string {
  return parts.map(({ set, index }) => `${set.name} ${quote(set.elements[index].name)}`).join(', ');
}
