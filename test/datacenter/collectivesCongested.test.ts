/**
 * Design §6, the hand-computed congested inter-rack case, on the real DcFabric (SimNodes with
 * L0 and L1 `switch` nodes, FixedRateLinks, ECMP routes): racks A = {a0, a1} on switch L0 and B = {b0, b1} on L1, server links 8 Gb/s,
 * one duplex L0↔L1 link at 1 Gb/s, d = o = γ = 0, whole messages; ranks [a0, a1, b0, b1],
 * n = 8·10⁶ B. A 2·10⁶ B message takes 2 ms on a server link and 16 ms between the racks.
 */
import test from 'ava';
import type { RegistrySpec } from '../../src/datacenter/types.js';
import { createCollective, resolveCollective } from '../../src/datacenter/collectives/index.js';
import { dcWorld } from './world-fixture.js';

const RACK: Record<string, string> = { a0: 'L0', a1: 'L0', b0: 'L1', b1: 'L1' };
const nodes = ['a0', 'a1', 'b0', 'b1'];
const VALUES = 2e6; // 8·10⁶ B

function run(spec: RegistrySpec): { endS: number; interBusyS: [number, number] } {
  const { sim, comm, link, fabric } = dcWorld(
    [...nodes.map((n) => ({ from: n, to: RACK[n]!, rateBps: 8e9, delayS: 0 })), { from: 'L0', to: 'L1', rateBps: 1e9, delayS: 0 }],
    { routing: 'ecmp', segmentBytes: null, messageOverheadS: 0, switches: ['L0', 'L1'] },
  );
  const mark = fabric.mark();
  const inst = createCollective(comm, resolveCollective(spec), { nodes, racks: [[0, 1], [2, 3]] }, VALUES, 'ar');
  const procs = nodes.map((_, r) => sim.process(inst.join(r, { values: VALUES, bytesPerValue: 4, data: null })));
  sim.run();
  if (!procs.every((p) => p.ok)) throw new Error('a rank failed');
  const use = new Map(fabric.usage(mark).map((u) => [u.link, u.busyS]));
  // the fabric's own accounting (what the dcLinks rows report) agrees with the links' busy time
  const interBusyS: [number, number] = [link('L0', 'L1').airtimeS, link('L1', 'L0').airtimeS];
  if (use.get('L0->L1') !== interBusyS[0] || use.get('L1->L0') !== interBusyS[1]) throw new Error('fabric usage disagrees with the links');
  return { endS: sim.now, interBusyS };
}

test('flat ring: every step waits for the 20 ms cross-rack message: T = 6 × 20 = 120 ms; L0↔L1 busy 96 ms each way', (t) => {
  // a1→b0 and b1→a0: 2 + 16 + 2 ms; a0→a1 and b0→b1: 4 ms; send-and-receive makes each step 20 ms.
  const r = run({ name: 'ring' });
  t.true(Math.abs(r.endS - 0.12) < 1e-9);
  t.true(Math.abs(r.interBusyS[0] - 0.096) < 1e-9 && Math.abs(r.interBusyS[1] - 0.096) < 1e-9);
});

test('hierarchical rs-ar-ag: T = 84 ms (FIFO ties to the lower rank), L0↔L1 busy 64 ms each way', (t) => {
  // Intra RS of 4·10⁶ B: 8 ms. Inter ring on (a0,b0) and (a1,b1), 2·10⁶ B: RS pair 0 crosses
  // 10–26 (arrives 28), pair 1 26–42 (44); AG pair 0 posts at 28, waits for the port until 42,
  // crosses 42–58 (60), pair 1 58–74 (76). Intra AG: a0 sends at 60 (68), a1 at 76 (84).
  const r = run({ name: 'hierarchical' });
  t.true(Math.abs(r.endS - 0.084) < 1e-9, `${r.endS}`);
  t.true(Math.abs(r.interBusyS[0] - 0.064) < 1e-9 && Math.abs(r.interBusyS[1] - 0.064) < 1e-9);
  t.true(r.endS < run({ name: 'ring' }).endS);
});

test('hierarchical leader: reduce 16 ms + leaders ring 2 × (4 + 32 + 4) ms + broadcast 16 ms = 112 ms', (t) => {
  const r = run({ name: 'hierarchical', variant: 'leader' });
  t.true(Math.abs(r.endS - 0.112) < 1e-9, `${r.endS}`);
  // the leaders' ring (p = 2) sends one 4·10⁶ B chunk each way in RS and one in AG: 2 × 32 ms
  t.true(Math.abs(r.interBusyS[0] - 0.064) < 1e-9 && Math.abs(r.interBusyS[1] - 0.064) < 1e-9);
});
