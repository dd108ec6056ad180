import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DiagnosticSeverity } from 'vscode-languageserver-protocol';
import { messages } from '../../language/src/messages';
import {
  CANCEL_SOLVE_REQUEST,
  LAST_SOLVE_REQUEST,
  SOLVE_REQUEST,
  type SolveNotification,
} from '../../language/src/protocol';
import { largeModel } from './large-model';
import { LspSession, ROOT } from './lsp-session';

const E1 = readFileSync(join(ROOT, 'test/fixtures/server/demand-uncertainty.mech'), 'utf8');
/** E1 where no mechanism can pay the agent his outside option. */
const INFEASIBLE = E1.replace('transfer price', 'transfer price in [0, 0]\noutside option = 10');
/** Calibrated over 4 states and 20 types: well over a minute of LPs. */
const SLOW = largeModel({ states: 4, types: 20 });

function values(notification: SolveNotification): Record<string, number | null> {
  const results = Object.entries(notification.report?.results ?? {});
  return Object.fromEntries(results.map(([name, result]) => [name, result!.value]));
}

describe('solving through the language server', () => {
  let session: LspSession;
  beforeAll(async () => {
    session = await LspSession.start();
  });
  afterAll(async () => {
    await session?.stop();
  });

  test('after a save the solver notification carries the values of E1', async () => {
    const uri = 'file:///solve/e1.mech';
    await session.open(uri, E1);
    const first = await session.settledSolve(uri);
    expect(first.state).toBe('solved');
    const solved = session.solveFor(uri, (n) => n.state === 'solved' && n !== first);
    await session.save(uri);
    const notification = await solved;
    const solvedValues = values(notification);
    expect(solvedValues.bayesian).toBeCloseTo(2, 9);
    expect(solvedValues.calibrated).toBeCloseTo(13 / 8, 9);
    expect(solvedValues.full_disclosure).toBeCloseTo(13 / 8, 9);
    expect(solvedValues.no_disclosure).toBeCloseTo(3 / 2, 9);
    expect(solvedValues.partitional).toBeCloseTo(13 / 8, 9);
    expect(notification.headline).toContain('calibrated 13/8');
    expect(notification.headline).toContain('no_disclosure 3/2');
  });

  test('the solver findings become diagnostics: private values as information, binding constraints as hints', async () => {
    const uri = 'file:///solve/findings.mech';
    await session.open(uri, E1);
    await session.settledSolve(uri);
    const published = await session.diagnosticsFor(uri, (p) => p.diagnostics.length > 0);
    const privateValues = published.diagnostics.find((d) => d.code === messages.privateValues.code);
    expect(privateValues?.severity).toBe(DiagnosticSeverity.Information);
    expect(privateValues?.range.start.line).toBe(
      E1.split('\n').findIndex((l) => l.startsWith('solve')),
    );
    const hints = published.diagnostics.filter((d) => d.code === messages.binding.code);
    expect(hints.length).toBeGreaterThan(0);
    expect(hints.every((d) => d.severity === DiagnosticSeverity.Hint)).toBe(true);
  });

  test('a failing solve replaces the last good result, and says why', async () => {
    const uri = 'file:///solve/failing.mech';
    await session.open(uri, E1);
    expect((await session.settledSolve(uri)).state).toBe('solved');

    const stale = session.solveFor(uri, (n) => n.state === 'stale');
    await session.change(uri, INFEASIBLE);
    expect((await stale).version).toBe(1);

    await session.save(uri);
    const failed = await session.settledSolve(uri);
    expect(failed.state).toBe('failed');
    expect(failed.message).toMatch(/infeasible/);
    const last = await session.request<SolveNotification>(LAST_SOLVE_REQUEST, { uri });
    expect(last.state).toBe('failed');

    const published = await session.diagnosticsFor(uri, (p) =>
      p.diagnostics.some((d) => d.code === messages.infeasible.code),
    );
    // The binding constraints of the old optimum are gone with it.
    expect(published.diagnostics.some((d) => d.code === messages.binding.code)).toBe(false);
  });

  test('a model with errors is not solved and reports failed', async () => {
    const uri = 'file:///solve/errors.mech';
    await session.open(uri, E1.replace('designer payoff = price', 'designer payoff = prise'));
    const failed = await session.settledSolve(uri);
    expect(failed.state).toBe('failed');
    expect(failed.report).toBeUndefined();
    expect(failed.message).toMatch(/1 error/);
  });

  test('a newer version cancels the running solve', async () => {
    const uri = 'file:///solve/slow.mech';
    await session.open(uri, SLOW);
    await session.solveFor(uri, (n) => n.version === 1 && n.state === 'solving');
    const stale = session.solveFor(uri, (n) => n.version === 1 && n.state !== 'solving');
    await session.change(uri, SLOW.replace('transfer price', 'transfer price in [0, 100]'));
    expect((await stale).state).toBe('stale');

    const solving = session.solveFor(uri, (n) => n.version === 2 && n.state === 'solving');
    const answer = session.request<SolveNotification>(SOLVE_REQUEST, { uri });
    await solving;
    await session.request(CANCEL_SOLVE_REQUEST, { uri });
    expect((await answer).state).toBe('cancelled');
    expect((await session.settledSolve(uri)).state).toBe('cancelled');
  });
});

