/**
 * Turns the concrete syntax tree into the typed AST. The CST may come from a recovered parse,
 * so every child is looked up defensively and a construct whose pieces are missing becomes a
 * partial node; nothing here throws on a well-formed Chevrotain CST.
 */
import type { CstNode, IToken } from 'chevrotain';
import type { Diagnostic } from '../diagnostics';
import type { LineIndex, Span } from '../source';
import type * as ast from './ast';
import { createDiagnostic } from './create-diagnostic';
import { MAX_EXPRESSION_SIZE } from './limits';

type Children = Record<string, (CstNode | IToken)[] | undefined>;

function isRealToken(token: IToken | undefined): token is IToken {
  return token !== undefined && !token.isInsertedInRecovery && Number.isFinite(token.startOffset);
}

const NONE: readonly never[] = [];

function tokensOf(node: CstNode | undefined, name: string): IToken[] {
  const children = ((node?.children as Children | undefined)?.[name] ?? NONE) as IToken[];
  return children.every((child) => isRealToken(child)) ? children : children.filter(isRealToken);
}

/** The prefix operators of an operand, in source order. */
function prefixesOf(operand: CstNode): IToken[] {
  const minus = tokensOf(operand, 'Minus');
  const not = tokensOf(operand, 'Not');
  if (not.length === 0) return minus;
  if (minus.length === 0) return not;
  return [...minus, ...not].sort((a, b) => a.startOffset - b.startOffset);
}

function tokenOf(node: CstNode | undefined, name: string, index = 0): IToken | undefined {
  return tokensOf(node, name)[index];
}

function nodesOf(node: CstNode | undefined, name: string): CstNode[] {
  return ((node?.children as Children | undefined)?.[name] ?? NONE) as CstNode[];
}

function nodeOf(node: CstNode | undefined, name: string, index = 0): CstNode | undefined {
  return nodesOf(node, name)[index];
}

/** The expression that starts after token `after` and ends before token `before`. */
function between(
  expressions: ast.Expression[],
  after: IToken | undefined,
  before: IToken | undefined,
): ast.Expression | undefined {
  if (!after) return undefined;
  return expressions.find(
    (e) =>
      e.span.startOffset > after.startOffset && (!before || e.span.endOffset <= before.startOffset),
  );
}

const SET_KEYWORDS = ['States', 'Types', 'Outcomes'] as const;

/**
 * Builds the AST of a whole file. Its diagnostics are the refusals made while building: an
 * overflowing number, a chained comparison, an expression with too many operators.
 */
export function buildAst(
  cst: CstNode | undefined,
  lines: LineIndex,
  textLength: number,
): { ast: ast.ModelFile; diagnostics: Diagnostic[] } {
  const builder = new AstBuilder(lines);
  const declarations: ast.Declaration[] = [];
  for (const node of nodesOf(cst, 'declaration')) {
    const declaration = builder.declaration(node);
    if (declaration) declarations.push(declaration);
  }
  const span = lines.span(0, textLength);
  const file: ast.ModelFile = { kind: 'file', span, declarations, syntaxErrors: 0 };
  return { ast: file, diagnostics: builder.diagnostics };
}

class AstBuilder {
  readonly diagnostics: Diagnostic[] = [];
  /** Operator, call and bracket nodes built so far; bounds the depth of every expression. */
  private compositeCount = 0;
  private expressionNesting = 0;

  constructor(private readonly lines: LineIndex) {}

  declaration(node: CstNode): ast.Declaration | undefined {
    const [kind] = Object.keys(node.children);
    const inner = nodeOf(node, kind);
    switch (kind) {
      case 'modelDeclaration':
        return this.model(inner);
      case 'paramDeclaration':
        return this.param(inner);
      case 'setDeclaration':
        return this.set(inner);
      case 'priorDeclaration':
        return this.prior(inner);
      case 'tableDeclaration':
        return this.table(inner);
      case 'transferDeclaration':
        return this.transfer(inner);
      case 'payoffDeclaration':
        return this.payoff(inner);
      case 'solveDeclaration':
        return this.solve(inner);
      case 'sweepDeclaration':
        return this.sweep(inner);
      default:
        return undefined;
    }
  }

  private model(node: CstNode | undefined): ast.ModelDeclaration | undefined {
    const keyword = tokenOf(node, 'Model');
    if (!keyword) return undefined;
    const name = this.identifier(tokenOf(node, 'Identifier'));
    const titleToken = tokenOf(node, 'StringLiteral');
    const title = titleToken && {
      text: titleToken.image.slice(1, -1).replace(/\\(.)/g, '$1'),
      span: this.tokenSpan(titleToken),
    };
    const span = this.cover(this.tokenSpan(keyword), name?.span, title?.span);
    return { kind: 'model', span, keyword: this.tokenSpan(keyword), name, title };
  }

