/**
 * Hover: for an element, the payoffs it takes part in and, once solved, what it gets; for a
 * state, its prior and posteriors; on `solve`, the value of every analysis; on a prior or table
 * entry, the entry and its row's sum. Numbers are fractions where exact.
 */
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver';
import type { MechSymbol } from '../../../language/src/check/symbols';
import type { MechModel } from '../../../language/src/model';
import type { AnalysisResult, SolveReport } from '../../../language/src/protocol';
import type * as ast from '../../../language/src/syntax/ast';
import type { Analyzed } from '../analysis';
import { formatNumber } from '../numbers';
import { orderedResults, resultValue } from '../report-text';
import { declarationAt, entryAt, evaluateConstant, keyText } from '../syntax-tree';
import type { FeatureContext } from './context';

export function hover(
  analyzed: Analyzed,
  position: Position,
  context: FeatureContext,
): Hover | null {
  const offset = analyzed.lines.offset(position);
  const declaration = declarationAt(analyzed.core?.ast, offset);
  const precision = context.settings().precision;
  const solved = context.solved(analyzed.uri, analyzed.version);
  const n = (value: number | null | undefined) => formatNumber(value, precision);

  if (declaration?.kind === 'prior' || declaration?.kind === 'table') {
    const found = entryAt(declaration, offset);
    if (found) return markdown(entryHover(analyzed, declaration, found, n));
  }
  if (declaration?.kind === 'solve') {
    return markdown(solveHover(solved, precision));
  }
  const symbol = analyzed.symbols?.symbolAt(offset);
  if (!symbol) return null;
  const model = analyzed.core?.model;
  const lines = [`**${describeSymbol(symbol)}** \`${symbol.name}\`${valueText(symbol.value, n)}`];
  if (symbol.kind === 'type' && model)
    lines.push(typeTable(model, symbol.name, n), typeSolved(solved, symbol.name, n));
  if (symbol.kind === 'outcome' && model) lines.push(outcomeTable(model, symbol.name, n));
  if (symbol.kind === 'state' && model) lines.push(stateHover(model, symbol.name, solved, n));
  if (['states', 'types', 'outcomes'].includes(symbol.kind)) {
    const elements = analyzed.symbols?.elementsOf(symbol.name).map((element) => element.name) ?? [];
    lines.push(`{ ${elements.join(', ')} }`);
  }
  return markdown(lines.filter((line) => line.length > 0).join('\n\n'));
}

type Format = (value: number | null | undefined) => string;

function valueText(value: number | undefined, n: Format): string {
  return value === undefined ? '' : ` = ${n(value)}`;
}

function markdown(value: string): Hover {
  return { contents: { kind: MarkupKind.Markdown, value } };
}

function describeSymbol(symbol: MechSymbol): string {
  switch (symbol.kind) {
    case 'state':
    case 'type':
    case 'outcome':
      return `${symbol.kind} of ${symbol.container}`;
    case 'states':
    case 'types':
    case 'outcomes':
      return `set of ${symbol.kind}`;
    case 'param':
      return 'parameter';
    default:
      return symbol.kind;
  }
}

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** u(x, θ, ω) and v(x, θ, ω) of one type: outcomes down, states across. */
function typeTable(model: MechModel, name: string, n: Format): string {
  const th = model.types.indexOf(name);
  if (th < 0) return '';
  const header = ['outcome', ...model.states.map((state) => `u / v in ${state}`)];
  const rows = model.outcomes.map((outcome, x) => [
    outcome,
    ...model.states.map((_, w) => `${n(model.agent[th][x][w])} / ${n(model.designer[th][x][w])}`),
  ]);
  const intro = 'Payoffs of the agent (u) and the designer (v), before transfers:';
  return `${intro}\n\n${table(header, rows)}`;
}

/** u(x, θ, ω) and v(x, θ, ω) at one outcome: types down, states across. */
function outcomeTable(model: MechModel, name: string, n: Format): string {
  const x = model.outcomes.indexOf(name);
  if (x < 0) return '';
  const header = ['type', ...model.states.map((state) => `u / v in ${state}`)];
  const rows = model.types.map((type, th) => [
    type,
    ...model.states.map((_, w) => `${n(model.agent[th][x][w])} / ${n(model.designer[th][x][w])}`),
  ]);
  return `Payoffs at \`${name}\`, before transfers:\n\n${table(header, rows)}`;
}

