/**
 * Asynchronous aggregation rules against hand computations (docs/learning.md, "Asynchronous
 * aggregation rules"; REFERENCES.md, FedAsync and FedBuff): FedAsync's staleness functions
 * (Xie et al. 2019, forms as in the authors' code xcgoner/async_fl) and mixing, FedBuff's buffered
 * step (Nguyen et al. 2022) with FedScale's 1/√(1 + τ) staleness weighting.
 */
import test from 'ava';
import fc from 'fast-check';
import { constantStaleness, polynomialStaleness, hingeStaleness, stalenessFunctions, stalenessSpecSchema, resolveStaleness, stalenessFunction } from '../../src/training/rules/staleness.js';
import { mixWeights, fedAsyncAlpha, fedAsyncStep, FEDASYNC_DEFAULTS } from '../../src/training/rules/mixing.js';
import { fedBuffStep, fedBuffCoefficients, type BufferedDelta } from '../../src/training/rules/buffered.js';
import { UnknownNameError } from '../../src/engine/registry.js';

const vec = (xs: number[]): Float32Array => Float32Array.from(xs);
const f32 = fc.float({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 });

test('constant staleness is 1 at every staleness', (t) => {
  const s = constantStaleness();
  t.is(s(0), 1);
  t.is(s(1000), 1);
});

test('polynomial staleness (τ + 1)^(−a): a = 0.5 at τ = 3 is 1/√4 = 1/2; a = 1 at τ = 0, 1, 9 is 1, 1/2, 1/10', (t) => {
  t.is(polynomialStaleness(0.5)(3), 0.5);
  const s1 = polynomialStaleness(1);
  t.is(s1(0), 1);
  t.is(s1(1), 0.5);
  t.is(s1(9), 0.1);
});

test('hinge staleness, a = 10, b = 4: 1 up to and at τ = b, then 1/(a(τ − b) + 1)', (t) => {
  const s = hingeStaleness(10, 4);
  t.is(s(0), 1);
  t.is(s(4), 1); // boundary: τ = b is still "fresh"
  t.is(s(5), 1 / 11); // 1/(10·1 + 1)
  t.is(s(6), 1 / 21); // 1/(10·2 + 1)
  t.is(s(4.5), 1 / 6); // 1/(10·0.5 + 1)
  t.is(hingeStaleness(1, 0)(1), 0.5); // b = 0: decays from the first version
});

test('staleness functions reject a negative staleness and bad parameters', (t) => {
  t.throws(() => polynomialStaleness(0.5)(-1), { instanceOf: RangeError });
  t.throws(() => polynomialStaleness(0), { instanceOf: RangeError });
  t.throws(() => hingeStaleness(10, -1), { instanceOf: RangeError });
  t.throws(() => constantStaleness()(Number.NaN), { instanceOf: RangeError });
});

test('registry: three entries, each with schema, defaults and description; an unknown name lists the known ones', (t) => {
  t.deepEqual(stalenessFunctions.names(), ['constant', 'polynomial', 'hinge']);
  for (const e of stalenessFunctions.list()) {
    t.true(e.description.length > 0);
    t.true(e.value.schema.safeParse({ name: e.name }).success);
    t.true(stalenessSpecSchema.safeParse({ name: e.name }).success);
  }
  t.deepEqual(stalenessFunctions.get('polynomial').defaults, { a: 0.5 });
  t.deepEqual(stalenessFunctions.get('hinge').defaults, { a: 10, b: 4 });
  const err = t.throws(() => stalenessFunctions.get('exponential'), { instanceOf: UnknownNameError });
  t.regex(err.message, /known: constant, polynomial, hinge/);
});

test('the spec schema rejects unknown names, unknown keys and a ≤ 0', (t) => {
  t.false(stalenessSpecSchema.safeParse({ name: 'exponential' }).success);
  t.false(stalenessSpecSchema.safeParse({ name: 'hinge', c: 1 }).success);
  t.false(stalenessSpecSchema.safeParse({ name: 'polynomial', a: 0 }).success);
  t.false(stalenessSpecSchema.safeParse({ name: 'hinge', b: -1 }).success);
  t.true(stalenessSpecSchema.safeParse({ name: 'hinge', a: 2, b: 0 }).success);
});