  private param(node: CstNode | undefined): ast.ParamDeclaration | undefined {
    const keyword = tokenOf(node, 'Param');
    if (!keyword) return undefined;
    const name = this.identifier(tokenOf(node, 'Identifier'));
    const value = this.expression(nodeOf(node, 'expression'));
    const equals = this.last(node, 'Equals');
    const span = this.cover(this.tokenSpan(keyword), name?.span, equals, value?.span);
    return { kind: 'param', span, keyword: this.tokenSpan(keyword), name, value };
  }

  private set(node: CstNode | undefined): ast.SetDeclaration | undefined {
    const found = SET_KEYWORDS.map((name) => tokenOf(node, name));
    const index = found.findIndex((token) => token !== undefined);
    if (index < 0) return undefined;
    const keyword = this.tokenSpan(found[index]!);
    const role = (['states', 'types', 'outcomes'] as const)[index];
    const name = this.identifier(tokenOf(node, 'Identifier'));
    const elements = nodesOf(node, 'element')
      .map((element) => this.element(element))
      .filter((element) => element !== undefined);
    const end = this.last(node, 'Equals', 'LBrace', 'RBrace');
    const span = this.cover(keyword, name?.span, end, elements.at(-1)?.span);
    return { kind: 'set', span, role, keyword, name, elements };
  }

  private element(node: CstNode): ast.ElementDeclaration | undefined {
    const name = this.identifier(tokenOf(node, 'Identifier'));
    if (!name) return undefined;
    const value = this.expression(nodeOf(node, 'expression'));
    return { kind: 'element', span: this.cover(name.span, value?.span), name, value };
  }

  private prior(node: CstNode | undefined): ast.PriorDeclaration | undefined {
    const keywordToken = tokenOf(node, 'Prior');
    if (!keywordToken) return undefined;
    const keyword = this.tokenSpan(keywordToken);
    const target = this.priorTarget(node);
    const value = this.value(nodeOf(node, 'value'));
    const span = this.cover(keyword, target?.span, this.last(node, 'Equals'), value?.span);
    return { kind: 'prior', span, keyword, target, value };
  }

  private priorTarget(node: CstNode | undefined): ast.PriorTarget | undefined {
    const tuple = nodeOf(node, 'tupleKey');
    if (tuple) {
      const key = this.key(tuple, true);
      return key && { kind: 'joint', sets: key.names, span: key.span };
    }
    const [set, given] = tokensOf(node, 'Identifier').map((token) => this.identifier(token)!);
    if (!set) return undefined;
    const bar = tokenOf(node, 'Bar');
    if (!bar) return { kind: 'marginal', set, span: set.span };
    const span = this.cover(set.span, this.tokenSpan(bar), given?.span);
    return { kind: 'conditional', set, given, span };
  }

  private table(node: CstNode | undefined): ast.TableDeclaration | undefined {
    const keyword = tokenOf(node, 'Table');
    if (!keyword) return undefined;
    const bracket = tokenOf(node, 'LBracket');
    const names = tokensOf(node, 'Identifier');
    const beforeBracket = (token: IToken) => !bracket || token.startOffset < bracket.startOffset;
    const name = this.identifier(names.find(beforeBracket));
    const dimensions = names
      .filter((token) => !beforeBracket(token))
      .map((token) => this.identifier(token)!);
    const value = this.value(nodeOf(node, 'value'));
    const end = this.last(node, 'LBracket', 'RBracket', 'Equals');
    const span = this.cover(this.tokenSpan(keyword), name?.span, end, value?.span);
    return { kind: 'table', span, keyword: this.tokenSpan(keyword), name, dimensions, value };
  }

  private transfer(node: CstNode | undefined): ast.TransferDeclaration | undefined {
    const keyword = tokenOf(node, 'Transfer');
    if (!keyword) return undefined;
    const name = this.identifier(tokenOf(node, 'Identifier'));
    const expressions = this.expressions(nodesOf(node, 'expression'));
    const [open, comma, close] = ['LBracket', 'Comma', 'RBracket'].map((k) => tokenOf(node, k));
    const lower = between(expressions, open, comma ?? close);
    const upper = between(expressions, comma, close);
    const closeSpan = close && this.tokenSpan(close);
    const bounds = open && this.cover(this.tokenSpan(open), lower?.span, upper?.span, closeSpan);
    const span = this.cover(this.tokenSpan(keyword), name?.span, this.last(node, 'In'), bounds);
    return { kind: 'transfer', span, keyword: this.tokenSpan(keyword), name, lower, upper, bounds };
  }

