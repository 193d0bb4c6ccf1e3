import test from 'ava';
import { RandomStream, RandomStreams } from '../../src/engine/random.js';
import { radioEnvironment, nodeRadio, cellBand, DEFAULT_MAX_SPECTRAL_EFFICIENCY_BPS_PER_HZ, type RadioSpec } from '../../src/radio/environment.js';
import { RadioChannel, type ChannelEnd } from '../../src/radio/channel.js';
import { StaticMobility } from '../../src/mobility/simple.js';
import { shannonRateBps } from '../../src/radio/budget.js';
import { BlockFading } from '../../src/radio/fading.js';
import { rayleighErgodicSpectralEfficiency, ricianErgodicSpectralEfficiency } from '../../src/radio/ergodic.js';
import { expint1Scaled } from '../../src/radio/special.js';
import { radioSchema } from '../../src/scenario/schema.js';

// Hand references: Friis free-space received power P·Gt·Gr·(c/(4π·d·f))² (Friis 1946), thermal
// noise kT0·B·F with kT0 = 10^(−17.4) mW/Hz (−174 dBm/Hz at 290 K), Shannon B·log2(1 + SINR).
const C = 299_792_458;
const friisRxW = (txDbm: number, gTxDbi: number, gRxDbi: number, dM: number, fHz: number): number =>
  1e-3 * 10 ** (txDbm / 10) * 10 ** (gTxDbi / 10) * 10 ** (gRxDbi / 10) * (C / (4 * Math.PI * dM * fHz)) ** 2;
const noiseW = (bHz: number, nfDb: number): number => 1e-3 * 10 ** (-17.4) * bHz * 10 ** (nfDb / 10);

const node = (id: string, kind: 'edge' | 'terminal', x: number): ChannelEnd => ({ id, mobility: new StaticMobility({ x, y: 0, z: 1.5 }), radio: nodeRadio(kind) });
const channel = (radio: RadioSpec, a: ChannelEnd, b: ChannelEnd): RadioChannel =>
  new RadioChannel(radioEnvironment(radio), a, b, new RandomStream(`radio/${a.id}|${b.id}`, `1/0/radio/${a.id}|${b.id}`));

test('the cap is TS 38.214 CQI Table 2, CQI 15: 256-QAM (8 bits) at code rate 948/1024', (t) => {
  t.true(Math.abs(DEFAULT_MAX_SPECTRAL_EFFICIENCY_BPS_PER_HZ - (8 * 948) / 1024) < 1e-4);
  t.is(radioEnvironment().maxSpectralEfficiencyBpsPerHz, 7.4063);
  t.is(radioEnvironment({ maxSpectralEfficiencyBpsPerHz: null }).maxSpectralEfficiencyBpsPerHz, null);
  t.is(radioEnvironment().frequencyReuse, 1);
  t.true(radioSchema.safeParse({ maxSpectralEfficiencyBpsPerHz: null, frequencyReuse: 3 }).success);
  t.false(radioSchema.safeParse({ frequencyReuse: 1.5 }).success);
  t.false(radioSchema.safeParse({ frequencyReuse: 0 }).success);
  t.false(radioSchema.safeParse({ maxSpectralEfficiencyBpsPerHz: 0 }).success);
});

test('capped and uncapped instantaneous rates, hand-computed', (t) => {
  // SNR 30 dB over 1 MHz: log2(1001) = 9.96722 b/s/Hz, above the cap 7.4063.
  t.true(Math.abs(shannonRateBps(1e6, 1000) - 9.96722e6) < 10);
  t.true(Math.abs(shannonRateBps(1e6, 1000, 0, 7.4063) - 7.4063e6) < 1e-6);
  // SNR 10 dB: log2(11) = 3.45943 b/s/Hz, below the cap: the same either way.
  t.true(Math.abs(shannonRateBps(1e6, 10, 0, 7.4063) - 3.45943e6) < 10);
  t.is(shannonRateBps(1e6, 10, 0, 7.4063), shannonRateBps(1e6, 10));
  // With a 3 dB gap (Γ = 1.99526): log2(1 + 1000/1.99526) = 8.97208, still capped.
  t.true(Math.abs(shannonRateBps(1e6, 1000, 3) - 8.97208e6) < 10);
  t.is(shannonRateBps(1e6, 1000, 3, 7.4063), 7.4063e6);

  // Through a channel: edge 43 dBm, 8 dBi, to a terminal (0 dBi, NF 7) 100 m away at 2.4 GHz, 20 MHz.
  const e = node('e0', 'edge', 0);
  const u = node('t0', 'terminal', 100);
  const base: RadioSpec = { carrierHz: 2.4e9, pathLoss: { model: 'free-space' }, shadowing: false, fading: { model: 'none' } };
  const snr = friisRxW(43, 8, 0, 100, 2.4e9) / noiseW(20e6, 7); // ≈ 78.9 dB
  const capped = channel(base, e, u).rateAt(e, 0, 20e6, 0.1);
  const pure = channel({ ...base, maxSpectralEfficiencyBpsPerHz: null }, e, u).rateAt(e, 0, 20e6, 0.1);
  t.true(Math.abs(capped.snrDb - 10 * Math.log10(snr)) < 1e-6, `${capped.snrDb}`);
  t.is(capped.sinrDb, capped.snrDb);
  t.true(Math.abs(capped.rateBps - 20e6 * 7.4063) < 1e-3);
  t.true(Math.abs(pure.rateBps / (20e6 * Math.log2(1 + snr)) - 1) < 1e-9);
});