describe('the time limit', () => {
  let session: LspSession;
  beforeAll(async () => {
    session = await LspSession.start({ solve: { runMode: 'onSave', timeLimit: 1 } });
  });
  afterAll(async () => {
    await session?.stop();
  });

  test('a solve that overruns the time limit fails with a diagnostic on solve', async () => {
    const uri = 'file:///limit/slow.mech';
    await session.open(uri, SLOW);
    const failed = await session.settledSolve(uri);
    expect(failed.state).toBe('failed');
    expect(failed.message).toMatch(/time limit/);
    const published = await session.diagnosticsFor(uri, (p) =>
      p.diagnostics.some(
        (d) => d.code === messages.timeLimit.code || d.code === messages.solverFailure.code,
      ),
    );
    const finding = published.diagnostics.find((d) => d.message.includes('time limit'))!;
    expect(finding.range.start.line).toBe(SLOW.split('\n').findIndex((l) => l.startsWith('solve')));
  });
});

describe('run modes', () => {
  test('onType solves an edited version without a save', async () => {
    const session = await LspSession.start({ solve: { runMode: 'onType', timeLimit: 30 } });
    try {
      const uri = 'file:///modes/on-type.mech';
      await session.open(uri, E1);
      await session.settledSolve(uri);
      await session.change(uri, E1.replace('high: 1/2 }', 'high: 1/2 } // edited'));
      const solved = await session.settledSolve(uri);
      expect(solved.version).toBe(2);
      expect(solved.state).toBe('solved');
    } finally {
      await session.stop();
    }
  });

  test('manual solves only on request, and a settings change takes effect', async () => {
    const session = await LspSession.start({ solve: { runMode: 'manual', timeLimit: 30 } });
    try {
      const uri = 'file:///modes/manual.mech';
      await session.open(uri, E1);
      await session.currentDiagnostics(uri);
      await session.save(uri);
      expect(await session.request(LAST_SOLVE_REQUEST, { uri })).toBeNull();
      const solved = await session.request<SolveNotification>(SOLVE_REQUEST, { uri });
      expect(solved.state).toBe('solved');
      expect(values(solved).calibrated).toBeCloseTo(13 / 8, 9);

      await session.connection.sendNotification('workspace/didChangeConfiguration', {
        settings: { mech: { solve: { runMode: 'onSave', timeLimit: 30 } } },
      });
      const version = await session.change(uri, `${E1}// saved\n`);
      const onSave = session.solveFor(uri, (n) => n.version === version && n.state === 'solved');
      await session.save(uri);
      expect((await onSave).state).toBe('solved');
    } finally {
      await session.stop();
    }
  });
});
