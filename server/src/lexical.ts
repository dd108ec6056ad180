/**
 * The tokens of a document with its comments, for the features that work on the text as
 * written (formatting, folding, semantic tokens). The core's lexer skips comments; they are
 * recovered here from the gaps between tokens, which hold only whitespace and comments.
 */
import type { IToken } from 'chevrotain';
import { mechLexer } from '../../language/src/syntax/tokens';

export interface Comment {
  startOffset: number;
  /** Exclusive. */
  endOffset: number;
  text: string;
  block: boolean;
}

export interface Lexed {
  tokens: IToken[];
  comments: Comment[];
  /** True when the lexer met something it could not read; text-rewriting features then stop. */
  hasProblems: boolean;
}

export function lex(text: string): Lexed {
  const result = mechLexer.tokenize(text);
  const problems = Object.values(result.groups).some((group) => group.length > 0);
  const tokens = result.tokens;
  const comments: Comment[] = [];
  let previousEnd = 0;
  for (const token of tokens) {
    collectComments(text, previousEnd, token.startOffset, comments);
    previousEnd = token.startOffset + token.image.length;
  }
  collectComments(text, previousEnd, text.length, comments);
  return { tokens, comments, hasProblems: problems || result.errors.length > 0 };
}

/** Comments in a gap between tokens; anything else there is whitespace or a lexing error. */
function collectComments(text: string, start: number, end: number, into: Comment[]): void {
  let offset = start;
  while (offset < end) {
    const lineComment = text.startsWith('//', offset);
    if (!lineComment && !text.startsWith('/*', offset)) {
      offset++;
      continue;
    }
    const close = lineComment ? lineEnd(text, offset, end) : blockEnd(text, offset, end);
    into.push({
      startOffset: offset,
      endOffset: close,
      text: text.slice(offset, close),
      block: !lineComment,
    });
    offset = close;
  }
}

function lineEnd(text: string, from: number, limit: number): number {
  let offset = from;
  while (offset < limit && text[offset] !== '\n' && text[offset] !== '\r') offset++;
  return offset;
}

function blockEnd(text: string, from: number, limit: number): number {
  const close = text.indexOf('*/', from + 2);
  return close < 0 || close + 2 > limit ? limit : close + 2;
}

/** The token's type name, e.g. `Identifier`, `LBrace`, `Model`. */
export function kindOf(token: IToken): string {
  return token.tokenType.name;
}

export function tokenEnd(token: IToken): number {
  return token.startOffset + token.image.length;
}