// E[min(log2(1 + ρX), c)] with X ~ Exp(1) by composite Simpson quadrature on [0, 60] over a
// geometric mesh from 1e-4/ρ (the log's curvature lives on the scale 1/ρ), the kink a mesh point.
function cappedRayleighQuadrature(rho: number, cap: number | null): number {
  const kink = cap === null ? Infinity : (2 ** cap - 1) / rho;
  const f = (x: number): number => Math.min(Math.log2(1 + rho * x), cap ?? Infinity) * Math.exp(-x);
  const points = [0];
  for (let x = 1e-4 / rho; x < 60; x *= 1.5) points.push(x);
  points.push(60);
  if (kink < 60) points.push(kink);
  points.sort((a, b) => a - b);
  let total = 0;
  for (let i = 1; i < points.length; i++) {
    const [a, b] = [points[i - 1]!, points[i]!];
    const n = 64;
    const h = (b - a) / n;
    let s = 0;
    for (let j = 0; j <= n; j++) s += (j === 0 || j === n ? 1 : j % 2 ? 4 : 2) * f(a + j * h);
    total += (s * h) / 3;
  }
  return total;
}

test('capped ergodic spectral efficiency: Rayleigh closed form against quadrature and Monte Carlo; Rician quadrature against Monte Carlo', (t) => {
  for (const rho of [0.1, 1, 10, 100, 1000, 1e5]) {
    for (const cap of [7.4063, 4, null]) {
      const q = cappedRayleighQuadrature(rho, cap);
      const closed = rayleighErgodicSpectralEfficiency(rho, cap);
      t.true(Math.abs(closed - q) < 1e-6 * Math.max(1, q), `ρ = ${rho}, cap ${cap}: ${closed} vs quadrature ${q}`);
    }
  }
  // At high SNR the capped rate tends to the cap, at low SNR to the uncapped one.
  t.true(Math.abs(rayleighErgodicSpectralEfficiency(1e9, 7.4063) - 7.4063) < 1e-6);
  t.true(Math.abs(rayleighErgodicSpectralEfficiency(0.01, 7.4063) - rayleighErgodicSpectralEfficiency(0.01)) < 1e-12);
  // At 30 dB: uncapped log2(e)·e^0.001·E1(0.001) = 9.14362 (E1(0.001) = 6.33154, A&S Table 5.1).
  t.true(Math.abs(rayleighErgodicSpectralEfficiency(1000) - 9.14362) < 1e-5);
  t.true(Math.abs(rayleighErgodicSpectralEfficiency(1000) - Math.LOG2E * expint1Scaled(0.001)) < 1e-12);
  t.true(rayleighErgodicSpectralEfficiency(1000, 7.4063) < 7.4063);

  // Monte Carlo over |h|² samples of the block-fading process (Rayleigh and Rician K = 5).
  const key = new RandomStreams(5).stream('keys').integer(0, 2 ** 32 - 1);
  for (const [K, rho] of [[0, 100], [5, 100], [5, 1000], [2, 10]] as const) {
    const f = new BlockFading(key, K, 0.1, 1);
    let sum = 0;
    const n = 200000;
    for (let i = 0; i < n; i++) sum += Math.min(Math.log2(1 + rho * f.powerGainAt(0, 0, i + 0.5)), 7.4063);
    const exact = K === 0 ? rayleighErgodicSpectralEfficiency(rho, 7.4063) : ricianErgodicSpectralEfficiency(rho, K, 7.4063);
    t.true(Math.abs(sum / n - exact) < 0.01, `K = ${K}, ρ = ${rho}: MC ${sum / n} vs ${exact}`);
  }
});

