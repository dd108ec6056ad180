/**
 * Runs the analyses a model asks for and turns LP solutions into the result protocol.
 * One `LpSolver` serves a whole solve; V(μ) is cached across analyses so that, e.g., the
 * full-disclosure LPs are not solved again by `calibrated`.
 */
import { hasPrivateValues, type AnalysisName, type MechModel } from '../model';
import type {
  AnalysisResult,
  BindingConstraint,
  SignalResult,
  StateMechanism,
  TypeOutcome,
  ValueSample,
} from '../protocol';
import { solveBayesian, type BayesianMechanism } from './bayesian';
import { beliefKey, concaveEnvelope } from './concavify';
import { transferBounds } from './formulation';
import type { LpSolver } from './lp';
import { forgetNeededRows, solvePosterior, type PosteriorMechanism } from './posterior-value';

export interface SolveOptions {
  /** Use theorems (private values ⇒ full disclosure) instead of the general algorithm. */
  shortcuts?: boolean;
  /** Target gap between the bounds of `calibrated`; default 1e-9 for two states, else 3e-8. */
  gap?: number;
  /** Seconds for the whole solve; default 60. */
  timeLimit?: number;
  /** LPs the calibrated envelope may spend on its search and bounds; default 3000 per state. */
  maxLps?: number;
  /** Sample V on the simplex for pictures (two or three states). */
  valueSamples?: boolean;
}

/** Largest state counts each analysis accepts. */
export const STATE_LIMITS: Record<AnalysisName, number> = {
  calibrated: 8,
  partitional: 12,
  bayesian: 2000,
  full_disclosure: 2000,
  no_disclosure: 2000,
};

/** Largest LP (columns) any analysis builds. */
const MAX_COLUMNS = 2_000_000;

export interface AnalysisRun {
  result: AnalysisResult;
}

/** Solves the requested analyses of one model. Never throws for model trouble. */
export class ModelSolver {
  private readonly cache = new Map<string, PosteriorMechanism>();
  private bayesianSolved?: BayesianMechanism;
  private readonly bounds;
  readonly privateValues: boolean;
  private readonly deadline: number;

  private readonly model: MechModel;
  private readonly scaling: Scaling;

  constructor(
    model: MechModel,
    private readonly solver: LpSolver,
    private readonly options: SolveOptions = {},
  ) {
    this.scaling = scalingFor(model);
    this.model = scaleModel(model, this.scaling);
    this.bounds = transferBounds(this.model);
    this.privateValues = hasPrivateValues(model);
    this.deadline = performance.now() + (options.timeLimit ?? 60) * 1000;
    // One model's answer must not depend on what the same LP solver solved before.
    solver.forgetBases();
    forgetNeededRows();
  }

  run(analysis: AnalysisName): AnalysisResult {
    const started = performance.now();
    const lpsBefore = this.solver.count;
    const result = unscale(this.dispatch(analysis), this.scaling);
    result.lpCount = this.solver.count - lpsBefore;
    result.seconds = (performance.now() - started) / 1000;
    return result;
  }

  private dispatch(analysis: AnalysisName): AnalysisResult {
    const limit = STATE_LIMITS[analysis];
    const nStates = this.model.states.length;
    if (nStates > limit) {
      return failure(
        analysis,
        'error',
        `'${analysis}' supports at most ${limit} states; this model has ${nStates}`,
      );
    }
    const size =
      this.model.types.length *
      this.model.outcomes.length *
      (analysis === 'bayesian' ? nStates : 1);
    if (size > MAX_COLUMNS) {
      return failure(
        analysis,
        'error',
        `the linear program would have ${size} variables (limit ${MAX_COLUMNS})`,
      );
    }
    if (this.bounds.kind === 'unbounded') return failure(analysis, 'unbounded', this.bounds.reason);
    switch (analysis) {
      case 'bayesian':
        return this.bayesian();
      case 'full_disclosure':
        return this.disclose(
          analysis,
          this.model.states.map((_, w) => [w]),
          'Full disclosure: one LP per state.',
        );
      case 'no_disclosure':
        return this.disclose(
          analysis,
          [this.model.states.map((_, w) => w)],
          'No disclosure: one LP at the prior.',
        );
      case 'partitional':
        return this.partitional();
      case 'calibrated':
        return this.calibrated();
    }
  }

