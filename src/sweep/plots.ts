/**
 * The plots of sweeps and comparisons, as vega-lite specifications with their data inline:
 * a metric's mean against a grid parameter with its 95% confidence interval as error bars
 * (`edgesim sweep --format html`), and the same per folder side by side or curves of several runs
 * overlaid (`edgesim compare --format html`). Pure: data in, specification out.
 * @module
 */
import type { PlotSpec } from '../report/html/vega.js';
import { spansDecades } from '../report/html/plots/common.js';
import type { SampleStats } from './stats.js';
import type { SweepMetricInfo, SweepResult } from './summary.js';
import type { CompareSweepRow } from './compare.js';

/** A plot to render: an id (for the page and its tests), a caption and the specification. */
export interface SweepPlot {
  /** unique within a page */
  id: string;
  /** what it shows */
  caption: string;
  /** the vega-lite specification, data inline */
  spec: PlotSpec;
}

/** One point of a metric-vs-parameter plot. */
export interface MeanPoint {
  /** the parameter's value (a number when every value of the axis is one) */
  x: number | string;
  /** the line it belongs to: the other axes' values, or the folder */
  series: string;
  /** the mean */
  mean: number;
  /** the 95% interval's ends (the mean itself with one sample) */
  lo: number;
  /** upper end */
  hi: number;
  /** samples */
  n: number;
}

const WIDTH = 520;
const HEIGHT = 260;

/** Whether every text is a finite number. */
function allNumeric(values: readonly string[]): boolean {
  return values.every((v) => v.trim() !== '' && Number.isFinite(Number(v)));
}

/**
 * A metric's axis title: its name and the unit its description ends with in parentheses.
 * @param m - the metric
 */
export function metricTitle(m: SweepMetricInfo): string {
  const unit = /\(([^)]*)\)$/.exec(m.description);
  return unit === null ? m.name : `${m.name} (${unit[1]})`;
}

/** Mean and interval of a sample, or null without samples. */
function pointOf(s: SampleStats | undefined): Pick<MeanPoint, 'mean' | 'lo' | 'hi' | 'n'> | null {
  if (s === undefined || s.mean === null) return null;
  return { mean: s.mean, lo: s.ciLow ?? s.mean, hi: s.ciHigh ?? s.mean, n: s.n };
}

/** The x axis of a sweep's plots: the first axis with more than one value (else the first). */
function xAxisOf(result: SweepResult): number {
  const i = result.grid.findIndex((a) => a.values.length > 1);
  return i === -1 ? 0 : i;
}

/**
 * The points of a metric against the sweep's x axis (the first with several values), one
 * series per value of the other axes.
 * @param result - the sweep
 * @param metric - the metric's name
 */
export function meanPoints(result: SweepResult, metric: string): MeanPoint[] {
  if (result.grid.length === 0) return [];
  const xi = xAxisOf(result);
  const axis = result.grid[xi]!;
  const numeric = allNumeric(axis.values);
  const others = result.grid.filter((_a, i) => i !== xi);
  return result.combinations.flatMap((c) => {
    const p = pointOf(c.stats[metric]);
    if (p === null) return [];
    const series = others.length === 0 ? 'mean' : others.map((a) => `${a.path}=${c.values[a.path]}`).join(', ');
    const raw = c.values[axis.path]!;
    return [{ x: numeric ? Number(raw) : raw, series, ...p }];
  });
}

