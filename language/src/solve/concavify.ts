/**
 * cav V at the prior (theory.md §4). A master LP over a growing set of posteriors gives the value
 * of a concrete two-stage mechanism and an affine majorant h of V on that set. A best-first
 * subdivision of the belief simplex then bounds V − h on every piece, first by the Lagrangian with
 * the duals of V at the piece's vertices (no LP), else by multipliers that move affinely over the
 * piece (`affineDualBound`), else by the convex relaxation of `relaxationBound`, whose peak says
 * where to look. Vertices and relaxation peaks that rise above h become new posteriors.
 * The upper bound is the master value plus the largest bound over the pieces.
 */
import type { MechModel } from '../model';
import { affineDualBound } from './dual-certificate';
import { dot, mechanismBlock } from './formulation';
import type { LpSolver } from './lp';
import { moveBeliefs } from './move-beliefs';
import {
  blockMultipliers,
  centroid,
  lagrangian,
  relaxationBound,
  type PosteriorMechanism,
} from './posterior-value';

export interface EnvelopeOptions {
  /** Stop when upper − lower ≤ gap. */
  gap: number;
  /** Stop (with honest bounds) after this many LPs or at this time (performance.now()). */
  maxLps: number;
  deadline: number;
}

export interface EnvelopeResult {
  lower: number;
  upper: number;
  /** Posteriors with their weights λ (> 1e-12) and values. */
  support: { belief: number[]; weight: number; value: number }[];
  /** True when the loop ended on the gap, false on a budget. */
  converged: boolean;
  timedOut: boolean;
  /** Number of posteriors at which V was evaluated. */
  evaluated: number;
  /** Number of pieces of the final subdivision. */
  pieces: number;
  /** Posteriors outside the support where V also touches the envelope: other optimal policies. */
  alternatives: number[][];
  /** When no policy was found: true if relaxations proved that no posterior has a mechanism. */
  provenInfeasible?: boolean;
}

interface Piece {
  vertices: number[][];
  /** An upper bound on V − h over the piece for the h of `version` (−∞ if infeasible). */
  bound: number;
  /** Where the relaxation peaked, when it was solved. */
  peak?: number[];
  version: number;
  /** h at the vertices when `bound` was computed. */
  hAtVertices: number[];
  /** The key `worstPiece` gave this piece for a later version of h, kept until h changes again. */
  stale?: { version: number; key: number };
}

/** V and its optimal mechanism at a belief (cached by the caller). */
export type PosteriorOracle = (belief: number[]) => PosteriorMechanism;

interface Point {
  belief: number[];
  value: number;
  multipliers?: Float64Array;
}