  /** The Bayesian LP, solved once: its value also bounds and checks `calibrated`. */
  private bayesianMechanism(): BayesianMechanism {
    this.bayesianSolved ??= solveBayesian(this.model, this.solver);
    return this.bayesianSolved;
  }

  /** V(μ) with its optimal mechanism, cached by belief. */
  posterior(belief: number[]): PosteriorMechanism {
    const key = beliefKey(belief);
    let found = this.cache.get(key);
    if (!found) {
      if (this.bounds.kind !== 'bounded') throw new Error('unbounded transfers');
      found = solvePosterior(this.model, this.bounds, belief, this.solver);
      this.cache.set(key, found);
    }
    return found;
  }

  private cellBelief(cell: number[]): number[] {
    const mass = cell.reduce((s, w) => s + this.model.prior[w], 0);
    return this.model.states.map((_, w) => (cell.includes(w) ? this.model.prior[w] / mass : 0));
  }

  /** A partition's value: each cell is one signal. */
  private disclose(analysis: AnalysisName, cells: number[][], method: string): AnalysisResult {
    const support = cells.map((cell) => ({
      belief: this.cellBelief(cell),
      weight: cell.reduce((s, w) => s + this.model.prior[w], 0),
    }));
    const mechanisms = support.map((s) => this.posterior(s.belief));
    const trouble = mechanisms.find((m) => m.status !== 'optimal');
    if (trouble) return this.posteriorFailure(analysis, trouble);
    const value = support.reduce((s, p, i) => s + p.weight * mechanisms[i].value, 0);
    return {
      ...base(analysis, value, value, 'exact', method),
      signals: this.signals(support),
    };
  }

  private posteriorFailure(analysis: AnalysisName, trouble: PosteriorMechanism): AnalysisResult {
    const where = this.describeBelief(trouble.belief);
    if (trouble.status === 'infeasible') {
      return failure(
        analysis,
        'infeasible',
        `no state-independent mechanism is IC and IR at ${where}${this.clash(trouble)}`,
      );
    }
    if (trouble.status === 'unbounded') {
      return failure(analysis, 'unbounded', `the designer's payoff has no maximum at ${where}`);
    }
    if (trouble.status === 'time_limit')
      return failure(analysis, 'time_limit', 'the time limit was reached');
    return failure(
      analysis,
      'error',
      `HiGHS could not solve the problem at ${where}: ${trouble.detail ?? trouble.status}`,
    );
  }

  /** ' (… clash)' naming the constraints of an infeasible subsystem, or '' if none is known. */
  private clash(trouble: Pick<PosteriorMechanism, 'conflict'>): string {
    const rows = trouble.conflict ?? [];
    if (rows.length === 0) return '';
    const t = this.model.types;
    const names = rows.map((r) =>
      r.kind === 'IR' ? `IR of '${t[r.type]}'` : `IC '${t[r.type]}' → '${t[r.deviation!]}'`,
    );
    const shown = names.slice(0, 4).join(', ') + (names.length > 4 ? ', …' : '');
    return rows.length === 1 ? ` (${shown} cannot hold)` : ` (${shown} cannot hold together)`;
  }

  private describeBelief(belief: number[]): string {
    if (belief.length === 1) return 'the prior';
    const nonzero = belief.map((p, w) => [p, w]).filter(([p]) => p > 0);
    if (nonzero.length === 1) return `state '${this.model.states[nonzero[0][1]]}'`;
    const same = belief.every((p, w) => Math.abs(p - this.model.prior[w]) < 1e-12);
    if (same) return 'the prior';
    return `the posterior (${nonzero.map(([p, w]) => `${this.model.states[w]}: ${round(p)}`).join(', ')})`;
  }

