/**
 * Turns Chevrotain's recognition errors into diagnostics in a user's words. The parser records
 * what it expected (see `ParserFailure`); the surrounding tokens tell which construct was open.
 */
import { tokenMatcher, type IRecognitionException, type IToken } from 'chevrotain';
import type { Diagnostic } from '../diagnostics';
import type { MessageId } from '../messages';
import type { LineIndex, Range } from '../source';
import { createDiagnostic, START_OF_TEXT } from './create-diagnostic';
import { MAX_SYNTAX_ERRORS } from './limits';
import { decodeFailure, tokenTypesByName, type ParserFailure } from './parser';
import * as t from './tokens';

interface Explanation {
  id: MessageId;
  args: string[];
  /** The token to point at, when it is not the one the parser stopped on. */
  index?: number;
}

const EXPRESSION_RULES = new Set(['expression', 'operand', 'atom']);

const OPENERS = [t.LBrace, t.LParen, t.LBracket];
const CLOSERS = [t.RBrace, t.RParen, t.RBracket];

/** Describes every parser error once per token, in source order, up to a limit. */
export function describeParserErrors(
  errors: readonly IRecognitionException[],
  tokens: readonly IToken[],
  lines: LineIndex,
): Diagnostic[] {
  if (errors.length === 0) return [];
  const context = new TokenContext(tokens);
  const seen = new Set<number>();
  const diagnostics: Diagnostic[] = [];
  for (const error of errors) {
    const index = context.indexOf(error.token);
    if (seen.has(index)) continue;
    seen.add(index);
    const explanation = explain(decodeFailure(error.message), index, context);
    const range = context.range(explanation.index ?? index, lines);
    diagnostics.push(createDiagnostic(explanation.id, range, explanation.args));
    if (diagnostics.length >= MAX_SYNTAX_ERRORS) break;
  }
  return diagnostics;
}

function explain(failure: ParserFailure, index: number, context: TokenContext): Explanation {
  const actual = context.describe(index);
  switch (failure.kind) {
    case 'notAllInput':
      return { id: 'unexpectedAtTopLevel', args: [actual] };
    case 'mismatch':
      return explainMismatch(failure.expected, failure.rule, index, context);
    case 'noViableAlternative':
      return explainNoAlternative(failure.rule, index, context);
    case 'earlyExit':
      return explainEarlyExit(failure.rule, index, context);
  }
}

function explainMismatch(
  expected: string,
  rule: string,
  index: number,
  context: TokenContext,
): Explanation {
  const token = context.tokens[index];
  if (expected === 'EOF') return { id: 'unexpectedAtTopLevel', args: [context.describe(index)] };
  if (expected === 'Identifier') {
    if (token && isKeyword(token)) return { id: 'reservedWord', args: [token.image] };
    return expectation(`a name after ${context.describe(index - 1)}`);
  }
  // `{ a, from }`: the list ends at (or just after) the comma because a reserved word follows.
  const previous = context.tokens[index - 1];
  if (token && isKeyword(token) && previous && tokenMatcher(previous, t.Comma)) {
    return { id: 'reservedWord', args: [token.image] };
  }
  const next = context.tokens[index + 1];
  if (token && tokenMatcher(token, t.Comma) && next && isKeyword(next)) {
    return { id: 'reservedWord', args: [next.image], index: index + 1 };
  }
  if (expected === 'RBrace' || expected === 'RParen' || expected === 'RBracket') {
    return explainMissingCloser(expected, rule, index, context);
  }
  if (expected === 'Else') return expectation("'else': every 'if' needs an 'else' branch");
  if (expected === 'Then') return expectation("'then' after the condition of 'if'");
  const label = String(tokenTypesByName.get(expected)?.LABEL ?? expected);
  return expectation(`${label} after ${context.describe(index - 1)}`);
}

function explainMissingCloser(
  expected: string,
  rule: string,
  index: number,
  context: TokenContext,
): Explanation {
  const token = context.tokens[index];
  const previous = context.tokens[index - 1];
  const inList = rule === 'setDeclaration' || rule === 'list';
  if (inList && token && previous && startsItem(token) && !tokenMatcher(previous, t.Comma)) {
    return expectation(`',' between '${previous.image}' and '${token.image}'`);
  }
  const opener = context.enclosingOpener(index);
  const [closer, what] =
    expected === 'RBrace'
      ? ['}', describeBraces(rule, opener, context)]
      : expected === 'RParen'
        ? [')', describeParens(rule, opener, context)]
        : [']', describeBrackets(rule, opener, context)];
  return expectation(`'${closer}' to close ${what}`);
}

