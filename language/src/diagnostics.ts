import type { Range } from './source';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** A finding about a model, from any phase (syntax, checking, solving). */
export interface Diagnostic {
  severity: Severity;
  /** Stable code from the catalogue in `messages.ts`, e.g. `MECH201`. */
  code: string;
  /** One sentence naming the construct, user names in quotes, ending with a full stop. */
  message: string;
  range: Range;
  /** Other places that explain this one (the first declaration of a duplicate, …). */
  related?: { message: string; range: Range }[];
  /** Machine-readable details for code actions (e.g. the row to normalise). */
  data?: unknown;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}
