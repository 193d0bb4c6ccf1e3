/**
 * The pipeline runner against the flow-shop closed form of design §8.2, timing mode: S = 4 equal
 * servers in a line (n0 – n1 – n2 – n3, direct full-duplex links, whole messages, no delay or
 * overhead, so one boundary transfer is one FIFO service of c = bytes·8/rate), a hand-built model
 * of four dense 256→256 layers, one per stage, B = 32, M = 4 (mb = 8).
 *   fwd_l = 2·256·256 + 256 = 131 328 FLOPs per example; F = 1 050 624 000 FLOP/s, so
 *   t_f = 131 328·8 / F = 1 ms, t_b = 2 ms; q = 256·256 + 256 = 65 792, update 2q/F = 0.125 243 9 ms;
 *   a boundary activation is 256·8·4 = 8 192 bytes = 65 536 bits.
 * GPipe: T = [S·t_f + (S−1)c + (M−1)·max(t_f, c)] + [S·t_b + (S−1)c + (M−1)·max(t_b, c)] + 2q/F
 * (each direction a flow shop of 2S−1 machines with M identical jobs); with c = 0 and for 1F1B with
 * c = 0: (M+S−1)(t_f+t_b) + 2q/F (the bubble (S−1)/(M+S−1) of Huang et al. 2019 and Narayanan
 * et al. 2021).
 */
import test from 'ava';
import { dcWorld } from './world-fixture.js';
import type { Simulator } from '../../src/engine/simulator.js';
import { RandomStreams } from '../../src/engine/random.js';
import * as tf from '@tensorflow/tfjs';
import { models, initialWeights, type ModelDef, type LayerProfile } from '../../src/learning/models.js';
import { computeGradient, evaluate } from '../../src/learning/train.js';
import { gradientStep } from '../../src/learning/aggregate.js';
import { subset, type Dataset } from '../../src/learning/dataset.js';
import type { JobEnv, JobOutcome, DcStepRecord } from '../../src/datacenter/job.js';
import type { ResolvedPipelineJob } from '../../src/datacenter/spec.js';
import type { Placement } from '../../src/datacenter/partition/types.js';
import { runPipeline, pipelineSchedule } from '../../src/datacenter/partition/pipeline.js';

const F = 1_050_624_000;
const dense = (name: string): LayerProfile => ({ name, params: 65_792, forwardFlops: 131_328, outputSize: 256 });
const def: ModelDef = {
  name: 'dense4',
  inputShape: [256],
  classes: 256,
  layers: [dense('d1'), dense('d2'), dense('d3'), dense('d4')],
  convolutional: false,
  l2: 0,
  build: () => {
    throw new Error('timing mode only');
  },
};
const UPDATE_S = 131_584 / F; // 2q/F = 1.252 439 0…e-4 s

/** A line of `ids` (direct duplex links of `rateBps`, no delay) with equal servers of F FLOP/s. */
function line(ids: readonly string[], rateBps: number, model: ModelDef, tfModel: JobEnv['model'] = null, data: JobEnv['data'] = null): { sim: Simulator; env: JobEnv } {
  const decls = ids.slice(1).map((id, i) => ({ from: ids[i]!, to: id, rateBps, delayS: 0 }));
  const w = dcWorld(decls, { routing: 'ecmp', segmentBytes: null, messageOverheadS: 0, flopsPerS: F });
  const layout = { nodes: [], links: [], servers: [...ids], switches: [], racks: [[...ids]], top: null };
  return { sim: w.sim, env: { ctx: w.ctx, fabric: w.fabric, layout, dc: 'dc', rng: new RandomStreams(1), def: model, model: tfModel, data, reduceFlopsPerValue: 0 } };
}

const pipelineJob = (schedule: 'gpipe' | '1f1b', steps: number, mode: 'real' | 'timing', ids: readonly string[], batch = 32, microbatches = 4): ResolvedPipelineJob => ({ kind: 'pipeline', name: 'p', model: 'dense4', steps, batch, learningRate: 0.05, mode, dataset: { name: 'mnist', testFraction: 0.2 }, evaluateEvery: steps, servers: [...ids], optimizerStateFactor: 1, memoryFraction: 1, stages: ids.length, microbatches, schedule, activationBits: 32, placement: { name: 'fixed' } });

