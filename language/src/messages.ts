/**
 * The catalogue of every message the product shows about a model, with stable codes grouped by
 * phase: MECH1xx syntax, MECH2xx names and sets, MECH3xx probabilities and tables, MECH4xx payoffs
 * and expressions, MECH5xx solver findings, MECH9xx limits. A message is one sentence naming the
 * construct with user names in quotes; advice, when any, is a second sentence.
 * Codes are never reused or renumbered.
 */
import type { Severity } from './diagnostics';

export interface MessageSpec {
  code: string;
  severity: Severity;
  /** Template with `{0}`, `{1}` … placeholders. */
  text: string;
}

function spec(code: string, severity: Severity, text: string): MessageSpec {
  return { code, severity, text };
}

export const messages = {
  // --- MECH5xx: solver findings -------------------------------------------------------------
  infeasible: spec(
    'MECH501',
    'error',
    'No mechanism satisfies the constraints for {0}: {1}. Check the outside option and the transfer bounds.',
  ),
  unbounded: spec(
    'MECH502',
    'error',
    'The designer\'s payoff is unbounded for {0}: {1}.',
  ),
  timeLimit: spec(
    'MECH503',
    'warning',
    'The solve of {0} stopped at the time limit; the value lies between {1} and {2}.',
  ),
  privateValues: spec(
    'MECH504',
    'information',
    'The agent\'s payoff and outside option do not depend on the state (private values), so full disclosure is optimal and the calibrated value equals the full-disclosure value.',
  ),
  binding: spec('MECH505', 'hint', 'Binding at the optimum: {0} (shadow price {1}).'),
  solverFailure: spec('MECH507', 'error', 'The solver failed on {0}: {1}.'),
  // --- MECH9xx: limits ----------------------------------------------------------------------
  tooLargeForAnalysis: spec(
    'MECH901',
    'error',
    'The analysis \'{0}\' supports at most {1} states, and this model has {2}. Use \'bayesian\', \'full_disclosure\' or \'no_disclosure\' for larger models.',
  ),
} satisfies Record<string, MessageSpec>;

export type MessageId = keyof typeof messages;

/** Fills a message template. */
export function format(template: string, args: readonly (string | number)[]): string {
  return template.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)] ?? ''));
}
