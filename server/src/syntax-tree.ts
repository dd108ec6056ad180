/**
 * Small questions about the core's AST that several features ask: which declaration or entry
 * is at an offset, what the rows of a prior or table are, and what a constant entry is worth.
 */
import type { SymbolTable } from '../../language/src/check/symbols';
import type * as ast from '../../language/src/syntax/ast';

export function contains(
  node: { span: { startOffset: number; endOffset: number } },
  offset: number,
): boolean {
  return node.span.startOffset <= offset && offset <= node.span.endOffset;
}

export function declarationAt(
  file: ast.ModelFile | undefined,
  offset: number,
): ast.Declaration | undefined {
  return file?.declarations.find((declaration) => contains(declaration, offset));
}

/** A list of entries with the names of its enclosing keys (outermost first). */
export interface Row {
  list: ast.ListValue;
  /** Keys of the entries that lead to this list; empty for the top-level list. */
  path: string[];
  /** The entry whose value is this list, absent for the top-level list. */
  entry?: ast.Entry;
}

/** Every list of a prior or table value, outermost first. */
export function rowsOf(value: ast.Value | undefined): Row[] {
  const rows: Row[] = [];
  const visit = (node: ast.Value | undefined, path: string[], entry?: ast.Entry) => {
    if (!node || node.kind !== 'list') return;
    rows.push({ list: node, path, entry });
    for (const child of node.entries) {
      visit(child.value, [...path, keyText(child.key)], child);
    }
  };
  visit(value, []);
  return rows;
}

/** `low` or `(low, v1)`; empty when the key is missing. */
export function keyText(key: ast.EntryKey | undefined): string {
  if (!key) return '';
  const names = key.names.map((name) => name.name).join(', ');
  return key.tuple ? `(${names})` : names;
}

/** A list whose entries are all numbers (no nested lists): a row of probabilities or values. */
export function isLeafRow(list: ast.ListValue): boolean {
  return list.entries.every((entry) => entry.value === undefined || entry.value.kind !== 'list');
}

/** The innermost entry at the offset inside a prior or table value, with its row. */
export function entryAt(
  declaration: ast.PriorDeclaration | ast.TableDeclaration,
  offset: number,
): { entry: ast.Entry; row: Row } | undefined {
  for (const row of rowsOf(declaration.value).reverse()) {
    if (!contains(row.list, offset)) continue;
    const entry = row.list.entries.find((candidate) => contains(candidate, offset));
    if (entry && entry.value?.kind !== 'list') return { entry, row };
  }
  return undefined;
}

/** The set whose elements key the lists at this depth (1 = outermost), when known. */
export function keySetAt(
  declaration: ast.PriorDeclaration | ast.TableDeclaration,
  depth: number,
): string | undefined {
  if (declaration.kind === 'table') return declaration.dimensions[depth - 1]?.name;
  const target = declaration.target;
  if (!target) return undefined;
  if (target.kind === 'marginal') return depth === 1 ? target.set.name : undefined;
  if (target.kind === 'conditional') {
    return depth === 1 ? target.given?.name : depth === 2 ? target.set.name : undefined;
  }
  return undefined;
}

const FUNCTIONS: Record<string, (...args: number[]) => number> = {
  abs: Math.abs,
  min: Math.min,
  max: Math.max,
  sqrt: Math.sqrt,
  exp: Math.exp,
  log: Math.log,
};

/** The built-in functions of the language. */
export const FUNCTION_NAMES = Object.keys(FUNCTIONS);

/**
 * The value of an expression made of numbers, parameters and arithmetic, as written in a prior
 * or table entry; undefined when it depends on anything else or is not finite.
 * FIXME(#3): the checker computes these values too but does not expose them per entry.
 */
export function evaluateConstant(
  expression: ast.Value | undefined,
  symbols: SymbolTable | undefined,
): number | undefined {
  const value = evaluate(expression, symbols);
  return value !== undefined && Number.isFinite(value) ? value : undefined;
}

function evaluate(
  node: ast.Value | undefined,
  symbols: SymbolTable | undefined,
): number | undefined {
  if (!node) return undefined;
  switch (node.kind) {
    case 'number':
      return node.value;
    case 'parenthesized':
      return evaluate(node.inner, symbols);
    case 'name': {
      const symbol = symbols?.lookup(node.name.name);
      return symbol?.kind === 'param' ? symbol.value : undefined;
    }
    case 'unary': {
      const operand = evaluate(node.operand, symbols);
      if (operand === undefined) return undefined;
      return node.operator === '-' ? -operand : Number(operand === 0);
    }
    case 'binary':
      return binary(node.operator, evaluate(node.left, symbols), evaluate(node.right, symbols));
    case 'call': {
      const fn = FUNCTIONS[node.callee.name];
      const args = node.args.map((arg) => evaluate(arg, symbols));
      if (!fn || args.some((arg) => arg === undefined)) return undefined;
      return fn(...(args as number[]));
    }
    case 'if': {
      const condition = evaluate(node.condition, symbols);
      if (condition === undefined) return undefined;
      return evaluate(condition !== 0 ? node.then : node.else, symbols);
    }
    default:
      return undefined;
  }
}

function binary(
  operator: ast.BinaryOperator,
  a: number | undefined,
  b: number | undefined,
): number | undefined {
  if (a === undefined || b === undefined) return undefined;
  switch (operator) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return b === 0 ? undefined : a / b;
    case '^':
      return a ** b;
    case '==':
      return Number(a === b);
    case '!=':
      return Number(a !== b);
    case '<':
      return Number(a < b);
    case '<=':
      return Number(a <= b);
    case '>':
      return Number(a > b);
    case '>=':
      return Number(a >= b);
    case 'and':
      return Number(a !== 0 && b !== 0);
    case 'or':
      return Number(a !== 0 || b !== 0);
  }
}

/** Calls `visit` on every expression node of the file, parents before children. */
export function forEachExpression(
  file: ast.ModelFile | undefined,
  visit: (node: ast.Expression) => void,
): void {
  const walk = (node: ast.Value | undefined): void => {
    if (!node) return;
    if (node.kind === 'list') {
      node.entries.forEach((entry) => walk(entry.value));
      return;
    }
    visit(node);
    switch (node.kind) {
      case 'call':
      case 'index':
        node.args.forEach(walk);
        return;
      case 'unary':
        return walk(node.operand);
      case 'binary':
        walk(node.left);
        return walk(node.right);
      case 'if':
        walk(node.condition);
        walk(node.then);
        return walk(node.else);
      case 'parenthesized':
        return walk(node.inner);
    }
  };
  for (const declaration of file?.declarations ?? []) {
    switch (declaration.kind) {
      case 'param':
      case 'payoff':
        walk(declaration.value);
        break;
      case 'set':
        declaration.elements.forEach((element) => walk(element.value));
        break;
      case 'prior':
      case 'table':
        walk(declaration.value);
        break;
      case 'transfer':
        walk(declaration.lower);
        walk(declaration.upper);
        break;
      case 'sweep':
        walk(declaration.from);
        walk(declaration.to);
        walk(declaration.step);
        break;
    }
  }
}
