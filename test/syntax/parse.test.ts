import { describe, expect, it, vi } from 'vitest';
import type * as ast from '../../language/src/syntax/ast';
import { parse } from '../../language/src/syntax/parse';
import { mechParser } from '../../language/src/syntax/parser';

/** The expression of `param k = <text>`, printed with explicit parentheses. */
function shape(text: string): string {
  const result = parse(`model M\nparam k = ${text}\n`);
  expect(result.diagnostics).toEqual([]);
  const param = result.ast.declarations[1] as ast.ParamDeclaration;
  return print(param.value);
}

function print(node: ast.Expression | undefined): string {
  if (!node) return '?';
  switch (node.kind) {
    case 'number':
      return String(node.value);
    case 'name':
      return node.name.name;
    case 'parenthesized':
      return print(node.inner);
    case 'unary':
      return `(${node.operator} ${print(node.operand)})`;
    case 'binary':
      return `(${print(node.left)} ${node.operator} ${print(node.right)})`;
    case 'if':
      return `(if ${print(node.condition)} then ${print(node.then)} else ${print(node.else)})`;
    case 'call':
    case 'index': {
      const name = node.kind === 'call' ? node.callee.name : node.table.name;
      const [open, close] = node.kind === 'call' ? ['(', ')'] : ['[', ']'];
      return `${name}${open}${node.args.map(print).join(', ')}${close}`;
    }
    default:
      return node.kind;
  }
}

describe('expression structure', () => {
  it('follows the precedence of the language, loosest first', () => {
    expect(shape('a or b and not c == d + e * -f ^ g')).toBe(
      '(a or (b and (not (c == (d + (e * (- (f ^ g))))))))',
    );
  });

  it('compares a product, so value * trade == sell needs parentheses to mean otherwise', () => {
    expect(shape('value * trade == sell')).toBe('((value * trade) == sell)');
    expect(shape('value * (trade == sell)')).toBe('(value * (trade == sell))');
  });

  it('makes ^ right-associative and lets its exponent be negated', () => {
    expect(shape('2^3^2')).toBe('(2 ^ (3 ^ 2))');
    expect(shape('-2^2')).toBe('(- (2 ^ 2))');
    expect(shape('2^-1')).toBe('(2 ^ (- 1))');
  });

  it('extends the else branch as far right as it can', () => {
    expect(shape('if a then b else c + 1')).toBe('(if a then b else (c + 1))');
    expect(shape('1 + if a then b else c * 2')).toBe('(1 + (if a then b else (c * 2)))');
  });

  it('reads calls and table reads', () => {
    expect(shape('max(1, w[t, s])')).toBe('max(1, w[t, s])');
  });
});

describe('declarations', () => {
  it('accepts a trailing comma in every list', () => {
    const text = [
      'model M',
      'states s = { lo, hi, }',
      'prior s = { lo: 1/2, hi: 1/2, }',
      'prior t | s = { lo: { a: 1, }, hi: { a: 1, }, }',
      'table w[s] = { lo: 1, hi: 2, }',
    ].join('\n');
    expect(parse(text).diagnostics).toEqual([]);
  });

  it('accepts Unicode letters in names', () => {
    const result = parse('model Ω\nstates ω = { θ₁, état_2 }\n');
    expect(result.diagnostics).toEqual([]);
    const set = result.ast.declarations[1] as ast.SetDeclaration;
    expect(set.name?.name).toBe('ω');
    expect(set.elements.map((e) => e.name.name)).toEqual(['θ₁', 'état_2']);
  });

  it('reads Windows line endings and a byte-order mark like any whitespace', () => {
    const result = parse('\uFEFFmodel M\r\nparam k = 1 // note\r\nparam j = 2\r\n');
    expect(result.diagnostics).toEqual([]);
    const j = result.ast.declarations[2] as ast.ParamDeclaration;
    expect(j.name?.span.range.start).toEqual({ line: 2, character: 6 });
  });

  it('reads the model title with escaped quotes', () => {
    const result = parse('model M "A \\"quoted\\" title"');
    const model = result.ast.declarations[0] as ast.ModelDeclaration;
    expect(model.title?.text).toBe('A "quoted" title');
  });

  it('reads the three kinds of prior target', () => {
    const text = 'model M\nprior s = {}\nprior t | s = {}\nprior (s, t) = {}\n';
    const targets = parse(text)
      .ast.declarations.filter((d): d is ast.PriorDeclaration => d.kind === 'prior')
      .map((d) => d.target?.kind);
    expect(targets).toEqual(['marginal', 'conditional', 'joint']);
  });

  it('reads transfer bounds and sweep limits into their slots', () => {
    const text = 'model M\ntransfer p in [-inf, 2]\nsweep k from 1 to 2 step 0.5\n';
    const [, transfer, sweep] = parse(text).ast.declarations as [
      unknown,
      ast.TransferDeclaration,
      ast.SweepDeclaration,
    ];
    expect(print(transfer.lower)).toBe('(- inf)');
    expect(print(transfer.upper)).toBe('2');
    expect([sweep.from, sweep.to, sweep.step].map(print)).toEqual(['1', '2', '0.5']);
  });
});

