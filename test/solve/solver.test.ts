import { beforeAll, describe, expect, it } from 'vitest';
import { ANALYSES, type AnalysisName, type MechModel } from '../../language/src/model';
import type { AnalysisResult } from '../../language/src/protocol';
import { LpSolver } from '../../language/src/solve/lp';
import { ModelSolver, type SolveOptions } from '../../language/src/solve/solve';
import { demandUncertainty, horizontalDifferentiation } from './models';
import { random, randomModel, verifyTwoStage } from './verify';

let lp: LpSolver;
beforeAll(async () => {
  lp = await LpSolver.create();
});

function solveAll(
  model: MechModel,
  options: SolveOptions = {},
): Record<AnalysisName, AnalysisResult> {
  const solver = new ModelSolver(model, lp, options);
  return Object.fromEntries(ANALYSES.map((a) => [a, solver.run(a)])) as Record<
    AnalysisName,
    AnalysisResult
  >;
}

describe('E1, selling under demand uncertainty (theory.md §6)', () => {
  it.each([true, false])(
    'reproduces B = 2, C = F = partitional = 13/8, N = 3/2 (shortcuts %s)',
    (shortcuts) => {
      const r = solveAll(demandUncertainty(), { shortcuts });
      expect(r.bayesian.value).toBeCloseTo(2, 9);
      expect(r.calibrated.value).toBeCloseTo(13 / 8, 9);
      expect(r.calibrated.upperBound).toBeCloseTo(13 / 8, 8);
      expect(r.full_disclosure.value).toBeCloseTo(13 / 8, 9);
      expect(r.partitional.value).toBeCloseTo(13 / 8, 9);
      expect(r.no_disclosure.value).toBeCloseTo(3 / 2, 9);
    },
  );

  it('prices 1 in L and 3 in H after full disclosure', () => {
    const r = solveAll(demandUncertainty());
    const [low, high] = r.calibrated.signals!;
    expect(low.posterior).toEqual({ low: 1, high: 0 });
    expect(low.mechanism.v1.transfer).toBeCloseTo(1, 9);
    expect(low.mechanism.v1.allocation.sell).toBeCloseTo(1, 9);
    expect(high.mechanism.v3.transfer).toBeCloseTo(3, 9);
    expect(high.mechanism.v1.allocation.sell).toBeCloseTo(0, 9);
  });

  it.each([0.1, 0.3, 0.5, 0.7, 0.9])(
    'follows B = 3/2 + π, C = 1 + 5π/4, N = max(1, 3/4 + 3π/2) at π = %s',
    (pi) => {
      const r = solveAll(demandUncertainty(pi), { shortcuts: false });
      expect(r.bayesian.value).toBeCloseTo(3 / 2 + pi, 8);
      expect(r.calibrated.value).toBeCloseTo(1 + (5 * pi) / 4, 8);
      expect(r.no_disclosure.value).toBeCloseTo(Math.max(1, 3 / 4 + (3 * pi) / 2), 8);
    },
  );
});

describe('E2, horizontal differentiation (theory.md §6)', () => {
  it('reproduces B = 17/25, C = 81/125, F = partitional = 3/5, N = 59/115', () => {
    const r = solveAll(horizontalDifferentiation());
    expect(Math.abs(r.bayesian.value! - 17 / 25)).toBeLessThan(1e-8);
    expect(Math.abs(r.calibrated.value! - 81 / 125)).toBeLessThan(1e-8);
    expect(Math.abs(r.calibrated.upperBound! - 81 / 125)).toBeLessThan(1e-8);
    expect(r.calibrated.certificate).toBe('exact');
    expect(Math.abs(r.full_disclosure.value! - 3 / 5)).toBeLessThan(1e-8);
    expect(Math.abs(r.partitional.value! - 3 / 5)).toBeLessThan(1e-8);
    expect(Math.abs(r.no_disclosure.value! - 59 / 115)).toBeLessThan(1e-8);
  });

  it('pools with probability 3/5 at posterior 1/2 (price 17/25) and reveals a otherwise (price 1)', () => {
    const signals = solveAll(horizontalDifferentiation()).calibrated.signals!;
    expect(signals).toHaveLength(2);
    const pool = signals.find((s) => Math.abs(s.posterior.b - 1 / 2) < 1e-8)!;
    const reveal = signals.find((s) => s.posterior.b < 1e-8)!;
    expect(pool.probability).toBeCloseTo(3 / 5, 8);
    expect(pool.likelihood.b).toBeCloseTo(1, 8);
    expect(pool.likelihood.a).toBeCloseTo(3 / 7, 8);
    expect(pool.mechanism.likes_a.transfer).toBeCloseTo(17 / 25, 8);
    expect(pool.mechanism.likes_b.allocation.sell).toBeCloseTo(1, 8);
    expect(reveal.probability).toBeCloseTo(2 / 5, 8);
    expect(reveal.mechanism.likes_a.transfer).toBeCloseTo(1, 8);
    expect(reveal.mechanism.likes_b.allocation.sell).toBeCloseTo(0, 8);
  });
});

