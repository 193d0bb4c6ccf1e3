/**
 * The tensor-parallel runner against design §8.4's closed form, timing mode: w = 4 equal servers
 * n0…n3 on a star (switch sw; duplex links of R = 1 Gbit/s, d = 1 µs; whole messages, so a ring
 * step between neighbours takes T(n) = 2(d + 8n/R) over two uncontended hops), equal shares f = 1/4,
 * F = 1 GFLOP/s, γ = 1 FLOP per reduced value, B = 16, and a hand-built model:
 *   d1 dense 256→256 (q 65 792, fwd 131 328, out 256); r parameterless (fwd 256, out 256);
 *   d2 dense 256→64 (q 16 448, fwd 32 832, out 64).
 * Per step, forward: per parametered layer f·fwd_l·B/F then a ring all-gather of out_l·B fp32
 * values, (w−1)·T(out_l·B·4/w); a parameterless layer fwd_l·B/F on every node. Backward: 2f·fwd_l·B/F,
 * then (for l > 0) a ring all-reduce of the input gradient in_l·B values: 2(w−1)·T(in_l·B·4/w)
 * plus (w−1) reductions of in_l·B/w values at γ/F. Update 2f·q/F.
 */
import test from 'ava';
import { Simulator } from '../../src/engine/simulator.js';
import { RandomStreams } from '../../src/engine/random.js';
import { FixedRateLink } from '../../src/net/link.js';
import type { Link } from '../../src/net/transfer.js';
import type { Topology } from '../../src/net/routes.js';
import { SimNode } from '../../src/node/node.js';
import { StaticMobility } from '../../src/mobility/simple.js';
import { DcFabric } from '../../src/datacenter/fabric.js';
import { models, initialWeights, type ModelDef } from '../../src/learning/models.js';
import { computeGradient, evaluate } from '../../src/learning/train.js';
import { gradientStep } from '../../src/learning/aggregate.js';
import { subset, type Dataset } from '../../src/learning/dataset.js';
import type { JobEnv, JobOutcome, DcStepRecord } from '../../src/datacenter/job.js';
import type { ResolvedTensorJob } from '../../src/datacenter/spec.js';
import type { Placement } from '../../src/datacenter/partition/types.js';
import { runTensor, shareBounds } from '../../src/datacenter/partition/tensor.js';

const F = 1e9;
const def: ModelDef = {
  name: 'mini',
  inputShape: [256],
  classes: 64,
  layers: [
    { name: 'd1', params: 65_792, forwardFlops: 131_328, outputSize: 256 },
    { name: 'r', params: 0, forwardFlops: 256, outputSize: 256 },
    { name: 'd2', params: 16_448, forwardFlops: 32_832, outputSize: 64 },
  ],
  convolutional: false,
  l2: 0,
  build: () => {
    throw new Error('timing mode only');
  },
};

function star(ids: readonly string[], shares: readonly number[], model: ModelDef = def, real: { tfModel: JobEnv['model']; data: JobEnv['data'] } | null = null): { out: JobOutcome; records: DcStepRecord[] } {
  const sim = new Simulator();
  const nodes = new Map(ids.map((id) => [id, new SimNode(sim, { id, kind: 'server', cpu: { cores: 1, freqHz: F, flopsPerCycle: 1, kappa: 1e-28 }, mobility: new StaticMobility({ x: 0, y: 0, z: 0 }), idleW: 0, batteryJ: null })]));
  const links: Link[] = [];
  for (const id of ids)
    for (const [a, b] of [
      [id, 'sw'],
      ['sw', id],
    ] as const)
      links.push(new FixedRateLink(sim, { id: `${a}->${b}`, from: a, to: b, rateBps: 1e9, delayS: 1e-6 }));
  const topology: Topology = { links, linksByEnds: new Map(links.map((l) => [`${l.from}->${l.to}`, l])), servingEdge: () => undefined, downlink: () => { throw new Error('no wireless'); } };
  const fabric = new DcFabric(sim, topology, [...ids, 'sw'], { routing: 'ecmp', segmentBytes: null, messageOverheadS: 0 });
  const env: JobEnv = {
    ctx: { sim, topology, node: (id) => nodes.get(id)!, memoryBytes: () => 1e12 },
    fabric,
    layout: { nodes: [], links: [], servers: [...ids], switches: ['sw'], racks: [[...ids]], top: 'sw' },
    dc: 'dc',
    rng: new RandomStreams(1),
    def: model,
    model: real?.tfModel ?? null,
    data: real?.data ?? null,
    reduceFlopsPerValue: 1,
  };
  const job: ResolvedTensorJob = { kind: 'tensor', name: 't', model: model.name, steps: 2, batch: 16, learningRate: 0.05, mode: real === null ? 'timing' : 'real', dataset: { name: 'mnist', testFraction: 0.2 }, evaluateEvery: 2, servers: [...ids], optimizerStateFactor: 1, memoryFraction: 1, width: ids.length, placement: { name: 'fixed' } };
  const placement: Placement = { pieces: ids.map((node, i) => ({ index: i, node, layers: [0, model.layers.length], share: shares[i]! })), predictedStepS: 0, memoryBytes: new Map() };
  const records: DcStepRecord[] = [];
  const proc = sim.process(runTensor(env, job, placement, (r) => records.push(r)));
  sim.run();
  return { out: proc.value as JobOutcome, records };
}

