import test from 'ava';
import fc from 'fast-check';
import { RandomStreams, type RandomStream } from '../../src/engine/random.js';
import { superpose, estimateMean, otaMsePerEntry, otaConditionalMsePerEntry, otaSlotAirtimeS, blocksOf, entryBlocks, estimateChannel } from '../../src/radio/ota.js';
import { updateStatistics, pooledStatistics, standardisationOf, standardise, destandardise } from '../../src/radio/otaStatistics.js';

const stream = (name: string, seed = 7): RandomStream => new RandomStreams(seed).stream(name);

/** L independent vectors of q N(0, 1) entries. */
function gaussianSignals(rng: RandomStream, devices: number, q: number): Float32Array[] {
  return Array.from({ length: devices }, () => Float32Array.from({ length: q }, () => rng.normal()));
}

/** The reference mean of the L vectors, entry by entry, in double precision. */
function exactMean(vectors: readonly Float32Array[]): Float64Array {
  const out = new Float64Array(vectors[0]!.length);
  for (const v of vectors) for (let i = 0; i < v.length; i++) out[i]! += v[i]! / vectors.length;
  return out;
}

/** Mean and population variance of a plain array, two passes in double precision: the test's own reference. */
function plainStatistics(values: readonly number[]): { mean: number; variance: number } {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  return { mean, variance: values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length };
}

/** Empirical MSE (summed over the q entries, averaged over slots) of ĝ = y/(K√η) against the mean of the signals. */
function empiricalTotalMse(opts: { devices: number; q: number; slots: number; amplitudes: number[]; phaseErrorsRad?: number[]; eta: number; denominator: number; noiseW: number }): number {
  const signalRng = stream('signals');
  const noiseRng = stream('noise');
  let total = 0;
  for (let s = 0; s < opts.slots; s++) {
    const x = gaussianSignals(signalRng, opts.devices, opts.q);
    const y = superpose({ signals: x, amplitudes: opts.amplitudes, phaseErrorsRad: opts.phaseErrorsRad, noiseW: opts.noiseW, rng: noiseRng });
    const g = estimateMean(y, opts.denominator, opts.eta);
    const target = exactMean(x);
    for (let i = 0; i < opts.q; i++) total += (g[i]! - target[i]!) ** 2;
  }
  return total / opts.slots;
}

test('a perfect channel (a = √η = 1, no noise, θ = 0) gives the exact mean, and de-standardising gives the mean of the raw updates', (t) => {
  const rng = stream('raw');
  const devices = 5;
  const q = 101; // odd: the last entry is sent with a zero partner
  // Raw updates with device-specific offsets and scales, so the pooled (μ, σ) is not (0, 1).
  const raw = Array.from({ length: devices }, (_, l) => Float32Array.from({ length: q }, () => rng.normal(0.1 * l - 0.2, 0.5 + 0.3 * l)));
  const map = standardisationOf(pooledStatistics(raw.map(updateStatistics)));
  const x = raw.map((g) => standardise(g, map));
  const y = superpose({ signals: x, amplitudes: Array(devices).fill(1), noiseW: 0, rng: stream('noise') });
  const estimate = estimateMean(y, devices, 1);
  const meanX = exactMean(x);
  for (let i = 0; i < q; i++) t.true(Math.abs(estimate[i]! - meanX[i]!) <= 1e-6, `entry ${i}`);
  const recovered = destandardise(estimate, map);
  const meanG = exactMean(raw);
  // Relative to the larger of |mean| and σ: a mean near 0 has no meaningful relative error of its own.
  for (let i = 0; i < q; i++) t.true(Math.abs(recovered[i]! - meanG[i]!) <= 1e-6 * Math.max(Math.abs(meanG[i]!), map.std), `entry ${i}`);
});

