/**
 * The links of a world as a topology: the link between two nodes, and routes between a server and
 * its clients — a direct link, or two hops through an intermediate node (an edge center between a
 * cloud server and a terminal), preferring the terminal's serving edge center when terminals
 * associate.
 * @module
 */
import type { ProcessGenerator } from '../engine/process.js';
import type { Link } from './transfer.js';
import type { Medium } from './medium.js';

/** What routing and multicast need of a world's network. */
export interface Topology {
  /** links, one per direction, in scenario order */
  readonly links: readonly Link[];
  /** links by `${from}->${to}` of their ends */
  readonly linksByEnds: ReadonlyMap<string, Link>;
  /** a terminal's serving edge center now, when terminals associate */
  servingEdge(node: string): string | undefined;
  /** a node's downlink medium (its broadcasts share it) */
  downlink(node: string): Medium;
}

/**
 * The link from `from` to `to`.
 * @throws Error when there is none (validation prevents this for scenario tasks)
 */
export function linkBetween(topology: Pick<Topology, 'linksByEnds'>, from: string, to: string): Link {
  const link = topology.linksByEnds.get(`${from}->${to}`);
  if (link === undefined) throw new Error(`no link from '${from}' to '${to}'`);
  return link;
}

/**
 * The links from `from` to `to` now: one hop, or two through a node linked to both (the serving
 * edge center of `to`, else of `from`, when it is one of them; else the first in scenario order).
 * @returns the hops, or undefined when there is no route
 */
export function routeNow(topology: Topology, from: string, to: string): Link[] | undefined {
  const direct = topology.linksByEnds.get(`${from}->${to}`);
  if (direct !== undefined) return [direct];
  const vias: string[] = [];
  for (const l of topology.links) if (l.from === from && topology.linksByEnds.has(`${l.to}->${to}`)) vias.push(l.to);
  if (vias.length === 0) return undefined;
  const serving = topology.servingEdge(to) ?? topology.servingEdge(from);
  const via = serving !== undefined && vias.includes(serving) ? serving : vias[0]!;
  return [topology.linksByEnds.get(`${from}->${via}`)!, topology.linksByEnds.get(`${via}->${to}`)!];
}

/**
 * Sends `bits` from `from` to `to` hop by hop (store and forward); fails like its transfers.
 * @param label - task label for traces
 * @throws Error when there is no route
 */
export function* sendRouted(topology: Topology, from: string, to: string, bits: number, label: string): ProcessGenerator<void> {
  const hops = routeNow(topology, from, to);
  if (hops === undefined) throw new Error(`no route from '${from}' to '${to}'`);
  for (const hop of hops) yield hop.send(bits, label).done;
}
