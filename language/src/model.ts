import type { Range } from './source';

/** The analyses a `solve` line can request, by their language names. */
export const ANALYSES = [
  'calibrated',
  'partitional',
  'bayesian',
  'full_disclosure',
  'no_disclosure',
] as const;
export type AnalysisName = (typeof ANALYSES)[number];

/** Quasi-linear money: the agent pays `agentCoefficient·(−t)`, the designer gets `designerCoefficient·t`. */
export interface TransferSpec {
  name: string;
  /** Lower bound on every transfer; `-Infinity` when unbounded. */
  lower: number;
  /** Upper bound on every transfer; `Infinity` when unbounded. */
  upper: number;
  /** c in `u(x,θ,ω) − c·t`; always > 0 after checking. */
  agentCost: number;
  /** α in `v(x,θ,ω) + α·t`. */
  designerGain: number;
}

/**
 * A checked model reduced to numbers: everything the solver needs and nothing about syntax.
 * Arrays are indexed by position in `states`, `types`, `outcomes`.
 */
export interface MechModel {
  name: string;
  title?: string;
  states: string[];
  types: string[];
  outcomes: string[];
  /** p(ω), positive, sums to 1. */
  prior: number[];
  /** p(θ | ω) as `typeGivenState[ω][θ]`; each row sums to 1. */
  typeGivenState: number[][];
  /** u(x, θ, ω) without the transfer, as `agent[θ][x][ω]`. */
  agent: number[][][];
  /** v(x, θ, ω) without the transfer, as `designer[θ][x][ω]`. */
  designer: number[][][];
  /** u0(θ, ω) as `outside[θ][ω]`. */
  outside: number[][];
  /** Absent when the model has no money. */
  transfer?: TransferSpec;
  /** Where each element and declaration is written, for diagnostics that name them. */
  sources?: ModelSources;
}

export interface ModelSources {
  states: Range[];
  types: Range[];
  outcomes: Range[];
  transfer?: Range;
  agentPayoff?: Range;
  designerPayoff?: Range;
  outsideOption?: Range;
  solve?: Range;
  model?: Range;
}

/** True when neither u nor u0 depends on the state (private values). */
export function hasPrivateValues(model: MechModel, tolerance = 1e-12): boolean {
  const nStates = model.states.length;
  for (let th = 0; th < model.types.length; th++) {
    for (let w = 1; w < nStates; w++) {
      if (Math.abs(model.outside[th][w] - model.outside[th][0]) > tolerance) return false;
      for (let x = 0; x < model.outcomes.length; x++) {
        if (Math.abs(model.agent[th][x][w] - model.agent[th][x][0]) > tolerance) return false;
      }
    }
  }
  return true;
}