export function concaveEnvelope(
  model: MechModel,
  bounds: { lower: number; upper: number },
  initial: number[][],
  posterior: PosteriorOracle,
  solver: LpSolver,
  options: EnvelopeOptions,
): EnvelopeResult {
  const prior = model.prior;
  const start = solver.count;
  const everyType = model.types
    .map((_, th) => th)
    .filter((th) => prior.some((_, w) => model.typeGivenState[w][th] > 0));
  const block = mechanismBlock(model, bounds, everyType);
  const points: Point[] = [];
  const known = new Map<string, Point>();
  const pointAt = (belief: number[]): Point => {
    const key = beliefKey(belief);
    let found = known.get(key);
    if (!found) {
      const solved = posterior(belief);
      const value = solved.status === 'optimal' ? solved.value : -Infinity;
      const multipliers = solved.status === 'optimal' ? blockMultipliers(block, solved) : undefined;
      found = { belief, value, multipliers };
      known.set(key, found);
      points.push(found);
    }
    return found;
  };
  initial.forEach(pointAt);

  let master = solveMaster(points, prior, solver);
  // Adding posteriors can only raise the master's value; a lower one means HiGHS failed on it
  // (or a point was dropped), and the previous solution, still valid, is kept.
  const resolveMaster = () => {
    const next = solveMaster(points, prior, solver);
    if (next.value >= master.value - 1e-9 || !Number.isFinite(master.value)) master = next;
  };
  const unit: number[][] = prior.map((_, w) => prior.map((_, v) => (v === w ? 1 : 0)));
  const outOfBudget = () =>
    solver.count - start >= options.maxLps || performance.now() > options.deadline;

  // V can be infeasible at every posterior of a partition yet feasible elsewhere (IR rows of
  // different types may hold together only in mixtures of states). Pieces whose relaxation is
  // infeasible hold no feasible posterior; the others are searched at their peak and centre.
  let provenInfeasible = false;
  if (!Number.isFinite(master.value)) {
    const queue = [unit];
    while (queue.length > 0 && !outOfBudget() && !Number.isFinite(master.value)) {
      const vertices = queue.shift()!;
      const relaxed = relaxationBound(
        block,
        vertices,
        vertices.map(() => 0),
        solver,
      );
      if (relaxed.ok && relaxed.bound === -Infinity) continue;
      [relaxed.peak, centroid(vertices)].forEach(pointAt);
      resolveMaster();
      if (queue.length < 256) queue.push(...split(vertices)[0]);
    }
    provenInfeasible = queue.length === 0 && !Number.isFinite(master.value);
  }

  let version = 0;
  const h = (belief: number[]) => dot(master.beta, belief);
  const refreshMasterIfAbove = (point: Point) => {
    if (point.value - h(point.belief) > options.gap / 4) {
      resolveMaster();
      version++;
    }
  };

  const evaluate = (vertices: number[][]): Piece => {
    const hAtVertices = vertices.map(h);
    const piece: Piece = { vertices, bound: Infinity, version, hAtVertices };
    for (const vertex of vertices) {
      const y = pointAt(vertex).multipliers;
      if (!y) continue;
      const excess = Math.max(...vertices.map((v, j) => lagrangian(block, y, v) - hAtVertices[j]));
      piece.bound = Math.min(piece.bound, excess);
    }
    if (piece.bound > options.gap / 2) {
      const seconds = (options.deadline - performance.now()) / 1000;
      const active = activeRows(
        vertices.map((v) => pointAt(v).multipliers),
        block.rows.length,
      );
      const moving = affineDualBound(block, vertices, hAtVertices, solver, active, seconds);
      if (moving !== undefined && moving < piece.bound) piece.bound = moving;
    }
    if (piece.bound > options.gap / 2) {
      const relaxed = relaxationBound(block, vertices, hAtVertices, solver);
      if (relaxed.ok && relaxed.bound < piece.bound) piece.bound = relaxed.bound;
      piece.peak = relaxed.peak;
    }
    return piece;
  };

  // Moves the support's beliefs with their mechanisms fixed, while that raises the master value.
  const slide = (rounds: number) => {
    for (let round = 0; round < rounds && !outOfBudget(); round++) {
      const support = master.weights.flatMap((w, i) => (w > 1e-12 ? [points[i].belief] : []));
      // Besides the support, the posteriors nearest to the envelope may take mass: their
      // mechanisms, moved too, can combine into a better policy than any of its neighbours.
      const near = points
        .filter((p, i) => master.weights[i] <= 1e-12 && Number.isFinite(p.value))
        .sort((a, b) => b.value - h(b.belief) - (a.value - h(a.belief)))
        .slice(0, 2 * prior.length)
        .map((p) => p.belief);
      const solved = [...support, ...near].map(posterior).filter((p) => p.status === 'optimal');
      const moved = moveBeliefs(model, bounds, solved, solver);
      if (!moved) return;
      const before = master.value;
      moved.forEach((m) => pointAt(m.belief));
      resolveMaster();
      version++;
      if (master.value - before <= 1e-13) return;
    }
  };
  slide(20);

  // The subdivision alone usually converges; when it stalls, a local search moves the support.
  let polished = false;
  const stalled = () => !polished && solver.count - start >= options.maxLps / 3;
  const searchBudget = () => solver.count - start >= (2 * options.maxLps) / 3 || outOfBudget();
  const polish = (stop: () => boolean) => {
    for (let pass = 0; pass < 8 && !stop(); pass++) {
      const before = master.value;
      const starts = master.weights.flatMap((w, i) => (w > 1e-12 ? [points[i].belief] : []));
      for (const belief of starts) {
        const found = climb(belief, (b) => pointAt(b).value - h(b), stop);
        if (found.excess > options.gap / 4) {
          resolveMaster();
          version++;
        }
      }
      if (master.value - before <= options.gap / 4) break;
    }
  };

  const pieces: Piece[] = [evaluate(unit)];
  let converged = false;
  let timedOut = false;
  while (Number.isFinite(master.value)) {
    const top = worstPiece(pieces, h, version);
    if (Math.max(0, top.key) <= options.gap) {
      converged = true;
      break;
    }
    if (solver.count - start >= options.maxLps || performance.now() > options.deadline) {
      timedOut = performance.now() > options.deadline;
      break;
    }
    if (stalled()) {
      polished = true;
      polish(searchBudget);
      continue;
    }
    const piece = pieces[top.index];
    if (piece.version !== version) {
      pieces[top.index] = evaluate(piece.vertices);
      continue;
    }
    const versionBefore = version;
    if (piece.peak) refreshMasterIfAbove(pointAt(piece.peak));
    const support = master.weights.flatMap((w, i) => (w > 1e-12 ? [points[i].belief] : []));
    const [children, added] = split(piece.vertices, support);
    refreshMasterIfAbove(pointAt(added));
    if (version !== versionBefore) slide(3);
    pieces.splice(top.index, 1, ...children.map(evaluate));
  }

  // FIXME(#2): with three or more states and ten or more types the bounding LPs grow with the
  // IC rows and subdivision converges slowly; the LP budget or the time limit then ends the loop
  // with an honest but wide gap (npm run bench: 3×20×2, 4×10×2). On 4×10×2 the moving-multiplier
  // LPs (about 400 rows × 330 columns, 20 ms each) take three quarters of the time; running the
  // relaxation first, or the certificate only on small pieces, was measured to be slower.
  if (!Number.isFinite(master.value)) {
    // No posterior tried has a feasible mechanism: nothing to search from.
    return {
      lower: -Infinity,
      upper: -Infinity,
      support: [],
      converged: false,
      timedOut: performance.now() > options.deadline,
      evaluated: points.length,
      pieces: pieces.length,
      alternatives: [],
      provenInfeasible,
    };
  }
  // What the pieces prove about V stays true whatever the steps below do to the master.
  const provenUpper = proveUpper(pieces, prior, master, solver, version);
  if (!converged) polish(outOfBudget);
  if (!converged && prior.length >= 3) {
    // Moving all support posteriors at once follows ridges of V that moving one at a time and
    // the fixed-mechanism LP miss; every posterior it tries joins the master's set.
    // Restarted from each new optimum: a fresh simplex escapes where the last one collapsed.
    const stopAt = solver.count + 1000 * prior.length;
    const outOfSearch = () => solver.count >= stopAt || performance.now() > options.deadline;
    for (let restart = 0; restart < 4 && !outOfSearch(); restart++) {
      const before = master.value;
      const support = master.weights.flatMap((w, i) => (w > 1e-12 ? [points[i].belief] : []));
      jointSearch(support, prior, (b) => pointAt(b).value, solver, outOfSearch);
      resolveMaster();
      version++;
      if (master.value - before <= 1e-12) break;
    }
  }
  slide(20);
  // Optimal posteriors of tidy models are often simple fractions that bisection only
  // approaches; trying the nearby simple fractions costs one LP each and can only help.
  for (const denominator of [0, 1]) {
    const support = master.weights.flatMap((w, i) => (w > 1e-12 ? [points[i].belief] : []));
    let changed = false;
    const dropped: { point: Point; value: number }[] = [];
    for (const belief of support) {
      // Denominator 0: onto the nearest face, where V is well conditioned and jumps up.
      const rounded = denominator === 0 ? ontoFace(belief) : simplestNearby(belief);
      if (!rounded) continue;
      const before = points.length;
      const simple = pointAt(rounded);
      changed ||= points.length > before;
      // A near-duplicate that the simple fraction matches is dropped, so signals stay distinct.
      const original = pointAt(belief);
      if (simple !== original && simple.value >= original.value - 1e-12) {
        dropped.push({ point: original, value: original.value });
        original.value = -Infinity;
        changed = true;
      }
    }
    if (changed) {
      const next = solveMaster(points, prior, solver);
      if (next.value >= master.value - 1e-9 || !Number.isFinite(master.value)) master = next;
      // The master kept needs the dropped posteriors: they are restored.
      else for (const { point, value } of dropped) point.value = value;
      version++;
    }
  }
  // The final steps moved h; stale pieces are re-bounded (not subdivided) before reporting.
  let top = worstPiece(pieces, h, version);
  for (let fresh = 0; fresh < 2 * pieces.length && top.key > options.gap; fresh++) {
    if (pieces[top.index].version === version || performance.now() > options.deadline) break;
    pieces[top.index] = evaluate(pieces[top.index].vertices);
    top = worstPiece(pieces, h, version);
  }
  const support = exactPolicy(
    master.weights.flatMap((w, i) => (w > 1e-12 ? [{ ...points[i], weight: w }] : [])),
    prior,
  );
  const lower = support.reduce((sum, p) => sum + p.weight * p.value, 0);
  const upper = Math.max(
    lower,
    Math.min(provenUpper, proveUpper(pieces, prior, master, solver, version)),
  );
  converged = upper - lower <= options.gap;
  const alternatives: number[][] = [];
  for (const p of points) {
    if (Math.abs(p.value - h(p.belief)) > 1e-9) continue;
    const far = (b: number[]) => b.some((q, w) => Math.abs(q - p.belief[w]) > 1e-5);
    if ([...support.map((s) => s.belief), ...alternatives].every(far)) alternatives.push(p.belief);
  }
  return {
    lower,
    upper,
    support,
    converged,
    timedOut,
    evaluated: points.length,
    pieces: pieces.length,
    alternatives,
  };
}