  private partitional(): AnalysisResult {
    if (this.privateValues && this.options.shortcuts !== false) {
      // dispatch, not run: the result is unscaled once, by the run that asked for it.
      const full = this.dispatch('full_disclosure');
      return {
        ...full,
        analysis: 'partitional',
        method:
          'Private values: full disclosure is optimal among all policies (theorem), so also ' +
          'among partitions.',
        notes: [],
      };
    }
    const n = this.model.states.length;
    const subsets = 1 << n;
    const cellValue = new Float64Array(subsets);
    for (let s = 1; s < subsets; s++) {
      const cell = members(s, n);
      const mass = cell.reduce((sum, w) => sum + this.model.prior[w], 0);
      const found = this.posterior(this.cellBelief(cell));
      if (found.status !== 'optimal' && found.status !== 'infeasible')
        return this.posteriorFailure('partitional', found);
      cellValue[s] = mass * found.value;
    }
    // best[S] over partitions of S; the cell holding S's lowest state is chosen explicitly.
    const best = new Float64Array(subsets).fill(-Infinity);
    const choice = new Int32Array(subsets);
    best[0] = 0;
    for (let s = 1; s < subsets; s++) {
      const low = s & -s;
      for (let t = s; t > 0; t = (t - 1) & s) {
        if (!(t & low)) continue;
        const candidate = cellValue[t] + best[s ^ t];
        if (candidate > best[s]) {
          best[s] = candidate;
          choice[s] = t;
        }
      }
    }
    const all = subsets - 1;
    if (best[all] === -Infinity) {
      return failure(
        'partitional',
        'infeasible',
        'no partition of the states has an IC and IR mechanism in every cell',
      );
    }
    const cells: number[][] = [];
    for (let s = all; s > 0; s ^= choice[s]) cells.push(members(choice[s], n));
    const result = this.disclose(
      'partitional',
      cells,
      `Best of all partitions of ${n} states (dynamic program over ${all} cells).`,
    );
    return result;
  }

