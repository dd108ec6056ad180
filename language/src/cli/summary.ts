/** The readable summary `mech solve` prints: values, then each analysis's policy and mechanisms. */
import { ANALYSES } from '../model';
import type {
  AnalysisResult,
  SignalResult,
  SolveReport,
  StateMechanism,
  TypeOutcome,
} from '../protocol';
import { exact, table } from './format';

export function summary(report: SolveReport): string {
  const out: string[] = [];
  const title = report.title ? ` — ${report.title}` : '';
  out.push(`${report.model}${title}`);
  out.push(
    [
      count(report.states.length, 'state'),
      count(report.types.length, 'type'),
      count(report.outcomes.length, 'outcome'),
    ].join(', ') + (report.privateValues ? '; private values' : ''),
  );
  out.push('');
  out.push(valuesTable(report));
  for (const analysis of ANALYSES) {
    const result = report.results[analysis];
    if (!result || result.status === 'infeasible' || result.value === null) continue;
    out.push('');
    out.push(`${analysis}: ${result.method}`);
    for (const note of result.notes) out.push(`  note: ${note}`);
    if (result.status === 'time_limit') out.push('  note: stopped at the time limit');
    if (result.signals && analysis !== 'full_disclosure' && analysis !== 'no_disclosure') {
      out.push(...policy(report, result.signals));
    }
    if (analysis === 'calibrated' && result.signals) {
      result.signals.forEach((signal, i) => out.push(...signalMechanism(report, signal, i)));
    }
    if (result.states) result.states.forEach((s) => out.push(...stateMechanism(report, s)));
  }
  for (const sweep of report.sweeps) {
    out.push('');
    out.push(`sweep ${sweep.param}:`);
    const analyses = ANALYSES.filter((a) => sweep.points.some((p) => p.results[a]));
    out.push(
      table(
        [sweep.param, ...analyses],
        sweep.points.map((p) => [
          exact(p.value),
          ...analyses.map((a) => exact(p.results[a]?.value)),
        ]),
      ),
    );
  }
  return out.join('\n');
}

function valuesTable(report: SolveReport): string {
  const reasons: string[] = [];
  const rows = ANALYSES.flatMap((a) => {
    const r = report.results[a];
    if (!r) return [];
    // A value with a gap, or a search stopped with only a bound (its lower end is −∞).
    const bounds =
      r.upperBound !== null && (r.value === null || r.upperBound - r.value > 1e-9)
        ? `[${exact(r.lowerBound ?? -Infinity)}, ${exact(r.upperBound)}]`
        : '';
    if (r.reason) reasons.push(`  ${a}: ${r.reason}`);
    const value = r.value !== null ? exact(r.value) : r.status;
    const certificate = r.value !== null ? r.certificate : '';
    const time = `${(r.seconds * 1000).toFixed(1)} ms`;
    return [[a, value, bounds, certificate, String(r.lpCount), time]];
  });
  const head = ['analysis', 'value', 'bounds', 'certificate', 'LPs', 'time'];
  return [table(head, rows), ...reasons].join('\n');
}

function policy(report: SolveReport, signals: SignalResult[]): string[] {
  const head = [
    'signal',
    'probability',
    'value',
    ...report.states.map((s) => `μ(${s})`),
    ...report.states.map((s) => `φ(·|${s})`),
  ];
  const rows = signals.map((s, i) => [
    `s${i + 1}`,
    exact(s.probability),
    exact(s.value),
    ...report.states.map((st) => exact(s.posterior[st])),
    ...report.states.map((st) => exact(s.likelihood[st])),
  ]);
  return ['  disclosure policy:', table(head, rows)];
}

function mechanismRows(report: SolveReport, mechanism: Record<string, TypeOutcome>): string[][] {
  return report.types.flatMap((type) => {
    const row = mechanism[type];
    if (!row) return [];
    return [
      [
        type,
        exact(row.probability),
        ...report.outcomes.map((o) => exact(row.allocation[o])),
        exact(row.transfer),
        exact(row.agentUtility),
      ],
    ];
  });
}

function signalMechanism(report: SolveReport, signal: SignalResult, i: number): string[] {
  const head = ['type', 'prob.', ...report.outcomes.map((o) => `q(${o})`), 'transfer', 'utility'];
  const binding = signal.binding.map((b) => `${b.label} (${exact(b.shadowPrice)})`).join(', ');
  return [
    `  mechanism after s${i + 1}:`,
    table(head, mechanismRows(report, signal.mechanism)),
    `    binding: ${binding || 'none'}`,
  ];
}

function stateMechanism(report: SolveReport, state: StateMechanism): string[] {
  const head = ['type', 'p(θ|ω)', ...report.outcomes.map((o) => `q(${o})`), 'transfer', 'utility'];
  return [`  in state ${state.state}:`, table(head, mechanismRows(report, state.mechanism))];
}

export type { AnalysisResult };

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
