import test from 'ava';
import { Simulator } from '../../src/engine/simulator.js';
import { FixedRateLink } from '../../src/net/link.js';
import { routeNow, type Topology } from '../../src/net/routes.js';
import type { Link } from '../../src/net/transfer.js';

/**
 * A cloud, 2 relays, 20 edge centers and 10 000 terminals, each linked to 2 or 3 edge centers,
 * with 200 terminal-to-terminal links; both ways each, wired delays drawn from a few values so that
 * latencies tie often (scenario order decides). 60% of the terminals have a serving edge center
 * they are linked to, 5% one they are not linked to.
 */
function bigTopology(sim: Simulator): { topo: Topology; terminals: string[]; edges: string[] } {
  const rng = sim.rng.stream('test/routes-scale');
  const pick = (n: number): number => rng.integer(0, n - 1);
  const links: Link[] = [];
  const ends = new Set<string>();
  const both = (a: string, b: string, delayS: number): void => {
    if (ends.has(`${a}->${b}`)) return;
    for (const [x, y] of [[a, b], [b, a]] as const) {
      ends.add(`${x}->${y}`);
      links.push(new FixedRateLink(sim, { id: `${x}->${y}`, from: x, to: y, rateBps: 1e9, delayS }));
    }
  };
  const edges = Array.from({ length: 20 }, (_, i) => `e${i}`);
  const terminals = Array.from({ length: 10_000 }, (_, i) => `t${i}`);
  both('cloud', 'r0', 0.001);
  both('cloud', 'r1', 0.001);
  for (const e of edges) for (const r of ['r0', 'r1']) both(r, e, [0.001, 0.002][pick(2)]!);
  const serving = new Map<string, string>();
  for (const t of terminals) {
    const mine = new Set<string>();
    while (mine.size < 2 + pick(2)) mine.add(edges[pick(edges.length)]!);
    for (const e of mine) both(t, e, [0, 0.0005][pick(2)]!);
    const u = rng.uniform(0, 1);
    if (u < 0.6) serving.set(t, [...mine][pick(mine.size)]!);
    else if (u < 0.65) serving.set(t, edges.find((e) => !mine.has(e))!);
  }
  for (let k = 0; k < 200; k++) {
    const [a, b] = [terminals[pick(terminals.length)]!, terminals[pick(terminals.length)]!];
    if (a !== b) both(a, b, 0);
  }
  const topo: Topology = {
    links,
    linksByEnds: new Map(links.map((l) => [`${l.from}->${l.to}`, l])),
    servingEdge: (node) => serving.get(node),
    downlink: () => {
      throw new Error('no media in this test');
    },
  };
  return { topo, terminals, edges };
}

/**
 * The route rule by brute force: every path of 1, 2, 3, … hops until some join `from` to `to`
 * (those of k hops as the paths of ⌈k/2⌉ hops out of `from` joined with those of ⌊k/2⌋ hops into
 * `to` at their middle node), then the serving edge center's paths (of `to`, else of `from`) when
 * any, then the lowest latency summed from the last hop, then scenario order hop by hop.
 */
function bruteRoute(topo: Topology, order: Map<Link, number>, out: Map<string, Link[]>, into: Map<string, Link[]>, from: string, to: string): Link[] | undefined {
  const grow = (ends: string, k: number, next: (v: string) => Link[], far: (l: Link) => string, add: (p: Link[], l: Link) => Link[]): Map<string, Link[][]> => {
    let paths = new Map<string, Link[][]>([[ends, [[]]]]);
    for (let i = 0; i < k; i++) {
      const longer = new Map<string, Link[][]>();
      for (const [v, ps] of paths) {
        for (const l of next(v)) {
          if (!longer.has(far(l))) longer.set(far(l), []);
          for (const p of ps) longer.get(far(l))!.push(add(p, l));
        }
      }
      paths = longer;
    }
    return paths;
  };
  let paths: Link[][] = [];
  for (let k = 1; paths.length === 0; k++) {
    if (k > 8) return undefined;
    const a = Math.ceil(k / 2);
    const heads = grow(from, a, (v) => out.get(v) ?? [], (l) => l.to, (p, l) => [...p, l]);
    const tails = grow(to, k - a, (v) => into.get(v) ?? [], (l) => l.from, (p, l) => [l, ...p]);
    for (const [mid, hs] of heads) for (const h of hs) for (const tl of tails.get(mid) ?? []) paths.push([...h, ...tl]);
  }
  const [sTo, sFrom] = [topo.servingEdge(to), topo.servingEdge(from)];
  const pref = sTo !== undefined ? paths.filter((p) => p.length > 1 && p[p.length - 1]!.from === sTo) : sFrom !== undefined ? paths.filter((p) => p.length > 1 && p[0]!.to === sFrom) : [];
  if (pref.length > 0) paths = pref;
  const index = (l: Link): number => order.get(l)!;
  const sum = (p: Link[]): number => [...p].reverse().reduce((s, l) => (l as FixedRateLink).params.delayS + s, 0);
  paths.sort((p, q) => sum(p) - sum(q) || p.map(index).reduce((c, i, k) => c || i - index(q[k]!), 0));
  return paths[0];
}

test('on 10 000 terminals, routeNow gives the routes a brute-force search gives (1 to 4 hops, with and without serving edge centers)', (t) => {
  const sim = new Simulator({ seed: 11 });
  const { topo, terminals, edges } = bigTopology(sim);
  const out = new Map<string, Link[]>();
  const into = new Map<string, Link[]>();
  const order = new Map(topo.links.map((l, i) => [l, i]));
  for (const l of topo.links) {
    if (!out.has(l.from)) out.set(l.from, []);
    if (!into.has(l.to)) into.set(l.to, []);
    out.get(l.from)!.push(l);
    into.get(l.to)!.push(l);
  }
  const rng = sim.rng.stream('test/routes-scale/pairs');
  const hopsSeen = new Set<number>();
  let compared = 0;
  for (let i = 0; i < terminals.length; i += 100) {
    const tm = terminals[i]!;
    const other = terminals[rng.integer(0, terminals.length - 1)]!;
    const edge = edges[rng.integer(0, edges.length - 1)]!;
    for (const [from, to] of [['cloud', tm], [tm, 'cloud'], [edge, tm], [tm, edge], ['r1', tm], [tm, other]] as const) {
      if (from === to) continue;
      const want = bruteRoute(topo, order, out, into, from, to);
      // Asked twice: a remembered route is the same route.
      for (const got of [routeNow(topo, from, to), routeNow(topo, from, to)]) {
        if (want === undefined ? got !== undefined : got === undefined || got.length !== want.length || got.some((l, k) => l !== want[k])) {
          t.fail(`${from} → ${to}: got ${got?.map((l) => l.id).join(' ')}, want ${want?.map((l) => l.id).join(' ')}`);
          return;
        }
      }
      hopsSeen.add(want!.length);
      compared++;
    }
  }
  t.deepEqual([...hopsSeen].sort(), [1, 2, 3, 4]);
  t.true(compared >= 500);
});
