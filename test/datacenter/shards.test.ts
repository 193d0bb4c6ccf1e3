/**
 * The data-parallel data plan (design §7.1) against hand-computed cases on softmax regression
 * (784 → 10: q = 7850 parameters; one example is 4·784 + 4 = 3140 bytes; with one optimizer state
 * a replica at batch b is 4·7850·3 + 4·b·(784 + 10) = 94 200 + 3176·b bytes).
 */
import test from 'ava';
import { RandomStreams } from '../../src/engine/random.js';
import { softmaxRegression } from '../../src/learning/models.js';
import { largestRemainder, planShards, ShardError, ShardSampler, type ShardInputs } from '../../src/datacenter/shards.js';
import type { ServerInfo } from '../../src/datacenter/job.js';

const def = softmaxRegression();
const BPE = 3140;
const replica = (b: number): number => 94_200 + 3176 * b;
const servers = (mem: number[], flops: number[] = mem.map(() => 1e9)): ServerInfo[] => mem.map((m, i) => ({ id: `dc.s${i}`, flopsPerS: flops[i]!, memoryBytes: m }));
const inputs = (over: Partial<ShardInputs> & Pick<ShardInputs, 'servers'>): ShardInputs => ({ def, trainExamples: 5000, batch: 9, allocation: 'memory', bytesPerExample: BPE, optimizerStateFactor: 1, ...over });
const rng = (): ReturnType<RandomStreams['stream']> => new RandomStreams(7).stream('datacenter/dc/job/shards');

test('largest remainder: the §7.1 example and hand-computed ties', (t) => {
  t.deepEqual(largestRemainder(64, [100, 200, 300, 200]), [8, 16, 24, 16]); // 64·(1, 2, 3, 2)/8 exactly
  t.deepEqual(largestRemainder(10, [1, 1, 1]), [4, 3, 3]); // 3⅓ each: the tie goes to the lowest index
  t.deepEqual(largestRemainder(7, [5, 3, 2]), [4, 2, 1]); // 3.5, 2.1, 1.4: floors 3+2+1 = 6, the one left to .5
  t.deepEqual(largestRemainder(12, [31, 278]), [1, 11]); // 1.204, 10.796
  t.deepEqual(largestRemainder(0, [0, 0]), [0, 0]);
  t.throws(() => largestRemainder(3, [0, 0]));
});

test('memory allocation, shares uncapped: ∝ memory left after the replica', (t) => {
  // Offered [1, 1, 2, 0.5] MB, B = 9: first split ∝ offered = [2, 2, 4, 1]; replicas 100 552,
  // 100 552, 106 904, 97 376; A = [899 448, 899 448, 1 893 096, 402 624], ΣA = 4 094 616.
  // n = 1000: cumulative shares 0.219666, 0.439332, 0.901668 → cuts at round(·1000) = 220, 439, 902:
  // [220, 219, 463, 98]; caps ⌊A/3140⌋ = [286, 286, 602, 128] do not bind.
  // Batch ∝ shards: 9·[220, 219, 463, 98]/1000 = 1.98, 1.971, 4.167, 0.882 → [1, 1, 4, 0] + 3 by
  // remainder (.98, .971, .882) → [2, 2, 4, 1].
  const plan = planShards(inputs({ servers: servers([1e6, 1e6, 2e6, 0.5e6]), trainExamples: 1000 }), rng());
  t.deepEqual(plan.dataBytes, [899_448, 899_448, 1_893_096, 402_624]);
  t.deepEqual(plan.shards.map((s) => s.length), [220, 219, 463, 98]);
  t.deepEqual(plan.batches, [2, 2, 4, 1]);
  t.deepEqual(plan.replicaBytes, [replica(2), replica(2), replica(4), replica(1)]);
  t.deepEqual(plan.memoryUsedBytes, [replica(2) + 220 * BPE, replica(2) + 219 * BPE, replica(4) + 463 * BPE, replica(1) + 98 * BPE]);
  // every example once
  const all = plan.shards.flat().sort((a, b) => a - b);
  t.deepEqual(all, Array.from({ length: 1000 }, (_, i) => i));
});

