import test from 'ava';
import fc from 'fast-check';
import { selectBackend } from '../../src/learning/backend.js';
import { softmaxRegression, initialWeights } from '../../src/learning/models.js';
import { computeGradient, evaluate } from '../../src/learning/train.js';
import { loadMnist, trainTestSplit, subset, gaussianMixture, type Dataset } from '../../src/learning/dataset.js';
import { softmaxObjective, type DifferentiableObjective } from '../../src/learning/objective.js';
import { minimiseObjective, certifiedLowerBound } from '../../src/learning/objectiveMinimise.js';
import { RandomStreams } from '../../src/engine/random.js';

const s = (name: string, seed = 3) => new RandomStreams(seed).stream(name);

const norm = (v: ArrayLike<number>): number => Math.sqrt(Array.from(v).reduce((a, x) => a + x * x, 0));
const relativeDistance = (a: ArrayLike<number>, b: ArrayLike<number>): number => norm(Array.from(a, (x, k) => x - b[k]!)) / Math.max(norm(b), 1e-300);

/** The 10 000 MNIST digits split 80/20 with a fixed stream. */
const mnist = () => trainTestSplit(loadMnist(), 0.2, s('data/split'));

test.before(async () => {
  await selectBackend('cpu');
});

test('the gradient matches central finite differences on a tiny problem (5 features, 3 classes, 20 examples)', (t) => {
  for (const l2 of [0, 0.01]) {
    const data = gaussianMixture(20, 3, 5, s(`tiny/${l2}`), 1, 1);
    const f = softmaxObjective(data, l2);
    t.is(f.dimension, 5 * 3 + 3);
    const rng = s(`tiny-w/${l2}`);
    const w = Float64Array.from({ length: f.dimension }, () => rng.normal(0, 0.5));
    const g = new Float64Array(f.dimension);
    const value = f.gradient(w, g);
    t.is(value, f.value(w));
    const h = 1e-5;
    const fd = Float64Array.from({ length: f.dimension }, (_, k) => {
      const plus = Float64Array.from(w);
      const minus = Float64Array.from(w);
      plus[k] += h;
      minus[k] -= h;
      return (f.value(plus) - f.value(minus)) / (2 * h);
    });
    const rel = relativeDistance(g, fd);
    t.true(rel <= 1e-6, `l2 ${l2}: relative difference ${rel}`);
  }
});

test('value and gradient match TF.js computeGradient on MNIST-sized softmax at zero and at random weights', (t) => {
  const data = subset(mnist().train, Array.from({ length: 1000 }, (_, i) => i));
  for (const l2 of [1e-4, 1e-2]) {
    const def = softmaxRegression(l2);
    const model = def.build();
    const f = softmaxObjective(data, l2);
    const rng = s(`tf-w/${l2}`);
    const random = initialWeights(model, rng); // Glorot-uniform kernel, zero bias
    for (let c = 0; c < 10; c++) random[7840 + c] = rng.normal(0, 0.1);
    for (const [where, w] of [['zero', new Float32Array(f.dimension)], ['random', random]] as const) {
      // the clip at 1e-7 of TF.js's loss is inactive here, so both compute the same function
      t.true(f.minTrueClassProbability(w) >= 1e-7);
      const reference = computeGradient(def, model, data, w);
      const g = new Float64Array(f.dimension);
      const value = f.gradient(w, g);
      const valueRel = Math.abs(value - reference.loss) / Math.abs(reference.loss);
      const gradientRel = relativeDistance(g, reference.gradient);
      t.true(valueRel <= 1e-5, `${where}, l2 ${l2}: value ${value} vs TF.js ${reference.loss}`);
      t.true(gradientRel <= 1e-5, `${where}, l2 ${l2}: gradient relative difference ${gradientRel}`);
    }
    if (l2 === 1e-4) t.true(Math.abs(f.value(new Float32Array(f.dimension)) - Math.log(10)) <= 1e-12); // uniform softmax, no L2
    model.dispose();
  }
});

