/**
 * The hierarchical training tiers data centers take over: for each data center attached with
 * `aggregates: true`, its attach node's weighted means are sharded over the data center's servers
 * (`dcTierAggregator`), each emitting a `dc.tier` record. Built before training starts, so the
 * training context routes that node's aggregations there (`TrainingContext.aggregateAt`).
 * @module
 */
import type { TierAggregator } from '../datacenter/tier.js';
import { dcTierAggregator } from '../datacenter/tier.js';
import type { Fabric } from '../datacenter/types.js';
import type { ResolvedDatacenter } from '../datacenter/spec.js';
import { datacenterContext } from './datacenterContext.js';
import type { World } from './world.js';

/**
 * The tier aggregator of each node a data center aggregates for.
 * @param world - the world (its links exist)
 * @param datacenters - the resolved data centers
 * @param fabrics - their fabrics, in the same order
 */
export function datacenterTiers(world: World, datacenters: readonly ResolvedDatacenter[], fabrics: readonly Fabric[]): Map<string, TierAggregator> {
  const tiers = new Map<string, TierAggregator>();
  datacenters.forEach((dc, i) => {
    if (dc.attach === null || !dc.attach.aggregates) return;
    const gateway = dc.attach.node;
    tiers.set(gateway, dcTierAggregator({ dc: dc.id, fabric: fabrics[i]!, ctx: datacenterContext(world), gateway, servers: dc.layout.servers, onTier: (row) => world.sim.trace.emit('dc.tier', row) }));
  });
  return tiers;
}
