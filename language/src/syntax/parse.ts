/**
 * `parse`: text to AST and syntax diagnostics. It never throws: an internal failure becomes a
 * single MECH199 diagnostic and an empty file.
 */
import { tokenMatcher, type ILexingError, type IToken, type TokenType } from 'chevrotain';
import type { Diagnostic } from '../diagnostics';
import { LineIndex } from '../source';
import type { ModelFile } from './ast';
import { buildAst } from './build-ast';
import { createDiagnostic, START_OF_TEXT } from './create-diagnostic';
import { MAX_NESTING, MAX_TEXT_LENGTH } from './limits';
import { mechParser } from './parser';
import { describeParserErrors } from './syntax-errors';
import * as t from './tokens';

export interface ParseResult {
  ast: ModelFile;
  /** Syntax diagnostics, in source order within each kind. */
  diagnostics: Diagnostic[];
}

/** Parses a `.mech` text; always returns an AST, possibly partial after syntax errors. */
export function parse(text: string): ParseResult {
  const lines = new LineIndex(text);
  const empty: ModelFile = {
    kind: 'file',
    span: lines.span(0, 0),
    declarations: [],
    syntaxErrors: 1,
  };
  if (text.length > MAX_TEXT_LENGTH) {
    const megabytes = (text.length / (1024 * 1024)).toFixed(1);
    const limit = MAX_TEXT_LENGTH / (1024 * 1024);
    const diagnostic = createDiagnostic('textTooLarge', START_OF_TEXT, [megabytes, limit]);
    return { ast: empty, diagnostics: [diagnostic] };
  }
  try {
    return parseTokens(text, lines);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const diagnostic = createDiagnostic('internalError', START_OF_TEXT, ['parser', reason]);
    return { ast: empty, diagnostics: [diagnostic] };
  }
}

function parseTokens(text: string, lines: LineIndex): ParseResult {
  const lexed = t.mechLexer.tokenize(text);
  const diagnostics = [
    ...lexed.errors.map((error) => describeLexingError(error, text, lines)),
    ...(lexed.groups[t.PROBLEM_GROUP] ?? []).map((token) => describeProblemToken(token, lines)),
  ];

  const guarded = dropTooDeepDeclarations(lexed.tokens, lines);
  diagnostics.push(...guarded.diagnostics);

  mechParser.input = guarded.tokens;
  const cst = mechParser.file();
  diagnostics.push(...describeParserErrors(mechParser.errors, guarded.tokens, lines));

  const built = buildAst(cst, lines, text.length);
  diagnostics.push(...built.diagnostics);
  built.ast.syntaxErrors = diagnostics.filter((d) => d.severity === 'error').length;
  if (guarded.unread.length > 0) built.ast.unread = guarded.unread;
  return { ast: built.ast, diagnostics };
}

function describeLexingError(error: ILexingError, text: string, lines: LineIndex): Diagnostic {
  const codePoint = text.codePointAt(error.offset) ?? 0;
  const character = String.fromCodePoint(codePoint);
  const visible = /[\p{L}\p{N}\p{P}\p{S}]/u.test(character);
  const shown = visible ? character : `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
  const range = lines.span(error.offset, error.offset + character.length).range;
  return createDiagnostic('unexpectedCharacter', range, [shown]);
}

function describeProblemToken(token: IToken, lines: LineIndex): Diagnostic {
  if (tokenMatcher(token, t.UnterminatedComment)) {
    const opening = lines.span(token.startOffset, token.startOffset + 2);
    return createDiagnostic('unterminatedComment', opening.range);
  }
  const whole = lines.span(token.startOffset, token.startOffset + token.image.length);
  return createDiagnostic('unterminatedString', whole.range);
}

/**
 * Removes every declaration that nests brackets, `if`s or prefix operators deeper than the
 * parser's stack allows, reporting each once. Prefix operators and `^` weigh a quarter of a
 * level, since each costs the parser far less stack than a parenthesis.
 * FIXME(#2): every `^` and prefix operator counts until its bracket closes, even when they do
 * not nest (`a^2 + b^2 + …`), so an expression with over 256 of them at one level is refused.
 */
function dropTooDeepDeclarations(
  tokens: IToken[],
  lines: LineIndex,
): { tokens: IToken[]; diagnostics: Diagnostic[]; unread: string[] } {
  const tooDeep = findTooDeep(tokens);
  if (tooDeep.length === 0) return { tokens, diagnostics: [], unread: [] };
  const diagnostics: Diagnostic[] = [];
  const unread: string[] = [];
  const dropped = new Set<number>();
  for (const index of tooDeep) {
    const token = tokens[index];
    diagnostics.push(createDiagnostic('tooDeep', tokenRange(token, lines), [MAX_NESTING]));
    let start = index;
    while (start > 0 && !tokenMatcher(tokens[start], t.DeclarationStart)) start--;
    if (tokenMatcher(tokens[start], t.DeclarationStart)) unread.push(tokens[start].image);
    let end = index;
    while (end < tokens.length && !tokenMatcher(tokens[end], t.DeclarationStart)) end++;
    for (let i = start; i < end; i++) dropped.add(i);
  }
  return { tokens: tokens.filter((_, i) => !dropped.has(i)), diagnostics, unread };
}

/** Indices of the first over-deep token of each declaration. */
function findTooDeep(tokens: IToken[]): number[] {
  const found: number[] = [];
  const stack: number[] = [];
  let depth = 0;
  let reported = false;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    const type = token.tokenType;
    if (tokenMatcher(token, t.DeclarationStart)) {
      stack.length = 0;
      depth = 0;
      reported = false;
    } else if (OPENERS.has(type)) {
      stack.push(depth);
      depth += 4;
    } else if (CLOSERS.has(type)) {
      depth = stack.pop() ?? 0;
    } else if (type === t.Comma || type === t.Colon) {
      depth = stack.length ? stack[stack.length - 1] + 4 : 0;
    } else {
      depth += operatorWeight(type, tokens[i - 1]);
    }
    if (depth > MAX_NESTING * 4 && !reported) {
      found.push(i);
      reported = true;
    }
  }
  return found;
}

const OPENERS = new Set([t.LParen, t.LBracket, t.LBrace]);
const CLOSERS = new Set([t.RParen, t.RBracket, t.RBrace]);
const OPERAND_ENDS = new Set([
  t.NumberLiteral,
  t.Identifier,
  t.Inf,
  t.RParen,
  t.RBracket,
  t.RBrace,
]);

function operatorWeight(type: TokenType, previous: IToken | undefined): number {
  if (type === t.If) return 4;
  if (type === t.Not || type === t.Caret) return 1;
  if (type === t.Minus && !(previous && OPERAND_ENDS.has(previous.tokenType))) return 1;
  return 0;
}

function tokenRange(token: IToken, lines: LineIndex) {
  return lines.span(token.startOffset, token.startOffset + token.image.length).range;
}
