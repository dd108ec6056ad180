/**
 * Priors: which declarations are present (`prior STATES` with `prior TYPES | STATES` or
 * `prior TYPES`, or the joint prior alone), and whether their numbers form distributions.
 */
import type { Range } from '../source';
import type * as ast from '../syntax/ast';
import type { CheckContext, SetInfo } from './context';
import { describeGlobal, didYouMean, formatNumber, quote } from './describe';
import { listNames } from './expressions';
import { TOLERANCE } from './limits';
import { readKeyedList, readNumber, resolveElement, type ListOwner } from './lists';

/** The numbers a model needs: p(ω) and p(θ | ω) as `typeGivenState[ω][θ]`. */
export interface Priors {
  prior: number[];
  typeGivenState: number[][];
}

type PriorKind = 'state' | 'conditional' | 'independent' | 'joint';

interface ClassifiedPrior {
  kind: PriorKind;
  declaration: ast.PriorDeclaration;
  target: ast.PriorTarget;
  /** For a joint prior: true when written `(TYPES, STATES)`. */
  typesFirst?: boolean;
}

export function checkPriors(ctx: CheckContext): Priors | undefined {
  const found = classifyPriors(ctx);
  const { states, types } = ctx.scope.sets;
  reportMissingPriors(ctx, found);
  if (!types?.usable || (states && !states.usable)) return undefined;
  if (found.joint) return states && readJointPrior(ctx, found.joint, states, types);
  const prior = states ? found.state && readDistribution(ctx, found.state, states, 'state') : [1];
  const stateCount = states?.elements.length ?? 1;
  let rows: number[][] | undefined;
  if (found.conditional && states) {
    rows = readConditionalPrior(ctx, found.conditional, types, states);
  } else if (found.independent) {
    const row = readDistribution(ctx, found.independent, types, 'independent');
    rows = row && Array.from({ length: stateCount }, () => [...row]);
  }
  return prior && rows && { prior, typeGivenState: rows };
}

// --- which priors are there -------------------------------------------------------------------

interface FoundPriors extends Partial<Record<PriorKind, ClassifiedPrior>> {
  /** A prior could not be classified (it was reported); it may be the one that seems missing. */
  unclassified?: boolean;
}

function classifyPriors(ctx: CheckContext): FoundPriors {
  const found: FoundPriors = {};
  const order: ClassifiedPrior[] = [];
  for (const declaration of ctx.scope.priors) {
    const classified = classifyPrior(ctx, declaration);
    if (!classified) {
      found.unclassified = true;
      continue;
    }
    const first = found[classified.kind];
    if (first) {
      const what = `prior for ${quote(targetText(classified.target))}`;
      ctx.report('repeatedDeclaration', classified.target.span.range, [what], relatedTo(first));
      continue;
    }
    found[classified.kind] = classified;
    order.push(classified);
  }
  reportConflicts(ctx, order);
  return found;
}

/** Resolves the target's sets and decides which kind of prior this is. */
function classifyPrior(
  ctx: CheckContext,
  declaration: ast.PriorDeclaration,
): ClassifiedPrior | undefined {
  const target = declaration.target;
  if (!target) return undefined;
  const sets = targetNames(target).map((name) => resolveSet(ctx, name));
  if (sets.length === 0 || sets.some((set) => !set)) return undefined;
  const roles = sets.map((set) => set!.role).join(' ');
  const base = { declaration, target };
  const typesName = ctx.scope.sets.types?.name ?? 'TYPES';
  const statesName = ctx.scope.sets.states?.name ?? 'STATES';
  if (target.kind === 'marginal') {
    if (roles === 'states') return { kind: 'state', ...base };
    if (roles === 'types') return { kind: 'independent', ...base };
    const args = [target.set.name, 'the set of outcomes'];
    ctx.report('invalidPriorTarget', target.set.span.range, args);
  } else if (target.kind === 'conditional') {
    if (roles === 'types states') return { kind: 'conditional', ...base };
    if (target.given) ctx.report('conditionalOrder', target.span.range, [typesName, statesName]);
  } else if (roles === 'states types' || roles === 'types states') {
    return { kind: 'joint', ...base, typesFirst: roles === 'types states' };
  } else {
    ctx.report('jointTarget', target.span.range, [statesName, typesName]);
  }
  return undefined;
}