  private payoff(node: CstNode | undefined): ast.PayoffDeclaration | undefined {
    const first = tokenOf(node, 'Agent') ?? tokenOf(node, 'Designer') ?? tokenOf(node, 'Outside');
    if (!first) return undefined;
    const role = first.image as ast.PayoffRole;
    const second = tokenOf(node, role === 'outside' ? 'Option' : 'Payoff');
    const keywords = this.cover(this.tokenSpan(first), second && this.tokenSpan(second));
    const value = this.expression(nodeOf(node, 'expression'));
    const span = this.cover(keywords, this.last(node, 'Equals'), value?.span);
    return { kind: 'payoff', span, role, keywords, value };
  }

  private solve(node: CstNode | undefined): ast.SolveDeclaration | undefined {
    const keyword = tokenOf(node, 'Solve');
    if (!keyword) return undefined;
    const analyses = tokensOf(node, 'Identifier').map((token) => this.identifier(token)!);
    const span = this.cover(this.tokenSpan(keyword), ...analyses.map((a) => a.span));
    return { kind: 'solve', span, keyword: this.tokenSpan(keyword), analyses };
  }

  private sweep(node: CstNode | undefined): ast.SweepDeclaration | undefined {
    const keyword = tokenOf(node, 'Sweep');
    if (!keyword) return undefined;
    const param = this.identifier(tokenOf(node, 'Identifier'));
    const expressions = this.expressions(nodesOf(node, 'expression'));
    const [fromToken, toToken, stepToken] = ['From', 'To', 'Step'].map((k) => tokenOf(node, k));
    const from = between(expressions, fromToken, toToken ?? stepToken);
    const to = between(expressions, toToken, stepToken);
    const step = between(expressions, stepToken, undefined);
    const end = this.last(node, 'From', 'To', 'Step');
    const parts = [param?.span, end, from?.span, to?.span, step?.span];
    const span = this.cover(this.tokenSpan(keyword), ...parts);
    return { kind: 'sweep', span, keyword: this.tokenSpan(keyword), param, from, to, step };
  }

  private value(node: CstNode | undefined): ast.Value | undefined {
    const list = nodeOf(node, 'list');
    if (list) return this.list(list);
    return this.expression(nodeOf(node, 'expression'));
  }

  private list(node: CstNode): ast.ListValue | undefined {
    const open = tokenOf(node, 'LBrace');
    if (!open) return undefined;
    const entries = nodesOf(node, 'entry')
      .map((entry) => this.entry(entry))
      .filter((entry) => entry !== undefined);
    const span = this.cover(this.tokenSpan(open), this.last(node, 'RBrace'), entries.at(-1)?.span);
    return { kind: 'list', span, entries };
  }

  private entry(node: CstNode): ast.Entry | undefined {
    const tuple = nodeOf(node, 'tupleKey');
    const name = tokenOf(node, 'Identifier');
    const key = tuple ? this.key(tuple, true) : name && this.key(node, false);
    const value = this.value(nodeOf(node, 'value'));
    const colon = tokenOf(node, 'Colon');
    const parts = [key?.span, colon && this.tokenSpan(colon), value?.span];
    if (parts.every((part) => part === undefined)) return undefined;
    return { kind: 'entry', span: this.cover(...parts), key, value };
  }

  private key(node: CstNode, tuple: boolean): ast.EntryKey | undefined {
    const names = tokensOf(node, 'Identifier').map((token) => this.identifier(token)!);
    const open = tuple ? tokenOf(node, 'LParen') : undefined;
    const close = tuple ? tokenOf(node, 'RParen') : undefined;
    const parts = [open, close].map((token) => token && this.tokenSpan(token));
    if (names.length === 0 && !open) return undefined;
    const span = this.cover(...parts, ...names.map((n) => n.span));
    return { kind: 'key', span, names, tuple };
  }

  // --- expressions ---------------------------------------------------------------------------

  private expressions(nodes: CstNode[]): ast.Expression[] {
    return nodes.map((node) => this.expression(node)).filter((e) => e !== undefined);
  }

