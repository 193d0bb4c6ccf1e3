/**
 * Training plots: test accuracy and loss against simulated time and against the round (or server
 * version), and where each synchronous round's time went.
 * @module
 */
import type { Report } from '../../report.js';
import type { PlotSpec } from '../vega.js';
import { PLOT_HEIGHT, PLOT_WIDTH, scaleFor, type BuiltPlot, type PlotEntry } from './common.js';

/** One evaluation of the global model. */
export interface EvaluationPoint {
  /** simulated time (s) */
  timeS: number;
  /** the round (sync) or server version (async) */
  step: number;
  /** test accuracy (fraction) */
  accuracy: number;
  /** test loss (cross-entropy) */
  loss: number;
}

/** The evaluations of a report and what their step counts: rounds (`rounds[]`) or server versions (`evaluations[]`). */
export interface Evaluations {
  /** `round` or `server version` */
  step: 'round' | 'server version';
  /** the points, in time order */
  points: EvaluationPoint[];
}

/**
 * The global model's evaluations: `rounds[]` when it has rows, else `evaluations[]` (asynchronous
 * protocols); null when there is neither.
 * @param report - the run's report
 */
export function evaluationsOf(report: Report): Evaluations | null {
  if (report.rounds.length > 0) {
    return { step: 'round', points: report.rounds.map((r) => ({ timeS: r.endS, step: r.round, accuracy: r.testAccuracy, loss: r.testLoss })) };
  }
  const ev = report.evaluations ?? [];
  if (ev.length > 0) return { step: 'server version', points: ev.map((e) => ({ timeS: e.timeS, step: e.version, accuracy: e.testAccuracy, loss: e.testLoss })) };
  return null;
}

function accuracyLossSpec(points: readonly EvaluationPoint[], x: { field: 'timeS' | 'step'; title: string }): PlotSpec {
  const xEnc = { field: x.field, type: 'quantitative' as const, title: x.title, scale: { zero: true }, ...(x.field === 'step' ? { axis: { tickMinStep: 1, format: 'd' } } : {}) };
  const panel = (field: 'accuracy' | 'loss', title: string, color: string, yScale: object, format?: string) => ({
    width: PLOT_WIDTH,
    height: PLOT_HEIGHT * 0.8,
    mark: { type: 'line' as const, point: true, color },
    encoding: {
      x: xEnc,
      y: { field, type: 'quantitative' as const, title, scale: yScale, ...(format === undefined ? {} : { axis: { format } }) },
    },
  });
  return {
    data: { values: points.map((p) => ({ ...p })) },
    vconcat: [panel('accuracy', 'test accuracy', '#1f77b4', { domain: [0, 1] }, '.0%'), panel('loss', 'test loss (nats)', '#d62728', scaleFor(points.map((p) => p.loss), false))],
  } as PlotSpec;
}

/** Accuracy and loss against simulated time. */
export const accuracyTimePlot: PlotEntry = {
  id: 'accuracy-time',
  description: 'test accuracy and loss of the global model against simulated time (rounds[] or evaluations[])',
  build: (report): BuiltPlot | null => {
    const ev = evaluationsOf(report);
    if (ev === null) return null;
    return {
      spec: accuracyLossSpec(ev.points, { field: 'timeS', title: 'simulated time (s)' }),
      caption: `Test accuracy and loss of the global model against simulated time, at the end of each ${ev.step} (${ev.points.length} evaluations).`,
    };
  },
};

/** Accuracy and loss against the round (sync) or the server version (async). */
export const accuracyRoundPlot: PlotEntry = {
  id: 'accuracy-round',
  description: 'test accuracy and loss against the round (sync) or server version (async)',
  build: (report): BuiltPlot | null => {
    const ev = evaluationsOf(report);
    if (ev === null) return null;
    return {
      spec: accuracyLossSpec(ev.points, { field: 'step', title: ev.step === 'round' ? 'round' : 'server version' }),
      caption: `Test accuracy and loss of the global model against the ${ev.step}.`,
    };
  },
};

/** The phases of a round, in the order they are stacked. */
export const ROUND_PHASES = ['download', 'compute', 'upload', 'wait', 'aggregate'] as const;

/** One bar segment of the round breakdown. */
export interface RoundPhaseRow {
  /** round number */
  round: number;
  /** the phase */
  phase: (typeof ROUND_PHASES)[number];
  /** its index in {@link ROUND_PHASES} (stacking order) */
  order: number;
  /** its time (s) */
  seconds: number;
}

/**
 * The stacked segments of each round: the last participant's download, compute, upload, its wait
 * for the deadline and the aggregation; they add up to the round's duration.
 * @param report - the run's report
 */
export function roundBreakdown(report: Report): RoundPhaseRow[] {
  return report.rounds.flatMap((r) =>
    ROUND_PHASES.map((phase, order) => ({ round: r.round, phase, order, seconds: { download: r.downloadS, compute: r.computeS, upload: r.uploadS, wait: r.waitS, aggregate: r.aggregateS }[phase] })),
  );
}

/** Per-round time breakdown, stacked. */
export const roundBreakdownPlot: PlotEntry = {
  id: 'round-breakdown',
  description: "per-round time breakdown, stacked: the last participant's download, compute, upload, wait, and the aggregation (rounds[])",
  build: (report): BuiltPlot | null => {
    if (report.rounds.length === 0) return null;
    const spec = {
      width: PLOT_WIDTH,
      height: PLOT_HEIGHT,
      data: { values: roundBreakdown(report) },
      mark: 'bar',
      encoding: {
        x: { field: 'round', type: 'ordinal', title: 'round', axis: { labelAngle: 0 } },
        y: { field: 'seconds', type: 'quantitative', stack: 'zero', title: 'time (s)' },
        color: { field: 'phase', type: 'nominal', title: 'phase', scale: { domain: [...ROUND_PHASES], scheme: 'tableau10' }, sort: [...ROUND_PHASES] },
        order: { field: 'order', type: 'quantitative' },
      },
    } as PlotSpec;
    return { spec, caption: "Where each round's time went: the last participant's download, compute (queueing included) and upload, its wait until aggregation, and the server's aggregation; the bar's height is the round's duration." };
  },
};
