import test from 'ava';
import fc from 'fast-check';
import { Simulator } from '../../src/engine/simulator.js';
import { RandomStream } from '../../src/engine/random.js';
import { radioEnvironment, nodeRadio } from '../../src/radio/environment.js';
import { RadioChannel, type ChannelEnd } from '../../src/radio/channel.js';
import { Medium } from '../../src/net/medium.js';
import { WirelessLink } from '../../src/net/wireless.js';
import { WirelessTransmission } from '../../src/net/transmission.js';
import { Transmitter } from '../../src/net/transmitter.js';
import { ReceptionHeap, type HeapedReception } from '../../src/net/receptionHeap.js';
import { StaticMobility } from '../../src/mobility/simple.js';
import { friisLossDb } from '../../src/radio/pathLoss.js';
import { noisePowerDbm } from '../../src/radio/budget.js';

// A broadcast to K receivers used to account and replan all K receptions at each of their K ends
// (O(K²) per broadcast). Each reception now accrues on its own and sits in a completion heap: a
// reception's end touches only itself while the others' rates hold.

const B = 20e6;
const S = 10_000_000;

/** Edge 43 dBm + 8 dBi at 10 m height → terminal 0 dBi, NF 7 dB at 1.5 m, free space, no fading. */
function broadcastTo(distancesM: number[]): { sim: Simulator; tr: WirelessTransmission; ends: number[] } {
  const sim = new Simulator({ seed: 1 });
  const env = radioEnvironment({ pathLoss: { model: 'free-space' }, shadowing: false, fading: { model: 'none' }, bandwidthHz: B, maxSpectralEfficiencyBpsPerHz: null });
  const edge: ChannelEnd = { id: 'e0', mobility: new StaticMobility({ x: 0, y: 0, z: 10 }), radio: nodeRadio('edge') };
  const medium = new Medium('e0/downlink', env.access, env.bandwidthHz, env.dedicatedBandwidthHz);
  const transmitter = new Transmitter(sim, 'e0', 20, 20);
  const links = distancesM.map((d, i) => {
    const end: ChannelEnd = { id: `t${i}`, mobility: new StaticMobility({ x: Math.sqrt(d ** 2 - 8.5 ** 2), y: 0, z: 1.5 }), radio: nodeRadio('terminal') };
    return new WirelessLink(sim, `e0->t${i}`, edge, end, new RadioChannel(env, edge, end, new RandomStream(`radio/e0|t${i}`, `1/0/radio/e0|t${i}`)), medium, transmitter, env);
  });
  const tr = new WirelessTransmission(links, medium, S, 'model', 'broadcast');
  const ends = distancesM.map(() => -1);
  tr.arrivals.forEach((a, i) => a.addCallback(() => (ends[i] = sim.nowNs)));
  return { sim, tr, ends };
}

test('a broadcast to 60 receivers: each arrives at S / (B·log2(1 + SNR_i)) + propagation (by hand), and it is planned once, not at each end', (t) => {
  const distancesM = Array.from({ length: 60 }, (_, i) => 20 + 37 * i + (i % 7) * 3); // distinct rates
  const { sim, tr, ends } = broadcastTo(distancesM);
  const proto = WirelessTransmission.prototype as unknown as Record<string, (...a: unknown[]) => unknown>;
  const original = proto['planSteps']!;
  let plans = 0;
  proto['planSteps'] = function (this: unknown, ...a: unknown[]) {
    plans++;
    return original.apply(this, a);
  };
  try {
    tr.begin();
    sim.run();
  } finally {
    proto['planSteps'] = original;
  }
  distancesM.forEach((d, i) => {
    const rate = B * Math.log2(1 + 10 ** ((43 + 8 - friisLossDb(d, 3.5e9) - noisePowerDbm(B, 7)) / 10));
    const propNs = Math.round((d / 299_792_458) * 1e9);
    const airNs = ends[i]! - propNs;
    t.true(airNs >= (S / rate) * 1e9 - 1 && airNs <= Math.ceil((S / rate) * 1e9) + 1, `receiver ${i}: ${airNs} ns vs ${(S / rate) * 1e9}`);
  });
  t.is(plans, 1, 'one full plan when the broadcast starts; the 60 ends each touch only their own reception');
});

test('property: the reception heap yields every key in order, ties in receiver order, through moves and removals', (t) => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 20 }), fc.boolean()), { minLength: 1, maxLength: 60 }), (ops) => {
      const items: HeapedReception[] = ops.map((_, index) => ({ dueKey: Infinity, index, heapAt: -1 }));
      const heap = new ReceptionHeap<HeapedReception>();
      const ref = new Map<number, number>(); // index → key, the independent reference
      ops.forEach(([key, other, drop], i) => {
        heap.set(items[i]!, key);
        ref.set(i, key);
        const j = other % (i + 1);
        if (drop) {
          heap.remove(items[j]!);
          ref.delete(j);
        } else if (ref.has(j)) {
          heap.set(items[j]!, key + 1); // a move
          ref.set(j, key + 1);
        }
      });
      t.is(heap.size, ref.size);
      const limit = 11;
      const due = heap.popDue(limit).map((r) => r.index);
      const expected = [...ref].filter(([, k]) => k <= limit).map(([i]) => i).sort((a, b) => a - b);
      t.deepEqual(due, expected);
      const rest = [...ref].filter(([, k]) => k > limit).map(([, k]) => k).sort((a, b) => a - b);
      t.is(heap.topKey(), rest.length === 0 ? Infinity : rest[0]!);
    }),
  );
});
