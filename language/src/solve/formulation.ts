/**
 * The linear programs of theory.md §3, built from a `MechModel`.
 *
 * Every constraint and the objective of the per-posterior problem are linear in the belief: at an
 * (unnormalised) measure m over states their coefficients are Σ_ω m(ω)·a_ω. We therefore store
 * each coefficient as its vector a_ω over states ("state-linear"), which serves three programs:
 * V(μ) at one posterior, the convex relaxation of V over a simplex of posteriors used to certify
 * the concave envelope, and (state by state) the Bayesian benchmark.
 */
import type { MechModel } from '../model';

/** A coefficient that is linear in the belief: value at m is Σ_ω m[ω]·perState[ω]. */
export interface StateLinearEntry {
  col: number;
  perState: Float64Array;
}

/** A row `Σ entries(m)·z ≥ rhs(m)` of the per-posterior problem. */
export interface StateLinearRow {
  kind: 'IC' | 'IR';
  type: number;
  deviation?: number;
  entries: StateLinearEntry[];
  rhs: Float64Array;
  /** p(θ|ω) of the row's type: the row is this weight times a per-state row. */
  typeWeight: Float64Array;
}

/** The per-posterior problem with every type present; see `mechanismBlock`. */
export interface MechanismBlock {
  /** Types included, as indices into model.types. */
  types: number[];
  nOutcomes: number;
  hasTransfer: boolean;
  /** Number of columns of one mechanism: per type, its outcome probabilities then its transfer. */
  width: number;
  objective: StateLinearEntry[];
  rows: StateLinearRow[];
  /** Bounds on every transfer that keep at least one optimal mechanism (see `transferBounds`). */
  transferLower: number;
  transferUpper: number;
}

/** Column of q(x | type k) within a block, k being the position in block.types. */
export function allocationColumn(block: MechanismBlock, k: number, x: number): number {
  return k * (block.nOutcomes + (block.hasTransfer ? 1 : 0)) + x;
}

/** Column of t(type k) within a block. */
export function transferColumn(block: MechanismBlock, k: number): number {
  return k * (block.nOutcomes + 1) + block.nOutcomes;
}

export type TransferBounds =
  { kind: 'bounded'; lower: number; upper: number } | { kind: 'unbounded'; reason: string };

/**
 * Bounds on t(θ) that every per-posterior problem may add without lowering its value.
 * With α ≥ 0, shifting all transfers up keeps IC and does not hurt the designer, so some optimum
 * has a binding IR (or a transfer at its upper bound); IR caps every t at max(u − u0)/c and the
 * binding type's IC keeps every other t within R/c of it, R the range of a type's payoff.
 * With α < 0 the same argument runs downwards from the lower bound.
 */
export function transferBounds(model: MechModel): TransferBounds {
  const spec = model.transfer;
  if (!spec) return { kind: 'bounded', lower: 0, upper: 0 };
  const { maxSurplus, minSurplus, range } = payoffExtent(model);
  const c = spec.agentCost;
  if (spec.designerGain < 0) {
    if (spec.lower === -Infinity) {
      return {
        kind: 'unbounded',
        reason: `the designer gains from lowering the transfer '${spec.name}', which has no lower bound`,
      };
    }
    const upper = Math.min(spec.upper, maxSurplus / c, spec.lower + range / c);
    return { kind: 'bounded', lower: spec.lower, upper };
  }
  const upper = Math.min(spec.upper, maxSurplus / c);
  const lower = Math.max(spec.lower, Math.min(upper, minSurplus / c) - range / c);
  return { kind: 'bounded', lower, upper };
}

function payoffExtent(model: MechModel) {
  let maxSurplus = -Infinity;
  let minSurplus = Infinity;
  let range = 0;
  model.types.forEach((_, th) => {
    let lo = Infinity;
    let hi = -Infinity;
    model.outcomes.forEach((_, x) => {
      model.states.forEach((_, w) => {
        const u = model.agent[th][x][w];
        const surplus = u - model.outside[th][w];
        maxSurplus = Math.max(maxSurplus, surplus);
        minSurplus = Math.min(minSurplus, surplus);
        lo = Math.min(lo, u);
        hi = Math.max(hi, u);
      });
    });
    range = Math.max(range, hi - lo);
  });
  return { maxSurplus, minSurplus, range };
}

