/**
 * The `mech` command line: a thin layer of argument parsing and file IO around the core.
 * Exit codes: 0 done (a time limit included), 1 model errors (infeasible and unbounded
 * included), 2 usage or IO errors.
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { analyze } from '../analyze';
import type { Diagnostic } from '../diagnostics';
import { solveText, toJsonDiagnostic, VERSION } from '../run';
import { summary } from './summary';
import { writeReport } from './report-command';

function readSource(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    process.stderr.write(
      `mech: cannot read '${file}': ${(error as NodeJS.ErrnoException).code ?? error}.\n`,
    );
    return undefined;
  }
}

function line(file: string, d: Diagnostic): string {
  const j = toJsonDiagnostic(d);
  return `${file}:${j.line}:${j.column}: ${d.severity} ${d.code} ${d.message}`;
}

function positiveNumber(value: string): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0)
    throw new InvalidArgumentError('expected a positive number.');
  return parsed;
}

async function check(files: string[]): Promise<number> {
  let code = 0;
  for (const file of files) {
    const text = readSource(file);
    if (text === undefined) {
      code = 2;
      continue;
    }
    const { diagnostics } = analyze(text);
    for (const d of diagnostics) process.stdout.write(`${line(file, d)}\n`);
    if (diagnostics.some((d) => d.severity === 'error') && code === 0) code = 1;
  }
  return code;
}

interface SolveFlags {
  json?: boolean;
  shortcuts: boolean;
  timeLimit?: number;
  gap?: number;
  samples?: boolean;
  sweeps: boolean;
}

async function solve(file: string, flags: SolveFlags): Promise<number> {
  const text = readSource(file);
  if (text === undefined) return 2;
  const progress = process.stderr.isTTY
    ? (m: string) => process.stderr.write(`\r\x1b[K${m}`)
    : undefined;
  const { report, diagnostics } = await solveText(text, {
    file,
    shortcuts: flags.shortcuts,
    timeLimit: flags.timeLimit,
    gap: flags.gap,
    valueSamples: flags.samples,
    sweeps: flags.sweeps,
    progress,
  });
  if (progress) process.stderr.write('\r\x1b[K');
  const failed = diagnostics.some((d) => d.severity === 'error');
  if (flags.json) {
    process.stdout.write(
      `${JSON.stringify(report, (_, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)}\n`,
    );
  } else {
    for (const d of diagnostics) {
      if (d.severity === 'error' || d.severity === 'warning')
        process.stderr.write(`${line(file, d)}\n`);
    }
    if (Object.keys(report.results).length) process.stdout.write(`${summary(report)}\n`);
  }
  return failed ? 1 : 0;
}

export async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  const program = new Command()
    .name('mech')
    .description('Calibrated mechanism design: check and solve .mech models.')
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) })
    .allowExcessArguments(false);
  program
    .command('check')
    .description('report diagnostics as path:line:col: severity CODE message')
    .argument('<files...>', '.mech files')
    .action(async (files: string[]) => {
      exitCode = await check(files);
    });
  program
    .command('solve')
    .allowExcessArguments(false)
    .description('solve the analyses a model asks for and print a summary (or JSON)')
    .argument('<file>', 'a .mech file')
    .option('--json', 'print one JSON object on stdout')
    .option('--no-shortcuts', 'use the general algorithm even where a theorem gives the answer')
    .option('--time-limit <seconds>', 'stop each solve after this many seconds', positiveNumber)
    .option('--gap <number>', 'target gap between the bounds of calibrated', positiveNumber)
    .option('--samples', 'include V sampled on the simplex (two or three states)')
    .option('--no-sweeps', 'skip the sweeps')
    .action(async (file: string, flags: SolveFlags) => {
      exitCode = await solve(file, flags);
    });
  program
    .command('report')
    .allowExcessArguments(false)
    .description('write the solved model as one self-contained HTML report')
    .argument('<file>', 'a .mech file')
    .requiredOption('-o, --output <file>', 'the HTML file to write')
    .option('--time-limit <seconds>', 'stop each solve after this many seconds', positiveNumber)
    .action(async (file: string, flags: { output: string; timeLimit?: number }) => {
      exitCode = await writeReport(file, flags.output, { timeLimit: flags.timeLimit });
    });
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? 0 : 2;
    }
    process.stderr.write(
      `mech: internal error: ${error instanceof Error ? error.message : error}\n`,
    );
    return 2;
  }
  return exitCode;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`mech: internal error: ${error}\n`);
    process.exitCode = 2;
  },
);
