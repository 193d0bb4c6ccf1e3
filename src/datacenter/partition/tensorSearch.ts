/**
 * The `optimized` placement's tensor search: every group of w servers when C(p, w) ≤
 * {@link GROUP_LIMIT}, else a greedy growth from the fastest server that adds the server keeping the
 * predicted step least (the all-gathers favour servers near the group, a rack first). Each group
 * gets slices ∝ FLOP/s capped by memory (candidates.ts `sliceShares`) and is timed by the §8.4
 * predictor, tabulated here so a group costs one pass over the layers plus the problem's
 * all-gather times (estimate.ts `tensorStepS` is the reference it agrees with).
 * @module
 */
import { binomial, finish, kSubsets, sliceShares, tensorPieces } from './candidates.js';
import { microbatchSize } from './estimate.js';
import { largestMemoryGroup } from './balanced.js';
import { PlacementError, type Placement, type PlacementProblem } from './types.js';

/** Most tensor groups C(p, w) enumerated. */
export const GROUP_LIMIT = 1e5;

/** A tensor group with its shares and predicted step. */
export interface TensorCandidate {
  /** server indices, rank order */
  group: number[];
  /** slice share of each */
  shares: number[];
  /** predicted step (s) */
  stepS: number;
}

/**
 * The §8.4 step of a group with given shares: parametered layers cost fwd_l·mb·max_i(f_i/F_i) each
 * way (backward twice), plus all-gathers of outputs (as w chunks of the largest share) and
 * all-reduces (two all-gathers, equal chunks) of input gradients; parameterless layers fwd_l·mb / min_i F_i; the update 2q·max_i(f_i/F_i).
 */
export function groupStepS(problem: PlacementProblem, group: readonly number[], shares: readonly number[]): number {
  const def = problem.def;
  const mb = microbatchSize(problem);
  const ids = group.map((i) => problem.servers[i]!.id);
  const w = group.length;
  let slowPerFlop = 0; // max_i f_i / F_i
  let minFlops = Infinity;
  let maxShare = 0;
  for (let k = 0; k < w; k++) {
    const F = problem.servers[group[k]!]!.flopsPerS;
    slowPerFlop = Math.max(slowPerFlop, shares[k]! / F);
    minFlops = Math.min(minFlops, F);
    maxShare = Math.max(maxShare, shares[k]!);
  }
  const gatherS = (values: number, share: number): number => (w > 1 ? problem.allGatherS(ids, w * share * values * mb * problem.activationBytesPerValue) : 0);
  let passS = 0; // forward + backward
  let q = 0;
  for (let l = 0; l < def.layers.length; l++) {
    const layer = def.layers[l]!;
    q += layer.params;
    passS += 3 * layer.forwardFlops * mb * (layer.params > 0 ? slowPerFlop : 1 / minFlops);
    if (layer.params > 0) {
      passS += gatherS(layer.outputSize, maxShare); // chunks ∝ f_i: as w chunks of the largest
      if (l > 0) passS += 2 * gatherS(def.layers[l - 1]!.outputSize, 1 / w); // equal chunks; the model's input needs no gradient
    }
  }
  return problem.microbatches * passS + 2 * q * slowPerFlop;
}

/** A group's capped shares and predicted step, or null when it cannot hold the model. */
export function timeGroup(problem: PlacementProblem, group: readonly number[]): TensorCandidate | null {
  const shares = sliceShares(problem, group.map((i) => problem.servers[i]!));
  if (!shares.ok) return null;
  return { group: [...group], shares: shares.shares, stepS: groupStepS(problem, group, shares.shares) };
}

/** Greedy growth of a tensor group: the fastest server, then repeatedly the one that keeps the predicted step least (memory ignored until the group is whole). */
export function greedyGroup(problem: PlacementProblem): number[] {
  const n = problem.servers.length;
  let first = 0;
  for (let i = 1; i < n; i++) if (problem.servers[i]!.flopsPerS > problem.servers[first]!.flopsPerS) first = i;
  const group = [first];
  const inGroup = new Uint8Array(n);
  inGroup[first] = 1;
  while (group.length < problem.pieces) {
    let pick = -1;
    let pickS = Infinity;
    for (let i = 0; i < n; i++) {
      if (inGroup[i]) continue;
      const trial = [...group, i].sort((a, b) => a - b);
      const total = trial.reduce((a, j) => a + problem.servers[j]!.flopsPerS, 0);
      const v = groupStepS(problem, trial, trial.map((j) => problem.servers[j]!.flopsPerS / total));
      if (v < pickS) {
        pickS = v;
        pick = i;
      }
    }
    group.push(pick);
    inGroup[pick] = 1;
  }
  return group.sort((a, b) => a - b);
}

/**
 * The optimized tensor placement.
 * @throws PlacementError naming the server with the most memory when no group holds the model
 */
export function placeTensorOptimized(problem: PlacementProblem): Placement {
  const n = problem.servers.length;
  const w = problem.pieces;
  let best: TensorCandidate | null = null;
  const consider = (group: readonly number[]): void => {
    const c = timeGroup(problem, group);
    if (c !== null && (best === null || c.stepS < best.stepS)) best = c;
  };
  if (binomial(n, w) <= GROUP_LIMIT) for (const g of kSubsets(0, n, w)) consider(g);
  else {
    consider(greedyGroup(problem));
    consider(largestMemoryGroup(problem));
  }
  const found = best as TensorCandidate | null;
  if (found === null) {
    const group = largestMemoryGroup(problem).map((i) => problem.servers[i]!);
    const shares = sliceShares(problem, group);
    const why = shares.ok ? 'no group fits' : shares.message;
    const largest = group.reduce((a, s) => (s.memoryBytes > a.memoryBytes ? s : a));
    throw new PlacementError(largest.id, `placement 'optimized': no ${w} servers hold model '${problem.def.name}' in slices: ${why}; the largest server '${largest.id}' offers ${Math.floor(largest.memoryBytes)} bytes`);
  }
  return finish(problem, tensorPieces(problem, found.group.map((i) => problem.servers[i]!.id), found.shares));
}
