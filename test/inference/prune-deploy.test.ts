/**
 * Pruned variants deployed: `model.pruning` prepares structurally pruned 2NNs (fine-tuned, accuracy
 * measured); a terminal deploying rate 0.5 runs the smaller network (hand-computed FLOPs) and each
 * of its requests is right as that pruned network classifies its digit; the optimizer chooses the
 * variant under an accuracy floor.
 */
import test from 'ava';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { validateScenario } from '../../src/scenario/validate.js';
import { simulate } from '../../src/report/simulate.js';
import { selectBackend } from '../../src/learning/backend.js';
import { prepareScenarioInference } from '../../src/inference/deploy.js';
import { setFlatWeights } from '../../src/learning/weights.js';
import type { ScenarioSpec } from '../../src/scenario/types.js';

const cacheRoot = mkdtempSync(join(tmpdir(), 'edgesim-prune-'));

test.before(async () => {
  await selectBackend('cpu');
});

/** One terminal (10 MFLOP/s) and a 10 GFLOP/s server over a 10 Mbit/s link; the 2NN with a variant pruned at 0.5. */
function spec(deployment: NonNullable<ScenarioSpec['inference']>['deployment']): ScenarioSpec {
  return {
    name: 'prune-deploy',
    seed: 2,
    nodes: [
      { id: 'e', kind: 'edge', cpu: { cores: 1, freqHz: 1e10, flopsPerCycle: 1 } },
      { id: 't', kind: 'terminal', cpu: { cores: 1, freqHz: 1e7, flopsPerCycle: 1 } },
    ],
    links: [{ from: 't', to: 'e', rateBps: 1e7, delayS: 0 }],
    inference: {
      model: { name: '2nn', trainExamples: 1000, testExamples: 300, epochs: 1, pruning: { rates: [0.5], fineTuneEpochs: 1 } },
      workload: [{ arrivals: { name: 'periodic', periodS: 1, count: 30 }, deadlineS: 1 }],
      deployment,
    },
  };
}

async function run(s: ScenarioSpec) {
  const v = validateScenario(s);
  const p = await prepareScenarioInference(v, cacheRoot).then((x) => x!);
  return { p, report: simulate(v).report };
}

test('a terminal deploying the variant pruned at 0.5 runs the smaller network, and its requests are right as that network says', async (t) => {
  const { p, report } = await run(spec({ split: 'device', pruning: 0.5 }));
  const v = p.variants.get(0.5)!;
  // Structured pruning at 0.5 keeps 100 of each 200 hidden neurons: 2·784·100 + 100 + 2·100·100 + 100 + 2·100·10 + 10 = 179 010 FLOPs, at 10 MFLOP/s.
  for (const r of report.requests!) {
    t.is(r.variant, '2nn@prune0.5');
    t.true(Math.abs(r.terminalComputeS - 179010 / 1e7) < 1e-12, `${r.terminalComputeS}`);
  }
  t.true(v.accuracy < p.variants.get(0)!.accuracy + 0.02, `pruned ${v.accuracy} vs ${p.variants.get(0)!.accuracy}`); // measured, not better than the full model beyond noise
  const model = v.def.build();
  setFlatWeights(model, v.weights);
  const predicted = tf.tidy(() => (model.predict(tf.tensor2d(p.test.x, [p.test.n, p.test.dim])) as tf.Tensor).argMax(1).dataSync() as Int32Array);
  model.dispose();
  for (const r of report.requests!) t.is(r.correct, predicted[r.sample] === p.test.y[r.sample], r.id);
});

test('the optimizer picks the pruned variant when it is faster, and the full model under an accuracy floor above the pruned one', async (t) => {
  // Latency only, share 1. All on the edge (k = 0) sends the 784-float input either way: 25 088 bit / 10 Mbit/s = 2.509 ms,
  // then 398 010 FLOPs (full) or 179 010 (pruned) at 10 GFLOP/s = 39.8 µs or 17.9 µs, and 64 bit back (6.4 µs). On the
  // device: 39.8 ms (full) or 17.9 ms (pruned); k = 1, 2 cost ≥ 15.7 ms on the terminal. Best: pruned at k = 0; with an
  // accuracy floor at the full model's, the full model at k = 0.
  const optimizer = { solver: { solver: 'exhaustive' as const }, weights: { energyPerJ: 0, latencyPerS: 1, sharePerUnit: 0 }, shares: [1] };
  const { p, report } = await run(spec({ plan: 'optimize', optimizer }));
  const free = report.inference!.plan!.terminals[0]!;
  t.deepEqual([free.pruning, free.split, free.share], [0.5, 0, 1]);
  const floored = (await run(spec({ plan: 'optimize', optimizer: { ...optimizer, minAccuracy: p.variants.get(0)!.accuracy } }))).report.inference!.plan!.terminals[0]!;
  t.deepEqual([floored.pruning, floored.split], [0, 0]);
  t.true(floored.predictedLatencyS > free.predictedLatencyS);
});
