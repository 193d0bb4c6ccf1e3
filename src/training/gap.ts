/**
 * The optimality gap of FedSGD on the strongly convex task (softmax regression with ρ‖w‖², the
 * seed's eq. 1), and the convergence bound it must stay under, round by round.
 *
 * At the start, F* is found by L-BFGS on the federated objective F (the loss on the union of the
 * clients' local data plus ρ‖w‖²; `src/learning/objective.ts`), with a certified interval
 * [F(ŵ) − ‖∇F(ŵ)‖²/(2μ), F(ŵ)]; μ = 2ρ, and the smoothness L_s = λ_max((1/n)Σ x̃x̃ᵀ)/2 + 2ρ with
 * x̃ = (x, 1) (the softmax cross-entropy's Hessian is (diag p − ppᵀ) ⊗ x̃x̃ᵀ, whose first factor
 * has norm ≤ ½), by power iteration. After each server step w_{t+1} = w_t − η·ĝ_t the tracker
 * measures the gap F(w_{t+1}) − F* and the step's error e_t = ĝ_t − ∇F(w_t) — whatever its cause:
 * client sampling, compression, over-the-air noise and misalignment, truncation — and carries the
 * bound B_{t+1} = (1 − ημ)·B_t + (η/2)·‖e_t‖², B_0 = F(w_0) − F* (docs/ota-bound.md; it holds for
 * any error sequence when η ≤ 1/L_s). So the bound is checked against the very errors the run
 * made, not an assumed distribution.
 * @module
 */
import type { Dataset } from '../learning/dataset.js';
import { softmaxObjective, type SoftmaxObjective } from '../learning/objective.js';
import { minimiseObjective, certifiedLowerBound } from '../learning/objectiveMinimise.js';

/** What the tracker found of the optimum, for the report. */
export interface OptimumSummary {
  /** F(ŵ), the objective at the minimiser found (an upper bound on F*) */
  value: number;
  /** F(ŵ) − ‖∇F(ŵ)‖²/(2μ): a certified lower bound on F* */
  lowerBound: number;
  /** ‖∇F(ŵ)‖ */
  gradientNorm: number;
  /** L-BFGS iterations */
  iterations: number;
  /** μ = 2ρ */
  mu: number;
  /** L_s, the smoothness constant */
  smoothness: number;
  /** the server's step η; the bound needs η ≤ 1/L_s */
  learningRate: number;
  /** whether η ≤ 1/L_s, so that the bound applies */
  boundApplies: boolean;
  /** F(w_0) − F(ŵ): the gap at the start */
  initialGap: number;
}

/** What one round adds to its record. */
export interface GapFields {
  /** F(w_{t+1}) − F* after the round (F* the minimum found) */
  gap: number;
  /** ‖ĝ_t − ∇F(w_t)‖²: the step's error, whatever its cause */
  gradientErrorSq: number;
  /** the bound on the gap after the round, or null when η > 1/L_s */
  gapBound: number | null;
}

/** λ_max((1/n)Σ x̃x̃ᵀ) with x̃ = (x, 1), by power iteration (the matrix is never formed). */
function secondMomentMaxEigen(data: readonly Dataset[], iterations = 50): number {
  const dim = data[0]!.dim;
  let v = new Float64Array(dim + 1).fill(1 / Math.sqrt(dim + 1));
  let lambda = 0;
  const n = data.reduce((a, d) => a + d.n, 0);
  for (let it = 0; it < iterations; it++) {
    const next = new Float64Array(dim + 1);
    for (const d of data) {
      for (let i = 0; i < d.n; i++) {
        const row = i * dim;
        let dot = v[dim]!;
        for (let j = 0; j < dim; j++) dot += d.x[row + j]! * v[j]!;
        for (let j = 0; j < dim; j++) next[j]! += d.x[row + j]! * dot;
        next[dim]! += dot;
      }
    }
    let norm = 0;
    for (let j = 0; j <= dim; j++) norm += next[j]! ** 2;
    norm = Math.sqrt(norm);
    lambda = norm / n;
    for (let j = 0; j <= dim; j++) next[j]! /= norm;
    v = next;
  }
  return lambda;
}

/** Tracks the optimality gap and its bound over a run's server steps. */
export class GapTracker {
  /** the optimum and the constants */
  readonly optimum: OptimumSummary;
  private readonly objective: SoftmaxObjective;
  private readonly grad: Float64Array;
  private bound: number;

  /**
   * Finds F* and L_s (a few seconds for thousands of MNIST digits).
   * @param data - the clients' local data sets (their union is the objective's data)
   * @param l2 - ρ of the model's ρ‖w‖² term
   * @param initial - w_0
   * @param learningRate - the server's step η
   */
  constructor(data: readonly Dataset[], l2: number, initial: Float32Array, learningRate: number) {
    this.objective = softmaxObjective(data, l2);
    const mu = this.objective.strongConvexityModulus;
    const smoothness = secondMomentMaxEigen(data) / 2 + 2 * l2;
    const best = minimiseObjective(this.objective, initial);
    this.optimum = {
      value: best.value,
      lowerBound: certifiedLowerBound(best.value, best.gradientNorm, mu),
      gradientNorm: best.gradientNorm,
      iterations: best.iterations,
      mu,
      smoothness,
      learningRate,
      boundApplies: learningRate <= 1 / smoothness,
      initialGap: Number.NaN,
    };
    this.grad = new Float64Array(initial.length);
    const f0 = this.objective.value(initial);
    this.optimum.initialGap = f0 - this.optimum.value;
    // From the certified lower bound on F*, so the bound is an upper bound on the true gap.
    this.bound = f0 - this.optimum.lowerBound;
  }

  /**
   * The fields of a round whose server step took the model from `before` to `after` (w ← w − η·ĝ).
   * @param before - w_t
   * @param after - w_{t+1}
   */
  afterStep(before: Float32Array, after: Float32Array): GapFields {
    const eta = this.optimum.learningRate;
    this.objective.gradient(before, this.grad);
    let errSq = 0;
    for (let i = 0; i < before.length; i++) errSq += ((before[i]! - after[i]!) / eta - this.grad[i]!) ** 2;
    this.bound = (1 - eta * this.optimum.mu) * this.bound + (eta / 2) * errSq;
    return { gap: this.objective.value(after) - this.optimum.value, gradientErrorSq: errSq, gapBound: this.optimum.boundApplies ? this.bound : null };
  }
}