function targetNames(target: ast.PriorTarget): ast.Identifier[] {
  if (target.kind === 'joint') return target.sets;
  if (target.kind === 'marginal') return [target.set];
  return target.given ? [target.set, target.given] : [target.set];
}

function resolveSet(ctx: CheckContext, name: ast.Identifier): SetInfo | undefined {
  const info = ctx.scope.globals.get(name.name);
  if (!info) {
    const advice = didYouMean(
      name.name,
      Object.values(ctx.scope.sets).map((s) => s.name),
    );
    ctx.report('unknownName', name.span.range, [name.name, advice]);
    return undefined;
  }
  ctx.symbols.reference(name.span, info.symbol);
  if (info.kind === 'set') return info;
  ctx.report('invalidPriorTarget', name.span.range, [name.name, describeGlobal(info)]);
  return undefined;
}

/** The joint prior stands alone; the two type priors exclude each other. */
function reportConflicts(ctx: CheckContext, order: ClassifiedPrior[]): void {
  const joint = order.find((p) => p.kind === 'joint');
  const typePriors = order.filter((p) => p.kind === 'conditional' || p.kind === 'independent');
  const pairs: [ClassifiedPrior, ClassifiedPrior][] = joint
    ? order.filter((p) => p !== joint).map((p) => [joint, p])
    : typePriors.length === 2
      ? [[typePriors[0], typePriors[1]]]
      : [];
  for (const [a, b] of pairs) {
    const aFirst = a.declaration.span.startOffset < b.declaration.span.startOffset;
    const [first, later] = aFirst ? [a, b] : [b, a];
    const args = [quote(priorText(later.target)), quote(priorText(first.target))];
    ctx.report('conflictingPriors', later.target.span.range, args, relatedTo(first));
  }
}

function reportMissingPriors(ctx: CheckContext, found: FoundPriors): void {
  const { states, types } = ctx.scope.sets;
  if (found.joint || found.unclassified || !ctx.scope.model || ctx.scope.unread.has('prior'))
    return;
  if (states && !found.state) {
    const example = `prior ${states.name} = { … }`;
    const what = `prior for ${quote(states.name)}`;
    ctx.report('missingDeclaration', ctx.scope.anchor, [what, example]);
  }
  if (types && !found.conditional && !found.independent) {
    const given = states ? ` | ${states.name}` : '';
    const example = `prior ${types.name}${given} = { … }`;
    ctx.report('missingDeclaration', ctx.scope.anchor, [`prior for ${quote(types.name)}`, example]);
  }
}

// --- the numbers ------------------------------------------------------------------------------

/** A flat `{ ELEM: p, … }` over `set`; state priors must also be positive. */
function readDistribution(
  ctx: CheckContext,
  found: ClassifiedPrior,
  set: SetInfo,
  kind: 'state' | 'independent',
): number[] | undefined {
  const title = `prior of ${quote(set.name)}`;
  const owner = { title: `The ${title}`, inside: `the ${title}`, range: found.target.span.range };
  const value = found.declaration.value;
  const probabilities = readProbabilities(ctx, value, set, owner, 'missingEntry');
  if (!probabilities || !value) return undefined;
  if (kind === 'state' && !checkPositive(ctx, value, set, probabilities)) return undefined;
  const sum = accurateSum(probabilities);
  if (Math.abs(sum - 1) > TOLERANCE) {
    ctx.report('priorSum', value.span.range, [set.name, formatNumber(sum)], { data: { sum } });
    return undefined;
  }
  return probabilities;
}

function readConditionalPrior(
  ctx: CheckContext,
  found: ClassifiedPrior,
  types: SetInfo,
  states: SetInfo,
): number[][] | undefined {
  const title = `prior of ${quote(types.name)} given ${quote(states.name)}`;
  const owner = { title: `The ${title}`, inside: `the ${title}`, range: found.target.span.range };
  const rows = readKeyedList(ctx, found.declaration.value, states, owner, 'missingRow');
  if (!rows) return undefined;
  const result = rows.map((row, w) => row && readRow(ctx, row, types, states.elements[w].name));
  return result.every((row) => row !== undefined) ? (result as number[][]) : undefined;
}