test('resolveStaleness fills the defaults and keeps given values', (t) => {
  t.deepEqual(resolveStaleness({ name: 'constant' }), { name: 'constant' });
  t.deepEqual(resolveStaleness({ name: 'polynomial' }), { name: 'polynomial', a: 0.5 });
  t.deepEqual(resolveStaleness({ name: 'hinge', b: 2 }), { name: 'hinge', a: 10, b: 2 });
  t.deepEqual(resolveStaleness({ name: 'hinge', a: undefined, b: 2 }), { name: 'hinge', a: 10, b: 2 });
  t.is(stalenessFunction({ name: 'polynomial' })(3), 0.5);
  t.is(stalenessFunction({ name: 'hinge', b: 2 })(3), 1 / 11);
});

test('mixing with α = 1 returns the client weights exactly, α = 0 the global weights; inputs untouched', (t) => {
  const g = vec([0.1, -3.7, 1e-30, 12345.678]);
  const c = vec([-0.3, 2.2, 7, -1e-20]);
  const gCopy = Float32Array.from(g);
  const cCopy = Float32Array.from(c);
  t.deepEqual(mixWeights(g, c, 1), c);
  t.deepEqual(mixWeights(g, c, 0), g);
  t.not(mixWeights(g, c, 0), g); // a new array
  t.deepEqual(g, gCopy);
  t.deepEqual(c, cCopy);
});

test('mixing α = 0.25: (0.75)·[4, −8] + 0.25·[8, 0] = [5, −6]', (t) => {
  t.deepEqual(mixWeights(vec([4, -8]), vec([8, 0]), 0.25), vec([5, -6]));
  t.throws(() => mixWeights(vec([1]), vec([1, 2]), 0.5), { instanceOf: RangeError });
  t.throws(() => mixWeights(vec([1]), vec([2]), 1.5), { instanceOf: RangeError });
});

test('FedAsync step: α = 0.8, polynomial a = 0.5, τ = 3 → α_t = 0.4; 0.6·[10, 0] + 0.4·[0, 5] = [6, 2]', (t) => {
  const staleness = polynomialStaleness(0.5);
  t.is(fedAsyncAlpha(0.8, staleness, 3), 0.4);
  const r = fedAsyncStep(vec([10, 0]), vec([0, 5]), 3, { mixingAlpha: 0.8, staleness });
  t.true(r.applied);
  if (r.applied) {
    t.is(r.alpha, 0.4);
    t.deepEqual(r.weights, vec([6, 2]));
  }
  t.is(FEDASYNC_DEFAULTS.mixingAlpha, 0.8);
});

test('FedAsync step with maxStalenessVersions = 2: τ = 2 is applied, τ = 3 is dropped with its reason', (t) => {
  const opts = { mixingAlpha: 0.5, staleness: constantStaleness(), maxStalenessVersions: 2 };
  const ok = fedAsyncStep(vec([0]), vec([2]), 2, opts);
  t.deepEqual(ok, { applied: true, weights: vec([1]), alpha: 0.5 });
  t.deepEqual(fedAsyncStep(vec([0]), vec([2]), 3, opts), { applied: false, reason: 'too-stale', stalenessVersions: 3, maxStalenessVersions: 2 });
});

test('property: mixing is a convex combination (each coordinate between the two inputs)', (t) => {
  fc.assert(
    fc.property(fc.array(fc.tuple(f32, f32), { minLength: 1, maxLength: 20 }), fc.double({ min: 0, max: 1, noNaN: true }), (pairs, alpha) => {
      const out = mixWeights(vec(pairs.map((p) => p[0])), vec(pairs.map((p) => p[1])), alpha);
      return pairs.every(([a, b], i) => out[i]! >= Math.min(Math.fround(a), Math.fround(b)) && out[i]! <= Math.max(Math.fround(a), Math.fround(b)));
    }),
  );
  t.pass();
});

const d = (delta: number[], stalenessVersions: number, samples = 10): BufferedDelta => ({ delta: vec(delta), stalenessVersions, samples });

