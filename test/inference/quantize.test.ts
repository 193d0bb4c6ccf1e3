import test from 'ava';
import fc from 'fast-check';
import { quantize, dequantize, packQuantized, unpackQuantized, activationBytes, QUANT_HEADER_BYTES } from '../../src/inference/quantize.js';

test('8-bit affine quantization of a small tensor, by hand', (t) => {
  const q = quantize(Float32Array.from([-1, 0, 0.65, 2]), 8);
  // range [−1, 2]: scale 3/255, zero point round(255/3) = 85; 0.65/s = 55.25 → 55, code 140.
  t.is(q.scale, Math.fround(3 / 255));
  t.is(q.zeroPoint, 85);
  t.deepEqual([...q.codes], [0, 85, 140, 255]);
  const s = Math.fround(3 / 255);
  t.deepEqual([...q.dequantized], [-85 * s, 0, 55 * s, 170 * s].map(Math.fround));
  t.is(q.dequantized[1], 0); // zero is exact
  t.is(q.bytes, 4 + QUANT_HEADER_BYTES);
});

test('a ReLU activation (no negatives) gets zero point 0; an all-zero tensor is exact', (t) => {
  const q = quantize(Float32Array.from([0, 1, 2, 3]), 16);
  t.is(q.zeroPoint, 0);
  t.is(q.scale, Math.fround(3 / 65_535));
  t.deepEqual([...q.codes], [0, 21_845, 43_690, 65_535]);
  const z = quantize(new Float32Array(5), 8);
  t.deepEqual([...z.dequantized], [0, 0, 0, 0, 0]);
  t.throws(() => quantize(Float32Array.from([1, Number.NaN]), 8), { instanceOf: RangeError });
});

test('every value is within scale/2 of its reconstruction (8 and 16 bits)', (t) => {
  fc.assert(
    fc.property(fc.array(fc.float({ min: -1e4, max: 1e4, noNaN: true, noDefaultInfinity: true }), { minLength: 1, maxLength: 300 }), fc.constantFrom(8 as const, 16 as const), (xs, bits) => {
      const x = Float32Array.from(xs);
      const q = quantize(x, bits);
      const lo = Math.min(0, ...x);
      const hi = Math.max(0, ...x);
      // closed form: rounding to the nearest code; the slack covers float32 rounding of the scale and of x̂
      const bound = q.scale / 2 + 2 ** -22 * (hi - lo);
      for (let i = 0; i < x.length; i++) if (Math.abs(x[i]! - q.dequantized[i]!) > bound) return false;
      return q.codes.every((c) => c >= 0 && c <= 2 ** bits - 1);
    }),
    { numRuns: 500, seed: 13 },
  );
  // found by this property: a range so small that its scale is a float32 subnormal
  const tiny = quantize(Float32Array.from([2.451989530538329e-38]), 16);
  t.true(Math.abs(tiny.dequantized[0]! - 2.451989530538329e-38) <= tiny.scale / 2);
  t.pass();
});

test('the error bound is tight: halfway values miss by scale/2', (t) => {
  // range [0, 255] at 8 bits: scale 1; 0.5 + j lies halfway between codes
  const x = Float32Array.from({ length: 255 }, (_, j) => j + 0.5);
  x[254] = 255; // fixes the range to [0, 255]
  const q = quantize(x, 8);
  t.is(q.scale, 1);
  let worst = 0;
  for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i]! - q.dequantized[i]!));
  t.is(worst, 0.5);
});

test('packed bytes: header + codes, exact length, round trip', (t) => {
  const x = Float32Array.from({ length: 37 }, (_, i) => Math.sin(i) * 3);
  for (const bits of [8, 16] as const) {
    const q = quantize(x, bits);
    const wire = packQuantized(q);
    t.is(wire.length, QUANT_HEADER_BYTES + (37 * bits) / 8);
    t.is(wire.length, activationBytes(37, bits));
    const back = unpackQuantized(wire, bits);
    t.is(back.scale, q.scale);
    t.is(back.zeroPoint, q.zeroPoint);
    t.deepEqual([...back.codes], [...q.codes]);
    t.deepEqual(back.dequantized, q.dequantized);
    t.deepEqual(dequantize(q), q.dequantized);
  }
  t.is(activationBytes(37, 32), 148);
  t.throws(() => unpackQuantized(new Uint8Array(11), 16), { instanceOf: RangeError });
});
