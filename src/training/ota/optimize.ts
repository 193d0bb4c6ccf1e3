/**
 * Offline choice of the learning rate, the per-round powers and the receiver scalings of
 * over-the-air FedSGD that minimise the convergence bound B_T of `bound.ts` under maximum and
 * average power constraints, with the channels of all T rounds known (the offline problem of Cao,
 * Zhu, Xu, Wang, Cui, IEEE JSAC 2022). Method (docs/ota-bound.md): for a fixed step η the bound is
 * (1 − ημ)^T·D0 + Σ_t c_t·E_t; with the Cauchy–Schwarz bias bound E_t is separable over devices, so
 * block-coordinate descent alternates two exact steps — the powers for fixed α_t (per device a
 * convex problem whose solution is regularised channel inversion, the average-power multiplier λ_l
 * found by bisection) and α_t for fixed powers (closed form) — and η is found by a log-grid plus
 * golden-section search on (0, 1/L_s].
 * @module
 */
import { convergenceBound, errorWeights, checkBoundConditions } from './bound.js';

/** The offline problem: channels of every round, budgets, noise and the loss's constants. */
export interface OtaProblem {
  /** |h_l^t|²: gains[t][l], the channel power gain of device l in round t (linear) */
  gains: readonly (readonly number[])[];
  /** per device: P_max,l (W) */
  maxPowerW: readonly number[];
  /** per device: P_avg,l (W), the bound on (1/T)·Σ_t p_l^t; Infinity for none */
  averagePowerW: readonly number[];
  /** N0: the receiver's noise power (W) */
  noiseW: number;
  /** q: real entries of the gradient */
  entries: number;
  /** noise variance per real entry as a multiple of N0 (default 1, see `RoundErrorInput.noisePerEntry`) */
  noisePerEntry?: number;
  /** G_l² ≥ ‖g_l‖² for every round (one number for all devices, or one per device) */
  gradientBoundSq: number | readonly number[];
  /** μ of the PL inequality */
  mu: number;
  /** L_s, the smoothness constant */
  smoothness: number;
  /** F(w_0) − F* */
  initialGap: number;
}

/** A transmission plan and its bound. */
export interface OtaPlan {
  /** the step η */
  learningRate: number;
  /** α_t, the receiver scaling of each round (W) */
  alpha: number[];
  /** p_l^t: powerW[t][l] (W) */
  powerW: number[][];
  /** E‖e_t‖² of each round (Cauchy–Schwarz bias bound) */
  errorsSq: number[];
  /** the bound on E[F(w_t)] − F* after rounds 1..T */
  boundPerRound: number[];
  /** per device: (1/T)·Σ_t p_l^t (W) */
  averagePowerW: number[];
}

/** Options of `optimizeOta`. */
export interface OtaOptions {
  /** keep this step instead of searching it (must be ≤ 1/L_s) */
  learningRate?: number;
  /** block-coordinate sweeps per step value; default 200 */
  maxSweeps?: number;
  /** stop the sweeps when the bound improves by less than this fraction; default 1e-9 */
  tolerance?: number;
}

const gBound = (P: OtaProblem, l: number): number => (typeof P.gradientBoundSq === 'number' ? P.gradientBoundSq : P.gradientBoundSq[l]!);
const noiseNum = (P: OtaProblem): number => P.entries * (P.noisePerEntry ?? 1) * P.noiseW;

/**
 * A plan's errors and bound, for given η, α_t and powers (bias by Cauchy–Schwarz: (1/L)Σ_l c_l²G_l²).
 * @param P - the problem
 * @param learningRate - η ≤ 1/L_s
 * @param alpha - α_t per round
 * @param powerW - p_l^t per round and device
 * @returns the plan with its per-round errors, bound and average powers
 */
export function evaluatePlan(P: OtaProblem, learningRate: number, alpha: readonly number[], powerW: readonly (readonly number[])[]): OtaPlan {
  const T = P.gains.length;
  const L = P.maxPowerW.length;
  const errorsSq = P.gains.map((g, t) => {
    const s = Math.sqrt(alpha[t]!);
    let bias = 0;
    for (let l = 0; l < L; l++) bias += gBound(P, l) * (1 - Math.sqrt(g[l]! * powerW[t]![l]!) / s) ** 2;
    return bias / L + noiseNum(P) / (L * L * alpha[t]!);
  });
  const averagePowerW = P.maxPowerW.map((_, l) => powerW.reduce((acc, p) => acc + p[l]!, 0) / T);
  const boundPerRound = convergenceBound({ learningRate, mu: P.mu, smoothness: P.smoothness, initialGap: P.initialGap, errorsSq });
  return { learningRate, alpha: [...alpha], powerW: powerW.map((p) => [...p]), errorsSq, boundPerRound, averagePowerW };
}

