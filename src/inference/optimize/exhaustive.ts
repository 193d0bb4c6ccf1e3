/**
 * `exhaustive`: the exact deployment optimum by enumerating every combination of the terminals'
 * feasible options. The objective is a sum over terminals and the only coupling is each edge's
 * Σ b ≤ 1, so the enumeration runs edge by edge (a depth-first search pruned by the edge's capacity
 * and by the cheapest completion, both exact). Refuses problems whose count of combinations
 * exceeds a limit.
 * @module
 */
import type { DeploymentOption } from './predict.js';
import { assemblePlan, infeasiblePlan, prepareDeployment } from './plan.js';
import type { DeploymentPlan, DeploymentProblem } from './types.js';

/** The parameters of `exhaustive`. */
export interface ExhaustiveParams {
  /** the largest Σ over edges of Π over the edge's terminals of their feasible options it accepts */
  maxCombinations: number;
}

/** The defaults of `exhaustive`. */
export const EXHAUSTIVE_DEFAULTS: ExhaustiveParams = { maxCombinations: 1e7 };

/** Thrown when a problem is too large for `exhaustive`. */
export class DeploymentTooLargeError extends Error {
  /**
   * @param combinations - the problem's count of combinations
   * @param limit - the limit
   */
  constructor(
    readonly combinations: number,
    readonly limit: number,
  ) {
    super(`exhaustive deployment search refused: ${combinations.toExponential(3)} combinations exceed maxCombinations = ${limit}; use the 'lagrangian' or 'greedy' solver`);
    this.name = 'DeploymentTooLargeError';
  }
}

/**
 * The best choice for the terminals of one edge.
 * @param options - per terminal of the edge, its feasible options, cheapest first
 * @returns per terminal, the index of its option in the optimum
 */
function edgeOptimum(options: DeploymentOption[][]): number[] {
  const m = options.length;
  const restMin = new Array<number>(m + 1).fill(0);
  for (let i = m - 1; i >= 0; i--) restMin[i] = restMin[i + 1]! + options[i]![0]!.prediction.objective;
  // smallest shares of the rest, for capacity pruning
  const restShare = new Array<number>(m + 1).fill(0);
  for (let i = m - 1; i >= 0; i--) restShare[i] = restShare[i + 1]! + Math.min(...options[i]!.map((o) => o.choice.share));
  let best = Infinity;
  let bestPick: number[] = [];
  const pick = new Array<number>(m).fill(0);
  const visit = (i: number, cost: number, share: number): void => {
    if (i === m) {
      if (cost < best) [best, bestPick] = [cost, [...pick]];
      return;
    }
    const list = options[i]!;
    for (let o = 0; o < list.length; o++) {
      const opt = list[o]!;
      const c = cost + opt.prediction.objective;
      if (c + restMin[i + 1]! >= best) break; // sorted cheapest first: no later option does better
      const s = share + opt.choice.share;
      if (s + restShare[i + 1]! > 1 + 1e-12) continue;
      pick[i] = o;
      visit(i + 1, c, s);
    }
  };
  visit(0, 0, 0);
  return bestPick;
}

/**
 * The exact optimum of a deployment problem.
 * @param problem - the problem
 * @param params - the size limit
 * @throws DeploymentTooLargeError above the limit
 */
export function exhaustiveDeployment(problem: DeploymentProblem, params: ExhaustiveParams = EXHAUSTIVE_DEFAULTS): DeploymentPlan {
  const prep = prepareDeployment(problem);
  if (prep.infeasible.length > 0) return infeasiblePlan(problem, 'exhaustive', prep.infeasible);
  const combinations = prep.byEdge.reduce((a, ls) => a + ls.reduce((p, l) => p * prep.options[l]!.length, 1), 0);
  if (combinations > params.maxCombinations) throw new DeploymentTooLargeError(combinations, params.maxCombinations);
  const chosen: DeploymentOption[] = new Array<DeploymentOption>(problem.terminals.length);
  for (const ls of prep.byEdge) {
    const pick = edgeOptimum(ls.map((l) => prep.options[l]!));
    ls.forEach((l, i) => (chosen[l] = prep.options[l]![pick[i]!]!));
  }
  return assemblePlan(problem, 'exhaustive', chosen);
}
