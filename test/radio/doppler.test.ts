import test from 'ava';
import { keys as seededKeys, besselJ0 } from './reference.js';
import { RandomStream, RandomStreams } from '../../src/engine/random.js';
import { JakesFading } from '../../src/radio/fading.js';
import { radioEnvironment, nodeRadio, type RadioSpec } from '../../src/radio/environment.js';
import { RadioChannel, type ChannelEnd } from '../../src/radio/channel.js';
import { ConstantVelocityMobility, StaticMobility } from '../../src/mobility/simple.js';

const keysFrom = (n: number, seed = 21): number[] => seededKeys(n, seed);
const C = 299_792_458;
const FC = 3.5e9;
const LAMBDA = C / FC;

test('both ends moving: autocorrelation J0(2π·f_D1·τ)·J0(2π·f_D2·τ) (Akki–Haber 1986), not J0 of the summed speeds', (t) => {
  // End a at 30 m/s, end b at 10 m/s, 3.5 GHz: f_D1 = 350.24 Hz, f_D2 = 116.75 Hz.
  const [v1, v2] = [30, 10];
  const [fd1, fd2] = [(v1 * FC) / C, (v2 * FC) / C];
  const links = keysFrom(300).map((k) => new JakesFading(k, 0, LAMBDA));
  let power = 0;
  let count = 0;
  for (const tau of [0, 0.2e-3, 0.5e-3, 0.8e-3, 1e-3, 1.5e-3, 2.5e-3]) {
    let re = 0;
    let n = 0;
    for (const f of links) {
      for (let s = 0; s < 50; s++) {
        const t0 = s * 0.013;
        const a = f.gainAt(v1 * t0, v2 * t0);
        const b = f.gainAt(v1 * (t0 + tau), v2 * (t0 + tau));
        re += a.re * b.re + a.im * b.im; // Re E[h(t)·h*(t+τ)]
        n++;
        if (tau === 0) {
          power += a.re * a.re + a.im * a.im;
          count++;
        }
      }
    }
    const rho = re / n;
    const akkiHaber = besselJ0(2 * Math.PI * fd1 * tau) * besselJ0(2 * Math.PI * fd2 * tau);
    const summed = besselJ0(2 * Math.PI * (fd1 + fd2) * tau);
    t.true(Math.abs(rho - akkiHaber) < 0.05, `τ = ${tau}: ${rho} vs J0·J0 = ${akkiHaber}`);
    // At 0.8, 1 and 2.5 ms the two references are about 0.3 apart (J0·J0 0.332, 0.096, −0.002 against
    // J0(summed) 0.030, −0.237, 0.285): the process follows the product.
    if ([0.8e-3, 1e-3, 2.5e-3].includes(tau)) t.true(Math.abs(rho - summed) > 0.15, `τ = ${tau}: ${rho} vs J0(summed) = ${summed}`);
  }
  t.true(Math.abs(power / count - 1) < 0.05);
});

test('one end moving: still Clarke, J0(2π·f_D·τ), whichever end moves', (t) => {
  const fd = (20 * FC) / C;
  const links = keysFrom(300, 22).map((k) => new JakesFading(k, 0, LAMBDA));
  for (const tau of [0.5e-3, 1e-3, 2e-3]) {
    for (const end of ['a', 'b'] as const) {
      let re = 0;
      let n = 0;
      for (const f of links) {
        for (let s = 0; s < 30; s++) {
          const d0 = 20 * s * 0.013;
          const d1 = 20 * (s * 0.013 + tau);
          const a = end === 'a' ? f.gainAt(d0, 0) : f.gainAt(0, d0);
          const b = end === 'a' ? f.gainAt(d1, 0) : f.gainAt(0, d1);
          re += a.re * b.re + a.im * b.im;
          n++;
        }
      }
      const expected = besselJ0(2 * Math.PI * fd * tau);
      t.true(Math.abs(re / n - expected) < 0.05, `end ${end} moving, τ = ${tau}: ${re / n} vs ${expected}`);
    }
  }
});

const moving = (id: string, kind: 'edge' | 'terminal', x: number, speedMps: number): ChannelEnd => ({
  id,
  mobility: speedMps === 0 ? new StaticMobility({ x, y: 0, z: 1.5 }) : new ConstantVelocityMobility({ x, y: 0, z: 1.5 }, { x: 0, y: speedMps, z: 0 }),
  radio: nodeRadio(kind),
});
const channelOf = (radio: RadioSpec, a: ChannelEnd, b: ChannelEnd): RadioChannel =>
  new RadioChannel(radioEnvironment(radio), a, b, new RandomStream(`radio/${a.id}|${b.id}`, `3/0/radio/${a.id}|${b.id}`));
