/**
 * One analysis per document version, shared by every feature: the core's `analyze` result with
 * the document's line index and (lazily) its tokens and comments. Analysing never throws here:
 * a failure inside the core becomes one diagnostic.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze } from '../../language/src/analyze';
import type { Diagnostic } from '../../language/src/diagnostics';
import { format, messages } from '../../language/src/messages';
import { LineIndex } from '../../language/src/source';
import type { SymbolTable } from '../../language/src/check/symbols';
import { lex, type Lexed } from './lexical';

export type CoreAnalysis = ReturnType<typeof analyze>;

export interface Analyzed {
  uri: string;
  version: number;
  text: string;
  lines: LineIndex;
  /** Undefined only when the core threw; `diagnostics` then says so. */
  core?: CoreAnalysis;
  diagnostics: Diagnostic[];
  symbols?: SymbolTable;
  /** Tokens and comments, computed on first use. */
  lexed(): Lexed;
}

export class AnalysisCache {
  private readonly entries = new Map<string, Analyzed>();

  /** The analysis of the document's current version, computing it if needed. */
  get(document: TextDocument): Analyzed {
    const cached = this.entries.get(document.uri);
    if (cached && cached.version === document.version) return cached;
    const analyzed = analyzeText(document.uri, document.version, document.getText());
    this.entries.set(document.uri, analyzed);
    return analyzed;
  }

  /** The cached analysis of a version, if it is still the cached one. */
  peek(uri: string, version: number): Analyzed | undefined {
    const cached = this.entries.get(uri);
    return cached?.version === version ? cached : undefined;
  }

  forget(uri: string): void {
    this.entries.delete(uri);
  }
}

export function analyzeText(uri: string, version: number, text: string): Analyzed {
  let lexed: Lexed | undefined;
  const base = {
    uri,
    version,
    text,
    lines: new LineIndex(text),
    lexed: () => (lexed ??= lex(text)),
  };
  try {
    const core = analyze(text);
    return { ...base, core, diagnostics: core.diagnostics, symbols: core.symbols };
  } catch (error) {
    return { ...base, diagnostics: [internalError(error)] };
  }
}

/** The one diagnostic that stands for a core failure. */
export function internalError(error: unknown, where = 'checker'): Diagnostic {
  const reason = error instanceof Error ? error.message : String(error);
  const spec = messages.internalError;
  return {
    severity: spec.severity,
    code: spec.code,
    message: format(spec.text, [where, reason]),
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
  };
}

export function errorCount(analyzed: Analyzed): number {
  return analyzed.diagnostics.filter((diagnostic) => diagnostic.severity === 'error').length;
}
