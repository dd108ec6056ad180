/**
 * Reading `{ ELEM: VALUE, … }` lists keyed by the elements of one set, shared by priors and
 * tables: wrong shapes, foreign or repeated keys and missing entries are reported here.
 */
import type { Range } from '../source';
import type * as ast from '../syntax/ast';
import type { CheckContext, SetInfo } from './context';
import { didYouMean, quote } from './describe';
import { compileExpression, CONSTANT_ENV, evaluateOrReport, listNames } from './expressions';

/** How messages about one list name it. */
export interface ListOwner {
  /** Starts a sentence: `The prior of 'demand'`, `The row 'low' of table 'w'`. */
  title: string;
  /** Inside a sentence: `the prior of 'demand'`. */
  inside: string;
  /** Where a missing entry is reported: the name of the enclosing construct. */
  range: Range;
}

/**
 * The entries of `value` by element index of `set` (undefined where missing), or undefined
 * when `value` is not a list at all. Missing entries are reported as `missing` says.
 */
export function readKeyedList(
  ctx: CheckContext,
  value: ast.Value | undefined,
  set: SetInfo,
  owner: ListOwner,
  missing: 'missingEntry' | 'missingRow',
): (ast.Entry | undefined)[] | undefined {
  if (!value) return undefined;
  if (value.kind !== 'list') {
    ctx.report('expectedList', value.span.range, [owner.inside]);
    return undefined;
  }
  const slots = new Array<ast.Entry | undefined>(set.elements.length).fill(undefined);
  let complete = true;
  for (const entry of value.entries) {
    const index = keyIndex(ctx, entry, set, owner, slots);
    if (index === undefined) complete = false;
    else slots[index] = entry;
  }
  const absent = set.elements.filter((_, i) => !slots[i]).map((element) => element.name);
  // A bad key usually is the missing entry misspelt: one diagnostic is enough.
  if (absent.length > 0 && complete) {
    ctx.report(missing, owner.range, [owner.title, listNames(absent)]);
  }
  return slots;
}

/** The element index of an entry's key, after reporting a bad or repeated key. */
function keyIndex(
  ctx: CheckContext,
  entry: ast.Entry,
  set: SetInfo,
  owner: ListOwner,
  slots: (ast.Entry | undefined)[],
): number | undefined {
  const key = entry.key;
  if (!key || key.names.length === 0) return undefined;
  if (key.tuple || key.names.length !== 1) {
    ctx.report('keyShape', key.span.range, [`an element of ${quote(set.name)}`]);
    return undefined;
  }
  const name = key.names[0];
  const element = resolveElement(ctx, name, set);
  if (!element) return undefined;
  const first = slots[element.index];
  if (first?.key) {
    ctx.report('repeatedEntry', name.span.range, [name.name, owner.inside], {
      related: [{ message: 'It is first given here.', range: first.key.span.range }],
    });
    return undefined;
  }
  return element.index;
}

/** The element of `set` that `name` denotes, after reporting a foreign or unknown name. */
export function resolveElement(ctx: CheckContext, name: ast.Identifier, set: SetInfo) {
  const element = set.byName.get(name.name);
  if (element) {
    ctx.symbols.reference(name.span, element.symbol);
    return element;
  }
  const owner = Object.values(ctx.scope.sets).find((s) => s !== set && s.byName.has(name.name));
  if (owner) {
    ctx.symbols.reference(name.span, owner.byName.get(name.name)!.symbol);
    ctx.report('wrongSet', name.span.range, [name.name, set.name, owner.name]);
  } else {
    const advice = didYouMean(name.name, set.byName.keys());
    ctx.report('unknownElement', name.span.range, [name.name, set.name, advice]);
  }
  return undefined;
}

/** The number an entry holds, evaluated with no current elements. */
export function readNumber(
  ctx: CheckContext,
  entry: ast.Entry,
  description: string,
): number | undefined {
  const value = entry.value;
  if (!value) return undefined;
  if (value.kind === 'list') {
    const key = entry.key?.names.map((n) => n.name).join(', ') ?? '';
    ctx.report('expectedNumber', value.span.range, [key]);
    return undefined;
  }
  const compiled = compileExpression(ctx, value, { description, bound: [], allowTransfer: false });
  if (!compiled) return undefined;
  return evaluateOrReport(ctx, compiled.evaluate, CONSTANT_ENV, () => description);
}
