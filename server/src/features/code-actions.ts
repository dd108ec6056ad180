/**
 * Quick fixes for the checker's findings: normalise a prior row that does not sum to 1, add a
 * missing row or entry, and add an undeclared element to its set.
 */
import {
  CodeActionKind,
  type CodeAction,
  type CodeActionParams,
  type Diagnostic as LspDiagnostic,
  type TextEdit,
} from 'vscode-languageserver';
import { messages } from '../../../language/src/messages';
import type * as ast from '../../../language/src/syntax/ast';
import type { Analyzed } from '../analysis';
import { asFraction, formatNumber } from '../numbers';
import { evaluateConstant, keySetAt, keyText, rowsOf, type Row } from '../syntax-tree';

export function codeActions(analyzed: Analyzed, params: CodeActionParams): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const diagnostic of params.context.diagnostics) {
    if (diagnostic.source !== 'mech') continue;
    const action = fixFor(analyzed, diagnostic);
    if (action)
      actions.push({ ...action, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic] });
  }
  return actions;
}

function fixFor(
  analyzed: Analyzed,
  diagnostic: LspDiagnostic,
): Omit<CodeAction, 'kind'> | undefined {
  switch (diagnostic.code) {
    case messages.rowSum.code:
    case messages.priorSum.code:
      return normaliseRow(analyzed, diagnostic);
    case messages.missingEntry.code:
    case messages.missingRow.code:
      return addMissing(analyzed, diagnostic);
    case messages.unknownElement.code:
      return declareElement(analyzed, diagnostic);
    default:
      return undefined;
  }
}

function edit(analyzed: Analyzed, title: string, edits: TextEdit[]): Omit<CodeAction, 'kind'> {
  return { title, edit: { changes: { [analyzed.uri]: edits } }, isPreferred: true };
}

// --- normalise ---------------------------------------------------------------------------------

/** Divides every entry of the row by the row's sum, writing fractions where exact. */
function normaliseRow(
  analyzed: Analyzed,
  diagnostic: LspDiagnostic,
): Omit<CodeAction, 'kind'> | undefined {
  const found = rowAtRange(analyzed, diagnostic);
  if (!found) return undefined;
  const values = found.row.list.entries.map((entry) =>
    evaluateConstant(entry.value, analyzed.symbols),
  );
  if (values.some((value) => value === undefined)) return undefined;
  const sum = (values as number[]).reduce((a, b) => a + b, 0);
  if (!(sum > 0)) return undefined;
  const edits = found.row.list.entries.map((entry, i) => ({
    range: entry.value!.span.range,
    newText: asFraction(values[i]! / sum) ?? String(Number((values[i]! / sum).toPrecision(15))),
  }));
  const name = found.row.path.length ? `row '${found.row.path.join(' → ')}'` : 'prior';
  return edit(analyzed, `Normalise the ${name} (divide by ${formatNumber(sum)})`, edits);
}

// --- missing rows and entries -------------------------------------------------------------------

/** Adds the absent keys of a list: 0 for an entry, a uniform row for a missing prior row. */
function addMissing(
  analyzed: Analyzed,
  diagnostic: LspDiagnostic,
): Omit<CodeAction, 'kind'> | undefined {
  const found = rowAtRange(analyzed, diagnostic);
  if (!found) return undefined;
  const { declaration, row } = found;
  const depth = row.path.length + 1;
  const setName = keySetAt(declaration, depth);
  if (!setName) return undefined;
  const present = new Set(row.list.entries.map((entry) => keyText(entry.key)));
  const missing = elementNames(analyzed, setName).filter((name) => !present.has(name));
  if (missing.length === 0) return undefined;
  const innerSet = keySetAt(declaration, depth + 1);
  const entries = missing.map(
    (name) => `${name}: ${innerSet ? innerRow(analyzed, declaration, innerSet) : '0'}`,
  );
  const insertion = insertIntoList(analyzed, row.list.span, row.list.entries, entries);
  const what = innerSet ? 'row' : 'entry';
  const names = missing.map((name) => `'${name}'`).join(', ');
  const title = `Add the missing ${what}${missing.length > 1 ? ' for each of' : ' for'} ${names}`;
  return edit(analyzed, title, [insertion]);
}

/** `{ v1: 1/2, v3: 1/2 }` for a prior row (uniform, so it sums to 1), zeros in a table. */
function innerRow(
  analyzed: Analyzed,
  declaration: ast.PriorDeclaration | ast.TableDeclaration,
  setName: string,
): string {
  const names = elementNames(analyzed, setName);
  const value =
    declaration.kind === 'prior' ? (names.length === 1 ? '1' : `1/${names.length}`) : '0';
  return `{ ${names.map((name) => `${name}: ${value}`).join(', ')} }`;
}

function elementNames(analyzed: Analyzed, setName: string): string[] {
  return (analyzed.symbols?.elementsOf(setName) ?? []).map((symbol) => symbol.name);
}

