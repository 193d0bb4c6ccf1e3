/**
 * The fabric against §2.3's closed forms and hand-computed schedules: a segmented message over
 * hops of unequal rates arrives after o + Σd_i + Σ s/B_i + (m−1)·s/B_min; a whole message after
 * o + Σd_i + n·Σ 1/B_i; two flows sharing one output port interleave segment by segment; messages
 * a node posts at once pay its NIC overhead one after another. Rates are chosen so every time is
 * a whole number of nanoseconds.
 */
import test from 'ava';
import { Simulator } from '../../src/engine/simulator.js';
import { FixedRateLink } from '../../src/net/link.js';
import { TransferError, type Link } from '../../src/net/transfer.js';
import type { Topology } from '../../src/net/routes.js';
import { DcFabric } from '../../src/datacenter/fabric.js';
import type { DcLinkDecl, FabricOptions } from '../../src/datacenter/types.js';
import { buildTopology } from '../../src/datacenter/topologies/index.js';

function network(sim: Simulator, decls: readonly DcLinkDecl[], down: ReadonlySet<string> = new Set()): Topology {
  const links: Link[] = [];
  for (const d of decls)
    for (const [from, to, delayS] of [
      [d.from, d.to, d.delayS],
      [d.to, d.from, d.reverseDelayS ?? d.delayS],
    ] as const)
      links.push(new FixedRateLink(sim, { id: `${from}->${to}`, from, to, rateBps: d.rateBps, delayS }, () => (down.has(to) ? 'failed' : undefined)));
  return {
    links,
    linksByEnds: new Map(links.map((l) => [`${l.from}->${l.to}`, l])),
    servingEdge: () => undefined,
    downlink: () => {
      throw new Error('no wireless medium');
    },
  };
}

const opts = (segmentBytes: number | null, messageOverheadS = 0): FabricOptions => ({ routing: 'ecmp', segmentBytes, messageOverheadS });
const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b));

/** a → x → y → b with rates B (bytes/s) and delays d. */
function chain(sim: Simulator, bytesPerS: readonly number[], delays: readonly number[]): Topology {
  const names = ['a', 'x', 'y', 'b'];
  return network(
    sim,
    bytesPerS.map((B, i) => ({ from: names[i]!, to: names[i + 1]!, rateBps: 8 * B, delayS: delays[i]! })),
  );
}

function arrival(sim: Simulator, fabric: DcFabric, from: string, to: string, bytes: number): () => number {
  let at = NaN;
  fabric.send(from, to, bytes, 'm').addCallback((e) => (at = e.value as number));
  return () => at;
}

for (const rates of [
  [2e6, 1e6, 4e6],
  [1e6, 4e6, 2e6],
]) {
  test(`segmented message over rates ${rates.join('/')} B/s: o + Σd + Σ s/B + (m−1)·s/B_min`, (t) => {
    const d = [1e-3, 2e-3, 5e-4];
    const o = 1e-4;
    const s = 1000;
    const n = 10_000; // m = 10
    const sim = new Simulator();
    const fabric = new DcFabric(sim, chain(sim, rates, d), ['a', 'x', 'y', 'b'], opts(s, o));
    const at = arrival(sim, fabric, 'a', 'b', n);
    sim.run();
    const closed = o + d[0]! + d[1]! + d[2]! + rates.reduce((acc, B) => acc + s / B, 0) + (n / s - 1) * (s / Math.min(...rates));
    t.true(close(at(), closed), `${at()} vs ${closed}`);
    // by hand: 0.1 + 3.5 + (0.5 + 1 + 0.25) + 9 × 1 ms
    t.true(close(at(), 0.01435));
  });
}

test('whole message (segmentBytes null): o + Σd + n·Σ 1/B_i', (t) => {
  const sim = new Simulator();
  const fabric = new DcFabric(sim, chain(sim, [2e6, 1e6, 4e6], [1e-3, 2e-3, 5e-4]), ['a', 'x', 'y', 'b'], opts(null, 1e-4));
  const at = arrival(sim, fabric, 'a', 'b', 10_000);
  sim.run();
  t.true(close(at(), 1e-4 + 3.5e-3 + 10_000 * (1 / 2e6 + 1 / 1e6 + 1 / 4e6)));
  t.true(close(at(), 0.0211));
});

test('a smaller last segment; one hop costs n/B + d however the message is cut', (t) => {
  const sim = new Simulator();
  const fabric = new DcFabric(sim, chain(sim, [2e6, 1e6, 4e6], [0, 0, 0]), ['a', 'x', 'y', 'b'], opts(1000));
  const oneHop = arrival(sim, fabric, 'a', 'x', 10_500);
  sim.run();
  t.true(close(oneHop(), 10_500 / 2e6));
  const sim2 = new Simulator();
  const f2 = new DcFabric(sim2, chain(sim2, [2e6, 1e6, 4e6], [0, 0, 0]), ['a', 'x', 'y', 'b'], opts(1000));
  const full = arrival(sim2, f2, 'a', 'b', 10_500);
  sim2.run();
  // 11 segments (10 of 1000 B, one of 500 B). Segments reach x every 0.5 ms from 0.5 ms; the
  // 1 MB/s middle link then serves without a gap for 10 × 1 + 0.5 = 10.5 ms, until 11 ms; the
  // last hop (4 MB/s, idle between segments) adds 500 B / 4 MB/s = 0.125 ms: 11.125 ms.
  t.true(close(full(), 0.011125));
});

