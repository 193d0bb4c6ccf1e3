/**
 * The placement predictor (src/datacenter/partition/estimate.ts) against hand-computed cases,
 * against an independent flow-shop recursion (with jobs j = 1..M all ready at time 0 and machines
 * k = 1..K in tandem, job j leaves machine k at C[j][k] = max(C[j−1][k], C[j][k−1]) + p_k), and
 * against the runners (pipeline.ts, tensor.ts) on the real fabric.
 */
import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import { RandomStream } from '../../src/engine/random.js';
import type { LayerProfile, ModelDef } from '../../src/learning/models.js';
import type { ServerInfo } from '../../src/datacenter/job.js';
import type { Piece, PlacementProblem } from '../../src/datacenter/partition/types.js';
import { inFlight, piecesMemory, pipelineStepS, tensorStepS } from '../../src/datacenter/partition/estimate.js';
import { Simulator } from '../../src/engine/simulator.js';
import { RandomStreams } from '../../src/engine/random.js';
import { FixedRateLink } from '../../src/net/link.js';
import type { Link } from '../../src/net/transfer.js';
import type { Topology } from '../../src/net/routes.js';
import { SimNode } from '../../src/node/node.js';
import { StaticMobility } from '../../src/mobility/simple.js';
import { DcFabric } from '../../src/datacenter/fabric.js';
import type { DcStepRecord, JobEnv } from '../../src/datacenter/job.js';
import type { ResolvedPipelineJob, ResolvedTensorJob } from '../../src/datacenter/spec.js';
import { runPipeline } from '../../src/datacenter/partition/pipeline.js';
import { runTensor } from '../../src/datacenter/partition/tensor.js';
import { placementProblem, fabricTransferS, fabricOccupancyS } from '../../src/datacenter/partition/jobs.js';
import { placements } from '../../src/datacenter/partition/placement.js';
import { finish } from '../../src/datacenter/partition/candidates.js';

/** A hand-built model: input of `inputs` values, layers as given. */
function toyModel(inputs: number, layers: LayerProfile[]): ModelDef {
  return { name: 'toy', inputShape: [inputs], classes: 2, layers, convolutional: false, l2: 0, build: () => tf.sequential() };
}

const layer = (name: string, params: number, forwardFlops: number, outputSize: number): LayerProfile => ({ name, params, forwardFlops, outputSize });

function problemOf(def: ModelDef, servers: ServerInfo[], over: Partial<PlacementProblem>): PlacementProblem {
  return {
    def,
    kind: 'pipeline',
    pieces: 2,
    servers,
    batch: 1,
    microbatches: 1,
    schedule: 'gpipe',
    activationBytesPerValue: 4,
    optimizerStateFactor: 0,
    transferS: () => 0,
    allGatherS: () => 0,
    ...over,
  };
}

const stage = (index: number, node: string, first: number, end: number): Piece => ({ index, node, layers: [first, end], share: 1 });

test('pipeline: two heterogeneous stages, asymmetric transfers, M = 3 (by hand)', (t) => {
  const def = toyModel(3, [layer('a', 5, 100, 10), layer('b', 7, 300, 4), layer('c', 1, 50, 2)]);
  const servers = [
    { id: 'a', flopsPerS: 400, memoryBytes: 1e9 },
    { id: 'b', flopsPerS: 100, memoryBytes: 1e9 },
  ];
  // a→b: 0.5 s + bytes/64; b→a: 0.25 s + bytes/32
  const transferS = (from: string, to: string, bytes: number): number => (from === 'a' && to === 'b' ? 0.5 + bytes / 64 : 0.25 + bytes / 32);
  const problem = problemOf(def, servers, { batch: 6, microbatches: 3, transferS });
  // mb = 2. Stage 0 = layers a, b on 'a': 400·2/400 = 2 s; stage 1 = c on 'b': 50·2/100 = 1 s.
  // Boundary: out_b = 4 values · 2 · 4 B = 32 B: forward 0.5 + 0.5 = 1 s, backward 0.25 + 1 = 1.25 s.
  // Forward machines 2, 1, 1: 4 + 2·2 = 8. Backward (stage 1 first) 2, 1.25, 4: 7.25 + 2·4 = 15.25.
  // Updates: stage 1 (2·1/100 = 0.02) after its last backward at 3·2 = 6 → 6.02; stage 0
  // (2·12/400 = 0.06) at 15.25 → 15.31. Total 8 + 15.31 = 23.31.
  t.true(Math.abs(pipelineStepS(problem, [stage(0, 'a', 0, 2), stage(1, 'b', 2, 3)]) - 23.31) < 1e-12);
});

