import test from 'ava';
import { mean, variance } from 'simple-statistics';
import { RandomStream, RandomStreams } from '../../src/engine/random.js';

const N = 20_000;
const draw = (n: number, f: () => number): number[] => Array.from({ length: n }, f);

test('same seed, run and name ⇒ the same draws', (t) => {
  const a = new RandomStreams(7).stream('fading/t3->e0');
  const b = new RandomStreams(7).stream('fading/t3->e0');
  t.deepEqual(draw(100, () => a.random()), draw(100, () => b.random()));
});

test('different seeds, runs or names ⇒ different draws', (t) => {
  const first = (seed: number, run: number, name: string): number[] => {
    const s = new RandomStreams(seed, run).stream(name);
    return draw(5, () => s.random());
  };
  const base = first(7, 0, 'x');
  t.notDeepEqual(first(8, 0, 'x'), base);
  t.notDeepEqual(first(7, 1, 'x'), base);
  t.notDeepEqual(first(7, 0, 'y'), base);
});

test('adding a stream does not change another stream’s draws', (t) => {
  const alone = new RandomStreams(3);
  const s1 = alone.stream('mobility/t0');
  const expected = draw(200, () => s1.normal());

  const crowded = new RandomStreams(3);
  const other = crowded.stream('a-new-component');
  const s2 = crowded.stream('mobility/t0');
  const got: number[] = [];
  for (let i = 0; i < 200; i++) {
    other.exponential(2);
    other.poisson(50);
    got.push(s2.normal());
  }
  t.deepEqual(got, expected);
  t.is(crowded.stream('mobility/t0'), s2); // one object per name
  t.deepEqual(crowded.names(), ['a-new-component', 'mobility/t0']);
});

test('uniform and integer moments', (t) => {
  const s = new RandomStreams(1).stream('u');
  const u = draw(N, () => s.uniform(2, 4));
  t.true(u.every((x) => x >= 2 && x < 4));
  t.true(Math.abs(mean(u) - 3) < 0.02); // sd of the mean = (2/√12)/√N ≈ 0.004
  t.true(Math.abs(variance(u) - 4 / 12) < 0.015);
  const k = draw(N, () => s.integer(1, 6));
  t.deepEqual([...new Set(k)].sort(), [1, 2, 3, 4, 5, 6]);
  t.true(Math.abs(mean(k) - 3.5) < 0.05);
});

test('normal: mean and variance', (t) => {
  const s = new RandomStreams(1).stream('n');
  const x = draw(N, () => s.normal(5, 2));
  t.true(Math.abs(mean(x) - 5) < 0.06); // 4 sd of the mean (2/√N ≈ 0.014)
  t.true(Math.abs(variance(x) / 4 - 1) < 0.05);
});

test('exponential: mean 1/λ and the exponential CDF (Kolmogorov–Smirnov)', (t) => {
  const s = new RandomStreams(1).stream('e');
  const rate = 2.5;
  const x = draw(N, () => s.exponential(rate)).sort((a, b) => a - b);
  t.true(Math.abs(mean(x) - 1 / rate) < 0.012);
  let d = 0;
  x.forEach((v, i) => {
    const cdf = 1 - Math.exp(-rate * v);
    d = Math.max(d, Math.abs((i + 1) / N - cdf), Math.abs(i / N - cdf));
  });
  // KS critical value at α = 0.001 is 1.95/√n (Massey 1951).
  t.true(d < 1.95 / Math.sqrt(N), `D = ${d}`);
  t.throws(() => s.exponential(0), { instanceOf: RangeError });
});

test('lognormal: mean exp(μ + σ²/2)', (t) => {
  const s = new RandomStreams(1).stream('ln');
  const x = draw(N, () => s.lognormal(0, 0.5));
  t.true(Math.abs(mean(x) - Math.exp(0.125)) < 0.02);
  t.true(x.every((v) => v > 0));
});

function poissonPmf(k: number, lambda: number): number {
  let logF = 0;
  for (let i = 2; i <= k; i++) logF += Math.log(i);
  return Math.exp(-lambda + k * Math.log(lambda) - logF);
}

for (const lambda of [0.5, 4, 29, 30, 100, 1000]) {
  test(`poisson(${lambda}): mean, variance and the pmf at the mode`, (t) => {
    const s = new RandomStreams(1).stream(`p${lambda}`);
    const x = draw(N, () => s.poisson(lambda));
    t.true(x.every((v) => Number.isInteger(v) && v >= 0));
    const sdMean = Math.sqrt(lambda / N);
    t.true(Math.abs(mean(x) - lambda) < 5 * sdMean, `mean ${mean(x)}`);
    t.true(Math.abs(variance(x) / lambda - 1) < 0.06, `variance ${variance(x)}`);
    const mode = Math.floor(lambda);
    const p = poissonPmf(mode, lambda);
    const freq = x.filter((v) => v === mode).length / N;
    t.true(Math.abs(freq - p) < 5 * Math.sqrt((p * (1 - p)) / N), `P(X=${mode}) ${freq} vs ${p}`);
  });
}

