/**
 * A multi-exit deployment (`model.exits`): side exits after the 2NN's layers 1 and 2, trained
 * jointly from the trained weights; each request leaves where its own digit's entropy says, so its
 * cost is that exit's: with the split after layer 1, a request leaving at the first exit never
 * leaves the terminal, the others send the 200-value activation and finish on the edge.
 * Hand-computed latencies per exit (dense layer: 2·in·out + out FLOPs; a head 200 → 10 is 4 010).
 */
import test from 'ava';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateScenario } from '../../src/scenario/validate.js';
import { simulate } from '../../src/report/simulate.js';
import { selectBackend } from '../../src/learning/backend.js';
import { prepareScenarioInference } from '../../src/inference/deploy.js';
import type { ScenarioSpec } from '../../src/scenario/types.js';

const cacheRoot = mkdtempSync(join(tmpdir(), 'edgesim-exits-'));
test.before(async () => {
  await selectBackend('cpu');
});

function spec(): ScenarioSpec {
  return {
    name: 'exits',
    seed: 4,
    nodes: [
      { id: 'e', kind: 'edge', cpu: { cores: 1, freqHz: 1e10, flopsPerCycle: 1 } },
      { id: 't', kind: 'terminal', cpu: { cores: 1, freqHz: 1e8, flopsPerCycle: 1 } },
    ],
    links: [{ from: 't', to: 'e', rateBps: 1e6, delayS: 0.001 }],
    inference: {
      model: { name: '2nn', trainExamples: 1000, testExamples: 300, epochs: 1, exits: { after: [1, 2], threshold: 1.2, epochs: 2 } },
      workload: [{ arrivals: { name: 'periodic', periodS: 0.1, count: 60 } }],
      deployment: { split: 1 },
    },
  };
}

test('each request costs its own exit: the first exit ends on the terminal, the others cross to the edge (hand-computed)', async (t) => {
  const s = validateScenario(spec());
  const p = await prepareScenarioInference(s, cacheRoot).then((x) => x!);
  const { report } = simulate(s);
  const exits = p.variants.get(0)!.exits!;
  const head = 2 * 200 * 10 + 10;
  const layer1 = 2 * 784 * 200 + 200;
  const layer2 = 2 * 200 * 200 + 200;
  const onTerminal = (layer1 + head) / 1e8;
  const crossing = 6400 / 1e6 + 0.001 + 64 / 1e6 + 0.001;
  const expected = [onTerminal, onTerminal + crossing + (layer2 + head) / 1e10, onTerminal + crossing + (layer2 + head + head) / 1e10];
  const seen = new Set<number>();
  for (const r of report.requests!) {
    const d = exits.decisions[r.sample]!;
    t.is(r.exit, d.exit);
    t.is(r.correct, d.correct);
    t.true(Math.abs(r.latencyS! - expected[d.exit]!) < 1e-9, `${r.id} exit ${d.exit}: ${r.latencyS} vs ${expected[d.exit]}`);
    t.is(r.server, d.exit === 0 ? null : 'e');
    seen.add(d.exit);
  }
  t.true(seen.size >= 2, `exits taken: ${[...seen]}`); // at threshold 1.2 nats the digits spread over the exits
  t.is(report.inference!.deployments[0]!.variant, '2nn+exits');
  const byExit = report.inference!.requests[0]!.exits;
  t.is(Object.values(byExit).reduce((a, n) => a + n, 0), 60);
});

test('side exits are refused on a convolutional model, after the last layer, or with pruning', (t) => {
  const bad = (patch: (s: ScenarioSpec) => void, message: RegExp): void => {
    const s = spec();
    patch(s);
    t.throws(() => validateScenario(s), { message }, message.source);
  };
  bad((s) => (s.inference!.model.exits = { after: [3] }), /inference\.model\.exits\.after\[0\]: expected a side exit after layer 1\.\.2/);
  bad((s) => (s.inference!.model.exits = { after: [2, 1] }), /inference\.model\.exits\.after\[1\]: expected increasing layers/);
  bad((s) => (s.inference!.model.pruning = { rates: [0.5] }), /side exits and pruned variants are not combined/);
  bad((s) => (s.inference!.model.name = 'cnn'), /model 'cnn' is convolutional/);
});
