/**
 * The typed contract between the core and every face (CLI JSON, language server notifications,
 * webview messages). Everything here is plain JSON: numbers, strings, arrays, records.
 * Infinite or missing values are `null`.
 */
import type { AnalysisName } from './model';
import type { Severity } from './diagnostics';

/** How an upper bound was obtained (theory.md §4); never a stronger word than the method earns. */
export type Certificate = 'exact' | 'rigorous' | 'estimated';

export type AnalysisStatus = 'optimal' | 'time_limit' | 'infeasible' | 'unbounded' | 'error';

/** What one type gets in a mechanism. */
export interface TypeOutcome {
  /** q(x | θ) by outcome name. */
  allocation: Record<string, number>;
  /** t(θ); 0 when the model has no money. */
  transfer: number;
  /** The agent's expected payoff (including the transfer) minus his outside option. */
  agentUtility: number;
  /** Probability of this type given the signal (or state). */
  probability: number;
}

/** A constraint that holds with equality at the optimum, with its shadow price. */
export interface BindingConstraint {
  kind: 'IC' | 'IR';
  /** The type whose incentive or participation constraint binds. */
  type: string;
  /** For IC: the report the type is indifferent to. */
  deviation?: string;
  /** Marginal value to the designer of relaxing the constraint by one unit (≥ 0). */
  shadowPrice: number;
  /** e.g. `IC v3 → v1`, `IR v1`. */
  label: string;
}

/** One signal of the disclosure policy, and the state-independent mechanism run after it. */
export interface SignalResult {
  /** Probability that the signal is sent. */
  probability: number;
  /** μ_s(ω) by state name. */
  posterior: Record<string, number>;
  /** φ(s | ω) by state name. */
  likelihood: Record<string, number>;
  /** The designer's expected payoff given the signal, V(μ_s). */
  value: number;
  mechanism: Record<string, TypeOutcome>;
  binding: BindingConstraint[];
}

/** The state-dependent mechanism of the Bayesian benchmark, for one state. */
export interface StateMechanism {
  state: string;
  mechanism: Record<string, TypeOutcome>;
}

/** A sample of V on the simplex, for the concavification picture. */
export interface ValueSample {
  /** μ(ω) in state order. */
  posterior: number[];
  /** V(μ); null where no mechanism is feasible. */
  value: number | null;
}

export interface AnalysisResult {
  analysis: AnalysisName;
  status: AnalysisStatus;
  /** The value a concrete mechanism attains (the lower bound); null unless a mechanism exists. */
  value: number | null;
  lowerBound: number | null;
  upperBound: number | null;
  certificate: Certificate;
  /** One sentence on how the value and bounds were obtained. */
  method: string;
  /** Number of LPs solved for this analysis. */
  lpCount: number;
  /** Wall-clock seconds. */
  seconds: number;
  /** Disclosure policy and mechanisms (all analyses except `bayesian`). */
  signals?: SignalResult[];
  /** The Bayesian benchmark's state-dependent mechanism, state by state. */
  states?: StateMechanism[];
  /** Binding constraints of the Bayesian mechanism (interim, one per type pair). */
  binding?: BindingConstraint[];
  /** V sampled on the simplex (calibrated only, two or three states, when asked for). */
  valueSamples?: ValueSample[];
  /** Free-text remarks: shortcuts taken, alternative optima, limits hit. */
  notes: string[];
  /** When status is not optimal: why, in a user's words. */
  reason?: string;
}

export interface SolverInfo {
  name: 'HiGHS';
  version: string;
  tolerances: { primalFeasibility: number; dualFeasibility: number; gap: number };
}

export interface SweepPoint {
  value: number;
  /** Why the model could not be solved at this value (it has errors there). */
  error?: string;
  results: Partial<
    Record<
      AnalysisName,
      {
        value: number | null;
        status: AnalysisStatus;
        lowerBound: number | null;
        upperBound: number | null;
      }
    >
  >;
}

export interface SweepResult {
  param: string;
  points: SweepPoint[];
}

