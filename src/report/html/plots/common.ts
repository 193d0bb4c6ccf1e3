/**
 * What every plot of `report.html` shares: the shape of a plot entry, its options, the plot size,
 * and the choice of a log scale.
 * @module
 */
import type { Report } from '../../report.js';
import type { PlotSpec } from '../vega.js';

/** Options of the plots (`renderHtml`'s options). */
export interface PlotOptions {
  /** links whose SNR and rate are plotted; default: the {@link PlotOptions.maxLinks} links with most transfers */
  links?: readonly string[];
  /** most links in the SNR/rate plot when {@link PlotOptions.links} is not given; default 6 */
  maxLinks?: number;
  /** most nodes in the activity Gantt (the busiest); default 30 */
  maxGanttNodes?: number;
  /** most nodes in the energy plot (those that used most); default 40 */
  maxEnergyNodes?: number;
}

/** A plot built from a report: its vega-lite specification and caption. */
export interface BuiltPlot {
  /** the vega-lite specification, data inline */
  spec: PlotSpec;
  /** what it shows (text), with what was left out */
  caption: string;
}

/** One plot of `report.html`: an id and a builder that returns null when its data is absent. */
export interface PlotEntry {
  /** the plot's id (`figure[data-plot=id]`) */
  id: string;
  /** what it shows, in a few words (docs, `edgesim list`) */
  description: string;
  /**
   * Builds the plot, or null when the report holds none of its data.
   * @param report - the run's report
   * @param options - the plot options
   */
  build: (report: Report, options: PlotOptions) => BuiltPlot | null;
}

/** Width of a plot's data area (px). */
export const PLOT_WIDTH = 640;
/** Height of one panel's data area (px). */
export const PLOT_HEIGHT = 200;

/**
 * Whether values are best shown on a log scale: every one is positive and they span at least two
 * decades (max/min ≥ 100).
 * @param values - the values plotted (non-finite ones ignored)
 */
export function spansDecades(values: readonly number[]): boolean {
  const v = values.filter((x) => Number.isFinite(x));
  if (v.length < 2 || v.some((x) => x <= 0)) return false;
  return Math.max(...v) / Math.min(...v) >= 100;
}

/** A vega-lite quantitative scale: logarithmic, or linear (from zero or not). */
export type ScaleChoice = LogScale | LinearScale;

/** A logarithmic scale. */
export interface LogScale {
  /** always `log` */
  type: 'log';
}

/** A linear scale. */
export interface LinearScale {
  /** always `linear` */
  type: 'linear';
  /** whether the scale includes zero */
  zero: boolean;
}

/**
 * A quantitative scale: log when the values span decades, linear otherwise.
 * @param values - the values plotted
 * @param zero - whether a linear scale starts at zero; default true
 */
export function scaleFor(values: readonly number[], zero = true): ScaleChoice {
  return spansDecades(values) ? { type: 'log' } : { type: 'linear', zero };
}

/**
 * At most `max` evenly spaced elements of a sorted list, the first and last kept (for plots of
 * many points: a line through them looks the same).
 * @param items - the list
 * @param max - most elements kept (≥ 2)
 */
export function thin<T>(items: readonly T[], max: number): T[] {
  if (items.length <= max) return [...items];
  const out: T[] = [];
  for (let k = 0; k < max; k++) out.push(items[Math.round((k * (items.length - 1)) / (max - 1))]!);
  return out;
}
