/**
 * Every collective entry and variant, p = 1..9: each rank ends with the element-wise sum of
 * seeded fp32 vectors (reference: a plain float64 loop over the inputs, to 1e-6 of Σ|x|), all
 * ranks hold bitwise the same result, and the mailbox is empty at the end.
 */
import test from 'ava';
import { Simulator } from '../../src/engine/simulator.js';
import { RandomStreams } from '../../src/engine/random.js';
import type { Process } from '../../src/engine/process.js';
import { chunkBounds, MailboxComm, type MessageSender } from '../../src/datacenter/collectives/collective.js';
import type { RegistrySpec } from '../../src/datacenter/types.js';
import { collectives, createCollective, resolveCollective } from '../../src/datacenter/collectives/index.js';
import { doubleComm, fifoReducer, pairSender } from './comm-double.js';

/** Racks of `size` consecutive ranks (the last one shorter). */
function racksOf(p: number, size: number): number[][] {
  const racks: number[][] = [];
  for (let r = 0; r < p; r += size) racks.push(Array.from({ length: Math.min(size, p - r) }, (_, i) => r + i));
  return racks;
}
const equalRackSize = (p: number): number => (p % 3 === 0 ? 3 : p % 2 === 0 ? 2 : 1);

interface Case {
  spec: RegistrySpec;
  /** rack size for this p (racks of consecutive ranks) */
  rackSize: (p: number) => number;
}

const CASES: Case[] = [
  { spec: { name: 'ring' }, rackSize: () => 1 },
  { spec: { name: 'halving-doubling' }, rackSize: () => 1 },
  { spec: { name: 'tree' }, rackSize: () => 1 },
  { spec: { name: 'parameter-server' }, rackSize: () => 1 },
  { spec: { name: 'parameter-server', servers: 'sharded' }, rackSize: () => 1 },
  { spec: { name: 'parameter-server', servers: ['ps0'] }, rackSize: () => 1 },
  { spec: { name: 'parameter-server', servers: ['ps0', 'ps1', 'ps2'] }, rackSize: () => 1 },
  { spec: { name: 'parameter-server', servers: ['n0'] }, rackSize: () => 1 },
  ...(['ring', 'halving-doubling', 'tree'] as const).flatMap((inter) => [
    { spec: { name: 'hierarchical', inter }, rackSize: equalRackSize },
    { spec: { name: 'hierarchical', variant: 'leader', inter }, rackSize: () => 3 },
    { spec: { name: 'hierarchical', variant: 'leader', inter }, rackSize: () => 4 },
  ]),
];

function runCase(spec: RegistrySpec, p: number, rackSize: number, values: number, seed: number) {
  const sim = new Simulator({ seed });
  const { comm } = doubleComm(sim, { rateBps: 1e9, delayS: 1e-6, reduceSPerValue: 1e-9 });
  const rng = new RandomStreams(seed, 0).stream('vectors');
  const nodes = Array.from({ length: p }, (_, r) => `n${r}`);
  const group = { nodes, racks: racksOf(p, rackSize) };
  const inputs = nodes.map(() => Float32Array.from({ length: values }, () => rng.normal(0, 1)));
  const bufs = inputs.map((x) => x.slice());
  const params = resolveCollective(spec);
  const issues = collectives.get(params.name).check?.(params, group) ?? [];
  const inst = createCollective(comm, params, group, values, 'ar');
  const procs: Process<void>[] = bufs.map((data, r) => sim.process(inst.join(r, { values, bytesPerValue: 4, data }), `rank${r}`));
  sim.run();
  return { inputs, bufs, procs, issues, pending: comm.pending, endS: sim.now };
}

for (const c of CASES) {
  test(`${JSON.stringify(c.spec)} (racks of ${c.rackSize(9)} for p=9): every rank ends with the element-wise sum, p = 1..9`, (t) => {
    for (let p = 1; p <= 9; p++) {
      for (const values of [37, 5]) {
        const { inputs, bufs, procs, issues, pending } = runCase(c.spec, p, c.rackSize(p), values, 100 + p);
        t.deepEqual(issues, [], `p=${p}`);
        for (const pr of procs) t.true(pr.triggered && pr.ok, `p=${p} ${pr.name}`);
        t.is(pending, 0, `p=${p}: mailbox empty`);
        for (let i = 0; i < values; i++) {
          let ref = 0;
          let mag = 0;
          for (const x of inputs) {
            ref += x[i]!;
            mag += Math.abs(x[i]!);
          }
          const got = bufs[0]![i]!;
          if (Math.abs(got - ref) > 1e-6 * mag) t.fail(`p=${p} n=${values} [${i}]: ${got} vs ${ref}`);
        }
        for (let r = 1; r < p; r++) t.deepEqual(bufs[r], bufs[0], `p=${p} rank ${r} equals rank 0`);
      }
    }
  });
}