  /**
   * An expression, refused when it has more composite nodes than later recursive passes may
   * walk: its depth can be no larger than that count.
   */
  expression(node: CstNode | undefined): ast.Expression | undefined {
    const countBefore = this.compositeCount;
    this.expressionNesting++;
    const result = this.flatExpression(node);
    this.expressionNesting--;
    const count = this.compositeCount - countBefore;
    if (this.expressionNesting > 0 || count <= MAX_EXPRESSION_SIZE || !result) return result;
    const args = [MAX_EXPRESSION_SIZE];
    this.diagnostics.push(createDiagnostic('expressionTooLarge', result.span.range, args));
    return { kind: 'missing', span: result.span };
  }

  private flatExpression(node: CstNode | undefined): ast.Expression | undefined {
    const operands = nodesOf(node, 'operand').map((operand) => ({
      prefixes: prefixesOf(operand),
      base: this.power(operand),
    }));
    if (operands.length === 0) return undefined;
    return new OperatorPrecedence(this, operands, tokensOf(node, 'BinaryOperator')).parse();
  }

  /** An operand without its prefixes: an atom with an optional exponent. */
  private power(node: CstNode): ast.Expression | undefined {
    const base = this.atom(nodeOf(node, 'atom'));
    const caret = tokenOf(node, 'Caret');
    if (!base || !caret) return base;
    return this.binary(base, caret, this.exponent(nodeOf(node, 'operand')));
  }

  /** An exponent, whose prefixes apply to it alone: `2^-1`. */
  private exponent(node: CstNode | undefined): ast.Expression | undefined {
    if (!node) return undefined;
    const prefixes = prefixesOf(node);
    let result = this.power(node);
    for (let i = prefixes.length - 1; i >= 0; i--) result = this.unary(prefixes[i], result);
    return result;
  }

  private atom(node: CstNode | undefined): ast.Expression | undefined {
    const number = tokenOf(node, 'NumberLiteral');
    if (number) return this.number(number);
    const inf = tokenOf(node, 'Inf');
    if (inf) return { kind: 'inf', span: this.tokenSpan(inf) };
    if (tokenOf(node, 'Identifier')) return this.reference(node!);
    const parenthesized = nodeOf(node, 'parenthesized');
    if (parenthesized) return this.parenthesized(parenthesized);
    const conditional = nodeOf(node, 'conditional');
    return conditional && this.conditional(conditional);
  }

  private number(token: IToken): ast.Expression {
    const span = this.tokenSpan(token);
    const value = Number(token.image);
    if (Number.isFinite(value)) return { kind: 'number', span, value };
    this.diagnostics.push(createDiagnostic('numberTooLarge', span.range, [token.image]));
    return { kind: 'missing', span };
  }

  private reference(node: CstNode): ast.Expression | undefined {
    const name = this.identifier(tokenOf(node, 'Identifier'));
    if (!name) return undefined;
    const call = nodeOf(node, 'callArguments');
    const index = nodeOf(node, 'indexArguments');
    const argumentsNode = call ?? index;
    if (!argumentsNode) return { kind: 'name', span: name.span, name };
    const args = this.expressions(nodesOf(argumentsNode, 'expression'));
    const close = this.last(argumentsNode, 'LParen', 'RParen', 'LBracket', 'RBracket');
    const span = this.cover(name.span, close, args.at(-1)?.span);
    this.compositeCount++;
    if (call) return { kind: 'call', span, callee: name, args };
    return { kind: 'index', span, table: name, args };
  }

  private parenthesized(node: CstNode): ast.Expression | undefined {
    const open = tokenOf(node, 'LParen');
    const inner = this.expression(nodeOf(node, 'expression'));
    if (!open) return inner;
    const span = this.cover(this.tokenSpan(open), inner?.span, this.last(node, 'RParen'));
    this.compositeCount++;
    return { kind: 'parenthesized', span, inner };
  }

  private conditional(node: CstNode): ast.Expression | undefined {
    const keyword = tokenOf(node, 'If');
    if (!keyword) return undefined;
    const branches = this.expressions(nodesOf(node, 'expression'));
    const [thenToken, elseToken] = [tokenOf(node, 'Then'), tokenOf(node, 'Else')];
    const condition = between(branches, keyword, thenToken ?? elseToken);
    const then = between(branches, thenToken, elseToken);
    const otherwise = between(branches, elseToken, undefined);
    const end = this.last(node, 'Then', 'Else');
    const parts = [end, condition?.span, then?.span, otherwise?.span];
    const span = this.cover(this.tokenSpan(keyword), ...parts);
    this.compositeCount++;
    return { kind: 'if', span, condition, then, else: otherwise };
  }

