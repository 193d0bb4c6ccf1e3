/**
 * The `balanced` placement (memory-constrained balance). Pipeline: stage s on the s-th server in
 * rank (rack) order; the cuts minimize the largest stage time 3·M·mb·Σ_{l∈s} fwd_l / F_s subject to
 * every stage fitting its server's memory — the linear-partition dynamic program, O(S·L²). Tensor:
 * the w servers with the most memory, in rank order, slices ∝ FLOP/s capped by memory.
 * @module
 */
import { z } from 'zod';
import type { RandomStream } from '../../engine/random.js';
import { withDefaults } from '../registrySpec.js';
import type { RegistrySpec } from '../types.js';
import { finish, fitsIn, pipelinePieces, requireSizes, sliceShares, tensorPieces } from './candidates.js';
import { PipelineCostModel } from './estimate.js';
import { PlacementError, type Placement, type PlacementEntry, type PlacementProblem } from './types.js';

/** Resolved parameters of `balanced` (none besides the name). */
export interface BalancedPlacementParams {
  /** 'balanced' */
  name: 'balanced';
}

/** The best cut vector of a min–max partition and its value. */
export interface MinMaxCuts {
  /** S + 1 layer boundaries, 0 … L */
  cuts: number[];
  /** the largest stage cost */
  value: number;
}

/**
 * Cuts of L layers into S non-empty contiguous stages minimizing the largest `cost(first, end,
 * stage)` (the linear-partition DP, O(S·L²)); Infinity marks a stage that cannot hold that range.
 * Among equal values the smallest cut positions win.
 * @returns the cuts, or null when every cut vector has an infinite stage
 */
export function minMaxCuts(layers: number, stages: number, cost: (first: number, end: number, stage: number) => number): MinMaxCuts | null {
  const L = layers;
  // best[s][e]: least largest cost of layers [0, e) cut into s + 1 stages; from[s][e]: its last cut
  const best: Float64Array[] = [];
  const from: Int32Array[] = [];
  for (let s = 0; s < stages; s++) {
    const row = new Float64Array(L + 1).fill(Infinity);
    const arg = new Int32Array(L + 1).fill(-1);
    for (let e = s + 1; e <= L - (stages - 1 - s); e++) {
      if (s === 0) {
        row[e] = cost(0, e, 0);
        arg[e] = 0;
        continue;
      }
      for (let a = s; a < e; a++) {
        const prev = best[s - 1]![a]!;
        if (prev === Infinity) continue;
        const v = Math.max(prev, cost(a, e, s));
        if (v < row[e]!) {
          row[e] = v;
          arg[e] = a;
        }
      }
    }
    best.push(row);
    from.push(arg);
  }
  const value = best[stages - 1]![L]!;
  if (value === Infinity) return null;
  const cuts = new Array<number>(stages + 1);
  cuts[stages] = L;
  for (let s = stages - 1; s >= 0; s--) cuts[s] = from[s]![cuts[s + 1]!]!;
  return { cuts, value };
}

/**
 * The balanced cuts for stages on `servers` (indices into problem.servers, stage order), or null
 * when no cuts fit.
 */
export function balancedCuts(model: PipelineCostModel, servers: readonly number[]): MinMaxCuts | null {
  const p = model.problem;
  return minMaxCuts(model.layers, model.stages, (a, b, s) => {
    if (!fitsIn(model.stageBytes(a, b, s), p.servers[servers[s]!]!.memoryBytes)) return Infinity;
    return 3 * p.microbatches * model.forwardS(a, b, servers[s]!); // 3·M·mb·Σ fwd / F
  });
}

/**
 * The error when no cuts fit the given servers: the piece of the memory-minimizing cuts that is
 * tightest on its server names that server.
 * @param model - the problem's cost tables
 * @param servers - the server (index) of each stage
 * @param scheme - the placement's name
 * @param serversText - how the message names the servers (default: their ids)
 */
export function noCutsFit(model: PipelineCostModel, servers: readonly number[], scheme: string, serversText?: string): PlacementError {
  const p = model.problem;
  const tightness = (a: number, b: number, s: number): number => Math.min(Number.MAX_VALUE, model.stageBytes(a, b, s) / p.servers[servers[s]!]!.memoryBytes);
  const ratio = minMaxCuts(model.layers, model.stages, tightness)!;
  let worst = 0;
  for (let s = 1; s < model.stages; s++) {
    if (tightness(ratio.cuts[s]!, ratio.cuts[s + 1]!, s) > tightness(ratio.cuts[worst]!, ratio.cuts[worst + 1]!, worst)) worst = s;
  }
  const server = p.servers[servers[worst]!]!;
  const [a, b] = [ratio.cuts[worst]!, ratio.cuts[worst + 1]!];
  return new PlacementError(server.id, `placement '${scheme}': no cuts of model '${p.def.name}' into ${model.stages} stages fit ${serversText ?? `servers ${servers.map((i) => `'${p.servers[i]!.id}'`).join(', ')}`}; at best stage ${worst} (layers [${a}, ${b})) needs ${Math.ceil(model.stageBytes(a, b, worst))} bytes; server '${server.id}' offers ${Math.floor(server.memoryBytes)}`);
}

/** The w servers with the most memory (ties: rank order), in rank order. */
export function largestMemoryGroup(problem: PlacementProblem): number[] {
  const order = problem.servers.map((_, i) => i).sort((x, y) => problem.servers[y]!.memoryBytes - problem.servers[x]!.memoryBytes || x - y);
  return order.slice(0, problem.pieces).sort((x, y) => x - y);
}

/** The balanced placement of a problem. */
export function placeBalanced(problem: PlacementProblem): Placement {
  requireSizes(problem, 'balanced');
  if (problem.kind === 'tensor') {
    const group = largestMemoryGroup(problem).map((i) => problem.servers[i]!);
    const shares = sliceShares(problem, group);
    if (!shares.ok) throw new PlacementError(shares.node, `placement 'balanced': ${shares.message}`);
    return finish(problem, tensorPieces(problem, group.map((s) => s.id), shares.shares));
  }
  const model = new PipelineCostModel(problem);
  const servers = Array.from({ length: problem.pieces }, (_, i) => i);
  const best = balancedCuts(model, servers);
  if (!best) throw noCutsFit(model, servers, 'balanced');
  return finish(problem, pipelinePieces(best.cuts, servers.map((i) => problem.servers[i]!.id)));
}

const schema = z.strictObject({ name: z.literal('balanced') });

/** The `balanced` entry of the placements registry. */
export const balancedPlacement: PlacementEntry<BalancedPlacementParams> = {
  schema,
  defaults: {},
  resolve: (spec: RegistrySpec) => withDefaults<BalancedPlacementParams>({}, schema.parse(spec)),
  place: (problem: PlacementProblem, _params: BalancedPlacementParams, _rng: RandomStream) => placeBalanced(problem),
};
