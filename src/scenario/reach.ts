/**
 * Reachability over a scenario's declared links, for validation (routes of any length; duplex
 * links both ways, simplex links one way): who each node has a link to and from, and the nodes a
 * breadth-first search reaches.
 * @module
 */
import { getOrInsert } from '../util/maps.js';

/** Each node's neighbours over the links: `next` (links from it) and `prev` (links to it). */
export interface LinkGraph {
  /** node → the nodes it has a link to */
  next: Map<string, string[]>;
  /** node → the nodes that have a link to it */
  prev: Map<string, string[]>;
}

/**
 * The link graph of a scenario's links.
 * @param links - the scenario's links as written (`duplex: false` for one way)
 */
export function linkGraph(links: readonly { from: string; to: string; duplex?: boolean }[]): LinkGraph {
  const next = new Map<string, string[]>();
  const prev = new Map<string, string[]>();
  for (const l of links) {
    for (const [a, b] of l.duplex === false ? [[l.from, l.to]] : [[l.from, l.to], [l.to, l.from]]) {
      getOrInsert(next, a!, () => []).push(b!);
      getOrInsert(prev, b!, () => []).push(a!);
    }
  }
  return { next, prev };
}

/**
 * The nodes reachable from `start` (itself included) following `next`, breadth first.
 * @param next - node → its neighbours in the direction followed
 * @param start - where the search starts
 */
export function reachable(next: ReadonlyMap<string, readonly string[]>, start: string): Set<string> {
  const seen = new Set([start]);
  const queue = [start];
  for (let k = 0; k < queue.length; k++) {
    for (const w of next.get(queue[k]!) ?? []) {
      if (!seen.has(w)) {
        seen.add(w);
        queue.push(w);
      }
    }
  }
  return seen;
}
