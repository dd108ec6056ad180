/**
 * Payoffs and the transfer. Each payoff is compiled once, checked to be affine in the transfer
 * symbolically (which points at the offending part), then evaluated at every (θ, x, ω) with the
 * transfer at 0 and 1: the value at 0 is u (or v), and the difference is the transfer's
 * coefficient, which must be the same at every point.
 */
import type { TransferSpec } from '../model';
import type * as ast from '../syntax/ast';
import type { CheckContext, SetInfo, TransferInfo } from './context';
import { formatNumber, namePoint, quote } from './describe';
import {
  compileExpression,
  CONSTANT_ENV,
  evaluateOrReport,
  EvaluationFault,
  type CompiledExpression,
  type Env,
} from './expressions';
import { MAX_POINTS, TOLERANCE } from './limits';

export interface Payoffs {
  /** u as `agent[θ][x][ω]`. */
  agent: number[][][];
  /** v as `designer[θ][x][ω]`. */
  designer: number[][][];
  /** u0 as `outside[θ][ω]`. */
  outside: number[][];
  transfer?: TransferSpec;
}

interface Grid {
  types: SetInfo;
  outcomes: SetInfo;
  /** Absent when the model has one implicit state. */
  states?: SetInfo;
  stateCount: number;
}

type Role = 'agent' | 'designer';

const DESCRIPTIONS: Record<ast.PayoffRole, string> = {
  agent: 'the agent payoff',
  designer: 'the designer payoff',
  outside: 'the outside option',
};

export function checkPayoffs(ctx: CheckContext): Payoffs | undefined {
  const { agent, designer, outside } = ctx.scope.payoffs;
  const transfer = ctx.scope.transfer;
  const bounds = transfer && readTransferBounds(ctx, transfer);
  const compiledAgent = agent && compilePayoff(ctx, agent, 'agent');
  const compiledDesigner = designer && compilePayoff(ctx, designer, 'designer');
  const compiledOutside = outside && compileOutside(ctx, outside);
  const grid = makeGrid(ctx);
  if (!grid || !compiledAgent || !compiledDesigner || (outside && !compiledOutside)) return;

  const agentTable = tabulate(ctx, compiledAgent, grid, 'agent', agent.value!);
  const designerTable = tabulate(ctx, compiledDesigner, grid, 'designer', designer.value!);
  const outsideTable = compiledOutside ? tabulateOutside(ctx, compiledOutside, grid) : zeros(grid);
  if (!agentTable || !designerTable || !outsideTable) return undefined;

  const payoffs = {
    agent: agentTable.values,
    designer: designerTable.values,
    outside: outsideTable,
  };
  const usesTransfer = compiledAgent.transferReads.size + compiledDesigner.transferReads.size > 0;
  // A transfer that no payoff reads only draws an "unused" warning: the model has no money.
  if (!transfer || !usesTransfer) return payoffs;
  if (agentTable.coefficient >= 0) {
    const args = [transfer.name, formatNumber(agentTable.coefficient)];
    ctx.report('agentCoefficient', agent.value!.span.range, args);
    return undefined;
  }
  if (!bounds) return undefined;
  const spec: TransferSpec = {
    name: transfer.name,
    ...bounds,
    agentCost: -agentTable.coefficient,
    designerGain: designerTable.coefficient,
  };
  return { ...payoffs, transfer: spec };
}

function compilePayoff(
  ctx: CheckContext,
  declaration: ast.PayoffDeclaration,
  role: Role,
): CompiledExpression | undefined {
  const description = DESCRIPTIONS[role];
  const bound = ['states', 'types', 'outcomes'] as const;
  const place = { description, bound, allowTransfer: true };
  const compiled = compileExpression(ctx, declaration.value, place);
  if (!compiled || compiled.transferReads.size === 0) return compiled;
  const transferName = ctx.scope.transfer!.name;
  const reporter = (node: ast.Expression) =>
    ctx.report('transferNotAffine', node.span.range, [transferName, description]);
  return degree(declaration.value!, compiled.transferReads, reporter) < 2 ? compiled : undefined;
}

function compileOutside(ctx: CheckContext, declaration: ast.PayoffDeclaration) {
  const place = {
    description: DESCRIPTIONS.outside,
    bound: ['states', 'types'] as const,
    allowTransfer: false,
    isOutsideOption: true,
  };
  return compileExpression(ctx, declaration.value, place);
}

/**
 * How an expression depends on the transfer: 0 not at all, 1 affinely, 2 otherwise. A part that
 * combines affine pieces non-affinely is reported; parts above it are not reported again.
 * FIXME(#2): the test is syntactic, so affine oddities such as `price * 0`, `price ^ 1` or
 * `(price - price) * price` are refused.
 */
