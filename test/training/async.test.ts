import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import { validateScenario } from '../../src/scenario/validate.js';
import { simulate } from '../../src/report/simulate.js';
import { Simulator } from '../../src/engine/simulator.js';
import { RandomStreams } from '../../src/engine/random.js';
import { buildWorld } from '../../src/scenario/world.js';
import { selectBackend } from '../../src/learning/backend.js';
import { models, trainingFlops, parameterCount } from '../../src/learning/models.js';
import { trainLocal } from '../../src/learning/train.js';
import { resolveTraining } from '../../src/training/config.js';
import { buildTask } from '../../src/training/task.js';
import type { ScenarioSpec, NodeSpec } from '../../src/scenario/types.js';
import type { TrainingSpec } from '../../src/training/spec.js';

test.before(async () => {
  await selectBackend('cpu');
});

const SAMPLES = 100;
const softmax = models.get('softmax')();
/** FLOPs of one client's local epoch over SAMPLES examples (the model's count; tested in test/learning). */
const EPOCH_FLOPS = trainingFlops(softmax) * SAMPLES;

/** A server and wired clients whose local epoch takes `computeS[i]` seconds; transfers take ~0.25 µs. */
function population(computeS: number[], training: Partial<TrainingSpec>, extra: Partial<NodeSpec>[] = []): ScenarioSpec {
  return {
    name: 'async',
    seed: 4,
    nodes: [
      { id: 'ps', kind: 'server', cpu: { cores: 1000, freqHz: 1e10, flopsPerCycle: 1e5 } },
      ...computeS.map((s, i) => ({ id: `c${i}`, kind: 'terminal' as const, cpu: { cores: 1, freqHz: EPOCH_FLOPS / s, flopsPerCycle: 1 }, ...extra[i] })),
    ],
    links: computeS.map((_, i) => ({ from: 'ps', to: `c${i}`, rateBps: 1e12, delayS: 0 })),
    training: {
      model: 'softmax',
      dataset: { name: 'gaussian-mixture', samples: 2000, classes: 10, dim: 784 },
      server: 'ps',
      clients: 'terminals',
      samplesPerClient: SAMPLES,
      local: { epochs: 1, batchSize: 20, learningRate: 0.1 },
      ...training,
    },
  };
}

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

test('FedAsync with α = 1, one client and constant staleness is plain sequential local training', (t) => {
  const spec = population([1], { protocol: { name: 'fedasync', alpha: 1, staleness: { name: 'constant' }, serverSteps: 5 } });
  const got = finalWeights(spec);
  // Reference: the same data and batch stream, five local epochs one after the other; each update
  // travels as a float32 weight change, so the model after a step is w + (w' − w) in float32.
  const scenario = validateScenario(spec);
  const cfg = resolveTraining(scenario.training!, scenario.nodes);
  const streams = new RandomStreams(scenario.seed, 0);
  const model = softmax.build();
  const task = buildTask(cfg, softmax, model, streams, () => 0);
  let w = task.initial;
  for (let k = 0; k < 5; k++) {
    const r = trainLocal(softmax, model, task.local!.get('c0')!, w, cfg.local, streams.stream('training/batches/c0'));
    const next = new Float32Array(w.length);
    for (let i = 0; i < w.length; i++) next[i] = w[i]! + Math.fround(r.weights[i]! - w[i]!);
    w = next;
  }
  model.dispose();
  t.is(got.length, parameterCount(softmax));
  t.deepEqual(Array.from(got), Array.from(w));
  t.notDeepEqual(Array.from(got), Array.from(task.initial));
});

test('FedBuff with K = all clients, equal speeds and no staleness weighting is a sync FedAvg round', (t) => {
  const sync = finalWeights(population([1, 1, 1, 1], { rounds: 1 }));
  const buff = finalWeights(population([1, 1, 1, 1], { protocol: { name: 'fedbuff', bufferSize: 4, serverSteps: 1 } }));
  let worst = 0;
  for (let i = 0; i < sync.length; i++) worst = Math.max(worst, Math.abs(sync[i]! - buff[i]!));
  t.true(worst <= 1e-6, `largest difference ${worst}`);
});

