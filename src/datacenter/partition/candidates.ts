/**
 * What the placements share: pieces from cut points and server choices, memory checks with the
 * error that names the node, tensor slice shares (∝ FLOP/s, capped by memory), kSubsets, and
 * the finished {@link Placement} (predicted step and memory per node from estimate.ts).
 * @module
 */
import { pieceBytes } from '../memory.js';
import type { ServerInfo } from '../job.js';
import { memoryMicrobatch, pieceMemoryBytes, piecesMemory, predictStepS } from './estimate.js';
import { PlacementError, type Piece, type Placement, type PlacementProblem } from './types.js';

/** How far below its memory cap a tensor slice's share is set, relative, so that rounding never tips it over. */
const CAP_MARGIN = 1e-12;

/** Whether `needBytes` fits in `haveBytes`. */
export function fitsIn(needBytes: number, haveBytes: number): boolean {
  return needBytes <= haveBytes;
}

/** A piece that does not fit its node. */
export interface Misfit {
  /** the piece */
  piece: Piece;
  /** bytes it needs */
  needBytes: number;
  /** bytes its node offers */
  haveBytes: number;
}

/** The problem's server with id `id`. */
export function serverById(problem: PlacementProblem, id: string): ServerInfo {
  const s = problem.servers.find((x) => x.id === id);
  if (!s) throw new RangeError(`'${id}' is not a candidate server`);
  return s;
}

/** The first piece (in order) that does not fit its node's memory, or null. */
export function firstMisfit(problem: PlacementProblem, pieces: readonly Piece[]): Misfit | null {
  for (const piece of pieces) {
    const needBytes = pieceMemoryBytes(problem, piece);
    const haveBytes = serverById(problem, piece.node).memoryBytes;
    if (!fitsIn(needBytes, haveBytes)) return { piece, needBytes, haveBytes };
  }
  return null;
}

/** How a misfit reads in an error: which piece, which node, how many bytes. */
export function misfitMessage(problem: PlacementProblem, scheme: string, m: Misfit): string {
  const what = problem.kind === 'pipeline' ? `stage ${m.piece.index} (layers [${m.piece.layers[0]}, ${m.piece.layers[1]}))` : `tensor slice ${m.piece.index} (share ${m.piece.share.toPrecision(4)})`;
  return `placement '${scheme}': ${what} of model '${problem.def.name}' needs ${Math.ceil(m.needBytes)} bytes; server '${m.piece.node}' offers ${Math.floor(m.haveBytes)}`;
}

/** Throws a {@link PlacementError} naming the piece and node when the problem's sizes admit no placement. */
export function requireSizes(problem: PlacementProblem, scheme: string): void {
  const L = problem.def.layers.length;
  const k = problem.pieces;
  if (!(Number.isInteger(k) && k >= 1)) throw new PlacementError(null, `placement '${scheme}': ${k} pieces; need a whole number ≥ 1`);
  if (k > problem.servers.length) throw new PlacementError(null, `placement '${scheme}': ${k} ${problem.kind === 'pipeline' ? 'stages' : 'slices'} need ${k} distinct servers; only ${problem.servers.length} are candidates`);
  if (problem.kind === 'pipeline' && k > L) throw new PlacementError(null, `placement '${scheme}': ${k} stages of model '${problem.def.name}', which has only ${L} layers`);
}

/** Pipeline pieces: stage s holds layers [cuts[s], cuts[s+1]) on server `ids[s]`. */
export function pipelinePieces(cuts: readonly number[], ids: readonly string[]): Piece[] {
  return ids.map((node, index) => ({ index, node, layers: [cuts[index]!, cuts[index + 1]!], share: 1 }));
}

/** Tensor pieces: slice i with share `shares[i]` of every layer on server `ids[i]`. */
export function tensorPieces(problem: PlacementProblem, ids: readonly string[], shares: readonly number[]): Piece[] {
  return ids.map((node, index) => ({ index, node, layers: [0, problem.def.layers.length], share: shares[index]! }));
}

/** The placement of `pieces`: the predictor's step time and each node's memory. */
export function finish(problem: PlacementProblem, pieces: Piece[]): Placement {
  return { pieces, predictedStepS: predictStepS(problem, pieces), memoryBytes: piecesMemory(problem, pieces) };
}

