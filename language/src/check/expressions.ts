/**
 * Resolves an expression's names once, reporting every static error, and compiles it to a
 * closure that evaluates it at given current elements. Evaluation is strict: an operation that
 * yields a non-finite number, or divides by zero, throws an `EvaluationFault` naming the node.
 */
import type { Span } from '../source';
import type * as ast from '../syntax/ast';
import {
  ROLE_INDEX,
  type CheckContext,
  type ParamInfo,
  type SetInfo,
  type SetRole,
  type TableInfo,
} from './context';
import { describeGlobal, didYouMean, quote } from './describe';

/** The current elements (indexed by `ROLE_INDEX`) and the transfer's trial value. */
export interface Env {
  elements: number[];
  transfer: number;
}

export type Evaluate = (env: Env) => number;

/** Why an evaluation stopped; `poisoned` means an input already failed and was reported. */
export class EvaluationFault {
  constructor(
    readonly kind: 'divisionByZero' | 'notFinite' | 'poisoned',
    readonly span?: Span,
  ) {}
}

const POISONED = new EvaluationFault('poisoned');

/** Where an expression is written, which decides what it may refer to. */
export interface ExpressionPlace {
  /** How messages name the place: `parameter 'rho'`, `the agent payoff`. */
  description: string;
  /** The sets that have a current element here. */
  bound: readonly SetRole[];
  /** True only in the two payoffs. */
  allowTransfer: boolean;
  /** True in the outside option, which may not depend on the outcome. */
  isOutsideOption?: boolean;
  /** Receives every param the expression reads, for cycle detection. */
  dependencies?: ParamInfo[];
}

export interface CompiledExpression {
  evaluate: Evaluate;
  /** The name nodes that read the transfer. */
  transferReads: ReadonlySet<ast.Expression>;
}

/** Compiles `expression`, or returns undefined after reporting why it cannot be evaluated. */
export function compileExpression(
  ctx: CheckContext,
  expression: ast.Expression | undefined,
  place: ExpressionPlace,
): CompiledExpression | undefined {
  const compiler = new ExpressionCompiler(ctx, place);
  const evaluate = compiler.compile(expression);
  return compiler.ok ? { evaluate, transferReads: compiler.transferReads } : undefined;
}

/** Evaluates, reporting a fault (with `where` naming the place and point) as a diagnostic. */
export function evaluateOrReport(
  ctx: CheckContext,
  evaluate: Evaluate,
  env: Env,
  where: () => string,
): number | undefined {
  try {
    return evaluate(env);
  } catch (error) {
    if (!(error instanceof EvaluationFault)) throw error;
    if (error.kind === 'poisoned' || !error.span) return undefined;
    ctx.report(error.kind, error.span.range, [where()]);
    return undefined;
  }
}

/** An environment with no current elements, for params, priors, tables and bounds. */
export const CONSTANT_ENV: Env = { elements: [0, 0, 0], transfer: 0 };

const ZERO: Evaluate = () => 0;

function finite(value: number, span: Span): number {
  if (Number.isFinite(value)) return value;
  throw new EvaluationFault('notFinite', span);
}

interface FunctionSpec {
  arity: 'one' | 'many';
  apply: (args: number[]) => number;
}

const FUNCTIONS: Record<string, FunctionSpec> = {
  abs: { arity: 'one', apply: ([x]) => Math.abs(x) },
  sqrt: { arity: 'one', apply: ([x]) => Math.sqrt(x) },
  exp: { arity: 'one', apply: ([x]) => Math.exp(x) },
  log: { arity: 'one', apply: ([x]) => Math.log(x) },
  min: { arity: 'many', apply: (xs) => Math.min(...xs) },
  max: { arity: 'many', apply: (xs) => Math.max(...xs) },
};

/** The names of the built-in functions, for completion. */
export const FUNCTION_NAMES: readonly string[] = Object.keys(FUNCTIONS);

const COMPARE: Record<ast.ComparisonOperator, (a: number, b: number) => boolean> = {
  '==': (a, b) => a === b,
  '!=': (a, b) => a !== b,
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
};

