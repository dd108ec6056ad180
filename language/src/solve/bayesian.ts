/**
 * The Bayesian benchmark B (theory.md §3): a state-dependent mechanism q(x|θ,ω), t(θ,ω) that is
 * IC and IR interim under the prior, i.e. the designer's optimum if the agent never learns.
 */
import type { MechModel } from '../model';
import type { LpSolver, LpStatus } from './lp';
import { addRow, emptyLp } from './lp-builder';
import { lottery, type ConstraintReport } from './posterior-value';

export interface BayesianMechanism {
  status: LpStatus;
  value: number;
  /** When infeasible: the interim IC and IR constraints that clash. */
  conflict?: { kind: 'IC' | 'IR'; type: number; deviation?: number }[];
  /** Types with positive prior probability. */
  types: number[];
  /** allocation[k][w][x] = q(x | types[k], ω). */
  allocation: number[][][];
  /** transfer[k][w] = t(types[k], ω). */
  transfer: number[][];
  /** Interim constraints, conditional on the type (so `mass` is 1). */
  constraints: ConstraintReport[];
}

export function solveBayesian(model: MechModel, solver: LpSolver): BayesianMechanism {
  const nStates = model.states.length;
  const nOutcomes = model.outcomes.length;
  const joint = (th: number, w: number) => model.prior[w] * model.typeGivenState[w][th];
  const types = model.types
    .map((_, th) => th)
    .filter((th) => model.prior.some((_, w) => joint(th, w) > 0));
  const money = model.transfer;
  const perState = nOutcomes + (money ? 1 : 0);
  const q = (k: number, w: number, x: number) => (k * nStates + w) * perState + x;
  const t = (k: number, w: number) => (k * nStates + w) * perState + nOutcomes;
  const numCols = types.length * nStates * perState;
  const lp = emptyLp(numCols);
  const typeMass = types.map((th) => model.prior.reduce((s, _, w) => s + joint(th, w), 0));
  // The LP's transfer column for (θ, ω) is p(ω|θ)·t(θ, ω), the type's expected payment in ω,
  // where p(ω|θ) > 0: a Crémer–McLean mechanism pays transfers of order 1/p(ω) in a rare state,
  // which with t itself as the column would meet coefficients of order p(ω) (HiGHS drops entries
  // below 1e-9) and values of order 1/p(ω).
  const transferScale = (k: number, w: number) => {
    const conditional = joint(types[k], w) / typeMass[k];
    return conditional > 0 ? conditional : 1;
  };
  const rows: { kind: 'IC' | 'IR'; type: number; deviation?: number; scale: number }[] = [];
  const push = (cols: number[], vals: number[], lower: number, upper: number) =>
    addRow(lp, cols, vals, lower, upper);

  types.forEach((th, k) => {
    for (let w = 0; w < nStates; w++) {
      for (let x = 0; x < nOutcomes; x++)
        lp.colCost[q(k, w, x)] = joint(th, w) * model.designer[th][x][w];
      if (money) {
        const scale = transferScale(k, w);
        lp.colCost[t(k, w)] = (joint(th, w) / scale) * money.designerGain;
        lp.colLower[t(k, w)] = money.lower * scale;
        lp.colUpper[t(k, w)] = money.upper * scale;
      }
    }
  });

  // Interim IR and IC, each multiplied by p(θ).
  types.forEach((th, k) => {
    // Interim constraints conditional on θ (theory.md multiplies them by p(θ) instead), so a
    // rare type's constraints keep their size and shadow prices are per unit of utility.
    const cond = (w: number) => joint(th, w) / typeMass[k];
    const terms = (target: number, sign: number, cols: number[], vals: number[]) => {
      for (let w = 0; w < nStates; w++) {
        for (let x = 0; x < nOutcomes; x++) {
          cols.push(q(target, w, x));
          vals.push(sign * cond(w) * model.agent[th][x][w]);
        }
        if (money) {
          cols.push(t(target, w));
          vals.push((-sign * cond(w) * money.agentCost) / transferScale(target, w));
        }
      }
    };
    const irCols: number[] = [];
    const irVals: number[] = [];
    terms(k, 1, irCols, irVals);
    const outside = model.prior.reduce((s, _, w) => s + cond(w) * model.outside[th][w], 0);
    push(irCols, irVals, outside, Infinity);
    rows.push({ kind: 'IR', type: th, scale: Math.max(...irVals.map(Math.abs)) });
    types.forEach((other, j) => {
      if (j === k) return;
      const cols: number[] = [];
      const vals: number[] = [];
      terms(k, 1, cols, vals);
      terms(j, -1, cols, vals);
      push(cols, vals, 0, Infinity);
      rows.push({ kind: 'IC', type: th, deviation: other, scale: Math.max(...vals.map(Math.abs)) });
    });
  });
  // Lotteries.
  types.forEach((_, k) => {
    for (let w = 0; w < nStates; w++) {
      const cols = Array.from({ length: nOutcomes }, (_, x) => q(k, w, x));
      push(
        cols,
        cols.map(() => 1),
        1,
        1,
      );
    }
  });

  const solution = solver.solve(lp);
  const result: BayesianMechanism = {
    status: solution.status,
    value: solution.status === 'infeasible' ? -Infinity : solution.objective,
    types,
    allocation: [],
    transfer: [],
    constraints: [],
  };
  result.conflict = solution.conflictRows
    ?.filter((row) => row < rows.length)
    .map((row) => ({ kind: rows[row].kind, type: rows[row].type, deviation: rows[row].deviation }));
  if (solution.status !== 'optimal') return result;
  result.allocation = types.map((_, k) =>
    model.states.map((_, w) => lottery(model.outcomes.map((_, x) => solution.x[q(k, w, x)]))),
  );
  result.transfer = types.map((_, k) =>
    model.states.map((_, w) => (money ? solution.x[t(k, w)] / transferScale(k, w) : 0)),
  );
  result.constraints = rows.map((row, i) => ({
    ...row,
    slack: solution.activity[i] - lp.rowLower[i],
    shadowPrice: Math.max(0, -solution.rowDual[i]),
    mass: 1,
  }));
  return result;
}
