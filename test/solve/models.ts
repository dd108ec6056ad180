/** Hand-built numeric models of the spec's worked examples, independent of the parser. */
import type { MechModel } from '../../language/src/model';

/** E1: selling under demand uncertainty, P(H) = pi. */
export function demandUncertainty(pi = 1 / 2): MechModel {
  const values = [1, 3];
  return {
    name: 'DemandUncertainty',
    states: ['low', 'high'],
    types: ['v1', 'v3'],
    outcomes: ['sell', 'keep'],
    prior: [1 - pi, pi],
    typeGivenState: [
      [3 / 4, 1 / 4],
      [1 / 4, 3 / 4],
    ],
    agent: values.map((v) => [
      [v, v],
      [0, 0],
    ]),
    designer: values.map(() => [
      [0, 0],
      [0, 0],
    ]),
    outside: values.map(() => [0, 0]),
    transfer: { name: 'price', lower: -Infinity, upper: Infinity, agentCost: 1, designerGain: 1 },
  };
}

/** E2: horizontal differentiation with P(variety b) = 3/10 and match probability rho. */
export function horizontalDifferentiation(rho = 3 / 5, mismatch = 1 / 5): MechModel {
  const worth = (taste: number, variety: number) => (taste === variety ? 1 : mismatch);
  return {
    name: 'HorizontalDifferentiation',
    states: ['a', 'b'],
    types: ['likes_a', 'likes_b'],
    outcomes: ['sell', 'keep'],
    prior: [7 / 10, 3 / 10],
    typeGivenState: [
      [rho, 1 - rho],
      [1 - rho, rho],
    ],
    agent: [0, 1].map((taste) => [
      [worth(taste, 0), worth(taste, 1)],
      [0, 0],
    ]),
    designer: [0, 1].map(() => [
      [0, 0],
      [0, 0],
    ]),
    outside: [0, 1].map(() => [0, 0]),
    transfer: { name: 'price', lower: -Infinity, upper: Infinity, agentCost: 1, designerGain: 1 },
  };
}
