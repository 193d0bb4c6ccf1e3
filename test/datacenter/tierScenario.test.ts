import test from 'ava';
import { validateScenario } from '../../src/scenario/validate.js';
import { simulate } from '../../src/report/simulate.js';
import { selectBackend } from '../../src/learning/backend.js';
import { models, parameterCount, trainingFlops } from '../../src/learning/models.js';
import type { ScenarioSpec } from '../../src/scenario/types.js';
import type { DatacenterSpec } from '../../src/datacenter/spec.js';
import { ScenarioError } from '../../src/scenario/validate.js';

// A data center as a hierarchical tier, end to end from a scenario: HierFAVG with a cloud 'ps' and
// two edge centers; a star of 4 servers attached to 'ps' with `aggregates: true` takes over the
// cloud's weighted means. Independent references: the same scenario without the data center (the
// tier's mean is bitwise weightedMean, so the accuracy per round is identical), and the round
// times, which must differ by exactly the tier's own duration minus the CPU charge it replaces
// (2·q·K FLOPs on ps, K = 2 edge models).

test.before(async () => {
  await selectBackend('cpu');
});

const softmax = models.get('softmax')();
const q = parameterCount(softmax);
const SAMPLES = 100;
const EPOCH_FLOPS = trainingFlops(softmax) * SAMPLES;
const PS_FLOPS = 1e9;

function spec(dc: Partial<DatacenterSpec> | null, protocol = 'hierarchical'): ScenarioSpec {
  const clients = [0, 1, 2, 3].map((i) => ({ id: `c${i}`, kind: 'terminal' as const, cpuFlopsPerS: EPOCH_FLOPS * (i + 1) }));
  return {
    name: 'dc-tier',
    seed: 3,
    nodes: [{ id: 'ps', kind: 'server', cpuFlopsPerS: PS_FLOPS }, { id: 'e0', kind: 'edge', cpuFlopsPerS: 1e11 }, { id: 'e1', kind: 'edge', cpuFlopsPerS: 1e11 }, ...clients],
    links: [
      { from: 'ps', to: 'e0', rateBps: 1e9, delayS: 0.001 },
      { from: 'ps', to: 'e1', rateBps: 1e9, delayS: 0.001 },
      ...clients.map((c, i) => ({ from: i < 2 ? 'e0' : 'e1', to: c.id, rateBps: 1e8, delayS: 0.002 })),
    ],
    training: {
      model: 'softmax',
      dataset: { name: 'gaussian-mixture', samples: 2000, classes: 10, dim: 784 },
      server: 'ps',
      clients: 'terminals',
      samplesPerClient: SAMPLES,
      rounds: 3,
      local: { epochs: 1, batchSize: 20, learningRate: 0.1 },
      protocol: (protocol === 'hierarchical' ? { name: protocol, tau2: 1 } : { name: protocol }) as never,
    },
    ...(dc === null
      ? {}
      : { datacenters: [{ id: 'dc', topology: { name: 'star', count: 4, rateBps: 10e9, servers: [{ cpuFlopsPerS: 1e12, memoryBytes: 1e9 }] }, attach: { node: 'ps', rateBps: 10e9, delayS: 1e-4, aggregates: true }, ...dc } as DatacenterSpec] }),
  };
}

test('a data center attached with aggregates: the cloud means are sharded over it — same accuracy, round times moved by its duration', (t) => {
  const plain = simulate(validateScenario(spec(null))).report;
  const tiered = simulate(validateScenario(spec({}))).report;
  t.is(plain.dcTier, undefined);
  t.is(tiered.dcTier!.length, 3); // one per cloud round
  for (const row of tiered.dcTier!) t.like(row, { dc: 'dc', node: 'ps', parts: 2 });
  t.true(plain.rounds!.every((r) => typeof r.testAccuracy === 'number'));
  t.deepEqual(tiered.rounds!.map((r) => [r.testAccuracy, r.testLoss]), plain.rounds!.map((r) => [r.testAccuracy, r.testLoss]));
  // Each cloud round ends later by the tier's duration minus the 2·q·K FLOPs the cloud no longer computes.
  let shiftS = 0;
  tiered.rounds!.forEach((r, k) => {
    const tier = tiered.dcTier![k]!;
    shiftS += tier.endS - tier.startS - (2 * q * 2) / PS_FLOPS;
    t.true(Math.abs(r.endS - (plain.rounds![k]!.endS + shiftS)) < 1e-8, `round ${k}: ${r.endS} vs ${plain.rounds![k]!.endS} + ${shiftS}`);
  });
  // the shards cross the 0.1 ms attach link there and back: no aggregation can be faster
  for (const row of tiered.dcTier!) t.true(row.endS - row.startS > 2e-4, `${row.endS - row.startS}`);
});

test('aggregates only where a hierarchical protocol aggregates, and one data center per node', (t) => {
  const sync = spec({}, 'sync');
  const e1 = validateScenarioError(t, sync);
  t.regex(e1, /datacenters\[0\]\.attach\.aggregates: 'ps' aggregates nothing/);
  const two = spec({});
  two.datacenters!.push({ ...two.datacenters![0]!, id: 'dc2' });
  t.regex(validateScenarioError(t, two), /data centers 'dc' and 'dc2' both aggregate for 'ps'/);
});

function validateScenarioError(t: { fail(m: string): void }, s: ScenarioSpec): string {
  try {
    validateScenario(s);
  } catch (e) {
    if (e instanceof ScenarioError) return e.message;
    throw e;
  }
  t.fail('expected a validation error');
  return '';
}
