/**
 * The language core's one-call entry: parse and check a text. Used by the CLI, the language
 * server and the solver driver; it does no IO and never throws.
 */
import { compile, type CompileResult } from './check/compile';
import { hasErrors, type Diagnostic } from './diagnostics';
import { format, messages } from './messages';
import type { ModelFile } from './syntax/ast';
import { parse } from './syntax/parse';
import { SymbolTable } from './check/symbols';

export interface AnalyzeResult extends CompileResult {
  ast: ModelFile;
}

/** Codes after which the tree is empty and checking it would only add noise. */
const FATAL_SYNTAX_CODES = new Set([messages.textTooLarge.code, messages.internalError.code]);

/**
 * Parses and checks `text`. Diagnostics of both phases come sorted by position; `model` is
 * present only when there is no error. `overrides` replaces param values by name.
 */
export function analyze(
  text: string,
  overrides: Readonly<Record<string, number>> = {},
): AnalyzeResult {
  const parsed = parse(text);
  const fatal = parsed.diagnostics.some((d) => FATAL_SYNTAX_CODES.has(d.code));
  const compiled: CompileResult = fatal
    ? { diagnostics: [], analyses: ['calibrated'], sweeps: [], symbols: new SymbolTable() }
    : compile(parsed.ast, overrides);
  const all = sortDiagnostics([...parsed.diagnostics, ...compiled.diagnostics]);
  const model = hasErrors(all) ? undefined : compiled.model;
  return { ...compiled, ast: parsed.ast, diagnostics: capped(all), model };
}

/** Most diagnostics shown for one file; past it they are noise (e.g. a binary file). */
export const MAX_DIAGNOSTICS = 200;

function capped(diagnostics: Diagnostic[]): Diagnostic[] {
  if (diagnostics.length <= MAX_DIAGNOSTICS) return diagnostics;
  const last = diagnostics[MAX_DIAGNOSTICS - 1];
  const spec = messages.tooManyDiagnostics;
  return [
    ...diagnostics.slice(0, MAX_DIAGNOSTICS),
    {
      severity: spec.severity,
      code: spec.code,
      message: format(spec.text, [MAX_DIAGNOSTICS, diagnostics.length - MAX_DIAGNOSTICS]),
      range: last.range,
    },
  ];
}

/** Orders diagnostics by start position, keeping the phase order for equal positions. */
export function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics
    .map((diagnostic, index) => ({ diagnostic, index }))
    .sort(
      (a, b) =>
        a.diagnostic.range.start.line - b.diagnostic.range.start.line ||
        a.diagnostic.range.start.character - b.diagnostic.range.start.character ||
        a.index - b.index,
    )
    .map(({ diagnostic }) => diagnostic);
}
