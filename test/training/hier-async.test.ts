import test from 'ava';
import { validateScenario } from '../../src/scenario/validate.js';
import { simulate } from '../../src/report/simulate.js';
import { Simulator } from '../../src/engine/simulator.js';
import { buildWorld } from '../../src/scenario/world.js';
import { selectBackend } from '../../src/learning/backend.js';
import { models, trainingFlops } from '../../src/learning/models.js';
import type { ScenarioSpec } from '../../src/scenario/types.js';
import type { TrainingSpec } from '../../src/training/spec.js';

test.before(async () => {
  await selectBackend('cpu');
});

const SAMPLES = 100;
const softmax = models.get('softmax')();
/** FLOPs of one client's local epoch over SAMPLES examples. */
const EPOCH_FLOPS = trainingFlops(softmax) * SAMPLES;

const TRAINING: TrainingSpec = {
  model: 'softmax',
  dataset: { name: 'gaussian-mixture', samples: 2000, classes: 10, dim: 784 },
  server: 'ps',
  clients: 'terminals',
  samplesPerClient: SAMPLES,
  local: { epochs: 1, batchSize: 20, learningRate: 0.1 },
};

/** Runs a scenario and returns its final global weights. */
function finalWeights(spec: ScenarioSpec): Float32Array {
  const scenario = validateScenario(spec);
  const sim = new Simulator({ seed: scenario.seed });
  const world = buildWorld(sim, scenario);
  sim.run();
  const w = world.training!.run.weights();
  world.training!.model!.dispose();
  return w;
}

function largestDifference(a: Float32Array, b: Float32Array): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst;
}

/** A cloud ps and edge centers, each with its clients (local epoch seconds each), all wired. */
function world(edges: number[][], training: Partial<TrainingSpec>): ScenarioSpec {
  const clients = edges.flatMap((secs, e) => secs.map((s, k) => ({ id: `c${e}${k}`, edge: `e${e}`, s })));
  return {
    name: 'hier-async',
    seed: 5,
    nodes: [
      { id: 'ps', kind: 'server', cpuFlopsPerS: 1e12 },
      ...edges.map((_, e) => ({ id: `e${e}`, kind: 'edge' as const, cpuFlopsPerS: 1e11 })),
      ...clients.map((c) => ({ id: c.id, kind: 'terminal' as const, cpuFlopsPerS: EPOCH_FLOPS / c.s })),
    ],
    links: [
      ...edges.map((_, e) => ({ from: 'ps', to: `e${e}`, rateBps: 1e9, delayS: 0.001 })),
      ...clients.map((c) => ({ from: c.edge, to: c.id, rateBps: 1e8, delayS: 0.002 })),
    ],
    training: { ...TRAINING, ...training },
  };
}

test('one edge over every client, τ2 = 1, fedasync with α = 1: the cloud adopts each edge model, as sync HierFAVG', (t) => {
  // With one edge, no push is ever stale (the edge pulls again only once its push is in) and α = 1
  // makes the cloud's model the edge's: R versions are R cloud rounds of `hierarchical`.
  const edges = [[1, 2, 3, 4]];
  const sync = finalWeights(world(edges, { rounds: 3, protocol: { name: 'hierarchical', tau2: 1 } }));
  const spec = world(edges, { rounds: 3, protocol: { name: 'hierarchical-async', tau2: 1, cloud: { rule: 'fedasync', alpha: 1, staleness: { name: 'constant' } } } });
  const asyn = finalWeights(spec);
  const worst = largestDifference(sync, asyn);
  t.true(worst <= 1e-6, `largest difference ${worst}`);
  const { report } = simulate(validateScenario(spec));
  t.deepEqual(report.edgePushes!.map((p) => [p.edge, p.baseVersion, p.staleness, p.outcome, p.weight]), [0, 1, 2].map((v) => ['e0', v, 0, 'applied', 1]));
  t.deepEqual(report.evaluations!.map((e) => e.version), [0, 1, 2, 3]);
  t.is(report.edgeRounds!.length, 3);
});

