/**
 * The data-center tier (`src/datacenter/tier.ts`) on a real DcFabric: shardedAggregate is bitwise
 * equal to weightedMean and takes the hand-computed time (shards out, reductions, shards back on the
 * routes' α–β, with the contention at the gateway's ports); the scenario's `aggregateAt` does by
 * default what the protocols always did (weightedMean, then 2·q·K FLOPs on the node's CPU) and
 * hands over to a tier aggregator where one is given; HierFAVG with a tier at the cloud or at an
 * edge ends with the same weights bit for bit.
 */
import test from 'ava';
import { RandomStreams } from '../../src/engine/random.js';
import { weightedMean, type WeightedVector } from '../../src/learning/aggregate.js';
import { uncontendedTransferS } from '../../src/datacenter/alphaBeta.js';
import { dcTierAggregator, shardedAggregate, type DcTierRecord, type TierAggregator } from '../../src/datacenter/tier.js';
import { DcFabric } from '../../src/datacenter/fabric.js';
import type { DatacenterContext } from '../../src/datacenter/context.js';
import { trainingContext } from '../../src/scenario/trainingContext.js';
import { buildWorld, type World } from '../../src/scenario/world.js';
import { validateScenario } from '../../src/scenario/validate.js';
import type { ScenarioSpec } from '../../src/scenario/types.js';
import { Simulator } from '../../src/engine/simulator.js';
import { startTraining } from '../../src/training/start.js';
import { selectBackend } from '../../src/learning/backend.js';
import { models, parameterCount, trainingFlops } from '../../src/learning/models.js';
import type { FabricOptions } from '../../src/datacenter/types.js';
import { dcWorld, type DcWorld } from './world-fixture.js';

test.before(async () => {
  await selectBackend('cpu');
});

const SERVERS = ['s0', 's1', 's2'];

/** gateway g and servers s0–s2 on switch sw; every direction 1 MB/s (1 µs per byte) and 1 µs of delay; CPUs at 1e6 FLOP/s. */
function tierWorld(o: Partial<FabricOptions> = {}): DcWorld {
  return dcWorld(
    ['g', ...SERVERS].map((n) => ({ from: n, to: 'sw', rateBps: 8e6, delayS: 1e-6 })),
    { routing: 'ecmp', segmentBytes: null, messageOverheadS: 0, switches: ['sw'], flopsPerS: 1e6, ...o },
  );
}

function randomParts(seed: number, k: number, q: number): WeightedVector[] {
  const rng = new RandomStreams(seed, 0).stream('tier');
  return Array.from({ length: k }, () => ({ vector: Float32Array.from({ length: q }, () => rng.normal(0, 1)), weight: rng.integer(1, 500) }));
}

const bytesOf = (a: Float32Array): number[] => Array.from(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));

test('bitwise equal to weightedMean, for shards of unequal length and more servers than values', (t) => {
  for (const [seed, k, q, servers] of [
    [1, 5, 1001, SERVERS],
    [2, 1, 10, SERVERS],
    [3, 7, 2, SERVERS], // s2 gets no values and takes no part
    [4, 3, 64, ['s1']],
  ] as const) {
    const w = tierWorld({ segmentBytes: 256 });
    const parts = randomParts(seed, k, q);
    const p = w.sim.process(shardedAggregate(w.fabric, w.ctx, 'g', servers, parts, 'agg'));
    w.sim.run();
    t.true(p.ok);
    t.deepEqual(bytesOf(p.value as Float32Array), bytesOf(weightedMean(parts)), `seed ${seed}`);
    if (q < servers.length) t.is(w.nodes.get('s2')!.cpu.busyS, 0);
  }
});

