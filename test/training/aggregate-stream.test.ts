import test from 'ava';
import fc from 'fast-check';
import { WeightedSum, weightedMean } from '../../src/learning/aggregate.js';
import { NoCompression } from '../../src/learning/compress.js';
import { FedAvg, FedSgd, bufferingAggregator } from '../../src/training/strategy.js';
import { fedBuffStep, fedBuffStepFromSum, fedBuffWeight, type FedBuffOptions } from '../../src/training/rules/buffered.js';
import { polynomialStaleness } from '../../src/training/rules/staleness.js';

const vec = (xs: number[]): Float32Array => Float32Array.from(xs);

test('a running weighted sum gives the hand-computed weighted mean', (t) => {
  // (1·[1, 2] + 3·[3, 6]) / 4 = [2.5, 5]; every step is exact in binary.
  const s = new WeightedSum();
  s.add(vec([1, 2]), 1);
  s.add(vec([3, 6]), 3);
  t.is(s.count, 2);
  t.is(s.weight, 4);
  t.deepEqual([...s.mean()], [2.5, 5]);
  t.deepEqual([...s.sum!], [10, 20]);
});

test('a running weighted sum refuses bad input', (t) => {
  t.throws(() => new WeightedSum().mean(), { message: /nothing to average/ });
  const s = new WeightedSum(2);
  t.throws(() => s.add(vec([1]), 1), { message: /differ in length/ });
  t.throws(() => s.add(vec([1, 2]), -1), { message: /≥ 0/ });
  s.add(vec([1, 2]), 0);
  t.throws(() => s.mean(), { message: /sum to 0/ });
});

test('folding reads each vector when it is added and keeps no reference: overwriting it afterwards changes nothing', (t) => {
  const s = new WeightedSum();
  const a = vec([1, 2]);
  const b = vec([3, 6]);
  s.add(a, 1);
  a.fill(NaN);
  s.add(b, 3);
  b.fill(NaN);
  t.deepEqual([...s.mean()], [2.5, 5]);
});

// Two orders of the same contributions: each double-precision sum of n terms is within
// γ_n·Σ|wᵢvᵢ| of the exact sum (γ_n ≈ n·2⁻⁵³, recursive summation), so the two means differ by at
// most 2·γ_n·Σ|wᵢvᵢ|/Σwᵢ before rounding to float32, which can put them on the two sides of one
// rounding boundary: at most one float32 ulp of the result apart, plus that double-precision slack.
const ulp32 = (x: number): number => (x === 0 ? 2 ** -149 : 2 ** (Math.floor(Math.log2(Math.abs(x))) - 23));

test('property: the running sum in arrival order equals the buffered mean in selection order within one float32 ulp', (t) => {
  const part = fc.record({
    v: fc.array(fc.float({ min: -10, max: 10, noNaN: true, noDefaultInfinity: true }), { minLength: 4, maxLength: 4 }),
    w: fc.integer({ min: 1, max: 1000 }),
  });
  fc.assert(
    fc.property(fc.array(part, { minLength: 1, maxLength: 30 }), fc.integer(), (parts, seed) => {
      const buffered = weightedMean(parts.map((p) => ({ vector: vec(p.v), weight: p.w })));
      // Another order: a seeded rotation and reversal, as arrivals might come.
      const k = Math.abs(seed) % parts.length;
      const order = [...parts.slice(k), ...parts.slice(0, k)].reverse();
      const s = new WeightedSum(4);
      for (const p of order) s.add(vec(p.v), p.w);
      const streamed = s.mean();
      const total = parts.reduce((a, p) => a + p.w, 0);
      for (let i = 0; i < 4; i++) {
        const absSum = parts.reduce((a, p) => a + p.w * Math.abs(Math.fround(p.v[i]!)), 0);
        const slack = (2 * parts.length * 2 ** -53 * absSum) / total;
        if (Math.abs(streamed[i]! - buffered[i]!) > ulp32(buffered[i]!) + slack) return false;
      }
      return true;
    }),
  );
  t.pass();
});

test('property: folded in the same order, the running sum is bit for bit weightedMean', (t) => {
  fc.assert(
    fc.property(fc.array(fc.record({ v: fc.array(fc.float({ noNaN: true, noDefaultInfinity: true, min: -1e3, max: 1e3 }), { minLength: 3, maxLength: 3 }), w: fc.nat(500) }), { minLength: 1, maxLength: 20 }), (parts) => {
      if (parts.every((p) => p.w === 0)) return true;
      const s = new WeightedSum();
      for (const p of parts) s.add(vec(p.v), p.w);
      const a = s.mean();
      const b = weightedMean(parts.map((p) => ({ vector: vec(p.v), weight: p.w })));
      return a.every((x, i) => Object.is(x, b[i]));
    }),
  );
  t.pass();
});

