/**
 * The preview page: from a `SolveReport` and the solve's status to DOM. Pure rendering; what
 * happens on clicks is the host's business (see host.ts).
 */
import type {
  AnalysisResult,
  BindingConstraint,
  PreviewStatus,
  ReportStamp,
  SignalResult,
  SolveReport,
  TypeOutcome,
} from '../../../language/src/protocol';
import type { AnalysisName } from '../../../language/src/model';
import {
  chartFigure,
  lineChart,
  simplexChart,
  stackedBars,
  upperHull,
  type Marker,
  type Series,
} from './charts';
import { el } from './dom';
import { decimal, formatNumber, formatSeconds } from './format';
import type { PageHost } from './host';
import { nameCell, numberCell, renderTable, textCell, type Cell, type TableModel } from './table';

/** Everything one rendering depends on. */
export interface ViewModel {
  report?: SolveReport;
  status: PreviewStatus;
  /** The analysis whose disclosure policy and mechanisms are shown. */
  selected?: AnalysisName;
  /** Present in an exported report. */
  stamp?: ReportStamp;
  /** Shown when there is no report at all. */
  emptyMessage?: string;
}

export interface ViewActions {
  select(analysis: AnalysisName): void;
}

const ORDER: AnalysisName[] = [
  'bayesian',
  'calibrated',
  'partitional',
  'full_disclosure',
  'no_disclosure',
];

const LABELS: Record<AnalysisName, { name: string; symbol: string; about: string }> = {
  bayesian: {
    name: 'Bayesian benchmark',
    symbol: 'B',
    about: 'state-dependent mechanism, the agent never learns the state',
  },
  calibrated: {
    name: 'Calibrated optimum',
    symbol: 'C',
    about: 'best disclosure policy followed by a state-independent mechanism',
  },
  partitional: {
    name: 'Best partition',
    symbol: 'P',
    about: 'disclosure of a partition of the states, no randomisation',
  },
  full_disclosure: { name: 'Full disclosure', symbol: 'F', about: 'the agent learns the state' },
  no_disclosure: { name: 'No disclosure', symbol: 'N', about: 'one mechanism at the prior' },
};

const CERTIFICATES: Record<string, string> = {
  exact: 'The bounds meet: the value is proven optimal.',
  rigorous: 'The upper bound comes from a valid relaxation over the whole simplex.',
  estimated: 'The upper bound is an estimate: a search found nothing better, which proves nothing.',
};

/** Replaces `root`'s content with the page for `view`. */
export function renderView(
  root: HTMLElement,
  view: ViewModel,
  host: PageHost,
  actions: ViewActions,
): void {
  const report = view.report;
  const children: (HTMLElement | null)[] = [header(view)];
  if (!report) {
    children.push(
      el('p', {
        className: 'empty',
        text: view.emptyMessage ?? 'Open a .mech file to see its mechanism.',
      }),
    );
    root.replaceChildren(...children.filter((c): c is HTMLElement => c !== null));
    return;
  }
  const selected = selectedAnalysis(report, view.selected);
  const body = el(
    'div',
    {
      className: view.status.state === 'solved' ? 'result' : 'result dimmed',
      attrs: { 'data-state': view.status.state },
    },
    diagnostics(report),
    headline(report),
    disclosure(report, selected, host, actions),
    mechanisms(report, selected, host),
    concavification(report, host),
    bayesian(report, host),
    sweeps(report, host),
  );
  if (view.status.state !== 'solved') body.setAttribute('aria-describedby', 'status');
  children.push(contents(report), body, footer(report, view.stamp));
  root.replaceChildren(...children.filter((c): c is HTMLElement => c !== null));
}

function header(view: ViewModel): HTMLElement {
  const report = view.report;
  const title = report ? report.title || report.model || report.file : 'Mechanism preview';
  const subtitle = report
    ? [report.title ? report.model : '', report.file].filter(Boolean).join(' · ')
    : '';
  return el(
    'header',
    'page-header',
    el('h1', { text: title, attrs: { id: 'title' } }),
    subtitle ? el('p', { className: 'subtitle', text: subtitle }) : null,
    view.stamp ? null : statusBanner(view.status, Boolean(report)),
  );
}

