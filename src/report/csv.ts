/**
 * CSV files of a {@link Report}: `nodes.csv`, `links.csv`, `tasks.csv` (numbers unrounded).
 * @module
 */
import type { Report } from './report.js';
import { csvTable } from './format.js';

/**
 * Renders the CSV files.
 * @param report - the run's report
 * @returns file name → content
 */
export function renderCsv(report: Report): Record<string, string> {
  return {
    'nodes.csv': csvTable(
      ['id', 'kind', 'xM', 'yM', 'zM', 'cpuFlopsPerS', 'busyS', 'utilization', 'computeTasks', 'flops'],
      report.nodes.map((n) => [n.id, n.kind, ...n.positionM, n.cpuFlopsPerS, n.busyS, n.utilization, n.computeTasks, n.flops]),
    ),
    'links.csv': csvTable(
      ['id', 'from', 'to', 'wireless', 'rateBps', 'delayS', 'bits', 'airtimeS', 'utilization', 'messages'],
      report.links.map((l) => [l.id, l.from, l.to, String(l.wireless), l.rateBps, l.delayS, l.bits, l.airtimeS, l.utilization, l.messages]),
    ),
    'tasks.csv': csvTable(
      ['id', 'type', 'node', 'from', 'to', 'flops', 'bits', 'after', 'readyS', 'startS', 'endS', 'waitS', 'durationS', 'status'],
      report.tasks.map((t) => [t.id, t.type, t.node, t.from, t.to, t.flops, t.bits, t.after.join(' '), t.readyS, t.startS, t.endS, t.waitS, t.durationS, t.status]),
    ),
  };
}
