/**
 * HierFAVG's trend at test scale (the full-scale figures: `bench/hier.ts`, docs/performance.md):
 * more local and edge steps per cloud round (larger τ1·τ2) reach a target accuracy with fewer
 * cloud rounds, so with less cloud traffic per unit of accuracy.
 */
import test from 'ava';
import { validateScenario } from '../../src/scenario/validate.js';
import { simulate } from '../../src/report/simulate.js';
import { selectBackend } from '../../src/learning/backend.js';
import type { ScenarioSpec } from '../../src/scenario/types.js';

test.before(async () => {
  await selectBackend('cpu');
});

const TARGET = 0.9;

/** Cloud bits (transfers to or from the cloud) until the first cloud round at TARGET, and that round. */
function cloudBitsToTarget(tau1: number, tau2: number): { rounds: number; accuracy: number; bits: number } {
  const spec: ScenarioSpec = {
    name: 'hier-trend',
    seed: 5,
    nodes: [
      { id: 'cloud', kind: 'server', cpuFlopsPerS: 1e12 },
      { id: 'e0', kind: 'edge', cpuFlopsPerS: 1e11 },
      { id: 'e1', kind: 'edge', cpuFlopsPerS: 1e11 },
      ...Array.from({ length: 8 }, (_, i) => ({ id: `c${i}`, kind: 'terminal' as const, cpuFlopsPerS: 1e10 })),
    ],
    links: [
      { from: 'cloud', to: 'e0', rateBps: 1e8, delayS: 0.01 },
      { from: 'cloud', to: 'e1', rateBps: 1e8, delayS: 0.01 },
      ...Array.from({ length: 8 }, (_, i) => ({ from: `e${i % 2}`, to: `c${i}`, rateBps: 1e7, delayS: 0.002 })),
    ],
    training: {
      model: 'softmax',
      dataset: { name: 'gaussian-mixture', samples: 1200, classes: 10, dim: 784 },
      server: 'cloud',
      clients: 'terminals',
      samplesPerClient: 40,
      local: { epochs: 1, batchSize: 20, learningRate: 0.0003 },
      rounds: Math.ceil(60 / (tau1 * tau2)),
      protocol: { name: 'hierarchical', tau1, tau2 },
    },
  };
  const { report } = simulate(validateScenario(spec));
  const hit = report.rounds.find((r) => (r.testAccuracy ?? 0) >= TARGET);
  if (hit === undefined) throw new Error(`τ1 = ${tau1}, τ2 = ${tau2}: ${TARGET} not reached (last ${report.rounds.at(-1)?.testAccuracy})`);
  const bits = report.transfers.filter((x) => (x.from === 'cloud' || x.to === 'cloud') && x.endS <= hit.endS + 1e-9).reduce((a, x) => a + x.bits, 0);
  return { rounds: hit.round + 1, accuracy: hit.testAccuracy!, bits };
}

test('larger τ1·τ2: fewer cloud rounds and less cloud traffic per accuracy point to the same target', (t) => {
  const small = cloudBitsToTarget(1, 1);
  const large = cloudBitsToTarget(1, 4);
  t.log(`τ1·τ2 = 1: ${small.rounds} cloud rounds, ${(small.bits / 1e6).toFixed(2)} Mbit; τ1·τ2 = 4: ${large.rounds}, ${(large.bits / 1e6).toFixed(2)} Mbit`);
  t.true(large.rounds < small.rounds);
  t.true(large.bits / large.accuracy < small.bits / small.accuracy / 2, "at least twice less cloud traffic per accuracy point");
});
