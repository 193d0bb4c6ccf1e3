/**
 * Routes between a training server and its clients: a direct link, or two hops through an
 * intermediate node (an edge center between a cloud server and a terminal), preferring the
 * terminal's serving edge when terminals associate.
 * @module
 */
import type { ProcessGenerator } from '../engine/process.js';
import type { Link } from '../net/transfer.js';
import type { World } from '../scenario/world.js';

/**
 * The links from `from` to `to` now: one hop, or two through a node linked to both.
 * @returns the hops, or undefined when there is no route
 */
export function routeNow(world: World, from: string, to: string): Link[] | undefined {
  const direct = world.linksByEnds.get(`${from}->${to}`);
  if (direct !== undefined) return [direct];
  const vias: string[] = [];
  for (const l of world.links) if (l.from === from && world.linksByEnds.has(`${l.to}->${to}`)) vias.push(l.to);
  if (vias.length === 0) return undefined;
  const serving = world.association?.servingEdge(to) ?? world.association?.servingEdge(from);
  const via = serving !== undefined && vias.includes(serving) ? serving : vias[0]!;
  return [world.linksByEnds.get(`${from}->${via}`)!, world.linksByEnds.get(`${via}->${to}`)!];
}

/**
 * Sends `bits` from `from` to `to` hop by hop (store and forward); fails like its transfers.
 * @param label - task label for traces
 */
export function* sendRouted(world: World, from: string, to: string, bits: number, label: string): ProcessGenerator<void> {
  const hops = routeNow(world, from, to);
  if (hops === undefined) throw new Error(`no route from '${from}' to '${to}'`);
  for (const hop of hops) yield hop.send(bits, label).done;
}
