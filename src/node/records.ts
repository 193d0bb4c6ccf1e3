/**
 * What nodes contribute to the report for the activity timeline (`report.html`'s Gantt): each
 * computation's interval on its node (`computations[]`, from `compute.end`) and each closed down
 * interval (`downtimes[]`, from `node.repaired`). A node still down at the end has no row: its last
 * interval is open, from `simulatedEndS − (downS − Σ closed)` to the end (see `nodes[].failed`,
 * `nodes[].downS`). Transmit and receive intervals are `transfers[]`.
 * @module
 */
import { resultSections } from '../engine/results.js';
import './cpu.js';
import './node.js';

/** One computation on a node (`computations[]` in the report). */
export interface ComputationRecord {
  /** node id */
  node: string;
  /** label of the work (task id) */
  task: string;
  /** when its last thread started: end − per-thread service time (s) */
  startS: number;
  /** when it ended (s) */
  endS: number;
  /** work in FLOPs */
  flops: number;
}

/** One interval a node was down, closed by its repair (`downtimes[]` in the report). */
export interface DowntimeRecord {
  /** node id */
  node: string;
  /** the last reason lifted (`failure`, `unavailable`, `out of coverage`, …) */
  reason: string;
  /** when it went down (s) */
  startS: number;
  /** when it worked again (s) */
  endS: number;
}

declare module '../engine/results.js' {
  interface ReportSections {
    /** every computation that ended, in order (only when there is one) */
    computations?: ComputationRecord[];
    /** every closed down interval, in order of repair (only when there is one) */
    downtimes?: DowntimeRecord[];
  }
}

resultSections.register({
  key: 'computations',
  title: 'Computations',
  event: 'compute.end',
  row: (p, tS) => ({ node: p.node, task: p.task, startS: tS - p.durationS, endS: tS, flops: p.flops }),
  columns: [
    { csv: 'node', value: (r) => r.node, format: { kind: 'text' } },
    { csv: 'task', value: (r) => r.task, format: { kind: 'text' } },
    { csv: 'startS', value: (r) => r.startS },
    { csv: 'endS', value: (r) => r.endS },
    { csv: 'flops', value: (r) => r.flops },
  ],
  markdownSummary: (rows) => `${rows.length} computations on ${new Set(rows.map((r) => r.node)).size} nodes, each is in computations.csv and report.json.\n`,
});

resultSections.register({
  key: 'downtimes',
  title: 'Downtimes',
  event: 'node.repaired',
  row: (p, tS) => ({ node: p.node, reason: p.reason, startS: p.downSinceS, endS: tS }),
  columns: [
    { csv: 'node', markdown: 'node', value: (r) => r.node, format: { kind: 'text' } },
    { csv: 'reason', markdown: 'reason', value: (r) => r.reason, format: { kind: 'text' } },
    { csv: 'startS', markdown: 'down (s)', value: (r) => r.startS },
    { csv: 'endS', markdown: 'up (s)', value: (r) => r.endS },
  ],
});