test('the objective of several client datasets is the sample-weighted mean of their local objectives', (t) => {
  const a = gaussianMixture(30, 4, 6, s('client/a'));
  const b = gaussianMixture(70, 4, 6, s('client/b'));
  const rng = s('client/w');
  const w = Float64Array.from({ length: 6 * 4 + 4 }, () => rng.normal(0, 0.3));
  const union = softmaxObjective([a, b], 0.01).value(w);
  const weighted = (30 * softmaxObjective(a, 0.01).value(w) + 70 * softmaxObjective(b, 0.01).value(w)) / 100;
  t.true(Math.abs(union - weighted) <= 1e-14 * Math.abs(union));
  t.throws(() => softmaxObjective([a, gaussianMixture(5, 3, 6, s('client/c'))], 0.01), { instanceOf: RangeError });
  t.throws(() => softmaxObjective({ ...a, y: Float32Array.from(a.y, () => 4) }, 0.01), { instanceOf: RangeError });
  t.throws(() => softmaxObjective(a, 0.01).value(new Float64Array(3)), { instanceOf: RangeError });
});

/** Solves A x = b for a symmetric positive definite A (n × n, row-major) by Cholesky. */
function choleskySolve(A: Float64Array, b: Float64Array, n: number): Float64Array {
  const L = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = A[i * n + j]!;
      for (let k = 0; k < j; k++) sum -= L[i * n + k]! * L[j * n + k]!;
      L[i * n + j] = i === j ? Math.sqrt(sum) : sum / L[j * n + j]!;
    }
  }
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = b[i]!;
    for (let k = 0; k < i; k++) sum -= L[i * n + k]! * z[k]!;
    z[i] = sum / L[i * n + i]!;
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let sum = z[i]!;
    for (let k = i + 1; k < n; k++) sum -= L[k * n + i]! * x[k]!;
    x[i] = sum / L[i * n + i]!;
  }
  return x;
}

test('L-BFGS finds w* = A⁻¹b of F(w) = ½wᵀAw − bᵀw to 1e-8', (t) => {
  for (const seed of [1, 2, 3]) {
    const n = 12;
    const rng = s('quadratic', seed);
    const M = Float64Array.from({ length: n * n }, () => rng.normal());
    const A = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      let sum = i === j ? 0.1 : 0;
      for (let k = 0; k < n; k++) sum += M[k * n + i]! * M[k * n + j]!;
      A[i * n + j] = sum;
    }
    const b = Float64Array.from({ length: n }, () => rng.normal());
    const quadratic: DifferentiableObjective = {
      dimension: n,
      value: (w) => quadratic.gradient(w, new Float64Array(n)),
      gradient(w, out) {
        let value = 0;
        for (let i = 0; i < n; i++) {
          let Aw = 0;
          for (let j = 0; j < n; j++) Aw += A[i * n + j]! * w[j]!;
          out[i] = Aw - b[i]!;
          value += 0.5 * w[i]! * Aw - b[i]! * w[i]!;
        }
        return value;
      },
    };
    const exact = choleskySolve(A, b, n);
    const r = minimiseObjective(quadratic, new Float64Array(n), { gradientTolerance: 1e-12 });
    t.is(r.stop, 'gradient');
    const error = Math.max(...Array.from(r.w, (x, k) => Math.abs(x - exact[k]!)));
    t.true(error <= 1e-8, `seed ${seed}: max error ${error} after ${r.iterations} iterations`);
  }
});