/** Shares that fit a tensor group. */
export interface SharesFit {
  /** true */
  ok: true;
  /** share of each server of the group, summing to 1 */
  shares: number[];
}

/** Why no shares fit a tensor group. */
export interface SharesMisfit {
  /** false */
  ok: false;
  /** the server to blame */
  node: string;
  /** what does not fit where */
  message: string;
}

/** Shares of a tensor group, or what keeps them from fitting. */
export type SliceShares = SharesFit | SharesMisfit;

/**
 * Slice shares for a group: f_i ∝ FLOP/s, capped where a slice would not fit its node's memory,
 * the excess shared out among the others in proportion to their FLOP/s (water-filling). A slice of
 * share f needs b₀ + f·(b₁ − b₀) bytes (b₀ = the full activations, b₁ = the whole model's states too).
 * @param problem - a tensor problem
 * @param group - the servers, in ring order
 */
export function sliceShares(problem: PlacementProblem, group: readonly ServerInfo[]): SliceShares {
  const L = problem.def.layers.length;
  const mb = memoryMicrobatch(problem);
  const b0 = pieceBytes(problem.def, [0, L], mb, 1, problem.optimizerStateFactor, 0);
  const perShare = pieceBytes(problem.def, [0, L], mb, 1, problem.optimizerStateFactor, 1) - b0;
  const caps = group.map((s) => (perShare > 0 ? ((s.memoryBytes - b0) / perShare) * (1 - CAP_MARGIN) : s.memoryBytes >= b0 ? Infinity : -1));
  for (let i = 0; i < group.length; i++) {
    if (caps[i]! <= 0) return { ok: false, node: group[i]!.id, message: `a tensor slice of model '${problem.def.name}' needs ${Math.ceil(b0)} bytes of activations alone; server '${group[i]!.id}' offers ${Math.floor(group[i]!.memoryBytes)}` };
  }
  const capTotal = caps.reduce((a, c) => a + c, 0);
  if (capTotal < 1) {
    const low = group.reduce((a, s) => (s.memoryBytes < a.memoryBytes ? s : a));
    return { ok: false, node: low.id, message: `the ${group.length} slices of model '${problem.def.name}' need ${Math.ceil(b0 * group.length + perShare)} bytes together; the group offers ${Math.floor(group.reduce((a, s) => a + s.memoryBytes, 0))} (smallest: '${low.id}', ${Math.floor(low.memoryBytes)})` };
  }
  const shares = new Array<number>(group.length).fill(0);
  const free = new Set(group.map((_, i) => i));
  let remaining = 1;
  for (;;) {
    let flops = 0;
    for (const i of free) flops += group[i]!.flopsPerS;
    const lambda = remaining / flops;
    const capped = [...free].filter((i) => lambda * group[i]!.flopsPerS > caps[i]!);
    if (capped.length === 0) {
      for (const i of free) shares[i] = lambda * group[i]!.flopsPerS;
      return { ok: true, shares };
    }
    for (const i of capped) {
      shares[i] = caps[i]!;
      remaining -= caps[i]!;
      free.delete(i);
    }
  }
}

/** C(n, k) as a float (exact for the sizes solvers compare). */
export function binomial(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
  return Math.round(c);
}

/** P(n, k) = n!/(n − k)!: ordered choices of k of n. */
export function permutations(n: number, k: number): number {
  let p = 1;
  for (let i = 0; i < k; i++) p *= n - i;
  return k > n ? 0 : p;
}

/**
 * Every k-subset of {lo, …, hi − 1}, ascending, in lexicographic order (the array is reused between
 * yields: copy it to keep it).
 */
export function* kSubsets(lo: number, hi: number, k: number): Generator<number[]> {
  const n = hi - lo;
  if (k > n || k < 0) return;
  const c = Array.from({ length: k }, (_, i) => lo + i);
  for (;;) {
    yield c;
    let i = k - 1;
    while (i >= 0 && c[i] === hi - k + i) i--;
    if (i < 0) return;
    c[i]!++;
    for (let j = i + 1; j < k; j++) c[j] = c[j - 1]! + 1;
  }
}

/** Every cut vector [0, c₁, …, c_{S−1}, L] of L layers into S non-empty stages, lexicographic (fresh arrays). */
export function* cutSets(layers: number, stages: number): Generator<number[]> {
  for (const inner of kSubsets(1, layers, stages - 1)) yield [0, ...inner, layers];
}
