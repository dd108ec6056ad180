/**
 * The catalogue of every message the product shows about a model, with stable codes grouped by
 * phase: MECH1xx syntax, MECH2xx names and sets, MECH3xx probabilities and tables, MECH4xx payoffs
 * and expressions, MECH5xx solver findings, MECH9xx limits. A message is one sentence naming the
 * construct with user names in quotes; advice, when any, is a second sentence.
 * Codes are never reused or renumbered.
 */
import type { Severity } from './diagnostics';

export interface MessageSpec {
  code: string;
  severity: Severity;
  /** Template with `{0}`, `{1}` … placeholders. */
  text: string;
}

function spec(code: string, severity: Severity, text: string): MessageSpec {
  return { code, severity, text };
}

export const messages = {
  // --- MECH1xx: syntax ----------------------------------------------------------------------
  unexpectedCharacter: spec('MECH101', 'error', "Unexpected character '{0}'."),
  unterminatedComment: spec('MECH102', 'error', "This comment is never closed. End it with '*/'."),
  unterminatedString: spec(
    'MECH103',
    'error',
    "This string is never closed. End it with '\"' on the same line.",
  ),
  numberTooLarge: spec('MECH104', 'error', "Number '{0}' is too large."),
  expectedToken: spec('MECH110', 'error', 'Expected {0}.'),
  unexpectedToken: spec('MECH111', 'error', 'Unexpected {0} here.'),
  unexpectedAtTopLevel: spec(
    'MECH112',
    'error',
    "Unexpected {0} here. A declaration starts with a keyword such as 'param', 'states' or " +
      "'agent payoff'.",
  ),
  reservedWord: spec('MECH113', 'error', "'{0}' is a reserved word and cannot be used as a name."),
  expectedExpression: spec('MECH114', 'error', 'Expected an expression, but found {0}.'),
  chainedComparison: spec(
    'MECH115',
    'error',
    "Comparisons cannot be chained. Write 'a < b and b < c' instead.",
  ),
  expressionTooLarge: spec(
    'MECH196',
    'error',
    'This expression has more than {0} operators. Split it, for example with parameters.',
  ),
  tooDeep: spec(
    'MECH197',
    'error',
    'This is nested too deeply (more than {0} levels). Simplify it, for example with parameters.',
  ),
  textTooLarge: spec(
    'MECH198',
    'error',
    'The file is too large ({0} MB); at most {1} MB are supported.',
  ),
  internalError: spec(
    'MECH199',
    'error',
    'An internal error stopped the {0}: {1}. Please report it as a bug.',
  ),
  // --- MECH2xx: names, sets and declarations ------------------------------------------------
  unknownName: spec('MECH201', 'error', "Unknown name '{0}'. {1}"),
  duplicateName: spec('MECH202', 'error', "'{0}' is already declared as {1}."),
  duplicateElement: spec('MECH203', 'error', "'{0}' appears twice in the set '{1}'."),
  wrongSet: spec('MECH204', 'error', "'{0}' is not an element of '{1}'; it belongs to '{2}'."),
  unknownElement: spec('MECH205', 'error', "'{0}' is not an element of '{1}'. {2}"),
  missingModel: spec(
    'MECH206',
    'error',
    "The file has no 'model' declaration. Start it with 'model NAME'.",
  ),
  missingDeclaration: spec('MECH207', 'error', "The model has no {0}. Add '{1}'."),
  repeatedDeclaration: spec('MECH208', 'error', 'There can be only one {0}.'),
  modelNotFirst: spec(
    'MECH209',
    'error',
    "The 'model' declaration must come first. Only comments may precede it.",
  ),
  emptySet: spec('MECH210', 'error', "The set '{0}' is empty. Give it at least one element."),
  unused: spec('MECH211', 'warning', "{0} '{1}' is declared but never used."),
  unknownAnalysis: spec('MECH212', 'error', "Unknown analysis '{0}'. Choose from {1}."),
  repeatedAnalysis: spec('MECH213', 'warning', "The analysis '{0}' is listed twice."),
  tooManyElements: spec(
    'MECH214',
    'error',
    "The set '{0}' has {1} elements; at most {2} are supported.",
  ),
  elementAsNumber: spec(
    'MECH215',
    'error',
    "'{0}' is an element of '{1}', not a number. Compare it with its set, as in '{1} == {0}'.",
  ),
  setNotCurrent: spec(
    'MECH216',
    'error',
    "The set '{0}' has no current element in {1}. Sets stand for the current element only in " +
      'payoffs.',
  ),
  parameterCycle: spec('MECH217', 'error', "Parameter '{0}' is defined in terms of itself ({1})."),
  unknownOverride: spec('MECH218', 'warning', "There is no parameter '{0}' to override."),
  sweepNotParam: spec('MECH219', 'error', "Only parameters can be swept, and '{0}' is {1}."),
  notASet: spec('MECH220', 'error', "'{0}' is {1}, not a set."),
  repeatedDimension: spec('MECH221', 'error', "The set '{0}' appears twice in table '{1}'."),
  // --- MECH3xx: probabilities, priors and tables ----------------------------------------------
  probabilityOutOfRange: spec(
    'MECH301',
    'error',
    "The probability of '{0}' is {1}, which is outside [0, 1].",
  ),
  zeroStatePrior: spec(
    'MECH302',
    'error',
    "State '{0}' has prior probability 0. Every state needs a positive prior; remove states " +
      'that cannot occur.',
  ),
  rowSum: spec('MECH303', 'error', "The probabilities in row '{0}' sum to {1}, not 1."),
  priorSum: spec('MECH304', 'error', "The prior of '{0}' sums to {1}, not 1."),
  missingEntry: spec('MECH305', 'error', '{0} has no entry for {1}.'),
  repeatedEntry: spec('MECH306', 'error', "'{0}' appears twice in {1}."),
  missingRow: spec('MECH307', 'error', '{0} has no row for {1}.'),
  expectedNumber: spec('MECH308', 'error', "Expected a number for '{0}', not a list."),
  expectedList: spec('MECH309', 'error', "Expected a list '{ … }' for {0}."),
  invalidPriorTarget: spec(
    'MECH310',
    'error',
    "A prior is over the states or the types, and '{0}' is {1}.",
  ),
  conditionalOrder: spec(
    'MECH311',
    'error',
    "Write the conditional prior as 'prior {0} | {1}': the types given the states.",
  ),
  jointTarget: spec(
    'MECH312',
    'error',
    "The joint prior is over the states and the types, as in 'prior ({0}, {1})'.",
  ),
  conflictingPriors: spec('MECH313', 'error', '{0} cannot be combined with {1}.'),
  keyShape: spec('MECH314', 'error', 'Expected {0} as the key here.'),
  // --- MECH4xx: payoffs and expressions -------------------------------------------------------
  setWithoutValues: spec(
    'MECH401',
    'error',
    "The set '{0}' has no numeric values, so it cannot be used as a number. Compare it with an " +
      "element, as in '{0} == {1}', or give its elements values.",
  ),
  elementWithoutValue: spec(
    'MECH402',
    'error',
    "The set '{0}' is used as a number, but its element '{1}' has no value. Give it one, as in " +
      "'{1} = 1'.",
  ),
  transferNotAffine: spec(
    'MECH403',
    'error',
    "The transfer '{0}' enters {1} non-linearly here. Payoffs must be affine in the transfer, " +
      "as in 'u - {0}'.",
  ),
  transferCoefficientVaries: spec(
    'MECH404',
    'error',
    "The transfer '{0}' has coefficient {1} in {2} at {3}, but {4} at {5}. The coefficient must " +
      'be the same for every type, outcome and state.',
  ),
  agentCoefficient: spec(
    'MECH405',
    'error',
    "The agent payoff must decrease with the transfer '{0}', but its coefficient is {1}. " +
      "Subtract the transfer, as in '… - {0}'.",
  ),
  outsideDependsOnOutcome: spec(
    'MECH406',
    'error',
    "The outside option may depend on types and states only, not on '{0}'.",
  ),
  transferOutsidePayoff: spec(
    'MECH407',
    'error',
    "The transfer '{0}' may appear only in the agent and designer payoffs.",
  ),
  divisionByZero: spec('MECH408', 'error', 'Division by zero in {0}.'),
  notFinite: spec('MECH409', 'error', 'The result is not a finite number in {0}.'),
  unknownFunction: spec(
    'MECH410',
    'error',
    "Unknown function '{0}'. The functions are abs, min, max, sqrt, exp and log.",
  ),
  wrongArgumentCount: spec('MECH411', 'error', "'{0}' takes {1}, but is given {2}."),
  tableIndexMismatch: spec(
    'MECH412',
    'error',
    "Table '{0}' is declared with '{1}' in position {2}, so read it as '{3}'.",
  ),
  tableIndexCount: spec(
    'MECH413',
    'error',
    "Table '{0}' is declared over {1}, but is read with {2}. Read it as '{3}'.",
  ),
  infinityNotAllowed: spec('MECH414', 'error', "'inf' is allowed only as a transfer bound."),
  sweepStep: spec('MECH415', 'error', 'The step of a sweep must be positive, and this one is {0}.'),
  sweepEmpty: spec(
    'MECH416',
    'error',
    "The sweep of '{0}' is empty: it starts at {1}, above its end {2}.",
  ),
  sweepTooLong: spec(
    'MECH417',
    'error',
    "The sweep of '{0}' has {1} points; at most {2} are supported. Use a larger step.",
  ),
  transferBounds: spec(
    'MECH418',
    'error',
    "The bounds of the transfer '{0}' are empty: the lower bound {1} is above the upper bound {2}.",
  ),
  tooManyPoints: spec(
    'MECH419',
    'error',
    'The model has {0} combinations of type, outcome and state; at most {1} are supported.',
  ),
  notATable: spec('MECH420', 'error', "'{0}' is {1}, not a table."),
  tableAsNumber: spec(
    'MECH421',
    'error',
    "'{0}' is a table, not a number. Read it at the current elements, as in '{1}'.",
  ),
  notAFunction: spec('MECH422', 'error', "'{0}' is {1}, not a function."),
  tableTooLarge: spec(
    'MECH423',
    'error',
    "Table '{0}' would have {1} entries; at most {2} are supported.",
  ),
  // --- MECH5xx: solver findings -------------------------------------------------------------
  infeasible: spec(
    'MECH501',
    'error',
    'No mechanism satisfies the constraints for {0}: {1}. Check the outside option and the ' +
      'transfer bounds.',
  ),
  unbounded: spec('MECH502', 'error', "The designer's payoff is unbounded for {0}: {1}."),
  timeLimit: spec(
    'MECH503',
    'warning',
    'The solve of {0} stopped at the time limit; the value lies between {1} and {2}.',
  ),
  privateValues: spec(
    'MECH504',
    'information',
    "The agent's payoff and outside option do not depend on the state (private values), so full " +
      'disclosure is optimal and the calibrated value equals the full-disclosure value.',
  ),
  binding: spec('MECH505', 'hint', 'Binding at the optimum: {0} (shadow price {1}).'),
  sweepPointInvalid: spec(
    'MECH506',
    'warning',
    "At '{0}' = {1} the model is invalid, so the sweep skips that point: {2}",
  ),
  solverFailure: spec('MECH507', 'error', 'The solver failed on {0}: {1}.'),
  // --- MECH9xx: limits ----------------------------------------------------------------------
  tooManyDiagnostics: spec(
    'MECH902',
    'information',
    'Only the first {0} problems are shown; {1} more follow. Fix these first.',
  ),
  tooLargeForAnalysis: spec(
    'MECH901',
    'error',
    "The analysis '{0}' supports at most {1} states, and this model has {2}. Solve a smaller " +
      'model or another analysis.',
  ),
} satisfies Record<string, MessageSpec>;

export type MessageId = keyof typeof messages;

/** Fills a message template. */
export function format(template: string, args: readonly (string | number)[]): string {
  return template.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)] ?? ''));
}
