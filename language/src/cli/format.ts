/**
 * Numbers and tables for people: exact fractions where a small-denominator fraction matches to
 * 1e-9 (so 13/8, not 1.625), decimals otherwise.
 */
import Fraction from 'fraction.js';
import Table from 'cli-table3';

/**
 * `13/8` when the value is a fraction with denominator ≤ 10,000 to 1e-9, else 8 significant
 * digits; from 1e9 on in exponent form (`1.25e16`).
 */
export function exact(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  if (Math.abs(value) < 1e-9) return '0';
  if (Math.abs(value) >= 1e9) {
    // 1.25e16, not seventeen digits of which the last are noise.
    const [mantissa, exponent] = value.toExponential(7).split('e');
    return `${Number(mantissa)}e${Number(exponent)}`;
  }
  try {
    const fraction = new Fraction(value).simplify(1e-10);
    const approx = fraction.valueOf();
    if (
      Number(fraction.d) <= 10_000 &&
      Math.abs(approx - value) <= 1e-9 * Math.max(1, Math.abs(value))
    ) {
      return fraction.toFraction();
    }
  } catch {
    // fall through to a decimal
  }
  return Number(value.toPrecision(8)).toString();
}

/** A plain box-less table with a header row. */
export function table(head: string[], rows: string[][]): string {
  const t = new Table({
    head,
    style: { head: [], border: [], compact: true },
    chars: {
      top: '',
      'top-mid': '',
      'top-left': '',
      'top-right': '',
      bottom: '',
      'bottom-mid': '',
      'bottom-left': '',
      'bottom-right': '',
      left: '  ',
      'left-mid': '',
      mid: '',
      'mid-mid': '',
      right: '',
      'right-mid': '',
      middle: '  ',
    },
  });
  t.push(...rows);
  return t.toString();
}