function statusBanner(status: PreviewStatus, hasResult: boolean): HTMLElement {
  const kept = hasResult ? ' The last result is shown dimmed.' : '';
  const texts: Record<PreviewStatus['state'], string> = {
    idle: 'Not solved yet. Save the file or run “Mech: Solve”.',
    solving: `Solving${status.progress ? `: ${status.progress}` : ''}…${kept}`,
    solved:
      status.seconds !== undefined
        ? `Up to date, solved in ${formatSeconds(status.seconds)}.`
        : 'Up to date.',
    stale: `Stale: ${status.message ?? 'the model changed since this result was computed.'}${kept}`,
    failed: `Solve failed: ${status.message ?? 'see the Problems panel.'}${kept}`,
    cancelled: `Solve cancelled.${kept}`,
  };
  return el(
    'div',
    {
      className: `status status-${status.state}`,
      attrs: { id: 'status', role: 'status', 'aria-live': 'polite', 'data-state': status.state },
    },
    el('span', { className: 'status-dot', attrs: { 'aria-hidden': 'true' } }),
    el('span', { className: 'status-text', text: texts[status.state] }),
  );
}

function contents(report: SolveReport): HTMLElement {
  const links: [string, string][] = [
    ['headline', 'Values'],
    ['disclosure', 'Disclosure'],
    ['mechanisms', 'Mechanisms'],
  ];
  if (report.results.calibrated && report.states.length >= 2)
    links.push(['concavification', 'Concavification']);
  if (report.results.bayesian?.states) links.push(['bayesian', 'Bayesian']);
  if (report.sweeps.length) links.push(['sweeps', 'Sweeps']);
  return el(
    'nav',
    { className: 'contents', attrs: { 'aria-label': 'Sections' } },
    ...links.map(([id, text]) => el('a', { text, attrs: { href: `#${id}` } })),
  );
}

function section(id: string, title: string, ...children: (Node | null)[]): HTMLElement {
  return el(
    'section',
    { attrs: { id, 'aria-labelledby': `${id}-title` } },
    el('h2', { text: title, attrs: { id: `${id}-title` } }),
    ...children,
  );
}

function diagnostics(report: SolveReport): HTMLElement | null {
  const shown = report.diagnostics.filter(
    (d) => d.severity === 'error' || d.severity === 'warning',
  );
  if (!shown.length) return null;
  return el(
    'ul',
    { className: 'diagnostics', attrs: { 'aria-label': 'Problems' } },
    ...shown.map((d) =>
      el(
        'li',
        `diagnostic ${d.severity}`,
        el('span', {
          className: 'where',
          text: `${d.severity} ${d.code} at ${d.line}:${d.column}`,
        }),
        ' ',
        d.message,
      ),
    ),
  );
}

// --- Headline ------------------------------------------------------------------------------

function headline(report: SolveReport): HTMLElement {
  const cards = ORDER.filter((a) => report.results[a]).map((a) => valueCard(report.results[a]!));
  const derived = derivedCards(report);
  return section(
    'headline',
    'Values',
    el('div', 'cards', ...cards),
    derived.length ? el('div', 'cards derived', ...derived) : null,
    el('p', {
      className: 'hint',
      text: 'B ≥ C ≥ P ≥ max(F, N). Fractions are shown where the value is one within 1e-9.',
    }),
  );
}

