import test from 'ava';
import { validateScenario } from '../../src/scenario/validate.js';
import { simulate } from '../../src/report/simulate.js';
import { friisLossDb } from '../../src/radio/pathLoss.js';
import { noisePowerDbm } from '../../src/radio/budget.js';
import type { TransferEndTrace } from '../../src/net/transfer.js';
import type { TaskSpec } from '../../src/scenario/types.js';
import type { Report } from '../../src/report/report.js';

// Two co-channel cells (DESIGN §5): e0 at x = 0 and e1 at x = 400 m, both 10 m high; terminal a at
// x = 100 m uploads to e0 while b at x = 300 m uploads to e1, each with its cell's whole 20 MHz
// uplink. Free space at 3.5 GHz, no shadowing or fading, pure Shannon. Terminals 23 dBm, 0 dBi;
// edge centers 8 dBi, NF 5 dB. At e0: S from a over 100 m, I from b over 300 m, N over 20 MHz.
const B = 20e6;
const dBm = (x: number): number => 10 ** ((x - 30) / 10);
const S_W = dBm(23 + 8 - friisLossDb(100, 3.5e9));
const I_W = dBm(23 + 8 - friisLossDb(300, 3.5e9));
const N_W = dBm(noisePowerDbm(B, 5));
const close = (a: number, b: number, tol: number): boolean => Math.abs(a - b) <= tol;

function run(frequencyReuse: number, tasks: TaskSpec[], outageSnrDb?: number, interferenceRangeM?: number): TransferEndTrace[] & { report?: Report } {
  const ends: TransferEndTrace[] & { report?: Report } = [];
  ends.report = simulate(
    validateScenario({
      name: 'cells',
      radio: { pathLoss: { model: 'free-space' }, shadowing: false, fading: { model: 'none' }, bandwidthHz: B, maxSpectralEfficiencyBpsPerHz: null, frequencyReuse, ...(outageSnrDb === undefined ? {} : { outageSnrDb }), ...(interferenceRangeM === undefined ? {} : { interferenceRangeM }) },
      nodes: [
        { id: 'e0', kind: 'edge', positionM: [0, 0, 10], cpuFlopsPerS: 1e12 },
        { id: 'e1', kind: 'edge', positionM: [400, 0, 10], cpuFlopsPerS: 1e12 },
        { id: 'a', kind: 'terminal', positionM: [100, 0, 10], cpuFlopsPerS: 1e9 },
        { id: 'b', kind: 'terminal', positionM: [300, 0, 10], cpuFlopsPerS: 1e9 },
      ],
      links: [
        { from: 'a', to: 'e0', wireless: true },
        { from: 'b', to: 'e1', wireless: true },
      ],
      tasks,
    }),
    { onTrace: (bus) => void bus.on('tx.end', (p) => ends.push(p)) },
  ).report;
  return ends;
}

const both: TaskSpec[] = [
  { id: 'upA', type: 'send', from: 'a', to: 'e0', bits: 50e6 },
  { id: 'upB', type: 'send', from: 'b', to: 'e1', bits: 50e6 },
];

test('two co-channel cells: SINR = S / (N + I) hand-computed from Friis, and the rate follows it', (t) => {
  const sinr = S_W / (N_W + I_W);
  const ends = run(1, both);
  t.is(ends.length, 2);
  for (const e of ends) {
    t.true(close(e.meanSinrDb!, 10 * Math.log10(sinr), 1e-9), `${e.meanSinrDb} vs ${10 * Math.log10(sinr)}`);
    t.true(close(e.meanSnrDb!, 10 * Math.log10(S_W / N_W), 1e-9));
    t.true(close(e.airtimeS, 50e6 / (B * Math.log2(1 + sinr)), 3e-9), `${e.airtimeS}`);
  }
  // The report says it too: per transfer, and per sending node, SNR and SINR apart.
  for (const tr of ends.report!.transfers) t.true(close(tr.meanSinrDb!, 10 * Math.log10(sinr), 1e-9));
  const a = ends.report!.nodes.find((n) => n.id === 'a')!;
  t.true(close(a.meanSinrDb!, 10 * Math.log10(sinr), 1e-9) && close(a.meanSnrDb!, 10 * Math.log10(S_W / N_W), 1e-9));
  // Interference costs a lot here: SINR ≈ S/I = (300/100)² → 9.5 dB instead of an SNR of 43.7 dB
  // (−52.3 dBm received over −96.0 dBm of noise).
  t.true(ends[0]!.meanSnrDb! - ends[0]!.meanSinrDb! > 30);
});