const ARITHMETIC: Record<'+' | '-' | '*' | '^', (a: number, b: number) => number> = {
  '+': (a, b) => a + b,
  '-': (a, b) => a - b,
  '*': (a, b) => a * b,
  '^': (a, b) => Math.pow(a, b),
};

class ExpressionCompiler {
  ok = true;
  readonly transferReads = new Set<ast.Expression>();

  constructor(
    private readonly ctx: CheckContext,
    private readonly place: ExpressionPlace,
  ) {}

  compile(node: ast.Expression | undefined): Evaluate {
    if (!node) return this.fail();
    switch (node.kind) {
      case 'number': {
        const value = node.value;
        return () => value;
      }
      case 'inf':
        return this.fail('infinityNotAllowed', node.span);
      case 'missing':
        return this.fail();
      case 'parenthesized':
        return this.compile(node.inner);
      case 'name':
        return this.name(node);
      case 'call':
        return this.call(node);
      case 'index':
        return this.index(node);
      case 'unary':
        return this.unary(node);
      case 'binary':
        return this.binary(node);
      case 'if':
        return this.conditional(node);
    }
  }

  /** Marks the expression as not evaluable, reporting why unless that was done elsewhere. */
  private fail(id?: 'infinityNotAllowed', span?: Span): Evaluate {
    this.ok = false;
    if (id && span) this.ctx.report(id, span.range);
    return ZERO;
  }

  private name(node: ast.NameExpression): Evaluate {
    const id = node.name;
    const info = this.ctx.scope.globals.get(id.name);
    if (!info) return this.notGlobal(id);
    this.ctx.symbols.reference(id.span, info.symbol);
    switch (info.kind) {
      case 'param':
        this.place.dependencies?.push(info);
        return () => {
          if (info.value === undefined) throw POISONED;
          return info.value;
        };
      case 'set':
        return this.setValue(info, id.span);
      case 'table':
        return this.tableAsNumber(info, id.span);
      case 'transfer':
        return this.transfer(node);
    }
  }

  private notGlobal(id: ast.Identifier): Evaluate {
    const owner = this.setOwning(id.name);
    this.ok = false;
    if (owner) {
      this.ctx.symbols.reference(id.span, owner.byName.get(id.name)!.symbol);
      this.ctx.report('elementAsNumber', id.span.range, [id.name, owner.name]);
    } else {
      const advice = didYouMean(id.name, this.ctx.scope.globals.keys());
      this.ctx.report('unknownName', id.span.range, [id.name, advice]);
    }
    return ZERO;
  }

  private setOwning(elementName: string, except?: SetInfo): SetInfo | undefined {
    return Object.values(this.ctx.scope.sets).find(
      (set) => set !== except && set.byName.has(elementName),
    );
  }

  /** A set used as a number: the current element's value. */
  private setValue(set: SetInfo, span: Span): Evaluate {
    if (!this.requireCurrent(set, span)) return ZERO;
    const unvalued = set.elements.filter((element) => !element.declaration.value);
    if (unvalued.length === set.elements.length) {
      this.ctx.report('setWithoutValues', span.range, [set.name, set.elements[0].name]);
      return this.fail();
    }
    if (unvalued.length > 0) {
      this.ctx.report('elementWithoutValue', span.range, [set.name, unvalued[0].name]);
      return this.fail();
    }
    const role = ROLE_INDEX[set.role];
    const elements = set.elements;
    return (env) => {
      const value = elements[env.elements[role]].value;
      if (value === undefined) throw POISONED;
      return value;
    };
  }

  /** True when `set` has a current element here; otherwise reports why not. */
  private requireCurrent(set: SetInfo, span: Span): boolean {
    if (set.usable && this.place.bound.includes(set.role)) return true;
    this.ok = false;
    if (!set.usable) return false;
    if (this.place.isOutsideOption && set.role === 'outcomes') {
      this.ctx.report('outsideDependsOnOutcome', span.range, [set.name]);
    } else {
      this.ctx.report('setNotCurrent', span.range, [set.name, this.place.description]);
    }
    return false;
  }

