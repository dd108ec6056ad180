/**
 * The formatter on every shipped example: each is already formatted, and a mangled copy
 * (blank lines tripled, indentation dropped, commas squeezed) formats back to something stable
 * that keeps every token and comment.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { formatText } from '../../server/src/features/formatting';
import { lex } from '../../server/src/lexical';
import { ROOT } from './lsp-session';

const examples = readdirSync(join(ROOT, 'examples')).filter((file) => file.endsWith('.mech'));

/** Tokens (commas aside, since a trailing comma may be added) and comments, in order. */
function content(text: string): string[] {
  const { tokens, comments } = lex(text);
  const words = tokens.map((token) => token.image).filter((image) => image !== ',');
  return [...words, ...comments.map((comment) => comment.text.trimEnd())];
}

const MANGLINGS: Record<string, (text: string) => string> = {
  'blank lines tripled': (text) => text.replace(/\n/g, '\n\n\n'),
  'indentation dropped': (text) => text.replace(/\n +/g, '\n'),
  'commas squeezed': (text) => text.replace(/, /g, ','),
  'spaces collapsed': (text) => text.replace(/ +/g, ' '),
};

describe.each(examples)('formatting %s', (file) => {
  const text = readFileSync(join(ROOT, 'examples', file), 'utf8');

  test('changes nothing in the example as shipped', () => {
    expect(formatText(text)).toBe(text);
  });

  test.each(Object.keys(MANGLINGS))('after %s is stable and loses nothing', (mangling) => {
    const mangled = MANGLINGS[mangling](text);
    const formatted = formatText(mangled)!;
    expect(formatText(formatted)).toBe(formatted);
    expect(content(formatted)).toEqual(content(mangled));
  });
});
