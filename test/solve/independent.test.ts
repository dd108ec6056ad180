import { beforeAll, describe, expect, it } from 'vitest';
import type { MechModel } from '../../language/src/model';
import { LpSolver } from '../../language/src/solve/lp';
import { ModelSolver } from '../../language/src/solve/solve';
import { gridEnvelope, independentValue, loadIndependentSolver } from './independent';
import { demandUncertainty, horizontalDifferentiation } from './models';
import { random, randomModel } from './verify';

let lp: LpSolver;
beforeAll(async () => {
  lp = await LpSolver.create();
  await loadIndependentSolver();
});

const unit = (n: number, w: number) => Array.from({ length: n }, (_, v) => (v === w ? 1 : 0));

/** Generated models: two and three states, with and without money, interdependent values. */
const generated: [string, MechModel][] = [];
for (let seed = 1; seed <= 16; seed++) {
  const rand = random(seed * 2654435761);
  const states = seed <= 12 ? 2 : 3;
  generated.push([
    `seed ${seed} (${states} states)`,
    randomModel(rand, {
      states,
      types: 2 + (seed % 3),
      outcomes: 2 + (seed % 2),
      money: seed % 4 !== 0,
      privateValues: false,
    }),
  ]);
}
const cases: [string, MechModel][] = [
  ['E1', demandUncertainty()],
  ['E2', horizontalDifferentiation()],
  ...generated,
];

describe('against an independent LP of V(μ) (theory.md §3, written out as LP text)', () => {
  it.each(cases)('%s: no and full disclosure, and V at every reported posterior', (_, model) => {
    const solver = new ModelSolver(model, lp, { shortcuts: false });
    const n = model.states.length;
    const none = solver.run('no_disclosure');
    const full = solver.run('full_disclosure');
    const atPrior = independentValue(model, model.prior);
    if (atPrior === -Infinity) expect(none.status).toBe('infeasible');
    else expect(none.value!).toBeCloseTo(atPrior, 8);
    const perState = model.prior.map((_, w) => independentValue(model, unit(n, w)));
    if (perState.every(Number.isFinite)) {
      const expected = model.prior.reduce((s, p, w) => s + p * perState[w], 0);
      expect(full.value!).toBeCloseTo(expected, 8);
    } else {
      expect(full.status).toBe('infeasible');
    }
    const calibrated = solver.run('calibrated');
    if (calibrated.status !== 'optimal') return;
    // Each signal's mechanism is optimal at its posterior, not only feasible.
    for (const signal of calibrated.signals ?? []) {
      const belief = model.states.map((s) => signal.posterior[s]);
      expect(signal.value).toBeCloseTo(independentValue(model, belief), 7);
    }
  });

  it.each(cases.filter(([, m]) => m.states.length === 2))(
    '%s: the calibrated value is never below the envelope of V on a 1/400 grid',
    (_, model) => {
      const r = new ModelSolver(model, lp, { shortcuts: false }).run('calibrated');
      const grid = gridEnvelope(model, 400);
      if (grid === -Infinity) {
        expect(r.status).toBe('infeasible');
        return;
      }
      // The grid's hull is a policy over grid posteriors: a lower bound on cav V at the prior.
      expect(r.value!).toBeGreaterThanOrEqual(grid - 1e-9);
      expect(r.upperBound!).toBeGreaterThanOrEqual(grid - 1e-9);
      expect(r.certificate).toBe('exact');
      // And the grid comes close: both describe the same V.
      expect(r.value! - grid).toBeLessThanOrEqual(2e-2);
    },
  );
});