test('L-BFGS finds the closed-form minimiser of two-class softmax on symmetric one-feature data', (t) => {
  // x = +1 labelled 1 and x = −1 labelled 0. By symmetry the bias is 0 and the kernel is (−u/2, u/2),
  // with F = log(1 + e^(−u)) + ρu²/2, stationary where ρu = 1/(1 + e^u) (solved by bisection).
  const rho = 0.1;
  const data: Dataset = { x: Float32Array.from([1, -1]), y: Float32Array.from([1, 0]), n: 2, dim: 1, classes: 2 };
  let lo = 0;
  let hi = 1 / rho;
  for (let k = 0; k < 200; k++) {
    const mid = (lo + hi) / 2;
    if (rho * mid - 1 / (1 + Math.exp(mid)) > 0) hi = mid;
    else lo = mid;
  }
  const u = (lo + hi) / 2;
  const expected = [-u / 2, u / 2, 0, 0];
  const f = softmaxObjective(data, rho);
  const r = minimiseObjective(f, Float64Array.from([0.3, -0.2, 0.5, 0.1]), { gradientTolerance: 1e-12 });
  t.is(r.stop, 'gradient');
  const error = Math.max(...expected.map((e, k) => Math.abs(r.w[k]! - e)));
  t.true(error <= 1e-8, `max error ${error}`);
  t.true(Math.abs(r.value - (Math.log1p(Math.exp(-u)) + (rho * u * u) / 2)) <= 1e-12);
});

test('the certified lower bound never exceeds the minimum found by a much longer run', (t) => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.constantFrom(0, 1, 3, 10, 30), (seed, stopAfter) => {
      const f = softmaxObjective(gaussianMixture(150, 4, 8, s('bound', seed), 2, 1), 1e-3);
      const w0 = new Float64Array(f.dimension);
      const early = minimiseObjective(f, w0, { maxIterations: stopAfter });
      const long = minimiseObjective(f, w0, { gradientTolerance: 1e-11, maxIterations: 100_000 });
      const lower = certifiedLowerBound(early.value, early.gradientNorm, f.strongConvexityModulus);
      return lower <= long.value && long.value <= early.value && long.gradientNorm <= 1e-9;
    }),
    { numRuns: 12, seed: 7 },
  );
  t.throws(() => certifiedLowerBound(1, 1, 0), { instanceOf: RangeError });
  t.is(certifiedLowerBound(1, 0.2, 2), 1 - 0.04 / 4);
});

test('minimising on 2 000 MNIST digits gives softmax-regression accuracy (≥ 0.8) and TF.js agrees at the minimiser', (t) => {
  const { train, test: held } = mnist();
  const data = subset(train, Array.from({ length: 2000 }, (_, i) => i));
  const def = softmaxRegression();
  const f = softmaxObjective(data, def.l2);
  const r = minimiseObjective(f, new Float64Array(f.dimension));
  t.is(r.stop, 'gradient');
  const model = def.build();
  const w = Float32Array.from(r.w);
  const accuracy = evaluate(def, model, held, w).accuracy;
  t.log(`test accuracy ${accuracy.toFixed(4)} after ${r.iterations} iterations; min true-class probability ${f.minTrueClassProbability(w).toExponential(2)}`);
  t.true(accuracy >= 0.8);
  // the clip is inactive at the minimiser too: TF.js's loss there is F*
  t.true(f.minTrueClassProbability(w) >= 1e-7);
  t.true(Math.abs(computeGradient(def, model, data, w).loss - f.value(w)) <= 1e-5 * r.value);
  model.dispose();
});

test('n = 4 000 MNIST digits with l2 = 1e-4: L-BFGS reaches ‖∇F‖ ≤ 1e-6 in a few hundred iterations', (t) => {
  const data = subset(mnist().train, Array.from({ length: 4000 }, (_, i) => i));
  const f = softmaxObjective(data, 1e-4);
  const started = performance.now();
  const r = minimiseObjective(f, new Float64Array(f.dimension), { gradientTolerance: 1e-6 });
  const wallS = (performance.now() - started) / 1000;
  const lower = certifiedLowerBound(r.value, r.gradientNorm, f.strongConvexityModulus);
  t.log(`${r.iterations} iterations, ${r.evaluations} evaluations, ${wallS.toFixed(2)} s, ‖∇F‖ = ${r.gradientNorm.toExponential(2)}, F* ∈ [${lower}, ${r.value}]`);
  t.is(r.stop, 'gradient');
  t.true(r.gradientNorm <= 1e-6);
  t.true(r.iterations <= 1000);
  t.true(r.value - lower <= 1e-8);
});
