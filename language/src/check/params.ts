/**
 * Params and element values: compile them, find cycles among params, then evaluate in
 * dependency order. Overrides replace a param's value (a sweep point) without hiding the
 * errors of its written expression.
 */
import type { CheckContext, ParamInfo } from './context';
import { quote } from './describe';
import { compileExpression, CONSTANT_ENV, evaluateOrReport, type Evaluate } from './expressions';

interface CompiledParam {
  evaluate?: Evaluate;
  dependencies: ParamInfo[];
}

export function checkParams(ctx: CheckContext, overrides: Readonly<Record<string, number>>): void {
  const compiled = new Map<ParamInfo, CompiledParam>();
  for (const param of ctx.scope.params) {
    const dependencies: ParamInfo[] = [];
    const place = {
      description: `parameter ${quote(param.name)}`,
      bound: [],
      allowTransfer: false,
      dependencies,
    };
    const result = compileExpression(ctx, param.declaration.value, place);
    compiled.set(param, { evaluate: result?.evaluate, dependencies });
  }
  reportUnknownOverrides(ctx, overrides);
  for (const param of dependencyOrder(ctx, compiled)) {
    evaluateParam(ctx, param, compiled.get(param)!, overrides);
  }
}

function evaluateParam(
  ctx: CheckContext,
  param: ParamInfo,
  compiled: CompiledParam,
  overrides: Readonly<Record<string, number>>,
): void {
  if (param.symbol.duplicate) return;
  const override = overrides[param.name];
  if (override !== undefined && Object.hasOwn(overrides, param.name)) {
    param.value = override;
  } else if (compiled.evaluate) {
    const where = () => `parameter ${quote(param.name)}`;
    param.value = evaluateOrReport(ctx, compiled.evaluate, CONSTANT_ENV, where);
  }
  param.symbol.value = param.value;
}

function reportUnknownOverrides(ctx: CheckContext, overrides: Readonly<Record<string, number>>) {
  for (const name of Object.keys(overrides)) {
    if (ctx.scope.globals.get(name)?.kind !== 'param') {
      ctx.report('unknownOverride', ctx.scope.anchor, [name]);
    }
  }
}

/**
 * The params in an order where each comes after those it reads; params on a cycle are
 * reported and left out, so they and their dependents stay without a value. Iterative, so that
 * long chains of params cannot exhaust the stack.
 */
function dependencyOrder(ctx: CheckContext, compiled: Map<ParamInfo, CompiledParam>): ParamInfo[] {
  const order: ParamInfo[] = [];
  const state = new Map<ParamInfo, 'active' | 'done'>();
  for (const root of compiled.keys()) {
    if (state.has(root)) continue;
    const stack: { param: ParamInfo; next: number }[] = [{ param: root, next: 0 }];
    state.set(root, 'active');
    while (stack.length > 0) {
      const frame = stack[stack.length - 1];
      const dependencies = compiled.get(frame.param)!.dependencies;
      if (frame.next >= dependencies.length) {
        stack.pop();
        state.set(frame.param, 'done');
        order.push(frame.param);
        continue;
      }
      const dependency = dependencies[frame.next++];
      const seen = state.get(dependency);
      if (seen === 'active')
        reportCycle(
          ctx,
          stack.map((f) => f.param),
          dependency,
          compiled,
        );
      if (seen) continue;
      state.set(dependency, 'active');
      stack.push({ param: dependency, next: 0 });
    }
  }
  return order;
}

function reportCycle(
  ctx: CheckContext,
  path: ParamInfo[],
  repeated: ParamInfo,
  compiled: Map<ParamInfo, CompiledParam>,
): void {
  const cycle = path.slice(path.indexOf(repeated));
  const names = [...cycle, repeated].map((param) => param.name).join(' → ');
  const name = repeated.declaration.name!;
  ctx.report('parameterCycle', name.span.range, [repeated.name, names]);
  // Without an expression, members of the cycle get no value and are not reported again.
  for (const param of cycle) compiled.get(param)!.evaluate = undefined;
}

/** Every element's value, once params are known. */
export function checkElementValues(ctx: CheckContext): void {
  for (const set of Object.values(ctx.scope.sets)) {
    for (const element of set.elements) {
      const expression = element.declaration.value;
      if (!expression) continue;
      const description = `the value of ${quote(element.name)} in ${quote(set.name)}`;
      const place = { description, bound: [], allowTransfer: false };
      const compiled = compileExpression(ctx, expression, place);
      if (!compiled) continue;
      element.value = evaluateOrReport(ctx, compiled.evaluate, CONSTANT_ENV, () => description);
      element.symbol.value = element.value;
    }
  }
}
