import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../src/learning/backend.js';
import { initialWeights, mlp2nn } from '../../src/learning/models.js';
import { evaluate, trainLocal } from '../../src/learning/train.js';
import { loadMnist, subset, trainTestSplit, type Dataset } from '../../src/learning/dataset.js';
import { RandomStreams } from '../../src/engine/random.js';
import { SplitModel } from '../../src/inference/split.js';
import { splitProfiles } from '../../src/inference/profile.js';
import { measureAccuracy, optimizerVariant, prunedVariants, type PrunedVariant } from '../../src/inference/prune.js';

const def = mlp2nn();
let train: Dataset;
let testSet: Dataset;
let base: Float32Array;
let baseAccuracy: number;
const FT = { epochs: 1, batchSize: 32, learningRate: 0.05 };
const RATES = [0, 0.5, 0.9];

test.before(async () => {
  await selectBackend('auto');
  const streams = new RandomStreams(13);
  const split = trainTestSplit(loadMnist(), 0.2, streams.stream('data/split'));
  train = subset(split.train, Array.from({ length: 2_000 }, (_, i) => i));
  testSet = subset(split.test, Array.from({ length: 1_000 }, (_, i) => i));
  const model = def.build();
  const w0 = initialWeights(model, streams.stream('model/init'));
  base = trainLocal(def, model, train, w0, { epochs: 2, batchSize: 32, learningRate: 0.1 }, streams.stream('train/batches')).weights;
  baseAccuracy = evaluate(def, model, testSet, base).accuracy;
  model.dispose();
});

const fmt = (v: PrunedVariant): string => `${v.kind} c=${v.rate}: acc ${(100 * v.accuracy).toFixed(1)} %, ${v.params} params, ${v.nonzero} nonzero, ${v.forwardFlops} FLOPs`;

// Tolerance: one standard error of an accuracy near 0.9 on 1 000 test digits, √(0.9·0.1/1000) ≈ 0.0095 → 0.01.
const TOL = 0.01;

test('structured variants of a trained 2NN: measured accuracy non-increasing in c (±0.01), FLOPs as hand-computed', async (t) => {
  t.true(baseAccuracy > 0.8, `base 2NN: ${baseAccuracy}`);
  const before = tf.memory().numTensors;
  const tuned = await prunedVariants({ def, weights: base }, { train, test: testSet }, RATES, { fineTune: FT, seed: 13 });
  const raw = await prunedVariants({ def, weights: base }, { train, test: testSet }, RATES, { fineTune: { ...FT, epochs: 0 }, seed: 13 });
  t.is(tf.memory().numTensors, before);
  t.log(`base ${(100 * baseAccuracy).toFixed(1)} %`);
  for (const v of tuned) t.log(`fine-tuned 1 epoch: ${fmt(v)}`);
  for (const v of raw) t.log(`no fine-tuning: ${fmt(v)}`);
  t.is(raw[0]!.accuracy, baseAccuracy); // c = 0 without fine-tuning is the base model, measured the same way
  for (const vs of [tuned, raw]) for (let i = 1; i < vs.length; i++) t.true(vs[i]!.accuracy <= vs[i - 1]!.accuracy + TOL, fmt(vs[i]!));
  t.true(raw[2]!.accuracy < raw[0]!.accuracy - 0.05, 'removing 90 % of the neurons costs accuracy before fine-tuning');
  // c = 0.5 keeps 100 of 200 neurons per hidden layer:
  //   dense1 2·784·100 + 100 = 156 900, dense2 2·100·100 + 100 = 20 100, dense3 2·100·10 + 10 = 2 010: 179 010
  // base: 2·784·200 + 200 = 313 800, 2·200·200 + 200 = 80 200, 2·200·10 + 10 = 4 010: 398 010
  // c = 0.9 keeps 20: 2·784·20 + 20 = 31 380, 2·20·20 + 20 = 820, 2·20·10 + 10 = 410: 32 610
  t.deepEqual(tuned.map((v) => v.forwardFlops), [398_010, 179_010, 32_610]);
  t.deepEqual(tuned[1]!.def.layers.map((l) => l.forwardFlops), [156_900, 20_100, 2_010]);
  // params: 784·100 + 100 + 100·100 + 100 + 100·10 + 10 = 89 610; at c = 0.9: 15 700 + 420 + 210 = 16 330
  t.deepEqual(tuned.map((v) => v.params), [199_210, 89_610, 16_330]);
  // the pruned variant runs split, and its float split accuracy is the measured one
  const s = new SplitModel(tuned[1]!.def, tuned[1]!.weights);
  t.is(s.accuracy(testSet, 1).accuracy, tuned[1]!.accuracy);
  t.deepEqual(splitProfiles(tuned[1]!.def).map((p) => p.activationValues), [784, 100, 100, 10]);
  s.dispose();
  t.is(tf.memory().numTensors, before);
  // as the optimizer's variant: split 1 sends 100 float32 values = 3 200 bits; the terminal runs 156 900 FLOPs
  const mv = optimizerVariant(tuned[1]!);
  t.is(mv.accuracy, tuned[1]!.accuracy);
  t.is(mv.pruningRate, 0.5);
  t.deepEqual(mv.splits[1], { terminalFlops: 156_900, edgeFlops: 179_010 - 156_900, activationBits: 3_200, resultBits: 64 });
  t.is(optimizerVariant(tuned[1]!, 8).splits[1]!.activationBits, 8 * (100 + 8));
  // deterministic: the same call gives the same weights
  const again = await prunedVariants({ def, weights: base }, { train, test: testSet }, [0.5], { fineTune: FT, seed: 13 });
  t.deepEqual(again[0]!.weights, tuned[1]!.weights);
});

