/**
 * Energy per node by category (`nodes[].energyJ`): compute, transmit, receive and idle, one row a
 * node in natural id order, on a log axis when the values span decades.
 * @module
 */
import type { Report } from '../../report.js';
import type { PlotSpec } from '../vega.js';
import { PLOT_WIDTH, spansDecades, type BuiltPlot, type PlotEntry } from './common.js';
import { naturalCompare } from '../../../util/naturalCompare.js';

/** The energy categories plotted, in legend order. */
export const ENERGY_CATEGORIES = ['compute', 'tx', 'rx', 'idle'] as const;

/** One node's energy in one category. */
export interface EnergyRow {
  /** node id */
  node: string;
  /** the category */
  category: (typeof ENERGY_CATEGORIES)[number];
  /** its energy (J) */
  energyJ: number;
}

/** What the energy plot shows. */
export interface EnergyData {
  /** the rows: nodes in natural id order, categories in {@link ENERGY_CATEGORIES} order */
  rows: EnergyRow[];
  /** the nodes shown, in order */
  nodes: string[];
  /** nodes left out (those that used least) */
  omitted: number;
  /** whether the axis is logarithmic (zero values are then not drawn) */
  log: boolean;
}

/**
 * The energy plot's data: at most `maxNodes` nodes, those with the most total energy, in natural
 * id order; null when no node used any energy.
 * @param report - the run's report
 * @param maxNodes - most nodes shown
 */
export function energyData(report: Report, maxNodes: number): EnergyData | null {
  if (report.nodes.every((n) => n.energyJ.total <= 0)) return null;
  const kept = [...report.nodes]
    .sort((a, b) => b.energyJ.total - a.energyJ.total || naturalCompare(a.id, b.id))
    .slice(0, maxNodes)
    .sort((a, b) => naturalCompare(a.id, b.id));
  const rows = kept.flatMap((n) => ENERGY_CATEGORIES.map((category) => ({ node: n.id, category, energyJ: n.energyJ[category] })));
  const positive = rows.map((r) => r.energyJ).filter((e) => e > 0);
  const log = spansDecades(positive);
  return { rows: log ? rows.filter((r) => r.energyJ > 0) : rows, nodes: kept.map((n) => n.id), omitted: report.nodes.length - kept.length, log };
}

/** Energy per node by category. */
export const energyPlot: PlotEntry = {
  id: 'energy',
  description: 'energy per node by category: compute, transmit, receive, idle (nodes[].energyJ)',
  build: (report, options): BuiltPlot | null => {
    const d = energyData(report, options.maxEnergyNodes ?? 40);
    if (d === null) return null;
    const spec = {
      width: PLOT_WIDTH,
      height: { step: 16 },
      data: { values: d.rows },
      mark: { type: 'point', filled: true, size: 60, opacity: 0.85 },
      encoding: {
        y: { field: 'node', type: 'nominal', title: 'node', sort: d.nodes },
        x: { field: 'energyJ', type: 'quantitative', title: `energy (J${d.log ? ', log scale' : ''})`, scale: d.log ? { type: 'log' } : { type: 'linear', zero: true } },
        color: { field: 'category', type: 'nominal', title: 'category', scale: { domain: [...ENERGY_CATEGORIES], scheme: 'tableau10' } },
        shape: { field: 'category', type: 'nominal', scale: { domain: [...ENERGY_CATEGORIES] } },
      },
    } as PlotSpec;
    const left = d.omitted > 0 ? ` The ${d.nodes.length} nodes that used most energy are shown; ${d.omitted} others are in report.json.` : '';
    const zeros = d.log ? ' Log axis: zero values are not drawn.' : '';
    return { spec, caption: `Energy each node used over the run by category: CPU compute, transmit chain (tx), receive chain (rx) and idle baseline.${left}${zeros}` };
  },
};
