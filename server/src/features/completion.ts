/**
 * Completion by context: declaration keywords between declarations; analyses in `solve`;
 * the elements of a set after `SET ==`; the keys a prior or table row expects; sets where a
 * set is named; and in expressions the params, sets, tables, functions and operators.
 */
import type { IToken } from 'chevrotain';
import {
  CompletionItemKind,
  InsertTextFormat,
  type CompletionItem,
  type Position,
} from 'vscode-languageserver';
import type { MechSymbol, SymbolKind } from '../../../language/src/check/symbols';
import { ANALYSES } from '../../../language/src/model';
import type * as ast from '../../../language/src/syntax/ast';
import type { Analyzed } from '../analysis';
import { kindOf, tokenEnd } from '../lexical';
import { formatNumber } from '../numbers';
import { FUNCTION_NAMES, declarationAt, keySetAt } from '../syntax-tree';

const DECLARATION_SNIPPETS: { label: string; snippet: string; detail: string }[] = [
  { label: 'model', snippet: 'model ${1:Name}', detail: 'the model’s name (first declaration)' },
  { label: 'param', snippet: 'param ${1:name} = ${2:0}', detail: 'a constant' },
  {
    label: 'states',
    snippet: 'states ${1:state} = { ${2:low}, ${3:high} }',
    detail: 'the state space',
  },
  {
    label: 'types',
    snippet: 'types ${1:type} = { ${2:lo}, ${3:hi} }',
    detail: 'the agent’s types',
  },
  {
    label: 'outcomes',
    snippet: 'outcomes ${1:outcome} = { ${2:sell}, ${3:keep} }',
    detail: 'the outcomes',
  },
  { label: 'prior', snippet: 'prior ${1:set} = { $0 }', detail: 'a prior' },
  { label: 'table', snippet: 'table ${1:name}[${2:set}] = { $0 }', detail: 'a table of numbers' },
  {
    label: 'transfer',
    snippet: 'transfer ${1:price}',
    detail: 'quasi-linear money paid by the agent',
  },
  { label: 'agent payoff', snippet: 'agent payoff = $0', detail: 'u(x, θ, ω) − t' },
  { label: 'designer payoff', snippet: 'designer payoff = $0', detail: 'v(x, θ, ω) + α t' },
  { label: 'outside option', snippet: 'outside option = $0', detail: 'u0(θ, ω); default 0' },
  { label: 'solve', snippet: 'solve ${1:calibrated}', detail: 'the analyses to run' },
  {
    label: 'sweep',
    snippet: 'sweep ${1:param} from ${2:0} to ${3:1} step ${4:1/10}',
    detail: 'a parameter sweep',
  },
];

const EXPRESSION_KEYWORDS = ['if', 'then', 'else', 'and', 'or', 'not'];

const ITEM_KIND: Record<SymbolKind, CompletionItemKind> = {
  model: CompletionItemKind.Module,
  param: CompletionItemKind.Constant,
  states: CompletionItemKind.Enum,
  types: CompletionItemKind.Enum,
  outcomes: CompletionItemKind.Enum,
  table: CompletionItemKind.Field,
  transfer: CompletionItemKind.Variable,
  state: CompletionItemKind.EnumMember,
  type: CompletionItemKind.EnumMember,
  outcome: CompletionItemKind.EnumMember,
};

export function completions(analyzed: Analyzed, position: Position): CompletionItem[] {
  const offset = analyzed.lines.offset(position);
  const tokens = tokensBefore(analyzed, offset);
  const last = tokens[tokens.length - 1];
  const declaration =
    declarationAt(analyzed.core?.ast, offset) ?? declarationAt(analyzed.core?.ast, offset - 1);

  // After `agent`, `designer`, `outside`: the second word.
  if (last && ['Agent', 'Designer'].includes(kindOf(last))) return [keyword('payoff')];
  if (last && kindOf(last) === 'Outside') return [keyword('option')];

  // After `SET ==` or `SET !=`: that set's elements.
  const compared = comparedSet(tokens);
  if (compared) return elements(analyzed, compared);

  if (!last || startsNewDeclaration(tokens, declaration, offset)) return declarationItems();

  switch (declaration?.kind) {
    case 'solve':
      return ANALYSES.map((name) => ({
        label: name,
        kind: CompletionItemKind.Value,
        detail: 'analysis',
      }));
    case 'sweep':
      if (kindOf(last) === 'Sweep') return symbolsOf(analyzed, ['param']);
      break;
    case 'prior':
    case 'table': {
      const expected = expectedKeys(analyzed, declaration, tokens);
      if (expected) return expected;
      break;
    }
    case 'set':
    case 'model':
      return [];
  }
  return expressionItems(analyzed, declaration);
}

