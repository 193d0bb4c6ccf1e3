/**
 * The `pipeline` and `tensor` job kinds: schema fields and defaults, validation messages (shape,
 * memory misfits naming the node, a PlacementError turned into a message), the placement drawn at
 * validation (`RandomStreams(seed, 0)`) being the one run 0 runs, the placement problem's transfer
 * times (hand-computed α–β on a line) and a timing run through the registry entry. The `placements`
 * registry is filled by other modules; this file registers a test-only entry, `test-fixed`: even
 * cuts on servers in an order drawn from the stream (or a PlacementError naming a node).
 */
import test from 'ava';
import { dcWorld } from './world-fixture.js';
import { z } from 'zod';
import type { Simulator } from '../../src/engine/simulator.js';
import { RandomStreams, type RandomStream } from '../../src/engine/random.js';
import type { ModelDef, LayerProfile } from '../../src/learning/models.js';
import type { DcJobCheckEnv, JobEnv, JobOutcome, ServerInfo } from '../../src/datacenter/job.js';
import type { ResolvedDcJobBase, ResolvedPipelineJob, ResolvedTensorJob } from '../../src/datacenter/spec.js';
import { placements } from '../../src/datacenter/partition/placement.js';
import { PlacementError, type Placement, type PlacementProblem } from '../../src/datacenter/partition/types.js';
import { dcJobKinds } from '../../src/datacenter/jobKinds.js';
import { pipelineJob, tensorJob, placementProblem, fabricTransferS } from '../../src/datacenter/partition/jobs.js';

interface FixedParams {
  name: 'test-fixed';
  failOn: string | null;
}
const fixedSchema = z.strictObject({ name: z.literal('test-fixed'), failOn: z.string().nullable().optional() });
const drawn: string[][] = [];
placements.register('test-fixed', 'test only', {
  schema: fixedSchema,
  defaults: { failOn: null },
  resolve: (spec) => ({ failOn: null, ...fixedSchema.parse(spec) }) as FixedParams,
  place(problem: PlacementProblem, params: FixedParams, rng: RandomStream): Placement {
    if (params.failOn !== null) throw new PlacementError(params.failOn, `no piece fits '${params.failOn}'`);
    const order = rng.shuffle(problem.servers.map((s) => s.id)).slice(0, problem.pieces);
    drawn.push(order);
    const L = problem.def.layers.length;
    const pieces = order.map((node, i) => ({ index: i, node, layers: (problem.kind === 'pipeline' ? [Math.floor((i * L) / problem.pieces), Math.floor(((i + 1) * L) / problem.pieces)] : [0, L]) as [number, number], share: problem.kind === 'pipeline' ? 1 : 1 / problem.pieces }));
    return { pieces, predictedStepS: 0.125, memoryBytes: new Map(order.map((n) => [n, 1])) };
  },
});

const F = 1_050_624_000;
const dense = (name: string): LayerProfile => ({ name, params: 65_792, forwardFlops: 131_328, outputSize: 256 });
const def: ModelDef = { name: 'dense4', inputShape: [256], classes: 256, layers: [dense('d1'), dense('d2'), dense('d3'), dense('d4')], convolutional: false, l2: 0, build: () => { throw new Error('timing only'); } };
const ids = ['s0', 's1', 's2', 's3'];
const base: ResolvedDcJobBase = { name: 'pp', model: 'dense4', steps: 1, batch: 32, learningRate: 0.05, mode: 'timing', dataset: { name: 'mnist', testFraction: 0.2 }, evaluateEvery: 1, servers: ids, optimizerStateFactor: 1, memoryFraction: 1 };

function checkEnv(memory: (id: string) => number = () => 1e9, seed = 3): DcJobCheckEnv {
  const servers: ServerInfo[] = ids.map((id) => ({ id, flopsPerS: F, memoryBytes: memory(id) }));
  return { dc: 'dc', layout: { nodes: [], links: [], servers: ids, switches: [], racks: [ids], top: null }, fabric: { routing: 'ecmp', segmentBytes: null, messageOverheadS: 0 }, def, servers, trainExamples: 1000, transferS: () => 1e-3, occupancyS: () => 1e-3, seed };
}

const pipe = (fields: Record<string, unknown>): ResolvedPipelineJob => pipelineJob.resolve({ kind: 'pipeline', stages: 4, microbatches: 4, placement: { name: 'test-fixed' }, ...fields }, base);

test('registered under their kinds; the shape parses a spec and rejects another kind', (t) => {
  t.is(dcJobKinds.get('pipeline'), pipelineJob);
  t.is(dcJobKinds.get('tensor'), tensorJob);
  const schema = z.strictObject(pipelineJob.shape);
  t.true(schema.safeParse({ kind: 'pipeline', stages: 2, microbatches: 4, placement: { name: 'test-fixed', failOn: 's1' } }).success);
  t.false(schema.safeParse({ kind: 'tensor', stages: 2, microbatches: 4, placement: { name: 'x' } }).success);
  t.false(schema.safeParse({ kind: 'pipeline', stages: 2, microbatches: 4, activationBits: 8, placement: { name: 'x' } }).success);
  t.true(z.strictObject(tensorJob.shape).safeParse({ kind: 'tensor', width: 2, placement: { name: 'test-fixed' } }).success);
});

test('resolve fills in gpipe, 32-bit activations and the placement’s defaults', (t) => {
  const job = pipe({});
  t.is(job.schedule, 'gpipe');
  t.is(job.activationBits, 32);
  t.deepEqual(job.placement, { name: 'test-fixed', failOn: null });
  t.is(pipelineJob.scheme(job), 'test-fixed');
  t.is(pipe({ schedule: '1f1b', activationBits: 16 }).schedule, '1f1b');
  t.throws(() => pipe({ placement: { name: 'nope' } }), { message: /nope/ });
});

