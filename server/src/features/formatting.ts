/**
 * Formatting: re-indents and re-spaces the tokens as written, keeping every token and comment
 * and the user's line breaks (at most one blank line in a row), alignment runs of spaces, and
 * the spacing choice around `*`, `/` and `^` (`1/2` stays, `a * b` stays). Each top-level
 * declaration starts a line; a `{ … }` list closed on its own line gets a trailing comma.
 * Files with syntax errors are left alone, so formatting never loses text. Formatting a
 * formatted file changes nothing.
 */
import type { IToken } from 'chevrotain';
import { tokenMatcher } from 'chevrotain';
import * as t from '../../../language/src/syntax/tokens';
import { kindOf, lex, tokenEnd, type Comment } from '../lexical';

const INDENT = '    ';

type Item = { token: IToken; comment?: undefined } | { comment: Comment; token?: undefined };

/** The formatted text, or undefined when the text cannot be formatted safely. */
export function formatText(text: string): string | undefined {
  const lexed = lex(text);
  const shape = tokenShape(lexed.tokens);
  if (lexed.hasProblems || !shape.balanced) return undefined;
  const unary = shape.unaryMinus;
  const items = mergeItems(lexed.tokens, lexed.comments);
  const out: string[] = [];
  const openers: IToken[] = [];
  let lastTokenSlot = -1;
  let previous: Item | undefined;
  let previousEnd = 0;

  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    const start = item.token ? item.token.startOffset : item.comment.startOffset;
    const gap = text.slice(previousEnd, start);
    const closer = item.token !== undefined && isCloser(item.token);
    const depthHere = openers.length - (closer ? 1 : 0);
    let newlines = previous ? countNewlines(gap) : 0;
    if (previous && newlines === 0 && startsDeclaration(item, openers.length)) newlines = 1;
    if (previous?.comment && !previous.comment.block) newlines = Math.max(newlines, 1);
    const cap = closer || (previous?.token && isOpener(previous.token)) ? 1 : 2;
    newlines = Math.min(newlines, cap);

    if (newlines > 0) {
      if (closer && item.token && tokenMatcher(item.token, t.RBrace)) {
        addTrailingComma(out, lastTokenSlot, previous);
      }
      out.push('\n'.repeat(newlines) + indentFor(item, depthHere));
    } else if (previous) {
      out.push(spaceBetween(previous, item, gap, text, unary, items[i + 1]));
    }

    if (item.token) {
      lastTokenSlot = out.length;
      out.push(item.token.image);
      if (isOpener(item.token)) openers.push(item.token);
      else if (closer) openers.pop();
      previousEnd = tokenEnd(item.token);
    } else {
      out.push(item.comment.block ? item.comment.text : item.comment.text.trimEnd());
      previousEnd = item.comment.endOffset;
    }
    previous = item;
  }
  const formatted = out.join('');
  return formatted.length === 0 ? '' : `${formatted}\n`;
}

function mergeItems(tokens: IToken[], comments: Comment[]): Item[] {
  const items: Item[] = [];
  let c = 0;
  for (const token of tokens) {
    while (c < comments.length && comments[c].startOffset < token.startOffset) {
      items.push({ comment: comments[c++] });
    }
    items.push({ token });
  }
  while (c < comments.length) items.push({ comment: comments[c++] });
  return items;
}

function startsDeclaration(item: Item, depth: number): boolean {
  return depth === 0 && item.token !== undefined && tokenMatcher(item.token, t.DeclarationStart);
}

/** Depth of brackets, plus one level for a declaration continued on the next line. */
function indentFor(item: Item, depth: number): string {
  const continuation =
    depth === 0 && item.token !== undefined && !isCloser(item.token) && !startsDeclaration(item, 0);
  return INDENT.repeat(depth + (continuation ? 1 : 0));
}

