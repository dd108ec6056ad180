// Bundles every entry point with esbuild and copies the HiGHS WebAssembly beside the bundles.
// Entry points that do not exist yet are skipped, so the build works while faces are added.
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const dist = join(root, 'dist');
mkdirSync(dist, { recursive: true });

const nodeEntries = [
  { in: 'language/src/cli/main.ts', out: 'cli' },
  { in: 'language/src/solve/worker.ts', out: 'solver-worker' },
  { in: 'server/src/main.ts', out: 'server' },
  { in: 'client/src/extension.ts', out: 'extension', external: ['vscode'] },
];
const browserEntries = [
  { in: 'client/src/webview/main.ts', out: 'webview' },
  { in: 'client/src/browser/extension.ts', out: 'extension-web', external: ['vscode'], cjs: true },
  { in: 'server/src/browser-main.ts', out: 'server-web' },
  { in: 'server/src/browser-solver-worker.ts', out: 'solver-web' },
];

/**
 * Browser bundles may not pull in Node built-ins. The one exception is HiGHS's Emscripten
 * loader, whose Node branch (`require('node:fs')` and the like) runs only under Node: those
 * imports stay external and are never called in a browser.
 */
const nodeOnlyGuard = {
  name: 'node-only-guard',
  setup(builder) {
    builder.onResolve({ filter: /^node:/ }, (args) => {
      if (/[\\/]node_modules[\\/]highs[\\/]/.test(args.importer)) {
        return { path: args.path, external: true };
      }
      const from = args.importer.slice(root.length + 1);
      return { errors: [{ text: `${args.path} is Node-only, but ${from} is in a browser bundle` }] };
    });
  },
};

const common = { bundle: true, sourcemap: true, logLevel: 'warning', absWorkingDir: root };
const jobs = [];
for (const entry of nodeEntries) {
  if (!existsSync(join(root, entry.in))) continue;
  jobs.push(
    build({
      ...common,
      entryPoints: [entry.in],
      outfile: join(dist, `${entry.out}.js`),
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      // highs' ES module finds highs.wasm relative to import.meta.url: point it at the bundle.
      banner: { js: "const __importMetaUrl = require('url').pathToFileURL(__filename).href;" },
      define: { 'import.meta.url': '__importMetaUrl' },
      external: entry.external ?? [],
    }),
  );
}
for (const entry of browserEntries) {
  if (!existsSync(join(root, entry.in))) continue;
  jobs.push(
    build({
      ...common,
      entryPoints: [entry.in],
      outfile: join(dist, `${entry.out}.js`),
      platform: 'browser',
      format: entry.cjs ? 'cjs' : 'iife',
      target: 'es2022',
      external: entry.external ?? [],
      // HiGHS reads import.meta.url only to find highs.wasm by default; the browser passes a URL.
      define: { 'process.env.NODE_ENV': '"production"', 'import.meta.url': '""' },
      plugins: [nodeOnlyGuard],
    }),
  );
}
await Promise.all(jobs);
copyFileSync(require.resolve('highs/runtime'), join(dist, 'highs.wasm'));