test('complex Gaussian CN(0, σ²): E|z|² = σ², parts independent with variance σ²/2', (t) => {
  const s = new RandomStreams(1).stream('cn');
  const z = draw(N, () => 0).map(() => s.complexGaussian(3));
  const power = z.map((c) => c.re * c.re + c.im * c.im);
  t.true(Math.abs(mean(power) / 3 - 1) < 0.05);
  t.true(Math.abs(mean(z.map((c) => c.re))) < 0.05);
  t.true(Math.abs(variance(z.map((c) => c.re)) / 1.5 - 1) < 0.05);
  t.true(Math.abs(mean(z.map((c) => c.re * c.im))) < 0.06);
});

test('shuffle gives permutations with every position equally likely', (t) => {
  const s = new RandomStreams(1).stream('sh');
  const counts = [0, 0, 0, 0];
  for (let i = 0; i < N; i++) {
    const p = s.shuffle([0, 1, 2, 3]);
    t.deepEqual([...p].sort(), [0, 1, 2, 3]);
    counts[p.indexOf(0)]!++;
  }
  for (const c of counts) t.true(Math.abs(c - N / 4) < 4 * Math.sqrt(N * 0.25 * 0.75), `counts ${counts}`);
});

test('choice and weightedChoice frequencies', (t) => {
  const s = new RandomStreams(1).stream('ch');
  const items = ['a', 'b', 'c'];
  const freq = (f: () => string): Record<string, number> => {
    const c: Record<string, number> = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < N; i++) c[f()]!++;
    return c;
  };
  const uniform = freq(() => s.choice(items));
  for (const k of items) t.true(Math.abs(uniform[k]! / N - 1 / 3) < 0.015);
  const weighted = freq(() => s.weightedChoice(items, [1, 2, 7]));
  t.true(Math.abs(weighted.a! / N - 0.1) < 0.012);
  t.true(Math.abs(weighted.b! / N - 0.2) < 0.015);
  t.true(Math.abs(weighted.c! / N - 0.7) < 0.015);
  t.is(s.weightedChoice(items, [0, 0, 1]), 'c');
  t.throws(() => s.weightedChoice(items, [0, 0, 0]), { instanceOf: RangeError });
  t.throws(() => s.weightedChoice(items, [1, 2]), { instanceOf: RangeError });
  t.throws(() => s.choice([]), { instanceOf: RangeError });
});

test('draws equal seedrandom 3.0.5 alea(seedKey), draw for draw, whatever the key', async (t) => {
  // The streams compute Alea in their own fields; the library is the reference.
  const seedrandom = (await import('seedrandom')).default;
  const keys = ['', ' ', '1/0/x', '7/3/radio/t12345|e39', 'seed/0/training/compress/client-99999', 'ü∑😀/0/ü', 'x'.repeat(500)];
  for (const key of keys) {
    const fresh = new RandomStream('n', key);
    const ref = seedrandom.alea(key);
    for (let i = 0; i < 2_000; i++) {
      const a = fresh.random();
      const b = ref();
      if (a !== b) return t.fail(`key ${JSON.stringify(key)} draw ${i}: ${a} ≠ ${b}`);
    }
  }
  t.pass();
});

test('a stream seeds at its first draw: asked for, left, then drawn from, it draws as a fresh one', (t) => {
  const streams = new RandomStreams(5);
  const early = streams.stream('a');
  streams.stream('b').random();
  const fresh = new RandomStreams(5).stream('a');
  t.deepEqual(draw(50, () => early.random()), draw(50, () => fresh.random()));
});

test('normal keeps the second value of a polar Box–Muller pair across other draws', async (t) => {
  // Reference: the polar method over seedrandom's alea, the pair's second value held until the next normal().
  const seedrandom = (await import('seedrandom')).default;
  const u = seedrandom.alea('9/0/n');
  let spare: number | undefined;
  const refNormal = (): number => {
    if (spare !== undefined) {
      const z = spare;
      spare = undefined;
      return z;
    }
    for (;;) {
      const a = 2 * u() - 1;
      const b = 2 * u() - 1;
      const s = a * a + b * b;
      if (s >= 1 || s === 0) continue;
      const f = Math.sqrt((-2 * Math.log(s)) / s);
      spare = b * f;
      return a * f;
    }
  };
  const s = new RandomStreams(9).stream('n');
  const ours: number[] = [];
  const ref: number[] = [];
  for (let i = 0; i < 300; i++) {
    if (i % 3 === 2) {
      ours.push(s.random());
      ref.push(u());
    } else {
      ours.push(s.normal(1, 2));
      ref.push(1 + 2 * refNormal());
    }
  }
  t.deepEqual(ours, ref);
});
