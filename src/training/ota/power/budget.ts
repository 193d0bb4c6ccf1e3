/**
 * Average-power tracking across rounds, as a wrapper around a policy (Flower's wrapper strategies):
 * it tightens each device's maximum power to what its average-power budget still allows, then lets
 * the wrapped policy decide with the tightened maxima.
 *
 * Rule: device l with budget P̄_l (W), which used U_l (W·rounds) over its n_l earlier rounds, may
 * use at most c_l = min(P_l, max(0, P̄_l·(n_l + 1) − U_l)) this round, so its running average
 * (U_l + p_l)/(n_l + 1) never exceeds P̄_l. Power a device saves in one round (a good channel under
 * channel inversion) is credit it may spend later, up to its maximum P_l. A device with c_l = 0
 * (or c_l·|h_l|² below the smallest double) skips (power 0) and is left out of the wrapped policy's decision, so the K the wrapped policy
 * returns counts only the devices that take part. Lowering c_l lowers η for channel inversion
 * (η = min_l c_l·|h_l|²): every device scales down together and alignment is kept. This is a
 * greedy, myopic rule — it neither plans the budget over the remaining rounds nor uses channel
 * statistics; the bound-optimised policy (Cao et al., IEEE JSAC 2022) does that properly.
 * @module
 */
import type { PowerControlDecision, PowerControlInput, PowerPolicy } from './policy.js';

/**
 * Each device's power cap this round under its average-power budget (see the module's rule).
 * @param input - the slot's input (maxima, budgets, power used so far, rounds so far)
 * @param fallbackAverageW - the budget of a device whose own `averagePowerW` is null (W), or null for none
 */
export function averagePowerCapsW(input: PowerControlInput, fallbackAverageW: number | null): number[] {
  return input.maxPowerW.map((maxW, l) => {
    const budgetW = input.averagePowerW[l] ?? fallbackAverageW;
    if (budgetW === null) return maxW;
    const allowedW = budgetW * (input.roundsSoFar[l]! + 1) - input.usedPowerW[l]!;
    return Math.min(maxW, Math.max(0, allowedW));
  });
}

/**
 * The decision when no device transmits: every power 0, K = 0 (no estimate); η = 1 is a placeholder
 * (the contract wants η > 0; nothing is scaled by it).
 * @param deviceCount - L
 */
export function silentDecision(deviceCount: number): PowerControlDecision {
  return { powerW: new Array<number>(deviceCount).fill(0), eta: 1, denominator: 0 };
}

/**
 * Wraps a policy so that each device respects its average-power budget across rounds.
 * @param policy - the policy to wrap (channel inversion, threshold, …)
 * @param fallbackAverageW - the budget (W) of devices whose input `averagePowerW` is null, or null for none
 */
export function withAveragePowerBudget(policy: PowerPolicy, fallbackAverageW: number | null): PowerPolicy {
  return (input) => {
    const capsW = averagePowerCapsW(input, fallbackAverageW);
    if (capsW.every((c, l) => c === input.maxPowerW[l])) return policy(input);
    const active = capsW.flatMap((c, l) => (c * input.gains[l]! > 0 ? [l] : [])); // c·|h|² may underflow for a sliver of budget
    const n = capsW.length;
    if (active.length === 0) return silentDecision(n);
    const pick = <T>(a: readonly T[]): T[] => active.map((l) => a[l]!);
    const sub: PowerControlInput = {
      ...input,
      gains: pick(input.gains),
      meanGains: pick(input.meanGains),
      maxPowerW: pick(capsW),
      averagePowerW: pick(input.averagePowerW),
      usedPowerW: pick(input.usedPowerW),
      roundsSoFar: pick(input.roundsSoFar),
    };
    const d = policy(sub);
    const powerW = new Array<number>(n).fill(0);
    active.forEach((l, i) => {
      powerW[l] = Math.min(d.powerW[i]!, capsW[l]!);
    });
    return { powerW, eta: d.eta, denominator: d.denominator };
  };
}
