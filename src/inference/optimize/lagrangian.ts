/**
 * `lagrangian`: Lagrangian relaxation of each edge's Σ b ≤ 1. For a multiplier μ_j ≥ 0 of edge j
 * every terminal of j independently picks the option minimising its objective term + μ_j·b (ties:
 * the smaller share); Σ b is non-increasing in μ_j, so μ_j is found by doubling and bisection as
 * the smallest multiplier whose picks fit (μ_j = 0 when the unconstrained picks already fit: then
 * they are optimal). The fitting picks are then improved by the `greedy` local search, which uses
 * the share they leave free.
 * @module
 */
import { improveEdge, type GreedyParams } from './greedy.js';
import type { DeploymentOption } from './predict.js';
import { assemblePlan, infeasiblePlan, prepareDeployment } from './plan.js';
import type { DeploymentPlan, DeploymentProblem } from './types.js';

/** The parameters of `lagrangian`. */
export interface LagrangianParams {
  /** bisection steps on each edge's multiplier */
  bisectionSteps: number;
  /** improve the picks by the greedy local search afterwards */
  improve: boolean;
  /** the local search's pair moves (see `GreedyParams`) */
  pairMoves: boolean;
}

/** The defaults of `lagrangian`. */
export const LAGRANGIAN_DEFAULTS: LagrangianParams = { bisectionSteps: 60, improve: true, pairMoves: true };

/** One edge's multiplier and the picks it gives. */
export interface EdgeMultiplier {
  /** μ: the price of a unit of share (0 when the unpriced picks fit) */
  mu: number;
  /** per terminal of the edge, the index of its pick in its option list */
  pick: number[];
}

/**
 * Each terminal's pick for multiplier μ.
 * @param options - per terminal, its feasible options
 * @param mu - the price of a unit of share
 * @returns per terminal, the index of its pick
 */
function picksAt(options: DeploymentOption[][], mu: number): number[] {
  return options.map((list) => {
    let best = 0;
    let bestValue = Infinity;
    list.forEach((o, i) => {
      const v = o.prediction.objective + mu * o.choice.share;
      if (v < bestValue || (v === bestValue && o.choice.share < list[best]!.choice.share)) [best, bestValue] = [i, v];
    });
    return best;
  });
}

const used = (options: DeploymentOption[][], pick: number[]): number => pick.reduce((a, o, i) => a + options[i]![o]!.choice.share, 0);

/**
 * The multiplier of one edge and the picks it gives (Σ b ≤ 1).
 * @param options - per terminal of the edge, its feasible options (Σ of the least shares ≤ 1)
 * @param steps - bisection steps
 * @returns μ and the picks
 */
export function edgeMultiplier(options: DeploymentOption[][], steps: number): EdgeMultiplier {
  const fits = (pick: number[]): boolean => used(options, pick) <= 1 + 1e-12;
  let pick = picksAt(options, 0);
  if (fits(pick)) return { mu: 0, pick };
  // a price above every option's cost spread over the smallest share step makes the least share win
  const costs = options.flatMap((l) => l.map((o) => o.prediction.objective));
  let hi = Math.max(1, Math.max(...costs) - Math.min(...costs));
  let hiPick = picksAt(options, hi);
  for (let i = 0; i < 200 && !fits(hiPick); i++) hiPick = picksAt(options, (hi *= 2));
  if (!fits(hiPick)) {
    // least share, cheapest among those (cannot fail: the edge is feasible)
    hiPick = options.map((list) => {
      const least = Math.min(...list.map((o) => o.choice.share));
      return list.findIndex((o) => o.choice.share === least);
    });
    return { mu: hi, pick: hiPick };
  }
  let lo = 0;
  for (let i = 0; i < steps; i++) {
    const mid = (lo + hi) / 2;
    pick = picksAt(options, mid);
    if (fits(pick)) [hi, hiPick] = [mid, pick];
    else lo = mid;
  }
  return { mu: hi, pick: hiPick };
}

/**
 * The `lagrangian` plan.
 * @param problem - the problem
 * @param params - bisection steps and the local search
 */
export function lagrangianDeployment(problem: DeploymentProblem, params: LagrangianParams = LAGRANGIAN_DEFAULTS): DeploymentPlan {
  const prep = prepareDeployment(problem);
  if (prep.infeasible.length > 0) return infeasiblePlan(problem, 'lagrangian', prep.infeasible);
  const chosen = new Array<DeploymentOption>(problem.terminals.length);
  const local: GreedyParams = { pairMoves: params.pairMoves, maxMoves: 10_000 };
  for (const ls of prep.byEdge) {
    const options = ls.map((l) => prep.options[l]!);
    const { pick } = edgeMultiplier(options, params.bisectionSteps);
    if (params.improve) improveEdge(options, pick, local);
    ls.forEach((l, i) => (chosen[l] = options[i]![pick[i]!]!));
  }
  return assemblePlan(problem, 'lagrangian', chosen);
}
