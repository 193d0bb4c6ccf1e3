import test from 'ava';
import { RandomStream } from '../../src/engine/random.js';
import { radioEnvironment, nodeRadio } from '../../src/radio/environment.js';
import { RadioChannel, type ChannelEnd } from '../../src/radio/channel.js';
import { StaticMobility } from '../../src/mobility/simple.js';
import { SampledTrajectory } from '../../src/mobility/trajectory.js';
import { umiLosLossDb, umiNlosLossDb } from '../../src/radio/pathLoss.js';
import { Shadowing } from '../../src/radio/shadowing.js';
import { normalPairAt } from '../../src/radio/counterRng.js';

// A terminal walking 0 → 600 m along x in 600 s past a 10 m edge antenna at x = 300 m, y = 10 m.
const walker = (): SampledTrajectory => {
  const t = new SampledTrajectory('hand');
  t.add(0, 0, 0, 1.5);
  t.add(600, 600, 0, 1.5);
  t.finish();
  return t;
};
const edge: ChannelEnd = { id: 'e', mobility: new StaticMobility({ x: 300, y: 10, z: 10 }), radio: nodeRadio('edge') };
const env = radioEnvironment({ pathLoss: { model: '3gpp-umi', los: 'auto' } });
const channel = (t: ChannelEnd): RadioChannel => new RadioChannel(env, t, edge, new RandomStream('radio/e|t', '1/0/radio/e|t'));

test('a measurement is path loss by the hand geometry and the twin channel’s shadowing, at every time', (t) => {
  const terminal: ChannelEnd = { id: 't', mobility: walker(), radio: nodeRadio('terminal') };
  const twin: ChannelEnd = { id: 't', mobility: walker(), radio: nodeRadio('terminal') };
  const measured = channel(terminal);
  const reference = channel(twin); // same stream: same LOS draw and shadowing keys
  let los = 0;
  for (let i = 0; i <= 6000; i += 7) {
    const tS = i / 10;
    // Hand geometry: the walker is at (tS, 0, 1.5).
    const d2 = Math.hypot(tS - 300, 0 - 10);
    const g = { distance2dM: d2, distance3dM: Math.max(Math.hypot(d2, 1.5 - 10), 1), hBsM: 10, hUtM: 1.5 };
    const isLos = reference.losAt(tS);
    if (isLos) los++;
    const pathLossDb = isLos ? umiLosLossDb(g, env.carrierHz) : umiNlosLossDb(g, env.carrierHz);
    const expected = edge.radio.txPowerDbm + edge.radio.antennaGainDbi + terminal.radio.antennaGainDbi - pathLossDb - reference.shadowingDbAt(tS);
    // (the walker's x is interpolated as (tS/600)·600: equal to tS within an ulp or two)
    t.true(Math.abs(measured.meanRxPowerDbm(edge, tS) - expected) < 1e-9, `at ${tS} s`);
  }
  t.true(los > 0 && los < 858, 'both LOS and NLOS stretches are crossed');
});

test('a trajectory asked twice at one time, then grown or cut, gives the interpolated position', (t) => {
  const tr = new SampledTrajectory('hand');
  tr.add(0, 0, 0, 0);
  tr.add(10, 10, 0, 0);
  t.deepEqual(tr.positionAt(15), { x: 10, y: 0, z: 0 }); // holds the last sample
  t.deepEqual(tr.positionInto(15, { x: 0, y: 0, z: 0 }), { x: 10, y: 0, z: 0 });
  tr.add(20, 20, 4, 0);
  t.deepEqual(tr.positionAt(15), { x: 15, y: 2, z: 0 });
  tr.truncateAfter(10);
  t.deepEqual(tr.positionAt(15), { x: 10, y: 0, z: 0 });
});

test('shadowing at grid points is the truncated moving average of the counter normals (closed-form weights)', (t) => {
  const sigmaDb = 7.82;
  const dCorrM = 13;
  const key = 0x1234abcd;
  const s = new Shadowing(key, sigmaDb, dCorrM);
  const L = 64;
  const r = Math.exp(-1 / 8);
  let sumSquares = 0;
  for (let j = 0; j < L; j++) sumSquares += r ** (2 * j);
  const normal = (i: number): number => normalPairAt(key, Math.floor((i + L) / 2))[(i + L) % 2]!;
  for (const k of [0, 1, 2, 3, 17, 64, 65, 1000]) {
    let v = 0;
    for (let j = 0; j < L; j++) v += ((sigmaDb * r ** j) / Math.sqrt(sumSquares)) * normal(k - j);
    const got = s.lossDbAt((k * dCorrM) / 8);
    t.true(Math.abs(got - v) < 1e-9, `grid ${k}: ${got} vs ${v}`);
  }
});