/**
 * The master's policy with weights that average to the prior to rounding: HiGHS meets the
 * master's equalities only to its tolerance, which over thousands of columns can move the value
 * by more than the target gap. Where the support is affinely independent (a basic solution of
 * the master) its weights are the unique solution of Σ λ μ = prior, solved directly.
 */
function exactPolicy(
  support: { belief: number[]; value: number; weight: number }[],
  prior: number[],
): { belief: number[]; value: number; weight: number }[] {
  const weights = exactWeights(
    support.map((a) => a.belief),
    prior,
  );
  return weights ? support.map((a, i) => ({ ...a, weight: weights[i] })) : support;
}

/**
 * The weights λ ≥ 0 with Σ λ μ = prior to 1e-14 by elimination with partial pivoting, or
 * undefined when the beliefs are not affinely independent or the prior is not in their cone.
 */
function exactWeights(beliefs: number[][], prior: number[]): number[] | undefined {
  if (beliefs.length === 0) return undefined;
  const columns = prior.map((_, w) => beliefs.map((b) => b[w]));
  const weights = solveLinear(columns, prior);
  if (!weights || weights.some((l) => !(l >= 0))) return undefined;
  const residual = prior.map((p, w) => p - dot(columns[w], weights));
  return Math.max(...residual.map(Math.abs)) <= 1e-14 ? weights : undefined;
}