test('the hand-computed time: 3 parts of 10 values over 3 servers, whole messages', (t) => {
  // chunkBounds(10, 3) = [0, 4, 7, 10]: shards of 4, 3, 3 values. Out: K·len·4 = 48, 36, 36 B, all
  // posted at 0 on g→sw (µs; 1 µs per byte, 1 µs delay per hop, store-and-forward):
  //   shard 0: g→sw 0–48, sw→s0 49–97, at s0 98; reduce 2·3·4 = 24 FLOPs: 98–122;
  //            back 16 B: s0→sw 122–138, sw→g 139–155, at g 156
  //   shard 1: g→sw 48–84, sw→s1 85–121, at s1 122; reduce 18 FLOPs: 122–140;
  //            back 12 B: s1→sw 140–152, at sw 153, sw→g busy until 155: 155–167, at g 168
  //   shard 2: g→sw 84–120, sw→s2 121–157, at s2 158; reduce 158–176;
  //            back: s2→sw 176–188, sw→g 189–201, at g 202
  const w = tierWorld();
  const rows: DcTierRecord[] = [];
  const tier = dcTierAggregator({ dc: 'dc', fabric: w.fabric, ctx: w.ctx, gateway: 'g', servers: SERVERS, onTier: (r) => rows.push(r) });
  const parts = randomParts(5, 3, 10);
  const p = w.sim.process(tier.aggregate(parts, 'c0/aggregate', 10));
  w.sim.run();
  t.deepEqual(bytesOf(p.value as Float32Array), bytesOf(weightedMean(parts)));
  t.is(Math.round(w.sim.now * 1e9), 202_000);
  t.deepEqual(rows.map((r) => ({ ...r, endS: Math.round(r.endS * 1e9) })), [{ dc: 'dc', node: 'g', label: 'c0/aggregate', parts: 3, startS: 0, endS: 202_000 }]);
  t.deepEqual(SERVERS.map((s) => Math.round(w.nodes.get(s)!.cpu.busyS * 1e9)), [24_000, 18_000, 18_000]);
  // bits on the gateway's links: 120 B out, 40 B back
  const use = new Map(w.fabric.usage({ airtimeS: new Map(), bits: new Map() }).map((u) => [u.link, u.bits]));
  t.is(use.get('g->sw'), 120 * 8);
  t.is(use.get('sw->g'), 40 * 8);
});

test('one server, segmented: T(g→s, K·q·4) + 2·K·q/F + T(s→g, q·4) on the α–β of the route', (t) => {
  // K = 4 parts of 1000 values, 512 B segments, o = 3 µs: out 16 000 B, reduce 8000 FLOPs = 8 ms, back 4000 B.
  const opts = { segmentBytes: 512, messageOverheadS: 3e-6 };
  const w = tierWorld(opts);
  const parts = randomParts(6, 4, 1000);
  const p = w.sim.process(shardedAggregate(w.fabric, w.ctx, 'g', ['s1'], parts, 'agg'));
  w.sim.run();
  const route = (a: string, b: string) => w.fabric.route(a, b).map(() => ({ rateBps: 8e6, delayS: 1e-6 }));
  const want = uncontendedTransferS(route('g', 's1'), 16_000, opts) + 8000 / 1e6 + uncontendedTransferS(route('s1', 'g'), 4000, opts);
  t.is(Math.round(w.sim.now * 1e9), Math.round(want * 1e9));
  // by hand: out 3 + 2 + 512 + 16 000 µs; back 3 + 2 + 512 + 4000 µs (each: o + 2d + one segment's fill + n/B)
  t.is(Math.round(w.sim.now * 1e9), (16_517 + 8000 + 4517) * 1000);
  t.deepEqual(bytesOf(p.value as Float32Array), bytesOf(weightedMean(parts)));
});

test('timing mode (empty vectors): the same time, an empty result', (t) => {
  const w = tierWorld();
  const parts = Array.from({ length: 3 }, (_, i) => ({ vector: new Float32Array(0), weight: i + 1 }));
  const p = w.sim.process(shardedAggregate(w.fabric, w.ctx, 'g', SERVERS, parts, 'agg', 10));
  w.sim.run();
  t.is((p.value as Float32Array).length, 0);
  t.is(Math.round(w.sim.now * 1e9), 202_000);
});

test('refuses weights summing to 0 and vectors of the wrong length before sending anything', (t) => {
  const w = tierWorld();
  const zero = w.sim.process(shardedAggregate(w.fabric, w.ctx, 'g', SERVERS, [{ vector: new Float32Array(3), weight: 0 }], 'agg'));
  zero.defused = true;
  const short = w.sim.process(shardedAggregate(w.fabric, w.ctx, 'g', SERVERS, [{ vector: new Float32Array(3), weight: 1 }], 'agg', 4));
  short.defused = true;
  w.sim.run();
  t.regex(String(zero.error), /weights sum to 0/);
  t.regex(String(short.error), /a part has 3 values, expected 0 \(of 4\)/);
  t.deepEqual(w.fabric.usage({ airtimeS: new Map(), bits: new Map() }), []);
});

