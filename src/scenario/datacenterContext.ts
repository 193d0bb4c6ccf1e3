/**
 * The world as a data center sees it ({@link DatacenterContext}): the simulator, the network
 * whose wired links carry its fabric, its nodes and their memory.
 * @module
 */
import type { DatacenterContext } from '../datacenter/context.js';
import type { SimNode } from '../node/node.js';
import type { World } from './world.js';

/**
 * The data-center context of a world.
 * @param world - the built world (its links exist)
 */
export function datacenterContext(world: World): DatacenterContext {
  const memory = new Map(world.scenario.nodes.map((n) => [n.id, n.memoryBytes]));
  return {
    sim: world.sim,
    topology: world.topology,
    node: (id: string): SimNode => {
      const n = world.nodes.get(id);
      if (n === undefined) throw new Error(`unknown node '${id}'`);
      return n;
    },
    memoryBytes: (id) => memory.get(id) ?? 0,
  };
}
