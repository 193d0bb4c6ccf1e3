import test from 'ava';
import { Simulator } from '../../src/engine/simulator.js';
import { InterferenceField, type Interferer } from '../../src/net/interference.js';
import { Emission, REFRESH_M } from '../../src/net/emission.js';
import { ConstantVelocityMobility, StaticMobility } from '../../src/mobility/simple.js';
import type { MobilityModel } from '../../src/mobility/model.js';
import type { Medium } from '../../src/net/medium.js';
import type { ChannelEnd, RadioChannel } from '../../src/radio/channel.js';

// The interference field keeps one emitter per (sending node, medium): its interference at a
// receiver is the node's mean received power there times the summed share of the node's power its
// transmissions radiate. Stub channels with a known mean received power stand in for the radio,
// and count how often they are evaluated (a real channel keeps its value for the instant:
// test/radio/mean-power-memo.test.ts).

const end = (id: string, mobility: MobilityModel = new StaticMobility({ x: 0, y: 0, z: 0 })): ChannelEnd => ({ id, radio: { noiseFigureDb: 5 }, mobility }) as unknown as ChannelEnd;

/** A field whose every channel has mean received power `meanW(receiver, tS)` at full power; `calls` counts evaluations. */
function fieldWith(sim: Simulator, meanW: (rx: string, tS: number) => number): { field: InterferenceField; calls: { n: number } } {
  const calls = { n: 0 };
  const channelBetween = (_from: string, rx: string): RadioChannel =>
    ({
      meanRxPowerW: (_tx: ChannelEnd, tS: number) => {
        calls.n++;
        return meanW(rx, tS);
      },
    }) as unknown as RadioChannel;
  return { field: new InterferenceField(sim, channelBetween, 20e6), calls };
}

/** A transmission of node `sender` (1 W) radiating `w.radiatedW`, changed in place as its share changes. */
/** Whether two lists of numbers agree to within 1e-12 relative (sums of shares carry float residue). */
const near = (a: number[], b: number[]): boolean => a.length === b.length && a.every((x, i) => Math.abs(x - b[i]!) <= 1e-12 * Math.abs(b[i]!));

const downlink = (sender: ChannelEnd, radiatedW: number): Interferer & { radiatedW: number } => ({ senderEnd: sender, radiatedW, nodePowerW: 1 });

test('an edge re-splitting its downlinks among more users changes nothing at other cells, and evaluates no channel', (t) => {
  // Edge e (1 W) in cell A; victims v1, v2 in cell B. Mean received power from e at full power:
  // 2 nW at v1, 3 nW at v2. Its users' shares always sum to its power: the interference stays
  // 2 nW and 3 nW through joins and leaves, and the channels are evaluated once per receiver.
  const sim = new Simulator();
  const { field, calls } = fieldWith(sim, (rx) => (rx === 'v1' ? 2e-9 : 3e-9));
  const mA = {};
  const mB = {};
  const e = end('e');
  const s1 = field.attach('downlink/0', mB, end('v1'), { interferenceChanged: () => {} });
  const s2 = field.attach('downlink/0', mB, end('v2'), { interferenceChanged: () => {} });
  const users = [downlink(e, 1)];
  const seen: number[][] = [];
  const check = (): void => void seen.push([s1.sumW, s2.sumW, calls.n]);
  sim.at(0, () => field.update('downlink/0', users[0]!, mA, true));
  sim.at(0.001, check);
  for (let k = 2; k <= 5; k++) {
    sim.at(k / 100, () => {
      // The k-th user joins: the medium re-splits and the transmitter re-shares, one user at a time.
      users.push(downlink(e, 0));
      for (const u of users) {
        u.radiatedW = 1 / k;
        field.update('downlink/0', u, mA, true);
      }
    });
    sim.at(k / 100 + 0.001, check);
  }
  sim.at(0.1, () => {
    // Every user but one leaves; the last radiates the whole power again.
    for (const u of users.splice(1)) field.update('downlink/0', u, mA, false);
    users[0]!.radiatedW = 1;
    field.update('downlink/0', users[0]!, mA, true);
  });
  sim.at(0.101, check);
  sim.at(0.2, () => field.update('downlink/0', users[0]!, mA, false));
  sim.at(0.201, check);
  sim.run();
  t.deepEqual(seen, [
    [2e-9, 3e-9, 2],
    [2e-9, 3e-9, 2],
    [2e-9, 3e-9, 2],
    [2e-9, 3e-9, 2],
    [2e-9, 3e-9, 2],
    [2e-9, 3e-9, 2],
    [0, 0, 2],
  ]);
});

test('an emitter whose summed power changes scales its interference by it', (t) => {
  // Two users at half power each (1 W node, 4 nW at full power at v): 4 nW. One leaves before the
  // other is re-shared: 2 nW; the other takes the whole power: 4 nW again.
  const sim = new Simulator();
  const { field, calls } = fieldWith(sim, () => 4e-9);
  const mA = {};
  const e = end('e');
  const sink = field.attach('downlink/0', {}, end('v'), { interferenceChanged: () => {} });
  const x = downlink(e, 0.5);
  const y = downlink(e, 0.5);
  const seen: number[][] = [];
  sim.at(0, () => {
    field.update('downlink/0', x, mA, true);
    field.update('downlink/0', y, mA, true);
  });
  sim.at(0.01, () => {
    seen.push([sink.sumW, calls.n]);
    field.update('downlink/0', y, mA, false);
  });
  sim.at(0.02, () => {
    seen.push([sink.sumW, calls.n]);
    x.radiatedW = 1;
    field.update('downlink/0', x, mA, true);
  });
  sim.at(0.03, () => seen.push([sink.sumW, calls.n]));
  sim.run();
  // Evaluations: two at 0 s (x came on alone, at once; y at the settling), one at 0.01 s (y left),
  // one at 0.02 s (x's new share).
  t.true(near(seen.flat(), [4e-9, 2, 2e-9, 3, 4e-9, 4]), JSON.stringify(seen));
});

