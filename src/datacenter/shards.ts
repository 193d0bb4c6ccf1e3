/**
 * How a data-parallel job spreads its data over its servers (design §7.1; docs/datacenter.md,
 * "Data parallelism"): the memory a server has left for data once its replica is in place,
 * A_i = memoryFraction·memory_i − replica_i, shards by the seed's rule (`memoryPartition`: shares
 * ∝ A_i, each capped at A_i / bytesPerExample), and the per-step batch split by largest remainder
 * ∝ shard size (`memory`), ∝ FLOP/s (`compute`) or equally (`equal`).
 * @module
 */
import type { RandomStream } from '../engine/random.js';
import type { ModelDef } from '../learning/models.js';
import { memoryPartition } from '../learning/partition.js';
import { replicaBytes } from './memory.js';
import type { ServerInfo } from './job.js';

/** How a data-parallel job gives each server its examples per step. */
export type DpAllocation = 'memory' | 'compute' | 'equal';

/**
 * Splits an integer `total` into integers ∝ `weights` by largest remainder (Hamilton's method):
 * each part gets ⌊total·w_i/Σw⌋, and the parts with the largest fractional remainders get one
 * more until the sum is `total` (ties: the lower index first).
 * @param total - integer ≥ 0
 * @param weights - ≥ 0, not all 0 (unless total is 0)
 */
