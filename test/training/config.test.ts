import test from 'ava';
import { resolveTraining } from '../../src/training/config.js';

const nodes = [
  { id: 'ps', kind: 'server' },
  { id: 'a', kind: 'terminal' },
  { id: 'e', kind: 'edge' },
  { id: 'b', kind: 'terminal' },
];

test('resolveTraining fills the documented defaults: FedSGD server rate 0.1, selection fraction 0.1, fusion without overhead, memory bytes per example', (t) => {
  const r = resolveTraining(
    { model: '2nn', dataset: { name: 'mnist' }, server: 'ps', clients: 'terminals', algorithm: 'fedsgd', selection: { policy: 'random' }, fusion: { bucketBytes: 1024 }, partition: { name: 'memory' }, compression: { name: 'top-k' } },
    nodes,
  );
  t.deepEqual(r.clients, ['a', 'b']);
  t.is(r.serverLearningRate, 0.1);
  t.deepEqual(r.selection, { policy: 'random', fraction: 0.1 });
  t.deepEqual(r.fusion, { bucketBytes: 1024, headerBits: 0, messageLatencyS: 0 });
  t.deepEqual(r.partition, { name: 'memory', bytesPerExample: 4 * (784 + 1) });
  t.deepEqual(r.compression, { name: 'top-k', density: 0.01 });
  t.is(r.rounds, 10);
  // Given values are kept.
  const g = resolveTraining(
    { model: 'softmax', dataset: { name: 'gaussian-mixture', samples: 100, classes: 3, dim: 5, testFraction: 0.5 }, server: 'ps', clients: ['b'], partition: { name: 'quantity', sigma: 2 }, local: { learningRate: 0.3 }, deadlineS: 4 },
    nodes,
  );
  t.deepEqual(g.partition, { name: 'quantity', sigma: 2 });
  t.deepEqual(g.local, { epochs: 1, batchSize: 10, learningRate: 0.3, momentum: 0 });
  t.is(g.dataset.testFraction, 0.5);
  t.is(g.deadlineS, 4);
  t.is(g.serverLearningRate, null);
  t.deepEqual(g.clients, ['b']);
});
