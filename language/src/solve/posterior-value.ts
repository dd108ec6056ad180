/**
 * V(μ): the designer's best state-independent mechanism at one posterior (theory.md §3), and
 * the convex relaxation of V over a simplex of posteriors that certifies the concave envelope.
 */
import type { MechModel } from '../model';
import {
  allocationColumn,
  dot,
  mechanismBlock,
  supportedTypes,
  transferColumn,
  type MechanismBlock,
} from './formulation';
import type { LinearProgram, LpSolver, LpStatus } from './lp';
import { addRow, emptyLp, mergeDuplicates } from './lp-builder';

/** The optimal state-independent mechanism at one posterior. */
export interface PosteriorMechanism {
  status: LpStatus;
  /** HiGHS's words when status is 'error'. */
  detail?: string;
  /** When infeasible: the IC and IR constraints that clash (an irreducible subsystem). */
  conflict?: { kind: 'IC' | 'IR'; type: number; deviation?: number }[];
  /** V(μ); −Infinity when no mechanism is feasible. */
  value: number;
  belief: number[];
  /** Types with positive probability, in model order. */
  types: number[];
  /** π(θ) for each type in `types`. */
  typeMass: number[];
  /** q(x|θ) as allocation[k][x] for the k-th entry of `types`. */
  allocation: number[][];
  transfer: number[];
  /** Rows of the LP: kind, type, deviation, slack, dual (≥ 0 = shadow price), scale. */
  constraints: ConstraintReport[];
}

export interface ConstraintReport {
  kind: 'IC' | 'IR';
  type: number;
  deviation?: number;
  slack: number;
  /** Per unit of the type's expected utility at this posterior. */
  shadowPrice: number;
  scale: number;
  /** π(θ) of the constraint's type: the factor between this row and the homogeneous one. */
  mass: number;
}

interface BuiltLp {
  lp: LinearProgram;
  rowKinds: { kind: 'IC' | 'IR'; type: number; deviation?: number; scale: number; mass: number }[];
  /** For each block row, its row in the LP, or −1 when left out. */
  rowOf: number[];
}

/** With more types than this, IC rows enter V's LP only once violated (constraint generation). */
const LAZY_TYPES = 6;
/** The IC rows needed last time, per family of LPs: a good first guess at nearby beliefs. */
const neededRows = new Map<string, number[]>();

/** Forgets the IC rows remembered from earlier solves (see `LpSolver.forgetBases`). */
export function forgetNeededRows(): void {
  neededRows.clear();
}

/** Evaluates the per-posterior LP at one belief (a probability vector over states). */
export function solvePosterior(
  model: MechModel,
  bounds: { lower: number; upper: number },
  belief: number[],
  solver: LpSolver,
): PosteriorMechanism {
  const types = supportedTypes(model, belief);
  const block = mechanismBlock(model, bounds, types);
  const mass = (th: number) =>
    dot(
      belief,
      model.states.map((_, w) => model.typeGivenState[w][th]),
    );
  const typeMass = types.map(mass);
  const family = `V ${types.join(',')}`;
  const lazy = types.length > LAZY_TYPES;
  // Without some IC rows the LP is a relaxation; rows it violates are added until none is.
  const included = block.rows.map((row) => !lazy || row.kind === 'IR');
  for (const r of lazy ? (neededRows.get(family) ?? []) : []) included[r] = true;
  let built = posteriorLp(block, belief, mass, included);
  let solution = solver.solve({ ...built.lp, family: lazy ? undefined : family });
  for (let round = 0; lazy && solution.status === 'optimal' && round < block.rows.length; round++) {
    const violated = violatedRows(block, belief, mass, solution.x, included);
    if (violated.length === 0) break;
    for (const r of violated) included[r] = true;
    built = posteriorLp(block, belief, mass, included);
    solution = solver.solve(built.lp);
  }
  if (lazy) rememberNeeded(family, included, block);
  const { lp, rowKinds } = built;
  const empty: PosteriorMechanism = {
    status: solution.status,
    detail: solution.detail,
    conflict: solution.conflictRows
      ?.filter((row) => row < rowKinds.length)
      .map((row) => ({
        kind: rowKinds[row].kind,
        type: rowKinds[row].type,
        deviation: rowKinds[row].deviation,
      })),
    value: solution.status === 'infeasible' ? -Infinity : NaN,
    belief,
    types,
    typeMass,
    allocation: [],
    transfer: [],
    constraints: [],
  };
  if (solution.status !== 'optimal') return empty;
  // HiGHS meets bounds and equalities to its tolerance; report exact lotteries and bounds.
  const allocation = types.map((_, k) =>
    lottery(model.outcomes.map((_, x) => solution.x[allocationColumn(block, k, x)])),
  );
  const transfer = types.map((_, k) =>
    block.hasTransfer
      ? Math.min(
          block.transferUpper,
          Math.max(block.transferLower, solution.x[transferColumn(block, k)]),
        )
      : 0,
  );
  const constraints = constraintReports(block, belief, mass, solution, built);
  return { ...empty, value: solution.objective, allocation, transfer, constraints };
}

