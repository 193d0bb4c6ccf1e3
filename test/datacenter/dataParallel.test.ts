/**
 * The data-parallel job (design §7) on a star of p servers and one switch (FixedRateLinks and the
 * DcFabric built directly): (a) real math equals one mini-batch SGD step on the union batch,
 * computed independently with one `computeGradient`; (b) a step's time in closed form: forward +
 * backward FLOPs / F + the ring all-reduce's α–β time (§2.3, §5.2) + 2q/F; (c) with two fusion
 * buckets, the first all-reduce overlaps the rest of backprop; (d) a misfit names the node.
 *
 * Numbers for (b) and (c) (2NN, F = 1e10 FLOP/s, 1 Gb/s links = 8 ns per byte, d = 1 µs, o = 5 µs,
 * γ off, p = 5 equal servers, B = 50 so b = 10 each). Every duration is a whole number of ns (the
 * engine's clock), so the sums are exact up to float rounding:
 *   forward: 398 010 FLOPs/example × 10 / 1e10 = 398.01 µs; backward = 2 × forward = 796.02 µs
 *   (dense3 8.02, dense2 160.4, dense1 627.6 µs); update 2q/F = 2 × 199 210 / 1e10 = 39.842 µs.
 */
import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import type { Simulator } from '../../src/engine/simulator.js';
import { RandomStreams } from '../../src/engine/random.js';
import { FixedRateLink } from '../../src/net/link.js';
import type { Link } from '../../src/net/transfer.js';
import type { Topology } from '../../src/net/routes.js';
import { SimNode } from '../../src/node/node.js';
import { StaticMobility } from '../../src/mobility/simple.js';
import { selectBackend } from '../../src/learning/backend.js';
import { models, initialWeights, type ModelDef } from '../../src/learning/models.js';
import { gaussianMixture, type Dataset } from '../../src/learning/dataset.js';
import { computeGradient } from '../../src/learning/train.js';
import { gradientStep } from '../../src/learning/aggregate.js';
import { DcFabric } from '../../src/datacenter/fabric.js';
import { buildTopology } from '../../src/datacenter/topologies/index.js';
import type { DcLayout, FabricOptions } from '../../src/datacenter/types.js';
import type { DcStepRecord, JobData, JobEnv, ServerInfo } from '../../src/datacenter/job.js';
import type { ResolvedDataParallelJob, ResolvedDcJobBase } from '../../src/datacenter/spec.js';
import { dataParallelJob, runDataParallel, type DpRunResult } from '../../src/datacenter/dataParallel.js';
import { dcJobKinds } from '../../src/datacenter/jobKinds.js';
import { dcWorld } from './world-fixture.js';

const US = 1e-6;

test.before(async () => {
  await selectBackend('auto');
});

interface World {
  sim: Simulator;
  env: JobEnv;
}

function world(p: number, def: ModelDef, fabric: FabricOptions, flopsPerS: number, memoryBytes: number, rateBps: number, model: tf.LayersModel | null = null, data: JobData | null = null): World {
  const layout: DcLayout = buildTopology({ name: 'star', count: p, rateBps, delayS: 1e-6 }, 'dc.');
  const w = dcWorld(layout.links, { ...fabric, switches: layout.switches, flopsPerS, memoryBytes });
  return { sim: w.sim, env: { ctx: w.ctx, fabric: w.fabric, layout, dc: 'dc', rng: new RandomStreams(11), def, model, data, reduceFlopsPerValue: 0 } };
}

function job(env: JobEnv, over: Record<string, unknown>, base: Partial<ResolvedDcJobBase> = {}): ResolvedDataParallelJob {
  const b: ResolvedDcJobBase = {
    name: 'dp',
    model: env.def.name,
    steps: 1,
    batch: 50,
    learningRate: 0.1,
    mode: 'timing',
    dataset: { name: 'gaussian-mixture', samples: 1000, classes: 10, dim: 784, testFraction: 0.2 },
    evaluateEvery: 1,
    servers: env.layout.servers,
    optimizerStateFactor: 1,
    memoryFraction: 1,
    ...base,
  };
  return dataParallelJob.resolve({ kind: 'data-parallel', collective: { name: 'ring' }, ...over }, b);
}

function run(w: World, j: ResolvedDataParallelJob, hooks = {}): { result: DpRunResult; steps: DcStepRecord[] } {
  const steps: DcStepRecord[] = [];
  const proc = w.sim.process(runDataParallel(w.env, j, (r) => steps.push(r), hooks));
  w.sim.run();
  if (!proc.ok) throw proc.error;
  return { result: proc.value as DpRunResult, steps };
}