  private tableAsNumber(table: TableInfo, span: Span): Evaluate {
    const dimensions = table.declaration.dimensions.map((d) => d.name).join(', ');
    this.ctx.report('tableAsNumber', span.range, [table.name, `${table.name}[${dimensions}]`]);
    return this.fail();
  }

  private transfer(node: ast.NameExpression): Evaluate {
    if (!this.place.allowTransfer) {
      this.ctx.report('transferOutsidePayoff', node.span.range, [node.name.name]);
      return this.fail();
    }
    this.transferReads.add(node);
    return (env) => env.transfer;
  }

  private call(node: ast.CallExpression): Evaluate {
    const name = node.callee.name;
    const spec = FUNCTIONS[name];
    const args = node.args.map((arg) => this.compile(arg));
    if (!spec) return this.notAFunction(node.callee);
    const count = args.length;
    if (spec.arity === 'one' && count !== 1) {
      this.ctx.report('wrongArgumentCount', node.span.range, [name, 'one argument', count]);
      return this.fail();
    }
    if (spec.arity === 'many' && count === 0) {
      this.ctx.report('wrongArgumentCount', node.span.range, [name, 'at least one argument', 0]);
      return this.fail();
    }
    const span = node.span;
    return (env) => finite(spec.apply(args.map((arg) => arg(env))), span);
  }

  private notAFunction(callee: ast.Identifier): Evaluate {
    const info = this.ctx.scope.globals.get(callee.name);
    if (info) {
      this.ctx.symbols.reference(callee.span, info.symbol);
      this.ctx.report('notAFunction', callee.span.range, [callee.name, describeGlobal(info)]);
    } else {
      this.ctx.report('unknownFunction', callee.span.range, [callee.name]);
    }
    return this.fail();
  }

  private index(node: ast.IndexExpression): Evaluate {
    const id = node.table;
    const info = this.ctx.scope.globals.get(id.name);
    if (!info) {
      const advice = didYouMean(
        id.name,
        this.ctx.scope.tables.map((t) => t.name),
      );
      this.ctx.report('unknownName', id.span.range, [id.name, advice]);
      return this.fail();
    }
    this.ctx.symbols.reference(id.span, info.symbol);
    if (info.kind !== 'table') {
      this.ctx.report('notATable', id.span.range, [id.name, describeGlobal(info)]);
      return this.fail();
    }
    const dimensions = info.dimensions;
    if (!dimensions) return this.fail();
    if (!this.checkIndices(node, info, dimensions)) return this.fail();
    return tableReader(info, dimensions);
  }

  /** Each index must be the name of the set declared at that position, with a current element. */
  private checkIndices(
    node: ast.IndexExpression,
    table: TableInfo,
    dimensions: SetInfo[],
  ): boolean {
    const example = `${table.name}[${dimensions.map((d) => d.name).join(', ')}]`;
    if (node.args.length !== dimensions.length) {
      const declared = listNames(dimensions.map((d) => d.name));
      const count = node.args.length === 1 ? '1 index' : `${node.args.length} indices`;
      this.ctx.report('tableIndexCount', node.span.range, [table.name, declared, count, example]);
      return false;
    }
    let ok = true;
    node.args.forEach((arg, i) => {
      const set = dimensions[i];
      const name = arg.kind === 'name' ? arg.name : undefined;
      if (name?.name === set.name) {
        this.ctx.symbols.reference(name.span, set.symbol);
        ok = this.requireCurrent(set, name.span) && ok;
        return;
      }
      this.ctx.report('tableIndexMismatch', arg.span.range, [table.name, set.name, i + 1, example]);
      ok = false;
    });
    return ok;
  }

  private unary(node: ast.UnaryExpression): Evaluate {
    const operand = this.compile(node.operand);
    if (node.operator === '-') return (env) => -operand(env);
    return (env) => (operand(env) === 0 ? 1 : 0);
  }