  binary(
    left: ast.Expression,
    operator: IToken,
    right: ast.Expression | undefined,
  ): ast.Expression {
    const operatorSpan = this.tokenSpan(operator);
    const span = this.cover(left.span, operatorSpan, right?.span);
    const node: ast.BinaryExpression = {
      kind: 'binary',
      span,
      operator: operator.image as ast.BinaryOperator,
      operatorSpan,
      left,
      right,
    };
    this.compositeCount++;
    return node;
  }

  unary(token: IToken, operand: ast.Expression | undefined): ast.Expression {
    const operator = token.image as '-' | 'not';
    const span = this.cover(this.tokenSpan(token), operand?.span);
    this.compositeCount++;
    return { kind: 'unary', span, operator, operand };
  }

  /** Reports `a < b < c` at its second operator; the chain becomes a missing expression. */
  refuseChainedComparison(chain: ast.Expression, operator: IToken): ast.Expression {
    const range = this.tokenSpan(operator).range;
    this.diagnostics.push(createDiagnostic('chainedComparison', range));
    return { kind: 'missing', span: chain.span };
  }

  // --- spans ---------------------------------------------------------------------------------

  private identifier(token: IToken | undefined): ast.Identifier | undefined {
    if (!isRealToken(token)) return undefined;
    return { kind: 'identifier', span: this.tokenSpan(token), name: token.image };
  }

  private tokenSpan(token: IToken): Span {
    return this.lines.span(token.startOffset, token.startOffset + token.image.length);
  }

  /** The span of the last of the named tokens directly inside `node`, if any is there. */
  private last(node: CstNode | undefined, ...names: string[]): Span | undefined {
    let last: IToken | undefined;
    for (const name of names) {
      const tokens = tokensOf(node, name);
      const candidate = tokens[tokens.length - 1];
      if (candidate && (!last || candidate.startOffset > last.startOffset)) last = candidate;
    }
    return last && this.tokenSpan(last);
  }

  /** The smallest span covering every given part. */
  private cover(...parts: (Span | undefined)[]): Span {
    let start = Infinity;
    let end = -Infinity;
    for (const part of parts) {
      if (!part) continue;
      start = Math.min(start, part.startOffset);
      end = Math.max(end, part.endOffset);
    }
    if (start === Infinity) return this.lines.span(0, 0);
    return this.lines.span(start, end);
  }
}

const INFIX_LEVEL: Record<string, number> = {
  or: 1,
  and: 2,
  '==': 4,
  '!=': 4,
  '<': 4,
  '<=': 4,
  '>': 4,
  '>=': 4,
  '+': 5,
  '-': 5,
  '*': 6,
  '/': 6,
};

/** `not` takes a comparison as its operand; unary minus only what follows it directly. */
const PREFIX_LEVEL: Record<string, number> = { not: 3, '-': 7 };

const COMPARISON_LEVEL = 4;

interface Operand {
  prefixes: IToken[];
  base: ast.Expression | undefined;
}

/**
 * Precedence climbing over `operand (operator operand)*`. Loops over operators of one level,
 * recursing only into tighter levels and prefixes, so long chains cost no stack.
 */
class OperatorPrecedence {
  private operand = 0;
  private prefix = 0;

  constructor(
    private readonly builder: AstBuilder,
    private readonly operands: Operand[],
    private readonly operators: IToken[],
  ) {}

  parse(minimumLevel = 1): ast.Expression | undefined {
    let left = this.prefixed();
    for (;;) {
      const operator = this.operators[this.operand - 1];
      const level = operator ? INFIX_LEVEL[operator.image] : 0;
      if (!operator || !left || level < minimumLevel) return left;
      const right = this.operand < this.operands.length ? this.parse(level + 1) : undefined;
      const chained = level === COMPARISON_LEVEL && isComparison(left);
      left = this.builder.binary(left, operator, right);
      if (chained) left = this.builder.refuseChainedComparison(left, operator);
      if (!right) return left;
    }
  }

  private prefixed(): ast.Expression | undefined {
    const current = this.operands[this.operand];
    const token = current.prefixes[this.prefix];
    if (token) {
      this.prefix++;
      return this.builder.unary(token, this.parse(PREFIX_LEVEL[token.image]));
    }
    this.operand++;
    this.prefix = 0;
    return current.base;
  }
}

function isComparison(node: ast.Expression): boolean {
  return node.kind === 'binary' && INFIX_LEVEL[node.operator] === COMPARISON_LEVEL;
}
