import test from 'ava';
import fc from 'fast-check';
import { Simulator } from '../../src/engine/simulator.js';
import { RandomStream } from '../../src/engine/random.js';
import { radioEnvironment, nodeRadio, type RadioSpec } from '../../src/radio/environment.js';
import { RadioChannel, type ChannelEnd } from '../../src/radio/channel.js';
import { Medium } from '../../src/net/medium.js';
import { WirelessLink } from '../../src/net/wireless.js';
import { WirelessTransmission } from '../../src/net/transmission.js';
import { ConstantVelocityMobility, StaticMobility } from '../../src/mobility/simple.js';
import { friisLossDb } from '../../src/radio/pathLoss.js';
import { noisePowerDbm } from '../../src/radio/budget.js';

// The one stepping mechanism of unicasts and broadcasts plans in integer nanoseconds. The livelock
// it replaces: a step end kept in float seconds while the clock counts whole ns, so the delay to it
// could round to 0 ns and the transmission rescheduled itself at the same instant forever
// (issue 8: `radio.bandwidthHz=1`, `radio.outageSnrDb=100`, `tasks[2].bits=1e9` hung a run).

interface Setup {
  sim: Simulator;
  links: WirelessLink[];
  medium: Medium;
}

function setup(radio: RadioSpec, receivers: { distanceM: number; speedMps: number }[], seed: number): Setup {
  const sim = new Simulator({ seed, maxEventsPerInstant: 1000 });
  const env = radioEnvironment(radio);
  const edge: ChannelEnd = { id: 'e0', mobility: new StaticMobility({ x: 0, y: 0, z: 10 }), radio: nodeRadio('edge') };
  const medium = new Medium('e0/downlink', env.access, env.bandwidthHz, env.dedicatedBandwidthHz);
  const links = receivers.map(({ distanceM, speedMps }, i) => {
    const m = speedMps === 0 ? new StaticMobility({ x: distanceM, y: 0, z: 1.5 }) : new ConstantVelocityMobility({ x: distanceM, y: 0, z: 1.5 }, { x: 0, y: speedMps, z: 0 });
    const end: ChannelEnd = { id: `t${i}`, mobility: m, radio: nodeRadio('terminal') };
    const channel = new RadioChannel(env, edge, end, new RandomStream(`radio/e0|t${i}`, `${seed}/0/radio/e0|t${i}`));
    return new WirelessLink(sim, `e0->t${i}`, edge, end, channel, medium, env);
  });
  return { sim, links, medium };
}

