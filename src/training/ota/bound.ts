/**
 * The convergence bound of over-the-air FedSGD (docs/ota-bound.md) and its per-round error model.
 *
 * Each round the server gets ĝ_t = g_t + e_t, the mean gradient plus the aggregation error, and steps
 * w_{t+1} = w_t − η·ĝ_t. For an L_s-smooth loss satisfying the PL inequality with μ and a step
 * η ≤ 1/L_s, every round obeys F(w_{t+1}) − F* ≤ (1 − ημ)(F(w_t) − F*) + (η/2)‖e_t‖² for ANY error
 * e_t (biased or not), hence in expectation the recursion of REFERENCES.md ("Over-the-air
 * aggregation"). The per-round error of the estimate y/(L·√α), y = Σ_l a_l·g_l + z, a_l = |h_l|√p_l,
 * is E‖e‖² = ‖(1/L)Σ_l (a_l/√α − 1)·g_l‖² + q·σ²/(L²·α), σ² the noise variance per real entry.
 * Naming: `alpha` is the receiver scaling (η of REFERENCES and of `PowerControlDecision.eta`),
 * `learningRate` the step η.
 * @module
 */

/** How the bias term ‖(1/L)Σ_l c_l·g_l‖², c_l = a_l/√α − 1, is bounded from per-device norms ‖g_l‖ ≤ G_l. */
export type BiasBound = 'triangle' | 'cauchy-schwarz';

/** The inputs of one round's aggregation error. */
export interface RoundErrorInput {
  /** per device: the received amplitude a_l = |h_l|·√p_l (√W times the channel's amplitude gain); 0 when it skips */
  amplitudes: readonly number[];
  /** the receiver scaling α > 0 (W): the estimate is y / (L·√α) */
  alpha: number;
  /** N0: the receiver's noise power over the band (W) */
  noiseW: number;
  /** q: real entries of the gradient vector */
  entries: number;
  /** L: devices averaged over (the estimator's denominator); default amplitudes.length */
  devices?: number;
  /**
   * noise variance of one real entry of y as a multiple of N0; default 1 (REFERENCES' q·N0 term).
   * Under the signal model of `power/policy.ts` (N0/2 per real dimension) it is 0.5, so the default is
   * conservative there by a factor of 2.
   */
  noisePerEntry?: number;
  /** per device: the exact gradients g_l (q entries each); gives the bias term exactly. */
  gradients?: readonly (readonly number[])[];
  /** per device: a bound G_l² ≥ ‖g_l‖² (or one number for all), used when `gradients` is absent */
  gradientBoundSq?: number | readonly number[];
  /** how the bias is bounded from G_l (default `triangle`, the tighter) */
  biasBound?: BiasBound;
}

/** One round's aggregation error, split into its parts. */
export interface RoundError {
  /** the bias term ‖(1/L)Σ_l (a_l/√α − 1)·g_l‖² (exact, or its bound) */
  biasSq: number;
  /** the noise term q·σ²/(L²·α) */
  noiseSq: number;
  /** their sum: E‖e_t‖² (or its bound) */
  totalSq: number;
}

/**
 * E‖e_t‖² of one OTA round (REFERENCES.md, "Over-the-air aggregation"). The noise z is zero-mean and
 * independent of the gradients, so the cross term vanishes and the error's second moment is the
 * squared bias plus q·noisePerEntry·N0/(L²α). With exact `gradients` the bias is exact; with bounds
 * ‖g_l‖ ≤ G_l it is bounded by the triangle inequality, ((1/L)Σ_l |c_l|·G_l)², or by Cauchy–Schwarz,
 * (1/L)Σ_l c_l²·G_l² (looser, but separable over devices: what the optimizer minimises).
 * @param input - amplitudes, receiver scaling, noise and either gradients or their bounds
 * @returns the bias, noise and total terms
 */
