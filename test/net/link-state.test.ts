import test from 'ava';
import { Simulator } from '../../src/engine/simulator.js';
import { RandomStream } from '../../src/engine/random.js';
import { radioEnvironment, nodeRadio } from '../../src/radio/environment.js';
import { RadioChannel, type ChannelEnd } from '../../src/radio/channel.js';
import { Medium } from '../../src/net/medium.js';
import { WirelessLink } from '../../src/net/wireless.js';
import { Transmitter } from '../../src/net/transmitter.js';
import { ConstantVelocityMobility, StaticMobility } from '../../src/mobility/simple.js';
import { friisLossDb } from '../../src/radio/pathLoss.js';
import type { MobilityModel } from '../../src/mobility/model.js';

// A static link's channel (no fading in time blocks) is the same at every instant: its state is
// evaluated once per link, not once per message (issue 15: 10⁴ phones uploading every round).

function uplink(terminal: MobilityModel): { sim: Simulator; link: WirelessLink; calls: () => number } {
  const sim = new Simulator({ seed: 1 });
  const env = radioEnvironment({ pathLoss: { model: 'free-space' }, shadowing: false, fading: { model: 'rayleigh', process: 'jakes' }, bandwidthHz: 20e6 });
  const edge: ChannelEnd = { id: 'e0', mobility: new StaticMobility({ x: 0, y: 0, z: 10 }), radio: nodeRadio('edge') };
  const phone: ChannelEnd = { id: 't0', mobility: terminal, radio: nodeRadio('terminal') };
  const channel = new RadioChannel(env, phone, edge, new RandomStream('radio/t0|e0', '1/0/radio/t0|e0'));
  let n = 0;
  const stateAt = channel.stateAt.bind(channel);
  channel.stateAt = (tx, tS, useForS) => {
    n++;
    return stateAt(tx, tS, useForS);
  };
  const medium = new Medium('e0/uplink', env.access, env.bandwidthHz, env.dedicatedBandwidthHz);
  const link = new WirelessLink(sim, 't0->e0', phone, edge, channel, medium, new Transmitter(sim, 't0', 0.2, 0.2), env);
  return { sim, link, calls: () => n };
}

test('a static link: one channel evaluation for its whole life, at the link budget by hand', (t) => {
  // 100 m ground distance, 8.5 m height difference: d = √(100² + 8.5²); 23 dBm + 0 dBi + 8 dBi − FSPL(d, 3.5 GHz).
  const { link, calls } = uplink(new StaticMobility({ x: 100, y: 0, z: 1.5 }));
  const first = link.stateAt(0, Infinity);
  const later = link.stateAt(50, Infinity);
  t.is(later, first);
  t.is(calls(), 1);
  t.true(Math.abs(first.meanRxDbm - (23 + 8 - friisLossDb(Math.hypot(100, 8.5), 3.5e9))) < 1e-9);
  t.false(first.ergodic); // a static link's coherence time is infinite: one fading sample
  // A finite use time is the stepping path: passed through each time.
  link.stateAt(1, 0.1);
  t.is(calls(), 2);
});

test('a moving terminal: its channel is evaluated afresh each time (it changes as it moves)', (t) => {
  const { link, calls } = uplink(new ConstantVelocityMobility({ x: 100, y: 0, z: 1.5 }, { x: 10, y: 0, z: 0 }));
  t.false(link.channel.timeInvariant);
  const a = link.stateAt(0, Infinity);
  const b = link.stateAt(5, Infinity);
  t.is(calls(), 2);
  // 50 m further at t = 5 s: the mean received power falls by 20·log10(d₅/d₀) (free space).
  const d0 = Math.hypot(100, 8.5);
  const d5 = Math.hypot(150, 8.5);
  t.true(Math.abs(a.meanRxDbm - b.meanRxDbm - 20 * Math.log10(d5 / d0)) < 1e-9);
});
