import test from 'ava';
import { NoiseMemo } from '../../src/radio/budget.js';
import { RandomStream } from '../../src/engine/random.js';
import { radioEnvironment, nodeRadio } from '../../src/radio/environment.js';
import { RadioChannel, type ChannelEnd } from '../../src/radio/channel.js';
import { StaticMobility } from '../../src/mobility/simple.js';

// Thermal noise kT0·B·F with kT0 = 10^(−17.4) mW/Hz (−174 dBm/Hz at 290 K): one 180 kHz resource
// block at NF 9 dB is −174 + 52.553 + 9 = −112.447 dBm = 5.69e-15 W.
const noiseW = (bHz: number, nfDb: number): number => 1e-3 * 10 ** -17.4 * bHz * 10 ** (nfDb / 10);

test('the noise memo gives the noise of whatever bandwidth and figure it is asked, in turn (hand-computed)', (t) => {
  const m = new NoiseMemo();
  const cases: [number, number][] = [
    [180e3, 9],
    [180e3, 9],
    [20e6 / 7, 9],
    [180e3, 9],
    [180e3, 5],
    [20e6, 5],
  ];
  for (const [b, nf] of cases) {
    const dbm = m.dbm(b, nf);
    t.true(Math.abs(dbm - (-174 + 10 * Math.log10(b) + nf)) < 1e-12, `${b} Hz, NF ${nf}`);
    t.true(Math.abs(m.w() / noiseW(b, nf) - 1) < 1e-12);
  }
  t.true(Math.abs(m.dbm(180e3, 9) - -112.447) < 1e-3);
});

test('a rate written into a given sample is the one a fresh evaluation returns, in that same object', (t) => {
  const node = (id: string, kind: 'edge' | 'terminal', x: number): ChannelEnd => ({ id, mobility: new StaticMobility({ x, y: 0, z: 1.5 }), radio: nodeRadio(kind) });
  const a = node('e', 'edge', 0);
  const b = node('t', 'terminal', 300);
  const env = radioEnvironment({ pathLoss: { model: 'free-space' }, shadowing: false, fading: { model: 'rayleigh' } });
  const channel = new RadioChannel(env, a, b, new RandomStream('radio/e|t', '1/0/radio/e|t'));
  const into = channel.rateIn(channel.stateAt(b, 0, 0), 1e6);
  const sampled = channel.stateAt(b, 0, 0);
  const ergodic = { ...sampled, gain: 1, ergodic: true }; // the average over Rayleigh fading at the same mean
  for (const [state, bw, iW] of [[sampled, 180e3, 0], [ergodic, 180e3, 1e-13], [sampled, 20e6, 1e-12], [ergodic, 2e6, 0], [{ ...sampled, meanRxDbm: -140 }, 20e6, 0]] as const) {
    const fresh = channel.rateIn(state, bw, iW);
    const got = channel.rateIn(state, bw, iW, into);
    t.is(got, into);
    t.deepEqual({ ...got }, { ...fresh });
  }
});