/** When the last of M identical jobs leaves each machine (times p in tandem; the recursion, not the closed form). */
function flowShopDoneS(p: readonly number[], jobs: number): number[] {
  const done = new Array<number>(p.length).fill(0);
  for (let j = 0; j < jobs; j++) {
    let prev = 0;
    for (let k = 0; k < p.length; k++) {
      done[k] = Math.max(done[k]!, prev) + p[k]!;
      prev = done[k]!;
    }
  }
  return done;
}

test('pipeline: equals the flow-shop recursion, forward then backward, each stage updating after its last backward, for random heterogeneous cases', (t) => {
  const rng = new RandomStream('estimate-test', '7/0/estimate-test');
  for (let trial = 0; trial < 50; trial++) {
    const L = rng.integer(2, 6);
    const layers = Array.from({ length: L }, (_, l) => layer(`l${l}`, rng.integer(0, 50), rng.integer(1, 500), rng.integer(1, 40)));
    const def = toyModel(5, layers);
    const S = rng.integer(1, L);
    const servers = Array.from({ length: S }, (_, i) => ({ id: `s${i}`, flopsPerS: rng.uniform(50, 500), memoryBytes: 1e12 }));
    const alpha = servers.map(() => servers.map(() => rng.uniform(0, 0.5)));
    const beta = servers.map(() => servers.map(() => rng.uniform(0, 0.01)));
    const idx = (id: string): number => Number(id.slice(1));
    const transferS = (f: string, to: string, bytes: number): number => alpha[idx(f)]![idx(to)]! + bytes * beta[idx(f)]![idx(to)]!;
    const M = rng.integer(1, 5);
    const batch = M * rng.integer(1, 3);
    const problem = problemOf(def, servers, { pieces: S, batch, microbatches: M, transferS });
    const cuts = [0, ...rng.shuffle(Array.from({ length: L - 1 }, (_, i) => i + 1)).slice(0, S - 1).sort((x, y) => x - y), L];
    const pieces = servers.map((s, i) => stage(i, s.id, cuts[i]!, cuts[i + 1]!));
    const mb = batch / M;
    const fwd: number[] = [];
    const bwd: number[] = []; // machines from stage S − 1 down to stage 0
    const updateS: number[] = [];
    for (let s = 0; s < S; s++) {
      let flops = 0;
      let q = 0;
      for (let l = cuts[s]!; l < cuts[s + 1]!; l++) {
        flops += layers[l]!.forwardFlops;
        q += layers[l]!.params;
      }
      fwd.push((flops * mb) / servers[s]!.flopsPerS);
      bwd.unshift((2 * flops * mb) / servers[s]!.flopsPerS);
      updateS.push((2 * q) / servers[s]!.flopsPerS);
      if (s < S - 1) {
        const bytes = layers[cuts[s + 1]! - 1]!.outputSize * mb * 4;
        fwd.push(transferS(servers[s]!.id, servers[s + 1]!.id, bytes));
        bwd.unshift(transferS(servers[s + 1]!.id, servers[s]!.id, bytes));
      }
    }
    // backward starts when the forward shop ends; stage s (machine 2(S − 1 − s)) updates after its last backward
    const fwdEndS = flowShopDoneS(fwd, M)[fwd.length - 1]!;
    const bwdDone = flowShopDoneS(bwd, M);
    const expected = fwdEndS + Math.max(...updateS.map((u, s) => bwdDone[2 * (S - 1 - s)]! + u));
    const got = pipelineStepS(problem, pieces);
    t.true(Math.abs(got - expected) <= 1e-9 * expected, `trial ${trial}: ${got} vs ${expected}`);
  }
});

