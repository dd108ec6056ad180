import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (name === 'node_modules' || name.startsWith('.')) return [];
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

describe('layering (ARCHITECTURE.md)', () => {
  it('the core imports neither VS Code nor LSP libraries', () => {
    const offenders = sources(join(root, 'language', 'src')).filter((file) =>
      /from ['"](vscode|vscode-languageserver[^'"]*|vscode-languageclient[^'"]*)['"]/.test(
        readFileSync(file, 'utf8'),
      ),
    );
    expect(offenders).toEqual([]);
  });

  it('only the CLI does file IO in the core, and only lp.ts imports highs', () => {
    const files = sources(join(root, 'language', 'src'));
    const io = files.filter(
      (f) =>
        !f.includes(`${join('src', 'cli')}`) &&
        /from ['"]node:fs['"]/.test(readFileSync(f, 'utf8')),
    );
    expect(io).toEqual([]);
    const highs = files.filter((f) => /from ['"]highs['"]/.test(readFileSync(f, 'utf8')));
    expect(highs.map((f) => f.slice(root.length + 1))).toEqual([
      join('language', 'src', 'solve', 'lp.ts'),
    ]);
  });

  it('every shortcoming mark names its issue', () => {
    const all = ['language', 'server', 'client', 'test'].flatMap((d) => sources(join(root, d)));
    // Character classes keep this file from matching itself.
    const unmarked = /\b(TO[D]O|XX[X]|HA[C]K)\b|FIXM[E](?!\(#\d+\))/;
    const bad = all.filter((f) => unmarked.test(readFileSync(f, 'utf8')));
    expect(bad).toEqual([]);
  });
});
