/**
 * Inference serving from a scenario's `inference` section through `simulate` and `edgesim run`:
 * the deployed split's latency is the hand-computed sum of the model's real layer FLOPs and
 * activation bits over the scenario's links, and each request's correctness is that of the real
 * model on the test example it carries (checked here by running the whole model on it again).
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
import type { Scenario } from '../../src/scenario/types.js';

const cacheRoot = mkdtempSync(join(tmpdir(), 'edgesim-inf-'));

test.before(async () => {
  await selectBackend('cpu');
});

/** Two terminals (1 GFLOP/s) and an edge server (10 GFLOP/s) over 10 Mbit/s links with 2 ms delay; the 2NN split after its first layer on t0, all on the edge for t1. */
function spec(): ScenarioSpec {
  return {
    name: 'serve',
    seed: 3,
    nodes: [
      { id: 'e', kind: 'edge', cpu: { cores: 1, freqHz: 1e10, flopsPerCycle: 1 } },
      { id: 't0', kind: 'terminal', cpu: { cores: 1, freqHz: 1e9, flopsPerCycle: 1 } },
      { id: 't1', kind: 'terminal', cpu: { cores: 1, freqHz: 1e9, flopsPerCycle: 1 } },
    ],
    links: [
      { from: 't0', to: 'e', rateBps: 1e7, delayS: 0.002 },
      { from: 't1', to: 'e', rateBps: 1e7, delayS: 0.002 },
    ],
    inference: {
      model: { name: '2nn', trainExamples: 1000, testExamples: 200, epochs: 1 },
      workload: [{ arrivals: { name: 'periodic', periodS: 0.5, count: 40 }, deadlineS: 0.01 }],
      deployment: { split: 'edge', perTerminal: { t0: { split: 1 } } },
    },
  };
}

async function run(s: Scenario) {
  const p = await prepareScenarioInference(s, cacheRoot).then((x) => x!);
  return { p, report: simulate(s).report };
}

test('the split latency is the sum of the real layer FLOPs and activation bits over the links (hand-computed)', async (t) => {
  const { report } = await run(validateScenario(spec()));
  const rs = report.requests!;
  t.is(rs.length, 80);
  // 2NN (McMahan et al.): dense 784→200, 200→200, 200→10; a dense layer costs 2·in·out + out FLOPs.
  const l1 = 2 * 784 * 200 + 200;
  const rest = 2 * 200 * 200 + 200 + (2 * 200 * 10 + 10);
  // t0, split after layer 1: l1 FLOPs at 1 GFLOP/s; 200 float32 values = 6 400 bit at 10 Mbit/s + 2 ms;
  // the rest at 10 GFLOP/s; the 64-bit result back at 10 Mbit/s + 2 ms.
  const t0 = l1 / 1e9 + (6400 / 1e7 + 0.002) + rest / 1e10 + (64 / 1e7 + 0.002);
  // t1, all on the edge: the 784-value input as float32 (25 088 bit) up, everything on the edge.
  const t1 = 25088 / 1e7 + 0.002 + (l1 + rest) / 1e10 + (64 / 1e7 + 0.002);
  for (const r of rs) {
    t.is(r.outcome, 'done');
    t.true(Math.abs(r.latencyS! - (r.terminal === 't0' ? t0 : t1)) < 1e-9, `${r.id}: ${r.latencyS} s`);
    t.is(r.split, r.terminal === 't0' ? 1 : 0);
    t.is(r.missed, r.latencyS! > 0.01);
  }
  const inf = report.inference!;
  t.deepEqual(inf.deployments, [
    { terminal: 't0', split: 1, variant: '2nn' },
    { terminal: 't1', split: 0, variant: '2nn' },
  ]);
  t.is(inf.requests[0]!.done, 80);
});

test("each request's correctness is the real model's on the example it carries", async (t) => {
  const s = validateScenario(spec());
  const { p, report } = await run(s);
  const model = p.trained.def.build();
  setFlatWeights(model, p.trained.weights);
  const predicted = tf.tidy(() => (model.predict(tf.tensor2d(p.test.x, [p.test.n, p.test.dim])) as tf.Tensor).argMax(1).dataSync() as Int32Array);
  model.dispose();
  const rs = report.requests!;
  for (const r of rs) t.is(r.correct, predicted[r.sample] === p.test.y[r.sample], r.id);
  const right = rs.filter((r) => r.correct).length;
  t.is(report.inference!.requests[0]!.accuracy, right / rs.length);
  t.true(right > 0 && right < rs.length, `${right} of ${rs.length} right`); // a trained but imperfect model
});

test('invalid inference sections are refused with the field named', (t) => {
  const bad = (patch: (s: ScenarioSpec) => void, message: RegExp): void => {
    const s = spec();
    patch(s);
    t.throws(() => validateScenario(s), { message }, message.source);
  };
  bad((s) => (s.inference!.deployment = { split: 4 }), /inference\.deployment\.split: expected a split point 0\.\.3/);
  bad((s) => (s.inference!.model.name = 'resnet'), /inference\.model\.name: unknown model 'resnet'/);
  bad((s) => (s.inference!.servers = ['t9']), /inference\.servers\[0\]: unknown node 't9'/);
  bad((s) => (s.inference!.workload[0]!.arrivals = { name: 'poisson', ratePerS: 1 }), /never stop: give count or untilS, or a horizonS/);
  bad((s) => (s.links = [{ from: 't0', to: 'e', rateBps: 1e7 }]), /terminal 't1' has no route to a server and back/);
  bad((s) => (s.inference!.queue = { name: 'lifo' }), /inference\.queue/);
});

test('requests in flight when the horizon ends the run are recorded as unfinished (a deadline not yet passed is not missed)', async (t) => {
  // Both terminals' first requests arrive at 0 s and take ≈ 8.8 and 9.1 ms (see above): at a 4 ms horizon both are in flight.
  const s = spec();
  s.horizonS = 0.004;
  const { report } = await run(validateScenario(s));
  t.deepEqual(
    report.requests!.map((r) => [r.id, r.outcome, r.endS, r.missed, r.latencyS]),
    [
      ['t0#0', 'unfinished', 0.004, false, null],
      ['t1#0', 'unfinished', 0.004, false, null],
    ],
  );
  t.is(report.inference!.requests[0]!.unfinished, 2);
});

test('preparing a deployment leaves no tensor behind (training, pruning and every split run inside tidy or disposed)', async (t) => {
  const s = spec();
  s.seed = 11; // a new model: trained, pruned and run split here
  s.inference!.model.pruning = { rates: [0.5], fineTuneEpochs: 1 };
  s.inference!.deployment = { split: 1, activationBits: 8, perTerminal: { t1: { split: 2, pruning: 0.5 } } };
  const before = tf.memory().numTensors;
  const v = validateScenario(s);
  await prepareScenarioInference(v, cacheRoot).then((x) => x!);
  simulate(v);
  t.is(tf.memory().numTensors, before);
});
