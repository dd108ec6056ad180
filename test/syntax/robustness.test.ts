import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze, type AnalyzeResult } from '../../language/src/analyze';
import { hasErrors } from '../../language/src/diagnostics';

const read = (name: string) => readFileSync(join(__dirname, '../fixtures/spec', name), 'utf8');
const E1 = read('demand-uncertainty.mech');
const E2 = read('horizontal-differentiation.mech');

/** A small deterministic generator, so that a failure can be reproduced. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** What every result must satisfy, whatever the input. */
function expectWellFormed(result: AnalyzeResult): void {
  expect(Array.isArray(result.diagnostics)).toBe(true);
  for (const d of result.diagnostics) {
    expect(d.message).toMatch(/[.?]$/);
    expect(d.code).toMatch(/^MECH\d{3}$/);
  }
  if (hasErrors(result.diagnostics)) expect(result.model).toBeUndefined();
  else expect(result.model).toBeDefined();
}

const codes = (result: AnalyzeResult) => result.diagnostics.map((d) => d.code);

describe('never throwing', () => {
  it('accepts random characters', () => {
    const next = random(42);
    const alphabet =
      'model param states { } ( ) [ ] , : = == < - + * / ^ | if then else 1 .5 e9 "x θ\n\t\u0000😀';
    for (let i = 0; i < 300; i++) {
      const length = Math.floor(next() * 200);
      let text = '';
      for (let j = 0; j < length; j++) {
        text +=
          next() < 0.1
            ? String.fromCharCode(Math.floor(next() * 0xffff))
            : alphabet[Math.floor(next() * alphabet.length)];
      }
      expectWellFormed(analyze(text));
    }
  });

  it('accepts every truncation of the spec examples', () => {
    for (const text of [E1, E2]) {
      for (let end = 0; end <= text.length; end++) expectWellFormed(analyze(text.slice(0, end)));
    }
  });

  it('accepts every example with one token deleted', () => {
    const tokens = E2.split(/(\s+)/);
    for (let i = 0; i < tokens.length; i += 2) {
      const text = [...tokens.slice(0, i), ...tokens.slice(i + 1)].join('');
      expectWellFormed(analyze(text));
    }
  });
});

