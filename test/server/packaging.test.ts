/**
 * The extension packages offline, without prompts, into a .vsix that holds both bundles, the
 * worker, HiGHS, the grammar and the language configuration, and nothing of the sources. The
 * package is built from a copy of the packaged files, so that `vsce` does not rebuild `dist/`
 * while other tests use it.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ensureBuilt, ROOT } from './lsp-session';

let workspace: string;

beforeAll(() => {
  ensureBuilt();
  workspace = mkdtempSync(join(tmpdir(), 'mech-vsix-'));
  const copied = [
    'README.md',
    'LICENSE',
    '.vscodeignore',
    'language-configuration.json',
    'syntaxes',
    'snippets',
    'dist',
  ];
  for (const entry of copied)
    cpSync(join(ROOT, entry), join(workspace, entry), { recursive: true });
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  delete manifest.scripts['vscode:prepublish'];
  writeFileSync(join(workspace, 'package.json'), JSON.stringify(manifest, null, 2));
});

afterAll(() => {
  if (workspace) rmSync(workspace, { recursive: true, force: true });
});

/** File names in a zip archive, read from its central directory. */
function zipEntries(archive: Buffer): string[] {
  const end = archive.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = archive.readUInt16LE(end + 10);
  let offset = archive.readUInt32LE(end + 16);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    const nameLength = archive.readUInt16LE(offset + 28);
    const extraLength = archive.readUInt16LE(offset + 30);
    const commentLength = archive.readUInt16LE(offset + 32);
    names.push(archive.toString('utf8', offset + 46, offset + 46 + nameLength));
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

test('vsce packages the extension offline with the bundles and without sources', () => {
  const vsce = join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
  const out = join(workspace, 'mech.vsix');
  execFileSync(process.execPath, [vsce, 'package', '--no-dependencies', '--out', out], {
    cwd: workspace,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, npm_config_offline: 'true' },
  });
  const entries = zipEntries(readFileSync(out));
  expect(entries).toEqual(
    expect.arrayContaining([
      'extension/package.json',
      'extension/dist/extension.js',
      'extension/dist/server.js',
      'extension/dist/solver-worker.js',
      'extension/dist/highs.wasm',
      'extension/syntaxes/mech.tmLanguage.json',
      'extension/language-configuration.json',
      'extension/snippets/mech.code-snippets',
      'extension/readme.md',
      'extension/LICENSE.txt',
    ]),
  );
  expect(entries.filter((entry) => /node_modules|\.ts$|\.map$/.test(entry))).toEqual([]);
});