describe('spans', () => {
  it('give every node a range inside the text, children inside parents', () => {
    const text = 'model M\nparam k = max(1, 2) * (3 + w[t])\nprior t | s = { a: { b: 1 } }\n';
    const result = parse(text);
    const check = (node: unknown, parent?: { startOffset: number; endOffset: number }) => {
      if (!node || typeof node !== 'object') return;
      const span = (node as ast.Node).span;
      if (span && 'startOffset' in span) {
        expect(span.startOffset).toBeGreaterThanOrEqual(parent?.startOffset ?? 0);
        expect(span.endOffset).toBeLessThanOrEqual(parent?.endOffset ?? text.length);
        expect(span.startOffset).toBeLessThanOrEqual(span.endOffset);
      }
      for (const [key, child] of Object.entries(node)) {
        if (key.endsWith('pan') || key.startsWith('keyword') || key === 'bounds') continue;
        const children = Array.isArray(child) ? child : [child];
        for (const c of children) check(c, span && 'startOffset' in span ? span : parent);
      }
    };
    check(result.ast);
  });

  it('cover the whole binary expression, parentheses included', () => {
    const text = 'model M\nparam k = (1 + 2) * 3\n';
    const param = parse(text).ast.declarations[1] as ast.ParamDeclaration;
    expect(text.slice(param.value!.span.startOffset, param.value!.span.endOffset)).toBe(
      '(1 + 2) * 3',
    );
  });
});

describe('recovery', () => {
  it('reports several syntax errors in one file and keeps the declarations around them', () => {
    const text = [
      'model M',
      'param a = 3 + * 4',
      'states s = { lo hi }',
      'param b = (1',
      'types t = { x }',
      'agent payoff = max(1,',
      'designer payoff = 0',
    ].join('\n');
    const result = parse(text);
    expect(result.diagnostics.length).toBeGreaterThanOrEqual(4);
    expect(result.ast.syntaxErrors).toBe(result.diagnostics.length);
    const kinds = result.ast.declarations.map((d) => d.kind);
    expect(kinds).toEqual(['model', 'param', 'set', 'param', 'set', 'payoff', 'payoff']);
    const designer = result.ast.declarations[6] as ast.PayoffDeclaration;
    expect(print(designer.value)).toBe('0');
  });

  it('builds partial nodes with missing children instead of failing', () => {
    const result = parse('model M\nparam k = \nsweep k from 1 to');
    const [, param, sweep] = result.ast.declarations as [
      unknown,
      ast.ParamDeclaration,
      ast.SweepDeclaration,
    ];
    expect(param.name?.name).toBe('k');
    expect(param.value).toBeUndefined();
    expect(sweep.to).toBeUndefined();
  });

  it('turns an internal failure into one MECH199 diagnostic', () => {
    const spy = vi.spyOn(mechParser, 'file').mockImplementation(() => {
      throw new Error('boom');
    });
    try {
      const result = parse('model M');
      expect(result.diagnostics.map((d) => d.code)).toEqual(['MECH199']);
      expect(result.ast.declarations).toEqual([]);
    } finally {
      spy.mockRestore();
    }
  });
});
