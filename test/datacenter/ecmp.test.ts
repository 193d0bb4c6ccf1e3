/**
 * ECMP on a k = 4 fat-tree: the inter-pod host pairs together use all four core switches (each
 * core switch carries a share of them), a pair's route is the same on every call and from a fresh
 * router, and every route is a shortest path (hop count from a BFS written here, each link real).
 * FNV-1a against the published test vectors.
 */
import test from 'ava';
import { EcmpRouter, fnv1a32 } from '../../src/datacenter/ecmp.js';
import { buildTopology } from '../../src/datacenter/topologies/index.js';

const layout = buildTopology({ name: 'fat-tree', k: 4, hostRateBps: 1e10 }, 'dc.');
const links = layout.links.flatMap((l) => [
  { from: l.from, to: l.to },
  { from: l.to, to: l.from },
]);
const linkSet = new Set(links.map((l) => `${l.from}->${l.to}`));

function bfsHops(from: string, to: string): number {
  const dist = new Map([[from, 0]]);
  const queue = [from];
  for (let i = 0; i < queue.length; i++) for (const l of links) if (l.from === queue[i] && !dist.has(l.to)) (dist.set(l.to, dist.get(l.from)! + 1), queue.push(l.to));
  return dist.get(to)!;
}

const pod = (s: string): number => Math.floor(Number(s.slice('dc.s'.length)) / 4);

test('FNV-1a 32-bit test vectors', (t) => {
  t.is(fnv1a32(''), 0x811c9dc5);
  t.is(fnv1a32('a'), 0xe40c292c);
  t.is(fnv1a32('foobar'), 0xbf9cf968);
});

test('fat-tree k=4: every route is a connected shortest path; inter-pod pairs use all 4 cores', (t) => {
  const router = new EcmpRouter(links);
  const coreUse = new Map<string, number>();
  for (const a of layout.servers)
    for (const b of layout.servers) {
      if (a === b) continue;
      const r = router.route(a, b)!;
      t.is(r.length, bfsHops(a, b), `${a}->${b} is a shortest path`);
      t.is(r[0]!.from, a);
      t.is(r.at(-1)!.to, b);
      for (let i = 0; i < r.length; i++) {
        t.true(linkSet.has(`${r[i]!.from}->${r[i]!.to}`));
        if (i > 0) t.is(r[i]!.from, r[i - 1]!.to);
      }
      t.is(new Set(r.map((l) => l.to)).size, r.length, 'no loop');
      if (pod(a) !== pod(b)) {
        const cores = r.map((l) => l.to).filter((n) => n.startsWith('dc.core'));
        t.is(cores.length, 1);
        coreUse.set(cores[0]!, (coreUse.get(cores[0]!) ?? 0) + 1);
      }
    }
  t.deepEqual([...coreUse.keys()].sort(), ['dc.core0', 'dc.core1', 'dc.core2', 'dc.core3']);
  // 16 hosts × 12 hosts in other pods = 192 flows; no core switch carries more than half of them.
  t.is([...coreUse.values()].reduce((a, b) => a + b, 0), 192);
  t.true([...coreUse.values()].every((n) => n < 96));
});

test('a pair’s route is the same on every call and from a fresh router; unreachable is undefined', (t) => {
  const r1 = new EcmpRouter(links);
  const r2 = new EcmpRouter([...links]);
  for (const [a, b] of [
    ['dc.s0', 'dc.s15'],
    ['dc.s3', 'dc.s8'],
    ['dc.s5', 'dc.s6'],
  ] as const) {
    const first = r1.route(a, b)!.map((l) => `${l.from}->${l.to}`);
    t.deepEqual(r1.route(a, b)!.map((l) => `${l.from}->${l.to}`), first);
    t.deepEqual(r2.route(a, b)!.map((l) => `${l.from}->${l.to}`), first);
  }
  t.deepEqual(r1.route('dc.s0', 'dc.s0'), []);
  t.is(r1.route('dc.s0', 'nowhere'), undefined);
  t.deepEqual(r1.nextHops('dc.p0.edge0', 'dc.s15').map((l) => l.to), ['dc.p0.agg0', 'dc.p0.agg1']);
});
