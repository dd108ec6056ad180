import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type {
  CodeAction,
  CodeLens,
  CompletionItem,
  Diagnostic,
  DocumentSymbol,
  FoldingRange,
  Hover,
  InlayHint,
  Location,
  SemanticTokens,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { messages } from '../../language/src/messages';
import { LineIndex, type Position } from '../../language/src/source';
import { LspSession, ROOT } from './lsp-session';

const E1 = readFileSync(join(ROOT, 'test/fixtures/server/demand-uncertainty.mech'), 'utf8');

/** The position of the `occurrence`-th match of `needle` (plus `shift` characters). */
function at(text: string, needle: string, occurrence = 0, shift = 0): Position {
  let offset = -1;
  for (let i = 0; i <= occurrence; i++) offset = text.indexOf(needle, offset + 1);
  if (offset < 0) throw new Error(`'${needle}' not found`);
  return new LineIndex(text).position(offset + shift);
}

function apply(text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///x.mech', 'mech', 1, text), edits);
}

function hoverText(hover: Hover | null): string {
  const contents = hover?.contents as { value: string } | undefined;
  return contents?.value ?? '';
}

describe('editor features on E1', () => {
  let session: LspSession;
  const uri = 'file:///features/e1.mech';
  let documents = 0;

  /** Opens a fresh document and waits for its diagnostics. */
  async function open(text: string): Promise<{ uri: string; diagnostics: Diagnostic[] }> {
    const fresh = `file:///features/doc-${documents++}.mech`;
    await session.open(fresh, text);
    return { uri: fresh, diagnostics: (await session.currentDiagnostics(fresh)).diagnostics };
  }

  const position = (needle: string, occurrence = 0, shift = 0) => ({
    textDocument: { uri },
    position: at(E1, needle, occurrence, shift),
  });

  beforeAll(async () => {
    session = await LspSession.start();
    await session.open(uri, E1);
    expect((await session.settledSolve(uri)).state).toBe('solved');
  });
  afterAll(async () => {
    await session?.stop();
  });

  describe('hover', () => {
    test('on a type shows its payoff table and what it gets in the solved mechanism', async () => {
      const text = hoverText(
        await session.request<Hover>('textDocument/hover', position('v3 = 3', 0, 1)),
      );
      expect(text).toContain('type of value');
      expect(text).toContain('| sell | 3 / 0 | 3 / 0 |');
      expect(text).toContain('In the solved mechanisms');
      expect(text).toMatch(/\| calibrated \| signal \d \| sell \| 3 \| 0 \|/);
    });

    test('on a state shows its prior and its posteriors in the optimal disclosure', async () => {
      const text = hoverText(
        await session.request<Hover>('textDocument/hover', position('low', 0, 1)),
      );
      expect(text).toContain('Prior: 1/2');
      expect(text).toContain('v1 3/4, v3 1/4');
      expect(text).toContain('Posteriors in the optimal disclosure (`calibrated`)');
    });

    test('on solve shows the value of every analysis as fractions', async () => {
      const text = hoverText(
        await session.request<Hover>('textDocument/hover', position('solve', 0, 2)),
      );
      expect(text).toContain('| calibrated | 13/8 |');
      expect(text).toContain('| bayesian | 2 |');
      expect(text).toContain('| no_disclosure | 3/2 |');
    });

    test('on a prior entry shows the entry and its row sum', async () => {
      const text = hoverText(
        await session.request<Hover>('textDocument/hover', position('3/4', 0, 1)),
      );
      expect(text).toContain('`low → v1` = 3/4');
      expect(text).toContain('Sum of row `low`: 1');
    });
  });

  describe('completion', () => {
    test('after `trade ==` offers the outcomes and nothing else', async () => {
      const text = E1.replace('(trade == sell)', '(trade == )');
      const { uri: doc } = await open(text);
      const position = at(text, '(trade == ', 0, '(trade == '.length);
      const items = await session.request<CompletionItem[]>('textDocument/completion', {
        textDocument: { uri: doc },
        position,
      });
      expect(items.map((item) => item.label).sort()).toEqual(['keep', 'sell']);
    });

    test('between declarations offers the declaration keywords', async () => {
      const items = await session.request<CompletionItem[]>('textDocument/completion', {
        textDocument: { uri },
        position: at(E1, '\ntransfer price', 0, 0),
      });
      const labels = items.map((item) => item.label);
      expect(labels).toEqual(
        expect.arrayContaining(['param', 'prior', 'agent payoff', 'solve', 'sweep']),
      );
    });

    test('in `solve` offers the analyses', async () => {
      const items = await session.request<CompletionItem[]>(
        'textDocument/completion',
        position('partitional', 0, 0),
      );
      expect(items.map((item) => item.label)).toEqual([
        'calibrated',
        'partitional',
        'bayesian',
        'full_disclosure',
        'no_disclosure',
      ]);
    });

    test('in a payoff offers params, sets, tables, the transfer and functions', async () => {
      const items = await session.request<CompletionItem[]>(
        'textDocument/completion',
        position('= price', 0, 2),
      );
      const labels = items.map((item) => item.label);
      expect(labels).toEqual(
        expect.arrayContaining(['value', 'demand', 'trade', 'price', 'max', 'if']),
      );
    });
  });

  describe('navigation', () => {
    test('go to definition on an outcome in a payoff goes to its declaration', async () => {
      const location = await session.request<Location>(
        'textDocument/definition',
        position('== sell', 0, 4),
      );
      expect(location.range.start).toEqual(at(E1, 'sell,'));
    });

    test('find references lists the declaration and every use of a set', async () => {
      const locations = await session.request<Location[]>('textDocument/references', {
        ...position('value  =', 0, 1),
        context: { includeDeclaration: true },
      });
      const starts = locations.map((location) => location.range.start);
      expect(starts).toEqual(
        expect.arrayContaining([at(E1, 'value  ='), at(E1, 'value |'), at(E1, 'value *')]),
      );
    });

    test('rename changes the declaration and every use, and the model still checks', async () => {
      const edit = await session.request<WorkspaceEdit>('textDocument/rename', {
        ...position('price', 1, 1),
        newName: 'payment',
      });
      const edits = edit.changes![uri];
      expect(edits).toHaveLength(3);
      const renamed = apply(E1, edits);
      expect(renamed).not.toContain('price');
      expect((await open(renamed)).diagnostics).toEqual([]);
    });

    test('rename to a reserved word is refused', async () => {
      const refused = session.request('textDocument/rename', {
        ...position('price', 1, 1),
        newName: 'solve',
      });
      await expect(refused).rejects.toThrow(/reserved word/);
    });
  });

  test('document symbols outline every declaration, with the elements under their set', async () => {
    const symbols = await session.request<DocumentSymbol[]>('textDocument/documentSymbol', {
      textDocument: { uri },
    });
    expect(symbols.map((symbol) => symbol.name)).toEqual([
      'DemandUncertainty',
      'demand',
      'value',
      'trade',
      'prior demand',
      'prior value | demand',
      'price',
      'agent payoff',
      'designer payoff',
      'solve',
    ]);
    expect(symbols[2].children?.map((child) => [child.name, child.detail])).toEqual([
      ['v1', '= 1'],
      ['v3', '= 3'],
    ]);
  });

  test('semantic tokens and folding ranges cover the names and the blocks', async () => {
    const tokens = await session.request<SemanticTokens>('textDocument/semanticTokens/full', {
      textDocument: { uri },
    });
    expect(tokens.data.length / 5).toBeGreaterThanOrEqual(20);
    const folds = await session.request<FoldingRange[]>('textDocument/foldingRange', {
      textDocument: { uri },
    });
    const block = at(E1, 'prior value | demand').line;
    expect(folds).toContainEqual({ startLine: block, endLine: block + 2 });
  });

  describe('formatting', () => {
    test('leaves a formatted file unchanged', async () => {
      const edits = await session.request<TextEdit[]>('textDocument/formatting', {
        textDocument: { uri },
        options: { tabSize: 4, insertSpaces: true },
      });
      expect(edits).toEqual([]);
    });

    test('re-indents a messy file, keeps every token and comment, and is stable', async () => {
      const messy = E1.replace('    low:  {', 'low:  {')
        .replace(
          'prior demand = { low: 1/2, high: 1/2 }',
          'prior demand={low:1/2,high:1/2} // even odds',
        )
        .replace('\n\ntransfer price', '\n\n\n\ntransfer price   ');
      const { uri: doc } = await open(messy);
      const options = { tabSize: 4, insertSpaces: true };
      const edits = await session.request<TextEdit[]>('textDocument/formatting', {
        textDocument: { uri: doc },
        options,
      });
      const formatted = apply(messy, edits);
      expect(formatted).toContain('prior demand = { low: 1/2, high: 1/2 } // even odds');
      expect(formatted).toContain('\n    low:  { v1: 3/4, v3: 1/4 },');
      expect(formatted).not.toContain('\n\n\n');
      const words = (text: string) =>
        text.replace(/[\s,]+/g, ' ').replace(/\s*([{}()[\]:=|])\s*/g, '$1');
      expect(words(formatted)).toBe(words(messy));
      await session.change(doc, formatted);
      const again = await session.request<TextEdit[]>('textDocument/formatting', {
        textDocument: { uri: doc },
        options,
      });
      expect(again).toEqual([]);
    });

    test('leaves a file with syntax errors alone', async () => {
      const { uri: doc } = await open(
        E1.replace('designer payoff = price', 'designer payoff = * price'),
      );
      const edits = await session.request<TextEdit[]>('textDocument/formatting', {
        textDocument: { uri: doc },
        options: { tabSize: 4, insertSpaces: true },
      });
      expect(edits).toEqual([]);
    });
  });

  describe('code actions', () => {
    /** Opens `text`, asks for the quick fix of the diagnostic with `code`, applies it. */
    async function fix(
      text: string,
      code: string,
    ): Promise<{ title: string; fixed: Diagnostic[]; result: string }> {
      const { uri: doc, diagnostics } = await open(text);
      const diagnostic = diagnostics.find((d) => d.code === code);
      expect(diagnostic, JSON.stringify(diagnostics)).toBeDefined();
      const actions = await session.request<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri: doc },
        range: diagnostic!.range,
        context: { diagnostics: [diagnostic] },
      });
      expect(actions).toHaveLength(1);
      const result = apply(text, actions[0].edit!.changes![doc]);
      await session.change(doc, result);
      return {
        title: actions[0].title,
        fixed: (await session.currentDiagnostics(doc)).diagnostics,
        result,
      };
    }

    test('normalise a prior row that does not sum to 1', async () => {
      const { title, fixed, result } = await fix(
        E1.replace('v3: 1/4 }', 'v3: 1/8 }'),
        messages.rowSum.code,
      );
      expect(title).toContain("row 'low'");
      expect(result).toContain('low:  { v1: 6/7, v3: 1/7 }');
      expect(fixed).toEqual([]);
    });

    test('add a missing entry', async () => {
      const { fixed, result } = await fix(
        E1.replace('{ v1: 1/4, v3: 3/4 }', '{ v1: 1 }'),
        messages.missingEntry.code,
      );
      expect(result).toContain('high: { v1: 1, v3: 0 }');
      expect(fixed).toEqual([]);
    });

    test('add a missing row', async () => {
      const { fixed, result } = await fix(
        E1.replace('    high: { v1: 1/4, v3: 3/4 },\n', ''),
        messages.missingRow.code,
      );
      expect(result).toContain('    high: { v1: 1/2, v3: 1/2 },\n}');
      expect(fixed).toEqual([]);
    });

    test('create an undeclared element', async () => {
      const { fixed, result } = await fix(
        E1.replace('(trade == sell)', '(trade == lease)'),
        messages.unknownElement.code,
      );
      expect(result).toContain('outcomes trade  = { sell, keep, lease }');
      expect(fixed.filter((d) => d.severity === 1)).toEqual([]);
    });
  });

  test('a handler that throws answers with an LSP error and the server keeps serving', async () => {
    const broken = session.request('textDocument/hover', { textDocument: { uri }, position: null });
    await expect(broken).rejects.toThrow(/hover failed/);
    const hover = await session.request<Hover>('textDocument/hover', position('solve', 0, 2));
    expect(hoverText(hover)).toContain('13/8');
  });

  test('the code lens on solve shows the values and offers the preview', async () => {
    const lenses = await session.request<CodeLens[]>('textDocument/codeLens', {
      textDocument: { uri },
    });
    expect(lenses.map((lens) => lens.command?.command)).toEqual(['mech.solve', 'mech.openPreview']);
    expect(lenses[0].command!.title).toContain('calibrated 13/8');
    expect(lenses[0].range.start.line).toBe(at(E1, 'solve').line);
  });

  test('inlay hints show the solved transfer of each type and the sum of a row that is off', async () => {
    const range = { start: { line: 0, character: 0 }, end: { line: 100, character: 0 } };
    const hints = await session.request<InlayHint[]>('textDocument/inlayHint', {
      textDocument: { uri },
      range,
    });
    expect(hints.map((hint) => hint.label)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^price /)]),
    );
    const broken = await open(E1.replace('v3: 1/4 }', 'v3: 1/8 }'));
    const offHints = await session.request<InlayHint[]>('textDocument/inlayHint', {
      textDocument: { uri: broken.uri },
      range,
    });
    expect(offHints.map((hint) => hint.label)).toContain('Σ = 7/8');
  });
});
