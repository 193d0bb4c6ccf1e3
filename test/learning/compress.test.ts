import test from 'ava';
import fc from 'fast-check';
import { TopK, RandomK, Qsgd, SignCompressor, Fp16, NoCompression, toFp16, indexBits } from '../../src/learning/compress.js';
import { weightedMean, gradientStep } from '../../src/learning/aggregate.js';
import { RandomStreams } from '../../src/engine/random.js';

const vec = (xs: number[]): Float32Array => Float32Array.from(xs);
const rng = () => new RandomStreams(3).stream('compress');

test('top-k with error feedback: sent + residual = accumulated update, every round (DGC)', (t) => {
  fc.assert(
    fc.property(fc.array(fc.array(fc.float({ noNaN: true, noDefaultInfinity: true, min: -100, max: 100 }), { minLength: 20, maxLength: 20 }), { minLength: 1, maxLength: 5 }), (rounds) => {
      const c = new TopK(0.1);
      let carried = new Float32Array(20);
      for (const r of rounds) {
        const update = vec(r);
        const { decoded, bits } = c.compress(update, rng());
        const residual = c.residualVector!;
        for (let i = 0; i < 20; i++) {
          const acc = Math.fround(update[i]! + carried[i]!);
          if (Math.abs(decoded[i]! + residual[i]! - acc) > 1e-6 * Math.max(1, Math.abs(acc))) throw new Error(`entry ${i}`);
        }
        if (decoded.filter((x) => x !== 0).length > 2) throw new Error('more than k sent');
        if (bits !== 2 * (32 + 5)) throw new Error(`bits ${bits}`);
        carried = Float32Array.from(residual);
      }
    }),
  );
  t.pass();
});

test('top-k sends the largest magnitudes; payload is k·(32 + ⌈log2 n⌉) bits', (t) => {
  const c = new TopK(0.25);
  const { decoded, bits } = c.compress(vec([0.1, -5, 3, 0.2, 0.3, -0.4, 4, 0]), rng());
  t.deepEqual([...decoded], [0, -5, 0, 0, 0, 0, 4, 0]);
  t.is(bits, 2 * (32 + 3));
  t.is(indexBits(199_210), 18);
});

test('random-k keeps the invariant too, with k distinct entries', (t) => {
  const c = new RandomK(0.3);
  const u = vec([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  const { decoded } = c.compress(u, rng());
  t.is(decoded.filter((x) => x !== 0).length, 3);
  const r = c.residualVector!;
  t.deepEqual([...u], [...decoded].map((d, i) => d + r[i]!));
});

test('QSGD is unbiased: the mean over many draws is the vector; the variance bound min(n/s², √n/s)·‖v‖² holds', (t) => {
  const v = vec([0.5, -1.5, 2, 0.25, -0.75, 3, 0, 1]);
  const s = 4;
  const q = new Qsgd(s);
  const r = rng();
  const draws = 40_000;
  const mean = new Float64Array(v.length);
  let sqErr = 0;
  for (let k = 0; k < draws; k++) {
    const { decoded } = q.compress(v, r);
    for (let i = 0; i < v.length; i++) {
      mean[i]! += decoded[i]! / draws;
      sqErr += (decoded[i]! - v[i]!) ** 2 / draws;
    }
  }
  const norm2 = v.reduce((a, x) => a + x * x, 0);
  for (let i = 0; i < v.length; i++) t.true(Math.abs(mean[i]! - v[i]!) < 0.02 * Math.sqrt(norm2), `entry ${i}: ${mean[i]} vs ${v[i]}`);
  t.true(sqErr <= Math.min(v.length / s ** 2, Math.sqrt(v.length) / s) * norm2);
  t.is(q.compress(v, r).bits, 32 + 8 * (1 + 3));
});

test('sign, fp16 and none: values and payloads', (t) => {
  const v = vec([1, -3, 0.5, -0.5]);
  const sgn = new SignCompressor().compress(v);
  t.deepEqual([...sgn.decoded], [1.25, -1.25, 1.25, -1.25]);
  t.is(sgn.bits, 32 + 4);
  t.is(new NoCompression().compress(v).bits, 128);
  // fp16: 1/3 → 0.333251953125 (nearest half), 65504 the largest, 1e-8 underflows to 0, 2^-24 the smallest subnormal.
  t.is(toFp16(1 / 3), 0.333251953125);
  t.is(toFp16(65504), 65504);
  t.is(toFp16(70000), Infinity);
  t.is(toFp16(1e-8), 0);
  t.is(toFp16(2 ** -24), 2 ** -24);
  t.is(toFp16(2049), 2048); // half to even: 2049 is between 2048 and 2050
  t.is(new Fp16().compress(v).bits, 64);
});

test('FedAvg is the weighted mean; FedSGD is a gradient step', (t) => {
  const m = weightedMean([
    { vector: vec([1, 2]), weight: 1 },
    { vector: vec([4, 8]), weight: 3 },
  ]);
  t.deepEqual([...m], [3.25, 6.5]);
  t.deepEqual([...gradientStep(vec([1, 1]), vec([0.5, -2]), 0.1)], [Math.fround(0.95), Math.fround(1.2)]);
  t.throws(() => weightedMean([]), { instanceOf: RangeError });
  t.throws(() => weightedMean([{ vector: vec([1]), weight: 0 }]), { message: /sum to 0/ });
});