/**
 * Rows with a positive multiplier at some vertex: those the optimal mechanisms near a piece
 * bind. All rows when some vertex has no multipliers (no feasible mechanism there).
 */
function activeRows(multipliers: (Float64Array | undefined)[], all: number): number[] {
  if (multipliers.some((y) => !y)) return Array.from({ length: all }, (_, r) => r);
  const rows: number[] = [];
  for (let r = 0; r < all; r++) if (multipliers.some((y) => y![r] > 0)) rows.push(r);
  return rows;
}

/**
 * Pattern search for a posterior where V − h is largest, starting from `belief`: moves along
 * directions of the simplex's tangent space (each e_i − e_j, and for three states twelve evenly
 * spread ones, since V's kinks need not follow the axes) with a step halved down to 1e-10.
 * V jumps up on faces, so steps are clipped to land on them.
 */
function climb(
  belief: number[],
  excess: (b: number[]) => number,
  stop: () => boolean,
): { belief: number[]; excess: number } {
  let best = { belief, excess: excess(belief) };
  const directions = searchDirections(belief.length);
  for (let step = 1 / 8; step > 1e-10 && !stop(); step /= 2) {
    let moved = true;
    while (moved && !stop()) {
      moved = false;
      for (const d of directions) {
        const next = moveWithin(best.belief, d, step);
        if (!next) continue;
        const value = excess(next);
        if (value > best.excess + 1e-13) {
          best = { belief: next, excess: value };
          moved = true;
          break;
        }
      }
    }
  }
  return best;
}