/** The scenario's training context over the fixture's nodes (what it reads of a world). */
function contextOf(w: DcWorld, aggregators?: Parameters<typeof trainingContext>[1]): ReturnType<typeof trainingContext> {
  const world = { sim: w.sim, nodes: w.nodes, topology: w.topology, channels: new Map(), scenario: { nodes: [] } } as unknown as World;
  return trainingContext(world, aggregators);
}

test('default aggregateAt: weightedMean, then 2·q·K FLOPs on the node CPU under the label', (t) => {
  const w = tierWorld();
  const ctx = contextOf(w);
  t.false(ctx.tierAt('g'));
  const parts = randomParts(7, 4, 50);
  let cpuTask = '';
  w.sim.trace.on('compute.end', (e) => (cpuTask = (e as { task: string }).task));
  const p = w.sim.process(ctx.aggregateAt('g', parts, 'c0/aggregate', 50));
  w.sim.run();
  t.deepEqual(bytesOf(p.value as Float32Array), bytesOf(weightedMean(parts)));
  // 2 × 50 × 4 = 400 FLOPs at 1e6 FLOP/s = 400 µs; nothing on the network
  t.is(Math.round(w.sim.now * 1e9), 400_000);
  t.is(Math.round(w.nodes.get('g')!.cpu.busyS * 1e9), 400_000);
  t.is(cpuTask, 'c0/aggregate');
  t.deepEqual(w.fabric.usage({ airtimeS: new Map(), bits: new Map() }), []);
});

test('aggregateAt at a node with a tier aggregator delegates to it; other nodes keep the default', (t) => {
  const w = tierWorld();
  const rows: DcTierRecord[] = [];
  const ctx = contextOf(w, new Map([['g', dcTierAggregator({ dc: 'dc', fabric: w.fabric, ctx: w.ctx, gateway: 'g', servers: SERVERS, onTier: (r) => rows.push(r) })]]));
  t.true(ctx.tierAt('g'));
  t.false(ctx.tierAt('s0'));
  const parts = randomParts(8, 3, 10);
  const p = w.sim.process(ctx.aggregateAt('g', parts, 'c1/aggregate', 10));
  w.sim.run();
  t.deepEqual(bytesOf(p.value as Float32Array), bytesOf(weightedMean(parts)));
  t.is(Math.round(w.sim.now * 1e9), 202_000);
  t.is(w.nodes.get('g')!.cpu.busyS, 0);
  t.is(rows.length, 1);
});

/**
 * HierFAVG end to end (the hand-built timeline of test/training/hierarchical.test.ts) with a data
 * center of two servers d0, d1 behind a switch, wired to `attachAt`; training started over
 * trainingContext(world, aggregators) as world.ts does.
 */
