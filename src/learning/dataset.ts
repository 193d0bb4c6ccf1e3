/**
 * Datasets as plain typed arrays (features row-major, integer labels): MNIST from the `mnist`
 * package's 10 000 real digits, split into train and test with a seeded stream, and seeded
 * synthetic sets (FedProx Synthetic(α, β), Gaussian mixtures, a strongly convex regression task).
 * @module
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { RandomStream } from '../engine/random.js';

/** A dataset: `n` examples of `dim` features, labels in [0, classes) (or real targets for regression). */
export interface Dataset {
  /** features, n × dim, row-major */
  x: Float32Array;
  /** labels (class indices) or regression targets */
  y: Float32Array;
  /** number of examples */
  n: number;
  /** features per example */
  dim: number;
  /** number of classes (1 for regression) */
  classes: number;
}

/** A train/test split. */
export interface Split {
  /** training examples */
  train: Dataset;
  /** test examples */
  test: Dataset;
}

/**
 * The rows `indices` of a dataset.
 * @param d - the dataset
 * @param indices - rows to take, in order
 */
export function subset(d: Dataset, indices: ArrayLike<number>): Dataset {
  const x = new Float32Array(indices.length * d.dim);
  const y = new Float32Array(indices.length);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k]!;
    x.set(d.x.subarray(i * d.dim, (i + 1) * d.dim), k * d.dim);
    y[k] = d.y[i]!;
  }
  return { x, y, n: indices.length, dim: d.dim, classes: d.classes };
}

/**
 * Every share's rows as one dataset each, all views into a single packed copy: the shares' rows are
 * copied once, back to back, and share k's `x` and `y` are subarrays of that copy. Each view holds
 * exactly `subset(d, shares[k])`'s values in the same order, so training on it draws the same
 * batches; but the clients own no buffer of their own (no per-client allocation beyond two
 * subarray headers), and the packed copy is no larger than the shares together (the train set once
 * when they are disjoint).
 * @param d - the dataset
 * @param shares - each client's rows, in order
 */
export function shareViews(d: Dataset, shares: readonly ArrayLike<number>[]): Dataset[] {
  const total = shares.reduce((a, s) => a + s.length, 0);
  const x = new Float32Array(total * d.dim);
  const y = new Float32Array(total);
  const out: Dataset[] = [];
  let row = 0;
  for (const share of shares) {
    const first = row;
    for (let k = 0; k < share.length; k++, row++) {
      const i = share[k]!;
      if (!(i >= 0 && i < d.n)) throw new RangeError(`row ${i} is outside the dataset's ${d.n} rows`);
      x.set(d.x.subarray(i * d.dim, (i + 1) * d.dim), row * d.dim);
      y[row] = d.y[i]!;
    }
    out.push({ x: x.subarray(first * d.dim, row * d.dim), y: y.subarray(first, row), n: share.length, dim: d.dim, classes: d.classes });
  }
  return out;
}

/**
 * Splits a dataset into train and test, shuffled with `rng`.
 * @param d - the dataset
 * @param testFraction - share of examples in the test set, in (0, 1)
 * @param rng - a named stream (e.g. `data/split`)
 */
export function trainTestSplit(d: Dataset, testFraction: number, rng: RandomStream): Split {
  const order = rng.shuffle(Array.from({ length: d.n }, (_, i) => i));
  const nTest = Math.round(testFraction * d.n);
  return { test: subset(d, order.slice(0, nTest)), train: subset(d, order.slice(nTest)) };
}

let mnistCache: Dataset | undefined;

/**
 * The 10 000 MNIST digits of the `mnist` package (28 × 28 = 784 values in [0, 1], labels 0–9), read
 * from its per-digit files. (The package's own `set()` shuffles with an unseeded generator and drops samples;
 * split with {@link trainTestSplit} instead.)
 */
export function loadMnist(): Dataset {
  if (mnistCache !== undefined) return mnistCache;
  const require = createRequire(import.meta.url);
  const dir = join(dirname(require.resolve('mnist/package.json')), 'src', 'digits');
  const parts: Float32Array[] = [];
  const labels: number[] = [];
  for (let digit = 0; digit < 10; digit++) {
    const data = (JSON.parse(readFileSync(join(dir, `${digit}.json`), 'utf8')) as { data: number[] }).data;
    if (data.length % 784 !== 0) throw new Error(`mnist digit ${digit}: ${data.length} values is not a multiple of 784`);
    parts.push(Float32Array.from(data));
    for (let k = 0; k < data.length / 784; k++) labels.push(digit);
  }
  const x = new Float32Array(labels.length * 784);
  let off = 0;
  for (const p of parts) {
    x.set(p, off);
    off += p.length;
  }
  mnistCache = { x, y: Float32Array.from(labels), n: labels.length, dim: 784, classes: 10 };
  return mnistCache;
}

