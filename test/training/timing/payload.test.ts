import test from 'ava';
import { payloadBits, TimingCompressor } from '../../../src/training/timing/payload.js';
import { compressors, type CompressorSpec } from '../../../src/learning/compress.js';
import { RandomStreams } from '../../../src/engine/random.js';

test('payload sizes by hand: 1 000 values', (t) => {
  t.is(payloadBits({ name: 'none' }, 1000), 32_000);
  t.is(payloadBits({ name: 'fp16' }, 1000), 16_000);
  // k = 100 pairs of a 32-bit value and a ⌈log2 1000⌉ = 10-bit index
  t.is(payloadBits({ name: 'top-k', density: 0.1 }, 1000), 4200);
  t.is(payloadBits({ name: 'random-k', density: 0.0001 }, 1000), 42); // k at least 1
  // the norm, then a sign and ⌈log2(4 + 1)⌉ = 3 bits of level per value
  t.is(payloadBits({ name: 'qsgd', levels: 4 }, 1000), 32 + 4000);
  t.is(payloadBits({ name: 'sign' }, 1000), 1032);
});

test('the timing compressor sends exactly the bits the real compressor sends', (t) => {
  const rng = new RandomStreams(3);
  const specs: CompressorSpec[] = [{ name: 'none' }, { name: 'fp16' }, { name: 'top-k', density: 0.03 }, { name: 'random-k', density: 0.2 }, { name: 'qsgd', levels: 7 }, { name: 'sign' }];
  for (const spec of specs) {
    for (const n of [1, 17, 7850]) {
      const v = Float32Array.from({ length: n }, () => rng.stream('v').normal());
      const real = compressors.get(spec.name)(spec).compress(v, rng.stream(`c/${spec.name}`));
      // In timing-only mode the update is empty: the size comes from the parameter count.
      t.is(new TimingCompressor(spec, n).compress(new Float32Array(0), rng.stream('unused')).bits, real.bits, `${spec.name}, n = ${n}`);
    }
  }
});