const near = (a: number, b: number): boolean => Math.abs(a - b) <= 50e-9; // the clock's nanoseconds

test('equal shares on a star: step time = §8.4 closed form, by hand', (t) => {
  const { out, records } = star(['n0', 'n1', 'n2', 'n3'], [0.25, 0.25, 0.25, 0.25]);
  t.is(out.outcome, 'done');
  const T = (bytes: number): number => 2 * (1e-6 + (8 * bytes) / 1e9);
  t.true(near(T(4096), 6.7536e-5) && near(T(1024), 1.8384e-5));
  const forwardS = 5.25312e-4 + 3 * T(4096) + 4.096e-6 + 1.31328e-4 + 3 * T(1024); // d1, its all-gather, r, d2, its all-gather
  const backwardS = 2.62656e-4 + 6 * T(4096) + 3 * 1.024e-6 + 8.192e-6 + 1.050624e-3; // d2, all-reduce of r's output gradient (+ γ), r, d1
  const updateS = 4.112e-5;
  t.true(near(forwardS + backwardS + updateS, 2.689376e-3));
  for (const r of records) {
    t.true(near(r.stepS, 2.689376e-3), `${r.stepS}`);
    t.true(near(r.computeMaxS, 2.0264e-3) && near(r.computeMinS, 2.0264e-3), `${r.computeMaxS}`);
    t.true(near(r.commExposedS, 6.62976e-4));
    t.is(r.bubbleMeanS, null);
  }
  t.true(near(records[1]!.startS, records[0]!.endS));
  t.deepEqual(out.nodes.map((n) => n.role), ['slice 0.25', 'slice 0.25', 'slice 0.25', 'slice 0.25']);
});

test('one server: no collectives, the whole model’s training FLOPs', (t) => {
  const { records } = star(['n0'], [1]);
  // 3 × Σ fwd·B + 2q: 3 × (131 328 + 256 + 32 832) × 16 + 2 × 82 240 = 8 056 448 FLOPs
  t.true(near(records[0]!.stepS, 8_056_448 / F));
});

test('all-gather chunks ∝ shares, rank r starting with chunk (r+1) mod p', (t) => {
  // rank 2 (¼) owns chunk 0, rank 0 (½) chunk 1, rank 1 (¼) chunk 2
  t.deepEqual(shareBounds(8, [0.5, 0.25, 0.25]), [0, 2, 6, 8]);
  t.deepEqual(shareBounds(12, [1, 1, 1, 1]), [0, 3, 6, 9, 12]);
});

test('real mode (2nn, w = 2, 2 steps): losses and accuracy are whole-batch SGD’s from the same start and batches', (t) => {
  const d = models.get('2nn')();
  const tfModel = d.build();
  const rng = new RandomStreams(9).stream('data');
  const make = (n: number): Dataset => {
    const x = new Float32Array(n * 784);
    for (let i = 0; i < x.length; i++) x[i] = rng.uniform(0, 1);
    return { x, y: Float32Array.from({ length: n }, (_, i) => (3 * i) % 10), n, dim: 784, classes: 10 };
  };
  const data = { train: make(40), test: make(20) };
  const { out, records } = star(['n0', 'n1'], [0.5, 0.5], d, { tfModel, data });
  t.is(out.outcome, 'done');
  const streams = new RandomStreams(1);
  let w = initialWeights(tfModel, streams.stream('datacenter/dc/t/init'));
  const order = streams.stream('datacenter/dc/t/batches').shuffle(Array.from({ length: 40 }, (_, i) => i));
  for (let step = 0; step < 2; step++) {
    const g = computeGradient(d, tfModel, subset(data.train, order.slice(16 * step, 16 * step + 16)), w);
    t.is(records[step]!.loss, g.loss);
    w = gradientStep(w, g.gradient, 0.05);
  }
  t.is(out.finalAccuracy, evaluate(d, tfModel, data.test, w).accuracy);
  tfModel.dispose();
});