  private binary(node: ast.BinaryExpression): Evaluate {
    const operator = node.operator;
    if (operator === '==' || operator === '!=') {
      const identity = this.identity(node, operator);
      if (identity) return identity;
    }
    const left = this.compile(node.left);
    const right = this.compile(node.right);
    const span = node.span;
    switch (operator) {
      case 'and':
        return (env) => (left(env) !== 0 && right(env) !== 0 ? 1 : 0);
      case 'or':
        return (env) => (left(env) !== 0 || right(env) !== 0 ? 1 : 0);
      case '/':
        return divide(left, right, span, node.right?.span ?? span);
      case '+':
      case '-':
      case '*':
      case '^': {
        const apply = ARITHMETIC[operator];
        return (env) => finite(apply(left(env), right(env)), span);
      }
      default: {
        const compare = COMPARE[operator];
        return (env) => (compare(left(env), right(env)) ? 1 : 0);
      }
    }
  }

  /**
   * `SET == ELEM` (either way round) compares the current element with `ELEM`. Returns
   * undefined when the comparison is numeric instead.
   */
  private identity(node: ast.BinaryExpression, operator: '==' | '!='): Evaluate | undefined {
    const pairs: [ast.Expression | undefined, ast.Expression | undefined][] = [
      [node.left, node.right],
      [node.right, node.left],
    ];
    for (const [setSide, elementSide] of pairs) {
      if (setSide?.kind !== 'name' || elementSide?.kind !== 'name') continue;
      const set = this.ctx.scope.globals.get(setSide.name.name);
      if (set?.kind !== 'set') continue;
      const element = set.byName.get(elementSide.name.name);
      if (!element && this.ctx.scope.globals.has(elementSide.name.name)) continue;
      this.ctx.symbols.reference(setSide.name.span, set.symbol);
      if (!element) return this.notAnElement(elementSide.name, set);
      this.ctx.symbols.reference(elementSide.name.span, element.symbol);
      if (!this.requireCurrent(set, setSide.name.span)) return ZERO;
      const role = ROLE_INDEX[set.role];
      const index = element.index;
      const equal = operator === '==' ? 1 : 0;
      return (env) => (env.elements[role] === index ? equal : 1 - equal);
    }
    return undefined;
  }

  private notAnElement(name: ast.Identifier, set: SetInfo): Evaluate {
    const owner = this.setOwning(name.name, set);
    if (owner) {
      this.ctx.symbols.reference(name.span, owner.byName.get(name.name)!.symbol);
      this.ctx.report('wrongSet', name.span.range, [name.name, set.name, owner.name]);
    } else {
      const advice = didYouMean(name.name, set.byName.keys());
      this.ctx.report('unknownElement', name.span.range, [name.name, set.name, advice]);
    }
    return this.fail();
  }

  private conditional(node: ast.ConditionalExpression): Evaluate {
    const condition = this.compile(node.condition);
    const then = this.compile(node.then);
    const otherwise = this.compile(node.else);
    return (env) => (condition(env) !== 0 ? then(env) : otherwise(env));
  }
}

function divide(left: Evaluate, right: Evaluate, span: Span, divisorSpan: Span): Evaluate {
  return (env) => {
    const numerator = left(env);
    const denominator = right(env);
    if (denominator === 0) throw new EvaluationFault('divisionByZero', divisorSpan);
    return finite(numerator / denominator, span);
  };
}

function tableReader(table: TableInfo, dimensions: SetInfo[]): Evaluate {
  const roles = dimensions.map((d) => ROLE_INDEX[d.role]);
  const strides = tableStrides(dimensions);
  return (env) => {
    const values = table.values;
    if (!values) throw POISONED;
    let offset = 0;
    for (let i = 0; i < roles.length; i++) offset += env.elements[roles[i]] * strides[i];
    return values[offset];
  };
}

/** Row-major strides of a table over `dimensions`. */
export function tableStrides(dimensions: readonly SetInfo[]): number[] {
  const strides = new Array<number>(dimensions.length);
  let stride = 1;
  for (let i = dimensions.length - 1; i >= 0; i--) {
    strides[i] = stride;
    stride *= dimensions[i].elements.length;
  }
  return strides;
}

/** `'a'`, `'a' and 'b'`, `'a', 'b' and 'c'`; long lists end with `and N others`. */
export function listNames(names: readonly string[], limit = 5): string {
  const quoted = names.slice(0, limit).map(quote);
  if (names.length > limit) return `${quoted.join(', ')} and ${names.length - limit} others`;
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}`;
}
