/**
 * The first checking phase: find every declaration, give each name its symbol, and report
 * duplicates, a misplaced or missing `model`, missing required declarations and bad sets.
 */
import type { Range, Span } from '../source';
import type * as ast from '../syntax/ast';
import { START_OF_TEXT } from '../syntax/create-diagnostic';
import type { CheckContext, GlobalInfo, Scope, SetInfo } from './context';
import { describeGlobal, quote } from './describe';
import { MAX_ELEMENTS } from './limits';
import type { MechSymbol } from './symbols';

/** An empty scope, filled by `collectDeclarations`. */
export function emptyScope(): Scope {
  return {
    globals: new Map(),
    sets: {},
    params: [],
    tables: [],
    priors: [],
    payoffs: {},
    sweeps: [],
    anchor: START_OF_TEXT,
    unread: new Set(),
  };
}

export function collectDeclarations(ctx: CheckContext, file: ast.ModelFile): void {
  collectModel(ctx, file);
  for (const keyword of file.unread ?? []) ctx.scope.unread.add(keyword);
  for (const declaration of file.declarations) collectDeclaration(ctx, declaration);
  reportMissing(ctx);
}

function collectModel(ctx: CheckContext, file: ast.ModelFile): void {
  const models = file.declarations.filter((d) => d.kind === 'model');
  const [model, ...others] = models;
  const scope = ctx.scope;
  if (!model) {
    const first = file.declarations[0];
    if (first) scope.anchor = firstWord(first).range;
    ctx.report('missingModel', scope.anchor);
    return;
  }
  scope.model = model;
  scope.anchor = cover(model.keyword, model.name?.span).range;
  if (model.name) declare(ctx, 'model', model.name, model.span);
  if (file.declarations[0] !== model) ctx.report('modelNotFirst', scope.anchor);
  for (const other of others) {
    const range = cover(other.keyword, other.name?.span).range;
    ctx.report('repeatedDeclaration', range, ["'model' declaration"], related(scope.anchor));
    if (other.name) declare(ctx, 'model', other.name, other.span, true);
  }
}

function collectDeclaration(ctx: CheckContext, declaration: ast.Declaration): void {
  const scope = ctx.scope;
  switch (declaration.kind) {
    case 'set':
      return collectSet(ctx, declaration);
    case 'param':
      return collectGlobal(ctx, declaration, (symbol, name) => {
        const info = { kind: 'param' as const, name, declaration, symbol };
        scope.params.push(info);
        return info;
      });
    case 'table':
      return collectGlobal(ctx, declaration, (symbol, name) => {
        const info = { kind: 'table' as const, name, declaration, symbol };
        scope.tables.push(info);
        return info;
      });
    case 'transfer':
      return collectTransfer(ctx, declaration);
    case 'prior':
      scope.priors.push(declaration);
      return;
    case 'payoff':
      return collectPayoff(ctx, declaration);
    case 'solve':
      return collectSolve(ctx, declaration);
    case 'sweep':
      scope.sweeps.push(declaration);
      return;
  }
}

/** Declares a param or table name in the shared namespace, unless it is taken. */
function collectGlobal(
  ctx: CheckContext,
  declaration: ast.ParamDeclaration | ast.TableDeclaration,
  register: (symbol: MechSymbol, name: string) => GlobalInfo,
): void {
  const name = declaration.name;
  if (!name) return;
  const kind = declaration.kind;
  const taken = checkUnique(ctx, name);
  const symbol = declare(ctx, kind, name, declaration.span, taken);
  const info = register(symbol, name.name);
  if (!taken) ctx.scope.globals.set(name.name, info);
}

function collectTransfer(ctx: CheckContext, declaration: ast.TransferDeclaration): void {
  const name = declaration.name;
  if (!name) return;
  const first = ctx.scope.transfer;
  if (first) {
    const range = first.declaration.name?.span.range ?? first.declaration.span.range;
    ctx.report('repeatedDeclaration', name.span.range, ["'transfer' declaration"], related(range));
    declare(ctx, 'transfer', name, declaration.span, true);
    return;
  }
  const taken = checkUnique(ctx, name);
  const symbol = declare(ctx, 'transfer', name, declaration.span, taken);
  if (taken) return;
  ctx.scope.transfer = { kind: 'transfer', name: name.name, declaration, symbol };
  ctx.scope.globals.set(name.name, ctx.scope.transfer);
}

function collectSet(ctx: CheckContext, declaration: ast.SetDeclaration): void {
  const name = declaration.name;
  if (!name) return;
  const first = ctx.scope.sets[declaration.role];
  let duplicate = false;
  if (first) {
    const what = `'${declaration.role}' declaration`;
    const firstRange = first.symbol.nameSpan.range;
    ctx.report('repeatedDeclaration', name.span.range, [what], related(firstRange));
    duplicate = true;
  } else {
    duplicate = checkUnique(ctx, name);
  }
  const symbol = declare(ctx, declaration.role, name, declaration.span, duplicate);
  const info = collectElements(ctx, declaration, symbol, duplicate);
  if (duplicate) return;
  ctx.scope.sets[declaration.role] = info;
  ctx.scope.globals.set(name.name, info);
}

