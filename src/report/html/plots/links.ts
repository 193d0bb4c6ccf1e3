/**
 * SNR and rate over time for chosen links (`transfers[]`): each transfer is a point at its
 * midpoint, its mean SNR (wireless links) and mean rate; by default the links with most transfers.
 * @module
 */
import type { Report } from '../../report.js';
import type { PlotSpec } from '../vega.js';
import { PLOT_HEIGHT, PLOT_WIDTH, scaleFor, type BuiltPlot, type PlotEntry } from './common.js';
import { naturalCompare } from '../../../util/naturalCompare.js';

/** One transfer as the link plot shows it. */
export interface LinkPoint {
  /** link id */
  link: string;
  /** the transfer's midpoint (s) */
  timeS: number;
  /** its mean SNR (dB), null on a wired link */
  snrDb: number | null;
  /** its mean rate (bit/s) */
  rateBps: number;
}

/**
 * The links plotted: `chosen` when given (those with transfers, in the order given), else the
 * `max` wireless links with most transfers (wired links when there is no wireless transfer; ties in
 * natural id order).
 * @param report - the run's report
 * @param chosen - link ids asked for, or undefined
 * @param max - most links chosen by default
 */
export function chooseLinks(report: Report, chosen: readonly string[] | undefined, max: number): string[] {
  const counts = new Map<string, number>();
  for (const x of report.transfers) if (x.meanRateBps !== null) counts.set(x.link, (counts.get(x.link) ?? 0) + 1);
  if (chosen !== undefined) return chosen.filter((l) => counts.has(l));
  const wireless = new Set(report.transfers.filter((x) => x.meanSnrDb !== null && x.meanRateBps !== null).map((x) => x.link));
  if (wireless.size > 0) for (const l of [...counts.keys()]) if (!wireless.has(l)) counts.delete(l);
  return [...counts.keys()].sort((a, b) => counts.get(b)! - counts.get(a)! || naturalCompare(a, b)).slice(0, max);
}

/**
 * The points of the chosen links, in transfer order.
 * @param report - the run's report
 * @param links - the links
 */
export function linkPoints(report: Report, links: readonly string[]): LinkPoint[] {
  const keep = new Set(links);
  return report.transfers
    .filter((x) => keep.has(x.link) && x.meanRateBps !== null)
    .map((x) => ({ link: x.link, timeS: (x.startS + x.endS) / 2, snrDb: x.meanSnrDb, rateBps: x.meanRateBps! }));
}

/** SNR and rate over time for chosen links. */
export const linksPlot: PlotEntry = {
  id: 'links',
  description: 'mean SNR and rate of each transfer over time for chosen links (transfers[]; default the 6 wireless links with most transfers)',
  build: (report, options): BuiltPlot | null => {
    const links = chooseLinks(report, options.links, options.maxLinks ?? 6);
    const points = linkPoints(report, links);
    if (points.length === 0) return null;
    const x = { field: 'timeS', type: 'quantitative', title: 'simulated time (s, transfer midpoint)' };
    const color = { field: 'link', type: 'nominal', title: 'link', sort: links, scale: { domain: links } };
    const panels: object[] = [];
    if (points.some((p) => p.snrDb !== null)) {
      panels.push({
        width: PLOT_WIDTH,
        height: PLOT_HEIGHT * 0.8,
        transform: [{ filter: 'datum.snrDb !== null' }],
        mark: { type: 'line', point: true },
        encoding: { x, y: { field: 'snrDb', type: 'quantitative', title: 'mean SNR (dB)', scale: { zero: false } }, color },
      });
    }
    panels.push({
      width: PLOT_WIDTH,
      height: PLOT_HEIGHT * 0.8,
      mark: { type: 'line', point: true },
      encoding: { x, y: { field: 'rateBps', type: 'quantitative', title: 'mean rate (bit/s)', scale: scaleFor(points.map((p) => p.rateBps), false), axis: { format: '.2s' } }, color },
    });
    const spec = { data: { values: points }, vconcat: panels, resolve: { scale: { color: 'shared', x: 'shared' } } } as PlotSpec;
    const which = options.links !== undefined ? 'the links asked for' : `the ${links.length} ${points.some((p) => p.snrDb !== null) ? 'wireless ' : ''}link${links.length === 1 ? '' : 's'} with most transfers`;
    return { spec, caption: `Mean SNR and mean rate of each transfer on ${which}, at the transfer's midpoint (rate = bits sent over start to arrival).` };
  },
};
