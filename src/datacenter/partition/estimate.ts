/**
 * The placement predictor: the uncontended step time and memory of a partitioned model's pieces.
 *
 * Pipeline (design §8.3): forward and backward are each a flow shop of 2S − 1 machines — S compute
 * stages and S − 1 boundary transfers between them — through which the M micro-batches pass as
 * identical jobs, so each direction takes C = Σ_j p_j + (M − 1)·max_j p_j (identical-job flow shop;
 * with equal stages and no transfer cost it is (M + S − 1)·t, GPipe's bubble of Huang et al. 2019).
 * Stage s's forward is Σ_{l∈s} fwd_l·mb / F_s, its backward twice that; the transfer after stage s
 * carries the boundary activation (out_l·mb·activationBytesPerValue) forward and the same bytes of
 * gradient back, each timed by `problem.transferS` (§2.3 α–β, uncontended). The backward shop
 * starts when the forward one ends (GPipe's flush) with stage S − 1; each stage runs its update,
 * 2·q_s / F_s, once its last backward is done, which is the completion of the backward shop's
 * machines up to it (a prefix of a tandem line is a flow shop too):
 * T = C_fwd + max_s (C_bwd,≤s + 2q_s/F_s). Times use the mean micro-batch B/M; memory the largest,
 * ⌈B/M⌉. A route of several hops is one machine here (its whole α + nβ), so when such a transfer
 * is the bottleneck the predictor overestimates. 1F1B is charged the same (with equal stages and
 * c = 0 its bubble equals GPipe's, Narayanan et al. 2021); with unequal stages it is an
 * approximation. Only its memory differs.
 *
 * Tensor (design §8.4): per parametered layer, the slowest slice's forward max_i f_i·fwd_l·mb/F_i,
 * then a ring all-gather of the output activation in chunks ∝ f_i (each ring step moves every
 * chunk once, so it is charged as w chunks of the largest, f_max); backward 2·f_i·fwd_l·mb/F_i, then
 * a ring all-reduce of the input-activation gradient, charged as two all-gathers (reduce-scatter +
 * all-gather of equal chunks; none at layer 0, whose input needs no gradient). Parameterless
 * layers run whole on every node, without communication. Update max_i 2·f_i·q / F_i.
 * @module
 */
import { layerInputValues, pieceBytes } from '../memory.js';
import type { Piece, PlacementProblem } from './types.js';

/** Examples per micro-batch on average: batch / microbatches (what times are charged on). */
export function microbatchSize(problem: PlacementProblem): number {
  return problem.batch / problem.microbatches;
}

/**
 * Examples of the largest micro-batch, ⌈batch / microbatches⌉ (the runner cuts a batch into
 * micro-batches differing by at most one): what memory is sized for.
 */
export function memoryMicrobatch(problem: PlacementProblem): number {
  return Math.ceil(problem.batch / problem.microbatches);
}

/**
 * Micro-batches whose activations stage `stage` stashes at once: M for GPipe, min(S − s, M) for
 * 1F1B (s from 0), 1 for a tensor slice.
 */
export function inFlight(problem: PlacementProblem, stage: number): number {
  if (problem.kind === 'tensor') return 1;
  const m = problem.microbatches;
  return problem.schedule === 'gpipe' ? m : Math.min(problem.pieces - stage, m);
}

/** Memory a piece needs on its node (bytes), by {@link pieceBytes}. */
export function pieceMemoryBytes(problem: PlacementProblem, piece: Piece): number {
  return pieceBytes(problem.def, piece.layers, memoryMicrobatch(problem), inFlight(problem, piece.index), problem.optimizerStateFactor, piece.share);
}

/** Memory each node of a placement needs (bytes; a node holding several pieces sums them). */
export function piecesMemory(problem: PlacementProblem, pieces: readonly Piece[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const p of pieces) out.set(p.node, (out.get(p.node) ?? 0) + pieceMemoryBytes(problem, p));
  return out;
}

/**
 * Pipeline costs of one problem, tabulated for solvers that try many candidates: forward FLOPs by
 * prefix sums, piece memory and boundary transfers cached. A candidate is `cuts` (S + 1 layer
 * boundaries, 0 = cuts[0] < … < cuts[S] = L; stage s holds layers [cuts[s], cuts[s+1])) and
 * `servers` (S distinct indices into `problem.servers`).
 */
