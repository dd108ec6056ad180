import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../../language/src/analyze';
import { ANALYSES, type MechModel } from '../../language/src/model';
import { LpSolver } from '../../language/src/solve/lp';
import { solveMaster } from '../../language/src/solve/concavify';
import { ModelSolver } from '../../language/src/solve/solve';
import { verifyTwoStage } from './verify';

let lp: LpSolver;
beforeAll(async () => {
  lp = await LpSolver.create();
});

function load(name: string): MechModel {
  const text = readFileSync(join(__dirname, '..', 'fixtures', 'solve', `${name}.mech`), 'utf8');
  const model = analyze(text).model;
  if (!model) throw new Error(`${name} does not compile`);
  return model;
}

describe('regressions from trying the solver as a user', () => {
  it('a two-state result whose bounds differ is never called exact', () => {
    const model = load('exact-certificate-with-gap');
    const r = new ModelSolver(model, lp).run('calibrated');
    // V jumps at μ = 1; by an independent 20,001-point grid cav V(0.4) = 2.2 = V(prior).
    expect(r.value).toBeCloseTo(11 / 5, 9);
    const gap = r.upperBound! - r.value!;
    if (r.certificate === 'exact') expect(gap).toBeLessThanOrEqual(1e-8);
    const bayesian = new ModelSolver(model, lp).run('bayesian').value!;
    expect(r.upperBound!).toBeLessThanOrEqual(bayesian + 1e-9);
  });

  it('signals near a face carry mechanisms that are IC and IR for every type there', () => {
    const model = load('near-face-signal-not-IR');
    const r = new ModelSolver(model, lp).run('calibrated');
    expect(r.value).toBeCloseTo(2859 / 440, 8); // = full disclosure, from an independent grid
    expect(verifyTwoStage(model, r, 1e-8)).toEqual([]);
  });

  it('three-state mechanisms respect the transfer bound, lotteries and Bayes plausibility', () => {
    const model = load('three-states-transfer-bound-violated');
    const solver = new ModelSolver(model, lp, { maxLps: 1500 });
    for (const analysis of ANALYSES) {
      const r = solver.run(analysis);
      if (r.status === 'optimal' && r.signals) expect(verifyTwoStage(model, r, 1e-8)).toEqual([]);
    }
  });

  it('an affine stretch of V around the prior is certified, not just found', () => {
    const model = load('two-states-not-exact');
    const r = new ModelSolver(model, lp, { maxLps: 1000 }).run('calibrated');
    // An independent 20,001-point grid gives C = N = 1.5575043947.
    expect(r.value).toBeCloseTo(1.5575043947, 9);
    // V is affine around the prior: one multiplier vector per piece cannot prove V ≤ h there,
    // multipliers moving with the belief can (dual-certificate.ts).
    expect(r.certificate).toBe('exact');
    expect(r.upperBound! - r.value!).toBeLessThanOrEqual(1e-8);
    expect(r.upperBound!).toBeGreaterThanOrEqual(1.5575043947 - 1e-10);
  });

  it('reports the Bayesian utilities of a one-state model (values 1, 2, 3, posted price 2)', () => {
    const text = readFileSync(
      join(__dirname, '..', '..', 'examples', 'monopoly-screening.mech'),
      'utf8',
    );
    const model = analyze(text).model!;
    const r = new ModelSolver(model, lp).run('bayesian');
    const mechanism = r.states![0].mechanism;
    expect(mechanism.high.transfer).toBeCloseTo(2, 9);
    expect(mechanism.high.agentUtility).toBeCloseTo(1, 9);
    expect(mechanism.mid.agentUtility).toBeCloseTo(0, 9);
  });

  // Values from an independent implementation (scipy LPs, a 1/120 grid, column generation,
  // alternating moves and Nelder–Mead on the support), re-checked constraint by constraint.
  it.each([
    ['search-R3_10', 2.8875363358],
    ['search-R3_19', 0.3661655248],
    ['search-R3_27', 1.3789382881],
  ])('%s: finds a policy at least as good as the independent search (%f)', (name, independent) => {
    const model = load(name);
    const r = new ModelSolver(model, lp).run('calibrated');
    // The independent policy's value is at most C, which the upper bound must cover; the value
    // mech attains may trail C by its default target gap for three states, 3e-8.
    expect(r.upperBound!).toBeGreaterThanOrEqual(independent - 1e-9);
    expect(r.value!).toBeGreaterThanOrEqual(independent - 3e-8);
    expect(r.upperBound! - r.value!).toBeLessThanOrEqual(3e-8);
    expect(verifyTwoStage(model, r, 1e-8)).toEqual([]);
  });
});

