import { describe, expect, it } from 'vitest';
import { analyze } from '../../language/src/analyze';
import { compile, IMPLICIT_STATE } from '../../language/src/check/compile';
import { CheckContext } from '../../language/src/check/context';
import { emptyScope } from '../../language/src/check/declarations';
import { SymbolTable } from '../../language/src/check/symbols';
import { parse } from '../../language/src/syntax/parse';

/** A small valid model; `extra` lines are appended. */
function model(...extra: string[]): string {
  return [
    'model M',
    'types t = { a = 1, b = 2 }',
    'outcomes x = { yes, no }',
    'prior t = { a: 1/4, b: 3/4 }',
    ...extra,
  ].join('\n');
}

/** The value of `param k = <expression>` in an otherwise empty model. */
function evaluate(expression: string): number | undefined {
  const text = model(`param k = ${expression}`, 'agent payoff = k', 'designer payoff = 0');
  const result = analyze(text);
  expect(result.diagnostics).toEqual([]);
  return result.symbols.lookup('k')?.value;
}

describe('expression semantics', () => {
  it('gives unary minus lower precedence than ^, which is right-associative', () => {
    expect(evaluate('-2^2')).toBe(-4);
    expect(evaluate('2^3^2')).toBe(512);
    expect(evaluate('2^-1')).toBe(0.5);
  });

  it('applies the usual arithmetic precedence and left associativity', () => {
    expect(evaluate('1 + 2 * 3 - 4 / 2')).toBe(5);
    expect(evaluate('8 / 4 / 2')).toBe(1);
    expect(evaluate('10 - 3 - 2')).toBe(5);
  });

  it('makes comparisons and logic return 1 or 0', () => {
    expect(evaluate('(2 < 3) + (2 >= 3) + (1 == 1) + (1 != 1)')).toBe(2);
    expect(evaluate('(not 0) + 2 * (1 and 0) + 4 * (0 or 3)')).toBe(5);
    expect(evaluate('not 0 + 1')).toBe(0);
    expect(evaluate('not 1 == 2')).toBe(1);
  });

  it('binds or looser than and', () => {
    expect(evaluate('1 or 0 and 0')).toBe(1);
  });

  it('lets the else branch extend as far right as it can', () => {
    expect(evaluate('if 0 then 1 else 2 + 3')).toBe(5);
    expect(evaluate('(if 0 then 1 else 2) + 3')).toBe(5);
    expect(evaluate('1 + if 1 then 1 else 2 + 3')).toBe(2);
  });

  it('provides abs, min, max, sqrt, exp and log', () => {
    expect(evaluate('abs(-3) + min(4, 2, 8) + max(1, 5) + sqrt(9)')).toBe(13);
    expect(evaluate('log(exp(2))')).toBeCloseTo(2, 15);
  });

  it('reads numbers in every written form', () => {
    expect(evaluate('3 + 0.25 + .5 + 1e-3 + 2E+3')).toBeCloseTo(2003.751, 12);
  });
});