/** A diagnostic as JSON: 1-based lines and columns, end column exclusive (UTF-16 units). */
export interface JsonDiagnostic {
  severity: Severity;
  code: string;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** Everything a solve produced for one file. */
export interface SolveReport {
  file: string;
  model: string;
  title: string | null;
  version: string;
  solver: SolverInfo;
  /** null when the model has errors, so whether values are private is not known. */
  privateValues: boolean | null;
  states: string[];
  types: string[];
  outcomes: string[];
  prior: Record<string, number>;
  diagnostics: JsonDiagnostic[];
  results: Partial<Record<AnalysisName, AnalysisResult>>;
  sweeps: SweepResult[];
}

// --- Language server ↔ editor client ---------------------------------------------------------
// Custom LSP messages beside the standard ones. The server sends a `SolveNotification` whenever
// the solver state of a document changes; the client shows it and may ask for a solve or cancel.

/** When the server solves: on open and save (default), after every checked edit, or on command. */
export type SolveRunMode = 'onSave' | 'onType' | 'manual';

/**
 * Where a document's solve stands. `solved`: every requested analysis is optimal. `failed`: the
 * model has errors, an analysis is not optimal, the time limit was hit or the solver crashed.
 * `stale`: the text changed since the last solve. `cancelled`: stopped by the user. `idle`: no
 * solve has run yet.
 */
export type SolveState = 'idle' | 'solving' | 'solved' | 'failed' | 'stale' | 'cancelled';

/** Server → client: the solver state of one document changed. */
export interface SolveNotification {
  uri: string;
  /** The document version that was (or is being) solved. */
  version: number;
  state: SolveState;
  /** The solve's result: present when `solved`, and when `failed` if the solve got that far. */
  report?: SolveReport;
  /** Why it failed or is stale, in a user's words. */
  message?: string;
  /** Wall-clock seconds of the finished solve. */
  seconds?: number;
  /** A short progress message while `solving` (e.g. `solving calibrated`). */
  progress?: string;
  /** The values formatted for display, e.g. `calibrated 13/8 · bayesian 2`, when `solved`. */
  headline?: string;
}

/** Server → client notification carrying a `SolveNotification`. */
export const SOLVE_NOTIFICATION = 'mech/solveState';

/** Client → server request: solve this document now, whatever the run mode. */
export interface SolveRequestParams {
  uri: string;
}

/** Request method for `SolveRequestParams`; the response is the final `SolveNotification`. */
export const SOLVE_REQUEST = 'mech/solve';

/** Client → server request: cancel the running solve of a document (or every one without uri). */
export interface CancelSolveParams {
  uri?: string;
}

/** Request method for `CancelSolveParams`; the response is `null`. */
export const CANCEL_SOLVE_REQUEST = 'mech/cancelSolve';

/** Client → server request: the last `SolveNotification` of a document, or `null`. */
export interface LastSolveParams {
  uri: string;
}

/** Request method for `LastSolveParams`. */
export const LAST_SOLVE_REQUEST = 'mech/lastSolve';

/** The settings under `mech.*` that the server reads. */
export interface ServerSettings {
  solve: {
    runMode: SolveRunMode;
    /** Seconds one solve may take before it is stopped. */
    timeLimit: number;
  };
  /** Significant digits for numbers that are not simple fractions. */
  precision: number;
}

/** Defaults of `ServerSettings`, also the manifest's defaults. */
export const DEFAULT_SERVER_SETTINGS: ServerSettings = {
  solve: { runMode: 'onSave', timeLimit: 30 },
  precision: 6,
};

// --- Editor host ↔ preview webview -----------------------------------------------------------
// The preview (client/src/webview) imports nothing from the product but these types. The same
// page runs in a VS Code webview, where the host posts `HostToPreview` messages, and in an
// exported report, where the page reads an `EmbeddedReport` from a JSON data block.

/** Where the preview's result stands; the same values as the server's solve state. */
export type PreviewState = 'idle' | 'solving' | 'solved' | 'failed' | 'stale' | 'cancelled';

/** The solve state shown above the result. Anything but `solved` dims the last good result. */
export interface PreviewStatus {
  state: PreviewState;
  /** Why it failed or is stale, in a user's words. */
  message?: string;
  /** A short progress message while `solving`. */
  progress?: string;
  /** Wall-clock seconds of the finished solve. */
  seconds?: number;
}

/** Host → preview. The host must send `result` or `status` after every `ready`. */
export type HostToPreview =
  /** A new result replaces the shown one; `status.state` is normally `solved` or `failed`. */
  | { type: 'result'; report: SolveReport; status: PreviewStatus; uri?: string }
  /** The state changed; the last result stays visible (dimmed unless `solved`). */
  | { type: 'status'; status: PreviewStatus; uri?: string }
  /** Nothing to show, e.g. no `.mech` editor is open; the message says so. */
  | { type: 'empty'; message: string };

/** Which kind of declaration a click in the preview asks to reveal. */
export type PreviewElementKind = 'state' | 'type' | 'outcome';

/** Formats the preview exports; text formats go to the clipboard, `svg` to a file. */
export type PreviewExportFormat = 'markdown' | 'csv' | 'latex' | 'svg';

/** Preview → host. */
export type PreviewToHost =
  /** Sent once the page has loaded and listens; the host answers with the current state. */
  | { type: 'ready' }
  /** The user clicked an element name: reveal its declaration in the editor. */
  | { type: 'reveal'; kind: PreviewElementKind; name: string }
  /** Copy `content` (text formats) or offer to save it (`svg`) under `suggestedName`. */
  | { type: 'export'; format: PreviewExportFormat; content: string; suggestedName: string };

/** What the webview keeps across hiding and window reloads (its `setState`). */
export interface PreviewSnapshot {
  /** The document the result belongs to. */
  uri?: string;
  report?: SolveReport;
  status: PreviewStatus;
  /** The analysis whose disclosure policy is shown. */
  selected?: AnalysisName;
}

/** Where an exported report came from; shown in its footer. */
export interface ReportStamp {
  /** `mech` version that wrote the report. */
  tool: string;
  /** e.g. `HiGHS 1.7.0`. */
  solver: string;
  /** SHA-256 of the model source, lowercase hex. */
  modelSha256: string;
  /** ISO time of writing; omitted for reproducible output. */
  generated?: string;
}

/** The JSON data block of an exported report (`<script type="application/json" id="mech-data">`). */
export interface EmbeddedReport {
  report: SolveReport;
  stamp: ReportStamp;
}
