import test from 'ava';
import { keys, besselJ0 } from './reference.js';
import { mean, variance } from 'simple-statistics';
import { BlockFading, JakesFading, coherenceTimeS, dopplerHz } from '../../src/radio/fading.js';
import { Shadowing } from '../../src/radio/shadowing.js';
import { expint1, besselI0Scaled } from '../../src/radio/special.js';
import { rayleighErgodicSpectralEfficiency, ricianErgodicSpectralEfficiency } from '../../src/radio/ergodic.js';
import { RandomStreams } from '../../src/engine/random.js';

const LAMBDA = 299_792_458 / 3.5e9;

test('E1 matches Abramowitz & Stegun Table 5.1; I0 its series', (t) => {
  const table: [number, number][] = [
    [0.1, 1.8229239584193906],
    [0.5, 0.5597735947761608],
    [1, 0.21938393439552029],
    [2, 0.04890051070806112],
    [5, 0.0011482955912753257],
    [10, 4.156968929685324e-6],
  ];
  for (const [x, e1] of table) t.true(Math.abs(expint1(x) / e1 - 1) < 1e-12, `E1(${x}) = ${expint1(x)}`);
  t.true(Math.abs(besselI0Scaled(1) * Math.E - 1.2660658777520082) < 1e-12);
  t.true(Math.abs(besselI0Scaled(20) * Math.exp(20) / 4.355828255955353e7 - 1) < 1e-10);
});

test('Rayleigh block fading: |h|² has mean 1 and is Exp(1) (Kolmogorov–Smirnov), blocks independent', (t) => {
  const [key] = keys(1);
  const f = new BlockFading(key!, 0, LAMBDA, 0.01);
  const n = 20000;
  const g = Array.from({ length: n }, (_, i) => f.powerGainAt(0, 0, i * 0.01 + 0.005)).sort((a, b) => a - b);
  t.true(Math.abs(mean(g) - 1) < 0.04);
  let d = 0;
  g.forEach((v, i) => {
    const cdf = 1 - Math.exp(-v);
    d = Math.max(d, Math.abs((i + 1) / n - cdf), Math.abs(i / n - cdf));
  });
  t.true(d < 1.95 / Math.sqrt(n), `KS D = ${d}`);
  t.is(f.powerGainAt(0, 0, 0.001), f.powerGainAt(0, 0, 0.009)); // same block
});

test('Rician fading: mean 1 and variance (2K+1)/(K+1)² for K = 5', (t) => {
  const [key] = keys(2).slice(1);
  const K = 5;
  const f = new BlockFading(key!, K, LAMBDA, 1);
  const g = Array.from({ length: 30000 }, (_, i) => f.powerGainAt(0, 0, i + 0.5));
  t.true(Math.abs(mean(g) - 1) < 0.01);
  t.true(Math.abs(variance(g) - (2 * K + 1) / (K + 1) ** 2) < 0.02, `variance ${variance(g)}`);
});

test('Jakes fading: E|h|² = 1 and autocorrelation J0(2π·f_D·τ) within 0.05', (t) => {
  // A pedestrian at 1.5 m/s and a vehicle at 30 m/s at 3.5 GHz: f_D = 17.5 Hz and 350 Hz.
  t.true(Math.abs(dopplerHz(30, 3.5e9) - 350.2) < 0.1);
  t.true(Math.abs(coherenceTimeS(350) - 0.423 / 350) < 1e-12);
  const speed = 30;
  const fd = dopplerHz(speed, 3.5e9);
  const links = keys(300).map((k) => new JakesFading(k, 0, LAMBDA));
  let power = 0;
  let count = 0;
  for (const tau of [0, 0.2e-3, 0.5e-3, 1e-3, 2e-3]) {
    let re = 0;
    let n = 0;
    for (const f of links) {
      for (let s = 0; s < 50; s++) {
        const t0 = s * 0.013;
        const a = f.gainAt(speed * t0);
        const b = f.gainAt(speed * (t0 + tau));
        re += a.re * b.re + a.im * b.im; // Re E[h(t)·h*(t+τ)]
        n++;
        if (tau === 0) {
          power += a.re * a.re + a.im * a.im;
          count++;
        }
      }
    }
    const expected = besselJ0(2 * Math.PI * fd * tau);
    t.true(Math.abs(re / n - expected) < 0.05, `τ = ${tau}: ${re / n} vs J0 = ${expected}`);
  }
  t.true(Math.abs(power / count - 1) < 0.05);
  // A fast vehicle decorrelates faster than a pedestrian: at 1 ms, ρ ≈ J0(2π·350·0.001) ≈ 0.16
  // for the vehicle and ≈ 0.997 at 1.5 m/s.
  t.true(besselJ0(2 * Math.PI * dopplerHz(1.5, 3.5e9) * 1e-3) > 0.99);
});

test('shadowing: σ dB, and correlation e^(−Δd/d_corr) between points Δd apart (Gudmundson)', (t) => {
  const sigma = 6;
  const dcorr = 50;
  const procs = keys(4000).map((k) => new Shadowing(k, sigma, dcorr));
  const at0 = procs.map((p) => p.lossDbAt(0));
  t.true(Math.abs(Math.sqrt(variance(at0)) - sigma) < 0.25);
  for (const dd of [25, 50, 100]) {
    const atD = procs.map((p) => p.lossDbAt(dd));
    const cov = mean(at0.map((a, i) => a * atD[i]!)) - mean(at0) * mean(atD);
    const rho = cov / (Math.sqrt(variance(at0)) * Math.sqrt(variance(atD)));
    t.true(Math.abs(rho - Math.exp(-dd / dcorr)) < 0.05, `Δd = ${dd}: ρ = ${rho}`);
  }
  // Interpolation makes the path continuous.
  const p = procs[0]!;
  t.true(Math.abs(p.lossDbAt(10.001) - p.lossDbAt(10)) < 0.01);
});

test('ergodic spectral efficiency: the closed form and quadrature against Monte Carlo', (t) => {
  // Rayleigh at 10 dB: log2(e)·e^0.1·E1(0.1) = 2.9065 bit/s/Hz.
  t.true(Math.abs(rayleighErgodicSpectralEfficiency(10) - 2.9065) < 1e-3);
  const [key] = keys(3).slice(2);
  for (const [K, snr] of [[0, 10], [5, 10], [2, 100]] as const) {
    const f = new BlockFading(key!, K, LAMBDA, 1);
    const samples = Array.from({ length: 200000 }, (_, i) => Math.log2(1 + snr * f.powerGainAt(0, 0, i + 0.5)));
    const mc = mean(samples);
    const exact = K === 0 ? rayleighErgodicSpectralEfficiency(snr) : ricianErgodicSpectralEfficiency(snr, K);
    t.true(Math.abs(mc - exact) < 0.01, `K=${K}, SNR=${snr}: MC ${mc} vs ${exact}`);
  }
  // Jensen: fading costs capacity at the same mean SNR.
  t.true(rayleighErgodicSpectralEfficiency(10) < Math.log2(11));
});
