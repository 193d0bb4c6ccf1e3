/**
 * The result sections the report renders (see `src/engine/results.ts`): loads the modules that
 * declare them, so their module-level `resultSections.register` calls have run before a recorder
 * is made, and renders one section as a Markdown table or a CSV file from its declaration.
 *
 * The declaring modules are listed once, in `src/scenario/sections.ts` (the scenario's
 * `report.omit` names sections too).
 * @module
 */
import '../scenario/sections.js';
import type { AnyResultSection, CellFormat, CellValue } from '../engine/results.js';
import { csvTable, formatNumber, formatPercent, markdownTable } from './format.js';

export { resultSections } from '../engine/results.js';

/**
 * A cell as Markdown shows it: null as `—`, a string as is, a number by its format.
 * @param value - the column's value
 * @param format - the column's format; default `{ kind: 'number' }`
 */
export function formatCell(value: CellValue, format: CellFormat = { kind: 'number' }): string {
  if (value === null) return '—';
  if (typeof value === 'string') return value;
  switch (format.kind) {
    case 'number':
      return formatNumber(format.divideBy === undefined ? value : value / format.divideBy, format.digits);
    case 'percent':
      return formatPercent(value);
    case 'count':
    case 'text':
      return String(value);
  }
}

/**
 * The Markdown of one section: `## <title>`, the lead paragraph (when given), the table of its
 * columns with a Markdown header, and its summary (when not empty); blocks joined by blank lines
 * as in `report.md`.
 * @param section - the declaration
 * @param rows - its rows
 * @param lead - Markdown under the heading, before the table, or null
 * @returns the blocks, each ending in a newline
 */
export function sectionMarkdown(section: AnyResultSection, rows: readonly unknown[], lead: string | null = null): string[] {
  const columns = section.columns.filter((c) => c.markdown !== undefined);
  const out = [`## ${section.title}\n`];
  if (lead !== null) out.push(lead);
  // A section whose columns are all CSV-only shows its summary alone.
  if (columns.length > 0) {
    out.push(
      markdownTable(
        columns.map((c) => c.markdown!),
        rows.map((r) => columns.map((c) => formatCell(c.value(r), c.format))),
        columns.map((c) => (c.format?.kind === 'text' ? 'l' : 'r')),
      ),
    );
  }
  const summary = section.markdownSummary?.(rows) ?? '';
  if (summary !== '') out.push(summary);
  return out;
}

/**
 * The CSV text of one section: its columns with a CSV header, values unrounded.
 * @param section - the declaration
 * @param rows - its rows
 */
export function sectionCsv(section: AnyResultSection, rows: readonly unknown[]): string {
  const columns = section.columns.filter((c) => c.csv !== undefined);
  return csvTable(
    columns.map((c) => c.csv!),
    rows.map((r) => columns.map((c) => c.value(r))),
  );
}

/**
 * A section's rows in a report (none when the key is absent).
 * @param report - a report (or any object holding section arrays under their keys)
 * @param section - the declaration
 */
export function sectionRows(report: object, section: AnyResultSection): readonly unknown[] {
  const rows = (report as Record<string, unknown>)[section.key];
  return Array.isArray(rows) ? rows : [];
}
