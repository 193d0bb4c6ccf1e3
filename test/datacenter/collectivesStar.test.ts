/**
 * Design §5.3 on a star (p = 8 servers on one switch; a ninth port for the dedicated PS) over the
 * real DcFabric (SimNodes, the switch a `switch` node, one FixedRateLink per direction, ECMP
 * routes; NIC o per message, segments of s bytes forwarded hop by hop). d = 1 µs, o = 5 µs, s = 64 KiB, n = 64 MiB, γ off. §2.3: one message of b bytes
 * over the 2 equal hops takes α + b·β with α = o + 2d + s/B (pipeline fill) and β = 1/B.
 * At B = 8 Gb/s every duration is a whole number of ns (s/B = 65 536 ns), so the closed forms
 * hold exactly on the ns clock. At the design's 10 Gb/s, a segment's service s/B = 52 428.8 ns is
 * scheduled as 52 429 ns (the engine's clock is whole ns), 0.2/52 428.8 = 3.8e-6 slower, so those
 * table values come out 3.8e-6 high and are checked to 1e-5 relative (the design's "1e-9 rel."
 * cannot hold on a ns clock at that rate).
 */
import test from 'ava';
import type { RegistrySpec } from '../../src/datacenter/types.js';
import { createCollective, resolveCollective } from '../../src/datacenter/collectives/index.js';
import { dcWorld } from './world-fixture.js';

const P = 8;
const D = 1e-6;
const O = 5e-6;
const S = 65536;
const N = 64 * 1024 * 1024;

/** Runs one all-reduce on the star; γ = `reduceFlopsPerValue` FLOPs per value at 1e9 FLOP/s. */
function star(spec: RegistrySpec, rateBps: number, reduceFlopsPerValue = 0): number {
  const nodes = Array.from({ length: P }, (_, r) => `s${r}`);
  const { sim, comm, fabric } = dcWorld(
    [...nodes, 'ps'].map((n) => ({ from: n, to: 'sw', rateBps, delayS: D })),
    { routing: 'ecmp', segmentBytes: S, messageOverheadS: O, switches: ['sw'], flopsPerS: 1e9, reduceFlopsPerValue },
  );
  if (fabric.route('s0', 's5').map((l) => l.id).join() !== 's0->sw,sw->s5') throw new Error('not routed through the switch');
  const inst = createCollective(comm, resolveCollective(spec), { nodes, racks: [nodes.map((_, r) => r)] }, N / 4, 'ar');
  const procs = nodes.map((_, r) => sim.process(inst.join(r, { values: N / 4, bytesPerValue: 4, data: null })));
  sim.run();
  if (!procs.every((p) => p.ok)) throw new Error('a rank failed');
  return sim.now;
}

/** [spec, closed form in units of (α, n·β)] */
const TABLE: [RegistrySpec, number, number][] = [
  [{ name: 'ring' }, 14, 1.75],
  [{ name: 'halving-doubling' }, 6, 1.75],
  [{ name: 'tree' }, 6, 6],
  [{ name: 'parameter-server', servers: ['ps'] }, 2, 16],
  [{ name: 'parameter-server', servers: 'sharded' }, 2, 1.75],
];

test('§5.3 closed forms exactly at 8 Gb/s (every duration whole ns)', (t) => {
  const B = 1e9; // bytes/s
  const alpha = O + 2 * D + S / B;
  for (const [spec, a, b] of TABLE) t.is(Math.round(star(spec, 8e9) * 1e9), Math.round((a * alpha + (b * N) / B) * 1e9), JSON.stringify(spec));
});

test('§5.3 table at 10 Gb/s (design values), to 1e-5 relative (ns rounding); ring and halving-doubling within 1% of the fill-free α0 = o + 2d form', (t) => {
  const values: [number, number][] = [
    [0.0947844128, 0.0940504096],
    [0.0943089824, NaN],
    [0.32247912, NaN],
    [0.8591123168, NaN],
    [0.0940712672, NaN],
  ];
  TABLE.forEach(([spec], i) => {
    const got = star(spec, 10e9);
    const [want, fillFree] = values[i]!;
    t.true(Math.abs(got - want) / want < 1e-5, `${JSON.stringify(spec)}: ${got} vs ${want}`);
    if (!Number.isNaN(fillFree)) t.true(Math.abs(got - fillFree) / fillFree < 0.01);
  });
});

test('§5.3 γ test: ring on the star with γ = 2.5e-10 s/B adds (p−1)/p·n·γ', (t) => {
  // reduceFlopsPerValue 1 at 1e9 FLOP/s: 1 ns per value = 2.5e-10 s per byte. RS reductions sit on
  // the critical path (each delays the next send), AG reduces nothing.
  const extra = star({ name: 'ring' }, 8e9, 1) - star({ name: 'ring' }, 8e9);
  t.is(Math.round(extra * 1e9), Math.round(((P - 1) / P) * N * 2.5e-10 * 1e9));
});

test('ring topology (direct links, one hop): ring all-reduce = 2(p−1)(o + d) + 2(p−1)/p·n·8/R, with or without segments', (t) => {
  // One hop: a message of b bytes is o (NIC) + m·s/B (its segments back to back on the one link) +
  // d = o + d + b/B: no pipeline fill. Every ring step sends n/p bytes to the next server.
  for (const segmentBytes of [S, null]) {
    const nodes = Array.from({ length: P }, (_, r) => `s${r}`);
    const { sim, comm } = dcWorld(
      nodes.map((n, r) => ({ from: n, to: nodes[(r + 1) % P]!, rateBps: 8e9, delayS: D })),
      { routing: 'ecmp', segmentBytes, messageOverheadS: O },
    );
    const inst = createCollective(comm, resolveCollective({ name: 'ring' }), { nodes, racks: [nodes.map((_, r) => r)] }, N / 4, 'ar');
    const procs = nodes.map((_, r) => sim.process(inst.join(r, { values: N / 4, bytesPerValue: 4, data: null })));
    sim.run();
    t.true(procs.every((p) => p.ok));
    t.is(Math.round(sim.now * 1e9), Math.round((2 * (P - 1) * (O + D) + ((2 * (P - 1)) / P) * (N * 8) / 8e9) * 1e9), `segments ${segmentBytes}`);
  }
});