/**
 * The list a diagnostic is about: a row reported on its entry or key, or a whole prior or table
 * reported on the list, its target or its name.
 */
function rowAtRange(
  analyzed: Analyzed,
  diagnostic: LspDiagnostic,
): { declaration: ast.PriorDeclaration | ast.TableDeclaration; row: Row } | undefined {
  const start = analyzed.lines.offset(diagnostic.range.start);
  const end = analyzed.lines.offset(diagnostic.range.end);
  const matches = (span: { startOffset: number; endOffset: number } | undefined) =>
    span !== undefined && span.startOffset === start && span.endOffset === end;
  for (const declaration of analyzed.core?.ast.declarations ?? []) {
    if (declaration.kind !== 'prior' && declaration.kind !== 'table') continue;
    const rows = rowsOf(declaration.value);
    const anchor = declaration.kind === 'prior' ? declaration.target?.span : declaration.name?.span;
    for (const row of rows) {
      const onEntry = row.entry && (matches(row.entry.span) || matches(row.entry.key?.span));
      const onWhole = !row.entry && (matches(row.list.span) || matches(anchor));
      if (onEntry || onWhole) return { declaration, row };
    }
  }
  return undefined;
}

// --- undeclared elements ----------------------------------------------------------------------

/** Adds `x` to the set that the diagnostic says it is not an element of. */
function declareElement(
  analyzed: Analyzed,
  diagnostic: LspDiagnostic,
): Omit<CodeAction, 'kind'> | undefined {
  const parsed = templateMatch(messages.unknownElement.text, diagnostic.message);
  if (!parsed) return undefined;
  const [name, setName] = parsed;
  const set = analyzed.core?.ast.declarations.find(
    (d): d is ast.SetDeclaration => d.kind === 'set' && d.name?.name === setName,
  );
  if (!set || !/^[\p{L}_][\p{L}\p{N}_]*$/u.test(name)) return undefined;
  const allValued =
    set.elements.length > 0 && set.elements.every((element) => element.value !== undefined);
  const text = allValued ? `${name} = 0` : name;
  const listSpan = bracedSpan(analyzed, set);
  if (!listSpan) return undefined;
  return edit(analyzed, `Add '${name}' to the set '${setName}'`, [
    insertIntoList(analyzed, listSpan, set.elements, [text]),
  ]);
}

/** The `{ … }` of a set declaration, found in the text after its name. */
function bracedSpan(
  analyzed: Analyzed,
  set: ast.SetDeclaration,
): { startOffset: number; endOffset: number } | undefined {
  const from = set.name?.span.endOffset ?? set.keyword.endOffset;
  const open = analyzed.text.indexOf('{', from);
  const close = analyzed.text.lastIndexOf('}', set.span.endOffset);
  if (open < 0 || close < open || open > set.span.endOffset) return undefined;
  return { startOffset: open, endOffset: close + 1 };
}

/** The arguments of a catalogue message (`'{0}' is … '{1}'`), or undefined if it is not one. */
function templateMatch(template: string, message: string): string[] | undefined {
  const pattern = template
    .replace(/[.*+?^$()[\]\\|]/g, '\\$&')
    .replace(/\{(\d+)\}/g, '([\\s\\S]*?)')
    .replace(/[{}]/g, '\\$&')
    .replace(/ /g, '\\s*');
  const match = new RegExp(`^${pattern}$`).exec(message);
  return match ? match.slice(1) : undefined;
}

// --- editing lists ----------------------------------------------------------------------------

/**
 * Inserts entries at the end of a `{ … }` list, keeping its layout: one per line in a list
 * written over several lines, else inline; a trailing comma stays a trailing comma.
 */
function insertIntoList(
  analyzed: Analyzed,
  list: { startOffset: number; endOffset: number },
  entries: readonly { span: { startOffset: number; endOffset: number } }[],
  additions: string[],
): TextEdit {
  const { text, lines } = analyzed;
  const close = list.endOffset - 1;
  const last = entries[entries.length - 1];
  const at = (offset: number) => ({
    range: { start: lines.position(offset), end: lines.position(offset) },
  });
  if (!last) return { ...at(list.startOffset + 1), newText: ` ${additions.join(', ')} ` };
  const between = text.slice(last.span.endOffset, close);
  const comma = between.indexOf(',');
  const insertAt = comma >= 0 ? last.span.endOffset + comma + 1 : last.span.endOffset;
  const multiline = lines.position(list.startOffset).line !== lines.position(close).line;
  if (multiline) {
    const lineStart = lines.offset({
      line: lines.position(last.span.startOffset).line,
      character: 0,
    });
    const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
    const body = additions.map((addition) => `\n${indent}${addition},`).join('');
    return { ...at(insertAt), newText: `${comma >= 0 ? '' : ','}${body}` };
  }
  const body = additions.join(', ');
  return { ...at(insertAt), newText: comma >= 0 ? ` ${body},` : `, ${body}` };
}
