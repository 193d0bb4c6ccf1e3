/**
 * The search behind `routeNow` for routes of three hops or more: the shortest routes between two
 * nodes form a layered graph (each node at its hop count from `from`), found from a breadth-first
 * tree; the route rule is then applied over that graph only, from `to` back.
 *
 * **Trees are shared.** A tree of every node's hop count from a root (with, for each node, its
 * links from the level before) answers every route out of that root; a tree of hop counts to a
 * root (with each node's links to the level after) answers every route into it. A search builds
 * one for the end of its pair that has been in more searches (a server, the cloud), and keeps it
 * (up to {@link MAX_TREE_ENTRIES} nodes in all), so after the first few searches each route costs
 * the size of its shortest routes' graph, not the number of links. A one-off search builds a
 * tree from `from` that stops at `to`'s level and is not kept.
 * @module
 */
import type { Link } from './transfer.js';

/** A link with its place in scenario order and its latency. */
export interface Hop {
  /** the link */
  readonly link: Link;
  /** its index in scenario order */
  readonly index: number;
  /** its propagation delay (s), 0 for wireless links */
  readonly latencyS: number;
}

/** Hop counts from (or to) a root, and each node's links on shortest routes toward the root's side. */
interface Tree {
  /** hops from the root (a tree out of it) or to it (a tree into it) */
  readonly hops: Map<string, number>;
  /** out of the root: each node's links from the level before; into it: each node's links to the level after */
  readonly links: Map<string, Hop[]>;
}

/** Each node's links out and in, in scenario order, and the trees kept. */
export interface SearchGraph {
  /** links out of each node */
  readonly out: Map<string, Hop[]>;
  /** links into each node */
  readonly in: Map<string, Hop[]>;
  /** kept trees out of a root, by root */
  readonly fromTrees: Map<string, Tree>;
  /** kept trees into a root, by root */
  readonly toTrees: Map<string, Tree>;
  /** searches each node has been the start of, and the end of */
  readonly searchesFrom: Map<string, number>;
  /** searches each node has been the end of */
  readonly searchesTo: Map<string, number>;
  /** nodes in all kept trees */
  treeEntries: number;
}

/** Most nodes kept in trees for one topology (about 100 bytes each): 20 trees of 10^5 nodes. */
export const MAX_TREE_ENTRIES = 2_000_000;

/**
 * A breadth-first tree from `root` over `next` (links out of a node) with `far` (a link's other
 * end), recording each node's links from the level before; stops after the level holding `stop`.
 */
function buildTree(root: string, next: Map<string, Hop[]>, far: (h: Hop) => string, stop?: string): Tree {
  const hops = new Map<string, number>([[root, 0]]);
  const links = new Map<string, Hop[]>();
  let level = [root];
  for (let k = 1; level.length > 0 && (stop === undefined || !hops.has(stop)); k++) {
    const nextLevel: string[] = [];
    for (const v of level) {
      for (const h of next.get(v) ?? []) {
        const w = far(h);
        const at = hops.get(w);
        if (at === undefined) {
          hops.set(w, k);
          nextLevel.push(w);
          links.set(w, [h]);
        } else if (at === k) links.get(w)!.push(h);
      }
    }
    level = nextLevel;
  }
  return { hops, links };
}

/** The shortest routes' layered graph: `d` hops, each node's height (hops left to `to`) and its links one level on. */
interface Layers {
  readonly d: number;
  readonly height: Map<string, number>;
  /** nodes by height: `byHeight[h]` */
  readonly byHeight: string[][];
  readonly onward: Map<string, Hop[]>;
}

function layersFromTreeOut(t: Tree, to: string): Layers | undefined {
  const d = t.hops.get(to);
  if (d === undefined) return undefined;
  const height = new Map([[to, 0]]);
  const byHeight: string[][] = [[to]];
  const onward = new Map<string, Hop[]>();
  for (let h = 1; h <= d; h++) {
    const level: string[] = [];
    for (const w of byHeight[h - 1]!) {
      for (const hop of t.links.get(w) ?? []) {
        const u = hop.link.from;
        if (!height.has(u)) {
          height.set(u, h);
          level.push(u);
          onward.set(u, []);
        }
        onward.get(u)!.push(hop);
      }
    }
    byHeight.push(level);
  }
  return { d, height, byHeight, onward };
}