test('magnitude variants: FLOPs unchanged, exact zeros kept through fine-tuning, accuracy non-increasing (±0.01)', async (t) => {
  const before = tf.memory().numTensors;
  const tuned = await prunedVariants({ def, weights: base }, { train, test: testSet }, RATES, { kind: 'magnitude', fineTune: FT, seed: 13 });
  const raw = await prunedVariants({ def, weights: base }, { train, test: testSet }, RATES, { kind: 'magnitude', fineTune: { ...FT, epochs: 0 }, seed: 13 });
  t.is(tf.memory().numTensors, before);
  for (const v of tuned) t.log(`fine-tuned 1 epoch (re-masked): ${fmt(v)}`);
  for (const v of raw) t.log(`no fine-tuning: ${fmt(v)}`);
  for (const vs of [tuned, raw]) for (let i = 1; i < vs.length; i++) t.true(vs[i]!.accuracy <= vs[i - 1]!.accuracy + TOL, fmt(vs[i]!));
  t.true(tuned.every((v) => v.forwardFlops === 398_010 && v.params === 199_210));
  // kernels 156 800, 40 000, 2 000 values: at c = 0.5, 78 400 + 20 000 + 1 000 = 99 400 are zero
  const half = tuned[1]!;
  t.is(half.mask!.reduce((a, m) => a + (m === 0 ? 1 : 0), 0), 99_400);
  t.true(half.weights.every((w, i) => half.mask![i] === 1 || w === 0));
  t.true(half.nonzero <= 199_210 - 99_400);
  t.true(tuned[2]!.nonzero <= 199_210 - (141_120 + 36_000 + 1_800));
});

test('accuracy is measured, not looked up: corrupted weights report near-chance accuracy', async (t) => {
  const rng = new RandomStreams(13).stream('corrupt');
  const corrupted = rng.shuffle(Array.from(base));
  const stale = { def, weights: Float32Array.from(corrupted), accuracy: baseAccuracy }; // a TrainedModel-like object with a stale accuracy
  const vs = await prunedVariants(stale, { train, test: testSet }, [0, 0.5], { fineTune: { ...FT, epochs: 0 } });
  for (const v of vs) t.log(`shuffled base: ${fmt(v)}`);
  for (const v of vs) t.true(v.accuracy < 0.25, fmt(v));
  // and a good variant whose weights are then corrupted measures near chance too
  const [good] = await prunedVariants({ def, weights: base }, { train, test: testSet }, [0.5], { fineTune: { ...FT, epochs: 0 } });
  t.true(good!.accuracy > 0.6);
  const broken = Float32Array.from(rng.shuffle(Array.from(good!.weights)));
  const re = measureAccuracy(good!.def, broken, testSet).accuracy;
  t.log(`c=0.5 variant ${good!.accuracy}, shuffled ${re}`);
  t.true(re < 0.25);
});