describe('compiling models', () => {
  it('defaults to the calibrated analysis and one implicit state', () => {
    const result = analyze(model('agent payoff = t * (x == yes)', 'designer payoff = 0'));
    expect(result.analyses).toEqual(['calibrated']);
    expect(result.model?.states).toEqual([IMPLICIT_STATE]);
    expect(result.model?.prior).toEqual([1]);
    expect(result.model?.typeGivenState).toEqual([[0.25, 0.75]]);
    expect(result.model?.agent).toEqual([
      [[1], [0]],
      [[2], [0]],
    ]);
    expect(result.model?.transfer).toBeUndefined();
  });

  it('keeps transfer bounds, including infinite ones, and scaled coefficients', () => {
    const text = model(
      'transfer p in [0, inf]',
      'agent payoff = t - p / 2',
      'designer payoff = 3 * p',
    );
    expect(analyze(text).model?.transfer).toEqual({
      name: 'p',
      lower: 0,
      upper: Infinity,
      agentCost: 0.5,
      designerGain: 3,
    });
    const negative = model('transfer p in [-inf, 5]', 'agent payoff = -p', 'designer payoff = p');
    expect(analyze(negative).model?.transfer?.lower).toBe(-Infinity);
  });

  it('reads the transfer coefficient next to payoffs too large to change by 1', () => {
    // 1e16 + 1 is not a double: f(1) − f(0) would read the agent's coefficient as 0.
    for (const size of ['1e16', '1e300']) {
      const text = model(
        'transfer p',
        `agent payoff = t * ${size} * (x == yes) - p`,
        `designer payoff = p / 4 + t * ${size}`,
      );
      const result = analyze(text);
      expect(result.diagnostics).toEqual([]);
      expect(result.model?.transfer).toMatchObject({ agentCost: 1, designerGain: 0.25 });
    }
  });

  it('computes the outside option over types and states', () => {
    const text = [
      'model M',
      'states s = { lo = 10, hi = 20 }',
      'types t = { a = 1, b = 2 }',
      'outcomes x = { yes }',
      'prior s = { lo: 1/2, hi: 1/2 }',
      'prior t = { a: 1/2, b: 1/2 }',
      'agent payoff = 0',
      'designer payoff = 0',
      'outside option = t + s',
    ].join('\n');
    expect(analyze(text).model?.outside).toEqual([
      [11, 21],
      [12, 22],
    ]);
  });

  it('reads tables at the current elements', () => {
    const text = model(
      'table w[t, x] = { a: { yes: 5, no: 6 }, b: { yes: 7, no: 8 } }',
      'agent payoff = w[t, x]',
      'designer payoff = -w[t, x]',
    );
    const result = analyze(text).model!;
    expect(result.agent.map((row) => row.map((cell) => cell[0]))).toEqual([
      [5, 6],
      [7, 8],
    ]);
    expect(result.designer[1][0][0]).toBe(-7);
  });

  it('derives the state prior and the conditional type prior from a joint prior', () => {
    const text = [
      'model M',
      'states s = { lo, hi }',
      'types t = { a, b }',
      'outcomes x = { yes }',
      'prior (s, t) = { (lo, a): 3/8, (lo, b): 1/8, (hi, a): 1/4, (hi, b): 1/4 }',
      'agent payoff = 0',
      'designer payoff = 0',
    ].join('\n');
    const result = analyze(text).model!;
    expect(result.prior).toEqual([0.5, 0.5]);
    expect(result.typeGivenState).toEqual([
      [0.75, 0.25],
      [0.5, 0.5],
    ]);
  });

  it('lists analyses in written order without repeats', () => {
    const text = model('agent payoff = 0', 'designer payoff = 0', 'solve bayesian, calibrated');
    expect(analyze(text).analyses).toEqual(['bayesian', 'calibrated']);
  });

  it('keeps the model when there are only warnings', () => {
    const result = analyze(model('param unused = 1', 'agent payoff = 0', 'designer payoff = 0'));
    expect(result.diagnostics.map((d) => d.code)).toEqual(['MECH211']);
    expect(result.model).toBeDefined();
  });

  it('withholds the model when there is any error, syntax included', () => {
    const clean = model('agent payoff = 0', 'designer payoff = 0');
    expect(analyze(`${clean}\n)`).model).toBeUndefined();
    expect(compile(parse(`${clean}\n)`).ast).model).toBeUndefined();
    expect(analyze(`${clean}\nparam k = 1/0`).model).toBeUndefined();
  });

  it('warns about overrides that name no parameter', () => {
    const result = analyze(model('agent payoff = 0', 'designer payoff = 0'), { nope: 1 });
    expect(result.diagnostics.map((d) => [d.code, d.message])).toEqual([
      ['MECH218', "There is no parameter 'nope' to override."],
    ]);
  });

  it('sorts the diagnostics of both phases by position', () => {
    const text = model('agent payoff = unknown', 'designer payoff = 0', 'param @ = 1');
    const lines = analyze(text).diagnostics.map((d) => d.range.start.line);
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
    expect(lines.length).toBeGreaterThanOrEqual(2);
  });
});

describe('failure containment', () => {
  it('turns an exception inside a checking phase into one MECH199 diagnostic', () => {
    const ctx = new CheckContext(emptyScope(), new SymbolTable());
    ctx.guard('tables', () => {
      throw new Error('boom');
    });
    expect(ctx.diagnostics).toHaveLength(1);
    expect(ctx.diagnostics[0].code).toBe('MECH199');
    expect(ctx.diagnostics[0].message).toContain('check of tables: boom');
  });
});
