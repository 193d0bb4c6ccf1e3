/**
 * `bound-optimal`: the online counterpart of the offline optimizer (`../optimize.ts`,
 * docs/ota-bound.md). Future channels are unknown, so each round solves only its own term of the
 * bound, w_t·E‖e_t‖² with w_t = (1 − ημ)^(T−1−t) (the round's weight in B_T, up to η/2), plus the
 * average-power constraints priced by one multiplier per device. The multipliers are not stored:
 * they are read from the input as a drift-plus-penalty virtual queue, λ_l ∝ max(0, usedPowerW_l −
 * budget spent so far by the schedule), the device's cumulative overspend, so the policy stays a
 * pure function of its input (stateless across rounds). The schedule spends the run's budget in
 * proportion to w_t^γ (γ = 1 by default), as the offline optimum saves power for the late rounds that
 * weigh most in B_T; γ = 0 spends it evenly. For fixed multipliers the powers are regularised channel inversion,
 * a_l = min(√(|h_l|²P_max), √α·w|h_l|²/(w|h_l|² + λ̃_l·α/P_avg,l)), and α minimises the round's
 * priced objective by a log-grid and golden-section search.
 * @module
 */
import { z } from 'zod';
import type { PowerControlDecision, PowerControlInput, PowerPolicy, PowerPolicyEntry } from './policy.js';

/** The parameters of `bound-optimal`. */
export interface BoundOptimalParams {
  /** the FedSGD step η the run uses (weights the rounds) */
  learningRate: number;
  /** μ of the PL inequality (weights the rounds; 0 weighs them equally) */
  mu: number;
  /** G: a bound on each device's update norm ‖g_l‖ (sets the bias-to-noise trade-off); null: √q, the norm of a standardised update of q unit-variance entries, which is what an over-the-air slot transmits */
  gradientBound: number | null;
  /** the noise variance of one real entry as a multiple of N0 (1: REFERENCES' q·N0 term; 0.5: the slot's signal model) */
  noisePerEntry: number;
  /** V: rounds of a device's whole budget it may overspend per unit of its normalised multiplier (larger: closer to the round optimum, looser average power) */
  queueScaleRounds: number;
  /** γ: the budget is spent over the rounds in proportion to w_t^γ (capped at P_max); 0 spends it evenly */
  scheduleExponent: number;
}

/** The defaults of `bound-optimal`. */
export const BOUND_OPTIMAL_DEFAULTS: BoundOptimalParams = { learningRate: 0.1, mu: 0.01, gradientBound: null, noisePerEntry: 1, queueScaleRounds: 2, scheduleExponent: 1 };

const positive = z.number().positive().finite();

/**
 * The multiplier λ̃_l (dimensionless, per unit of P_avg) of each device: its overspend against the
 * spending schedule (`budgetSchedule`, scaled to the rounds it was asked in) in rounds of budget,
 * divided by V; 0 for devices without an average budget.
 * @param input - the slot's input
 * @param params - the policy's parameters (V, and η, μ, γ for the schedule)
 * @returns λ̃ per device
 */
export function boundOptimalMultipliers(input: PowerControlInput, params: BoundOptimalParams): number[] {
  const memo = new Map<number, number>();
  const scheduled = (budgetShare: number): number => {
    if (!memo.has(budgetShare)) memo.set(budgetShare, budgetSchedule(input, params, budgetShare).slice(0, input.round).reduce((a, b) => a + b, 0) / input.round);
    return memo.get(budgetShare)!;
  };
  return input.gains.map((_, l) => {
    const budget = input.averagePowerW[l];
    if (budget === null || budget === undefined || !(budget > 0)) return 0;
    const share = input.round > 0 ? scheduled(budget / input.maxPowerW[l]!) : 1;
    const surplus = input.usedPowerW[l]! - input.roundsSoFar[l]! * budget * share;
    return Math.max(0, surplus / budget) / params.queueScaleRounds;
  });
}

/**
 * The spending schedule: per round, the multiple of P_avg to spend, ∝ w_t^γ, capped at P_max/P_avg,
 * with mean 1 over the run (bisection on the scale).
 * @param input - the slot's input (round count)
 * @param params - the policy's parameters (η, μ, γ)
 * @param budgetShare - P_avg / P_max of the device
 * @returns the schedule for rounds 0..T−1
 */
export function budgetSchedule(input: Pick<PowerControlInput, 'rounds'>, params: BoundOptimalParams, budgetShare: number): number[] {
  const T = Math.max(1, input.rounds);
  const r = 1 - Math.min(1, params.learningRate * params.mu);
  const shape = Array.from({ length: T }, (_, t) => Math.max(1e-300, r ** (T - 1 - t)) ** params.scheduleExponent);
  const cap = budgetShare >= 1 ? 1 : 1 / budgetShare;
  const mean = (s: number): number => shape.reduce((a, x) => a + Math.min(cap, s * x), 0) / T;
  let [lo, hi] = [0, 1 / Math.min(...shape)];
  for (let i = 0; i < 100; i++) [lo, hi] = mean((lo + hi) / 2) < 1 ? [(lo + hi) / 2, hi] : [lo, (lo + hi) / 2];
  return shape.map((x) => Math.min(cap, hi * x));
}

