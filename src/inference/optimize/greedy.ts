/**
 * `greedy`: start every terminal at its cheapest option among those with its smallest feasible
 * share (feasible whenever the problem is), then repeatedly apply the move that lowers the
 * objective most while keeping its edge's Σ b ≤ 1 — one terminal switching option, or (with
 * `pairMoves`) two terminals of one edge switching together — until no move helps. The same local
 * search repairs and improves the `lagrangian` solver's answer.
 * @module
 */
import type { DeploymentOption } from './predict.js';
import { assemblePlan, infeasiblePlan, prepareDeployment } from './plan.js';
import type { DeploymentPlan, DeploymentProblem } from './types.js';

/** The parameters of `greedy` (and of the local search after `lagrangian`). */
export interface GreedyParams {
  /** also try moves of two terminals of one edge at once (one may free share for the other) */
  pairMoves: boolean;
  /** the most moves applied per edge */
  maxMoves: number;
}

/** The defaults of `greedy`. */
export const GREEDY_DEFAULTS: GreedyParams = { pairMoves: true, maxMoves: 10_000 };

/**
 * Largest-gain local search on one edge, in place.
 * @param options - per terminal of the edge, its feasible options
 * @param pick - per terminal of the edge, the index of its current option (Σ b ≤ 1); updated
 * @param params - move set and limit
 */
export function improveEdge(options: DeploymentOption[][], pick: number[], params: GreedyParams): void {
  const m = options.length;
  const cost = (i: number, o: number): number => options[i]![o]!.prediction.objective;
  const share = (i: number, o: number): number => options[i]![o]!.choice.share;
  for (let step = 0; step < params.maxMoves; step++) {
    const used = pick.reduce((a, o, i) => a + share(i, o), 0);
    let bestGain = 1e-12;
    let move: [number, number, number, number] | null = null;
    for (let i = 0; i < m; i++) {
      const free = 1 + 1e-12 - used + share(i, pick[i]!);
      for (let o = 0; o < options[i]!.length; o++) {
        const gain = cost(i, pick[i]!) - cost(i, o);
        if (gain > bestGain && share(i, o) <= free) [bestGain, move] = [gain, [i, o, -1, -1]];
      }
    }
    if (params.pairMoves) {
      for (let i = 0; i < m; i++) {
        for (let j = i + 1; j < m; j++) {
          const free = 1 + 1e-12 - used + share(i, pick[i]!) + share(j, pick[j]!);
          const now = cost(i, pick[i]!) + cost(j, pick[j]!);
          for (let o = 0; o < options[i]!.length; o++) {
            const gi = now - cost(i, o);
            for (let p = 0; p < options[j]!.length; p++) {
              const gain = gi - cost(j, p);
              if (gain > bestGain && share(i, o) + share(j, p) <= free) [bestGain, move] = [gain, [i, o, j, p]];
            }
          }
        }
      }
    }
    if (move === null) return;
    pick[move[0]] = move[1];
    if (move[2] >= 0) pick[move[2]] = move[3];
  }
}

/**
 * The `greedy` plan.
 * @param problem - the problem
 * @param params - move set and limit
 */
export function greedyDeployment(problem: DeploymentProblem, params: GreedyParams = GREEDY_DEFAULTS): DeploymentPlan {
  const prep = prepareDeployment(problem);
  if (prep.infeasible.length > 0) return infeasiblePlan(problem, 'greedy', prep.infeasible);
  const chosen = new Array<DeploymentOption>(problem.terminals.length);
  for (const ls of prep.byEdge) {
    const options = ls.map((l) => prep.options[l]!);
    // cheapest first, so the first option with the least share is the cheapest of those
    const pick = options.map((list) => {
      const least = Math.min(...list.map((o) => o.choice.share));
      return list.findIndex((o) => o.choice.share === least);
    });
    improveEdge(options, pick, params);
    ls.forEach((l, i) => (chosen[l] = options[i]![pick[i]!]!));
  }
  return assemblePlan(problem, 'greedy', chosen);
}
