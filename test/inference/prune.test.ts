import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../src/learning/backend.js';
import { cnnDeep, initialWeights, mlp2nn, forwardFlops, parameterCount } from '../../src/learning/models.js';
import { weightLayout } from '../../src/learning/weights.js';
import { RandomStreams } from '../../src/engine/random.js';
import { SplitModel } from '../../src/inference/split.js';
import { splitProfiles } from '../../src/inference/profile.js';
import { structuredPrune } from '../../src/inference/pruneStructured.js';
import { applyMask, magnitudePrune, prunedCount } from '../../src/inference/pruneMagnitude.js';

test.before(async () => {
  await selectBackend('auto');
});

// A hand-built 4-3-3-2 network (mlp2nn(4, 3, 2)); kernels [in, out] row-major, row r = input r.
const K1 = [
  [1.2, 2, 0.6],
  [0, 2, 0.6],
  [0, 0, 0.6],
  [0, 0, 0],
];
const B1 = [0.1, 0.2, 0.3];
const K2 = [
  [1, 0.1, -2],
  [1, 0.1, 0],
  [1, 3, 0],
];
const B2 = [0.4, 0.5, 0.6];
const K3 = [
  [1, -1],
  [0.5, 0.25],
  [-0.5, 2],
];
const B3 = [0.7, 0.8];
const HAND = Float32Array.from([...K1.flat(), ...B1, ...K2.flat(), ...B2, ...K3.flat(), ...B3]);

/** Plain-JS forward pass of the 4-3-3-2 net with some hidden neurons forced to 0 (the reference). */
function forwardMasked(x: number[], off1: Set<number>, off2: Set<number>): number[] {
  const layer = (input: number[], k: number[][], b: number[], off: Set<number>, relu: boolean): number[] =>
    b.map((bu, u) => {
      if (off.has(u)) return 0;
      const z = input.reduce((a, xi, r) => a + xi * k[r]![u]!, bu);
      return relu ? Math.max(0, z) : z;
    });
  const z = layer(layer(layer(x, K1, B1, off1, true), K2, B2, off2, true), K3, B3, new Set(), false);
  const m = Math.max(...z);
  const e = z.map((v) => Math.exp(v - m));
  return e.map((v) => v / e.reduce((a, b) => a + b, 0));
}

test('structured pruning of a hand-built 4-3-3-2 network: kept neurons, weights, FLOPs by hand', (t) => {
  const def = mlp2nn(4, 3, 2);
  // c = 1/3 removes ⌊3/3⌋ = 1 neuron of each hidden layer.
  // Layer 1, squared L2 norms of the incoming columns: u0 1.44, u1 8, u2 3·0.36 = 1.08 → remove u2.
  // Layer 2 (independent: all 3 rows count): u0 3, u1 0.01 + 0.01 + 9 = 9.02, u2 4 → remove u0.
  const p = structuredPrune(def, HAND, 1 / 3);
  t.deepEqual(p.kept, [[0, 1], [1, 2], [0, 1]]);
  const expected = Float32Array.from([
    ...[1.2, 2, 0, 2, 0, 0, 0, 0], // K1 rows 0..3, columns {0, 1}
    ...[0.1, 0.2],
    ...[0.1, -2, 0.1, 0], // K2 rows {0, 1}, columns {1, 2}
    ...[0.5, 0.6],
    ...[0.5, 0.25, -0.5, 2], // K3 rows {1, 2}
    ...[0.7, 0.8],
  ]);
  t.deepEqual(p.weights, expected);
  // FLOPs 2·in·out + out: 2·4·2 + 2 = 18, 2·2·2 + 2 = 10, 2·2·2 + 2 = 10; params 10, 6, 6.
  t.deepEqual(p.def.layers.map((l) => l.forwardFlops), [18, 10, 10]);
  t.deepEqual(p.def.layers.map((l) => l.params), [10, 6, 6]);
  t.deepEqual(p.def.layers.map((l) => l.outputSize), [2, 2, 2]);
  t.is(forwardFlops(p.def), 38);
  t.is(forwardFlops(def), 27 + 21 + 14);
  t.is(parameterCount(p.def), 22);
  t.is(p.def.name, '2nn@prune0.3333333333333333');
  // splitProfiles and SplitModel work on it unchanged
  t.deepEqual(splitProfiles(p.def).map((s) => s.terminalFlops), [0, 18, 28, 38]);
  t.deepEqual(splitProfiles(p.def).map((s) => s.activationValues), [4, 2, 2, 2]);
  const before = tf.memory().numTensors;
  const s = new SplitModel(p.def, p.weights);
  const xs = [
    [1, 0.5, -1, 2],
    [-0.3, 0.8, 0.2, 0],
    [0, 0, 0, 0],
    [2, -1, 1, 1],
  ];
  for (const k of [0, 1, 2, 3]) {
    const run = s.run(Float32Array.from(xs.flat()), xs.length, k);
    xs.forEach((x, i) => {
      const ref = forwardMasked(x, new Set([2]), new Set([0]));
      for (let c = 0; c < 2; c++) t.true(Math.abs(run.probabilities[2 * i + c]! - ref[c]!) < 1e-6, `k=${k} sample ${i}`);
    });
  }
  s.dispose();
  t.is(tf.memory().numTensors, before);

  // L1 (Li et al.'s norm) ranks differently: layer 1 u0 1.2, u1 4, u2 1.8 → remove u0; layer 2 u0 3, u1 3.2, u2 2 → remove u2
  t.deepEqual(structuredPrune(def, HAND, 1 / 3, 'l1').kept, [[1, 2], [0, 1], [0, 1]]);
  // ⌊0.5·3⌋ = 1 as well; ⌊0.9·3⌋ = 2 leaves the largest neuron alone
  t.deepEqual(structuredPrune(def, HAND, 0.5).kept, [[0, 1], [1, 2], [0, 1]]);
  t.deepEqual(structuredPrune(def, HAND, 0.9).kept, [[1], [1], [0, 1]]);
});