test('with frequency reuse 2 the cells use different bands and do not interfere', (t) => {
  const ends = run(2, both);
  for (const e of ends) {
    t.true(close(e.meanSinrDb!, e.meanSnrDb!, 1e-12));
    t.true(close(e.airtimeS, 50e6 / (B * Math.log2(1 + S_W / N_W)), 3e-9));
  }
});

test('interference range: cells 400 m apart interfere within a range of 401 m and not within 399 m', (t) => {
  // The range is between the cells' edge centers (e0 at x = 0, e1 at x = 400 m): just above keeps
  // the hand-computed SINR of the first test, just below leaves each upload its bare SNR.
  for (const e of run(1, both, undefined, 401)) t.true(close(e.meanSinrDb!, 10 * Math.log10(S_W / (N_W + I_W)), 1e-9), `${e.meanSinrDb}`);
  for (const e of run(1, both, undefined, 399)) {
    t.true(close(e.meanSinrDb!, 10 * Math.log10(S_W / N_W), 1e-9), `${e.meanSinrDb}`);
    t.true(close(e.airtimeS, 50e6 / (B * Math.log2(1 + S_W / N_W)), 3e-9));
  }
});

test('interference comes and goes with the interferer: a short co-channel burst slows the long upload only while it lasts', (t) => {
  // a sends 200 Mbit; b sends 10 Mbit in the middle, from t = 0.1 s. While both are on air each
  // sees SINR = S/(N + I); before and after, a has its SNR alone.
  const ends = run(1, [
    { id: 'upA', type: 'send', from: 'a', to: 'e0', bits: 200e6 },
    { id: 'upB', type: 'send', from: 'b', to: 'e1', bits: 10e6, notBeforeS: 0.1 },
  ]);
  const rClean = B * Math.log2(1 + S_W / N_W);
  const rInterfered = B * Math.log2(1 + S_W / (N_W + I_W));
  const bEnd = ends.find((e) => e.from === 'b')!;
  const aEnd = ends.find((e) => e.from === 'a')!;
  const burstS = 10e6 / rInterfered; // b is interfered by a the whole time
  t.true(close(bEnd.airtimeS, burstS, 3e-9), `${bEnd.airtimeS} vs ${burstS}`);
  // a: clean for 0.1 s, interfered during b's burst, clean again for the rest.
  const left = 200e6 - rClean * 0.1 - rInterfered * burstS;
  t.true(close(aEnd.airtimeS, 0.1 + burstS + left / rClean, 1e-8), `${aEnd.airtimeS} vs ${0.1 + burstS + left / rClean}`);
});

test('a static link that interference pushes below the outage threshold fails, naming the SINR', (t) => {
  // SINR ≈ 9.5 dB with both on the air, SNR 43.7 dB alone: with a 20 dB threshold the second
  // upload to go on the air (b, queued after a at t = 0) finds a's interference and fails at once
  // with its SINR in the reason; a, alone again, delivers.
  const ends = run(1, both, 20);
  const report = ends.report!;
  const sinrDb = 10 * Math.log10(S_W / (N_W + I_W));
  const byId = Object.fromEntries(report.tasks.map((x) => [x.id, x]));
  t.is(byId.upA!.status, 'done');
  t.is(byId.upB!.status, 'failed');
  t.regex(byId.upB!.failure!, new RegExp(`permanent outage on b->e1 \\(static link, SINR ${sinrDb.toFixed(1)} dB below 20 dB\\)`));
  t.is(ends.find((e) => e.from === 'b')!.outcome, 'failed');
});