/** Mean line with points and error bars, colour by series; x quantitative or ordinal. */
function meanWithErrorBars(title: string, xTitle: string, yTitle: string, points: readonly MeanPoint[], numericX: boolean): PlotSpec {
  const xs = points.map((p) => p.x).filter((x): x is number => typeof x === 'number');
  const logX = numericX && spansDecades(xs);
  const distinct = [...new Set(xs)].sort((a, b) => a - b);
  // Ticks at the swept values when they are few; large values in SI units (4M, not 4,000,000).
  const axis = { ...(distinct.length <= 10 ? { values: distinct } : {}), ...(Math.max(...distinct.map(Math.abs)) >= 1e4 ? { format: '~s' } : {}) };
  const x = numericX
    ? { field: 'x', type: 'quantitative' as const, title: xTitle, scale: logX ? { type: 'log' as const } : { zero: false }, axis }
    : { field: 'x', type: 'ordinal' as const, title: xTitle, sort: null, axis: { labelAngle: -30, labelLimit: 240 } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    width: WIDTH,
    height: HEIGHT,
    data: { values: points.map((p) => ({ ...p })) },
    encoding: { x, color: { field: 'series', type: 'nominal', title: null, sort: null, legend: { orient: 'bottom', direction: 'vertical', labelLimit: 480 } } },
    layer: [
      { mark: { type: 'line', point: true }, encoding: { y: { field: 'mean', type: 'quantitative', title: yTitle, scale: { zero: false } } } },
      { mark: { type: 'errorbar', ticks: true }, encoding: { y: { field: 'lo', type: 'quantitative', title: yTitle }, y2: { field: 'hi' } } },
    ],
  } as PlotSpec;
}

/**
 * `sweep.html`'s plots: each metric present in some cell against the x axis, with 95% CI error
 * bars; none when the sweep has no grid (one combination: its table says it all).
 * @param result - the sweep
 */
export function sweepPlots(result: SweepResult): SweepPlot[] {
  if (result.grid.length === 0) return [];
  const axis = result.grid[xAxisOf(result)]!;
  const numeric = allNumeric(axis.values);
  return result.metrics.flatMap((m) => {
    const points = meanPoints(result, m.name);
    if (points.length === 0) return [];
    return [
      {
        id: `sweep-${m.name}`,
        caption: `${m.description}: mean over the seeds against ${axis.path}, with the 95% confidence interval of the mean (Student t) as error bars.`,
        spec: meanWithErrorBars(m.name, axis.path, metricTitle(m), points, numeric),
      },
    ];
  });
}

/**
 * A comparison's plot of sweeps: each combination's mean and 95% CI of a metric, one colour per
 * folder, combinations along x (their labels).
 * @param metric - the metric
 * @param rows - per folder and combination, its statistics
 */
export function compareSweepPlot(metric: SweepMetricInfo, rows: readonly CompareSweepRow[]): SweepPlot | null {
  const points = rows.flatMap((r) => {
    const p = pointOf(r.stats[metric.name]);
    return p === null ? [] : [{ x: r.combination, series: r.folder, ...p }];
  });
  if (points.length === 0) return null;
  return {
    id: `compare-sweeps-${metric.name}`,
    caption: `${metric.description}: per combination, the mean over the seeds of each sweep with its 95% confidence interval.`,
    spec: meanWithErrorBars(metric.name, 'combination', metricTitle(metric), points, false),
  };
}

/** A point of a curve. */
export interface CurvePoint {
  /** abscissa, in the plot's x unit */
  x: number;
  /** ordinate, in the plot's y unit */
  y: number;
}

/** One run's curve: (x, y) points in order. */
export interface RunCurve {
  /** the run's folder (the legend) */
  series: string;
  /** the points */
  points: CurvePoint[];
}

/**
 * Curves of several runs overlaid, one colour per run.
 * @param id - the plot's id
 * @param caption - what it shows
 * @param xTitle - x axis title with its unit
 * @param yTitle - y axis title with its unit
 * @param curves - the runs' curves (those without points are left out)
 * @param step - draw as a step function (an empirical CDF)
 */
export function overlaidCurves(id: string, caption: string, xTitle: string, yTitle: string, curves: readonly RunCurve[], step = false): SweepPlot | null {
  const values = curves.flatMap((c) => c.points.map((p, order) => ({ series: c.series, x: p.x, y: p.y, order })));
  if (values.length === 0) return null;
  return {
    id,
    caption,
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      width: WIDTH,
      height: HEIGHT,
      data: { values },
      mark: { type: 'line', point: !step, interpolate: step ? 'step-after' : 'linear' },
      encoding: {
        x: { field: 'x', type: 'quantitative', title: xTitle },
        y: { field: 'y', type: 'quantitative', title: yTitle },
        color: { field: 'series', type: 'nominal', title: null, sort: null, legend: { orient: 'bottom', direction: 'vertical', labelLimit: 480 } },
        order: { field: 'order', type: 'quantitative' },
      },
    } as PlotSpec,
  };
}