test('pipeline: equal stages, no transfer cost: (M + S − 1)(t_f + t_b) + update (GPipe bubble)', (t) => {
  const def = toyModel(4, [layer('a', 0, 100, 4), layer('b', 0, 100, 4), layer('c', 0, 100, 4), layer('d', 0, 100, 4)]);
  const servers = ['p', 'q', 'r', 's'].map((id) => ({ id, flopsPerS: 100, memoryBytes: 1e9 }));
  for (const M of [1, 2, 5]) {
    const problem = problemOf(def, servers, { pieces: 4, batch: M, microbatches: M, schedule: '1f1b' });
    // t_f = 1 s, t_b = 2 s, no parameters
    t.is(pipelineStepS(problem, servers.map((s, i) => stage(i, s.id, i, i + 1))), (M + 3) * 3);
  }
});

test('tensor: two unequal slices on unequal servers (by hand)', (t) => {
  const def = toyModel(3, [layer('d0', 10, 40, 4), layer('pool', 0, 8, 4), layer('d1', 6, 20, 2)]);
  const servers = [
    { id: 'a', flopsPerS: 10, memoryBytes: 1e9 },
    { id: 'b', flopsPerS: 30, memoryBytes: 1e9 },
  ];
  const problem = problemOf(def, servers, { kind: 'tensor', batch: 2, allGatherS: (_n, bytes) => 1 + bytes / 8 });
  const pieces: Piece[] = [
    { index: 0, node: 'a', layers: [0, 3], share: 0.25 },
    { index: 1, node: 'b', layers: [0, 3], share: 0.75 },
  ];
  // mb = 2. All-gathers move chunks ∝ shares, charged as w = 2 chunks of the largest (0.75): 1.5× the bytes.
  // d0: compute max(0.25·40·2/10, 0.75·40·2/30) = 2; AG of out 4·2·4 = 32 B → 48 B: 1 + 6 = 7;
  //     backward 4 (the input needs no gradient: no all-reduce).
  // pool (whole on each): max(16/10, 16/30) = 1.6 forward, 3.2 backward.
  // d1: max(0.25·20·2/10, 0.75·40/30) = 1; AG of 16 B → 24 B: 4; backward 2 + 2·AG(32 B, equal chunks: 5) = 12.
  // Forward 9 + 1.6 + 5 = 15.6; backward 4 + 3.2 + 12 = 19.2; update max(2·0.25·16/10, 2·0.75·16/30) = 0.8.
  t.true(Math.abs(tensorStepS(problem, pieces) - 35.6) < 1e-12);
});

test('memory: GPipe stashes M micro-batches per stage, 1F1B min(S − s, M)', (t) => {
  const def = toyModel(3, [layer('a', 5, 1, 10), layer('b', 7, 1, 4), layer('c', 1, 1, 2)]);
  const servers = ['x', 'y', 'z'].map((id) => ({ id, flopsPerS: 1, memoryBytes: 1e9 }));
  const pieces = servers.map((s, i) => stage(i, s.id, i, i + 1));
  const oneF = problemOf(def, servers, { pieces: 3, batch: 4, microbatches: 2, schedule: '1f1b' });
  t.deepEqual([0, 1, 2].map((s) => inFlight(oneF, s)), [2, 2, 1]);
  // mb = 2, SGD. Stage 0: 4·5·2 + 4·2·2·(3 + 10) = 248. Stage 2 (1F1B, 1 in flight): 4·1·2 + 4·2·1·(4 + 2) = 56.
  const m1 = piecesMemory(oneF, pieces);
  t.is(m1.get('x'), 248);
  t.is(m1.get('z'), 56);
  // GPipe: stage 2 holds both micro-batches: 8 + 4·2·2·6 = 104.
  t.is(piecesMemory({ ...oneF, schedule: 'gpipe' }, pieces).get('z'), 104);
  // batch 5 in 2 micro-batches (3 + 2): memory is sized for the larger, 3 examples: 8 + 4·3·2·6 = 152
  t.is(piecesMemory({ ...oneF, schedule: 'gpipe', batch: 5 }, pieces).get('z'), 152);
});