test('staleness of a hand-built schedule: three clients with local epochs of 1, 2.7 and 4.1 s', (t) => {
  const { report } = simulate(validateScenario(population([1, 2.7, 4.1], { protocol: { name: 'fedasync', serverSteps: 13 } })));
  const updates = report.updates!.filter((u) => u.outcome === 'applied');
  // Arrivals (transfers and the server's mixing take < 1 µs): c0 at 1, 2, 3, …; c1 at 2.7, 5.4,
  // 8.1; c2 at 4.1, 8.2. Each update's staleness is the server version at arrival minus the
  // version the client started from (the version after its own previous update):
  //   c0@1 0-0 | c0@2 1-1 | c1@2.7 2-0 | c0@3 3-2 | c0@4 4-4 | c2@4.1 5-0 | c0@5 6-5 | c1@5.4 7-3
  //   c0@6 8-7 | c0@7 9-9 | c0@8 10-10 | c1@8.1 11-8 | c2@8.2 12-6
  t.deepEqual(
    updates.map((u) => [u.client, u.staleness]),
    [['c0', 0], ['c0', 0], ['c1', 2], ['c0', 1], ['c0', 0], ['c2', 5], ['c0', 1], ['c1', 4], ['c0', 1], ['c0', 0], ['c0', 0], ['c1', 3], ['c2', 6]],
  );
  t.deepEqual(updates.map((u) => Math.round(u.endS * 10) / 10), [1, 2, 2.7, 3, 4, 4.1, 5, 5.4, 6, 7, 8, 8.1, 8.2]);
  t.is(report.training!.serverVersions, 13);
  // The histogram in the report counts the same sequence.
  t.deepEqual(report.training!.updates!.maxStaleness, 6);
});

test('a battery sized for two rounds of local training empties in the third round, at the hand-computed time, and the client stays dead', (t) => {
  // One client: 1 core at f = 1 GHz, 1 FLOP a cycle, κ = 1e-27 → 1 W while computing, no idle
  // power; a round's local epoch takes T = EPOCH_FLOPS / 1e9 s and E = T joules. Wired links use no
  // energy. Battery 2.5·E: rounds 0 and 1 spend 2E; round 2 empties it halfway through its epoch.
  const T = EPOCH_FLOPS / 1e9;
  const spec = population([T], { rounds: 4 }, [{ cpu: { cores: 1, freqHz: 1e9, flopsPerCycle: 1, kappa: 1e-27 }, power: { idleW: 0 }, batteryJ: 2.5 * T }]);
  spec.links = [{ from: 'ps', to: 'c0', rateBps: 1e8, delayS: 0.001 }];
  let diedAtS: number | null = null;
  const { report } = simulate(validateScenario(spec), { onTrace: (bus) => bus.on('node.failed', (p, tS) => void (p.node === 'c0' && (diedAtS = tS))) });
  // A round: model down (d = 32·q bits at 100 Mbit/s + 1 ms), epoch T, update up (d), the server's
  // aggregation (2q FLOPs at 1e18 FLOP/s); evaluation takes no simulated time.
  const q = parameterCount(softmax);
  const d = (32 * q) / 1e8 + 0.001;
  const round = 2 * d + T + (2 * q) / 1e18;
  const expected = 2 * round + d + 0.5 * T;
  t.true(diedAtS !== null && Math.abs(diedAtS - expected) < 1e-8, `died at ${diedAtS}, expected ${expected}`);
  t.deepEqual(report.rounds.map((r) => r.participants), [1, 1, 0, 0]);
  t.is(report.rounds[2]!.dropouts[0]!.phase, 'compute');
  t.regex(report.rounds[2]!.dropouts[0]!.reason, /battery/);
  t.is(report.rounds[3]!.dropouts[0]!.phase, 'download');
  t.is(report.training!.dropouts.byCause['battery'], 2);
  // Round 2's attempt spent half an epoch of compute energy: 0.5·E.
  t.true(Math.abs(report.rounds[2]!.dropouts[0]!.activeEnergyJ - 0.5 * T) < 1e-9);
});

