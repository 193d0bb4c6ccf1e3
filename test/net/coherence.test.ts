import test from 'ava';
import { validateScenario } from '../../src/scenario/validate.js';
import { simulate } from '../../src/report/simulate.js';
import { friisLossDb } from '../../src/radio/pathLoss.js';
import { noisePowerDbm } from '../../src/radio/budget.js';
import type { NodeSpec, TaskSpec } from '../../src/scenario/types.js';

// A message shorter than the coherence time sees one fading sample, not the ergodic mean (issue 9).
// Terminals walk at 1.5 m/s at 3.5 GHz: f_D = v·fc/c = 17.5 Hz, coherence ≈ 0.423/f_D = 24 ms, so
// the default 0.1 s step is longer than the coherence time and a long transfer uses the ergodic
// rate. A 10 kbit message at ~100 Mbit/s is through in ~0.1 ms: its SNR must be a Rayleigh sample,
// |h|² ~ Exp(1) times the mean SNR (free space, 23 dBm + 8 dBi, edge NF 5 dB, 20 MHz).
const N = 200;
const B = 20e6;

test('a message shorter than the coherence time sees a fading sample: SNR / mean SNR is Exp(1)', (t) => {
  const terminals: NodeSpec[] = [];
  const tasks: TaskSpec[] = [];
  const startS = (i: number): number => 0.01 * i; // one at a time: each has the whole band
  for (let i = 0; i < N; i++) {
    const a = (2 * Math.PI * i) / N;
    terminals.push({ id: `t${i}`, kind: 'terminal', positionM: [100 * Math.cos(a), 100 * Math.sin(a), 1.5], cpuFlopsPerS: 1e9, mobility: { model: 'constant-velocity', velocityMps: [-1.5 * Math.sin(a), 1.5 * Math.cos(a), 0] } });
    tasks.push({ id: `m${i}`, type: 'send', from: `t${i}`, to: 'e0', bits: 1e4, notBeforeS: startS(i) });
  }
  const { report } = simulate(
    validateScenario({
      name: 'coherence',
      radio: { pathLoss: { model: 'free-space' }, shadowing: false, fading: { model: 'rayleigh', process: 'jakes' }, bandwidthHz: B, stepS: 0.1 },
      nodes: [{ id: 'e0', kind: 'edge', positionM: [0, 0, 10], cpuFlopsPerS: 1e12 }, ...terminals],
      links: terminals.map((x) => ({ from: x.id, to: 'e0', wireless: true })),
      tasks,
    }),
  );
  const ratios = report.transfers.map((tr) => {
    const i = Number(tr.from.slice(1));
    const tS = startS(i);
    const d = Math.hypot(100, 1.5 * tS, 8.5); // tangential walk: the radius grows as √(100² + (v·t)²)
    const meanSnrDb = 23 + 8 - friisLossDb(d, 3.5e9) - noisePowerDbm(B, 5);
    return 10 ** ((tr.meanSnrDb! - meanSnrDb) / 10);
  });
  t.is(ratios.length, N);
  const mean = ratios.reduce((s, x) => s + x, 0) / N;
  // Exp(1): mean 1 (standard error 1/√200 ≈ 0.07); P(|X − 1| > 0.5) = 1 − e^−0.5 + e^−1.5 ≈ 0.62.
  // The ergodic mean would give every ratio 1 (and a fraction 0 far from it).
  t.true(Math.abs(mean - 1) < 0.25, `mean ${mean}`);
  const far = ratios.filter((x) => Math.abs(x - 1) > 0.5).length / N;
  t.true(far > 0.45 && far < 0.8, `fraction far from the mean ${far}`);
});