/** Slack and shadow price of every IC and IR row; rows left out of the LP have price 0. */
function constraintReports(
  block: MechanismBlock,
  belief: number[],
  mass: (th: number) => number,
  solution: { x: Float64Array; rowDual: Float64Array },
  built: BuiltLp,
): ConstraintReport[] {
  return block.rows.map((row, r) => {
    const lpRow = built.rowOf[r];
    const { slack, scale } = rowSlack(row, belief, mass(row.type), solution.x);
    return {
      kind: row.kind,
      type: row.type,
      deviation: row.deviation,
      slack,
      scale,
      mass: mass(row.type),
      shadowPrice: lpRow >= 0 ? Math.max(0, -solution.rowDual[lpRow]) : 0,
    };
  });
}

/** A row's activity minus its bound at x, in the normalised (per unit of utility) form. */
function rowSlack(
  row: MechanismBlock['rows'][number],
  belief: number[],
  weight: number,
  x: Float64Array,
) {
  let activity = 0;
  let scale = 0;
  for (const entry of row.entries) {
    const value = dot(entry.perState, belief) / weight;
    activity += value * x[entry.col];
    scale = Math.max(scale, Math.abs(value));
  }
  return { slack: activity - dot(row.rhs, belief) / weight, scale };
}

function violatedRows(
  block: MechanismBlock,
  belief: number[],
  mass: (th: number) => number,
  x: Float64Array,
  included: boolean[],
): number[] {
  return block.rows.flatMap((row, r) => {
    if (included[r]) return [];
    const { slack, scale } = rowSlack(row, belief, mass(row.type), x);
    return slack < -1e-9 * Math.max(1, scale) ? [r] : [];
  });
}

function rememberNeeded(family: string, included: boolean[], block: MechanismBlock) {
  const rows = included.flatMap((on, r) => (on && block.rows[r].kind === 'IC' ? [r] : []));
  neededRows.delete(family);
  neededRows.set(family, rows);
  if (neededRows.size > 1000) neededRows.delete(neededRows.keys().next().value!);
}

/** Probabilities from a solver's lottery: negatives clipped, sum exactly 1, 1e-13 noise dropped. */
export function lottery(raw: number[]): number[] {
  const clipped = raw.map((q) => (q < 1e-13 ? 0 : q));
  const total = clipped.reduce((a, b) => a + b, 0);
  return clipped.map((q) => {
    const p = q / total;
    return Math.abs(p - 1) < 1e-13 ? 1 : p;
  });
}

/**
 * The LP of V at one belief: IC and IR rows, then one simplex row per type. Each type's rows are
 * divided by π(θ) (theory.md writes them multiplied by it): the same constraints, but a type of
 * tiny probability near a face keeps constraints of normal size that the tolerances cannot erase.
 */