test('over-selection: 1.3× … here 2×, the round keeps the first K updates and cuts the rest as surplus', (t) => {
  // Four clients, epochs of 1, 2, 3, 4 s; K = 2 of 4 (fraction 0.5), overSelection 2 → all four
  // selected; the round closes when c0 and c1 are in (t ≈ 2 s); c2 and c3 are surplus.
  const { report } = simulate(validateScenario(population([1, 2, 3, 4], { rounds: 1, selection: { policy: 'random', fraction: 0.5 }, protocol: { name: 'sync', overSelection: 2 } })));
  const r = report.rounds[0]!;
  t.is(r.participants, 2);
  t.deepEqual(r.dropouts.map((d) => [d.client, d.phase]).sort(), [['c2', 'surplus'], ['c3', 'surplus']]);
  t.true(Math.abs(r.endS - 2) < 1e-5, `round ended at ${r.endS}`);
  t.is(report.training!.dropouts.byCause['over-selection'], 2);
  // Each surplus client had spent 2 s of its epoch: its compute energy so far, nothing wasted in FLOPs done.
  t.true(r.dropouts.every((d) => d.flopsDone === 0 && d.activeEnergyJ > 0));
});

test('a client that fails comes back into the asynchronous loop after its repair', (t) => {
  const spec = population([1, 1.5], { protocol: { name: 'fedasync', serverSteps: 150 } }, [{}, { failures: { mtbfS: 4, mttrS: 3 } }]);
  const { report } = simulate(validateScenario(spec));
  const c1 = report.updates!.filter((u) => u.client === 'c1');
  const lost = c1.filter((u) => u.outcome === 'lost');
  t.true(lost.length > 0, 'c1 lost some updates to its failures');
  t.true(lost.every((u) => /failure/.test(u.reason!)));
  // After its first loss, c1 later delivers updates again.
  const firstLoss = Math.min(...lost.map((u) => u.endS));
  t.true(c1.some((u) => u.outcome === 'applied' && u.startS > firstLoss), 'c1 rejoined after its first failure');
  t.is(report.training!.dropouts.byCause['failure'], lost.length);
});

test('FedBuff discards and counts updates beyond the staleness cap', (t) => {
  // K = 1: every arrival is a step. With epochs of 1 and 2.5 s, c1's updates arrive after c0 has
  // stepped twice since c1 started: staleness 2 > cap 1.
  const { report } = simulate(validateScenario(population([1, 2.5], { protocol: { name: 'fedbuff', bufferSize: 1, maxStaleness: 1, serverSteps: 8 } })));
  const discarded = report.updates!.filter((u) => u.outcome === 'discarded');
  t.true(discarded.length > 0);
  t.true(discarded.every((u) => u.client === 'c1' && u.staleness! > 1));
  t.is(report.training!.updates!.discarded, discarded.length);
});

test('no TF.js tensor growth over 200 asynchronous updates', (t) => {
  const before = tf.memory().numTensors;
  simulate(validateScenario(population([1, 1.3], { protocol: { name: 'fedasync', serverSteps: 200, evalEverySteps: 50 } })));
  t.is(tf.memory().numTensors, before);
});

test('an unknown protocol lists the known ones; sync-only fields are refused by asynchronous protocols', (t) => {
  const bad = (training: Partial<TrainingSpec>) => t.throws(() => validateScenario(population([1], training)));
  t.regex(bad({ protocol: { name: 'fedbuf' } })!.message, /unknown .*'fedbuf'.*sync.*fedasync.*fedbuff/);
  t.regex(bad({ protocol: { name: 'fedasync' }, deadlineS: 1 })!.message, /deadlineS.*not used by protocol 'fedasync'/);
  t.regex(bad({ protocol: { name: 'fedbuff' }, algorithm: 'fedsgd' })!.message, /algorithm.*not used by protocol 'fedbuff'/);
  t.regex(bad({ protocol: { name: 'fedbuff', bufferSize: 0 } })!.message, /bufferSize/);
});

