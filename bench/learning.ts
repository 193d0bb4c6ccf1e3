/**
 * Learning benchmark: the same federated training work — 10 clients × 200 MNIST digits × 5 rounds
 * of FedAvg on the 2NN, with the global model evaluated after each round — run directly (a loop of
 * TF.js local training, averaging and evaluation) and as a full simulated run (events, routed
 * transfers, CPU models, aggregation compute, reports). Prints
 *   {"backend":…,"directSamplesPerS":…,"simulatedSamplesPerS":…,"overhead":…}   overhead = direct/simulated − 1
 *   {"name":"quickstart","wallS":…}
 *
 * Usage: npm run bench:learning [-- --skip-quickstart]
 */
import { validateScenario } from '../src/scenario/validate.js';
import { simulate } from '../src/report/simulate.js';
import { selectBackend } from '../src/learning/backend.js';
import { loadMnist, subset, trainTestSplit } from '../src/learning/dataset.js';
import { iidPartition } from '../src/learning/partition.js';
import { mlp2nn, initialWeights } from '../src/learning/models.js';
import { trainLocal, evaluate } from '../src/learning/train.js';
import { weightedMean } from '../src/learning/aggregate.js';
import { RandomStreams } from '../src/engine/random.js';
import { loadScenario } from '../src/scenario/load.js';
import type { NodeSpec, LinkSpec } from '../src/scenario/types.js';

const CLIENTS = 10;
const SAMPLES = 200;
const ROUNDS = 5;

const backend = await selectBackend((process.env.EDGESIM_BACKEND as 'auto') ?? 'auto');

function direct(): number {
  const streams = new RandomStreams(1);
  const { train, test } = trainTestSplit(loadMnist(), 0.2, streams.stream('split'));
  const parts = iidPartition(train.n, CLIENTS, streams.stream('partition')).map((p) => subset(train, p.slice(0, SAMPLES)));
  const def = mlp2nn();
  const model = def.build();
  let global = initialWeights(model, streams.stream('init'));
  const t0 = performance.now();
  for (let r = 0; r < ROUNDS; r++) {
    const updates = parts.map((d, k) => ({ vector: trainLocal(def, model, d, global, { epochs: 1, batchSize: 10, learningRate: 0.05 }, streams.stream(`b${k}`)).weights, weight: d.n }));
    global = weightedMean(updates);
    evaluate(def, model, test, global);
  }
  const wallS = (performance.now() - t0) / 1000;
  model.dispose();
  return (CLIENTS * SAMPLES * ROUNDS) / wallS;
}

function simulated(): number {
  const clients: NodeSpec[] = Array.from({ length: CLIENTS }, (_, i) => ({ id: `c${i}`, kind: 'terminal', profile: 'phone' }));
  const links: LinkSpec[] = clients.map((c) => ({ from: 'ps', to: c.id, rateBps: 100e6, delayS: 0.005 }));
  const s = validateScenario({
    name: 'bench-learning',
    nodes: [{ id: 'ps', kind: 'server', cpuFlopsPerS: 19.5e12 }, ...clients],
    links,
    training: { model: '2nn', dataset: { name: 'mnist' }, server: 'ps', clients: 'terminals', rounds: ROUNDS, samplesPerClient: SAMPLES, local: { epochs: 1, batchSize: 10, learningRate: 0.05 } },
  });
  const t0 = performance.now();
  simulate(s);
  return (CLIENTS * SAMPLES * ROUNDS) / ((performance.now() - t0) / 1000);
}

// Warm-up (JIT, TF.js kernels), then alternate and keep the best of two each.
direct();
const d = Math.max(direct(), direct());
const sim = Math.max(simulated(), simulated());
console.log(JSON.stringify({ backend: backend.name, directSamplesPerS: Math.round(d), simulatedSamplesPerS: Math.round(sim), overhead: Number((d / sim - 1).toFixed(3)) }));

if (!process.argv.includes('--skip-quickstart')) {
  const { scenario } = await loadScenario('scenarios/quickstart.ts');
  const t0 = performance.now();
  simulate(scenario);
  console.log(JSON.stringify({ name: 'quickstart', wallS: Number(((performance.now() - t0) / 1000).toFixed(2)) }));
}
