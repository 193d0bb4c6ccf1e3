/**
 * The world as a training protocol sees it: the scenario layer implements
 * {@link TrainingContext} over the world it built, so training never imports the scenario layer.
 * @module
 */
import type { TrainingContext } from '../training/context.js';
import type { World } from './world.js';
import type { RadioChannel } from '../radio/channel.js';
import type { SimNode } from '../node/node.js';
import type { EnergyMeter } from '../node/energy.js';
import { pushTo } from '../util/maps.js';
import { weightedMean } from '../learning/aggregate.js';
import type { TierAggregator } from '../datacenter/tier.js';

/**
 * The training context of a world.
 * @param world - the built world
 * @param aggregators - tier node → the data center that takes over its weighted means
 *   (`dcTierAggregator` of each data center attached with `aggregates: true`); default none
 */
export function trainingContext(world: World, aggregators: ReadonlyMap<string, TierAggregator> = new Map()): TrainingContext {
  const { sim } = world;
  const node = (id: string): SimNode => {
    const n = world.nodes.get(id);
    if (n === undefined) throw new Error(`unknown node '${id}'`);
    return n;
  };
  const memory = new Map(world.scenario.nodes.map((n) => [n.id, n.memoryBytes]));
  // Each node's wireless channels, found once when first asked for (a selection by signal).
  let channelsOf: Map<string, { channel: RadioChannel; end: 'a' | 'b' }[]> | undefined;
  const channelsOfNode = (id: string): { channel: RadioChannel; end: 'a' | 'b' }[] => {
    if (channelsOf === undefined) {
      channelsOf = new Map();
      for (const channel of world.channels.values()) {
        for (const end of ['a', 'b'] as const) pushTo(channelsOf, channel[end].id, { channel, end });
      }
    }
    return channelsOf.get(id) ?? [];
  };
  // Every node's meter in the world's order (the sum's order), listed at the first call: a round's
  // energy walks an array, not the iterator of a map of every node.
  let meters: EnergyMeter[] | undefined;
  return {
    sim,
    topology: world.topology,
    node,
    memoryBytes: (id) => memory.get(id) ?? 0,
    energyUsedJ: () => {
      meters ??= Array.from(world.nodes.values(), (n) => n.energy);
      let e = 0;
      for (let i = 0; i < meters.length; i++) e += meters[i]!.usedJ();
      return e;
    },
    bestRxPowerDbm: (id) => {
      let best = -Infinity;
      for (const { channel, end } of channelsOfNode(id)) best = Math.max(best, channel.meanRxPowerDbm(channel[end], sim.now));
      return best;
    },
    *aggregateAt(at, parts, label, values) {
      const tier = aggregators.get(at);
      if (tier !== undefined) return yield* tier.aggregate(parts, label, values);
      // What the protocols always did: the mean, then 2 FLOPs per value and part on the node's CPU.
      const mean = weightedMean(parts);
      yield node(at).cpu.computeOnAllCores(2 * values * parts.length, label).done;
      return mean;
    },
    tierAt: (at) => aggregators.has(at),
    onRepaired: (callback) => {
      sim.trace.on('node.repaired', (p) => callback(p.node));
    },
    onFailed: (callback) => {
      sim.trace.on('node.failed', (p) => callback(p.node));
    },
    onHandover: (callback) => {
      sim.trace.on('handover', (p) => {
        if (p.from !== null) callback(p.node, p.from, p.to);
      });
    },
  };
}