const sel = { selection: { policy: 'all' as const } };

test("FedAvg's and FedSGD's round aggregators stream: the hand-computed step, and an update overwritten after it was added changes nothing", (t) => {
  const global = vec([1, 1]);
  // Δ̄ = (1·[1, 2] + 3·[3, 6]) / 4 = [2.5, 5].
  const avg = new FedAvg(sel).begin(0, global);
  const sgd = new FedSgd({ ...sel, serverLearningRate: 0.5 }).begin(0, global);
  for (const agg of [avg, sgd]) {
    const a = vec([1, 2]);
    const b = vec([3, 6]);
    agg.add({ client: 'a', update: a, samples: 1 });
    a.fill(NaN);
    agg.add({ client: 'b', update: b, samples: 3 });
    b.fill(NaN);
    t.is(agg.count, 2);
  }
  t.deepEqual([...avg.finish([])], [3.5, 6]); // w + Δ̄
  t.deepEqual([...sgd.finish([])], [-0.25, -1.5]); // w − 0.5·ḡ
});

test('a buffering aggregator keeps the updates (what the streaming test above would catch): overwriting one after adding it reaches the result', (t) => {
  const agg = bufferingAggregator(new FedAvg(sel), 0, vec([0]));
  const a = vec([1]);
  agg.add({ client: 'a', update: a, samples: 1 });
  a.fill(7);
  t.deepEqual([...agg.finish([])], [7]);
});

test('a round aggregator with nothing added leaves the global model as it was', (t) => {
  const g = vec([1, 2]);
  t.is(new FedAvg(sel).begin(0, g).finish([]), g);
  t.is(new FedSgd(sel).begin(0, g).finish([]), g);
});

test('property: FedBuff folded as its buffer fills is bit for bit the step on the buffer', (t) => {
  const options: FedBuffOptions[] = [{}, { stalenessWeight: polynomialStaleness(0.5), normalization: 'weight-sum', serverLearningRate: 0.7 }, { stalenessWeight: polynomialStaleness(0.5) }];
  fc.assert(
    fc.property(fc.array(fc.record({ d: fc.array(fc.float({ noNaN: true, noDefaultInfinity: true, min: -10, max: 10 }), { minLength: 3, maxLength: 3 }), tau: fc.nat(20) }), { minLength: 1, maxLength: 12 }), fc.constantFrom(...options), (buf, o) => {
      const global = vec([0.5, -0.25, 1]);
      const deltas = buf.map((b) => ({ delta: vec(b.d), stalenessVersions: b.tau, samples: 1 }));
      const sum = new WeightedSum(3);
      for (const d of deltas) sum.add(d.delta, fedBuffWeight(d.stalenessVersions, o));
      const a = fedBuffStepFromSum(global, sum, o);
      const b = fedBuffStep(global, deltas, o);
      return a.every((x, i) => Object.is(x, b[i]));
    }),
  );
  t.pass();
});

test('FedBuff from a folded buffer: the hand-computed step', (t) => {
  // s(τ) = 1/√(1 + τ): τ = 0 → 1, τ = 3 → 1/2. Σ s·Δ = [1, 0] + ½·[2, 4] = [2, 2].
  const o: FedBuffOptions = { stalenessWeight: polynomialStaleness(0.5) };
  const sum = new WeightedSum(2);
  sum.add(vec([1, 0]), fedBuffWeight(0, o));
  sum.add(vec([2, 4]), fedBuffWeight(3, o));
  t.deepEqual([...fedBuffStepFromSum(vec([0, 0]), sum, o)], [1, 1]); // ÷ K = 2
  t.deepEqual([...fedBuffStepFromSum(vec([0, 0]), sum, { ...o, normalization: 'weight-sum' })], [4 / 3, 4 / 3].map(Math.fround)); // ÷ 1.5
  t.throws(() => fedBuffStepFromSum(vec([0, 0]), new WeightedSum(2)), { message: /empty/ });
});

test('no compression sends the update itself: the decoded vector is the same array, 32 bits a value', (t) => {
  const u = vec([1, -2, 3]);
  const c = new NoCompression().compress(u);
  t.is(c.decoded, u);
  t.is(c.bits, 96);
});