  private calibrated(): AnalysisResult {
    const n = this.model.states.length;
    if (n === 1) {
      const single = this.disclose('calibrated', [[0]], 'One state: nothing to disclose; one LP.');
      return single;
    }
    if (this.privateValues && this.options.shortcuts !== false) {
      // dispatch, not run: the result is unscaled once, by the run that asked for it.
      const full = this.dispatch('full_disclosure');
      return {
        ...full,
        analysis: 'calibrated',
        method:
          'Private values: full disclosure is optimal (theorem), so the calibrated value is the ' +
          'full-disclosure value.',
        notes: [],
        valueSamples: this.samples(),
      };
    }
    const initial: number[][] = [];
    for (let s = 1; s < 1 << n; s++) initial.push(this.cellBelief(members(s, n)));
    if (this.posterior(this.model.prior).status === 'infeasible') {
      // Every two-stage mechanism, averaged over its signals, is a state-dependent mechanism
      // that is IC and IR under the prior; when none exists, no policy can help, and one LP
      // proves it where searching the simplex would run to the time limit.
      const bayesian = this.bayesianMechanism();
      if (bayesian.status === 'infeasible') {
        return failure(
          'calibrated',
          'infeasible',
          'no disclosure policy has IC and IR mechanisms after every signal: not even a ' +
            `state-dependent mechanism is IC and IR under the prior${this.clash(bayesian)}`,
        );
      }
    }
    const gap = this.options.gap ?? (n === 2 ? 1e-9 : 3e-8);
    if (this.bounds.kind !== 'bounded') throw new Error('unbounded transfers');
    const envelope = concaveEnvelope(
      this.model,
      this.bounds,
      initial,
      (belief) => this.posterior(belief),
      this.solver,
      { gap, maxLps: this.options.maxLps ?? 3000 * n, deadline: this.deadline },
    );
    if (!Number.isFinite(envelope.lower)) {
      if (envelope.timedOut && !envelope.provenInfeasible) {
        // Neither a policy nor a proof that none exists: C ≤ B is all that is known.
        const bayesian = this.bayesianMechanism();
        const result = failure(
          'calibrated',
          'time_limit',
          'the time limit was reached before any policy with IC and IR mechanisms after every ' +
            'signal was found, or shown not to exist',
        );
        if (bayesian.status === 'optimal') result.upperBound = bayesian.value;
        return result;
      }
      const reason = envelope.provenInfeasible
        ? 'no posterior has a state-independent mechanism that is IC and IR'
        : 'no posteriors were found that average to the prior and each have a ' +
          'state-independent mechanism that is IC and IR';
      return failure(
        'calibrated',
        'infeasible',
        reason + this.clash(this.posterior(this.model.prior)),
      );
    }
    let upper = envelope.upper;
    let method =
      `Concave envelope of V by column generation over ${envelope.evaluated} posteriors; upper ` +
      `bound from Lagrangian and convex relaxations of V on ${envelope.pieces} pieces of the belief simplex.`;
    if (!envelope.converged) {
      // C ≤ B always (theory.md §3), so the Bayesian value is a proven bound as well.
      const bayesian = this.bayesianMechanism();
      if (bayesian.status === 'optimal' && bayesian.value < upper) {
        upper = bayesian.value;
        method += ' The Bayesian benchmark bounds it tighter and is used instead.';
      }
    }
    const certificate =
      envelope.converged && n === 2 ? 'exact' : Number.isFinite(upper) ? 'rigorous' : 'estimated';
    const result = base('calibrated', envelope.lower, upper, certificate, method);
    result.signals = this.signals(envelope.support);
    result.valueSamples = this.samples();
    const touching = envelope.alternatives.filter(
      (b) => !b.every((p, w) => p === (b.indexOf(1) === w ? 1 : 0)),
    );
    if (touching.length > 0) {
      const where = touching.slice(0, 3).map((b) => `(${b.map((p) => round(p)).join(', ')})`);
      result.notes.push(
        `the optimum is not unique: V also touches its envelope at ${where.join(', ')}` +
          (touching.length > 3 ? ` and ${touching.length - 3} more posteriors` : ''),
      );
    }
    if (!envelope.converged) {
      result.status = envelope.timedOut ? 'time_limit' : 'optimal';
      result.notes.push(`the gap ${round(upper - envelope.lower)} is above the target ${gap}`);
    }
    return result;
  }

  private bayesian(): AnalysisResult {
    const solved = this.bayesianMechanism();
    if (solved.status !== 'optimal') {
      const reason =
        solved.status === 'infeasible'
          ? `no state-dependent mechanism is IC and IR under the prior${this.clash(solved)}`
          : solved.status === 'unbounded'
            ? "the designer's payoff has no maximum"
            : 'HiGHS could not solve the Bayesian problem';
      return failure('bayesian', solved.status, reason);
    }
    const result = base(
      'bayesian',
      solved.value,
      solved.value,
      'exact',
      'Bayesian benchmark: one LP with state-dependent allocations and transfers.',
    );
    result.states = this.stateMechanisms(solved);
    result.binding = this.binding(solved.constraints);
    return result;
  }

  private stateMechanisms(solved: BayesianMechanism): StateMechanism[] {
    const m = this.model;
    return m.states.map((state, w) => {
      const mechanism: Record<string, TypeOutcome> = {};
      solved.types.forEach((th, k) => {
        const allocation = solved.allocation[k][w];
        const transfer = solved.transfer[k][w];
        mechanism[m.types[th]] = {
          allocation: record(m.outcomes, allocation),
          transfer,
          agentUtility: agentUtility(
            m,
            th,
            allocation,
            transfer,
            m.states.map((_, v) => (v === w ? 1 : 0)),
          ),
          probability: m.typeGivenState[w][th],
        };
      });
      return { state, mechanism };
    });
  }

