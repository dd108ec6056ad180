/**
 * Tables: their sets must be distinct declared sets, and the nested list must give exactly one
 * entry for every combination, keys nesting in the declared order.
 */
import type { Range } from '../source';
import type * as ast from '../syntax/ast';
import type { CheckContext, SetInfo, TableInfo } from './context';
import { describeGlobal, didYouMean, quote } from './describe';
import { tableStrides } from './expressions';
import { MAX_POINTS } from './limits';
import { readKeyedList, readNumber, type ListOwner } from './lists';

/** Resolves every table's sets; runs before anything that may read a table. */
export function resolveTableDimensions(ctx: CheckContext): void {
  for (const table of ctx.scope.tables) {
    const dimensions = resolveDimensions(ctx, table);
    if (!dimensions) continue;
    const size = dimensions.reduce((product, set) => product * set.elements.length, 1);
    if (size > MAX_POINTS) {
      const args = [table.name, size.toLocaleString('en-US'), MAX_POINTS.toLocaleString('en-US')];
      ctx.report('tableTooLarge', table.declaration.name!.span.range, args);
      continue;
    }
    table.dimensions = dimensions;
  }
}

/** Reads every table's entries; runs once params and element values are known. */
export function checkTables(ctx: CheckContext): void {
  for (const table of ctx.scope.tables) {
    const dimensions = table.dimensions;
    if (!dimensions) continue;
    const size = dimensions.reduce((product, set) => product * set.elements.length, 1);
    const filler = new TableFiller(ctx, table, dimensions, size);
    const range = table.declaration.name!.span.range;
    const owner = { title: `Table ${quote(table.name)}`, inside: `table ${quote(table.name)}` };
    filler.fill(table.declaration.value, 0, 0, { ...owner, range }, []);
    if (filler.complete) table.values = filler.values;
  }
}

/** The table's sets, or undefined after reporting an unknown, non-set or repeated one. */
function resolveDimensions(ctx: CheckContext, table: TableInfo): SetInfo[] | undefined {
  const sets: SetInfo[] = [];
  let ok = true;
  for (const dimension of table.declaration.dimensions) {
    const info = ctx.scope.globals.get(dimension.name);
    if (info) ctx.symbols.reference(dimension.span, info.symbol);
    if (!info) {
      const advice = didYouMean(
        dimension.name,
        Object.values(ctx.scope.sets).map((s) => s.name),
      );
      ctx.report('unknownName', dimension.span.range, [dimension.name, advice]);
    } else if (info.kind !== 'set') {
      ctx.report('notASet', dimension.span.range, [dimension.name, describeGlobal(info)]);
    } else if (sets.includes(info)) {
      ctx.report('repeatedDimension', dimension.span.range, [dimension.name, table.name]);
    } else {
      sets.push(info);
      ok &&= info.usable;
      continue;
    }
    ok = false;
  }
  return ok && sets.length > 0 ? sets : undefined;
}

class TableFiller {
  readonly values: Float64Array;
  complete = true;
  private readonly strides: number[];

  constructor(
    private readonly ctx: CheckContext,
    private readonly table: TableInfo,
    private readonly dimensions: SetInfo[],
    size: number,
  ) {
    this.values = new Float64Array(size);
    this.strides = tableStrides(dimensions);
  }

  /** Fills the entries under `value`, the list for `dimensions[level]` at `offset`. */
  fill(
    value: ast.Value | undefined,
    level: number,
    offset: number,
    owner: ListOwner,
    path: string[],
  ): void {
    const set = this.dimensions[level];
    const slots = readKeyedList(this.ctx, value, set, owner, 'missingEntry');
    if (!slots || slots.some((slot) => !slot)) this.complete = false;
    slots?.forEach((entry, index) => {
      if (!entry) return;
      const at = offset + index * this.strides[level];
      const keys = [...path, set.elements[index].name];
      if (level + 1 < this.dimensions.length) {
        this.fill(entry.value, level + 1, at, this.rowOwner(keys, entry), keys);
        return;
      }
      const number = readNumber(this.ctx, entry, `table ${quote(this.table.name)}`);
      if (number === undefined) this.complete = false;
      else this.values[at] = number;
    });
  }

  private rowOwner(keys: string[], entry: ast.Entry): ListOwner {
    const row = `row ${keys.map(quote).join(', ')} of table ${quote(this.table.name)}`;
    const range: Range = (entry.key ?? entry).span.range;
    return { title: `The ${row}`, inside: `the ${row}`, range };
  }
}
