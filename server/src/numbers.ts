/**
 * Numbers as users read them: exact fractions where a small denominator reproduces the value
 * (13/8, not 1.625), otherwise a decimal with the configured significant digits.
 */
import Fraction from 'fraction.js';

/** Largest denominator shown as a fraction; beyond it a decimal reads better. */
const MAX_DENOMINATOR = 1000;

/** `13/8`, `-1/3`, `2`, `0.3183`, `∞`, `−∞`, `—` for null. */
export function formatNumber(value: number | null | undefined, precision = 6): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  if (value === Infinity) return '∞';
  if (value === -Infinity) return '−∞';
  const fraction = asFraction(value);
  if (fraction) return fraction;
  return String(Number(value.toPrecision(precision)));
}

/** The value as `n/d` (or `n`) when that is exact to 1e-9, else undefined. */
export function asFraction(value: number): string | undefined {
  if (Number.isInteger(value)) return String(value);
  if (Math.abs(value) > 1e9) return undefined;
  try {
    const fraction = new Fraction(value).simplify(1e-12);
    const denominator = Number(fraction.d);
    if (denominator > MAX_DENOMINATOR) return undefined;
    const numerator = Number(fraction.n) * Number(fraction.s);
    if (Math.abs(numerator / denominator - value) > 1e-9) return undefined;
    return denominator === 1 ? String(numerator) : `${numerator}/${denominator}`;
  } catch {
    return undefined;
  }
}
