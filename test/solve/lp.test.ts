import { beforeAll, describe, expect, it } from 'vitest';
import { LpSolver } from '../../language/src/solve/lp';
import { addRow, emptyLp } from '../../language/src/solve/lp-builder';

let lp: LpSolver;
beforeAll(async () => {
  lp = await LpSolver.create();
});

/** max Σ x s.t. x_i + x_{i+1} ≤ 1 on a cycle of odd length n: the optimum is n/2. */
function oddCycle(n: number) {
  const program = emptyLp(n);
  program.colCost = new Float64Array(n).fill(1);
  for (let i = 0; i < n; i++) addRow(program, [i, (i + 1) % n], [1, 1], -Infinity, 1);
  return program;
}

describe('the HiGHS adapter', () => {
  it('solves a small LP to its hand-derived optimum', () => {
    const solution = lp.solve(oddCycle(7));
    expect(solution.status).toBe('optimal');
    expect(solution.objective).toBeCloseTo(3.5, 12);
  });

  it('gives every LP its own time limit, however long earlier LPs ran', () => {
    // HiGHS compares time_limit with its clocks summed over all runs of one instance; a limit
    // meant for one LP must not expire because of the LPs before it.
    const started = performance.now();
    while (performance.now() - started < 400) lp.solve(oddCycle(2001));
    const solution = lp.solve(oddCycle(7), { timeLimit: 0.2 });
    expect(solution.status).toBe('optimal');
    expect(solution.objective).toBeCloseTo(3.5, 12);
  });
});
