/**
 * An independent re-check of a reported two-stage mechanism, written straight from theory.md §3
 * without any of the solver's code: Bayes plausibility of the signal, then IC and IR of every
 * signal's mechanism at its posterior, then the value it attains.
 */
import type { MechModel } from '../../language/src/model';
import type { AnalysisResult } from '../../language/src/protocol';

export interface Violation {
  what: string;
  amount: number;
}

export function verifyTwoStage(model: MechModel, result: AnalysisResult, tol = 1e-7): Violation[] {
  const out: Violation[] = [];
  const signals = result.signals ?? [];
  const { states, types, outcomes } = model;
  const cost = model.transfer?.agentCost ?? 0;
  const gain = model.transfer?.designerGain ?? 0;

  states.forEach((state, w) => {
    const total = signals.reduce((s, sig) => s + sig.likelihood[state], 0);
    if (Math.abs(total - 1) > tol)
      out.push({ what: `Σ_s φ(s|${state}) = ${total}`, amount: total - 1 });
    const mass = signals.reduce((s, sig) => s + sig.probability * sig.posterior[state], 0);
    if (Math.abs(mass - model.prior[w]) > tol)
      out.push({ what: `Σ_s λ μ(${state})`, amount: mass - model.prior[w] });
  });

  let attained = 0;
  for (const [s, sig] of signals.entries()) {
    const mu = states.map((st) => sig.posterior[st]);
    const pi = (th: number, w: number) => mu[w] * model.typeGivenState[w][th];
    const piType = (th: number) => states.reduce((a, _, w) => a + pi(th, w), 0);
    const present = types.map((_, th) => th).filter((th) => piType(th) > 1e-12);
    const q = (th: number, x: number) => sig.mechanism[types[th]]?.allocation[outcomes[x]] ?? NaN;
    const t = (th: number) => sig.mechanism[types[th]]?.transfer ?? NaN;
    const utility = (th: number, report: number) =>
      states.reduce(
        (a, _, w) =>
          a + pi(th, w) * outcomes.reduce((b, _, x) => b + q(report, x) * model.agent[th][x][w], 0),
        0,
      ) -
      cost * piType(th) * t(report);

    for (const th of present) {
      const lottery = outcomes.reduce((a, _, x) => a + q(th, x), 0);
      if (Math.abs(lottery - 1) > tol || outcomes.some((_, x) => q(th, x) < -tol)) {
        out.push({ what: `signal ${s}: lottery of ${types[th]}`, amount: lottery - 1 });
      }
      if (
        model.transfer &&
        (t(th) < model.transfer.lower - tol || t(th) > model.transfer.upper + tol)
      ) {
        out.push({ what: `signal ${s}: transfer bound of ${types[th]}`, amount: t(th) });
      }
      const outside = states.reduce((a, _, w) => a + pi(th, w) * model.outside[th][w], 0);
      const ir = utility(th, th) - outside;
      if (ir < -tol) out.push({ what: `signal ${s}: IR ${types[th]}`, amount: ir });
      for (const other of present) {
        const ic = utility(th, th) - utility(th, other);
        if (ic < -tol)
          out.push({ what: `signal ${s}: IC ${types[th]} → ${types[other]}`, amount: ic });
      }
    }
    const value = present.reduce(
      (a, th) =>
        a +
        states.reduce(
          (b, _, w) =>
            b +
            pi(th, w) *
              (outcomes.reduce((c, _, x) => c + q(th, x) * model.designer[th][x][w], 0) +
                gain * t(th)),
          0,
        ),
      0,
    );
    if (Math.abs(value - sig.value) > tol)
      out.push({ what: `signal ${s}: value ${value} vs ${sig.value}`, amount: value - sig.value });
    attained += sig.probability * value;
  }
  if (result.value !== null && Math.abs(attained - result.value) > tol) {
    out.push({
      what: `attained ${attained} vs reported ${result.value}`,
      amount: attained - result.value,
    });
  }
  return out;
}

/** A small seeded generator (mulberry32), so failures can be replayed. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface GeneratorOptions {
  states: number;
  types: number;
  outcomes: number;
  money: boolean;
  privateValues: boolean;
}

/** A random model; payoffs are multiples of 1/4 to keep ties and degeneracy common. */
export function randomModel(rand: () => number, o: GeneratorOptions): MechModel {
  const simplex = (n: number) => {
    const raw = Array.from({ length: n }, () => 0.2 + rand());
    const sum = raw.reduce((a, b) => a + b, 0);
    return raw.map((r) => r / sum);
  };
  const grid = (lo: number, hi: number) => lo + Math.round(rand() * (hi - lo) * 4) / 4;
  const S = o.states;
  const agentBase = Array.from({ length: o.types }, () =>
    Array.from({ length: o.outcomes }, () => grid(0, 3)),
  );
  return {
    name: 'Random',
    states: Array.from({ length: S }, (_, i) => `s${i}`),
    types: Array.from({ length: o.types }, (_, i) => `t${i}`),
    outcomes: Array.from({ length: o.outcomes }, (_, i) => `x${i}`),
    prior: simplex(S),
    typeGivenState: Array.from({ length: S }, () => simplex(o.types)),
    agent: agentBase.map((row) =>
      row.map((base) => Array.from({ length: S }, () => (o.privateValues ? base : grid(0, 3)))),
    ),
    designer: agentBase.map((row) => row.map(() => Array.from({ length: S }, () => grid(-1, 2)))),
    outside: agentBase.map(() => {
      const base = o.money ? 0 : grid(0, 1);
      return Array.from({ length: S }, () => (o.privateValues || o.money ? base : grid(0, 1)));
    }),
    transfer: o.money
      ? {
          name: 't',
          lower: rand() < 0.3 ? 0 : -Infinity,
          upper: Infinity,
          agentCost: 1,
          designerGain: rand() < 0.8 ? 1 : 0.5,
        }
      : undefined,
  };
}
