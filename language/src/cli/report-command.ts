/**
 * `mech report FILE -o OUT.html`: solve a model with V sampled for the pictures and write the
 * preview as one self-contained HTML file (see report-html.ts). Exit codes: 0 written, 1 the
 * model has errors (nothing written), 2 a file could not be read or written or the solver failed.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { renderReportHtml, sha256Hex, type ReportAssets } from '../report-html';
import { solveText, VERSION } from '../run';

export interface ReportCommandOptions {
  /** Folder holding webview.js and webview.css; default: found beside the CLI bundle. */
  assetsDir?: string;
  /** Seconds for the solve. */
  timeLimit?: number;
  /** Where messages go (default: the process's streams). */
  out?: (line: string) => void;
  err?: (line: string) => void;
}

/** Writes the report of `file` to `output` and returns the exit code; never throws. */
export async function writeReport(
  file: string,
  output: string,
  options: ReportCommandOptions = {},
): Promise<number> {
  const out = options.out ?? ((line: string) => process.stdout.write(`${line}\n`));
  const err = options.err ?? ((line: string) => process.stderr.write(`${line}\n`));

  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (error) {
    err(`mech: cannot read '${file}': ${reason(error)}.`);
    return 2;
  }

  const assets = readAssets(options.assetsDir);
  if (typeof assets === 'string') {
    err(`mech: ${assets}`);
    return 2;
  }

  let solved: Awaited<ReturnType<typeof solveText>>;
  try {
    solved = await solveText(source, { file, valueSamples: true, timeLimit: options.timeLimit });
  } catch (error) {
    err(`mech: the solver failed on '${file}': ${reason(error)}.`);
    return 2;
  }
  const { report, diagnostics } = solved;
  const errors = diagnostics.filter((d) => d.severity === 'error');
  const where = (d: (typeof diagnostics)[number]) =>
    `${file}:${d.range.start.line + 1}:${d.range.start.character + 1}`;
  if (Object.keys(report.results).length === 0 && errors.length) {
    for (const d of errors.slice(0, 20)) err(`${where(d)}: error ${d.code} ${d.message}`);
    err(
      `mech: '${file}' has ${errors.length} error${errors.length === 1 ? '' : 's'}; no report written.`,
    );
    return 1;
  }
  // Solver findings (e.g. an infeasible analysis) are shown in the report itself.
  for (const d of errors) err(`${where(d)}: error ${d.code} ${d.message}`);

  const html = renderReportHtml(report, assets, { modelSha256: sha256Hex(source), tool: VERSION });
  try {
    writeFileSync(output, html, 'utf8');
  } catch (error) {
    err(`mech: cannot write '${output}': ${reason(error)}.`);
    return 2;
  }
  out(`Wrote ${output} (${Math.round(html.length / 1024)} KiB).`);
  return 0;
}

/** The preview bundle and stylesheet, or a sentence saying why they are missing. */
function readAssets(assetsDir?: string): ReportAssets | string {
  const candidates = assetsDir ? [assetsDir] : defaultAssetDirs();
  for (const dir of candidates) {
    try {
      const script = readFileSync(join(dir, 'webview.js'), 'utf8');
      let css = '';
      try {
        css = readFileSync(join(dir, 'webview.css'), 'utf8');
      } catch {
        // An unstyled report is still readable; the bundle without CSS is unusual but legal.
      }
      return { script, css };
    } catch {
      continue;
    }
  }
  const looked = candidates.join(', ');
  return `the preview bundle webview.js is missing (looked in ${looked}); run 'npm run build' first.`;
}

/** dist/ beside the CLI bundle (dist/cli.js), or the repository's dist/ when run from source. */
function defaultAssetDirs(): string[] {
  const here = typeof __dirname === 'string' ? __dirname : process.cwd();
  const dirs = [here, resolve(here, '../../../dist'), resolve(process.cwd(), 'dist')];
  const script = process.argv[1];
  if (script) dirs.push(dirname(resolve(script)), resolve(dirname(resolve(script)), '../dist'));
  return [...new Set(dirs)];
}

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'EISDIR') return 'it is a directory';
  return error instanceof Error ? error.message : String(error);
}