test('two flows sharing one output port interleave segment by segment', (t) => {
  // a → sw ← c, sw → b; all 1 MB/s (1 ms per 1000 B segment), sw→b delay 0.1 ms. a sends 3 segments
  // at 0, c at 0.5 ms: they reach sw at 1, 2, 3 and 1.5, 2.5, 3.5 ms. Port sw→b serves
  // a0 1–2, c0 2–3, a1 3–4, c1 4–5, a2 5–6, c2 6–7: a arrives at 6.1 ms, c at 7.1 ms.
  const sim = new Simulator();
  const B = 8e6;
  const topo = network(sim, [
    { from: 'a', to: 'sw', rateBps: B, delayS: 0 },
    { from: 'c', to: 'sw', rateBps: B, delayS: 0 },
    { from: 'sw', to: 'b', rateBps: B, delayS: 1e-4, reverseDelayS: 0 },
  ]);
  const fabric = new DcFabric(sim, topo, ['a', 'b', 'c', 'sw'], opts(1000));
  const mark = fabric.mark();
  const atA = arrival(sim, fabric, 'a', 'b', 3000);
  let atC = NaN;
  sim.at(5e-4, () => fabric.send('c', 'b', 3000, 'c').addCallback((e) => (atC = e.value as number)));
  sim.run();
  t.true(close(atA(), 6.1e-3), String(atA()));
  t.true(close(atC, 7.1e-3), String(atC));
  const use = fabric.usage(mark);
  t.deepEqual(
    use.map((u) => [u.link, u.bits]),
    [
      ['a->sw', 24_000],
      ['c->sw', 24_000],
      ['sw->b', 48_000],
    ],
  );
  t.true(close(use[2]!.busyS, 6e-3));
  t.is(use[2]!.rateBps, B);
  t.deepEqual(fabric.usage(fabric.mark()), []);
});

test('messages a node posts at once pay its NIC overhead one after another; other nodes do not wait', (t) => {
  // o = 1 ms, 1000 B at 1 MB/s = 1 ms. a → b: NIC 0–1, link 1–2. a → d: NIC 1–2, link 2–3.
  // c → b: its own NIC 0–1, link 1–2. A second a → b of 3000 B posted behind them: NIC 2–3, link a→b 3–6.
  const sim = new Simulator();
  const topo = network(sim, [
    { from: 'a', to: 'b', rateBps: 8e6, delayS: 0 },
    { from: 'a', to: 'd', rateBps: 8e6, delayS: 0 },
    { from: 'c', to: 'b', rateBps: 8e6, delayS: 0 },
  ]);
  const fabric = new DcFabric(sim, topo, ['a', 'b', 'c', 'd'], opts(1000, 1e-3));
  const ab = arrival(sim, fabric, 'a', 'b', 1000);
  const ad = arrival(sim, fabric, 'a', 'd', 1000);
  const cb = arrival(sim, fabric, 'c', 'b', 1000);
  const ab2 = arrival(sim, fabric, 'a', 'b', 3000);
  sim.run();
  t.deepEqual([ab(), ad(), cb(), ab2()].map((x) => Math.round(x * 1e9)), [2e6, 3e6, 2e6, 6e6]);
});

test('routes use only the given nodes; a message to a down node fails with a TransferError', (t) => {
  const sim = new Simulator();
  const topo = network(
    sim,
    [
      { from: 'a', to: 'b', rateBps: 8e6, delayS: 0 },
      { from: 'a', to: 'sw', rateBps: 8e6, delayS: 0 },
      { from: 'sw', to: 'b', rateBps: 8e6, delayS: 0 },
    ],
    new Set(['b']),
  );
  t.deepEqual(new DcFabric(sim, topo, ['a', 'b', 'sw']).route('a', 'b').map((l) => l.id), ['a->b']);
  const fabric = new DcFabric(sim, topo, ['a', 'sw', 'b'], opts(1000));
  t.deepEqual(new DcFabric(sim, { ...topo, links: topo.links.filter((l) => l.id !== 'a->b') }, ['a', 'b', 'sw']).route('a', 'b').map((l) => l.id), ['a->sw', 'sw->b']);
  t.throws(() => new DcFabric(sim, topo, ['a', 'b']).route('b', 'sw'), { message: /no route from 'b' to 'sw'/ });
  let error: unknown;
  fabric.send('a', 'b', 3000, 'm').addCallback((e) => {
    e.defused = true;
    error = e.error;
  });
  sim.run();
  t.true(error instanceof TransferError);
  t.deepEqual(new DcFabric(sim, topo, ['a', 'b'], { routing: 'shortest', segmentBytes: null, messageOverheadS: 0 }).route('a', 'b').map((l) => l.id), ['a->b']);
});

test('fat-tree k=4, inter-pod: 6 hops, switch latency on the 5 directions leaving a switch', (t) => {
  // hosts 1 MB/s, fabric 2 MB/s, d = 1 µs, switch latency 1 µs, 4 segments of 1000 B:
  // T = 6·1 µs + 5·1 µs + 2 × 1 ms + 4 × 0.5 ms + 3 × 1 ms (the host links are the bottleneck) = 7.011 ms.
  const layout = buildTopology({ name: 'fat-tree', k: 4, hostRateBps: 8e6, fabricRateBps: 16e6, delayS: 1e-6, switchLatencyS: 1e-6 }, 'dc.');
  const sim = new Simulator();
  const fabric = new DcFabric(sim, network(sim, layout.links), layout.nodes.map((n) => n.id), opts(1000));
  t.is(fabric.route('dc.s0', 'dc.s15').length, 6);
  const at = arrival(sim, fabric, 'dc.s0', 'dc.s15', 4000);
  sim.run();
  t.true(close(at(), 7.011e-3), String(at()));
});
