import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..');
const mech = (...args: string[]) =>
  spawnSync(process.execPath, [join(root, 'bin', 'mech.js'), ...args], {
    cwd: root,
    encoding: 'utf8',
  });

beforeAll(() => {
  if (!existsSync(join(root, 'dist', 'cli.js')))
    spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root });
});

describe('mech solve --json', () => {
  it('reproduces every number of E2: values, disclosure policy, prices and an 11-point sweep', () => {
    const run = mech('solve', '--json', 'examples/horizontal-differentiation.mech');
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.model).toBe('HorizontalDifferentiation');
    expect(report.solver.name).toBe('HiGHS');
    const value = (a: string) => report.results[a].value;
    expect(Math.abs(value('bayesian') - 17 / 25)).toBeLessThan(1e-8);
    expect(Math.abs(value('calibrated') - 81 / 125)).toBeLessThan(1e-8);
    expect(Math.abs(value('full_disclosure') - 3 / 5)).toBeLessThan(1e-8);
    expect(Math.abs(value('no_disclosure') - 59 / 115)).toBeLessThan(1e-8);
    expect(Math.abs(value('partitional') - 3 / 5)).toBeLessThan(1e-8);
    const signals = report.results.calibrated.signals;
    expect(signals).toHaveLength(2);
    const pool = signals.find((s: any) => Math.abs(s.posterior.b - 0.5) < 1e-8);
    expect(pool.probability).toBeCloseTo(3 / 5, 8);
    expect(pool.likelihood.a).toBeCloseTo(3 / 7, 8);
    expect(pool.mechanism.likes_a.transfer).toBeCloseTo(17 / 25, 8);
    const reveal = signals.find((s: any) => s.posterior.b < 1e-8);
    expect(reveal.mechanism.likes_a.transfer).toBeCloseTo(1, 8);
    expect(report.sweeps).toHaveLength(1);
    expect(report.sweeps[0].param).toBe('rho');
    expect(report.sweeps[0].points.map((p: any) => p.value)).toHaveLength(11);
    expect(report.sweeps[0].points[2].value).toBeCloseTo(0.6, 12);
    expect(report.sweeps[0].points[2].results.calibrated.value).toBeCloseTo(81 / 125, 8);
  });

  it('reproduces E1: B = 2, C = F = partitional = 13/8, N = 3/2, with and without shortcuts', () => {
    for (const flags of [[], ['--no-shortcuts']]) {
      const report = JSON.parse(
        mech('solve', '--json', ...flags, 'examples/demand-uncertainty.mech').stdout,
      );
      expect(report.privateValues).toBe(true);
      expect(report.results.bayesian.value).toBeCloseTo(2, 9);
      expect(report.results.calibrated.value).toBeCloseTo(13 / 8, 9);
      expect(report.results.partitional.value).toBeCloseTo(13 / 8, 9);
      expect(report.results.full_disclosure.value).toBeCloseTo(13 / 8, 9);
      expect(report.results.no_disclosure.value).toBeCloseTo(3 / 2, 9);
    }
  });

  it('prints the JSON with diagnostics and no results when the model has errors, and exits 1', () => {
    const run = mech('solve', '--json', 'examples/mistakes.mech');
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.results).toEqual({});
    expect(report.model).toBe('Mistakes');
    expect(report.privateValues).toBeNull();
    expect(report.diagnostics.length).toBeGreaterThan(3);
    expect(report.diagnostics[0]).toMatchObject({
      severity: 'error',
      code: 'MECH302',
      line: 8,
      column: 28,
    });
  });

  it('warns at the sweep for every point stopped by the time limit, with its bounds', () => {
    const run = mech(
      'solve',
      '--json',
      '--time-limit',
      '0.001',
      'examples/horizontal-differentiation.mech',
    );
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout);
    const stopped = report.sweeps[0].points.filter(
      (p: { results: { calibrated: { status: string } } }) =>
        p.results.calibrated.status === 'time_limit',
    );
    expect(stopped.length).toBeGreaterThan(0);
    const warnings = report.diagnostics.filter(
      (d: { code: string; message: string }) =>
        d.code === 'MECH503' && / at rho = /.test(d.message),
    );
    expect(warnings).toHaveLength(stopped.length);
    for (const point of stopped) {
      const { lowerBound, upperBound, value } = point.results.calibrated;
      // Whatever was reached brackets the point's B ≥ C: value ≤ C ≤ upper bound ≤ B.
      expect(lowerBound).toBe(value);
      expect(upperBound).toBeGreaterThanOrEqual(lowerBound);
      expect(upperBound).toBeLessThanOrEqual(point.results.bayesian.value + 1e-9);
    }
  });

  it('exits 1 with an infeasibility error when no mechanism meets the outside option', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mech-'));
    const file = join(dir, 'infeasible.mech');
    writeFileSync(
      file,
      `model Infeasible
types t = { only }
outcomes o = { a }
prior t = { only: 1 }
agent payoff = 0
designer payoff = 1
outside option = 1
solve calibrated
`,
    );
    const run = mech('solve', '--json', file);
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.results.calibrated.status).toBe('infeasible');
    expect(report.diagnostics.map((d: any) => d.code)).toContain('MECH501');
  });
});