test(`a moving receiver's interference is evaluated afresh once it has moved ${REFRESH_M} m`, (t) => {
  // v walks at 1 m/s; the mean received power from e is 1 nW × (1 + metres from the start). At
  // 3 s it has moved 3 m: the sum attached at 0 s holds (1 nW); at 6 s, 6 m: 7 nW; at 9 s, 3 m on
  // from there: still 7 nW; at 12 s: 13 nW.
  const sim = new Simulator();
  const walk = new ConstantVelocityMobility({ x: 0, y: 0, z: 0 }, { x: 1, y: 0, z: 0 });
  const { field } = fieldWith(sim, (_rx, tS) => 1e-9 * (1 + walk.positionAt(tS).x));
  const sink = field.attach('downlink/0', {}, end('v', walk), { interferenceChanged: () => {} });
  sim.at(0, () => field.update('downlink/0', downlink(end('e'), 1), {}, true));
  const seen: number[] = [];
  for (const tS of [3, 6, 9, 12]) sim.at(tS, () => void seen.push(field.interferenceW(sink, 20e6)));
  sim.run();
  t.true(near(seen, [1e-9, 7e-9, 7e-9, 13e-9]), JSON.stringify(seen));
});

test(`a moving sender's interference is evaluated afresh once it has moved ${REFRESH_M} m, not at each new share`, (t) => {
  // Sender u walks at 1 m/s; mean received power at v: 1 nW × (1 + metres from the start). Its
  // transmission is re-announced each second with the same power (a re-split of its medium) and
  // told of each new step: the interference follows it at 5 m and 10 m, not in between.
  const sim = new Simulator();
  const walk = new ConstantVelocityMobility({ x: 0, y: 0, z: 0 }, { x: 1, y: 0, z: 0 });
  const { field, calls } = fieldWith(sim, (_rx, tS) => 1e-9 * (1 + walk.positionAt(tS).x));
  const sink = field.attach('uplink/0', {}, end('v'), { interferenceChanged: () => {} });
  const u = end('u', walk);
  const medium = { spectrum: { field, band: 'uplink/0' } } as unknown as Medium;
  const emission = new Emission(medium, u, sim);
  const who: Interferer = { senderEnd: u, radiatedW: 0.2, nodePowerW: 0.2 };
  const seen: number[] = [];
  sim.at(0, () => emission.announce(who, true));
  for (let s = 1; s <= 11; s++) {
    sim.at(s, () => {
      emission.announce(who, true);
      emission.moved(who);
    });
    sim.at(s + 0.5, () => void seen.push(sink.sumW)); // once the instant has settled
  }
  sim.run();
  t.true(near(seen, [1, 1, 1, 1, 6, 6, 6, 6, 6, 11, 11].map((x) => x * 1e-9)), JSON.stringify(seen));
  t.is(calls.n, 3);
});

test('victims are told of each material change once: a broadcast once however many of its receivers hear it, a unicast once, at every settling', (t) => {
  // Sender x in cell A radiates 1 W, then 2 W, then stops; receivers r1, r2 (a broadcast's two
  // receptions, one owner) and r3 (a unicast, no owner) in cell B hear 1 nW per W from it. Every
  // change is far above 1 % of the noise (−174 dBm/Hz + 73 dB + 5 dB ≈ 0.25 pW over 20 MHz).
  const sim = new Simulator();
  const { field } = fieldWith(sim, () => 1e-9);
  const mA = {};
  const mB = {};
  const told = { broadcast: 0, unicast: 0 };
  const owner = {};
  const ofBroadcast = { interferenceChanged: () => void told.broadcast++, owner };
  field.attach('uplink/0', mB, end('r1'), ofBroadcast);
  field.attach('uplink/0', mB, end('r2'), { interferenceChanged: () => void told.broadcast++, owner });
  const unicastSink = field.attach('uplink/0', mB, end('r3'), { interferenceChanged: () => void told.unicast++ });
  const x = downlink(end('x'), 1);
  const seen: number[][] = [];
  sim.at(0.01, () => field.update('uplink/0', x, mA, true));
  sim.at(0.011, () => void seen.push([told.broadcast, told.unicast, Math.round(unicastSink.sumW * 1e21) / 1e12]));
  sim.at(0.02, () => {
    x.radiatedW = 2;
    field.update('uplink/0', x, mA, true);
  });
  sim.at(0.021, () => void seen.push([told.broadcast, told.unicast, Math.round(unicastSink.sumW * 1e21) / 1e12]));
  sim.at(0.03, () => field.update('uplink/0', x, mA, false));
  sim.at(0.031, () => void seen.push([told.broadcast, told.unicast, Math.round(unicastSink.sumW * 1e21) / 1e12]));
  sim.run();
  t.deepEqual(seen, [
    [1, 1, 1], // nW (to 1e-21 W: the running sum carries float residue)
    [2, 2, 2],
    [3, 3, 0],
  ]);
});