describe('the master LP over an ill-conditioned set of posteriors', () => {
  const fixture = JSON.parse(
    readFileSync(join(__dirname, '..', 'fixtures', 'solve', 'ill-conditioned-master.json'), 'utf8'),
  ) as { prior: number[]; points: { belief: number[]; value: number }[] };

  it('averages to the prior, attains its value and prices the support exactly', () => {
    const master = solveMaster(fixture.points, fixture.prior, lp);
    const support = fixture.points.flatMap((p, i) =>
      master.weights[i] > 0 ? [{ ...p, weight: master.weights[i] }] : [],
    );
    expect(support.length).toBeGreaterThan(0);
    fixture.prior.forEach((p, w) => {
      const average = support.reduce((s, q) => s + q.weight * q.belief[w], 0);
      expect(Math.abs(average - p)).toBeLessThanOrEqual(1e-14);
    });
    expect(support.every((q) => q.weight >= 0)).toBe(true);
    const attained = support.reduce((s, q) => s + q.weight * q.value, 0);
    expect(Math.abs(master.value - attained)).toBeLessThanOrEqual(1e-14);
    for (const q of support) {
      const priced = q.belief.reduce((s, m, w) => s + m * master.beta[w], 0);
      expect(Math.abs(priced - q.value)).toBeLessThanOrEqual(1e-12);
    }
    // No policy over these posteriors does better than the prices allow (weak duality, with
    // the prices' largest violation on the set).
    const violation = Math.max(
      ...fixture.points.map(
        (q) => q.value - q.belief.reduce((s, m, w) => s + m * master.beta[w], 0),
      ),
    );
    const dual =
      fixture.prior.reduce((s, p, w) => s + p * master.beta[w], 0) + Math.max(0, violation);
    expect(master.value).toBeLessThanOrEqual(dual + 1e-15);
    expect(dual - master.value).toBeLessThanOrEqual(1e-9);
  });
});

describe('private values with payoffs far from 1 (solved in rescaled units)', () => {
  const e1 = (v1: string, v3: string) =>
    analyze(`model Scaled
states demand = { low, high }
types value = { v1 = ${v1}, v3 = ${v3} }
outcomes trade = { sell, keep }
prior demand = { low: 1/2, high: 1/2 }
prior value | demand = { low: { v1: 3/4, v3: 1/4 }, high: { v1: 1/4, v3: 3/4 } }
transfer price
agent payoff = value * (trade == sell) - price
designer payoff = price
solve calibrated, partitional, full_disclosure
`).model!;

  // E1 with values scaled by k: revenue scales by k. By hand: price k in low demand (k beats
  // 3k/4), 3k in high demand (9k/4 beats k), so full disclosure gives (k + 9k/4)/2 = 13k/8,
  // which is also the calibrated and the partitional value under private values (theorem).
  it.each([
    ['100', '300', 100],
    ['1/1000', '3/1000', 1 / 1000],
  ])('values %s and %s: every analysis is unscaled once', (v1, v3, k) => {
    const model = e1(v1, v3);
    for (const shortcuts of [true, false]) {
      const solver = new ModelSolver(model, lp, { shortcuts });
      for (const analysis of ['calibrated', 'partitional', 'full_disclosure'] as const) {
        const r = solver.run(analysis);
        expect(r.value! / k).toBeCloseTo(13 / 8, 8);
      }
      const signals = solver.run('calibrated').signals!;
      expect(signals.map((s) => s.value / k).sort((a, b) => a - b)).toEqual([
        expect.closeTo(1, 8),
        expect.closeTo(9 / 4, 8),
      ]);
    }
  });
});