test('pipeline: a slow last stage\'s update ends the step after stage 0\'s (by hand)', (t) => {
  // two one-layer stages, M = 2, mb = 1, no transfers: stage 0 fast with no parameters, stage 1 slow with many
  const def = toyModel(1, [layer('a', 0, 10, 1), layer('b', 500, 10, 1)]);
  const servers = [
    { id: 'a', flopsPerS: 10, memoryBytes: 1e9 },
    { id: 'b', flopsPerS: 10, memoryBytes: 1e9 },
  ];
  const problem = problemOf(def, servers, { batch: 2, microbatches: 2 });
  // forward: 1, 0, 1 → 2 + 1 = 3. Backward (b first): 2, 0, 2: b done at 2·2 = 4, update 2·500/10 = 100 → 104;
  // a done at 4 + 2 = 6, update 0 → 6. Step 3 + 104 = 107 (a flat "+ max update" would give 3 + 6 + 100 = 109).
  t.is(pipelineStepS(problem, [stage(0, 'a', 0, 1), stage(1, 'b', 1, 2)]), 107);
});

// ---- the predictor against the runners: timing mode, real DcFabric, whole messages, no delay or overhead ----
const RF = 1_050_624_000;
const dense = (name: string, k = 1): LayerProfile => layer(name, k * 65_792, k * 131_328, 256);
const uneven = toyModel(256, [dense('d1'), { ...dense('d2', 3), outputSize: 512 }, dense('d3'), layer('d4', 100, 50_000, 64), dense('d5')]);
const IDS = ['n0', 'n1', 'n2', 'n3', 'n4'];
const FLOPS = [RF, 2 * RF, 0.5 * RF, 3 * RF, 1.5 * RF];
const SERVERS = IDS.map((id, i) => ({ id, flopsPerS: FLOPS[i]!, memoryBytes: 1e12 }));

/** A line n0 – n1 – … – n4 (direct duplex links) or a star around 'sw', of `rateBps`; servers of FLOPS. */
function world(shape: 'line' | 'star', rateBps: number): { sim: Simulator; env: JobEnv } {
  const sim = new Simulator();
  const nodes = new Map(IDS.map((id, i) => [id, new SimNode(sim, { id, kind: 'server', cpu: { cores: 1, freqHz: FLOPS[i]!, flopsPerCycle: 1, kappa: 1e-28 }, mobility: new StaticMobility({ x: 0, y: 0, z: 0 }), idleW: 0, batteryJ: null })]));
  const pairs: [string, string][] = shape === 'line' ? IDS.slice(1).map((id, i) => [IDS[i]!, id]) : IDS.map((id) => [id, 'sw']);
  const links: Link[] = pairs.flatMap(([a, b]) => [new FixedRateLink(sim, { id: `${a}->${b}`, from: a, to: b, rateBps, delayS: 0 }), new FixedRateLink(sim, { id: `${b}->${a}`, from: b, to: a, rateBps, delayS: 0 })]);
  const topology: Topology = { links, linksByEnds: new Map(links.map((l) => [`${l.from}->${l.to}`, l])), servingEdge: () => undefined, downlink: () => { throw new Error('no wireless'); } };
  const fabric = new DcFabric(sim, topology, shape === 'line' ? IDS : [...IDS, 'sw'], { routing: 'ecmp', segmentBytes: null, messageOverheadS: 0 });
  const layout = { nodes: [], links: [], servers: [...IDS], switches: shape === 'line' ? [] : ['sw'], racks: [[...IDS]], top: shape === 'line' ? null : 'sw' };
  return { sim, env: { ctx: { sim, topology, node: (id) => nodes.get(id)!, memoryBytes: () => 1e12 }, fabric, layout, dc: 'dc', rng: new RandomStreams(1), def: uneven, model: null, data: null, reduceFlopsPerValue: 0 } };
}

