import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../src/learning/backend.js';
import { initialWeights, mlp2nn } from '../../src/learning/models.js';
import { evaluate, trainLocal } from '../../src/learning/train.js';
import { loadMnist, subset, trainTestSplit } from '../../src/learning/dataset.js';
import { RandomStreams } from '../../src/engine/random.js';
import { SplitModel } from '../../src/inference/split.js';

test.before(async () => {
  await selectBackend('auto');
});

test('8-bit activations of a trained 2NN cost under 2 points of test accuracy; 16-bit under 0.5', (t) => {
  const streams = new RandomStreams(21);
  const split = trainTestSplit(loadMnist(), 0.2, streams.stream('data/split'));
  const train = subset(split.train, Array.from({ length: 3_000 }, (_, i) => i));
  const testSet = subset(split.test, Array.from({ length: 1_000 }, (_, i) => i));
  const def = mlp2nn();
  const model = def.build();
  const w0 = initialWeights(model, streams.stream('model/init'));
  const { weights } = trainLocal(def, model, train, w0, { epochs: 3, batchSize: 32, learningRate: 0.1 }, streams.stream('batches'));
  const reference = evaluate(def, model, testSet, weights).accuracy;
  model.dispose();
  t.true(reference > 0.85, `trained 2NN: ${reference}`);

  const before = tf.memory().numTensors;
  const s = new SplitModel(def, weights);
  for (const k of [0, 1, 2]) {
    const float = s.accuracy(testSet, k);
    // the unquantized split is the model: the same accuracy as TF.js's own evaluation
    t.is(float.accuracy, reference, `k=${k}`);
    const q8 = s.accuracy(testSet, k, 8);
    const q16 = s.accuracy(testSet, k, 16);
    t.log(`k=${k}: float ${(100 * float.accuracy).toFixed(1)} % (${float.bytesPerSample} B), 16-bit ${(100 * q16.accuracy).toFixed(1)} % (${q16.bytesPerSample} B), 8-bit ${(100 * q8.accuracy).toFixed(1)} % (${q8.bytesPerSample} B)`);
    t.true(Math.abs(q8.accuracy - float.accuracy) <= 0.02, `k=${k} 8-bit: ${q8.accuracy} vs ${float.accuracy}`);
    t.true(Math.abs(q16.accuracy - float.accuracy) <= 0.005, `k=${k} 16-bit: ${q16.accuracy} vs ${float.accuracy}`);
    t.is(q8.bytesPerSample, [784, 200, 200][k]! + 8);
    // per-sample effect: predictions flipped and the largest probability change
    const f = s.run(testSet.x, testSet.n, k);
    const q = s.run(testSet.x, testSet.n, k, 8);
    const flipped = f.predictions.reduce((a, p, i) => a + (p === q.predictions[i] ? 0 : 1), 0);
    const dp = f.probabilities.reduce((a, p, i) => Math.max(a, Math.abs(p - q.probabilities[i]!)), 0);
    t.log(`k=${k}: 8-bit flips ${flipped} of ${testSet.n} predictions, max |Δp| = ${dp.toExponential(2)}`);
    t.true(dp > 0, '8 bits changes the probabilities');
    t.true(flipped <= 20);
  }
  s.dispose();
  t.is(tf.memory().numTensors, before);
});
