/**
 * Channel inversion with a common received amplitude (magnitude alignment): η = min_l P_l|h_l|²
 * and p_l = η/|h_l|², so every device's received amplitude √p_l·|h_l| is √η and no device exceeds
 * its maximum (the weakest, in P_l|h_l|², sends at exactly P_l); K = L. The estimate is unbiased and
 * its MSE is N0/(L²·η), set by the weakest device (Zhu, Wang, Huang, IEEE TWC 2020, without
 * truncation; Cao, Zhu, Xu, Huang, IEEE TWC 2020, the channel-inversion benchmark). With an
 * average-power budget the maxima are first tightened by {@link withAveragePowerBudget}.
 * @module
 */
import type { PowerControlDecision, PowerControlInput, PowerPolicy } from './policy.js';
import { checkPowerInput } from './mse.js';
import { withAveragePowerBudget } from './budget.js';

/**
 * The channel-inversion decision for one slot (no average-power tracking).
 * @param input - the slot's input
 */
export function channelInversionDecision(input: PowerControlInput): PowerControlDecision {
  checkPowerInput(input);
  let eta = Infinity;
  input.gains.forEach((g, l) => {
    eta = Math.min(eta, input.maxPowerW[l]! * g);
  });
  const powerW = input.gains.map((g, l) => Math.min(input.maxPowerW[l]!, eta / g));
  return { powerW, eta, denominator: input.gains.length };
}

/**
 * The channel-inversion policy.
 * @param trackAveragePower - whether to respect the devices' average-power budgets across rounds
 * @param fallbackAverageW - the budget (W) of devices whose own is null, or null for none
 */
export function channelInversionPolicy(trackAveragePower = true, fallbackAverageW: number | null = null): PowerPolicy {
  return trackAveragePower ? withAveragePowerBudget(channelInversionDecision, fallbackAverageW) : channelInversionDecision;
}
