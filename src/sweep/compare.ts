/**
 * `edgesim compare`: the headline metrics ({@link SWEEP_METRICS}) of several runs (report.json) or
 * sweeps (sweep.json) side by side. Pure: takes parsed files, returns a table.
 * @module
 */
import { formatNumber, markdownTable } from '../report/format.js';
import type { Report } from '../report/report.js';
import { extractMetrics, SWEEP_METRICS, type MetricValues } from './metrics.js';
import type { SampleStats } from './stats.js';
import type { SweepResult } from './summary.js';

/** A run folder to compare: its report.json. */
export interface CompareRunSource {
  /** `run` */
  kind: 'run';
  /** the folder as given */
  folder: string;
  /** its parsed report.json */
  report: Report;
}

/** A sweep folder to compare: its sweep.json. */
export interface CompareSweepSource {
  /** `sweep` */
  kind: 'sweep';
  /** the folder as given */
  folder: string;
  /** its parsed sweep.json */
  sweep: SweepResult;
}

/** One folder of `edgesim compare`. */
export type CompareSource = CompareRunSource | CompareSweepSource;

/** A run's column: its scenario, seed and metrics. */
export interface CompareRunColumn {
  /** the folder */
  folder: string;
  /** the scenario's name */
  scenario: string;
  /** the root seed */
  seed: number;
  /** metric name → value, null when absent */
  metrics: MetricValues;
}

/** A sweep combination's row. */
export interface CompareSweepRow {
  /** the folder */
  folder: string;
  /** the sweep's scenario file */
  scenario: string;
  /** the combination's label */
  combination: string;
  /** its cells */
  cells: number;
  /** its failed cells */
  failed: number;
  /** metric name → statistics */
  stats: Record<string, SampleStats>;
}

/** What `edgesim compare --json` prints. */
export interface Comparison {
  /** the metric names, in order */
  metrics: string[];
  /** one column per run folder, in the order given */
  runs: CompareRunColumn[];
  /** one row per sweep folder and combination, in the order given */
  sweeps: CompareSweepRow[];
}

/**
 * Compares runs and sweeps.
 * @param sources - the folders' parsed files, in the order given
 */
export function compare(sources: readonly CompareSource[]): Comparison {
  const runs: CompareRunColumn[] = [];
  const sweeps: CompareSweepRow[] = [];
  for (const s of sources) {
    if (s.kind === 'run') runs.push({ folder: s.folder, scenario: s.report.scenario.name, seed: s.report.seed, metrics: extractMetrics(s.report) });
    else for (const c of s.sweep.combinations) sweeps.push({ folder: s.folder, scenario: s.sweep.scenario.file, combination: c.label, cells: c.cells, failed: c.failed, stats: c.stats });
  }
  return { metrics: SWEEP_METRICS.map((m) => m.name), runs, sweeps };
}

/**
 * A mean ± 95% CI half-width as sweep.md writes it; `—` without samples.
 * @param s - the statistics
 */
export function formatMeanCi(s: SampleStats | undefined): string {
  if (s === undefined || s.mean === null) return '—';
  return s.ci95 === null ? formatNumber(s.mean, 4) : `${formatNumber(s.mean, 4)} ± ${formatNumber(s.ci95, 3)}`;
}

/**
 * The comparison as Markdown: a table of runs (a column per folder), then a table of sweep
 * combinations (a row per folder and combination, mean ± 95% CI per metric).
 * @param c - the comparison
 */
export function compareMarkdown(c: Comparison): string {
  const parts: string[] = ['# Comparison', ''];
  if (c.runs.length > 0) {
    const rows = [
      ['scenario', ...c.runs.map((r) => r.scenario)],
      ['seed', ...c.runs.map((r) => String(r.seed))],
      ...c.metrics.map((m) => [m, ...c.runs.map((r) => formatNumber(r.metrics[m], 6))]),
    ];
    parts.push('## Runs', '', markdownTable(['metric', ...c.runs.map((r) => r.folder)], rows, ['l', ...c.runs.map((): 'r' => 'r')]));
  }
  if (c.sweeps.length > 0) {
    parts.push('## Sweeps', '', 'Mean ± the half-width of the 95% confidence interval of the mean over the seeds.', '');
    const rows = c.sweeps.map((s) => [s.folder, s.combination, String(s.cells), String(s.failed), ...c.metrics.map((m) => formatMeanCi(s.stats[m]))]);
    parts.push(markdownTable(['folder', 'combination', 'cells', 'failed', ...c.metrics], rows, ['l', 'l', 'r', 'r', ...c.metrics.map((): 'r' => 'r')]));
  }
  return parts.join('\n');
}