export class PipelineCostModel {
  /** profile layers L */
  readonly layers: number;
  /** stages S */
  readonly stages: number;
  private readonly fwdPrefix: Float64Array;
  private readonly paramsPrefix: Float64Array;
  private readonly mb: number;
  private readonly n: number;
  private readonly memCache: Float64Array;
  private readonly transferCache: Float64Array | Map<number, number>;
  private readonly occupancyCache: Float64Array | Map<number, number>;

  /** @param problem - a pipeline problem */
  constructor(readonly problem: PlacementProblem) {
    const L = problem.def.layers.length;
    this.layers = L;
    this.stages = problem.pieces;
    this.mb = microbatchSize(problem);
    this.n = problem.servers.length;
    this.fwdPrefix = new Float64Array(L + 1);
    this.paramsPrefix = new Float64Array(L + 1);
    for (let l = 0; l < L; l++) {
      this.fwdPrefix[l + 1] = this.fwdPrefix[l]! + problem.def.layers[l]!.forwardFlops;
      this.paramsPrefix[l + 1] = this.paramsPrefix[l]! + problem.def.layers[l]!.params;
    }
    this.memCache = new Float64Array((L + 1) * (L + 1) * Math.max(1, this.stages)).fill(NaN);
    const cells = (L + 1) * this.n * this.n;
    this.transferCache = cells <= 1 << 18 ? new Float64Array(cells).fill(NaN) : new Map(); // a table up to 2 MB
    this.occupancyCache = cells <= 1 << 18 ? new Float64Array(cells).fill(NaN) : new Map();
  }

  /** Forward seconds of layers [first, end) on server `server`, one micro-batch. */
  forwardS(first: number, end: number, server: number): number {
    return ((this.fwdPrefix[end]! - this.fwdPrefix[first]!) * this.mb) / this.problem.servers[server]!.flopsPerS;
  }

  /** Update seconds (2 FLOPs per parameter) of layers [first, end) on server `server`. */
  updateS(first: number, end: number, server: number): number {
    return (2 * (this.paramsPrefix[end]! - this.paramsPrefix[first]!)) / this.problem.servers[server]!.flopsPerS;
  }

  /** Memory (bytes) stage `stage` needs holding layers [first, end). */
  stageBytes(first: number, end: number, stage: number): number {
    const L1 = this.layers + 1;
    const k = (stage * L1 + first) * L1 + end;
    let v = this.memCache[k]!;
    if (Number.isNaN(v)) {
      v = pieceBytes(this.problem.def, [first, end], memoryMicrobatch(this.problem), inFlight(this.problem, stage), this.problem.optimizerStateFactor);
      this.memCache[k] = v;
    }
    return v;
  }

  /** Seconds to send one micro-batch's activation (or its gradient) at boundary `boundary` from server `from` to `to`: its latency, first byte posted to last byte arrived. */
  transferS(boundary: number, from: number, to: number): number {
    return this.boundaryS(this.transferCache, this.problem.transferS, boundary, from, to);
  }

  /**
   * Seconds the route's busiest link is occupied by that message: what each further micro-batch
   * adds behind it (a route of several hops is several machines of the flow shop, not one).
   */
  occupancyS(boundary: number, from: number, to: number): number {
    return this.boundaryS(this.occupancyCache, this.problem.occupancyS ?? this.problem.transferS, boundary, from, to);
  }

  private boundaryS(cache: Float64Array | Map<number, number>, time: (from: string, to: string, bytes: number) => number, boundary: number, from: number, to: number): number {
    const k = (boundary * this.n + from) * this.n + to;
    let v = cache instanceof Map ? cache.get(k) : cache[k];
    if (v === undefined || Number.isNaN(v)) {
      const bytes = layerInputValues(this.problem.def, boundary) * this.mb * this.problem.activationBytesPerValue;
      v = time(this.problem.servers[from]!.id, this.problem.servers[to]!.id, bytes);
      if (cache instanceof Map) cache.set(k, v);
      else cache[k] = v;
    }
    return v;
  }

  /** Whether every stage of the candidate fits its server's memory. */
  fits(cuts: readonly number[], servers: readonly number[]): boolean {
    for (let s = 0; s < this.stages; s++) if (this.stageBytes(cuts[s]!, cuts[s + 1]!, s) > this.problem.servers[servers[s]!]!.memoryBytes) return false;
    return true;
  }

