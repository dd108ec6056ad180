/**
 * One fixture per kind of finding the checker reports: E1 with one mistake, the expected
 * range marked with ⟦ ⟧ (the narrowest correct range, as the language spec says).
 */
import type { MessageId } from '../../language/src/messages';

export interface DiagnosticCase {
  name: string;
  message: MessageId;
  /** The model with the expected range between ⟦ and ⟧. */
  text: string;
}

const HEAD =
  'model DemandUncertainty\n\nstates   demand = { low, high }\ntypes    value  = { v1 = 1, v3 = 3 }\noutcomes trade  = { sell, keep }\n\n';
const STATE_PRIOR = 'prior demand = { low: 1/2, high: 1/2 }\n';
const TYPE_PRIOR =
  'prior value | demand = {\n    low:  { v1: 3/4, v3: 1/4 },\n    high: { v1: 1/4, v3: 3/4 },\n}\n';
const TAIL =
  '\ntransfer price\n\nagent payoff    = value * (trade == sell) - price\ndesigner payoff = price\n';

/** E1 with `replace(text)` applied to its full text. */
function e1(edit: (text: string) => string): string {
  return edit(HEAD + STATE_PRIOR + TYPE_PRIOR + TAIL);
}

export const DIAGNOSTIC_CASES: DiagnosticCase[] = [
  {
    name: 'a syntax error is reported on the token found where a value was due',
    message: 'expectedExpression',
    text: e1((t) => t.replace('designer payoff = price', 'designer payoff = ⟦*⟧ price')),
  },
  {
    name: 'an unknown name in a payoff is reported on the name',
    message: 'unknownName',
    text: e1((t) => t.replace('designer payoff = price', 'designer payoff = ⟦prise⟧')),
  },
  {
    name: 'a duplicate name is reported on the second declaration',
    message: 'duplicateName',
    text: e1((t) => t.replace('transfer price\n', 'transfer price\nparam ⟦value⟧ = 1\n')),
  },
  {
    name: 'an element used with the wrong set is reported on the element',
    message: 'wrongSet',
    text: e1((t) => t.replace('(trade == sell)', '(trade == ⟦v1⟧)')),
  },
  {
    name: 'an unknown element is reported on the element',
    message: 'unknownElement',
    text: e1((t) => t.replace('(trade == sell)', '(trade == ⟦sel⟧)')),
  },
  {
    name: 'a probability outside [0, 1] is reported on its entry',
    message: 'probabilityOutOfRange',
    text: e1((t) => t.replace('high: { v1: 1/4, v3: 3/4 }', 'high: { ⟦v1: -1/4⟧, v3: 5/4 }')),
  },
  {
    name: 'a state with prior 0 is reported on its entry',
    message: 'zeroStatePrior',
    text: e1((t) => t.replace('{ low: 1/2, high: 1/2 }', '{ low: 1, ⟦high: 0⟧ }')),
  },
  {
    name: 'a row that does not sum to 1 is reported on the row',
    message: 'rowSum',
    text: e1((t) => t.replace('low:  { v1: 3/4, v3: 1/4 }', '⟦low:  { v1: 3/4, v3: 1/8 }⟧')),
  },
  {
    name: 'a state prior that does not sum to 1 is reported on its list',
    message: 'priorSum',
    text: e1((t) => t.replace('{ low: 1/2, high: 1/2 }', '⟦{ low: 1/2, high: 1/4 }⟧')),
  },
  {
    name: 'a missing row is reported on the prior it belongs to',
    message: 'missingRow',
    text: e1((t) =>
      t
        .replace('prior value | demand', 'prior ⟦value | demand⟧')
        .replace('    high: { v1: 1/4, v3: 3/4 },\n', ''),
    ),
  },
  {
    name: 'a missing entry is reported on the row key',
    message: 'missingEntry',
    text: e1((t) => t.replace('high: { v1: 1/4, v3: 3/4 }', '⟦high⟧: { v1: 1 }')),
  },
  {
    name: 'a repeated entry is reported on its second key',
    message: 'repeatedEntry',
    text: e1((t) => t.replace('{ low: 1/2, high: 1/2 }', '{ low: 1/2, high: 1/2, ⟦low⟧: 1/2 }')),
  },
  {
    name: 'a set used as a number without values is reported on its use',
    message: 'setWithoutValues',
    text: e1((t) => t.replace('designer payoff = price', 'designer payoff = price + ⟦demand⟧')),
  },
  {
    name: 'a payoff not affine in the transfer is reported on the payoff',
    message: 'transferNotAffine',
    text: e1((t) => t.replace('designer payoff = price', 'designer payoff = ⟦price * price⟧')),
  },
  {
    name: 'a transfer coefficient that varies is reported on the payoff',
    message: 'transferCoefficientVaries',
    text: e1((t) => t.replace('designer payoff = price', 'designer payoff = ⟦value * price⟧')),
  },
  {
    name: 'a division by zero is reported on the divisor',
    message: 'divisionByZero',
    text: e1((t) =>
      t.replace('designer payoff = price', 'designer payoff = price + 1 / ⟦(value - 1)⟧'),
    ),
  },
  {
    name: 'a missing declaration is reported on the model declaration',
    message: 'missingDeclaration',
    text: e1((t) =>
      t
        .replace('model DemandUncertainty', '⟦model DemandUncertainty⟧')
        .replace('designer payoff = price\n', ''),
    ),
  },
  {
    name: 'a declaration nothing uses is a warning on its name',
    message: 'unused',
    text: e1((t) => t.replace('transfer price\n', 'transfer price\nparam ⟦spare⟧ = 1\n')),
  },
];

/** The text without markers, and the marked range as offsets. */
export function unmark(marked: string): { text: string; start: number; end: number } {
  const start = marked.indexOf('⟦');
  const end = marked.indexOf('⟧') - 1;
  return { text: marked.replace('⟦', '').replace('⟧', ''), start, end };
}
