import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../src/learning/backend.js';
import { mlp2nn, cnn, softmaxRegression, parameterCount, forwardFlops, trainingFlops, initialWeights } from '../../src/learning/models.js';
import { getFlatWeights, setFlatWeights, weightLayout } from '../../src/learning/weights.js';
import { trainLocal, computeGradient, evaluate } from '../../src/learning/train.js';
import { loadMnist, trainTestSplit, subset } from '../../src/learning/dataset.js';
import { weightedMean, gradientStep } from '../../src/learning/aggregate.js';
import { RandomStreams } from '../../src/engine/random.js';

const s = (name: string) => new RandomStreams(9).stream(name);

test.before(async () => {
  await selectBackend('auto');
});

test('the backend falls back from tensorflow to wasm when tfjs-node is not there, and says so', async (t) => {
  const b = await selectBackend('auto');
  t.true(b.name === 'tensorflow' || b.name === 'wasm');
  if (b.name === 'wasm') t.regex(b.notes.join(' '), /tensorflow: @tensorflow\/tfjs-node did not load/);
  t.is(tf.getBackend(), b.name);
});

test('parameter and FLOP counts from the layer shapes match hand counts and the built models', (t) => {
  const nn = mlp2nn();
  t.is(parameterCount(nn), 199_210); // McMahan et al. 2017
  // 2·784·200 + 200 + 2·200·200 + 200 + 2·200·10 + 10
  t.is(forwardFlops(nn), 398_010);
  t.is(trainingFlops(nn), 3 * 398_010);
  t.is(parameterCount(cnn()), 1_663_370);
  t.is(parameterCount(softmaxRegression()), 7_850);
  for (const def of [nn, softmaxRegression()]) {
    const m = def.build();
    t.is(m.countParams(), parameterCount(def));
    m.dispose();
  }
});

test('flat weights round-trip; seeded initial weights are deterministic', (t) => {
  const def = mlp2nn();
  const m = def.build();
  const w = initialWeights(m, s('init'));
  t.deepEqual(initialWeights(m, s('init')), w);
  setFlatWeights(m, w);
  t.deepEqual(getFlatWeights(m), w);
  t.deepEqual(weightLayout(m).map((l) => l.size), [156_800, 200, 40_000, 200, 2_000, 10]);
  t.throws(() => setFlatWeights(m, new Float32Array(3)), { instanceOf: RangeError });
  m.dispose();
});

test('FedSGD with one client equals a centralised gradient step', (t) => {
  const def = softmaxRegression(1e-3);
  const m = def.build();
  const data = subset(loadMnist(), Array.from({ length: 200 }, (_, i) => i * 37));
  const w0 = initialWeights(m, s('init'));
  // Centralised: one full-batch SGD step.
  const central = trainLocal(def, m, data, w0, { steps: 1, batchSize: data.n, learningRate: 0.5 }, s('batches'));
  // FedSGD: the client's gradient, averaged (one client), applied at the server.
  const { gradient } = computeGradient(def, m, data, w0);
  const fedsgd = gradientStep(w0, weightedMean([{ vector: gradient, weight: data.n }]), 0.5);
  let maxDiff = 0;
  for (let i = 0; i < w0.length; i++) maxDiff = Math.max(maxDiff, Math.abs(central.weights[i]! - fedsgd[i]!));
  t.true(maxDiff < 1e-5, `max difference ${maxDiff}`);
  m.dispose();
});

test('training is real and deterministic: same seed ⇒ same weights; accuracy rises', (t) => {
  const def = mlp2nn();
  const m = def.build();
  const { train, test: testSet } = trainTestSplit(loadMnist(), 0.2, s('split'));
  const local = subset(train, Array.from({ length: 1500 }, (_, i) => i));
  const w0 = initialWeights(m, s('init'));
  const before = evaluate(def, m, testSet, w0);
  const a = trainLocal(def, m, local, w0, { epochs: 1, batchSize: 10, learningRate: 0.05 }, s('b'));
  const b = trainLocal(def, m, local, w0, { epochs: 1, batchSize: 10, learningRate: 0.05 }, s('b'));
  t.deepEqual(a.weights, b.weights);
  t.is(a.samples, 1500);
  t.is(a.steps, 150);
  const after = evaluate(def, m, testSet, a.weights);
  t.true(before.accuracy < 0.2);
  t.true(after.accuracy > 0.8, `accuracy ${after.accuracy}`);
  t.true(after.loss < before.loss);
  m.dispose();
});

test('tf.memory().numTensors does not grow over 20 rounds of training and evaluation', (t) => {
  const def = softmaxRegression();
  const m = def.build();
  const data = subset(loadMnist(), Array.from({ length: 100 }, (_, i) => i * 91));
  let w = initialWeights(m, s('init'));
  const rng = s('rounds');
  trainLocal(def, m, data, w, { epochs: 1, batchSize: 20, learningRate: 0.1, momentum: 0.9 }, rng); // warm up lazily created state
  const baseline = tf.memory().numTensors;
  for (let r = 0; r < 20; r++) {
    w = trainLocal(def, m, data, w, { epochs: 1, batchSize: 20, learningRate: 0.1, momentum: 0.9 }, rng).weights;
    evaluate(def, m, data, w);
    computeGradient(def, m, data, w);
  }
  t.is(tf.memory().numTensors, baseline);
  m.dispose();
});