/** α_t minimising round t's error for fixed amplitudes: 1/β² with β = Σ G²a / (Σ G²a² + qσ²/L). */
function bestAlpha(P: OtaProblem, amplitudes: readonly number[]): number {
  const L = amplitudes.length;
  let num = 0;
  let den = noiseNum(P) / L;
  for (let l = 0; l < L; l++) {
    num += gBound(P, l) * amplitudes[l]!;
    den += gBound(P, l) * amplitudes[l]! ** 2;
  }
  return num > 0 ? (den / num) ** 2 : 1;
}

/** The final bound of a plan: B_T. */
const finalBound = (plan: OtaPlan): number => plan.boundPerRound[plan.boundPerRound.length - 1] ?? plan.boundPerRound[0] ?? 0;

/**
 * Device l's powers over the rounds for fixed α_t: a_t = min(√(g_t·P_max), √α_t·k_t·g_t/(k_t·g_t + λ·α_t)),
 * k_t = c_t·G_l²/L, with the least λ ≥ 0 meeting the average-power budget (geometric bisection; the
 * returned powers are on the feasible side). Returns λ.
 */
function devicePowers(P: OtaProblem, l: number, c: readonly number[], alpha: readonly number[], powerW: number[][], lambda0: number): number {
  const T = P.gains.length;
  const L = P.maxPowerW.length;
  const G = gBound(P, l);
  const budget = P.averagePowerW[l]! * T;
  const fill = (lambda: number): number => {
    let sum = 0;
    for (let t = 0; t < T; t++) {
      const g = P.gains[t]![l]!;
      if (!(g > 0)) {
        powerW[t]![l] = 0;
        continue;
      }
      const k = (c[t]! * G) / L;
      const a = Math.min(Math.sqrt(g * P.maxPowerW[l]!), (Math.sqrt(alpha[t]!) * k * g) / (k * g + lambda * alpha[t]!));
      const p = Math.min(P.maxPowerW[l]!, (a * a) / g);
      powerW[t]![l] = p;
      sum += p;
    }
    return sum;
  };
  if (fill(0) <= budget) return 0;
  let hi = lambda0 > 0 ? lambda0 : 1;
  let lo = hi;
  while (fill(hi) > budget) hi *= 4;
  while (lo > 1e-300 && fill(lo) <= budget) lo /= 4;
  for (let i = 0; i < 200 && hi / lo > 1 + 1e-10; i++) {
    const mid = Math.sqrt(lo * hi);
    if (fill(mid) > budget) lo = mid;
    else hi = mid;
  }
  fill(hi);
  return hi;
}

/** The plan minimising B_T for a fixed η (block-coordinate descent from `start`). */
function solveFixedRate(P: OtaProblem, eta: number, start: { alpha: number[]; lambda: number[] }, opts: OtaOptions): { plan: OtaPlan; lambda: number[] } {
  const T = P.gains.length;
  const L = P.maxPowerW.length;
  const c = errorWeights(eta, P.mu, T);
  const alpha = [...start.alpha];
  const lambda = [...start.lambda];
  const powerW = P.gains.map(() => new Array<number>(L).fill(0));
  let best = Infinity;
  for (let sweep = 0; sweep < (opts.maxSweeps ?? 200); sweep++) {
    for (let l = 0; l < L; l++) lambda[l] = devicePowers(P, l, c, alpha, powerW, lambda[l]!);
    for (let t = 0; t < T; t++) alpha[t] = bestAlpha(P, P.gains[t]!.map((g, l) => Math.sqrt(g * powerW[t]![l]!)));
    const value = finalBound(evaluatePlan(P, eta, alpha, powerW));
    const done = best - value <= (opts.tolerance ?? 1e-9) * value;
    best = Math.min(best, value);
    if (done) break;
  }
  return { plan: evaluatePlan(P, eta, alpha, powerW), lambda };
}

/**
 * The step in [1/L_s·1e-3, 1/L_s] minimising `bound` (which need not be unimodal): a 13-point log grid,
 * then golden-section search between the best point's neighbours.
 * @param smoothness - L_s
 * @param bound - the final bound as a function of the step
 * @param iterations - golden-section iterations; default 24
 * @returns the best step found
 */