function searchDirections(n: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++)
      if (i !== j) out.push(Array.from({ length: n }, (_, k) => (k === i ? 1 : k === j ? -1 : 0)));
  }
  if (n === 3) {
    for (let a = 0; a < 12; a++) {
      const angle = (Math.PI / 6) * a + Math.PI / 12;
      const [x, y] = [Math.cos(angle), Math.sin(angle)];
      // An orthonormal basis of {d : Σ d = 0}.
      out.push([
        x / Math.SQRT2 + y / Math.sqrt(6),
        -x / Math.SQRT2 + y / Math.sqrt(6),
        (-2 * y) / Math.sqrt(6),
      ]);
    }
  }
  return out;
}

/** belief + step·d, shortened to stay in the simplex; undefined when no move is possible. */
function moveWithin(belief: number[], d: number[], step: number): number[] | undefined {
  let scale = step;
  d.forEach((di, k) => {
    if (di < 0) scale = Math.min(scale, belief[k] / -di);
  });
  if (scale <= 1e-15) return undefined;
  return belief.map((p, k) => {
    const moved = p + scale * d[k];
    return moved < 1e-15 ? 0 : moved;
  });
}

/**
 * Nelder–Mead over the positions of all support posteriors together, maximising the value of
 * the best policy that uses just those posteriors (a master LP over them).
 */
function jointSearch(
  support: number[][],
  prior: number[],
  value: (belief: number[]) => number,
  solver: LpSolver,
  stop: () => boolean,
): void {
  const n = prior.length;
  const unpack = (x: number[]) =>
    support.map((_, k) => {
      const block = x.slice(k * n, (k + 1) * n).map((p) => Math.max(0, p));
      const total = block.reduce((a, b) => a + b, 0);
      return total > 0 ? block.map((p) => p / total) : prior.slice();
    });
  const score = (x: number[]) => {
    const beliefs = unpack(x);
    const master = solveMaster(
      beliefs.map((b) => ({ belief: b, value: value(b) })),
      prior,
      solver,
    );
    return Number.isFinite(master.value) ? master.value : -Infinity;
  };
  const start = support.flat();
  const simplex = [start, ...start.map((_, i) => start.map((p, j) => (i === j ? p + 0.02 : p)))];
  let scored = simplex.map((x) => ({ x, f: score(x) }));
  for (let step = 0; step < 2000 && !stop(); step++) {
    scored.sort((a, b) => b.f - a.f);
    const best = scored[0];
    const worst = scored[scored.length - 1];
    if (Math.abs(best.f - worst.f) < 1e-12) break;
    const centre = start.map(
      (_, j) => scored.slice(0, -1).reduce((s, v) => s + v.x[j], 0) / (scored.length - 1),
    );
    const along = (t: number) => centre.map((c, j) => c + t * (worst.x[j] - c));
    const reflected = { x: along(-1), f: score(along(-1)) };
    if (reflected.f > best.f) {
      const expanded = { x: along(-2), f: score(along(-2)) };
      scored[scored.length - 1] = expanded.f > reflected.f ? expanded : reflected;
    } else if (reflected.f > scored[scored.length - 2].f) {
      scored[scored.length - 1] = reflected;
    } else {
      const contracted = { x: along(0.5), f: score(along(0.5)) };
      if (contracted.f > worst.f) scored[scored.length - 1] = contracted;
      else
        scored = scored
          .map((v) => (v === best ? v : { x: v.x.map((p, j) => (p + best.x[j]) / 2), f: NaN }))
          .map((v) => (Number.isNaN(v.f) ? { x: v.x, f: score(v.x) } : v));
    }
  }
}

