// `npm run bench`: bundles the benchmarks (the core is ESM-only through chevrotain) and runs them.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
await build({
  entryPoints: [join(root, 'scripts', 'bench.mts')],
  outfile: join(root, 'dist', 'bench.js'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  logLevel: 'warning',
  banner: { js: "const __importMetaUrl = require('url').pathToFileURL(__filename).href;" },
  define: { 'import.meta.url': '__importMetaUrl' },
});
let status =
  spawnSync(process.execPath, [join(root, 'dist', 'bench.js'), ...process.argv.slice(2)], {
    stdio: 'inherit',
  }).status ?? 1;
const server = join(root, 'scripts', 'bench-server.mjs');
const parts = process.argv.slice(2);
if (existsSync(server) && (parts.length === 0 || parts.includes('server'))) {
  console.log('\nLanguage server:');
  status ||= spawnSync(process.execPath, [server], { stdio: 'inherit' }).status ?? 1;
}
process.exitCode = status;
