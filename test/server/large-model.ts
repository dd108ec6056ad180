/**
 * A generated model of about `lines` lines: `states` states, `types` types with a value table
 * written one entry per line, a correlated prior, and a payoff that depends on the state, so
 * that the calibrated analysis has real work to do. Deterministic for given sizes.
 */
export interface LargeModelOptions {
  states: number;
  types: number;
  /** Pad with one-line comments to about this many lines. */
  lines?: number;
  analyses?: string;
}

export function largeModel({
  states,
  types,
  lines = 0,
  analyses = 'calibrated, bayesian',
}: LargeModelOptions): string {
  const stateNames = Array.from({ length: states }, (_, i) => `w${i}`);
  const typeNames = Array.from({ length: types }, (_, i) => `t${i}`);
  const out: string[] = ['model Large "A generated model for benchmarks"', ''];
  out.push(`states ω = { ${stateNames.join(', ')} }`);
  out.push(`types θ = { ${typeNames.map((t, i) => `${t} = ${i + 1}`).join(', ')} }`);
  out.push('outcomes trade = { sell, keep }', '');
  out.push(`prior ω = { ${stateNames.map((s) => `${s}: 1/${states}`).join(', ')} }`);
  out.push('prior θ | ω = {');
  for (let w = 0; w < states; w++) {
    const weights = typeNames.map((_, t) => 1 + ((t * (w + 3) + w) % 5));
    const total = weights.reduce((a, b) => a + b, 0);
    out.push(`    ${stateNames[w]}: {`);
    typeNames.forEach((name, t) => out.push(`        ${name}: ${weights[t]}/${total},`));
    out.push('    },');
  }
  out.push('}', '');
  out.push('table quality[θ, ω] = {');
  for (let t = 0; t < types; t++) {
    out.push(`    ${typeNames[t]}: {`);
    stateNames.forEach((name, w) =>
      out.push(`        ${name}: ${1 + ((t * 7 + w * 3) % 11) / 10},`),
    );
    out.push('    },');
  }
  out.push('}', '', 'transfer price', '');
  out.push('agent payoff    = θ * quality[θ, ω] * (trade == sell) - price');
  out.push('designer payoff = price', '');
  out.push(`solve ${analyses}`);
  while (out.length < lines) out.push(`// padding line ${out.length}`);
  return `${out.join('\n')}\n`;
}
