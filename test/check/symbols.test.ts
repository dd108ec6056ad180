import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../language/src/analyze';

const E2 = readFileSync(
  join(__dirname, '../fixtures/spec/horizontal-differentiation.mech'),
  'utf8',
);

describe('the symbol table', () => {
  const { symbols } = analyze(E2);
  const offsetOf = (needle: string, occurrence = 0) => {
    let at = -1;
    for (let i = 0; i <= occurrence; i++) at = E2.indexOf(needle, at + 1);
    return at;
  };

  it('declares the model, sets, elements, params and transfer with their kinds', () => {
    const summary = symbols.declarations.map((s) => `${s.kind} ${s.name}`);
    expect(summary).toEqual([
      'model HorizontalDifferentiation',
      'param rho',
      'param mismatch',
      'states variety',
      'state a',
      'state b',
      'types taste',
      'type likes_a',
      'type likes_b',
      'outcomes trade',
      'outcome sell',
      'outcome keep',
      'transfer price',
    ]);
  });

  it('gives params and elements their values and elements their set', () => {
    expect(symbols.lookup('rho')?.value).toBe(0.6);
    expect(symbols.lookup('mismatch')?.value).toBe(0.2);
    const likes = symbols.elementsOf('taste');
    expect(likes.map((s) => [s.name, s.container, s.value])).toEqual([
      ['likes_a', 'taste', 0],
      ['likes_b', 'taste', 1],
    ]);
  });

  it('keeps the name range and the whole declaration range', () => {
    const rho = symbols.lookup('rho')!;
    expect(rho.nameSpan.range).toEqual({
      start: { line: 3, character: 6 },
      end: { line: 3, character: 9 },
    });
    expect(rho.span.range.end).toEqual({ line: 3, character: 20 });
  });

  it('resolves a reference at any offset within the name, its end included', () => {
    const use = offsetOf('rho', 1); // in the prior
    for (const offset of [use, use + 1, use + 3]) {
      expect(symbols.symbolAt(offset)?.name).toBe('rho');
    }
    expect(symbols.occurrenceAt(use)?.isDeclaration).toBe(false);
    expect(symbols.symbolAt(use - 1)).toBeUndefined();
  });

  it('finds the declaration when the offset is on the declared name', () => {
    const occurrence = symbols.occurrenceAt(offsetOf('price'));
    expect(occurrence?.isDeclaration).toBe(true);
    expect(occurrence?.symbol.kind).toBe('transfer');
  });

  it('lists every reference, so that a rename can change them all', () => {
    const rho = symbols.lookup('rho')!;
    expect(symbols.referencesTo(rho)).toHaveLength(5); // four in the prior, one in the sweep
    expect(symbols.occurrencesOf(rho)).toHaveLength(6);
  });

  it('resolves element names in comparisons and prior keys to their elements', () => {
    const sell = symbols.symbolAt(offsetOf('== sell') + 3);
    expect(sell?.kind).toBe('outcome');
    expect(sell?.container).toBe('trade');
    const key = symbols.symbolAt(offsetOf('likes_a:'));
    expect(key?.kind).toBe('type');
  });

  it('resolves set names used in payoffs and prior targets to the sets', () => {
    expect(symbols.symbolAt(offsetOf('taste =='))?.kind).toBe('types');
    expect(symbols.symbolAt(offsetOf('prior taste') + 6)?.kind).toBe('types');
  });

  it('marks a second declaration of a name as a duplicate and resolves uses to the first', () => {
    const text =
      'model M\nparam k = 1\nparam k = 2\ntypes t = { a }\noutcomes x = { y }\n' +
      'prior t = { a: 1 }\nagent payoff = k\ndesigner payoff = 0\n';
    const table = analyze(text).symbols;
    const both = table.ofKind('param');
    expect(both.map((s) => s.duplicate ?? false)).toEqual([false, true]);
    expect(table.symbolAt(text.lastIndexOf('k'))).toBe(both[0]);
  });
});