test('check: stages ≤ min(servers, layers), micro-batches ≤ batch, width ≤ servers', (t) => {
  t.deepEqual(pipelineJob.check(pipe({}), checkEnv()), []);
  t.deepEqual(pipelineJob.check(pipe({ stages: 5 }), checkEnv()), ['stages: 5 stages need at most min(servers, layers) = min(4, 4) = 4']);
  t.regex(pipelineJob.check(pipe({ microbatches: 33 }), checkEnv())[0]!, /^microbatches: /);
  const tj: ResolvedTensorJob = tensorJob.resolve({ kind: 'tensor', width: 5, placement: { name: 'test-fixed' } }, base);
  t.deepEqual(tensorJob.check(tj, checkEnv()), ["width: a group of 5 needs at most the job's 4 servers"]);
  t.deepEqual(tensorJob.check({ ...tj, width: 4 }, checkEnv()), []);
});

test('check: a stage that does not fit names the node, with the bytes it needs', (t) => {
  // one dense 256→256 stage, mb = 8, GPipe stashes M = 4: 4·65 792·(2 + 1) + 4·8·4·(256 + 256) = 855 040 B
  const msgs = pipelineJob.check(pipe({}), checkEnv((id) => (id === 's2' ? 800_000 : 1e9)));
  t.is(msgs.length, 1);
  t.regex(msgs[0]!, /^placement: stage \d \(d\d\) of 'dense4' needs 0\.855 MB but 's2' offers 0\.800 MB/);
  // 1F1B: stage s stashes min(4 − s, 4) micro-batches: 789 504 + 16 384·(4 − s) B = 855 040, 838 656, 822 272, 805 888;
  // with 830 000 B each, stages 1 and 2 do not fit
  const msgs1f1b = pipelineJob.check(pipe({ schedule: '1f1b' }), checkEnv(() => 830_000));
  t.is(msgs1f1b.length, 2);
  t.regex(msgs1f1b[0]!, /^placement: stage 1 \(d1\) of 'dense4' needs 0\.855 MB but 's\d' offers 0\.830 MB/);
  t.regex(msgs1f1b[1]!, /^placement: stage 2 \(d2\) of 'dense4' needs 0\.839 MB but 's\d' offers 0\.830 MB/);
});

test('check: a PlacementError becomes a message naming the node', (t) => {
  t.deepEqual(pipelineJob.check(pipe({ placement: { name: 'test-fixed', failOn: 's3' } }), checkEnv()), ["placement: no piece fits 's3'"]);
});

test('placement problem: ring all-gather is (w − 1) × the slowest neighbour transfer of bytes/w', (t) => {
  const pos: Record<string, number> = { s0: 0, s1: 1, s2: 2, s3: 3 };
  const p = placementProblem(pipe({}), def, checkEnv().servers, (a, b, bytes) => bytes * Math.abs(pos[a]! - pos[b]!));
  // s0→s1 1, s1→s2 1, s2→s0 2 hops: 2 steps × (900/3)·2 = 1200
  t.is(p.allGatherS(['s0', 's1', 's2'], 900), 1200);
  t.is(p.allGatherS(['s0'], 900), 0);
  t.is(p.activationBytesPerValue, 4);
  t.is(placementProblem(pipe({ activationBits: 16 }), def, [], () => 0).activationBytesPerValue, 2);
});

function world(seed: number): { sim: Simulator; env: JobEnv } {
  const decls = ids.slice(1).map((id, i) => ({ from: ids[i]!, to: id, rateBps: 1e9, delayS: 1e-6 }));
  const w = dcWorld(decls, { routing: 'ecmp', segmentBytes: null, messageOverheadS: 0, flopsPerS: F, memoryBytes: 1e9 });
  return { sim: w.sim, env: { ctx: w.ctx, fabric: w.fabric, layout: checkEnv().layout, dc: 'dc', rng: new RandomStreams(seed, 0), def, model: null, data: null, reduceFlopsPerValue: 1 } };
}

test('fabricTransferS: the α–β time of the route (whole messages: Σ d + 8n/R per hop)', (t) => {
  const { env } = world(1);
  const f = fabricTransferS(env, { segmentBytes: null, messageOverheadS: 0 });
  t.is(f('s0', 's0', 1000), 0);
  t.true(Math.abs(f('s0', 's2', 1000) - 2 * (1e-6 + 8e3 / 1e9)) < 1e-15);
});

for (const kind of ['pipeline', 'tensor'] as const) {
  test(`${kind}: run 0 runs the placement validation drew, and reports its prediction`, (t) => {
    const job = kind === 'pipeline' ? pipe({}) : tensorJob.resolve({ kind: 'tensor', width: 3, placement: { name: 'test-fixed' } }, base);
    const entry = dcJobKinds.get(kind);
    drawn.length = 0;
    t.deepEqual(entry.check(job, checkEnv(undefined, 11)), []);
    const { sim, env } = world(11);
    const proc = sim.process(entry.run(env, job, () => undefined));
    sim.run();
    const out = proc.value as JobOutcome;
    t.is(out.outcome, 'done');
    t.is(drawn.length, 2);
    t.deepEqual(drawn[1], drawn[0]);
    t.deepEqual(out.nodes.map((n) => n.node), drawn[0]);
    t.is(out.predictedStepS, 0.125);
    t.is(out.steps.length, 1);
  });
}
