import test from 'ava';
import { validateScenario } from '../../src/scenario/validate.js';
import { simulate } from '../../src/report/simulate.js';
import { Simulator } from '../../src/engine/simulator.js';
import { buildWorld } from '../../src/scenario/world.js';
import { RandomStreams } from '../../src/engine/random.js';
import { resolveTraining } from '../../src/training/config.js';
import { buildTask } from '../../src/training/task.js';
import { selectBackend } from '../../src/learning/backend.js';
import { models, trainingFlops, parameterCount } from '../../src/learning/models.js';
import type { ScenarioSpec } from '../../src/scenario/types.js';
import type { TrainingSpec } from '../../src/training/spec.js';

test.before(async () => {
  await selectBackend('cpu');
});

const SAMPLES = 100;
const softmax = models.get('softmax')();
const q = parameterCount(softmax);
/** FLOPs of one client's local epoch over SAMPLES examples. */
const EPOCH_FLOPS = trainingFlops(softmax) * SAMPLES;

const TRAINING: TrainingSpec = {
  model: 'softmax',
  dataset: { name: 'gaussian-mixture', samples: 2000, classes: 10, dim: 784 },
  server: 'ps',
  clients: 'terminals',
  samplesPerClient: SAMPLES,
  local: { epochs: 2, batchSize: 20, learningRate: 0.1 },
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

test('τ2 = 1 with one edge over every client is flat sync FedAvg with the edge as the server', (t) => {
  // One world: a cloud ps behind the edge e, four clients wired to e. Flat sync aggregates at e;
  // hierarchical sends the model ps → e → clients, e averages, e → ps, and ps averages one edge
  // model (itself). Same clients, same initial weights, same batch streams (training/batches/<c>).
  const world = (training: Partial<TrainingSpec>): ScenarioSpec => ({
    name: 'hier-flat',
    seed: 7,
    nodes: [
      { id: 'ps', kind: 'server', cpuFlopsPerS: 1e12 },
      { id: 'e', kind: 'edge', cpuFlopsPerS: 1e11 },
      ...[1, 2, 3, 4].map((k, i) => ({ id: `c${i}`, kind: 'terminal' as const, cpuFlopsPerS: EPOCH_FLOPS * k })),
    ],
    links: [{ from: 'ps', to: 'e', rateBps: 1e9, delayS: 0.001 }, ...[0, 1, 2, 3].map((i) => ({ from: 'e', to: `c${i}`, rateBps: 1e8, delayS: 0.002 }))],
    training: { ...TRAINING, rounds: 3, ...training },
  });
  const flat = finalWeights(world({ server: 'e' }));
  const hier = finalWeights(world({ protocol: { name: 'hierarchical', tau2: 1 } }));
  const scenario = validateScenario(world({ server: 'e' }));
  const model = softmax.build();
  const init = buildTask(resolveTraining(scenario.training!, scenario.nodes), softmax, model, new RandomStreams(scenario.seed, 0), () => 0).initial;
  model.dispose();
  let worst = 0;
  let moved = 0;
  for (let i = 0; i < flat.length; i++) {
    worst = Math.max(worst, Math.abs(flat[i]! - hier[i]!));
    moved = Math.max(moved, Math.abs(flat[i]! - init[i]!));
  }
  t.true(worst <= 1e-6, `largest difference ${worst}`);
  t.true(moved > 1e-3, 'training moved the weights');
});

/**
 * The hand-built timeline: a cloud ps, edges e0 (clients c0, c1) and e1 (client c2), all wired.
 * Local epoch: c0 1 s, c1 2 s, c2 0.5 s; τ1 = 2 epochs, τ2 = 2 edge rounds.
 */
const timeline = (rounds: number): ScenarioSpec => ({
  name: 'hier-timeline',
  seed: 3,
  nodes: [
    { id: 'ps', kind: 'server', cpuFlopsPerS: 1e7 },
    { id: 'e0', kind: 'edge', cpuFlopsPerS: 1e6 },
    { id: 'e1', kind: 'edge', cpuFlopsPerS: 1e6 },
    { id: 'c0', kind: 'terminal', cpuFlopsPerS: EPOCH_FLOPS / 1 },
    { id: 'c1', kind: 'terminal', cpuFlopsPerS: EPOCH_FLOPS / 2 },
    { id: 'c2', kind: 'terminal', cpuFlopsPerS: EPOCH_FLOPS / 0.5 },
  ],
  links: [
    { from: 'ps', to: 'e0', rateBps: 1e8, delayS: 0.01 },
    { from: 'ps', to: 'e1', rateBps: 1e7, delayS: 0.02 },
    { from: 'e0', to: 'c0', rateBps: 1e7, delayS: 0.005 },
    { from: 'e0', to: 'c1', rateBps: 1e7, delayS: 0.005 },
    { from: 'e1', to: 'c2', rateBps: 1e6, delayS: 0.001 },
  ],
  training: { ...TRAINING, local: { ...TRAINING.local, epochs: 1 }, rounds, protocol: { name: 'hierarchical', tau1: 2, tau2: 2 } },
});

test('a hand-built timeline: edge rounds and cloud rounds take the hand-computed times', (t) => {
  const { report } = simulate(validateScenario(timeline(2)));
  const M = 32 * q; // model and (uncompressed) update bits
  // e0: the model from ps, M/1e8 + 0.01 s; each edge round: model down to c0 and c1 (own links,
  // M/1e7 + 0.005 s), τ1 = 2 epochs (c1, the straggler: 2 × 2 s), update up (same), then FedAvg
  // of 2 updates: 2 FLOPs × q × 2 at 1 MFLOP/s; after τ2 = 2 edge rounds its model goes up to ps.
  const D0 = M / 1e8 + 0.01;
  const d0 = M / 1e7 + 0.005;
  const E0 = 2 * d0 + 2 * 2 + (2 * q * 2) / 1e6;
  // e1: the model from ps, M/1e7 + 0.02 s; edge rounds: c2 alone, M/1e6 + 0.001 s each way,
  // 2 × 0.5 s of epochs, FedAvg of one update.
  const D1 = M / 1e7 + 0.02;
  const d1 = M / 1e6 + 0.001;
  const E1 = 2 * d1 + 2 * 0.5 + (2 * q) / 1e6;
  // The cloud round ends once the slower edge (e0: 2·D0 + 2·E0 ≈ 8.21 s against e1's ≈ 3.13 s) is
  // in and ps has averaged 2 edge models: 2 FLOPs × q × 2 at 10 MFLOP/s.
  const A = (2 * q * 2) / 1e7;
  const cloudRound = Math.max(2 * D0 + 2 * E0, 2 * D1 + 2 * E1) + A;
  const near = (a: number, b: number, what: string): void => void t.true(Math.abs(a - b) < 1e-9, `${what}: ${a} vs ${b}`);
  t.is(report.rounds.length, 2);
  report.rounds.forEach((r, k) => {
    near(r.startS, k * cloudRound, `round ${k} start`);
    near(r.endS, (k + 1) * cloudRound, `round ${k} end`);
    near(r.downloadS, D0, 'download: the critical edge e0 gets the model');
    near(r.computeS, 2 * E0, 'compute: its two edge rounds');
    near(r.uploadS, D0, 'upload: its model to the cloud');
    near(r.waitS, 0, 'wait');
    near(r.aggregateS, A, 'cloud aggregation');
    t.is(r.participants, 3);
    t.is(r.dropped, 0);
    // Bits: each edge's model down and up (one hop each), and per edge round the model to each member and its update back.
    t.is(r.bits, 4 * M + 2 * (2 * M + 2 * M) + 2 * (M + M));
  });
  const edges = report.edgeRounds!;
  t.is(edges.length, 2 * 2 * 2);
  for (const e of edges) {
    const [D, E, members] = e.edge === 'e0' ? [D0, E0, ['c0', 'c1']] : [D1, E1, ['c2']];
    const start = e.cloudRound * cloudRound + D + e.edgeRound * E;
    near(e.startS, start, `${e.edge} c${e.cloudRound} e${e.edgeRound} start`);
    near(e.endS, start + E, `${e.edge} c${e.cloudRound} e${e.edgeRound} end`);
    near(e.aggregateS, (2 * q * members.length) / 1e6, 'edge aggregation');
    t.deepEqual(e.members, members);
    t.is(e.participants, members.length);
    t.is(e.dropouts, 0);
  }
  // τ1 = 2 local epochs per edge round, 4 edge rounds in all: c0 computed 2 × 4 epochs.
  const c0 = report.nodes.find((n) => n.id === 'c0')!;
  near(c0.flops, 8 * EPOCH_FLOPS, 'c0 FLOPs');
  t.deepEqual(report.configuration?.training?.protocol, { name: 'hierarchical', edges: null, tau1: 2, tau2: 2 });
});

test('edge aggregation is charged on the edge node, cloud aggregation on the server', (t) => {
  const { report } = simulate(validateScenario(timeline(2)));
  const node = (id: string) => report.nodes.find((n) => n.id === id)!;
  // 2 cloud rounds × τ2 = 2 edge rounds: 4 aggregations at each edge, 2 FLOPs per parameter per update.
  t.is(node('e0').computeTasks, 4);
  t.is(node('e0').flops, 4 * 2 * q * 2);
  t.is(node('e1').computeTasks, 4);
  t.is(node('e1').flops, 4 * 2 * q * 1);
  // The cloud: one aggregation of 2 edge models per cloud round.
  t.is(node('ps').computeTasks, 2);
  t.is(node('ps').flops, 2 * 2 * q * 2);
  t.true(report.training!.finalAccuracy! > 0.3, `accuracy ${report.training!.finalAccuracy}`);
});

test('defaults: τ1 is the local epochs, τ2 = 2; the edges are every node between the cloud and a client', (t) => {
  const spec = timeline(1);
  spec.training!.protocol = { name: 'hierarchical' };
  const { report } = simulate(validateScenario(spec));
  t.deepEqual(report.configuration?.training?.protocol, { name: 'hierarchical', edges: null, tau1: 1, tau2: 2 });
  t.deepEqual([...new Set(report.edgeRounds!.map((e) => e.edge))].sort(), ['e0', 'e1']);
  t.throws(() => validateScenario({ ...spec, training: { ...spec.training!, protocol: { name: 'hierarchical', tau2: 0 } } }), { message: /tau2/ });
  t.throws(() => validateScenario({ ...spec, training: { ...spec.training!, protocol: { name: 'hierarchical', hops: 3 } } }), { message: /hops/ });
  t.throws(() => validateScenario({ ...spec, training: { ...spec.training!, protocol: { name: 'hierarchical', edges: ['e0', 'e9'] } } }), { message: /training\.protocol\.edges\[1\]: unknown node 'e9'/ });
  t.throws(() => validateScenario({ ...spec, training: { ...spec.training!, algorithm: 'fedsgd', protocol: { name: 'hierarchical' } } }), { message: /algorithm: not used by protocol 'hierarchical'/ });
});

test('deadlineS cuts each edge round: the straggler is a dropout, the edge aggregates what arrived', (t) => {
  const spec = timeline(1);
  spec.training = { ...spec.training!, protocol: { name: 'hierarchical', tau1: 2, tau2: 2 }, deadlineS: 3 };
  const scenario = validateScenario(spec);
  const { report } = simulate(scenario);
  const M = 32 * q;
  // e0: c0 is in after 2·(M/1e7 + 0.005) + 2 s < 3 s; c1 would need 4 s of epochs and is cut at 3 s.
  // Each e0 edge round: 3 s, then FedAvg of 1 update at 1 MFLOP/s.
  const D0 = M / 1e8 + 0.01;
  const E0 = 3 + (2 * q) / 1e6;
  const e0 = report.edgeRounds!.filter((e) => e.edge === 'e0');
  t.deepEqual(e0.map((e) => [e.participants, e.dropouts]), [[1, 1], [1, 1]]);
  e0.forEach((e, k) => t.true(Math.abs(e.endS - (D0 + (k + 1) * E0)) < 1e-9, `edge round ${k} ends at ${e.endS}`));
  const r = report.rounds[0]!;
  t.is(r.participants, 2); // c0 and c2: c1 never got an update through
  t.deepEqual(r.dropouts.map((d) => [d.client, d.phase]), [['c1', 'deadline'], ['c1', 'deadline']]);
  t.regex(r.dropouts[0]!.reason, /^edge e0, edge round 0: /);
  t.true(Math.abs(r.endS - (2 * D0 + 2 * E0 + (2 * q * 2) / 1e7)) < 1e-9, `cloud round ends at ${r.endS}`);
});

test('membership follows association: a car handing over from e0 to e1 trains in e1 edge rounds afterwards', (t) => {
  // The car of test/training/handover.test.ts: at 10 m/s from x = 100 m between edge centers at
  // x = 0 and 1000 m, it hands over from e0 to e1 at t = 40.1 s (free space, no fading).
  const spec: ScenarioSpec = {
    name: 'hier-handover',
    radio: { bandwidthHz: 1e5, pathLoss: { model: 'free-space' }, shadowing: false, fading: { model: 'none' }, association: { hysteresisDb: 0, timeToTriggerS: 0, measurementPeriodS: 0.1 } },
    nodes: [
      { id: 'ps', kind: 'server', cpuFlopsPerS: 1e12 },
      { id: 'e0', kind: 'edge', positionM: [0, 0, 1.5], cpuFlopsPerS: 1e12 },
      { id: 'e1', kind: 'edge', positionM: [1000, 0, 1.5], cpuFlopsPerS: 1e12 },
      { id: 'car', kind: 'terminal', positionM: [100, 0, 1.5], cpu: { cores: 1, freqHz: 1e9, flopsPerCycle: 1 }, mobility: { model: 'constant-velocity', velocityMps: [10, 0, 0] } },
    ],
    links: [
      { from: 'ps', to: 'e0', rateBps: 1e9, delayS: 0.001 },
      { from: 'ps', to: 'e1', rateBps: 1e9, delayS: 0.001 },
      { from: 'car', to: 'e0', wireless: true },
      { from: 'car', to: 'e1', wireless: true },
    ],
    training: { model: 'softmax', dataset: { name: 'gaussian-mixture', samples: 500, classes: 10, dim: 784 }, server: 'ps', clients: 'terminals', samplesPerClient: 50, rounds: 8, protocol: { name: 'hierarchical', tau2: 10 } },
  };
  const { report } = simulate(validateScenario(spec));
  const withCar = report.edgeRounds!.filter((e) => e.members.includes('car'));
  const before = withCar.filter((e) => e.startS < 40.1);
  const after = withCar.filter((e) => e.startS > 40.1);
  t.true(before.length > 0 && after.length > 0, `${before.length} edge rounds before the handover, ${after.length} after`);
  t.true(before.every((e) => e.edge === 'e0'));
  t.true(after.every((e) => e.edge === 'e1'));
  // Each edge round has the car at exactly one edge; the other edge's round has no members.
  t.is(report.edgeRounds!.length, 8 * 10 * 2);
  // An edge round takes ≈ 0.68 s: cloud round 5 starts at ≈ 34.05 s; the handover cuts the car's
  // transfer in its edge round 8 at e0 (a dropout), and its edge round 9 at e0 has no members: e1
  // ran its 10 edge rounds with no members at the start of the cloud round, in no time. From cloud
  // round 6 on, the car trains in e1's edge rounds.
  const cut = report.edgeRounds!.find((e) => e.cloudRound === 5 && e.edge === 'e0' && e.edgeRound === 8)!;
  t.deepEqual([cut.members, cut.participants, cut.dropouts], [['car'], 0, 1]);
  t.true(Math.abs(cut.endS - 40.1) < 1e-6);
  t.regex(report.rounds[5]!.dropouts[0]!.reason, /^edge e0, edge round 8: .*handover of 'car' from 'e0'/);
  t.deepEqual(report.edgeRounds!.find((e) => e.cloudRound === 5 && e.edge === 'e0' && e.edgeRound === 9)!.members, []);
  t.is(withCar.length, 8 * 10 - 1);
  t.true(report.edgeRounds!.filter((e) => e.cloudRound >= 6).every((e) => (e.edge === 'e1') === e.members.includes('car')));
});

test("onHandover 'forward' is refused where there is no edge tier to forward through", (t) => {
  const spec = timeline(1);
  spec.training = { ...spec.training!, protocol: { name: 'sync' }, onHandover: 'forward' };
  t.throws(() => validateScenario(spec), { message: /training\.onHandover: 'forward' needs edge centers that aggregate/ });
  spec.training = { ...spec.training!, protocol: { name: 'hierarchical' }, onHandover: 'forward' };
  t.notThrows(() => validateScenario(spec));
});