/**
 * The `bound-optimal` decision for one slot.
 * @param input - the slot's input
 * @param params - the policy's parameters
 * @returns powers, α and the denominator (all participating devices)
 */
export function boundOptimalDecision(input: PowerControlInput, params: BoundOptimalParams): PowerControlDecision {
  const L = input.gains.length;
  if (L === 0) return { powerW: [], eta: 1, denominator: 1 };
  const left = Math.max(0, input.rounds - 1 - input.round);
  const w = Math.max(1e-12, (1 - Math.min(1, params.learningRate * params.mu)) ** left);
  const lambda = boundOptimalMultipliers(input, params);
  const G = params.gradientBound ?? Math.sqrt(input.entries);
  const noise = (input.entries * params.noisePerEntry * input.noiseW) / (G ** 2 * L);
  const price = (l: number): number => {
    const b = input.averagePowerW[l];
    return b === null || b === undefined || !(b > 0) ? 0 : lambda[l]! / b;
  };
  const amplitudes = (alpha: number): number[] =>
    input.gains.map((g, l) => {
      if (!(g > 0)) return 0;
      const inv = (Math.sqrt(alpha) * w * g) / (w * g + price(l) * alpha);
      return Math.min(Math.sqrt(g * input.maxPowerW[l]!), inv);
    });
  // L × the round's priced objective: w·(Σ(1 − a/√α)² + qσ²/(G²Lα)) + Σ λ̃ p/P_avg.
  const objective = (logAlpha: number): number => {
    const alpha = Math.exp(logAlpha);
    const a = amplitudes(alpha);
    let j = (w * noise) / alpha;
    for (let l = 0; l < L; l++) {
      j += w * (1 - a[l]! / Math.sqrt(alpha)) ** 2;
      if (input.gains[l]! > 0) j += (price(l) * a[l]! ** 2) / input.gains[l]!;
    }
    return j;
  };
  const caps = input.gains.map((g, l) => g * input.maxPowerW[l]!).filter((x) => x > 0);
  if (caps.length === 0) return { powerW: input.gains.map(() => 0), eta: 1, denominator: L };
  let lo = Math.log(Math.min(...caps)) - 8;
  let hi = Math.log(Math.max(...caps)) + 8;
  const steps = 48;
  let best = lo;
  let bestValue = Infinity;
  for (let i = 0; i <= steps; i++) {
    const x = lo + ((hi - lo) * i) / steps;
    const v = objective(x);
    if (v < bestValue) [best, bestValue] = [x, v];
  }
  const h = (hi - lo) / steps;
  [lo, hi] = [best - h, best + h];
  const r = (Math.sqrt(5) - 1) / 2;
  for (let k = 0; k < 40; k++) {
    const x1 = hi - r * (hi - lo);
    const x2 = lo + r * (hi - lo);
    if (objective(x1) <= objective(x2)) hi = x2;
    else lo = x1;
  }
  const logAlpha = objective((lo + hi) / 2) <= bestValue ? (lo + hi) / 2 : best;
  const alpha = Math.exp(logAlpha);
  const a = amplitudes(alpha);
  const powerW = a.map((x, l) => (input.gains[l]! > 0 ? Math.min(input.maxPowerW[l]!, (x * x) / input.gains[l]!) : 0));
  return { powerW, eta: alpha, denominator: L };
}

/**
 * `bound-optimal`'s registry entry: online regularised channel inversion minimising each round's
 * term of the convergence bound, with average-power multipliers from the devices' running spend.
 * Stateless: everything it needs across rounds comes from `usedPowerW` and `roundsSoFar`.
 */
export const boundOptimalPolicy: PowerPolicyEntry = {
  description: 'online regularised channel inversion minimising each round of the convergence bound (Cao et al., JSAC 2022); average power by a virtual queue',
  schema: z.strictObject({
    policy: z.literal('bound-optimal'),
    learningRate: positive.optional(),
    mu: z.number().min(0).finite().optional(),
    gradientBound: positive.nullable().optional(),
    noisePerEntry: positive.optional(),
    queueScaleRounds: positive.optional(),
    scheduleExponent: z.number().min(0).max(4).optional(),
    averagePowerW: z.number().min(0).finite().nullable().optional(),
  }),
  defaults: { ...BOUND_OPTIMAL_DEFAULTS, averagePowerW: null },
  create(params) {
    const p = { ...BOUND_OPTIMAL_DEFAULTS, ...(params as Partial<BoundOptimalParams>) };
    // Devices without their own budget get the spec's (`averagePowerW`; null: none).
    const shared = typeof params['averagePowerW'] === 'number' ? (params['averagePowerW'] as number) : null;
    const policy: PowerPolicy = (input) => boundOptimalDecision(shared === null ? input : { ...input, averagePowerW: input.averagePowerW.map((b) => b ?? shared) }, p);
    return policy;
  },
};