describe('hand-solved models', () => {
  it('one state with values 1, 2, 3 equally likely: the optimal posted price 2 earns 4/3 everywhere', () => {
    const model: MechModel = {
      name: 'Myerson',
      states: ['only'],
      types: ['v1', 'v2', 'v3'],
      outcomes: ['sell', 'keep'],
      prior: [1],
      typeGivenState: [[1 / 3, 1 / 3, 1 / 3]],
      agent: [1, 2, 3].map((v) => [[v], [0]]),
      designer: [1, 2, 3].map(() => [[0], [0]]),
      outside: [1, 2, 3].map(() => [0]),
      transfer: { name: 'price', lower: -Infinity, upper: Infinity, agentCost: 1, designerGain: 1 },
    };
    const r = solveAll(model, { shortcuts: false });
    for (const a of ANALYSES) expect(r[a].value).toBeCloseTo(4 / 3, 9);
    expect(r.calibrated.signals![0].mechanism.v1.allocation.sell).toBeCloseTo(0, 9);
  });

  it('without money an IR-violating outcome cannot be imposed: the designer gets his second-best outcome', () => {
    // Designer prefers `a` (2) to `b` (1); the agent's outside option is 1, a gives him 0, b gives 2.
    const model: MechModel = {
      name: 'NoMoney',
      states: ['only'],
      types: ['t'],
      outcomes: ['a', 'b'],
      prior: [1],
      typeGivenState: [[1]],
      agent: [[[0], [2]]],
      designer: [[[2], [1]]],
      outside: [[1]],
    };
    // q(a) ≤ 1/2 from IR: 2(1 − q) ≥ 1; value 2q + (1 − q) = 1 + q = 3/2.
    expect(solveAll(model).calibrated.value).toBeCloseTo(3 / 2, 9);
  });

  it('reports infeasibility when no outcome meets the outside option', () => {
    const model: MechModel = {
      name: 'Infeasible',
      states: ['L', 'H'],
      types: ['t'],
      outcomes: ['a'],
      prior: [1 / 2, 1 / 2],
      typeGivenState: [[1], [1]],
      agent: [[[0, 0]]],
      designer: [[[1, 1]]],
      outside: [[1, 1]],
    };
    const r = solveAll(model);
    for (const a of ANALYSES) expect(r[a].status).toBe('infeasible');
    // The reason names the clashing constraint, found by HiGHS's irreducible subsystem.
    expect(r.calibrated.reason).toContain("IR of 't' cannot hold");
    expect(r.bayesian.reason).toContain("IR of 't' cannot hold");
  });

  it('reports unboundedness when the designer gains from paying an unbounded transfer', () => {
    const model = demandUncertainty();
    model.transfer!.designerGain = -1;
    expect(solveAll(model).calibrated.status).toBe('unbounded');
  });
});

