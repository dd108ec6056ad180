import { describe, expect, it } from 'vitest';
import { exact } from '../../language/src/cli/format';

describe('numbers in the readable summary', () => {
  it('writes small-denominator fractions exactly and other values to 8 digits', () => {
    expect(exact(1.625)).toBe('13/8');
    expect(exact(-17.25)).toBe('-69/4');
    expect(exact(Math.PI)).toBe('3.1415927');
    expect(exact(1e-12)).toBe('0');
    expect(exact(null)).toBe('—');
  });

  it('writes values from 1e9 on in exponent form, not as long integers', () => {
    expect(exact(1.25e16)).toBe('1.25e16');
    expect(exact(1.25e300)).toBe('1.25e300');
    expect(exact(-3e9)).toBe('-3e9');
    expect(exact(123456789)).toBe('123456789');
  });
});
