/**
 * The one scenario both suites play, as plain data: it is imported by the Node drivers and by
 * the in-host tests that run inside VS Code for the Web (so nothing here may import Node).
 */
export const EXAMPLE = 'demand-uncertainty.mech';
export const VALUE = '13/8';

/** The prior row the suites break (row 'low' then sums to 5/4) and the error it must raise. */
export const BREAK = {
  row: 'low:  { v1: 3/4, v3: 1/4 }',
  /** 0-based column of the `1/4` to replace in that row's line. */
  column: '    low:  { v1: 3/4, v3: '.length,
  original: '1/4',
  replacement: '1/2',
  code: 'MECH303',
  message: "The probabilities in row 'low' sum to 1.25, not 1.",
};

export type StepName = 'solved' | 'hover' | 'problem' | 'fixed' | 'preview';
/** The steps in order; the screenshot of step i is `<i+1>-<name>.png`. */
export const STEPS: StepName[] = ['solved', 'hover', 'problem', 'fixed', 'preview'];

/** 0-based line of the first line of `text` that starts (after indentation) with `prefix`. */
export function lineOf(text: string, prefix: string): number {
  const line = text.split('\n').findIndex((candidate) => candidate.trimStart().startsWith(prefix));
  if (line < 0) throw new Error(`no line starts with '${prefix}'`);
  return line;
}
