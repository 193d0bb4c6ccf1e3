import test from 'ava';
import { mean } from 'simple-statistics';
import { loadMnist, trainTestSplit, fedproxSynthetic, gaussianMixture, linearRegression } from '../../src/learning/dataset.js';
import { iidPartition, dirichletPartition, shardPartition, quantitySkewPartition, memoryPartition, labelHistograms, gammaDraw, sampleShares, type Partition } from '../../src/learning/partition.js';
import { RandomStreams } from '../../src/engine/random.js';

const s = (name: string) => new RandomStreams(5).stream(name);

function coversOnce(t: { true: (v: boolean, m?: string) => void }, p: Partition, n: number): void {
  const all = p.flat().sort((a, b) => a - b);
  t.true(all.length === n && all.every((v, i) => v === i), 'every example exactly once');
}

test('MNIST: 10 000 real digits of 784 values in [0, 1], about 1 000 a class; a seeded split', (t) => {
  const d = loadMnist();
  t.is(d.dim, 784);
  t.true(d.n >= 9_900 && d.n <= 10_100, `n = ${d.n}`);
  t.is(d.x.length, d.n * 784);
  t.true(d.x.every((v) => v >= 0 && v <= 1));
  const counts = new Array(10).fill(0);
  for (const y of d.y) counts[y]++;
  t.true(counts.every((c) => c > 800 && c < 1200), `${counts}`);
  const a = trainTestSplit(d, 0.2, s('split'));
  const b = trainTestSplit(d, 0.2, s('split'));
  t.is(a.test.n, Math.round(0.2 * d.n));
  t.deepEqual(a.test.y.slice(0, 50), b.test.y.slice(0, 50)); // same seed, same split
  t.is(a.train.n + a.test.n, d.n);
});

test('IID and shards partitions: disjoint, complete; shards give each client at most two classes', (t) => {
  const d = loadMnist();
  const iid = iidPartition(d.n, 10, s('iid'));
  coversOnce(t, iid, d.n);
  const hist = labelHistograms(iid, d.y, 10);
  for (const h of hist) for (let c = 0; c < 10; c++) t.true(Math.abs(h[c]! / d.n * 10 - 0.1) < 0.04, 'IID histograms near uniform');
  const shards = shardPartition(d.y, 50, s('shards'));
  coversOnce(t, shards, d.n);
  for (const h of labelHistograms(shards, d.y, 10)) t.true(h.filter((x) => x > 0).length <= 4, 'shards: about two classes (a shard may straddle a class boundary)');
  t.true(mean(labelHistograms(shards, d.y, 10).map((h) => h.filter((x) => x > 0).length)) <= 3);
});

test('Dirichlet label skew: small α concentrates classes, large α is near IID; Gamma draws have mean α', (t) => {
  const labels = Float32Array.from({ length: 20_000 }, (_, i) => i % 10);
  const maxShare = (alpha: number): number => {
    const p = dirichletPartition(labels, 10, 20, alpha, s(`dir${alpha}`));
    coversOnce(t, p, labels.length);
    return mean(labelHistograms(p, labels, 10).filter((h) => h.some((x) => x > 0)).map((h) => Math.max(...h) / h.reduce((a, b) => a + b, 0)));
  };
  t.true(maxShare(0.1) > 0.6);
  t.true(maxShare(100) < 0.2);
  const g = s('gamma');
  for (const a of [0.3, 2.5]) t.true(Math.abs(mean(Array.from({ length: 20000 }, () => gammaDraw(a, g))) / a - 1) < 0.05);
});

test('quantity skew and memory-proportional partitions', (t) => {
  const q = quantitySkewPartition(10_000, 8, s('q'), 1);
  coversOnce(t, q, 10_000);
  t.true(Math.max(...q.map((x) => x.length)) > 2 * Math.min(...q.map((x) => x.length)));
  const m = memoryPartition(10_000, [1e5, 2e5, 4e5, 100e6], 3136, s('m'));
  // Shares ∝ memory, 1:2:4:1000 of 10 000 → cumulative rounding gives 10, 20, 40, 9930; the caps
  // are memory / 3136 bytes = 31, 63, 127, 31887 examples, so none binds here…
  t.deepEqual(m.map((x) => x.length), [10, 20, 40, 9930]);
  // …while with 1:2:4:100 the shares 93, 187, 374, 9346 meet the caps 31, 63, 127 of the small clients.
  const capped = memoryPartition(10_000, [1e5, 2e5, 4e5, 10e6], 3136, s('m2'));
  t.deepEqual(capped.map((x) => x.length), [31, 63, 127, 3188]);
});

test('synthetic sets: FedProx Synthetic labels in range, Gaussian mixture separable-ish, regression fits its weights', (t) => {
  const f = fedproxSynthetic(500, 1, 1, s('fp'));
  t.is(f.x.length, 500 * 60);
  t.true(f.y.every((y) => Number.isInteger(y) && y >= 0 && y < 10));
  const g = gaussianMixture(1000, 3, 5, s('gm'));
  t.is(new Set(g.y).size, 3);
  const { data, trueWeights } = linearRegression(2000, 4, s('lr'), 0.01);
  // Least squares on this data recovers w* (residual noise 0.01): check ⟨w*, x⟩ ≈ y.
  let err = 0;
  for (let i = 0; i < data.n; i++) {
    let dot = 0;
    for (let j = 0; j < 4; j++) dot += trueWeights[j]! * data.x[i * 4 + j]!;
    err += (dot - data.y[i]!) ** 2 / data.n;
  }
  t.true(Math.sqrt(err) < 0.02);
});

test('samplesPerClient keeps a sample of each Dirichlet share: its label proportions follow the share (total variation)', (t) => {
  // MNIST's training split, as the simulator partitions it: Dir(0.5) over 10 clients, then 400 kept each.
  const { train } = trainTestSplit(loadMnist(), 0.2, s('split'));
  const parts = dirichletPartition(train.y, 10, 10, 0.5, s('dir'));
  const n = 400;
  const kept = sampleShares(parts, n, s('samples'));
  const full = labelHistograms(parts, train.y, 10);
  const mine = labelHistograms(kept, train.y, 10);
  // A uniform sample of n from a share with label proportions p has E[TV] ≤ ½ Σ √(p_c(1−p_c)/n)
  // ≤ ½ √(K−1)/√n (Cauchy–Schwarz; K = 10 classes) = 0.075, and TV changes by at most 1/n per
  // swapped example, so P(TV ≥ E + 0.1) ≤ exp(−2n·0.1²) = e⁻⁸ (McDiarmid). Bound: 0.175.
  const bound = (0.5 * Math.sqrt(9)) / Math.sqrt(n) + 0.1;
  let sampled = 0;
  parts.forEach((share, k) => {
    t.true(kept[k]!.every((i) => share.includes(i)), 'kept examples come from the share');
    t.is(new Set(kept[k]).size, kept[k]!.length, 'no example twice');
    if (share.length <= n) {
      t.deepEqual(kept[k], share, 'a share no larger than the cap is kept whole');
      return;
    }
    sampled++;
    t.is(kept[k]!.length, n);
    const tv = 0.5 * full[k]!.reduce((a, f, c) => a + Math.abs(f / share.length - mine[k]![c]! / n), 0);
    t.true(tv <= bound, `client ${k}: TV ${tv.toFixed(3)} > ${bound}; full ${full[k]} kept ${mine[k]}`);
  });
  t.true(sampled >= 5, `${sampled} clients sampled`);
  // Seeded: the same stream gives the same samples.
  t.deepEqual(sampleShares(parts, n, s('samples')), kept);
});
