/**
 * The typed contract between the core and every face (CLI JSON, language server notifications,
 * webview messages). Everything here is plain JSON: numbers, strings, arrays, records.
 * Infinite or missing values are `null`.
 */
import type { AnalysisName } from './model';
import type { Severity } from './diagnostics';

/** How an upper bound was obtained (theory.md §4); never a stronger word than the method earns. */
export type Certificate = 'exact' | 'rigorous' | 'estimated';

export type AnalysisStatus = 'optimal' | 'time_limit' | 'infeasible' | 'unbounded' | 'error';

/** What one type gets in a mechanism. */
export interface TypeOutcome {
  /** q(x | θ) by outcome name. */
  allocation: Record<string, number>;
  /** t(θ); 0 when the model has no money. */
  transfer: number;
  /** The agent's expected payoff (including the transfer) minus his outside option. */
  agentUtility: number;
  /** Probability of this type given the signal (or state). */
  probability: number;
}

/** A constraint that holds with equality at the optimum, with its shadow price. */
export interface BindingConstraint {
  kind: 'IC' | 'IR';
  /** The type whose incentive or participation constraint binds. */
  type: string;
  /** For IC: the report the type is indifferent to. */
  deviation?: string;
  /** Marginal value to the designer of relaxing the constraint by one unit (≥ 0). */
  shadowPrice: number;
  /** e.g. `IC v3 → v1`, `IR v1`. */
  label: string;
}

/** One signal of the disclosure policy, and the state-independent mechanism run after it. */
export interface SignalResult {
  /** Probability that the signal is sent. */
  probability: number;
  /** μ_s(ω) by state name. */
  posterior: Record<string, number>;
  /** φ(s | ω) by state name. */
  likelihood: Record<string, number>;
  /** The designer's expected payoff given the signal, V(μ_s). */
  value: number;
  mechanism: Record<string, TypeOutcome>;
  binding: BindingConstraint[];
}

/** The state-dependent mechanism of the Bayesian benchmark, for one state. */
export interface StateMechanism {
  state: string;
  mechanism: Record<string, TypeOutcome>;
}

/** A sample of V on the simplex, for the concavification picture. */
export interface ValueSample {
  /** μ(ω) in state order. */
  posterior: number[];
  /** V(μ); null where no mechanism is feasible. */
  value: number | null;
}

export interface AnalysisResult {
  analysis: AnalysisName;
  status: AnalysisStatus;
  /** The value a concrete mechanism attains (the lower bound); null unless a mechanism exists. */
  value: number | null;
  lowerBound: number | null;
  upperBound: number | null;
  certificate: Certificate;
  /** One sentence on how the value and bounds were obtained. */
  method: string;
  /** Number of LPs solved for this analysis. */
  lpCount: number;
  /** Wall-clock seconds. */
  seconds: number;
  /** Disclosure policy and mechanisms (all analyses except `bayesian`). */
  signals?: SignalResult[];
  /** The Bayesian benchmark's state-dependent mechanism, state by state. */
  states?: StateMechanism[];
  /** Binding constraints of the Bayesian mechanism (interim, one per type pair). */
  binding?: BindingConstraint[];
  /** V sampled on the simplex (calibrated only, two or three states, when asked for). */
  valueSamples?: ValueSample[];
  /** Free-text remarks: shortcuts taken, alternative optima, limits hit. */
  notes: string[];
  /** When status is not optimal: why, in a user's words. */
  reason?: string;
}

export interface SolverInfo {
  name: 'HiGHS';
  version: string;
  tolerances: { primalFeasibility: number; dualFeasibility: number; gap: number };
}

export interface SweepPoint {
  value: number;
  results: Partial<Record<AnalysisName, { value: number | null; status: AnalysisStatus }>>;
}

export interface SweepResult {
  param: string;
  points: SweepPoint[];
}

/** A diagnostic as JSON: 1-based lines and columns, end column exclusive (UTF-16 units). */
export interface JsonDiagnostic {
  severity: Severity;
  code: string;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** Everything a solve produced for one file. */
export interface SolveReport {
  file: string;
  model: string;
  title: string | null;
  version: string;
  solver: SolverInfo;
  privateValues: boolean;
  states: string[];
  types: string[];
  outcomes: string[];
  prior: Record<string, number>;
  diagnostics: JsonDiagnostic[];
  results: Partial<Record<AnalysisName, AnalysisResult>>;
  sweeps: SweepResult[];
}
