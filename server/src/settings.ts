/**
 * The server's view of the `mech.*` settings: defaults, overridden by the client's
 * `initializationOptions.settings`, then by `workspace/configuration` when the client has it.
 */
import {
  DEFAULT_SERVER_SETTINGS,
  type ServerSettings,
  type SolveRunMode,
} from '../../language/src/protocol';

const RUN_MODES: readonly SolveRunMode[] = ['onSave', 'onType', 'manual'];

/** Reads whatever the client sent, keeping a default for every missing or malformed field. */
export function readSettings(
  raw: unknown,
  base: ServerSettings = DEFAULT_SERVER_SETTINGS,
): ServerSettings {
  const record = isRecord(raw) ? raw : {};
  const solve = isRecord(record.solve) ? record.solve : {};
  const runMode = RUN_MODES.includes(solve.runMode as SolveRunMode)
    ? (solve.runMode as SolveRunMode)
    : base.solve.runMode;
  const timeLimit = positive(solve.timeLimit) ?? base.solve.timeLimit;
  const precision = positive(record.precision);
  return {
    solve: { runMode, timeLimit },
    precision: precision === undefined ? base.precision : Math.min(17, Math.round(precision)),
  };
}

function positive(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
