import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DiagnosticSeverity } from 'vscode-languageserver-protocol';
import { LineIndex } from '../../language/src/source';
import { messages } from '../../language/src/messages';
import { DIAGNOSTIC_CASES, unmark } from './diagnostics-cases';
import { LspSession } from './lsp-session';

describe('diagnostics from the checker', () => {
  let session: LspSession;
  beforeAll(async () => {
    session = await LspSession.start({ solve: { runMode: 'manual', timeLimit: 30 } });
  });
  afterAll(async () => {
    await session?.stop();
  });

  test.each(DIAGNOSTIC_CASES.map((c, i) => [c.name, c, i] as const))(
    '%s',
    async (_name, fixture, i) => {
      const { text, start, end } = unmark(fixture.text);
      const lines = new LineIndex(text);
      const uri = `file:///diagnostics/${i}.mech`;
      await session.open(uri, text);
      const published = await session.currentDiagnostics(uri);
      const spec = messages[fixture.message];
      const found = published.diagnostics.find((d) => d.code === spec.code);
      expect(found, JSON.stringify(published.diagnostics)).toBeDefined();
      expect(found!.range).toEqual({ start: lines.position(start), end: lines.position(end) });
      expect(found!.source).toBe('mech');
      const severity = {
        error: DiagnosticSeverity.Error,
        warning: DiagnosticSeverity.Warning,
      } as const;
      expect(found!.severity).toBe(severity[spec.severity as 'error' | 'warning']);
      await session.close(uri);
    },
  );

  test('a duplicate name points to the first declaration in related information', async () => {
    const duplicate = DIAGNOSTIC_CASES.find((c) => c.message === 'duplicateName')!;
    const { text } = unmark(duplicate.text);
    const uri = 'file:///diagnostics/related.mech';
    await session.open(uri, text);
    const published = await session.currentDiagnostics(uri);
    const found = published.diagnostics.find((d) => d.code === messages.duplicateName.code)!;
    const related = found.relatedInformation ?? [];
    expect(related).toHaveLength(1);
    expect(related[0].location.uri).toBe(uri);
    const lines = new LineIndex(text);
    const first = text.indexOf('value');
    expect(related[0].location.range.start).toEqual(lines.position(first));
  });

  test('fixing the mistake clears the diagnostic in the next version', async () => {
    const rowSum = DIAGNOSTIC_CASES.find((c) => c.message === 'rowSum')!;
    const { text } = unmark(rowSum.text);
    const uri = 'file:///diagnostics/fix.mech';
    await session.open(uri, text);
    const broken = await session.currentDiagnostics(uri);
    expect(broken.diagnostics.map((d) => d.code)).toContain(messages.rowSum.code);
    await session.change(uri, text.replace('v3: 1/8', 'v3: 1/4'));
    const fixed = await session.currentDiagnostics(uri);
    expect(fixed.diagnostics).toEqual([]);
  });
});