describe('invariants on generated models', () => {
  const cases: [number, Parameters<typeof randomModel>[1]][] = [];
  for (let seed = 1; seed <= 120; seed++) {
    const rand = random(seed);
    cases.push([
      seed,
      {
        states: 1 + Math.floor(rand() * 3),
        types: 2 + Math.floor(rand() * 3),
        outcomes: 2 + Math.floor(rand() * 2),
        money: rand() < 0.7,
        privateValues: rand() < 0.3,
      },
    ]);
  }

  it.each(cases)(
    'seed %i: B ≥ C ≥ partitional ≥ max(F, N), and every mechanism re-checks',
    (seed, shape) => {
      const model = randomModel(random(seed * 7919), shape);
      const r = solveAll(model, { shortcuts: false, timeLimit: 20 });
      const tol = 1e-6;
      const v = (a: AnalysisName) => r[a].value ?? -Infinity;
      if (r.bayesian.status === 'infeasible') {
        for (const a of ANALYSES) expect(r[a].status).toBe('infeasible');
        return;
      }
      // The calibrated value lies in [lower, upper]; the chain must hold for both ends.
      const upper = r.calibrated.upperBound ?? Infinity;
      expect(v('bayesian')).toBeGreaterThanOrEqual(v('calibrated') - tol);
      if (Number.isFinite(upper)) expect(upper).toBeLessThanOrEqual(v('bayesian') + tol);
      expect(upper).toBeGreaterThanOrEqual(v('partitional') - tol);
      expect(v('calibrated')).toBeGreaterThanOrEqual(v('partitional') - tol);
      expect(v('partitional')).toBeGreaterThanOrEqual(
        Math.max(v('full_disclosure'), v('no_disclosure')) - tol,
      );
      // Two states pin the value down, also where V is affine (private values without the
      // shortcut); three states reach the default target gap.
      if (shape.states === 2 && r.calibrated.status === 'optimal') {
        expect(upper - v('calibrated')).toBeLessThanOrEqual(1e-8);
        expect(r.calibrated.certificate).toBe('exact');
      }
      if (shape.states === 3 && r.calibrated.status === 'optimal') {
        expect(upper - v('calibrated')).toBeLessThanOrEqual(1e-6);
      }
      if (shape.states === 1) {
        for (const a of ANALYSES) expect(v(a)).toBeCloseTo(v('bayesian'), 7);
      }
      if (shape.privateValues) expect(v('calibrated')).toBeCloseTo(v('full_disclosure'), 6);
      for (const a of ['calibrated', 'partitional', 'full_disclosure', 'no_disclosure'] as const) {
        if (r[a].status === 'optimal') expect(verifyTwoStage(model, r[a])).toEqual([]);
      }
    },
  );
});

describe('many types (IC rows generated lazily)', () => {
  it.each([1, 2, 3, 4, 5, 6])(
    'seed %i: eight types, every mechanism re-checks against all IC rows',
    (seed) => {
      const model = randomModel(random(seed * 104729), {
        states: 2,
        types: 8,
        outcomes: 3,
        money: seed % 2 === 0,
        privateValues: false,
      });
      const r = solveAll(model, { maxLps: 600 });
      expect(r.bayesian.value! + 1e-6).toBeGreaterThanOrEqual(r.calibrated.value!);
      expect(r.calibrated.value! + 1e-6).toBeGreaterThanOrEqual(r.partitional.value!);
      for (const a of ['calibrated', 'partitional', 'full_disclosure', 'no_disclosure'] as const) {
        if (r[a].status === 'optimal') expect(verifyTwoStage(model, r[a])).toEqual([]);
      }
    },
  );
});

describe('four states (default options)', () => {
  it.each([1, 2, 3, 4, 5, 6])(
    'seed %i: the calibrated bounds close to 1e-6 and the mechanism re-checks',
    (seed) => {
      const model = randomModel(random(seed * 15485863), {
        states: 4,
        types: 2 + (seed % 2),
        outcomes: 2 + ((seed >> 1) % 2),
        money: seed !== 3,
        privateValues: false,
      });
      const r = solveAll(model, { timeLimit: 30 });
      if (r.calibrated.status !== 'optimal') {
        expect(r.bayesian.status).toBe('infeasible');
        return;
      }
      expect(r.calibrated.upperBound! - r.calibrated.value!).toBeLessThanOrEqual(1e-6);
      expect(r.calibrated.upperBound!).toBeLessThanOrEqual(r.bayesian.value! + 1e-9);
      expect(r.calibrated.value!).toBeGreaterThanOrEqual(r.partitional.value! - 1e-9);
      expect(verifyTwoStage(model, r.calibrated, 1e-8)).toEqual([]);
    },
  );
});