function describeBraces(rule: string, opener: number, context: TokenContext): string {
  const declaration = context.declarationKeyword(opener);
  if (rule === 'setDeclaration' && declaration) return `the list of ${declaration.image}`;
  const before = context.tokens[opener - 1];
  const key = context.tokens[opener - 2];
  if (before && tokenMatcher(before, t.Colon) && key && tokenMatcher(key, t.Identifier)) {
    return `the entries of '${key.image}'`;
  }
  if (declaration && tokenMatcher(declaration, t.Table)) return 'the table';
  if (declaration && tokenMatcher(declaration, t.Prior)) return 'the prior';
  return 'the list';
}

function describeParens(rule: string, opener: number, context: TokenContext): string {
  const callee = context.tokens[opener - 1];
  if (rule === 'callArguments' && callee) return `the arguments of '${callee.image}'`;
  if (rule === 'tupleKey') return 'the pair';
  return 'the parenthesis';
}

function describeBrackets(rule: string, opener: number, context: TokenContext): string {
  const name = context.tokens[opener - 1];
  if (rule === 'transferDeclaration') return 'the transfer bounds';
  if (rule === 'tableDeclaration' && name) return `the sets of table '${name.image}'`;
  if (rule === 'indexArguments' && name) return `the reading of table '${name.image}'`;
  return 'the brackets';
}

function explainNoAlternative(rule: string, index: number, context: TokenContext): Explanation {
  const actual = context.describe(index);
  if (EXPRESSION_RULES.has(rule)) return { id: 'expectedExpression', args: [actual] };
  if (rule === 'value') return expectation(`a number or a list '{ … }', but found ${actual}`);
  if (rule === 'priorDeclaration') {
    return expectation(`a set name after 'prior', but found ${actual}`);
  }
  if (rule === 'entry') return expectation(`an element name, but found ${actual}`);
  return { id: 'unexpectedToken', args: [actual] };
}

function explainEarlyExit(rule: string, index: number, context: TokenContext): Explanation {
  const actual = context.describe(index);
  if (rule === 'solveDeclaration') return expectation(`an analysis name, but found ${actual}`);
  if (rule === 'tableDeclaration') return expectation(`a set name, but found ${actual}`);
  if (rule === 'tupleKey') return expectation(`an element name, but found ${actual}`);
  return { id: 'unexpectedToken', args: [actual] };
}

function expectation(what: string): Explanation {
  return { id: 'expectedToken', args: [what] };
}

function isKeyword(token: IToken): boolean {
  return t.RESERVED_WORDS.includes(token.image) && !tokenMatcher(token, t.Identifier);
}

function startsItem(token: IToken): boolean {
  return tokenMatcher(token, t.Identifier) || tokenMatcher(token, t.LParen);
}

/** Indexes over the token vector, computed once per file that has errors. */
class TokenContext {
  private readonly openers: Int32Array;
  private readonly declarationStarts: number[] = [];

  constructor(readonly tokens: readonly IToken[]) {
    this.openers = new Int32Array(tokens.length + 1);
    const stack: number[] = [];
    tokens.forEach((token, i) => {
      this.openers[i] = stack.length ? stack[stack.length - 1] : -1;
      if (tokenMatcher(token, t.DeclarationStart)) this.declarationStarts.push(i);
      if (OPENERS.some((type) => tokenMatcher(token, type))) stack.push(i);
      else if (CLOSERS.some((type) => tokenMatcher(token, type))) stack.pop();
    });
    this.openers[tokens.length] = stack.length ? stack[stack.length - 1] : -1;
  }

  /** The token's index, or `tokens.length` for the end of the file. */
  indexOf(token: IToken): number {
    if (!Number.isFinite(token.startOffset)) return this.tokens.length;
    let lo = 0;
    let hi = this.tokens.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.tokens[mid].startOffset < token.startOffset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The innermost bracket still open just before token `index`. */
  enclosingOpener(index: number): number {
    return this.openers[Math.min(index, this.tokens.length)];
  }

  /** The keyword that starts the declaration containing token `index`. */
  declarationKeyword(index: number): IToken | undefined {
    let lo = 0;
    let hi = this.declarationStarts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.declarationStarts[mid] <= index) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 ? this.tokens[this.declarationStarts[lo - 1]] : undefined;
  }

  describe(index: number): string {
    const token = this.tokens[index];
    if (index < 0) return 'the start of the file';
    if (!token) return 'the end of the file';
    const image = token.image.length > 30 ? `${token.image.slice(0, 30)}…` : token.image;
    return `'${image}'`;
  }

  /** The token's range; at the end of the file, the last token's. */
  range(index: number, lines: LineIndex): Range {
    const token = this.tokens[Math.min(index, this.tokens.length - 1)];
    if (!token) return START_OF_TEXT;
    return lines.span(token.startOffset, token.startOffset + token.image.length).range;
  }
}