/** Tokens that end at or before the offset (the word being typed excluded). */
function tokensBefore(analyzed: Analyzed, offset: number): IToken[] {
  const all = analyzed.lexed().tokens;
  const before = all.filter((token) => tokenEnd(token) <= offset);
  const typing = before[before.length - 1];
  if (typing && tokenEnd(typing) === offset && kindOf(typing) === 'Identifier') before.pop();
  return before;
}

/** Between declarations: nothing before, or the previous declaration is complete. */
function startsNewDeclaration(
  tokens: IToken[],
  declaration: ast.Declaration | undefined,
  offset: number,
): boolean {
  if (declaration && offset > declaration.span.endOffset) return true;
  if (!declaration) return true;
  const last = tokens[tokens.length - 1];
  return last !== undefined && tokenEnd(last) <= declaration.span.startOffset;
}

function comparedSet(tokens: IToken[]): string | undefined {
  const operator = tokens[tokens.length - 1];
  const left = tokens[tokens.length - 2];
  if (!operator || !left) return undefined;
  if (!['EqualEqual', 'NotEqual'].includes(kindOf(operator)) || kindOf(left) !== 'Identifier')
    return undefined;
  return left.image;
}

function elements(analyzed: Analyzed, setName: string): CompletionItem[] {
  return (analyzed.symbols?.elementsOf(setName) ?? []).map((symbol) => item(symbol));
}

function symbolsOf(analyzed: Analyzed, kinds: SymbolKind[]): CompletionItem[] {
  return (analyzed.symbols?.ofKind(...kinds) ?? [])
    .filter((symbol) => !symbol.duplicate)
    .map((symbol) => item(symbol));
}

function item(symbol: MechSymbol): CompletionItem {
  const value = symbol.value === undefined ? '' : ` = ${formatNumber(symbol.value)}`;
  const owner = symbol.container ? `${symbol.kind} of ${symbol.container}` : symbol.kind;
  return { label: symbol.name, kind: ITEM_KIND[symbol.kind], detail: `${owner}${value}` };
}

function keyword(word: string): CompletionItem {
  return { label: word, kind: CompletionItemKind.Keyword };
}

function declarationItems(): CompletionItem[] {
  return DECLARATION_SNIPPETS.map(({ label, snippet, detail }) => ({
    label,
    kind: CompletionItemKind.Keyword,
    detail,
    insertText: snippet,
    insertTextFormat: InsertTextFormat.Snippet,
  }));
}

/**
 * In a prior or table, where a key is due (after `{` or `,`): the elements of the set that
 * the current nesting depth ranges over. After `prior` or `|` or in `table w[`: the sets.
 */
function expectedKeys(
  analyzed: Analyzed,
  declaration: ast.PriorDeclaration | ast.TableDeclaration,
  tokens: IToken[],
): CompletionItem[] | undefined {
  const last = tokens[tokens.length - 1];
  const kind = kindOf(last);
  if (
    ['Prior', 'Bar', 'LBracket'].includes(kind) ||
    (kind === 'Comma' && insideBrackets(tokens, declaration))
  ) {
    return symbolsOf(analyzed, ['states', 'types', 'outcomes']);
  }
  if (kind !== 'LBrace' && kind !== 'Comma') return undefined;
  const depth = braceDepth(tokens, declaration.span.startOffset);
  if (depth < 1) return undefined;
  const set = keySetAt(declaration, depth);
  return set ? elements(analyzed, set) : undefined;
}

function insideBrackets(tokens: IToken[], declaration: ast.Declaration): boolean {
  let open = 0;
  for (const token of tokens) {
    if (token.startOffset < declaration.span.startOffset) continue;
    if (kindOf(token) === 'LBracket') open++;
    else if (kindOf(token) === 'RBracket') open--;
  }
  return open > 0;
}

function braceDepth(tokens: IToken[], from: number): number {
  let depth = 0;
  for (const token of tokens) {
    if (token.startOffset < from) continue;
    if (kindOf(token) === 'LBrace') depth++;
    else if (kindOf(token) === 'RBrace') depth--;
  }
  return depth;
}

function expressionItems(
  analyzed: Analyzed,
  declaration: ast.Declaration | undefined,
): CompletionItem[] {
  const inPayoff = declaration?.kind === 'payoff' && declaration.role !== 'outside';
  const kinds: SymbolKind[] = [
    'param',
    'states',
    'types',
    'outcomes',
    'table',
    ...(inPayoff ? ['transfer' as const] : []),
  ];
  const functions = FUNCTION_NAMES.map((name) => ({
    label: name,
    kind: CompletionItemKind.Function,
    insertText: `${name}($0)`,
    insertTextFormat: InsertTextFormat.Snippet,
  }));
  return [...symbolsOf(analyzed, kinds), ...functions, ...EXPRESSION_KEYWORDS.map(keyword)];
}