export function roundErrorSq(input: RoundErrorInput): RoundError {
  const { amplitudes, alpha, noiseW, entries } = input;
  const L = input.devices ?? amplitudes.length;
  if (!(alpha > 0)) throw new RangeError(`alpha must be > 0, got ${alpha}`);
  if (!(L > 0)) throw new RangeError(`devices must be > 0, got ${L}`);
  const sqrtAlpha = Math.sqrt(alpha);
  const noiseSq = (entries * (input.noisePerEntry ?? 1) * noiseW) / (L * L * alpha);
  let biasSq = 0;
  if (input.gradients !== undefined) {
    const q = input.gradients[0]?.length ?? 0;
    for (let i = 0; i < q; i++) {
      let s = 0;
      for (let l = 0; l < amplitudes.length; l++) s += (amplitudes[l]! / sqrtAlpha - 1) * input.gradients[l]![i]!;
      biasSq += (s / L) ** 2;
    }
  } else {
    const g = input.gradientBoundSq;
    if (g === undefined) throw new RangeError('roundErrorSq needs gradients or gradientBoundSq');
    const bound = (l: number): number => (typeof g === 'number' ? g : g[l]!);
    let acc = 0;
    const cs = input.biasBound === 'cauchy-schwarz';
    for (let l = 0; l < amplitudes.length; l++) {
      const c = amplitudes[l]! / sqrtAlpha - 1;
      acc += cs ? c * c * bound(l) : Math.abs(c) * Math.sqrt(bound(l));
    }
    biasSq = cs ? acc / L : (acc / L) ** 2;
  }
  return { biasSq, noiseSq, totalSq: biasSq + noiseSq };
}

/** The inputs of the convergence bound. */
export interface ConvergenceBoundInput {
  /** the step η, in (0, 1/smoothness] */
  learningRate: number;
  /** μ of the PL inequality ‖∇F‖² ≥ 2μ(F − F*) (μ-strong convexity implies it), 0 < μ ≤ smoothness */
  mu: number;
  /** L_s: the gradient's Lipschitz constant */
  smoothness: number;
  /** F(w_0) − F* */
  initialGap: number;
  /** E‖e_t‖² for rounds t = 0..T−1 */
  errorsSq: readonly number[];
  /**
   * true when every e_t has zero mean given w_t (e.g. channel inversion: the noise only): then the
   * tighter B_{t+1} = (1 − ημ(2 − L_sη))·B_t + (L_sη²/2)·E‖e_t‖² holds. Default false: the general
   * form, valid for biased errors too.
   */
  unbiased?: boolean;
}

/**
 * Checks η ∈ (0, 1/L_s] and 0 < μ ≤ L_s, the conditions of the bound.
 * @param learningRate - η
 * @param mu - μ
 * @param smoothness - L_s
 */
export function checkBoundConditions(learningRate: number, mu: number, smoothness: number): void {
  if (!(smoothness > 0) || !(mu > 0) || mu > smoothness) throw new RangeError(`need 0 < mu ≤ smoothness, got mu ${mu}, smoothness ${smoothness}`);
  if (!(learningRate > 0) || learningRate > (1 + 1e-12) / smoothness) {
    throw new RangeError(`the bound needs 0 < learningRate ≤ 1/smoothness = ${1 / smoothness}, got ${learningRate}`);
  }
}

/**
 * The bound on E[F(w_t)] − F* after each round t = 1..T: B_0 = F(w_0) − F*,
 * B_{t+1} = (1 − ημ)·B_t + (η/2)·E‖e_t‖², i.e. B_T = (1 − ημ)^T·B_0 + (η/2)·Σ_t (1 − ημ)^(T−1−t)·E‖e_t‖².
 * Valid for η ≤ 1/L_s and any (also biased) errors whose second moment given w_t is at most errorsSq[t];
 * with `unbiased` the tighter recursion for zero-mean errors.
 * @param input - step, constants, initial gap and the per-round errors
 * @returns the bound after rounds 1..T (length T)
 */
export function convergenceBound(input: ConvergenceBoundInput): number[] {
  const { learningRate: eta, mu, smoothness, initialGap, errorsSq } = input;
  checkBoundConditions(eta, mu, smoothness);
  const out: number[] = [];
  const [rate, weight] = input.unbiased === true ? [1 - eta * mu * (2 - smoothness * eta), (smoothness * eta * eta) / 2] : [1 - eta * mu, eta / 2];
  let b = initialGap;
  for (const e of errorsSq) {
    b = rate * b + weight * e;
    out.push(b);
  }
  return out;
}

/**
 * The weight c_t = (η/2)(1 − ημ)^(T−1−t) of round t's error in the final bound B_T.
 * @param learningRate - η
 * @param mu - μ
 * @param rounds - T
 * @returns c_0..c_{T−1}
 */
export function errorWeights(learningRate: number, mu: number, rounds: number): number[] {
  const r = 1 - learningRate * mu;
  const out = new Array<number>(rounds);
  let w = learningRate / 2;
  for (let t = rounds - 1; t >= 0; t--) {
    out[t] = w;
    w *= r;
  }
  return out;
}
