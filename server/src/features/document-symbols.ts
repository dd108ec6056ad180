/** The outline: one symbol per declaration, with the elements of each set beneath it. */
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver';
import type * as ast from '../../../language/src/syntax/ast';
import type { Analyzed } from '../analysis';
import { formatNumber } from '../numbers';

export function documentSymbols(analyzed: Analyzed): DocumentSymbol[] {
  const declarations = analyzed.core?.ast.declarations ?? [];
  return declarations
    .map((declaration) => symbolOf(declaration, analyzed))
    .filter((symbol): symbol is DocumentSymbol => symbol !== undefined);
}

function symbolOf(declaration: ast.Declaration, analyzed: Analyzed): DocumentSymbol | undefined {
  const range = declaration.span.range;
  const make = (
    name: string,
    kind: SymbolKind,
    selection: ast.Node | undefined,
    detail?: string,
  ) => ({
    name: name || '(unnamed)',
    kind,
    range,
    selectionRange: (selection ?? declaration).span.range,
    detail,
  });
  switch (declaration.kind) {
    case 'model':
      return make(
        declaration.name?.name ?? 'model',
        SymbolKind.Module,
        declaration.name,
        declaration.title?.text,
      );
    case 'param': {
      const value = analyzed.symbols?.lookup(declaration.name?.name ?? '')?.value;
      return make(
        declaration.name?.name ?? '',
        SymbolKind.Constant,
        declaration.name,
        value === undefined ? 'param' : `= ${formatNumber(value)}`,
      );
    }
    case 'set':
      return {
        ...make(declaration.name?.name ?? '', SymbolKind.Enum, declaration.name, declaration.role),
        children: declaration.elements.map((element) => ({
          name: element.name.name || '(unnamed)',
          kind: SymbolKind.EnumMember,
          range: element.span.range,
          selectionRange: element.name.span.range,
          detail: elementDetail(analyzed, declaration, element),
        })),
      };
    case 'prior':
      return make(priorName(declaration), SymbolKind.Object, declaration.target, 'prior');
    case 'table': {
      const dimensions = declaration.dimensions.map((dimension) => dimension.name).join(', ');
      return make(
        declaration.name?.name ?? '',
        SymbolKind.Struct,
        declaration.name,
        `table[${dimensions}]`,
      );
    }
    case 'transfer':
      return make(declaration.name?.name ?? '', SymbolKind.Variable, declaration.name, 'transfer');
    case 'payoff':
      return make(PAYOFF_NAMES[declaration.role], SymbolKind.Function, {
        span: declaration.keywords,
      });
    case 'solve':
      return make(
        'solve',
        SymbolKind.Event,
        undefined,
        declaration.analyses.map((a) => a.name).join(', '),
      );
    case 'sweep':
      return make(
        `sweep ${declaration.param?.name ?? ''}`.trim(),
        SymbolKind.Event,
        declaration.param,
      );
  }
}

const PAYOFF_NAMES: Record<ast.PayoffRole, string> = {
  agent: 'agent payoff',
  designer: 'designer payoff',
  outside: 'outside option',
};

function priorName(declaration: ast.PriorDeclaration): string {
  const target = declaration.target;
  if (!target) return 'prior';
  switch (target.kind) {
    case 'marginal':
      return `prior ${target.set.name}`;
    case 'conditional':
      return `prior ${target.set.name} | ${target.given?.name ?? ''}`.trim();
    case 'joint':
      return `prior (${target.sets.map((set) => set.name).join(', ')})`;
  }
}

function elementDetail(
  analyzed: Analyzed,
  set: ast.SetDeclaration,
  element: ast.ElementDeclaration,
): string | undefined {
  const symbol = analyzed.symbols
    ?.elementsOf(set.name?.name ?? '')
    .find((candidate) => candidate.nameSpan.startOffset === element.name.span.startOffset);
  return symbol?.value === undefined ? undefined : `= ${formatNumber(symbol.value)}`;
}
