/**
 * The tokens of `.mech` and the lexer that produces them. Comments and whitespace are skipped;
 * unterminated comments and strings are kept in the `problems` group so the parser never sees
 * them but the caller can report them.
 */
import { createToken, Lexer, type TokenType } from 'chevrotain';

/** The group that holds tokens which are themselves errors (an unclosed comment or string). */
export const PROBLEM_GROUP = 'problems';

// Chevrotain drops the `u` flag when it makes a pattern sticky, so Unicode identifiers need a
// custom matcher. Its start-character hint covers every UTF-16 code unit that can begin a
// letter, so the lexer keeps its first-character optimisation.
const identifierPattern = /[\p{L}_][\p{L}\p{N}_]*/uy;

function matchIdentifier(text: string, offset: number): RegExpExecArray | null {
  identifierPattern.lastIndex = offset;
  return identifierPattern.exec(text);
}

function identifierStartHints(): number[] {
  const hints: number[] = [];
  for (let code = 0; code < 256; code++) {
    if (/[\p{L}_]/u.test(String.fromCharCode(code))) hints.push(code);
  }
  // Above 255 Chevrotain buckets code units 255 at a time; one code per bucket suffices.
  for (let code = 256; code < 65536; code += 255) hints.push(code);
  hints.push(65535);
  return hints;
}

export const Identifier = createToken({
  name: 'Identifier',
  pattern: { exec: matchIdentifier },
  line_breaks: false,
  start_chars_hint: identifierStartHints(),
});

/**
 * Category of every infix operator except `^`; precedence is resolved when the AST is built,
 * which keeps the grammar shallow and fast.
 */
export const BinaryOperator = createToken({ name: 'BinaryOperator', pattern: Lexer.NA });

/** Tokens that may start a declaration; recovery re-synchronises on them. */
export const DeclarationStart = createToken({ name: 'DeclarationStart', pattern: Lexer.NA });

function keyword(word: string, categories: TokenType[] = []): TokenType {
  return createToken({
    name: word[0].toUpperCase() + word.slice(1),
    label: `'${word}'`,
    pattern: new RegExp(word),
    longer_alt: Identifier,
    categories,
  });
}

export const Model = keyword('model', [DeclarationStart]);
export const Param = keyword('param', [DeclarationStart]);
export const States = keyword('states', [DeclarationStart]);
export const Types = keyword('types', [DeclarationStart]);
export const Outcomes = keyword('outcomes', [DeclarationStart]);
export const Prior = keyword('prior', [DeclarationStart]);
export const Table = keyword('table', [DeclarationStart]);
export const Transfer = keyword('transfer', [DeclarationStart]);
export const Agent = keyword('agent', [DeclarationStart]);
export const Designer = keyword('designer', [DeclarationStart]);
export const Outside = keyword('outside', [DeclarationStart]);
export const Solve = keyword('solve', [DeclarationStart]);
export const Sweep = keyword('sweep', [DeclarationStart]);
export const Payoff = keyword('payoff');
export const Option = keyword('option');
export const From = keyword('from');
export const To = keyword('to');
export const Step = keyword('step');
export const In = keyword('in');
export const If = keyword('if');
export const Then = keyword('then');
export const Else = keyword('else');
export const And = keyword('and', [BinaryOperator]);
export const Or = keyword('or', [BinaryOperator]);
export const Not = keyword('not');
export const Inf = keyword('inf');

const keywordTokens = [
  Model,
  Param,
  States,
  Types,
  Outcomes,
  Prior,
  Table,
  Transfer,
  Agent,
  Designer,
  Outside,
  Solve,
  Sweep,
  Payoff,
  Option,
  From,
  To,
  Step,
  In,
  If,
  Then,
  Else,
  And,
  Or,
  Not,
  Inf,
];

/** The reserved words, which cannot be names. */
export const RESERVED_WORDS: readonly string[] = keywordTokens.map((token) =>
  String(token.LABEL).slice(1, -1),
);