test('channel inversion (a_l = √η, K = L): the Monte Carlo MSE matches q·N0/(L²·η) within 5%', (t) => {
  // 400 slots × q = 1000: the estimate averages 4·10^5 squared Gaussians, relative sd ≈ √(2/4e5) ≈ 0.2%.
  const devices = 4;
  const q = 1000;
  const eta = 2e-3;
  const noiseW = 8e-3;
  const empirical = empiricalTotalMse({ devices, q, slots: 400, amplitudes: Array(devices).fill(Math.sqrt(eta)), eta, denominator: devices, noiseW });
  const reference = (q * noiseW) / (devices ** 2 * eta); // REFERENCES.md: σ²/(L²η)·q = 1000·8e-3/(16·2e-3) = 250
  t.true(Math.abs(reference - 250) < 1e-9);
  t.true(Math.abs(empirical / reference - 1) < 0.05, `empirical ${empirical}, closed form ${reference}`);
  t.true(Math.abs(q * otaMsePerEntry({ amplitudes: Array(devices).fill(Math.sqrt(eta)), eta, denominator: devices, noiseW }) - reference) < 1e-9 * reference);
});

test('unequal amplitudes (one device skips, K < L): the Monte Carlo MSE matches (q/K²)·[Σ(a_l/√η − K/L)² + N0/η] within 5%', (t) => {
  const devices = 4;
  const q = 1000;
  const eta = 1;
  const noiseW = 0.5;
  const amplitudes = [1, 0.5, 1.3, 0]; // the last device skips (truncated)
  const denominator = 3; // the estimate averages over the 3 that transmit
  // Error of entry i: Σ_l (a_l/(K√η) − 1/L)·x_{l,i} + n_i/(K√η); independent unit-variance terms add their squared coefficients.
  const perEntry = amplitudes.reduce((s, a) => s + (a / (denominator * Math.sqrt(eta)) - 1 / devices) ** 2, 0) + noiseW / (denominator ** 2 * eta);
  // By hand: coefficients 1/3 − 1/4 = 1/12, 1/6 − 1/4 = −1/12, 1.3/3 − 1/4 = 0.18333…, −1/4; squares 0.0069444 + 0.0069444 + 0.0336111 + 0.0625 = 0.11; noise 0.5/9 = 0.0555556.
  t.true(Math.abs(perEntry - (0.11 + 0.5 / 9)) < 1e-9);
  t.true(Math.abs(otaMsePerEntry({ amplitudes, eta, denominator, noiseW }) - perEntry) < 1e-12);
  const empirical = empiricalTotalMse({ devices, q, slots: 400, amplitudes, eta, denominator, noiseW });
  t.true(Math.abs(empirical / (q * perEntry) - 1) < 0.05, `empirical ${empirical}, closed form ${q * perEntry}`);
});

test('phase errors: the Monte Carlo MSE matches the closed form with the leaked imaginary part within 5%', (t) => {
  const devices = 3;
  const q = 1000;
  const eta = 1;
  const noiseW = 0.1;
  const amplitudes = [1, 1, 1];
  const phaseErrorsRad = [0.5, -0.3, 0];
  // Entry 2k: Σ_l (cos θ_l/L − 1/L)·x_{l,2k} − Σ_l (sin θ_l/L)·x_{l,2k+1} + n/L  (a = √η = 1, K = L).
  const perEntry = phaseErrorsRad.reduce((s, th) => s + ((Math.cos(th) - 1) / devices) ** 2 + (Math.sin(th) / devices) ** 2, 0) + noiseW / devices ** 2;
  t.true(Math.abs(otaMsePerEntry({ amplitudes, phaseErrorsRad, eta, denominator: devices, noiseW }) - perEntry) < 1e-12);
  const empirical = empiricalTotalMse({ devices, q, slots: 400, amplitudes, phaseErrorsRad, eta, denominator: devices, noiseW });
  t.true(Math.abs(empirical / (q * perEntry) - 1) < 0.05, `empirical ${empirical}, closed form ${q * perEntry}`);
});

