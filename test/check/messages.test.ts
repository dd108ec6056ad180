import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from '../../language/src/syntax/parse';
import { messages } from '../../language/src/messages';

const reference = readFileSync(join(__dirname, '../../docs/language.md'), 'utf8');
const frontEnd = Object.values(messages).filter((spec) => /^MECH[1-4]/.test(spec.code));

describe('the message catalogue of the front end', () => {
  it('gives every message its own code', () => {
    const codes = Object.values(messages).map((spec) => spec.code);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('writes each message as sentences ending with a full stop, or advice to be filled in', () => {
    for (const spec of frontEnd) expect(spec.text).toMatch(/(\.|\{\d\})$/);
  });

  it('documents every code in the language reference', () => {
    const missing = frontEnd.filter((spec) => !reference.includes(`| ${spec.code} |`));
    expect(missing.map((spec) => spec.code)).toEqual([]);
  });
});

describe('the language reference', () => {
  it('shows only examples that parse', () => {
    const blocks = [...reference.matchAll(/```\n([\s\S]*?)```/g)].map((m) => m[1]);
    expect(blocks.length).toBeGreaterThanOrEqual(10);
    for (const block of blocks) expect(parse(block).diagnostics, block).toEqual([]);
  });
});