test('SINR of two co-channel cells, hand-computed from Friis; frequency reuse 2 separates them', (t) => {
  // Downlink at 3.5 GHz, 20 MHz: edge e0 at x = 0 serves terminal t at x = 300 m; edge e1 at
  // x = 800 m (500 m from t) transmits on the same band. All antennas at 1.5 m, no fading.
  const fc = 3.5e9;
  const radio: RadioSpec = { carrierHz: fc, pathLoss: { model: 'free-space' }, shadowing: false, fading: { model: 'none' }, maxSpectralEfficiencyBpsPerHz: null };
  const e0 = node('e0', 'edge', 0);
  const e1 = node('e1', 'edge', 800);
  const u = node('t', 'terminal', 300);
  const serving = channel(radio, e0, u);
  const interfering = channel(radio, e1, u);
  const S = friisRxW(43, 8, 0, 300, fc); // 19.95 W · 6.31 · (c/(4π·300·3.5e9))² ≈ 1.99e-6 W (−27.0 dBm)
  const I = friisRxW(43, 8, 0, 500, fc); // (300/500)² of S ≈ 7.17e-7 W (−31.4 dBm)
  const N = noiseW(20e6, 7); // ≈ 4.0e-13 W (−94.0 dBm)
  t.true(Math.abs(serving.meanRxPowerW(e0, 0) / S - 1) < 1e-9);
  t.true(Math.abs(interfering.meanRxPowerW(e1, 0) / I - 1) < 1e-9);
  const iState = interfering.stateAt(e1, 0, 0.01);
  t.true(Math.abs(interfering.fadedRxPowerW(iState) / I - 1) < 1e-9);

  for (const reuse of [1, 2]) {
    const co = cellBand(0, reuse) === cellBand(1, reuse);
    t.is(co, reuse === 1);
    const interferenceW = co ? interfering.fadedRxPowerW(iState) : 0;
    const r = serving.rateIn(serving.stateAt(e0, 0, 0.01), 20e6, interferenceW);
    const sinr = S / (N + (co ? I : 0));
    t.true(Math.abs(r.sinrDb - 10 * Math.log10(sinr)) < 1e-9, `reuse ${reuse}: SINR ${r.sinrDb} dB`);
    t.true(Math.abs(r.snrDb - 10 * Math.log10(S / N)) < 1e-9);
    t.true(Math.abs(r.rateBps / (20e6 * Math.log2(1 + sinr)) - 1) < 1e-12);
  }
  // Co-channel: SINR ≈ S/I = (500/300)² = 4.437 dB; rate 20 MHz·log2(1 + 2.7778) = 38.35 Mbit/s.
  const co = serving.rateIn(serving.stateAt(e0, 0, 0.01), 20e6, I);
  t.true(Math.abs(co.sinrDb - 4.437) < 0.001);
  t.true(Math.abs(co.rateBps - 38.35e6) < 0.01e6);
  t.throws(() => serving.rateIn(serving.stateAt(e0, 0, 0.01), 20e6, -1), { instanceOf: RangeError });
  t.is(cellBand(5, 3), 2);
});

test('ergodic rate with interference: the ergodic rate at mean SINR S/(N + I), I constant', (t) => {
  const fc = 3.5e9;
  // Block fading of 10 ms: a rate used for 1 s averages over the fading.
  const radio: RadioSpec = { carrierHz: fc, pathLoss: { model: 'free-space' }, shadowing: false, fading: { model: 'rayleigh', process: 'block', blockS: 0.01 }, maxSpectralEfficiencyBpsPerHz: null };
  const e0 = node('e0', 'edge', 0);
  const u = node('t', 'terminal', 300);
  const ch = channel(radio, e0, u);
  const state = ch.stateAt(e0, 0, 1);
  t.true(state.ergodic);
  t.is(ch.fadedRxPowerW(state), ch.meanRxPowerW(e0, 0));
  const S = friisRxW(43, 8, 0, 300, fc);
  const I = friisRxW(43, 8, 0, 500, fc);
  const rho = S / (noiseW(20e6, 7) + I);
  const r = ch.rateIn(state, 20e6, I);
  // Reference: the quadrature of E[log2(1 + ρX)], X ~ Exp(1), written above.
  t.true(Math.abs(r.rateBps / (20e6 * cappedRayleighQuadrature(rho, null)) - 1) < 1e-6, `${r.rateBps}`);
  t.true(Math.abs(r.sinrDb - 10 * Math.log10(rho)) < 1e-9);
  t.true(r.ergodic);
});