describe('a model that no disclosure policy can make feasible', () => {
  it('is reported infeasible at once, naming the IR row that fails', () => {
    // By hand: type t0 gets at most 0 from any outcome with pay ≥ 0, and its outside option is
    // 8 in s0 and −1 in s1, so under any belief μ its IR needs 0 ≥ 8 μ(s0) − μ(s1); a policy's
    // posteriors average to the prior (7/12, 5/12), where 8·7/12 > 5/12, so some posterior fails.
    const model = load('infeasible-ir-everywhere');
    const solver = new ModelSolver(model, lp);
    const r = solver.run('calibrated');
    expect(r.status).toBe('infeasible');
    expect(r.lpCount).toBeLessThanOrEqual(5);
    expect(r.reason).toMatch(/IR of 't0'/);
  });
});

describe('the Bayesian benchmark with a state of tiny prior probability', () => {
  const e2 = (epsilon: string) =>
    analyze(`model Rare
states v = { a, b }
types t = { la, lb }
outcomes x = { sell, keep }
prior v = { a: 1 - ${epsilon}, b: ${epsilon} }
prior t | v = { a: { la: 3/5, lb: 2/5 }, b: { la: 2/5, lb: 3/5 } }
transfer p
agent payoff = (if (t == la and v == a) or (t == lb and v == b) then 1 else 1/5) * (x == sell) - p
designer payoff = p
solve calibrated, bayesian
`).model!;

  // By hand: selling to every type yields the whole surplus, μ(a)(3/5 + 2/5·1/5) +
  // μ(b)(2/5·1/5 + 3/5) = 17/25 under any belief, and IR caps revenue there; the types' beliefs
  // about the state differ, so Crémer–McLean lotteries (transfers of order 1/ε) extract it all.
  it.each(['1e-9', '1e-10', '1e-12'])('prior %s: B = 17/25 ≥ C', (epsilon) => {
    const solver = new ModelSolver(e2(epsilon), lp);
    const bayesian = solver.run('bayesian');
    expect(bayesian.status).toBe('optimal');
    expect(bayesian.value).toBeCloseTo(17 / 25, 8);
    expect(bayesian.value!).toBeGreaterThanOrEqual(solver.run('calibrated').upperBound! - 1e-9);
  });
});

describe('a calibrated search that ends at the time limit without any policy', () => {
  it('reports the time limit with the Bayesian value as its only bound, not infeasibility', () => {
    const model = load('calibrated-infeasible-unproven');
    const solver = new ModelSolver(model, lp, { timeLimit: 0.5 });
    const r = solver.run('calibrated');
    expect(r.status).toBe('time_limit');
    expect(r.lowerBound).toBeNull();
    const bayesian = solver.run('bayesian');
    expect(bayesian.status).toBe('optimal');
    expect(r.upperBound).toBe(bayesian.value);
  });
});

describe('a state of prior 1e-8 in the calibrated policy', () => {
  it('is matched by the signals in relative terms, and the likelihoods agree with Bayes', () => {
    const model = load('tiny-prior-state');
    const r = new ModelSolver(model, lp).run('calibrated');
    const signals = r.signals!;
    model.states.forEach((state, w) => {
      const p = model.prior[w];
      const averaged = signals.reduce((s, g) => s + g.probability * g.posterior[state], 0);
      expect(Math.abs(averaged - p) / p).toBeLessThanOrEqual(1e-9);
      for (const g of signals) {
        const bayes = (g.probability * g.posterior[state]) / p;
        expect(Math.abs(g.likelihood[state] - bayes)).toBeLessThanOrEqual(1e-9);
      }
    });
    expect(verifyTwoStage(model, r, 1e-8)).toEqual([]);
  });
});
