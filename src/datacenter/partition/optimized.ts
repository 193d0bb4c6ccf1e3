/**
 * The `optimized` placement: the pieces and servers that minimize the predicted step time
 * (estimate.ts) over the topology. Pipeline: every cut vector × every ordered choice of S distinct
 * servers when there are at most {@link EXHAUSTIVE_LIMIT} candidates (`solver: 'auto'`), searched
 * depth first with memory pruning and a bound (every term of the predictor only grows as stages are
 * added); otherwise local search (localSearch.ts) from the balanced placement and `restarts` seeded
 * random starts. Tensor (tensorSearch.ts): every group of w servers (C(p, w) ≤ 10⁵) with slices ∝
 * FLOP/s capped by memory; otherwise a greedy growth from the fastest server, adding the server that
 * keeps the predicted step least (all-gather costs favour servers near the group: a rack first).
 * Memory-infeasible candidates are skipped; when none is left, a {@link PlacementError} names the
 * tightest piece and the server with the most memory.
 * @module
 */
import { z } from 'zod';
import type { RandomStream } from '../../engine/random.js';
import { withDefaults } from '../registrySpec.js';
import type { RegistrySpec } from '../types.js';
import { balancedCuts, largestMemoryGroup, noCutsFit } from './balanced.js';
import { binomial, cutSets, finish, fitsIn, permutations, pipelinePieces, requireSizes } from './candidates.js';
import { PipelineCostModel } from './estimate.js';
import { localSearch, type PipelineCandidate } from './localSearch.js';
import { placeTensorOptimized } from './tensorSearch.js';
import { PlacementError, type Placement, type PlacementEntry, type PlacementProblem } from './types.js';

/** Resolved parameters of `optimized`. */
export interface OptimizedPlacementParams {
  /** 'optimized' */
  name: 'optimized';
  /** pipeline: 'auto' (exhaustive up to 2·10⁶ candidates, else local search), 'exhaustive' or 'local-search'; tensor groups ignore it */
  solver: 'auto' | 'exhaustive' | 'local-search';
  /** seeded random starts of the local search (besides the balanced placement) */
  restarts: number;
}

/** Defaults of `optimized`. */
export const OPTIMIZED_PLACEMENT_DEFAULTS: Readonly<Omit<OptimizedPlacementParams, 'name'>> = { solver: 'auto', restarts: 8 };

/** Most pipeline candidates (#cut vectors × P(servers, S)) `auto` enumerates. */
export const EXHAUSTIVE_LIMIT = 2e6;

/** Whether `auto` (or the given solver) enumerates the pipeline space. */
export function pipelineExhaustive(problem: PlacementProblem, solver: OptimizedPlacementParams['solver']): boolean {
  if (solver !== 'auto') return solver === 'exhaustive';
  const L = problem.def.layers.length;
  return binomial(L - 1, problem.pieces - 1) * permutations(problem.servers.length, problem.pieces) <= EXHAUSTIVE_LIMIT;
}

/**
 * The least predicted step over every cut vector × ordered server choice that fits, depth first:
 * a stage's server must hold its piece, and a branch whose partial cost already reaches the best is
 * cut off (every machine's time and stage 0's update are part of the step).
 * @returns the best candidate, or null when none fits
 */
