import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { LspSession, ROOT } from './lsp-session';

const E1 = readFileSync(join(ROOT, 'test/fixtures/server/demand-uncertainty.mech'), 'utf8');

describe('solving through the language server', () => {
  let session: LspSession;
  beforeAll(async () => {
    session = await LspSession.start();
  });
  afterAll(async () => {
    await session?.stop();
  });

  test('after a save the solver notification carries the values of E1', async () => {
    const uri = 'file:///e1-solve.mech';
    await session.open(uri, E1);
    const first = await session.settledSolve(uri);
    expect(first.state).toBe('solved');
    await session.save(uri);
    const solving = session.solveFor(uri, (n) => n.state === 'solving');
    const solved = session.solveFor(uri, (n) => n.state === 'solved' && n !== first);
    await solving;
    const notification = await solved;
    const values = Object.fromEntries(
      Object.entries(notification.report!.results).map(([name, result]) => [name, result!.value]),
    );
    expect(values.bayesian).toBeCloseTo(2, 9);
    expect(values.calibrated).toBeCloseTo(13 / 8, 9);
    expect(values.full_disclosure).toBeCloseTo(13 / 8, 9);
    expect(values.no_disclosure).toBeCloseTo(3 / 2, 9);
    expect(values.partitional).toBeCloseTo(13 / 8, 9);
    expect(notification.headline).toContain('calibrated 13/8');
  });
});