const near = (t: { true(v: boolean, m?: string): void }, a: number, b: number, rel = 1e-9): void => t.true(Math.abs(a - b) <= rel * Math.abs(b), `${a} vs ${b}`);

test('(a) real, 4 servers, 2NN: two steps equal SGD on the union batch (one computeGradient each), ranks reduce to the same gradient, no tensors leak', (t) => {
  const def = models.get('2nn')();
  const model = def.build();
  const rng = new RandomStreams(5);
  const train: Dataset = gaussianMixture(40, 10, 784, rng.stream('train'));
  const testSet: Dataset = gaussianMixture(20, 10, 784, rng.stream('test'));
  const w = world(4, def, { routing: 'ecmp', segmentBytes: 262_144, messageOverheadS: 0 }, 1e10, 1e9, 10e9, model, { train, test: testSet });
  // Equal memories: shards of 40/4 = 10 examples and B = 40 gives b_i = 10 = the whole shard, so
  // each step's union batch is the whole training set (every shard is one pass).
  const j = job(w.env, {}, { mode: 'real', batch: 40, steps: 2, learningRate: 0.1, evaluateEvery: 2 });
  const w0 = initialWeights(model, new RandomStreams(11).stream('datacenter/dc/dp/init'));
  const ref1 = gradientStep(w0, computeGradient(def, model, train, w0).gradient, 0.1);
  const ref2 = gradientStep(ref1, computeGradient(def, model, train, ref1).gradient, 0.1);
  const before = tf.memory().numTensors;
  let checked = 0;
  const { result, steps } = run(w, j, {
    afterReduce: (_step: number, g: readonly Float32Array[]) => {
      for (const other of g.slice(1)) t.deepEqual(other, g[0]);
      checked++;
    },
  });
  t.is(tf.memory().numTensors, before);
  t.is(checked, 2);
  t.is(result.outcome, 'done');
  let worst = 0;
  for (let i = 0; i < ref2.length; i++) worst = Math.max(worst, Math.abs(result.weights![i]! - ref2[i]!));
  t.true(worst < 1e-5, `max |w − w_ref| = ${worst}`);
  t.true(steps[0]!.loss! > 0 && steps[1]!.accuracy !== null && steps[0]!.accuracy === null);
  t.is(result.finalAccuracy, steps[1]!.accuracy);
  t.deepEqual(result.nodes.map((n) => n.samples), [10, 10, 10, 10]);
  model.dispose();
});

test('(b) timing, star of 5, ring all-reduce with segments: step = (fwd + bwd)·b/F + 2(p−1)α + 2(p−1)/p·nβ + 2q/F', (t) => {
  const def = models.get('2nn')();
  // s = 19 921 B divides the ring's chunk 4·199 210/5 = 159 368 B (8 segments), so §2.3 is exact:
  // α = o + 2d + s/B = 5 + 2 + 159.368 = 166.368 µs, β = 8 ns/B; n = 796 840 B.
  // Ring: 8α + 1.6·796 840·8 ns = 1330.944 + 10 199.552 = 11 530.496 µs.
  const w = world(5, def, { routing: 'ecmp', segmentBytes: 19_921, messageOverheadS: 5e-6 }, 1e10, 1e9, 1e9);
  const { result, steps } = run(w, job(w.env, { allocation: 'equal' }));
  const ring = 11_530.496 * US;
  const expected = 398.01 * US + 796.02 * US + ring + 39.842 * US; // 12 764.368 µs
  t.is(steps.length, 1);
  near(t, steps[0]!.stepS, expected);
  near(t, steps[0]!.commExposedS, ring);
  near(t, steps[0]!.computeMaxS, 1233.872 * US);
  near(t, steps[0]!.computeMinS, 1233.872 * US);
  t.true(steps[0]!.idleMeanS < 1e-12);
  t.is(steps[0]!.loss, null);
  t.is(result.weights, null);
  for (const n of result.nodes) {
    t.is(n.role, 'worker');
    near(t, n.computeBusyS, 1233.872 * US);
    near(t, n.idleS, ring);
  }
});