describe('limits', () => {
  it('refuses 5,000 nested parentheses with one diagnostic and keeps the rest', () => {
    const text = `${E1}\nparam deep = ${'('.repeat(5000)}1${')'.repeat(5000)}\n`;
    const result = analyze(text);
    expect(codes(result)).toEqual(['MECH197']);
    expect(result.ast.declarations.map((d) => d.kind)).not.toContain('param');
    expect(result.ast.declarations).toHaveLength(E1.match(/^\w/gm)!.length);
  });

  it('does not call a payoff or prior it refused for its nesting missing', () => {
    const deep = `${'('.repeat(100)}price${')'.repeat(100)}`;
    const payoff = analyze(E1.replace('designer payoff = price', `designer payoff = ${deep}`));
    expect(codes(payoff)).toEqual(['MECH197']);
    const prior = analyze(E1.replace('prior demand = {', `prior demand = ${'('.repeat(100)}{`));
    expect(codes(prior)).toEqual(['MECH197']);
  });

  it('refuses deep chains of prefix operators, powers and ifs', () => {
    for (const deep of [
      '-'.repeat(5000) + '1',
      'not '.repeat(5000) + '1',
      '2^'.repeat(5000) + '1',
      'if 1 then '.repeat(2000) + '1' + ' else 2'.repeat(2000),
      '{ a: '.repeat(3000) + '1' + ' }'.repeat(3000),
    ]) {
      const result = analyze(`model M\nparam k = ${deep}\n`);
      expect(codes(result)).toContain('MECH197');
      expectWellFormed(result);
    }
  });

  it('refuses an expression with more operators than later passes can walk', () => {
    const long = Array.from({ length: 5000 }, () => '1').join(' + ');
    const result = analyze(`model M\nparam k = ${long}\n`);
    expect(codes(result).filter((c) => c === 'MECH196')).toHaveLength(1);
    expectWellFormed(result);
  });

  it('evaluates an operator chain below the limit', () => {
    const sum = Array.from({ length: 900 }, () => '1').join(' + ');
    const text = `${E1.replace('designer payoff = price', `designer payoff = price + ${sum}`)}`;
    const result = analyze(text);
    expect(result.diagnostics).toEqual([]);
    expect(result.model?.designer[0][0][0]).toBe(900);
  });

  it('reports numbers that overflow', () => {
    const result = analyze('model M\nparam k = 1e999 * 2e400\n');
    const overflows = result.diagnostics.filter((d) => d.code === 'MECH104');
    expect(overflows.map((d) => d.message)).toEqual([
      "Number '1e999' is too large.",
      "Number '2e400' is too large.",
    ]);
  });

  it('reports a text over 5 MB without reading it', () => {
    const result = analyze(`model M\n${' '.repeat(6 * 1024 * 1024)}`);
    expect(codes(result)).toEqual(['MECH198']);
  });

  it('reports a set with more than 100,000 elements', () => {
    const names = Array.from({ length: 100_001 }, (_, i) => `e${i}`).join(', ');
    const result = analyze(`model M\ntypes t = { ${names} }\n`);
    expect(codes(result)).toContain('MECH214');
    expectWellFormed(result);
  });

  it('reports a model with too many combinations of type, outcome and state', () => {
    const set = (prefix: string, n: number) =>
      Array.from({ length: n }, (_, i) => `${prefix}${i}`).join(', ');
    const uniform = (prefix: string, n: number) =>
      Array.from({ length: n }, (_, i) => `${prefix}${i}: 1/${n}`).join(', ');
    const text = [
      'model Big',
      `states s = { ${set('s', 3)} }`,
      `types t = { ${set('t', 1000)} }`,
      `outcomes x = { ${set('x', 1000)} }`,
      `prior s = { ${uniform('s', 3)} }`,
      `prior t = { ${uniform('t', 1000)} }`,
      'table w[t, x, s] = { }',
      'agent payoff = w[t, x, s]',
      'designer payoff = 0',
    ].join('\n');
    const result = analyze(text);
    expect(codes(result)).toEqual(['MECH419', 'MECH423']);
  });

  it('checks a model with 10,000 states', () => {
    const n = 10_000;
    const states = Array.from({ length: n }, (_, i) => `s${i} = ${i}`).join(', ');
    const prior = Array.from({ length: n }, (_, i) => `s${i}: 1/${n}`).join(',\n  ');
    const rows = Array.from({ length: n }, (_, i) => `s${i}: { lo: 1/4, hi: 3/4 }`).join(',\n  ');
    const text = [
      'model Many',
      `states s = { ${states} }`,
      'types t = { lo = 1, hi = 2 }',
      'outcomes x = { buy, pass }',
      `prior s = {\n  ${prior}\n}`,
      `prior t | s = {\n  ${rows}\n}`,
      'transfer p in [0, inf]',
      'agent payoff = (t + s / 10000) * (x == buy) - p',
      'designer payoff = p',
    ].join('\n');
    const result = analyze(text);
    expect(result.diagnostics).toEqual([]);
    expect(result.model?.states).toHaveLength(n);
    expect(result.model?.agent[1][0][n - 1]).toBeCloseTo(2 + (n - 1) / 10000, 12);
  });

  it('checks a 1,000-line model', () => {
    const params = Array.from({ length: 990 }, (_, i) =>
      i === 0 ? 'param q0 = 1' : `param q${i} = q${i - 1} / 2 + 1 // line ${i}`,
    );
    const text = [E2, ...params, 'param use = q989 * 0']
      .join('\n')
      .replace('designer payoff = price', 'designer payoff = price + use');
    const result = analyze(text);
    expect(result.diagnostics.map((d) => d.code)).toEqual([]);
    expect(result.symbols.lookup('q989')?.value).toBeCloseTo(2, 9);
  });
});