function readRow(
  ctx: CheckContext,
  row: ast.Entry,
  types: SetInfo,
  stateName: string,
): number[] | undefined {
  const title = `row ${quote(stateName)} of the prior of ${quote(types.name)}`;
  const range = (row.key ?? row).span.range;
  const owner = { title: title[0].toUpperCase() + title.slice(1), inside: `the ${title}`, range };
  const probabilities = readProbabilities(ctx, row.value, types, owner, 'missingEntry');
  if (!probabilities) return undefined;
  const sum = accurateSum(probabilities);
  if (Math.abs(sum - 1) > TOLERANCE) {
    ctx.report('rowSum', row.span.range, [stateName, formatNumber(sum)], { data: { sum } });
    return undefined;
  }
  return probabilities;
}

/** The probabilities of a list over `set`, each checked to lie in [0, 1]. */
function readProbabilities(
  ctx: CheckContext,
  value: ast.Value | undefined,
  set: SetInfo,
  owner: ListOwner,
  missing: 'missingEntry' | 'missingRow',
): number[] | undefined {
  const slots = readKeyedList(ctx, value, set, owner, missing);
  if (!slots) return undefined;
  const probabilities = slots.map(
    (entry, i) => entry && readProbability(ctx, entry, set.elements[i].name, owner.inside),
  );
  return probabilities.every((p) => p !== undefined) ? (probabilities as number[]) : undefined;
}

function readProbability(
  ctx: CheckContext,
  entry: ast.Entry,
  label: string,
  where: string,
): number | undefined {
  const value = readNumber(ctx, entry, where);
  if (value === undefined) return undefined;
  if (value < -TOLERANCE || value > 1 + TOLERANCE) {
    ctx.report('probabilityOutOfRange', entry.span.range, [label, formatNumber(value)]);
    return undefined;
  }
  return Math.min(1, Math.max(0, value));
}

function checkPositive(
  ctx: CheckContext,
  value: ast.Value,
  states: SetInfo,
  prior: number[],
): boolean {
  const entries = value.kind === 'list' ? value.entries : [];
  let ok = true;
  prior.forEach((p, index) => {
    if (p > 0) return;
    const name = states.elements[index].name;
    const entry = entries.find((e) => e.key?.names[0]?.name === name);
    ctx.report('zeroStatePrior', (entry ?? value).span.range, [name]);
    ok = false;
  });
  return ok;
}

// --- the joint prior --------------------------------------------------------------------------

function readJointPrior(
  ctx: CheckContext,
  found: ClassifiedPrior,
  states: SetInfo,
  types: SetInfo,
): Priors | undefined {
  const value = found.declaration.value;
  if (!value) return undefined;
  if (value.kind !== 'list') {
    ctx.report('expectedList', value.span.range, ['the joint prior']);
    return undefined;
  }
  const order = found.typesFirst ? [types, states] : [states, types];
  const joint = readJointEntries(ctx, value, order, found.typesFirst === true);
  if (!joint) return undefined;
  const missing = missingPairs(joint, states, types, order);
  if (missing.length > 0) {
    ctx.report('missingEntry', found.target.span.range, ['The joint prior', listNames(missing)]);
    return undefined;
  }
  return jointToPriors(ctx, found, value, joint as number[][], states);
}

/** `joint[ω][θ]`, undefined where missing; undefined altogether after a bad entry. */
function readJointEntries(
  ctx: CheckContext,
  list: ast.ListValue,
  order: SetInfo[],
  typesFirst: boolean,
): (number | undefined)[][] | undefined {
  const [states, types] = typesFirst ? [order[1], order[0]] : order;
  const joint = states.elements.map(() =>
    new Array<number | undefined>(types.elements.length).fill(undefined),
  );
  const firstKeys = new Map<string, ast.EntryKey>();
  let ok = true;
  for (const entry of list.entries) {
    if (!entry.key) continue;
    const pair = readPairKey(ctx, entry.key, order, firstKeys);
    if (!pair) {
      ok = false;
      continue;
    }
    const probability = readProbability(ctx, entry, pair.text, 'the joint prior');
    if (probability === undefined) ok = false;
    const [w, th] = typesFirst ? [pair.second, pair.first] : [pair.first, pair.second];
    joint[w][th] = probability;
  }
  return ok ? joint : undefined;
}