function collectElements(
  ctx: CheckContext,
  declaration: ast.SetDeclaration,
  symbol: MechSymbol,
  duplicate: boolean,
): SetInfo {
  const name = symbol.name;
  const info: SetInfo = {
    kind: 'set',
    name,
    role: declaration.role,
    declaration,
    symbol,
    elements: [],
    byName: new Map(),
    usable: true,
  };
  const elementKind = ({ states: 'state', types: 'type', outcomes: 'outcome' } as const)[info.role];
  for (const element of declaration.elements) {
    const elementName = element.name.name;
    const first = info.byName.get(elementName);
    if (first) {
      const args = [elementName, name];
      const firstRange = first.symbol.nameSpan.range;
      ctx.report('duplicateElement', element.name.span.range, args, related(firstRange));
    }
    const symbol = declare(ctx, elementKind, element.name, element.span, duplicate || !!first);
    symbol.container = name;
    if (first) continue;
    const index = info.elements.length;
    info.elements.push({ name: elementName, index, declaration: element, symbol });
    info.byName.set(elementName, info.elements[index]);
  }
  checkSize(ctx, info);
  return info;
}

function checkSize(ctx: CheckContext, info: SetInfo): void {
  const range = info.symbol.nameSpan.range;
  if (info.elements.length === 0) {
    ctx.report('emptySet', range, [info.name]);
    info.usable = false;
  } else if (info.elements.length > MAX_ELEMENTS) {
    const count = info.elements.length.toLocaleString('en-US');
    ctx.report('tooManyElements', range, [info.name, count, MAX_ELEMENTS.toLocaleString('en-US')]);
    info.usable = false;
  }
}

function collectPayoff(ctx: CheckContext, declaration: ast.PayoffDeclaration): void {
  const first = ctx.scope.payoffs[declaration.role];
  if (!first) {
    ctx.scope.payoffs[declaration.role] = declaration;
    return;
  }
  const what = PAYOFF_NAMES[declaration.role];
  const range = declaration.keywords.range;
  ctx.report('repeatedDeclaration', range, [what], related(first.keywords.range));
}

function collectSolve(ctx: CheckContext, declaration: ast.SolveDeclaration): void {
  const first = ctx.scope.solve;
  if (!first) {
    ctx.scope.solve = declaration;
    return;
  }
  const range = declaration.keyword.range;
  ctx.report('repeatedDeclaration', range, ["'solve' declaration"], related(first.keyword.range));
}

const PAYOFF_NAMES: Record<ast.PayoffRole, string> = {
  agent: 'agent payoff',
  designer: 'designer payoff',
  outside: 'outside option',
};

/** Required declarations other than the model and the priors (checked with the priors). */
function reportMissing(ctx: CheckContext): void {
  const scope = ctx.scope;
  if (!scope.model) return;
  const missing: [boolean, string, string, string][] = [
    [!scope.sets.types, 'types', "'types' declaration", 'types NAME = { … }'],
    [!scope.sets.outcomes, 'outcomes', "'outcomes' declaration", 'outcomes NAME = { … }'],
    [!scope.payoffs.agent, 'agent', 'agent payoff', 'agent payoff = …'],
    [!scope.payoffs.designer, 'designer', 'designer payoff', 'designer payoff = …'],
  ];
  for (const [isMissing, keyword, what, example] of missing) {
    if (isMissing && !scope.unread.has(keyword))
      ctx.report('missingDeclaration', scope.anchor, [what, example]);
  }
}

/** Reports a name already taken in the shared namespace; true when it is. */
function checkUnique(ctx: CheckContext, name: ast.Identifier): boolean {
  const first = ctx.scope.globals.get(name.name);
  if (!first) return false;
  const range = first.symbol.nameSpan.range;
  ctx.report('duplicateName', name.span.range, [name.name, describeGlobal(first)], {
    related: [{ message: `${quote(name.name)} is first declared here.`, range }],
  });
  return true;
}

function declare(
  ctx: CheckContext,
  kind: MechSymbol['kind'],
  name: ast.Identifier,
  span: Span,
  duplicate = false,
): MechSymbol {
  const symbol: MechSymbol = { kind, name: name.name, nameSpan: name.span, span };
  if (duplicate) symbol.duplicate = true;
  return ctx.symbols.declare(symbol);
}

function related(range: Range) {
  return { related: [{ message: 'It is first declared here.', range }] };
}

/** The first word of a declaration, for pointing at it as a whole. */
function firstWord(declaration: ast.Declaration): Span {
  if (declaration.kind === 'payoff') return declaration.keywords;
  return declaration.keyword;
}

/** The span from the start of `first` to the end of `last` (or `first` alone). */
export function cover(first: Span, last: Span | undefined): Span {
  if (!last) return first;
  return {
    startOffset: first.startOffset,
    endOffset: last.endOffset,
    range: { start: first.range.start, end: last.range.end },
  };
}
