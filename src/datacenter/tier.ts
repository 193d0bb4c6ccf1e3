/**
 * A data center as a hierarchical training tier (docs/datacenter.md, "The tier"): the weighted mean
 * a tier node (the cloud, an edge center) takes of K parts is sharded over the servers of a data
 * center attached to it. The gateway sends server j one message with shard j of every part
 * (K·len_j·4 bytes), server j sums its shard ({@link WeightedSum}) and charges 2·K·len_j FLOPs on
 * its CPU, returns len_j·4 bytes, and the gateway assembles the shards. Each element is summed in
 * the same order and precision as {@link weightedMean}, so the result is bitwise the same.
 * @module
 */
import type { Process, ProcessGenerator } from '../engine/process.js';
import { WeightedSum, weightedMean, type WeightedVector } from '../learning/aggregate.js';
import { chunkBounds } from './collectives/collective.js';
import type { DatacenterContext } from './context.js';
import type { Fabric } from './types.js';

/** One aggregation the tier did: a `dc.tier` row. */
export interface DcTierRecord {
  /** data center id */
  dc: string;
  /** the tier node (the gateway) */
  node: string;
  /** the aggregation's label (e.g. `c3/aggregate`) */
  label: string;
  /** parts averaged (K) */
  parts: number;
  /** when the aggregation began (s) */
  startS: number;
  /** when the gateway had every shard back (s) */
  endS: number;
}

/** Takes over a tier node's weighted means (what `TrainingContext.aggregateAt` calls). */
export interface TierAggregator {
  /**
   * The weighted mean of `parts`, bitwise equal to {@link weightedMean}.
   * @param parts - contributions in summation order; read during the call, not modified
   * @param label - task label of the messages and CPU work
   * @param values - values per part (vectors may be empty: timing mode moves sizes only)
   */
  aggregate(parts: readonly WeightedVector[], label: string, values: number): ProcessGenerator<Float32Array>;
}

/** What {@link dcTierAggregator} needs. */
export interface DcTierOptions {
  /** data center id (for the records) */
  dc: string;
  /** the data center's fabric (its nodes include the gateway: the attach node) */
  fabric: Fabric;
  /** the world as the data center sees it (the servers' CPUs) */
  ctx: DatacenterContext;
  /** the tier node the data center is attached to */
  gateway: string;
  /** the servers that reduce the shards, in shard order */
  servers: readonly string[];
  /** called once per aggregation, when it ends */
  onTier?: (row: DcTierRecord) => void;
}

/**
 * The sharded weighted mean over a data center (a process: yield* it). Server j gets values
 * [b_j, b_{j+1}) of {@link chunkBounds}(values, servers); servers whose shard is empty take no part.
 * All the gateway's messages are posted at once (they share its NIC and link in server order); on
 * idle links the time is max_j (T(gateway→j, K·len_j·4) + 2·K·len_j/F_j + T(j→gateway, len_j·4)),
 * T the fabric's α–β (`uncontendedTransferS`).
 * @param fabric - carries the shards
 * @param ctx - the servers' CPUs
 * @param gateway - where the parts are and the mean is wanted
 * @param servers - reducing servers, in shard order (at least one)
 * @param parts - contributions; vectors of `values` values, or all empty (timing mode)
 * @param label - task label of the messages and CPU work
 * @param values - values per part; default the first vector's length
 * @throws Error when the vectors' lengths differ from `values`, RangeError when the weights sum to 0; a failed message's error
 */
export function* shardedAggregate(
  fabric: Fabric,
  ctx: DatacenterContext,
  gateway: string,
  servers: readonly string[],
  parts: readonly WeightedVector[],
  label: string,
  values: number = parts[0]?.vector.length ?? 0,
): ProcessGenerator<Float32Array> {
  if (parts.length === 0) throw new RangeError('nothing to average');
  if (servers.length === 0) throw new RangeError('a data-center tier needs at least one server');
  const real = parts[0]!.vector.length === values && values > 0;
  for (const p of parts) if (p.vector.length !== (real ? values : 0)) throw new Error(`tier ${label}: a part has ${p.vector.length} values, expected ${real ? values : 0} (of ${values})`);
  // The weights are checked before anything moves (weightedMean's own errors, on an empty copy).
  const total = new WeightedSum(0);
  for (const p of parts) total.add(new Float32Array(0), p.weight);
  total.mean();
  const K = parts.length;
  const bounds = chunkBounds(values, servers.length);
  const out = new Float32Array(real ? values : 0);
  const { sim } = ctx;
  const shard = function* (j: number): ProcessGenerator<void> {
    const lo = bounds[j]!;
    const len = bounds[j + 1]! - lo;
    const server = servers[j]!;
    yield fabric.send(gateway, server, K * len * 4, `${label}/shard ${j}`);
    const sum = new WeightedSum(real ? len : 0);
    for (const p of parts) sum.add(real ? p.vector.subarray(lo, lo + len) : p.vector, p.weight);
    yield ctx.node(server).cpu.computeOnAllCores(2 * K * len, `${label}/shard ${j}`).done;
    yield fabric.send(server, gateway, len * 4, `${label}/shard ${j} back`);
    if (real) out.set(sum.mean(), lo);
  };
  const procs: Process<void>[] = [];
  for (let j = 0; j < servers.length; j++) if (bounds[j + 1]! > bounds[j]!) procs.push(sim.process(shard(j), `${label} shard ${j} at ${servers[j]}`));
  if (procs.length > 0) yield sim.allOf(procs);
  return real ? out : weightedMean(parts);
}

/**
 * A tier aggregator over a data center: {@link shardedAggregate} at the gateway, one
 * {@link DcTierRecord} per call through `onTier`.
 * @param o - the data center, its gateway and servers
 */
export function dcTierAggregator(o: DcTierOptions): TierAggregator {
  return {
    *aggregate(parts, label, values) {
      const startS = o.ctx.sim.now;
      const mean = yield* shardedAggregate(o.fabric, o.ctx, o.gateway, o.servers, parts, label, values);
      o.onTier?.({ dc: o.dc, node: o.gateway, label, parts: parts.length, startS, endS: o.ctx.sim.now });
      return mean;
    },
  };
}
