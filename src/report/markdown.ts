/**
 * `report.md`: a readable summary of a {@link Report}.
 * @module
 */
import type { Report } from './report.js';
import { formatNumber as num, formatPercent as pct, markdownTable } from './format.js';

/** Most task rows shown in the Markdown report (all are in report.json and tasks.csv). */
export const MARKDOWN_MAX_TASK_ROWS = 200;

const STOP_TEXT: Record<Report['stopReason'], string> = {
  empty: 'every event processed',
  until: 'horizon reached',
  maxEvents: 'event limit reached',
  stopped: 'stopped',
};

/**
 * Renders the Markdown report.
 * @param report - the run's report
 */
export function renderMarkdown(report: Report): string {
  const done = report.tasks.filter((t) => t.status === 'done').length;
  const out: string[] = [];
  out.push(`# edgesim report: ${report.scenario.name}\n`);
  if (report.scenario.description !== '') out.push(`${report.scenario.description}\n`);
  out.push(
    markdownTable(
      ['', ''],
      [
        ['seed', String(report.seed)],
        ['simulated time', `${num(report.simulatedEndS)} s`],
        ['ended because', STOP_TEXT[report.stopReason]],
        ['tasks done', `${done} of ${report.tasks.length}`],
        ['engine events', String(report.events.processed)],
      ],
    ),
  );
  out.push('## Nodes\n');
  out.push(
    markdownTable(
      ['node', 'kind', 'CPU (GFLOP/s)', 'busy (s)', 'utilization', 'computations', 'GFLOP'],
      report.nodes.map((n) => [n.id, n.kind, num(n.cpuFlopsPerS / 1e9), num(n.busyS), pct(n.utilization), String(n.computeTasks), num(n.flops / 1e9)]),
      ['l', 'l', 'r', 'r', 'r', 'r', 'r'],
    ),
  );
  out.push('## Energy and radio\n');
  out.push(
    markdownTable(
      ['node', 'compute (J)', 'tx (J)', 'rx (J)', 'idle (J)', 'total (J)', 'battery left (J)', 'airtime (s)', 'Mbit sent', 'mean SNR (dB)', 'outages', 'failed'],
      report.nodes.map((n) => [
        n.id,
        num(n.energyJ.compute),
        num(n.energyJ.tx),
        num(n.energyJ.rx),
        num(n.energyJ.idle),
        num(n.energyJ.total),
        num(n.batteryJ),
        num(n.airtimeS),
        num(n.bitsSent / 1e6),
        num(n.meanSnrDb, 4),
        String(n.outages),
        n.failed ?? '',
      ]),
      ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'l'],
    ),
  );
  if (report.training !== null) {
    const tr = report.training;
    out.push('## Training\n');
    out.push(
      `${tr.algorithm} of ${tr.model} (${tr.parameters} parameters), ${tr.rounds} rounds; final test accuracy ${pct(tr.finalAccuracy)}; ` +
        (tr.timeToAccuracyS === null ? `${pct(tr.targetAccuracy)} not reached.\n` : `${pct(tr.targetAccuracy)} reached at ${num(tr.timeToAccuracyS)} s (round ${tr.roundToAccuracy}).\n`),
    );
    out.push(
      markdownTable(
        ['round', 'start (s)', 'end (s)', 'download (s)', 'compute (s)', 'upload (s)', 'wait (s)', 'aggregate (s)', 'clients', 'dropped', 'Mbit', 'energy (J)', 'train loss', 'test accuracy'],
        report.rounds.map((r) => [String(r.round), num(r.startS), num(r.endS), num(r.downloadS), num(r.computeS), num(r.uploadS), num(r.waitS), num(r.aggregateS), String(r.participants), String(r.dropped), num(r.bits / 1e6), num(r.energyJ), num(r.trainLoss, 4), pct(r.testAccuracy)]),
        ['r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
      ),
    );
  }
  if (report.nodes.some((n) => n.mobility.model !== 'static')) {
    const pos = (p: [number, number, number]): string => `(${p.map((v) => num(v, 5)).join(', ')})`;
    out.push('## Mobility\n');
    out.push(
      markdownTable(
        ['node', 'model', 'start (m)', 'end (m)', 'distance (m)', 'present (s)'],
        report.nodes.map((n) => [n.id, n.mobility.model, pos(n.positionM), pos(n.mobility.endPositionM), num(n.mobility.distanceM), num(n.mobility.presentS)]),
        ['l', 'l', 'l', 'l', 'r', 'r'],
      ),
    );
  }
  if (report.links.length > 0) {
    out.push('## Links\n');
    out.push(
      markdownTable(
        ['link', 'rate (Mbit/s)', 'delay (ms)', 'Mbit sent', 'airtime (s)', 'utilization', 'messages'],
        report.links.map((l) => [
          l.id,
          l.rateBps === null ? 'wireless' : num(l.rateBps / 1e6),
          l.delayS === null ? '—' : num(l.delayS * 1e3),
          num(l.bits / 1e6),
          num(l.airtimeS),
          pct(l.utilization),
          String(l.messages),
        ]),
        ['l', 'r', 'r', 'r', 'r', 'r', 'r'],
      ),
    );
  }
  if (report.tasks.length > 0) {
    out.push('## Tasks\n');
    const shown = report.tasks.slice(0, MARKDOWN_MAX_TASK_ROWS);
    out.push(
      markdownTable(
        ['task', 'type', 'where', 'ready (s)', 'start (s)', 'end (s)', 'wait (s)', 'duration (s)', 'status'],
        shown.map((t) => [t.id, t.type, t.type === 'compute' ? t.node! : t.type === 'send' ? `${t.from} → ${t.to}` : `${t.from} → ${t.receivers!.join(', ')}`, num(t.readyS), num(t.startS), num(t.endS), num(t.waitS), num(t.durationS), t.failure === null ? t.status : `failed: ${t.failure}`]),
        ['l', 'l', 'l', 'r', 'r', 'r', 'r', 'r', 'l'],
      ),
    );
    if (report.tasks.length > shown.length) out.push(`(${report.tasks.length - shown.length} more tasks in report.json and tasks.csv)\n`);
  }
  if (report.warnings.length > 0) {
    out.push('## Warnings\n');
    out.push(`${report.warnings.slice(0, 50).map((w) => `- ${w}`).join('\n')}\n`);
    if (report.warnings.length > 50) out.push(`(${report.warnings.length - 50} more in report.json)\n`);
  }
  out.push('## Trace events\n');
  out.push(markdownTable(['event', 'count'], Object.entries(report.events.byType).map(([k, v]) => [k, String(v)]), ['l', 'r']));
  return out.join('\n');
}