function posteriorLp(
  block: MechanismBlock,
  belief: number[],
  mass: (th: number) => number,
  included: boolean[] = block.rows.map(() => true),
): BuiltLp {
  const lp = emptyLp(block.width);
  const rowKinds: BuiltLp['rowKinds'] = [];
  const rowOf = block.rows.map(() => -1);
  for (const entry of block.objective) lp.colCost[entry.col] += dot(entry.perState, belief);
  block.rows.forEach((row, r) => {
    if (!included[r]) return;
    const cols: number[] = [];
    const vals: number[] = [];
    const weight = mass(row.type);
    let scale = 0;
    for (const entry of row.entries) {
      const value = dot(entry.perState, belief) / weight;
      cols.push(entry.col);
      vals.push(value);
      scale = Math.max(scale, Math.abs(value));
    }
    rowOf[r] = rowKinds.length;
    addRow(lp, cols, vals, dot(row.rhs, belief) / weight, Infinity);
    rowKinds.push({
      kind: row.kind,
      type: row.type,
      deviation: row.deviation,
      scale,
      mass: weight,
    });
  });
  block.types.forEach((_, k) => {
    const cols = Array.from({ length: block.nOutcomes }, (_, x) => allocationColumn(block, k, x));
    addRow(
      lp,
      cols,
      cols.map(() => 1),
      1,
      1,
    );
    if (block.hasTransfer) {
      lp.colLower[transferColumn(block, k)] = block.transferLower;
      lp.colUpper[transferColumn(block, k)] = block.transferUpper;
    }
  });
  return { lp, rowKinds, rowOf };
}

/** The result of relaxing max_{μ ∈ S} V(μ) − h(μ) over a simplex S of beliefs. */
export interface RelaxationBound {
  /** An upper bound on V(μ) − h(μ) over S; −Infinity when no mechanism is feasible in S. */
  bound: number;
  /** The belief at which the relaxation peaks: a candidate posterior. */
  peak: number[];
  ok: boolean;
}

/**
 * Upper-bounds V − h over the simplex with the given vertices. With μ = Σ λ_i v_i the products
 * μ(ω)·z are replaced by Σ_i v_i(ω) z_i with z_i ∈ λ_i Z: the convex hull of the bilinear set over a
 * simplex, exact when the simplex is a point. `h` is affine, given by its values at the vertices.
 */
export function relaxationBound(
  block: MechanismBlock,
  vertices: number[][],
  hAtVertices: number[],
  solver: LpSolver,
): RelaxationBound {
  const k = vertices.length;
  const width = block.width;
  const lambda = (i: number) => k * width + i;
  const lp = emptyLp(k * width + k);
  vertices.forEach((v, i) => {
    for (const entry of block.objective)
      lp.colCost[i * width + entry.col] += dot(entry.perState, v);
    lp.colCost[lambda(i)] = -hAtVertices[i];
    lp.colUpper[lambda(i)] = 1;
  });
  for (const row of block.rows) {
    const cols: number[] = [];
    const vals: number[] = [];
    vertices.forEach((v, i) => {
      for (const entry of row.entries) {
        cols.push(i * width + entry.col);
        vals.push(dot(entry.perState, v));
      }
      cols.push(lambda(i));
      vals.push(-dot(row.rhs, v));
    });
    addRow(lp, ...mergeDuplicates(cols, vals), 0, Infinity);
  }
  vertices.forEach((_, i) => addScaledDomain(lp, block, i, lambda(i)));
  addRow(
    lp,
    vertices.map((_, i) => lambda(i)),
    vertices.map(() => 1),
    1,
    1,
  );

  lp.family = `R ${k}`;
  const solution = solver.solve(lp);
  if (solution.status === 'infeasible')
    return { bound: -Infinity, peak: centroid(vertices), ok: true };
  if (solution.status !== 'optimal')
    return { bound: Infinity, peak: centroid(vertices), ok: false };
  const peak = vertices[0].map((_, w) =>
    vertices.reduce((s, v, i) => s + solution.x[lambda(i)] * v[w], 0),
  );
  return { bound: solution.objective, peak: normalise(peak), ok: true };
}

