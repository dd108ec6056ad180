/** Go to definition, find references and rename, all answered from the core's symbol table. */
import {
  ErrorCodes,
  ResponseError,
  type Location,
  type Position,
  type Range,
  type ReferenceParams,
  type RenameParams,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import { isGlobal, type MechSymbol } from '../../../language/src/check/symbols';
import { RESERVED_WORDS } from '../../../language/src/syntax/tokens';
import type { Analyzed } from '../analysis';

export function definition(analyzed: Analyzed, position: Position): Location | null {
  const symbol = symbolAt(analyzed, position);
  return symbol ? { uri: analyzed.uri, range: symbol.nameSpan.range } : null;
}

export function references(analyzed: Analyzed, params: ReferenceParams): Location[] {
  const symbol = symbolAt(analyzed, params.position);
  if (!symbol || !analyzed.symbols) return [];
  const spans = params.context.includeDeclaration
    ? analyzed.symbols.occurrencesOf(symbol)
    : analyzed.symbols.referencesTo(symbol).map((reference) => reference.span);
  return spans.map((span) => ({ uri: analyzed.uri, range: span.range }));
}

export function prepareRename(
  analyzed: Analyzed,
  position: Position,
): { range: Range; placeholder: string } | null {
  const offset = analyzed.lines.offset(position);
  const occurrence = analyzed.symbols?.occurrenceAt(offset);
  if (!occurrence) return null;
  return { range: occurrence.span.range, placeholder: occurrence.symbol.name };
}

export function rename(
  analyzed: Analyzed,
  params: RenameParams,
): WorkspaceEdit | ResponseError<void> | null {
  const symbol = symbolAt(analyzed, params.position);
  if (!symbol || !analyzed.symbols) return null;
  const newName = params.newName.trim();
  if (!/^[\p{L}_][\p{L}\p{N}_]*$/u.test(newName)) {
    return new ResponseError(ErrorCodes.InvalidParams, `'${newName}' is not a valid name.`);
  }
  if (RESERVED_WORDS.includes(newName)) {
    return new ResponseError(
      ErrorCodes.InvalidParams,
      `'${newName}' is a reserved word and cannot be used as a name.`,
    );
  }
  const clash = conflicting(analyzed, symbol, newName);
  if (clash) {
    return new ResponseError(
      ErrorCodes.InvalidParams,
      `'${newName}' is already declared as ${clash}.`,
    );
  }
  const edits = analyzed.symbols
    .occurrencesOf(symbol)
    .map((span) => ({ range: span.range, newText: newName }));
  return { changes: { [analyzed.uri]: edits } };
}

function symbolAt(analyzed: Analyzed, position: Position): MechSymbol | undefined {
  return analyzed.symbols?.symbolAt(analyzed.lines.offset(position));
}

/** What else is called `name` in the symbol's namespace (its set, or the shared one). */
function conflicting(analyzed: Analyzed, symbol: MechSymbol, name: string): string | undefined {
  if (name === symbol.name) return undefined;
  const others = analyzed.symbols?.declarations ?? [];
  const clash = others.find(
    (other) =>
      other.name === name &&
      (isGlobal(symbol.kind)
        ? isGlobal(other.kind)
        : other.container === symbol.container && !isGlobal(other.kind)),
  );
  return (
    clash &&
    (clash.container
      ? `an element of '${clash.container}'`
      : `a ${clash.kind === 'param' ? 'parameter' : clash.kind}`)
  );
}
