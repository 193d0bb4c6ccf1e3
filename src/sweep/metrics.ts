/**
 * The headline metrics of a sweep: a table of named functions of a {@link Report}, each null when
 * the report has no such figure (no training, no inference, no rounds, a target never reached).
 * @module
 */
import type { Report } from '../report/report.js';

/** One headline metric. */
export interface SweepMetric {
  /** its name in sweep.json, sweep.csv and sweep.md */
  name: string;
  /** what it measures, with its unit */
  description: string;
  /** its value in a report, or null when absent */
  of: (report: Report) => number | null;
}

const mean = (xs: readonly number[]): number | null => (xs.length === 0 ? null : xs.reduce((a, x) => a + x, 0) / xs.length);
const finite = (x: number | null | undefined): number | null => (x === null || x === undefined || !Number.isFinite(x) ? null : x);

/** The metrics, in output order. */
export const SWEEP_METRICS: readonly SweepMetric[] = [
  { name: 'finalAccuracy', description: 'test accuracy at the end of training', of: (r) => finite(r.training?.finalAccuracy) },
  { name: 'timeToAccuracyS', description: 'simulated time to the target accuracy (s)', of: (r) => finite(r.training?.timeToAccuracyS) },
  { name: 'energyPerRoundJ', description: 'energy of every node per round, mean over rounds (J)', of: (r) => finite(mean((r.rounds ?? []).map((x) => x.energyJ))) },
  { name: 'roundLatencyS', description: 'round duration endS − startS, mean over rounds (s)', of: (r) => finite(mean((r.rounds ?? []).map((x) => x.endS - x.startS))) },
  { name: 'simulatedEndS', description: 'simulated time at the end of the run (s)', of: (r) => finite(r.simulatedEndS) },
  { name: 'inferenceP95LatencyS', description: '95th percentile latency of the done inference requests (s)', of: (r) => finite(r.inference?.requests[0]?.p95LatencyS) },
  {
    name: 'deadlineMissFraction',
    description: 'fraction of the inference requests with a deadline that missed it',
    of: (r) => {
      const all = r.inference?.requests[0];
      return all === undefined || all.withDeadline === 0 ? null : all.deadlineMisses / all.withDeadline;
    },
  },
  { name: 'dcStepS', description: 'data-center job step time, mean over every step of every job (s)', of: (r) => finite(mean((r.dcSteps ?? []).map((x) => x.stepS))) },
  { name: 'dcCommExposedS', description: 'data-center communication not hidden by compute, mean over every step (s)', of: (r) => finite(mean((r.dcSteps ?? []).map((x) => x.commExposedS))) },
];

/** Metric name → value (null when absent), in {@link SWEEP_METRICS} order. */
export type MetricValues = Record<string, number | null>;

/**
 * The headline metrics of a report.
 * @param report - a run's report
 */
export function extractMetrics(report: Report): MetricValues {
  const out: MetricValues = {};
  for (const m of SWEEP_METRICS) out[m.name] = m.of(report);
  return out;
}