/**
 * FedProx Synthetic(α, β) for one client (Li et al., MLSys 2020): u ~ N(0, α), B ~ N(0, β);
 * W ~ N(u, 1), b ~ N(u, 1); v_k ~ N(B, 1); x ~ N(v, Σ) with Σ_jj = j^(−1.2); y = argmax softmax(Wx + b).
 * @param samples - examples for this client
 * @param alpha - model heterogeneity α
 * @param beta - data heterogeneity β
 * @param rng - the client's stream
 * @param dim - features; default 60
 * @param classes - classes; default 10
 */
export function fedproxSynthetic(samples: number, alpha: number, beta: number, rng: RandomStream, dim = 60, classes = 10): Dataset {
  const u = rng.normal(0, Math.sqrt(alpha));
  const B = rng.normal(0, Math.sqrt(beta));
  const W = Float64Array.from({ length: classes * dim }, () => rng.normal(u, 1));
  const b = Float64Array.from({ length: classes }, () => rng.normal(u, 1));
  const v = Float64Array.from({ length: dim }, () => rng.normal(B, 1));
  const x = new Float32Array(samples * dim);
  const y = new Float32Array(samples);
  for (let s = 0; s < samples; s++) {
    for (let j = 0; j < dim; j++) x[s * dim + j] = rng.normal(v[j]!, Math.sqrt((j + 1) ** -1.2));
    let best = 0;
    let bestScore = -Infinity;
    for (let c = 0; c < classes; c++) {
      let score = b[c]!;
      for (let j = 0; j < dim; j++) score += W[c * dim + j]! * x[s * dim + j]!;
      if (score > bestScore) {
        bestScore = score;
        best = c;
      }
    }
    y[s] = best;
  }
  return { x, y, n: samples, dim, classes };
}

/**
 * A Gaussian mixture: class c's examples are N(μ_c, σ²·I) with means drawn from N(0, spread²·I).
 * @param samples - examples
 * @param classes - classes
 * @param dim - features
 * @param rng - stream
 * @param sigma - within-class standard deviation; default 1
 * @param spread - standard deviation of the means; default 3
 */
export function gaussianMixture(samples: number, classes: number, dim: number, rng: RandomStream, sigma = 1, spread = 3): Dataset {
  const means = Float64Array.from({ length: classes * dim }, () => rng.normal(0, spread));
  const x = new Float32Array(samples * dim);
  const y = new Float32Array(samples);
  for (let s = 0; s < samples; s++) {
    const c = rng.integer(0, classes - 1);
    y[s] = c;
    for (let j = 0; j < dim; j++) x[s * dim + j] = rng.normal(means[c * dim + j]!, sigma);
  }
  return { x, y, n: samples, dim, classes };
}

/** A regression dataset and the weights that generated it. */
export interface RegressionTask {
  /** the examples (targets in `y`) */
  data: Dataset;
  /** the true weights w* */
  trueWeights: Float32Array;
}

/**
 * A linear regression task y = ⟨w*, x⟩ + ε (x ~ N(0, I), ε ~ N(0, noise²)); with the loss
 * (1/2)‖Xw − y‖²/n + ρ‖w‖² it is strongly convex (the seed's eq. 1 with ρ·R(w) = ρ‖w‖²).
 * @returns the dataset and the true weights w*
 */
export function linearRegression(samples: number, dim: number, rng: RandomStream, noise = 0.1): RegressionTask {
  const w = Float32Array.from({ length: dim }, () => rng.normal());
  const x = new Float32Array(samples * dim);
  const y = new Float32Array(samples);
  for (let s = 0; s < samples; s++) {
    let dot = 0;
    for (let j = 0; j < dim; j++) {
      const v = rng.normal();
      x[s * dim + j] = v;
      dot += w[j]! * v;
    }
    y[s] = dot + rng.normal(0, noise);
  }
  return { data: { x, y, n: samples, dim, classes: 1 }, trueWeights: w };
}

/** MNIST with its test share. */
export interface MnistChoice {
  /** discriminator */
  readonly name: 'mnist';
  /** share held out for testing */
  readonly testFraction: number;
}

/** A seeded Gaussian mixture with its test share. */
export interface GaussianMixtureChoice {
  /** discriminator */
  readonly name: 'gaussian-mixture';
  /** examples */
  readonly samples: number;
  /** classes */
  readonly classes: number;
  /** features */
  readonly dim: number;
  /** share held out for testing */
  readonly testFraction: number;
}

/** A dataset a scenario names, with its test share (training's and a data center's dataset specs). */
export type DatasetChoice = MnistChoice | GaussianMixtureChoice;

/**
 * Loads (MNIST) or draws (a Gaussian mixture, from `rng`) the dataset a scenario names, then
 * splits it into train and test with the same stream.
 */
export function loadSplit(d: DatasetChoice, rng: RandomStream): Split {
  const all = d.name === 'mnist' ? loadMnist() : gaussianMixture(d.samples, d.classes, d.dim, rng);
  return trainTestSplit(all, d.testFraction, rng);
}

/** Training examples a named dataset has after its test split (no data drawn). */
export function trainExamples(d: DatasetChoice): number {
  const n = d.name === 'mnist' ? loadMnist().n : d.samples;
  return n - Math.round(d.testFraction * n);
}
