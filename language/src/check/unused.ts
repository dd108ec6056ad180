/** Warnings for params, tables and a transfer that nothing refers to. */
import type { CheckContext } from './context';

export function reportUnused(ctx: CheckContext): void {
  const used = new Set(ctx.symbols.references.map((reference) => reference.symbol));
  const { params, tables, transfer } = ctx.scope;
  const candidates = [
    ...params.map((info) => ({ info, label: 'Parameter' })),
    ...tables.map((info) => ({ info, label: 'Table' })),
    ...(transfer ? [{ info: transfer, label: 'Transfer' }] : []),
  ];
  for (const { info, label } of candidates) {
    if (used.has(info.symbol) || info.symbol.duplicate) continue;
    ctx.report('unused', info.symbol.nameSpan.range, [label, info.name]);
  }
}
