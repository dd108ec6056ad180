/**
 * A local step for the concave envelope: keep each signal's mechanism and move the beliefs.
 * For fixed mechanisms z_s, the designer's value Σ_s c(m_s)·z_s and every IC and IR constraint
 * are linear in the unnormalised beliefs m_s, so the best split of the prior among the signals is
 * one LP. Its optimum lands exactly where a constraint of some z_s starts to bind, which is where
 * V has its kinks and where optimal posteriors usually sit; bisection only approaches them.
 */
import type { MechModel } from '../model';
import { allocationColumn, mechanismBlock, transferColumn } from './formulation';
import type { LpSolver } from './lp';
import { addRow, emptyLp } from './lp-builder';
import type { PosteriorMechanism } from './posterior-value';

/** New beliefs and weights for the given signals, or undefined if the LP failed. */
export function moveBeliefs(
  model: MechModel,
  bounds: { lower: number; upper: number },
  signals: PosteriorMechanism[],
  solver: LpSolver,
): { belief: number[]; weight: number }[] | undefined {
  const nStates = model.states.length;
  // m_{s,ω} exists only where μ_s(ω) > 0, so the types present at each signal stay present.
  const column = signals.map(() => new Array<number>(nStates).fill(-1));
  let numCols = 0;
  signals.forEach((s, i) => s.belief.forEach((p, w) => p > 0 && (column[i][w] = numCols++)));
  const lp = emptyLp(numCols);

  signals.forEach((solved, i) => {
    const block = mechanismBlock(model, bounds, solved.types);
    const z = new Float64Array(block.width);
    solved.types.forEach((_, k) => {
      model.outcomes.forEach(
        (_, x) => (z[allocationColumn(block, k, x)] = solved.allocation[k][x]),
      );
      if (block.hasTransfer) z[transferColumn(block, k)] = solved.transfer[k];
    });
    const atState = (entries: typeof block.objective, w: number) =>
      entries.reduce((sum, e) => sum + e.perState[w] * z[e.col], 0);
    for (let w = 0; w < nStates; w++) {
      if (column[i][w] >= 0) lp.colCost[column[i][w]] = atState(block.objective, w);
    }
    for (const row of block.rows) {
      const cols: number[] = [];
      const vals: number[] = [];
      for (let w = 0; w < nStates; w++) {
        if (column[i][w] < 0) continue;
        cols.push(column[i][w]);
        vals.push(atState(row.entries, w) - row.rhs[w]);
      }
      // A small slack keeps the moved mechanism feasible despite rounding in z.
      addRow(lp, cols, vals, -1e-11 * Math.max(1, ...vals.map(Math.abs)), Infinity);
    }
  });
  for (let w = 0; w < nStates; w++) {
    const cols = signals.map((_, i) => column[i][w]).filter((c) => c >= 0);
    addRow(
      lp,
      cols,
      cols.map(() => 1),
      model.prior[w],
      model.prior[w],
    );
  }

  const solution = solver.solve(lp);
  if (solution.status !== 'optimal') return undefined;
  return signals.flatMap((_, i) => {
    const mass = column[i].map((c) => (c >= 0 ? Math.max(0, solution.x[c]) : 0));
    const weight = mass.reduce((a, b) => a + b, 0);
    if (weight <= 1e-13) return [];
    return [{ belief: mass.map((m) => m / weight), weight }];
  });
}