/**
 * Builds the per-posterior problem for the given types (default: all). Rows are the IC and IR
 * constraints of theory.md §3 multiplied by π(θ); the simplex and transfer bounds are not rows
 * here, since each program scales them differently.
 */
export function mechanismBlock(
  model: MechModel,
  bounds: { lower: number; upper: number },
  types: number[] = model.types.map((_, i) => i),
): MechanismBlock {
  const nStates = model.states.length;
  const nOutcomes = model.outcomes.length;
  const hasTransfer = model.transfer !== undefined;
  const block: MechanismBlock = {
    types,
    nOutcomes,
    hasTransfer,
    width: types.length * (nOutcomes + (hasTransfer ? 1 : 0)),
    objective: [],
    rows: [],
    transferLower: bounds.lower,
    transferUpper: bounds.upper,
  };
  const weight = (th: number, f: (w: number) => number) => {
    const out = new Float64Array(nStates);
    for (let w = 0; w < nStates; w++) out[w] = model.typeGivenState[w][th] * f(w);
    return out;
  };

  types.forEach((th, k) => {
    for (let x = 0; x < nOutcomes; x++) {
      const perState = weight(th, (w) => model.designer[th][x][w]);
      block.objective.push({ col: allocationColumn(block, k, x), perState });
    }
    if (model.transfer) {
      const gain = model.transfer.designerGain;
      block.objective.push({ col: transferColumn(block, k), perState: weight(th, () => gain) });
    }
  });

  types.forEach((th, k) => {
    block.rows.push(participationRow(model, block, th, k, weight));
    types.forEach((other, j) => {
      if (j !== k) block.rows.push(incentiveRow(model, block, th, k, other, j, weight));
    });
  });
  return block;
}

type Weight = (th: number, f: (w: number) => number) => Float64Array;

function participationRow(
  model: MechModel,
  block: MechanismBlock,
  th: number,
  k: number,
  weight: Weight,
): StateLinearRow {
  const entries: StateLinearEntry[] = [];
  for (let x = 0; x < block.nOutcomes; x++) {
    entries.push({
      col: allocationColumn(block, k, x),
      perState: weight(th, (w) => model.agent[th][x][w]),
    });
  }
  if (model.transfer) {
    const cost = model.transfer.agentCost;
    entries.push({ col: transferColumn(block, k), perState: weight(th, () => -cost) });
  }
  return {
    kind: 'IR',
    type: th,
    entries,
    rhs: weight(th, (w) => model.outside[th][w]),
    typeWeight: weight(th, () => 1),
  };
}

function incentiveRow(
  model: MechModel,
  block: MechanismBlock,
  th: number,
  k: number,
  other: number,
  j: number,
  weight: Weight,
): StateLinearRow {
  const entries: StateLinearEntry[] = [];
  for (let x = 0; x < block.nOutcomes; x++) {
    const truthful = weight(th, (w) => model.agent[th][x][w]);
    entries.push({ col: allocationColumn(block, k, x), perState: truthful });
    entries.push({ col: allocationColumn(block, j, x), perState: truthful.map((v) => -v) });
  }
  if (model.transfer) {
    const cost = model.transfer.agentCost;
    entries.push({ col: transferColumn(block, k), perState: weight(th, () => -cost) });
    entries.push({ col: transferColumn(block, j), perState: weight(th, () => cost) });
  }
  const rhs = new Float64Array(model.states.length);
  return { kind: 'IC', type: th, deviation: other, entries, rhs, typeWeight: weight(th, () => 1) };
}

export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

/** Types with positive probability under the belief μ: π(θ) = Σ_ω μ(ω) p(θ|ω) > 0. */
export function supportedTypes(model: MechModel, belief: ArrayLike<number>): number[] {
  const out: number[] = [];
  model.types.forEach((_, th) => {
    let mass = 0;
    for (let w = 0; w < belief.length; w++) mass += belief[w] * model.typeGivenState[w][th];
    if (mass > 1e-14) out.push(th);
  });
  return out;
}
