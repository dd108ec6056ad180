/**
 * `compile`: the checker's entry. It runs the phases in order (declarations, params, element
 * values, tables, priors, payoffs, solve and sweeps, unused declarations), each guarded so that
 * an internal exception becomes one diagnostic, and reduces an error-free file to a `MechModel`.
 */
import type { Diagnostic } from '../diagnostics';
import type { AnalysisName, MechModel } from '../model';
import type { ModelFile } from '../syntax/ast';
import { START_OF_TEXT } from '../syntax/create-diagnostic';
import { checkSolve, checkSweeps, type SweepSpec } from './analyses';
import { CheckContext, type Scope } from './context';
import { collectDeclarations, emptyScope } from './declarations';
import { checkElementValues, checkParams } from './params';
import { checkPayoffs, type Payoffs } from './payoffs';
import { checkPriors, type Priors } from './priors';
import { SymbolTable } from './symbols';
import { checkTables, resolveTableDimensions } from './tables';
import { reportUnused } from './unused';

export type { SweepSpec };

/** The name of the one state of a model written without `states`. */
export const IMPLICIT_STATE = 'state';

export interface CompileResult {
  diagnostics: Diagnostic[];
  /** Present only when neither the parse nor the check found an error. */
  model?: MechModel;
  /** From `solve`, in written order without repeats; `['calibrated']` when absent. */
  analyses: AnalysisName[];
  sweeps: SweepSpec[];
  symbols: SymbolTable;
}

/**
 * Checks a parsed file and computes its numbers. `overrides` replaces param values by name
 * (to re-solve one point of a sweep). Never throws.
 */
export function compile(
  file: ModelFile,
  overrides: Readonly<Record<string, number>> = {},
): CompileResult {
  const ctx = new CheckContext(emptyScope(), new SymbolTable());
  let priors: Priors | undefined;
  let payoffs: Payoffs | undefined;
  let analyses: AnalysisName[] = ['calibrated'];
  let sweeps: SweepSpec[] = [];

  ctx.guard('declarations', () => collectDeclarations(ctx, file));
  ctx.guard('table sets', () => resolveTableDimensions(ctx));
  ctx.guard('parameters', () => checkParams(ctx, overrides));
  ctx.guard('element values', () => checkElementValues(ctx));
  ctx.guard('tables', () => checkTables(ctx));
  ctx.guard('priors', () => (priors = checkPriors(ctx)));
  ctx.guard('payoffs', () => (payoffs = checkPayoffs(ctx)));
  ctx.guard('solve', () => (analyses = checkSolve(ctx)));
  ctx.guard('sweeps', () => (sweeps = checkSweeps(ctx)));
  ctx.guard('unused declarations', () => reportUnused(ctx));

  let model: MechModel | undefined;
  const clean = !ctx.hasErrors && file.syntaxErrors === 0;
  if (clean && priors && payoffs) {
    ctx.guard('model', () => (model = assembleModel(ctx.scope, priors!, payoffs!)));
  }
  return { diagnostics: ctx.diagnostics, model, analyses, sweeps, symbols: ctx.symbols };
}

function assembleModel(scope: Scope, priors: Priors, payoffs: Payoffs): MechModel {
  const { states, types, outcomes } = scope.sets;
  const modelDeclaration = scope.model!;
  const names = (set: typeof types) => set!.elements.map((element) => element.name);
  const ranges = (set: typeof types) => set!.elements.map((e) => e.symbol.nameSpan.range);
  const { agent, designer, outside } = scope.payoffs;
  const model: MechModel = {
    name: modelDeclaration.name!.name,
    states: states ? names(states) : [IMPLICIT_STATE],
    types: names(types),
    outcomes: names(outcomes),
    prior: priors.prior,
    typeGivenState: priors.typeGivenState,
    agent: payoffs.agent,
    designer: payoffs.designer,
    outside: payoffs.outside,
    sources: {
      states: states ? ranges(states) : [scope.anchor ?? START_OF_TEXT],
      types: ranges(types),
      outcomes: ranges(outcomes),
      transfer: payoffs.transfer && scope.transfer?.declaration.span.range,
      agentPayoff: agent?.span.range,
      designerPayoff: designer?.span.range,
      outsideOption: outside?.span.range,
      solve: scope.solve?.span.range,
      model: modelDeclaration.span.range,
    },
  };
  if (modelDeclaration.title) model.title = modelDeclaration.title.text;
  if (payoffs.transfer) model.transfer = payoffs.transfer;
  return model;
}
