/**
 * The one place where the core's diagnostics become LSP diagnostics. Everything the server
 * publishes (syntax, checker, solver findings, a handler that threw) goes through `toLsp`.
 */
import {
  DiagnosticSeverity,
  DiagnosticTag,
  type Diagnostic as LspDiagnostic,
} from 'vscode-languageserver';
import type { Diagnostic, Severity } from '../../language/src/diagnostics';
import type { Range } from '../../language/src/source';

/** Shown as the diagnostic's source in the Problems panel. */
export const DIAGNOSTIC_SOURCE = 'mech';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** Codes of warnings about declarations nothing uses; shown faded as well as underlined. */
const UNUSED_CODES = new Set(['MECH211']);

/** Converts one core diagnostic; `uri` is the document its related locations point into. */
export function toLsp(diagnostic: Diagnostic, uri: string): LspDiagnostic {
  const converted: LspDiagnostic = {
    range: copyRange(diagnostic.range),
    severity: SEVERITY[diagnostic.severity] ?? DiagnosticSeverity.Error,
    code: diagnostic.code,
    source: DIAGNOSTIC_SOURCE,
    message: diagnostic.message,
  };
  if (diagnostic.related?.length) {
    converted.relatedInformation = diagnostic.related.map((related) => ({
      location: { uri, range: copyRange(related.range) },
      message: related.message,
    }));
  }
  if (UNUSED_CODES.has(diagnostic.code)) {
    converted.tags = [DiagnosticTag.Unnecessary];
  }
  // The core's own diagnostic travels in `data` so that code actions get it back intact.
  converted.data = { core: diagnostic };
  return converted;
}

/** The core diagnostic that `toLsp` stored in a diagnostic the client sends back, if any. */
export function fromLspData(diagnostic: LspDiagnostic): Diagnostic | undefined {
  const data = diagnostic.data as { core?: Diagnostic } | undefined;
  return data?.core;
}

function copyRange(range: Range): Range {
  return {
    start: { line: range.start.line, character: range.start.character },
    end: { line: range.end.line, character: range.end.character },
  };
}
