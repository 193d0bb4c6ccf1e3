/**
 * The activity Gantt: per node, when it computed (`computations[]`), transmitted and received
 * (`transfers[]`, from start to arrival or stop) and was down (`downtimes[]`, and the open interval
 * of a node still down at the end, from `nodes[].downS`). Overlapping intervals of one node and
 * activity are merged, so the chart stays readable (and small) for many short transfers.
 * @module
 */
import type { Report } from '../../report.js';
import type { PlotSpec } from '../vega.js';
import { PLOT_WIDTH, type BuiltPlot, type PlotEntry } from './common.js';
import { naturalCompare } from '../../../util/naturalCompare.js';

/** The activities of the Gantt, in legend order. */
export const ACTIVITIES = ['compute', 'transmit', 'receive', 'down'] as const;

/** An activity of a node. */
export type GanttActivity = (typeof ACTIVITIES)[number];

/** One bar of the Gantt. */
export interface ActivityInterval {
  /** node id */
  node: string;
  /** what it did */
  activity: GanttActivity;
  /** start (s) */
  startS: number;
  /** end (s) */
  endS: number;
}

/**
 * Merges overlapping or touching intervals (sorted by start).
 * @param intervals - [start, end] pairs (s), in any order
 */
export function mergeIntervals(intervals: readonly (readonly [number, number])[]): [number, number][] {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: [number, number][] = [];
  for (const [s, e] of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

/**
 * Every node's activity intervals, merged per node and activity; nodes in natural id order,
 * activities in {@link ACTIVITIES} order, intervals by start.
 * @param report - the run's report
 */
export function activityIntervals(report: Report): ActivityInterval[] {
  const raw = new Map<string, [number, number][]>();
  const add = (node: string, activity: GanttActivity, s: number, e: number): void => {
    const key = `${node}\u0000${activity}`;
    let list = raw.get(key);
    if (list === undefined) raw.set(key, (list = []));
    list.push([s, Math.max(s, e)]);
  };
  for (const c of report.computations ?? []) add(c.node, 'compute', c.startS, c.endS);
  for (const x of report.transfers) {
    add(x.from, 'transmit', x.startS, x.endS);
    add(x.to, 'receive', x.startS, x.endS);
  }
  const closed = new Map<string, number>();
  for (const d of report.downtimes ?? []) {
    add(d.node, 'down', d.startS, d.endS);
    closed.set(d.node, (closed.get(d.node) ?? 0) + (d.endS - d.startS));
  }
  // A node down at the end: its last interval is open; its length is downS less the closed ones.
  for (const n of report.nodes) {
    if (n.failed === null) continue;
    const open = Math.max(0, n.downS - (closed.get(n.id) ?? 0));
    add(n.id, 'down', Math.max(0, report.simulatedEndS - open), report.simulatedEndS);
  }
  const out: ActivityInterval[] = [];
  const nodes = [...new Set([...raw.keys()].map((k) => k.split('\u0000')[0]!))].sort(naturalCompare);
  for (const node of nodes) {
    for (const activity of ACTIVITIES) {
      for (const [startS, endS] of mergeIntervals(raw.get(`${node}\u0000${activity}`) ?? [])) out.push({ node, activity, startS, endS });
    }
  }
  return out;
}

/** The Gantt's data: the busiest nodes' intervals. */
export interface GanttData {
  /** the intervals of the nodes shown */
  intervals: ActivityInterval[];
  /** the nodes shown, in natural id order */
  nodes: string[];
  /** nodes with activity left out */
  omitted: number;
}

/**
 * The Gantt's data: the `maxNodes` nodes busiest in compute, transmit and receive time (merged),
 * in natural id order; null when no node did anything.
 * @param report - the run's report
 * @param maxNodes - most nodes shown
 */
export function ganttData(report: Report, maxNodes: number): GanttData | null {
  const all = activityIntervals(report);
  if (all.length === 0) return null;
  const busy = new Map<string, number>();
  for (const i of all) busy.set(i.node, (busy.get(i.node) ?? 0) + (i.activity === 'down' ? 0 : i.endS - i.startS));
  const kept = [...busy.keys()]
    .sort((a, b) => busy.get(b)! - busy.get(a)! || naturalCompare(a, b))
    .slice(0, maxNodes)
    .sort(naturalCompare);
  const keep = new Set(kept);
  return { intervals: all.filter((i) => keep.has(i.node)), nodes: kept, omitted: busy.size - kept.length };
}

/** The activity Gantt. */
export const activityPlot: PlotEntry = {
  id: 'activity',
  description: 'activity Gantt per node: compute, transmit, receive, down (computations[], transfers[], downtimes[]); the 30 busiest nodes',
  build: (report, options): BuiltPlot | null => {
    const d = ganttData(report, options.maxGanttNodes ?? 30);
    if (d === null) return null;
    const spanS = Math.max(report.simulatedEndS, ...d.intervals.map((i) => i.endS));
    // An interval shorter than a pixel is drawn a pixel wide, so short computations still show.
    const pixelS = spanS / PLOT_WIDTH;
    const values = d.intervals.map((i) => ({ ...i, drawEndS: Math.max(i.endS, i.startS + pixelS) }));
    const spec = {
      width: PLOT_WIDTH,
      height: { step: 5 },
      data: { values },
      mark: { type: 'bar', height: { band: 0.9 } },
      encoding: {
        y: { field: 'node', type: 'nominal', title: 'node', sort: d.nodes },
        yOffset: { field: 'activity', type: 'nominal', sort: [...ACTIVITIES], scale: { domain: [...ACTIVITIES] } },
        x: { field: 'startS', type: 'quantitative', title: 'simulated time (s)', scale: { domain: [0, spanS] } },
        x2: { field: 'drawEndS' },
        color: { field: 'activity', type: 'nominal', title: 'activity', scale: { domain: [...ACTIVITIES], range: ['#4c78a8', '#f58518', '#54a24b', '#e45756'] } },
      },
    } as PlotSpec;
    const left = d.omitted > 0 ? `the ${d.nodes.length} busiest of ${d.nodes.length + d.omitted} nodes (by compute, transmit and receive time)` : `all ${d.nodes.length} active nodes`;
    return { spec, caption: `What each node was doing over simulated time, ${left}: computing, transmitting, receiving (a transfer from its start to its arrival) and down. Overlapping intervals of one activity are merged; one shorter than a pixel is drawn a pixel wide.` };
  },
};
