/** Small helpers to build a `LinearProgram` row by row. */
import type { LinearProgram } from './lp';

/** Sums coefficients given twice for one column. */
export function mergeDuplicates(cols: number[], vals: number[]): [number[], number[]] {
  const merged = new Map<number, number>();
  cols.forEach((c, i) => merged.set(c, (merged.get(c) ?? 0) + vals[i]));
  return [[...merged.keys()], [...merged.values()]];
}

/** A maximisation over numCols columns in [0, ∞) with no rows yet. */
export function emptyLp(numCols: number): LinearProgram {
  return {
    numCols,
    colCost: new Float64Array(numCols),
    colLower: new Float64Array(numCols),
    colUpper: new Float64Array(numCols).fill(Infinity),
    rowLower: [],
    rowUpper: [],
    starts: [0],
    indices: [],
    values: [],
  };
}

/** Appends `lower ≤ Σ vals·x[cols] ≤ upper`, merging repeated columns and dropping zeros. */
export function addRow(
  lp: LinearProgram,
  cols: number[],
  vals: number[],
  lower: number,
  upper: number,
) {
  const merged = mergeDuplicates(cols, vals);
  for (let i = 0; i < merged[0].length; i++) {
    if (merged[1][i] === 0) continue;
    lp.indices.push(merged[0][i]);
    lp.values.push(merged[1][i]);
  }
  lp.starts.push(lp.indices.length);
  lp.rowLower.push(lower);
  lp.rowUpper.push(upper);
}