/** The belief with entries below 1e-6 set to 0 (renormalised), if there are any. */
function ontoFace(belief: number[]): number[] | undefined {
  if (!belief.some((p) => p > 0 && p < 1e-6)) return undefined;
  const kept = belief.map((p) => (p < 1e-6 ? 0 : p));
  const total = kept.reduce((a, b) => a + b, 0);
  return kept.map((p) => p / total);
}

/** The nearby belief (within 2e-6 per entry) with the smallest common denominator up to 1000. */
function simplestNearby(belief: number[]): number[] | undefined {
  for (let denominator = 2; denominator <= 1000; denominator++) {
    const rounded = roundBelief(belief, denominator);
    if (rounded && rounded.every((p, w) => Math.abs(p - belief[w]) <= 2e-6)) return rounded;
  }
  return undefined;
}

/** The belief with every entry rounded to k/denominator, if that stays within 1e-5 and sums to 1. */
function roundBelief(belief: number[], denominator: number): number[] | undefined {
  const counts = belief.map((p) => Math.round(p * denominator));
  const total = counts.reduce((a, b) => a + b, 0);
  if (total !== denominator) return undefined;
  const rounded = counts.map((c) => c / denominator);
  const far = rounded.some((p, w) => Math.abs(p - belief[w]) > 1e-5);
  return far || rounded.every((p, w) => p === belief[w]) ? undefined : rounded;
}

/** The piece with the largest bound on V − h, re-keying stale pieces without solving them. */
function worstPiece(pieces: Piece[], h: (b: number[]) => number, version: number) {
  let best = { index: 0, key: -Infinity };
  pieces.forEach((piece, index) => {
    let key = piece.bound;
    if (piece.version !== version && key > -Infinity) {
      if (piece.stale?.version !== version) {
        // Changing h moves either bound by at most the largest drop of h at a vertex.
        let drop = -Infinity;
        piece.vertices.forEach((v, i) => (drop = Math.max(drop, piece.hAtVertices[i] - h(v))));
        piece.stale = { version, key: key + drop };
      }
      key = piece.stale.key;
    }
    if (key > best.key) best = { index, key };
  });
  return best;
}

/**
 * Splits a simplex: [children, new vertex]. A simplex that holds a posterior of the current
 * optimum (not at a vertex) is split there, each child replacing one vertex by it: that
 * posterior becomes a vertex, whose duals give a Lagrangian bound tight to second order where V
 * is smooth, so a tangency of V and the envelope is certified without endless bisection.
 * Otherwise the simplex is halved at the midpoint of its longest edge.
 */
function split(vertices: number[][], support: number[][] = []): [number[][][], number[]] {
  for (const p of support) {
    const raw = barycentric(vertices, p);
    if (!raw || raw.some((l) => l < -1e-12) || raw.some((l) => l > 1 - 1e-6)) continue;
    // The children must cover the simplex, without slivers: a point this close to a facet is
    // moved onto it, where the child opposite is empty.
    const kept = raw.map((l) => (l <= 1e-6 ? 0 : l));
    const total = kept.reduce((a, b) => a + b, 0);
    const weights = kept.map((l) => l / total);
    const point = vertices[0].map((_, w) => vertices.reduce((s, v, i) => s + weights[i] * v[w], 0));
    const children = weights.flatMap((l, i) =>
      l > 0 ? [vertices.map((v, k) => (k === i ? point : v))] : [],
    );
    if (children.length >= 2) return [children, point];
  }
  let longest = { i: 0, j: 1, length: -1 };
  for (let i = 0; i < vertices.length; i++) {
    for (let j = i + 1; j < vertices.length; j++) {
      const length = vertices[i].reduce((s, p, w) => s + (p - vertices[j][w]) ** 2, 0);
      if (length > longest.length) longest = { i, j, length };
    }
  }
  const mid = vertices[longest.i].map((p, w) => (p + vertices[longest.j][w]) / 2);
  const left = vertices.map((v, k) => (k === longest.j ? mid : v));
  const right = vertices.map((v, k) => (k === longest.i ? mid : v));
  return [[left, right], mid];
}

