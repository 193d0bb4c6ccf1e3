/**
 * The sweep's deterministic outputs: `sweep.json` (cells and per-combination statistics),
 * `sweep.csv` (one row per combination × metric) and `sweep.md` (a table per metric).
 * @module
 */
import { csvTable, formatNumber, markdownTable } from '../report/format.js';
import { SWEEP_METRICS, type MetricValues } from './metrics.js';
import { sampleStats, type SampleStats } from './stats.js';
import type { Combination, GridAxis, SweepCell } from './grid.js';

/** Version tag of sweep.json's schema. */
export const SWEEP_SCHEMA = 'edgesim.sweep/1';

/** A cell in sweep.json. */
export interface SweepCellResult extends SweepCell {
  /** its metrics, or null when it failed */
  metrics: MetricValues | null;
  /** why it failed, or null */
  error: string | null;
}

/** A grid point in sweep.json: its cells' statistics per metric. */
export interface CombinationResult {
  /** its index */
  index: number;
  /** `path=value, …` */
  label: string;
  /** axis path → value */
  values: Record<string, string>;
  /** cells run */
  cells: number;
  /** cells that failed */
  failed: number;
  /** metric name → statistics over the cells where it is present */
  stats: Record<string, SampleStats>;
}

/** The scenario of a sweep. */
export interface SweepScenario {
  /** the scenario file as given */
  file: string;
  /** the SHA-256 of its content */
  sha256: string;
}

/** A metric as sweep.json describes it. */
export interface SweepMetricInfo {
  /** its name */
  name: string;
  /** what it measures */
  description: string;
}

/** sweep.json: deterministic, the same whatever the worker count. */
export interface SweepResult {
  /** {@link SWEEP_SCHEMA} */
  schema: typeof SWEEP_SCHEMA;
  /** the scenario */
  scenario: SweepScenario;
  /** the sweep's own `--set` assignments */
  set: string[];
  /** the grid axes */
  grid: GridAxis[];
  /** the seeds */
  seeds: number[];
  /** the metrics */
  metrics: SweepMetricInfo[];
  /** every cell, combinations first, then seeds */
  cells: SweepCellResult[];
  /** per grid point */
  combinations: CombinationResult[];
}

/**
 * Statistics of each combination's cells.
 * @param combos - the grid points
 * @param cells - every cell with its outcome
 */
export function combinationResults(combos: readonly Combination[], cells: readonly SweepCellResult[]): CombinationResult[] {
  return combos.map((c) => {
    const mine = cells.filter((x) => x.combination === c.index);
    const stats: Record<string, SampleStats> = {};
    for (const m of SWEEP_METRICS) {
      const xs = mine.flatMap((x) => (x.metrics === null || x.metrics[m.name] === null || x.metrics[m.name] === undefined ? [] : [x.metrics[m.name]!]));
      stats[m.name] = sampleStats(xs);
    }
    return { index: c.index, label: c.label, values: c.values, cells: mine.length, failed: mine.filter((x) => x.error !== null).length, stats };
  });
}

/**
 * sweep.csv: one row per combination × metric.
 * @param result - the sweep
 */
export function sweepCsv(result: SweepResult): string {
  const axes = result.grid.map((a) => a.path);
  const rows = result.combinations.flatMap((c) =>
    result.metrics.map((m) => {
      const s = c.stats[m.name]!;
      return [c.index, ...axes.map((p) => c.values[p]!), m.name, s.n, s.mean, s.std, s.ci95, s.ciLow, s.ciHigh];
    }),
  );
  return csvTable(['combination', ...axes, 'metric', 'n', 'mean', 'std', 'ci95', 'ciLow', 'ciHigh'], rows);
}

/**
 * sweep.md: a table per metric present in some cell (combination, n, mean ± 95% CI), then the
 * failed cells.
 * @param result - the sweep
 */
export function sweepMarkdown(result: SweepResult): string {
  const failed = result.cells.filter((c) => c.error !== null);
  const lines = [
    `# Sweep of ${result.scenario.file}`,
    '',
    `${result.cells.length} cells: ${result.combinations.length} combination${result.combinations.length === 1 ? '' : 's'} × ${result.seeds.length} seed${result.seeds.length === 1 ? '' : 's'}; ${failed.length} failed.`,
    'Mean ± the half-width of the two-sided 95% confidence interval of the mean (Student t, n − 1 degrees of freedom); n counts the cells where the metric is present.',
    '',
  ];
  for (const m of result.metrics) {
    if (result.combinations.every((c) => c.stats[m.name]!.n === 0)) continue;
    lines.push(`## ${m.name}`, '', `${m.description}.`, '');
    const rows = result.combinations.map((c) => {
      const s = c.stats[m.name]!;
      const cell = s.mean === null ? '—' : s.ci95 === null ? formatNumber(s.mean, 4) : `${formatNumber(s.mean, 4)} ± ${formatNumber(s.ci95, 3)}`;
      return [c.label, String(s.n), cell];
    });
    lines.push(markdownTable(['combination', 'n', 'mean ± 95% CI'], rows, ['l', 'r', 'r']));
  }
  if (failed.length > 0) {
    lines.push('## Failed cells', '');
    lines.push(markdownTable(['combination', 'seed', 'error'], failed.map((c) => [result.combinations[c.combination]!.label, String(c.seed), c.error!])));
  }
  return lines.join('\n');
}