test('property: any size, bandwidth, step and channel ends without a livelock, within a bounded number of events', (t) => {
  fc.assert(
    fc.property(
      fc.record({
        bits: fc.oneof(fc.constant(0), fc.double({ min: 1e-3, max: 1e10, noNaN: true })),
        bandwidthHz: fc.double({ min: 1, max: 4e8, noNaN: true }),
        stepS: fc.oneof(fc.double({ min: 1e-12, max: 1e-6, noNaN: true }), fc.double({ min: 1e-6, max: 10, noNaN: true })),
        outageSnrDb: fc.double({ min: -20, max: 100, noNaN: true }),
        outagePolicy: fc.constantFrom('pause' as const, 'fail' as const),
        fading: fc.constantFrom('none' as const, 'rayleigh' as const),
        access: fc.constantFrom('ofdma' as const, 'tdma' as const),
        receivers: fc.array(fc.record({ distanceM: fc.double({ min: 5, max: 5000, noNaN: true }), speedMps: fc.constantFrom(0, 1.5, 30) }), { minLength: 1, maxLength: 4 }),
        sends: fc.integer({ min: 1, max: 3 }),
        seed: fc.integer({ min: 1, max: 1e6 }),
      }),
      (c) => {
        const { sim, links, medium } = setup(
          { pathLoss: { model: 'free-space' }, shadowing: false, fading: { model: c.fading }, bandwidthHz: c.bandwidthHz, stepS: c.stepS, outageSnrDb: c.outageSnrDb, outagePolicy: c.outagePolicy, access: c.access },
          c.receivers,
          c.seed,
        );
        // At most ~5000 steps of simulated time (a 1 ps step is simulated as 1 ns).
        const horizonS = Math.min(20, Math.max(c.stepS, 1e-9) * 5000);
        const transmissions: WirelessTransmission[] = [];
        for (let k = 0; k < c.sends; k++) {
          const tr = new WirelessTransmission(links, medium, c.bits, `m${k}`, links.length === 1 ? 'unicast' : 'broadcast');
          tr.done.defused = true;
          tr.begin();
          transmissions.push(tr);
        }
        sim.run({ untilS: horizonS }); // a livelock would throw (maxEventsPerInstant 1000)
        // The bound: each transmission takes at most one event per step (≥ 1 ns each), one per
        // completion, one per change of its share (≤ 2 per other transmission), and one
        // propagation-delay event per receiver.
        const steps = Math.ceil(horizonS / Math.max(c.stepS, 1e-9)) + 1;
        const bound = c.sends * (steps + 2 * c.receivers.length + 2 * c.sends + 2) + 10;
        t.true(sim.counters.processed <= bound, `${sim.counters.processed} events > bound ${bound}`);
        // Every reception has ended (delivered or failed), or the transmission is still on the
        // timeline at the horizon (it has an event pending): none is stalled with nothing scheduled.
        const open = transmissions.flatMap((tr) => tr.arrivals).filter((a) => !a.triggered).length;
        t.true(open === 0 || sim.livePending > 0, `${open} receptions open, nothing pending`);
      },
    ),
    { numRuns: 200, seed: 8 },
  );
});

test('the issue-8 cases: a 1 Hz band, a 100 dB outage threshold and a 1 Gbit broadcast end without a livelock', (t) => {
  for (const radio of [{ bandwidthHz: 1 }, { outageSnrDb: 100 }, {}] as RadioSpec[]) {
    const { sim, links, medium } = setup({ ...radio, stepS: 0.1 }, [{ distanceM: 80, speedMps: 1.5 }, { distanceM: 200, speedMps: 30 }, { distanceM: 40, speedMps: 0 }], 3);
    const tr = new WirelessTransmission(links, medium, 1e9, 'model', 'broadcast');
    tr.done.defused = true;
    tr.begin();
    t.notThrows(() => sim.run({ untilS: 60 }));
    t.true(sim.counters.processed <= 3 * (60 / 0.1 + 10), `${sim.counters.processed} events`);
  }
});

test('a completion is exact to the nanosecond: S / (B·log2(1 + SNR)), rounded up', (t) => {
  // Free space, static ends, no fading: edge 43 dBm + 8 dBi → terminal 0 dBi, NF 7 dB, at 100 m.
  const B = 20e6;
  const S = 123_456_789;
  const { sim, links, medium } = setup({ pathLoss: { model: 'free-space' }, shadowing: false, fading: { model: 'none' }, bandwidthHz: B, maxSpectralEfficiencyBpsPerHz: null }, [{ distanceM: Math.sqrt(100 ** 2 - 8.5 ** 2), speedMps: 0 }], 1);
  const rate = B * Math.log2(1 + 10 ** ((43 + 8 - friisLossDb(100, 3.5e9) - noisePowerDbm(B, 7)) / 10));
  const tr = new WirelessTransmission(links, medium, S, 'x', 'unicast');
  let endNs = -1;
  tr.done.addCallback(() => (endNs = sim.nowNs));
  tr.begin();
  sim.run();
  const propNs = Math.round((100 / 299_792_458) * 1e9);
  const airNs = endNs - propNs;
  t.true(airNs >= (S / rate) * 1e9 - 1 && airNs <= Math.ceil((S / rate) * 1e9) + 1, `${airNs} ns vs ${(S / rate) * 1e9}`);
});