function layersFromTreeIn(t: Tree, from: string): Layers | undefined {
  const d = t.hops.get(from);
  if (d === undefined) return undefined;
  const height = new Map([[from, d]]);
  const byHeight: string[][] = Array.from({ length: d + 1 }, () => []);
  byHeight[d]!.push(from);
  const onward = new Map<string, Hop[]>();
  for (let h = d; h >= 1; h--) {
    for (const u of byHeight[h]!) {
      const mine: Hop[] = [];
      onward.set(u, mine);
      for (const hop of t.links.get(u) ?? []) {
        mine.push(hop);
        const w = hop.link.to;
        if (!height.has(w)) {
          height.set(w, h - 1);
          byHeight[h - 1]!.push(w);
        }
      }
    }
  }
  return { d, height, byHeight, onward };
}

/** The shortest routes' graph between `from` and `to`, from a kept tree when there is one (or one worth keeping). */
function layersOf(g: SearchGraph, from: string, to: string): Layers | undefined {
  const fromTree = g.fromTrees.get(from);
  if (fromTree !== undefined) return layersFromTreeOut(fromTree, to);
  const toTree = g.toTrees.get(to);
  if (toTree !== undefined) return layersFromTreeIn(toTree, from);
  const nFrom = (g.searchesFrom.get(from) ?? 0) + 1;
  const nTo = (g.searchesTo.get(to) ?? 0) + 1;
  g.searchesFrom.set(from, nFrom);
  g.searchesTo.set(to, nTo);
  if (Math.max(nFrom, nTo) >= 2 && g.treeEntries < MAX_TREE_ENTRIES) {
    if (nFrom >= nTo) {
      const t = buildTree(from, g.out, (h) => h.link.to);
      g.fromTrees.set(from, t);
      g.treeEntries += t.hops.size;
      return layersFromTreeOut(t, to);
    }
    const t = buildTree(to, g.in, (h) => h.link.from);
    g.toTrees.set(to, t);
    g.treeEntries += t.hops.size;
    return layersFromTreeIn(t, from);
  }
  return layersFromTreeOut(buildTree(from, g.out, (h) => h.link.to, to), to);
}

/**
 * The best route of three hops or more by the route rule: among the shortest, the one whose last
 * hop comes from `penultimate` (the serving edge center of `to`) when one does, else whose first
 * hop goes to `second` (that of `from`) when one does; then the lowest total latency; then
 * scenario order.
 * @param g - the topology's adjacency and kept trees
 * @returns the hops, or undefined when `to` cannot be reached
 */
export function searchRoute(g: SearchGraph, from: string, to: string, penultimate: string | undefined, second: string | undefined): Link[] | undefined {
  if (from === to) return undefined;
  const layers = layersOf(g, from, to);
  if (layers === undefined) return undefined;
  const { d, height, byHeight, onward } = layers;
  // The best route from each node of the shortest routes to `to`: latency, then scenario order.
  const best = new Map<string, { latencyS: number; hops: Hop[] }>([[to, { latencyS: 0, hops: [] }]]);
  const lastVia = penultimate !== undefined && height.get(penultimate) === 1 ? penultimate : undefined;
  for (let h = 1; h <= d; h++) {
    for (const v of byHeight[h]!) {
      if (h === 1 && lastVia !== undefined && v !== lastVia) continue;
      const firstVia = h === d && second !== undefined && best.has(second) && height.get(second) === d - 1 ? second : undefined;
      let mine: { latencyS: number; hops: Hop[] } | undefined;
      for (const hop of onward.get(v) ?? []) {
        const w = hop.link.to;
        const rest = best.get(w);
        if (rest === undefined || (firstVia !== undefined && w !== firstVia)) continue;
        const latencyS = hop.latencyS + rest.latencyS;
        if (mine === undefined || latencyS < mine.latencyS || (latencyS === mine.latencyS && before([hop, ...rest.hops], mine.hops))) mine = { latencyS, hops: [hop, ...rest.hops] };
      }
      if (mine !== undefined) best.set(v, mine);
    }
  }
  return best.get(from)!.hops.map((h) => h.link);
}

/** Whether route `a` comes before route `b` (of as many hops) in scenario order. */
function before(a: readonly Hop[], b: readonly Hop[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i]!.index !== b[i]!.index) return a[i]!.index < b[i]!.index;
  return false;
}
