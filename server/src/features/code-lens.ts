/** A code lens on `solve` (or on `model` when there is no `solve`): the values, and "Preview". */
import type { CodeLens } from 'vscode-languageserver';
import type { Analyzed } from '../analysis';
import { headline } from '../report-text';
import type { FeatureContext } from './context';

export function codeLenses(analyzed: Analyzed, context: FeatureContext): CodeLens[] {
  const declarations = analyzed.core?.ast.declarations ?? [];
  const anchor =
    declarations.find((d) => d.kind === 'solve') ?? declarations.find((d) => d.kind === 'model');
  if (!anchor) return [];
  const range = anchor.span.range;
  const line = { start: range.start, end: range.start };
  const solved = context.solved(analyzed.uri, analyzed.version);
  const values = solved
    ? `${solved.stale ? '(stale) ' : ''}${headline(solved.report, context.settings().precision)}`
    : 'Solve';
  return [
    { range: line, command: { title: values, command: 'mech.solve', arguments: [analyzed.uri] } },
    {
      range: line,
      command: { title: 'Preview', command: 'mech.openPreview', arguments: [analyzed.uri] },
    },
  ];
}
