import test from 'ava';
import { FedAvg, FedSgd, strategies } from '../../src/training/strategy.js';
import { RandomStreams } from '../../src/engine/random.js';
import type { TrainingSpec } from '../../src/training/spec.js';

const base: TrainingSpec = { model: 'softmax', dataset: { name: 'mnist' }, server: 'ps', clients: 'terminals' };
const rng = () => new RandomStreams(2).stream('training/selection');
const v = (xs: number[]) => Float32Array.from(xs);

test('FedAvg: the global model moves by the sample-weighted mean of the weight changes; failures change nothing', (t) => {
  const s = new FedAvg(base);
  const next = s.aggregate(0, v([1, 1]), [
    { client: 'a', update: v([1, 0]), samples: 100 },
    { client: 'b', update: v([0, 4]), samples: 300 },
  ], [{ client: 'c', reason: 'outage' }]);
  t.deepEqual([...next], [1.25, 4]);
  t.deepEqual([...s.aggregate(1, v([2]), [], [{ client: 'a', reason: 'deadline' }])], [2]); // nothing arrived: unchanged
});

test('FedSGD: w ← w − η·ḡ with the server learning rate', (t) => {
  const s = new FedSgd({ ...base, serverLearningRate: 0.5 });
  t.deepEqual([...s.aggregate(0, v([1]), [{ client: 'a', update: v([2]), samples: 1 }], [])], [0]);
  t.is(s.configureRound(0, ['a'], () => ['a'], rng()).work, 'gradient');
});

test('selection: all, a random fraction (seeded), the best-channel fraction', (t) => {
  const clients = Array.from({ length: 10 }, (_, i) => `c${i}`);
  const rank = () => [...clients].reverse();
  t.is(strategies.get('fedavg')(base).configureRound(0, clients, rank, rng()).clients.length, 10);
  const random = strategies.get('fedavg')({ ...base, selection: { policy: 'random', fraction: 0.3 } });
  const a = random.configureRound(0, clients, rank, rng()).clients;
  t.is(a.length, 3);
  t.deepEqual(random.configureRound(0, clients, rank, rng()).clients, a); // same stream, same choice
  t.deepEqual(strategies.get('fedavg')({ ...base, selection: { policy: 'best-channel', fraction: 0.2 } }).configureRound(0, clients, rank, rng()).clients, ['c9', 'c8']);
});

test('random selection: rounds of one strategy choose as a fresh strategy would, whatever the lists before', (t) => {
  // One strategy reuses the order it shuffles from round to round; a list shorter or longer than
  // the last, or other ids, must not leave anything of the previous round in the choice.
  const spec: TrainingSpec = { ...base, selection: { policy: 'random', fraction: 0.5 } };
  const lists = [
    Array.from({ length: 10 }, (_, i) => `c${i}`),
    ['x', 'y', 'z', 'w'],
    Array.from({ length: 12 }, (_, i) => `d${i}`),
    ['p', 'q'],
  ];
  const reused = strategies.get('fedavg')(spec);
  const streamA = rng();
  const streamB = rng();
  for (const list of lists) {
    const got = reused.configureRound(0, list, () => list, streamA).clients;
    const fresh = strategies.get('fedavg')(spec).configureRound(0, list, () => list, streamB).clients;
    t.deepEqual(got, fresh);
    t.is(got.length, Math.round(list.length / 2));
    t.is(new Set(got).size, got.length);
    t.true(got.every((c) => list.includes(c)));
  }
});