/** The element indices of a `(a, b)` key, after reporting a bad or repeated key. */
function readPairKey(
  ctx: CheckContext,
  key: ast.EntryKey,
  order: SetInfo[],
  firstKeys: Map<string, ast.EntryKey>,
): { first: number; second: number; text: string } | undefined {
  if (!key.tuple || key.names.length !== 2) {
    ctx.report('keyShape', key.span.range, [`a pair (${order[0].name}, ${order[1].name})`]);
    return undefined;
  }
  const elements = key.names.map((name, i) => resolveElement(ctx, name, order[i]));
  if (!elements[0] || !elements[1]) return undefined;
  const text = `(${key.names[0].name}, ${key.names[1].name})`;
  const first = firstKeys.get(text);
  if (first) {
    const related = [{ message: 'It is first given here.', range: first.span.range }];
    ctx.report('repeatedEntry', key.span.range, [text, 'the joint prior'], { related });
    return undefined;
  }
  firstKeys.set(text, key);
  return { first: elements[0].index, second: elements[1].index, text };
}

function missingPairs(
  joint: (number | undefined)[][],
  states: SetInfo,
  types: SetInfo,
  order: SetInfo[],
): string[] {
  const missing: string[] = [];
  joint.forEach((row, w) =>
    row.forEach((p, th) => {
      if (p !== undefined) return;
      const pair = [states.elements[w].name, types.elements[th].name];
      if (order[0] !== states) pair.reverse();
      missing.push(`(${pair.join(', ')})`);
    }),
  );
  return missing;
}

function jointToPriors(
  ctx: CheckContext,
  found: ClassifiedPrior,
  list: ast.ListValue,
  joint: number[][],
  states: SetInfo,
): Priors | undefined {
  const sum = accurateSum(joint.flat());
  if (Math.abs(sum - 1) > TOLERANCE) {
    const name = targetText(found.target);
    ctx.report('priorSum', list.span.range, [name, formatNumber(sum)], { data: { sum } });
    return undefined;
  }
  const prior = joint.map((row) => accurateSum(row));
  let ok = true;
  prior.forEach((p, w) => {
    if (p > 0) return;
    ctx.report('zeroStatePrior', found.target.span.range, [states.elements[w].name]);
    ok = false;
  });
  if (!ok) return undefined;
  return { prior, typeGivenState: joint.map((row, w) => row.map((p) => p / prior[w])) };
}

// --- wording and arithmetic -------------------------------------------------------------------

/** The target as written: `prior demand`, `prior value | demand`, `prior (demand, value)`. */
function priorText(target: ast.PriorTarget): string {
  return `prior ${targetText(target)}`;
}

/** The sets as written after `prior`: `demand`, `value | demand`, `(demand, value)`. */
function targetText(target: ast.PriorTarget): string {
  if (target.kind === 'marginal') return target.set.name;
  if (target.kind === 'conditional') return `${target.set.name} | ${target.given?.name ?? ''}`;
  return `(${target.sets.map((s) => s.name).join(', ')})`;
}

function relatedTo(prior: ClassifiedPrior): { related: { message: string; range: Range }[] } {
  return { related: [{ message: 'The other prior is here.', range: prior.target.span.range }] };
}

/** Neumaier's compensated sum, so that many small probabilities still add up to 1. */
export function accurateSum(values: readonly number[]): number {
  let sum = 0;
  let compensation = 0;
  for (const value of values) {
    const next = sum + value;
    if (Math.abs(sum) >= Math.abs(value)) compensation += sum - next + value;
    else compensation += value - next + sum;
    sum = next;
  }
  return sum + compensation;
}
