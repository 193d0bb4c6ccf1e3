/**
 * The world as inference serving sees it: the training context's simulator, topology and nodes,
 * plus the link estimates a deployment optimizer plans with (expected route rates, radio power
 * draws), computed from the world's channels and links.
 * @module
 */
import type { InferenceContext } from '../inference/context.js';
import type { World } from './world.js';
import { trainingContext } from './trainingContext.js';
import { routeNow } from '../net/routes.js';
import { WirelessLink } from '../net/wireless.js';
import { FixedRateLink } from '../net/link.js';
import { transmitChainW } from '../radio/power.js';
import { dbmToW } from '../radio/units.js';
import type { Link } from '../net/transfer.js';

/**
 * The inference context of a world.
 * @param world - the built world
 */
export function inferenceContext(world: World): InferenceContext {
  const base = trainingContext(world);
  const { sim, topology } = world;
  const specs = new Map(world.scenario.nodes.map((n) => [n.id, n]));
  const rateOf = (link: Link): number => {
    if (link instanceof FixedRateLink) return link.params.rateBps;
    if (link instanceof WirelessLink) return link.channel.rateAt(link.tx, sim.now, link.env.bandwidthHz, Infinity).rateBps;
    return 0;
  };
  const hopsVia = (from: string, to: string): Link[] | undefined => {
    const via = topology.servingEdge(from) ?? topology.servingEdge(to);
    if (via !== undefined && via !== from && via !== to) {
      const a = routeNow(topology, from, via);
      const b = routeNow(topology, via, to);
      if (a !== undefined && b !== undefined) return [...a, ...b];
    }
    return routeNow(topology, from, to);
  };
  return {
    sim: base.sim,
    topology: base.topology,
    node: base.node,
    expectedRateBps: (from, to) => {
      const hops = hopsVia(from, to);
      if (hops === undefined) return undefined;
      let secondsPerBit = 0;
      for (const h of hops) secondsPerBit += 1 / rateOf(h);
      return 1 / secondsPerBit;
    },
    radioPowerW: (id) => {
      const n = specs.get(id)!;
      return { txW: transmitChainW(n.radio, dbmToW(n.radio.txPowerDbm)), rxW: n.power.rxW };
    },
  };
}
