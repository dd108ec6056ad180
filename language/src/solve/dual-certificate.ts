/**
 * A bound on V − h over a simplex of beliefs from multipliers that vary affinely with the
 * belief. `relaxationBound` is the best bound from one multiplier vector for the whole simplex;
 * where V is affine along a region on which its optimal multipliers move (private values, a
 * mechanism that stays optimal while beliefs change), one vector overshoots V by an amount that
 * shrinks only with the square of the simplex's width, so a flat stretch of V touching its
 * envelope would need endless subdivision. Letting the multipliers move with the belief removes
 * that overshoot where they move affinely, and shrinks it faster elsewhere.
 *
 * In barycentric coordinates λ over the vertices v_i (μ = Σ λ_i v_i, Σ λ_i = 1) every function
 * involved is a quadratic form Σ_ij Q_ij λ_i λ_j: a linear f(μ) has Q_ij = (f(v_i) + f(v_j))/2 and
 * the product of y(μ) = Σ λ_i y_i with a row a(μ) has Q_ij = (y_i·a(v_j) + y_j·a(v_i))/2. Such a
 * form is ≥ 0 on the simplex when every Q_ij ≥ 0, and ≤ t when every Q_ij ≤ t. With y_i ≥ 0 the
 * Lagrangian L(μ, y(μ)) ≥ V(μ), and L is a sum over types of the largest entry of a lottery's
 * gradient plus the best transfer, each bounded by a quadratic form s_k; so every feasible point
 * of the LP below proves V − h ≤ t on the simplex. The bound is re-derived from the multipliers
 * alone, so HiGHS's tolerances cannot make it invalid.
 */
import {
  allocationColumn,
  dot,
  transferColumn,
  type MechanismBlock,
  type StateLinearRow,
} from './formulation';
import type { LpSolver } from './lp';
import { addRow, emptyLp } from './lp-builder';

/** Column-wise view of the block at the vertices: what the Lagrangian's gradient is made of. */
interface ColumnTerms {
  /** c_col(v_i) per column and vertex. */
  cost: Float64Array[];
  /** For each column: rows r with a_{r,col}(v_i) per vertex. */
  rows: { r: number; perVertex: Float64Array }[][];
  /** b_r(v_i) per row and vertex. */
  rhs: Float64Array[];
}

function columnTerms(block: MechanismBlock, vertices: number[][]): ColumnTerms {
  const k = vertices.length;
  const cost = Array.from({ length: block.width }, () => new Float64Array(k));
  for (const entry of block.objective)
    vertices.forEach((v, i) => (cost[entry.col][i] += dot(entry.perState, v)));
  const rows: ColumnTerms['rows'] = Array.from({ length: block.width }, () => []);
  const rhs = block.rows.map((row, r) => {
    const { entries, bound } = rowAtVertices(row, vertices);
    for (const entry of entries) {
      const same = rows[entry.col].find((t) => t.r === r);
      if (same) same.perVertex.forEach((_, i) => (same.perVertex[i] += entry.perVertex[i]));
      else rows[entry.col].push({ r, perVertex: entry.perVertex });
    }
    return bound;
  });
  return { cost, rows, rhs };
}

/**
 * A row's coefficients at the vertices. A row is p(θ|ω) times a per-state row; where that
 * per-state row does not depend on the state (the agent's payoff does not) and θ has positive
 * probability on the whole simplex, the row divided by π(θ) is constant there, and the same
 * constraint in that form lets multipliers that move affinely match the optimal ones exactly.
 */
function rowAtVertices(row: StateLinearRow, vertices: number[][]) {
  const weight = row.typeWeight;
  const constant = (perState: Float64Array): number | undefined => {
    let ratio: number | undefined;
    for (let w = 0; w < weight.length; w++) {
      if (weight[w] === 0) {
        if (perState[w] !== 0) return undefined;
        continue;
      }
      const r = perState[w] / weight[w];
      if (ratio === undefined) ratio = r;
      else if (Math.abs(r - ratio) > 1e-12 * Math.max(1, Math.abs(ratio))) return undefined;
    }
    return ratio ?? 0;
  };
  const positive = vertices.every((v) => dot(weight, v) > 1e-9);
  const bound = positive ? constant(row.rhs) : undefined;
  const normalised = row.entries.map((e) => constant(e.perState));
  if (positive && bound !== undefined && normalised.every((c) => c !== undefined)) {
    return {
      entries: row.entries.map((e, n) => ({
        col: e.col,
        perVertex: new Float64Array(vertices.length).fill(normalised[n]!),
      })),
      bound: new Float64Array(vertices.length).fill(bound),
    };
  }
  return {
    entries: row.entries.map((e) => ({
      col: e.col,
      perVertex: Float64Array.from(vertices, (v) => dot(e.perState, v)),
    })),
    bound: Float64Array.from(vertices, (v) => dot(row.rhs, v)),
  };
}

/** Pairs i ≤ j of vertices: the coefficients of a quadratic form. */
function vertexPairs(k: number): [number, number][] {
  const pairs: [number, number][] = [];
  for (let i = 0; i < k; i++) for (let j = i; j < k; j++) pairs.push([i, j]);
  return pairs;
}

