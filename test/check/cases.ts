/**
 * Reads data-driven test cases. A fixture file holds several cases, each starting with a
 * header line `// === <what the case shows>`; text before the first header is a preamble.
 * Expected diagnostics are comment lines inside the case:
 *
 *     agent payoff = rat * t - p
 *     //             ^^^ MECH201 Did you mean 'rate'?
 *
 * The carets mark columns of the nearest line above that is not a marker; text after the
 * code must occur in the message. Ranges that start in the first two columns or span lines are
 * written explicitly, zero-based and relative to the case's first line: `// @0:0-0:7 MECH206`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../language/src/analyze';
import type { Diagnostic } from '../../language/src/diagnostics';

export interface Expectation {
  /** `MECH201 8:15-8:18` */
  key: string;
  /** Text the message must contain, if given. */
  message?: string;
}

export interface Case {
  name: string;
  text: string;
  expected: Expectation[];
}

const HEADER = /^\/\/ === (.+)$/;
const CARETS = /^(\s*\/\/\s*)(\^+)\s+(MECH\d{3})\s*(.*)$/;
const EXPLICIT = /^\s*\/\/\s*@(\d+):(\d+)-(\d+):(\d+)\s+(MECH\d{3})\s*(.*)$/;

export function readCases(source: string): Case[] {
  const cases: Case[] = [];
  let current: { name: string; lines: string[] } | undefined;
  for (const line of source.split(/\r?\n/)) {
    const header = HEADER.exec(line);
    if (header) {
      if (current) cases.push(toCase(current.name, current.lines));
      current = { name: header[1].trim(), lines: [] };
    } else {
      current?.lines.push(line);
    }
  }
  if (current) cases.push(toCase(current.name, current.lines));
  return cases;
}

function toCase(name: string, lines: string[]): Case {
  const expected: Expectation[] = [];
  let target = -1;
  lines.forEach((line, index) => {
    const carets = CARETS.exec(line);
    const explicit = EXPLICIT.exec(line);
    if (carets) {
      const start = carets[1].length;
      const end = start + carets[2].length;
      expected.push(expectation(carets[3], `${target}:${start}-${target}:${end}`, carets[4]));
    } else if (explicit) {
      const [, l1, c1, l2, c2, code, message] = explicit;
      expected.push(expectation(code, `${l1}:${c1}-${l2}:${c2}`, message));
    } else {
      target = index;
    }
  });
  while (lines.length > 0 && lines[lines.length - 1].trim() === '') lines.pop();
  return { name, text: lines.join('\n') + '\n', expected };
}

function expectation(code: string, range: string, message: string): Expectation {
  return message ? { key: `${code} ${range}`, message } : { key: `${code} ${range}` };
}

/** `MECH201 8:15-8:18`: what a marker describes. */
export function keyOf(diagnostic: Diagnostic): string {
  const { start, end } = diagnostic.range;
  return `${diagnostic.code} ${start.line}:${start.character}-${end.line}:${end.character}`;
}

/**
 * Runs every case of every fixture in `directory`, comparing all diagnostics whose code
 * `codes` accepts (by default, all of them) with the markers, exactly.
 */
export function runFixtureDirectory(directory: string, codes = /^MECH/): void {
  for (const file of readdirSync(directory).filter((name) => name.endsWith('.mech'))) {
    describe(file, () => {
      for (const testCase of readCases(readFileSync(join(directory, file), 'utf8'))) {
        it(testCase.name, () => {
          const diagnostics = analyze(testCase.text).diagnostics.filter((d) => codes.test(d.code));
          const actual = diagnostics.map(keyOf).sort();
          expect(actual).toEqual(testCase.expected.map((e) => e.key).sort());
          for (const { key, message } of testCase.expected) {
            if (!message) continue;
            const messages = diagnostics.filter((d) => keyOf(d) === key).map((d) => d.message);
            expect(
              messages.some((m) => m.includes(message)),
              `${key}: ${messages}`,
            ).toBe(true);
          }
        });
      }
    });
  }
}
