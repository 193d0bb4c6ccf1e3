/**
 * The mean squared error of a power-control decision, per real entry of the update, and the checks
 * every policy applies to its input.
 *
 * Derivation (signal model of policy.ts): the target is the mean of the L devices' updates,
 * x̄ = (1/L)·Σ_l x_l, over every device of the slot, including those that skip. With
 * y = Σ_l |h_l|·√p_l·x_l + z, z ~ N(0, N0), and ĝ = y/(K·√η),
 *
 *   ĝ − x̄ = Σ_l (|h_l|·√p_l/(K·√η) − 1/L)·x_l + z/(K·√η).
 *
 * The x_l are independent with zero mean and unit variance and independent of z, so
 *
 *   MSE = E[(ĝ − x̄)²] = Σ_l (|h_l|·√p_l/(K·√η) − 1/L)² + N0/(K²·η).
 *
 * With K = L this is (1/L²)·[Σ_l (√p_l·|h_l|/√η − 1)² + N0/η], the objective of Cao, Zhu, Xu,
 * Huang (IEEE TWC 2020) up to the factor 1/L². A skipping device (p_l = 0) adds (1/L)². When K = 0
 * no device transmitted and there is no estimate: the round applies no update, ĝ = 0, and the MSE
 * is E[x̄²] = 1/L.
 * @module
 */
import type { PowerControlDecision, PowerControlInput } from './policy.js';

/**
 * The MSE per real entry of the estimate ĝ = y/(K·√η) against the mean of the L devices' updates,
 * for unit-variance independent updates (see the module's derivation).
 * @param input - the slot's input (gains |h_l|², noise N0)
 * @param decision - the powers, η and K
 */
export function decisionMse(input: PowerControlInput, decision: PowerControlDecision): number {
  const deviceCount = input.gains.length;
  const k = decision.denominator;
  if (k === 0) return 1 / deviceCount;
  const scale = k * Math.sqrt(decision.eta);
  let mse = input.noiseW / (scale * scale);
  for (let l = 0; l < deviceCount; l++) {
    const d = Math.sqrt(decision.powerW[l]! * input.gains[l]!) / scale - 1 / deviceCount;
    mse += d * d;
  }
  return mse;
}

/**
 * Checks a policy's input: at least one device, every per-device array of the same length, gains
 * and maximum powers positive and finite, noise ≥ 0.
 * @param input - the slot's input
 * @throws RangeError naming the first bad field
 */
export function checkPowerInput(input: PowerControlInput): void {
  const n = input.gains.length;
  if (n < 1) throw new RangeError('power control needs at least one device');
  const arrays = { meanGains: input.meanGains, maxPowerW: input.maxPowerW, averagePowerW: input.averagePowerW, usedPowerW: input.usedPowerW, roundsSoFar: input.roundsSoFar };
  for (const [name, a] of Object.entries(arrays)) {
    if (a.length !== n) throw new RangeError(`power control: ${name} has ${a.length} entries for ${n} devices`);
  }
  for (let l = 0; l < n; l++) {
    const g = input.gains[l]!;
    const m = input.meanGains[l]!;
    const p = input.maxPowerW[l]!;
    if (!(g > 0) || !Number.isFinite(g)) throw new RangeError(`power control: gain of device ${l} must be > 0 and finite, got ${g}`);
    if (!(m > 0) || !Number.isFinite(m)) throw new RangeError(`power control: mean gain of device ${l} must be > 0 and finite, got ${m}`);
    if (!(p > 0) || !Number.isFinite(p)) throw new RangeError(`power control: maximum power of device ${l} must be > 0 and finite, got ${p} W`);
    const a = input.averagePowerW[l];
    if (a !== null && a !== undefined && (!(a >= 0) || !Number.isFinite(a))) throw new RangeError(`power control: average power of device ${l} must be ≥ 0 and finite, got ${a} W`);
  }
  if (!(input.noiseW >= 0) || !Number.isFinite(input.noiseW)) throw new RangeError(`power control: noise must be ≥ 0 and finite, got ${input.noiseW} W`);
}
