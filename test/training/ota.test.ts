import test from 'ava';
import { validateScenario } from '../../src/scenario/validate.js';
import { simulate } from '../../src/report/simulate.js';
import { selectBackend } from '../../src/learning/backend.js';
import type { ScenarioSpec } from '../../src/scenario/types.js';
import type { TrainingSpec } from '../../src/training/spec.js';
import { loadScenario } from '../../src/scenario/load.js';
import { parseOverride } from '../../src/scenario/overrides.js';
import { join } from 'node:path';
import { ROOT } from '../cli/helpers.js';

test.before(async () => {
  await selectBackend('cpu');
});

const Q = 7850; // softmax regression's parameters
const B = 1e6;
const C = 299_792_458;
const FC = 3.5e9; // the default carrier

/**
 * L terminals on a 100 m circle around an edge center at 10 m height (free space, no shadowing or
 * fading: every device has the same channel), FedSGD of softmax regression.
 */
function ring(L: number, training: Partial<TrainingSpec> = {}): ScenarioSpec {
  return {
    name: 'ota-ring',
    radio: { bandwidthHz: B, pathLoss: { model: 'free-space' }, shadowing: false, fading: { model: 'none' }, access: 'ofdma' },
    nodes: [
      { id: 'e0', kind: 'edge', positionM: [0, 0, 10], cpuFlopsPerS: 1e12, radio: { txPowerDbm: 43, antennaGainDbi: 0, noiseFigureDb: 5 } },
      ...Array.from({ length: L }, (_, k) => ({
        id: `d${k}`,
        kind: 'terminal' as const,
        positionM: [100 * Math.cos((2 * Math.PI * k) / L), 100 * Math.sin((2 * Math.PI * k) / L), 10] as [number, number, number],
        cpuFlopsPerS: 1e10,
        radio: { txPowerDbm: 23, antennaGainDbi: 0, noiseFigureDb: 7 },
      })),
    ],
    links: Array.from({ length: L }, (_, k) => ({ from: `d${k}`, to: 'e0', wireless: true })),
    training: {
      model: 'softmax',
      dataset: { name: 'gaussian-mixture', samples: 1500, classes: 10, dim: 784 },
      server: 'e0',
      clients: 'terminals',
      algorithm: 'fedsgd',
      serverLearningRate: 0.5,
      rounds: 1,
      samplesPerClient: 30,
      protocol: { name: 'ota', power: { policy: 'channel-inversion' } },
      ...training,
    },
  };
}

test('the slot carries ⌈q/2⌉ symbols whatever the number of devices; OFDMA uploads grow linearly with them', (t) => {
  const ota = [4, 12].map((L) => simulate(validateScenario(ring(L))).report);
  for (const r of ota) t.is(r.otaRounds![0]!.airtimeS, Math.ceil(Q / 2) / B); // 3 925 symbols at 1 Msymbol/s
  // Digital: the same devices upload 32·q bits each over an equal 1/L share of the band at the same
  // SNR (capped at 7.41 bit/s/Hz here), so the round's upload takes L·32q / (B·se): 3× for 3× L.
  // The 1 MHz band holds 5 resource blocks of 180 kHz (docs/models.md): 4 devices split it equally,
  // 12 take turns on the 5 blocks, 900 kHz in all: 12·32q / (0.9 MHz·se), so 3 × 1/0.9 = 3.33×.
  const digital = [4, 12].map((L) => simulate(validateScenario(ring(L, { protocol: { name: 'sync' } }))).report);
  const ratio = digital[1]!.rounds[0]!.uploadS / digital[0]!.rounds[0]!.uploadS;
  const expected = 3 * (B / (5 * 180e3));
  t.true(Math.abs(ratio - expected) < 0.05 * expected, `upload ratio ${ratio}`);
  const bitsPerSymbol = (32 * Q) / (digital[0]!.rounds[0]!.uploadS * (B / 4));
  t.true(bitsPerSymbol > 1 && bitsPerSymbol <= 7.41, `spectral efficiency ${bitsPerSymbol}`);
});