/** What a type gets in each solved analysis: allocation, transfer and utility, per signal. */
function typeSolved(solved: ReturnType<FeatureContext['solved']>, name: string, n: Format): string {
  if (!solved) return '';
  const rows: string[][] = [];
  for (const result of orderedResults(solved.report)) {
    const mechanisms = result.signals
      ? result.signals.map((signal, i) => ({
          label: `signal ${i + 1}`,
          mechanism: signal.mechanism,
        }))
      : (result.states ?? []).map((state) => ({
          label: `state ${state.state}`,
          mechanism: state.mechanism,
        }));
    for (const { label, mechanism } of mechanisms) {
      const outcome = mechanism[name];
      if (!outcome) continue;
      const allocation = Object.entries(outcome.allocation)
        .filter(([, probability]) => probability > 1e-12)
        .map(([x, probability]) =>
          Math.abs(probability - 1) < 1e-12 ? x : `${x} ${n(probability)}`,
        )
        .join(', ');
      rows.push([result.analysis, label, allocation, n(outcome.transfer), n(outcome.agentUtility)]);
    }
  }
  if (rows.length === 0) return '';
  const stale = solved.stale ? ' (from the last solve; the text has changed since)' : '';
  const header = ['analysis', 'where', 'outcome', 'transfer', 'utility'];
  return `In the solved mechanisms${stale}:\n\n${table(header, rows)}`;
}

/** A state's prior, its row of p(θ | ω), and its posterior under each signal of the optimum. */
function stateHover(
  model: MechModel,
  name: string,
  solved: ReturnType<FeatureContext['solved']>,
  n: Format,
): string {
  const w = model.states.indexOf(name);
  if (w < 0) return '';
  const parts = [`Prior: ${n(model.prior[w])}`];
  const row = model.types.map((type, th) => `${type} ${n(model.typeGivenState[w][th])}`).join(', ');
  parts.push(`Types given \`${name}\`: ${row}`);
  const result = solved && disclosureResult(solved.report);
  if (result?.signals) {
    const rows = result.signals.map((signal, i) => [
      `signal ${i + 1}`,
      n(signal.probability),
      n(signal.posterior[name]),
      n(signal.likelihood[name]),
    ]);
    const stale = solved!.stale ? ' (last solve; the text has changed since)' : '';
    parts.push(
      `Posteriors in the optimal disclosure (\`${result.analysis}\`)${stale}:\n\n` +
        table(['signal', 'P(signal)', `μ(${name})`, `P(signal | ${name})`], rows),
    );
  }
  return parts.join('\n\n');
}

function disclosureResult(report: SolveReport): AnalysisResult | undefined {
  const order = ['calibrated', 'partitional', 'full_disclosure', 'no_disclosure'] as const;
  return order
    .map((name) => report.results[name])
    .find((result) => result?.status === 'optimal' && result.signals);
}

function solveHover(solved: ReturnType<FeatureContext['solved']>, precision: number): string {
  if (!solved) return '**solve**: not solved yet. Save the file or run *Mech: Solve Model*.';
  const n: Format = (value) => formatNumber(value, precision);
  const rows = orderedResults(solved.report).map((result) => [
    result.analysis,
    resultValue(result, precision),
    result.lowerBound === result.upperBound
      ? ''
      : `[${n(result.lowerBound)}, ${n(result.upperBound)}]`,
    result.certificate,
  ]);
  const stale = solved.stale ? '\n\n*The text has changed since this solve.*' : '';
  const header = ['analysis', 'value', 'bounds', 'certificate'];
  return `**Solved values**\n\n${table(header, rows)}${stale}`;
}

function entryHover(
  analyzed: Analyzed,
  declaration: ast.PriorDeclaration | ast.TableDeclaration,
  found: NonNullable<ReturnType<typeof entryAt>>,
  n: Format,
): string {
  const value = evaluateConstant(found.entry.value, analyzed.symbols);
  const values = found.row.list.entries.map((entry) =>
    evaluateConstant(entry.value, analyzed.symbols),
  );
  const known = values.every((v) => v !== undefined);
  const sum = known ? (values as number[]).reduce((a, b) => a + b, 0) : undefined;
  const where = [...found.row.path, keyText(found.entry.key)].filter((part) => part).join(' → ');
  const what =
    declaration.kind === 'prior' ? 'Prior entry' : `Entry of \`${declaration.name?.name ?? ''}\``;
  const rowLabel = found.row.path.length ? `row \`${found.row.path.join(' → ')}\`` : 'the row';
  const sumText = sum === undefined ? 'unknown' : n(sum);
  const off =
    declaration.kind === 'prior' && sum !== undefined && Math.abs(sum - 1) > 1e-9
      ? ' (should be 1)'
      : '';
  const valueShown = value === undefined ? 'unknown' : n(value);
  return `**${what}** \`${where}\` = ${valueShown}\n\nSum of ${rowLabel}: ${sumText}${off}`;
}
