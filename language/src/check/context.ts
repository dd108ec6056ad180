/**
 * What every checking phase shares: the declarations found in the file (`Scope`), the symbol
 * table being filled, and the diagnostics reported so far.
 */
import type { Diagnostic } from '../diagnostics';
import type { MessageId } from '../messages';
import type { Range } from '../source';
import type * as ast from '../syntax/ast';
import { createDiagnostic } from '../syntax/create-diagnostic';
import type { MechSymbol, SymbolTable } from './symbols';

export type SetRole = ast.SetRole;

/** Position of each role in `Env.elements`. */
export const ROLE_INDEX: Readonly<Record<SetRole, number>> = { states: 0, types: 1, outcomes: 2 };

/** How messages name one element of each role: `state 'low'`. */
export const ROLE_NOUN: Readonly<Record<SetRole, string>> = {
  states: 'state',
  types: 'type',
  outcomes: 'outcome',
};

export interface ElementInfo {
  name: string;
  index: number;
  declaration: ast.ElementDeclaration;
  symbol: MechSymbol;
  /** Computed once params are known; absent when the element has no value or it failed. */
  value?: number;
}

export interface SetInfo {
  kind: 'set';
  name: string;
  role: SetRole;
  declaration: ast.SetDeclaration;
  symbol: MechSymbol;
  elements: ElementInfo[];
  byName: Map<string, ElementInfo>;
  /** False when the set is empty or too large: nothing is computed over it. */
  usable: boolean;
}

export interface ParamInfo {
  kind: 'param';
  name: string;
  declaration: ast.ParamDeclaration;
  symbol: MechSymbol;
  value?: number;
}

export interface TableInfo {
  kind: 'table';
  name: string;
  declaration: ast.TableDeclaration;
  symbol: MechSymbol;
  /** The declared sets, when all of them are valid. */
  dimensions?: SetInfo[];
  /** Entries in row-major order over `dimensions`, once every entry is known. */
  values?: Float64Array;
}

export interface TransferInfo {
  kind: 'transfer';
  name: string;
  declaration: ast.TransferDeclaration;
  symbol: MechSymbol;
}

/** Whatever a name in the shared namespace can denote. */
export type GlobalInfo = SetInfo | ParamInfo | TableInfo | TransferInfo;

export interface Scope {
  model?: ast.ModelDeclaration;
  globals: Map<string, GlobalInfo>;
  sets: Partial<Record<SetRole, SetInfo>>;
  params: ParamInfo[];
  tables: TableInfo[];
  transfer?: TransferInfo;
  priors: ast.PriorDeclaration[];
  payoffs: Partial<Record<ast.PayoffRole, ast.PayoffDeclaration>>;
  solve?: ast.SolveDeclaration;
  sweeps: ast.SweepDeclaration[];
  /** Where to report a missing declaration: `model NAME`, else the start of the file. */
  anchor: Range;
  /** Keywords of declarations the parser left out unread: not reported missing. */
  unread: Set<string>;
}

export class CheckContext {
  readonly diagnostics: Diagnostic[] = [];
  private errorCount = 0;

  constructor(
    readonly scope: Scope,
    readonly symbols: SymbolTable,
  ) {}

  report(
    id: MessageId,
    range: Range,
    args: readonly (string | number)[] = [],
    extra: Pick<Diagnostic, 'related' | 'data'> = {},
  ): void {
    const diagnostic = createDiagnostic(id, range, args, extra);
    if (diagnostic.severity === 'error') this.errorCount++;
    this.diagnostics.push(diagnostic);
  }

  get hasErrors(): boolean {
    return this.errorCount > 0;
  }

  /** Runs one phase; an exception inside it becomes one MECH199 diagnostic. */
  guard(phase: string, run: () => void): void {
    try {
      run();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.report('internalError', this.scope.anchor, [`check of ${phase}`, reason]);
    }
  }
}