describe('sweeps and partial infeasibility', () => {
  it('warns about sweep points where the model leaves its domain, and solves the others', () => {
    const run = mech('solve', '--json', 'test/fixtures/cli/sweep-leaves-domain.mech');
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout);
    const warnings = report.diagnostics.filter((d: any) => d.code === 'MECH506');
    expect(warnings.map((d: any) => d.message)).toEqual([
      expect.stringContaining("At 'pi' = 0 the model is invalid"),
      expect.stringContaining("At 'pi' = 1 the model is invalid"),
    ]);
    const points = report.sweeps[1].points;
    expect(points[0].error).toContain("State 'high' has prior probability 0");
    expect(points[1].results.calibrated.value).toBeCloseTo(1 + 5 / 8, 8); // C = 1 + 5π/4 at π = 1/2
  });

  it('reports an infeasible analysis as a warning when another analysis has a mechanism', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mech-'));
    const file = join(dir, 'partly.mech');
    // In state H the agent's outside option is 2 and he gets at most 1: full disclosure cannot be
    // IR there, but pooling H with L (where he gets 3) can.
    writeFileSync(
      file,
      `model Partly
states s = { L, H }
types t = { only }
outcomes o = { yes, no }
prior s = { L: 1/2, H: 1/2 }
prior t = { only: 1 }
agent payoff = (o == yes) * (if s == L then 3 else 1)
designer payoff = (o == yes)
outside option = if s == H then 2 else 0
solve calibrated, full_disclosure
`,
    );
    const run = mech('solve', '--json', file);
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.results.full_disclosure.status).toBe('infeasible');
    expect(report.results.calibrated.value).toBeCloseTo(1, 8);
    const finding = report.diagnostics.find((d: any) => d.code === 'MECH501');
    expect(finding.severity).toBe('warning');
  });
});

describe('mech check and usage', () => {
  it('prints path:line:col: severity CODE message and exits 1 on errors', () => {
    const run = mech('check', 'examples/mistakes.mech', 'examples/demand-uncertainty.mech');
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('examples/mistakes.mech:10:5: error MECH303 ');
    expect(run.stdout).not.toContain('demand-uncertainty.mech:');
  });

  it('exits 0 on a clean file and 2 on a missing file or an unknown option', () => {
    expect(mech('check', 'examples/demand-uncertainty.mech').status).toBe(0);
    const missing = mech('solve', 'no/such/file.mech');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("cannot read 'no/such/file.mech'");
    expect(mech('solve', '--frobnicate', 'examples/demand-uncertainty.mech').status).toBe(2);
    expect(mech('solve', 'examples/demand-uncertainty.mech', 'examples/no-money.mech').status).toBe(
      2,
    );
  });

  it('prints a readable summary with exact fractions', () => {
    const run = mech('solve', '--no-sweeps', 'examples/horizontal-differentiation.mech');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/calibrated\s+81\/125/);
    expect(run.stdout).toMatch(/no_disclosure\s+59\/115/);
    expect(run.stdout).toContain('disclosure policy');
  });
});