test('timing mode (null data) runs every entry to completion with no values moved', (t) => {
  for (const c of CASES) {
    const sim = new Simulator();
    const { comm, stats } = doubleComm(sim, { rateBps: 1e9, delayS: 1e-6 });
    const nodes = ['a', 'b', 'c', 'd', 'e', 'f'];
    const inst = createCollective(comm, resolveCollective(c.spec), { nodes, racks: racksOf(6, c.rackSize(6)) }, 1000, 'ar');
    const procs = nodes.map((_, r) => sim.process(inst.join(r, { values: 1000, bytesPerValue: 2, data: null })));
    sim.run();
    t.true(procs.every((pr) => pr.ok), JSON.stringify(c.spec));
    t.true(stats.bytes > 0);
    t.is(stats.bytes % 2, 0);
  }
});

test('chunkBounds: the first elements mod parts chunks are one longer (hand cases)', (t) => {
  t.deepEqual(chunkBounds(10, 4), [0, 3, 6, 8, 10]);
  t.deepEqual(chunkBounds(8, 4), [0, 2, 4, 6, 8]);
  t.deepEqual(chunkBounds(2, 4), [0, 1, 2, 2, 2]);
  t.deepEqual(chunkBounds(0, 1), [0, 0]);
  t.throws(() => chunkBounds(3, 0));
});

test('validation messages: rs-ar-ag on unequal racks suggests leader; racks naming strangers; PS duplicates', (t) => {
  const group = { nodes: ['a', 'b', 'c'], racks: [[0, 1], [2]] };
  const hier = resolveCollective({ name: 'hierarchical' });
  t.deepEqual(collectives.get('hierarchical').check!(hier, group), ["variant 'rs-ar-ag' needs racks of equal size, got 2, 1; use variant 'leader'"]);
  t.deepEqual(collectives.get('hierarchical').check!(resolveCollective({ name: 'hierarchical', variant: 'leader' }), group), []);
  const explicit = resolveCollective({ name: 'hierarchical', variant: 'leader', racks: [['a', 'x'], ['b']] });
  t.deepEqual(collectives.get('hierarchical').check!(explicit, group), ["racks: 'x' is not in the collective's group", "racks: 'c' appears in 0 racks (each server exactly once)"]);
  t.deepEqual(collectives.get('parameter-server').check!(resolveCollective({ name: 'parameter-server', servers: ['s', 's'] }), group), ["servers: 's' is listed twice"]);
  t.throws(() => resolveCollective({ name: 'ring', extra: 1 }));
  t.throws(() => resolveCollective({ name: 'nope' }), { message: /known: ring, halving-doubling, tree, parameter-server, hierarchical/ });
});

test('explicit racks by node id with unequal sizes (leader) sum correctly', (t) => {
  const { inputs, bufs, procs } = runCase({ name: 'hierarchical', variant: 'leader', inter: 'halving-doubling', racks: [['n4', 'n0'], ['n1', 'n2', 'n3'], ['n5'], ['n6']] }, 7, 1, 11, 7);
  t.true(procs.every((pr) => pr.ok));
  for (let i = 0; i < 11; i++) t.true(Math.abs(bufs[3]![i]! - inputs.reduce((s, x) => s + x[i]!, 0)) < 1e-5);
});

test('a failed message fails the ranks that wait on it, the job sees it through allOf, and the run does not stop', (t) => {
  for (const c of CASES) {
    const sim = new Simulator();
    const stats = { messages: 0, bytes: 0, perPair: new Map<string, number>() };
    const links = pairSender(sim, { rateBps: 1e9, delayS: 1e-6 }, stats);
    const down = new Error('n1 is down');
    const send: MessageSender = (from, to, bytes, label) => (from === 'n1' ? sim.event<number>().fail(down, 1e-3) : links(from, to, bytes, label));
    const comm = new MailboxComm(sim, send, fifoReducer(sim, 0));
    const nodes = ['n0', 'n1', 'n2', 'n3', 'n4', 'n5'];
    const inst = createCollective(comm, resolveCollective(c.spec), { nodes, racks: racksOf(6, c.rackSize(6)) }, 60, 'ar');
    const job = sim.allOf(nodes.map((_, r) => sim.process(inst.join(r, { values: 60, bytesPerValue: 4, data: new Float32Array(60) }))));
    job.defused = true;
    t.notThrows(() => sim.run(), JSON.stringify(c.spec));
    t.true(job.triggered && !job.ok, JSON.stringify(c.spec));
    t.regex(String((job.error as Error).message), /n1 is down/);
  }
});
