import test from 'ava';
import { sampleStats, studentTCdf, studentTQuantile } from '../../src/sweep/stats.js';
import { extractMetrics } from '../../src/sweep/metrics.js';
import type { Report } from '../../src/report/report.js';

// Two-sided 95% critical values t_{0.975, df} of the standard t table (e.g. NIST/SEMATECH
// e-Handbook of Statistical Methods, §1.3.6.7.2, "Critical values of the Student's t distribution").
const TABLE: [number, number][] = [
  [1, 12.706],
  [2, 4.303],
  [4, 2.776],
  [7, 2.365],
  [9, 2.262],
  [29, 2.045],
  [100, 1.984],
];

test('t_{0.975, df} matches the published table to its 3 decimals', (t) => {
  for (const [df, q] of TABLE) t.true(Math.abs(studentTQuantile(0.975, df) - q) < 5.1e-4, `df=${df}: ${studentTQuantile(0.975, df)} vs ${q}`);
});

test('the t quantile matches the closed forms of 1 and 2 degrees of freedom', (t) => {
  // df = 1 is the Cauchy distribution: t_p = tan(π(p − ½)); df = 2: t_p = (2p − 1)/√(2p(1 − p)).
  for (const p of [0.6, 0.9, 0.975, 0.995]) {
    t.true(Math.abs(studentTQuantile(p, 1) / Math.tan(Math.PI * (p - 0.5)) - 1) < 1e-9);
    t.true(Math.abs(studentTQuantile(p, 2) / ((2 * p - 1) / Math.sqrt(2 * p * (1 - p))) - 1) < 1e-9);
  }
  t.is(studentTCdf(0, 5), 0.5);
  t.true(Math.abs(studentTQuantile(0.025, 9) + 2.262) < 5e-4);
  // Large df tends to the normal quantile 1.959964.
  t.true(Math.abs(studentTQuantile(0.975, 1e6) - 1.959964) < 1e-5);
});

test('mean, sample standard deviation and the 95% CI of hand-given samples', (t) => {
  // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, Σ(x − 5)² = 32, s = √(32/7) = 2.138090; t_{0.975,7} = 2.364624,
  // half-width 2.364624 · 2.138090 / √8 = 1.787488.
  const s = sampleStats([2, 4, 4, 4, 5, 5, 7, 9]);
  t.is(s.n, 8);
  t.is(s.mean, 5);
  t.true(Math.abs(s.std! - 2.13809) < 1e-5);
  t.true(Math.abs(s.ci95! - 1.787488) < 1e-5);
  t.true(Math.abs(s.ciLow! - (5 - 1.787488)) < 1e-5 && Math.abs(s.ciHigh! - (5 + 1.787488)) < 1e-5);
  // Two samples 1 and 3: mean 2, s = √2, half-width 12.706 · √2 / √2 = 12.706.
  t.true(Math.abs(sampleStats([1, 3]).ci95! - 12.7062) < 1e-4);
  t.deepEqual(sampleStats([4]), { n: 1, mean: 4, std: null, ci95: null, ciLow: null, ciHigh: null });
  t.deepEqual(sampleStats([]), { n: 0, mean: null, std: null, ci95: null, ciLow: null, ciHigh: null });
});

test('the metric table reads a report and gives null for what is absent', (t) => {
  const rounds = [
    { startS: 0, endS: 2, energyJ: 10 },
    { startS: 2, endS: 6, energyJ: 30 },
  ];
  const report = {
    simulatedEndS: 6,
    training: { finalAccuracy: 0.9, timeToAccuracyS: null },
    rounds,
    inference: { requests: [{ p95LatencyS: 0.25, deadlineMisses: 3, withDeadline: 12 }] },
    dcSteps: [
      { stepS: 0.004, commExposedS: 0.001 },
      { stepS: 0.008, commExposedS: 0.003 },
    ],
  } as unknown as Report;
  t.deepEqual(extractMetrics(report), {
    finalAccuracy: 0.9,
    timeToAccuracyS: null,
    energyPerRoundJ: 20,
    roundLatencyS: 3,
    simulatedEndS: 6,
    inferenceP95LatencyS: 0.25,
    deadlineMissFraction: 0.25,
    dcStepS: 0.006,
    dcCommExposedS: 0.002,
  });
  const bare = extractMetrics({ simulatedEndS: 1, training: null, inference: null } as unknown as Report);
  t.deepEqual(Object.entries(bare).filter(([, v]) => v !== null), [['simulatedEndS', 1]]);
});