// The lexer takes the first pattern that matches, so a keyword must come before any keyword
// that is a prefix of it (`inf` before `in`).
const keywordsLongestFirst = [...keywordTokens].sort(
  (a, b) => String(b.LABEL).length - String(a.LABEL).length,
);

export const NumberLiteral = createToken({
  name: 'NumberLiteral',
  label: 'a number',
  pattern: /(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?/,
});
export const StringLiteral = createToken({
  name: 'StringLiteral',
  label: 'a string',
  pattern: /"(?:[^"\\\r\n]|\\.)*"/,
});

function punctuation(name: string, text: string, categories: TokenType[] = []): TokenType {
  return createToken({ name, label: `'${text}'`, pattern: text, categories });
}

/** Category of the six comparison operators. */
export const Comparison = createToken({
  name: 'Comparison',
  pattern: Lexer.NA,
  categories: [BinaryOperator],
});

export const EqualEqual = punctuation('EqualEqual', '==', [Comparison]);
export const NotEqual = punctuation('NotEqual', '!=', [Comparison]);
export const LessEqual = punctuation('LessEqual', '<=', [Comparison]);
export const GreaterEqual = punctuation('GreaterEqual', '>=', [Comparison]);
export const Less = punctuation('Less', '<', [Comparison]);
export const Greater = punctuation('Greater', '>', [Comparison]);
export const Equals = punctuation('Equals', '=');
export const LBrace = punctuation('LBrace', '{');
export const RBrace = punctuation('RBrace', '}');
export const LParen = punctuation('LParen', '(');
export const RParen = punctuation('RParen', ')');
export const LBracket = punctuation('LBracket', '[');
export const RBracket = punctuation('RBracket', ']');
export const Comma = punctuation('Comma', ',');
export const Colon = punctuation('Colon', ':');
export const Bar = punctuation('Bar', '|');
export const Plus = punctuation('Plus', '+', [BinaryOperator]);
export const Minus = punctuation('Minus', '-', [BinaryOperator]);
export const Star = punctuation('Star', '*', [BinaryOperator]);
export const Slash = punctuation('Slash', '/', [BinaryOperator]);
export const Caret = punctuation('Caret', '^');

const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /\s+/, group: Lexer.SKIPPED });
const LineComment = createToken({
  name: 'LineComment',
  pattern: /\/\/[^\n\r]*/,
  group: Lexer.SKIPPED,
});
const BlockComment = createToken({
  name: 'BlockComment',
  pattern: /\/\*[\s\S]*?\*\//,
  group: Lexer.SKIPPED,
});
export const UnterminatedComment = createToken({
  name: 'UnterminatedComment',
  pattern: /\/\*[\s\S]*/,
  group: PROBLEM_GROUP,
});
export const UnterminatedString = createToken({
  name: 'UnterminatedString',
  pattern: /"(?:[^"\\\r\n]|\\.)*/,
  group: PROBLEM_GROUP,
});

/** Every token type, in the order the lexer tries them (first match wins). */
export const allTokens: TokenType[] = [
  WhiteSpace,
  LineComment,
  BlockComment,
  UnterminatedComment,
  StringLiteral,
  UnterminatedString,
  NumberLiteral,
  DeclarationStart,
  BinaryOperator,
  Comparison,
  ...keywordsLongestFirst,
  Identifier,
  EqualEqual,
  NotEqual,
  LessEqual,
  GreaterEqual,
  Less,
  Greater,
  Equals,
  LBrace,
  RBrace,
  LParen,
  RParen,
  LBracket,
  RBracket,
  Comma,
  Colon,
  Bar,
  Plus,
  Minus,
  Star,
  Slash,
  Caret,
];

/** One lexer for the whole process: building it is costly, using it is not. */
export const mechLexer = new Lexer(allTokens, {
  positionTracking: 'onlyOffset',
  ensureOptimizations: true,
});