test('FedBuff, K = 2, unweighted: η_g = 1 adds the mean delta ([1, 2] and [3, −4] → +[2, −1]); η_g = 0.5 half of it', (t) => {
  const buffer = [d([1, 2], 0), d([3, -4], 5)];
  t.deepEqual(fedBuffStep(vec([10, 10]), buffer, { serverLearningRate: 1 }), vec([12, 9]));
  t.deepEqual(fedBuffStep(vec([10, 10]), buffer, { serverLearningRate: 0.5 }), vec([11, 9.5]));
  t.deepEqual(fedBuffStep(vec([10, 10]), buffer), vec([12, 9])); // default η_g = 1
});

test('FedBuff ignores sample counts (equal weights, as the paper)', (t) => {
  const a = fedBuffStep(vec([0, 0]), [d([1, 2], 0, 1), d([3, -4], 0, 1000)]);
  const b = fedBuffStep(vec([0, 0]), [d([1, 2], 0, 500), d([3, -4], 0, 2)]);
  t.deepEqual(a, b);
});

test('FedBuff with 1/√(1 + τ) staleness weights, by hand', (t) => {
  // Δ1 = [2, 0] at τ = 0: s = 1/√1 = 1; Δ2 = [0, 4] at τ = 3: s = 1/√4 = 1/2.
  // Σ s·Δ = [2, 0] + [0, 2] = [2, 2].
  // Divided by K = 2 (paper's normalisation): [1, 1]. Divided by Σ s = 1.5 (FedScale's): [4/3, 4/3].
  const buffer = [d([2, 0], 0), d([0, 4], 3)];
  const stalenessWeight = polynomialStaleness(0.5);
  t.deepEqual(fedBuffCoefficients(buffer, { stalenessWeight }), [0.5, 0.25]);
  t.deepEqual(fedBuffStep(vec([0, 0]), buffer, { stalenessWeight }), vec([1, 1]));
  t.deepEqual(fedBuffCoefficients(buffer, { stalenessWeight, normalization: 'weight-sum' }), [2 / 3, 1 / 3]);
  t.deepEqual(fedBuffStep(vec([0, 0]), buffer, { stalenessWeight, normalization: 'weight-sum' }), vec([4 / 3, 4 / 3]));
});

test('FedBuff failures are explicit: empty buffer, length mismatch, η_g ≤ 0', (t) => {
  t.throws(() => fedBuffStep(vec([0]), []), { instanceOf: RangeError });
  t.throws(() => fedBuffStep(vec([0, 0]), [d([1], 0)]), { instanceOf: RangeError });
  t.throws(() => fedBuffStep(vec([0]), [d([1], 0)], { serverLearningRate: 0 }), { instanceOf: RangeError });
  t.throws(() => fedBuffStep(vec([0]), [d([1], -1)]), { instanceOf: RangeError });
});

test('property: K equal deltas, unweighted, move the model by exactly η_g·Δ', (t) => {
  fc.assert(
    fc.property(fc.array(fc.tuple(f32, f32), { minLength: 1, maxLength: 16 }), fc.integer({ min: 1, max: 8 }), fc.double({ min: 0.01, max: 10, noNaN: true }), fc.array(fc.nat(20), { minLength: 8, maxLength: 8 }), (pairs, k, eta, staleness) => {
      const g = vec(pairs.map((p) => p[0]));
      const delta = vec(pairs.map((p) => p[1]));
      const buffer = Array.from({ length: k }, (_, i) => ({ delta, stalenessVersions: staleness[i]!, samples: i + 1 }));
      const out = fedBuffStep(g, buffer, { serverLearningRate: eta });
      return Array.from(out).every((x, i) => x === Math.fround(g[i]! + eta * delta[i]!));
    }),
  );
  t.pass();
});

test('property: with weight-sum normalisation the coefficients sum to 1', (t) => {
  fc.assert(
    fc.property(fc.array(fc.nat(50), { minLength: 1, maxLength: 10 }), (ages) => {
      const c = fedBuffCoefficients(ages.map((a) => d([0], a)), { stalenessWeight: polynomialStaleness(0.5), normalization: 'weight-sum' });
      return Math.abs(c.reduce((x, y) => x + y, 0) - 1) < 1e-12;
    }),
  );
  t.pass();
});