export function exhaustivePipeline(model: PipelineCostModel): PipelineCandidate | null {
  const servers = model.problem.servers;
  const n = servers.length;
  const S = model.stages;
  const m1 = model.problem.microbatches - 1;
  const used = new Uint8Array(n);
  const chosen = new Array<number>(S).fill(0);
  // per depth: forward / backward sums and maxima of the machines placed, stage 0's update (depth 0 = nothing placed)
  const sumF = new Float64Array(S + 1);
  const maxF = new Float64Array(S + 1);
  const sumB = new Float64Array(S + 1);
  const maxB = new Float64Array(S + 1);
  const upd = new Float64Array(S + 1);
  let best: PipelineCandidate | null = null;
  let bestS = Infinity;
  let cuts: number[] = [];
  const bytes = new Float64Array(S);
  const visit = (s: number): void => {
    if (s === S) {
      const v = model.stepS(cuts, chosen);
      if (v < bestS) {
        bestS = v;
        best = { cuts: [...cuts], servers: [...chosen], stepS: v };
      }
      return;
    }
    const a = cuts[s]!;
    const b = cuts[s + 1]!;
    for (let i = 0; i < n; i++) {
      if (used[i] || !fitsIn(bytes[s]!, servers[i]!.memoryBytes)) continue;
      const f = model.forwardS(a, b, i);
      let sf = sumF[s]!;
      let mf = maxF[s]!;
      let sb = sumB[s]!;
      let mb = maxB[s]!;
      if (s > 0) {
        const prev = chosen[s - 1]!;
        const cf = model.transferS(a, prev, i);
        const cb = model.transferS(a, i, prev);
        sf += cf;
        sb += cb;
        mf = Math.max(mf, cf);
        mb = Math.max(mb, cb);
      }
      sf += f;
      sb += 2 * f;
      mf = Math.max(mf, f);
      mb = Math.max(mb, 2 * f);
      // a lower bound: the shops' machines so far, and stage 0's update (it ends the backward shop)
      const u = s === 0 ? model.updateS(a, b, i) : upd[s]!;
      if (sf + m1 * mf + sb + m1 * mb + u >= bestS) continue;
      sumF[s + 1] = sf;
      maxF[s + 1] = mf;
      sumB[s + 1] = sb;
      maxB[s + 1] = mb;
      upd[s + 1] = u;
      chosen[s] = i;
      used[i] = 1;
      visit(s + 1);
      used[i] = 0;
    }
  };
  for (const c of cutSets(model.layers, S)) {
    cuts = c;
    for (let s = 0; s < S; s++) bytes[s] = model.stageBytes(c[s]!, c[s + 1]!, s);
    visit(0);
  }
  return best;
}

/** The error when no pipeline placement fits: the tightest piece against the server with the most memory. */
function noPipelineFits(model: PipelineCostModel): PlacementError {
  const largest = largestMemoryGroup({ ...model.problem, pieces: 1 })[0]!;
  const server = model.problem.servers[largest]!;
  return noCutsFit(model, new Array<number>(model.stages).fill(largest), 'optimized', `any ${model.stages} of the ${model.problem.servers.length} servers (the largest, '${server.id}', has ${Math.floor(server.memoryBytes)} bytes)`);
}

function placePipeline(problem: PlacementProblem, params: OptimizedPlacementParams, rng: RandomStream): Placement {
  const model = new PipelineCostModel(problem);
  let best: PipelineCandidate | null;
  if (pipelineExhaustive(problem, params.solver)) best = exhaustivePipeline(model);
  else {
    const rank = Array.from({ length: problem.pieces }, (_, i) => i);
    const balanced = balancedCuts(model, rank);
    const starts = balanced ? [{ cuts: balanced.cuts, servers: rank, stepS: model.stepS(balanced.cuts, rank) }] : [];
    best = localSearch(model, starts, params.restarts, rng);
  }
  if (!best) throw noPipelineFits(model);
  return finish(problem, pipelinePieces(best.cuts, best.servers.map((i) => problem.servers[i]!.id)));
}

/**
 * The optimized placement of a problem.
 * @throws PlacementError when nothing fits
 */
export function placeOptimized(problem: PlacementProblem, params: OptimizedPlacementParams, rng: RandomStream): Placement {
  requireSizes(problem, 'optimized');
  return problem.kind === 'pipeline' ? placePipeline(problem, params, rng) : placeTensorOptimized(problem);
}

const schema = z.strictObject({
  name: z.literal('optimized'),
  solver: z.enum(['auto', 'exhaustive', 'local-search']).optional(),
  restarts: z.number().int().min(0).optional(),
});

/** The `optimized` entry of the placements registry. */
export const optimizedPlacement: PlacementEntry<OptimizedPlacementParams> = {
  schema,
  defaults: OPTIMIZED_PLACEMENT_DEFAULTS,
  resolve: (spec: RegistrySpec) => withDefaults<OptimizedPlacementParams>(OPTIMIZED_PLACEMENT_DEFAULTS, schema.parse(spec)),
  place: placeOptimized,
};
