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
import { MAX_EXPRESSION_DEPTH } from './limits';

type Children = Record<string, (CstNode | IToken)[] | undefined>;

function isRealToken(token: IToken | undefined): token is IToken {
  return token !== undefined && !token.isInsertedInRecovery && Number.isFinite(token.startOffset);
}

function tokensOf(node: CstNode | undefined, name: string): IToken[] {
  const children = (node?.children as Children | undefined)?.[name] ?? [];
  return (children as IToken[]).filter(isRealToken);
}

function tokenOf(node: CstNode | undefined, name: string, index = 0): IToken | undefined {
  return tokensOf(node, name)[index];
}

function nodesOf(node: CstNode | undefined, name: string): CstNode[] {
  return ((node?.children as Children | undefined)?.[name] ?? []) as CstNode[];
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

/** Builds the AST of a whole file; diagnostics are refusals (too deep, too large a number). */
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
  private readonly depths = new Map<ast.Expression, number>();
  private lastTooDeep?: Span;

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
    const span = this.cover(this.tokenSpan(keyword), name?.span, this.end(node), value?.span);
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
    const span = this.cover(keyword, name?.span, this.end(node), ...elements.map((e) => e.span));
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
    const span = this.cover(keyword, target?.span, this.end(node), value?.span);
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
    const span = this.cover(this.tokenSpan(keyword), name?.span, this.end(node), value?.span);
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
    const span = this.cover(this.tokenSpan(keyword), name?.span, this.end(node), bounds);
    return { kind: 'transfer', span, keyword: this.tokenSpan(keyword), name, lower, upper, bounds };
  }

  private payoff(node: CstNode | undefined): ast.PayoffDeclaration | undefined {
    const first = tokenOf(node, 'Agent') ?? tokenOf(node, 'Designer') ?? tokenOf(node, 'Outside');
    if (!first) return undefined;
    const role = first.image as ast.PayoffRole;
    const second = tokenOf(node, role === 'outside' ? 'Option' : 'Payoff');
    const keywords = this.cover(this.tokenSpan(first), second && this.tokenSpan(second));
    const value = this.expression(nodeOf(node, 'expression'));
    const span = this.cover(keywords, this.end(node), value?.span);
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
    const span = this.cover(this.tokenSpan(keyword), param?.span, this.end(node), step?.span);
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
    const span = this.cover(this.tokenSpan(open), this.end(node), ...entries.map((e) => e.span));
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

  expression(node: CstNode | undefined): ast.Expression | undefined {
    return this.chain(nodesOf(node, 'conjunction'), tokensOf(node, 'Or'), (n) => this.conjunction(n));
  }

  private conjunction(node: CstNode): ast.Expression | undefined {
    return this.chain(nodesOf(node, 'negation'), tokensOf(node, 'And'), (n) => this.negation(n));
  }

  private negation(node: CstNode | undefined): ast.Expression | undefined {
    const not = tokenOf(node, 'Not');
    if (!not) return this.comparison(nodeOf(node, 'comparison'));
    return this.unaryNode('not', not, this.negation(nodeOf(node, 'negation')));
  }

  private comparison(node: CstNode | undefined): ast.Expression | undefined {
    const operators = tokensOf(node, 'Comparison');
    const operands = nodesOf(node, 'sum');
    const expression = this.chain(operands, operators, (n) => this.sum(n));
    if (operators.length < 2 || !expression) return expression;
    const second = [...operators].sort((a, b) => a.startOffset - b.startOffset)[1];
    this.diagnostics.push(createDiagnostic('chainedComparison', this.tokenSpan(second).range));
    return { kind: 'missing', span: expression.span };
  }

  private sum(node: CstNode): ast.Expression | undefined {
    const operators = [...tokensOf(node, 'Plus'), ...tokensOf(node, 'Minus')];
    return this.chain(nodesOf(node, 'product'), operators, (n) => this.product(n));
  }

  private product(node: CstNode): ast.Expression | undefined {
    const operators = [...tokensOf(node, 'Star'), ...tokensOf(node, 'Slash')];
    return this.chain(nodesOf(node, 'unary'), operators, (n) => this.unary(n));
  }

  private unary(node: CstNode | undefined): ast.Expression | undefined {
    const minus = tokenOf(node, 'Minus');
    if (!minus) return this.power(nodeOf(node, 'power'));
    return this.unaryNode('-', minus, this.unary(nodeOf(node, 'unary')));
  }

  private power(node: CstNode | undefined): ast.Expression | undefined {
    const base = this.atom(nodeOf(node, 'atom'));
    const caret = tokenOf(node, 'Caret');
    if (!base || !caret) return base;
    return this.binary(base, caret, this.unary(nodeOf(node, 'unary')));
  }

  private atom(node: CstNode | undefined): ast.Expression | undefined {
    const number = tokenOf(node, 'NumberLiteral');
    if (number) return this.number(number);
    const inf = tokenOf(node, 'Inf');
    if (inf) return this.measured({ kind: 'inf', span: this.tokenSpan(inf) }, 1);
    const reference = nodeOf(node, 'reference');
    if (reference) return this.reference(reference);
    const parenthesized = nodeOf(node, 'parenthesized');
    if (parenthesized) return this.parenthesized(parenthesized);
    const conditional = nodeOf(node, 'conditional');
    return conditional && this.conditional(conditional);
  }

  private number(token: IToken): ast.Expression {
    const span = this.tokenSpan(token);
    const value = Number(token.image);
    if (Number.isFinite(value)) return this.measured({ kind: 'number', span, value }, 1);
    this.diagnostics.push(createDiagnostic('numberTooLarge', span.range, [token.image]));
    return this.measured({ kind: 'missing', span }, 1);
  }

  private reference(node: CstNode): ast.Expression | undefined {
    const name = this.identifier(tokenOf(node, 'Identifier'));
    if (!name) return undefined;
    const call = nodeOf(node, 'callArguments');
    const index = nodeOf(node, 'indexArguments');
    const argumentsNode = call ?? index;
    if (!argumentsNode) return this.measured({ kind: 'name', span: name.span, name }, 1);
    const args = this.expressions(nodesOf(argumentsNode, 'expression'));
    const span = this.cover(name.span, this.end(argumentsNode), ...args.map((a) => a.span));
    const depth = 1 + Math.max(0, ...args.map((a) => this.depthOf(a)));
    if (call) return this.measured({ kind: 'call', span, callee: name, args }, depth);
    return this.measured({ kind: 'index', span, table: name, args }, depth);
  }

  private parenthesized(node: CstNode): ast.Expression | undefined {
    const open = tokenOf(node, 'LParen');
    const inner = this.expression(nodeOf(node, 'expression'));
    if (!open) return inner;
    const span = this.cover(this.tokenSpan(open), inner?.span, this.end(node));
    return this.measured({ kind: 'parenthesized', span, inner }, 1 + this.depthOf(inner));
  }

  private conditional(node: CstNode): ast.Expression | undefined {
    const keyword = tokenOf(node, 'If');
    if (!keyword) return undefined;
    const parts = this.expressions(nodesOf(node, 'expression'));
    const [thenToken, elseToken] = [tokenOf(node, 'Then'), tokenOf(node, 'Else')];
    const condition = between(parts, keyword, thenToken ?? elseToken);
    const then = between(parts, thenToken, elseToken);
    const otherwise = between(parts, elseToken, undefined);
    const span = this.cover(this.tokenSpan(keyword), this.end(node), ...parts.map((e) => e.span));
    const depth = 1 + Math.max(0, ...parts.map((e) => this.depthOf(e)));
    return this.measured({ kind: 'if', span, condition, then, else: otherwise }, depth);
  }

  /** Folds `a op b op c` to the left, pairing each operator with the operand after it. */
  private chain(
    operandNodes: CstNode[],
    operatorTokens: IToken[],
    build: (node: CstNode) => ast.Expression | undefined,
  ): ast.Expression | undefined {
    const operands = operandNodes.map((node) => build(node));
    const operators = [...operatorTokens].sort((a, b) => a.startOffset - b.startOffset);
    let result = operands[0];
    for (let i = 0; i < operators.length && result; i++) {
      result = this.binary(result, operators[i], operands[i + 1]);
    }
    return result;
  }

  private binary(
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
    return this.measured(node, 1 + Math.max(this.depthOf(left), this.depthOf(right)));
  }

  private unaryNode(
    operator: '-' | 'not',
    token: IToken,
    operand: ast.Expression | undefined,
  ): ast.Expression {
    const span = this.cover(this.tokenSpan(token), operand?.span);
    return this.measured({ kind: 'unary', span, operator, operand }, 1 + this.depthOf(operand));
  }

  /** Records a node's depth, refusing trees that later recursive passes could not walk. */
  private measured(node: ast.Expression, depth: number): ast.Expression {
    if (depth <= MAX_EXPRESSION_DEPTH) {
      this.depths.set(node, depth);
      return node;
    }
    const last = this.lastTooDeep;
    const covered = last && node.span.startOffset <= last.startOffset;
    if (!covered) {
      this.diagnostics.push(createDiagnostic('tooDeep', node.span.range, [MAX_EXPRESSION_DEPTH]));
    }
    this.lastTooDeep = node.span;
    const missing: ast.Expression = { kind: 'missing', span: node.span };
    this.depths.set(missing, 1);
    return missing;
  }

  private depthOf(node: ast.Expression | undefined): number {
    return node ? (this.depths.get(node) ?? 1) : 0;
  }

  // --- spans ---------------------------------------------------------------------------------

  private identifier(token: IToken | undefined): ast.Identifier | undefined {
    if (!isRealToken(token)) return undefined;
    return { kind: 'identifier', span: this.tokenSpan(token), name: token.image };
  }

  private tokenSpan(token: IToken): Span {
    return this.lines.span(token.startOffset, token.startOffset + token.image.length);
  }

  /** The span of the last real token directly inside `node` (a closing bracket, say). */
  private end(node: CstNode | undefined): Span | undefined {
    let last: IToken | undefined;
    for (const children of Object.values((node?.children ?? {}) as Children)) {
      for (const child of children ?? []) {
        if (!('image' in child) || !isRealToken(child)) continue;
        if (!last || child.startOffset > last.startOffset) last = child;
      }
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
