/**
 * Report output formats: a registry from format name to the files it writes.
 * @module
 */
import { Registry } from '../engine/registry.js';
import type { Report } from './report.js';
import { renderMarkdown } from './markdown.js';
import { renderCsv } from './csv.js';
import { renderHtml } from './html/render.js';

/** Renders a report into files (name → content), at once or when a promise settles (plots are drawn asynchronously). */
export type ReportRenderer = (report: Report) => Record<string, string> | Promise<Record<string, string>>;

/**
 * Canonical JSON text: two-space indent, keys in the object's order, newline at the end.
 * @param value - a report or other plain data
 */
export function renderJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** The registry of report formats (`--format`). */
export const reportFormats = new Registry<ReportRenderer>('report format')
  .register('json', 'report.json: the complete, deterministic report', (r) => ({ 'report.json': renderJson(r) }))
  .register('md', 'report.md: a readable summary with tables', (r) => ({ 'report.md': renderMarkdown(r) }))
  .register('csv', 'nodes.csv, links.csv, transfers.csv, tasks.csv, and <section>.csv for each result section with rows (rounds.csv)', renderCsv)
  .register('html', 'report.html: one self-contained page, the summary with SVG plots (accuracy, round breakdown, energy, activity, links, staleness, OTA error, latency CDF)', async (r) => ({ 'report.html': await renderHtml(r) }));

/**
 * Renders a report in the given formats.
 * @param report - the run's report
 * @param formats - format names (see {@link reportFormats})
 * @returns file name → content, every format's files together
 * @throws Error naming an unknown format, or saying which rows to omit when a file would exceed the largest string
 */
export async function renderReportFiles(report: Report, formats: readonly string[]): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const f of formats) {
    try {
      Object.assign(files, await reportFormats.get(f)(report));
    } catch (e) {
      // V8 caps one string at ≈ 2^29 characters: millions of per-event rows exceed it.
      if (e instanceof RangeError && /string length/i.test(e.message)) {
        throw new Error(`the ${f} report is too large for one file (${e.message}): ${report.transfers.length} transfers; leave per-event rows out with the scenario's report.omit, e.g. report: { omit: ['transfers', 'computations'] }`);
      }
      throw e;
    }
  }
  return files;
}

/** Formats written when `--format` is not given. */
export const DEFAULT_FORMATS = ['json', 'md'];
