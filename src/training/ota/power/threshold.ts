/**
 * The MSE-optimal threshold-based power control for static channels (Cao, Zhu, Xu, Huang,
 * "Optimized Power Control for Over-the-Air Computation in Fading Channels", IEEE TWC 2020,
 * arXiv:1906.06858, the static-channel case). It minimises, over η > 0 and 0 ≤ p_l ≤ P_l,
 *
 *   MSE(η, p) = (1/L²)·[Σ_l (√p_l·|h_l|/√η − 1)² + N0/η]   (mse.ts; K = L).
 *
 * For a fixed η each term depends on its own p_l only and (√p_l|h_l|/√η − 1)² falls as p_l rises
 * until √p_l|h_l| = √η, so the best p_l is min(P_l, η/|h_l|²): a device whose "quality indicator"
 * P_l|h_l|² is below η sends at full power, the others invert their channel. Sort the devices by
 * P_l|h_l|² ascending and let a_l = √P_l·|h_l|. For η between the i-th and (i+1)-th indicators the
 * first i devices are at full power and, with u = 1/√η, the MSE is Σ_{k≤i} (a_k·u − 1)² + N0·u²
 * (×1/L²), a convex quadratic in u whose minimum is at
 *
 *   η̃(i) = ((N0 + Σ_{k≤i} P_k|h_k|²) / Σ_{k≤i} √P_k·|h_k|)².
 *
 * The paper's optimum is the i* with P_{i*}|h_{i*}|² ≤ η̃(i*) ≤ P_{i*+1}|h_{i*+1}|², η* = η̃(i*);
 * devices k ≤ i* send at P_k, the others at η* / |h_k|² (threshold structure confirmed from the
 * paper's abstract; the closed form re-derived here as above). Below the smallest indicator the MSE
 * is N0/η, decreasing, so η* is never there. This implementation clamps η̃(i) to its interval
 * [P_i|h_i|², P_{i+1}|h_{i+1}|²] for every i and keeps the one of least MSE: the exact global
 * minimum of a continuous function that is convex on each interval, equal to the paper's i* where
 * that exists and robust to ties and rounding. O(L log L).
 * @module
 */
import type { PowerControlDecision, PowerControlInput, PowerPolicy } from './policy.js';
import { checkPowerInput } from './mse.js';
import { withAveragePowerBudget } from './budget.js';

/**
 * The MSE-optimal η* of the static-channel threshold policy (see the module's derivation).
 * @param maxPowerW - P_l per device (W)
 * @param gains - |h_l|² per device
 * @param noiseW - N0, the noise variance per real entry (W)
 */
export function thresholdEta(maxPowerW: readonly number[], gains: readonly number[], noiseW: number): number {
  const indicatorsW = gains.map((g, l) => maxPowerW[l]! * g).sort((a, b) => a - b);
  const n = indicatorsW.length;
  const mseOf = (eta: number): number => {
    let s = noiseW / eta;
    for (const q of indicatorsW) {
      if (q < eta) s += (Math.sqrt(q / eta) - 1) ** 2;
    }
    return s;
  };
  let sumW = 0;
  let sumAmplitude = 0;
  let bestEta = indicatorsW[0]!;
  let bestMse = Infinity;
  for (let i = 0; i < n; i++) {
    sumW += indicatorsW[i]!;
    sumAmplitude += Math.sqrt(indicatorsW[i]!);
    const stationary = ((noiseW + sumW) / sumAmplitude) ** 2;
    const upper = i + 1 < n ? indicatorsW[i + 1]! : Infinity;
    const eta = Math.min(Math.max(stationary, indicatorsW[i]!), upper);
    const mse = mseOf(eta);
    if (mse < bestMse) {
      bestMse = mse;
      bestEta = eta;
    }
  }
  return bestEta;
}

/**
 * The threshold policy's decision for one slot (no average-power tracking): η = η*, p_l =
 * min(P_l, η* / |h_l|²), K = L.
 * @param input - the slot's input
 */
export function thresholdDecision(input: PowerControlInput): PowerControlDecision {
  checkPowerInput(input);
  const eta = thresholdEta(input.maxPowerW, input.gains, input.noiseW);
  const powerW = input.gains.map((g, l) => Math.min(input.maxPowerW[l]!, eta / g));
  return { powerW, eta, denominator: input.gains.length };
}

/**
 * The threshold policy.
 * @param trackAveragePower - whether to respect the devices' average-power budgets across rounds
 * @param fallbackAverageW - the budget (W) of devices whose own is null, or null for none
 */
export function thresholdPolicy(trackAveragePower = true, fallbackAverageW: number | null = null): PowerPolicy {
  return trackAveragePower ? withAveragePowerBudget(thresholdDecision, fallbackAverageW) : thresholdDecision;
}