const RADIO: RadioSpec = { carrierHz: FC, pathLoss: { model: 'free-space' }, shadowing: false, fading: { model: 'rayleigh' } };

test('coherence time 0.423/√(f_D1² + f_D2²) and the ergodic switch at its boundary', (t) => {
  // Hand: f_D1 = 30·3.5e9/c = 350.242 Hz, f_D2 = 10·3.5e9/c = 116.747 Hz, √(f_D1² + f_D2²) = 369.188 Hz,
  // T_c = 0.423/369.188 = 1.14576 ms.
  const ch = channelOf(RADIO, moving('a', 'edge', 0, 30), moving('b', 'terminal', 100, 10));
  const tc = 0.423 / Math.sqrt(((30 * FC) / C) ** 2 + ((10 * FC) / C) ** 2);
  t.true(Math.abs(tc - 1.14576e-3) < 1e-8);
  t.true(Math.abs(ch.coherenceTimeSAt(0) / tc - 1) < 1e-12);
  // The rate is sampled when it is used for at most T_c, ergodic when longer.
  t.false(ch.stateAt(ch.a, 0, ch.coherenceTimeSAt(0)).ergodic);
  t.true(ch.stateAt(ch.a, 0, ch.coherenceTimeSAt(0) * (1 + 1e-12)).ergodic);
  t.false(ch.stateAt(ch.a, 0, 1e-4).ergodic); // a short transfer sees a fading sample
  t.true(ch.stateAt(ch.a, 0, 0.1).ergodic); // a 100 ms step averages
  // A sampled state carries the fading gain; an ergodic one |h|² = 1.
  t.is(ch.stateAt(ch.a, 0.5, 1e-4).gain, ch.fadingGainAt(0.5));
  t.is(ch.stateAt(ch.a, 0.5, 1).gain, 1);

  // One end static: Clarke's 0.423/f_D of the moving one (20 m/s: 233.49 Hz, 1.8116 ms).
  const one = channelOf(RADIO, moving('a', 'edge', 0, 0), moving('b', 'terminal', 100, 20));
  t.true(Math.abs(one.coherenceTimeSAt(0) - 0.423 / ((20 * FC) / C)) < 1e-15);
  // Static ends, or no fading: never ergodic.
  const still = channelOf(RADIO, moving('a', 'edge', 0, 0), moving('b', 'terminal', 100, 0));
  t.false(still.stateAt(still.a, 0, Infinity).ergodic);
  const flat = channelOf({ ...RADIO, fading: { model: 'none' } }, moving('a', 'edge', 0, 30), moving('b', 'terminal', 100, 10));
  t.false(flat.stateAt(flat.a, 0, 10).ergodic);
  // Fixed blocks: the block length is the coherence time.
  const block = channelOf({ ...RADIO, fading: { model: 'rayleigh', process: 'block', blockS: 0.02 } }, moving('a', 'edge', 0, 30), moving('b', 'terminal', 100, 10));
  t.false(block.stateAt(block.a, 0, 0.02).ergodic);
  t.true(block.stateAt(block.a, 0, 0.021).ergodic);
});

test('the fading of a link with both ends moving does not depend on the order of the queries', (t) => {
  const make = (): RadioChannel => channelOf(RADIO, moving('a', 'edge', 0, 30), moving('b', 'terminal', 100, 10));
  const times = [0.3, 0.0011, 2.7, 0.5, 0.5004, 1.9];
  const forward = make();
  const inOrder = [...times].sort((x, y) => x - y).map((s) => [s, forward.fadingGainAt(s)] as const);
  const shuffled = make();
  const mixed = new Map(times.map((s) => [s, shuffled.fadingGainAt(s)]));
  for (const [s, g] of inOrder) t.true(Math.abs(mixed.get(s)! - g) < 1e-9 * Math.max(1, g), `t = ${s}`);
  // Block fading by combined distance √(s_a² + s_b²) too.
  const blocks = (): RadioChannel => channelOf({ ...RADIO, fading: { model: 'rayleigh', process: 'block' } }, moving('a', 'edge', 0, 30), moving('b', 'terminal', 100, 10));
  const b1 = blocks();
  const b2 = blocks();
  const g1 = times.map((s) => b1.fadingGainAt(s));
  const g2 = [...times].reverse().map((s) => b2.fadingGainAt(s)).reverse();
  t.deepEqual(g1, g2);
});
