/**
 * Every declaration and every reference in a file, for the language server's hover,
 * go-to-definition, references, rename, completion and outline. Filled by the checker; frozen
 * once `compile` returns.
 */
import type { Span } from '../source';

export type SymbolKind =
  | 'model'
  | 'param'
  | 'states'
  | 'types'
  | 'outcomes'
  | 'table'
  | 'transfer'
  | 'state'
  | 'type'
  | 'outcome';

/** A declared name. Element symbols (`state`, `type`, `outcome`) belong to a set. */
export interface MechSymbol {
  kind: SymbolKind;
  name: string;
  /** The name where it is declared (`nameSpan.range` is its range). */
  nameSpan: Span;
  /** The whole declaration (for an element, `v1 = 1`). */
  span: Span;
  /** For elements: the name of the set they belong to. */
  container?: string;
  /** For params and elements: the numeric value, when it could be computed. */
  value?: number;
  /** True for a second declaration of a name already taken; references go to the first. */
  duplicate?: boolean;
}

/** A use of a name, resolved to its declaration. */
export interface SymbolReference {
  span: Span;
  symbol: MechSymbol;
}

/** Where a name is written: its declaration or one of its references. */
export interface Occurrence {
  span: Span;
  symbol: MechSymbol;
  isDeclaration: boolean;
}

export class SymbolTable {
  readonly declarations: MechSymbol[] = [];
  readonly references: SymbolReference[] = [];
  private sorted?: Occurrence[];

  declare(symbol: MechSymbol): MechSymbol {
    this.declarations.push(symbol);
    this.sorted = undefined;
    return symbol;
  }

  reference(span: Span, symbol: MechSymbol): void {
    this.references.push({ span, symbol });
    this.sorted = undefined;
  }

  /** The declaration or reference whose name covers `offset` (its end included). */
  occurrenceAt(offset: number): Occurrence | undefined {
    const occurrences = this.occurrences();
    let lo = 0;
    let hi = occurrences.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (occurrences[mid].span.startOffset <= offset) lo = mid + 1;
      else hi = mid;
    }
    const candidate = occurrences[lo - 1];
    return candidate && offset <= candidate.span.endOffset ? candidate : undefined;
  }

  /** The symbol named at `offset`, whether declared or referenced there. */
  symbolAt(offset: number): MechSymbol | undefined {
    return this.occurrenceAt(offset)?.symbol;
  }

  referencesTo(symbol: MechSymbol): SymbolReference[] {
    return this.references.filter((reference) => reference.symbol === symbol);
  }

  /** The declaration name and every reference: what a rename must change. */
  occurrencesOf(symbol: MechSymbol): Span[] {
    return [symbol.nameSpan, ...this.referencesTo(symbol).map((reference) => reference.span)];
  }

  /** Sets, params, tables and the transfer, by name (the first declaration wins). */
  lookup(name: string): MechSymbol | undefined {
    return this.declarations.find(
      (symbol) => symbol.name === name && !symbol.duplicate && isGlobal(symbol.kind),
    );
  }

  elementsOf(setName: string): MechSymbol[] {
    return this.declarations.filter((symbol) => symbol.container === setName && !symbol.duplicate);
  }

  ofKind(...kinds: SymbolKind[]): MechSymbol[] {
    return this.declarations.filter((symbol) => kinds.includes(symbol.kind));
  }

  private occurrences(): Occurrence[] {
    if (this.sorted) return this.sorted;
    const declared = this.declarations.map((symbol) => ({
      span: symbol.nameSpan,
      symbol,
      isDeclaration: true,
    }));
    const referenced = this.references.map(({ span, symbol }) => ({
      span,
      symbol,
      isDeclaration: false,
    }));
    this.sorted = [...declared, ...referenced].sort(
      (a, b) => a.span.startOffset - b.span.startOffset,
    );
    return this.sorted;
  }
}

/** Kinds that live in the one namespace of sets, params, tables and the transfer. */
export function isGlobal(kind: SymbolKind): boolean {
  return ['param', 'states', 'types', 'outcomes', 'table', 'transfer'].includes(kind);
}