/** A `{ … }` list whose `}` starts a line gets a comma after its last entry. */
function addTrailingComma(out: string[], lastTokenSlot: number, previous: Item | undefined): void {
  if (lastTokenSlot < 0 || !previous) return;
  const last = out[lastTokenSlot];
  if (last === ',' || last === '{') return;
  out[lastTokenSlot] = `${last},`;
}

/** The spacing between two items on one line. */
function spaceBetween(
  left: Item,
  right: Item,
  gap: string,
  text: string,
  unary: ReadonlySet<IToken>,
  next?: Item,
): string {
  if (left.comment || right.comment) return gap.length === 0 && !right.comment ? '' : keepRun(gap);
  const a = left.token!;
  const b = right.token!;
  if (noSpaceBefore(a, b) || noSpaceAfter(a, unary)) return '';
  if (isTightOperator(b)) return operatorIsSpaced(b, gap, next, text) ? keepRun(gap) : '';
  if (isTightOperator(a)) return gap.length > 0 ? keepRun(gap) : '';
  if (tokenMatcher(a, t.LBrace) && tokenMatcher(b, t.RBrace)) return '';
  return keepRun(gap);
}

/** A run of spaces the user wrote (alignment) is kept; no space becomes one. */
function keepRun(gap: string): string {
  return /^ +$/.test(gap) ? gap : ' ';
}

function noSpaceBefore(a: IToken, b: IToken): boolean {
  if ([t.Comma, t.Colon, t.RParen, t.RBracket].some((type) => tokenMatcher(b, type))) return true;
  const callOrIndex = tokenMatcher(b, t.LParen) || tokenMatcher(b, t.LBracket);
  return callOrIndex && tokenMatcher(a, t.Identifier);
}

function noSpaceAfter(a: IToken, unary: ReadonlySet<IToken>): boolean {
  if (tokenMatcher(a, t.LParen) || tokenMatcher(a, t.LBracket)) return true;
  return unary.has(a);
}

/** `*`, `/`, `^`: spaced or not as the user wrote them. */
function isTightOperator(token: IToken): boolean {
  return [t.Star, t.Slash, t.Caret].some((type) => tokenMatcher(token, type));
}

function operatorIsSpaced(
  operator: IToken,
  gapBefore: string,
  next: Item | undefined,
  text: string,
): boolean {
  if (gapBefore.length > 0) return true;
  const after = next?.token?.startOffset ?? next?.comment?.startOffset ?? tokenEnd(operator);
  return after > tokenEnd(operator) && /\s/.test(text[tokenEnd(operator)]);
}

const OPERAND_ENDS = new Set([
  'NumberLiteral',
  'Identifier',
  'Inf',
  'RParen',
  'RBracket',
  'RBrace',
]);

function isOpener(token: IToken): boolean {
  return [t.LBrace, t.LParen, t.LBracket].some((type) => tokenMatcher(token, type));
}

function isCloser(token: IToken): boolean {
  return [t.RBrace, t.RParen, t.RBracket].some((type) => tokenMatcher(token, type));
}

/**
 * Whether brackets nest properly, and which `-` negate rather than subtract (nothing that ends
 * an operand comes before them).
 */
function tokenShape(tokens: IToken[]): { balanced: boolean; unaryMinus: Set<IToken> } {
  const stack: string[] = [];
  const pairs: Record<string, string> = {
    RBrace: 'LBrace',
    RParen: 'LParen',
    RBracket: 'LBracket',
  };
  const unaryMinus = new Set<IToken>();
  let previousKind: string | undefined;
  for (const token of tokens) {
    if (tokenMatcher(token, t.Minus) && !OPERAND_ENDS.has(previousKind ?? ''))
      unaryMinus.add(token);
    previousKind = kindOf(token);
    if (isOpener(token)) stack.push(kindOf(token));
    else if (isCloser(token) && stack.pop() !== pairs[kindOf(token)]) {
      return { balanced: false, unaryMinus };
    }
  }
  return { balanced: stack.length === 0, unaryMinus };
}

function countNewlines(gap: string): number {
  return (gap.match(/\r\n|\r|\n/g) ?? []).length;
}