const jobBase = { name: 'j', model: 'uneven', steps: 1, learningRate: 0.05, mode: 'timing' as const, dataset: { name: 'mnist' as const, testFraction: 0.2 }, evaluateEvery: 1, optimizerStateFactor: 1, memoryFraction: 1 };

test('GPipe on a line, every placement, S = 2…4, M = 1…8: predicted = simulated unless two boundaries share a link (a route of several hops is several machines)', (t) => {
  let exact = 0;
  for (const placement of ['random', 'balanced', 'optimized'])
    for (const rate of [32_768_000, 1e9])
      for (const [S, M] of [[2, 4], [3, 1], [3, 4], [4, 8]] as const) {
        const { sim, env } = world('line', rate);
        const job = { ...jobBase, kind: 'pipeline', batch: 32, servers: [...IDS], stages: S, microbatches: M, schedule: 'gpipe', activationBits: 32, placement: { name: placement } } as ResolvedPipelineJob;
        const problem = placementProblem(job, uneven, SERVERS, fabricTransferS(env, { segmentBytes: null, messageOverheadS: 0 }), fabricOccupancyS(env));
        const entry = placements.get(placement);
        const pl = entry.place(problem, entry.resolve({ name: placement }), new RandomStream('x', `${S}/${M}/x`));
        const records: DcStepRecord[] = [];
        sim.process(runPipeline(env, job, pl, (r) => records.push(r)));
        sim.run();
        const simS = records[0]!.stepS;
        // boundaries whose routes share a link direction contend; otherwise every hop is its own machine of the flow shop
        // (GPipe's forward and backward phases do not overlap: each direction's routes are checked on their own)
        const shares = (routes: string[][]): boolean => new Set(routes.flat()).size < routes.flat().length;
        const forward = pl.pieces.slice(1).map((p, s) => env.fabric.route(pl.pieces[s]!.node, p.node).map((l) => l.id));
        const backward = pl.pieces.slice(1).map((p, s) => env.fabric.route(p.node, pl.pieces[s]!.node).map((l) => l.id));
        const contended = shares(forward) || shares(backward);
        const what = `${placement} ${rate} S ${S} M ${M}: simulated ${simS}, predicted ${pl.predictedStepS}`;
        if (!contended) {
          t.true(Math.abs(simS - pl.predictedStepS) <= 1e-6 * simS, what); // the clock's whole ns
          exact++;
        } else t.true(simS >= pl.predictedStepS * (1 - 1e-6), what); // contention only adds (seen: one case, 4% over the prediction)
      }
  t.true(exact >= 20, `${exact} of 24 exact`); // 23 of the 24 placements' boundaries share no link, multi-hop ones included
});

test('tensor on a star: predicted = simulated for equal shares, within 5% for shares 0.1…0.4', (t) => {
  for (const [shares, tolerance] of [[[0.25, 0.25, 0.25, 0.25], 1e-6], [[0.1, 0.2, 0.3, 0.4], 0.05]] as const) {
    const { sim, env } = world('star', 1e9);
    const ids = IDS.slice(0, 4);
    const job = { ...jobBase, kind: 'tensor', batch: 16, servers: [...ids], width: 4, placement: { name: 'balanced' } } as ResolvedTensorJob;
    const problem = placementProblem(job, uneven, SERVERS.slice(0, 4), fabricTransferS(env, { segmentBytes: null, messageOverheadS: 0 }));
    const pl = finish(problem, ids.map((node, i) => ({ index: i, node, layers: [0, uneven.layers.length], share: shares[i]! })));
    const records: DcStepRecord[] = [];
    sim.process(runTensor(env, job, pl, (r) => records.push(r)));
    sim.run();
    t.true(Math.abs(records[0]!.stepS / pl.predictedStepS - 1) <= tolerance, `${records[0]!.stepS} vs ${pl.predictedStepS}`); // seen: 0 and −3.1%
  }
});