test('a phase error θ on one device leaks the imaginary part: y₀ = a(cos θ·x₀ − sin θ·x₁), y₁ = a(sin θ·x₀ + cos θ·x₁)', (t) => {
  // a = 2, θ = π/6 (cos = 0.8660254, sin = 0.5), x = (0.6, −0.8):
  // y₀ = 2(0.5196152 + 0.4) = 1.8392305; y₁ = 2(0.3 − 0.6928203) = −0.7856406.
  const y = superpose({ signals: [Float32Array.of(0.6, -0.8)], amplitudes: [2], phaseErrorsRad: [Math.PI / 6], noiseW: 0, rng: stream('noise') });
  t.is(y.length, 2);
  t.true(Math.abs(y[0]! - 1.8392305) < 1e-6, `${y[0]}`);
  t.true(Math.abs(y[1]! + 0.7856406) < 1e-6, `${y[1]}`);
  // An odd q pads a zero partner: the third entry keeps only a·cos θ·x₂ = 2·0.8660254·0.5 = 0.8660254.
  const odd = superpose({ signals: [Float32Array.of(0.6, -0.8, 0.5)], amplitudes: [2], phaseErrorsRad: [Math.PI / 6], noiseW: 0, rng: stream('noise') });
  t.true(Math.abs(odd[2]! - 0.8660254) < 1e-6);
});

test('the noise is N(0, N0) per real entry: zero amplitudes leave √2·Re z with variance N0', (t) => {
  const q = 200_001;
  const y = superpose({ signals: [new Float32Array(q)], amplitudes: [0], noiseW: 3, rng: stream('noise') });
  const { mean, variance } = plainStatistics(Array.from(y));
  t.true(Math.abs(mean) < 0.02);
  t.true(Math.abs(variance / 3 - 1) < 0.02, `${variance}`); // sd of the sample variance ≈ √(2/q) ≈ 0.3%
});

test('pooled statistics equal the statistics of the concatenated vectors', (t) => {
  const entry = fc.float({ min: -1000, max: 1000, noNaN: true });
  fc.assert(
    fc.property(fc.array(fc.array(entry, { minLength: 1, maxLength: 40 }), { minLength: 1, maxLength: 6 }), (devices) => {
      const pooled = pooledStatistics(devices.map((d) => updateStatistics(Float32Array.from(d))));
      const all = devices.flat().map((v) => Math.fround(v));
      const ref = plainStatistics(all);
      const scale = Math.max(1, ...all.map(Math.abs));
      return pooled.count === all.length && Math.abs(pooled.mean - ref.mean) <= 1e-9 * scale && Math.abs(pooled.variance - ref.variance) <= 1e-9 * scale * scale;
    }),
  );
  t.pass();
});

test('weighted pooling is the mixture: weights (1, 3) over means (0, 4), variances (1, 1) give μ = 3, σ² = 1 + 3 = 4', (t) => {
  // Mixture: μ = (0 + 3·4)/4 = 3; σ² = [1·(1 + 9) + 3·(1 + 1)]/4 = 16/4 = 4.
  const pooled = pooledStatistics([{ mean: 0, variance: 1, count: 10 }, { mean: 4, variance: 1, count: 10 }], [1, 3]);
  t.true(Math.abs(pooled.mean - 3) < 1e-12 && Math.abs(pooled.variance - 4) < 1e-12);
  t.is(pooled.count, 20);
  t.deepEqual(standardisationOf(pooled), { mean: 3, std: 2 });
  t.throws(() => standardise(Float32Array.of(1, 1), { mean: 1, std: 0 }), { instanceOf: RangeError });
});

test('airtime: q = 199 210 (the 2NN) over 1 MHz is ⌈q/2⌉/B = 0.099605 s, whatever the number of devices', (t) => {
  const q = 199_210;
  const airtime = otaSlotAirtimeS({ entries: q, bandwidthHz: 1e6 });
  t.true(Math.abs(airtime - 0.099605) < 1e-12);
  // The slot carries ⌈q/2⌉ symbols for L = 1 and for L = 100: the superposition has q entries either way.
  const rng = stream('signals');
  for (const devices of [1, 100]) {
    const y = superpose({ signals: gaussianSignals(rng, devices, q), amplitudes: Array(devices).fill(1), noiseW: 1, rng: stream('noise') });
    t.is(y.length, q);
  }
  t.true(Math.abs(otaSlotAirtimeS({ entries: 3, bandwidthHz: 1e3, symbolsPerHz: 2 }) - 2 / 2e3) < 1e-15); // ⌈3/2⌉ = 2 symbols at 2000 symbols/s
});