test('(c) fusion, two buckets: T = fwd + bwd + max(0, AR₁ − bwd(dense1)) + AR₂ + update', (t) => {
  const def = models.get('2nn')();
  // Buckets (bucketBytes 100 000), backprop order: dense3 (2010 params, 8040 B < 100 000, stays
  // open), + dense2 (40 200) = 42 210 params = 168 840 B ≥ 100 000: bucket 1 closes after dense2;
  // dense1 (157 000 params) is the last layer: bucket 2.
  // Whole messages (segmentBytes null) over 2 hops: one message of m bytes takes o + 2d + 2·8m ns.
  // AR₁: chunks 42 210/5 = 8442 values = 33 768 B: 8 steps of 7 + 540.288 µs = 4378.304 µs.
  // AR₂: chunks 31 400 values = 125 600 B: 8 × (7 + 2009.6) = 16 132.8 µs.
  // AR₁ starts when dense2's backward ends and outlasts dense1's backward (627.6 µs) by 3750.704 µs.
  const w = world(5, def, { routing: 'ecmp', segmentBytes: null, messageOverheadS: 5e-6 }, 1e10, 1e9, 1e9);
  const { steps } = run(w, job(w.env, { allocation: 'equal', fusion: { bucketBytes: 100_000 } }));
  const exposed = 4378.304 - 627.6 + 16_132.8;
  near(t, steps[0]!.stepS, (398.01 + 796.02 + exposed + 39.842) * US); // 21 117.376 µs
  near(t, steps[0]!.commExposedS, exposed * US);
  // Without fusion the one all-reduce of n = 796 840 B (chunks 159 368 B) starts after backprop:
  // 8 × (7 + 2549.888) µs = 20 455.104 µs: fusion saves 20 455.104 − 19 883.504 = 571.6 µs.
  const w2 = world(5, def, { routing: 'ecmp', segmentBytes: null, messageOverheadS: 5e-6 }, 1e10, 1e9, 1e9);
  const plain = run(w2, job(w2.env, { allocation: 'equal' })).steps[0]!;
  near(t, plain.stepS, (398.01 + 796.02 + 20_455.104 + 39.842) * US);
});

test('(d) validation: a replica that does not fit names the node and both sizes; the collective is checked on the job racks', (t) => {
  const def = models.get('2nn')();
  const w = world(4, def, { routing: 'ecmp', segmentBytes: 262_144, messageOverheadS: 0 }, 1e10, 1e9, 1e9);
  // A 2NN replica with one optimizer state at b = 8 (B = 32 equally): 4·199 210·3 + 4·8·(784 + 200 + 200 + 10)
  // = 2 390 520 + 38 208 = 2 428 728 B = 2.43 MB; dc.s2 offers 0.5 × 4 MB = 2 MB.
  const servers: ServerInfo[] = w.env.layout.servers.map((id) => ({ id, flopsPerS: 1e10, memoryBytes: id === 'dc.s2' ? 2e6 : 5e8 }));
  const j = job(w.env, { allocation: 'equal' }, { batch: 32, memoryFraction: 0.5 });
  const env = { dc: 'dc', layout: w.env.layout, fabric: { routing: 'ecmp' as const, segmentBytes: 262_144, messageOverheadS: 0 }, def, servers, trainExamples: 800, transferS: () => 0, occupancyS: () => 0, seed: 1 };
  t.deepEqual(dataParallelJob.check(j, env), ["servers: a replica of '2nn' needs 2.43 MB (weights, gradients, 1 optimizer state, activations of 8 examples) but 'dc.s2' offers 2 MB (memoryFraction 0.5 of 4 MB)"]);
  const ok = servers.map((s) => ({ ...s, memoryBytes: 5e8 }));
  t.deepEqual(dataParallelJob.check(j, { ...env, servers: ok }), []);
  // rs-ar-ag needs equal racks: the star's one rack restricted to 3 of its servers is fine; explicit unequal racks are not.
  const hier = job(w.env, { collective: { name: 'hierarchical', racks: [['dc.s0', 'dc.s1'], ['dc.s2']] } }, { servers: ['dc.s0', 'dc.s1', 'dc.s2'] });
  const issues = dataParallelJob.check(hier, { ...env, servers: ok.slice(0, 3) });
  t.is(issues.length, 1);
  t.regex(issues[0]!, /^collective: /);
  t.is(dataParallelJob.scheme(hier), 'hierarchical (rs-ar-ag, inter ring)');
  t.is(dataParallelJob.scheme(j), 'ring');
  t.true(dcJobKinds.has('data-parallel'));
  t.is(j.bytesPerExample, 3140);
  t.is(j.fusion, null);
});