test('a hand-built two-edge timeline: the edge pushes have the hand-computed staleness', (t) => {
  // e0 has one client with 2.6 s epochs, e1 one with 1 s epochs; τ1 = 1, τ2 = 1; transfers and
  // aggregation take milliseconds (ε, a few per push). Each edge pulls at once after its push.
  //   t ≈ 1    e1 push 0 from v0 → staleness 0 → v1
  //   t ≈ 2    e1 push 1 from v1 → 0 → v2
  //   t ≈ 2.6  e0 push 0 from v0 → 2 → v3
  //   t ≈ 3    e1 push 2 from v2 → 1 → v4
  //   t ≈ 4    e1 push 3 from v4 → 0 → v5
  //   t ≈ 5    e1 push 4 from v5 → 0 → v6
  //   t ≈ 5.2  e0 push 1 from v3 → 3 → v7: training ends; e1's push 5 (pulled at ≈ 5) is unfinished.
  const spec = world([[2.6], [1]], { rounds: 1, protocol: { name: 'hierarchical-async', tau2: 1, serverSteps: 7, cloud: { rule: 'fedasync', alpha: 0.5, staleness: { name: 'polynomial', a: 1 } } } });
  const { report } = simulate(validateScenario(spec));
  const pushes = report.edgePushes!;
  t.deepEqual(pushes.map((p) => [p.edge, p.index, p.baseVersion, p.staleness, p.outcome]), [
    ['e1', 0, 0, 0, 'applied'],
    ['e1', 1, 1, 0, 'applied'],
    ['e0', 0, 0, 2, 'applied'],
    ['e1', 2, 2, 1, 'applied'],
    ['e1', 3, 4, 0, 'applied'],
    ['e1', 4, 5, 0, 'applied'],
    ['e0', 1, 3, 3, 'applied'],
    ['e1', 5, 6, null, 'unfinished'],
  ]);
  // α_t = α / (1 + staleness).
  pushes.slice(0, 7).forEach((p) => t.true(Math.abs(p.weight! - 0.5 / (1 + p.staleness!)) < 1e-12));
  pushes.forEach((p) => t.true(Math.abs(p.endS - (p.edge === 'e0' ? 2.6 : 1) * (p.index + 1)) < 0.1 || p.outcome === 'unfinished', `${p.edge} push ${p.index} ends at ${p.endS}`));
  t.is(report.evaluations!.at(-1)!.version, 7);
  // Training ends at e0's second push (≈ 5.2 s): e1's member, in the middle of its epoch, stops
  // with it — it finishes the CPU work it is in (the device is not told) but uploads nothing.
  const end = report.evaluations!.at(-1)!.timeS;
  t.deepEqual(report.transfers.filter((x) => x.startS > end && x.to !== 'ps' && x.from !== 'ps').map((x) => x.task), []);
  // With maxStaleness 2, e0's second push (staleness 3) is discarded and the version does not move.
  const capped = world([[2.6], [1]], { rounds: 1, protocol: { name: 'hierarchical-async', tau2: 1, serverSteps: 7, maxStaleness: 2 } });
  const r2 = simulate(validateScenario(capped)).report;
  const e0 = r2.edgePushes!.filter((p) => p.edge === 'e0');
  t.deepEqual(e0.slice(0, 2).map((p) => [p.staleness, p.outcome]), [[2, 'applied'], [3, 'discarded']]);
});

test('fedbuff at the cloud with K = the edges and equal speeds: the cloud average of sync HierFAVG', (t) => {
  // Two edges, one client each, equal speeds and samples: both pushes arrive at one instant from the
  // same version; K = 2 steps w + ((w0 − w) + (w1 − w))/2 = (w0 + w1)/2, the sync average by samples.
  const edges = [[1], [1]];
  const sync = finalWeights(world(edges, { rounds: 3, protocol: { name: 'hierarchical', tau2: 2 } }));
  const spec = world(edges, { rounds: 3, protocol: { name: 'hierarchical-async', tau2: 2, cloud: { rule: 'fedbuff' } } });
  const asyn = finalWeights(spec);
  const worst = largestDifference(sync, asyn);
  t.true(worst <= 1e-6, `largest difference ${worst}`);
  const { report } = simulate(validateScenario(spec));
  t.deepEqual(report.edgePushes!.map((p) => [p.baseVersion, p.staleness]), [0, 0, 1, 1, 2, 2].map((v) => [v, 0]));
  t.deepEqual(report.edgePushes!.map((p) => p.outcome), ['buffered', 'applied', 'buffered', 'applied', 'buffered', 'applied']);
  t.deepEqual(report.configuration?.training?.protocol, { name: 'hierarchical-async', edges: null, tau1: 1, tau2: 2, cloud: { rule: 'fedbuff', bufferSize: null, serverLearningRate: 1 }, serverSteps: 3, maxStaleness: null, evalEverySteps: 1, retryAfterS: 1 });
});