test('memory allocation, shares capped by memory (the seed rule), n = 5000', (t) => {
  // Same A; shares would be [1098, 1099, 2311, 492] but the caps [286, 286, 602, 128] bind: 1302
  // examples are held, 3698 left out. Batch 9·[286, 286, 602, 128]/1302 = 1.977, 1.977, 4.161, 0.885 → [2, 2, 4, 1].
  const plan = planShards(inputs({ servers: servers([1e6, 1e6, 2e6, 0.5e6]) }), rng());
  t.deepEqual(plan.shards.map((s) => s.length), [286, 286, 602, 128]);
  t.deepEqual(plan.batches, [2, 2, 4, 1]);
  for (let i = 0; i < 4; i++) t.true(plan.memoryUsedBytes[i]! <= [1e6, 1e6, 2e6, 0.5e6][i]!);
});

test('a batch re-split ∝ shards that grows a replica trims its shard to fit', (t) => {
  // Offered [200 000, 1 000 000], B = 12: first split ∝ offered = [2, 10]; replicas 100 552 and
  // 125 960; A = [99 448, 874 040]; caps [31, 278] bind. Batch ∝ [31, 278]: [1, 11]. At b = 11 the
  // replica is 129 136, leaving ⌊870 864/3140⌋ = 277 examples: one dropped. s0 at b = 1 (97 376)
  // has room for ⌊102 624/3140⌋ = 32 ≥ 31.
  const plan = planShards(inputs({ servers: servers([200_000, 1e6]), batch: 12 }), rng());
  t.deepEqual(plan.batches, [1, 11]);
  t.deepEqual(plan.shards.map((s) => s.length), [31, 277]);
  t.deepEqual(plan.memoryUsedBytes, [97_376 + 31 * BPE, 129_136 + 277 * BPE]);
});

test('compute and equal allocations split the batch by FLOP/s or equally; shards stay ∝ memory', (t) => {
  const s = servers([1e6, 1e6, 2e6, 0.5e6], [1e9, 3e9, 1e9, 3e9]);
  const c = planShards(inputs({ servers: s, batch: 16, allocation: 'compute', trainExamples: 1000 }), rng());
  t.deepEqual(c.batches, [2, 6, 2, 6]); // 16·(1, 3, 1, 3)/8
  const e = planShards(inputs({ servers: s, batch: 10, allocation: 'equal', trainExamples: 1000 }), rng());
  t.deepEqual(e.batches, [3, 3, 2, 2]); // 2.5 each: the ties to the lowest indices
  // A under equal (b⁰ = [3, 3, 2, 2]): 1e6 − 103 728 = 896 272, 896 272, 2e6 − 100 552 = 1 899 448, 0.5e6 − 100 552 = 399 448
  t.deepEqual(e.dataBytes, [896_272, 896_272, 1_899_448, 399_448]);
});

test('a replica that does not fit names the node, both sizes and the memory fraction', (t) => {
  // s1 offers 0.25 × 360 kB = 90 kB; its replica at b = 2 needs 94 200 + 6352 = 100 552 B.
  const s: ServerInfo[] = [
    { id: 'dc.s0', flopsPerS: 1e9, memoryBytes: 1e6 },
    { id: 'dc.s7', flopsPerS: 1e9, memoryBytes: 90_000 },
  ];
  const err = t.throws(() => planShards(inputs({ servers: s, batch: 4, allocation: 'equal' }), rng(), 0.25), { instanceOf: ShardError });
  t.is(err!.issues.length, 1);
  t.is(err!.issues[0], "a replica of 'softmax' needs 0.101 MB (weights, gradients, 1 optimizer state, activations of 2 examples) but 'dc.s7' offers 0.09 MB (memoryFraction 0.25 of 0.36 MB)");
});

test('shard sizes do not depend on the stream; the sampler repeats no example within a pass', (t) => {
  const a = planShards(inputs({ servers: servers([1e6, 2e6]) }), new RandomStreams(1).stream('x'));
  const b = planShards(inputs({ servers: servers([1e6, 2e6]) }), new RandomStreams(2).stream('x'));
  t.deepEqual(a.shards.map((s) => s.length), b.shards.map((s) => s.length));
  t.notDeepEqual(a.shards[0], b.shards[0]);
  const shard = [5, 9, 11, 20, 31, 40, 41];
  const sampler = new ShardSampler(shard, new RandomStreams(3).stream('b'));
  const firstPass = [...sampler.next(3), ...sampler.next(4)].sort((x, y) => x - y);
  t.deepEqual(firstPass, shard);
  const spanning = sampler.next(10); // a whole pass (7) then 3 of the next
  t.deepEqual(spanning.slice(0, 7).sort((x, y) => x - y), shard);
  t.is(new Set(spanning.slice(7)).size, 3);
});
