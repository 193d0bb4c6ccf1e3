/**
 * Equal-cost multi-path routing inside a data center. A breadth-first search from the destination
 * over the data center's links (one per direction) gives each node's hop distance to it; at each
 * node on the way the route takes, among the links to a neighbour one hop closer (in link order),
 * the one at index fnv1a32(`${from}>${to}@${node}`) mod count. The choice is a deterministic hash
 * of the flow, like 5-tuple hashing in switches: one path per pair, no reordering, no random
 * stream. Every route is a shortest path (fewest hops).
 * @module
 */

/** What routing needs of a link: its ends. */
export interface DirectedEdge {
  /** sending node */
  readonly from: string;
  /** receiving node */
  readonly to: string;
}

const FNV_OFFSET_32 = 0x811c9dc5;
const FNV_PRIME_32 = 16777619;
const utf8 = new TextEncoder();

/**
 * The 32-bit FNV-1a hash of a string's UTF-8 bytes (Fowler, Noll, Vo; draft-eastlake-fnv).
 * @returns an unsigned 32-bit integer
 */
export function fnv1a32(text: string): number {
  let h = FNV_OFFSET_32;
  for (const byte of utf8.encode(text)) h = Math.imul(h ^ byte, FNV_PRIME_32);
  return h >>> 0;
}

/**
 * ECMP routes over a fixed set of one-direction links; distances to each destination are computed
 * once and kept.
 * @typeParam L - the link type
 */
export class EcmpRouter<L extends DirectedEdge> {
  private readonly out = new Map<string, L[]>();
  private readonly in = new Map<string, L[]>();
  private readonly distances = new Map<string, Map<string, number>>();

  /** @param links - the links, one per direction, in scenario order (ties among next hops follow it) */
  constructor(links: readonly L[]) {
    for (const l of links) {
      push(this.out, l.from, l);
      push(this.in, l.to, l);
    }
  }

  /**
   * Hop distance of every node that can reach `to` (BFS over links reversed).
   * @param to - the destination
   */
  distancesTo(to: string): ReadonlyMap<string, number> {
    let dist = this.distances.get(to);
    if (dist !== undefined) return dist;
    dist = new Map([[to, 0]]);
    const queue = [to];
    for (let i = 0; i < queue.length; i++) {
      const v = queue[i]!;
      const d = dist.get(v)! + 1;
      for (const l of this.in.get(v) ?? []) {
        if (dist.has(l.from)) continue;
        dist.set(l.from, d);
        queue.push(l.from);
      }
    }
    this.distances.set(to, dist);
    return dist;
  }

  /**
   * The links at `node` toward `to` that bring a message one hop closer, in link order.
   * @param node - where the message is
   * @param to - its destination
   */
  nextHops(node: string, to: string): L[] {
    const dist = this.distancesTo(to);
    const d = dist.get(node);
    if (d === undefined || d === 0) return [];
    return (this.out.get(node) ?? []).filter((l) => dist.get(l.to) === d - 1);
  }

  /**
   * The ECMP route of the flow `from` → `to`.
   * @returns its links (empty when `from` = `to`), or undefined when `to` is unreachable
   */
  route(from: string, to: string): L[] | undefined {
    if (!this.distancesTo(to).has(from)) return undefined;
    const path: L[] = [];
    for (let node = from; node !== to; ) {
      const hops = this.nextHops(node, to);
      const link = hops[fnv1a32(`${from}>${to}@${node}`) % hops.length]!;
      path.push(link);
      node = link.to;
    }
    return path;
  }
}

function push<L>(map: Map<string, L[]>, key: string, l: L): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [l]);
  else list.push(l);
}