test('structured pruning at rate 0 is the identity on the 2NN (same weights, profile and predictions)', (t) => {
  const def = mlp2nn();
  const model = def.build();
  const w = initialWeights(model, new RandomStreams(5).stream('model/init'));
  model.dispose();
  const before = tf.memory().numTensors;
  const p = structuredPrune(def, w, 0);
  t.deepEqual(p.weights, w);
  t.deepEqual(p.def.layers, def.layers);
  t.deepEqual(p.kept.map((k) => k.length), [200, 200, 10]);
  const rng = new RandomStreams(5).stream('inputs');
  const x = Float32Array.from({ length: 50 * 784 }, () => rng.random());
  const a = new SplitModel(def, w);
  const b = new SplitModel(p.def, p.weights);
  const ra = a.run(x, 50, 0);
  const rb = b.run(x, 50, 0);
  t.deepEqual(rb.predictions, ra.predictions);
  t.deepEqual(rb.probabilities, ra.probabilities);
  a.dispose();
  b.dispose();
  t.is(tf.memory().numTensors, before);
});

/** Brute force, by a different route: per kernel, the k-th smallest |w| is the threshold; all below go, then ties at it in index order. */
function bruteForce(layout: ReturnType<typeof weightLayout>, w: Float32Array, rate: number): Float32Array {
  const out = w.slice();
  for (const s of layout) {
    if (s.shape.length < 2) continue;
    const k = Math.floor(rate * s.size + 1e-9);
    if (k === 0) continue;
    const mags = Array.from(w.subarray(s.offset, s.offset + s.size), Math.abs).sort((a, b) => a - b);
    const threshold = mags[k - 1]!;
    let left = k;
    for (let i = 0; i < s.size; i++) if (Math.abs(w[s.offset + i]!) < threshold) (out[s.offset + i] = 0), left--;
    for (let i = 0; i < s.size && left > 0; i++) if (Math.abs(w[s.offset + i]!) === threshold) (out[s.offset + i] = 0), left--;
  }
  return out;
}

test('magnitude pruning zeroes exactly ⌊c·n⌋ smallest |w| of each kernel (vs brute force), biases kept', (t) => {
  const def = mlp2nn(20, 16, 5);
  const model = def.build();
  const layout = weightLayout(model);
  for (const seed of [1, 2, 3]) {
    const raw = initialWeights(model, new RandomStreams(seed).stream('model/init'));
    // rounded to 0.05 so that many |w| tie; biases set nonzero to check they stay
    const w = raw.map((v) => Math.round(v * 20) / 20);
    for (const s of layout) if (s.shape.length === 1) for (let i = 0; i < s.size; i++) w[s.offset + i] = 0.01 * (i + 1);
    for (const rate of [0, 0.1, 0.29, 1 / 3, 0.5, 0.9, 0.999]) {
      const p = magnitudePrune(def, w, rate);
      t.deepEqual(p.weights, bruteForce(layout, w, rate), `seed ${seed} c=${rate}`);
      const kernels = layout.filter((s) => s.shape.length > 1);
      t.deepEqual(p.kernels.map((k) => k.pruned), kernels.map((s) => Math.floor(rate * s.size + 1e-9)));
      t.deepEqual(p.kernels.map((k) => k.size), [320, 256, 80]);
      // kept values are unchanged, masked ones are 0
      t.true(p.weights.every((v, i) => (p.mask[i] === 1 ? v === w[i] : v === 0)));
      const zeroedMask = p.mask.reduce((a, m) => a + (m === 0 ? 1 : 0), 0);
      t.is(zeroedMask, p.kernels.reduce((a, k) => a + k.pruned, 0));
      t.is(p.nonzero, p.weights.reduce((a, v) => a + (v !== 0 ? 1 : 0), 0));
      t.deepEqual(applyMask(w, p.mask), p.weights);
    }
  }
  model.dispose();
  t.is(prunedCount(0.29, 100), 29); // 0.29·100 = 28.999999999999996 in float64
  t.is(prunedCount(0.5, 3), 1);
});

test('magnitude pruning covers conv kernels; structured pruning refuses a CNN; rates outside [0, 1) throw', (t) => {
  const def = cnnDeep();
  const model = def.build();
  const layout = weightLayout(model);
  const w = initialWeights(model, new RandomStreams(1).stream('model/init'));
  model.dispose();
  const p = magnitudePrune(def, w, 0.5);
  t.is(p.kernels.length, 5); // conv1..3, dense1..2
  t.deepEqual({ ...p.kernels[0]!, name: '' }, { name: '', size: 3 * 3 * 1 * 16, pruned: 72, nonzero: 72 });
  t.is(layout[0]!.size, 144);
  t.throws(() => structuredPrune(def, w, 0.5), { message: /dense-only/ });
  t.throws(() => structuredPrune(mlp2nn(4, 3, 2), HAND, 1), { instanceOf: RangeError });
  t.throws(() => magnitudePrune(mlp2nn(4, 3, 2), HAND, -0.1), { instanceOf: RangeError });
  t.throws(() => structuredPrune(mlp2nn(4, 3, 2), HAND.subarray(1), 0.5), { instanceOf: RangeError });
});