/** z_i ∈ λ_i Z: each type's outcome probabilities sum to λ_i, transfers within λ_i·bounds. */
function addScaledDomain(lp: LinearProgram, block: MechanismBlock, i: number, lambdaCol: number) {
  const base = i * block.width;
  block.types.forEach((_, k) => {
    const cols = Array.from(
      { length: block.nOutcomes },
      (_, x) => base + allocationColumn(block, k, x),
    );
    addRow(lp, [...cols, lambdaCol], [...cols.map(() => 1), -1], 0, 0);
    if (block.hasTransfer) {
      const t = base + transferColumn(block, k);
      lp.colLower[t] = -Infinity;
      addRow(lp, [t, lambdaCol], [1, -block.transferUpper], -Infinity, 0);
      addRow(lp, [t, lambdaCol], [1, -block.transferLower], 0, Infinity);
    }
  });
}

export function centroid(vertices: number[][]): number[] {
  return vertices[0].map((_, w) => vertices.reduce((s, v) => s + v[w], 0) / vertices.length);
}

function normalise(belief: number[]): number[] {
  const clipped = belief.map((p) => Math.max(0, p));
  const total = clipped.reduce((a, b) => a + b, 0);
  return clipped.map((p) => p / total);
}

/** Multipliers of the IC and IR rows of `block` (a full block), keyed as block rows are. */
export function rowKey(kind: 'IC' | 'IR', type: number, deviation?: number): string {
  return kind === 'IC' ? `IC ${type} ${deviation}` : `IR ${type}`;
}

/**
 * Multipliers for the rows of a full block taken from the optimal duals of V at one posterior;
 * rows of types that the posterior excluded get 0. By LP duality the Lagrangian with these
 * multipliers equals V at that posterior.
 */
export function blockMultipliers(block: MechanismBlock, solved: PosteriorMechanism): Float64Array {
  const byKey = new Map<string, number>();
  for (const c of solved.constraints) {
    byKey.set(rowKey(c.kind, c.type, c.deviation), c.shadowPrice / c.mass);
  }
  return Float64Array.from(
    block.rows,
    (row) => byKey.get(rowKey(row.kind, row.type, row.deviation)) ?? 0,
  );
}

/**
 * The Lagrangian L(μ, y) = max over mechanisms z in Z of c(μ)·z + Σ_r y_r (a_r(μ)·z − b_r(μ)),
 * an upper bound on V(μ) for every y ≥ 0 and convex in μ, so over a simplex of beliefs it peaks
 * at a vertex. Z is a lottery per type and a transfer within bounds, so the max is closed-form.
 */
export function lagrangian(block: MechanismBlock, y: Float64Array, belief: number[]): number {
  const gradient = new Float64Array(block.width);
  for (const entry of block.objective) gradient[entry.col] += dot(entry.perState, belief);
  let constant = 0;
  block.rows.forEach((row, r) => {
    if (y[r] === 0) return;
    for (const entry of row.entries) gradient[entry.col] += y[r] * dot(entry.perState, belief);
    constant -= y[r] * dot(row.rhs, belief);
  });
  let total = constant;
  block.types.forEach((_, k) => {
    let best = -Infinity;
    for (let x = 0; x < block.nOutcomes; x++)
      best = Math.max(best, gradient[allocationColumn(block, k, x)]);
    total += best;
    if (block.hasTransfer) {
      const g = gradient[transferColumn(block, k)];
      total += g > 0 ? g * block.transferUpper : g * block.transferLower;
    }
  });
  return total;
}