function valueCard(result: AnalysisResult): HTMLElement {
  const label = LABELS[result.analysis];
  const ok = result.status === 'optimal';
  const tight =
    result.lowerBound !== null &&
    result.upperBound !== null &&
    result.upperBound - result.lowerBound <= 1e-9 * Math.max(1, Math.abs(result.upperBound));
  const bounds = tight
    ? 'lower = upper bound'
    : `bounds [${formatNumber(result.lowerBound)}, ${formatNumber(result.upperBound)}]`;
  return el(
    'div',
    { className: `card${ok ? '' : ' not-optimal'}`, attrs: { 'data-analysis': result.analysis } },
    el(
      'div',
      'card-title',
      el('span', { className: 'symbol', text: label.symbol }),
      ' ',
      label.name,
    ),
    el('div', {
      className: 'value',
      text: formatNumber(result.value),
      attrs: { 'data-value': String(result.value), title: String(result.value) },
    }),
    el(
      'div',
      'card-meta',
      ok ? null : el('span', { className: 'badge bad', text: result.status.replace('_', ' ') }),
      result.value !== null
        ? el('span', {
            className: `badge certificate-${result.certificate}`,
            text: result.certificate,
            attrs: { title: CERTIFICATES[result.certificate] },
          })
        : null,
      result.value !== null ? el('span', { className: 'bounds', text: bounds }) : null,
    ),
    result.reason ? el('p', { className: 'reason', text: result.reason }) : null,
    el('p', { className: 'method', text: result.method || label.about }),
    el('p', {
      className: 'cost',
      text: `${result.lpCount} LP${result.lpCount === 1 ? '' : 's'} · ${formatSeconds(result.seconds)}`,
    }),
    ...result.notes.map((note) => el('p', { className: 'note', text: `Note: ${note}.` })),
  );
}

function derivedCards(report: SolveReport): HTMLElement[] {
  const r = report.results;
  const cards: HTMLElement[] = [];
  const c = r.calibrated;
  if (r.bayesian?.value != null && c?.value != null) {
    const b = r.bayesian.value;
    cards.push(
      derivedCard(
        'cost-of-calibration',
        'Cost of calibration',
        'B − C',
        b - c.value,
        c.upperBound !== null ? b - c.upperBound : null,
        'What the designer loses because the agent learns the rule he faces.',
      ),
    );
  }
  const f = r.full_disclosure?.value;
  const n = r.no_disclosure?.value;
  if (c?.value != null && (f != null || n != null)) {
    const best = Math.max(f ?? -Infinity, n ?? -Infinity);
    const which = f != null && (n == null || f >= n) ? 'full disclosure' : 'no disclosure';
    const symbol = f != null && n != null ? 'C − max(F, N)' : f != null ? 'C − F' : 'C − N';
    cards.push(
      derivedCard(
        'value-of-disclosure',
        'Value of disclosure',
        symbol,
        c.value - best,
        c.upperBound !== null ? c.upperBound - best : null,
        `What designed disclosure adds over the better of the simple policies (here ${which}).`,
      ),
    );
  }
  return cards;
}

function derivedCard(
  id: string,
  title: string,
  symbol: string,
  value: number,
  other: number | null,
  about: string,
): HTMLElement {
  const spread = other !== null && Math.abs(other - value) > 1e-9;
  const [low, high] =
    other !== null ? [Math.min(value, other), Math.max(value, other)] : [value, value];
  return el(
    'div',
    { className: 'card', attrs: { 'data-derived': id } },
    el('div', 'card-title', el('span', { className: 'symbol', text: symbol }), ' ', title),
    el('div', {
      className: 'value',
      text: spread ? `${formatNumber(low)} … ${formatNumber(high)}` : formatNumber(value),
      attrs: { 'data-value': String(value) },
    }),
    el('p', { className: 'method', text: about }),
  );
}

// --- Disclosure policy ---------------------------------------------------------------------

function selectedAnalysis(report: SolveReport, wanted?: AnalysisName): AnalysisName | undefined {
  const withSignals = ORDER.filter((a) => report.results[a]?.signals?.length);
  if (wanted && withSignals.includes(wanted)) return wanted;
  return withSignals.includes('calibrated') ? 'calibrated' : withSignals[0];
}

function signalName(index: number): string {
  return `s${index + 1}`;
}