function degree(
  node: ast.Expression | undefined,
  reads: ReadonlySet<ast.Expression>,
  report: (node: ast.Expression) => void,
): number {
  if (!node) return 0;
  const of = (child: ast.Expression | undefined) => degree(child, reads, report);
  const nonAffine = (at: ast.Expression, degrees: number[]) => {
    if (degrees.includes(2)) return 2;
    if (!degrees.includes(1)) return 0;
    report(at);
    return 2;
  };
  switch (node.kind) {
    case 'name':
      return reads.has(node) ? 1 : 0;
    case 'parenthesized':
      return of(node.inner);
    case 'unary':
      return node.operator === '-' ? of(node.operand) : nonAffine(node, [of(node.operand)]);
    case 'call':
    case 'index':
      return nonAffine(node, node.args.map(of));
    case 'if': {
      const condition = nonAffine(node.condition ?? node, [of(node.condition)]);
      return Math.max(condition, of(node.then), of(node.else));
    }
    case 'binary':
      return binaryDegree(node, of(node.left), of(node.right), nonAffine);
    default:
      return 0;
  }
}

function binaryDegree(
  node: ast.BinaryExpression,
  left: number,
  right: number,
  nonAffine: (at: ast.Expression, degrees: number[]) => number,
): number {
  if (left === 2 || right === 2) return 2;
  switch (node.operator) {
    case '+':
    case '-':
      return Math.max(left, right);
    case '*':
      return left + right <= 1 ? left + right : nonAffine(node, [left, right]);
    case '/':
      return right === 0 ? left : nonAffine(node, [left, right]);
    default:
      return nonAffine(node, [left, right]);
  }
}

function makeGrid(ctx: CheckContext): Grid | undefined {
  const { types, outcomes, states } = ctx.scope.sets;
  if (!types?.usable || !outcomes?.usable || (states && !states.usable)) return undefined;
  const stateCount = states?.elements.length ?? 1;
  const points = types.elements.length * outcomes.elements.length * stateCount;
  if (points > MAX_POINTS) {
    const args = [points.toLocaleString('en-US'), MAX_POINTS.toLocaleString('en-US')];
    ctx.report('tooManyPoints', ctx.scope.anchor, args);
    return undefined;
  }
  return { types, outcomes, states, stateCount };
}

function pointName(grid: Grid, th: number, x?: number, w?: number): string {
  const parts = [{ set: grid.types, index: th }];
  if (x !== undefined) parts.push({ set: grid.outcomes, index: x });
  if (grid.states && w !== undefined) parts.push({ set: grid.states, index: w });
  return namePoint(parts);
}

interface Tabulated {
  values: number[][][];
  /** The transfer's coefficient (0 when the payoff does not read it). */
  coefficient: number;
}

/** The payoff at every point with the transfer at 0, and its coefficient of the transfer. */
function tabulate(
  ctx: CheckContext,
  compiled: CompiledExpression,
  grid: Grid,
  role: Role,
  expression: ast.Expression,
): Tabulated | undefined {
  const description = DESCRIPTIONS[role];
  const env: Env = { elements: [0, 0, 0], transfer: 0 };
  const { types, outcomes, stateCount } = grid;
  const values = types.elements.map(() =>
    outcomes.elements.map(() => new Array<number>(stateCount)),
  );
  const coefficients =
    compiled.transferReads.size > 0
      ? new CoefficientCheck(ctx, compiled, grid, description, expression)
      : undefined;
  for (let th = 0; th < types.elements.length; th++) {
    for (let x = 0; x < outcomes.elements.length; x++) {
      for (let w = 0; w < stateCount; w++) {
        env.elements[0] = w;
        env.elements[1] = th;
        env.elements[2] = x;
        const where = () => `${description} at ${pointName(grid, th, x, w)}`;
        const value = evaluateOrReport(ctx, compiled.evaluate, env, where);
        if (value === undefined) return undefined;
        values[th][x][w] = value;
        if (coefficients && !coefficients.accept(env, value, [th, x, w])) return undefined;
      }
    }
  }
  return { values, coefficient: coefficients?.coefficient ?? 0 };
}

/** Checks that f(1) − f(0) is the same at every point. */
class CoefficientCheck {
  private first?: { coefficient: number; point: string };

  constructor(
    private readonly ctx: CheckContext,
    private readonly compiled: CompiledExpression,
    private readonly grid: Grid,
    private readonly description: string,
    private readonly expression: ast.Expression,
  ) {}

