/**
 * Numbers as a reader wants them: a small fraction where the value is one (within 1e-9), a
 * short decimal otherwise. Solver output is floating point, so 0.6479999999999999 is 81/125.
 */
import Fraction from 'fraction.js';

/** Largest denominator shown as a fraction; beyond it a decimal is easier to read. */
const MAX_DENOMINATOR = 1000n;
const TOLERANCE = 1e-9;
/** Below the solver's feasibility tolerance (1e-7) a magnitude is noise; shown as 0. */
const ZERO = 1e-8;
const MINUS = '\u2212';

/** A fraction `p/q` (q ≤ 1000) within 1e-9 of `value`, in ASCII, or undefined. */
export function fractionOf(value: number): { numerator: bigint; denominator: bigint } | undefined {
  if (!Number.isFinite(value) || Math.abs(value) > 1e9) return undefined;
  const approx = new Fraction(value).simplify(TOLERANCE);
  if (approx.d > MAX_DENOMINATOR) return undefined;
  if (Math.abs(approx.valueOf() - value) > TOLERANCE * Math.max(1, Math.abs(value)))
    return undefined;
  return { numerator: approx.s * approx.n, denominator: approx.d };
}

/** The display form: `81/125`, `−3/5`, `0.123457`, `∞`; `—` for a missing value. */
export function formatNumber(value: number | null | undefined, digits = 6): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : `${MINUS}∞`;
  if (Math.abs(value) < ZERO) return '0';
  const exact = fractionOf(value);
  const text = exact
    ? exact.denominator === 1n
      ? `${exact.numerator}`
      : `${exact.numerator}/${exact.denominator}`
    : decimal(value, digits);
  return text === '-0' || text === '0' ? '0' : text.replace(/^-/, MINUS);
}

/** A LaTeX form: `\frac{81}{125}`, `-\frac{3}{5}`, `0.123457`. */
export function formatLatex(value: number | null | undefined, digits = 6): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '--';
  if (!Number.isFinite(value)) return value > 0 ? '\\infty' : '-\\infty';
  if (Math.abs(value) < ZERO) return '0';
  const exact = fractionOf(value);
  if (!exact) return decimal(value, digits);
  if (exact.denominator === 1n) return `${exact.numerator}`;
  const sign = exact.numerator < 0n ? '-' : '';
  const numerator = exact.numerator < 0n ? -exact.numerator : exact.numerator;
  return `${sign}\\frac{${numerator}}{${exact.denominator}}`;
}

/** Plain decimal with `digits` significant digits and no trailing zeros. */
export function decimal(value: number, digits = 6): string {
  if (Math.abs(value) < 1e-12) return '0';
  return Number(value.toPrecision(digits)).toString();
}

/** A full-precision decimal for machine-readable exports (CSV). */
export function machineNumber(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  return Math.abs(value) < 1e-15 ? '0' : Number(value.toPrecision(15)).toString();
}

/** Seconds as `12 ms` or `1.3 s`. */
export function formatSeconds(seconds: number): string {
  return seconds < 1 ? `${Math.max(1, Math.round(seconds * 1000))} ms` : `${decimal(seconds, 2)} s`;
}