function disclosure(
  report: SolveReport,
  selected: AnalysisName | undefined,
  host: PageHost,
  actions: ViewActions,
): HTMLElement {
  if (!selected)
    return section(
      'disclosure',
      'Disclosure policy',
      el('p', { className: 'empty', text: 'No analysis produced a disclosure policy.' }),
    );
  const result = report.results[selected]!;
  const signals = result.signals ?? [];
  const picker = el(
    'div',
    { className: 'picker', attrs: { role: 'group', 'aria-label': 'Show the policy of' } },
    ...ORDER.filter((a) => report.results[a]?.signals?.length).map((a) => {
      const button = el('button', {
        text: LABELS[a].name,
        attrs: { type: 'button', 'aria-pressed': String(a === selected), 'data-pick': a },
      });
      button.addEventListener('click', () => actions.select(a));
      return button;
    }),
  );
  const bars = chartFigure(
    `${selected}-disclosure`,
    `Where each state sends the agent: φ(s | ω), ${LABELS[selected].name.toLowerCase()}`,
    (width) =>
      stackedBars(
        {
          title: 'Disclosure policy φ(s | ω)',
          rows: report.states.map((state) => ({
            label: state,
            segments: signals.map((s, k) => ({
              value: s.likelihood[state] ?? 0,
              color: k % 8,
              label: `${signalName(k)} in ${state}: ${formatNumber(s.likelihood[state])}`,
            })),
          })),
          legend: signals.map((s, k) => ({
            name: `${signalName(k)}: V = ${formatNumber(s.value)}`,
            color: k % 8,
          })),
        },
        width,
      ),
    host,
  );
  return section(
    'disclosure',
    'Disclosure policy',
    picker,
    el('p', {
      className: 'hint',
      text:
        `${LABELS[selected].name}: ${signals.length} signal${signals.length === 1 ? '' : 's'}. ` +
        'Each signal s is sent with probability φ(s | ω) in state ω; the agent then holds the ' +
        'posterior μ_s.',
    }),
    renderTable(policyTable(report, selected, signals), host),
    bars,
  );
}

function policyTable(
  report: SolveReport,
  analysis: AnalysisName,
  signals: SignalResult[],
): TableModel {
  const states = report.states;
  const header: Cell[] = [
    textCell('signal'),
    textCell('P(s)'),
    ...states.map((s) => nameCell('state', s, 'μ_s: ')),
    ...states.map((s) => nameCell('state', s, 'φ(s | ')),
    textCell('V(μ_s)'),
  ];
  header.slice(2 + states.length, 2 + 2 * states.length).forEach((cell) => (cell.text += ')'));
  const rows = signals.map((s, k) => [
    textCell(signalName(k), `signal signal-${k % 8}`),
    numberCell(s.probability),
    ...states.map((w) => numberCell(s.posterior[w])),
    ...states.map((w) => numberCell(s.likelihood[w])),
    numberCell(s.value),
  ]);
  const total = report.results[analysis]?.value ?? null;
  const footer = [
    [
      textCell('prior / total'),
      numberCell(signals.reduce((sum, s) => sum + s.probability, 0)),
      ...states.map((w) => numberCell(report.prior[w])),
      ...states.map((w) => numberCell(signals.reduce((sum, s) => sum + (s.likelihood[w] ?? 0), 0))),
      numberCell(total),
    ],
  ];
  return {
    id: `${analysis}-policy`,
    caption: `Disclosure policy (${LABELS[analysis].name.toLowerCase()})`,
    header,
    rows,
    footer,
  };
}

// --- Mechanisms ----------------------------------------------------------------------------

