/**
 * Topologies against independent counts: the k-ary fat-tree of Al-Fares, Loukissas, Vahdat
 * (SIGCOMM 2008, §3) — k pods, k²/2 edge, k²/2 aggregation, k²/4 core switches, k³/4 hosts, 3k³/4
 * links, every switch of degree k, and shortest paths of 6 / 4 / 2 hops between hosts in different
 * pods / the same pod / under the same edge switch (BFS written here); leaf–spine counts and its
 * oversubscription ratio.
 */
import test from 'ava';
import { dcTopologies, buildTopology } from '../../src/datacenter/topologies/index.js';
import { oversubscription } from '../../src/datacenter/topologies/leafSpine.js';
import { racksByFirstHop } from '../../src/datacenter/topologies/explicit.js';
import type { DcLayout } from '../../src/datacenter/types.js';

function adjacency(layout: DcLayout): Map<string, string[]> {
  const adj = new Map<string, string[]>();
  const add = (a: string, b: string): void => void (adj.get(a) ?? adj.set(a, []).get(a)!).push(b);
  for (const l of layout.links) {
    add(l.from, l.to);
    add(l.to, l.from);
  }
  return adj;
}

function hops(adj: Map<string, string[]>, from: string, to: string): number {
  const dist = new Map([[from, 0]]);
  const queue = [from];
  for (let i = 0; i < queue.length; i++) {
    const u = queue[i]!;
    if (u === to) return dist.get(u)!;
    for (const v of adj.get(u) ?? []) if (!dist.has(v)) (dist.set(v, dist.get(u)! + 1), queue.push(v));
  }
  return Infinity;
}

for (const k of [2, 4, 6, 8]) {
  test(`fat-tree k=${k}: Al-Fares counts, degrees and hop counts`, (t) => {
    const layout = buildTopology({ name: 'fat-tree', k, hostRateBps: 1e10 }, 'dc.');
    const sw = (re: RegExp): number => layout.switches.filter((s) => re.test(s)).length;
    t.is(sw(/^dc\.core\d+$/), (k * k) / 4);
    t.is(sw(/^dc\.p\d+\.agg\d+$/), (k * k) / 2);
    t.is(sw(/^dc\.p\d+\.edge\d+$/), (k * k) / 2);
    t.is(new Set(layout.switches.filter((s) => s.includes('.p')).map((s) => s.split('.')[1])).size, k, 'k pods');
    t.is(layout.servers.length, k ** 3 / 4);
    t.is(layout.links.length, (3 * k ** 3) / 4);
    t.is(layout.nodes.length, layout.servers.length + layout.switches.length);
    t.is(new Set(layout.nodes.map((n) => n.id)).size, layout.nodes.length, 'ids unique');
    const adj = adjacency(layout);
    for (const s of layout.switches) t.is(adj.get(s)!.length, k, `${s} has degree k`);
    for (const s of layout.servers) t.is(adj.get(s)!.length, 1);
    t.is(layout.racks.length, (k * k) / 2);
    t.true(layout.racks.every((r) => r.length === k / 2));
    t.deepEqual(layout.racks.flat(), layout.servers);
    t.is(layout.top, 'dc.core0');
    // Host n sits in pod ⌊n/(k/2)²⌋ under edge ⌊n/(k/2)⌋.
    const h = k / 2;
    const pod = (n: number): number => Math.floor(n / (h * h));
    const edge = (n: number): number => Math.floor(n / h);
    const seen = new Set<number>();
    for (let a = 0; a < layout.servers.length; a++)
      for (let b = a + 1; b < layout.servers.length; b++) {
        const expected = pod(a) !== pod(b) ? 6 : edge(a) !== edge(b) ? 4 : 2;
        const got = hops(adj, layout.servers[a]!, layout.servers[b]!);
        if (got !== expected) t.fail(`s${a}–s${b}: ${got} hops, expected ${expected}`);
        seen.add(expected);
      }
    t.deepEqual([...seen].sort(), k === 2 ? [6] : [2, 4, 6]);
  });
}

test('fat-tree: links carry their rates; switch latency is added to directions leaving a switch', (t) => {
  const layout = buildTopology({ name: 'fat-tree', k: 4, hostRateBps: 1e10, fabricRateBps: 4e10, delayS: 1e-6, switchLatencyS: 5e-7 }, 'x.');
  const host = layout.links.filter((l) => !layout.switches.includes(l.from));
  t.is(host.length, 16);
  t.true(host.every((l) => l.rateBps === 1e10 && l.delayS === 1e-6 && l.reverseDelayS === 1.5e-6));
  const fabric = layout.links.filter((l) => layout.switches.includes(l.from));
  t.is(fabric.length, 32);
  t.true(fabric.every((l) => l.rateBps === 4e10 && l.delayS === 1.5e-6 && l.reverseDelayS === undefined));
});

