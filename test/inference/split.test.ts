import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../src/learning/backend.js';
import { cnn, cnnDeep, initialWeights, mlp2nn, type ModelDef } from '../../src/learning/models.js';
import { setFlatWeights } from '../../src/learning/weights.js';
import { loadMnist, subset } from '../../src/learning/dataset.js';
import { RandomStreams } from '../../src/engine/random.js';
import { SplitModel } from '../../src/inference/split.js';
import { splitProfiles } from '../../src/inference/profile.js';

test.before(async () => {
  await selectBackend('auto');
});

const N = 12;
const samples = subset(loadMnist(), Array.from({ length: N }, (_, i) => i * 811));

/** Seeded weights with nonzero biases (so every layer's bias path is exercised). */
function weightsFor(def: ModelDef): Float32Array {
  const m = def.build();
  const w = initialWeights(m, new RandomStreams(5).stream(`init/${def.name}`));
  m.dispose();
  const rng = new RandomStreams(5).stream(`bias/${def.name}`);
  for (let i = 0; i < w.length; i++) if (w[i] === 0) w[i] = rng.uniform(-0.05, 0.05);
  return w;
}

/** The full forward pass by TF.js's own predict, on a separately built model. */
function fullForward(def: ModelDef, weights: Float32Array): Float32Array {
  const m = def.build();
  setFlatWeights(m, weights);
  const out = tf.tidy(() => (m.predict(tf.tensor(samples.x, [N, ...def.inputShape])) as tf.Tensor).dataSync() as Float32Array);
  m.dispose();
  return out;
}

for (const make of [mlp2nn, cnnDeep, cnn]) {
  test(`${make().name}: the split at every k equals the full forward pass (1e-5); the activation has the profile's size`, (t) => {
    const def = make();
    const w = weightsFor(def);
    const reference = fullForward(def, w);
    const before = tf.memory().numTensors;
    const split = new SplitModel(def, w);
    const profile = splitProfiles(def);
    t.is(split.points, def.layers.length);
    let counted: number | undefined;
    for (let k = 0; k <= split.points; k++) {
      const act = split.head(samples.x, N, k);
      t.is(act.length, N * profile[k]!.activationValues, `k=${k}`);
      const r = split.run(samples.x, N, k);
      t.is(r.bytes, N * profile[k]!.activationBytes);
      t.is(r.maxError, 0);
      let worst = 0;
      for (let i = 0; i < reference.length; i++) worst = Math.max(worst, Math.abs(r.probabilities[i]! - reference[i]!));
      t.true(worst <= 1e-5, `k=${k}: max |split − full| = ${worst}`);
      // no tensor is left behind by a run
      if (counted === undefined) counted = tf.memory().numTensors;
      else t.is(tf.memory().numTensors, counted, `k=${k}`);
    }
    split.dispose();
    t.is(tf.memory().numTensors, before);
  });
}

test('a tail that receives a wrong activation gives a different answer (the comparison can fail)', (t) => {
  const def = mlp2nn();
  const split = new SplitModel(def, weightsFor(def));
  const act = split.head(samples.x, N, 1);
  const good = split.tail(act, N, 1);
  act[3] = (act[3] ?? 0) + 50;
  const bad = split.tail(act, N, 1);
  t.true(bad.reduce((a, v, i) => a + Math.abs(v - good[i]!), 0) > 1e-3);
  t.throws(() => split.head(samples.x, N, 4), { instanceOf: RangeError });
  split.dispose();
});

test('8- and 16-bit activations: each value within its sample scale/2, bytes = n·(values·b/8 + 8)', (t) => {
  const def = cnnDeep();
  const split = new SplitModel(def, weightsFor(def));
  for (const k of [1, 4, 8]) {
    const sent = split.head(samples.x, N, k);
    const per = sent.length / N;
    for (const bits of [8, 16] as const) {
      // per-sample scale by the closed form (range widened to contain 0)
      let bound = 0;
      for (let s = 0; s < N; s++) {
        const v = sent.subarray(s * per, (s + 1) * per);
        const range = Math.max(0, ...v) - Math.min(0, ...v);
        bound = Math.max(bound, (range / (2 ** bits - 1)) / 2 + 2 ** -22 * range);
      }
      const r = split.run(samples.x, N, k, bits);
      t.true(r.maxError > 0, `k=${k} ${bits} bits quantizes something`);
      t.true(r.maxError <= bound, `k=${k} ${bits} bits: ${r.maxError} > ${bound}`);
      t.is(r.bytes, N * ((per * bits) / 8 + 8));
      for (let i = 0; i < sent.length; i++) if (Math.abs(r.received[i]! - sent[i]!) > bound) t.fail(`value ${i}`);
    }
  }
  split.dispose();
});