function mechanisms(
  report: SolveReport,
  selected: AnalysisName | undefined,
  host: PageHost,
): HTMLElement | null {
  if (!selected) return null;
  const signals = report.results[selected]?.signals ?? [];
  const blocks = signals.map((signal, k) => {
    const posterior = report.states
      .map((w) => `${w}: ${formatNumber(signal.posterior[w])}`)
      .join(', ');
    return el(
      'div',
      { className: 'signal-block', attrs: { 'data-signal': signalName(k) } },
      el(
        'h3',
        {},
        el('span', { className: `swatch fill-${k % 8}`, attrs: { 'aria-hidden': 'true' } }),
        `Signal ${signalName(k)}`,
      ),
      el(
        'p',
        { className: 'signal-meta' },
        el('span', { text: `probability ${formatNumber(signal.probability)}` }),
        el('span', { text: `posterior (${posterior})` }),
        el('span', {
          className: 'designer-value',
          text: `designer's payoff V(μ_s) = ${formatNumber(signal.value)}`,
        }),
      ),
      renderTable(
        mechanismTable(
          report,
          `${selected}-${signalName(k)}`,
          `Mechanism after ${signalName(k)}`,
          signal.mechanism,
          signal.binding,
          'P(θ | s)',
        ),
        host,
      ),
    );
  });
  return section(
    'mechanisms',
    'Mechanisms',
    el('p', {
      className: 'hint',
      text:
        'For each signal: what each type gets (allocation probabilities), pays (transfer) and ' +
        'keeps (expected utility over the outside option, his information rent). Binding ' +
        'constraints are listed with their shadow prices.',
    }),
    ...blocks,
  );
}

function mechanismTable(
  report: SolveReport,
  id: string,
  caption: string,
  mechanism: Record<string, TypeOutcome>,
  binding: BindingConstraint[] | undefined,
  probabilityLabel: string,
): TableModel {
  const header: Cell[] = [
    textCell('type θ'),
    textCell(probabilityLabel),
    ...report.outcomes.map((x) => nameCell('outcome', x, 'q: ')),
    textCell('transfer'),
    textCell('utility (rent)'),
    ...(binding ? [textCell('binding (shadow price)')] : []),
  ];
  const rows = report.types.map((type) => {
    const outcome = mechanism[type];
    const constraints = (binding ?? []).filter((c) => c.type === type);
    const bindingCells: Cell[] = binding
      ? [
          {
            text: constraints.length ? constraints.map(constraintText).join('; ') : '—',
            className: constraints.length ? 'binding' : 'muted',
          },
        ]
      : [];
    if (!outcome) {
      const absent = textCell('—', 'muted');
      absent.title = 'this type has probability 0 here';
      return [
        nameCell('type', type),
        numberCell(0),
        ...report.outcomes.map(() => absent),
        absent,
        absent,
        ...bindingCells.map(() => absent),
      ];
    }
    return [
      nameCell('type', type),
      numberCell(outcome.probability),
      ...report.outcomes.map((x) => numberCell(outcome.allocation[x] ?? 0)),
      numberCell(outcome.transfer),
      numberCell(outcome.agentUtility),
      ...bindingCells,
    ];
  });
  return { id, caption, header, rows };
}

function constraintText(c: BindingConstraint): string {
  const what = c.kind === 'IC' ? `IC → ${c.deviation ?? '?'}` : 'IR';
  return `${what} (${formatNumber(c.shadowPrice)})`;
}

// --- Concavification -----------------------------------------------------------------------

function concavification(report: SolveReport, host: PageHost): HTMLElement | null {
  const result = report.results.calibrated;
  const n = report.states.length;
  if (!result || n < 2) return null;
  const signals = result.signals ?? [];
  const samples = result.valueSamples;
  if (n === 2)
    return section('concavification', 'Concavification', ...envelope(report, result, host));
  if (n === 3 && samples?.length) {
    const states = report.states as [string, string, string];
    const chart = chartFigure(
      'simplex',
      'V on the belief simplex',
      (width) =>
        simplexChart(
          {
            title: 'V on the simplex of posteriors',
            states,
            samples,
            prior: states.map((w) => report.prior[w]),
            posteriors: signals.map((s, k) => ({
              posterior: states.map((w) => s.posterior[w]),
              label: signalName(k),
              probability: s.probability,
            })),
          },
          width,
        ),
      host,
      "Colour is V(μ), the designer's value at posterior μ. The optimal posteriors (circles, " +
        `sized by probability) average to the prior (×); C = ${formatNumber(result.value)} is ` +
        'their weighted value.',
    );
    return section('concavification', 'Concavification', chart);
  }
  return section(
    'concavification',
    'Concavification',
    el('p', {
      className: 'hint',
      text:
        n === 3
          ? 'V was not sampled for this solve (run it with value samples to draw the simplex); ' +
            'the optimal posteriors are in the disclosure table.'
          : `With ${n} states V lives on a ${n - 1}-dimensional simplex; the optimal ` +
            'posteriors are listed in the disclosure table.',
    }),
  );
}

