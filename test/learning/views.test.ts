import test from 'ava';
import { selectBackend } from '../../src/learning/backend.js';
import { softmaxRegression, initialWeights } from '../../src/learning/models.js';
import { trainLocal } from '../../src/learning/train.js';
import { loadMnist, shareViews, subset, type Dataset } from '../../src/learning/dataset.js';
import { iidPartition, dirichletPartition } from '../../src/learning/partition.js';
import { RandomStreams } from '../../src/engine/random.js';

const s = (name: string) => new RandomStreams(4).stream(name);

test.before(async () => {
  await selectBackend('auto');
});

// A small hand-built dataset: row i has features [i, 10·i] and label i mod 3.
const tiny: Dataset = { x: Float32Array.from({ length: 12 }, (_, k) => (k % 2 === 0 ? k / 2 : 10 * ((k - 1) / 2))), y: Float32Array.from([0, 1, 2, 0, 1, 2]), n: 6, dim: 2, classes: 3 };

test('share views hold the hand-listed rows in order, all in one buffer the clients share', (t) => {
  const [a, b, c] = shareViews(tiny, [[4, 1], [], [5, 0, 2]]);
  t.deepEqual([...a!.x], [4, 40, 1, 10]);
  t.deepEqual([...a!.y], [1, 1]);
  t.is(b!.n, 0);
  t.deepEqual([...c!.x], [5, 50, 0, 0, 2, 20]);
  t.deepEqual([...c!.y], [2, 0, 2]);
  t.is(a!.x.buffer, c!.x.buffer);
  t.is(a!.y.buffer, c!.y.buffer);
  t.is(a!.x.buffer.byteLength, 5 * 2 * 4); // the five rows once: no copy per client
  t.throws(() => shareViews(tiny, [[6]]), { message: /outside/ });
});

test('share views equal per-client copies of real shares (iid and Dirichlet)', (t) => {
  const d = subset(loadMnist(), Array.from({ length: 600 }, (_, i) => i * 16));
  for (const shares of [iidPartition(d.n, 7, s('iid')), dirichletPartition(d.y, 10, 5, 0.3, s('dir'))]) {
    const views = shareViews(d, shares);
    shares.forEach((share, k) => {
      const copy = subset(d, share);
      t.is(views[k]!.n, copy.n);
      t.deepEqual(views[k]!.x, copy.x);
      t.deepEqual(views[k]!.y, copy.y);
    });
  }
});

test('training on a share view draws the same batches as on a copy: identical weights and loss', (t) => {
  const d = subset(loadMnist(), Array.from({ length: 300 }, (_, i) => i * 31));
  const shares = iidPartition(d.n, 3, s('iid'));
  const def = softmaxRegression();
  const model = def.build();
  const w0 = initialWeights(model, s('init'));
  const options = { epochs: 2, batchSize: 16, learningRate: 0.1, momentum: 0 };
  const onView = trainLocal(def, model, shareViews(d, shares)[1]!, w0, options, s('batches'));
  const onCopy = trainLocal(def, model, subset(d, shares[1]!), w0, options, s('batches'));
  t.deepEqual(onView.weights, onCopy.weights);
  t.is(onView.meanLoss, onCopy.meanLoss);
  model.dispose();
});