  /** Signals of a disclosure policy, merged by posterior and ordered by posterior. */
  private signals(support: { belief: number[]; weight: number }[]): SignalResult[] {
    const m = this.model;
    const sorted = [...support].sort((a, b) => compareBeliefs(b.belief, a.belief));
    // φ(s|ω) ∝ λ_s μ_s(ω), normalised by the mass the policy actually gives ω, so that
    // Σ_s φ(s|ω) = 1 exactly even where the master LP meets the prior only to its tolerance.
    const reached = m.states.map((_, w) =>
      sorted.reduce((sum, s) => sum + s.weight * s.belief[w], 0),
    );
    return sorted.map(({ belief, weight }) => {
      const solved = this.posterior(belief);
      const mechanism: Record<string, TypeOutcome> = {};
      solved.types.forEach((th, k) => {
        mechanism[m.types[th]] = {
          allocation: record(m.outcomes, solved.allocation[k]),
          transfer: solved.transfer[k],
          agentUtility: agentUtility(
            m,
            th,
            solved.allocation[k],
            solved.transfer[k],
            belief.map((p, w) => p * m.typeGivenState[w][th]),
          ),
          probability: solved.typeMass[k],
        };
      });
      return {
        probability: weight,
        posterior: record(m.states, belief),
        likelihood: record(
          m.states,
          belief.map((p, w) => (reached[w] > 0 ? (weight * p) / reached[w] : 0)),
        ),
        value: solved.value,
        mechanism,
        binding: this.binding(solved.constraints),
      };
    });
  }

  private binding(constraints: PosteriorMechanism['constraints']): BindingConstraint[] {
    const m = this.model;
    return constraints
      .filter((c) => c.slack <= 1e-9 * Math.max(1, c.scale))
      .map((c) => ({
        kind: c.kind,
        type: m.types[c.type],
        ...(c.deviation !== undefined ? { deviation: m.types[c.deviation] } : {}),
        shadowPrice: c.shadowPrice,
        label:
          c.kind === 'IC'
            ? `IC ${m.types[c.type]} → ${m.types[c.deviation!]}`
            : `IR ${m.types[c.type]}`,
      }));
  }

  /** V on a grid of the simplex, for the concavification picture. */
  private samples(): ValueSample[] | undefined {
    const n = this.model.states.length;
    if (!this.options.valueSamples || n < 2 || n > 3) return undefined;
    const steps = n === 2 ? 100 : 20;
    const beliefs: number[][] = [];
    for (let i = 0; i <= steps; i++) {
      if (n === 2) beliefs.push([1 - i / steps, i / steps]);
      else
        for (let j = 0; i + j <= steps; j++)
          beliefs.push([(steps - i - j) / steps, i / steps, j / steps]);
    }
    return beliefs.map((posterior) => {
      const found = this.posterior(posterior);
      return { posterior, value: found.status === 'optimal' ? found.value : null };
    });
  }
}

/**
 * Units in which the LPs are solved. HiGHS works to absolute tolerances, so models whose payoffs
 * are far from 1 are solved in rescaled units: agent payoffs and transfers divided by `agent`
 * (transfers as c·t), designer payoffs by `designer`. Results are converted back.
 */
interface Scaling {
  agent: number;
  designer: number;
  /** Original transfer per scaled transfer. */
  transfer: number;
}

function scalingFor(model: MechModel): Scaling {
  const most = (values: number[][][] | number[][]) => Math.max(0, ...values.flat(2).map(Math.abs));
  const agentSize = Math.max(most(model.agent), most(model.outside));
  const cost = model.transfer?.agentCost ?? 1;
  const gain = Math.abs(model.transfer?.designerGain ?? 0);
  const designerSize = Math.max(most(model.designer), (gain * agentSize) / cost);
  const tidy = (size: number) => (size > 0 && (size < 1e-2 || size > 1e2) ? size : 1);
  const agent = tidy(agentSize);
  return { agent, designer: tidy(designerSize), transfer: agent / cost };
}