function envelope(report: SolveReport, result: AnalysisResult, host: PageHost): HTMLElement[] {
  const [, second] = report.states;
  const samples = (result.valueSamples ?? []).map(
    (s) => [s.posterior[1], s.value] as [number, number | null],
  );
  const signals = result.signals ?? [];
  const interior = samples.filter(([x]) => x > 1e-12 && x < 1 - 1e-12);
  const vertices = samples.filter(([x, v]) => (x <= 1e-12 || x >= 1 - 1e-12) && v !== null) as [
    number,
    number,
  ][];
  const signalPoints = signals.map((s) => [s.posterior[second], s.value] as [number, number]);
  const known = [...samples.filter((s): s is [number, number] => s[1] !== null), ...signalPoints];
  const hull = upperHull(known);
  const prior = report.prior[second];
  const series: Series[] = [];
  if (interior.length) series.push({ name: 'V(μ)', color: 0, points: interior });
  series.push({ name: 'cav V (concave envelope)', color: 1, points: hull, dashed: true });
  const markers: Marker[] = [
    ...vertices.map(([x, v]) => ({
      x,
      y: v,
      label: `V at ${x < 0.5 ? report.states[0] : second} = ${formatNumber(v)}`,
      color: 0,
      hollow: true,
    })),
    ...signals.map((s, k) => ({
      x: s.posterior[second],
      y: s.value,
      label: `${signalName(k)}: μ = ${formatNumber(s.posterior[second])}`,
      color: 2,
    })),
  ];
  if (result.value !== null)
    markers.push({
      x: prior,
      y: result.value,
      label: `C = ${formatNumber(result.value)}`,
      color: 3,
    });
  const chart = chartFigure(
    'envelope',
    'V and its concave envelope',
    (width) =>
      lineChart(
        {
          title: `V(μ) and cav V over μ = P(${second})`,
          xLabel: `μ = P(${second})`,
          yLabel: 'designer payoff',
          series,
          markers,
          guides: [{ x: prior, label: `prior ${formatNumber(prior)}` }],
          xDomain: [0, 1],
        },
        width,
      ),
    host,
    samples.length
      ? 'The envelope touches V at the optimal posteriors; its height at the prior is the ' +
          'calibrated value C. Hollow circles are V at the two certain beliefs, where V may jump.'
      : 'V was not sampled for this solve; the envelope is drawn through the optimal posteriors only.',
  );
  return [chart];
}

// --- Bayesian benchmark --------------------------------------------------------------------

function bayesian(report: SolveReport, host: PageHost): HTMLElement | null {
  const result = report.results.bayesian;
  if (!result?.states) return null;
  const blocks = result.states.map((s) =>
    el(
      'div',
      { className: 'state-block', attrs: { 'data-state-name': s.state } },
      el(
        'h3',
        {},
        'State ',
        host.interactive ? revealButton(host, 'state', s.state) : s.state,
        ` (prior ${formatNumber(report.prior[s.state])})`,
      ),
      renderTable(
        mechanismTable(
          report,
          `bayesian-${s.state}`,
          `Bayesian mechanism in state ${s.state}`,
          s.mechanism,
          undefined,
          'P(θ | ω)',
        ),
        host,
      ),
    ),
  );
  const binding = result.binding ?? [];
  const bindingTable: TableModel = {
    id: 'bayesian-binding',
    caption: 'Binding constraints of the Bayesian mechanism (interim)',
    header: [textCell('constraint'), textCell('shadow price')],
    rows: binding.map((c) => [textCell(c.label), numberCell(c.shadowPrice)]),
  };
  return section(
    'bayesian',
    'Bayesian benchmark, state by state',
    el('p', {
      className: 'hint',
      text:
        'The mechanism may depend on the state; incentive and participation constraints hold ' +
        'on average over the states, under the prior. Utilities are the type’s payoff in that ' +
        'state, so they can be negative.',
    }),
    ...blocks,
    binding.length ? renderTable(bindingTable, host) : null,
  );
}