test('validation: unknown fields and cloud rules are refused', (t) => {
  const base = world([[1], [1]], { rounds: 1 });
  const withProtocol = (protocol: Record<string, unknown>) => ({ ...base, training: { ...base.training!, protocol: protocol as never } });
  t.throws(() => validateScenario(withProtocol({ name: 'hierarchical-async', cloud: { rule: 'fedavg' } })), { message: /cloud/ });
  t.throws(() => validateScenario(withProtocol({ name: 'hierarchical-async', cloud: { rule: 'fedasync', bufferSize: 2 } })), { message: /bufferSize/ });
  t.throws(() => validateScenario(withProtocol({ name: 'hierarchical-async', tau2: 0 })), { message: /tau2/ });
  t.throws(() => validateScenario(withProtocol({ name: 'hierarchical-async', edges: ['e9'] })), { message: /unknown node 'e9'/ });
});

test('edges without members do not pull the cloud model: with no member anywhere and no horizon the run ends by itself with 0 versions and no transfer', (t) => {
  // The clients c00, c01 hang off e0 by wire (e0 is their route from ps, so their edge); the only
  // edge center is e1, which has no member. e1 must not pull the model (a real transfer): it waits
  // retryAfterS = 2 s (a daemon wait) and checks again, so only daemon events remain and the run
  // ends at t = 0 with nothing transferred. Before the fix it pulled, ran empty edge rounds and
  // retried every 2 s for ever: the event cap below stops that run instead (stopReason 'maxEvents').
  const spec = world([[1, 1], []], { rounds: 1, protocol: { name: 'hierarchical-async', edges: ['e1'], tau2: 2, serverSteps: 3, retryAfterS: 2 } });
  t.is(spec.horizonS, undefined);
  const scenario = validateScenario(spec);
  const sim = new Simulator({ seed: scenario.seed });
  const sends: string[] = [];
  sim.trace.on('tx.end', (p) => void sends.push(String((p as { task?: unknown }).task)));
  const w = buildWorld(sim, scenario);
  t.is(sim.run({ maxEvents: 10_000 }), 'empty');
  t.is(sim.now, 0, 'nothing ever happened but daemon waits');
  t.deepEqual(sends, []);
  w.training!.model!.dispose();
  const { report } = simulate(scenario);
  t.is(report.stopReason, 'empty');
  t.deepEqual(report.transfers, []);
  t.is(report.edgePushes, undefined, 'no push record for an edge that never pulled');
  t.is(report.training!.serverVersions, 0);
  t.deepEqual(report.evaluations!.map((e) => e.version), [0]);
  t.regex(report.training!.note!, /^training ended after 0 of 3 server versions \(serverSteps\): nothing was left to do/);
  t.is(report.warnings.filter((m) => /edge center 'e1' has no member/.test(m)).length, 1);
  // With a 20 s horizon e1 checks at 0, 2, …, 20 s and still never pulls (before the fix: one
  // pull every 2 s plus its transfer time until the horizon, ≥ 10 model transfers).
  const long = simulate(validateScenario({ ...spec, horizonS: 20 })).report;
  t.deepEqual(long.transfers, []);
  t.is(long.training!.serverVersions, 0);
  t.regex(long.training!.note!, /0 of 3 server versions \(serverSteps\): the horizon \(horizonS\) was reached/);
});

test("an edge without members waits while another trains: it never pulls, the other's pushes reach serverSteps", (t) => {
  // e0 has two 1 s clients, e1 none (edges: both). e1 waits in daemon waits; e0 pushes at ≈ 1, 2, 3 s
  // (τ2 = 1) and the cloud reaches serverSteps = 3 versions: no note; no model transfer to or from e1.
  const spec = world([[1, 1], []], { rounds: 1, protocol: { name: 'hierarchical-async', edges: ['e0', 'e1'], tau2: 1, serverSteps: 3 } });
  const { report } = simulate(validateScenario(spec));
  t.deepEqual(report.edgePushes!.map((p) => [p.edge, p.index, p.outcome]), [['e0', 0, 'applied'], ['e0', 1, 'applied'], ['e0', 2, 'applied']]);
  t.is(report.training!.serverVersions, 3);
  t.is(report.training!.note, undefined);
  t.deepEqual(report.transfers.filter((x) => x.from === 'e1' || x.to === 'e1'), []);
});
