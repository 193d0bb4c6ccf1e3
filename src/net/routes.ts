/**
 * The links of a world as a topology: the link between two nodes, and routes between any two
 * nodes over the scenario's links (so an edge center can reach the cloud through a relay).
 *
 * **The route rule.** A route is one of the fewest hops; among those:
 * 1. when terminals associate, the route through the serving edge center: the one whose last hop
 *    comes from the serving edge center of `to` when `to` has one, else the one whose first hop
 *    goes to the serving edge center of `from` (a terminal receives from, and sends to, the edge
 *    center it is attached to);
 * 2. then the lowest total latency: the sum of the wired links' propagation delays (`delayS`;
 *    wireless links count 0);
 * 3. then scenario order: the route whose links come first, compared hop by hop.
 *
 * For one and two hops this gives the routes the two-hop rule gave: a direct link; else the
 * serving edge center of `to`, else of `from`, when it is linked to both; else (new) the
 * intermediate node of lowest latency, then the first in scenario order.
 *
 * **Cost.** A direct link and two hops through the serving edge center are found in O(1) (map
 * look-ups); other two-hop routes in O(min(out-degree of `from`, in-degree of `to`)); only routes
 * of three hops or more search (`routeSearch.ts`: the rule over the graph of the shortest routes,
 * found from a breadth-first tree kept for the end shared by many searches, such as the server:
 * O(links) for that tree once, then the size of each pair's shortest routes), once for each pair
 * of ends and serving edge centers: the result is remembered. Each topology's adjacency is built
 * once and cached: links never change during a run, only association does, and it is read at
 * each call.
 * @module
 */
import { waitAbandonable, type ProcessGenerator } from '../engine/process.js';
import type { SimEvent } from '../engine/events.js';
import type { Link, TransferScope } from './transfer.js';
import type { Medium } from './medium.js';
import { FixedRateLink } from './link.js';
import { WirelessLink } from './wireless.js';
import { WirelessTransmission } from './transmission.js';
import { searchRoute, type Hop, type SearchGraph } from './routeSearch.js';

/** What routing and multicast need of a world's network. */
export interface Topology {
  /** links, one per direction, in scenario order (they must not change once routes are asked for) */
  readonly links: readonly Link[];
  /** links by `${from}->${to}` of their ends */
  readonly linksByEnds: ReadonlyMap<string, Link>;
  /** a terminal's serving edge center now, when terminals associate */
  servingEdge(node: string): string | undefined;
  /** a node's downlink medium (its broadcasts share it) */
  downlink(node: string): Medium;
  /** where sends and multicasts over it register their wireless transmissions while in flight, so they can be abandoned together (none: not registered) */
  readonly scope?: TransferScope;
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

/** Each node's links out and in, in scenario order, with the search's kept trees. */
interface Adjacency extends SearchGraph {
  readonly hops: Map<Link, Hop>;
  /** routes found by search, by ends and the serving edge centers that shaped them */
  readonly searched: Map<string, Link[] | undefined>;
}

const adjacencies = new WeakMap<readonly Link[], Adjacency>();

function adjacencyOf(topology: Topology): Adjacency {
  let adj = adjacencies.get(topology.links);
  if (adj === undefined) {
    adj = { out: new Map(), in: new Map(), hops: new Map(), searched: new Map(), fromTrees: new Map(), toTrees: new Map(), searchesFrom: new Map(), searchesTo: new Map(), treeEntries: 0 };
    for (let index = 0; index < topology.links.length; index++) {
      const link = topology.links[index]!;
      const hop: Hop = { link, index, latencyS: link instanceof FixedRateLink ? link.params.delayS : 0 };
      adj.hops.set(link, hop);
      push(adj.out, link.from, hop);
      push(adj.in, link.to, hop);
    }
    adjacencies.set(topology.links, adj);
  }
  return adj;
}

function push(map: Map<string, Hop[]>, key: string, hop: Hop): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [hop]);
  else list.push(hop);
}

/**
 * The links from `from` to `to` now, by the module's rule: fewest hops, then through the serving
 * edge center (of `to`, else of `from`), then lowest total latency (wired delays), then scenario
 * order.
 * @returns the hops, or undefined when there is no route
 */
export function routeNow(topology: Topology, from: string, to: string): Link[] | undefined {
  const direct = topology.linksByEnds.get(`${from}->${to}`);
  if (direct !== undefined) return [direct];
  const toServing = topology.servingEdge(to);
  const fromServing = toServing === undefined ? topology.servingEdge(from) : undefined;
  const serving = toServing ?? fromServing;
  if (serving !== undefined) {
    const first = topology.linksByEnds.get(`${from}->${serving}`);
    const second = topology.linksByEnds.get(`${serving}->${to}`);
    if (first !== undefined && second !== undefined) return [first, second];
  }
  const adj = adjacencyOf(topology);
  const two = twoHops(topology, adj, from, to);
  if (two !== undefined) return two;
  // A search depends only on the ends and the serving edge centers: remembered.
  const key = `${from}->${to}\u0000${toServing ?? ''}\u0000${fromServing ?? ''}`;
  if (!adj.searched.has(key)) adj.searched.set(key, searchRoute(adj, from, to, toServing, fromServing));
  return adj.searched.get(key)?.slice();
}

/** The best two-hop route (none goes through the serving edge center: routeNow tried it first). */
function twoHops(topology: Topology, adj: Adjacency, from: string, to: string): Link[] | undefined {
  const outs = adj.out.get(from) ?? [];
  const ins = adj.in.get(to) ?? [];
  const byOut = outs.length <= ins.length;
  let first: Hop | undefined;
  let second: Hop | undefined;
  for (const h of byOut ? outs : ins) {
    const other = byOut ? topology.linksByEnds.get(`${h.link.to}->${to}`) : topology.linksByEnds.get(`${from}->${h.link.from}`);
    if (other === undefined) continue;
    const o = adj.hops.get(other)!;
    const [a, b] = byOut ? [h, o] : [o, h];
    if (first === undefined || a.latencyS + b.latencyS < first.latencyS + second!.latencyS || (a.latencyS + b.latencyS === first.latencyS + second!.latencyS && a.index < first.index)) {
      first = a;
      second = b;
    }
  }
  return first === undefined ? undefined : [first.link, second!.link];
}

/**
 * Sends `bits` from `from` to `to` over {@link routeNow}'s route, hop by hop, however many
 * (store and forward: each hop starts when the message has fully arrived over the one before);
 * fails like its transfers.
 * @param label - task label for traces
 * @throws Error when there is no route
 */
export function* sendRouted(topology: Topology, from: string, to: string, bits: number, label: string): ProcessGenerator<void> {
  const hops = routeNow(topology, from, to);
  if (hops === undefined) throw new Error(`no route from '${from}' to '${to}'`);
  // A sender interrupted while its message is on the way (training ended) no longer waits for it:
  // the message's later failure (a handover, an outage) must not stop the run.
  for (const hop of hops) yield* waitAbandonable(sendOn(topology, hop, bits, label));
}

/** Sends on one link; a wireless transmission is registered in the topology's scope while in flight. */
function sendOn(topology: Topology, link: Link, bits: number, label: string): SimEvent<number> {
  const scope = topology.scope;
  if (scope === undefined || !(link instanceof WirelessLink)) return link.send(bits, label).done;
  // As WirelessLink.send, keeping the transmission to cancel.
  const t = new WirelessTransmission([link], link.medium, bits, label, 'unicast');
  t.begin();
  scope.add(t, t.done);
  return t.done;
}