/**
 * Barycentric coordinates of `p` in the simplex (k vertices in the belief simplex, k ≤ |Ω|),
 * or undefined when p is not in the simplex's affine hull. Least squares on the normal equations.
 */
function barycentric(vertices: number[][], p: number[]): number[] | undefined {
  const k = vertices.length;
  // Coordinates l_1..l_{k−1} of p − v_0 on the edges v_i − v_0.
  const edges = vertices.slice(1).map((v) => v.map((x, w) => x - vertices[0][w]));
  const target = p.map((x, w) => x - vertices[0][w]);
  const solved = solveLinear(
    target.map((_, w) => edges.map((e) => e[w])),
    target,
  );
  if (!solved) return undefined;
  const residual = target.map((x, w) => x - edges.reduce((s, e, i) => s + solved[i] * e[w], 0));
  if (Math.max(...residual.map(Math.abs)) > 1e-9) return undefined;
  return [1 - solved.reduce((a, b) => a + b, 0), ...solved].slice(0, k);
}

/**
 * Solves A x = b for an n×m matrix A (n ≥ m) of full column rank by Gaussian elimination with
 * partial pivoting; the residual of the rows not used as pivots is for the caller to check.
 * Undefined when A is rank-deficient.
 */
function solveLinear(matrix: number[][], rhs: number[]): number[] | undefined {
  const n = rhs.length;
  const m = matrix[0]?.length ?? 0;
  if (m > n) return undefined;
  const a = matrix.map((row, i) => [...row, rhs[i]]);
  const scale = Math.max(1e-300, ...matrix.flat().map(Math.abs));
  for (let c = 0; c < m; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r][c]) > Math.abs(a[pivot][c])) pivot = r;
    if (Math.abs(a[pivot][c]) <= 1e-13 * scale) return undefined;
    [a[c], a[pivot]] = [a[pivot], a[c]];
    for (let r = c + 1; r < n; r++) {
      const f = a[r][c] / a[c][c];
      for (let j = c; j <= m; j++) a[r][j] -= f * a[c][j];
    }
  }
  const x = new Array<number>(m).fill(0);
  for (let r = m - 1; r >= 0; r--) {
    let sum = a[r][m];
    for (let j = r + 1; j < m; j++) sum -= a[r][j] * x[j];
    x[r] = sum / a[r][r];
  }
  return x;
}

/**
 * An upper bound on cav V at the prior from the pieces, re-derived rather than read from an LP's
 * objective: V ≤ h + key on every piece gives β·prior + the worst key, and the concave envelope
 * of the pieces' own majorants is tighter where h moved after a piece was bounded.
 */
function proveUpper(
  pieces: Piece[],
  prior: number[],
  master: MasterSolution,
  solver: LpSolver,
  version: number,
): number {
  const h = (belief: number[]) => dot(master.beta, belief);
  const worst = Math.max(0, worstPiece(pieces, h, version).key);
  return Math.min(dot(master.beta, prior) + worst, majorantEnvelope(pieces, prior, solver));
}

/**
 * cav g at the prior, where g is the piecewise-affine majorant of V that the pieces prove: on a
 * piece, V ≤ (h of its version) + its bound. Over the pieces' vertices that is a master LP; its
 * dual β, with the largest violation of β·v ≥ g(v) added, bounds cav g whatever HiGHS's
 * tolerances did. Infinity when some piece has no bound.
 */
function majorantEnvelope(pieces: Piece[], prior: number[], solver: LpSolver): number {
  const columns: { belief: number[]; value: number }[] = [];
  for (const piece of pieces) {
    if (piece.bound === Infinity || Number.isNaN(piece.bound)) return Infinity;
    if (piece.bound === -Infinity) continue;
    piece.vertices.forEach((v, i) =>
      columns.push({ belief: v, value: piece.hAtVertices[i] + piece.bound }),
    );
  }
  if (columns.length === 0) return -Infinity;
  const solved = solveMaster(columns, prior, solver);
  if (!solved.beta.every(Number.isFinite)) return Infinity;
  let violation = 0;
  for (const c of columns) violation = Math.max(violation, c.value - dot(solved.beta, c.belief));
  return dot(solved.beta, prior) + violation;
}