function revealButton(
  host: PageHost,
  kind: 'state' | 'type' | 'outcome',
  name: string,
): HTMLElement {
  const button = el('button', {
    className: 'link',
    text: name,
    attrs: { type: 'button', title: `Reveal ${kind} “${name}” in the editor` },
  });
  button.addEventListener('click', () => host.reveal(kind, name));
  return button;
}

// --- Sweeps --------------------------------------------------------------------------------

function sweeps(report: SolveReport, host: PageHost): HTMLElement | null {
  if (!report.sweeps.length) return null;
  const blocks = report.sweeps.map((sweep) => {
    const analyses = ORDER.filter((a) => sweep.points.some((p) => p.results[a]));
    const series: Series[] = analyses.map((a, k) => ({
      name: `${LABELS[a].symbol}: ${LABELS[a].name}`,
      color: k % 8,
      dots: true,
      points: sweep.points.map((p) => [
        p.value,
        p.results[a]?.status === 'optimal' ? p.results[a]!.value : null,
      ]),
    }));
    const table: TableModel = {
      id: `sweep-${sweep.param}`,
      caption: `Values along ${sweep.param}`,
      header: [textCell(sweep.param), ...analyses.map((a) => textCell(LABELS[a].symbol))],
      rows: sweep.points.map((p) => [
        { ...numberCell(p.value), text: formatNumber(p.value) },
        ...analyses.map((a) => {
          const point = p.results[a];
          return point?.status === 'optimal'
            ? numberCell(point.value)
            : textCell(point?.status ?? '—', 'muted');
        }),
      ]),
    };
    return el(
      'div',
      { className: 'sweep-block', attrs: { 'data-sweep': sweep.param } },
      chartFigure(
        `sweep-${sweep.param}`,
        `Values along ${sweep.param}`,
        (width) =>
          lineChart(
            {
              title: `Values along ${sweep.param}`,
              xLabel: sweep.param,
              yLabel: 'designer payoff',
              series,
            },
            width,
          ),
        host,
      ),
      el(
        'details',
        {},
        el('summary', { text: `Table of the ${sweep.points.length} points` }),
        renderTable(table, host),
      ),
    );
  });
  return section('sweeps', 'Sweeps', ...blocks);
}

// --- Footer --------------------------------------------------------------------------------

function footer(report: SolveReport, stamp?: ReportStamp): HTMLElement {
  const tolerance = report.solver.tolerances;
  const lines = [
    `mech ${stamp?.tool ?? report.version} · ` +
      (stamp?.solver ?? `${report.solver.name} ${report.solver.version}`) +
      ` (feasibility ${decimal(tolerance.primalFeasibility, 2)}, ` +
      `gap ${decimal(tolerance.gap, 2)})`,
    report.privateValues === null
      ? ''
      : report.privateValues
        ? 'Private values: the agent’s payoff does not depend on the state.'
        : 'Interdependent values.',
  ].filter((line) => line !== '');
  return el(
    'footer',
    { className: 'stamp', attrs: { 'data-stamp': stamp ? 'report' : 'preview' } },
    ...lines.map((text) => el('p', { text })),
    stamp
      ? el(
          'p',
          {},
          'Model SHA-256 ',
          el('code', { text: stamp.modelSha256, attrs: { 'data-sha256': stamp.modelSha256 } }),
        )
      : null,
    stamp?.generated ? el('p', { text: `Written ${stamp.generated}.` }) : null,
  );
}
