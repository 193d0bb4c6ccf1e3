/**
 * What inference serving contributes to the report: one record per request (`requests[]`, the
 * `inference.request` trace event), with its latency broken down by phase, the terminal energy it
 * used, where it exited and whether its prediction was right.
 * @module
 */
import { resultSections } from '../engine/results.js';
import { summarizeRequests, summaryMarkdown } from './summary.js';

/** How a request ended. */
export type RequestOutcome = 'done' | 'lost' | 'unfinished';

/** Payload of `inference.request`: one request (`requests[]` in the report). */
export interface RequestRecord {
  /** `<terminal>#<n>`, n counting the terminal's requests from 0 */
  id: string;
  /** the terminal that issued it */
  terminal: string;
  /** the edge server that ran its edge part, or null when it ran on the terminal only (or was lost before one was chosen) */
  server: string | null;
  /** the deployment's split point (layers run on the terminal) */
  split: number;
  /** the test example it carries (index into the deployed model's test examples) */
  sample: number;
  /** the deployed model variant (`<model>`, `<model>@prune0.5`, …, with `/q8` for 8-bit activations) */
  variant: string;
  /** when it arrived at the terminal (s) */
  arrivalS: number;
  /** when it ended: result back, or lost (s) */
  endS: number;
  /** end-to-end latency (s); null unless done */
  latencyS: number | null;
  /** waiting for the terminal's processor (its earlier requests) (s) */
  terminalWaitS: number;
  /** computing on the terminal (s) */
  terminalComputeS: number;
  /** sending the activation to the server, waiting for the terminal's radio included (s) */
  uplinkS: number;
  /** waiting in the server's queue (s) */
  queueS: number;
  /** computing on the server (s), the server's overhead included */
  edgeComputeS: number;
  /** requests computed together with it (1 unless batched; 0 when it did not reach the server) */
  batchSize: number;
  /** sending the result back (s) */
  downlinkS: number;
  /** the exit it left by (multi-exit models), or null */
  exit: number | null;
  /** whether its prediction was right; null when it did not finish */
  correct: boolean | null;
  /** its deadline (s after arrival), or null */
  deadlineS: number | null;
  /** it finished after its deadline, or did not finish while it had one */
  missed: boolean;
  /** the terminal's compute, transmit and receive energy during the request's phases (J) */
  energyJ: number;
  /** bits it put on links (per hop) */
  bits: number;
  /** handovers that cut one of its transfers */
  handovers: number;
  /** `done`, `lost` (a failed node or transfer, a handover with `onHandover: 'drop'`), `unfinished` (the run ended first) */
  outcome: RequestOutcome;
  /** lost or unfinished: why; null otherwise */
  reason: string | null;
}

declare module '../engine/trace.js' {
  interface TraceEventMap {
    /** an inference request ended (done, lost or unfinished) */
    'inference.request': RequestRecord;
  }
}

declare module '../engine/results.js' {
  interface ReportSections {
    /** one record per inference request */
    requests?: RequestRecord[];
  }
}

resultSections.register({
  key: 'requests',
  title: 'Inference requests',
  event: 'inference.request',
  row: (p) => p,
  columns: [
    { csv: 'id', value: (r) => r.id, format: { kind: 'text' } },
    { csv: 'terminal', value: (r) => r.terminal, format: { kind: 'text' } },
    { csv: 'server', value: (r) => r.server, format: { kind: 'text' } },
    { csv: 'split', value: (r) => r.split, format: { kind: 'count' } },
    { csv: 'variant', value: (r) => r.variant, format: { kind: 'text' } },
    { csv: 'sample', value: (r) => r.sample, format: { kind: 'count' } },
    { csv: 'arrivalS', value: (r) => r.arrivalS },
    { csv: 'endS', value: (r) => r.endS },
    { csv: 'latencyS', value: (r) => (r.latencyS === null ? null : r.latencyS * 1e3), format: { kind: 'number', digits: 4 } },
    { csv: 'terminalWaitS', value: (r) => r.terminalWaitS },
    { csv: 'terminalComputeS', value: (r) => r.terminalComputeS * 1e3, format: { kind: 'number', digits: 4 } },
    { csv: 'uplinkS', value: (r) => r.uplinkS * 1e3, format: { kind: 'number', digits: 4 } },
    { csv: 'queueS', value: (r) => r.queueS * 1e3, format: { kind: 'number', digits: 4 } },
    { csv: 'edgeComputeS', value: (r) => r.edgeComputeS * 1e3, format: { kind: 'number', digits: 4 } },
    { csv: 'batchSize', value: (r) => r.batchSize, format: { kind: 'count' } },
    { csv: 'downlinkS', value: (r) => r.downlinkS * 1e3, format: { kind: 'number', digits: 4 } },
    { csv: 'exit', value: (r) => r.exit, format: { kind: 'count' } },
    { csv: 'correct', value: (r) => (r.correct === null ? null : r.correct ? 'yes' : 'no'), format: { kind: 'text' } },
    { csv: 'deadlineS', value: (r) => r.deadlineS },
    { csv: 'missed', value: (r) => (r.missed ? 'yes' : ''), format: { kind: 'text' } },
    { csv: 'energyJ', value: (r) => r.energyJ * 1e3, format: { kind: 'number', digits: 4 } },
    { csv: 'bits', value: (r) => r.bits, format: { kind: 'count' } },
    { csv: 'handovers', value: (r) => r.handovers, format: { kind: 'count' } },
    { csv: 'outcome', value: (r) => r.outcome, format: { kind: 'text' } },
    { csv: 'reason', value: (r) => r.reason, format: { kind: 'text' } },
  ],
  // Thousands of rows: report.md shows the summary (requests.csv has every row).
  markdownSummary: (rows) => summaryMarkdown(summarizeRequests(rows)),
});