  /**
   * Predicted step seconds of the candidate (memory not checked): the forward flow shop, then the
   * backward one (stage S − 1 first), each stage's update starting when its last backward ends.
   */
  stepS(cuts: readonly number[], servers: readonly number[]): number {
    const S = this.stages;
    const m1 = this.problem.microbatches - 1;
    let sumF = 0;
    let maxF = 0;
    for (let s = 0; s < S; s++) {
      const f = this.forwardS(cuts[s]!, cuts[s + 1]!, servers[s]!);
      sumF += f;
      if (f > maxF) maxF = f;
      if (s < S - 1) {
        sumF += this.transferS(cuts[s + 1]!, servers[s]!, servers[s + 1]!);
        const of = this.occupancyS(cuts[s + 1]!, servers[s]!, servers[s + 1]!);
        if (of > maxF) maxF = of;
      }
    }
    let sumB = 0;
    let maxB = 0;
    let endS = 0;
    for (let s = S - 1; s >= 0; s--) {
      if (s < S - 1) {
        sumB += this.transferS(cuts[s + 1]!, servers[s + 1]!, servers[s]!);
        const ob = this.occupancyS(cuts[s + 1]!, servers[s + 1]!, servers[s]!);
        if (ob > maxB) maxB = ob;
      }
      const b = 2 * this.forwardS(cuts[s]!, cuts[s + 1]!, servers[s]!);
      sumB += b;
      if (b > maxB) maxB = b;
      // the backward shop's machines up to stage s are a flow shop of their own: its last job leaves stage s then
      endS = Math.max(endS, sumB + m1 * maxB + this.updateS(cuts[s]!, cuts[s + 1]!, servers[s]!));
    }
    return sumF + m1 * maxF + endS;
  }
}

/** Index of each server id in `problem.servers`. */
function serverIndex(problem: PlacementProblem, id: string): number {
  const i = problem.servers.findIndex((s) => s.id === id);
  if (i < 0) throw new RangeError(`placement names '${id}', not a candidate server`);
  return i;
}

/**
 * Predicted step seconds of a pipeline placement (pieces in stage order, contiguous layers).
 * @param problem - the problem
 * @param pieces - its stages
 */
export function pipelineStepS(problem: PlacementProblem, pieces: readonly Piece[]): number {
  const cuts = [0, ...pieces.map((p) => p.layers[1])];
  const model = new PipelineCostModel({ ...problem, pieces: pieces.length });
  return model.stepS(cuts, pieces.map((p) => serverIndex(problem, p.node)));
}

/**
 * Predicted step seconds of a tensor placement (every piece holds all layers, shares summing to 1).
 * @param problem - the problem
 * @param pieces - its slices (ring order)
 */
export function tensorStepS(problem: PlacementProblem, pieces: readonly Piece[]): number {
  const def = problem.def;
  const mb = microbatchSize(problem);
  const flops = pieces.map((p) => problem.servers[serverIndex(problem, p.node)]!.flopsPerS);
  const nodes = pieces.map((p) => p.node);
  const w = pieces.length;
  const maxShare = pieces.reduce((a, p) => Math.max(a, p.share), 0);
  // a ring step moves every chunk once, so it lasts as long as the largest: chunks ∝ f_i gather like w equal chunks of f_max
  const gatherS = (values: number, share: number): number => (w > 1 ? problem.allGatherS(nodes, w * share * values * mb * problem.activationBytesPerValue) : 0);
  let fwdS = 0;
  let bwdS = 0;
  let q = 0;
  for (let l = 0; l < def.layers.length; l++) {
    const layer = def.layers[l]!;
    q += layer.params;
    let slowest = 0;
    for (let i = 0; i < pieces.length; i++) slowest = Math.max(slowest, ((layer.params > 0 ? pieces[i]!.share : 1) * layer.forwardFlops * mb) / flops[i]!);
    fwdS += slowest;
    bwdS += 2 * slowest;
    if (layer.params > 0) {
      fwdS += gatherS(layer.outputSize, maxShare);
      if (l > 0) bwdS += 2 * gatherS(layerInputValues(def, l), 1 / w); // equal chunks; the model's input needs no gradient
    }
  }
  let updateS = 0;
  for (let i = 0; i < pieces.length; i++) updateS = Math.max(updateS, (2 * pieces[i]!.share * q) / flops[i]!);
  return problem.microbatches * (fwdS + bwdS) + updateS;
}

/** Predicted step seconds of a placement of either kind. */
export function predictStepS(problem: PlacementProblem, pieces: readonly Piece[]): number {
  return problem.kind === 'pipeline' ? pipelineStepS(problem, pieces) : tensorStepS(problem, pieces);
}
