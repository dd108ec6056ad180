import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../language/src/analyze';

const read = (name: string) => readFileSync(join(__dirname, '../fixtures/spec', name), 'utf8');
const E1 = read('demand-uncertainty.mech');
const E2 = read('horizontal-differentiation.mech');
const ALL_ANALYSES = ['calibrated', 'partitional', 'bayesian', 'full_disclosure', 'no_disclosure'];

describe('the spec example E1 (demand uncertainty)', () => {
  const result = analyze(E1);
  const model = result.model!;

  it('parses and checks with no diagnostics', () => {
    expect(result.diagnostics).toEqual([]);
    expect(model).toBeDefined();
  });

  it('names its sets and elements in written order', () => {
    expect(model.name).toBe('DemandUncertainty');
    expect(model.title).toBe('Selling a good under demand uncertainty');
    expect(model.states).toEqual(['low', 'high']);
    expect(model.types).toEqual(['v1', 'v3']);
    expect(model.outcomes).toEqual(['sell', 'keep']);
  });

  it('computes the prior and the type distribution given each state', () => {
    expect(model.prior).toEqual([0.5, 0.5]);
    expect(model.typeGivenState).toEqual([
      [0.75, 0.25],
      [0.25, 0.75],
    ]);
  });

  it('tabulates the agent payoff without the transfer as agent[type][outcome][state]', () => {
    expect(model.agent[1][0][1]).toBe(3); // v3 buys in high demand
    expect(model.agent[0][0][0]).toBe(1); // v1 buys in low demand
    expect(model.agent[1][1][0]).toBe(0); // keep
    expect(model.designer.flat(2)).toEqual(new Array(8).fill(0));
    expect(model.outside).toEqual([
      [0, 0],
      [0, 0],
    ]);
  });

  it('extracts the transfer coefficients and the default bounds', () => {
    expect(model.transfer).toEqual({
      name: 'price',
      lower: -Infinity,
      upper: Infinity,
      agentCost: 1,
      designerGain: 1,
    });
  });

  it('lists the analyses of its solve line in order and has no sweeps', () => {
    expect(result.analyses).toEqual(ALL_ANALYSES);
    expect(result.sweeps).toEqual([]);
  });

  it('records where each element and declaration is written', () => {
    const sources = model.sources!;
    expect(sources.states[1]).toEqual({
      start: { line: 3, character: 25 },
      end: { line: 3, character: 29 },
    });
    expect(sources.transfer?.start).toEqual({ line: 13, character: 0 });
    expect(sources.agentPayoff?.start.line).toBe(15);
    expect(sources.solve?.start.line).toBe(18);
    expect(sources.model?.start).toEqual({ line: 1, character: 0 });
  });
});

describe('the spec example E2 (horizontal differentiation)', () => {
  const result = analyze(E2);
  const model = result.model!;

  it('parses and checks with no diagnostics', () => {
    expect(result.diagnostics).toEqual([]);
    expect(model).toBeDefined();
  });

  it('computes the prior and the correlated type distribution from rho', () => {
    expect(model.prior).toEqual([0.7, 0.3]);
    expect(model.typeGivenState[0][0]).toBeCloseTo(0.6, 15);
    expect(model.typeGivenState[0][1]).toBeCloseTo(0.4, 15);
    expect(model.typeGivenState[1][1]).toBeCloseTo(0.6, 15);
  });

  it('values the good at 1 on a match and at mismatch otherwise, only when sold', () => {
    expect(model.agent[0][0][0]).toBe(1); // likes_a, sell, variety a
    expect(model.agent[1][0][0]).toBeCloseTo(0.2, 15); // likes_b, sell, variety a
    expect(model.agent[1][0][1]).toBe(1); // likes_b, sell, variety b
    expect(model.agent[0][1][1]).toBe(0); // keep
  });

  it('has transfer coefficients -1 for the agent and 1 for the designer', () => {
    expect(model.transfer?.agentCost).toBe(1);
    expect(model.transfer?.designerGain).toBe(1);
  });

  it('resolves its sweep to the values from 1/2 to 1 in steps of 1/20', () => {
    expect(result.sweeps).toHaveLength(1);
    const [sweep] = result.sweeps;
    expect(sweep.param).toBe('rho');
    expect(sweep.values).toHaveLength(11);
    expect(sweep.values[0]).toBe(0.5);
    expect(sweep.values[7]).toBe(0.85);
    expect(sweep.values[10]).toBe(1);
    expect(sweep.range.start).toEqual({ line: 22, character: 0 });
  });

  it('moves the prior when rho is overridden for a sweep point', () => {
    const point = analyze(E2, { rho: 0.9 });
    expect(point.diagnostics).toEqual([]);
    expect(point.model?.typeGivenState[0][0]).toBeCloseTo(0.9, 15);
    expect(point.model?.typeGivenState[1][0]).toBeCloseTo(0.1, 15);
    expect(point.symbols.lookup('rho')?.value).toBe(0.9);
  });
});
