/**
 * Inference latency: the empirical CDF of the end-to-end latency of the requests that finished
 * (`requests[]`), over all terminals and, when there are few, per terminal.
 * @module
 */
import type { Report } from '../../report.js';
import type { PlotSpec } from '../vega.js';
import { PLOT_HEIGHT, PLOT_WIDTH, scaleFor, thin, type BuiltPlot, type PlotEntry } from './common.js';
import { naturalCompare } from '../../../util/naturalCompare.js';

/** Most terminals drawn one curve each (more: only the overall curve). */
export const CDF_MAX_TERMINALS = 6;
/** Most points a curve keeps (evenly spaced ranks, the last kept). */
export const CDF_MAX_POINTS = 400;

/** One point of an empirical CDF. */
export interface CdfPoint {
  /** `all` or a terminal id */
  series: string;
  /** latency (ms) */
  latencyMs: number;
  /** fraction of the series' finished requests with at most this latency */
  fraction: number;
}

/**
 * The empirical CDF of values: after sorting, point i (from 1) is (x_i, i/n); so it is monotone
 * and ends at 1.
 * @param values - the samples
 */
export function empiricalCdf(values: readonly number[]): [number, number][] {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.map((x, i) => [x, (i + 1) / sorted.length]);
}

/**
 * The latency CDF's curves: `all`, then one per terminal when there are at most
 * {@link CDF_MAX_TERMINALS} (natural order); each thinned to {@link CDF_MAX_POINTS} points.
 * @param report - the run's report
 */
export function latencyCdf(report: Report): CdfPoint[] {
  const done = (report.requests ?? []).filter((r) => r.latencyS !== null);
  if (done.length === 0) return [];
  const curve = (series: string, latS: number[]): CdfPoint[] => thin(empiricalCdf(latS), CDF_MAX_POINTS).map(([x, f]) => ({ series, latencyMs: x * 1e3, fraction: f }));
  const out = curve('all', done.map((r) => r.latencyS!));
  const terminals = [...new Set(done.map((r) => r.terminal))].sort(naturalCompare);
  if (terminals.length > 1 && terminals.length <= CDF_MAX_TERMINALS) {
    for (const t of terminals) out.push(...curve(t, done.filter((r) => r.terminal === t).map((r) => r.latencyS!)));
  }
  return out;
}

/** Inference latency CDF. */
export const latencyCdfPlot: PlotEntry = {
  id: 'latency-cdf',
  description: 'empirical CDF of the end-to-end latency of finished inference requests, overall and per terminal when few (requests[])',
  build: (report): BuiltPlot | null => {
    const points = latencyCdf(report);
    if (points.length === 0) return null;
    const series = [...new Set(points.map((p) => p.series))];
    const finished = (report.requests ?? []).filter((r) => r.latencyS !== null).length;
    const spec = {
      width: PLOT_WIDTH,
      height: PLOT_HEIGHT,
      data: { values: points },
      mark: { type: 'line', interpolate: 'step-after' },
      encoding: {
        x: { field: 'latencyMs', type: 'quantitative', title: 'end-to-end latency (ms)', scale: scaleFor(points.map((p) => p.latencyMs), false) },
        y: { field: 'fraction', type: 'quantitative', title: 'fraction of requests', scale: { domain: [0, 1] } },
        color: { field: 'series', type: 'nominal', title: 'terminal', sort: series, scale: { domain: series } },
        strokeWidth: { condition: { test: "datum.series === 'all'", value: 2.5 }, value: 1.2 },
      },
    } as PlotSpec;
    const per = series.length > 1 ? ', overall (thick) and per terminal' : '';
    return { spec, caption: `Empirical CDF of the end-to-end latency of the ${finished} requests that finished${per}; lost and unfinished requests are not counted.` };
  },
};