test('blocks: a 0.099605 s slot over Tc = 30 ms is 3 blocks of 30 ms and one of 9.605 ms; entries split on whole symbols', (t) => {
  const blocks = blocksOf(0.099605, 0.03);
  t.is(blocks.length, 4);
  t.deepEqual(blocks.map((b) => Math.round(b.startS * 1e9)), [0, 30e6, 60e6, 90e6]);
  t.true(Math.abs(blocks[3]!.durationS - 0.009605) < 1e-12);
  t.deepEqual(blocksOf(0.3, 0.1).length, 3); // 0.3/0.1 = 2.9999999999999996: no sliver block
  t.deepEqual(blocksOf(0.01, 0.1), [{ startS: 0, durationS: 0.01 }]);
  // 30 ms at 1 Msymbol/s = 30 000 symbols = 60 000 entries per block.
  t.deepEqual(entryBlocks({ entries: 199_210, bandwidthHz: 1e6 }, 0.03), [
    { startEntry: 0, endEntry: 60_000 },
    { startEntry: 60_000, endEntry: 120_000 },
    { startEntry: 120_000, endEntry: 180_000 },
    { startEntry: 180_000, endEntry: 199_210 },
  ]);
});

test('channel estimates: exact without error; E|ĥ|² = |h|² + σ_e² and var θ ≈ σ_e²/(2|h|²) for a small error', (t) => {
  const exact = estimateChannel(2.5, 0, stream('csi'));
  t.true(Math.abs(exact.estimatedGain - 2.5) < 1e-12 && Math.abs(exact.phaseErrorRad) < 1e-12);
  const rng = stream('csi');
  const n = 40_000;
  const gains: number[] = [];
  const phases: number[] = [];
  for (let i = 0; i < n; i++) {
    const e = estimateChannel(1, 0.01, rng);
    gains.push(e.estimatedGain);
    phases.push(e.phaseErrorRad);
  }
  // ĥ = h + e with h, e independent: E|ĥ|² = |h|² + E|e|² = 1.01.
  t.true(Math.abs(plainStatistics(gains).mean / 1.01 - 1) < 0.01);
  // Only the part of e orthogonal to h turns the phase: θ ≈ −e_⊥/|h| with e_⊥ ~ N(0, σ_e²/2), so var θ ≈ 0.005.
  const { mean, variance } = plainStatistics(phases);
  t.true(Math.abs(mean) < 0.002);
  t.true(Math.abs(variance / 0.005 - 1) < 0.05, `${variance}`);
  t.true(phases.every((p) => p > -Math.PI && p <= Math.PI));
});

test('the conditional error of given signals: misalignment ‖Σ c_l x_l‖²/q plus N0/(K²η), by hand', (t) => {
  // x₁ = (1, −1), x₂ = (1, 1); a = (2, 0), η = 1, K = 2, L = 2: c = (2/2 − 1/2, 0 − 1/2) = (0.5, −0.5);
  // Σ c x = (0, −1): ‖·‖²/q = 0.5; noise 0.4/4 = 0.1.
  const mse = otaConditionalMsePerEntry([Float32Array.of(1, -1), Float32Array.of(1, 1)], { amplitudes: [2, 0], eta: 1, denominator: 2, noiseW: 0.4 });
  t.true(Math.abs(mse - 0.6) < 1e-12);
});

test('invalid inputs are RangeErrors', (t) => {
  const rng = stream('noise');
  t.throws(() => superpose({ signals: [], amplitudes: [], noiseW: 0, rng }), { instanceOf: RangeError });
  t.throws(() => superpose({ signals: [new Float32Array(2), new Float32Array(3)], amplitudes: [1, 1], noiseW: 0, rng }), { instanceOf: RangeError });
  t.throws(() => superpose({ signals: [new Float32Array(2)], amplitudes: [-1], noiseW: 0, rng }), { instanceOf: RangeError });
  t.throws(() => superpose({ signals: [new Float32Array(2)], amplitudes: [1], noiseW: -1, rng }), { instanceOf: RangeError });
  t.throws(() => estimateMean(new Float64Array(2), 0, 1), { instanceOf: RangeError });
  t.throws(() => otaSlotAirtimeS({ entries: 10, bandwidthHz: 0 }), { instanceOf: RangeError });
  t.throws(() => entryBlocks({ entries: 10, bandwidthHz: 1e3 }, 1e-4), { instanceOf: RangeError });
});