export function bestLearningRate(smoothness: number, bound: (learningRate: number) => number, iterations = 24): number {
  const top = Math.log(1 / smoothness);
  const grid = Array.from({ length: 13 }, (_, i) => top - (Math.log(1e3) * (12 - i)) / 12);
  const values = grid.map((x) => bound(Math.exp(x)));
  const i = values.indexOf(Math.min(...values));
  let a = grid[Math.max(0, i - 1)]!;
  let b = grid[Math.min(12, i + 1)]!;
  const r = (Math.sqrt(5) - 1) / 2;
  let x1 = b - r * (b - a);
  let x2 = a + r * (b - a);
  let f1 = bound(Math.exp(x1));
  let f2 = bound(Math.exp(x2));
  for (let k = 0; k < iterations; k++) {
    if (f1 <= f2) {
      b = x2;
      x2 = x1;
      f2 = f1;
      x1 = b - r * (b - a);
      f1 = bound(Math.exp(x1));
    } else {
      a = x1;
      x1 = x2;
      f1 = f2;
      x2 = a + r * (b - a);
      f2 = bound(Math.exp(x2));
    }
  }
  const candidates = [[grid[i]!, values[i]!], [x1, f1], [x2, f2]] as const;
  return Math.min(1 / smoothness, Math.exp(candidates.reduce((m, x) => (x[1] < m[1] ? x : m))[0]));
}

/**
 * Full power: every device sends at min(P_max, P_avg) every round; α_t chosen to minimise each round's error.
 * @param P - the problem
 * @param learningRate - η ≤ 1/L_s
 * @returns the plan and its bound
 */
export function fullPowerPlan(P: OtaProblem, learningRate: number): OtaPlan {
  const p = P.maxPowerW.map((m, l) => Math.min(m, P.averagePowerW[l]!));
  const alpha = P.gains.map((g) => bestAlpha(P, g.map((x, l) => Math.sqrt(x * p[l]!))));
  return evaluatePlan(P, learningRate, alpha, P.gains.map(() => [...p]));
}

/**
 * Channel inversion (zero bias): p_l^t = α_t/|h_l^t|² with α_t = min(ρ, min_l |h_l^t|²·P_max,l), ρ the
 * largest value (bisection) keeping every device within its average budget.
 * @param P - the problem
 * @param learningRate - η ≤ 1/L_s
 * @returns the plan and its bound
 */
export function channelInversionPlan(P: OtaProblem, learningRate: number): OtaPlan {
  const T = P.gains.length;
  const ceil = P.gains.map((g) => Math.min(...g.map((x, l) => x * P.maxPowerW[l]!)));
  const plan = (rho: number): { alpha: number[]; powerW: number[][] } => {
    const alpha = ceil.map((x) => Math.max(Math.min(rho, x), 1e-300));
    return { alpha, powerW: P.gains.map((g, t) => g.map((x, l) => Math.min(P.maxPowerW[l]!, alpha[t]! / x))) };
  };
  const feasible = (rho: number): boolean => {
    const { powerW } = plan(rho);
    return P.averagePowerW.every((b, l) => powerW.reduce((s, p) => s + p[l]!, 0) <= b * T);
  };
  let hi = Math.max(...ceil);
  let lo = 0;
  if (!feasible(hi)) {
    for (let i = 0; i < 200; i++) {
      const mid = (lo + hi) / 2;
      if (feasible(mid)) lo = mid;
      else hi = mid;
    }
    hi = lo;
  }
  const { alpha, powerW } = plan(hi);
  return evaluatePlan(P, learningRate, alpha, powerW);
}

/**
 * Minimises the bound B_T over the step η ∈ (0, 1/L_s], the powers p_l^t ∈ [0, P_max,l] with
 * (1/T)Σ_t p_l^t ≤ P_avg,l and the receiver scalings α_t (the method is in the module comment; the
 * step search solves each candidate to a relative tolerance of 1e-6, the chosen step to `tolerance`).
 * @param P - the problem (channels of all rounds known)
 * @param options - a fixed step, sweep limits
 * @returns the best plan found; its `boundPerRound` is the bound it guarantees
 */
export function optimizeOta(P: OtaProblem, options: OtaOptions = {}): OtaPlan {
  if (P.gains.length === 0) throw new RangeError('optimizeOta needs at least one round');
  const L = P.maxPowerW.length;
  const init = fullPowerPlan(P, 1 / P.smoothness);
  const warm = { alpha: init.alpha, lambda: new Array<number>(L).fill(1) };
  const solve = (eta: number, searching = false): OtaPlan => {
    const r = solveFixedRate(P, eta, warm, searching ? { ...options, tolerance: Math.max(options.tolerance ?? 0, 1e-6) } : options);
    warm.alpha = r.plan.alpha;
    warm.lambda = r.lambda;
    return r.plan;
  };
  if (options.learningRate !== undefined) {
    checkBoundConditions(options.learningRate, P.mu, P.smoothness);
    return solve(options.learningRate);
  }
  checkBoundConditions(1 / P.smoothness, P.mu, P.smoothness);
  const eta = bestLearningRate(P.smoothness, (x) => finalBound(solve(x, true)), 16);
  return solve(eta);
}
