/**
 * Truncated channel inversion (Zhu, Wang, Huang, "Broadband Analog Aggregation for Low-Latency
 * Federated Edge Learning", IEEE TWC 2020, arXiv:1812.11494). The path loss (the large-scale gain
 * β_l = `meanGains[l]`) is inverted fully and the small-scale fading f_l = |h_l|²/β_l is inverted
 * above a threshold g_th:
 *
 *   p_l = ρ0 / (β_l·f_l) = ρ0/|h_l|²  if f_l ≥ g_th,   else 0 (the device skips the slot),
 *
 * so every transmitting device arrives with the same received power ρ0 (amplitude √ρ0) and η = ρ0.
 * The paper's model likewise compensates path loss in the power control (p ∝ r^(α/2)/h) and
 * truncates on the fading alone. Under Rayleigh fading f ~ Exp(1): P(f ≥ g_th) = e^(−g_th) and
 * E[p_l] = (ρ0/β_l)·∫_{g_th}^∞ e^(−f)/f df = ρ0·E1(g_th)/β_l. The received power is common, so ρ0
 * is set by the device that can afford least: ρ0 = min_l P̄_l·β_l / E1(g_th), where P̄_l is the
 * device's average-power budget (its input `averagePowerW`, else the spec's `averagePowerW`, else
 * its maximum power P_l used as the average target). That device meets P̄_l on average; the others
 * stay below. A device with P̄_l = 0 never transmits and does not set ρ0.
 *
 * Peak power: p_l is capped at P_l. Without the cap the peak is ρ0/(β_l·g_th); it stays within P_l
 * whenever P̄_l ≤ P_l·g_th·E1(g_th) (0.22·P_l at g_th = 1, 0.18·P_l at g_th = 0.1). With the
 * default P̄_l = P_l the cap binds for fading just above g_th: such a device arrives weaker than √ρ0
 * (a small bias) and its average power falls below P̄_l.
 *
 * The estimator's K (`denominator`): `transmitting` (default) is the number of devices that
 * transmit this slot, so ĝ is the average of the transmitted updates (the receiver learns the count,
 * e.g. from one-bit side information); the paper's aggregate is, as recalled, the average over the
 * non-truncated devices. `expected` uses the expected count e^(−g_th)·L (over the devices with a
 * non-zero budget), which needs no side information but scales the estimate with the realised count.
 * @module
 */
import { expint1 } from '../../../radio/special.js';
import type { PowerControlDecision, PowerControlInput, PowerPolicy } from './policy.js';
import { checkPowerInput } from './mse.js';
import { silentDecision } from './budget.js';

/** What K of a truncated-inversion slot counts: the devices that transmit, or the expected number. */
export type TruncatedDenominator = 'transmitting' | 'expected';

/** Parameters of truncated channel inversion. */
export interface TruncatedInversionParams {
  /** g_th: the small-scale power gain |h|²/β (linear, unit mean under Rayleigh) below which a device skips; > 0 */
  gainThreshold: number;
  /** what K counts */
  denominator: TruncatedDenominator;
  /** the average-power target (W) of devices whose input `averagePowerW` is null; null: their maximum power */
  averagePowerW: number | null;
}

/**
 * ρ0, the received power of every transmitting device (W): min_l P̄_l·β_l / E1(g_th) over the
 * devices with P̄_l > 0, or 0 when none has a budget.
 * @param input - the slot's input
 * @param params - the policy's parameters
 */
export function truncatedReceivedPowerW(input: PowerControlInput, params: TruncatedInversionParams): number {
  const e1 = expint1(params.gainThreshold);
  let rho0 = Infinity;
  input.meanGains.forEach((beta, l) => {
    const targetW = input.averagePowerW[l] ?? params.averagePowerW ?? input.maxPowerW[l]!;
    if (targetW > 0) rho0 = Math.min(rho0, (targetW * beta) / e1);
  });
  return Number.isFinite(rho0) ? rho0 : 0;
}

/**
 * The truncated-inversion decision for one slot.
 * @param input - the slot's input
 * @param params - the policy's parameters
 */
export function truncatedInversionDecision(input: PowerControlInput, params: TruncatedInversionParams): PowerControlDecision {
  checkPowerInput(input);
  const gth = params.gainThreshold;
  if (!(gth > 0) || !Number.isFinite(gth)) throw new RangeError(`truncated inversion needs a gain threshold > 0, got ${gth}`);
  const rho0 = truncatedReceivedPowerW(input, params);
  const n = input.gains.length;
  if (rho0 === 0) return silentDecision(n);
  let budgeted = 0;
  let transmitting = 0;
  const powerW = input.gains.map((g, l) => {
    const targetW = input.averagePowerW[l] ?? params.averagePowerW ?? input.maxPowerW[l]!;
    if (!(targetW > 0)) return 0;
    budgeted++;
    if (g / input.meanGains[l]! < gth) return 0;
    transmitting++;
    return Math.min(input.maxPowerW[l]!, rho0 / g);
  });
  const denominator = params.denominator === 'transmitting' ? transmitting : budgeted * Math.exp(-gth);
  if (denominator === 0) return silentDecision(n);
  return { powerW, eta: rho0, denominator };
}

/**
 * The truncated channel-inversion policy.
 * @param params - the policy's parameters
 */
export function truncatedInversionPolicy(params: TruncatedInversionParams): PowerPolicy {
  return (input) => truncatedInversionDecision(input, params);
}
