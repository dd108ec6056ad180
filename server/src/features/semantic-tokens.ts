/**
 * Semantic tokens for names, which the TextMate grammar cannot tell apart: sets, elements,
 * params, tables, the transfer, built-in functions and analyses. Keywords, numbers, strings and
 * comments are left to the grammar.
 */
import {
  SemanticTokensBuilder,
  type SemanticTokens,
  type SemanticTokensLegend,
} from 'vscode-languageserver';
import type { SymbolKind } from '../../../language/src/check/symbols';
import { ANALYSES } from '../../../language/src/model';
import type { Span } from '../../../language/src/source';
import type { Analyzed } from '../analysis';
import { FUNCTION_NAMES, forEachExpression } from '../syntax-tree';

const TOKEN_TYPES = [
  'namespace',
  'enum',
  'enumMember',
  'parameter',
  'variable',
  'property',
  'function',
  'event',
];
const TOKEN_MODIFIERS = ['declaration', 'readonly', 'defaultLibrary'];

export const SEMANTIC_LEGEND: SemanticTokensLegend = {
  tokenTypes: TOKEN_TYPES,
  tokenModifiers: TOKEN_MODIFIERS,
};

const TYPE_OF_KIND: Record<SymbolKind, string> = {
  model: 'namespace',
  param: 'parameter',
  states: 'enum',
  types: 'enum',
  outcomes: 'enum',
  table: 'property',
  transfer: 'variable',
  state: 'enumMember',
  type: 'enumMember',
  outcome: 'enumMember',
};

interface Classified {
  span: Span;
  type: string;
  modifiers: string[];
}

export function semanticTokens(analyzed: Analyzed): SemanticTokens {
  const classified: Classified[] = [];
  for (const symbol of analyzed.symbols?.declarations ?? []) {
    const readonly = symbol.kind === 'param' ? ['readonly'] : [];
    classified.push({
      span: symbol.nameSpan,
      type: TYPE_OF_KIND[symbol.kind],
      modifiers: ['declaration', ...readonly],
    });
  }
  for (const reference of analyzed.symbols?.references ?? []) {
    const readonly = reference.symbol.kind === 'param' ? ['readonly'] : [];
    classified.push({
      span: reference.span,
      type: TYPE_OF_KIND[reference.symbol.kind],
      modifiers: readonly,
    });
  }
  forEachExpression(analyzed.core?.ast, (node) => {
    if (node.kind === 'call' && FUNCTION_NAMES.includes(node.callee.name)) {
      classified.push({ span: node.callee.span, type: 'function', modifiers: ['defaultLibrary'] });
    }
  });
  for (const declaration of analyzed.core?.ast.declarations ?? []) {
    if (declaration.kind !== 'solve') continue;
    for (const analysis of declaration.analyses) {
      if ((ANALYSES as readonly string[]).includes(analysis.name)) {
        classified.push({ span: analysis.span, type: 'event', modifiers: [] });
      }
    }
  }

  classified.sort((a, b) => a.span.startOffset - b.span.startOffset);
  const builder = new SemanticTokensBuilder();
  let lastEnd = -1;
  for (const { span, type, modifiers } of classified) {
    // Tokens must not overlap and must stay on one line.
    if (span.startOffset < lastEnd || span.range.start.line !== span.range.end.line) continue;
    const length = span.endOffset - span.startOffset;
    if (length <= 0) continue;
    const modifierBits = modifiers.reduce((bits, m) => bits | (1 << TOKEN_MODIFIERS.indexOf(m)), 0);
    builder.push(
      span.range.start.line,
      span.range.start.character,
      length,
      TOKEN_TYPES.indexOf(type),
      modifierBits,
    );
    lastEnd = span.endOffset;
  }
  return builder.build();
}
