/**
 * CSV files of a {@link Report}: `nodes.csv`, `links.csv`, `transfers.csv`, `tasks.csv`, and
 * `<key>.csv` for each declared result section with rows (e.g. `rounds.csv`), rendered from its
 * declaration by {@link sectionCsv} (numbers unrounded).
 * @module
 */
import type { Report } from './report.js';
import type { ResultSectionRegistry } from '../engine/results.js';
import { csvTable } from './format.js';
import { resultSections, sectionCsv, sectionRows } from './sections.js';

/**
 * Renders the CSV files.
 * @param report - the run's report
 * @param sections - the declared result sections; default every registered one
 * @returns file name → content
 */
export function renderCsv(report: Report, sections: ResultSectionRegistry = resultSections): Record<string, string> {
  return {
    'nodes.csv': csvTable(
      ['id', 'kind', 'xM', 'yM', 'zM', 'cpuFlopsPerS', 'busyS', 'utilization', 'computeTasks', 'flops', 'airtimeS', 'radioAirtimeS', 'wiredBusyS', 'receivingS', 'bitsSent', 'meanSnrDb', 'meanSinrDb', 'outages', 'computeJ', 'txJ', 'rxJ', 'idleJ', 'totalJ', 'meanPowerW', 'meanTxPowerW', 'batteryJ', 'failed'],
      report.nodes.map((n) => [
        n.id,
        n.kind,
        ...n.positionM,
        n.cpuFlopsPerS,
        n.busyS,
        n.utilization,
        n.computeTasks,
        n.flops,
        n.airtimeS,
        n.radioAirtimeS,
        n.wiredBusyS,
        n.receivingS,
        n.bitsSent,
        n.meanSnrDb,
        n.meanSinrDb,
        n.outages,
        n.energyJ.compute,
        n.energyJ.tx,
        n.energyJ.rx,
        n.energyJ.idle,
        n.energyJ.total,
        n.meanPowerW,
        n.meanTxPowerW,
        n.batteryJ,
        n.failed,
      ]),
    ),
    'links.csv': csvTable(
      ['id', 'from', 'to', 'wireless', 'rateBps', 'delayS', 'bits', 'airtimeS', 'utilization', 'messages'],
      report.links.map((l) => [l.id, l.from, l.to, String(l.wireless), l.rateBps, l.delayS, l.bits, l.airtimeS, l.utilization, l.messages]),
    ),
    'transfers.csv': csvTable(
      ['link', 'from', 'to', 'task', 'startS', 'endS', 'bits', 'meanRateBps', 'airtimeS', 'meanSnrDb', 'meanSinrDb', 'outages', 'outcome'],
      report.transfers.map((x) => [x.link, x.from, x.to, x.task, x.startS, x.endS, x.bits, x.meanRateBps, x.airtimeS, x.meanSnrDb, x.meanSinrDb, x.outages, x.outcome]),
    ),
    ...Object.fromEntries(
      sections
        .list()
        .map((section) => [section, sectionRows(report, section)] as const)
        .filter(([, rows]) => rows.length > 0)
        .map(([section, rows]) => [`${section.key}.csv`, sectionCsv(section, rows)]),
    ),
    'tasks.csv': csvTable(
      ['id', 'type', 'node', 'from', 'to', 'flops', 'bits', 'after', 'readyS', 'startS', 'endS', 'waitS', 'durationS', 'status', 'failure'],
      report.tasks.map((t) => [t.id, t.type, t.node, t.from, t.to ?? t.receivers?.join(' '), t.flops, t.bits, t.after.join(' '), t.readyS, t.startS, t.endS, t.waitS, t.durationS, t.status, t.failure]),
    ),
  };
}