interface MasterSolution {
  value: number;
  weights: number[];
  /** Dual prices: h(μ) = β·μ majorises V on the posteriors of the master. */
  beta: number[];
}

/** max Σ λ_g V(μ_g) s.t. Σ λ_g μ_g = prior, λ ≥ 0, over posteriors with finite V. */
export function solveMaster(
  points: { belief: number[]; value: number }[],
  prior: number[],
  solver: LpSolver,
): MasterSolution {
  const usable = points.map((p, i) => ({ ...p, i })).filter((p) => Number.isFinite(p.value));
  // Row ω is divided by p(ω) (it reads Σ_s φ(s|ω) = 1), so that HiGHS's absolute tolerance
  // is relative to each state's probability: a state of prior 1e-8 keeps its likelihoods.
  const scale = prior.map((p) => (p > 0 ? 1 / p : 1));
  const starts = [0];
  const indices: number[] = [];
  const values: number[] = [];
  prior.forEach((_, w) => {
    usable.forEach((p, col) => {
      if (p.belief[w] !== 0) {
        indices.push(col);
        values.push(p.belief[w] * scale[w]);
      }
    });
    starts.push(indices.length);
  });
  const solution = solver.solve({
    numCols: usable.length,
    colCost: usable.map((p) => p.value),
    colLower: usable.map(() => 0),
    colUpper: usable.map(() => Infinity),
    rowLower: prior.map((p, w) => p * scale[w]),
    rowUpper: prior.map((p, w) => p * scale[w]),
    starts,
    indices,
    values,
  });
  const weights = points.map(() => 0);
  if (solution.status !== 'optimal') {
    return { value: -Infinity, weights, beta: prior.map(() => Infinity) };
  }
  const beta = Array.from(solution.rowDual, (y, w) => y * scale[w]);
  const basic = usable.flatMap((p, col) => (solution.x[col] > 0 ? [p] : []));
  const exact = exactMaster(basic, prior, beta);
  if (exact) {
    basic.forEach((p, k) => (weights[p.i] = exact.weights[k]));
    return { value: exact.value, weights, beta: exact.beta };
  }
  usable.forEach((p, col) => (weights[p.i] = solution.x[col]));
  return { value: solution.objective, weights, beta };
}

/**
 * The master's solution re-derived from its support, or undefined when the support is not
 * affinely independent. Near-duplicate posteriors (a belief 1e-9 from a face, and the face
 * point) make the master's basis so ill-conditioned that HiGHS's weights can miss Σ λ μ = prior
 * by 1e-8, with a value to match, which the search would then take for an optimum it cannot beat.
 * Elimination with partial pivoting meets the equalities to rounding; the value is then one that
 * this policy attains. β is made to price the support exactly (h = V there): solved directly
 * when the support is a basis, else HiGHS's β moved by the least change that does.
 */
function exactMaster(
  support: { belief: number[]; value: number }[],
  prior: number[],
  beta: number[],
): { weights: number[]; value: number; beta: number[] } | undefined {
  const weights = exactWeights(
    support.map((p) => p.belief),
    prior,
  );
  if (!weights) return undefined;
  const value = support.reduce((sum, p, k) => sum + weights[k] * p.value, 0);
  return { weights, value, beta: pricing(support, beta) ?? beta };
}

/** β with β·μ = V(μ) on the support: solved when the support is a basis, else the least change. */
function pricing(support: { belief: number[]; value: number }[], beta: number[]) {
  const beliefs = support.map((p) => p.belief);
  const values = support.map((p) => p.value);
  if (support.length === beta.length) return solveLinear(beliefs, values);
  // β + Σ_k z_k μ_k with (μ_j·μ_k) z = V − β·μ.
  const gram = beliefs.map((a) => beliefs.map((b) => dot(a, b)));
  const z = solveLinear(
    gram,
    support.map((p) => p.value - dot(beta, p.belief)),
  );
  return z && beta.map((b, w) => b + beliefs.reduce((sum, mu, k) => sum + z[k] * mu[w], 0));
}

export function beliefKey(belief: number[]): string {
  return belief.map((p) => p.toFixed(13)).join(',');
}
