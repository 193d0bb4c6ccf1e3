/**
 * The short summary `edgesim run` prints on stdout.
 * @module
 */
import { isAbsolute, relative } from 'node:path';
import type { Report, RunInfo } from '../report/report.js';
import { formatNumber as num, formatPercent as pct } from '../report/format.js';
import { trainingConfigurationRows } from '../report/markdown.js';

function busiest<T extends { id: string; utilization: number | null }>(items: readonly T[]): T | undefined {
  let best: T | undefined;
  for (const x of items) if (x.utilization !== null && (best === undefined || x.utilization > best.utilization!)) best = x;
  return best;
}

/**
 * The summary lines.
 * @param report - the run's report
 * @param runInfo - its wall-clock facts
 * @param files - paths written (absolute)
 */
export function renderSummary(report: Report, runInfo: RunInfo, files: readonly string[]): string {
  const done = report.tasks.filter((t) => t.status === 'done').length;
  const node = busiest(report.nodes);
  const link = busiest(report.links);
  const lines = [
    `edgesim run: ${report.scenario.name} (seed ${report.seed})`,
    `  simulated ${num(report.simulatedEndS)} s (${report.stopReason === 'until' ? 'horizon reached' : report.stopReason === 'empty' ? 'all work done' : report.stopReason}), ${report.events.processed} events in ${num(runInfo.wallS, 3)} s wall`,
  ];
  if (report.tasks.length > 0) {
    const parts = [`tasks: ${done} of ${report.tasks.length} done`];
    if (node !== undefined) parts.push(`busiest node ${node.id} (${pct(node.utilization)})`);
    if (link !== undefined) parts.push(`busiest link ${link.id} (${pct(link.utilization)})`);
    lines.push(`  ${parts.join('; ')}`);
  }
  // Paths under the working folder are shown relative to it, others absolute.
  const tr = report.training;
  if (tr !== null) {
    const reached = tr.timeToAccuracyS === null ? `${pct(tr.targetAccuracy)} not reached` : `${pct(tr.targetAccuracy)} at ${num(tr.timeToAccuracyS)} s (${tr.updates === null ? 'round' : 'version'} ${tr.roundToAccuracy})`;
    const progress = tr.updates === null ? `${tr.algorithm}${tr.protocol === 'sync' ? '' : ` (${tr.protocol})`} of ${tr.model}, ${tr.rounds} rounds` : `${tr.protocol} of ${tr.model}, ${tr.serverVersions ?? 0} server versions`;
    lines.push(`  training: ${progress}, final test accuracy ${pct(tr.finalAccuracy)}${tr.accuracySource === 'surrogate' ? ' (surrogate: timing-only run, calibrated learning curve)' : ''}; ${reached}`);
    if (tr.note !== undefined) lines.push(`  note: ${tr.note}`);
    const cfg = report.configuration.training;
    if (cfg !== null) {
      const rows = new Map(trainingConfigurationRows(cfg));
      lines.push(`  config: partition ${rows.get('partition')}; compression ${rows.get('compression')}; learning rate ${num(cfg.local.learningRate)}; backend ${report.provenance.backend ?? '?'}`);
    }
  }
  const shown = files.map((f) => {
    const r = relative(process.cwd(), f);
    return r === '' || r.startsWith('..') || isAbsolute(r) ? f : r;
  });
  lines.push(`  report: ${shown[0] ?? '(none)'}`);
  for (const f of shown.slice(1)) lines.push(`          ${f}`);
  return `${lines.join('\n')}\n`;
}