  /** The coefficient found, rounded so that −1 + 1e-16 reads as −1. */
  get coefficient(): number {
    return this.first ? Number(this.first.coefficient.toPrecision(12)) : 0;
  }

  /**
   * Evaluates at a transfer T > 0 (`env` holds the point, `f0` the value at 0) and takes
   * (f(T) − f0)/T; false on a problem. T is a power of two at least |f0|, so that a payoff like
   * 1e16·v − price does not lose the transfer's −1 to rounding; 1 if that overflows.
   */
  accept(env: Env, f0: number, [th, x, w]: [number, number, number]): boolean {
    const point = () => pointName(this.grid, th, x, w);
    const where = () => `${this.description} at ${point()}`;
    let step = 2 ** Math.max(0, Math.ceil(Math.log2(Math.abs(f0))));
    let fStep = step > 1 ? this.quietly(env, step) : undefined;
    if (fStep === undefined || !Number.isFinite(fStep)) {
      step = 1;
      env.transfer = 1;
      fStep = evaluateOrReport(this.ctx, this.compiled.evaluate, env, where);
      env.transfer = 0;
    }
    if (fStep === undefined) return false;
    const coefficient = (fStep - f0) / step;
    const first = this.first;
    if (!first) {
      this.first = { coefficient, point: point() };
      return true;
    }
    const scale = Math.max(1, Math.abs(first.coefficient));
    if (Math.abs(coefficient - first.coefficient) <= TOLERANCE * scale) return true;
    const args = [
      this.ctx.scope.transfer!.name,
      formatNumber(first.coefficient),
      this.description,
      first.point,
      formatNumber(coefficient),
      point(),
    ];
    this.ctx.report('transferCoefficientVaries', this.expression.span.range, args);
    return false;
  }

  /** The payoff at transfer t, or undefined (reporting nothing) where it cannot be evaluated. */
  private quietly(env: Env, t: number): number | undefined {
    env.transfer = t;
    try {
      return this.compiled.evaluate(env);
    } catch (error) {
      if (error instanceof EvaluationFault) return undefined;
      throw error;
    } finally {
      env.transfer = 0;
    }
  }
}

function tabulateOutside(
  ctx: CheckContext,
  compiled: CompiledExpression,
  grid: Grid,
): number[][] | undefined {
  const env: Env = { elements: [0, 0, 0], transfer: 0 };
  const values: number[][] = [];
  for (let th = 0; th < grid.types.elements.length; th++) {
    const row = new Array<number>(grid.stateCount);
    values.push(row);
    for (let w = 0; w < grid.stateCount; w++) {
      env.elements[0] = w;
      env.elements[1] = th;
      const where = () => `${DESCRIPTIONS.outside} at ${pointName(grid, th, undefined, w)}`;
      const value = evaluateOrReport(ctx, compiled.evaluate, env, where);
      if (value === undefined) return undefined;
      row[w] = value;
    }
  }
  return values;
}

function zeros(grid: Grid): number[][] {
  return grid.types.elements.map(() => new Array<number>(grid.stateCount).fill(0));
}

/** `in [LOWER, UPPER]`, where a bound may be `inf` or `-inf`; ±Infinity when not written. */
function readTransferBounds(
  ctx: CheckContext,
  transfer: TransferInfo,
): { lower: number; upper: number } | undefined {
  const declaration = transfer.declaration;
  if (!declaration.bounds) return { lower: -Infinity, upper: Infinity };
  const lower = readBound(ctx, declaration.lower, transfer.name);
  const upper = readBound(ctx, declaration.upper, transfer.name);
  if (lower === undefined || upper === undefined) return undefined;
  if (lower > upper || lower === Infinity || upper === -Infinity) {
    const args = [transfer.name, formatNumber(lower), formatNumber(upper)];
    ctx.report('transferBounds', declaration.bounds.range, args);
    return undefined;
  }
  return { lower, upper };
}

function readBound(
  ctx: CheckContext,
  expression: ast.Expression | undefined,
  name: string,
): number | undefined {
  if (expression?.kind === 'inf') return Infinity;
  const negated = expression?.kind === 'unary' && expression.operator === '-';
  if (negated && expression.operand?.kind === 'inf') return -Infinity;
  const description = `the bounds of the transfer ${quote(name)}`;
  const place = { description, bound: [], allowTransfer: false };
  const compiled = compileExpression(ctx, expression, place);
  return compiled && evaluateOrReport(ctx, compiled.evaluate, CONSTANT_ENV, () => description);
}
