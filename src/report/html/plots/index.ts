/**
 * The plots of `report.html`, in page order. Each entry builds its plot from the report or
 * returns null when the report holds none of its data; adding a plot is one file and one line here.
 * @module
 */
import type { PlotEntry } from './common.js';
import { accuracyRoundPlot, accuracyTimePlot, roundBreakdownPlot } from './training.js';
import { otaErrorPlot, stalenessPlot } from './protocols.js';
import { energyPlot } from './energy.js';
import { activityPlot } from './activity.js';
import { linksPlot } from './links.js';
import { latencyCdfPlot } from './inference.js';

/** Every plot of `report.html`, in page order. */
export const REPORT_PLOTS: readonly PlotEntry[] = [
  accuracyTimePlot,
  accuracyRoundPlot,
  roundBreakdownPlot,
  stalenessPlot,
  otaErrorPlot,
  latencyCdfPlot,
  energyPlot,
  activityPlot,
  linksPlot,
];
