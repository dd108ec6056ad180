/**
 * An independent route to V(μ) and to cav V on two states, sharing no code with the solver: the
 * per-posterior LP is written out as CPLEX LP text straight from theory.md §3 (constraints
 * multiplied by π(θ), transfers within the model's own bounds, no rescaling or normalised
 * rows) and solved by the `highs` package's one-shot API; the concave envelope on a grid of
 * [0, 1] is the upper hull of the grid's points, with no LP at all.
 */
import loadHighs from 'highs';
import type { MechModel } from '../../language/src/model';

type Highs = Awaited<ReturnType<typeof loadHighs>>;

let highs: Highs | undefined;

/** Loads the one-shot HiGHS API once. */
export async function loadIndependentSolver(): Promise<void> {
  highs ??= await loadHighs();
}

const num = (x: number) => (Number.isFinite(x) ? x.toPrecision(17) : x > 0 ? 'inf' : '-inf');

/** `+ 3 a - 2 b` from coefficient/name pairs, zeros left out; `0 name` when all are zero. */
function linear(terms: [number, string][], fallback: string): string {
  const kept = terms.filter(([c]) => c !== 0);
  if (kept.length === 0) return `0 ${fallback}`;
  return kept.map(([c, name]) => `${c < 0 ? '-' : '+'} ${num(Math.abs(c))} ${name}`).join(' ');
}

/** V(μ) by the independent LP; −Infinity when no mechanism is IC and IR at μ. */
export function independentValue(model: MechModel, belief: number[]): number {
  if (!highs) throw new Error('call loadIndependentSolver first');
  const { states, types, outcomes } = model;
  const joint = (w: number, th: number) => belief[w] * model.typeGivenState[w][th];
  const mass = types.map((_, th) => states.reduce((s, _w, w) => s + joint(w, th), 0));
  const present = types.map((_, th) => th).filter((th) => mass[th] > 0);
  const money = model.transfer;
  const cost = money?.agentCost ?? 0;
  const gain = money?.designerGain ?? 0;
  const q = (th: number, x: number) => `q_${th}_${x}`;
  const t = (th: number) => `t_${th}`;
  // Σ_ω π(ω,θ) f(ω) for a payoff table indexed [θ][x][ω].
  const expected = (table: number[][][], th: number, x: number) =>
    states.reduce((s, _w, w) => s + joint(w, th) * table[th][x][w], 0);

  const objective: [number, string][] = [];
  const rows: string[] = [];
  for (const th of present) {
    outcomes.forEach((_, x) => objective.push([expected(model.designer, th, x), q(th, x)]));
    if (money) objective.push([gain * mass[th], t(th)]);
    rows.push(
      `${linear(
        outcomes.map((_, x) => [1, q(th, x)]),
        q(th, 0),
      )} = 1`,
    );
    const outside = states.reduce((s, _w, w) => s + joint(w, th) * model.outside[th][w], 0);
    const ir: [number, string][] = outcomes.map((_, x) => [expected(model.agent, th, x), q(th, x)]);
    if (money) ir.push([-cost * mass[th], t(th)]);
    rows.push(`${linear(ir, q(th, 0))} >= ${num(outside)}`);
    for (const other of present) {
      if (other === th) continue;
      const ic: [number, string][] = [];
      outcomes.forEach((_, x) => {
        const u = expected(model.agent, th, x);
        ic.push([u, q(th, x)], [-u, q(other, x)]);
      });
      if (money) ic.push([-cost * mass[th], t(th)], [cost * mass[th], t(other)]);
      // Equal names (none here) would be merged by HiGHS; q(th, ·) and q(other, ·) differ.
      rows.push(`${linear(ic, q(th, 0))} >= 0`);
    }
  }
  const bounds = money
    ? present.map((th) => `${num(money.lower)} <= ${t(th)} <= ${num(money.upper)}`)
    : [];
  const text = [
    'Maximize',
    ` obj: ${linear(objective, q(present[0], 0))}`,
    'Subject To',
    ...rows.map((row, i) => ` r${i}: ${row}`),
    'Bounds',
    ...bounds.map((b) => ` ${b}`),
    'End',
  ].join('\n');
  // Optimal posteriors often sit where a constraint starts to bind, so that one mechanism alone
  // is feasible there; HiGHS's presolve can call such an LP infeasible, the simplex does not.
  const solution = highs.solve(text, {
    primal_feasibility_tolerance: 1e-9,
    dual_feasibility_tolerance: 1e-9,
    presolve: 'off',
  });
  if (solution.Status === 'Infeasible') return -Infinity;
  if (solution.Status !== 'Optimal') throw new Error(`independent LP: ${solution.Status}`);
  return solution.ObjectiveValue;
}

/**
 * cav V at the prior of a two-state model from V on the grid μ = k/steps (μ = P(second state)):
 * the upper concave hull of the finite points, read at the prior. A lower bound on the true
 * cav V (every hull point is a policy over grid posteriors), which approaches it as steps grow.
 */
export function gridEnvelope(model: MechModel, steps: number): number {
  const points: [number, number][] = [];
  for (let k = 0; k <= steps; k++) {
    const mu = k / steps;
    const value = independentValue(model, [1 - mu, mu]);
    if (Number.isFinite(value)) points.push([mu, value]);
  }
  // Upper hull by the monotone chain, left to right.
  const hull: [number, number][] = [];
  for (const p of points) {
    while (hull.length >= 2) {
      const [a, b] = [hull[hull.length - 2], hull[hull.length - 1]];
      const cross = (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]);
      if (cross >= 0) hull.pop();
      else break;
    }
    hull.push(p);
  }
  const prior = model.prior[1];
  for (let i = 0; i + 1 < hull.length; i++) {
    const [a, b] = [hull[i], hull[i + 1]];
    if (a[0] <= prior && prior <= b[0]) {
      return a[1] + ((b[1] - a[1]) * (prior - a[0])) / (b[0] - a[0]);
    }
  }
  return -Infinity;
}