function hierRun(attachAt: 'ps' | 'e0', tier: boolean): { weights: Float32Array; ends: number[]; aggregations: string[]; rows: DcTierRecord[] } {
  const def = models.get('softmax')();
  const epochFlops = trainingFlops(def) * 100;
  const spec: ScenarioSpec = {
    name: 'hier-tier',
    seed: 3,
    nodes: [
      { id: 'ps', kind: 'server', cpuFlopsPerS: 1e7 },
      { id: 'e0', kind: 'edge', cpuFlopsPerS: 1e6 },
      { id: 'e1', kind: 'edge', cpuFlopsPerS: 1e6 },
      { id: 'c0', kind: 'terminal', cpuFlopsPerS: epochFlops },
      { id: 'c1', kind: 'terminal', cpuFlopsPerS: epochFlops / 2 },
      { id: 'c2', kind: 'terminal', cpuFlopsPerS: epochFlops * 2 },
      { id: 'dsw', kind: 'switch', cpuFlopsPerS: 1e9 }, // nominal, as the data-center expander gives switches
      { id: 'd0', kind: 'server', cpuFlopsPerS: 1e6 },
      { id: 'd1', kind: 'server', cpuFlopsPerS: 1e6 },
    ],
    links: [
      { from: 'ps', to: 'e0', rateBps: 1e8, delayS: 0.01 },
      { from: 'ps', to: 'e1', rateBps: 1e7, delayS: 0.02 },
      { from: 'e0', to: 'c0', rateBps: 1e7, delayS: 0.005 },
      { from: 'e0', to: 'c1', rateBps: 1e7, delayS: 0.005 },
      { from: 'e1', to: 'c2', rateBps: 1e6, delayS: 0.001 },
      { from: attachAt, to: 'dsw', rateBps: 1e9, delayS: 1e-4 },
      { from: 'dsw', to: 'd0', rateBps: 1e9, delayS: 1e-4 },
      { from: 'dsw', to: 'd1', rateBps: 1e9, delayS: 1e-4 },
    ],
    training: {
      model: 'softmax',
      dataset: { name: 'gaussian-mixture', samples: 2000, classes: 10, dim: 784 },
      server: 'ps',
      clients: ['c0', 'c1', 'c2'],
      samplesPerClient: 100,
      local: { epochs: 1, batchSize: 20, learningRate: 0.1 },
      rounds: 2,
      protocol: { name: 'hierarchical', edges: ['e0', 'e1'], tau1: 1, tau2: 2 },
    },
  };
  const scenario = validateScenario(spec);
  const sim = new Simulator({ seed: scenario.seed });
  const world = buildWorld(sim, { ...scenario, training: null });
  const rows: DcTierRecord[] = [];
  const aggregators = new Map<string, TierAggregator>();
  if (tier) {
    const fabric = new DcFabric(sim, world.topology, [attachAt, 'dsw', 'd0', 'd1'], { routing: 'ecmp', segmentBytes: 65_536, messageOverheadS: 0 });
    const ctx: DatacenterContext = { sim, topology: world.topology, node: (id) => world.nodes.get(id)!, memoryBytes: () => 0 };
    aggregators.set(attachAt, dcTierAggregator({ dc: 'dc', fabric, ctx, gateway: attachAt, servers: ['d0', 'd1'], onTier: (r) => rows.push(r) }));
  }
  const ends: number[] = [];
  const aggregations: string[] = [];
  sim.trace.on('round.end', (r) => ends.push(r.endS));
  sim.trace.on('compute.end', (c) => {
    if (c.task.includes('aggregate')) aggregations.push(`${c.node} ${c.task}`);
  });
  const model = def.build();
  const run = startTraining(trainingContext(world, aggregators), scenario.training!, scenario.nodes, model, def);
  sim.run();
  const weights = run.weights();
  model.dispose();
  return { weights, ends, aggregations, rows };
}

test('hierarchical training with a data-center tier at the cloud or at an edge: the same weights bit for bit, the tier\'s time instead of the CPU charge', (t) => {
  const base = hierRun('ps', false);
  t.is(base.ends.length, 2);
  t.true(base.aggregations.includes('ps c0/aggregate') && base.aggregations.includes('e0 c0/e0/aggregate@e0'), base.aggregations.join());
  const q = parameterCount(models.get('softmax')());
  for (const at of ['ps', 'e0'] as const) {
    const other = hierRun(at, false);
    t.deepEqual(bytesOf(other.weights), bytesOf(base.weights), `default at ${at}`);
    const tiered = hierRun(at, true);
    t.deepEqual(bytesOf(tiered.weights), bytesOf(base.weights), `tier at ${at}`);
    // the node's own aggregation CPU work is gone; the servers reduce the shards instead
    t.false(tiered.aggregations.some((a) => a.startsWith(`${at} `)), tiered.aggregations.join());
    // the cloud aggregates 2 edge models per cloud round; e0 its 2 members per edge round, τ2 = 2 a cloud round
    t.deepEqual(tiered.rows.map((r) => [r.node, r.label, r.parts]), at === 'ps' ? [0, 1].map((k) => ['ps', `c${k}/aggregate`, 2]) : [0, 1].flatMap((k) => [0, 1].map((e) => ['e0', `c${k}/e${e}/aggregate@e0`, 2])));
    if (at === 'ps') {
      // the first cloud round ends after the tier instead of the cloud's 2·q·2 FLOPs at 1e7 FLOP/s
      const r = tiered.rows[0]!;
      t.true(Math.abs(tiered.ends[0]! - (base.ends[0]! - (2 * q * 2) / 1e7 + (r.endS - r.startS))) < 1e-9, `${tiered.ends[0]} vs ${base.ends[0]}`);
    }
  }
});
