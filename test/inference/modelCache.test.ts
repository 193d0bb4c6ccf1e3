import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { selectBackend } from '../../src/learning/backend.js';
import { evaluate } from '../../src/learning/train.js';
import { modelCacheKey, trainedModel, trainingData, type CachedTrainingSpec } from '../../src/inference/modelCache.js';

const spec: CachedTrainingSpec = { model: '2nn', data: { testFraction: 0.2, train: 600, test: 300 }, training: { epochs: 1, batchSize: 30, learningRate: 0.1 }, seed: 4 };
const dirs: string[] = [];
const tempRoot = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'edgesim-cache-'));
  dirs.push(d);
  return d;
};

test.before(async () => {
  await selectBackend('auto');
});
test.after.always(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

test('the key is a hash of model, data, training and seed (key order and a default momentum do not matter)', (t) => {
  const k = modelCacheKey(spec);
  t.regex(k, /^[0-9a-f]{64}$/);
  t.is(modelCacheKey({ seed: 4, training: { learningRate: 0.1, batchSize: 30, epochs: 1, momentum: 0 }, data: { test: 300, train: 600, testFraction: 0.2 }, model: '2nn' }), k);
  t.not(modelCacheKey({ ...spec, seed: 5 }), k);
  t.not(modelCacheKey({ ...spec, model: 'cnn-deep' }), k);
  t.not(modelCacheKey({ ...spec, data: { ...spec.data, train: 601 } }), k);
  t.not(modelCacheKey({ ...spec, training: { ...spec.training, learningRate: 0.05 } }), k);
});

test('miss trains and stores; hit loads the same weights without training', async (t) => {
  const root = tempRoot();
  const before = tf.memory().numTensors;
  const first = await trainedModel(spec, root);
  t.is(first.source, 'trained');
  t.is(tf.memory().numTensors, before);
  t.deepEqual(readdirSync(join(root, 'models')).sort(), [`${first.key}.bin`, `${first.key}.json`]); // no temporary file left
  t.is(readFileSync(first.weightsPath).length, 4 * 199_210);
  const meta = JSON.parse(readFileSync(first.metaPath, 'utf8')) as { spec: CachedTrainingSpec; accuracy: number; values: number };
  t.deepEqual(meta.spec, spec);
  t.is(meta.values, 199_210);
  // the stored accuracy is the test accuracy of the stored weights (checked independently)
  const def = first.def;
  const m = def.build();
  t.is(evaluate(def, m, trainingData(spec).test, first.weights).accuracy, first.accuracy);
  m.dispose();
  t.true(first.accuracy > 0.5);

  const second = await trainedModel(spec, root);
  t.is(second.source, 'cache');
  t.deepEqual(second.weights, first.weights);
  t.is(second.accuracy, first.accuracy);
  t.is(second.loss, first.loss);
  // training is deterministic in the seed: another root trains the same weights
  const again = await trainedModel(spec, tempRoot());
  t.is(again.source, 'trained');
  t.deepEqual(again.weights, first.weights);
});

test('a file it did not write is neither overwritten nor deleted; a damaged entry is not loaded', async (t) => {
  const root = tempRoot();
  const other = { ...spec, data: { ...spec.data, train: 300 } };
  const key = modelCacheKey(other);
  mkdirSync(join(root, 'models'), { recursive: true });
  const foreign = join(root, 'models', `${key}.bin`);
  writeFileSync(foreign, 'not edgesim weights');
  const r = await trainedModel(other, root);
  t.is(r.source, 'trained');
  t.is(readFileSync(foreign, 'utf8'), 'not edgesim weights');
  t.deepEqual(readdirSync(join(root, 'models')), [`${key}.bin`]); // no metadata for a foreign file, no temporary file
  const r2 = await trainedModel(other, root);
  t.is(r2.source, 'trained');
  t.deepEqual(r2.weights, r.weights);
  t.is(readFileSync(foreign, 'utf8'), 'not edgesim weights');

  // a complete entry whose weights were damaged afterwards: retrained, the file left as it is
  const good = await trainedModel(spec, root);
  t.is(good.source, 'trained');
  const bytes = readFileSync(good.weightsPath);
  bytes[100] = bytes[100]! ^ 0xff;
  writeFileSync(good.weightsPath, bytes);
  const retrained = await trainedModel(spec, root);
  t.is(retrained.source, 'trained');
  t.deepEqual(retrained.weights, good.weights);
  t.deepEqual(readFileSync(good.weightsPath), bytes);
});

test('a spec asking for more examples than the split holds is refused', (t) => {
  t.throws(() => trainingData({ ...spec, data: { ...spec.data, test: 2_001 } }), { instanceOf: RangeError });
});