export function largestRemainder(total: number, weights: readonly number[]): number[] {
  if (!(Number.isInteger(total) && total >= 0)) throw new RangeError(`total must be an integer ≥ 0, got ${total}`);
  if (weights.some((w) => !(w >= 0) || !Number.isFinite(w))) throw new RangeError(`weights must be finite and ≥ 0, got [${weights.join(', ')}]`);
  const sum = weights.reduce((a, b) => a + b, 0);
  if (total === 0) return weights.map(() => 0);
  if (!(sum > 0)) throw new RangeError(`cannot split ${total} over weights that sum to 0`);
  const exact = weights.map((w) => (total * w) / sum);
  const parts = exact.map(Math.floor);
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => ({ i, r: e - Math.floor(e) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (let k = 0; left > 0; k++, left--) parts[order[k % order.length]!.i]!++;
  return parts;
}

/** Weights of the per-step batch split under each allocation before shards exist (memory: offered memory). */
function firstWeights(allocation: DpAllocation, servers: readonly ServerInfo[]): number[] {
  if (allocation === 'compute') return servers.map((s) => s.flopsPerS);
  if (allocation === 'equal') return servers.map(() => 1);
  return servers.map((s) => s.memoryBytes);
}

/** What a data-parallel job's data plan needs. */
export interface ShardInputs {
  /** the model */
  def: ModelDef;
  /** the job's servers in rank order (memory offered, memoryFraction applied) */
  servers: readonly ServerInfo[];
  /** training examples of the dataset */
  trainExamples: number;
  /** global batch per step */
  batch: number;
  /** how the batch is split */
  allocation: DpAllocation;
  /** memory one example takes (bytes) */
  bytesPerExample: number;
  /** optimizer state values per parameter */
  optimizerStateFactor: number;
}

/** Each server's data: its shard, its per-step batch and its memory use. */
export interface ShardPlan {
  /** per server: indices of its training examples */
  shards: number[][];
  /** per server: examples per step (Σ = the global batch) */
  batches: number[];
  /** per server: the replica's bytes at its batch */
  replicaBytes: number[];
  /** per server: memory left for data when shards were drawn (A_i, bytes) */
  dataBytes: number[];
  /** per server: replica + shard bytes */
  memoryUsedBytes: number[];
}

/** A data plan that cannot be made: one message per server that does not fit. */
export class ShardError extends Error {
  /**
   * @param issues - messages, each naming a server
   */
  constructor(readonly issues: readonly string[]) {
    super(issues.join('; '));
    this.name = 'ShardError';
  }
}

const mb = (bytes: number): string => `${+(bytes / 1e6).toPrecision(3)} MB`;

/**
 * Why a replica does not fit a server: "a replica of 'cnn' needs 27.4 MB (weights, gradients, 1
 * optimizer state, activations of 32 examples) but 'dc.s7' offers 16 MB (memoryFraction 0.25 of
 * 64 MB)".
 */
export function replicaMisfit(def: ModelDef, server: ServerInfo, batch: number, optimizerStateFactor: number, memoryFraction: number, neededBytes: number): string {
  const states = optimizerStateFactor === 1 ? '1 optimizer state' : `${optimizerStateFactor} optimizer states`;
  const of = memoryFraction === 1 ? '' : ` (memoryFraction ${memoryFraction} of ${mb(server.memoryBytes / memoryFraction)})`;
  return `a replica of '${def.name}' needs ${mb(neededBytes)} (weights, gradients, ${states}, activations of ${batch} examples) but '${server.id}' offers ${mb(server.memoryBytes)}${of}`;
}

/**
 * The data plan (design §7.1). The batch is first split by the allocation's weights (offered
 * memory under `memory`), which sizes each replica; A_i = offered_i − replica_i; shards by
 * `memoryPartition(n, A, bytesPerExample, rng)`; under `memory` the batch is then re-split ∝ shard
 * size, and a shard is trimmed (its last examples dropped) if a larger batch's activations leave
 * it less room. Shard sizes do not depend on `rng` (only which examples), so validation can call
 * this with any stream.
 * @param inputs - model, servers, data size, batch, allocation, example size, optimizer states
 * @param rng - the stream shards are drawn from (`datacenter/<dc>/<job>/shards`)
 * @param memoryFraction - for messages only: the share of each node's memory the job may use
 * @throws ShardError when a replica does not fit a server, or a server with a batch holds no examples
 */
export function planShards(inputs: ShardInputs, rng: RandomStream, memoryFraction = 1): ShardPlan {
  const { def, servers, trainExamples, batch, allocation, bytesPerExample, optimizerStateFactor: k } = inputs;
  if (servers.length === 0) throw new ShardError(['no servers']);
  const first = largestRemainder(batch, firstWeights(allocation, servers));
  const issues: string[] = [];
  const dataBytes = servers.map((s, i) => {
    const need = replicaBytes(def, first[i]!, k);
    if (need > s.memoryBytes) issues.push(replicaMisfit(def, s, first[i]!, k, memoryFraction, need));
    return Math.max(0, s.memoryBytes - need);
  });
  if (issues.length > 0) throw new ShardError(issues);
  if (!dataBytes.some((a) => a >= bytesPerExample)) throw new ShardError([`no server has room for one example of ${bytesPerExample} bytes beside its replica`]);
  const shards = memoryPartition(trainExamples, dataBytes, bytesPerExample, rng);
  const batches = allocation === 'memory' ? largestRemainder(batch, shards.map((s) => s.length)) : first;
  const replicas = servers.map((_, i) => replicaBytes(def, batches[i]!, k));
  servers.forEach((s, i) => {
    if (replicas[i]! > s.memoryBytes) issues.push(replicaMisfit(def, s, batches[i]!, k, memoryFraction, replicas[i]!));
    else {
      const room = Math.floor((s.memoryBytes - replicas[i]!) / bytesPerExample);
      if (shards[i]!.length > room) shards[i] = shards[i]!.slice(0, room);
    }
    if (batches[i]! > 0 && shards[i]!.length === 0) issues.push(`'${s.id}' holds no examples but its batch is ${batches[i]} (allocation '${allocation}')`);
  });
  if (issues.length > 0) throw new ShardError(issues);
  const memoryUsedBytes = replicas.map((r, i) => r + shards[i]!.length * bytesPerExample);
  return { shards, batches, replicaBytes: replicas, dataBytes, memoryUsedBytes };
}

/**
 * Draws a server's per-step batches from its shard: a seeded permutation of the shard, consumed in
 * order and redrawn at the end of each pass, so no example repeats within a pass (a batch larger
 * than the shard spans passes).
 */
export class ShardSampler {
  private order: number[] = [];
  private pos = 0;

  /**
   * @param shard - example indices
   * @param rng - the stream (`datacenter/<dc>/<job>/<node>/batch`)
   */
  constructor(
    private readonly shard: readonly number[],
    private readonly rng: RandomStream,
  ) {}

  /** The next `count` example indices. */
  next(count: number): number[] {
    const out: number[] = [];
    if (this.shard.length === 0) return out;
    while (out.length < count) {
      if (this.pos >= this.order.length) {
        this.order = this.rng.shuffle(this.shard.slice());
        this.pos = 0;
      }
      out.push(this.order[this.pos++]!);
    }
    return out;
  }
}