test('(e) heterogeneous FLOP/s: compute allocation balances the step, equal allocation leaves the fast server idle (hand-computed)', (t) => {
  const def = models.get('2nn')();
  // p = 2, F = [1e10, 3e10] (set below), B = 40, whole messages, o = 5 µs: a ring of 2 is one RS
  // and one AG step of q/2 = 99 605 values = 398 420 B: 2 × (7 + 2·3187.36) = 12 763.44 µs.
  const ar = 2 * (7 + 2 * 3187.36) * US;
  const runWith = (allocation: string): DcStepRecord => {
    const w = world(2, def, { routing: 'ecmp', segmentBytes: null, messageOverheadS: 5e-6 }, 1e10, 1e9, 1e9);
    // the second server 3× faster: swap its node for one at 3e10 FLOP/s
    const fast = new SimNode(w.sim, { id: 'dc.s1', kind: 'server', cpu: { cores: 1, freqHz: 3e10, flopsPerCycle: 1, kappa: 1e-28 }, mobility: new StaticMobility({ x: 0, y: 0, z: 0 }), idleW: 0, batteryJ: null });
    const base = w.env.ctx;
    w.env = { ...w.env, ctx: { ...base, sim: base.sim, topology: base.topology, node: (id) => (id === 'dc.s1' ? fast : base.node(id)), memoryBytes: base.memoryBytes } };
    return run(w, job(w.env, { allocation }, { batch: 40 })).steps[0]!;
  };
  // compute: b = [10, 30]; both spend 3·398 010·10/1e10 = 1194.03 µs in forward + backward.
  const c = runWith('compute');
  near(t, c.stepS, (1194.03 + 39.842) * US + ar, 1e-6);
  near(t, c.commExposedS, ar, 1e-6);
  // equal: b = [20, 20]; s0 takes 2388.06 µs, s1 796.02 µs then waits in the ring for s0.
  // Step = 2388.06 + AR + 39.842 (s0's update); s1 computes 796.02 + 13.2807 µs (2q/3e10), so it
  // idles 2388.06 + 39.842 − 809.3007 = 1618.6013 µs; s0 never: mean 809.30067 µs.
  const e = runWith('equal');
  near(t, e.stepS, (2388.06 + 39.842) * US + ar, 1e-6);
  near(t, e.idleMeanS, 809.30067 * US, 1e-6);
  // Under compute only the update differs: s1 idles 39.842 − 13.2807 = 26.5613 µs, mean 13.28067 µs.
  near(t, c.idleMeanS, 13.28067 * US, 1e-5);
  t.true(c.idleMeanS < e.idleMeanS / 50);
});

test('(f) a server that fails mid-step ends the job with outcome failed', (t) => {
  const def = models.get('2nn')();
  const w = world(3, def, { routing: 'ecmp', segmentBytes: null, messageOverheadS: 0 }, 1e10, 1e9, 1e9);
  w.sim.at(100 * US, () => w.env.ctx.node('dc.s1').fail('failure')); // during the forward pass (398 µs at b = 10)
  const { result, steps } = run(w, job(w.env, { allocation: 'equal' }, { batch: 30, steps: 3 }));
  t.is(result.outcome, 'failed');
  t.regex(result.error!, /dc\.s1/);
  t.is(steps.length, 0);
  t.is(result.nodes.length, 3);
});

test('(g) timing mode reproduces the real timeline exactly (γ on, fusion, memory allocation)', (t) => {
  const def = models.get('2nn')();
  const model = def.build();
  const rng = new RandomStreams(6);
  const data = { train: gaussianMixture(60, 10, 784, rng.stream('train')), test: gaussianMixture(10, 10, 784, rng.stream('test')) };
  const mk = (real: boolean): DcStepRecord[] => {
    const w = world(3, def, { routing: 'ecmp', segmentBytes: 65_536, messageOverheadS: 2e-6 }, 1e10, 1e9, 1e9, real ? model : null, real ? data : null);
    w.env.reduceFlopsPerValue = 1;
    const dataset = { name: 'gaussian-mixture' as const, samples: 75, classes: 10, dim: 784, testFraction: 0.2 }; // 60 train examples, as `data`
    return run(w, job(w.env, { fusion: { bucketBytes: 100_000 } }, { mode: real ? 'real' : 'timing', batch: 24, steps: 3, dataset })).steps;
  };
  const strip = (r: DcStepRecord): Omit<DcStepRecord, 'loss' | 'accuracy'> => {
    const { loss: _l, accuracy: _a, ...rest } = r;
    return rest;
  };
  const real = mk(true);
  t.deepEqual(mk(false).map(strip), real.map(strip));
  t.true(real.every((r) => r.loss !== null));
  model.dispose();
});
