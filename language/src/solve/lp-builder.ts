/** Small helpers to build a `LinearProgram` row by row. */
import type { LinearProgram } from './lp';

/** Where each column sits in the row being merged (−1: not yet); reset after every use. */
let position = new Int32Array(256).fill(-1);

/** Sums coefficients given twice for one column, keeping the order of first appearance. */
export function mergeDuplicates(cols: number[], vals: number[]): [number[], number[]] {
  let largest = 0;
  for (const c of cols) if (c > largest) largest = c;
  if (largest >= position.length)
    position = new Int32Array(Math.max(largest + 1, 2 * position.length)).fill(-1);
  const mergedCols: number[] = [];
  const mergedVals: number[] = [];
  for (let i = 0; i < cols.length; i++) {
    const at = position[cols[i]];
    if (at >= 0) {
      mergedVals[at] += vals[i];
    } else {
      position[cols[i]] = mergedCols.length;
      mergedCols.push(cols[i]);
      mergedVals.push(vals[i]);
    }
  }
  for (const c of mergedCols) position[c] = -1;
  return [mergedCols, mergedVals];
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