test('channel inversion on equal channels: every device at full power, η = P·G (Friis), and the measured MSE is N0/(L²·η)', (t) => {
  const L = 8;
  const { report } = simulate(validateScenario(ring(L)));
  const slot = report.otaRounds![0]!;
  // Friis: G = (λ / 4πd)² with d = 100 m (same height); P = 23 dBm.
  const G = (C / FC / (4 * Math.PI * 100)) ** 2;
  const P = 10 ** ((23 - 30) / 10);
  t.true(Math.abs(slot.eta / (P * G) - 1) < 1e-6, `η ${slot.eta} vs ${P * G}`);
  for (const p of slot.powerW) t.true(Math.abs(p / P - 1) < 1e-9);
  t.deepEqual(slot.truncated, []);
  // N0 = kTB·F at the edge center: −174 dBm/Hz + 60 dB + 5 dB; the estimate of the mean of L
  // unit-variance standardised vectors has per-entry MSE N0 / (L²·η) (REFERENCES: σ²/(L²η)·q in all).
  // One slot of 7 850 entries: the empirical mean of a χ²-type sample is within ±5% (σ ≈ 1.6%).
  const N0 = 10 ** ((-174 + 60 + 5 - 30) / 10);
  const expected = N0 / (L * L * P * G);
  t.true(Math.abs(slot.msePerEntry / expected - 1) < 0.05, `MSE ${slot.msePerEntry} vs ${expected}`);
});

test("each transmitter pays its chain's power for the slot: (p/η_PA + circuit) × airtime, on top of its digital side information", (t) => {
  const { report } = simulate(validateScenario(ring(4)));
  const slot = report.otaRounds![0]!;
  const d0 = report.nodes.find((n) => n.id === 'd0')!;
  // Terminal chain (docs/models.md): PA efficiency 0.3, circuit 0.1 W. The side information is a
  // digital upload at full power P; the slot at the policy's power p.
  const P = 10 ** ((23 - 30) / 10);
  const side = report.transfers.filter((x) => x.from === 'd0' && x.task.includes('/stats')).reduce((a, x) => a + x.airtimeS, 0);
  const expected = (P / 0.3 + 0.1) * side + (slot.powerW[0]! / 0.3 + 0.1) * slot.airtimeS;
  t.true(Math.abs(d0.energyJ.tx - expected) < 1e-9 + 1e-6 * expected, `tx energy ${d0.energyJ.tx} vs ${expected}`);
});

test('over the air, training still learns: the noisy estimate moves the model as the exact mean would, to within the slot error', (t) => {
  const ota = simulate(validateScenario(ring(8, { rounds: 5 }))).report;
  const digital = simulate(validateScenario(ring(8, { rounds: 5, protocol: { name: 'sync' } }))).report;
  // At this SNR (≈ 50 dB per device) the relative error of the estimate is small, so accuracy
  // tracks digital FedSGD round by round.
  for (const r of ota.otaRounds!) t.true(r.relativeError! < 0.01);
  ota.rounds.forEach((r, k) => t.true(Math.abs(r.testAccuracy - digital.rounds[k]!.testAccuracy) <= 0.02, `round ${k}: ${r.testAccuracy} vs ${digital.rounds[k]!.testAccuracy}`));
});

test('the other tier: edge data centers aggregate over the air at a parameter server, moving on a highway with Jakes fading (slots cut into coherence blocks)', async (t) => {
  const { scenario } = await loadScenario(join(ROOT, 'scenarios/ota-cross-dc.ts'), ['training.rounds=3', 'training.samplesPerClient=50'].map(parseOverride));
  const { report } = simulate(scenario);
  t.is(report.otaRounds!.length, 3);
  for (const r of report.otaRounds!) {
    t.deepEqual(r.clients, ['dc0', 'dc1', 'dc2', 'dc3', 'dc4', 'dc5', 'dc6', 'dc7']);
    // At 25–32 m/s both ends' Doppler at 3.5 GHz gives a coherence time of ~1 ms, shorter than the
    // 3.9 ms slot: it is cut into several blocks.
    t.true(r.blocks >= 2, `${r.blocks} blocks`);
    t.is(r.airtimeS, Math.ceil(Q / 2) / B);
  }
  t.is(report.training!.rounds, 3);
});

test('over-the-air aggregation needs a direct wireless link from each client to the server', (t) => {
  const s = ring(2);
  s.links = [{ from: 'd0', to: 'e0', wireless: true }, { from: 'd1', to: 'e0', rateBps: 1e8 }];
  const err = t.throws(() => validateScenario(s))!;
  t.regex(err.message, /protocol 'ota' needs a direct wireless link from each client to the server; 'd1' has none to 'e0'/);
});
