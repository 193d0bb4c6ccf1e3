import test from 'ava';
import { queryObjects } from 'node:v8';
import * as tf from '@tensorflow/tfjs';
import { validateScenario } from '../../src/scenario/validate.js';
import { simulate } from '../../src/report/simulate.js';
import { selectBackend } from '../../src/learning/backend.js';
import { parameterCount, softmaxRegression } from '../../src/learning/models.js';
import { FedAvg, type RoundAggregator } from '../../src/training/strategy.js';
import type { ScenarioSpec } from '../../src/scenario/types.js';

test.before(async () => {
  await selectBackend('auto');
});

const N = 6;
const P = parameterCount(softmaxRegression()); // 7 850: no other array in a run has this length but weight vectors

// N clients on wired links of 10·(k + 1) Mbit/s to the server, slow CPUs: every client has its
// model (≤ 25 ms) and has computed its update long before the first upload ends (compute ≈ 0.9 s),
// and the uploads end one by one, fastest link first.
const spec = (rounds: number): ScenarioSpec => ({
  name: 'streaming',
  nodes: [{ id: 'ps', kind: 'server', cpuFlopsPerS: 10e9 }, ...Array.from({ length: N }, (_, k) => ({ id: `c${k}`, kind: 'terminal' as const, cpuFlopsPerS: 1e6 }))],
  links: Array.from({ length: N }, (_, k) => ({ from: 'ps', to: `c${k}`, rateBps: 10e6 * (k + 1), delayS: 0.001 })),
  training: { model: 'softmax', dataset: { name: 'mnist' }, server: 'ps', clients: 'terminals', rounds, samplesPerClient: 20, local: { epochs: 1, batchSize: 20, learningRate: 0.1 } },
});

/** Live (reachable, after a full GC) Float32Arrays of length P: the weight vectors and updates alive now. */
function liveVectors(): number {
  const prefix = `Float32Array(${P})`;
  return (queryObjects(Float32Array, { format: 'summary' }) as string[]).filter((s) => s.startsWith(prefix)).length;
}

test('a sync round folds updates as they arrive and computes each as its upload lands: no update is held in flight', (t) => {
  // Instrument FedAvg's round aggregator: count live weight-sized vectors at each arrival.
  const counts: number[][] = [];
  const begin = FedAvg.prototype.begin;
  FedAvg.prototype.begin = function (round: number, global: Float32Array): RoundAggregator {
    const inner = begin.call(this, round, global);
    const mine: number[] = [];
    counts.push(mine);
    return {
      get count() {
        return inner.count;
      },
      add: (u) => {
        mine.push(liveVectors());
        inner.add(u);
      },
      finish: (f) => inner.finish(f),
    };
  };
  try {
    const { report } = simulate(validateScenario(spec(2)));
    t.is(report.rounds.length, 2);
    t.deepEqual(
      report.rounds.map((r) => r.participants),
      [N, N],
    );
  } finally {
    FedAvg.prototype.begin = begin;
  }
  // The payload size does not depend on the values, so each client's update is computed when its
  // upload lands, just before it is folded in: at every arrival the same vectors are alive (the
  // arriving one, none in flight). Computed as the model arrives, N − k would be alive at the k-th
  // arrival (from 0); an aggregator that kept the updates, or a protocol that held them to the
  // end, would keep N.
  for (const round of counts) {
    t.is(round.length, N);
    t.deepEqual(
      round.map((c) => c - round[0]!),
      Array.from({ length: N }, () => 0),
    );
  }
});

test('tensors do not pile up across rounds', (t) => {
  simulate(validateScenario(spec(1)));
  const after1 = tf.memory().numTensors;
  simulate(validateScenario(spec(3)));
  t.is(tf.memory().numTensors, after1);
});