function run(schedule: 'gpipe' | '1f1b', rateBps: number, steps = 1): { out: JobOutcome; records: DcStepRecord[] } {
  const ids = ['n0', 'n1', 'n2', 'n3'];
  const { sim, env } = line(ids, rateBps, def);
  const placement: Placement = { pieces: ids.map((node, s) => ({ index: s, node, layers: [s, s + 1], share: 1 })), predictedStepS: 0, memoryBytes: new Map(ids.map((id) => [id, 1000])) };
  const records: DcStepRecord[] = [];
  const proc = sim.process(runPipeline(env, pipelineJob(schedule, steps, 'timing', ids), placement, (r) => records.push(r)));
  sim.run();
  return { out: proc.value as JobOutcome, records };
}

const near = (a: number, b: number): boolean => Math.abs(a - b) <= 20e-9; // the clock's nanoseconds

const cases: { name: string; schedule: 'gpipe' | '1f1b'; rateBps: number; expectS: number }[] = [
  // c = 65 536 bit / 32.768 Mbit/s = 2 ms ≥ t_f: fwd 4·1 + 3·2 + 3·2 = 16 ms; bwd 4·2 + 3·2 + 3·2 = 20 ms
  { name: 'GPipe, c = 2 ms', schedule: 'gpipe', rateBps: 32_768_000, expectS: 0.036 + UPDATE_S },
  // c = 0.5 ms < t_f: fwd 4·1 + 3·0.5 + 3·1 = 8.5 ms; bwd 4·2 + 3·0.5 + 3·2 = 15.5 ms
  { name: 'GPipe, c = 0.5 ms', schedule: 'gpipe', rateBps: 131_072_000, expectS: 0.024 + UPDATE_S },
  // c ≈ 0 (6.5536e16 bit/s: 1 ps, below the clock's ns): (4 + 4 − 1)·3 ms = 21 ms
  { name: 'GPipe, c = 0', schedule: 'gpipe', rateBps: 6.5536e16, expectS: 0.021 + UPDATE_S },
  { name: '1F1B, c = 0', schedule: '1f1b', rateBps: 6.5536e16, expectS: 0.021 + UPDATE_S },
];

for (const c of cases) {
  test(`${c.name}: step time equals the closed form`, (t) => {
    const { out, records } = run(c.schedule, c.rateBps);
    t.is(out.outcome, 'done');
    t.is(records.length, 1);
    const r = records[0]!;
    t.true(near(r.stepS, c.expectS), `${r.stepS} vs ${c.expectS}`);
    // every stage computes M·(t_f + t_b) + 2q/F = 12 ms + update
    t.true(near(r.computeMaxS, 0.012 + UPDATE_S) && near(r.computeMinS, 0.012 + UPDATE_S));
    t.true(near(r.bubbleMeanS!, c.expectS - 0.012 - UPDATE_S));
    t.true(near(r.commExposedS, c.expectS - 0.012 - UPDATE_S));
  });
}

test('c = 0: the bubble is (S−1)/(M+S−1) of the forward-backward time, both schedules', (t) => {
  for (const schedule of ['gpipe', '1f1b'] as const) {
    const r = run(schedule, 6.5536e16).records[0]!;
    t.true(Math.abs(r.bubbleMeanS! / (r.stepS - UPDATE_S) - 3 / 7) < 1e-6);
  }
});

test('two steps: the second starts when the first ends and takes as long; node records sum the busy time', (t) => {
  const { out, records } = run('gpipe', 32_768_000, 2);
  t.is(records.length, 2);
  t.true(near(records[1]!.startS, records[0]!.endS));
  t.true(near(records[1]!.stepS, 0.036 + UPDATE_S));
  t.deepEqual(out.nodes.map((n) => n.role), ['stage 1 (d1)', 'stage 2 (d2)', 'stage 3 (d3)', 'stage 4 (d4)']);
  for (const n of out.nodes) {
    t.true(near(n.computeBusyS, 2 * (0.012 + UPDATE_S)));
    t.true(near(n.idleS, 2 * (0.036 + UPDATE_S) - n.computeBusyS));
    t.is(n.memoryUsedBytes, 1000);
  }
});

