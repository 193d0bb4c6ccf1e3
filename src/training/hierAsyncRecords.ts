/**
 * What hierarchical asynchronous training contributes to the report: one record per edge push
 * (`edgePushes[]` in report.json, a Markdown table, `edgePushes.csv`). The cloud's model is
 * evaluated as the asynchronous protocols do (`training.eval`, `evaluations[]`), so
 * time-to-accuracy works; each edge round is a `hier.edgeRound` record (`edgeRounds[]`).
 * @module
 */
import { resultSections } from '../engine/results.js';

/** How an edge push ended. */
export type EdgePushOutcome = 'applied' | 'buffered' | 'discarded' | 'empty' | 'lost' | 'unfinished';

/** Payload of `hier.edgePush`: one edge's pull, τ2 edge rounds and push (`edgePushes[]` in the report). */
export interface EdgePushRecord {
  /** the edge's push number, from 0 */
  index: number;
  /** the edge center */
  edge: string;
  /** when the edge started pulling the cloud's model (s) */
  startS: number;
  /** when the push ended: taken in by the cloud, lost, or cut by the end of training (s) */
  endS: number;
  /** the cloud version the edge pulled */
  baseVersion: number;
  /** cloud versions between that and the one it was mixed into or buffered at; null when it never reached the cloud's rule */
  staleness: number | null;
  /** `applied` (mixed in, or stepped FedBuff's buffer), `buffered` (in FedBuff's buffer), `discarded` (beyond maxStaleness), `empty` (no member's update reached the edge: nothing pushed), `lost` (a failed transfer or node), `unfinished` (training ended first) */
  outcome: EdgePushOutcome;
  /** fedasync: the mixing weight α·s(staleness); fedbuff: 1; null when not used */
  weight: number | null;
  /** distinct clients whose updates the edge aggregated */
  clients: number;
  /** bits of the push: the model from and to the cloud (per hop) and the edge rounds' */
  bits: number;
  /** why, when lost, discarded or unfinished; null otherwise */
  reason: string | null;
}

declare module '../engine/trace.js' {
  interface TraceEventMap {
    /** an edge push of hierarchical asynchronous training ended */
    'hier.edgePush': EdgePushRecord;
  }
}

declare module '../engine/results.js' {
  interface ReportSections {
    /** hierarchical asynchronous training: every edge push, in the order they ended (only when there are any) */
    edgePushes?: EdgePushRecord[];
  }
}

resultSections.register({
  key: 'edgePushes',
  title: 'Edge pushes',
  event: 'hier.edgePush',
  row: (p) => p,
  columns: [
    { csv: 'index', markdown: 'push', value: (r) => r.index, format: { kind: 'count' } },
    { csv: 'edge', markdown: 'edge', value: (r) => r.edge, format: { kind: 'text' } },
    { csv: 'startS', markdown: 'start (s)', value: (r) => r.startS },
    { csv: 'endS', markdown: 'end (s)', value: (r) => r.endS },
    { csv: 'baseVersion', markdown: 'base version', value: (r) => r.baseVersion, format: { kind: 'count' } },
    { csv: 'staleness', markdown: 'staleness', value: (r) => r.staleness, format: { kind: 'count' } },
    { csv: 'outcome', markdown: 'outcome', value: (r) => r.outcome, format: { kind: 'text' } },
    { csv: 'weight', markdown: 'weight', value: (r) => r.weight },
    { csv: 'clients', markdown: 'clients', value: (r) => r.clients, format: { kind: 'count' } },
    { csv: 'bits', markdown: 'Mbit', value: (r) => r.bits, format: { kind: 'number', divideBy: 1e6 } },
    { csv: 'reason', value: (r) => r.reason, format: { kind: 'text' } },
  ],
});