test('the staleness histogram: one bin per version up to 9, then bins doubling in width', async (t) => {
  const { stalenessHistogram } = await import('../../src/training/asyncRecords.js');
  const bins = stalenessHistogram([0, 0, 3, 10, 11, 12, 30]);
  // 0…9 one version each, then 10–11, 12–15, 16–23, 24–39 (widths 2, 4, 8, 16).
  t.deepEqual(bins.map((b) => b.label), ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10–11', '12–15', '16–23', '24–39']);
  t.deepEqual(bins.map((b) => b.count), [2, 0, 0, 1, 0, 0, 0, 0, 0, 0, 2, 1, 0, 1]);
  t.deepEqual(stalenessHistogram([]), []);
  // 200 000 updates (past where Math.max(...xs) overflows the stack): k mod 40, so 5 000 of each
  // of 0…39; a bin of width w holds 5 000·w.
  const many = Array.from({ length: 200_000 }, (_, k) => k % 40);
  t.deepEqual(stalenessHistogram(many).map((b) => b.count), [...Array.from({ length: 10 }, () => 5_000), 10_000, 20_000, 40_000, 80_000]);
  // Values between versions fall in no bin (as when each bin was filtered).
  t.deepEqual(stalenessHistogram([9.5, 1]).map((b) => b.count), [0, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
});

test('a client whose link is in permanent outage retries every retryAfterS, not for ever at one instant', (t) => {
  // Free space, no fading: c1 at 20 km gets a mean SNR far below the −5 dB threshold on a static
  // link, so its model download fails at once, every time; c0 next to the edge trains normally.
  const spec: ScenarioSpec = {
    name: 'outage-retry',
    radio: { pathLoss: { model: 'free-space' }, shadowing: false, fading: { model: 'none' }, outagePolicy: 'pause' },
    nodes: [
      { id: 'e0', kind: 'edge', positionM: [0, 0, 10], cpuFlopsPerS: 1e12 },
      { id: 'c0', kind: 'terminal', positionM: [50, 0, 1.5], cpu: { cores: 1, freqHz: EPOCH_FLOPS, flopsPerCycle: 1 } },
      { id: 'c1', kind: 'terminal', positionM: [20_000, 0, 1.5], cpu: { cores: 1, freqHz: EPOCH_FLOPS, flopsPerCycle: 1 }, radio: { txPowerDbm: -20 } },
    ],
    links: [{ from: 'c0', to: 'e0', wireless: true }, { from: 'c1', to: 'e0', wireless: true }],
    training: {
      model: 'softmax',
      dataset: { name: 'gaussian-mixture', samples: 1000, classes: 10, dim: 784 },
      server: 'e0',
      clients: 'terminals',
      samplesPerClient: SAMPLES,
      local: { epochs: 1, batchSize: 20, learningRate: 0.1 },
      protocol: { name: 'fedasync', serverSteps: 4, retryAfterS: 1.5 },
    },
  };
  const { report } = simulate(validateScenario(spec));
  const lost = report.updates!.filter((u) => u.client === 'c1');
  t.true(lost.length >= 2 && lost.every((u) => u.outcome === 'lost' && /outage/.test(u.reason!)));
  // Each retry 1.5 s after the previous loss (each lost at the instant it started).
  for (let k = 1; k < lost.length; k++) t.true(Math.abs(lost[k]!.startS - lost[k - 1]!.endS - 1.5) < 1e-6, `retry ${k} at ${lost[k]!.startS}`);
  t.is(report.training!.serverVersions, 4);
  t.is(report.updates!.filter((u) => u.client === 'c0' && u.outcome === 'applied').length, 4);
});
