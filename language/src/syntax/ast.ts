/**
 * The typed syntax tree of a `.mech` file. Every node keeps its `span`. The tree is built from a
 * parse that may have recovered from errors, so any child the parser could not find is absent:
 * consumers must treat every optional field as possibly missing, and never assume that a
 * syntax-error-free tree was produced.
 */
import type { Span } from '../source';

export interface Node {
  span: Span;
}

export interface Identifier extends Node {
  kind: 'identifier';
  name: string;
}

export interface ModelFile extends Node {
  kind: 'file';
  declarations: Declaration[];
  /** Errors found while reading the text; when not 0 the tree may be partial. */
  syntaxErrors: number;
  /**
   * Opening keywords of declarations left out unread (nested too deeply): the checker does not
   * report what they declare as missing.
   */
  unread?: string[];
}

export type Declaration =
  | ModelDeclaration
  | ParamDeclaration
  | SetDeclaration
  | PriorDeclaration
  | TableDeclaration
  | TransferDeclaration
  | PayoffDeclaration
  | SolveDeclaration
  | SweepDeclaration;

/** `model NAME ["Title"]` */
export interface ModelDeclaration extends Node {
  kind: 'model';
  /** The `model` keyword. */
  keyword: Span;
  name?: Identifier;
  title?: { text: string; span: Span };
}

/** `param NAME = EXPR` */
export interface ParamDeclaration extends Node {
  kind: 'param';
  keyword: Span;
  name?: Identifier;
  value?: Expression;
}

export type SetRole = 'states' | 'types' | 'outcomes';

/** `states NAME = { ELEM, … }`, and likewise `types` and `outcomes`. */
export interface SetDeclaration extends Node {
  kind: 'set';
  role: SetRole;
  keyword: Span;
  name?: Identifier;
  elements: ElementDeclaration[];
}

/** `IDENT [= EXPR]` inside a set. */
export interface ElementDeclaration extends Node {
  kind: 'element';
  name: Identifier;
  value?: Expression;
}

/**
 * What a prior is over: `prior S` (marginal), `prior T | S` (conditional) or `prior (S, T)`
 * (joint). The checker decides which set plays which role.
 */
export type PriorTarget =
  | { kind: 'marginal'; set: Identifier; span: Span }
  | { kind: 'conditional'; set: Identifier; given?: Identifier; span: Span }
  | { kind: 'joint'; sets: Identifier[]; span: Span };

/** `prior TARGET = VALUE` */
export interface PriorDeclaration extends Node {
  kind: 'prior';
  keyword: Span;
  target?: PriorTarget;
  value?: Value;
}

/** `table NAME[SET, …] = VALUE` */
export interface TableDeclaration extends Node {
  kind: 'table';
  keyword: Span;
  name?: Identifier;
  dimensions: Identifier[];
  value?: Value;
}

/** `transfer NAME [in [LOWER, UPPER]]` */
export interface TransferDeclaration extends Node {
  kind: 'transfer';
  keyword: Span;
  name?: Identifier;
  lower?: Expression;
  upper?: Expression;
  /** The `[LOWER, UPPER]` part, when written. */
  bounds?: Span;
}

export type PayoffRole = 'agent' | 'designer' | 'outside';

/** `agent payoff = EXPR`, `designer payoff = EXPR` or `outside option = EXPR`. */
export interface PayoffDeclaration extends Node {
  kind: 'payoff';
  role: PayoffRole;
  /** The two words before `=`, e.g. `agent payoff`. */
  keywords: Span;
  value?: Expression;
}

/** `solve ANALYSIS, …` */
export interface SolveDeclaration extends Node {
  kind: 'solve';
  keyword: Span;
  analyses: Identifier[];
}

/** `sweep PARAM from EXPR to EXPR step EXPR` */
export interface SweepDeclaration extends Node {
  kind: 'sweep';
  keyword: Span;
  param?: Identifier;
  from?: Expression;
  to?: Expression;
  step?: Expression;
}

/** The right-hand side of a prior or table: a nested list or a single expression. */
export type Value = ListValue | Expression;

/** `{ KEY: VALUE, … }` */
export interface ListValue extends Node {
  kind: 'list';
  entries: Entry[];
}

/** `KEY: VALUE` where KEY is a name or a tuple `(a, b)`. */
export interface Entry extends Node {
  kind: 'entry';
  key?: EntryKey;
  value?: Value;
}

export interface EntryKey extends Node {
  kind: 'key';
  names: Identifier[];
  /** True for `(a, b)`, even with one name. */
  tuple: boolean;
}

export type Expression =
  | NumberLiteral
  | InfinityLiteral
  | NameExpression
  | CallExpression
  | IndexExpression
  | UnaryExpression
  | BinaryExpression
  | ConditionalExpression
  | ParenthesizedExpression
  | MissingExpression;

export interface NumberLiteral extends Node {
  kind: 'number';
  value: number;
}

/** `inf`, allowed only as a transfer bound. */
export interface InfinityLiteral extends Node {
  kind: 'inf';
}

/** A bare name: a param, a set (its current element), the transfer, or an element. */
export interface NameExpression extends Node {
  kind: 'name';
  name: Identifier;
}

/** `f(a, …)` */
export interface CallExpression extends Node {
  kind: 'call';
  callee: Identifier;
  args: Expression[];
}

/** `w[SET, …]` */
export interface IndexExpression extends Node {
  kind: 'index';
  table: Identifier;
  args: Expression[];
}

export interface UnaryExpression extends Node {
  kind: 'unary';
  operator: '-' | 'not';
  operand?: Expression;
}

export type ArithmeticOperator = '+' | '-' | '*' | '/' | '^';
export type ComparisonOperator = '==' | '!=' | '<' | '<=' | '>' | '>=';
export type LogicalOperator = 'and' | 'or';
export type BinaryOperator = ArithmeticOperator | ComparisonOperator | LogicalOperator;

export interface BinaryExpression extends Node {
  kind: 'binary';
  operator: BinaryOperator;
  /** The operator token. */
  operatorSpan: Span;
  left: Expression;
  right?: Expression;
}

/** `if COND then A else B` */
export interface ConditionalExpression extends Node {
  kind: 'if';
  condition?: Expression;
  then?: Expression;
  else?: Expression;
}

/** `( EXPR )`, kept so that spans include the parentheses. */
export interface ParenthesizedExpression extends Node {
  kind: 'parenthesized';
  inner?: Expression;
}

/** Stands where the parser expected an expression and found none, or refused one. */
export interface MissingExpression extends Node {
  kind: 'missing';
}