test('1F1B stashes at most min(S−s, M) micro-batches; both schedules run every F and B once, F before B', (t) => {
  for (const [S, M] of [
    [4, 4],
    [4, 2],
    [3, 8],
  ] as const)
    for (let s = 0; s < S; s++)
      for (const schedule of ['gpipe', '1f1b'] as const) {
        const ops = pipelineSchedule(schedule, S, s, M);
        let inFlight = 0;
        let peak = 0;
        const seenF = new Set<number>();
        for (const op of ops) {
          if (op.phase === 'F') seenF.add(op.k), (peak = Math.max(peak, ++inFlight));
          else t.true(seenF.has(op.k)), inFlight--;
        }
        t.is(ops.length, 2 * M);
        t.is(peak, schedule === 'gpipe' ? M : Math.min(S - s, M));
      }
});

test('real mode (2nn, 3 stages, 4 micro-batches, 2 steps): losses and accuracy equal whole-batch SGD from the same start', (t) => {
  const d = models.get('2nn')();
  const model = d.build();
  const rng = new RandomStreams(5).stream('data');
  const make = (n: number): Dataset => {
    const x = new Float32Array(n * 784);
    for (let i = 0; i < x.length; i++) x[i] = rng.uniform(0, 1);
    return { x, y: Float32Array.from({ length: n }, (_, i) => i % 10), n, dim: 784, classes: 10 };
  };
  const data = { train: make(40), test: make(20) };
  const ids = ['n0', 'n1', 'n2'];
  const { sim, env } = line(ids, 1e9, d, model, data);
  const placement: Placement = { pieces: [0, 1, 2].map((s) => ({ index: s, node: ids[s]!, layers: [s, s + 1], share: 1 })), predictedStepS: 0, memoryBytes: new Map() };
  const before = tf.memory().numTensors;
  const records: DcStepRecord[] = [];
  const proc = sim.process(runPipeline(env, pipelineJob('1f1b', 2, 'real', ids, 12, 4), placement, (r) => records.push(r)));
  sim.run();
  t.is(tf.memory().numTensors, before);
  const out = proc.value as JobOutcome;
  t.is(out.outcome, 'done');
  // the reference: the same start and batches (streams named as the job's), whole-batch gradients
  const streams = new RandomStreams(1);
  let w = initialWeights(model, streams.stream('datacenter/dc/p/init'));
  const order = streams.stream('datacenter/dc/p/batches').shuffle(Array.from({ length: 40 }, (_, i) => i));
  for (let step = 0; step < 2; step++) {
    const g = computeGradient(d, model, subset(data.train, order.slice(12 * step, 12 * step + 12)), w);
    t.true(Math.abs(records[step]!.loss! - g.loss) < 1e-5, `step ${step}: ${records[step]!.loss} vs ${g.loss}`);
    w = gradientStep(w, g.gradient, 0.05);
  }
  t.is(records[0]!.accuracy, null);
  t.is(out.finalAccuracy, evaluate(d, model, data.test, w).accuracy);
  model.dispose();
});

test('a stage node failing mid-step fails the job with its reason; the run goes on', (t) => {
  const ids = ['n0', 'n1', 'n2', 'n3'];
  const { sim, env } = line(ids, 32_768_000, def);
  const placement: Placement = { pieces: ids.map((node, s) => ({ index: s, node, layers: [s, s + 1], share: 1 })), predictedStepS: 0, memoryBytes: new Map() };
  const records: DcStepRecord[] = [];
  const proc = sim.process(runPipeline(env, pipelineJob('gpipe', 3, 'timing', ids), placement, (r) => records.push(r)));
  sim.at(0.05, () => env.ctx.node('n2').fail('failure')); // during step 2 (step 1 ends at 36.13 ms)
  sim.run();
  const out = proc.value as JobOutcome;
  t.is(out.outcome, 'failed');
  t.regex(out.error!, /n2/);
  t.is(records.length, 1);
  t.is(out.steps.length, 1);
});
