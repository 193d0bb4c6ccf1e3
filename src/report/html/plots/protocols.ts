/**
 * Plots of the training protocols' own records: the staleness of asynchronous updates
 * (`updates[]`) and the estimation error of over-the-air aggregation (`otaRounds[]`).
 * @module
 */
import type { Report } from '../../report.js';
import type { PlotSpec } from '../vega.js';
import { stalenessHistogram, type HistogramBin } from '../../../training/asyncRecords.js';
import { PLOT_HEIGHT, PLOT_WIDTH, scaleFor, type BuiltPlot, type PlotEntry } from './common.js';

/**
 * The staleness histogram of the updates that reached the server (the bins of report.md's
 * histogram: one per version up to 10, then doubling); empty without asynchronous updates.
 * @param report - the run's report
 */
export function stalenessBins(report: Report): HistogramBin[] {
  return stalenessHistogram((report.updates ?? []).flatMap((u) => (u.staleness === null ? [] : [u.staleness])));
}

/** Staleness histogram (asynchronous protocols). */
export const stalenessPlot: PlotEntry = {
  id: 'staleness',
  description: 'staleness histogram of the updates that reached the server (updates[], asynchronous protocols)',
  build: (report): BuiltPlot | null => {
    const bins = stalenessBins(report);
    if (bins.length === 0) return null;
    const total = bins.reduce((s, b) => s + b.count, 0);
    const spec = {
      width: PLOT_WIDTH,
      height: PLOT_HEIGHT,
      data: { values: bins.map((b, i) => ({ ...b, order: i })) },
      mark: { type: 'bar', color: '#4c78a8' },
      encoding: {
        x: { field: 'label', type: 'ordinal', title: 'staleness (server versions)', sort: { field: 'order' }, axis: { labelAngle: 0 } },
        y: { field: 'count', type: 'quantitative', title: 'updates' },
      },
    } as PlotSpec;
    return { spec, caption: `Staleness of the ${total} updates that reached the server: server versions between the model a client trained on and the one its update met.` };
  },
};

/** One over-the-air round's error figures. */
export interface OtaErrorRow {
  /** round number */
  round: number;
  /** which measure */
  measure: 'relative error' | 'MSE per entry';
  /** its value (dimensionless) */
  value: number;
}

/**
 * Each over-the-air round's estimation error: ‖ĝ − ḡ‖/‖ḡ‖ (when defined) and the mean squared
 * error per entry, both in standardised units.
 * @param report - the run's report
 */
export function otaErrors(report: Report): OtaErrorRow[] {
  return (report.otaRounds ?? []).flatMap((r): OtaErrorRow[] => [
    ...(r.relativeError === null ? [] : [{ round: r.round, measure: 'relative error' as const, value: r.relativeError }]),
    { round: r.round, measure: 'MSE per entry' as const, value: r.msePerEntry },
  ]);
}

/** OTA estimation error per round. */
export const otaErrorPlot: PlotEntry = {
  id: 'ota-error',
  description: 'over-the-air estimation error per round: relative error and MSE per entry (otaRounds[])',
  build: (report): BuiltPlot | null => {
    const rows = otaErrors(report);
    if (rows.length === 0) return null;
    const panel = (measure: OtaErrorRow['measure'], title: string, color: string) => {
      const values = rows.filter((r) => r.measure === measure).map((r) => r.value);
      return {
        width: PLOT_WIDTH,
        height: PLOT_HEIGHT * 0.8,
        transform: [{ filter: { field: 'measure', equal: measure } }],
        mark: { type: 'line', point: true, color },
        encoding: {
          x: { field: 'round', type: 'quantitative', title: 'round', axis: { tickMinStep: 1 } },
          y: { field: 'value', type: 'quantitative', title, scale: scaleFor(values, false) },
        },
      };
    };
    const panels = [];
    if (rows.some((r) => r.measure === 'relative error')) panels.push(panel('relative error', 'relative error ‖ĝ − ḡ‖/‖ḡ‖', '#e45756'));
    panels.push(panel('MSE per entry', 'MSE per entry', '#4c78a8'));
    const spec = { data: { values: rows }, vconcat: panels } as PlotSpec;
    return { spec, caption: "Over-the-air aggregation's estimation error each round: the relative error of the estimated mean update and the mean squared error per entry, both dimensionless, in standardised units (noise and misalignment of the analog sum)." };
  },
};
