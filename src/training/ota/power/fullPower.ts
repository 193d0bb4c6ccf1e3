/**
 * Full-power transmission: every device sends at its maximum power P_l, K = L. The receiver's
 * denoising factor η is a parameter:
 *
 * - `mmse` (default): η = ((N0 + Σ_l P_l|h_l|²) / Σ_l √P_l·|h_l|)², the η that minimises the MSE
 *   Σ_l (√P_l|h_l|/√η − 1)² + N0/η (×1/L²) with the powers fixed at P_l: with u = 1/√η the MSE is
 *   a convex quadratic in u, zero derivative at u = Σ a_l/(N0 + Σ a_l²), a_l = √P_l|h_l|. This is
 *   the optimal denoising factor of the full-power benchmark in Cao, Zhu, Xu, Huang, "Optimized
 *   Power Control for Over-the-Air Computation in Fading Channels", IEEE TWC 2020 (its closed-form
 *   η̃(i) at i = L). One device without noise gives η = P|h|²: unbiased. With noise it shrinks the
 *   estimate (η > what alignment needs) to trade bias for noise.
 * - `weakest`: η = min_l P_l|h_l|², so the weakest device's update has weight exactly 1 and every
 *   other device's weight √(P_l|h_l|²/η) ≥ 1 (over-weighted); the noise is amplified by 1/η.
 * @module
 */
import type { PowerControlDecision, PowerControlInput, PowerPolicy } from './policy.js';
import { checkPowerInput } from './mse.js';

/** How the full-power policy picks η: `mmse` (the MSE-optimal η for full power) or `weakest` (min_l P_l|h_l|²). */
export type FullPowerEta = 'mmse' | 'weakest';

/**
 * The full-power decision for one slot.
 * @param input - the slot's input
 * @param etaRule - how η is chosen
 */
export function fullPowerDecision(input: PowerControlInput, etaRule: FullPowerEta): PowerControlDecision {
  checkPowerInput(input);
  const powerW = input.maxPowerW.slice();
  let sumReceivedW = 0;
  let sumAmplitude = 0;
  let weakestW = Infinity;
  input.gains.forEach((g, l) => {
    const receivedW = powerW[l]! * g;
    sumReceivedW += receivedW;
    sumAmplitude += Math.sqrt(receivedW);
    weakestW = Math.min(weakestW, receivedW);
  });
  const eta = etaRule === 'mmse' ? ((input.noiseW + sumReceivedW) / sumAmplitude) ** 2 : weakestW;
  return { powerW, eta, denominator: input.gains.length };
}

/**
 * The full-power policy.
 * @param etaRule - how η is chosen (default `mmse`)
 */
export function fullPowerPolicy(etaRule: FullPowerEta = 'mmse'): PowerPolicy {
  return (input) => fullPowerDecision(input, etaRule);
}