function scaleModel(model: MechModel, k: Scaling): MechModel {
  if (k.agent === 1 && k.designer === 1) return model;
  const by = (f: number) => (values: number[][][]) =>
    values.map((a) => a.map((b) => b.map((v) => v / f)));
  const spec = model.transfer;
  return {
    ...model,
    agent: by(k.agent)(model.agent),
    designer: by(k.designer)(model.designer),
    outside: model.outside.map((row) => row.map((v) => v / k.agent)),
    transfer: spec && {
      ...spec,
      lower: spec.lower / k.transfer,
      upper: spec.upper / k.transfer,
      agentCost: 1,
      designerGain: (spec.designerGain * k.transfer) / k.designer,
    },
  };
}

function unscale(result: AnalysisResult, k: Scaling): AnalysisResult {
  if (k.agent === 1 && k.designer === 1) return result;
  const value = (v: number | null) => (v === null ? null : v * k.designer);
  const mechanism = (m: Record<string, TypeOutcome>) =>
    Object.fromEntries(
      Object.entries(m).map(([type, o]) => [
        type,
        { ...o, transfer: o.transfer * k.transfer, agentUtility: o.agentUtility * k.agent },
      ]),
    );
  // Rows are in agent units and the objective in designer units.
  const binding = (b: BindingConstraint[]) =>
    b.map((c) => ({ ...c, shadowPrice: (c.shadowPrice * k.designer) / k.agent }));
  return {
    ...result,
    value: value(result.value),
    lowerBound: value(result.lowerBound),
    upperBound: value(result.upperBound),
    signals: result.signals?.map((s) => ({
      ...s,
      value: s.value * k.designer,
      mechanism: mechanism(s.mechanism),
      binding: binding(s.binding),
    })),
    states: result.states?.map((s) => ({ ...s, mechanism: mechanism(s.mechanism) })),
    binding: result.binding && binding(result.binding),
    valueSamples: result.valueSamples?.map((s) => ({ ...s, value: value(s.value) })),
  };
}

function base(
  analysis: AnalysisName,
  lower: number,
  upper: number,
  certificate: AnalysisResult['certificate'],
  method: string,
): AnalysisResult {
  return {
    analysis,
    status: 'optimal',
    value: lower,
    lowerBound: lower,
    upperBound: Number.isFinite(upper) ? upper : null,
    certificate,
    method,
    lpCount: 0,
    seconds: 0,
    notes: [],
  };
}

function failure(
  analysis: AnalysisName,
  status: AnalysisResult['status'],
  reason: string,
): AnalysisResult {
  return {
    analysis,
    status,
    value: null,
    lowerBound: null,
    upperBound: null,
    certificate: 'estimated',
    method: '',
    lpCount: 0,
    seconds: 0,
    notes: [],
    reason,
  };
}

/**
 * The agent's expected payoff (transfer included) minus his outside option, averaging states with
 * `weights` (for a posterior: μ(ω)·p(θ|ω); for one state: that state alone).
 */
export function agentUtility(
  model: MechModel,
  th: number,
  allocation: number[],
  transfer: number,
  weights: number[],
): number {
  const mass = weights.reduce((a, b) => a + b, 0);
  if (mass <= 0) return 0;
  let total = 0;
  weights.forEach((weight, w) => {
    if (weight === 0) return;
    let payoff = -model.outside[th][w];
    allocation.forEach((q, x) => (payoff += q * model.agent[th][x][w]));
    if (model.transfer) payoff -= model.transfer.agentCost * transfer;
    total += weight * payoff;
  });
  return total / mass;
}

function members(subset: number, n: number): number[] {
  const out: number[] = [];
  for (let w = 0; w < n; w++) if (subset & (1 << w)) out.push(w);
  return out;
}

function record(names: string[], values: ArrayLike<number>): Record<string, number> {
  const out: Record<string, number> = {};
  names.forEach((name, i) => (out[name] = values[i]));
  return out;
}

function compareBeliefs(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (Math.abs(a[i] - b[i]) > 1e-12) return a[i] - b[i];
  return 0;
}

function round(value: number): string {
  return Number(value.toPrecision(6)).toString();
}