test('fat-tree rejects an odd k', (t) => {
  t.false(dcTopologies.get('fat-tree').schema.safeParse({ name: 'fat-tree', k: 3, hostRateBps: 1 }).success);
  t.true(dcTopologies.get('fat-tree').schema.safeParse({ name: 'fat-tree', k: 4, hostRateBps: 1 }).success);
});

test('leaf-spine: counts, full bipartite leaf–spine wiring, racks and oversubscription', (t) => {
  const spec = { name: 'leaf-spine', leaves: 4, spines: 2, serversPerLeaf: 4, serverRateBps: 25e9, uplinkRateBps: 25e9 };
  const layout = buildTopology(spec, 'dc.');
  t.is(layout.servers.length, 16);
  t.is(layout.switches.length, 6);
  t.is(layout.links.length, 16 + 4 * 2);
  const adj = adjacency(layout);
  for (let i = 0; i < 4; i++) t.is(adj.get(`dc.leaf${i}`)!.length, 4 + 2);
  for (let j = 0; j < 2; j++) t.deepEqual(adj.get(`dc.spine${j}`)!.sort(), ['dc.leaf0', 'dc.leaf1', 'dc.leaf2', 'dc.leaf3']);
  t.deepEqual(layout.racks, [0, 1, 2, 3].map((i) => [0, 1, 2, 3].map((h) => `dc.s${4 * i + h}`)));
  t.is(hops(adj, 'dc.s0', 'dc.s5'), 4);
  t.is(hops(adj, 'dc.s0', 'dc.s3'), 2);
  t.is(layout.top, 'dc.spine0');
  // 4 servers × 25 Gb/s down, 2 × 25 Gb/s up: 2:1 (the design's scenario); 8 × 10 over 4 × 40: 0.5.
  t.is(oversubscription({ serversPerLeaf: 4, serverRateBps: 25e9, spines: 2, uplinkRateBps: 25e9 }), 2);
  t.is(oversubscription({ serversPerLeaf: 8, serverRateBps: 10e9, spines: 4, uplinkRateBps: 40e9 }), 0.5);
});

test('ring and star', (t) => {
  const ring = buildTopology({ name: 'ring', count: 5, rateBps: 1e9 }, 'r.');
  t.is(ring.links.length, 5);
  t.is(ring.switches.length, 0);
  t.is(ring.top, null);
  t.true([0, 1, 2, 3, 4].every((i) => adjacency(ring).get(`r.s${i}`)!.length === 2));
  t.is(buildTopology({ name: 'ring', count: 2, rateBps: 1e9 }, 'r.').links.length, 1);
  const star = buildTopology({ name: 'star', count: 5, rateBps: 1e9 }, 'st.');
  t.is(star.links.length, 5);
  t.deepEqual(star.switches, ['st.sw']);
  t.is(adjacency(star).get('st.sw')!.length, 5);
  t.deepEqual(star.racks, [['st.s0', 'st.s1', 'st.s2', 'st.s3', 'st.s4']]);
});

test('server mix: groups fill slots in order; counts must sum to the slots', (t) => {
  const servers = [{ count: 1, profile: 'a100-server', memoryBytes: 96e6 }, { count: 3, cpuFlopsPerS: 1e12 }];
  const layout = buildTopology({ name: 'star', count: 4, rateBps: 1e9, servers }, 'd.');
  t.deepEqual(
    layout.nodes.filter((n) => n.kind === 'server').map((n) => [n.id, n.profile ?? null, n.cpuFlopsPerS ?? null, n.memoryBytes ?? null]),
    [
      ['d.s0', 'a100-server', null, 96e6],
      ['d.s1', null, 1e12, null],
      ['d.s2', null, 1e12, null],
      ['d.s3', null, 1e12, null],
    ],
  );
  t.throws(() => buildTopology({ name: 'star', count: 5, rateBps: 1e9, servers }, 'd.'), { message: /sum to 4 but the topology has 5 server slots/ });
  t.throws(() => buildTopology({ name: 'star', count: 4, rateBps: 1e9, servers: [{ profile: 'x' }, { count: 1 }] }, 'd.'), { message: /without 'count' must be the only one/ });
});

test('explicit: servers as given; racks by first-hop switch', (t) => {
  const layout = buildTopology({ name: 'explicit', servers: ['a', 'b', 'c'] }, 'dc.');
  t.deepEqual(layout, { nodes: [], links: [], servers: ['a', 'b', 'c'], switches: [], racks: [], top: null });
  const links = [
    { from: 'a', to: 't1' },
    { from: 't2', to: 'b' },
    { from: 'c', to: 't1' },
    { from: 't1', to: 't2' },
    { from: 'd', to: 'a' },
  ];
  t.deepEqual(racksByFirstHop(['a', 'b', 'c', 'd'], links, (id) => id.startsWith('t')), [['a', 'c'], ['b'], ['d']]);
});