/**
 * An upper bound on max V − h over the simplex with the given vertices (h given by its values
 * there), or undefined when HiGHS returns no usable multipliers. −Infinity: no mechanism is
 * feasible anywhere on the simplex. Only the rows in `active` (indices into block.rows) get
 * multipliers: any subset gives a valid bound, and the rows that bind near the simplex keep the
 * LP small where most IC rows are slack.
 */
export function affineDualBound(
  block: MechanismBlock,
  vertices: number[][],
  hAtVertices: number[],
  solver: LpSolver,
  active: number[] = block.rows.map((_, r) => r),
  timeLimit?: number,
): number | undefined {
  const k = vertices.length;
  const pairs = vertexPairs(k);
  const sub: MechanismBlock = { ...block, rows: active.map((r) => block.rows[r]) };
  const nRows = sub.rows.length;
  const terms = columnTerms(sub, vertices);
  const rhs = terms.rhs;
  const slots = block.hasTransfer ? 2 : 1;
  // Columns: y_{r,i} ≥ 0, then per type and pair s (lotteries) and, with money, s' (transfer),
  // then t.
  const yCol = (r: number, i: number) => r * k + i;
  const sCol = (type: number, p: number, slot: number) =>
    nRows * k + (type * pairs.length + p) * slots + slot;
  const tCol = nRows * k + block.types.length * pairs.length * slots;
  const lp = emptyLp(tCol + 1);
  for (let c = nRows * k; c <= tCol; c++) lp.colLower[c] = -Infinity;
  lp.colCost[tCol] = -1;

  // s ≥ scale·(gradient of column col), coefficient by coefficient, for the pair (i, j).
  const gradientRow = (col: number, [i, j]: [number, number], s: number, scale: number) => {
    const cols = [s];
    const vals = [1];
    for (const { r, perVertex } of terms.rows[col]) {
      cols.push(yCol(r, i), yCol(r, j));
      vals.push((-scale * perVertex[j]) / 2, (-scale * perVertex[i]) / 2);
    }
    const constant = (scale * (terms.cost[col][i] + terms.cost[col][j])) / 2;
    addRow(lp, cols, vals, constant, Infinity);
  };
  block.types.forEach((_, type) => {
    pairs.forEach((pair, p) => {
      for (let x = 0; x < block.nOutcomes; x++)
        gradientRow(allocationColumn(block, type, x), pair, sCol(type, p, 0), 1);
      if (block.hasTransfer) {
        const col = transferColumn(block, type);
        gradientRow(col, pair, sCol(type, p, 1), block.transferUpper);
        if (block.transferLower !== block.transferUpper)
          gradientRow(col, pair, sCol(type, p, 1), block.transferLower);
      }
    });
  });
  // t ≥ Σ s − y·b − h, coefficient by coefficient.
  pairs.forEach(([i, j], p) => {
    const cols = [tCol];
    const vals = [1];
    block.types.forEach((_, type) => {
      for (let slot = 0; slot < slots; slot++) {
        cols.push(sCol(type, p, slot));
        vals.push(-1);
      }
    });
    for (let r = 0; r < nRows; r++) {
      cols.push(yCol(r, i), yCol(r, j));
      vals.push(rhs[r][j] / 2, rhs[r][i] / 2);
    }
    addRow(lp, cols, vals, -(hAtVertices[i] + hAtVertices[j]) / 2, Infinity);
  });
  // Neighbouring pieces share their active rows, so one family's basis warm-starts the next.
  lp.family = `A ${k} ${active.join(',')}`;
  const solution = solver.solve(lp, { timeLimit, method: 'primal' });
  if (solution.status === 'unbounded') return -Infinity;
  if (solution.status !== 'optimal') return undefined;
  const y = Float64Array.from({ length: nRows * k }, (_, c) => Math.max(0, solution.x[c]));
  return certifiedBound(block, terms, rhs, hAtVertices, y, pairs);
}

/** The smallest t the multipliers y prove, computed from y alone. */
function certifiedBound(
  block: MechanismBlock,
  terms: ColumnTerms,
  rhs: Float64Array[],
  hAtVertices: number[],
  y: Float64Array,
  pairs: [number, number][],
): number {
  const k = hAtVertices.length;
  const gradient = (col: number, i: number, j: number) => {
    let g = (terms.cost[col][i] + terms.cost[col][j]) / 2;
    for (const { r, perVertex } of terms.rows[col])
      g += (y[r * k + i] * perVertex[j] + y[r * k + j] * perVertex[i]) / 2;
    return g;
  };
  let bound = -Infinity;
  for (const [i, j] of pairs) {
    let total = -(hAtVertices[i] + hAtVertices[j]) / 2;
    rhs.forEach((b, r) => (total -= (y[r * k + i] * b[j] + y[r * k + j] * b[i]) / 2));
    block.types.forEach((_, type) => {
      let best = -Infinity;
      for (let x = 0; x < block.nOutcomes; x++)
        best = Math.max(best, gradient(allocationColumn(block, type, x), i, j));
      total += best;
      if (block.hasTransfer) {
        const g = gradient(transferColumn(block, type), i, j);
        total += Math.max(g * block.transferUpper, g * block.transferLower);
      }
    });
    bound = Math.max(bound, total);
  }
  return bound;
}
